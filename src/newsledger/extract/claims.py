"""The claim extractor: triggers from the ontology, arguments from the dependency parse, the
analysis stages (entities, quantities, times, attribution, modality) assembled into contract
records, each traced to its evidence sentence.

Speed: a cheap pre-filter finds the sentences that contain a trigger form; only those (and
the sentences that attribute them) go through the parser. The others are blanked out with
spaces of the same length, so every character offset of the parsed Doc is an offset of the
document text.
"""
from __future__ import annotations

import bisect
import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache

import ahocorasick
from spacy.tokens import Doc, Span, Token

from newsledger.analyze import nlp as nlp_module
from newsledger.analyze.entities import EntityResolver, Mention
from newsledger.extract import arguments as arguments_stage
from newsledger.extract import attribution as attribution_stage
from newsledger.extract import learned as learned_stage
from newsledger.extract import scoring
from newsledger.extract import modality as modality_stage
from newsledger.extract import quantities as quantity_stage
from newsledger.extract import event_time
from newsledger.extract import times as time_stage
from newsledger.extract.candidates import LearnedCandidates
from newsledger.extract.ontology import ItemMatch, Ontology, Trigger
from newsledger.extract.parties import PartyConventions, judging_verbs
from newsledger.records import Claim, Document, Entity, Evidence, Item, Quantity, TimeSpan

EXTRACTOR_VERSION = "2.0"

SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
CLAUSE_UP = {"xcomp", "ccomp", "conj", "advcl", "acomp", "relcl"}
# kinds whose figures stated in the perfect are running totals ("has sent 10,000 troops so
# far"), as the register reads them (register/figures.py UNDATED_TOTAL_KINDS)
RUNNING_TOTAL_KINDS = frozenset({"transfer", "deploy", "produce"})
# kinds whose undated total or ongoing act in a story about a war going on is the war's to
# date (event_time.war_to_date): "28 journalists were killed in Ukraine"
WAR_TO_DATE_KINDS = frozenset({"casualties", "attack"})
PRONOUNS = {"it", "they", "them", "these", "those", "this", "that", "which", "who", "he", "she",
            "its", "their", "his", "her", "we", "i", "you"}
ITEM_ANAPHORS = {"them", "they", "it", "these", "those", "this", "that", "which"}
DEFINITE = {"the", "this", "that", "these", "those", "such"}
# Sentences that attribute the sentence before them ("This was reported by NHK, citing ...").
BACKWARD_ATTRIBUTION = re.compile(
    r"^\W*(this|that|these|it|the information|the report|the news)\b[^.]{0,40}\b(was|were|has been|is)\s+"
    r"(reported|stated|said|announced|confirmed|written|claimed|noted)\b", re.I)
SOURCE_PRONOUN = re.compile(r"\b(he|she|they|the latter|the former|his|her)\b", re.I)
LINE_SPLIT = re.compile(r"[^\n]+")
PIECE_CHARS = 6_000   # kept characters per parse: bounds spaCy's working memory on long articles
BATCH_CHARS = 12_000  # kept characters per nlp.pipe batch, for the same reason
_MASK = re.compile(r"[^\n]")   # blanking keeps line breaks: the parser starts sentences at them
# Words a pipeline keeps for good (lexemes and tokenizer cache) before later batches run in
# spaCy memory zones. Words met early are mostly the frequent ones every article repeats;
# re-learning them in each zone tripled tokenizing time. Reached within the first few hundred
# articles, so memory is flat after that (~0.4 KiB a word).
PERMANENT_WORDS = 12_000
# Documents one memory zone spans (across batches): rarer words are learned once per zone,
# and a zone's words are a few MiB at most.
ZONE_DOCUMENTS = 256


@dataclass
class SentenceContext:
    start: int
    end: int
    span: Span | None = None            # parsed sentence (None when not parsed)
    attribution: object | None = None   # attribution_stage.SentenceAttribution


@dataclass
class DocContext:
    """What the extractor knows about one document while it walks its sentences."""
    document: Document
    doc: Doc
    mentions: list[Mention]
    token_mention: dict[int, Mention]
    # the document's time expressions, found on first use (`times`): only a candidate claim
    # reads them, and most parsed documents have none (~10 ms a document saved)
    find_times: Callable[[], list]
    quantities: list
    quantity_by_noun: dict[int, list]
    attributions: dict[int, object]     # sentence start char -> SentenceAttribution
    items_seen: list[tuple[int, ItemMatch, Token]] = field(default_factory=list)  # (char, match, token)
    claims: list[Claim] = field(default_factory=list)
    last_subject: Entity | None = None
    home_state: Entity | None | bool = None   # False once looked up and not found
    sentence_kinds: dict[str, float] = field(default_factory=dict)   # the sentence being read: P(kind)
    party_states: dict | None = None   # arguments._document_cache, once per document
    claims_likely: float | None = None   # the document model: P(the article carries any claim)
    struck: set[str] = field(default_factory=set)   # parties an attack sentence named as what was hit
    _quantity_index: tuple | None = None
    _times: list | None = None

    @property
    def times(self) -> list:
        if self._times is None:
            self._times = self.find_times()
        return self._times

    def quantities_in(self, start: int, end: int) -> list:
        """The quantity mentions that start in [start, end), in text order. Looked up by
        start instead of scanning every figure of the document per candidate, which was
        quadratic on long articles."""
        if self._quantity_index is None:
            ordered = sorted(self.quantities, key=lambda m: m.start)
            longest = max((m.end - m.start for m in ordered), default=0)
            self._quantity_index = ([m.start for m in ordered], ordered, longest)
        starts, ordered, _ = self._quantity_index
        return ordered[bisect.bisect_left(starts, start):bisect.bisect_left(starts, end)]

    def quantities_at(self, char: int) -> list:
        """The quantity mentions covering character `char`, in text order."""
        self.quantities_in(0, 0)
        longest = self._quantity_index[2]
        return [m for m in self.quantities_in(char - longest, char + 1) if m.start <= char < m.end]


@dataclass
class Candidate:
    trigger: Trigger
    token: Token
    actor: Entity | None = None
    recipient: Entity | None = None
    item: Item | None = None
    item_token: Token | None = None
    quantity: Quantity | None = None
    quantity_mention: object | None = None
    location: Entity | None = None
    parties: list[Entity] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)
    fallbacks: int = 0
    modality: str | None = None   # set when the parse, not the modality stage, decides it
    party_rows: list = field(default_factory=list)   # arguments.PartyRow: every party it could have
    party_probability: dict[str, float] = field(default_factory=dict)   # the argument model's best, per role
    rule_parties: tuple | None = None   # (actor, recipient) as the rules chose them, before the model


class _TriggerFinder:
    """Every trigger word of a text in one pass of an Aho-Corasick automaton (pyahocorasick),
    instead of searching each line and sentence with a regex alternation of ~1,000 word forms,
    which was the pre-filter's main cost. Matches are whole words, case-insensitive, as the
    regex's \\b...\\b with re.I."""

    def __init__(self, alone: set[str], gated: dict) -> None:
        self._automaton = ahocorasick.Automaton()
        for form in gated:
            self._automaton.add_word(form.lower(), (form.lower(), False))
        for form in alone:   # a form both gated and alone is alone
            self._automaton.add_word(form.lower(), (form.lower(), True))
        self._empty = not (alone or gated)
        if not self._empty:
            self._automaton.make_automaton()

    def find(self, text: str) -> list[tuple[int, int, str, bool]]:
        """(start, end, form, alone) of each whole-word trigger, in text order."""
        if self._empty:
            return []
        lowered = text.lower()
        if len(lowered) != len(text):   # 'İ' lowers to two characters: keep offsets aligned
            lowered = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
        hits = []
        size = len(lowered)
        for last, (form, alone) in self._automaton.iter(lowered):
            start, end = last - len(form) + 1, last + 1
            if (start == 0 or not _is_word_char(lowered[start - 1])) and \
                    (end == size or not _is_word_char(lowered[end])):
                hits.append((start, end, form, alone))
        hits.sort()
        return hits


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"   # what \w matches


class ClaimExtractor:
    def __init__(self, ontology: Ontology, resolver: EntityResolver, *, batch_size: int = 32):
        self.ontology = ontology
        self.resolver = resolver
        self.batch_size = batch_size
        alone, gated = ontology.trigger_surface_forms()
        self.triggers = _TriggerFinder(alone, gated)
        group_patterns: dict[frozenset[str], re.Pattern] = {}   # one regex per distinct word group
        self.conditions = {
            form.lower(): [tuple(group_patterns.setdefault(group, _words_pattern(group)) for group in alternative)
                           for alternative in alternatives]
            for form, alternatives in gated.items()}
        # The learned decisions (extract/learned.py); None: the hand rules alone.
        self.models = learned_stage.default_models()
        # Training (newsledger.training) sets this: keep every candidate, unscored, with its
        # features, so that the scorer learns from what the extractor proposes.
        self.collect = False
        self.learned_candidates = LearnedCandidates(self)
        self.parties = PartyConventions(self)

    @classmethod
    @lru_cache(maxsize=1)
    def default(cls) -> ClaimExtractor:
        return cls(Ontology.default(), EntityResolver.default())

    def collecting(self) -> ClaimExtractor:
        """An extractor over the same knowledge and models that keeps every candidate
        (training's view), leaving this one, often the cached default, as it is."""
        other = ClaimExtractor(self.ontology, self.resolver, batch_size=self.batch_size)
        other.models = self.models
        other.collect = True
        return other

    # ------------------------------------------------------------------ documents

    def annotate(self, documents: Sequence[Document]) -> None:
        """Fill `claims` of each document (in place), parsing in batches.

        NER costs as much as the rest of the pipeline together, and it changes nothing the
        other components produce (it comes last and has its own token vectors). So the kept
        sentences are parsed without it first; a document where no trigger word has the shape
        its rules need (`_fits_shape`) cannot yield a claim and stops there; NER runs over
        the others only."""
        nlp = nlp_module.load()
        # Memory zones free the strings and lexemes spaCy adds for each new word once the
        # batch is done (claims hold plain Python values, no spaCy objects), so a worker's
        # vocabulary does not grow with every new name over millions of articles.
        self._rotate_zones(nlp, len(documents))
        plans = [self._plan(document) for document in documents]
        late = ("ner",) if "ner" in nlp.pipe_names else ()
        parsed = self._parse(nlp, plans, disable=late)
        made = [part for parts in parsed for part in parts]   # every Doc of the batch (see _release)

        def joined(parts: list[Doc]) -> Doc:
            doc = _joined(parts)
            if doc is not parts[0]:
                made.append(doc)
            return doc

        promising = []
        for document, (_, kept, carriers), parts in zip(documents, plans, parsed):
            document.claims = []
            if kept and self._may_claim(joined(parts), kept, carriers):
                promising.append((document, kept, carriers, parts))
        for name in late:
            component = nlp.get_pipe(name)
            pieces = [part for *_, parts in promising for part in parts]
            for _ in self._within_budget(pieces, lambda batch, c=component: c.pipe(batch, batch_size=len(batch))):
                pass   # the component sets its annotations on each Doc in place
        for document, kept, carriers, parts in promising:
            document.claims = self._extract(document, joined(parts), kept, carriers)
        _release(made)

    def _rotate_zones(self, nlp, count: int) -> None:
        _memory_zones(nlp).rotate(count)

    def _within_budget(self, items: list, process: Callable[[list], Iterable[Doc]]) -> Iterator[Doc]:
        """`process` over batches of at most `batch_size` texts (or Docs) and BATCH_CHARS kept
        characters: the network works on a whole batch at once, so its memory follows the
        batch's length, and a batch of one long article and 31 others is what set the peak."""
        batch: list = []
        weight = 0
        for item in items:
            size = _kept_chars(item if isinstance(item, str) else nlp_module.doc_text(item))
            if batch and (len(batch) >= self.batch_size or weight + size > BATCH_CHARS):
                yield from process(batch)
                batch, weight = [], 0
            batch.append(item)
            weight += size
        if batch:
            yield from process(batch)

    def _parse(self, nlp, plans, *, disable: tuple[str, ...] = ()) -> list[list[Doc]]:
        """The masked texts parsed, as a list of Docs per document. A long article is parsed
        in pieces cut at line breaks (where sentences end anyway), so the parser's and NER's
        working memory is bounded by PIECE_CHARS of kept text, not by the longest article;
        `_joined` makes one Doc of them."""
        pieces, owners = [], []
        for number, (masked, _, _) in enumerate(plans):
            for piece in _pieces(masked) if masked else ():
                pieces.append(piece)
                owners.append(number)
        parts: list[list[Doc]] = [[] for _ in plans]
        docs = self._within_budget(pieces, lambda batch: nlp.pipe(batch, batch_size=len(batch), disable=disable))
        for owner, piece, doc in zip(owners, pieces, docs):
            parts[owner].append(nlp_module.remember_text(doc, piece))
        return parts

    def _sentences_read(self, doc: Doc, kept: list[tuple[int, int]],
                        carriers: set[int]) -> Iterator[tuple[Span, bool]]:
        """(sentence, may carry a claim) for each parsed sentence of the kept ones."""
        for sent in doc.sents:
            text = sent.text
            if not text.strip():
                continue
            start = sent.start_char + (len(text) - len(text.lstrip()))
            if any(s <= start < e for s, e in kept):
                # a quotation mark the parser takes from the sentence before ('" The U.S. ...')
                # when that sentence is parsed too: the carrier starts a character or two in
                yield sent, any(s <= start < e or 0 < s - start <= 2 for s, e in kept if s in carriers)

    def _may_claim(self, doc: Doc, kept: list[tuple[int, int]], carriers: set[int]) -> bool:
        """Can any claim come from this parse? A claim needs a trigger token, in a carrier
        sentence, whose parse has the shape the trigger needs (named entities are not known
        yet and are given the benefit of the doubt), or a carrier sentence the sentence model
        gives some kind a fair chance."""
        carrying = [sent for sent, carries in self._sentences_read(doc, kept, carriers) if carries]
        if self.models is not None and (self.collect or any(
                max(self.models.kinds_of(sent.text).values(), default=0.0) >= self.models.candidate_threshold
                for sent in carrying)):
            return True   # a learned candidate may come from it
        return any(self._fits_shape(trigger, token, None)
                   for sent in carrying for token in sent for trigger in self._triggers(token))

    def extract(self, document: Document) -> list[Claim]:
        self.annotate([document])
        return document.claims

    def _sentences(self, text: str) -> list[tuple[int, int]]:
        """Sentence spans without the parser: lines, then spaCy's rule-based sentencizer."""
        spans = []
        for line in LINE_SPLIT.finditer(text):
            spans.extend(self._line_sentences(text, line.start(), line.end()))
        return spans

    @staticmethod
    def _line_sentences(text: str, line_start: int, line_end: int) -> list[tuple[int, int]]:
        spans = []
        line = text[line_start:line_end]
        if not line.strip():
            return spans
        for sent in _sentencizer()(line).sents:
            start, end = line_start + sent.start_char, line_start + sent.end_char
            if text[start:end].strip():
                spans.append((start, end))
        return spans

    def _may_carry(self, text: str, start: int, end: int, hits: list[tuple[int, int, str, bool]]) -> bool:
        """Can this sentence carry a claim? A trigger word that suffices alone, or a gated
        trigger together with the words it needs (see Ontology.trigger_surface_forms).
        `hits` are the document's trigger words (_TriggerFinder.find), in text order."""
        at = bisect_left(hits, (start,))
        while at < len(hits) and hits[at][0] < end:
            _, hit_end, form, alone = hits[at]
            if hit_end <= end and (alone or any(
                    all(group.search(text, start, end) for group in alternative)
                    for alternative in self.conditions[form])):
                return True
            at += 1
        return False

    def _plan(self, document: Document) -> tuple[str, list[tuple[int, int]], set[int]]:
        """Which sentences to parse, and the document text with the others blanked out (so
        offsets stay those of the document).

        A sentence is kept when it may carry a claim, with the next one when that attributes
        backwards ('..., he said.' -> 'The ministry said so in a statement') and the previous
        one when it refers back to a source ('he', 'the latter'). Splitting into sentences
        costs a tokenizer pass, so a line (paragraph) is split only when it may carry a claim
        itself or a neighbour rule needs its first or last sentence: a sentence that may carry
        a claim lies in a line that may."""
        text = document.text
        if self.models is not None and not self.collect and self.models.skips_document(text):
            # The learned document gate: a story whose vocabulary says it carries no claim
            # (sport, a box office, a factory's plan) costs no parse: about a third of
            # news-bench, for at most 1 % of the annotated claims (training.DOCUMENT_GATE_LOSS).
            return "", [], set()
        hits = self.triggers.find(text)
        lines = [(m.start(), m.end()) for m in LINE_SPLIT.finditer(text) if m.group().strip()]
        split: dict[int, list[tuple[int, int]]] = {}

        def sentences_of(li: int) -> list[tuple[int, int]]:
            if li not in split:
                split[li] = self._line_sentences(text, *lines[li])
            return split[li]

        keep: set[tuple[int, int]] = set()
        carriers: set[int] = set()   # starts of the kept sentences that may carry a claim themselves
        learned_gate = self.models is not None
        for li, (line_start, line_end) in enumerate(lines):
            line_carries = bool(hits) and self._may_carry(text, line_start, line_end, hits)
            if not line_carries and not learned_gate:
                continue
            own = sentences_of(li)
            for si, (start, end) in enumerate(own):
                if not (line_carries and self._may_carry(text, start, end, hits)) and \
                        not (learned_gate and self._gate_opens(text[start:end])):
                    continue
                keep.add((start, end))
                carriers.add(start)
                nxt = own[si + 1] if si + 1 < len(own) else \
                    next(iter(sentences_of(li + 1)), None) if li + 1 < len(lines) else None
                if nxt is not None and BACKWARD_ATTRIBUTION.search(text[nxt[0]:nxt[1]]):
                    keep.add(nxt)
                if SOURCE_PRONOUN.search(text, start, end):
                    prev = own[si - 1] if si > 0 else \
                        (sentences_of(li - 1)[-1:] or [None])[0] if li > 0 else None
                    if prev is not None:
                        keep.add(prev)
        if not keep:
            return "", [], carriers
        # sentences attribution needs: the speaker of a quotation, "the following statement:"
        line_starts = [start for start, _ in lines]
        for at in attribution_stage.context_positions(text, sorted(keep)):
            li = bisect.bisect_right(line_starts, at) - 1
            if li >= 0 and at < lines[li][1]:
                keep.update(span for span in sentences_of(li) if span[0] <= at < span[1])
        kept = sorted(keep)
        pieces, at = [], 0
        for start, end in kept:
            pieces.append(_MASK.sub(" ", text[at:start]))
            pieces.append(text[start:end])
            at = end
        pieces.append(_MASK.sub(" ", text[at:]))
        return "".join(pieces), kept, carriers

    def _gate_opens(self, sentence: str) -> bool:
        """The learned gate: a sentence without a known trigger word is parsed when the
        sentence model (surface words only, no parse) gives some kind a fair chance."""
        if self.collect:
            return True
        return max(self.models.kinds_of(sentence).values(), default=0.0) >= self.models.gate_threshold

    def _extract(self, document: Document, doc: Doc, kept: list[tuple[int, int]],
                 carriers: set[int]) -> list[Claim]:
        text = document.text
        dct = _iso_date(document.published)
        mentions = self.resolver.find(text, doc=doc)
        token_mention: dict[int, Mention] = {}
        for mention in mentions:
            span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is not None:
                for token in span:
                    token_mention.setdefault(token.i, mention)
        quantities = [q for q in quantity_stage.find_quantities(doc)]
        by_noun: dict[int, list] = {}
        for mention in quantities:
            if mention.noun_token is not None:
                by_noun.setdefault(mention.noun_token, []).append(mention)
        attributions = {a.start: a for a in attribution_stage.attribute(doc, outlet=document.outlet, text=text,
                                                                         mentions=mentions)}
        ctx = DocContext(document=document, doc=doc, mentions=mentions, token_mention=token_mention,
                         find_times=lambda: self._times(text, kept, dct), quantities=quantities, quantity_by_noun=by_noun,
                         attributions=attributions,
                         claims_likely=self.models.claims_in_document(text) if self.models is not None else None)
        for sent, carries in self._sentences_read(doc, kept, carriers):
            self._note_items(ctx, sent)
            if carries:
                ctx.claims.extend(self._sentence_claims(ctx, sent))
            self._note_subject(ctx, sent)
        for number, claim in enumerate(ctx.claims, 1):
            claim.id = f"{document.id}-c{number}"
        return ctx.claims

    @staticmethod
    def _times(text: str, kept: list[tuple[int, int]], dct: date | None) -> list:
        """Date expressions of the kept sentences only: they are joined into one short text (so
        "two days later" still sees the date just mentioned) and offsets mapped back."""
        pieces, spans, at = [], [], 0
        for start, end in event_time.context_spans(text, kept):   # kept sentences and their story
            if not time_stage.TIME_HINT.search(text, start, end):
                continue   # no date can be in it; relative dates resolve against found ones
            pieces.append(text[start:end])
            spans.append((at, start, end - start))
            at += end - start + 1
        found = time_stage.find_times("\n".join(pieces), dct)
        out = []
        for expression in found:
            for joined_at, original_at, length in spans:
                if joined_at <= expression.start and expression.end <= joined_at + length:
                    shift = original_at - joined_at
                    expression.start += shift
                    expression.end += shift
                    out.append(expression)
                    break
        return out

    # ------------------------------------------------------------------ sentences

    def _note_items(self, ctx: DocContext, sent: Span) -> None:
        for token in sent:
            if token.pos_ in ("NOUN", "PROPN") and token.lower_ not in PRONOUNS:
                match = self._item_match(token)
                if match and not match[0].generic:
                    ctx.items_seen.append((token.idx, match[0], token))

    def _note_subject(self, ctx: DocContext, sent: Span) -> None:
        for token in sent:
            if token.dep_ in SUBJECTS and token.head.dep_ == "ROOT":
                entity = self._entity(ctx, token)
                if entity is not None and entity.type in ("country", "organization", "person"):
                    ctx.last_subject = self._as_party(entity)
                    return

    def _sentence_claims(self, ctx: DocContext, sent: Span) -> list[Claim]:
        candidates: list[Candidate] = []
        for token in sent:
            # a trigger word can belong to several kinds ('send' troops vs 'send' shells):
            # the first whose item fits wins
            for trigger in self._triggers(token):
                candidate = self._candidate(ctx, trigger, token, sent)
                if candidate is not None and self._item_fits(candidate):
                    candidates.extend(self._split_coordination(ctx, candidate, sent))
                    break
        vetoed: list[tuple[Candidate, str]] = []
        candidates = self._suppress(ctx, candidates, vetoed if self.models is not None else None)
        ctx.sentence_kinds = self.models.kinds_of(sent.text) if self.models is not None else {}
        claims: list[Claim] = []
        for candidate in candidates:
            claim = self._claim(ctx, candidate, sent, claims)
            if claim is not None:
                claims.append(claim)
        if self.models is not None:
            # a rule's veto for want of a known party ('BLA insurgents ambushed a bus') is
            # the scorer's to weigh: the candidate goes on as a learned one, the veto a feature
            for candidate, reason in vetoed:
                candidate.rules[:0] = ["learned", reason]
                claim = self._claim(ctx, candidate, sent, claims, checked=False)
                if claim is not None:
                    claims.append(claim)
            claims.extend(self.learned_candidates.claims(ctx, sent, claims))
            claims = scoring.scored(self.models, claims, collect=self.collect)
        claims.extend(self._force_sizes(ctx, sent, claims))
        return claims

    def _known_event_parties(self, ctx: DocContext, candidate: Candidate) -> None:
        """An event word inside the name of an event whose parties are known ('since the
        invasion' in a story about Ukraine: Russia on Ukraine) takes them, over whatever
        the sentence or the article around names (knowledge/historical_periods.yaml)."""
        token = candidate.token
        event = event_time.known_event(nlp_module.doc_text(ctx.doc), candidate.trigger.kind, token.idx, token.idx + len(token.text))
        if event is None:
            return
        for role in ("actor", "recipient"):
            entity_id = getattr(event, role)
            entity = self.resolver.by_id(entity_id) if entity_id else None
            if entity is not None and (getattr(candidate, role) is None or getattr(candidate, role).id != entity.id):
                setattr(candidate, role, entity)
                candidate.rules.append(f"{role}-known-event")

    def _learned_parties(self, ctx: DocContext, candidate: Candidate, sent: Span) -> None:
        """The argument model's actor and recipient (extract/arguments.py) replace the rules'
        picks before the claim is judged, so the scorer and the plausibility checks see them;
        while training collects, the candidate keeps every party it could have had."""
        if self.models.argument_scorer is None and not self.collect:
            return
        candidate.party_rows = arguments_stage.party_rows(self, ctx, candidate, sent)
        candidate.rule_parties = (candidate.actor, candidate.recipient)
        if self.models.argument_scorer is None:
            return
        choice = arguments_stage.decide(self.models, candidate.trigger.kind, candidate.party_rows)
        for role in arguments_stage.ROLES:
            old, new = getattr(candidate, role), getattr(choice, role)
            if (old.id if old else None) != (new.id if new else None):
                candidate.rules.append(f"{role}-learned")
        candidate.actor, candidate.recipient = choice.actor, choice.recipient
        if "host-coordination" in candidate.rules and candidate.rule_parties[1] is not None:
            candidate.recipient = candidate.rule_parties[1]   # one listed state each (_coordinated_hosts)
        candidate.party_probability = choice.probability

    def _force_sizes(self, ctx: DocContext, sent: Span, claims: list[Claim]) -> list[Claim]:
        """'out of 15 000 fighters, the DPRK had lost 4,700 soldiers': the whole force the
        losses are counted from is itself a figure of the deployment."""
        losses = [c for c in claims if c.kind == "casualties" and c.actor is not None]
        if not losses or "deploy" not in self.ontology.kinds:
            return []
        found = []
        for mention in ctx.quantities_in(sent.start_char, sent.end_char):
            if mention.kind != "count" or mention.quantity is None or mention.noun_token is None:
                continue
            if not (sent.start_char <= mention.start < sent.end_char):
                continue
            noun = ctx.doc[mention.noun_token]
            match = self._item_match(noun)
            if not mention.whole or match is None or match[0].category != "personnel":
                continue
            loss = losses[0]
            recipient = next((c.recipient for c in reversed(ctx.claims) if c.kind == "deploy"
                              and c.actor is not None and c.actor.id == loss.actor.id and c.recipient), None)
            trigger = Candidate(trigger=Trigger(kind="deploy", lemma="out of", pos="figure", frame="move"),
                                token=noun, actor=loss.actor, recipient=recipient,
                                item=Item(category=match[0].category, name=match[0].name, text=noun.text),
                                item_token=noun, quantity=mention.quantity, rules=["force-size", "figure"],
                                fallbacks=1)
            found.append(Claim(
                id="", kind="deploy", actor=loss.actor, recipient=recipient, item=trigger.item,
                quantity=mention.quantity, time=loss.time, location=loss.location,
                attribution=loss.attribution, modality=loss.modality, reported=loss.reported,
                evidence=loss.evidence, confidence=self._confidence(trigger, mention.quantity),
                extractor=f"newsledger.{EXTRACTOR_VERSION}/deploy:figure:out-of+force-size", hedged=loss.hedged))
        return found

    def _item_fits(self, candidate: Candidate) -> bool:
        kind = self.ontology.kinds[candidate.trigger.kind]
        if candidate.trigger.requires_category and (candidate.item is None or
                                                    candidate.item.category not in candidate.trigger.requires_category):
            return False
        if not kind.needs_item:
            return True
        return candidate.item is not None and (not kind.item_categories or
                                               candidate.item.category in kind.item_categories)

    def _triggers(self, token: Token) -> list[Trigger]:
        lemma = token.lemma_.lower()
        if token.pos_ in ("VERB", "AUX") or (token.pos_ == "NOUN" and token.tag_.startswith("VB")):
            found = self.ontology.triggers_for("verb", lemma)
            if not found and token.tag_ == "VBN":  # "600 of them killed"
                found = self.ontology.triggers_for("adjective", token.lower_)
            return found
        if token.pos_ in ("NOUN", "PROPN"):
            found = self.ontology.triggers_for("noun", lemma)
            if not found and token.lower_ != lemma:
                found = self.ontology.triggers_for("noun", token.lower_)
            if not found:
                found = self.ontology.triggers_for("adjective", token.lower_)  # "the dead"
            return found
        if token.pos_ == "ADJ":
            return self.ontology.triggers_for("adjective", token.lower_)
        return []

    # ------------------------------------------------------------------ one trigger

    @staticmethod
    def _assents_only(token: Token, token_mention: dict[int, Mention] | None) -> bool:
        """Does a person or a share of people agree with nothing agreed ('Mr Valentine, who
        ..., agreed.', '93 percent of Ukrainians agree')? An agreed thing standing as the
        subject ('Evacuation corridor for Mariupol agreed') keeps the claim."""
        complements = ("xcomp", "ccomp", "dobj", "nsubjpass", "agent", "prt", "attr", "oprd", "dative")
        if any(c.dep_ in complements or (c.dep_ == "prep" and c.lower_ not in ("according", "among"))
               for c in token.children):
            return False
        subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
        if subject is None:
            return False
        return subject.pos_ in ("PRON", "PROPN") or \
            (token_mention is not None and token_mention.get(subject.i) is not None) or \
            any(c.dep_ == "nummod" for c in subject.children)

    def visits_a_sight(self, trigger: Trigger, token: Token) -> bool:
        """'visited the Church of St Andrew', 'visited the Friendship Tower': a sight seen, not a
        party met (ontology object_classes.sights); no meet claim, from a rule or learned."""
        return trigger.kind == "meet" and trigger.pos == "verb" and trigger.lemma == "visit" and any(
            c.dep_ == "dobj" and c.lemma_.lower() in self.ontology.object_classes.get("sights", ())
            for c in token.children)

    def _fits_shape(self, trigger: Trigger, token: Token, token_mention: dict[int, Mention] | None) -> bool:
        """Does the parse around `token` have the shape `trigger` needs: its preposition,
        particle, subject or object words? Read off the parse alone, except two checks that
        need to know who is named; with `token_mention` None (before NER has run) those give
        the benefit of the doubt, so False then proves that no claim comes from here."""
        # ('launched 90 drones at Kyiv': the parser may hang 'at' on the object)
        if trigger.requires_prep and not any(
                c.dep_ in ("prep", "dative") and c.lower_ in trigger.requires_prep
                for c in [*token.children, *(g for o in token.children if o.dep_ == "dobj" for g in o.subtree)]):
            return False
        if trigger.kind == "attack" and any(
                (c.dep_ in SUBJECTS and c.lemma_.lower() in self.ontology.non_agents) or
                (c.dep_ == "agent" and any(o.lemma_.lower() in self.ontology.non_agents for o in c.children))
                for c in token.children):
            return False   # "an earthquake struck southern Turkey"
        if trigger.particle and not any(c.dep_ == "prt" and c.lower_ == trigger.particle for c in token.children):
            return False
        if not trigger.particle and any(c.dep_ == "prt" and c.lower_ in ("up", "off", "away", "back", "down")
                                        for c in token.children):
            return False   # a phrasal verb means something else: 'give up its nuclear weapons', 'send back
        if trigger.requires_subject and not any(
                c.dep_ in SUBJECTS and (c.lemma_.lower() in trigger.requires_subject or (
                    # 'a package that includes ...': the relative pronoun stands for its noun
                    c.tag_ in ("WDT", "WP") and token.dep_ == "relcl" and token.head.lemma_.lower() in trigger.requires_subject))
                for c in token.children):
            return False
        if trigger.requires_object == "person":
            # 'Kim received Shoigu' is a meeting; 'received drones' is not
            if not any(c.dep_ == "dobj" and self._item_match(c) is None and (
                    token_mention is None
                    or (token_mention.get(c.i) is not None and token_mention[c.i].entity.type == "person")
                    or c.lemma_.lower() in ("delegation", "envoy", "minister", "ambassador", "president", "leader"))
                       for c in token.children):
                return False
        elif trigger.requires_object:
            wanted = self.ontology.object_classes.get(trigger.requires_object, frozenset())
            if not any(c.dep_ in ("dobj", "nsubjpass", "attr", "oprd") and c.lemma_.lower() in wanted
                       for c in token.children):
                return False
        # A noun trigger modifying another noun names a thing, not an event: 'death threats',
        # 'oil production unit', 'supply chain'.
        if trigger.pos == "noun" and token.dep_ == "compound":
            return False
        # 'meet targets', 'met its objectives': a goal reached, not a meeting
        # ('hosted a reception in welcome of the Russian delegation', 'hosting talks': a
        # gathering of parties, ontology object_classes meeting and hospitality)
        gatherings = self.ontology.object_classes.get("meeting", frozenset()) | \
            self.ontology.object_classes.get("hospitality", frozenset())
        if trigger.kind == "meet" and trigger.pos == "verb" and token_mention is not None and any(
                c.dep_ == "dobj" and c.pos_ == "NOUN" and c.lower_ not in PRONOUNS and
                c.lemma_.lower() not in gatherings and
                token_mention.get(c.i) is None and not self._is_party_word(c) for c in token.children):
            return False
        # 'visited the Church of St Andrew', 'visited the Friendship Tower': a sight seen, not
        # a party met (ontology object_classes.sights)
        if self.visits_a_sight(trigger, token):
            return False
        if trigger.requires_complement and self._assents_only(token, token_mention):
            return False
        if trigger.requires_visitor and not self._visitor_in_state(token, token_mention):
            return False
        # Participles and relative clauses describing an item ("drones co-developed with
        # Russia") describe the item, they are not events of their own.
        if trigger.pos == "verb" and token.dep_ in ("acl", "relcl", "amod") and self._item_match(token.head) \
                and not _denied_gerund(token):
            return False
        return True

    @staticmethod
    def _plural_demonym(ctx: DocContext, token: Token) -> bool:
        """'Americans', 'Britons': people named by their nationality (a plural demonym)."""
        mention = ctx.token_mention.get(token.i)
        return mention is not None and mention.via == "demonym" and token.tag_ in ("NNS", "NNPS")

    def _visitor_in_state(self, token: Token, token_mention: dict[int, Mention] | None) -> bool:
        """'Italian Prime Minister Giorgia Meloni was in Kyiv', 'Ben Wallace, who is in
        Budapest': a person, or an official's title or a delegation (object_classes.visitors),
        is in a state or its capital (a country mention: capitals are its aliases). Before NER
        (`token_mention` None) only the words are checked."""
        if any(c.dep_ in ("attr", "acomp", "dobj", "xcomp", "ccomp", "neg") for c in token.children):
            return False   # 'was in charge of talks', 'is not in Kyiv'
        subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
        if subject is not None and subject.tag_ in ("WP", "WDT") and token.dep_ == "relcl":
            subject = token.head   # 'Ben Wallace, who is in Budapest'
        if subject is None:
            return False
        places = [o for c in token.children if c.dep_ == "prep" and c.lower_ == "in"
                  for o in c.children if o.dep_ == "pobj"]
        if not places:
            return False
        visitors = self.ontology.object_classes.get("visitors", frozenset())
        # the parser may hang the person on a fronted phrase as its apposition ('Friday, the
        # anniversary of invincibility - Polish Prime Minister Morawiecki was in Kyiv')
        subjects = [subject, *(c for c in subject.children if c.dep_ == "appos")]
        if token_mention is None:
            return any(s.pos_ == "PROPN" or s.lemma_.lower() in visitors for s in subjects)
        if not any((token_mention.get(s.i) is not None and token_mention[s.i].entity.type == "person")
                   or s.lemma_.lower() in visitors for s in subjects):
            return False
        return any(token_mention.get(o.i) is not None and token_mention[o.i].entity.type == "country"
                   for o in places)

    def _candidate(self, ctx: DocContext, trigger: Trigger, token: Token, sent: Span) -> Candidate | None:
        frame = self.ontology.frames[trigger.frame]
        if not self._fits_shape(trigger, token, ctx.token_mention):
            return None
        candidate = Candidate(trigger=trigger, token=token, rules=[f"{trigger.pos}:{trigger.lemma}"])
        if _denied_gerund(token):
            # "Iran denied supplying drones", parsed as an adjective on "drones"
            governor = token.head.head
            subject = next((c for c in governor.children if c.dep_ == "nsubj"), None)
            if subject is not None:
                entity = self._entity(ctx, subject)
                if entity is not None:
                    candidate.actor = self._as_party(entity)
            self._set_item(ctx, candidate, token.head)
            candidate.rules.append("denied-gerund")
            candidate.modality = "denied"
            return candidate
        if trigger.pos == "adjective":
            self._adjective_arguments(ctx, candidate)
        else:
            self._frame_arguments(ctx, candidate, frame)
        if trigger.requires_visitor and candidate.recipient is None and candidate.location is not None \
                and candidate.location.type == "country":
            candidate.recipient = candidate.location   # the state visited (the frame reads 'in' as a place)
        if trigger.requires_visitor and (candidate.recipient is None or (
                candidate.actor is not None and candidate.actor.id == candidate.recipient.id)):
            return None   # 'Zelensky was in Kyiv': at home, no visit
        if candidate.item is None and trigger.self_item:
            self._set_item(ctx, candidate, token)   # 'military aid to Ukraine': the noun is the item
            if candidate.item is not None:
                candidate.rules.append("self-item")
        if candidate.item is None and trigger.default_item:
            match = self.ontology.item_by_name(trigger.default_item)
            if match is not None:
                candidate.item = Item(category=match.category, name=match.name, text=token.text)
                candidate.rules.append("default-item")
                if candidate.quantity is None:
                    self._attach_quantity(ctx, candidate, token)   # '70,000-80,000 casualties'
                    candidate.item_token = None
        return candidate

    def _role_tokens(self, token: Token, frame: dict[str, str]) -> list[tuple[str, Token]]:
        """(role, head token) pairs read off the trigger's children through its frame."""
        pairs = []
        for child in token.children:
            dep = child.dep_
            if dep == "prep" or (dep == "dative" and child.pos_ == "ADP"):
                for obj in child.children:
                    if obj.dep_ in ("pobj", "pcomp"):
                        role = frame.get(f"prep:{child.lower_}")
                        if role:
                            pairs.append((role, obj))
            elif dep == "agent":
                for obj in child.children:
                    if obj.dep_ == "pobj" and frame.get("agent"):
                        pairs.append((frame["agent"], obj))
            elif dep in ("nsubj", "nsubjpass", "dobj", "dative", "attr", "oprd"):
                role = frame.get(dep)
                if role:
                    pairs.append((role, child))
            elif dep == "poss" and token.pos_ == "NOUN":
                pairs.append(("actor", child))           # Russia's deployment of ...
            elif dep == "compound" and token.pos_ == "NOUN":
                pairs.append(("compound", child))        # drone production, arms deliveries
            elif dep == "amod" and token.pos_ == "NOUN":
                pairs.append(("compound", child))        # Russian deliveries
        if token.pos_ == "NOUN" and "prep:between" in frame and not any(
                c.dep_ == "prep" and c.lower_ == "between" for c in token.children):
            # 'the second talks in a month between X and Y': the parser hangs 'between' lower
            for inner in token.subtree:
                if inner.dep_ == "prep" and inner.lower_ == "between" and inner.head.i - token.i <= 4:
                    pairs.extend(("parties", obj) for obj in inner.children if obj.dep_ == "pobj")
                    break
        if token.pos_ == "NOUN":
            for child in token.children:
                if child.dep_ == "prep" and child.lower_ == "of":
                    for obj in child.children:
                        if obj.dep_ == "pobj":
                            pairs.append(("of", obj))
        return pairs

    def _frame_arguments(self, ctx: DocContext, candidate: Candidate, frame: dict[str, str]) -> None:
        token = candidate.token
        kind = self.ontology.kinds[candidate.trigger.kind]
        pairs = self._role_tokens(token, frame)
        has_subject = any(c.dep_ in SUBJECTS for c in token.children)
        if token.pos_ != "NOUN" and not has_subject:
            controller = self._controller_subject(token)
            if controller is not None and any(c.dep_ == "auxpass" for c in token.children):
                # 'if Ukraine were to be invaded': the shared subject undergoes a passive event
                role = frame.get("nsubjpass")
                if role:
                    pairs.append((role, controller))
                    candidate.rules.append("subject-from-clause")
            elif controller is not None:
                role = frame.get(controller.dep_ if controller.dep_ != "nsubjpass" else "nsubj") or frame.get("nsubj")
                if role:
                    pairs.append((role, controller))
                    candidate.rules.append("subject-from-clause")
        for role, arg in pairs:
            if role == "parties":
                if self._stands_for_parties(ctx, arg):
                    candidate.parties.extend(self._context_parties(ctx, arg))   # 'between the two leaders'
                else:
                    candidate.parties.extend(self._entities_in_coordination(ctx, arg))
            elif role in ("actor", "recipient") and kind.name in ("agree", "meet") and \
                    self._stands_for_parties(ctx, arg):
                # 'the parties', 'the two leaders', 'both sides': the states just named
                candidate.parties.extend(self._context_parties(ctx, arg))
                candidate.rules.append("parties-from-context")
            elif role in ("actor", "recipient"):
                entity = self._entity(ctx, arg)
                if entity is None and arg.lemma_.lower() in self.ontology.state_words and \
                        not any(c.dep_ in ("poss", "amod", "compound") for c in arg.children):
                    entity = self._home_state(ctx)
                    if entity is not None:
                        candidate.rules.append("home-state")
                        candidate.fallbacks += 1
                if entity is None and role == "actor" and arg.pos_ in ("NOUN", "PROPN"):
                    match = self._item_match(arg)
                    if match is not None:
                        # 'Russian missiles struck ...', 'Russian forces launched ...': the
                        # modifier names the doer; weapons are the instrument
                        state = self._modifier_state(ctx, arg)
                        if state is not None:
                            entity = state
                        if match[0].category != "personnel" and candidate.item is None \
                                and kind.name == "attack":
                            self._set_item(ctx, candidate, arg)
                if entity is None and arg.lower_ in PRONOUNS | {"there"}:
                    entity = self._pronoun_entity(ctx, arg, role)
                    if entity is not None:
                        candidate.fallbacks += 1
                if entity is not None:
                    if entity.type == "group" or (entity.type == "person" and not entity.country):
                        # "sources", "officials" are who says it, not who does it
                        if role == "actor" and kind.name not in ("meet", "agree"):
                            continue
                    if role == "actor" and candidate.actor is None:
                        candidate.actor = self._as_party(entity)
                        if kind.name in ("agree", "meet"):
                            more = self._entities_in_coordination(ctx, arg)
                            if len(more) > 1:
                                candidate.parties.extend(more)
                    elif role == "recipient" and candidate.recipient is None:
                        if entity.type == "place" and kind.name in ("deploy", "transfer") and entity.country:
                            # 'sent to Kursk': the place is the location, its state the recipient
                            candidate.location = candidate.location or entity
                            state = self.resolver.by_id(f"country:{entity.country}")
                            if state is not None and (candidate.actor is None or candidate.actor.id != state.id):
                                candidate.recipient = replace(state, text=entity.text)
                                candidate.rules.append("recipient-from-place")
                        elif entity.type == "place" or (entity.type == "country" and self._mention_via(ctx, arg) == "capital"
                                                        and kind.name in ("meet",) and arg.dep_ != "dobj"):
                            # 'met with reporters in Moscow' is a place; 'visited Pyongyang' a counterpart
                            candidate.location = candidate.location or entity
                        else:
                            candidate.recipient = self._as_party(entity)
                elif self._is_party_word(arg) and kind.name in ("agree", "meet"):
                    candidate.parties.extend(self._context_parties(ctx, arg))
            elif role in ("item", "recipient_or_item", "of", "compound", "recipient_or_location"):
                entity = self._entity(ctx, arg) if role != "of" or kind.name in ("meet", "agree") else None
                if entity is not None and role == "recipient_or_item" and kind.name == "deploy" \
                        and self._plural_demonym(ctx, arg):
                    entity = None   # 'he will not send Americans to Ukraine': people sent, by nationality
                if entity is not None and role in ("recipient_or_item", "recipient_or_location"):
                    if candidate.recipient is None:
                        if entity.type == "place":
                            candidate.location = candidate.location or entity   # 'shelled Kherson'
                            entity = self._state_of(entity) or entity
                        candidate.recipient = self._as_party(entity)
                    continue
                if entity is None and role == "recipient_or_item" and kind.name == "attack" \
                        and self._item_match(arg) is None and arg.lower_ not in ITEM_ANAPHORS:
                    target = self._modifier_state(ctx, arg) or self._place_in(ctx, arg)   # 'Houthi targets'
                    if target is not None:
                        if candidate.recipient is None:
                            candidate.recipient = target
                            candidate.rules.append("target-place")
                        continue
                if role == "compound" and entity is None and token.pos_ == "NOUN":
                    entity = self._modifier_state(ctx, arg)           # "a Malian drone strike"
                if role == "compound" and entity is not None and entity.type in ("country", "organization"):
                    if candidate.actor is None:
                        candidate.actor = self._as_party(entity)       # "Russian deliveries", "Israeli strikes"
                    continue
                if role == "recipient_or_location":
                    continue
                if candidate.item is None:
                    self._set_item(ctx, candidate, arg)
            elif role == "location":
                # a place named as such ('in Kyiv'), not a noun with a demonym ('in Israeli attacks')
                mention = ctx.token_mention.get(arg.i)
                entity = replace(mention.entity, text=mention.text) if mention is not None else None
                if entity is not None and entity.type in ("country", "place") and candidate.location is None:
                    candidate.location = entity
        if candidate.recipient is None and candidate.item_token is not None and "prep:to" in frame or \
                candidate.recipient is None and candidate.item_token is not None and kind.name == "deploy":
            # 'pledged 1.5 million rounds of ammunition to Ukraine', 'keeps 4,000 personnel in Libya':
            # the parser hangs the preposition on the item
            wanted = ("to", "in") if kind.name == "deploy" else ("to",)
            for inner in candidate.item_token.subtree:
                if inner.dep_ == "prep" and inner.lower_ in wanted and inner.head.i != token.i:
                    for obj in inner.children:
                        entity = self._entity(ctx, obj) if obj.dep_ == "pobj" else None
                        if entity is not None and entity.type in ("country", "organization"):
                            candidate.recipient = self._as_party(entity)
                            candidate.rules.append("recipient-in-item")
                    break
        if token.pos_ == "NOUN" and candidate.recipient is None and "prep:to" in frame and token.dep_ == "dobj":
            # 'paused some deliveries of Patriot interceptors to Ukraine': 'to' hangs on the verb
            for child in token.head.children:
                if child.dep_ == "prep" and child.lower_ == "to":
                    for obj in child.children:
                        entity = self._entity(ctx, obj) if obj.dep_ == "pobj" else None
                        if entity is not None and entity.type in ("country", "organization", "place"):
                            candidate.recipient = self._state_of(entity) if entity.type == "place" else \
                                self._as_party(entity)
                            candidate.rules.append("recipient-of-governing-verb")
        if token.pos_ == "NOUN" and candidate.actor is None:
            # 'the armed attack on Russia being launched by the Kyiv authorities': the agent of
            # the participle on the event noun is the doer, not the subject of the verb above
            agent = self._participle_agent(ctx, token)
            if agent is not None:
                candidate.actor = self._as_party(agent)
                candidate.rules.append("actor-from-participle-agent")
        if token.pos_ == "NOUN" and candidate.actor is None and token.dep_ in ("dobj", "nsubjpass", "attr", "conj"):
            governor = self._governing_verb(token)
            if governor is not None and governor.lemma_.lower() in judging_verbs():
                governor = None   # 'the Ministry denounces the attack': a voice, not the attacker
            if governor is not None:
                subject = next((c for c in governor.children if c.dep_ == "nsubj"), None)
                if subject is None:
                    subject = self._controller_subject(governor)
                if subject is not None:
                    entity = self._entity(ctx, subject)
                    if entity is not None and self._is_speech(governor):
                        entity = self._as_party(entity)
                        if entity.type != "country":
                            entity = None   # 'Reuters reported the deployment of ...': the source, not the doer
                    if entity is not None and entity.type not in ("group",):
                        candidate.actor = self._as_party(entity)
                        candidate.rules.append("actor-from-governing-verb")
        if kind.name in ("agree", "meet") and token.pos_ == "NOUN":
            named = []
            for child in token.children:
                if child.dep_ in ("compound", "amod", "nmod"):
                    for inner in child.subtree:
                        mention = ctx.token_mention.get(inner.i)
                        if mention is not None and mention.entity.type in ("country", "organization") and \
                                all(e.id != mention.entity.id for e in named):
                            named.append(self._as_party(replace(mention.entity, text=mention.text)))
            if len(named) >= 2:
                candidate.parties.extend(named)   # 'a Nato-Ukraine summit', 'Russia-Ukraine talks'
                candidate.rules.append("parties-in-name")
        if kind.name in ("agree", "meet") and candidate.parties:
            self._parties_to_slots(candidate)

    def _adjective_arguments(self, ctx: DocContext, candidate: Candidate) -> None:
        """'600 of them dead', 'two soldiers were wounded' (as adjective), 'the dead'."""
        token = candidate.token
        best = None
        ctx.quantities_in(0, 0)
        for mention in ctx.quantities_in(token.idx - 12 - ctx._quantity_index[2], token.idx + 1):
            if mention.kind != "count" or mention.end > token.idx:
                continue
            if token.idx - mention.end <= 12 and (best is None or mention.end > best.end):
                best = mention
        head = token.head if token.dep_ in ("amod", "acomp", "oprd", "appos", "npadvmod") else None
        if best is not None:
            candidate.quantity = best.quantity
            candidate.quantity_mention = best
            if best.noun_token is not None:
                self._set_item(ctx, candidate, ctx.doc[best.noun_token], with_quantity=False)
        elif head is not None and head.pos_ in ("NOUN", "PRON", "PROPN"):
            self._set_item(ctx, candidate, head)
        candidate.rules.append("adjective")

    # ------------------------------------------------------------------ items and figures

    def _item_match(self, token: Token) -> tuple[ItemMatch, int] | None:
        if token.pos_ not in ("NOUN", "PROPN", "ADJ", "NUM"):
            return None
        left = token.i - 1
        words = []
        sentence_start = None   # token.sent costs tens of microseconds: found only when needed
        while left >= 0 and token.doc[left].dep_ in ("compound", "amod", "nmod", "punct") \
                and token.doc[left].head.i in (token.i, left + 1) and len(words) < 4:
            if sentence_start is None:
                sentence_start = token.sent.start
            if left < sentence_start:
                break
            words.insert(0, token.doc[left].lower_)
            left -= 1
        words = [w for w in words if w not in ("-", "–")]
        # the longest phrase wins, in the surface or the lemma form ('ballistic missiles')
        found = [m for form in (token.lower_, token.lemma_.lower())
                 if (m := self.ontology.match_item([*words, form])) is not None]
        return max(found, key=lambda m: m[1]) if found else None

    def _set_item(self, ctx: DocContext, candidate: Candidate, token: Token, *, with_quantity: bool = True,
                  depth: int = 0) -> None:
        if depth > 4:
            return
        lower = token.lower_
        # "a batch of missiles", "containers that could hold 5 million shells"
        if token.lemma_.lower() in self.ontology.containers or lower in self.ontology.containers:
            inner = self._contained(token)
            if inner is not None:
                candidate.rules.append("container")
                self._set_item(ctx, candidate, inner, depth=depth + 1)
                return
        # money: "provided Ukraine with more than $44 billion"
        money = self._money_at(ctx, token)
        if money is not None and depth == 0 and self._item_match(token) is None:
            candidate.item = Item(category="money", name="money", text=money.text)
            candidate.item_token = token
            candidate.quantity = money.quantity
            candidate.quantity_mention = money
            candidate.rules.append("money")
            return
        # an elided noun: "an additional 2,000 would arrive", "3,419 killed in Turkey"
        if token.like_num or token.pos_ == "NUM":
            mention = next((m for m in ctx.quantities_at(token.idx) if m.kind == "count"), None)
            antecedent = self._antecedent(ctx, token)
            if mention is not None and antecedent is None and candidate.trigger.kind == "casualties" \
                    and candidate.trigger.frame in ("harm", "die"):   # not: lost all three (matches)
                people = self.ontology.item_by_name("people")
                antecedent = (people, token) if people is not None else None
            if mention is not None and antecedent is not None:
                match_, _ = antecedent
                candidate.item = Item(category=match_.category, name=match_.name, text=token.text)
                candidate.item_token = token
                candidate.quantity = mention.quantity
                candidate.quantity_mention = mention
                candidate.rules.append("elided-item")
                return
        # a people named by their nationality: "killed 195 Palestinians"
        mention = ctx.token_mention.get(token.i)
        if mention is not None and mention.via == "demonym" and token.tag_ in ("NNS", "NNPS"):
            people = self.ontology.item_by_name("people")
            if people is not None:
                candidate.item = Item(category=people.category, name=people.name, text=token.text)
                candidate.item_token = token
                if with_quantity:
                    self._attach_quantity(ctx, candidate, token)
                if candidate.actor is None and candidate.trigger.kind in ("casualties", "deploy"):
                    candidate.actor = replace(mention.entity, text=mention.text)
                candidate.rules.append("demonym-people")
                return
        # a name is not an item ('the new Band Aid single', 'Ulji Freedom Shield')
        named = ctx.token_mention.get(token.i)
        if named is not None and named.entity.type in ("organization", "person", "group") and \
                named.via in ("ner", "name", "alias") and self._item_match(token) is None:
            return
        # partitives and nominalisations: "the first of them", "development of a system for ..."
        match = self._item_match(token)
        if match is None:
            for child in token.children:
                if child.dep_ == "appos" and self._item_match(child):
                    # "14 Leopard 2A4 tanks", parsed as "Leopard" with "tanks" in apposition
                    match = self._item_match(child)
                    break
        if (match is None and lower in ITEM_ANAPHORS) or self._is_anaphoric_item(token):
            antecedent = self._antecedent(ctx, token)
            if antecedent is not None:
                match_, ant_token = antecedent
                candidate.item = Item(category=match_.category, name=match_.name, text=token.text)
                candidate.item_token = token
                candidate.rules.append("item-anaphora")
                if with_quantity:
                    self._attach_quantity(ctx, candidate, token)
                if candidate.actor is None:
                    self._actor_from_modifiers(ctx, candidate, ant_token)
                return
        if match is None or (match[0].generic and self._qualified(token, match[0]) is None and depth == 0
                             and self._inner_item(token) is not None):
            inner = self._inner_item(token)
            if inner is not None:
                self._set_item(ctx, candidate, inner, with_quantity=with_quantity, depth=depth + 1)
                if candidate.item is not None:
                    return
        if match is None:
            return
        item_match, size = match
        category, name = item_match.category, item_match.name
        if item_match.generic:
            qualified = self._qualified(token, item_match)
            if qualified:
                category = qualified
        start = token.i - size + 1
        while start > token.sent.start and token.doc[start - 1].dep_ in ("compound", "amod") \
                and token.doc[start - 1].head.i >= start and not token.doc[start - 1].like_num \
                and (token.i - start) < 5:
            start -= 1
        surface = token.doc[min(start, token.i - size + 1):token.i + 1].text
        candidate.item = Item(category=category, name=name, text=surface)
        candidate.item_token = token
        if with_quantity:
            self._attach_quantity(ctx, candidate, token)
        if candidate.actor is None:
            self._actor_from_modifiers(ctx, candidate, token)

    def _qualified(self, token: Token, match: ItemMatch) -> str | None:
        for other in token.subtree:
            category = self.ontology.qualifiers.get(other.lemma_.lower()) or self.ontology.qualifiers.get(other.lower_)
            if category and other.i != token.i:
                return category
        return None

    def _contained(self, token: Token) -> Token | None:
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        return obj
        for child in token.children:
            if child.dep_ in ("relcl", "acl"):
                for obj in child.children:
                    if obj.dep_ == "dobj":
                        return obj
        return None

    def _inner_item(self, token: Token) -> Token | None:
        """The item inside a partitive or nominalisation: 'the first of them', 'a system for the
        mass production of this weapon', 'support in the development of nuclear weapons'."""
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ in ("of", "for"):
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        return obj
        return None

    def _is_anaphoric_item(self, token: Token) -> bool:
        return any(c.dep_ == "det" and c.lower_ in ("this", "these", "that", "those") for c in token.children) \
            and token.lemma_.lower() in ("weapon", "system", "equipment", "munition", "item", "delivery", "shipment")

    def _antecedent(self, ctx: DocContext, token: Token) -> tuple[ItemMatch, Token] | None:
        for char, match, seen in reversed(ctx.items_seen):
            if char < token.idx and token.idx - char < 600 and seen.i != token.i:
                return match, seen
        return None

    def _money_at(self, ctx: DocContext, token: Token):
        for mention in ctx.quantities_at(token.idx):
            if mention.kind == "money" and mention.quantity is not None and mention.start <= token.idx < mention.end:
                return mention
        return None

    def _counts_item(self, mention) -> bool:
        """A figure counts the item unless it counts a unit of something else ('several types
        of drones', 'two sites'); 'rounds of ammunition' still counts munitions."""
        if not mention.counts_other:
            return True
        unit = mention.counts_other.lower()
        return unit not in self.ontology.counted_units and any(
            self.ontology.match_item([form]) is not None for form in (unit, unit.rstrip("s")))

    def _attach_quantity(self, ctx: DocContext, candidate: Candidate, token: Token) -> None:
        nouns = [token.i] + [obj.i for child in token.children if child.dep_ == "prep" and child.lower_ == "of"
                             for obj in child.children if obj.dep_ == "pobj"]
        inside = [m for m in ctx.quantities_in(token.left_edge.idx, token.idx) if m.end <= token.idx
                  and (m.noun_token is None or (m.noun_token not in nouns
                                                and token.left_edge.i <= m.noun_token < token.i))]
        # ("280 AIM-120C air-to-air missiles", "around 400 Fath-360 missiles": a model name
        # between the figure and the noun)
        for mention in [*(m for i in nouns for m in ctx.quantity_by_noun.get(i, ())), *inside]:
            if mention.kind == "count" and mention.quantity is not None and self._counts_item(mention):
                candidate.quantity = mention.quantity
                candidate.quantity_mention = mention
                candidate.rules.append("figure")
                return

    def _actor_from_modifiers(self, ctx: DocContext, candidate: Candidate, token: Token) -> None:
        """'North Korean troops' -> the doer is North Korea (not for the target of an attack)."""
        if candidate.trigger.kind == "attack":
            return
        for child in token.children:
            if child.dep_ in ("amod", "compound", "poss", "nmod"):
                entity = self._entity(ctx, child)
                if entity is None and child.lower_ in ("its", "their"):
                    entity = self._possessor(ctx, child)
                if entity is not None and entity.type in ("country", "organization"):
                    candidate.actor = self._as_party(entity)
                    candidate.rules.append("actor-from-demonym")
                    return
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ == "from":
                for obj in child.children:
                    entity = self._entity(ctx, obj) if obj.dep_ == "pobj" else None
                    if entity is not None and entity.type == "country":
                        candidate.actor = self._as_party(entity)
                        candidate.rules.append("actor-from-origin")
                        return

    # ------------------------------------------------------------------ entities

    def _modifier_state(self, ctx: DocContext, token: Token) -> Entity | None:
        for child in token.children:
            if child.dep_ in ("amod", "compound", "poss", "nmod"):
                mention = ctx.token_mention.get(child.i)
                if mention is not None and mention.entity.type in ("country", "organization"):
                    return self._as_party(replace(mention.entity, text=mention.text))
        return None

    def _place_in(self, ctx: DocContext, token: Token) -> Entity | None:
        """A state named inside a phrase: 'a hospital in Kyiv' -> Ukraine (the target)."""
        for inner in token.subtree:
            mention = ctx.token_mention.get(inner.i)
            if mention is not None and mention.entity.type in ("country", "place"):
                entity = replace(mention.entity, text=mention.text)
                if entity.type == "place" and entity.country:
                    state = self.resolver.by_id(f"country:{entity.country}")
                    if state is not None:
                        return replace(state, text=mention.text)
                if entity.type == "country":
                    return entity
        return None

    def _mention_via(self, ctx: DocContext, token: Token) -> str | None:
        mention = ctx.token_mention.get(token.i)
        return mention.via if mention else None

    def _entity(self, ctx: DocContext, token: Token, depth: int = 0) -> Entity | None:
        """The entity a noun phrase stands for: a mention on its head, then on its modifiers,
        then through 'of'/appositions ('the head of GUR Kyrylo Budanov')."""
        mention = ctx.token_mention.get(token.i)
        if mention is not None:
            entity = replace(mention.entity, text=mention.text)
            if entity.type == "person" and not entity.country:
                entity = self._with_title_state(ctx, token, entity)
            return entity
        if depth > 2:
            return None
        for child in token.children:
            if child.dep_ in ("compound", "amod", "poss", "nmod", "appos"):
                mention = ctx.token_mention.get(child.i)
                if mention is not None and child.dep_ != "appos":
                    if mention.entity.type == "country" and token.lemma_.lower() not in self.ontology.party_words \
                            and not self._item_match(token) and token.pos_ in ("NOUN", "PROPN"):
                        return replace(mention.entity, text=mention.text)
                elif mention is not None:
                    return replace(mention.entity, text=mention.text)
        for child in token.children:
            if child.dep_ == "appos":
                found = self._entity(ctx, child, depth + 1)
                if found is not None:
                    return found
            if child.dep_ == "prep" and child.lower_ == "of" and token.pos_ in ("NOUN", "PROPN"):
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        found = self._entity(ctx, obj, depth + 1)
                        if found is not None and found.type in ("country", "organization"):
                            return found
        return None

    @staticmethod
    def _with_title_state(ctx: DocContext, token: Token, entity: Entity) -> Entity:
        """'Danish Prime Minister Mette Frederiksen', 'Poland's Senate': the state named in the
        name's own phrase, before it; else an office's 'of' phrase or apposition after it ('the
        Minister of Foreign Affairs of the Kingdom of Saudi Arabia', 'the Minister of Foreign
        Affairs, Zbigniew Rau')."""
        for left in token.doc[token.left_edge.i:token.i]:
            other = ctx.token_mention.get(left.i)
            if other is not None and other.entity.type == "country":
                return replace(entity, country=other.entity.iso3)
        for child in token.children:
            if child.dep_ == "appos":
                inner = [child]
            elif child.dep_ == "prep" and child.lower_ == "of":
                inner = [t for t in child.subtree if t.i - token.i <= 10]
            else:
                continue
            for right in inner:
                other = ctx.token_mention.get(right.i)
                state = other.entity.iso3 or other.entity.country if other is not None and \
                    other.entity.type in ("country", "person") else None
                if state:
                    return replace(entity, country=state)
        return entity

    def _as_party(self, entity: Entity) -> Entity:
        """A person or agency acting for a state stands for that state in a claim's actor or
        recipient slot (the register follows states); its own name stays in `text`. The head
        of an international body stands for the body (Stoltenberg for NATO)."""
        body = self.resolver.acts_for(entity) if entity.type == "person" else None
        if body is not None:
            return replace(body, text=entity.text or entity.name)
        acts_for_state = entity.type == "person" or (
            entity.type == "organization" and self.resolver.kind(entity) in self.ontology.state_bodies)
        if acts_for_state and entity.country:
            state = self.resolver.by_id(f"country:{entity.country}")
            if state is not None:
                return replace(state, text=entity.text or entity.name)
        return entity

    def _entities_in_coordination(self, ctx: DocContext, token: Token) -> list[Entity]:
        found = []
        for part in [token, *token.conjuncts]:
            entity = self._entity(ctx, part)
            if entity is not None:
                found.append(self._as_party(entity))
        return found

    def _is_party_word(self, token: Token) -> bool:
        """'the parties', 'both sides', 'the two leaders', 'these two countries' (not 'leaders')."""
        lemma = token.lemma_.lower()
        if lemma not in self.ontology.party_words and token.lower_ not in self.ontology.party_words:
            return False
        if lemma in ("party", "side", "both"):
            return True
        return any(c.lower_ in ("two", "both") for c in token.children)

    def _stands_for_parties(self, ctx: DocContext, token: Token) -> bool:
        """A party word not itself a named entity ('the parties'), or one the gazetteer reads
        as a loose group ('the two leaders')."""
        if not self._is_party_word(token):
            return False
        entity = self._entity(ctx, token)
        return entity is None or entity.type == "group"

    def _context_parties(self, ctx: DocContext, token: Token) -> list[Entity]:
        """'the parties', 'these two countries', 'both sides': the two states (or blocs) most
        recently named in this and the previous sentences, in the text's order."""
        seen: list[Entity] = []
        where: dict[str, int] = {}
        # the words point back ('both sides agreed to suspend their requests for WTO
        # arbitration'): parties named before them first, after them only to make up two
        before = [m for m in ctx.mentions if m.start < token.idx]
        after = [m for m in ctx.mentions if token.idx <= m.start < token.sent.end_char]
        for mention in [*reversed(before), *after]:
            if token.sent.start_char - mention.start > 800:
                break
            entity = self._as_party(replace(mention.entity, text=mention.text))
            # states, and the blocs that act as one (the EU in a trade dispute)
            if entity.type != "country" and self.resolver.kind(entity) not in ("international", "alliance"):
                continue
            if all(e.id != entity.id for e in seen):
                seen.append(entity)
                where[entity.id] = mention.start
            if len(seen) == 2:
                break
        return sorted(seen, key=lambda e: where[e.id])

    def _parties_to_slots(self, candidate: Candidate) -> None:
        parties = []
        for entity in ([candidate.actor] if candidate.actor else []) + candidate.parties + \
                ([candidate.recipient] if candidate.recipient else []):
            if entity is not None and all(p.id != entity.id for p in parties):
                parties.append(entity)
        if parties:
            candidate.actor = parties[0]
        if len(parties) > 1:
            candidate.recipient = parties[1]

    def _pronoun_entity(self, ctx: DocContext, token: Token, role: str) -> Entity | None:
        """'The Pentagon said it would send ...', 'Ukraine said it had lost ...': a pronoun in
        reported content stands for the speaker; otherwise for the last subject named."""
        if token.lower_ not in ("it", "they", "he", "she", "we"):
            return None
        node = token.head
        for _ in range(6):
            if self._is_speech(node):
                speaker = next((c for c in node.children if c.dep_ == "nsubj"), None)
                if speaker is not None:
                    entity = self._entity(ctx, speaker)
                    if entity is not None and entity.type != "group" and not self.resolver.is_outlet(entity):
                        return self._as_party(entity)
                break
            if node.head.i == node.i:
                break
            node = node.head
        return ctx.last_subject

    def _possessor(self, ctx: DocContext, token: Token) -> Entity | None:
        """'its troops' in 'North Korea confirmed that its troops ...': the nearest subject above."""
        node = token.head
        while node is not None and node.head.i != node.i:
            node = node.head
            for child in node.children:
                if child.dep_ in SUBJECTS:
                    entity = self._entity(ctx, child)
                    if entity is not None:
                        return entity
        return ctx.last_subject

    # ------------------------------------------------------------------ parse helpers

    def _controller_subject(self, token: Token) -> Token | None:
        """The subject a verb shares with the clause above it: 'X plans to send', 'X is likely
        to receive', 'X sent ... and had launched', 'X agreed to produce'."""
        node = token
        for _ in range(5):
            if node.dep_ == "acl" and node.head.dep_ in ("attr", "oprd") and \
                    any(c.dep_ == "aux" and c.lower_ == "to" for c in node.children):
                # 'Britain became the first country to send ...': the subject of 'became'
                node = node.head
            if node.dep_ == "pcomp" and node.head.dep_ == "prep":
                node = node.head   # 'Iran responded by firing missiles at Israel'
                if node.head.pos_ in ("VERB", "AUX"):
                    for child in node.head.children:
                        if child.dep_ in ("nsubj", "nsubjpass"):
                            return child
                return None
            if node.dep_ not in ("xcomp", "conj", "acomp", "advcl", "attr", "oprd") or node.head.i == node.i:
                return None
            if node.dep_ == "advcl" and not any(c.dep_ == "mark" and c.lower_ == "to" for c in node.children) \
                    and node.tag_ != "VBG":
                return None
            node = node.head
            for child in node.children:
                if child.dep_ in ("nsubj", "nsubjpass"):
                    if child.lower_ == "it" and any(c.dep_ in ("ccomp", "xcomp") for c in node.children):
                        return None  # "it is planned to send": no actor stated
                    return child
        return None

    def _participle_agent(self, ctx: DocContext, token: Token) -> Entity | None:
        """The 'by' agent of a passive participle or relative clause on a noun ('the attack
        being launched by X', 'the strikes carried out by X', 'attacks that were launched by X')."""
        verbs = [c for c in token.children if c.dep_ in ("acl", "relcl") and c.pos_ in ("VERB", "AUX")]
        # the parser often hangs the participle lower ('the attack on the territory of Russia
        # being launched by X'): a verb of doing an event further down the phrase counts too
        verbs += [t for t in token.subtree if t.i - token.i <= 10 and t.lemma_.lower() in _event_doing_verbs()
                  and t.tag_ == "VBN" and t not in verbs]
        for child in verbs:
            for agent in child.children:
                if agent.dep_ != "agent":
                    continue
                for obj in agent.children:
                    if obj.dep_ != "pobj":
                        continue
                    # 'the Zelenskiy puppet authorities': a loose group named after its leader
                    for part in [obj, *(c for c in obj.children if c.dep_ in ("compound", "amod", "poss"))]:
                        entity = self._entity(ctx, part)
                        if entity is not None and entity.type == "person" and not entity.country:
                            continue
                        if entity is not None and entity.type in ("country", "organization", "person"):
                            return entity
        return None

    def _governing_verb(self, token: Token) -> Token | None:
        node = token
        for _ in range(4):
            node = node.head
            if node.pos_ in ("VERB", "AUX"):
                return node
            if node.head.i == node.i:
                return None
        return None

    def _is_speech(self, token: Token) -> bool:
        """A verb that reports what someone says: the attribution stage's lexicon, where
        'found', 'observed', 'concluded' count only with a that-clause."""
        lemma = token.lemma_.lower()
        if lemma in _object_speech_lemmas():
            return True
        return lemma in _speech_lemmas() and any(c.dep_ == "ccomp" for c in token.children)

    # ------------------------------------------------------------------ coordination & overlap

    def _split_coordination(self, ctx: DocContext, candidate: Candidate, sent: Span) -> list[Candidate]:
        """'a thousand sappers and 5 thousand military construction workers': one claim each."""
        if candidate.trigger.kind == "meet":
            return [candidate, *self._coordinated_hosts(ctx, candidate)]
        if candidate.item_token is None:
            return [candidate]
        out = [candidate]
        for conj in candidate.item_token.conjuncts:
            if conj.i < candidate.item_token.i:
                continue
            other = Candidate(trigger=candidate.trigger, token=candidate.token, actor=candidate.actor,
                              recipient=candidate.recipient, location=candidate.location,
                              rules=[*candidate.rules, "coordination"], fallbacks=candidate.fallbacks)
            self._set_item(ctx, other, conj)
            if other.item is None:
                continue
            if other.quantity is None and candidate.item and other.item.category == candidate.item.category \
                    and candidate.quantity is None:
                continue
            named = any(c.dep_ == "compound" and c.pos_ == "PROPN" or
                        c.lower_ in ("additional", "more", "further", "other", "new") for c in conj.children)
            if other.quantity is None and candidate.quantity is not None and not named:
                continue   # 'several dozen missiles and launchers for them': one counted claim
            out.append(other)
        return out

    def _coordinated_hosts(self, ctx: DocContext, candidate: Candidate) -> list[Candidate]:
        """'Lavrov traveled to Ethiopia, Uganda, the Republic of Congo, and Egypt': a visit to
        each state listed is a meeting with it (train, required: one meet claim per state), as
        a listed item is a claim of its own."""
        if candidate.recipient is None or candidate.trigger.pos != "verb":
            return []
        objects = [c for c in candidate.token.children if c.dep_ == "dobj"] + [
            o for c in candidate.token.children if c.dep_ == "prep" and c.lower_ in ("to", "in")
            for o in c.children if o.dep_ == "pobj"]
        out: list[Candidate] = []
        seen = {candidate.recipient.id} | ({candidate.actor.id} if candidate.actor is not None else set())
        for obj in objects:
            first = self._entity(ctx, obj)
            first = self._state_of(first) if first is not None and first.type in ("country", "place") else None
            if first is None or first.id != candidate.recipient.id:
                continue
            for conj in obj.conjuncts:
                if conj.i < obj.i:
                    continue
                entity = self._entity(ctx, conj)
                state = self._state_of(entity) if entity is not None and entity.type in ("country", "place") else None
                if state is None or state.id in seen:
                    continue
                seen.add(state.id)
                out.append(Candidate(trigger=candidate.trigger, token=candidate.token, actor=candidate.actor,
                                     recipient=state, location=candidate.location,
                                     rules=[*candidate.rules, "host-coordination"], fallbacks=candidate.fallbacks,
                                     modality=candidate.modality))
        return out

    def _suppress(self, ctx: DocContext, candidates: list[Candidate],
                  vetoed: list[tuple[Candidate, str]] | None = None) -> list[Candidate]:
        """The candidates that stay; those dropped only for want of a known party go to
        `vetoed` with the reason, when a list is given (the scorer may still take them)."""
        kinds = self.ontology.kinds
        keep = []
        agreement_content: set[int] = set()
        for candidate in candidates:
            if kinds[candidate.trigger.kind].absorbs_content and not self._anaphoric_agreement(candidate):
                agreement_content.update(self._content_tokens(candidate.token))
        item_tokens: set[int] = set()
        for candidate in candidates:
            if candidate.item_token is not None:
                item_tokens.update(t.i for t in candidate.item_token.subtree)
        triggers = {c.token.i: c for c in candidates}
        on_item_path: set[int] = set()
        for candidate in candidates:
            node = candidate.item_token
            while node is not None and node.i != candidate.token.i and node.head.i != node.i:
                node = node.head
                if node.i != candidate.token.i and node.i in triggers and \
                        triggers[node.i].trigger.kind == candidate.trigger.kind:
                    on_item_path.add(node.i)
        for candidate in candidates:
            if candidate.token.i in on_item_path:
                continue
            token = candidate.token
            kind = kinds[candidate.trigger.kind]
            if token.i in agreement_content and not kind.absorbs_content and candidate.quantity is None:
                continue
            if candidate.trigger.pos == "noun" and token.i in item_tokens and candidate.item_token is not None \
                    and token.i not in (c.item_token.i for c in candidates if c.item_token is not None and c is candidate):
                if any(c is not candidate and c.item_token is not None and token.i in {t.i for t in c.item_token.subtree}
                       for c in candidates):
                    continue
            if candidate.trigger.pos == "noun" and token.dep_ == "pobj" and token.head.lower_ in ("for", "on") \
                    and token.head.head.i in set(triggers) | {c.item_token.i for c in candidates if c.item_token is not None}:
                continue
            # 'will visit Moscow to meet Putin': one meeting, told twice
            head = token.head
            if candidate.trigger.pos == "verb" and token.dep_ in ("advcl", "xcomp") and head.i in triggers \
                    and triggers[head.i].trigger.kind == candidate.trigger.kind:
                continue
            # a noun trigger that is the object of a verb trigger of the same kind: one claim
            if candidate.trigger.pos == "noun" and head.i in triggers and \
                    triggers[head.i].trigger.kind == candidate.trigger.kind and \
                    (triggers[head.i].actor is not None or not candidate.parties):
                continue
            if candidate.trigger.pos == "noun" and kind.name in ("agree", "meet") and any(
                    c.trigger.kind == kind.name and c.trigger.pos == "verb" and c.token.i != token.i
                    and c.actor is not None and c.recipient is not None
                    and token.i in {t.i for t in c.token.subtree} for c in candidates):
                continue   # "agreed to sell ... in a deal worth ...": one agreement
            if candidate.trigger.pos == "noun" and head.dep_ == "prep" and head.head.i in triggers \
                    and triggers[head.head.i].trigger.kind == candidate.trigger.kind and kind.name in ("produce",):
                continue
            if kind.needs_item and (candidate.item is None or (kind.item_categories and
                                                                candidate.item.category not in kind.item_categories)):
                # 'send' is both deploy and transfer: the item decides; try the sibling kind
                continue
            if kind.name == "agree" and self._anaphoric_agreement(candidate):
                continue
            if kind.name == "agree" and candidate.trigger.pos == "verb" and self._concurring(ctx, token):
                continue   # 'officials agreed with Zelenskyy's assessment': concurring, not a pact
            if candidate.trigger.pos == "noun" and kind.name in ("attack", "meet") and self._re_mention(candidate):
                continue   # 'the hunt for the organisers of the attack': an event already told
            if kind.name in ("agree", "meet", "attack") and candidate.actor is None and candidate.recipient is None:
                if vetoed is not None:
                    vetoed.append((candidate, "veto-no-party"))
                continue
            if kind.name == "attack" and candidate.item is None and not any(
                    self._known(e) for e in (candidate.actor, candidate.recipient) if e is not None):
                # "Chelsea launched a counter-attack": no state, force or weapon involved
                if vetoed is not None:
                    vetoed.append((candidate, "veto-unknown-party"))
                continue
            if kind.absorbs_content and any(
                    c is not candidate and c.token.i in self._content_tokens(candidate.token) and c.quantity is not None
                    for c in candidates):
                continue   # "agreed to sell 48 jets": the sale, with its figure, is the claim
            keep.append(candidate)
        # 'the UK is sending 1,600 missiles' told again as 'its largest-ever delivery of
        # equipment': an event noun with no figure and no doer of its own beside a verb claim
        verbs_of_kind = {c.trigger.kind for c in keep if c.trigger.pos == "verb"}
        keep = [c for c in keep if not (c.trigger.pos == "noun" and c.trigger.kind in verbs_of_kind
                                        and c.quantity is None and c.actor is None)]
        # one claim per (trigger, item) pair, and per state visited (_coordinated_hosts)
        seen = set()
        unique = []
        for candidate in keep:
            key = (candidate.token.i, candidate.item_token.i if candidate.item_token is not None else None,
                   candidate.recipient.id if "host-coordination" in candidate.rules and candidate.recipient else None)
            if key not in seen:
                seen.add(key)
                unique.append(candidate)
        return unique

    def _concurring(self, ctx: DocContext, token: Token) -> bool:
        if any(c.dep_ in ("xcomp", "ccomp", "dobj") for c in token.children):
            return False
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ == "with":
                objects = [o for o in child.children if o.dep_ == "pobj"]
                return bool(objects) and all(self._entity(ctx, o) is None and not self._is_party_word(o)
                                             for o in objects)
        return False

    def _re_mention(self, candidate: Candidate) -> bool:
        token = candidate.token
        definite = any(c.dep_ in ("det", "poss") and c.lower_ in DEFINITE for c in token.children)
        own = any(c.dep_ in ("amod", "compound", "poss", "prep", "nmod") and c.lower_ not in ("of",)
                  for c in token.children if not (c.dep_ == "prep" and c.lower_ in ("in", "at")))
        return definite and not own

    def _known(self, entity: Entity) -> bool:
        return entity.type == "country" or entity.id in self.resolver.entities

    def _content_tokens(self, token: Token) -> set[int]:
        content: set[int] = set()
        for child in token.children:
            if child.dep_ in ("xcomp", "relcl", "acl", "ccomp") or (child.dep_ == "prep" and child.lower_ in ("on", "for")):
                content.update(t.i for t in child.subtree)
            if child.dep_ in ("dobj", "nsubjpass", "attr") and child.lemma_.lower() in \
                    self.ontology.object_classes.get("agreement", ()):
                content.update(self._content_tokens(child))
        return content

    def _anaphoric_agreement(self, candidate: Candidate) -> bool:
        """'The agreement was concluded ...' re-mentions an agreement already reported."""
        token = candidate.token
        noun = token if candidate.trigger.pos == "noun" else next(
            (c for c in token.children if c.dep_ in ("dobj", "nsubjpass", "attr")
             and c.lemma_.lower() in self.ontology.object_classes.get("agreement", ())), None)
        if noun is None:
            return False
        definite = any(c.dep_ in ("det", "poss") and c.lower_ in DEFINITE for c in noun.children)
        if not definite:
            return False
        explicit = candidate.trigger.pos == "verb" and any(
            c.dep_ == "nsubj" and not self._is_party_word(c) and c.lower_ not in PRONOUNS for c in token.children)
        return not explicit

    # ------------------------------------------------------------------ assembling

    def _claim(self, ctx: DocContext, candidate: Candidate, sent: Span, siblings: list[Claim], *,
               checked: bool = True) -> Claim | None:
        kind = self.ontology.kinds[candidate.trigger.kind]
        document = ctx.document
        if candidate.item is not None and kind.not_items and (
                (candidate.item.name or "").lower() in kind.not_items or (candidate.item.text or "").lower() in kind.not_items):
            return None   # migrants flown to a base, a child sent back: no force deployed
        # For casualties, the doer slot is the side that suffered them.
        if candidate.actor is None:
            if candidate.item_token is not None:
                self._actor_from_modifiers(ctx, candidate, candidate.item_token)
        if candidate.actor is None and kind.name in ("casualties",):
            # '... had lost 4,700 soldiers, 600 of them dead': the same side
            sibling = next((c for c in reversed(siblings) if c.kind == kind.name and c.actor is not None), None)
            if sibling is not None:
                candidate.actor = sibling.actor
                candidate.fallbacks += 1
        if kind.name == "casualties" and candidate.actor is None:
            strike = next((c for c in siblings if c.kind == "attack" and c.recipient is not None
                           and c.recipient.type == "country"), None)
            if strike is not None:
                candidate.actor = strike.recipient   # 'a Russian missile strike on Dnipro killed nine people'
                candidate.rules.append("sufferer-is-target")
        if kind.name == "casualties" and candidate.actor is None and candidate.location is not None:
            place = candidate.location
            state = place if place.type == "country" else (
                self.resolver.by_id(f"country:{place.country}") if place.country else None)
            if state is not None:
                candidate.actor = replace(state, text=place.text)   # 'people were killed in Lebanon'
                candidate.rules.append("sufferer-from-place")
        if kind.name in ("deploy", "transfer") and candidate.recipient is None:
            candidate.recipient = self._recipient_from_context(ctx, candidate, sent)
        if kind.name == "attack" and candidate.recipient is None:
            # the target state: where the strike landed ('struck a hospital in Kyiv')
            target = candidate.location
            if target is not None and target.type == "place" and target.country:
                target = self.resolver.by_id(f"country:{target.country}")
            if target is None:
                target = self._other_state_in_sentence(ctx, sent, candidate.actor, after=candidate.token.idx)
            if target is not None and target.type == "country" and \
                    (candidate.actor is None or target.id != candidate.actor.id):
                candidate.recipient = target
                candidate.rules.append("target-from-place")
        if kind.name in ("agree", "meet") and (candidate.actor is None) != (candidate.recipient is None) \
                and candidate.trigger.pos == "verb":
            known = candidate.actor or candidate.recipient
            other = self._with_party(ctx, candidate.token, known)
            if other is not None:
                candidate.recipient = other if candidate.actor else candidate.recipient
                candidate.actor = candidate.actor or other
                candidate.fallbacks += 1
                candidate.rules.append("party-from-sentence")
        if kind.name in ("deploy", "transfer") and candidate.actor is None:
            previous = next((c for c in reversed(ctx.claims) if c.kind == kind.name and c.actor is not None), None)
            if previous is not None and sent.start_char - previous.evidence.end < 400:
                candidate.actor = previous.actor
                candidate.fallbacks += 1
                candidate.rules.append("actor-carried-over")
        if candidate.actor is not None and candidate.recipient is not None and candidate.actor.id == candidate.recipient.id \
                and kind.name not in ("agree", "meet"):
            candidate.recipient = None
        if self.models is not None:
            self._learned_parties(ctx, candidate, sent)
        self.parties.apply(ctx, candidate, sent)
        self._known_event_parties(ctx, candidate)
        attribution = ctx.attributions.get(sent.start_char) or self._attribution_for(ctx, sent)
        chain = self._attribution_chain(ctx, attribution, candidate.token)
        statement_span = None
        reported = document.published
        reported_by = _iso_date(reported)
        if attribution is not None and getattr(attribution, "statement_time_start", None) is not None:
            statement_span = (attribution.statement_time_start, attribution.statement_time_end)
            for expression in ctx.times:
                if expression.start < statement_span[1] and expression.end > statement_span[0] and expression.start_date:
                    reported = expression.start_date.isoformat()
                    # what the statement reports happened by its last day ("last month"), and
                    # not after the report ("this week" in a Friday article)
                    last = expression.end_date or expression.start_date
                    published = _iso_date(document.published)
                    reported_by = min(last, published) if published and last > expression.start_date else last
                    break
        modality, hedged = modality_stage.claim_modality(candidate.token, candidate.trigger.modality,
                                                         candidate.modality, kind=kind.name)
        time = self._time(ctx, candidate, sent, statement_span, reported_by, modality=modality)
        time = event_time.from_reference(time, reported_by)   # "by September": from the telling on
        published_on = _iso_date(document.published)
        time = event_time.week_just_ended(time, published_on)   # a Sunday paper's "last week"
        if modality == "occurred" and time is not None and time.start and published_on \
                and time.start > published_on.isoformat():
            # an event dated after the article was published has not happened yet: "the meeting
            # of G7 leaders in Italy" in June, "at a June summit" in a May article (issue 15:
            # 8 of 12 such claims on train and 5 of 8 on dev are planned in the gold; the rest
            # are times the parse hung on the wrong event)
            modality = "planned"
            candidate.rules.append("dated_after_publication")
        if modality == "occurred":   # "this year" for a done deed ends at the report
            time = event_time.occurred_within(time, reported_by)
        quantity = candidate.quantity
        if quantity is None and kind.name == "transfer" and candidate.item_token is not None:
            # "a $1 billion package of weapons": the value of what is sent
            item_tokens = {x.i for x in candidate.item_token.subtree} | {candidate.item_token.i}
            container = candidate.item_token.head
            while container.dep_ in ("pobj", "prep") and container.head.i != container.i:
                container = container.head
            item_tokens |= {container.i}
            for mention in ctx.quantities_in(sent.start_char, sent.end_char):
                if mention.kind != "money" or mention.quantity is None or not (sent.start_char <= mention.start < sent.end_char):
                    continue
                span = ctx.doc.char_span(mention.start, mention.end, alignment_mode="expand")
                if span is not None and any(t.head.i in item_tokens for t in span):
                    quantity = mention.quantity
                    candidate.rules.append("value")
                    break
        if quantity is None and kind.name == "transfer" and candidate.item_token is not None:
            top = candidate.item_token
            while top.head.i != candidate.token.i and top.head.i != top.i and top.dep_ not in SUBJECTS:
                top = top.head   # the whole argument phrase: 'tonnes of LPG', 'drones and parts worth ...'
            subtree = list(top.subtree)
            lo, hi = subtree[0].idx, subtree[-1].idx + len(subtree[-1])
            wanted = ("money", "measure") if candidate.item and candidate.item.category in ("goods", "money") else ("money",)
            for mention in ctx.quantities_in(lo, hi):
                if mention.kind in wanted and mention.quantity is not None and lo <= mention.start < hi:
                    quantity = mention.quantity   # 'drones and parts worth over $12 million', '7.5 million tonnes of LPG'
                    candidate.rules.append("value")
                    break
        if quantity is None and kind.name == "transfer":
            # 'sold Russia drones for over $12 million', '... worth $3bn': the price paid
            clause = {t.i for t in candidate.token.subtree}
            for mention in ctx.quantities_in(sent.start_char, sent.end_char):  # a clause lies in its sentence
                if mention.kind != "money" or mention.quantity is None:
                    continue
                span = ctx.doc.char_span(mention.start, mention.end, alignment_mode="expand")
                if span is None or span[0].i not in clause or span[0].i == 0:
                    continue
                before = ctx.doc[span[0].i - 1].lower_
                if before in ("worth", "for", "totalling", "totaling", "valued", "at") and \
                        (before != "at" or ctx.doc[span[0].i - 2].lower_ == "valued"):
                    quantity = mention.quantity
                    candidate.rules.append("price")
                    break
        if quantity is None and candidate.trigger.pos == "noun" and kind.name in ("transfer", "agree"):
            for mention in ctx.quantities_in(candidate.token.left_edge.idx, candidate.token.idx):
                if mention.kind == "money" and mention.quantity is not None and \
                        candidate.token.left_edge.idx <= mention.start < candidate.token.idx:
                    quantity = mention.quantity   # 'the latest $1 billion weapons package for Ukraine'
                    candidate.rules.append("value")
                    break
        if quantity is None and kind.name == "agree":
            noun = candidate.token if candidate.trigger.pos == "noun" else next(
                (c for c in candidate.token.children if c.dep_ in ("dobj", "nsubjpass")
                 and c.lemma_.lower() in self.ontology.object_classes.get("agreement", ())), None)
            if noun is not None:
                for mention in ctx.quantities_in(noun.left_edge.idx, noun.idx):
                    if mention.kind == "money" and mention.quantity is not None and \
                            noun.left_edge.idx <= mention.start < noun.idx:
                        quantity = mention.quantity   # 'a $40bn deal'
                        candidate.rules.append("deal-value")
                        break
        if quantity is None and kind.name == "attack":
            # "struck 36 Houthi targets": the count of targets hit
            for child in candidate.token.children:
                if child.dep_ in ("dobj", "nsubjpass") and (candidate.item_token is None or child.i != candidate.item_token.i):
                    found = [m for m in ctx.quantity_by_noun.get(child.i, ()) if m.kind == "count" and m.quantity]
                    if found:
                        quantity = found[0].quantity
                        candidate.rules.append("targets")
                        break
        if quantity is None and kind.name in ("deploy", "transfer", "casualties", "produce"):
            quantity, mention = self._loose_quantity(ctx, candidate)
            if quantity is not None:
                candidate.quantity_mention = mention
                candidate.rules.append("figure-in-clause")
        plausible = self._plausible(kind.name, candidate, quantity)
        if checked and not plausible and self.models is None:
            return None
        if not plausible:
            candidate.rules.append("implausible")   # a feature for the scorer, no longer a veto
        confidence = self._confidence(candidate, quantity)
        stripped = sent.text.strip()
        start = sent.start_char + sent.text.index(stripped[:1]) if stripped else sent.start_char
        evidence = Evidence(start=start, end=start + len(stripped), text=stripped)
        claim = Claim(id="", kind=kind.name, actor=candidate.actor, recipient=candidate.recipient,
                      item=candidate.item, quantity=quantity, time=time, location=candidate.location,
                      attribution=chain, modality=modality, reported=reported, evidence=evidence,
                      confidence=confidence,
                      extractor=f"newsledger.{EXTRACTOR_VERSION}/{kind.name}:{'+'.join(candidate.rules)}",
                      hedged=bool(hedged))
        if self.models is not None:
            claim._features = scoring.claim_features(ctx, candidate, claim, sent, self.models.word_weight)
            if self.collect:
                claim._parties = candidate.party_rows
                claim._rule_parties = candidate.rule_parties or (claim.actor, claim.recipient)
        return claim

    def _loose_quantity(self, ctx: DocContext, candidate: Candidate):
        """A figure in a clause the trigger governs, counting something of the claim's item
        category: 'arrived ..., when it was about 12 thousand people'."""
        if candidate.item is None:
            return None, None
        subtree = {t.i for t in candidate.token.subtree}
        region = candidate.token
        while region.dep_ in ("compound", "nsubj", "nsubjpass") and region.head.i != region.i:
            region = region.head
        if region.i != candidate.token.i and region.pos_ in ("VERB", "AUX") and not self._is_speech(region):
            for mention in ctx.quantities_in(region.idx, region.sent.end_char):
                noun = ctx.doc[mention.noun_token] if mention.noun_token is not None else None
                personnel = noun is not None and (self._item_match(noun) or (None,))[0] is not None and \
                    self._item_match(noun)[0].category == "personnel"
                if mention.kind == "count" and mention.quantity is not None and not mention.counts_other \
                        and (mention.noun_token is None or personnel) \
                        and region.idx <= mention.start < region.sent.end_char \
                        and any(t.i in {x.i for x in region.subtree} for t in ctx.doc.char_span(
                            mention.start, mention.end, alignment_mode="expand") or ()):
                    return mention.quantity, mention
        used = {c.quantity.text for c in ctx.claims if c.quantity}
        sentence = candidate.token.sent   # the trigger's subtree lies in its sentence
        for mention in ctx.quantities_in(sentence.start_char, sentence.end_char):
            if mention.kind != "count" or mention.quantity is None or mention.counts_other:
                continue
            if mention.noun_token is None or mention.noun_token not in subtree:
                continue
            noun = ctx.doc[mention.noun_token]
            match = self._item_match(noun)
            if match and match[0].category == candidate.item.category and noun.i != (candidate.item_token.i if candidate.item_token is not None else -1):
                if mention.text in used:
                    continue
                return mention.quantity, mention
        return None, None

    def _recipient_from_context(self, ctx: DocContext, candidate: Candidate, sent: Span) -> Entity | None:
        actor_id = candidate.actor.id if candidate.actor else None
        # a state that is the subject of another clause of the same sentence ("Russia is using ...")
        for token in sent:
            if token.dep_ in ("nsubj",) and token.i != candidate.token.i:
                if self._triggers(token.head):
                    continue   # 'Qatar pledged ...': the doer of its own claim, not a receiver
                entity = self._entity(ctx, token)
                if entity is not None and entity.type == "country" and entity.id != actor_id \
                        and not self._is_speech(token.head):
                    candidate.rules.append("recipient-from-sentence")
                    candidate.fallbacks += 1
                    return self._as_party(entity)
        # a withdrawal's state is where troops leave, not where the story's next ones go
        previous = next((c for c in reversed(ctx.claims) if c.kind in ("deploy", "transfer") and c.recipient is not None
                         and "recipient-withdrawn-from" not in c.extractor
                         and (actor_id is None or (c.actor and c.actor.id == actor_id))), None)
        if previous is None:
            # 'Portugal and Norway together supplied another 11 tanks': the receiver of the story
            previous = next((c for c in reversed(ctx.claims) if c.kind in ("deploy", "transfer")
                             and "recipient-withdrawn-from" not in c.extractor
                             and c.recipient is not None and c.recipient.id != actor_id
                             and sent.start_char - c.evidence.end < 1500), None)
        if previous is not None:
            candidate.rules.append("recipient-carried-over")
            candidate.fallbacks += 1
            return previous.recipient
        return None

    def _with_party(self, ctx: DocContext, token: Token, known: Entity | None) -> Entity | None:
        """The counterpart named inside the clause: 'has agreed to produce drones jointly
        developed with Russia', 'signed a deal to import gas from Iran'."""
        preps = ("with", "from", "to") if self._triggers(token) and \
            self._triggers(token)[0].kind == "agree" else ("with",)
        for inner in token.subtree:
            if inner.dep_ == "prep" and inner.lower_ in preps and inner.i != token.i:
                for obj in inner.children:
                    entity = self._entity(ctx, obj) if obj.dep_ == "pobj" else None
                    if entity is not None and (known is None or entity.id != known.id):
                        return self._as_party(entity)
        return None

    @staticmethod
    def _spelled_as_in_text(ctx: DocContext, entity: Entity, phrase: str) -> str:
        """A source's name as the article spells it ("Volodymyr Zelenskiy" where the gazetteer
        says "Zelensky"), so the chain quotes the text; the id stays the gazetteer's."""
        if entity.type != "person":
            return entity.name
        known = f"{entity.name} {phrase}".casefold()
        spelled = {m.text.strip() for m in ctx.mentions if m.entity.id == entity.id and m.text}
        if not spelled or any(s.casefold() in known for s in spelled):
            return entity.name
        return max(spelled, key=len)

    def _unlisted_source(self, source) -> Entity:
        """A source the gazetteer does not know: 'the Iranian health ministry', 'sources'. Named
        by its phrase (not its bare head), with the state it names, so origins stay apart."""
        phrase = re.sub(r"^(?:the|a|an)\s+", "", source.text.strip(), flags=re.I)
        if len(phrase.split()) > 6 or not phrase:
            phrase = source.head
        states = [m.entity for m in self.resolver.find(phrase) if m.entity.type == "country"]
        if states and phrase.lower() != source.head.lower():
            body = source.head.lower().split()[-1] if source.head else ""
            kind = "organization" if body in _BODY_WORDS else "group"
            return Entity(id=f"{'org' if kind == 'organization' else 'group'}:{_slug(phrase)}", name=phrase,
                          type=kind, text=source.text, country=states[0].iso3)
        return Entity(id=f"group:{_slug(source.head)}", name=source.head, type="group", text=source.text)

    def _other_state_in_sentence(self, ctx: DocContext, sent: Span, known: Entity | None,
                                 after: int = 0) -> Entity | None:
        attribution = ctx.attributions.get(sent.start_char)
        source_spans = [(s.start, s.end) for s in getattr(attribution, "chain", None) or []]
        for mention in ctx.mentions:
            if not (max(sent.start_char, after) <= mention.start < sent.end_char) or mention.entity.type != "country":
                continue
            if (known is not None and mention.entity.id == known.id) or any(a <= mention.start < b for a, b in source_spans):
                continue
            return replace(mention.entity, text=mention.text)
        return None

    def _attribution_for(self, ctx: DocContext, sent: Span):
        for attribution in ctx.attributions.values():
            if attribution.start <= sent.start_char < attribution.end or \
                    sent.start_char <= attribution.start < sent.end_char:
                return attribution
        return None

    def _attribution_chain(self, ctx: DocContext, attribution, token=None) -> list[Entity]:
        """The outlet, then the sources of the clause that holds the claim's trigger (a
        sentence's chain, or the inner one of "reports of ..." / "officials who said ...")."""
        chain: list[Entity] = []
        outlet = ctx.document.outlet
        if outlet:
            entity = self.resolver.resolve(outlet) or Entity(id=f"org:{_slug(outlet)}", name=outlet,
                                                            type="organization", text=outlet)
            chain.append(replace(entity, text=outlet))
        sources = getattr(attribution, "chain", None) or []
        if token is not None and getattr(attribution, "clauses", None):
            sources = attribution.chain_for(token)
        for source in sources:
            entity = self.resolver.resolve(source.head) or self.resolver.resolve(source.text)
            if entity is None:
                entity = self._unlisted_source(source)
            else:
                entity = replace(entity, name=self._spelled_as_in_text(ctx, entity, source.text), text=source.text)
            if not chain or chain[-1].id != entity.id:
                if all(e.id != entity.id for e in chain):
                    chain.append(entity)
        return chain

    def _time(self, ctx: DocContext, candidate: Candidate, sent: Span, statement_span,
              reference: date | None = None, *, modality: str = "occurred") -> TimeSpan | None:
        """The event's window (event_time's order). What did not happen ("is not sending
        troops") has no day of the statement that denies it nor of the story around it, only
        a date of its own clause; what may happen takes no lead's date from further on
        (event_time.lead_time: a threat in an undated lead is not of the day told later)."""
        borrow = {"borrow": modality != "negated", "lead": modality != "possible"}
        anniversary = event_time.anniversary_of(candidate.token, ctx.times)
        if anniversary is None:
            found = self._clause_time(ctx, candidate, candidate.token, sent, statement_span, reference, **borrow)
            if found is None and modality == "occurred":   # "Russia's invasion of Ukraine": its day
                token = candidate.token
                event = event_time.known_event(nlp_module.doc_text(ctx.doc), candidate.trigger.kind,
                                               token.idx, token.idx + len(token.text))
                found = event_time.known_event_day(event, token.text, token.lemma_, _iso_date(ctx.document.published))
            # a total or an ongoing attack of the war the story is about: the war to date
            if found is None and modality == "occurred" and candidate.trigger.kind in WAR_TO_DATE_KINDS \
                    and (candidate.quantity is not None
                         or any(c.dep_ in ("aux", "auxpass") and c.lemma_ == "have" for c in candidate.token.children)):
                found = event_time.war_to_date(nlp_module.doc_text(ctx.doc), candidate.token.idx, _iso_date(ctx.document.published))
            return found
        # "the 39th anniversary of the Bay of Pigs fiasco": the anniversary's date less the
        # count; an anniversary not counted dates nothing
        noun, count = anniversary
        if count is None:
            return None
        return event_time.before_by(self._clause_time(ctx, candidate, noun, sent, statement_span, reference,
                                                      **borrow), count)

    def _clause_time(self, ctx: DocContext, candidate: Candidate, token, sent: Span, statement_span,
                     reference: date | None = None, *, borrow: bool = True, lead: bool = True) -> TimeSpan | None:
        text = ctx.document.text
        # the evidence sentence's own bounds: the parser's sentence runs on over the blanked
        # sentences that were not read, whose dates are not this one's
        stripped = sent.text.strip()
        lo = sent.start_char + sent.text.index(stripped[:1]) if stripped else sent.start_char
        hi = lo + len(stripped)
        # the clause of the trigger: its subtree and the chain of heads up to a speech verb,
        # not out of the quotation that holds it (the frame's date is the speaking's)
        quote = event_time.quote_frame(text, lo, hi, token.idx)
        clause = {t.i for t in token.subtree}
        node = token
        chain = [token]
        while node.head.i != node.i and not self._is_speech(node.head) and node.dep_ in CLAUSE_UP | {"dobj", "pobj", "prep", "agent", "nsubjpass", "nsubj"} \
                and not (quote and not quote[0] <= node.head.idx < quote[1]):
            node = node.head
            clause.update(c.i for c in node.children if c.dep_ in ("prep", "npadvmod", "advmod", "advcl") for c in c.subtree)
            clause.add(node.i)
            chain.append(node)
        # other events' dates: a relative clause about something else ("the farms, which had
        # taken the last place in the past, produced"); the rest of the sentence when the event
        # is set off from it by a span ("in 2016, two years after Russian forces invaded")
        exclude = event_time.foreign_clauses(token)
        exclude += event_time.framed_spans(token, ctx.times)   # an anniversary's event, what lies ahead
        # a named period placing another word ("atrocities committed in the early weeks of the invasion")
        exclude += event_time.periods_of_others(token, chain, event_time.historical_periods(text, lo, hi, reference))
        offset = event_time.offset_clause(token)
        best = None
        compared = None   # "than the same period of last year": the result is this year's
        for expression in ctx.times:
            if expression.start < lo or expression.end > hi:
                continue
            if statement_span and expression.start < statement_span[1] and expression.end > statement_span[0]:
                continue
            if any(expression.start < x_hi and expression.end > x_lo for x_lo, x_hi in exclude):
                continue
            if event_time.record_since(text, expression, token.idx):   # "the first visit since 1945"
                continue
            if offset and not (offset[0] <= expression.start and expression.end <= offset[1]
                               and not (expression.start < offset[3] and expression.end > offset[2])):
                continue
            if not event_time.dates_event(expression, text):   # no adjective, dateline nor comparison
                expression = event_time.counterpart(text, expression, reference)
                if expression is None:
                    continue
                compared = compared or expression
            span = ctx.doc.char_span(expression.start, expression.end, alignment_mode="expand")
            if span is None or not any(t.i in clause for t in span) or not event_time.dates_noun(expression, token, span):
                # "now" dates its own clause's verb only: the trigger's, or one the trigger hangs from
                if expression.value == "PRESENT_REF" and (span is None or not event_time.governs(span, token)
                                                          or not event_time.dates_noun(expression, token, span)):
                    exclude.append((expression.start, expression.end))
                continue
            # a date beats "now" ("up to now this year")
            distance = (expression.value == "PRESENT_REF", min(abs(t.i - token.i) for t in span))
            if best is None or distance < best[0]:
                best = (distance, expression)
        if best is None and compared is not None:   # the sentence's comparison dates its result
            return compared.to_timespan()
        if best is None and offset is not None:   # the rest of the sentence's date moved by the span
            found = event_time.offset_time(ctx.times, text, offset, lo, hi) \
                or event_time.context_time(ctx.times, text, offset[:2], token.idx, reference, story=False)
            if found is None:   # what the clause names ("after Russia invaded"), else the story's moved
                rest = event_time.context_time(ctx.times, text, (lo, hi), token.idx, reference, skip=statement_span,
                                               exclude=[*exclude, offset[:2]])
                found = event_time.offset_time(ctx.times, text, offset, lo, hi, anchor=rest) if rest else None
            return found.to_timespan() if found is not None else None
        if best is None:   # the clause names no time: the sentence's or the article's
            # a running total stated in the perfect ("had transferred nearly 5 million shells")
            # is a figure to date: as of its statement, not an event on the statement's day
            to_date = candidate.quantity is not None and candidate.trigger.kind in RUNNING_TOTAL_KINDS \
                and any(c.dep_ in ("aux", "auxpass") and c.lemma_ == "have" for c in token.children)
            skip = statement_span
            if skip is None and quote is not None:   # the quotation's frame dates the speaking
                frame = next((e for e in ctx.times if lo <= e.start and e.end <= hi and not quote[0] <= e.start < quote[1]
                              and event_time.dates_event(e, text)), None)
                skip = (frame.start, frame.end) if frame is not None else None
            story = not event_time.hypothetical(token) and not event_time.named_ahead(token) \
                and not event_time.states_habit(token)
            found = event_time.context_time(ctx.times, text, (lo, hi), token.idx, reference, skip=skip,
                                            to_date=to_date, exclude=exclude, story=story and borrow,
                                            by_statement=borrow, lead=lead)
            return found.to_timespan() if found is not None else None
        return event_time.with_start(event_time.placed_since(text, best[1], reference, token.idx)).to_timespan()

    def _state_of(self, place: Entity) -> Entity | None:
        if place.type == "country":
            return place
        state = self.resolver.by_id(f"country:{place.country}") if place.country else None
        return replace(state, text=place.text) if state is not None else None

    def _home_state(self, ctx: DocContext) -> Entity | None:
        """The state an article is about: its dateline's, else the one it names most."""
        if ctx.home_state is None:
            dateline = ctx.document.dateline
            found = self.resolver.resolve(dateline) if dateline else None
            if found is not None and found.type == "place" and found.country:
                found = self.resolver.by_id(f"country:{found.country}")
            if found is None or found.type != "country":
                counts: dict[str, int] = {}
                for mention in ctx.mentions:
                    if mention.entity.type == "country":
                        counts[mention.entity.id] = counts.get(mention.entity.id, 0) + 1
                found = self.resolver.by_id(max(counts, key=counts.get)) if counts else None
            ctx.home_state = found or False
        return ctx.home_state or None

    def _party(self, entity: Entity | None) -> bool:
        """A party a register of states can follow: a state, or a known body or person."""
        if entity is None:
            return False
        return entity.type == "country" or (entity.id in self.resolver.entities and entity.type != "group")

    def _plausible(self, kind: str, candidate: Candidate, quantity: Quantity | None) -> bool:
        """Last checks on an assembled claim, against the readings that fill news with false
        events: 'I agree with Mr Forsyth', 'each death is a death too many', 'sell the dollar'."""
        if kind == "attack" and candidate.item is None and not self._party(candidate.actor) and not (
                candidate.actor is not None and self.resolver.kind(candidate.actor) in ("armed group", "military")):
            return False   # 'attacked UK policy', 'was hit by a crisis': no armed doer, no weapon
        if kind in ("agree", "meet"):
            # both sides named, at least one a state or a known body; no unknown people
            sides = (candidate.actor, candidate.recipient)
            if any(e is None or e.type in ("group", "place") for e in sides):
                return False
            # a person the gazetteer does not know counts only beside a state or known body
            return any(self._party(e) for e in sides) and candidate.actor.id != candidate.recipient.id
        if kind == "casualties" and candidate.trigger.pos == "noun" and quantity is None:
            return False
        if kind == "casualties" and candidate.trigger.frame == "suffer" and quantity is None and \
                not self._party(candidate.actor):
            return False   # 'we lost people from our local party', 'lost some of the edginess'
        if kind in ("transfer", "deploy"):
            if candidate.actor is None and candidate.recipient is None:
                return False
            if candidate.trigger.needs_recipient and candidate.recipient is None:
                return False
            if candidate.item is not None and candidate.item.category == "other" and not (
                    self._party(candidate.actor) and self._party(candidate.recipient)):
                return False
            if candidate.item is not None and candidate.item.category == "money" and quantity is None:
                return False
        return True

    def _confidence(self, candidate: Candidate, quantity: Quantity | None) -> float:
        score = 0.45
        if candidate.actor is not None:
            score += 0.15
        if candidate.recipient is not None or self.ontology.kinds[candidate.trigger.kind].name in ("produce", "casualties"):
            score += 0.1
        if candidate.item is not None:
            score += 0.1
        if quantity is not None:
            score += 0.1 if "figure" in candidate.rules else 0.05
        if candidate.trigger.pos == "verb":
            score += 0.05
        score -= 0.07 * candidate.fallbacks
        return max(0.05, min(0.99, score))


# ---------------------------------------------------------------------- helpers

# Verbs whose object is an event ('attacks carried out by', 'strikes launched by'): their
# 'by' agent is the event's doer wherever the parser hangs them in the event noun's phrase.


@lru_cache(maxsize=1)
class _MemoryZones:
    """One memory zone per pipeline open over ZONE_DOCUMENTS documents, then freed and the
    next opened; none until the pipeline knows PERMANENT_WORDS words. Kept per pipeline, not
    per extractor: spaCy's zones do not nest, and two extractors over the one shared pipeline
    (a collecting one beside the default, the training folds) each closing its own zone
    freed the other's words under the tokenizer's cache (KeyError E018 on the next text)."""

    def __init__(self, pipelines):
        self.pipelines = pipelines
        self.stack = ExitStack()
        self.documents = 0

    def rotate(self, count: int) -> None:
        if self.documents >= ZONE_DOCUMENTS:
            self.stack.close()
            self.documents = 0
        if not self.documents:
            for pipeline in self.pipelines:
                if len(pipeline.vocab) >= PERMANENT_WORDS:
                    self.stack.enter_context(pipeline.memory_zone())
        self.documents += count


_ZONES: dict[int, _MemoryZones] = {}


def _memory_zones(nlp) -> _MemoryZones:
    zones = _ZONES.get(id(nlp))
    if zones is None or zones.pipelines[0] is not nlp:
        zones = _ZONES[id(nlp)] = _MemoryZones((nlp, _sentencizer()))
    return zones


@lru_cache(maxsize=1)
def _sentencizer():
    import spacy
    blank = spacy.blank("en")
    blank.add_pipe("sentencizer")
    # the tokenizer and the rule-based sentencizer are linear and need no model memory, so
    # spaCy's 1,000,000-character guard (meant for the parser and NER) does not apply
    blank.max_length = 10 ** 9
    return blank


@lru_cache(maxsize=1)
def _event_doing_verbs() -> frozenset[str]:
    return frozenset(modality_stage.load_cues()["parties"]["event_doing_verbs"])


@lru_cache(maxsize=1)
def _denial_lemmas() -> frozenset[str]:
    return frozenset(modality_stage.load_cues()["modality"]["denied_governors"])


def _denied_gerund(token: Token) -> bool:
    """'Iran denied supplying drones', with 'supplying' parsed as an adjective on 'drones'."""
    return token.dep_ == "amod" and token.tag_ == "VBG" and token.head.dep_ == "dobj" \
        and token.head.head.lemma_.lower() in _denial_lemmas()


@lru_cache(maxsize=1)
def _speech_lemmas() -> frozenset[str]:
    # the attribution stage's lexicon (knowledge/cues.yaml), so both stages agree on what a speech verb is
    return frozenset(modality_stage.load_cues()["attribution"]["speech_verbs"])


@lru_cache(maxsize=1)
def _object_speech_lemmas() -> frozenset[str]:
    return frozenset(modality_stage.load_cues()["attribution"]["object_speech_verbs"])


# heads of unlisted sources that are bodies of a state rather than loose groups
_BODY_WORDS = frozenset({"ministry", "office", "administration", "department", "agency", "service",
                         "command", "staff", "council", "committee", "commission", "authority",
                         "authorities", "government", "military", "army", "police", "embassy"})


def _words_pattern(words) -> re.Pattern:
    ordered = sorted(words, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(map(re.escape, ordered)) + r")\b", re.I)


def _joined(parts: list[Doc]) -> Doc:
    """One Doc of an article parsed in pieces (see ClaimExtractor._parse), its text known
    (the pieces' texts end to end). The pieces' user data (their own texts) is not copied."""
    if len(parts) == 1:
        return parts[0]
    joined = Doc.from_docs(parts, ensure_whitespace=False, exclude=["user_data"])
    return nlp_module.remember_text(joined, "".join(nlp_module.doc_text(part) for part in parts))


def _release(docs: list[Doc]) -> None:
    """Empty the user data of a batch's Docs once their claims are made. Stages cache things
    there that hold Spans of the Doc itself (attribution's entity index): a reference cycle,
    which only Python's full collections free, and those come rarely in a process holding a
    model. A worker's parsed Docs (token arrays, tensors, Spans) piled up in between: +70 MiB
    over 300 claim-dense news-bench articles, the memory growth of long runs. Without the
    cycle every Doc is freed as soon as the batch lets go of it."""
    for doc in docs:
        doc.user_data.clear()


def _kept_chars(masked: str) -> int:
    return len(masked) - masked.count(" ") - masked.count("\n")


LONG_LINE_CHARS = 4 * PIECE_CHARS  # a line longer than this is cut after sentence ends
# Characters of a piece, blanked ones included: far below spaCy's 1,000,000-character limit
# (blanked sentences cost the parser almost nothing, but spaCy counts them)
MAX_PIECE_CHARS = 200_000
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+")


def _segments(masked: str):
    """(start, end, whole line?) of each line; a line longer than LONG_LINE_CHARS (a whole article on
    one line, as some exports have it) is cut after its sentence ends instead, so that no
    piece reaches spaCy's length limit and memory stays bounded. Ordinary lines stay whole."""
    for line in re.finditer(r"[^\n]*\n|[^\n]+$", masked):
        if line.end() - line.start() <= LONG_LINE_CHARS:
            yield line.start(), line.end(), True
            continue
        start = line.start()
        for end in _SENTENCE_END.finditer(masked, line.start(), line.end()):
            if end.end() - start >= PIECE_CHARS:
                yield start, end.end(), False
                start = end.end()
        while line.end() - start > LONG_LINE_CHARS:  # no sentence end for that long: cut anyway
            cut = masked.rfind(" ", start, start + PIECE_CHARS) + 1 or start + PIECE_CHARS
            cut = cut if cut > start else start + PIECE_CHARS
            yield start, cut, False
            start = cut
        if start < line.end():
            yield start, line.end(), False


def _pieces(masked: str) -> list[str]:
    """`masked` cut after line breaks (see _segments) into pieces holding at most
    PIECE_CHARS characters of kept (non-blank) text each."""
    if len(masked) <= PIECE_CHARS or (_kept_chars(masked) <= PIECE_CHARS and len(masked) <= MAX_PIECE_CHARS):
        return [masked]
    pieces, start, kept = [], 0, 0
    for seg_start, seg_end, whole_line in _segments(masked):
        segment = masked[seg_start:seg_end]
        weight = len(segment) - segment.count(" ") - (1 if whole_line else 0)
        if (kept and kept + weight > PIECE_CHARS) or (seg_start > start and seg_end - start > MAX_PIECE_CHARS):
            pieces.append(masked[start:seg_start])
            start, kept = seg_start, 0
        kept += max(weight, 0)
    pieces.append(masked[start:])
    return [p for p in pieces if p] or [masked]


def _iso_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "unknown"

