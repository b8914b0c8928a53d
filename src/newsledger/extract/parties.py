"""Party conventions: the annotation rules (../shared/gold/CONVENTIONS.md, Parties) checked on
the actor and recipient the rules or the argument model chose, where the parse shows a pick
cannot be right: who judges an event did not do it; casualties belong to the side that
suffered; an attack's recipient is the target's state and the side struck is no attacker;
a buyer receives; troops withdrawn from a state were there; the accused is the alleged doer;
troops serve the side that wages a war. Word lists are data (cues.yaml `parties`).

One stage of the extractor, run on each candidate after its parties are chosen
(`ClaimExtractor._sentence_claims`); it reads the extractor's entity helpers through `x`.
"""
from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from newsledger.extract import arguments as arguments_stage
from newsledger.extract import modality as modality_stage
from newsledger.records import Entity

if TYPE_CHECKING:
    from newsledger.extract.claims import Candidate, ClaimExtractor, DocContext

# what an attack is made with, not what it struck ('Russian missiles were fired', 'launched Iranian drones')
WEAPON_CATEGORIES = frozenset({"missiles", "drones", "munitions", "weapons"})


@lru_cache(maxsize=1)
def judging_verbs() -> frozenset[str]:
    return frozenset(modality_stage.load_cues()["parties"]["judging_verbs"])


def _within(token: Token, phrases: list[Token]) -> bool:
    """Is the token one of the phrases' heads, or a name inside one through modifiers and
    lists only ('the Ukrainian Armed Forces', 'Ukraine and Moldova'), not a clause on it?"""
    for phrase in phrases:
        t = token
        while t.i != phrase.i and t.dep_ in ("compound", "amod", "poss", "nmod", "conj", "appos", "det") \
                and t.head.i != t.i:
            t = t.head
        if t.i == phrase.i:
            return True
    return False


class PartyConventions:
    def __init__(self, extractor: ClaimExtractor):
        self.x = extractor

    def apply(self, ctx: DocContext, candidate: Candidate, sent: Span) -> None:
        """The annotation conventions (shared/gold/CONVENTIONS.md) checked on the parties
        chosen (by the rules or the argument model), where the parse says a pick cannot be
        right:
        - a party that only judges the event ('South Africa deplored the bomb blasts', 'the
          Cypriot government condemned two terrorist bomb attacks') did not do it;
        - casualties' actor is the side that suffered: not the side whose strike, invasion or
          occupation did the killing ('civilians were killed during a period of Russian
          occupation'); where the sentence names where they fell and no sufferer, the place's
          state ('killed in an explosion ... in Dar es Salaam, the capital of Tanzania');
        - an attack's recipient is the target's state, 'even when the text names only a city
          or region': the place the sentence names beats a party of the article's context,
          and a state named only by the place struck is no attacker ('a car bomb detonated
          in an empty lot in Donetsk')."""
        kind = candidate.trigger.kind
        if kind in ("meet", "agree"):
            self._sentence_parties_first(ctx, candidate, sent)
            return
        named = self._named_in_sentence(ctx, sent)
        trigger = candidate.token
        actor = candidate.actor
        if actor is not None and named.get(actor.id) and \
                all(self._judges_event(t, trigger) for t, _ in named[actor.id]):
            # 'Russia warns the United States against the transfer of long range weapons',
            # 'Zelensky repeatedly appeals to the West to send tanks'
            candidate.actor = None
            candidate.rules.append("actor-judges-event")
        if kind == "transfer":
            self._transfer_direction(ctx, candidate, named)
            if candidate.token.lemma_.lower() not in modality_stage.load_cues()["parties"]["buying_words"] and \
                    not {"receiver-from-to", "buyer-is-recipient"} & set(candidate.rules):
                self._receiver_named(ctx, candidate, named)
        if kind == "deploy":
            self._troops_side(ctx, candidate, named)
            self._withdrawn_from(ctx, candidate)
            self._war_host(ctx, candidate, named)
        accused = self._accused_doer(ctx, trigger) if kind in ("attack", "deploy", "transfer") else None
        if accused is not None and (candidate.actor is None or candidate.actor.id != accused.id):
            # 'Russia has accused Ukraine of attacking targets within its territory'
            old = candidate.actor
            candidate.actor = accused
            if candidate.recipient is not None and candidate.recipient.id == accused.id:
                candidate.recipient = old if old is not None else None
            candidate.rules.append("actor-accused")
        if kind not in ("attack", "casualties"):
            return
        place_state = self._location_state(candidate, named)
        if kind == "casualties":
            frame = candidate.trigger.frame
            victims = self._victims_side(ctx, candidate)
            if victims is not None and (candidate.actor is None or candidate.actor.id != victims.id):
                # who the dead were says whose they are: 'killed fewer than half of Hamas'
                # fighters', 'killed aid workers from World Central Kitchen'
                candidate.actor = victims
                candidate.rules.append("sufferer-from-victims")
                return
            actor = candidate.actor
            if actor is not None and named.get(actor.id) and \
                    all(self._does_harm(t, via, trigger, frame) for t, via in named[actor.id]):
                candidate.actor = self._sufferer(candidate, named, trigger, frame, place_state)
                candidate.rules.append("actor-did-the-harm")
            elif actor is not None and actor.id not in named and place_state is not None:
                candidate.actor = place_state   # a context party, where the sentence names the place
                candidate.rules.append("sufferer-from-place")
            return
        # attack
        self._named_doer(ctx, candidate, named)
        actor = candidate.actor
        if actor is not None and named.get(actor.id) and all(
                via in ("place", "capital") and t.dep_ in ("compound", "nmod") and
                any(a.i == trigger.i for a in t.ancestors) and
                all(a.dep_ in ("compound", "nmod") for a in t.ancestors if a.i != trigger.i and trigger.is_ancestor(a))
                for t, via in named[actor.id]):
            # a place naming the attack word says where, not who ('the victims of the Kabul
            # attack', 'since the Boston Marathon attacks'): its state is the target's
            candidate.actor = None
            candidate.rules.append("actor-is-place-named")
            if candidate.recipient is None:
                state = self.x._as_party(actor)
                candidate.recipient = state if state is not None and state.type == "country" else None
        target = self._struck_party(ctx, trigger)
        if target is not None and (candidate.actor is None or candidate.actor.id != target.id) and \
                (candidate.recipient is None or candidate.recipient.id != target.id):
            # 'a Turkish offensive against the Syrian Kurdish militia', 'an offensive against Crimea'
            candidate.recipient = target
            candidate.rules.append("target-from-against")
        actor = candidate.actor
        attribution = ctx.attributions.get(sent.start_char)
        sources = [(s.start, s.end) for s in getattr(attribution, "chain", None) or []]
        # the mentions that say who did it: not the cited source ('..., the British Embassy
        # in the Iraqi capital Baghdad said')
        told = [t for t, _ in named.get(actor.id, ()) if not any(a <= t.idx < b for a, b in sources)] \
            if actor is not None else []
        if told and all(self._in_struck_phrase(candidate, t) or
                        (place_state is not None and place_state.id == actor.id and self._in_place_phrase(candidate, t))
                        for t in told):
            # 'A British diplomatic vehicle was hit by an explosive device', 'an explosion
            # ripped through the American Embassy': the side struck, not the striker
            candidate.actor = None
            candidate.rules.append("actor-is-struck")
            ctx.struck.add(actor.id)
            struck = self.x._as_party(actor)
            if struck.type != "country" and struck.country:
                struck = self.x.resolver.by_id(f"country:{struck.country}") or struck
            if candidate.recipient is None or candidate.recipient.id not in named:
                candidate.recipient = struck
                candidate.rules.append("target-is-struck")
        actor = candidate.actor
        if actor is not None and actor.id not in named and place_state is not None and place_state.id == actor.id:
            # a party of the article's context where the sentence names only the place struck,
            # in that party's state: the target, not the striker ('Thursday's bombing was the
            # deadliest in the capital' in a story about Colombia)
            candidate.actor = None
            candidate.rules.append("actor-is-place-struck")
            if candidate.recipient is None:
                candidate.recipient = place_state
        actor = candidate.actor
        if actor is not None and actor.id not in named and \
                (actor.id in ctx.struck or any(c.kind == "attack" and c.recipient is not None
                                               and c.recipient.id == actor.id for c in ctx.claims)) and \
                not any(c.kind == "attack" and c.actor is not None and c.actor.id == actor.id for c in ctx.claims):
            # a party of the article's context that it has shown only as struck is no attacker
            # in a sentence that does not name it ('Tuesday's attack is the first attack of its
            # kind on a diplomatic convoy' after 'A British diplomatic vehicle was hit')
            candidate.actor = None
            candidate.rules.append("actor-only-struck-before")
        actor = candidate.actor
        if actor is not None and named.get(actor.id) and all(via in ("place", "capital") and t.dep_ == "pobj" for t, via in named[actor.id]) and \
                place_state is not None and place_state.id == actor.id:
            candidate.actor = None
            candidate.rules.append("actor-is-place-struck")
        recipient = candidate.recipient
        if place_state is not None and (recipient is None or recipient.id not in named) and \
                (candidate.actor is None or candidate.actor.id != place_state.id):
            if recipient is None or recipient.id != place_state.id:
                candidate.recipient = place_state
                candidate.rules.append("target-from-place")

    def _named_doer(self, ctx: DocContext, candidate: Candidate,
                    named: dict[str, list[tuple[Token, str]]]) -> None:
        """The side the parse says made the attack is its actor, over a party of another
        place the model chose: the subject of the active attack verb, its 'by' agent, the
        possessor or demonym of an attack noun ('Ukrainian forces launch a major offensive',
        'a counter-attack by Kyiv', 'Russia's invasion'), the subject of the verb that
        launches or carries out an attack noun (cues.yaml parties.event_doing_verbs). A
        place naming the noun ('the Atlanta bombing') says where, not who."""
        trigger = candidate.token
        doing = set(modality_stage.load_cues()["parties"]["event_doing_verbs"])
        doers: list[Token] = []
        if trigger.pos_ in ("VERB", "AUX"):
            if arguments_stage._is_passive(trigger):
                doers += [o for c in trigger.children if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj"]
            else:
                doers += [c for c in trigger.children if c.dep_ == "nsubj"]
                if not doers and trigger.dep_ in ("xcomp", "advcl", "conj") and trigger.head.pos_ in ("VERB", "AUX") \
                        and trigger.head.lemma_.lower() not in judging_verbs():
                    # 'Ukrainian forces launch a major offensive to retake Kherson': the
                    # controlling clause's subject does it (not one that urges or condemns it)
                    doers += [c for c in trigger.head.children if c.dep_ == "nsubj"]
                elif not doers and trigger.dep_ == "acl" and trigger.head.dep_ == "dobj" and \
                        trigger.head.head.lemma_.lower() not in judging_verbs():
                    # '... launch a major offensive to retake Kherson'
                    doers += [c for c in trigger.head.head.children if c.dep_ == "nsubj"]
        elif trigger.pos_ in ("NOUN", "PROPN"):
            for child in trigger.children:
                if child.dep_ in ("poss", "amod", "compound"):
                    doers.append(child)
                elif child.dep_ in ("agent", "prep") and child.lower_ == "by":
                    doers += [o for o in child.children if o.dep_ == "pobj"]
                elif child.dep_ == "acl" and child.lemma_.lower() in doing:
                    # 'an offensive launched by forces ...'
                    doers += [o for c in child.children if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj"]
            noun = trigger
            if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.pos_ == "NOUN":
                noun = noun.head.head   # 'carried out a series of airstrikes'
            head = noun.head
            if noun.dep_ in ("dobj", "nsubjpass") and head.lemma_.lower() in doing:
                if noun.dep_ == "dobj":
                    doers += [c for c in head.children if c.dep_ == "nsubj"]
                else:
                    doers += [o for c in head.children if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj"]
        if not doers:
            return
        found: dict[str, Entity] = {}
        for phrase in doers:
            modifier = phrase.dep_ in ("amod", "compound") and phrase.head.i == trigger.i
            heads = [phrase] + [c for c in phrase.children if c.dep_ in ("amod", "compound", "poss")]
            for token in heads:
                mention = ctx.token_mention.get(token.i)
                if mention is None:
                    continue
                entity = mention.entity
                # a person's or a place's state is no doer here ('the Atlanta bombing', 'Timothy
                # McVeigh ... the Oklahoma City bombing'); a bare state name on the attack word
                # may be its target ('the Ukraine attack'): a demonym or a body is the doer
                if entity.type not in ("country", "organization") or \
                        (modifier and token.i == phrase.i and entity.type == "country" and token.pos_ != "ADJ"):
                    continue
                party = self.x._as_party(entity)
                if party is not None and party.type in ("country", "organization"):
                    found[party.id] = party
                break
        if len(found) != 1:
            return
        (doer_id, doer), = found.items()
        found_ids = set(found)
        actor = candidate.actor
        if actor is not None and (actor.id == doer_id or actor.id in found_ids or
                                  self.x._as_party(actor).id == doer_id):
            return
        candidate.actor = doer
        if candidate.recipient is not None and candidate.recipient.id == doer.id:
            # the mirror image: the model put the doer as target, and the target (where the
            # sentence names it) as doer
            candidate.recipient = actor if actor is not None and named.get(actor.id) else None
        candidate.rules.append("actor-named-doer")

    def _struck_party(self, ctx: DocContext, trigger: Token) -> Entity | None:
        """The state (or armed group) an attack word's 'against' phrase names, a place's
        state for a place."""
        for prep in trigger.children:
            if prep.dep_ != "prep" or prep.lower_ != "against":
                continue
            obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            entity = self.x._entity(ctx, obj) if obj is not None else None
            if entity is None:
                continue
            if entity.type == "place" and entity.country:
                entity = self.x.resolver.by_id(f"country:{entity.country}")
            elif entity.type in ("person", "organization"):
                entity = self.x._as_party(entity)
            if entity is not None and entity.type in ("country", "organization", "group"):
                return entity
        return None

    def _in_struck_phrase(self, candidate: Candidate, token: Token) -> bool:
        """Is the token inside what an attack word says was struck: the object of the active
        verb, the subject of the passive, a 'struck_preps' phrase on it ('fired on ...'), or
        the object of the verb an attack noun is the subject of ('an explosion ripped through
        the American Embassy')? Not the weapon ('Russian missiles were fired'): a phrase
        naming an item of the ontology is what was used, not what was hit."""
        trigger = candidate.token
        preps = set(modality_stage.load_cues()["parties"]["struck_preps"])
        weapon = {t.i for t in candidate.item_token.subtree} \
            if candidate.item_token is not None and candidate.item_token.i != trigger.i and \
            candidate.item is not None and candidate.item.category in WEAPON_CATEGORIES else set()

        def struck(head: Token) -> list[Token]:
            out = []
            for child in head.children:
                if child.dep_ in ("dobj", "nsubjpass") and (child.dep_ != "nsubjpass" or head.pos_ in ("VERB", "AUX")):
                    out.append(child)
                elif child.dep_ == "prep" and child.lower_ in preps:
                    out.extend(c for c in child.children if c.dep_ == "pobj")
            return out

        phrases = struck(trigger) if trigger.pos_ in ("VERB", "AUX") else \
            [o for c in trigger.children if c.dep_ == "prep" and c.lower_ in preps for o in c.children if o.dep_ == "pobj"]
        if trigger.pos_ in ("NOUN", "PROPN") and trigger.dep_ == "nsubj" and trigger.head.pos_ == "VERB" and \
                trigger.head.lemma_.lower() in modality_stage.load_cues()["parties"]["struck_verbs"]:
            phrases += struck(trigger.head)
        for phrase in phrases:
            match = self.x._item_match(phrase)
            if phrase.i in weapon or (match is not None and match[0].category in WEAPON_CATEGORIES):
                continue
            if phrase.i == token.i or phrase.is_ancestor(token):
                # a 'by' phrase inside it names the doer ('the attack on the territory of
                # Russia being launched by the Zelenskiy authorities')
                return not any(a.dep_ == "agent" for a in token.ancestors if phrase.is_ancestor(a))
        return False

    def _accused_doer(self, ctx: DocContext, trigger: Token) -> Entity | None:
        """The party an accusing verb charges with the event (cues.yaml parties.accusing_verbs):
        its object where the event hangs on the verb's preposition ('accused Ukraine of
        attacking'), the object of 'on' where the event is blamed ('blames such attacks on
        Iranian-backed militia groups')."""
        verbs = modality_stage.load_cues()["parties"]["accusing_verbs"]
        accused = None
        head = trigger.head
        if trigger.dep_ in ("pcomp", "pobj") and head.dep_ == "prep" and \
                verbs.get(head.head.lemma_.lower()) == head.lower_:
            verb = head.head
            accused = next((c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")), None)
        elif trigger.dep_ == "dobj" and head.lemma_.lower() == "blame":
            accused = next((o for c in head.children if c.dep_ == "prep" and c.lower_ == "on"
                            for o in c.children if o.dep_ == "pobj"), None)
        if accused is None:
            return None
        return self._party_named(ctx, accused, ("country", "organization", "group"))

    def _party_named(self, ctx: DocContext, token: Token | None, types: tuple[str, ...]) -> Entity | None:
        """The party a word names, if of one of `types`: a place's state, a person's or
        body's own side."""
        entity = self.x._entity(ctx, token) if token is not None else None
        if entity is not None and entity.type == "place" and entity.country:
            entity = self.x.resolver.by_id(f"country:{entity.country}")
        party = self.x._as_party(entity) if entity is not None else None
        return party if party is not None and party.type in types else None

    def _troops_side(self, ctx: DocContext, candidate: Candidate,
                     named: dict[str, list[tuple[Token, str]]]) -> None:
        """Troops a state's demonym, name or possessive qualifies are that state's: it is the
        deployment's actor ('the build-up of Russian troops along Ukraine's border', 'U.S.
        soldiers massing in Saudi Arabia', 'North Korean troops'), over the model's pick of
        another side; where the model made it the recipient, the two are a mirror image."""
        trigger = candidate.token
        item = candidate.item_token
        if item is None or item.i == trigger.i:
            if trigger.pos_ in ("NOUN", "PROPN"):
                item = trigger   # 'Russian troops' as the event word itself
            elif trigger.dep_ == "acl":
                item = trigger.head   # 'U.S. soldiers massing in Saudi Arabia'
            else:
                # the verb's troops, through the clauses it completes ('Russian troops needed
                # to end hostilities and withdraw from Ukraine')
                item = next((c for c in trigger.children if c.dep_ in ("nsubj", "dobj", "nsubjpass")
                             and self.x._item_match(c) is not None), None)
                head = trigger
                while item is None and head.dep_ in ("conj", "xcomp") and head.head.i != head.i:
                    head = head.head
                    item = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if item is not None and self.x._item_match(item) is None:
            # 'the build-up of Russian troops', 'the withdrawal of Russian troops'
            item = next((o for c in item.children if c.dep_ == "prep" and c.lower_ == "of"
                         for o in c.children if o.dep_ == "pobj"), None)
        if item is None or item.pos_ not in ("NOUN", "PROPN") or self.x._item_match(item) is None:
            return
        sides: dict[str, Entity] = {}
        for child in item.children:
            if child.dep_ not in ("amod", "compound", "poss", "nmod"):
                continue
            mention = ctx.token_mention.get(child.i)
            if mention is None or mention.entity.type not in ("country", "organization"):
                continue
            party = self.x._as_party(mention.entity)
            if party is not None and party.type in ("country", "organization"):
                sides[party.id] = party
        if len(sides) != 1:
            return
        (side_id, side), = sides.items()
        actor = candidate.actor
        if actor is not None and (actor.id == side_id or self.x._as_party(actor).id == side_id):
            return
        candidate.actor = side
        if candidate.recipient is not None and candidate.recipient.id == side_id:
            candidate.recipient = actor if actor is not None and named.get(actor.id) else None
        candidate.rules.append("actor-troops-side")

    def _withdrawn_from(self, ctx: DocContext, candidate: Candidate) -> None:
        """Troops withdrawn from a state were stationed there: that state is the deployment's
        recipient, and the side whose troops they are (the subject of the withdrawing verb)
        its actor, never the state they leave ('Russia must de-escalate, withdraw its military
        forces from Ukraine's sovereign territory')."""
        words = modality_stage.load_cues()["parties"]["withdrawal_verbs"]
        item = candidate.item_token
        verb = candidate.token if candidate.token.lemma_.lower() in words else None
        if verb is None and item is not None and item.dep_ in ("dobj", "nsubjpass") and \
                item.head.lemma_.lower() in words:
            verb = item.head
        if verb is None or item is None or not (verb.i == item.i or verb.is_ancestor(item)):
            return   # the troops must be what the verb pulls out ('withdraw from Iranian territory' alone is no deployment's)
        origin = next((o for c in verb.children if c.dep_ == "prep" and c.lower_ == "from"
                       for o in c.children if o.dep_ == "pobj"), None)
        if origin is None:
            return
        state = None
        for token in origin.subtree:
            entity = self.x._entity(ctx, token)
            if entity is None:
                continue
            if entity.type == "place" and entity.country:
                entity = self.x.resolver.by_id(f"country:{entity.country}")
            if entity is not None and entity.type == "country":
                state = entity
                break
        if state is None:
            return
        if candidate.recipient is None or candidate.recipient.id != state.id:
            candidate.recipient = state
            candidate.rules.append("recipient-withdrawn-from")
        if candidate.actor is not None and candidate.actor.id == state.id:
            head = verb
            while head.dep_ in ("conj", "xcomp") and not any(c.dep_ == "nsubj" for c in head.children) \
                    and head.head.i != head.i:
                head = head.head
            subject = next((c for c in head.children if c.dep_ == "nsubj"), None)
            doer = self.x._entity(ctx, subject) if subject is not None else None
            doer = self.x._as_party(doer) if doer is not None else None
            candidate.actor = doer if doer is not None and doer.id != state.id and \
                doer.type in ("country", "organization") else None
            candidate.rules.append("actor-not-withdrawn-from")

    def _war_host(self, ctx: DocContext, candidate: Candidate,
                  named: dict[str, list[tuple[Token, str]]]) -> None:
        """Troops serve the side that wages a war: a recipient named only as the war's enemy
        ('the war with Ukraine') gives way to the side the sentence says wages it, when that
        side is not the troops' own: the war noun's possessor ('Russia's war against
        Ukraine'), an 'on the Russian side' phrase, else the subject of the nearest clause
        above the war noun that is not a speech verb ('Russia is using North Korean soldiers
        in the war with Ukraine': to Russia). Troops of the side waging it keep the enemy as
        recipient ('Russian troops in the war with Ukraine')."""
        recipient, actor = candidate.recipient, candidate.actor
        if recipient is None or not named.get(recipient.id):
            return
        cues = modality_stage.load_cues()
        wars = []
        for token, _ in named[recipient.id]:
            prep = token.head
            if not (token.dep_ == "pobj" and prep.dep_ == "prep" and prep.lower_ in cues["parties"]["enemy_preps"]
                    and prep.head.pos_ in ("NOUN", "PROPN") and prep.head.lemma_.lower() in cues["parties"]["war_nouns"]):
                return   # named as something else too: the parse gives no reason to move it
            wars.append(prep.head)
        host = None
        for war in wars:
            host = self._war_side(ctx, war, cues["attribution"]["speech_verbs"])
            if host is not None:
                break
        if host is None or host.id == recipient.id or (actor is not None and host.id == actor.id):
            return
        candidate.recipient = host
        candidate.rules.append("recipient-wages-war")

    def _war_side(self, ctx: DocContext, war: Token, speech_verbs: frozenset) -> Entity | None:
        """The state that wages the war a war noun names (see `_war_host`)."""
        def state(token: Token | None) -> Entity | None:
            return self._party_named(ctx, token, ("country",))

        for child in war.children:
            if child.dep_ in ("poss", "amod", "compound") and (side := state(child)) is not None:
                return side
        for token in war.sent:
            if token.lower_ == "side" and token.dep_ == "pobj" and token.head.lower_ == "on":
                for child in token.children:
                    if child.dep_ in ("poss", "amod", "compound") and (side := state(child)) is not None:
                        return side
        for head in war.ancestors:
            if head.pos_ not in ("VERB", "AUX"):
                continue
            subject = next((c for c in head.children if c.dep_ == "nsubj"), None)
            if subject is None:
                continue
            return None if head.lemma_.lower() in speech_verbs else state(subject)
        return None

    def _transfer_direction(self, ctx: DocContext, candidate: Candidate,
                            named: dict[str, list[tuple[Token, str]]]) -> None:
        """A transfer's actor supplies, its recipient receives: a pick the parse shows the
        wrong way round is turned ('Ankara's purchase of the S-400s': Ankara receives; 'it
        ... delivered an unknown cargo to Iran': Iran receives)."""
        trigger = candidate.token
        cues = modality_stage.load_cues()["parties"]
        lemma = trigger.lemma_.lower()
        actor, recipient = candidate.actor, candidate.recipient
        if actor is None or not named.get(actor.id):
            return
        tokens = [t for t, _ in named[actor.id]]
        if lemma in cues["buying_words"]:
            passive = arguments_stage._is_passive(trigger)
            buyers = [c for c in trigger.children if (c.dep_ == "poss" and trigger.pos_ in ("NOUN", "PROPN"))
                      or (c.dep_ == "nsubj" and not passive and trigger.pos_ in ("VERB", "AUX"))]
            if not buyers or not all(any(b.i == t.i or b.is_ancestor(t) for b in buyers) for t in tokens):
                return
            # the seller: a state the item's own modifiers name ('Russian S-400 missile system')
            seller = None
            if candidate.item_token is not None:
                for child in candidate.item_token.subtree:
                    if child.dep_ in ("amod", "compound", "nmod", "poss") and child.i != candidate.item_token.i:
                        entity = self.x._entity(ctx, child)
                        if entity is not None and entity.type in ("country", "organization") and entity.id != actor.id:
                            seller = self.x._as_party(entity)
                            break
            candidate.recipient = actor
            candidate.actor = seller if seller is not None else (
                recipient if recipient is not None and recipient.id != actor.id else None)
            candidate.rules.append("buyer-is-recipient")
            return
        if lemma in cues["giving_to_words"]:
            to_objects = [o for c in trigger.children if c.dep_ in ("prep", "dative") and c.lower_ == "to"
                          for o in c.children if o.dep_ == "pobj"]
            if to_objects and all(any(o.i == t.i or o.is_ancestor(t) for o in to_objects) for t in tokens):
                candidate.recipient = actor
                candidate.actor = recipient if recipient is not None and recipient.id != actor.id else None
                candidate.rules.append("receiver-from-to")

    def _receiver_named(self, ctx: DocContext, candidate: Candidate,
                        named: dict[str, list[tuple[Token, str]]]) -> None:
        """A party the sentence names only where the giving is said to go is the transfer's
        recipient, not its supplier (CONVENTIONS.md: a transfer's actor supplies): the 'to'
        phrase on the giving word or its item ('military aid to Ukraine', 'the provision of
        long-range missiles ... to Ukraine'), the object of a verb of equipping that says
        'with' what ('providing the Ukrainian Armed Forces with additional lethal aid'), the
        indirect object ('give Kyiv tanks'). Where the model made it the actor, it turns
        recipient, and the actor is the party named giving (the subject of the giving verb
        or of the clause it completes, a 'by' agent, the possessor or a state modifier of
        the giving word or its item: 'Western weapons', 'Biden's decision to give') or none;
        an empty or context recipient takes it."""
        cues = modality_stage.load_cues()["parties"]
        trigger, item = candidate.token, candidate.item_token
        heads = [trigger] + ([item] if item is not None and item.i != trigger.i else [])
        # what the giving is said to be ('provide $1bn as military aid to Ukraine', '$2bn in
        # humanitarian aid to Ukraine'): its 'to' phrase names the receiver too
        heads += [o for h in list(heads) for c in h.children if c.dep_ == "prep" and c.lower_ in ("as", "in")
                  for o in c.children if o.dep_ == "pobj" and o.pos_ == "NOUN"]
        receiving: list[Token] = []
        for head in heads:
            for child in head.children:
                if child.dep_ in ("prep", "dative") and child.lower_ == "to":
                    receiving += [o for o in child.children if o.dep_ == "pobj"]
                elif child.dep_ == "dative" and child.pos_ in ("NOUN", "PROPN"):
                    receiving.append(child)
        if trigger.pos_ == "VERB" and trigger.lemma_.lower() in cues["equipping_verbs"] and \
                any(c.dep_ == "prep" and c.lower_ == "with" for c in trigger.children):
            receiving += [c for c in trigger.children if c.dep_ == "dobj"]
        if not receiving:
            return

        receivers = [party_id for party_id, tokens in named.items()
                     if any(_within(t, receiving) for t, _ in tokens)]
        if not receivers:
            return
        giving: list[Token] = []
        passive = arguments_stage._is_passive(trigger)
        for head in heads:
            for child in head.children:
                if child.dep_ in ("poss", "amod", "compound", "nmod") or child.dep_ == "agent" or \
                        (child.dep_ == "nsubj" and not passive):
                    giving.append(child)
        clause = trigger
        while clause.dep_ in ("xcomp", "conj", "acl") and clause.head.i != clause.i and not \
                any(c.dep_ in ("nsubj", "nsubjpass") for c in clause.children):
            clause = clause.head
            giving += [c for c in clause.children if c.dep_ in ("nsubj", "poss")]
        subject = next((c for c in clause.children if c.dep_ == "nsubj"), None)
        if subject is not None and subject.pos_ == "PRON" and clause.dep_ == "ccomp":
            # 'The Biden Administration announced ... that it will provide': the reporting
            # clause's subject is who 'it' is
            giving += [c for c in clause.head.children if c.dep_ == "nsubj"]

        def gives(tokens: list[tuple[Token, str]]) -> bool:
            return any(g.i == t.i or g.is_ancestor(t) for t, via in tokens for g in giving
                       if via not in ("place",))

        actor, recipient = candidate.actor, candidate.recipient
        if actor is not None and actor.id in receivers and not gives(named[actor.id]) and \
                all(_within(t, receiving) for t, _ in named[actor.id]):
            supplier = next((party_id for party_id, tokens in named.items()
                             if party_id not in receivers and party_id.startswith(("country:", "org:"))
                             and gives(tokens)), None)
            candidate.recipient = actor
            candidate.actor = self.x.resolver.by_id(supplier) if supplier is not None else None
            candidate.rules.append("actor-is-receiver")
        elif actor is None or actor.id not in receivers:
            party = next((p for p in map(self.x.resolver.by_id, receivers)
                          if p is not None and p.type in ("country", "organization", "group")), None)
            if party is not None and (recipient is None or recipient.id not in named):
                candidate.recipient = party
                candidate.rules.append("recipient-named-receiver")
            supplier = next((party_id for party_id, tokens in named.items()
                             if party_id not in receivers and party_id.startswith("country:") and gives(tokens)), None)
            if supplier is not None and (actor is None or actor.id not in named) and \
                    (candidate.recipient is None or candidate.recipient.id != supplier):
                # a context actor gives way to the giver the sentence names
                candidate.actor = self.x.resolver.by_id(supplier)
                candidate.rules.append("actor-named-giver")

    def _in_place_phrase(self, candidate: Candidate, token: Token) -> bool:
        """Is the token inside a phrase that says where the event happened ('stormed a hotel
        in the Somali city of Beledweyne'), and not inside its doer's ('by' agent, subject)?"""
        trigger = candidate.token
        doers = [c for c in trigger.children if c.dep_ in ("agent", "nsubj")]
        if any(d.i == token.i or d.is_ancestor(token) for d in doers):
            return False
        preps = set(modality_stage.load_cues()["parties"]["event_place_preps"])
        return any(a.dep_ == "prep" and a.lower_ in preps for a in token.ancestors if a.i != trigger.i
                   and not a.is_ancestor(trigger))

    def _victims_side(self, ctx: DocContext, candidate: Candidate) -> Entity | None:
        """The party the casualties' own noun phrase names: its possessor or a modifier
        ('Hamas' fighters', 'Ukrainian civilians', 'its rescuers' with the subject it points
        to), or a 'from'/'of' phrase on it ('aid workers from World Central Kitchen',
        'mercenaries of Vladimir Putin')."""
        token = candidate.item_token
        trigger = candidate.token
        if token is None or token.i == trigger.i:
            return None
        # the parse may hang the phrase's parts on the verb: 'killed fewer than half of
        # Hamas' fighters' (two objects), 'killed aid workers from World Central Kitchen'
        # (the 'from' on the verb, right after the object)
        objects = [token, *(c for c in trigger.children if c.dep_ in ("dobj", "nsubjpass") and c.i != token.i)]
        edges = {o.right_edge.i + 1 for o in objects}
        children = [c for o in objects for c in o.children] + \
            [c for c in trigger.children if c.dep_ == "prep" and c.i in edges]
        for child in children:
            entity = None
            if child.dep_ in ("amod", "compound", "poss", "nmod"):
                entity = self.x._entity(ctx, child)
                if entity is None and child.lower_ in ("its", "their"):
                    entity = self.x._possessor(ctx, child)
            elif child.dep_ == "prep" and child.lower_ in ("from", "of"):
                obj = next((c for c in child.children if c.dep_ == "pobj"), None)
                entity = self.x._entity(ctx, obj) if obj is not None else None
            if entity is not None and entity.type in ("country", "organization", "person", "group") and \
                    not self.x.resolver.is_outlet(entity):
                party = self.x._as_party(entity)
                if party.type in ("country", "organization"):
                    return party
        return None

    def _named_in_sentence(self, ctx: DocContext, sent: Span) -> dict[str, list[tuple[Token, str]]]:
        """Party id -> (head token, how: 'name' or 'place') of each mention in the sentence
        that names it (an agency for its state, a place for its state)."""
        out: dict[str, list[tuple[Token, str]]] = {}
        for mention in arguments_stage._mentions_in(ctx, sent.start_char, sent.end_char):
            span = ctx.doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is None or span.root.is_space:
                continue   # a mention the parse hangs on a line break says nothing of its role
            entity = replace(mention.entity, text=mention.text)
            ids: list[tuple[str, str]] = []
            via = "capital" if mention.via in ("capital", "seat") else ("demonym" if mention.via == "demonym" else "name")
            # a state named through one of its bodies or people ('the U.S. embassy') is no place
            own = via if entity.type == "country" else "body"
            if entity.type in arguments_stage.PARTY_TYPES:
                ids.append((self.x._as_party(entity).id, own))
                ids.append((entity.id, via))
            if entity.country and entity.type != "country":
                ids.append((f"country:{entity.country}", "place" if entity.type == "place" else own))
            for entity_id, via in ids:
                if all(t.i != span.root.i for t, _ in out.get(entity_id, ())):
                    out.setdefault(entity_id, []).append((span.root, via))
        return out

    def _location_state(self, candidate: Candidate, named: dict[str, list[tuple[Token, str]]]) -> Entity | None:
        """The state where the event happened: the candidate's location, else the one state
        the sentence's place phrases name ('in the Tanzanian capital Dar-es-Salaam'; none
        where they name two: 'embassies ... in Kenya and Tanzania')."""
        place = candidate.location
        if place is None:
            preps = set(modality_stage.load_cues()["parties"]["event_place_preps"])
            states = {entity_id for entity_id, tokens in named.items() if entity_id.startswith("country:")
                      and any(via in ("place", "capital", "name") and t.dep_ == "pobj" and t.head.lower_ in preps
                              for t, via in tokens)}
            if len(states) != 1:
                return None
            return self.x.resolver.by_id(states.pop())
        if place.type == "country":
            return place
        if place.type == "place" and place.country:
            state = self.x.resolver.by_id(f"country:{place.country}")
            return replace(state, text=place.text) if state is not None else None
        return None

    def _sentence_parties_first(self, ctx: DocContext, candidate: Candidate, sent: Span) -> None:
        """The parties of a meeting or an agreement the sentence names come before those of
        the article's context: a slot the model filled from context takes the best-scored
        party the sentence names, where one is left ('Prime Minister Viktor Orban goes to
        Moscow on Tuesday to talk to Putin')."""
        from newsledger.extract.claims import PRONOUNS   # here: claims.py imports this module
        rows = candidate.party_rows
        if not rows or self.x.models is None or self.x.models.argument_scorer is None:
            return
        head = candidate.token
        while head.dep_ in ("xcomp", "conj", "pcomp", "advcl") and head.head.i != head.i:
            head = head.head
        if any(t.lower_ in PRONOUNS for t in head.subtree if t.dep_ in ("nsubj", "nsubjpass", "conj")
               and t.i < candidate.token.i):
            return   # 'He and Palestinian leader Yasser Arafat meet ...': the context's party is named
        in_sentence = {row.entity.id for row in rows if row.position is not None}
        for role in ("actor", "recipient"):
            party = getattr(candidate, role)
            if party is None or party.id in in_sentence:
                continue
            other = candidate.recipient if role == "actor" else candidate.actor
            scored = arguments_stage.score_rows(self.x.models, rows)
            best = max(((max(p for p, m in scored[r] if m == n), n) for n, row in enumerate(rows)
                        for r in ("actor",) if row.position is not None
                        and (other is None or row.entity.id != other.id)
                        and row.entity.type == "country"), default=None)
            if best is not None and best[0] >= self.x.models.argument_thresholds["actor"]:
                setattr(candidate, role, rows[best[1]].entity)
                candidate.rules.append(f"{role}-named-over-context")

    @staticmethod
    def _judges_event(token: Token, trigger: Token) -> bool:
        """Is the token inside the subject of a judging verb ('condemn', 'deplore') that
        governs the event word?"""
        for ancestor in token.ancestors:
            if ancestor.lemma_.lower() in judging_verbs() and ancestor.is_ancestor(trigger):
                # the event inside what is judged, not a second clause beside it ('opposes
                # China's maritime expansion and ... gives military support to its rivals')
                through = next(c for c in ancestor.children if c.i == trigger.i or c.is_ancestor(trigger))
                if through.dep_ in ("conj", "cc", "parataxis"):
                    return False
                # the active subject only: 'Bin Laden is accused of masterminding the attack'
                subjects = [c for c in ancestor.children if c.dep_ == "nsubj"]
                return any(token.i == s.i or s.is_ancestor(token) for s in subjects)
        return False

    def _does_harm(self, token: Token, via: str, trigger: Token, frame: str | None) -> bool:
        """Is the token on the doing side of a killing: the subject of the active verb ('Israel
        reports having killed'), its 'by' agent, or a modifier of a strike, invasion or
        occupation in the sentence ('during a period of Russian occupation')?"""
        if via in ("place", "capital") or (token.dep_ == "pobj" and token.head.lower_ in
                                           modality_stage.load_cues()["parties"]["event_place_preps"]):
            return False   # 'three Atlanta attacks', 'a bomb that blasted a marketplace in Armenia': where, not who
        harming = frame == "harm"   # 'kill', 'wound': the subject does it ('die', 'lose': suffers it)
        passive = arguments_stage._is_passive(trigger)
        doers = [c for c in trigger.children
                 if c.dep_ == "agent" or (harming and c.dep_ == "nsubj" and not passive)]
        head = trigger
        # a subjectless active 'having killed' takes its controller's subject; a passive
        # 'he had been killed' does not ('police ... concluded he had probably been killed')
        while harming and not passive and not doers and head.dep_ in ("xcomp", "ccomp", "pcomp", "advcl", "conj") and head.head.i != head.i:
            head = head.head   # 'Israel reports having killed ...': the controller
            doers = [c for c in head.children if c.dep_ == "nsubj"]
        if any(token.i == d.i or d.is_ancestor(token) for d in doers):
            return True
        if token.dep_ in ("amod", "compound", "poss", "nmod") and token.head.i != trigger.i:
            return any(t.kind == "attack" for t in self.x._triggers(token.head)) or \
                token.head.lemma_.lower() in modality_stage.load_cues()["parties"]["harm_doing_nouns"]
        return False

    def _sufferer(self, candidate: Candidate, named: dict, trigger: Token, frame: str | None,
                  place_state: Entity | None) -> Entity | None:
        """The casualties' side once the doer is ruled out: the best-scored party the sentence
        names on no doing side, else the state where they fell, else none."""
        if candidate.party_rows and self.x.models is not None and self.x.models.argument_scorer is not None:
            scored = arguments_stage.score_rows(self.x.models, candidate.party_rows)["actor"]
            bar = self.x.models.argument_thresholds["actor"]
            for probability, n in scored:
                row = candidate.party_rows[n]
                tokens = named.get(row.entity.id)
                if probability >= bar and tokens and not all(self._does_harm(t, via, trigger, frame) for t, via in tokens):
                    return row.entity
        harmed_by = named.get(place_state.id) if place_state is not None else None
        if place_state is not None and not (harmed_by and all(self._does_harm(t, via, trigger, frame) for t, via in harmed_by)):
            return place_state
        return None
