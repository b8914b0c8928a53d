"""Attribution: per sentence, the chain of who says it (outermost first, ending with the
origin). The document's outlet is NOT added here; the claim extractor prepends it.

Rule-based over the spaCy parse, by hand because no library gives nested source chains
for news English. Cues (lexicons in `knowledge/cues.yaml`):

- speech verbs: "X said/stated/reported/wrote/... that C" -> [X]; the ccomp is the content
  (`speech_token`, `content_start/end`). Nested speech nests the chain:
  "Reuters reported that officials said that ..." -> [Reuters, officials].
- "according to X" (and "as reported by X", "sources cited by X" -> [X, sources]).
- "X, citing Y, said" / "according to X, citing Y" -> [X, Y]; "X quoted Y as saying" -> [X, Y].
- channels: "X told NHK that" -> [NHK, X] when the listener is media-like (known outlet,
  media noun or an organisation name that is not an assembly); "X said in an interview
  with Bloomberg" / "speaking to CNN" -> [Bloomberg, X].
- trailing ", reports UNN" / ", said Peskov": the speech verb is the root and the content
  is its ccomp, so the same rule covers it; a headline credit "... - NHK" too.
- backwards: "This was reported by X, citing Y" / "X reported this" (a reporting verb with
  an anaphoric subject/object and nothing else said) attributes the previous sentences:
  always the one just before (even across a paragraph break, as in a lede followed by its
  credit line), then further back within that sentence's paragraph, stopping at a
  sentence that has a chain of its own. The credit sentence itself also gets the chain.
- pronouns: "he/she said" -> the most recent person mention (PERSON entity or person-like
  source) before it; "the latter/the former" -> the last / the one before the last distinct
  person mentioned in the preceding sentences (falling back to organisations); "they/it"
  -> the most recent non-person source. Unresolved pronouns are dropped (no chain).
- "reportedly"/"allegedly" are hedges (modality.py), not sources.
- article context (issue 15): a sentence inside a quotation (curly or straight marks, a
  quote going on over paragraphs, or a dash quotation "... - he said") takes the speaker
  of the quotation: named after its closing mark, before its opening mark ("X said: “"),
  or earlier in its paragraph; "X released the following statement:" and "the full text of
  his statement" make X the source of every later sentence without one (a statement
  reprinted by an agency: the extractor puts the outlet first, the author last); "the
  Belarusian leader" / "the spokeswoman" resolve to the person of the article named with
  that role or state; "the statement said" / "according to the document" to the issuer
  introduced before ("X said in a statement", "the Senate passed a resolution"); "he"
  never resolves to a name the gazetteer knows as a place, state or outlet; "X accused /
  denounced Y of ..." and "X promised that ..." name X; "... - Putin summed up" and a
  headline "Deszczyca: We are ..." name their speaker. `context_positions` tells the
  extractor which unparsed sentences these rules need.

Sentences whose speech verbs take only an anaphoric object ("both sides denied this")
contribute no chain for their own sentence.

Origin on real news (issue 15, cues in `knowledge/cues.yaml`): report nouns ("reports of
C", "amid reports that C", "warnings from US officials that C") and relative clauses
("diplomats who suggested that C") attribute only their content (`ClauseAttribution.scoped`;
the extractor asks `chain_for` the claim's trigger); beliefs and opinions ("X is convinced
that", "in his opinion", "X's assessment is that", "as X noted,"); content nouns of speech
verbs ("stressed the need to", "expressed belief that"); the sender of a document ("a
message ... from V. Putin" -> "the message said"); "the council" / "the operator" -> the
organisation the article introduced with that noun; "the spokesperson" -> "a U.S. State
Department spokesperson" named before; quote tags ("“...,” he continued"); "It was
emphasized that" in an article reporting a document -> its issuer.

Second round (issue 15): pledges, requests, threats and denials ("Xi has vowed to take over
Taiwan", "the UN urged leaders to agree", cues `intent_verbs`) make their subject the source
of what they govern (scoped, like report nouns); a reprinted statement ("Following is the full
text of an article ... issued by a military commentator:", a quoted title that breaks the
parse, "Read the President's full address below:") and a quotation put their author before
every source named inside them; "“...,” reads the statement by X"; "We, the Participants in
X, ..." names a joint statement's "we"; "he"/"she" prefer a person named as subject earlier in
the same sentence, and subjects of main clauses count as salient as speakers; "said the
politician" / "the head of the EC" with no name to match resolve like "he", "the company" /
"the group" to the organisation introduced with such a noun; events ("the war has claimed
lives") and speech verbs inside an if-clause say nothing.

Third round (issue 15): "according to Moscow-installed authorities" keeps the participle
compound; a subject the parser split at its hyphen ("The co-organizer") is the whole word; of
several subjects before a speech verb the one next to it speaks (an apposition read as a
subject comes first); a name joined to the object before ("... to Ukraine and Cameron said")
is the subject of its conjoined speech verb; a one-word name the text gave in full before
("Liz Truss" ... "Truss has said") is a person for "she"; "... - answered Lavrov" (a tag the
parser read as an adjective) names a person; "sent a letter ... demanding that" is the
sender's word; counting verbs (identify, verify, document, tally) name their subject;
"the reporter" resolves like "he"; `context_positions` also asks for the run of he/she
sentences back to the one naming the speaker. The extractor puts the article's spelling of a
person in the chain (claims._spelled_as_in_text: "Zelenskiy", not the gazetteer's "Zelensky").

Fourth round (issue 15): a relative clause speaks for its antecedent in pledges, requests and
stances ("Kishida Fumio, who called out Russia for", "Iran, which had condemned ... but also
criticized"); wishes and intentions ("Mr Brown wanted to provide") and critic verbs ("blasted")
name their subject; the subject of a voicing verb voices its report noun ("Kyiv and Moscow
traded accusations over strikes"); "noted a presence of"; a straight mark after a sentence's end
inside an open quotation reopens it (paragraphs glued together), so the quotation ends where
it really does; a subject the parser took from inside a quotation while the speech verb is
outside it gives way to the sentence's other speaker.

Fifth round (issue 15): a document named with its issuer ("the strategy document released by
the White House", "a report by X") or made by a verb of reporting ("The Reuters news agency
reported that ...") stands for a later "the report" / "that document" of the same noun, and a
named work issued by no one named ("the Global Terrorism Index 2025 released last week") for
any; whoever describes an event is its source ("killed in what officials describe as a joint
operation", "what he called a “miserable” attack"); "X cited Y as saying"; "caution" speaks
("But, Minic cautioned, ..."); "the newspaper" is the outlet introduced as "The Maariv
newspaper"; the setting of a speech act ("Blinken during the meeting of the UNSC warned",
"Speaking at a meeting ..., Truss said", "Morrison met with ... and said") is the outlet's to
tell (`SentenceAttribution.settings`).

Sixth round (issue 15): a document with a participle and its agent ("according to the data
previously provided by the Ukrainian Ministry of Defense") is issued by that agent, not by an
issuer named earlier for "the data".

Seventh round (issue 15): "X issued a press statement titled "...", which said:" makes X (the issuer
of the document the relative clause speaks for) the source of the lines after the colon
(`_relative_document_issuer`); a sentence with no source of its own goes on with the statement just
before it (across a paragraph break) when it opens with a link to it: an adding connective
("And it has released ...", "In addition, ...", "Moreover, ...") or a pronoun subject ("These
include ...", "It was also reported"), cues `continuation_*`, and the sentence before is stated
as a whole by its source ("..., the statement said"; not a source of a phrase only);
`_continued_statements`. Plain adjacency is no link: the outlet's narration after a quote stays
its own. `context_positions` asks for the sentences before such a linked sentence.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from types import SimpleNamespace
from typing import Any

from newsledger.analyze.nlp import doc_text  # also used by claims.py as attribution_stage.doc_text

from .modality import load_cues

__all__ = ["Source", "ClauseAttribution", "SentenceAttribution", "attribute", "stage_rows"]


@dataclass
class Source:
    text: str
    start: int
    end: int
    head: str
    cue: str
    pronoun_of: str | None = None
    person: bool = False          # person-like (for pronoun resolution and resolution hints)

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end, "head": self.head,
                "cue": self.cue, **({"pronoun_of": self.pronoun_of} if self.pronoun_of else {})}


@dataclass
class ClauseAttribution:
    """One speech act inside a sentence (a sentence may hold two: "X denied this, but Y
    acknowledged ..."). `chain` is complete (outer cues of the sentence included)."""
    chain: list[Source]
    speech_token: int | None
    content_start: int | None
    content_end: int | None
    # an act embedded in a phrase ("reports of C", "diplomats who suggested that C"): it
    # attributes only its content, never the sentence as a whole
    scoped: bool = False


@dataclass
class SentenceAttribution:
    start: int
    end: int
    chain: list[Source]
    speech_token: int | None = None
    statement_time_text: str | None = None
    statement_time_start: int | None = None
    statement_time_end: int | None = None
    content_start: int | None = None
    content_end: int | None = None
    backward: bool = False                   # chain inherited from a later "This was reported by"
    introduces: bool = False                 # "X released the following statement:" (X speaks on)
    colon_intro: bool = False                # "The message said:" (X speaks on, up to a source of its own)
    quoted: bool = False                     # chain of the speaker of the quotation it lies in
    continued: bool = False                  # chain of the statement this sentence goes on with
    clauses: list[ClauseAttribution] = field(default_factory=list)
    # where a speaker spoke, not what: (char start, char end, char of the speech verb) of the
    # event words that set a speech act ("Blinken during the Thursday meeting of the UNSC
    # warned that", "Speaking in Tokyo at a meeting of lawmakers, Truss said", "Morrison met
    # with the ministers and said"): the outlet tells them, or the speaker of an outer act
    settings: list[tuple[int, int, int]] = field(default_factory=list)

    def chain_for(self, token) -> list[Source]:
        """The chain that covers a predicate token: the innermost clause whose content
        holds it; for the setting of a speech act, the clause that holds that act's verb (none:
        the outlet's voice); else the sentence chain."""
        best = self._innermost(token.idx)
        if best is None:
            for lo, hi, verb_at in self.settings:
                if lo <= token.idx < hi:
                    outer = self._innermost(verb_at)
                    return outer.chain if outer is not None else []
        return best.chain if best else self.chain

    def _innermost(self, at: int) -> ClauseAttribution | None:
        best: ClauseAttribution | None = None
        for clause in self.clauses:
            if clause.content_start is not None and clause.content_start <= at < (clause.content_end or 0):
                if best is None or (clause.content_start >= (best.content_start or 0)):
                    best = clause
        return best


# --------------------------------------------------------------------------- lexicon access

def _a() -> dict[str, Any]:
    return load_cues()["attribution"]


def _lemma(tok) -> str:
    return tok.lemma_.lower()


def _is_speech(tok) -> bool:
    return tok.pos_ in ("VERB", "AUX") and _lemma(tok) in _a()["speech_verbs"]


# --------------------------------------------------------------------------- noun phrases

_EXCLUDE_CHILD_DEPS = {"relcl", "punct", "cc", "advcl", "parataxis"}


def _phrase_tokens(root) -> list:
    """Tokens of the source phrase of `root`: its subtree without relative clauses and
    "cited by"/"quoted by" participles (those are separate sources)."""
    excluded: set[int] = set()
    for child in root.children:
        if child.dep_ in _EXCLUDE_CHILD_DEPS or (
                child.dep_ == "acl" and _lemma(child) in _a()["citing_verbs"] | {"report", "say"}):
            excluded.update(t.i for t in child.subtree)
    toks = [t for t in root.subtree if t.i not in excluded]
    # trim punctuation at both ends, and a trailing possessive 's kept inside
    while toks and (toks[0].is_punct or toks[0].is_space):
        toks.pop(0)
    while toks and (toks[-1].is_punct or toks[-1].is_space):
        toks.pop()
    return toks or [root]


def _span_of(tokens) -> tuple[int, int, str]:
    doc = tokens[0].doc
    start = min(t.idx for t in tokens)
    last = max(tokens, key=lambda t: t.i)
    end = last.idx + len(last.text)
    return start, end, doc_text(doc)[start:end]


def _strip_det(text: str) -> str:
    return re.sub(r"^(the|a|an)\s+", "", text.strip(), flags=re.I)


def _propn_run(tok) -> list:
    """The proper-noun run ending at tok: compound/flat PROPN tokens directly before it."""
    run = [tok]
    i = tok.i - 1
    doc = tok.doc
    while i >= 0 and doc[i].pos_ == "PROPN" and doc[i].head.i in {t.i for t in run} | {tok.i} \
            and doc[i].dep_ in ("compound", "flat", "nmod", "amod"):
        run.insert(0, doc[i])
        i -= 1
    return run


def _name_from_run(run) -> str:
    """Drop leading titles from "Defense Minister Shin Won Sik" and a leading acronym from
    "GUR Kyrylo Budanov" (organisation + person)."""
    roles = _a()["role_nouns"]
    last_role = -1
    for k, t in enumerate(run):
        if t.lower_ in roles or _lemma(t) in roles:
            last_role = k
    if 0 <= last_role < len(run) - 1:
        run = run[last_role + 1:]
    if len(run) >= 3 and run[0].text.isupper() and len(run[0].text) > 1 and all(
            t.text[:1].isupper() and not t.text.isupper() for t in run[1:]):
        run = run[1:]
    return " ".join(t.text for t in run)


def _ents_within(doc, lo: int, hi: int) -> list:
    """The named entities lying in tokens lo..hi-1. doc.ents (and Span.ents) scan every
    entity of the document, which made a look-up per sentence quadratic on long articles;
    the entities are indexed by start once per document instead."""
    # built once: attribution runs after every stage that sets entities (doc.ents itself
    # costs a pass over all of them, so it is not consulted again to check the index)
    index = doc.user_data.get("newsledger_ent_index")
    if index is None:
        ents = sorted(doc.ents, key=lambda e: e.start)
        index = ([e.start for e in ents], ents)
        doc.user_data["newsledger_ent_index"] = index
    starts, ents = index
    out = []
    for ent in ents[bisect.bisect_left(starts, lo):bisect.bisect_left(starts, hi)]:
        if ent.end <= hi:
            out.append(ent)
    return out


def _person_ent(tokens):
    ids = {t.i for t in tokens}
    if not ids:
        return None
    ents = [e for e in _ents_within(tokens[0].doc, min(ids), max(ids) + 1)
            if e.label_ == "PERSON" and all(t.i in ids for t in e)]
    return ents[-1] if ents else None


def _core_text(root, tokens) -> str:
    """Common-noun source: modifiers + noun, without determiners and quantifiers
    ("Several sources familiar with ..." -> "sources"; "South Korean lawmakers")."""
    quant = _a()["quantifier_words"]
    ids = {t.i for t in tokens}
    keep = [root]
    i = root.i - 1
    doc = root.doc
    while i >= 0 and i in ids:
        t = doc[i]
        if t.dep_ in ("amod", "compound", "nmod", "poss", "case", "npadvmod", "nummod") or (
                t.dep_ == "punct" and t.text in "-'’") or t.head.i in {k.i for k in keep} and t.dep_ == "compound":
            if t.lower_ in quant or t.pos_ == "NUM" or t.pos_ == "DET":
                break
            keep.insert(0, t)
            i -= 1
            continue
        # modifiers of modifiers ("South" in "South Korean")
        if t.head.i in {k.i for k in keep} or (t.head.head.i in {k.i for k in keep} and t.dep_ in ("amod", "compound", "npadvmod")):
            if t.lower_ in quant or t.pos_ in ("DET", "NUM"):
                break
            keep.insert(0, t)
            i -= 1
            continue
        break
    text = doc_text(doc)[keep[0].idx: root.idx + len(root.text)]
    return _strip_det(text)


def _issuer(root):
    """For document nouns ("a statement from the ministry", "Pentagon data", "the ministry's
    estimates") the issuing noun, else None."""
    for child in root.children:
        if child.dep_ == "poss":
            return child
    for child in root.children:
        if child.dep_ == "prep" and child.lower_ in ("from", "by", "of"):
            for g in child.children:
                if g.dep_ == "pobj" and (g.pos_ == "PROPN" or g.ent_type_ in ("ORG", "GPE", "PERSON", "NORP")
                                         or _lemma(g) not in _a()["document_nouns"]):
                    return g
    for child in root.children:
        if child.dep_ == "compound" and child.pos_ == "PROPN":
            return child
    for child in root.children:
        # "the data previously provided by the Ukrainian Ministry of Defense", "figures
        # compiled by the UN": the agent of a participle on the document made it
        if child.dep_ == "acl" and child.tag_ == "VBN":
            for p in child.children:
                if p.dep_ == "agent":
                    for g in p.children:
                        if g.dep_ == "pobj" and (g.pos_ == "PROPN" or g.ent_type_ in ("ORG", "GPE", "PERSON", "NORP")):
                            return g
    return None


def _head_name(root, tokens) -> tuple[str, bool]:
    """(core name for resolution, person-like)."""
    a = _a()
    lemma = _lemma(root)
    if lemma in a["document_nouns"] and root.pos_ == "NOUN":
        issuer = _issuer(root)
        if issuer is not None:
            return _head_name(issuer, _phrase_tokens(issuer))
    person = _person_ent(tokens)
    if person is not None and (root.lower_ in a["role_nouns"] or lemma in a["role_nouns"]):
        return _strip_det(person.text), True   # "the President of the United States Joe Biden"
    if root.pos_ == "PROPN":
        run = _propn_run(root)
        if person is not None and person.start <= root.i < person.end:
            return _strip_det(person.text), True
        name = _name_from_run(run)
        is_person = person is not None or any(t.lower_ in a["role_nouns"] for t in run[:-1])
        if not is_person:
            # "the Ministry of Defence", "Bank of England", "the Institute for the Study of War"
            for child in root.children:
                if child.dep_ == "prep" and child.lower_ in ("of", "for"):
                    pobjs = [g for g in child.children if g.dep_ == "pobj" and g.pos_ == "PROPN"]
                    if pobjs:
                        last = pobjs[0]
                        while True:   # "... for the Study of War": the name's own of-phrases
                            nxt = next((g for p in last.children if p.dep_ == "prep" and p.lower_ == "of"
                                        for g in p.children if g.dep_ == "pobj" and g.pos_ == "PROPN"), None)
                            if nxt is None:
                                break
                            last = nxt
                        end = last.idx + len(last.text)
                        name = doc_text(root.doc)[run[0].idx:end]
        return _strip_det(name), is_person
    if lemma in a["role_nouns"]:
        # "Kremlin spokesman Dmitry Peskov" is PROPN-rooted; here: "the head of GUR Kyrylo
        # Budanov", "Peskov, the Kremlin spokesman", "the Pentagon's spokesman"
        for child in root.children:
            if child.dep_ == "appos" and child.pos_ == "PROPN":
                return _name_from_run(_propn_run(child)), True
        for child in root.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for g in child.children:
                    if g.dep_ == "pobj" and g.pos_ == "PROPN":
                        run = _propn_run(g)
                        name = _name_from_run(run)
                        whole = " ".join(t.text for t in run)
                        # "head of GUR Kyrylo Budanov": a person name follows the organisation
                        return name, name != whole or person is not None
        if person is not None:
            return _strip_det(person.text), True
        for child in root.children:
            if child.dep_ == "poss" and child.pos_ != "PRON":
                return _strip_det(child.text if child.pos_ != "PROPN" else
                                  " ".join(t.text for t in _propn_run(child))), True
        return _core_text(root, tokens), lemma not in ("source", "official", "expert", "analyst", "observer")
    if person is not None:
        return _strip_det(person.text), True
    # "the Japanese broadcaster NHK": the name is the apposition
    for child in root.children:
        if child.dep_ == "appos" and child.pos_ == "PROPN":
            return _head_name(child, _phrase_tokens(child))
    return _core_text(root, tokens), False


# --------------------------------------------------------------------------- state per doc

class _Context:
    def __init__(self, doc, text: str | None = None, mentions=None):
        self.doc = doc
        self.text = text if text is not None else doc_text(doc)
        self.mentions: list[tuple[int, str, bool]] = []   # (char start, head, person)
        ents = [(e.start_char, _strip_det(e.text), e.label_ == "PERSON") for e in doc.ents
                if e.label_ in ("PERSON", "ORG", "GPE", "NORP")]
        # people the entity resolver found in the whole text (parsed or not): a speaker named
        # in a sentence the extractor did not parse is still a candidate for "he" / "the envoy"
        for m in mentions or ():
            if getattr(m.entity, "type", None) == "person":
                ents.append((m.start, m.entity.name, True))
        self.entity_mentions = sorted(set(ents))
        # organisations named (parsed sentences by NER, the whole text by the resolver): what
        # "the company" / "the council" stands for
        orgs = [(e.start_char, _strip_det(e.text)) for e in doc.ents if e.label_ == "ORG"]
        orgs += [(m.start, m.entity.name) for m in mentions or () if getattr(m.entity, "type", None) == "organization"]
        self.org_mentions = sorted(set(orgs))
        self.pending: list[tuple[int, str, bool]] = []   # sources of the sentence being read
        # people who were the subject of a sentence read so far (named, or "he" resolved):
        # as salient as speakers for a later "he" ("Kissinger issued a statement ... he said")
        self.subjects: list[tuple[int, str, bool]] = []
        # documents introduced so far: (char start, issuer source, document lemma, named only:
        # known by its issuer's name or a reporting verb, not introduced by an act of issuing)
        self.documents: list[tuple[int, Source, str, bool]] = []

    def add(self, src: Source) -> None:
        self.mentions.append((src.start, src.head, src.person))

    def resolve(self, pron, sent_start: int) -> tuple[str, bool] | None:
        a = _a()
        low = pron.lower_
        pos = pron.idx
        if low in a["latter_former"]:
            people = [m for m in self.entity_mentions + self.mentions if m[0] < sent_start and m[2]]
            people.sort()
            distinct: list[str] = []
            for _, head, _p in reversed(people):
                if not any(head in d or d in head for d in distinct):
                    distinct.append(head)
            if not distinct:
                others = sorted(m for m in self.entity_mentions if m[0] < sent_start)
                distinct = []
                for _, head, _p in reversed(others):
                    if head not in distinct:
                        distinct.append(head)
            idx = 0 if low == "latter" else 1
            return (distinct[idx], True) if len(distinct) > idx else None
        if low in a["person_pronouns"]:
            return self._person_before(pos, getattr(pron, "sent", None))
        if low == "we":
            # "We, the Participants in the International Crimea Platform, remain committed ...
            # We condemn ...": a joint statement names its "we" once
            named = list(re.finditer(r"\bWe, ((?:the )?[A-Z][^,.;:“”\"]{2,80}),", self.text[:pos]))
            return (_strip_det(named[-1].group(1)), False) if named else None
        if low in a["plural_pronouns"] | a["thing_pronouns"]:
            cands = [m for m in self.mentions if m[0] < sent_start and not m[2]]
            if cands:
                return max(cands)[1], False
            return None
        return None


    def note_subjects(self, sent) -> None:
        """Remember the people who are subjects in `sent` (outside quotations)."""
        self.subjects += self._subjects_in(sent, sent.end_char)

    def _subjects_in(self, sent, pos: int, named_only: bool = False) -> list[tuple[int, str, bool]]:
        a = _a()
        pieces = [p for q in _quotations(self.text) for p in q if p[0] < sent.end_char and sent.start_char < p[1]]
        out: list[tuple[int, str, bool]] = []
        for tok in sent:
            if tok.idx >= pos or tok.dep_ not in ("nsubj", "nsubjpass") or any(b <= tok.idx < e for b, e in pieces):
                continue
            verb = tok.head
            if not (verb.dep_ in ("ROOT", "advcl") or verb.dep_ == "conj" and verb.head.dep_ == "ROOT"):
                continue   # "he stipulated that ..., President Putin decides": talked about, not talking
            if tok.ent_type_ == "PERSON":
                ent = next((e for e in sent.ents if e.start <= tok.i < e.end), None)
                if ent is not None and _is_person_name(_strip_det(ent.text)):
                    out.append((ent.start_char, _strip_det(ent.text), True))
            elif tok.pos_ == "PROPN":
                # a name the entity resolver knows as a person though the tagger does not
                run = _propn_run(tok)
                known = next((m for m in self.entity_mentions if m[2] and run and m[0] == run[0].idx), None)
                if known is not None:
                    out.append(known)
            elif tok.lower_ in ("he", "she") and not named_only:
                resolved = self._person_before(tok.idx, None)
                if resolved is not None:
                    out.append((tok.idx, resolved[0], True))
        return out

    def surname(self, head: str, pos: int) -> bool:
        """`head` is one word that the text before `pos` gives as the last of a full name
        ("Liz Truss" before "Truss said"), and no place, state or organisation the gazetteer
        knows: a person, whom "she" and "he" can stand for."""
        if " " in head or not head[:1].isupper() or not _is_person_name(head):
            return False
        name = re.escape(head)
        return any(_is_person_name(m.group(1)) and m.group(1).lower() not in _a()["role_nouns"]
                   for m in re.finditer(rf"\b([A-Z][a-z]+) {name}\b", self.text[:pos]))

    def _person_before(self, pos: int, sent=None) -> tuple[str, bool] | None:
        """"he"/"she": the last speaker or subject of the paragraph or the one before, else
        the last person named; a person who is the subject earlier in the same sentence comes
        first ("Kelly urged ..., and he accused"). A name the gazetteer knows as a place,
        state or outlet (spaCy's NER sometimes tags "Odesa" a PERSON) is never a person."""
        if sent is not None:
            named_here = self._subjects_in(sent, pos, named_only=True)
            if named_here:
                return max(named_here)[1], True
        speakers = [m for m in self.mentions + self.pending + self.subjects
                    if m[0] < pos and m[2] and _is_person_name(m[1])]
        named = [m for m in self.entity_mentions if m[0] < pos and m[2] and _is_person_name(m[1])]
        # a person named inside a quotation is talked about, not the one who speaks it
        # ("“... a war that President Putin has started,” he continued")
        pieces = [p for q in _quotations(self.text) for p in q if p[0] < pos and self.text[p[0]] not in "-–—"]
        named = [m for m in named if not any(a <= m[0] < b for a, b in pieces)] or named
        starts = _paragraph_starts(self.text)
        here = _paragraph_of(pos, starts)
        if speakers:
            last = max(speakers)
            if here - _paragraph_of(last[0], starts) <= 1 or not named or last[0] >= max(named)[0]:
                return last[1], True
        if named:
            return max(named)[1], True
        return None

    def person_for_role(self, phrase: str, role_words: set[str], pos: int,
                        qualifiers: tuple[str, ...] = ()) -> str | None:
        """"the Belarusian leader", "the spokeswoman", "the US President": the person of the
        article that description stands for - the last one named before it who belongs to the
        state the phrase names, else the last one named next to the same role word."""
        from newsledger.analyze.entities import EntityResolver

        resolver = EntityResolver.default()
        states = {m.entity.iso3 for m in resolver.find(phrase) if m.entity.type == "country"}
        people = [m for m in self.entity_mentions + self.mentions if m[0] < pos and m[2] and _is_person_name(m[1])]
        for start, name, _p in sorted(people, reverse=True):
            known = resolver.resolve(name)
            known = known if known is not None and known.type == "person" else None
            if states and known is not None and known.country not in states:
                continue   # (a person the gazetteer does not know must have the role named next to the name)
            # the role as the name's title ("spokeswoman Maria Zakharova") or apposition
            # ("Maria Zakharova, the spokeswoman"), or the gazetteer's role of the person
            before = self.text[max(0, start - 70):start].lower()
            after = self.text[start + len(name):start + len(name) + 60].lower()
            role = known.role.lower() if known is not None and known.role else ""
            described = role + " " + " ".join(_a()["role_synonyms"].get(role, ()))
            if qualifiers and not any(q.lower() in before or q.lower() in after or q.lower() in role
                                      for q in qualifiers):
                continue   # "the head of the EC" is not "the head of the Russian Ministry ... Lavrov"
            for w in role_words:
                word = re.escape(w)
                if re.search(rf"\b{word}\b[\w .'’-]{{0,55}},? $", before) or \
                        re.match(rf",? (?:the |a |an |who is |who was )?[\w '’-]{{0,30}}\b{word}\b", after) or \
                        re.search(rf"\b{word}\b", described):
                    return known.name if known is not None else name
        return None

    def role_intro(self, noun: str, pos: int) -> str | None:
        """"the spokesperson" -> how the article introduced that role before: "a U.S. State
        Department spokesperson" (the capitalised words before the noun), else None."""
        intros = [m for m in re.finditer(rf"((?:[A-Z][\w.’'&-]*\s+)+){re.escape(noun)}\b", self.text[:pos])]
        for m in reversed(intros):
            words = m.group(1).split()
            while words and words[0].lower() in _a()["quantifier_words"]:
                words = words[1:]
            if words:
                return " ".join(words + [noun])
        return None

    def media_intro(self, noun: str, pos: int) -> str | None:
        """"the newspaper" -> how the article introduced it before: "The Maariv newspaper"
        (the capitalised words before the noun, within one sentence), else None."""
        intros = list(re.finditer(rf"((?:[A-Z][\w’'&-]*\s+){{1,4}}){re.escape(noun)}\b", self.text[:pos]))
        for m in reversed(intros):
            words = [w for w in m.group(1).split() if w.lower() not in _a()["quantifier_words"]]
            if words:
                return " ".join(words + [noun])
        return None

    def org_for_noun(self, noun: str, pos: int) -> str | None:
        """"the operator says" -> the name the article gave that noun before ("nuclear
        operator Energoatom", "Energoatom, the operator"), else the last organisation named
        before whose name holds the noun ("the council" -> "Zaporizhzhia Regional Council")."""
        word = re.escape(noun)
        name = r"[A-Z][\w’'&-]*(?:\s+(?:of\s+|for\s+|the\s+)*[A-Z][\w’'&-]*)*"
        intros = [m for m in re.finditer(rf"\b{word}\s+({name})", self.text[:pos])
                  if m.group(1).split()[0].lower() not in _a()["quantifier_words"]]
        intros += [m for m in re.finditer(rf"({name}),\s+(?:the|a|an)\s+(?:[\w-]+\s+){{0,3}}{word}\b",
                                          self.text[:pos])]
        if intros:
            return _strip_det(max(intros, key=lambda m: m.start()).group(1))
        for _, known in reversed([m for m in self.org_mentions if m[0] < pos]):
            if re.search(rf"\b{word}\b", known, re.I):
                return known
        return None

    def org_introduced(self, nouns, pos: int) -> str | None:
        """The name after the last "<noun> <Name>" before pos, for any of `nouns` ("engineering
        group Jarvis", "militant group al-Shabab")."""
        words = "|".join(sorted(re.escape(n) for n in nouns))
        name = r"(?:al-|el-)?[A-Z][\w’'&-]*(?:\s+(?:of\s+|for\s+|the\s+)*[A-Z][\w’'&-]*)*"
        intros = [m for m in re.finditer(rf"\b(?:{words})\s+({name})", self.text[:pos])
                  if m.group(1).split()[0].lower() not in _a()["quantifier_words"]]
        return _strip_det(intros[-1].group(1)) if intros else None

    def document_issuer(self, lemma: str, pos: int) -> Source | None:
        """"the statement said", "according to the document": who issued the document the
        article introduced before ("X said in a statement", "the Senate passed a resolution")."""
        earlier = [d for d in self.documents if d[0] < pos]
        same = [d for d in earlier if d[2] == lemma]
        # a document only named with its issuer ("Mr Brown's speech", "Reuters reported that")
        # stands for that noun alone: "the report" is not "Mr Brown's speech"
        issued = [d for d in earlier if not d[3]]
        chosen = (same or issued)[-1:] if (same or issued) else []
        return chosen[0][1] if chosen else None


def _is_description(head: str) -> bool:
    """A source named by its role alone ("US President", "spokeswoman"): no entity the
    gazetteer knows other than a composed group."""
    from newsledger.analyze.entities import EntityResolver

    known = EntityResolver.default().resolve(head)
    return known is None or known.type == "group"


def _of_named_state(phrase: str, person: str, adjective: bool = False) -> bool:
    """Whether `person` may be the one a premodified description stands for: the description
    names no state ("the Nato chief"), or the gazetteer puts the person in a state it names
    ("the Iraqi leader" -> Saddam Hussein); a person the gazetteer does not know cannot be
    checked against a state, so is refused, and so is an adjective that names no state the
    gazetteer knows (dev: "The Afghan army chief" is not Joe Biden)."""
    from newsledger.analyze.entities import EntityResolver

    resolver = EntityResolver.default()
    states = {m.entity.iso3 for m in resolver.find(phrase) if m.entity.type == "country"}
    if not states:
        return not adjective
    known = resolver.resolve(person)
    return known is not None and known.type == "person" and known.country in states


def _is_person_name(name: str) -> bool:
    """False for a name the gazetteer knows as something other than a person."""
    from newsledger.analyze.entities import EntityResolver

    if not name[:1].isupper() or name.lower() in _a()["anaphors"] | {"our", "we", "i", "my", "their", "his", "her"}:
        return False   # "analysts", "Our analysts" are no person to call "he"
    known = EntityResolver.default().resolve(name)
    return known is None or known.type == "person"


# --------------------------------------------------------------------------- source building

def _make_source(root, cue: str, ctx: _Context, sent_start: int) -> Source | None:
    a = _a()
    glued = root.text[1:].lower() if root.text[:1] in "\"“”'" else ""
    if glued in a["person_pronouns"]:
        # '... the edge."He emphasized': a pronoun glued to the quotation mark before it
        resolved = ctx.resolve(SimpleNamespace(lower_=glued, idx=root.idx + 1), sent_start)
        if resolved is None:
            return None
        head, person = resolved
        return Source(text=root.text[1:], start=root.idx + 1, end=root.idx + len(root.text), head=head,
                      cue=cue, pronoun_of=head, person=person)
    if root.pos_ == "PRON" or root.lower_ in a["latter_former"]:
        if root.lower_ in a["anaphors"] and root.lower_ != "it":
            return None
        resolved = ctx.resolve(root, sent_start)
        if resolved is None:
            return None
        toks = _phrase_tokens(root) if root.lower_ in a["latter_former"] else [root]
        start, end, text = _span_of(toks)
        head, person = resolved
        return Source(text=text, start=start, end=end, head=head, cue=cue, pronoun_of=head, person=person)
    if root.is_punct or root.is_space or not root.text.strip():
        return None
    toks = _phrase_tokens(root)
    start, end, text = _span_of(toks)
    head, person = _head_name(root, toks)
    if not head:
        return None
    if not person and root.pos_ == "PROPN" and root.ent_type_ in ("", "PERSON", "ORG") and \
            head.lower() not in a["known_outlets"] and ctx.surname(head, start):
        person = True   # "Truss has said" after "the UK foreign secretary, Liz Truss," (unparsed)
    if root.pos_ == "NOUN" and _lemma(root) in a["document_nouns"] and _issuer(root) is None \
            and any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in root.children):
        issuer = ctx.document_issuer(_lemma(root), start)
        if issuer is not None:   # "the statement said": the issuer introduced before
            return Source(text=issuer.text, start=start, end=end, head=issuer.head, cue=cue, person=issuer.person)
    if (_lemma(root) in a["role_nouns"] or root.lower_ in a["role_nouns"]) and _person_ent(toks) is None \
            and _lemma(root) not in ("source", "official", "expert", "analyst", "observer") \
            and not root.tag_.endswith("S") and _is_description(head):
        # the organisation the role belongs to ("the head of the EC"), which the person must share
        qualifiers = tuple(g.text for p in root.children if p.dep_ == "prep" and p.lower_ == "of"
                           for g in p.children if g.dep_ == "pobj" and g.pos_ == "PROPN")
        name = ctx.person_for_role(text, {_lemma(root), root.lower_}, start, qualifiers)
        if name:   # "the Belarusian leader said" -> the leader the article named
            return Source(text=text, start=start, end=end, head=name, cue=cue, person=True)
        bare = text.lower() in (f"the {root.lower_}", root.lower_)
        fuller = ctx.role_intro(root.lower_, start) if bare else None
        if fuller:   # "the spokesperson" -> "a U.S. State Department spokesperson" named before
            ctx.pending.append((start, fuller, True))
            return Source(text=text, start=start, end=end, head=fuller, cue=cue, person=True)
        # "the Nato chief said", "The Iraqi leader ... announced": a description premodified
        # only (no words after the noun) is as definite as "the chief" (train: 'The Nato chief
        # said' after Stoltenberg was named; the description itself is no source to report)
        # (a noun before it names another body: "the Afghan army chief" is not the person the
        # article is about; an adjective must name the person's state: see _of_named_state)
        premods = [t for t in toks if t.i < root.i and t.pos_ != "DET"]
        premodified = all(t.i <= root.i for t in toks) and all(t.pos_ in ("ADJ", "PROPN") for t in premods)
        definite = text.lower().startswith("the ") and (bare or qualifiers or premodified)   # "the head of the EC"
        if definite and _lemma(root) in a["anaphoric_role_nouns"]:
            # "So we do not need additional troops - said the politician.": like "he", the
            # person the article is about (the description stays the source's text)
            resolved = ctx.resolve(SimpleNamespace(lower_="he", idx=start, sent=None), sent_start)
            if resolved is not None and not bare and not qualifiers and \
                    not _of_named_state(text, resolved[0], any(t.pos_ == "ADJ" for t in premods)):
                resolved = None   # "the Russian president" is not the Ukrainian one named last
            if resolved is not None:
                return Source(text=text, start=start, end=end, head=resolved[0], cue=cue, person=True)
    if root.pos_ == "NOUN" and _lemma(root) in a["org_nouns"] and not root.tag_.endswith("S") \
            and any(c.dep_ == "det" and c.lower_ == "the" for c in root.children) \
            and not any(t.pos_ == "PROPN" for t in toks) and _is_description(head):
        name = ctx.org_for_noun(_lemma(root), start)
        if name is None and text.lower() == f"the {root.lower_}" and _lemma(root) in a["anaphoric_org_nouns"]:
            # "The company also said" after "engineering group Jarvis", "the group said" after
            # "militant group al-Shabab": the last organisation introduced by any such noun
            name = ctx.org_introduced(a["anaphoric_org_nouns"], start)
        if name:   # "the council said" -> the council the article named
            return Source(text=text, start=start, end=end, head=name, cue=cue)
    if root.pos_ == "NOUN" and _lemma(root) in a["media_nouns"] and text.lower() == f"the {root.lower_}":
        # "The newspaper, quoting ..." after "The Maariv newspaper said": the outlet the article
        # introduced with that noun
        fuller = ctx.media_intro(root.lower_, start)
        if fuller:
            return Source(text=text, start=start, end=end, head=fuller, cue=cue)
    if cue == "said" and _lemma(root) == "source" and any(
            c.lower_ in a["familiar_words"] for c in root.children):
        cue = "sources_familiar"
    ctx.pending.append((start, head, person))
    return Source(text=text, start=start, end=end, head=head, cue=cue, person=person)


def _cited_by(root, ctx, sent_start) -> list[Source]:
    """"sources cited by NHK" -> [NHK] (to put before the sources)."""
    out: list[Source] = []
    for child in root.children:
        if child.dep_ == "acl" and _lemma(child) in _a()["citing_verbs"] | {"report"}:
            for g in child.children:
                if g.dep_ == "agent":
                    for p in g.children:
                        if p.dep_ == "pobj":
                            src = _make_source(p, "cited_by", ctx, sent_start)
                            if src:
                                out.extend(_cited_by(p, ctx, sent_start))
                                out.append(src)
    return out


def _source_with_citers(root, cue, ctx, sent_start) -> list[Source]:
    src = _make_source(root, cue, ctx, sent_start)
    if src is None:
        return []
    return _cited_by(root, ctx, sent_start) + [src]


def _np_after(tokens_after):
    """The noun-phrase root starting right after a cue phrase."""
    if not tokens_after:
        return None
    first = tokens_after[0]
    limit = first.i
    root = first
    end = tokens_after[-1].i
    while root.head.i != root.i and limit <= root.head.i <= end:
        if root.head.pos_ in ("VERB", "AUX") and root.dep_ not in ("compound", "amod", "det", "poss") \
                and root.head.dep_ not in ("amod", "compound"):
            break   # (a participle modifying the noun is inside the phrase: "Moscow-installed authorities")
        root = root.head
    # a preposition/determiner start climbs to its noun; prefer nouns
    if root.pos_ in ("ADP", "DET", "ADJ") :
        for t in tokens_after[:8]:
            if t.pos_ in ("NOUN", "PROPN", "PRON"):
                return t if t.head.i < limit or t.head.pos_ in ("VERB", "AUX", "ADP") else t.head
    return root if root.pos_ in ("NOUN", "PROPN", "PRON", "NUM", "X", "ADJ") else None


@lru_cache(maxsize=1)
def _according_to_by_first() -> dict[str, tuple[tuple[str, ...], ...]]:
    """The "according to" phrases by their first word, in the cue list's order (the first
    that matches at a word wins), so each word of a sentence is looked up once."""
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for seq in _a()["according_to_seq"]:
        by_first.setdefault(seq[0], []).append(seq)
    return {word: tuple(seqs) for word, seqs in by_first.items()}


def _according_to(sent, ctx) -> list[tuple[int, list[Source], Any]]:
    """All "according to X" phrases: (token index of the phrase, sources, attach token)."""
    a = _a()
    out = []
    words = [t.lower_ for t in sent]
    used: set[int] = set()
    by_first = _according_to_by_first()
    for k in range(len(words)):
        for seq in by_first.get(words[k], ()):
            if tuple(words[k:k + len(seq)]) == seq and k not in used:
                first = sent[k]
                if seq == ("per",) and not (first.dep_ == "prep" and k > 0 and sent[k - 1].is_punct):
                    continue
                if seq in (("cited", "by"), ("quoted", "by"), ("reported", "by")):
                    # only as a free-standing phrase (", as reported by X") - the acl case
                    # ("sources cited by X") is handled on the noun; the passive verb case
                    # by _passive_agent.
                    if not (k > 0 and sent[k - 1].is_punct) or first.dep_ in ("ROOT", "acl", "relcl", "ccomp"):
                        continue
                used.update(range(k, k + len(seq)))
                after = [t for t in sent[k + len(seq):]]
                np = _np_after(after)
                if np is None:
                    break
                if np.lemma_.lower() in a["not_sources"]:
                    break   # "according to the agreement / the plan": in accordance with, not a source
                srcs = _source_with_citers(np, "according_to", ctx, sent.start_char)
                # "according to X, citing Y"
                citing = []
                attach = first.head if first.head.i != first.i else first
                for t in sent:
                    if t.dep_ == "advcl" and _lemma(t) in a["citing_verbs"] and t.head.i == attach.i and t.i > np.i:
                        citing = _citing_sources(t, ctx, sent.start_char)
                if srcs:
                    out.append((k + sent.start, srcs + citing, attach))
                break
    return out


def _citing_sources(tok, ctx, sent_start) -> list[Source]:
    """Sources named by "citing Y" / "quoting Y" / "referring to Y"."""
    out: list[Source] = []
    for child in tok.children:
        if child.dep_ in ("dobj", "pobj", "attr", "nsubj"):
            out += _source_with_citers(child, "citing", ctx, sent_start)
        elif child.dep_ == "prep":
            for g in child.children:
                if g.dep_ == "pobj":
                    out += _source_with_citers(g, "citing", ctx, sent_start)
    return out[:1] if out else out


def _media_like(tok) -> bool:
    a = _a()
    run = _propn_run(tok) if tok.pos_ == "PROPN" else [tok]
    name = " ".join(t.lower_ for t in run)
    if name in a["known_outlets"] or _strip_det(name) in a["known_outlets"] or tok.lower_ in a["known_outlets"]:
        return True
    if _lemma(tok) in a["listener_nouns"] or any(t.lower_ in a["listener_name_words"] for t in run):
        return False
    if _lemma(tok) in a["media_nouns"]:
        return True
    if any(c.dep_ == "appos" and _media_like(c) for c in tok.children):
        return True
    if tok.pos_ == "PROPN" and tok.ent_type_ == "ORG":
        return True
    return False


def _channels(verb, ctx, sent_start) -> list[Source]:
    """Media that carried the speech: "told NHK", "in an interview with Bloomberg",
    "speaking to CNN"."""
    a = _a()
    out: list[Source] = []
    if _lemma(verb) in a["channel_verbs"]:
        for child in verb.children:
            if child.dep_ in ("dobj", "dative", "iobj") and child.pos_ in ("PROPN", "NOUN") and _media_like(child):
                s = _make_source(child, "told", ctx, sent_start)
                if s:
                    out.append(s)
            elif child.dep_ in ("dative", "prep") and child.lower_ == "to":
                for g in child.children:
                    if g.dep_ == "pobj" and _media_like(g):
                        s = _make_source(g, "told", ctx, sent_start)
                        if s:
                            out.append(s)

    def interview_sources(node) -> list[Source]:
        found: list[Source] = []
        for t in node.subtree:
            if _lemma(t) in a["interview_nouns"] or t.lower_ in a["interview_nouns"]:
                for p in t.children:
                    if p.dep_ == "prep" and p.lower_ in ("with", "to", "for", "on", "in"):
                        for g in p.children:
                            if g.dep_ == "pobj" and (_media_like(g) or p.lower_ == "with" and g.pos_ == "PROPN"):
                                s = _make_source(g, "interview", ctx, sent_start)
                                if s:
                                    found.append(s)
                for c in t.children:
                    if c.dep_ in ("compound", "poss") and c.pos_ == "PROPN" and _media_like(c):
                        s = _make_source(c, "interview", ctx, sent_start)
                        if s:
                            found.append(s)
        return found

    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in ("in", "during", "to", "with", "on"):
            out += interview_sources(child)
        elif child.dep_ == "advcl" and _lemma(child) in a["speaking_verbs"]:
            for p in child.children:
                if p.dep_ == "prep" and p.lower_ in ("to", "with"):
                    for g in p.children:
                        if g.dep_ == "pobj" and _media_like(g):
                            s = _make_source(g, "interview", ctx, sent_start)
                            if s:
                                out.append(s)
            out += interview_sources(child)
    # dedupe by span
    seen, uniq = set(), []
    for s in out:
        if (s.start, s.end) not in seen:
            seen.add((s.start, s.end))
            uniq.append(s)
    return uniq


def _content_child(verb):
    for child in verb.children:
        if child.dep_ in ("ccomp", "csubj") or (child.dep_ == "xcomp" and _lemma(verb) in ("quote",)):
            return child
    # ", reports UNN" where the parser hangs the content as parataxis/conj before the verb
    for child in verb.children:
        if child.dep_ == "parataxis" and child.i < verb.i:
            return child
    return None


def _after_dash(subj, sent) -> bool:
    """"... - Putin summed up.": a subject right after a credit dash, its verb ending the
    sentence (the dash stands for a closing quotation mark)."""
    first = subj.left_edge.i
    if first - 1 <= sent.start or sent.doc[first - 1].text not in _a()["credit_dashes"]:
        return False
    rest = [t for t in sent.doc[subj.head.i + 1:sent.end] if not (t.is_punct or t.is_space)]
    return all(t.dep_ in ("prt", "advmod") for t in rest)


def _is_anaphoric(tok) -> bool:
    return tok.lower_ in _a()["anaphors"] and tok.pos_ in ("PRON", "DET")


def _hyphen_whole(tok):
    """The noun after a hyphen glued to `tok` when the parser split one word there ("The
    co-organizer of the rally, Michal Meisner, noted": "co" as subject), else `tok`."""
    doc = tok.doc
    if tok.i + 2 < len(doc) and not tok.whitespace_ and doc[tok.i + 1].text == "-" \
            and not doc[tok.i + 1].whitespace_:
        word = doc[tok.i + 2]
        if word.pos_ in ("NOUN", "PROPN") and word.head.i in (tok.i, tok.i + 1):
            return word
    return tok


def _subject(verb):
    subjects = [_hyphen_whole(c) for c in verb.children if c.dep_ == "nsubj"]
    if len(subjects) > 1 and verb.i > 0 and verb.doc[verb.i - 1].is_punct:
        # "..., their goal is Kiev - said the President": the subject after the verb
        after = [c for c in subjects if c.i > verb.i]
        if after:
            return after[0], "said"
    if len(subjects) > 1 and subjects[1].pos_ == "PROPN" and subjects[1].left_edge.i == subjects[0].i + 1:
        # "The US image company Maxar said": the parser splits the description and the name
        return subjects[1], "said"
    before = [c for c in subjects if c.i < verb.i]
    if len(before) > 1:
        # "Speaking at the Atlantic Council, a foreign policy think tank in Washington, on
        # Tuesday, National Security Adviser Robert O'Brien said": an apposition the parser
        # took for a second subject comes first; the speaker stands next to the verb
        return max(before, key=lambda c: c.i), "said"
    for child in subjects:
        return child, "said"
    for child in verb.children:
        if child.dep_ == "agent":
            for g in child.children:
                if g.dep_ == "pobj":
                    return g, "said"
    # a verb sharing its governor's subject: "X confirmed and said that", "Pence broke with
    # ... and said", "He went on saying:", "The U.S. imposed sanctions, accusing him of"
    if verb.dep_ in ("conj", "xcomp") or verb.dep_ == "advcl" and verb.tag_ == "VBG":
        if verb.dep_ == "conj" and any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
            return None, None   # "... and doctors were said to be": a passive names no speaker
        doc = verb.doc
        if verb.dep_ == "conj" and verb.i >= 2 and doc[verb.i - 1].pos_ == "PROPN" and \
                doc[verb.i - 1].dep_ in ("conj", "appos", "pobj", "dobj") and doc[verb.i - 2].lower_ in ("and", ",", "but"):
            # "Macron has said he would ... sending troops to Ukraine and Cameron said it was up
            # to Kyiv": the parser joined the name to the object before; it is the subject
            return doc[verb.i - 1], "said"
        if verb.head.i != verb.i and verb.head.pos_ in ("VERB", "AUX"):
            return _subject(verb.head)
    return None, None


def _quoted_as_saying(verb, ctx, sent_start):
    """"X quoted Y as saying ..." -> Y (the origin) and the content clause."""
    for child in verb.children:
        if child.dep_ == "dobj":
            for p in verb.children:
                if p.dep_ == "prep" and p.lower_ == "as":
                    return child, p
    return None, None


@dataclass
class _SpeechAct:
    verb: Any
    chain: list[Source]
    content: Any
    lo: int | None = None      # token range of the content, clipped to the sentence
    hi: int | None = None
    scoped: bool = False       # see ClauseAttribution.scoped
    voiced: bool = False       # a pledge, request or denial (_intent_acts): scoped, but an act
                               # inside it still speaks for the sentence

    def covers(self, i: int) -> bool:
        return self.lo is not None and self.lo <= i <= self.hi


def _reportative_passive(verb) -> bool:
    """"X (is) said / reported / believed to be ..., to have ...": the raising passive of hearsay,
    which the parser often reads as an active verb whose subject is X (the topic, not a speaker),
    and then hangs the next clause on it as what X said."""
    if _lemma(verb) not in _a()["reportative_raising_verbs"]:
        return False
    return any(c.dep_ == "xcomp" and _lemma(c) in ("be", "have") and c.i == verb.i + 2
               and verb.doc[verb.i + 1].lower_ == "to" for c in verb.children)


def _speech_acts(sent, ctx) -> list[_SpeechAct]:
    """Speech verbs of the sentence with their local chains (subject, channel, citing)."""
    a = _a()
    acts: list[_SpeechAct] = []
    for tok in sent:
        if tok.pos_ == "VERB" and _lemma(tok) in a["quote_tag_verbs"] and _quote_tag(tok):
            subj, _ = _subject(tok)
            src = _make_source(subj, "said", ctx, sent.start_char) if subj is not None else None
            if src is not None:
                act = _SpeechAct(tok, [src], None)
                act.lo, act.hi = sent.start, min(tok.i, subj.i) - 1
                acts.append(act)
            continue
        as_noted = tok.dep_ == "advcl" and tok.pos_ == "NOUN" and _lemma(tok) in a["speech_verbs"] and \
            any(c.dep_ == "mark" and c.lower_ == "as" for c in tok.children) and \
            any(c.dep_ == "nsubj" for c in tok.children)   # "As the Ministry notes," tagged a noun
        if not (_is_speech(tok) or as_noted or tok.pos_ == "VERB" and _lemma(tok) in a["stance_verbs"] or
                tok.pos_ == "VERB" and _lemma(tok) in a["commitment_verbs"]
                and any(c.dep_ == "ccomp" for c in tok.children)):
            continue
        relative = tok.dep_ == "relcl" and any(c.dep_ == "nsubj" and c.lower_ in ("who", "that")
                                               for c in tok.children) and _speaker_like(tok.head)
        if tok.dep_ in ("amod", "compound", "acl", "relcl", "pcomp") and _lemma(tok) != "say" and not relative:
            continue
        if tok.tag_ == "VBG" and tok.dep_ in ("advcl", "xcomp") and _lemma(tok) in a["citing_verbs"]:
            continue   # "citing Y" is handled with its governor
        if tok.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in tok.children):
            continue   # "if Putin thinks he can gain more": a condition, not a statement
        if _lemma(tok) == "describe" and tok.dep_ not in ("ROOT", "conj"):
            continue   # "to combat what they describe as insecurity": a qualifier, not a statement
        if _reportative_passive(tok):
            continue   # "A port city said to be of critical importance": hearsay, no speaker
        subj, cue = _subject(tok)
        if relative:   # "unnamed diplomats who have suggested that ...": the antecedent
            subj = tok.head
        if subj is not None and subj.i < tok.i and _quoted_apart(subj, tok, ctx.text):
            # 'Ushakov told a conference call: "Hysteria has reached its peak" but added that': a
            # word of the quotation the parser took for the subject; the speaker of the
            # sentence's other speech verb says this too
            other = [_subject(t)[0] for t in sent if t.i != tok.i and _is_speech(t)]
            # (or the last person named before the quotation opens: "... Yury Ushakov told a
            # conference call: "Hysteria ...", where the parser hung the name elsewhere)
            other += [e.root for e in reversed(sent.ents) if e.label_ == "PERSON" and e.end <= subj.i]
            subj = next((o for o in other if o is not None and not _quoted_apart(o, tok, ctx.text)), None)
        if subj is None:   # "It was emphasized that": the expletive stands in (see below)
            subj = next((c for c in tok.children if c.dep_ == "nsubjpass" and c.lower_ == "it"), None)
        if subj is None or not (sent.start <= subj.i < sent.end):
            continue
        if subj.i > tok.i and subj.dep_ == "nsubj" and _lemma(tok) in ("report", "write", "publish"):
            cue = "reports"   # ", reports UNN" / ", writes The Guardian"
        # "it was reported that ..." (expletive, no agent): in an article reporting a document
        # ("the Council published a statement ... It was emphasized that"), its issuer
        if subj.lower_ == "it" and any(c.dep_ in ("auxpass",) for c in tok.children):
            issuer = ctx.document_issuer("", tok.idx) if _content_child(tok) is not None else None
            # "In the Sunday report of the General Staff ..., it was reported that": the
            # document the sentence itself names comes first
            named = next((src for src in (_make_source(_issuer(d), "said", ctx, sent.start_char)
                                          for d in sent if d.pos_ == "NOUN" and d.dep_ == "pobj"
                                          and _lemma(d) in a["document_nouns"] and d.i < tok.i
                                          and _issuer(d) is not None) if src is not None), None)
            issuer = named or issuer
            if issuer is None:
                continue
            src = Source(text=issuer.text, start=issuer.start, end=issuer.end, head=issuer.head,
                         cue="said", person=issuer.person)
            content = _content_child(tok)
            act = _SpeechAct(tok, [src], content)
            ids = [t.i for t in content.subtree if sent.start <= t.i < sent.end] or [content.i]
            act.lo, act.hi = min(ids), max(ids)
            acts.append(act)
            continue
        content = _content_child(tok)
        if content is not None and not (sent.start <= content.i < sent.end):
            content = None
        if content is None and _speaker_like(subj):   # "stressed the need to ...", "expressed confidence that ..."
            content = next((c for c in tok.children if c.dep_ == "dobj" and _lemma(c) in a["content_nouns"]), None)
        if content is None and tok.dep_ == "advcl" and tok.head.pos_ in ("VERB", "AUX") and \
                any(c.dep_ == "mark" and c.lower_ == "as" for c in tok.children):
            content = tok.head   # "As the Ministry notes, the conflict has claimed ..."
        if content is None and _lemma(subj) in a["event_subject_nouns"]:
            continue   # "the war has claimed 14,000 lives": an event claims no statement
        trailing = content is None and subj.i < tok.i and _after_dash(subj, sent)
        # "The three news outlets cited unnamed Western intelligence sources as saying ...": like
        # "X quoted Y as saying"
        as_saying = _lemma(tok) in a["citing_verbs"] and _quoted_as_saying(tok, ctx, sent.start_char)[0] is not None
        if content is None and _lemma(tok) not in a["object_speech_verbs"] | a["stance_verbs"] and subj.i < tok.i \
                and not trailing and not as_saying:
            continue   # "the parties concluded an agreement": not speech without a that-clause
        objs = [c for c in tok.children if c.dep_ in ("dobj",)]
        if content is None and objs and all(_is_anaphoric(o) for o in objs):
            continue   # "denied this": its content is elsewhere (handled by the backward rule)
        if _is_anaphoric(subj) and subj.dep_ != "nsubj":
            continue
        if _is_anaphoric(subj) and subj.lower_ != "it":
            continue
        chain: list[Source] = []
        interviewed = _interviewer(subj, ctx, sent.start_char) if relative else []
        chain += interviewed
        chain += _channels(tok, ctx, sent.start_char)
        quoted, as_prep = (None, None)
        if _lemma(tok) == "quote" or as_saying:
            quoted, as_prep = _quoted_as_saying(tok, ctx, sent.start_char)
        chain += _source_with_citers(subj, cue, ctx, sent.start_char)
        if not any(s.cue in ("said", "sources_familiar", "reports") for s in chain):
            continue
        for child in tok.children:
            if child.dep_ == "advcl" and _lemma(child) in a["citing_verbs"]:
                chain += _citing_sources(child, ctx, sent.start_char)
        # "X, citing Y, stated": the parser may hang citing on the subject
        for child in subj.children:
            if child.dep_ in ("acl", "advcl") and child.tag_ == "VBG" and _lemma(child) in a["citing_verbs"]:
                chain += _citing_sources(child, ctx, sent.start_char)
        if quoted is not None:
            chain += _source_with_citers(quoted, "quoted", ctx, sent.start_char)
            for g in as_prep.subtree:
                if g.dep_ in ("ccomp",):
                    content = g
                    break
            else:
                content = as_prep
        # "officials who said that C" attributes C only; but a sentence about an interview
        # ("Reuters has spoken to diplomats who suggested ...") is the interview's as a whole
        act = _SpeechAct(tok, chain, content, scoped=relative and not interviewed)
        if content is not None:
            own = {t.i for t in tok.subtree} if content.i == tok.head.i else set()
            ids = [t.i for t in content.subtree if sent.start <= t.i < sent.end and t.i not in own] or [content.i]
            act.lo, act.hi = min(ids), max(ids)
        elif subj.i > tok.i and tok.i > sent.start + 2:
            # trailing ", reports UNN" whose content the parser hung elsewhere: what precedes
            act.lo, act.hi = sent.start, tok.i - 1
        elif trailing:
            # "... over eight years - Putin summed up.": what precedes the dash
            act.lo, act.hi = sent.start, subj.left_edge.i - 2
        acts.append(act)
    return acts + _report_nouns(sent, ctx) + _belief_acts(sent, ctx) + _intent_acts(sent, ctx, acts) + \
        _describing_acts(sent, ctx, acts)


def _describing_acts(sent, ctx, speech: list[_SpeechAct]) -> list[_SpeechAct]:
    """"killed in what U.S. and Iraqi officials describe as a joint operation", "the police
    investigation into what he called a “miserable” attack", "an attack which X described as
    ...": whoever gives the description is the source of what is described (scoped: the
    described phrase, and the word the free relative hangs on, not the sentence)."""
    a = _a()
    taken = {act.verb.i for act in speech}
    acts: list[_SpeechAct] = []
    for tok in sent:
        if tok.pos_ != "VERB" or _lemma(tok) not in a["describing_verbs"] or tok.i in taken or _is_passive(tok):
            continue
        relative = next((c for c in tok.children if c.dep_ == "dobj" and c.lower_ in ("what", "which", "that", "whom")), None)
        named_as = any(c.dep_ == "oprd" or c.dep_ == "prep" and c.lower_ == "as" for c in tok.children)
        if relative is None or not named_as or any(c.dep_ == "prep" and c.lower_ in ("for", "on", "upon")
                                                   for c in tok.children):
            continue   # ("what he called for" asks)
        subj, _ = _subject(tok)
        if subj is None or not (sent.start <= subj.i < sent.end) or _is_anaphoric(subj):
            continue
        ids = [t.i for t in tok.subtree if t.i not in {s.i for s in subj.subtree}]
        if relative.lower_ == "what" and tok.dep_ in ("pcomp", "pobj") and tok.head.pos_ == "ADP":
            ids.append(tok.head.head.i)   # "killed in what ...": the word the phrase hangs on
        elif tok.dep_ == "relcl":
            ids += [t.i for t in tok.head.subtree]   # "an attack ... which X described as"
        ids = [i for i in ids if sent.start <= i < sent.end]
        src = _make_source(subj, "said", ctx, sent.start_char)
        if src is None or not ids:
            continue
        act = _SpeechAct(tok, [src], tok, scoped=True)
        act.lo, act.hi = min(ids), max(ids)
        acts.append(act)
    return acts


def _quoted_apart(subj, verb, text: str) -> bool:
    """The subject stands inside a quotation that the verb is outside of."""
    last = subj.idx + len(subj.text) - 1   # (a word glued to a closing mark: '."He emphasized')
    for quote in _quotations(text):
        for lo, hi in quote:
            if lo < last < hi - 1 and not lo < verb.idx < hi:
                return True
    return False


def _relative_antecedent(verb):
    """The antecedent that speaks through a relative clause ("Kishida Fumio, who called out
    Russia for", "Iran, which had condemned ... but also criticized"), else None."""
    rel = verb
    if rel.dep_ == "conj" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in rel.children):
        rel = rel.head
    if rel.dep_ != "relcl" or not any(c.dep_ == "nsubj" and c.lower_ in ("who", "which", "that")
                                      for c in rel.children):
        return None
    return rel.head if _speaker_like(rel.head) else None


def _intent_acts(sent, ctx, speech: list[_SpeechAct]) -> list[_SpeechAct]:
    """"Xi has vowed to take over Taiwan", "The UN urged Somali leaders to agree", "Russia
    dismissed accusations it is getting weapons": a pledge, request, threat or denial is the
    word of its subject, who is the source of what it governs (its complement, object or
    phrase). Scoped: it attributes only that, never the sentence as a whole."""
    a = _a()
    taken = {act.verb.i for act in speech}
    acts: list[_SpeechAct] = []
    for tok in sent:
        if tok.pos_ != "VERB" or _lemma(tok) not in a["intent_verbs"] or tok.i in taken:
            continue
        letter = tok.head if tok.dep_ == "acl" and tok.tag_ == "VBG" and tok.head.dep_ == "dobj" and (
            _lemma(tok.head) in a["document_nouns"] | a["intro_nouns"]) else None
        antecedent = _relative_antecedent(tok) if letter is None else None
        if letter is None and antecedent is None and tok.dep_ in ("amod", "compound", "acl", "relcl", "pcomp") \
                or _is_passive(tok):
            continue   # "the promised aid", "Ukraine was urged to": no speaker here
        # "Biggs sent a letter to Biden demanding that ...": the sender demands
        subj, _ = _subject(tok if letter is None else letter.head)
        if antecedent is not None:
            subj = antecedent
        if subj is None or not (sent.start <= subj.i < sent.end) or subj.i > tok.i:
            continue
        if _is_anaphoric(subj) and subj.lower_ != "it":
            continue
        parts = [c for c in tok.children if c.dep_ in ("xcomp", "ccomp", "dobj", "prep", "dative", "advcl")
                 and c.i > tok.i and not (c.dep_ == "advcl" and any(
                     g.dep_ == "mark" and g.lower_ in _m_temporal() for g in c.children))]
        ids = [t.i for c in parts for t in c.subtree if sent.start <= t.i < sent.end]
        if not ids:
            continue
        src = _make_source(subj, "said", ctx, sent.start_char)
        if src is None:
            continue
        act = _SpeechAct(tok, [src], parts[0], scoped=True, voiced=True)
        act.lo, act.hi = min(ids), max(ids)
        acts.append(act)
        ctx.add(src)   # a speaker "she" may refer to later ("She called for ...")
    return acts


def _m_temporal() -> frozenset[str]:
    return load_cues()["modality"]["temporal_marks"]


def _is_passive(tok) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children)


def _belief_acts(sent, ctx) -> list[_SpeechAct]:
    """"Vitrenko is convinced (that) C" and "Koffler's assessment is that C": the believer
    is the source of C."""
    a = _a()
    acts: list[_SpeechAct] = []
    # inside a quotation a belief is what the speaker says of someone ("- Putin is still
    # convinced that ... - added Haines"), not a source of its own
    quoted = [p for q in _quotations(ctx.text) for p in q if p[0] < sent.end_char and sent.start_char < p[1]]
    for tok in sent:
        if any(b <= tok.idx < e for b, e in quoted):
            continue
        content = next((c for c in tok.children if c.dep_ == "ccomp"), None)
        if content is None or not (sent.start <= content.i < sent.end):
            continue
        subj = None
        if tok.lower_ in a["belief_adjectives"] and (tok.dep_ == "acomp" and _lemma(tok.head) == "be"
                                                     or any(c.dep_ == "auxpass" for c in tok.children)):
            subj, _ = _subject(tok.head if tok.dep_ == "acomp" else tok)
            if subj is None:   # "X is convinced": a passive subject, or one hung on the auxiliary
                subj = next((c for c in tok.children if c.dep_ == "nsubjpass"), None) or \
                    next((g for c in tok.children if c.dep_ in ("aux", "auxpass")
                          for g in c.children if g.dep_ == "nsubj"), None)
        elif _lemma(tok) == "be":
            noun = next((c for c in tok.children if c.dep_ == "nsubj" and _lemma(c) in a["opinion_nouns"]), None)
            subj = next((c for c in noun.children if c.dep_ == "poss"), None) if noun is not None else None
        if subj is None or not (sent.start <= subj.i < sent.end) or _is_anaphoric(subj) and subj.lower_ != "it":
            continue
        src = _make_source(subj, "said", ctx, sent.start_char)
        if src is None:
            continue
        act = _SpeechAct(tok, [src], content)
        ids = [t.i for t in content.subtree if sent.start <= t.i < sent.end]
        act.lo, act.hi = min(ids), max(ids)
        acts.append(act)
    return acts


def _opinion_sources(sent, ctx) -> list[tuple[int, list[Source], Any]]:
    """"In his opinion, ...", "in the view of the ministry": the owner of the opinion."""
    a = _a()
    out = []
    for tok in sent:
        if tok.lower_ != "in" or tok.dep_ != "prep":
            continue
        for noun in tok.children:
            if noun.dep_ != "pobj" or _lemma(noun) not in a["opinion_nouns"]:
                continue
            owner = next((c for c in noun.children if c.dep_ == "poss"), None)
            if owner is None:
                owner = next((g for p in noun.children if p.dep_ == "prep" and p.lower_ == "of"
                              for g in p.children if g.dep_ == "pobj"), None)
            srcs = _source_with_citers(owner, "according_to", ctx, sent.start_char) if owner is not None else []
            if srcs:
                out.append((tok.i, srcs, tok.head))
    return out


def _speaker_like(tok) -> bool:
    """A subject that can voice a view ("He", "Zelensky", "the ministry", "the message"), not
    a thing ("This event underscores the need ...")."""
    a = _a()
    if tok.pos_ == "PRON":
        return tok.lower_ in a["person_pronouns"] | a["plural_pronouns"] | {"i", "we"}
    if tok.pos_ == "PROPN":
        return True
    return _lemma(tok) in a["role_nouns"] | a["org_nouns"] | a["document_nouns"] | a["media_nouns"]


def _interviewer(listener, ctx, sent_start) -> list[Source]:
    """"Reuters has spoken to unnamed diplomats who ...": the media that spoke to the
    source (the subject of speak/talk to, when it is media-like)."""
    prep = listener.head
    if listener.dep_ != "pobj" or prep.lower_ not in ("to", "with"):
        return []
    verb = prep.head
    if _lemma(verb) not in _a()["speaking_verbs"]:
        return []
    subj, _ = _subject(verb)
    if subj is None or not _media_like(subj):
        return []
    src = _make_source(subj, "interview", ctx, sent_start)
    return [src] if src is not None else []


def _quote_tag(verb) -> bool:
    """"“...,” he continued." / "“...,” continued Stoltenberg": the verb and its subject
    come right after a quotation's closing mark and a comma, with nothing after them."""
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is None:
        return False
    first = min(subj.left_edge.i, verb.i)
    doc = verb.doc
    if first < 2 or doc[first - 1].text not in ("”", '"', "»") or doc[first - 2].text not in (",", "!", "?"):
        return False
    rest = [t for t in doc[max(verb.i, subj.right_edge.i) + 1:verb.sent.end] if not (t.is_punct or t.is_space)]
    return all(t.dep_ in ("prt", "advmod", "npadvmod") for t in rest)


def _report_complement(noun):
    """The that-clause or of-phrase of a report noun ("reports that C", "reports of C")."""
    for child in noun.children:
        if child.dep_ in ("acl", "ccomp", "relcl") and any(g.dep_ == "mark" and g.lower_ == "that" for g in child.children):
            return child
        if child.dep_ == "prep" and child.lower_ in ("of", "about", "over"):
            objs = [g for g in child.children if g.dep_ in ("pobj", "pcomp")]
            if objs and not (child.lower_ == "of" and _speaker_like(objs[0])):
                return child   # (not "a report of the director": that is who reported)
    return None


def _report_nouns(sent, ctx) -> list[_SpeechAct]:
    """"reports of Russia moving troops", "warnings from US officials that ...": the report
    (or its named issuer) is the source of its complement."""
    a = _a()
    acts: list[_SpeechAct] = []
    for tok in sent:
        if tok.pos_ != "NOUN" or _lemma(tok) not in a["report_source_nouns"]:
            continue
        content = _report_complement(tok)
        if content is None:
            continue
        issuer = _issuer(tok)
        if issuer is not None and issuer.pos_ == "PRON" and tok.dep_ == "dobj":
            issuer, _ = _subject(tok.head)   # "US officials increased its estimates of ..."
        elif issuer is None and tok.dep_ == "dobj" and _lemma(tok.head) in a["voicing_verbs"]:
            issuer, _ = _subject(tok.head)   # "Kyiv and Moscow have traded accusations over ..."
            if issuer is not None and (issuer.pos_ == "PRON" and issuer.lower_ not in a["person_pronouns"]
                                       | a["plural_pronouns"] or not (sent.start <= issuer.i < sent.end)):
                issuer = None
        if issuer is not None and issuer.i not in {t.i for t in content.subtree}:
            src = _make_source(issuer, "said", ctx, sent.start_char)
        elif _lemma(tok) in a["bare_report_nouns"] and not any(
                c.dep_ in ("det", "poss") and c.lower_ not in ("a", "an") for c in tok.children):
            # with the modifiers' own ("British media report that": "British" hangs on "media")
            toks = [t for c in tok.children if c.dep_ in ("compound", "amod") and c.i < tok.i
                    for t in c.subtree if t.i < tok.i] + [tok]
            start, end, text = _span_of(toks)
            src = Source(text=text, start=start, end=end, head=text, cue="reports")
        else:
            continue
        if src is None:
            continue
        act = _SpeechAct(tok, [src], content, scoped=True)
        ids = [t.i for t in content.subtree if sent.start <= t.i < sent.end] or [content.i]
        act.lo, act.hi = min(ids), max(ids)
        acts.append(act)
    return acts


def _statement_time(verb, content, subj_tokens, sent=None, lo=None, hi=None) -> tuple[str, int, int] | None:
    """The DATE/TIME entity attached to the speech verb (not inside the content or
    subject): "said in January 2025", "said in an interview ... on June 14"."""
    doc = verb.doc
    skip = set()
    if content is not None:
        skip.update(t.i for t in content.subtree)
    skip.update(subj_tokens)
    if lo is not None:
        skip.update(range(lo, hi + 1))
    for child in verb.children:
        if child.dep_ in ("ccomp", "conj", "parataxis", "advcl") and child.i > verb.i:
            skip.update(t.i for t in child.subtree)
    sub = [t for t in verb.subtree if t.i not in skip and (sent is None or sent.start <= t.i < sent.end)]
    ids = {t.i for t in sub}
    if not ids:
        return None
    for ent in _ents_within(doc, min(ids), max(ids) + 1):
        if ent.label_ in ("DATE", "TIME") and all(t.i in ids for t in ent):
            return ent.text, ent.start_char, ent.end_char
    return None


def _backward_credit(sent) -> Any:
    """The reporting verb of a credit sentence ("This was reported by X, citing Y",
    "X reported this", "Writes X."), else None."""
    a = _a()
    root = sent.root
    if not (root.pos_ in ("VERB", "AUX") and _lemma(root) in a["backward_verbs"]):
        return None
    if _content_child(root) is not None:
        return None
    if any(c.dep_ == "conj" and c.pos_ in ("VERB", "AUX") for c in root.children):
        return None
    subj = [c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")]
    objs = [c for c in root.children if c.dep_ == "dobj"]
    if any(c.dep_ == "nsubjpass" and _is_anaphoric(c) for c in subj):
        return root
    if objs and all(_is_anaphoric(o) for o in objs) and subj and not _is_anaphoric(subj[0]):
        return root
    return None


def _credit_dash(sent, ctx) -> Source | None:
    """Headline credit: "North Korea has agreed to ... - NHK", and a dash quotation's tag
    "... - answered Lavrov"."""
    a = _a()
    toks = [t for t in sent if not t.is_space]
    while toks and toks[-1].is_punct and toks[-1].text not in a["credit_dashes"]:
        toks.pop()
    for k in range(len(toks) - 1, max(len(toks) - 6, 0), -1):
        if toks[k].text in a["credit_dashes"]:
            if not (toks[k].whitespace_ and toks[k - 1].whitespace_):
                break   # a hyphen inside a word ("long-range missiles"), not a credit dash
            tail = toks[k + 1:]
            tagged = len(tail) >= 2 and _lemma(tail[0]) in a["speech_verbs"] | a["quote_tag_verbs"] and \
                tail[0].tag_ in ("VBD", "VBN", "VBZ") and k >= 3
            if tagged:   # "... - answered Lavrov.": a quotation's tag the parser did not read as a verb
                tail = tail[1:]
            if 1 <= len(tail) <= 4 and all(t.pos_ in ("PROPN", "NOUN") or t.text[:1].isupper() for t in tail) \
                    and k >= 3:
                start, end = tail[0].idx, tail[-1].idx + len(tail[-1].text)
                text = doc_text(sent.doc)[start:end]
                head = _strip_det(text)
                # the one who speaks a quotation is a person, unless the gazetteer knows otherwise
                person = tagged and _is_person_name(head)
                return Source(text=text, start=start, end=end, head=head, cue="credit", person=person)
            break
    return None


def _note_documents(sent, ctx: _Context) -> None:
    """Documents the sentence introduces with their issuer: "X said in a statement", "the
    Senate has passed a resolution", "ISW said this in a new assessment"."""
    a = _a()
    nouns = a["document_nouns"] | a["intro_nouns"]
    for tok in sent:
        if tok.pos_ != "NOUN" or _lemma(tok) not in nouns:
            continue
        if tok.dep_ == "nsubjpass" and _lemma(tok.head) in a["intro_verbs"]:
            # "The relevant statement was made by President Zelensky": the agent issued it
            agent = next((g for c in tok.head.children if c.dep_ == "agent"
                          for g in c.children if g.dep_ == "pobj"), None)
            src = _make_source(agent, "document", ctx, sent.start_char) if agent is not None else None
            if src is not None and src.head.lower() not in nouns:
                ctx.documents.append((tok.idx, src, _lemma(tok), False))
            continue
        named = _named_issuer(tok)
        if named is not None:
            # "Oxfam's Paying the Price report this week said", "the strategy document released
            # by the White House": the document comes with its issuer
            src = _make_source(named, "document", ctx, sent.start_char)
            if src is not None and src.head.lower() not in nouns:
                ctx.documents.append((tok.idx, src, _lemma(tok), True))
            continue
        if tok.dep_ not in ("dobj", "pobj"):
            continue
        verb = tok.head if tok.dep_ == "dobj" else tok.head.head
        if verb.pos_ not in ("VERB", "AUX") or not (sent.start <= verb.i < sent.end):
            continue
        if _lemma(verb) not in a["intro_verbs"] and not _is_speech(verb):
            # "received a message of greeting from V. Putin": the sender issued it
            sender = _sender(tok, verb)
            src = _make_source(sender, "document", ctx, sent.start_char) if sender is not None else None
            if src is not None and src.head.lower() not in nouns:
                ctx.documents.append((tok.idx, src, _lemma(tok), False))
            continue   # "voted against the resolution" issues nothing
        subj, _ = _subject(verb)
        if subj is None or not (sent.start <= subj.i < sent.end) or _is_anaphoric(subj) and subj.lower_ != "it":
            continue
        src = _make_source(subj, "document", ctx, sent.start_char)
        if src is not None and src.head.lower() not in nouns:
            ctx.documents.append((tok.idx, src, _lemma(tok), False))
    for tok in sent:
        # "According to the Global Terrorism Index 2025 released last week, ... According to the
        # report": a named work issued (by no one named) is a document itself
        issued = next((c for c in tok.children if c.dep_ == "acl" and c.tag_ == "VBN"
                       and _lemma(c) in a["intro_verbs"] - {"say", "make", "give"}
                       and not any(g.dep_ == "agent" for g in c.children)), None)
        if tok.pos_ == "PROPN" and tok.dep_ in ("pobj", "nsubj", "dobj") and issued is not None:
            src = _make_source(tok, "document", ctx, sent.start_char)
            if src is not None:
                # the name without its participle ("the Global Terrorism Index 2025")
                start, end, text = _span_of([t for t in _phrase_tokens(tok) if t.i < issued.left_edge.i])
                ctx.documents.append((tok.idx, replace(src, text=_strip_det(text) if text else src.text), "", False))
    for tok in sent:
        # "The Reuters news agency reported earlier this year that ... The report added": a
        # verb of reporting makes the document its noun names, issued by the verb's subject
        noun = a["reporting_verb_documents"].get(_lemma(tok))
        # (the clause after the verb: a credit tag ", Ukrinform reports." reports someone else's)
        if noun is None or tok.pos_ != "VERB" or not any(c.dep_ == "ccomp" and c.i > tok.i for c in tok.children):
            continue
        subj, _ = _subject(tok)
        if subj is None or not (sent.start <= subj.i < sent.end) or _is_anaphoric(subj) or subj.pos_ == "PRON":
            continue
        src = _make_source(subj, "document", ctx, sent.start_char)
        if src is not None and src.head.lower() not in nouns:
            ctx.documents.append((tok.idx, src, noun, True))


def _named_issuer(noun):
    """The named issuer of a document noun: a proper-name possessor or modifier ("Oxfam's
    report", "the Pentagon report"), a named "by" / "from" ("a report by Amnesty"), or the
    agent of a participle of issuing ("the document released by the White House"); else None."""
    a = _a()
    named = ("ORG", "GPE", "PERSON", "NORP")

    def is_name(g) -> bool:
        return g.pos_ == "PROPN" or g.ent_type_ in named

    for child in noun.children:
        if child.dep_ == "poss" and is_name(child) or child.dep_ == "compound" and child.pos_ == "PROPN":
            return child
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in ("by", "from"):
            found = next((g for g in child.children if g.dep_ == "pobj" and is_name(g)), None)
            if found is not None:
                return found
        if child.dep_ == "acl" and _lemma(child) in a["intro_verbs"] and child.tag_ == "VBN":
            found = next((g for p in child.children if p.dep_ == "agent"
                          for g in p.children if g.dep_ == "pobj" and is_name(g)), None)
            if found is not None:
                return found
    return None


def _sender(noun, verb):
    """The "from X" / "by X" of a document noun, of its "of" phrase ("a message of greeting
    from X") or of its verb ("received a letter ... from X"), else None."""
    nodes = [noun] + [g for p in noun.children if p.dep_ == "prep" and p.lower_ == "of"
                      for g in p.children if g.dep_ == "pobj"]
    for node, preps in [(n, ("from", "by")) for n in nodes] + [(verb, ("from",))]:
        for p in node.children:
            if p.dep_ == "prep" and p.lower_ in preps:
                for g in p.children:
                    if g.dep_ == "pobj" and (g.pos_ == "PROPN" or g.ent_type_ in ("ORG", "GPE", "PERSON", "NORP")):
                        return g
    return None


def _count_sources(sent, ctx: _Context) -> list[tuple[int, list[Source], Any]]:
    """"by the agency's count", "by its own estimate": the possessor of the count."""
    a = _a()
    out = []
    for tok in sent:
        if tok.lower_ != "by" or tok.dep_ != "prep":
            continue
        for noun in tok.children:
            if noun.dep_ == "pobj" and noun.lower_ in a["count_nouns"]:
                owner = next((c for c in noun.children if c.dep_ == "poss"), None)
                if owner is not None:
                    srcs = _source_with_citers(owner, "according_to", ctx, sent.start_char)
                    if srcs:
                        out.append((tok.i, srcs, tok.head))
    return out


def _header_source(sent, ctx: _Context) -> Source | None:
    """A headline credited by a name and a colon: "Deszczyca: We are consulting with
    Poland ...", "President of Ukraine: delaying the transfer ...", "NYT: ..."."""
    a = _a()
    toks = [t for t in sent if not t.is_space]
    colon = next((k for k, t in enumerate(toks[:7]) if t.text == ":"), None)
    if not colon or len(toks) - colon < 4:
        return None
    head = toks[:colon]
    if any(t.pos_ in ("VERB", "AUX") for t in head) or not head[0].text[:1].isupper():
        return None
    ids = {t.i for t in head}
    roots = [t for t in head if t.head.i not in ids or t.head.i == t.i]
    root = next((t for t in reversed(roots) if t.pos_ in ("PROPN", "NOUN")), None)
    if root is None:
        return None
    phrase = " ".join(t.text for t in head)
    named = any(t.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") for t in head) or \
        phrase.lower() in a["known_outlets"] or _lemma(root) in a["role_nouns"] or \
        any(name == phrase or name.split()[-1] == phrase for _, name, person in ctx.entity_mentions if person)
    if not named:
        return None
    start, end, text = _span_of(head)
    name, person = _head_name(root, head)
    if root.pos_ == "NOUN" and _lemma(root) not in a["role_nouns"]:
        name = phrase   # a name the tagger took for a common noun ("Deszczyca")
    elif len(head) > 1 and all(t.text[:1].isupper() or t.lower_ in a["name_particles"] for t in head):
        name = phrase   # "Ursula von der Leyen: ...": the tagger cuts the name at "der"
    src = Source(text=text, start=start, end=end, head=name or phrase, cue="header", person=person)
    ctx.pending.append((start, src.head, person))
    return src


def _intro_source(sent, ctx: _Context) -> Source | None:
    """"X released the following press statement ...:" - the speaker of what follows."""
    a = _a()
    text = sent.text.rstrip()
    for tok in sent:
        # "Here is the full text of his statement": the owner of the statement
        if _lemma(tok) in ("text", "transcript") and any(c.lower_ == "full" for c in tok.children) or \
                _lemma(tok) == "transcript":
            for prep in tok.children:
                if prep.dep_ == "prep" and prep.lower_ == "of":
                    for noun in prep.children:
                        if noun.dep_ != "pobj":
                            continue
                        owner = next((c for c in noun.children if c.dep_ == "poss"), None)
                        if owner is not None:
                            return _make_source(owner, "statement_of", ctx, sent.start_char)
                        # "The full text of the speech is provided below:" - the issuer of
                        # the speech the article introduced before
                        issuer = ctx.document_issuer(_lemma(noun), noun.idx)
                        if issuer is not None:
                            return Source(text=issuer.text, start=issuer.start, end=issuer.end,
                                          head=issuer.head, cue="statement_of", person=issuer.person)
    if not text.endswith(":"):
        return None
    for tok in sent:
        # "Following is the full text of an article ... issued by a military commentator:",
        # "Read the President's full address below:"
        if _lemma(tok) in a["intro_nouns"] | {"text"} and (
                any(c.lower_ in ("full", "following") for c in tok.children) or
                tok.head.lower_ == "of" and _lemma(tok.head.head) == "text"):
            owner = next((c for c in tok.children if c.dep_ == "poss"), None)
            if owner is None:
                owner = next((g for c in tok.children if c.dep_ == "acl" and _lemma(c) in a["intro_verbs"]
                              for p in c.children if p.dep_ == "agent" for g in p.children if g.dep_ == "pobj"), None)
            if owner is not None and owner.lower_ not in ("our", "my", "their", "its"):
                src = _make_source(owner, "statement_of", ctx, sent.start_char)
                if src is not None:
                    return src
    for tok in sent:
        if tok.pos_ not in ("VERB", "AUX") or _lemma(tok) not in a["intro_verbs"]:
            continue
        subj, _ = _subject(tok)
        if any(c.lower_ == "following" for c in sent) and (
                not any(c.dep_ == "dobj" for c in tok.children) or subj is not None and subj.ent_type_ == "GPE"):
            # "X made public the following press statement "<title>" on Monday:" - a quoted
            # title confuses the parser, and a dateline ("Pyongyang, October 11 (KCNA) --")
            # passes for the subject; the person (else the organisation) named before the verb
            ents = [e for e in sent.ents if e.end <= tok.i and e.label_ in ("PERSON", "ORG")]
            ents.sort(key=lambda e: (e.label_ != "PERSON", e.start))
            if ents:
                src = _make_source(ents[0].root, "statement_of", ctx, sent.start_char)
                if src is not None:
                    return src
            continue
        objs = [c for c in tok.children if c.dep_ == "dobj" and _lemma(c) in a["intro_nouns"] | a["document_nouns"]]
        if not objs or not any(c.lower_ == "following" for o in objs for c in o.children):
            continue
        subj, _ = _subject(tok)
        if subj is not None and sent.start <= subj.i < sent.end:
            return _make_source(subj, "statement_of", ctx, sent.start_char)
    return None


def _analyse_sentence(sent, ctx: _Context) -> SentenceAttribution:
    ctx.pending = []
    acts = _speech_acts(sent, ctx)
    accs = _according_to(sent, ctx) + _count_sources(sent, ctx) + _opinion_sources(sent, ctx)
    att = SentenceAttribution(start=sent.start_char, end=sent.end_char, chain=[])

    clauses: list[ClauseAttribution] = []
    for act in acts:
        # outer acts (whose content holds this verb) come first
        full: list[Source] = []
        for other in acts:
            if other is not act and other.covers(act.verb.i):
                full += other.chain
        # "According to NHK, X said ...": attached to the speech verb, outside its content
        for idx, srcs, attach in accs:
            if attach.i == act.verb.i and not act.covers(idx):
                full += srcs
        full += act.chain
        # according-to inside this act's content (and in no deeper act's): inner
        for idx, srcs, attach in accs:
            if act.covers(idx) and not any(o is not act and o.covers(idx) and act.covers(o.verb.i) for o in acts):
                full += srcs
        cs = ce = None
        if act.lo is not None:
            cs = sent.doc[act.lo].idx
            last = sent.doc[act.hi]
            ce = last.idx + len(last.text)
        clauses.append(ClauseAttribution(_dedupe(full), act.verb.i, cs, ce, act.scoped or any(
            o.scoped and not o.voiced and o.covers(act.verb.i) for o in acts if o is not act)))

    if any(c.scoped for c in clauses) and all(c.scoped for c in clauses):
        # only embedded acts ("There have been reports of ..."): the sentence keeps what
        # else names its source; the acts attribute their content (chain_for)
        acts, clauses_scoped, clauses = [], clauses, []
    else:
        clauses_scoped = []
    if clauses:
        # the innermost (longest chain; ties: the first speech verb) of the acts that are not
        # embedded in a phrase stands for the sentence
        candidates = [k for k in range(len(clauses)) if not clauses[k].scoped] or list(range(len(clauses)))
        main_idx = max(candidates, key=lambda k: (len(clauses[k].chain), -k))
        main = clauses[main_idx]
        act = acts[main_idx]
        att.chain = main.chain
        att.speech_token = main.speech_token
        att.content_start, att.content_end = main.content_start, main.content_end
        for cand in [act] + [o for o in acts if o is not act and o.covers(act.verb.i)]:
            subj, _ = _subject(cand.verb)
            st = _statement_time(cand.verb, cand.content,
                                 {t.i for t in subj.subtree} if subj is not None else set(), sent,
                                 cand.lo, cand.hi)
            if st:
                att.statement_time_text, att.statement_time_start, att.statement_time_end = st
                break
    elif accs:
        chain: list[Source] = []
        for _, srcs, _attach in accs:
            chain += srcs
        att.chain = _dedupe(chain)
    else:
        credit = _credit_dash(sent, ctx)
        if credit:
            att.chain = [credit]
        intro = _intro_source(sent, ctx)
        if intro is not None:
            att.chain = [intro]
            att.introduces = True
        elif not att.chain:
            header = _header_source(sent, ctx)
            if header is not None:
                att.chain = [header]
    if not att.chain and _colon_intro(sent):
        issued = _relative_document_issuer(sent, ctx)
        if issued is not None:
            att.chain = [issued]
    if att.chain and not att.introduces and _colon_intro(sent):
        att.introduces = att.colon_intro = True
    att.clauses = clauses + clauses_scoped
    att.settings = [setting for act in acts if not act.scoped for setting in _settings(act)]
    for src in att.chain:
        ctx.add(src)
    ctx.note_subjects(sent)
    _note_documents(sent, ctx)
    return att


def _relative_document_issuer(sent, ctx: _Context) -> Source | None:
    """"X issued a press statement titled "...", which said:" (a statement reprinted by an
    agency): the document speaks through the relative clause, and its issuer (the subject of the
    verb that made it, or "a statement from X") is the source of what follows the colon."""
    words = [t for t in sent if not t.is_punct and not t.is_space]
    verb = words[-1] if words else None
    if verb is None or verb.dep_ != "relcl" or not any(
            c.dep_ == "nsubj" and c.lower_ in ("which", "that") for c in verb.children):
        return None
    noun = verb.head
    for _ in range(5):   # the parser may hang the clause on the title of the document
        if noun.pos_ == "NOUN" and _lemma(noun) in _a()["document_nouns"] or noun.head is noun:
            break
        noun = noun.head
    if noun.pos_ != "NOUN" or _lemma(noun) not in _a()["document_nouns"]:
        return None
    issuer = _issuer(noun)
    if issuer is None and noun.dep_ == "dobj":
        issuer = next((c for c in noun.head.children if c.dep_ == "nsubj"), None)
    if issuer is None or _is_anaphoric(issuer):
        return None
    return _make_source(issuer, "said", ctx, sent.start_char)


def _colon_intro(sent) -> bool:
    """"The message said:", "..., the message said, adding:", "The statement reads:" at the end
    of a paragraph: the speech verb's content is the paragraphs that follow (a message or
    statement reprinted by an agency, one paragraph a line)."""
    if not sent.text.rstrip().endswith(":"):
        return False
    text = doc_text(sent.doc)
    colon = sent.start_char + len(sent.text.rstrip())
    rest = text[colon:]
    if rest.strip() and "\n" not in rest[:len(rest) - len(rest.lstrip())]:
        return False   # the content follows on the same line
    words = [t for t in sent if not t.is_punct and not t.is_space]
    return bool(words) and _is_speech(words[-1])


def _settings(act: _SpeechAct) -> list[tuple[int, int, int]]:
    """The event words that set a speech act: the object of a setting preposition on the
    speech verb ("during the Thursday meeting"), or on a participle clause of it ("Speaking
    in Tokyo at a meeting"), and the verb the speech verb is a conjunct of ("met with the
    ministers and said"), or on its subject ("Blinken during the meeting warned"); never a word
    of the act's content."""
    a = _a()
    verb = act.verb
    found = []
    subj, _ = _subject(verb)
    heads = [verb] + [c for c in verb.children if c.dep_ == "advcl" and c.tag_ in ("VBG", "VBN")
                      and not any(g.dep_ == "mark" for g in c.children)]
    if subj is not None and subj.i < verb.i:
        heads.append(subj)   # "Antony Blinken during the Thursday meeting of the UNSC warned"
    for head in heads:
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ in a["speech_setting_preps"]:
                found += [g for g in prep.children if g.dep_ == "pobj" and g.pos_ == "NOUN"]
    if verb.dep_ == "conj" and verb.head.pos_ == "VERB" and not _is_speech(verb.head) \
            and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        found.append(verb.head)   # (a shared subject: "Morrison met ... and said")
    spans = [(t.idx, t.idx + len(t.text), verb.idx) for t in found if not act.covers(t.i)]
    # a time phrase or clause fronted before the speaker, the content after the verb: the whole
    # phrase is the outlet's ("After the terror attacks on September 11, 2001, ... Bush declared")
    # (not where the content is unknown or quoted before: 'While the United Kingdom "plans to
    # work with our friends ...," Johnson said.', dev)
    if subj is not None and subj.i < verb.i and act.lo is not None and act.lo > verb.i \
            and not any(q in verb.doc[verb.sent.start:subj.i].text for q in "\"“”"):
        for child in verb.children:
            if child.dep_ == "mark" and child.i < subj.left_edge.i and child.lower_ in a["fronted_setting_marks"]:
                # the parser hangs the fronted "After" on the speech verb and takes its noun for a
                # second subject ("After the terror attacks ..., ... Bush declared"): the words
                # from the mark up to the speaker
                last = sent_tok = verb.doc[subj.left_edge.i - 1]
                while sent_tok.i > child.i and (sent_tok.is_punct or sent_tok.is_space):
                    sent_tok = verb.doc[sent_tok.i - 1]
                if sent_tok.i > child.i and not any(act.covers(i) for i in range(child.i, last.i + 1)):
                    spans.append((child.idx, sent_tok.idx + len(sent_tok.text), verb.idx))
                continue
            if child.i >= subj.i or child.dep_ not in ("prep", "advcl", "npadvmod", "advmod"):
                continue
            # the mark word: the preposition itself, or a clause's / noun phrase's "after"
            marks = {child.lower_} | {g.lower_ for g in child.children if g.dep_ in ("mark", "prep", "advmod")}
            if not marks & a["fronted_setting_marks"]:
                continue
            lo, hi = child.left_edge, child.right_edge
            if act.covers(lo.i) or act.covers(hi.i):
                continue
            spans.append((lo.idx, hi.idx + len(hi.text), verb.idx))
    return spans


def _dedupe(chain: list[Source]) -> list[Source]:
    out: list[Source] = []
    for s in chain:
        if out and (out[-1].start, out[-1].end) == (s.start, s.end):
            continue
        if any((o.start, o.end) == (s.start, s.end) for o in out):
            continue
        out.append(s)
    return out


def _paragraph_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer(r"\n\s*\n", text)]


def _paragraph_of(pos: int, starts: list[int]) -> int:
    k = 0
    for i, s in enumerate(starts):
        if s <= pos:
            k = i
    return k


def _segments(doc) -> list:
    """spaCy sentences, further split at paragraph breaks: the small model often runs a
    headline or a heading into the next paragraph, and attribution never crosses a blank
    line. (A paragraph-aware sentence splitter in analyze/nlp.py would make this a no-op.)"""
    out = []
    for sent in doc.sents:
        begin = sent.start
        for tok in sent:
            if tok.is_space and "\n" in tok.text and tok.text.count("\n") >= 2 or (
                    tok.is_space and "\n" in tok.text and tok.i > begin and doc[tok.i - 1].text[-1:] not in ",;:"):
                if tok.i > begin:
                    out.append(doc[begin:tok.i])
                begin = tok.i + 1
            elif not tok.is_space and "\n\n" in tok.whitespace_:
                out.append(doc[begin:tok.i + 1])
                begin = tok.i + 1
        if begin < sent.end:
            out.append(doc[begin:sent.end])
    return [s for s in out if s.text.strip()]


def attribute(doc, *, outlet: str | None = None, text: str | None = None,
              mentions=None) -> list[SentenceAttribution]:
    """One SentenceAttribution per sentence of doc, in order. `outlet` is accepted for
    symmetry with the extractor and is not added to chains (the extractor prepends it).
    `text` is the whole document when doc is a parse of only some of its sentences (the
    others blanked out, offsets kept): quotations are found in it. `mentions` are the
    entity resolver's mentions of the whole text (people named in unparsed sentences)."""
    ctx = _Context(doc, text, mentions)
    sents = _segments(doc)
    out: list[SentenceAttribution] = []
    credits: list[tuple[int, Any]] = []
    for k, sent in enumerate(sents):
        att = _analyse_sentence(sent, ctx)
        verb = _backward_credit(sent)
        if verb is not None:
            chain: list[Source] = []
            subj, _ = _subject(verb)
            if subj is not None and not _is_anaphoric(subj):
                chain += _channels(verb, ctx, sent.start_char)
                chain += _source_with_citers(subj, "this_was_reported", ctx, sent.start_char)
            for child in verb.children:
                if child.dep_ == "advcl" and _lemma(child) in _a()["citing_verbs"]:
                    chain += _citing_sources(child, ctx, sent.start_char)
            for _, srcs, _a2 in _according_to(sent, ctx):
                chain += srcs
            for s in chain[:1]:
                s.cue = "this_was_reported"
            if chain:
                if not att.chain or att.speech_token == verb.i:
                    att.chain = _dedupe(chain)
                    att.speech_token = verb.i
                    st = _statement_time(verb, None, {t.i for t in subj.subtree} if subj is not None else set(), sent)
                    if st:
                        att.statement_time_text, att.statement_time_start, att.statement_time_end = st
                    for src in att.chain:
                        ctx.add(src)
                credits.append((k, att))
        out.append(att)
    # backward attribution of credit sentences
    starts = _paragraph_starts(doc_text(doc))
    for k, credit in credits:
        j = k - 1
        first = True
        para = None
        while j >= 0:
            prev = out[j]
            if prev.chain and not prev.backward:
                break
            if not first and _paragraph_of(prev.start, starts) != para:
                break
            if not sents[j].text.strip():
                j -= 1
                continue
            if first:
                para = _paragraph_of(prev.start, starts)
                first = False
            if not prev.chain:
                prev.chain = list(credit.chain)
                prev.backward = True
                prev.statement_time_text = credit.statement_time_text
                prev.statement_time_start = credit.statement_time_start
                prev.statement_time_end = credit.statement_time_end
            j -= 1
    _quoted_speakers(out, ctx.text)
    _introduced_statements(out)
    _continued_statements(out, ctx.text)
    return out


def _states_whole(att: SentenceAttribution) -> bool:
    """The sentence is a statement as a whole: its source governs a clause that makes up most
    of it ("C, the statement said", "X said that C", "According to X, C"), not a phrase of it."""
    if not att.chain or att.backward or att.introduces:
        return False
    if att.speech_token is None:
        return True   # "according to X" / "as X noted," / a quotation's speaker
    if att.content_start is None:
        return False
    return (att.content_end or 0) - att.content_start >= 0.5 * (att.end - att.start)


@lru_cache(maxsize=1)
def _continuation_re() -> re.Pattern:
    a = _a()
    openers = "|".join(sorted((re.escape(o) for o in a["continuation_openers"]), key=len, reverse=True))
    subjects = "|".join(sorted(re.escape(o) for o in a["continuation_subjects"]))
    also = "|".join(sorted(re.escape(o) for o in a["continuation_also_subjects"]))
    return re.compile(rf"(?:(?:{openers})\b,?\s*)+(?!(?:this|that)\b)\S|(?:{subjects})\s+(?!\S+\s+(?:that|who|which)\b)\w"
                      rf"|(?:{also})\s+(?:\w+\s+)?also\b", re.I)


def _continues(sentence: str) -> bool:
    """The sentence opens with a link to the one before: "And it has released", "In addition,
    ...", "These include ..." (cues `continuation_openers`, `continuation_subjects`)."""
    return bool(_continuation_re().match(sentence.lstrip("\"“ -—")))


def _continued_statements(out: list[SentenceAttribution], text: str) -> None:
    """A sentence with no source of its own that opens with a link to the one just before
    (`_continues`), a sentence stated as a whole by a source, goes on with that statement
    ("..., the statement said. And it has released ..."; "The US Secretary of State said that
    ... . These include ..."): it takes the source, and so does the next linked one."""
    prev: SentenceAttribution | None = None
    chain: list[Source] | None = None
    for att in out:
        adjacent = prev is not None and not text[prev.end:att.start].strip()
        if not adjacent:
            chain = None
        if att.chain:
            chain = list(att.chain) if _states_whole(att) else None
        elif chain and _continues(text[att.start:att.end]):
            att.chain = list(chain)
            att.continued = True
            for clause in att.clauses:
                clause.chain = _dedupe(list(chain) + clause.chain)
        else:
            chain = None
        prev = att


# --------------------------------------------------------------------------- quotations

_OPENING = "“«„"
_CLOSING = "”»"
_MARKS = re.compile('[“«„”»"]')


def quotations(text: str) -> list[list[tuple[int, int]]]:
    return [list(q) for q in _quotations(text)]


@lru_cache(maxsize=4)   # the extractor asks twice per article (planning, then attribution)
def _quotations(text: str) -> tuple[tuple[tuple[int, int], ...], ...]:
    return tuple(tuple(q) for q in _find_quotations(text))


def _find_quotations(text: str) -> list[list[tuple[int, int]]]:
    """The quotations of a text, each a list of (start, end) pieces: a quotation runs from
    its opening mark to its closing one inside a paragraph (line); one left open at the end
    of a paragraph goes on in the next paragraph that opens with a quotation mark (the news
    convention for a quote of several paragraphs)."""
    out: list[list[tuple[int, int]]] = []
    carried: list[tuple[int, int]] | None = None
    for line in re.finditer(r"[^\n]+", text):
        body = line.group()
        if not body.strip():
            continue
        first = line.start() + len(body) - len(body.lstrip())
        if carried is not None and text[first] not in _OPENING + '"':
            out.append(carried)
            carried = None
        open_at: int | None = None
        for mark in _MARKS.finditer(body):
            pos, ch = line.start() + mark.start(), mark.group()
            if open_at is None and (ch in _OPENING or ch == '"'):
                open_at = pos
            elif open_at is not None and (ch in _CLOSING or ch == '"'):
                if ch == '"' and _reopens(text, pos):
                    continue   # 'poorest. "Two million ...': a paragraph glued on, the quote goes on
                piece = (open_at, pos + 1)
                if carried is not None and open_at == first:
                    out.append(carried + [piece])
                    carried = None
                else:
                    out.append([piece])
                open_at = None
        if open_at is not None:      # still open at the paragraph's end: may go on
            piece = (open_at, line.end())
            if carried is not None and open_at == first:
                carried.append(piece)
            else:
                if carried is not None:
                    out.append(carried)
                carried = [piece]
    if carried is not None:
        out.append(carried)
    out += _dash_quotations(text)
    return sorted(out)


def _reopens(text: str, pos: int) -> bool:
    """A straight mark at `pos` inside an open quotation that opens a new paragraph of it
    (a text whose paragraphs were glued together: 'real change. "Two million children will'):
    after a sentence's end and a space, before a word."""
    return 2 <= pos < len(text) - 1 and text[pos - 1] == " " and text[pos - 2] in ".!?" \
        and text[pos + 1].isalnum()


# A dash opening a quotation (Polish and Ukrainian news style): at a paragraph's start or
# right after a sentence's end ("... no evidence.- Our analysts say ..."); it closes at the
# next spaced dash ("... leave Ukraine - he said.") or the paragraph's end.
_DASH_OPEN = re.compile(r"(?:^[ \t]*|(?<=[.!?\]\"”]) ?)([-–—])[ \t]+(?=\S)", re.M)
_DASH_CLOSE = re.compile(r"[ \t][-–—][ \t]")


def _dash_quotations(text: str) -> list[list[tuple[int, int]]]:
    out: list[list[tuple[int, int]]] = []
    for line in re.finditer(r"[^\n]+", text):
        at = line.start()
        while True:
            opening = _DASH_OPEN.search(text, at, line.end())
            if opening is None:
                break
            start = opening.start(1)
            closing = _DASH_CLOSE.search(text, opening.end(), line.end())
            end = closing.start() + 2 if closing else line.end()
            out.append([(start, end)])
            at = end
    return out


def _covering(out: list[SentenceAttribution], pos: int) -> SentenceAttribution | None:
    for att in out:
        if att.start <= pos < att.end:
            return att
    return None


def _quote_speaker(quote: list[tuple[int, int]], out: list[SentenceAttribution], text: str,
                   speakers: dict[int, list[Source]]) -> list[Source] | None:
    """Who speaks a quotation: the source named after its closing mark ("...," she said),
    else before its opening mark in the same sentence ("X said: “..."), else the last
    sentence of the paragraph before it that has a source, else the speaker of the quotation
    in the paragraph just before (a quote going on over paragraphs)."""
    start, end = quote[0][0], quote[-1][1]
    closing = _covering(out, end - 1) or _covering(out, end)
    if closing is not None and closing.chain and not closing.quoted and closing.chain[-1].start >= end - 1:
        return closing.chain
    opening = _covering(out, start)
    if opening is not None and opening.chain and not opening.quoted and opening.chain[-1].end <= start:
        return opening.chain
    line_start = text.rfind("\n", 0, start) + 1
    before = [att for att in out if line_start <= att.start and att.end <= start + 1 and att.chain]
    if before:
        return before[-1].chain
    # a quote opening its paragraph: the speaker of the paragraph before, when it ended in a
    # quotation or introduced one ("Lukashenko said:")
    if text[line_start:start].strip() == "" and line_start > 0:
        prev_end = len(text[:line_start].rstrip())
        prev_line_start = text.rfind("\n", 0, prev_end) + 1
        prev = text[prev_line_start:prev_end]
        if prev.endswith(":"):
            intro = _covering(out, prev_end - 1)
            if intro is not None and intro.chain:
                return intro.chain
        # the paragraph before ended in a quotation or quoted someone ("“...,” he
        # continued."): a paragraph that is only a quote goes on with that speaker
        earlier = [(qstart, chain) for qstart, chain in speakers.items() if prev_line_start <= qstart < prev_end]
        if earlier:
            return max(earlier, key=lambda q: q[0])[1]
    return None


def _quoted_speakers(out: list[SentenceAttribution], text: str) -> None:
    """Sentences inside a quotation that name no source of their own get its speaker."""
    speakers: dict[int, list[Source]] = {}
    for quote in _quotations(text):
        chain = _quote_speaker(list(quote), out, text, speakers)
        if not chain:
            continue
        speakers[quote[0][0]] = chain
        for att in out:
            if att.backward or att.chain and att.chain[-1] is chain[-1]:
                continue
            if any(a <= att.start < b or att.start <= a < att.end for a, b in quote):
                if att.chain and not any(a <= att.start and att.end <= b + 1 for a, b in quote):
                    continue   # a sentence reaching out of the quotation keeps its own source
                # a source named inside the quotation is the speaker's: nested after him
                _speaks_on(att, chain)


def _introduced_statements(out: list[SentenceAttribution]) -> None:
    """After "X released the following statement:", every later sentence without a source of
    its own is X's (a statement reprinted whole by a news agency)."""
    chain: list[Source] | None = None
    colon = False
    for att in out:
        if att.introduces:
            chain, colon = att.chain, att.colon_intro
            continue
        if chain and colon and att.chain and not att.quoted and not att.backward:
            chain = None   # "The message said:" goes on up to a sentence naming a source of its own
            continue
        if chain:
            # a source the statement cites stays, after its author ("A spokesperson for the
            # U.S. Department of State said ..." in an analyst's article KCNA carries)
            _speaks_on(att, chain)


def _speaks_on(att: SentenceAttribution, chain: list[Source]) -> None:
    """The sentence (and each of its clauses) is said by the speaker of `chain` too: a
    quotation's speaker, the author of a reprinted statement."""
    att.chain = _dedupe(list(chain) + att.chain)
    att.quoted = True
    for clause in att.clauses:
        clause.chain = _dedupe(list(chain) + clause.chain)


# a sentence whose speaker is a pronoun or a bare role ("He said", "The reporter noted")
_PRONOUN_LED = re.compile(r"[\"“]?(?:He|She|The (?:reporter|speaker|minister|president|official))\b")
_PRONOUN_SPEAKS = re.compile(r"\b(?:[Hh]e|[Ss]he|[Tt]he (?:reporter|speaker|minister|president|official))\b")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’]?\s+")
_PRONOUN_RUN = 8   # sentences looked back at most
_CONTINUED_RUN = 3   # sentences of a paragraph looked back at for the statement it goes on with


def context_positions(text: str, kept: list[tuple[int, int]]) -> list[int]:
    """Character positions of the sentences attribution needs besides the kept ones (a
    quotation's opening and closing, the paragraph before a quote that opens a paragraph,
    a "the following statement:" line, the sentence introducing "the document", the run of
    sentences back to the one naming the "he" of a kept sentence): the extractor parses the
    sentences at these positions too."""
    if not kept:
        return []
    a = _a()
    out: list[int] = []
    for qs in _quotations(text):
        start, end = qs[0][0], qs[-1][1]
        if not any(s < end and start < e for s, e in kept):
            continue
        out += [start, max(start, end - 1)]
        line_start = text.rfind("\n", 0, start) + 1
        if start > line_start:   # the sentence before it in its paragraph (not the space between)
            out.append(max(line_start, len(text[:start].rstrip()) - 1))
        elif line_start > 0:
            prev_end = len(text[:line_start].rstrip())
            if prev_end:
                out.append(prev_end - 1)
    nouns = "|".join(sorted(re.escape(n) for n in a["document_nouns"] | a["intro_nouns"]))
    for line in re.finditer(r"[^\n]+", text[:kept[-1][1]]):
        body = line.group().rstrip()
        if body.endswith(":") and re.search(r"\b(?:following|full)\b", body, re.I):
            out.append(line.start() + len(body) - 1)
        elif body.endswith(":") and re.search(r"\b(?:said|adding|added|reads|read|stated|stressed|noted|wrote)\s*:$",
                                              body, re.I):
            # "The message said:" (`_colon_intro`), and where "the message" was introduced
            out.append(line.start() + len(body) - 1)
            before = [m.start() for m in re.finditer(rf"\b(?:{nouns})\b", text[:line.start() + len(body)], re.I)]
            out += before[:1] + before[-1:]
    nouns = "|".join(sorted(re.escape(n) for n in a["document_nouns"] | a["intro_nouns"]))
    every = [m.start() for m in re.finditer(rf"\b(?:{nouns})\b", text, re.I)]
    # "The Reuters news agency reported that ...": a document made by a verb of reporting
    reporting = [m.start() for m in re.finditer(r"\b(?:reported|stated|declared|wrote) that\b", text)]
    for m in re.finditer(r"\b(?:full text|transcript) of\b", text[:kept[-1][1]], re.I):
        out.append(m.start())
        if every and every[0] < m.start():   # where "the speech" of "full text of the speech" was introduced
            out.append(every[0])
    for s, e in kept:
        # "He stressed the need ..." after a run of "He called upon ...", "The reporter recalled
        # ...", "He said ...": the run back to the sentence that names him ("Ri Yong Sik,
        # manager of the tree nursery, made a report."), so each "he" resolves in turn
        if _PRONOUN_LED.match(text, s):
            at = s
            for _ in range(_PRONOUN_RUN):
                before = text[:at].rstrip()
                if not before:
                    break
                starts = [m.end() for m in _SENTENCE_END.finditer(before[:-1])]
                at = starts[-1] if starts else 0
                out.append(at)
                if not _PRONOUN_SPEAKS.search(before, at):   # (", the reporter noted." goes on too)
                    break
    for s, e in kept:
        # "And it has released ...", "These include ...": the sentence before it (across a
        # paragraph break), and before that while each goes on (`_continued_statements`)
        at = s
        for _ in range(_CONTINUED_RUN):
            if not _continues(text[at:at + 80]):
                break
            before = text[:at].rstrip()
            if not before:
                break
            line_start = text.rfind("\n", 0, len(before)) + 1
            starts = [m.end() for m in _SENTENCE_END.finditer(before[line_start:-1])]
            at = line_start + (starts[-1] if starts else 0)
            out.append(at)
    for s, e in kept:
        # "the statement said", and "It was emphasized that" (the issuer of a document before)
        if re.search(rf"\b(?:the|this|that) (?:{nouns})\b", text[s:e], re.I) or \
                re.search(r"\bit (?:was|has been|is) \w+ed that\b", text[s:e], re.I):
            before = bisect.bisect_left(every, s)
            if before:   # the first is where the document is usually introduced
                out += [every[0], every[before - 1]]
            reported = bisect.bisect_left(reporting, s)
            if reported:
                out.append(reporting[reported - 1])
    return sorted(set(p for p in out if 0 <= p < len(text)))


def stage_rows(text: str, *, dct=None) -> list[dict]:
    """Rows for `newsledger stage attribution FILE`: sentences with a non-empty chain."""
    from newsledger.analyze import nlp

    doc = nlp.load()(text)
    rows = []
    for att in attribute(doc):
        if not att.chain:
            continue
        rows.append({
            "start": att.start, "end": att.end, "text": text[att.start:att.end],
            "chain": [{"text": s.text, "start": s.start, "end": s.end, "head": s.head, "cue": s.cue}
                      for s in att.chain],
            "statement_time": att.statement_time_text,
            "backward": att.backward,
        })
    return rows
