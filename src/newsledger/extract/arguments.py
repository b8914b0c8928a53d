"""Who did it, and to whom: the learned choice of a claim's actor and recipient.

The hand rules (claims.py) fill the two slots from a few parse shapes and carry parties over
from earlier claims. On real news they leave most slots empty (dev: actor right in 0.47 of
matched claims, 158 of 191 misses empty), because the party is a company or a factory, sits
in a possessive or a prepositional phrase the rules do not read, or is the story's
protagonist named a sentence earlier. So every party the claim could have becomes a
candidate, and a linear model (trained by `newsledger train` from the annotated corpus)
scores each (party, role) pair from how it relates to the event word and to the article:

- the parties named in the sentence, and the state an organisation or a place belongs to;
- the parties the rules chose (so the model learns where they are right);
- the article's context: the parties of the previous claims of the same kind, the subject
  of the last main clause, the states the article has named most so far and in its lead, and
  its most named parties of any type (a firm's or a bloc's story).

A party the sentence names twice is read at the mention the parse links most closely to the
event word, with how the text names it there (a demonym, a person for his state, a capital).

A slot takes its best-scoring party when that party's probability reaches the role's
threshold (chosen on dev), else stays empty: the conventions leave a party out where the
text does not give it.
"""
from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Sequence

from spacy.tokens import Span, Token

from newsledger.records import Entity

if TYPE_CHECKING:
    from newsledger.extract.claims import Candidate, ClaimExtractor, DocContext
    from newsledger.extract.learned import ExtractorModels

ROLES = ("actor", "recipient")
PARTY_TYPES = ("country", "organization", "person", "group")
SYMMETRIC = ("agree", "meet")   # both parties may take either slot
LEAD_CHARS = 400                # the headline and lead: where the story's protagonists appear
MAX_PATH = 5
UNLINKED = 99                   # parse distance of tokens with no common ancestor


@dataclass
class Party:
    """A possible actor or recipient of one claim, and where it was found."""
    entity: Entity
    token: Token | None = None              # its head token when it is named in the sentence
    origins: set[str] = field(default_factory=set)
    kind: str | None = None                 # the gazetteer's kind of an organisation (company, ...)
    tokens: list[Token] = field(default_factory=list)   # every head token the sentence names it by
    near: Token | None = None               # of those, the one closest to the event word in the parse
    named_as: dict[int, str] = field(default_factory=dict)   # token number -> how the text names it there
                                                             # (name, demonym, capital, person, ...)


@dataclass
class PartyRow:
    """A party with what the scorer sees of it in each role (plain values, no spaCy objects,
    so claims can keep it while training collects)."""
    entity: Entity
    features: dict[str, list[str]]
    position: int | None = None   # where the sentence names it (character offset); None: context only
    origins: tuple[str, ...] = ()   # where it was found: sentence, rule-actor, previous-actor, ...


@dataclass
class _View:
    """What every party's features read of one candidate and its sentence, computed once."""
    item_tokens: set[int]
    sources: list[tuple[int, int]]   # character spans of the sentence's cited sources
    sentence_text: str
    sentence_start: int
    sentence_states: int             # how many states the sentence names
    ranks: dict[str, int]            # the article's five most named states, by rank
    counts: Counter
    lead: set[str]
    body_story: bool = False         # the article names its top firm or bloc more than its top state
    fewest_steps: int = UNLINKED     # the parse distance of the sentence's party nearest the event word
    party_ranks: dict[str, int] = field(default_factory=dict)   # the article's five most named parties
                                                                # of any type (firms, blocs, states), by rank


def party_rows(extractor: ClaimExtractor, ctx: DocContext, candidate: Candidate, sent: Span) -> list[PartyRow]:
    parties = candidates(extractor, ctx, candidate, sent)
    trigger = candidate.token
    for party in parties:
        # a party named twice is read where it stands nearest the event ('Ushakov said ... the
        # Russian invasion': the adjective, not the adviser, makes Russia the invader)
        if party.tokens:
            party.near = min(party.tokens, key=lambda t: (steps(t, trigger), abs(t.i - trigger.i)))
    named = [p for p in parties if p.near is not None]
    counts, lead, _ = _states_so_far(ctx, sent.end_char)
    attribution = ctx.attributions.get(sent.start_char)
    view = _View(
        item_tokens={t.i for t in candidate.item_token.subtree} if candidate.item_token is not None else set(),
        sources=[(s.start, s.end) for s in getattr(attribution, "chain", None) or []],
        sentence_text=sent.text, sentence_start=sent.start_char,
        sentence_states=len({m.entity.id for m in _mentions_in(ctx, sent.start_char, sent.end_char)
                             if m.entity.type == "country"}),
        ranks={e: n for n, (e, _) in enumerate(counts.most_common(5))}, counts=counts,
        lead={e.id for e in lead},
        body_story=_is_body_story(extractor, ctx, sent.end_char, counts),
        fewest_steps=min((steps(p.near, trigger) for p in named), default=UNLINKED),
        party_ranks={e: n for n, (e, _) in enumerate(_parties_so_far(extractor, ctx, sent.end_char).most_common(5))})
    for party in parties:
        party.kind = extractor.resolver.kind(party.entity) if party.entity.type == "organization" else None
    return [PartyRow(entity=p.entity, features={role: features(candidate, p, role, view) for role in ROLES},
                     position=p.token.idx if p.token is not None else None, origins=tuple(sorted(p.origins)))
            for p in parties]


def _is_body_story(extractor: ClaimExtractor, ctx: DocContext, end: int, states: Counter) -> bool:
    """Does the article so far name its top firm or bloc (twice at least) more often than its
    top state?"""
    return _top_body_count(extractor, ctx, end) > (states.most_common(1)[0][1] if states else 0)


def _mentions_in(ctx: DocContext, start: int, end: int) -> list:
    """The document's mentions that start in [start, end) (ctx.mentions is in text order)."""
    starts = _document_cache(ctx)["starts"]
    return ctx.mentions[bisect_left(starts, start):bisect_left(starts, end)]


def candidates(extractor: ClaimExtractor, ctx: DocContext, candidate: Candidate, sent: Span) -> list[Party]:
    found: dict[str, Party] = {}

    def add(entity: Entity | None, origin: str, token: Token | None = None) -> None:
        if entity is None or entity.type not in PARTY_TYPES:
            return
        party = found.setdefault(entity.id, Party(entity=entity, token=token))
        party.origins.add(origin)
        if party.token is None and token is not None:
            party.token = token
        if token is not None and all(t.i != token.i for t in party.tokens):
            party.tokens.append(token)

    for mention in _mentions_in(ctx, sent.start_char, sent.end_char):
        span = ctx.doc.char_span(mention.start, mention.end, alignment_mode="expand")
        token = span.root if span is not None else None
        entity = replace(mention.entity, text=mention.text)
        if entity.type in ("organization", "person", "group") and not entity.country and token is not None:
            entity = extractor._with_title_state(ctx, token, entity)
        party = extractor._as_party(entity)
        add(party, "sentence", token)
        if party.id != entity.id:
            add(entity, "sentence-body", token)   # the agency itself, beside the state it acts for
        elif entity.country and entity.type != "country":
            state = extractor.resolver.by_id(f"country:{entity.country}")
            # a firm is not its seat's state (BMW's Mini plant is no German claim): its own origin
            origin = "company-state" if extractor.resolver.kind(entity) == "company" else "member-state"
            add(replace(state, text=entity.text) if state else None, origin, token)
        if entity.type == "place" and entity.country:
            state = extractor.resolver.by_id(f"country:{entity.country}")
            add(replace(state, text=entity.text) if state else None, "place-state", token)
        if token is not None:
            # how the text names each party here: 'Russian troops' (a demonym), 'Putin said' (a
            # person for his state), 'the Kremlin' (a seat), 'BMW' (a firm for its seat state)
            for named in found.values():
                if token.i not in named.named_as and any(t.i == token.i for t in named.tokens):
                    named.named_as[token.i] = mention.via if mention.entity.type == named.entity.type \
                        else mention.entity.type
    add(candidate.actor, "rule-actor")
    add(candidate.recipient, "rule-recipient")
    location = candidate.location
    if location is not None and location.type == "place" and location.country:
        add(extractor.resolver.by_id(f"country:{location.country}"), "location-state")
    same = [c for c in reversed(ctx.claims) if c.kind == candidate.trigger.kind]
    for claim in same[:2]:
        add(claim.actor, "previous-actor")
        add(claim.recipient, "previous-recipient")
    if ctx.last_subject is not None:
        add(ctx.last_subject, "last-subject")
    counts, lead, by_id = _states_so_far(ctx, sent.end_char)
    for entity_id, _ in counts.most_common(3):
        add(by_id[entity_id], "document-top")
    for entity in lead[:3]:
        add(entity, "lead")
    return list(found.values())


def _parties_so_far(extractor: ClaimExtractor, ctx: DocContext, end: int) -> Counter:
    """How often the article names each party up to `end`, of any type, each mention read as
    the party it stands for (a minister for his state, Stoltenberg for NATO): the story's
    protagonist may be a firm or a bloc, which the count of states alone does not see."""
    cache = _document_cache(ctx).setdefault("parties_so_far", {})
    if end not in cache:
        counts: Counter = Counter()
        for mention in _mentions_in(ctx, 0, end):
            entity = mention.entity
            if entity.type not in PARTY_TYPES or entity.type == "group" or extractor.resolver.is_outlet(entity):
                continue
            counts[extractor._as_party(entity).id] += 1
        cache[end] = counts
    return cache[end]


def _top_body_count(extractor: ClaimExtractor, ctx: DocContext, end: int) -> int:
    """How often the most named organisation that acts on its own (a firm, a bloc, an armed
    group: not a state's ministry or army, which stand for the state) is named up to `end`;
    0 when none is named twice."""
    cache = _document_cache(ctx).setdefault("top_body", {})
    if end not in cache:
        counts: Counter = Counter()
        for mention in _mentions_in(ctx, 0, end):
            entity = mention.entity
            if entity.type != "organization" or extractor._as_party(entity).type == "country" or \
                    extractor.resolver.is_outlet(entity):
                continue
            counts[entity.id] += 1
        top = counts.most_common(1)[0][1] if counts else 0
        cache[end] = top if top >= 2 else 0
    return cache[end]


def _states_so_far(ctx: DocContext, end: int) -> tuple[Counter, list[Entity], dict[str, Entity]]:
    """The states the article has named up to `end` (how often, by id), those of them in its
    lead, and the entities by id. Only the text so far: the conventions count a party stated
    in an earlier sentence as given, not one the article names later."""
    cache = _document_cache(ctx)["so_far"]
    if end not in cache:
        counts: Counter = Counter()
        by_id: dict[str, Entity] = {}
        lead: list[Entity] = []
        for mention in _mentions_in(ctx, 0, end):
            if mention.entity.type != "country":
                continue
            by_id.setdefault(mention.entity.id, mention.entity)
            counts[mention.entity.id] += 1
            if mention.start < LEAD_CHARS and mention.entity.id not in {e.id for e in lead}:
                lead.append(mention.entity)
        cache[end] = (counts, lead, by_id)
    return cache[end]


def _document_cache(ctx: DocContext) -> dict:
    if ctx.party_states is None:
        ctx.party_states = {"starts": [m.start for m in ctx.mentions], "so_far": {}}
    return ctx.party_states


def steps(a: Token, b: Token) -> int:
    """How many dependency arcs lie between two tokens (through their lowest common ancestor)."""
    ups = {t.i: n for n, t in enumerate([a, *a.ancestors])}
    for n, t in enumerate([b, *b.ancestors]):
        if t.i in ups:
            return ups[t.i] + n
    return UNLINKED


def _is_passive(token: Token) -> bool:
    """A passive event verb ('were produced by', 'if Ukraine were to be invaded'): its subject
    is what the event befalls, its 'by' phrase the doer."""
    return token.tag_ == "VBN" and (any(c.dep_ in ("auxpass", "nsubjpass", "agent") for c in token.children)
                                    or token.dep_ == "acl")


def dep_path(a: Token, b: Token) -> str:
    """The dependency path from token a up to the lowest common ancestor and down to b, as
    labels ('pobj^prep:to^' for 'sent ... to Ukraine'); prepositions carry their word."""
    ups = [a, *a.ancestors]
    at = {t.i: n for n, t in enumerate(ups)}
    downs = []
    t = b
    while t.i not in at:
        downs.append(t)
        if t.head.i == t.i:
            return "apart"
        t = t.head
    steps = [_label(x) + "^" for x in ups[:at[t.i]]] + ["v" + _label(x) for x in reversed(downs)]
    if len(steps) > MAX_PATH:
        return "long"
    return "".join(steps) or "self"


def _label(token: Token) -> str:
    if token.dep_ in ("prep", "agent", "dative"):
        return f"{token.dep_}:{token.lower_}"
    return token.dep_


def features(candidate: Candidate, party: Party, role: str, view: _View) -> list[str]:
    kind = candidate.trigger.kind
    entity = party.entity
    r = f"{role}|{kind}"
    f = [f"{role}|bias", f"{r}|bias", f"{r}|type={entity.type}"]
    f += [f"{role}|o={o}" for o in party.origins]
    f += [f"{r}|o={o}" for o in party.origins]
    f.append(f"{role}|norigins={min(len(party.origins), 4)}")
    picked = {"actor": candidate.actor, "recipient": candidate.recipient}
    other_role = "recipient" if role == "actor" else "actor"
    mine, theirs = picked[role], picked[other_role]
    f.append(f"{r}|rule={'same' if mine is not None and mine.id == entity.id else ('none' if mine is None else 'other')}")
    if theirs is not None and theirs.id == entity.id:
        f.append(f"{r}|rule_other_role")
    if party.token is not None:
        token, trigger = party.near or party.token, candidate.token
        path = dep_path(token, trigger)
        f += [f"{role}|path={path}", f"{r}|path={path}",
              f"{role}|dep={token.dep_}", f"{r}|dep={token.dep_}|head={token.head.pos_}",
              f"{r}|side={'before' if token.i < trigger.i else 'after'}",
              f"{r}|dist={min(abs(token.i - trigger.i) // 3, 6)}"]
        first = path.split("^")[0] if "^" in path else path[:12]
        f.append(f"{r}|first={first}")
        f.append(f"{r}|trig={candidate.trigger.lemma}|first={first}")
        if token.head.dep_ in ("prep", "agent") or token.dep_ == "pobj":
            f.append(f"{r}|prep={token.head.lower_}")
            # what the preposition hangs on: "the war against Ukraine" names the enemy, "troops
            # to Russia" the side joined
            f.append(f"{r}|prep={token.head.lower_}|on={token.head.head.lemma_.lower()}")
        if token.i in view.item_tokens:
            f.append(f"{r}|in_item|dep={token.dep_}")
        if token.is_ancestor(trigger):
            f.append(f"{r}|governs_trigger")
        if _is_passive(trigger):
            f.append(f"{r}|passive|first={first}")
        distance = steps(token, trigger)
        # how much further the parse puts the party from the event word than the sentence's
        # party nearest to it
        f.append(f"{r}|steps_over_fewest={min(distance - view.fewest_steps, 3)}")
        named_as = party.named_as.get(token.i)
        if named_as:
            f.append(f"{r}|named_as={named_as}")
            f.append(f"{r}|named_as={named_as}|first={first}")
        if any(s <= token.idx < e for s, e in view.sources):
            f.append(f"{r}|is_source")
        if view.sentence_text[:max(0, token.idx - view.sentence_start)].count('"') % 2 == 1:
            f.append(f"{r}|in_quote")
    else:
        f.append(f"{r}|not_in_sentence")
    rank = view.ranks.get(entity.id)
    f.append(f"{r}|rank={rank if rank is not None else 'none'}")
    f.append(f"{r}|count={min(view.counts.get(entity.id, 0), 6)}")
    party_rank = view.party_ranks.get(entity.id)
    f.append(f"{r}|party_rank={party_rank if party_rank is not None else 'none'}")
    f.append(f"{r}|party_rank={party_rank if party_rank is not None else 'none'}|type={entity.type}")
    if entity.id in view.lead:
        f.append(f"{r}|in_lead")
    location = candidate.location
    if location is not None and (location.id == entity.id or (location.country and entity.iso3 == location.country)):
        f.append(f"{r}|is_location_state")
    f.append(f"{r}|sentence_parties={min(view.sentence_states, 4)}")
    if party.kind:
        f.append(f"{r}|kind={party.kind}")
    if view.body_story:
        # a story about a firm or a bloc more than about states: states are rarely its actors
        f.append(f"{r}|body_story|type={entity.type}")
    return f


def decide(models: ExtractorModels, kind: str, rows: Sequence[PartyRow],
           thresholds: dict[str, float] | None = None) -> Choice:
    """The actor and recipient the argument model chooses among the rows."""
    return choose(kind, rows, score_rows(models, rows), thresholds or models.argument_thresholds)


@dataclass
class Choice:
    actor: Entity | None
    recipient: Entity | None
    probability: dict[str, float]   # per role: the best party's probability (chosen or not)


def score_rows(models: ExtractorModels, rows: Sequence[PartyRow]) -> dict[str, list[tuple[float, int]]]:
    """Per role, (probability, row number) from the best down."""
    return {role: sorted(((models.argument_score(row.features[role]), n) for n, row in enumerate(rows)),
                         key=lambda pair: (-pair[0], pair[1]))
            for role in ROLES}


def choose(kind: str, rows: Sequence[PartyRow], scored: dict[str, list[tuple[float, int]]],
           thresholds: dict[str, float]) -> Choice:
    """Each role's best party above its threshold; a party the sentence does not name (one
    from the article's context) needs its own, higher bar (`<role>_context`)."""
    actor = _best(rows, scored["actor"], thresholds, "actor", exclude=None)
    recipient = _best(rows, scored["recipient"], thresholds, "recipient",
                      exclude=actor.id if actor is not None else None)
    if kind in SYMMETRIC and actor is not None and recipient is not None:
        # the parties of a meeting or an agreement have no direction: keep the text's order
        where = {row.entity.id: row.position for row in rows}
        if _order(where.get(recipient.id)) < _order(where.get(actor.id)):
            actor, recipient = recipient, actor
    if kind in SYMMETRIC and actor is None and recipient is not None:
        actor, recipient = recipient, None
    return Choice(actor=actor, recipient=recipient,
                  probability={role: scored[role][0][0] if scored[role] else 0.0 for role in ROLES})


def _order(position: int | None) -> float:
    return float("inf") if position is None else position


def _best(rows: Sequence[PartyRow], scored: list[tuple[float, int]], thresholds: dict[str, float], role: str,
          exclude: str | None) -> Entity | None:
    """The best party above its bar. The hand rules' own pick stays unless the model's
    choice beats it by `<role>_margin` (chosen on the training split): where the model
    hesitates between the two, the rules' parse-based reading is the better bet."""
    pick, pick_probability = None, 0.0
    for probability, n in scored:
        row = rows[n]
        bar = thresholds[role] if row.position is not None else thresholds.get(f"{role}_context", thresholds[role])
        if probability >= bar and row.entity.id != exclude:
            pick, pick_probability = row.entity, probability
            break
    ruled = next(((p, rows[n].entity) for p, n in scored
                  if f"rule-{role}" in rows[n].origins and rows[n].entity.id != exclude), None)
    if ruled is not None and (pick is None or pick.id != ruled[1].id) and \
            pick_probability - ruled[0] < thresholds.get(f"{role}_margin", 0.0):
        return ruled[1]
    return pick
