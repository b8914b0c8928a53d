"""Modality of a predicate: occurred / planned / expected / possible / denied / negated,
plus a hedge flag ("reportedly", "is said to").

Rule-based over the spaCy dependency tree, written by hand because no library labels
event modality for English news with these six values. From the trigger (a verb or a
nominal trigger such as "development") we walk up through the governors that pass
modality down (xcomp, ccomp, purpose advcl, participial acl, conj sharing a subject, the
object of "ordered"), collecting cues on the way; a speech verb stops the walk, since
"said" does not make its content planned, except the denial verbs, whose content is
denied. Cue lexicons live in `knowledge/cues.yaml`.

Precedence when several cues meet on the path: denied > condition > negated > the cue
nearest the trigger among planned / expected / possible (so "is likely to agree to send"
is expected, taken from "likely" only if nothing closer says otherwise: "agree" is closer
-> planned).

Scope: cues count only where they govern the trigger's own clause or phrase. "not only"
does not negate; a conjunct with its own tense does not take its neighbour's "does not";
phrases of cause and background ("due to frequent strikes", "defend from attacks") and
relative clauses state their own events; a nominal subject takes its verb's modal value
but not its negation ("an attack could happen"). Conditions are "if/unless" clauses,
inverted ones ("were Crimea attacked") and "in certain scenarios"; purposes ("to develop
technology") and requests ("appeals to the West to send") are planned; capacity ("enough
plutonium to manufacture") is possible; negation is also voiced by verbs and nouns
("blocking the transfer", "ban on the export", "rather than supplying"), and a report
noun called false or rejected makes its content denied ("claims of an attack were a
fabricated attempt"). Ending something that is only asked for ("appealed to stop
selling drones") leaves the event occurring.

Second round (issue 15): a condition on the trigger's own clause makes a plan possible ("will
buy aircraft if the freeze is not lifted"), except under a commitment ("promising to deploy
... if"); "in the event of"; a noun governor that is absent, denied or carried out ("no plans
to meet", "denies plans to invade", "fulfilled their plans of supply"); "would" with an event
as subject is possible ("an invasion would be horrific"); a possible modal on the governor that
says planned ("may be preparing ... for an offensive"); a known (possessed) event is not
negated by what is done about it ("refusing to condemn Russia's invasion"); an event as subject
of "is to" / "is set to" takes that cue.

Third round (issue 15): an infinitive on a noun says what is to be done ("materials to be sent
to the factories", the headline "UN chief to visit Ukraine", "the deal to open formal talks"),
not after an ordinal ("the first candidate to travel"), nor for a known event ("to tackle the
Russian offensive") or what was done ("took measures to supply"); a setting ("agreed at a
virtual summit to address", "talks failed at the Hanoi Summit") takes its verb's tense but not
the cue the verb gives its complement; the subject of a present passive cue is what it plans
or expects ("talks ... are planned").

Fourth round (issue 15): a participle clause tells what its governor's event did ("the bomb went
off, killing 247") and takes the governor's tense, not the cue the governor gives its
complement; an event noun with a named possessor is known ("will discuss Russia's invasion",
"Russia's invasion could add"), a participant is not ("Lukashenko's own troops would join");
"would" on a verb of consequence is possible even under a speech verb ("would lead to a number of
casualties"), and counting nouns pass the walk on; what something ended in is its outcome;
an event framed as still to come ("ahead of the meeting", "the eve of the visit") is planned.

Fifth round (issue 15): what is investigated happened ("would investigate the genocide");
"commit" and "invite" plan only a clause ("committed ground troops" did it); an attempted attack
happened ("accused of trying to detonate C-4"): `claim_modality` takes the claim's kind, and for
`attempt_kinds` try/attempt pass their own tense and modals, not "planned"; a participle that
names a noun ("talks, known as intra-Afghan negotiations") passes the walk on; cues.yaml quotes
the words YAML would read as booleans ("on" of "called on", "false", "no").

Sixth round (issue 15): a noun of intention the parser passed by hands "planned" to the
infinitive hung on its verb ("announced plans in April to supply", cues `intention_nouns`); a
present-tense time clause under a clause still to come is to come too ("will ask Xi ... when he
visits Paris", `future_time_marks`); a deploy claim read at a withdrawal verb is the troops'
presence, which a demanded withdrawal leaves occurred, unless the party says it will withdraw
(`withdrawal_verbs`); "tasked their troops with capturing" is planned.

`claim_modality` is the extractor's entry point; `features` describes a trigger's parse
for the learned reading `scripts/modality_learned.py` measures against these rules (the
rules measured better on dev, so no model ships; docs/modality.md).
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from newsledger.knowledge import parse_yaml

CUES_PATH = Path(__file__).resolve().parent.parent / "knowledge" / "cues.yaml"

MODALITIES = ("occurred", "planned", "expected", "possible", "denied", "negated")
_MAX_STEPS = 12  # guards against odd trees; real paths are short


def _normalise(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _normalise(v) for k, v in value.items()}
    if isinstance(value, list):
        return frozenset(str(v).lower() for v in value)
    return value


@lru_cache(maxsize=None)
def load_cues() -> dict[str, Any]:
    """The cue lexicons of cues.yaml; lists become lower-case frozensets.
    `attribution.according_to_seq` also holds the according-to phrases as token tuples,
    longest first. Shared with attribution.py."""
    with CUES_PATH.open(encoding="utf-8") as fh:
        raw = parse_yaml(fh)
    data = _normalise(raw)
    phrases = [tuple(p.lower().split()) for p in raw["attribution"]["according_to"]]
    data["attribution"]["according_to_seq"] = tuple(sorted(phrases, key=len, reverse=True))
    return data


def _m() -> dict[str, Any]:
    return load_cues()["modality"]


def _speech_verbs() -> frozenset[str]:
    return load_cues()["attribution"]["speech_verbs"]


def _lemma(tok) -> str:
    return tok.lemma_.lower()


def _negates(child) -> bool:
    """A negator child, except "not only" (additive: "has not only amassed troops but")."""
    m = _m()
    low = child.lower_
    if not (child.dep_ == "neg" or (child.dep_ in ("advmod", "det", "preconj") and low in m["negators"]
                                    and low not in ("no", "none"))):
        return False
    nxt = child.nbor(1) if child.i + 1 < len(child.doc) else None
    return not (nxt is not None and nxt.lower_ in m["additive_after_not"])


def _local_cues(tok, under_speech: bool) -> tuple[str | None, bool, bool]:
    """Cues sitting on one token: (modal value or None, negated, hedged)."""
    m = _m()
    value: str | None = None
    adverb: str | None = None   # "will probably carry out": the adverb refines the auxiliary
    negated = False
    hedged = False
    for child in tok.children:
        low = child.lower_
        if _negates(child):
            negated = True
        elif child.dep_ in ("aux", "auxpass") and child.tag_ == "MD":
            if low in m["planned_modals"]:
                value = value or "planned"
            elif low in m["possible_modals"]:
                value = value or "possible"
            elif low in m["conditional_modals"]:
                if tok.dep_ == "ccomp" and _governor_cue(tok.head) and tok.head.pos_ in ("VERB", "ADJ") \
                        and _lemma(tok.head) not in _speech_verbs():
                    continue   # "promised that France would give": the governor says what it is
                    # (a speech verb ends the walk first: "warned that an invasion would bring")
                # under a speech verb "would" is a future in the past ("said it would send
                # troops"), except for an event as subject: "an invasion would be horrific"
                value = value or ("planned" if under_speech and not _event_subject(tok)
                                  and _lemma(tok) not in m["consequence_verbs"] else "possible")
        elif child.dep_ in ("advmod", "npadvmod"):
            if low in m["hedges"]:
                hedged = True
            elif low in m["possible_adverbs"]:
                adverb = adverb or "possible"
            elif low in m["expected_adverbs"]:
                adverb = adverb or "expected"
        # "no troops were sent", "sent no troops"
        if child.dep_ in ("nsubj", "nsubjpass", "dobj") and any(
                g.dep_ == "det" and g.lower_ in ("no",) for g in child.children):
            negated = True
        if child.dep_ in ("nsubj", "nsubjpass", "dobj") and child.lower_ in ("nothing", "none", "nobody"):
            negated = True
    value = adverb or value
    # "is going to send": the going-to future
    if tok.dep_ == "xcomp" and tok.head.lower_ == "going" and _infinitive(tok):
        value = value or "planned"
    # "is to visit Kiev", "was to be delivered": the be-to future
    if tok.dep_ == "xcomp" and tok.head.lower_ in ("is", "are", "am", "'s", "'re") and _infinitive(tok):
        value = value or "planned"   # (past "was to die" in translated news reads as "reportedly")
    if tok.pos_ in ("NOUN", "PROPN"):
        mods = m["noun_modifiers"]
        for child in tok.children:
            if child.dep_ in ("amod", "compound", "advmod"):
                low = child.lower_
                if low in m["noun_hedges"]:
                    hedged = True
                for name in ("planned", "expected", "possible"):
                    if low in mods[name]:
                        value = value or name
    return value, negated, hedged


def _event_subject(verb) -> bool:
    """The verb's subject names an event, not an agent ("an invasion would lead to ...")."""
    a = load_cues()["attribution"]
    if verb.dep_ == "conj" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        verb = verb.head   # "an invasion would be horrific and would lead to": the shared subject
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass") and child.pos_ == "NOUN":
            low = _lemma(child)
            return low in a["event_subject_nouns"] or (
                low.endswith(("ion", "ment")) and low not in a["org_nouns"] | a["media_nouns"])
    return False


def _known_event(token) -> bool:
    """An event noun with a named possessor ("Russia's invasion", "the officer's shooting
    death"): an event the text takes as known, not a participant ("Lukashenko's troops")."""
    if token.pos_ not in ("NOUN", "PROPN") or not any(
            c.dep_ == "poss" and c.pos_ in ("NOUN", "PROPN") for c in token.children):
        return False
    # an explicit list, not a suffix: "Germany's shipment of tanks will arrive" and "Russia's
    # deployment of troops would be" are still to come, and "-ion" also ends "battalion"
    a = load_cues()["attribution"]
    low = _lemma(token)
    return low in a["event_subject_nouns"] or any(
        c.dep_ == "compound" and _lemma(c) in a["event_subject_nouns"] for c in token.children) or \
        low in _m()["possessed_event_nouns"]


def _future_frame(token) -> bool:
    """A nominal event framed as still to come: "ahead of the meeting", "on the eve of the
    Pope's visit", "With preparation for a Ukraine Peace Summit in June underway"."""
    if token.pos_ not in ("NOUN", "PROPN") or token.dep_ != "pobj":
        return False
    prep = token.head
    frames = _m()["future_frames"]
    words = frames.get(prep.lower_)
    if not words or prep.head.i == prep.i:
        return False
    head = prep.head
    # spaCy splits "run-up" into run / - / up: the frame word is the hyphenated whole
    joined = f"{head.nbor(-2).lower_}-{head.lower_}" if head.i >= 2 and head.nbor(-1).text == "-" else None
    return head.lower_ in words or _lemma(head) in words or joined in words


def _future_time_clause(token) -> str | None:
    """A present-tense time clause ("when he visits Paris", "once the troops arrive") under a
    clause that is still to come takes that clause's value: English puts the future of such
    clauses in the present ("will ask Xi to commit ... when he visits Paris"). None otherwise."""
    m = _m()
    if token.pos_ != "VERB" or token.dep_ != "advcl" or token.tag_ not in ("VBZ", "VBP"):
        return None
    marks = {c.lower_ for c in token.children if c.dep_ in ("mark", "advmod")}
    if not marks & m["future_time_marks"] or any(c.dep_ in ("aux", "auxpass") for c in token.children):
        return None
    value, _ = modality(token.head)
    if value == "possible":
        return "planned"   # "could strike when the ground freezes": the time itself is to come
    return value if value in ("planned", "expected") else None


def _intention_object(verb, comp):
    """The noun of intention between a verb and the infinitive the parser hung on the verb
    ("announced plans in April to supply": plans), else None."""
    if comp.dep_ != "xcomp" or not _infinitive(comp) or verb.pos_ != "VERB":
        return None
    return next((c for c in verb.children if c.dep_ == "dobj" and c.pos_ == "NOUN" and c.i < comp.i
                 and _lemma(c) in _m()["intention_nouns"]), None)


def _own_future(verb) -> bool:
    """The verb, or a verb it is the complement of ("will begin withdrawing"), has a future
    modal of its own."""
    cur = verb
    for _ in range(3):
        if any(c.dep_ == "aux" and c.tag_ == "MD" and c.lower_ in ("will", "would", "shall", "'ll", "wo")
               for c in cur.children):
            return True
        if cur.dep_ != "xcomp" or cur.head.i == cur.i:
            return False
        cur = cur.head
    return False


def _infinitive(tok) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def _governor_cue(tok, link: str | None = None) -> str | None:
    """The modality a governor gives what it governs through `link` (None: any link)."""
    m = _m()
    names = {_lemma(tok), tok.lower_}
    if link in ("dobj", "nsubjpass") and names & m["clause_only_governors"]:
        return None   # "move illegal arms shipments", "set targets"
    particles = m["needs_particle"].get(_lemma(tok))
    if particles is not None and not any(c.lower_ in particles for c in tok.children):
        return None   # "called on the chiefs to" asks; "called the attack a crime" does not
    if names & m["denied_governors"]:
        return "denied"
    if names & m["negating_governors"]:
        return "negated"
    if names & m["planned_governors"]:
        return "planned"
    if tok.pos_ == "NOUN" and names & m["need_nouns"]:
        return "planned"   # "stressed the need to continue to bolster up the nuclear force"
    if names & m["expected_governors"]:
        if any(c.dep_ == "advmod" and c.lower_ in m["weakening_degree"] for c in tok.children):
            return "possible"   # "is less likely to invade"
        return "expected"
    if names & m["possible_governors"]:
        return "possible"
    return None


def _is_passive(tok) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children) or (
        tok.tag_ == "VBN" and any(c.dep_ == "aux" and c.lemma_ == "be" for c in tok.children))


def _copula_scope(tok):
    """For an adjective governor ("likely", "inclined") its copula carries aux/neg."""
    if tok.dep_ in ("acomp", "attr") and tok.head.lemma_ == "be":
        return tok.head
    return None


def _background_prep(tok) -> bool:
    """A preposition of cause or background ("due to", "because of", "after", "from")."""
    m = _m()
    if _lemma(tok) in m["background_preps"]:
        # except as the complement of a cue: "deter NATO from deploying forces"
        return not (_lemma(tok) in m["complement_preps"] and _governor_cue(tok.head) is not None)
    # "due to", "because of": the second word hangs on the first
    return tok.dep_ in ("pcomp", "prep") and tok.head.pos_ in ("ADP", "ADJ", "SCONJ") and \
        _lemma(tok.head) in m["background_preps"]


def _inverted_condition(tok) -> bool:
    """"were Crimea attacked", "had they known": an auxiliary before the subject, no mark."""
    m = _m()
    if tok.dep_ not in ("advcl", "ccomp") or any(c.dep_ == "mark" for c in tok.children):
        return False
    subject = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass", "expl")), None)
    return subject is not None and any(
        c.dep_ in ("aux", "auxpass") and c.lower_ in m["inverted_conditional_aux"] and c.i < subject.i
        for c in tok.children)


def _ordinal_before(noun) -> bool:
    """"the first (GOP candidate) to travel", "the only country to send", "the last to leave":
    an infinitive that says who did it, not what is to be done."""
    return any(c.dep_ in ("amod", "advmod", "nummod") and (c.tag_ in ("JJS", "RBS") or
               c.lower_ in _m()["ordinal_words"]) for c in noun.children)


def _unknown_event(tok) -> bool:
    """A verb, or a noun that is not given as known (no possessor, no definite determiner)."""
    if tok.pos_ not in ("NOUN", "PROPN"):
        return True
    return not _possessed(tok) and not any(c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those")
                                           for c in tok.children)


def _possessed(tok) -> bool:
    """A nominal trigger with a possessor ("North Korea's transfer"): a known event."""
    return tok.pos_ in ("NOUN", "PROPN") and any(c.dep_ == "poss" for c in tok.children)


def _condition_phrase(tok) -> bool:
    """ "in certain scenarios", "under some circumstances" on a predicate."""
    m = _m()
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ in ("in", "under"):
            if any(c.dep_ == "pobj" and _lemma(c) in m["condition_nouns"] for c in prep.children):
                return True
    return False


def _step_up(tok):
    """The next governor whose cues apply to tok, with the kind of link; None to stop."""
    m = _m()
    dep = tok.dep_
    head = tok.head
    if head.i == tok.i:
        return None
    if dep in ("xcomp", "ccomp", "csubj", "acomp"):
        return head
    if dep == "advcl":
        marks = {c.lower_ for c in tok.children if c.dep_ in ("mark", "advmod")}
        if marks & m["temporal_marks"]:
            return None
        # purpose clauses ("to gain experience") and participial ones inherit
        return head
    if dep in ("acl", "relcl") and any(c.dep_ == "mark" and c.lower_ in ("that", "whether") for c in tok.children):
        return None   # content of a noun ("reports that it had received"): its own statement
    if dep == "acl" and tok.tag_ in ("VBN", "VBG", "VB") or dep == "relcl" and _infinitive(tok):
        return head   # "parts needed for", "enough plutonium to manufacture"
    if dep == "conj" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children):
        return head
    if dep == "pcomp":  # "denied sending" parsed via a preposition, "plans for sending"
        return None if _background_prep(head) else head
    if dep in ("prep", "agent") and head.pos_ in ("VERB", "AUX", "ADJ", "NOUN"):
        return None if _background_prep(tok) else head
    # nominal trigger: "ordered the development of", "the deployment of troops was planned"
    if dep in ("dobj", "nsubjpass", "pobj", "attr", "appos") and tok.pos_ in ("NOUN", "PROPN", "PRON"):
        return head
    # a nominal trigger as subject: "a Russian attack could happen at any time"
    if dep == "nsubj" and tok.pos_ in ("NOUN", "PROPN") and head.pos_ in ("VERB", "AUX"):
        return head
    return None


def _refused_by_clause(tok) -> bool:
    """A nominal trigger whose own clause turns it down: "a meeting ... which was rejected"."""
    m = _m()
    return tok.pos_ in ("NOUN", "PROPN") and any(
        c.dep_ in ("relcl", "acl") and _lemma(c) in (m["refusing_denials"] | m["negating_governors"])
        and _is_passive(c) for c in tok.children)


def _disputed(noun) -> bool:
    """A report noun that is denied: its governor denies it ("rejected reports that"), its
    own clause does ("accusations that both reject"), or it is called false ("unfounded
    accusations", "claims of an attack were a fabricated attempt")."""
    m = _m()
    falsity = m["falsity_words"]
    if _lemma(noun.head) in m["denied_governors"] and noun.dep_ in ("dobj", "nsubjpass"):
        return True
    for child in noun.children:
        if child.dep_ == "amod" and child.lower_ in falsity:
            return True
        if child.dep_ == "relcl" and _lemma(child) in m["denied_governors"]:
            return True
    if noun.dep_ in ("nsubj", "nsubjpass"):
        verb = noun.head
        for child in verb.children:
            if child.dep_ in ("attr", "acomp", "oprd") and (
                    child.lower_ in falsity or _lemma(child) in falsity or
                    any(g.dep_ == "amod" and g.lower_ in falsity for g in child.children)):
                return True
        if verb.lower_ in falsity:
            return True
    return False


def modality(token, kind: str | None = None) -> tuple[str, bool]:
    """(modality, hedged) for a predicate token (verb or nominal trigger); `kind` is the
    claim's kind where known (an attempted attack happened: `attempt_kinds`)."""
    m = _m()
    attempted = kind in m["attempt_kinds"]
    speech = _speech_verbs()
    found: str | None = None
    negated = False
    denied = False
    hedged = False
    conditional = False
    cur = token
    prev = None
    cue_here = None   # the governor whose own cue set `found`
    steps = 0
    if _refused_by_clause(token):
        return "negated", False
    if _future_frame(token):
        return "planned", False   # "ahead of the meeting", "on the eve of the return to talks"
    future = _future_time_clause(token)
    if future is not None:
        return future, False   # "will ask Xi to commit to that goal when he visits Paris"
    while cur is not None and steps < _MAX_STEPS:
        steps += 1
        lemma = _lemma(cur)
        nominal_subject = prev is not None and prev.dep_ in ("nsubj", "nsubjpass") and prev.pos_ in ("NOUN", "PROPN")
        # "agreed at a virtual summit to address", "pressed Xi at a summit in Paris to use", "talks
        # failed at the Hanoi Summit": a setting says where the governor happened, and takes its
        # tense and modals but not the cue it gives its complement
        setting = prev is not None and prev.dep_ == "prep" and prev.lower_ in m["setting_preps"] \
            and cur.pos_ in ("VERB", "AUX") and lemma not in m["aiming_verbs"]
        # "the bomb went off, killing 247 people", "set off bombs ..., killing three": a
        # participle clause tells what the governor's event did; it takes the governor's tense
        # and modals, not the cue the governor gives its complement ("go" as in "going to")
        consequence = prev is not None and prev.dep_ == "advcl" and prev.tag_ in ("VBG", "VBN") \
            and not _infinitive(prev) and not any(c.dep_ == "mark" for c in prev.children)
        if prev is not None:
            # cur governs prev: does cur stop the walk or carry a cue?
            if lemma in m["inquiry_governors"] and cur.pos_ == "VERB" and prev.dep_ in ("dobj", "ccomp"):
                # "it would investigate the genocide", "a panel to investigate who shot down the
                # plane": what is looked into happened; the inquiry's own future is not its
                break
            if lemma in m["denied_governors"] and not setting and prev.dep_ in ("ccomp", "xcomp", "dobj", "pcomp",
                                                                  "acl", "relcl", "prep", "pobj"):
                if lemma in m["refusing_denials"] and prev.dep_ == "dobj" and \
                        _lemma(prev) not in m["report_nouns"]:
                    negated = True   # "Putin rejected a peace plan": turned down, not denied
                else:
                    denied = True
                break
            if lemma in m["cessation_governors"] and prev.dep_ in ("xcomp", "dobj", "ccomp", "pcomp", "prep") \
                    and not (prev.dep_ == "prep" and prev.lower_ in ("in", "with")):
                # (not an outcome: "a wrestling match which ended in the death of the robber")
                # "stopped selling": negated; "appealed to DJI to stop selling": still going on
                ended, _ = modality(cur)
                unrealised = _infinitive(cur) and _lemma(cur.head) not in m["realising_governors"]
                if ended == "occurred" and not unrealised:   # "time to stop attacks": not yet stopped
                    negated = True
                break
            before = [cur.doc[cur.i - 1]] if cur.i > 0 else []
            if cur.pos_ == "ADP" and cur.lower_ in m["contrast_preps"] and any(
                    c.lower_ in m["contrast_preps"][cur.lower_] for c in list(cur.children) + before):
                negated = True   # "delaying Ukraine aid, rather than supplying it"
                break
            intention = _intention_object(cur, prev)
            if intention is not None and found is None:
                # "announced plans in April to supply", "has a plan to send": the parser hangs
                # the infinitive on the verb, past the noun of intention that governs it
                found = _governor_cue(intention, "xcomp")
                if found not in ("planned", "expected", "possible"):
                    found = None
                if found is not None:
                    cue_here = intention
                    if lemma in speech:
                        break
            if lemma in m["hedging_passives"] and prev.dep_ == "xcomp" and _is_passive(cur):
                hedged = True   # "is said to have sent": transparent, hedged
            elif cur.pos_ in ("VERB", "AUX") and lemma in speech and prev.dep_ in (
                    "ccomp", "dobj", "xcomp", "conj", "parataxis", "advcl"):
                break
            elif not nominal_subject and prev.dep_ != "conj":   # "pushed ahead ... and put": no cue
                cue = _governor_cue(cur, prev.dep_)
                if attempted and lemma in m["attempt_governors"]:
                    cue = None   # "trying to detonate C-4 explosives": the attempt was made
                if cue in ("planned", "expected", "possible", "negated") and _possessed(token):
                    # "to discuss North Korea's transfer of arms", "refusing to condemn Russia's
                    # invasion": a known event, whatever is done about it
                    cue = None
                if prev.dep_ in ("pobj", "prep") and cur.pos_ == "ADP" or setting or consequence:
                    cue = None   # the preposition itself says nothing
                if cue == "negated":
                    negated = True
                elif cue == "denied":
                    denied = True
                    break
                elif cue and found is None:
                    found = cue
                    cue_here = cur
            if found is None and _infinitive(prev) and prev.dep_ in ("advcl", "acl", "relcl") and \
                    (cur.lower_ in m["capacity_words"] or _lemma(cur) in m["capacity_words"] or
                     any(c.dep_ in ("amod", "advmod") and c.lower_ in m["capacity_words"] for c in cur.children)):
                found = "possible"   # capacity: "have enough plutonium to manufacture warheads"
            if found is None and _infinitive(prev) and prev.dep_ in ("acl", "relcl") and cur.pos_ in ("NOUN", "PROPN") \
                    and _lemma(cur) not in m["capacity_words"] | m["realising_nouns"] and not _ordinal_before(cur) \
                    and not _journey_made(cur) \
                    and not (attempted and _lemma(cur) in m["attempt_governors"]) \
                    and _unknown_event(token) \
                    and (prev.i == token.i or token.head.pos_ == "ADP" and token.head.head.i == prev.i
                         or token.head.i == prev.i and _lemma(prev) in m["event_making_verbs"]):
                # an infinitive on a noun says what is to be done: "materials to be sent to the
                # factories", the headline "UN chief to visit Ukraine", "the deal to open formal
                # talks" (a noun trigger only as what the verb makes happen); not "the first leader
                # to visit", nor a known event ("a tablet to honor Kim Il Sung's visit"), nor what
                # the purpose is about ("a peace mission to broker peace talks", "a pact to pull
                # troops"), nor what was done ("took measures to supply"), nor an event further
                # down ("escalation ... to trigger ... by providing")
                found = "planned"
            if found is None and _infinitive(prev) and prev.dep_ == "advcl" and lemma != "be" and \
                    lemma not in m["realising_governors"] and lemma not in m["transparent_governors"] and \
                    not _journey(cur):
                # (a journey's purpose takes the journey's tense: "travelled to Kyiv to meet")
                # (under "be" the infinitive is an extraposed subject: "it was legitimate to provide")
                found = "planned"   # a purpose: "joining forces to develop technology"
        under_speech = _has_speech_ancestor(cur, speech)
        value, neg, hedge = _local_cues(cur, under_speech)
        scope = _copula_scope(cur)
        if scope is not None:
            v2, n2, h2 = _local_cues(scope, under_speech)
            value, neg, hedge = value or v2, neg or n2, hedge or h2
        if nominal_subject:
            # "an attack could happen": the verb's modal value; its negation only for
            # verbs of occurring ("the attack did not happen"), not "strikes did not stop"
            neg = neg and lemma in m["occurrence_verbs"]
            if value is None and lemma == "be":
                attr = next((c for c in cur.children if c.dep_ in ("attr", "acomp")), None)
                value = _governor_cue(attr) if attr is not None else None   # "is a possibility"
                if value in ("negated", "denied"):
                    value = None
            if value is None and prev.dep_ == "nsubjpass" and any(
                    c.dep_ == "auxpass" and c.lower_ in ("is", "are", "'s", "'re") for c in cur.children) and \
                    not any(c.dep_ in ("attr", "oprd", "acomp") for c in cur.children):   # "is considered a success"
                # "diplomatic talks at a fairly high level are planned", "Production in Chile is
                # expected (to) rise": the subject of a present passive cue is what it plans or expects
                cue = _governor_cue(cur, "nsubjpass")
                value = cue if cue in ("planned", "expected", "possible") else None
            if value is None and any(c.dep_ == "xcomp" and _infinitive(c) for c in cur.children):
                # "a conversation ... is to take place", "A G8 summit is set to take place",
                # "Work on using these funds is to be completed": what the verb says of its subject
                # (only "be" and passives: "troops are trying to storm the town" are there)
                cue = "planned" if lemma == "be" else _governor_cue(cur) if _is_passive(cur) else None
                value = cue if cue in ("planned", "expected", "possible") else None
        if prev is not None and prev.dep_ == "conj" and prev.tag_ in ("VBD", "VBZ", "VBP") and cur.tag_ == "VB":
            neg = False   # "does not strive for peace, and still attacks civilians"
        if prev is not None and nominal_subject and lemma not in m["occurrence_verbs"] and _known_event(token) \
                and value in ("planned", "expected", "possible"):
            value = None   # "Russia's invasion could add another 40 million": it did happen
        if prev is not None and not nominal_subject and _possessed(token):
            # "China has never condemned Russia's invasion", "They will discuss Russia's
            # invasion of Ukraine": a known event happened, whatever is said of it
            neg = False
            # (a named possessor: "our presence", "its forces" may still be to come)
            if _known_event(token) and value in ("planned", "expected", "possible"):
                value = None
        negated = negated or neg
        hedged = hedged or hedge
        if value and found is None:
            found = value
        elif value == "possible" and found == "planned" and cue_here is cur:
            found = "possible"   # "Russia may be preparing its forces for a new offensive"
        if _condition_phrase(cur):
            conditional = True   # "would likely authorize a nuclear strike ... in certain scenarios"
        if _inverted_condition(cur):
            conditional = True   # "might use nuclear weapons were Crimea attacked"
            break
        counting = prev is not None and cur.pos_ == "NOUN" and prev.dep_ == "prep" and prev.lower_ == "of" \
            and _lemma(cur) in m["amount_nouns"] and cur.dep_ not in ("nsubj", "nsubjpass") and not any(c.dep_ in ("amod", "det") and
                                                              c.lower_ in ("no", "fewer") for c in cur.children)
        # "resume stalled peace talks, known as intra-Afghan negotiations": the name is the
        # noun's own event, so the walk goes on from the noun
        naming = prev is not None and prev.dep_ == "acl" and prev.tag_ == "VBN" and _lemma(prev) in m["naming_verbs"]
        if prev is not None and cur.pos_ == "NOUN" and prev.dep_ in ("pobj", "prep", "acl", "relcl", "pcomp") \
                and not counting and not naming:
            # inside a noun phrase ("in response to the dispatch"): noun heads do not pass on,
            # and a noun that sets the modality ("the possibility of sending") ends the walk,
            # save for what is said of that noun itself
            verdict = _noun_governor_verdict(cur, found, token)
            if verdict == "denied":
                denied = True
            elif verdict == "negated":
                negated = True
            elif verdict == "occurred":
                found = None
            break
        nxt = _step_up(cur)
        if nxt is None:
            break
        prev, cur = cur, nxt
    if cur is not None:
        if cur.dep_ in ("acl", "relcl") and _lemma(cur.head) in m["report_nouns"]:
            report = cur.head
        elif _lemma(cur) in m["report_nouns"] and prev is not None and prev.dep_ in ("prep", "acl", "relcl"):
            report = cur   # "claims of a Ukrainian attack", "accusations it is getting weapons"
        else:
            report = None
        if report is not None:
            if _disputed(report):
                denied = True   # "rejected reports that soldiers had looted the town"
            else:
                hedged = True   # "reports that ...", "claims that ...": reported, not asserted
        elif found is None and not negated and _imperative(cur):
            found = "planned"   # "Send tanks to Ukraine": asked for
    if denied:
        return "denied", hedged
    if conditional:
        return "possible", hedged
    if negated:
        return "negated", hedged
    return found or "occurred", hedged


def _journey(verb) -> bool:
    """A verb of travel, or a light verb of a journey ("made a surprise trip"): `journey_governors`."""
    journeys = _m()["journey_governors"]
    return _lemma(verb) in journeys or any(
        c.dep_ == "dobj" and _lemma(c) in journeys for c in verb.children)


def _journey_made(noun) -> bool:
    """A journey noun ("trip", "visit") in a clause told in the past: "made a surprise trip to
    Ukraine to meet", "during a visit to South Africa to meet with" (said)."""
    if _lemma(noun) not in _m()["journey_governors"]:
        return False
    for anc in noun.ancestors:
        if anc.pos_ in ("VERB", "AUX"):
            return anc.tag_ in ("VBD", "VBN") and not any(
                c.dep_ == "aux" and c.tag_ == "MD" for c in anc.children)
    return False


def _noun_governor_verdict(noun, found: str | None, token=None) -> str | None:
    """What the clause says of a noun that governs the trigger: "had no plans to meet" and
    "rejected its offer for talks" (negated), "Russia denies plans to invade" (denied),
    "fulfilled their plans of fertilizer supply" (the plan was carried out: occurred)."""
    m = _m()
    if noun.dep_ not in ("dobj", "nsubjpass", "nsubj", "attr", "pobj"):
        return None
    setting = token is not None and token.dep_ == "pobj" and token.head.lower_ in ("at", "in", "on", "during")
    if any(c.dep_ == "det" and c.lower_ == "no" for c in noun.children) and not setting and (
            found is not None or _lemma(noun) in m["planned_governors"] | m["possible_governors"]):
        # (not the setting of what is not planned: "no plans to meet ... at a G20 meeting")
        return "negated"
    if noun.dep_ not in ("dobj", "nsubjpass"):
        return None
    head = _lemma(noun.head)
    if head in m["denied_governors"]:
        if head in m["refusing_denials"] and _lemma(noun) not in m["report_nouns"]:
            return "negated"
        return "denied"
    if head in m["negating_governors"] and found is not None:
        return "negated"   # "blocked the proposal to send"
    if found == "planned" and head in m["fulfilling_verbs"]:
        return "occurred"
    return None


def _imperative(tok) -> bool:
    """A bare verb heading its sentence with no subject or auxiliary: "Send tanks"."""
    return tok.tag_ == "VB" and tok.dep_ == "ROOT" and not any(
        c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass", "expl") for c in tok.children)


def _has_speech_ancestor(tok, speech: frozenset[str]) -> bool:
    for anc in tok.ancestors:
        if anc.pos_ in ("VERB", "AUX") and anc.lemma_.lower() in speech:
            return True
    return False


def sentence_modality(span) -> tuple[str, bool]:
    """Modality of the main predicate of a sentence (its content clause when a speech verb
    governs one), for callers that have no trigger token."""
    root = span.root
    if root.lemma_.lower() in _speech_verbs():
        for child in root.children:
            if child.dep_ in ("ccomp", "xcomp") and child.pos_ in ("VERB", "AUX"):
                root = child
                break
    return modality(root)


def _hypothetical(token) -> bool:
    """Inside a condition: an 'if/unless/whether' clause or a 'whether by V-ing' phrase.
    A relative clause or a background phrase on the way states its own fact ("attacks on
    civilians, like that which killed seven people")."""
    node = token
    for _ in range(6):
        if node.dep_ == "relcl" or (node.pos_ == "ADP" and _background_prep(node)):
            return False
        if any(c.dep_ in ("mark", "advmod", "prep") and c.lower_ in ("if", "unless", "whether", "lest")
               for c in node.children):
            return True
        if node.head.i == node.i or (node.pos_ in ("VERB", "AUX") and node.dep_ in ("ROOT", "ccomp")):
            return False
        node = node.head
    return False


def _conditioned(token) -> bool:
    """The trigger's clause holds a condition: "Turkey will buy Russian aircraft if the freeze
    is not lifted", "the president would meet with Kim if there is a prospect". Walks up
    the clause (not past a speech verb, a relative clause or a noun) looking for an
    if/unless clause that is not the one the trigger lies in; a commitment on the way
    ("It's promising to deploy forces ... if Russian troops cross") stays planned."""
    m = _m()
    speech = _speech_verbs()
    path = [token]
    node = token
    for _ in range(6):
        if node.dep_ in ("relcl", "ROOT") or node.head.i == node.i or node.dep_ not in (
                "xcomp", "ccomp", "conj", "acomp", "dobj", "nsubj", "nsubjpass", "attr", "advcl"):
            break
        if node.dep_ == "advcl" and any(g.dep_ == "mark" for g in node.children):
            break
        if node.head.pos_ in ("VERB", "AUX") and _lemma(node.head) in speech:
            break
        node = node.head
        path.append(node)
    if any({_lemma(n), n.lower_} & m["committing_governors"] for n in path[1:]):
        return False
    inside: set[int] = set()
    for node in path:
        for child in node.children:
            if child.dep_ == "advcl" and child.i not in inside and any(
                    g.dep_ in ("mark", "advmod") and g.lower_ in m["condition_marks"] for g in child.children):
                return True
        inside.update(t.i for t in node.subtree)
    return False


def _in_case_of(token) -> bool:
    """"sanctions in the event of Russia's invasion", "in case of an attack"."""
    node = token
    for _ in range(3):
        if node.dep_ == "pobj" and node.head.lower_ == "of" and _lemma(node.head.head) in ("event", "case") and \
                node.head.head.dep_ == "pobj" and node.head.head.head.lower_ == "in":
            return True
        if node.dep_ not in ("compound", "amod", "poss") and node.pos_ != "NOUN":
            return False
        node = node.head
    return False


def claim_modality(token, trigger_modality: str | None = None, forced: str | None = None,
                   kind: str | None = None) -> tuple[str, bool]:
    """(modality, hedged) of a claim of `kind` whose trigger is `token`: the rule reading."""
    return rule_modality(token, trigger_modality, forced, kind)


def rule_modality(token, trigger_modality: str | None = None, forced: str | None = None,
                  kind: str | None = None) -> tuple[str, bool]:
    """(modality, hedged) of a claim whose trigger is `token`, by the rules. `forced` is a value the
    extractor's parse already decided ("denied supplying drones"); `trigger_modality` is the
    trigger word's own ("pledged 1.5 million rounds": promised, not yet delivered), used
    when nothing in the sentence says otherwise."""
    value, hedged = modality(token, kind)
    value = forced or value
    if value in ("occurred", "planned", "expected") and (_hypothetical(token) or _in_case_of(token)):
        value = "possible"   # if Putin cuts off gas exports; if Ukraine were to be invaded
    elif value in ("planned", "expected") and _conditioned(token):
        value = "possible"   # will buy Russian aircraft if the freeze is not lifted
    if trigger_modality and value == "occurred":
        value = trigger_modality
    if kind == "deploy" and token.pos_ == "VERB" and _lemma(token) in _m()["withdrawal_verbs"] \
            and value in ("planned", "expected", "possible") and not _own_future(token):
        # "demanding that Russia withdraw its forces from Ukraine": a deployment read at a
        # withdrawal is the troops' presence, which a called-for withdrawal does not put off;
        # a withdrawal its party says it will make stays its plan ("said he will begin
        # withdrawing troops")
        value = "occurred"
    if value not in MODALITIES:
        value = "occurred"
    return value, hedged


_CUE_DEPS = ("aux", "auxpass", "neg", "mark", "advmod", "npadvmod", "det", "prep", "amod", "compound")


def features(token, trigger_modality: str | None = None, forced: str | None = None) -> dict[str, float]:
    """Parse features of a trigger for the learned reading (`modality_model.py`): the rule
    reading itself, the trigger, and along the path to the clause root (at most four
    governors) each link's label, the governor's lemma and its cue-bearing children."""
    rule, hedged = rule_modality(token, trigger_modality, forced)
    out: dict[str, float] = {f"rule={rule}": 1.0, f"trigger_modality={trigger_modality}": 1.0,
                             f"forced={forced}": 1.0, f"tag={token.tag_}": 1.0,
                             f"lemma={token.lemma_.lower()}": 1.0, f"dep={token.dep_}": 1.0}
    if hedged:
        out["hedged"] = 1.0
    node = token
    for depth in range(5):
        for child in node.children:
            if child.dep_ in _CUE_DEPS:
                out[f"{depth}:{child.dep_}={child.lower_}"] = 1.0
                out[f"any:{child.dep_}={child.lower_}"] = 1.0
            if child.dep_ in ("nsubj", "nsubjpass", "dobj") and any(g.lower_ == "no" for g in child.children):
                out["no-argument"] = 1.0
        if depth:
            out[f"{depth}:gov={node.lemma_.lower()}"] = 1.0
            out[f"any:gov={node.lemma_.lower()}"] = 1.0
        if node.head.i == node.i:
            break
        out[f"{depth}:link={node.dep_}"] = 1.0
        node = node.head
    return out
