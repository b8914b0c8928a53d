"""The claim scorer's side of the extractor: what it sees of a candidate claim (its
features) and what it decides (keep or drop, and the confidence).

Features are strings hashed by extract/learned.py; "name:=value" ones are numbers, kept for
learners that read numbers (a gradient-boosted scorer was measured and not adopted: see
training.py).
"""
from __future__ import annotations

import math
from typing import TYPE_CHECKING, Callable

from spacy.tokens import Span

from newsledger.analyze.nlp import doc_text
from newsledger.extract.learned import ExtractorModels
from newsledger.records import Claim

if TYPE_CHECKING:
    from newsledger.extract.claims import Candidate, DocContext

SUBJECTS = {"nsubj", "nsubjpass", "csubj"}


def scored(models: ExtractorModels, claims: list[Claim], *, collect: bool = False) -> list[Claim]:
    """Each claim's probability of being right, from the scorer, becomes its confidence;
    claims under their kind's threshold go. While training collects, all stay."""
    kept: list[Claim] = []
    for claim in claims:
        probability = models.score(claim._features)
        claim.confidence = round(models.calibrated(probability), 4)
        claim._probability = probability
        if collect or models.keeps(claim.kind, probability, learned=is_learned(claim)):
            kept.append(claim)
    if collect:
        return kept
    for claim in kept:
        del claim._features
    # a kind told with figures in this sentence is not told again without one
    with_figure = {c.kind for c in kept if c.quantity is not None}
    kept = [c for c in kept if not (c.quantity is None and c.kind in with_figure and is_learned(c))]
    return distinct(kept)


def distinct(claims: list[Claim]) -> list[Claim]:
    """One claim per event told in a sentence: two event words of one clause ('will provide
    ... support', 'give us hundreds of weapons') or a rule and a learned candidate can yield
    the same claim twice; the more confident stays."""
    best: dict[tuple, Claim] = {}
    for claim in claims:
        key = (claim.kind, claim.item.category if claim.item else None,
               claim.quantity.value if claim.quantity else None,
               claim.actor.id if claim.actor else None, claim.recipient.id if claim.recipient else None)
        if key not in best or claim.confidence > best[key].confidence:
            best[key] = claim
    chosen = {id(c) for c in best.values()}
    return [c for c in claims if id(c) in chosen]


def is_learned(claim: Claim) -> bool:
    """Proposed by the learned candidates rather than the hand rules (its extractor reads
    'newsledger.2.0/<kind>:learned+...')."""
    return claim.extractor.split(":", 1)[-1].startswith("learned")


def claim_features(ctx: DocContext, candidate: Candidate, claim: Claim, sent: Span,
                   word_weight: Callable[[str, str], float] | None = None) -> list[str]:
    """What the scorer sees of a claim: how it was found, which slots it filled and with
    what, the figure and its words, and the sentence model's view of the sentence."""
    kind = claim.kind
    source = "learned" if "learned" in candidate.rules else "rule"
    probability = ctx.sentence_kinds.get(kind, 0.0)
    token = candidate.token
    f = [f"kind={kind}", f"src={source}", f"kind={kind}|src={source}",
         f"p={kind}|{min(9, int(probability * 10))}", f"p={source}|{min(9, int(probability * 10))}",
         f"trig={kind}|{candidate.trigger.lemma}", f"tpos={kind}|{candidate.trigger.pos}|{token.dep_}",
         f"tw={kind}|{token.lower_}"]
    others = sorted(k for k, p in ctx.sentence_kinds.items() if p >= 0.3 and k != kind)
    f += [f"other={kind}|{k}" for k in others]
    for role, entity in (("actor", claim.actor), ("recipient", claim.recipient), ("location", claim.location)):
        f.append(f"{role}={kind}|{entity.type if entity is not None else 'none'}")
    f.append(f"item={kind}|{claim.item.category if claim.item is not None else 'none'}")
    if claim.item is not None and claim.item.name:
        f.append(f"itemname={kind}|{claim.item.name}")
    quantity = claim.quantity
    mention = candidate.quantity_mention
    if quantity is None:
        f.append(f"q={kind}|none")
    else:
        value = abs(quantity.value or 0)
        f.append(f"q={kind}|{getattr(mention, 'kind', 'rule')}")
        f.append(f"mag={kind}|{int(math.log10(value)) if value >= 1 else 0}")
        if 1900 <= value <= 2100 and value == int(value):
            f.append(f"yearlike={kind}")
        if mention is not None and mention.noun:
            f.append(f"qn={kind}|{mention.noun.lower().split()[-1]}")
        if mention is not None:
            before = doc_text(ctx.doc)[max(sent.start_char, mention.start - 20):mention.start].lower().split()
            f += [f"qb={kind}|{w}" for w in before[-2:]]
            if mention.counts_other:
                f.append(f"qother={kind}")
    f += [f"rule={kind}|{rule}" for rule in candidate.rules if ":" not in rule]
    # how the event word reads: tense, its own subject, inside a quote
    f.append(f"ttag={kind}|{token.tag_}")
    # where it stands in the sentence: the main event or a mention in passing ('condemn
    # Russia's invasion', 'since the invasion began', 'ahead of the summit')
    f += [f"thead={kind}|{token.dep_}|{token.head.lemma_.lower()}", f"troot={kind}|{_path_to_root(token)}"]
    if token.head.dep_ == "prep" or token.dep_ == "pobj":
        f.append(f"tprep={kind}|{token.head.lower_}")
    subject = next((c for c in token.children if c.dep_ in SUBJECTS), None)
    subject_mention = ctx.token_mention.get(subject.i) if subject is not None else None
    f.append(f"tsubj={kind}|{subject_mention.entity.type if subject_mention else ('word' if subject is not None else 'none')}")
    if word_weight is not None:
        weight = word_weight(kind, token.lower_)
        f.append(f"tweight={kind}|{max(-2, min(4, int(weight)))}")
    for role, probability in sorted(candidate.party_probability.items()):
        f.append(f"argp={kind}|{role}|{min(9, int(probability * 10))}")   # how sure the argument model is
    parties = "+".join(e.type if e is not None else "none" for e in (claim.actor, claim.recipient))
    f.append(f"parties={kind}|{parties}")
    f.append(f"parties={kind}|{parties}|{claim.modality}")
    f.append(f"pq={kind}|{min(9, int(probability * 10))}|{'q' if quantity is not None else 'noq'}|{source}")
    if claim.item is not None:
        f.append(f"itemsrc={kind}|{claim.item.category}|{'+'.join(r for r in candidate.rules if r.endswith('item'))}")
    if ctx.claims_likely is not None:
        # the article's section as its vocabulary tells it: a 'deal' in a sports story
        topic = min(9, int(ctx.claims_likely * 10))
        f += [f"doc={topic}", f"doc={kind}|{topic}", f"doc={source}|{topic}"]
    countries = {m.entity.id for m in ctx.mentions if sent.start_char <= m.start < sent.end_char and m.entity.type == "country"}
    f.append(f"countries={kind}|{min(len(countries), 3)}")
    # numbers, for a learner that splits on them ("name:=value"; the linear scorer skips them)
    f += [f"p_{k}:={p:.4f}" for k, p in sorted(ctx.sentence_kinds.items())]
    f.append(f"p_self:={probability:.4f}")
    if word_weight is not None:
        f.append(f"tweight:={word_weight(kind, token.lower_):.4f}")
    if quantity is not None and quantity.value:
        f.append(f"log_value:={math.log10(abs(quantity.value) + 1):.3f}")
    figure_token = ctx.doc[mention.noun_token] if mention is not None and mention.noun_token is not None else None
    if figure_token is not None:
        f.append(f"figure_distance:={abs(figure_token.i - token.i)}")
    f.append(f"countries:={len(countries)}")
    f.append(f"sentence_tokens:={len(sent)}")
    f.append(f"figures:={len(ctx.quantities_in(sent.start_char, sent.end_char))}")
    f.append(f"mod={kind}|{claim.modality}")
    f.append(f"src_chain={kind}|{min(len(claim.attribution), 3)}")
    f.append(f"fallbacks={kind}|{min(candidate.fallbacks, 3)}")
    words = {w.lower_ for w in sent if w.is_alpha}
    f += [f"sw={kind}|{w}" for w in words]
    f.append("bias")
    return f


def _path_to_root(token, limit: int = 3) -> str:
    """The dependency labels from the event word up to its sentence's root (at most `limit`)."""
    labels = []
    while token.head.i != token.i and len(labels) < limit:
        labels.append(token.dep_)
        token = token.head
    return ">".join(labels) if token.head.i == token.i else ">".join(labels) + ">..."

