"""Learned candidates: claims the hand rules do not propose, for every kind the sentence
model (extract/learned.py) gives a fair chance in a sentence. One candidate per figure of
the sentence (each may count a claim of that kind: lists and breakdowns give several) and
one without a figure, per item category the sentence names. The claim scorer decides which
stay (extract/scoring.py).

A component of the extractor: it reads the parse and fills slots through the extractor's
own argument readers (frames, items, entities), so a learned claim is assembled exactly as
a rule's claim is.
"""
from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from newsledger.extract.ontology import Ontology, Trigger
from newsledger.records import Claim, Item

if TYPE_CHECKING:
    from newsledger.extract.claims import ClaimExtractor, DocContext


# How strongly the sentence model must tie a word to a kind for the word to be a learned
# candidate's event word (a logistic weight: e^1 = the word alone multiplies the odds by 2.7).
LEARNED_TRIGGER_WEIGHT = 1.0


@lru_cache(maxsize=1)
def _non_triggers() -> frozenset[str]:
    from newsledger.extract.modality import load_cues
    return frozenset(load_cues().get("learned", {}).get("non_triggers", ()))


@lru_cache(maxsize=1)
def _figure_counts_own_only() -> frozenset[str]:
    from newsledger.extract.modality import load_cues
    return frozenset(load_cues().get("learned", {}).get("figure_counts_own_only", ()))


@lru_cache(maxsize=1)
def _listing_words() -> frozenset[str]:
    from newsledger.extract.modality import load_cues
    return frozenset(load_cues().get("learned", {}).get("listing_words", ()))


def listed_with(token: Token, heads: set[int]) -> bool:
    """Is the noun one of a list that a told item heads ('weapons including artillery and
    coastal defence weapons, as well as ammunition'; 'tanks, drones and shells')? Walks up
    coordination, apposition and listing prepositions only: a noun elsewhere in the sentence
    ('for the development of drones') is no listed item."""
    for _ in range(12):
        if token.head.i == token.i:
            return False
        if token.dep_ == "pobj" and token.head.dep_ == "prep" and _lists(token.head):
            token = token.head   # through "including" / "such as" to what it lists under
            if token.head.lower_ == "such":
                token = token.head
        elif token.dep_ == "pobj" and token.head.dep_ == "cc":
            token = token.head   # "..., as well as ammunition": the parser's cc holds it
        elif token.dep_ not in ("conj", "appos"):
            return False
        token = token.head
        if token.i in heads:
            return True
    return False


def item_phrase(token: Token) -> tuple[int, ...]:
    """The item noun and the figure it is told in ('$1 billion in security assistance',
    'thousands of shells'): a list may hang on either."""
    if token.dep_ == "pobj" and token.head.lower_ in ("in", "of") and token.head.head.i != token.head.i:
        return token.i, token.head.head.i
    return (token.i,)


def _lists(prep: Token) -> bool:
    return prep.lower_ in _listing_words() or prep.head.lower_ == "such" or \
        any(child.lower_ == "such" for child in prep.children)


HARM_KIND = "casualties"


class LearnedCandidates:
    def __init__(self, extractor: ClaimExtractor):
        self.x = extractor
        self.kind_frames = kind_frames(extractor.ontology)

    def claims(self, ctx: DocContext, sent: Span, rule_claims: list[Claim]) -> list[Claim]:
        """Candidates the hand rules do not propose, for every kind the sentence model gives
        a fair chance: one per figure of the sentence (each may be the count of a claim of that
        kind: lists and breakdowns give several) and one without a figure. The scorer decides."""
        figures = [m for m in ctx.quantities_in(sent.start_char, sent.end_char)
                   if m.quantity is not None and m.kind in ("count", "money", "measure")
                   and not m.counts_other   # "several types of drones" counts types, not drones
                   and not m.whole          # "out of 15 000 fighters": the whole, not a part's count
                   and sent.start_char <= m.start < sent.end_char]
        # while training collects, a low bar: the scorer learns from near misses too
        threshold = min(0.05, self.x.models.candidate_threshold) if self.x.collect else self.x.models.candidate_threshold
        # a figure of people a casualty word harms counts the casualties claim alone
        harmed = {id(m) for m in figures if self._counts_the_harmed(ctx, m)}
        out: list[Claim] = []
        for kind, probability in sorted(ctx.sentence_kinds.items(), key=lambda kv: -kv[1]):
            if probability < threshold or kind not in self.x.ontology.kinds:
                continue
            # figures only for kinds whose claims carry them (from the training data: few
            # meetings, agreements or attacks are told by a count)
            counted = kind in self.x.models.settings.get("figure_kinds", ())
            own = [m for m in figures if kind == HARM_KIND or id(m) not in harmed]
            for mention in [*(own if counted else ()), None]:
                taken = [c for c in (*rule_claims, *out) if c.kind == kind]
                if mention is not None and any(c.quantity is not None and c.quantity.value == mention.quantity.value
                                               for c in taken):
                    continue
                # without a figure, what was sent or made is open: one candidate per item
                # category the sentence names (the scorer weighs each), else the usual one
                named = self._sentence_items(sent, self.x.ontology.kinds[kind]) if mention is None else []
                if mention is None and taken:
                    # the kind is told in this sentence already: only the items listed with
                    # a told one that no claim holds yet ('including artillery and coastal
                    # defence weapons, as well as ammunition': one claim per listed item)
                    told = {c.item.category for c in taken if c.item is not None}
                    heads = {i for t in sent for c in taken if c.item is not None and t.text == c.item.text
                             for i in item_phrase(t)}
                    named = [(item, token) for item, token in named
                             if item.category not in told and listed_with(token, heads)]
                    if not named:
                        continue
                items = [item for item, _ in named]
                for item in items or [None]:
                    claim = self._claim(ctx, sent, kind, mention, [*rule_claims, *out], item=item)
                    if claim is not None:
                        out.append(claim)
        return out

    def _counts_the_harmed(self, ctx: DocContext, mention) -> bool:
        """Does the figure count people a casualty word harms ("killing 12 civilians",
        "wounded 777 others", "15 were killed")? Then it is the casualties claim's figure;
        an attack, a transfer or a deployment told in the same sentence is not counted by it
        (an attack's figure counts what was fired or the strikes)."""
        if mention.noun_token is not None:
            noun = ctx.doc[mention.noun_token]
        else:
            # a bare figure ('more than 340 injured', '91 were killed'): the number itself
            # stands where the noun would
            span = ctx.doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is None:
                return False
            noun = span.root
        head = noun.head
        if noun.dep_ not in ("dobj", "nsubjpass", "nsubj", "conj") or head.i == noun.i:
            return False
        if noun.dep_ == "conj":   # "killed 195 Palestinians and wounded 777 others" share the verb
            head = head.head
        pos = {"VERB": "verb", "ADJ": "adjective"}.get(head.pos_)
        return pos is not None and any(t.kind == HARM_KIND for t in self.x.ontology.triggers_for(pos, head.lemma_))

    def _sentence_items(self, sent: Span, kind_spec) -> list[tuple[Item, Token]]:
        """One item per category of the kind that the sentence names, first mention first,
        with the noun that names it."""
        found: dict[str, tuple[Item, Token]] = {}
        if len(kind_spec.item_categories) < 2:
            return []
        for token in sent:
            if token.pos_ in ("NOUN", "PROPN"):
                item = self._item_of(token)
                if item is not None and item.category in kind_spec.item_categories:
                    found.setdefault(item.category, (item, token))
        return list(found.values())

    def _item_of(self, token: Token) -> Item | None:
        """The item a noun names, a generic one ('aid', 'assistance') by its qualifier
        ('military aid' is weapons, 'financial aid' money), as the rules read it."""
        match = self.x._item_match(token)
        if match is None:
            return None
        category = match[0].category
        if match[0].generic:
            category = self.x._qualified(token, match[0]) or category
        return Item(category=category, name=match[0].name, text=token.text)

    def _claim(self, ctx: DocContext, sent: Span, kind: str, mention, siblings: list[Claim],
               item: Item | None = None) -> Claim | None:
        """One learned candidate, assembled into a claim by the extractor (no veto: the
        scorer judges it)."""
        noun = ctx.doc[mention.noun_token] if mention is not None and mention.noun_token is not None else None
        near = noun if noun is not None else (
            ctx.doc.char_span(mention.start, mention.end, alignment_mode="expand") or [None])[0] \
            if mention is not None else None
        token = self._trigger_token(sent, kind, near)
        if token is None:
            return None
        known = [t for t in self.x._triggers(token) if t.kind == kind]
        if any(self.x.visits_a_sight(t, token) or
               (t.requires_complement and self.x._assents_only(token, ctx.token_mention)) for t in known):
            return None   # a sight seen is no meeting, an opinion shared no agreement, whoever proposes it
        trigger = known[0] if known else Trigger(kind=kind, lemma=token.lemma_.lower(),
                                                 pos="noun" if token.pos_ in ("NOUN", "PROPN") else "verb",
                                                 frame=self.kind_frames.get(kind, "give"))
        from newsledger.extract.claims import Candidate   # here: claims.py imports this module
        candidate = Candidate(trigger=trigger, token=token, rules=["learned", f"{trigger.pos}:{trigger.lemma}"])
        if not known and self.x.models.tells(kind, token.lemma_.lower(), token.pos_):
            candidate.rules.append("anchor-word")   # proposed by a word mined from the annotations
        if trigger.pos == "adjective":
            self.x._adjective_arguments(ctx, candidate)
        elif trigger.frame in self.x.ontology.frames:
            self.x._frame_arguments(ctx, candidate, self.x.ontology.frames[trigger.frame])
        kind_spec = self.x.ontology.kinds[kind]
        # a trigger that takes some of its kind's items only ('send' deploys people; hardware
        # sent is a transfer) limits the candidate's item to those
        allowed = trigger.requires_category or kind_spec.item_categories
        if item is not None and allowed and item.category not in allowed:
            return None
        if mention is not None:
            candidate.quantity = mention.quantity
            candidate.quantity_mention = mention
            if noun is not None:
                match = self.x._item_match(noun)
                if match is not None and (not allowed or match[0].category in allowed):
                    candidate.item = Item(category=match[0].category, name=match[0].name, text=noun.text)
                    candidate.item_token = noun
                    candidate.rules.append("figure-item")
            if candidate.item is None and mention.kind == "money" and "money" in kind_spec.item_categories:
                # '$40 billion in military aid', 'a package worth almost three billion dollars':
                # a sum counts money, whatever the sentence goes on to name
                candidate.item = Item(category="money", name="money", text=mention.text)
                candidate.rules.append("money-item")
            counts = self._what_figure_counts(kind, noun, candidate)
            if counts == "other" and kind in _figure_counts_own_only():
                return None   # the figure counts something else: not this kind's figure
            candidate.rules.append(f"figure-counts-{counts}")
        if candidate.item is not None and allowed and candidate.item.category not in allowed:
            candidate.item = None
        if item is not None and candidate.item is not None and candidate.item.category != item.category:
            # another listed item than the one the event word's object names: its own claim,
            # without the object's figure
            candidate.item, candidate.item_token = item, None
            candidate.quantity = candidate.quantity_mention = None
            candidate.rules.append("listed-item")
        if candidate.item is None and kind_spec.item_categories:
            candidate.item = item if item is not None else self._sentence_item(sent, kind_spec, near or token, allowed)
            candidate.rules.append("sentence-item" if candidate.item is not None else "no-item")
        if candidate.item is None and kind_spec.needs_item:
            return None
        if mention is None:
            candidate.rules.append("no-figure")
        claim = self.x._claim(ctx, candidate, sent, siblings, checked=False)
        if claim is not None and mention is not None:
            claim.quantity = mention.quantity   # the figure this candidate is about
        return claim

    def _what_figure_counts(self, kind: str, noun: Token | None, candidate) -> str:
        """What the figure counts, for the scorer: the claim's item ('12 missiles'), events
        of the kind ('51 attacks', 'two bomb explosions'), nothing named ('killed 12'), or
        something else ('six million people have fled', 'a dozen meetings'), which a claim
        of the kind is rarely counted by."""
        if candidate.item_token is not None or "money-item" in candidate.rules:
            return "item"
        if noun is None:
            return "bare"
        if any(t.kind == kind for t in self.x._triggers(noun)) or self.x.models.tells(kind, noun.lemma_.lower(), noun.pos_):
            return "event"
        return "other"

    def _trigger_token(self, sent: Span, kind: str, near: Token | None) -> Token | None:
        """The word that tells the event: a trigger of the kind in the ontology, else an event
        word of the kind in the annotations' anchors (extract/anchor_triggers.py), else the
        word the sentence model weighs most for the kind, the nearest to the figure when
        there is one."""
        best, best_key = None, None
        for token in sent:
            if token.pos_ not in ("VERB", "NOUN", "PROPN", "ADJ", "AUX"):
                continue
            # ('was' is a meet trigger only for a visitor in a state, checked by the rule:
            # never the learned candidate's event word, 'Obama's trip ... the President was')
            ontology_trigger = any(t.kind == kind and not t.requires_visitor for t in self.x._triggers(token))
            mined = self.x.models.tells(kind, token.lemma_.lower(), token.pos_)
            weight = self.x.models.word_weight(kind, token.lower_)
            if not ontology_trigger and not mined and (weight <= LEARNED_TRIGGER_WEIGHT or token.pos_ == "AUX"
                                                       or token.lemma_.lower() in _non_triggers()):
                continue
            distance = abs(token.i - near.i) if near is not None else 0
            # a mined word stands in for a missing ontology trigger, never outranks one
            key = (ontology_trigger, mined and not ontology_trigger, weight > 1.5, -distance, weight)
            if best_key is None or key > best_key:
                best, best_key = token, key
        return best   # no word tells an event of the kind: no candidate

    def _sentence_item(self, sent: Span, kind_spec, near: Token, allowed: tuple[str, ...] = ()) -> Item | None:
        """The item of the kind named nearest in the sentence; else, for a kind whose claims
        need an item, its usual one (an attack or a meeting without a named weapon has none:
        'Russia's invasion' fired no missiles)."""
        best = None
        for token in sent:
            if token.pos_ not in ("NOUN", "PROPN"):
                continue
            item = self._item_of(token)
            if item is None or item.category not in (allowed or kind_spec.item_categories):
                continue
            distance = abs(token.i - near.i)
            if best is None or distance < best[0]:
                best = (distance, item)
        if best is not None:
            return best[1]
        if not kind_spec.needs_item:
            return None
        usual = self.x.models.settings.get("usual_category", {}).get(kind_spec.name)
        return Item(category=usual, name=usual, text="") if usual else None


def kind_frames(ontology: Ontology) -> dict[str, str]:
    """Each kind's most common verb frame: the frame a learned trigger word of the kind
    that the ontology does not list is read with."""
    counts: dict[str, dict[str, int]] = {}
    for (pos, _), triggers in ontology.triggers.items():
        for trigger in triggers:
            if pos == "verb":
                by_frame = counts.setdefault(trigger.kind, {})
                by_frame[trigger.frame] = by_frame.get(trigger.frame, 0) + 1
    return {kind: max(frames, key=frames.get) for kind, frames in counts.items()}
