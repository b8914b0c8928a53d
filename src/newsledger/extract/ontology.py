"""The ontology as data: claim kinds, trigger words with their argument frames, the item
lexicon. Loaded from knowledge/ontology.yaml plus any user files of the same shape."""
from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from newsledger.knowledge import parse_yaml

BUILTIN = Path(__file__).resolve().parents[1] / "knowledge" / "ontology.yaml"
ENV_EXTRA = "NEWSLEDGER_ONTOLOGY"   # extra ontology files, os.pathsep-separated


@dataclass(frozen=True)
class Trigger:
    kind: str
    lemma: str
    pos: str                      # "verb" | "noun" | "adjective"
    frame: str
    requires_prep: tuple[str, ...] = ()
    requires_object: str | None = None   # an object class name: "agreement", "meeting"
    particle: str | None = None
    default_item: str | None = None
    modality: str | None = None          # the trigger's own modality: 'pledge' -> planned
    requires_category: tuple[str, ...] = ()
    needs_recipient: bool = False        # 'fight', 'serve': a deployment only with someone to fight for
    requires_subject: tuple[str, ...] = ()   # 'the package includes ...'
    # 'Mr Valentine ... agreed.', '93 percent of Ukrainians agree': assent to an opinion, not
    # an agreement; the verb tells one only with what is agreed (to do, on, with, an object)
    requires_complement: bool = False
    # 'aid to Ukraine', 'military assistance for Kyiv': the event noun names what is sent
    # itself (its qualifier the category, as a generic item's), no other item needed
    self_item: bool = False
    # 'Meloni was in Kyiv': a person or an official's title (object_classes.visitors) whose
    # 'in' names a state or its capital (ontology: meet 'be'); another state's only
    requires_visitor: bool = False


@dataclass
class KindSpec:
    name: str
    description: str = ""
    item_categories: tuple[str, ...] = ()
    needs_item: bool = False
    needs_party: bool = False
    actor_is_sufferer: bool = False
    absorbs_content: bool = False
    not_items: frozenset[str] = frozenset()   # item names or words that are never this kind's item


@dataclass
class ItemMatch:
    category: str
    name: str
    generic: bool = False


@dataclass
class Ontology:
    kinds: dict[str, KindSpec]
    frames: dict[str, dict[str, str]]
    triggers: dict[tuple[str, str], list[Trigger]]   # (pos, lemma) -> triggers
    item_phrases: dict[tuple[str, ...], ItemMatch]   # lemma tuple -> match
    max_item_words: int
    containers: frozenset[str]
    generic: dict[str, dict]
    qualifiers: dict[str, str]
    counted_units: frozenset[str]
    object_classes: dict[str, frozenset[str]]
    party_words: frozenset[str]
    irregular: dict[str, list[str]] = field(default_factory=dict)
    state_bodies: frozenset[str] = frozenset()
    non_agents: frozenset[str] = frozenset()
    _by_name: dict[str, ItemMatch] | None = field(default=None, repr=False)
    state_words: frozenset[str] = frozenset()
    version: str = "1"

    # ------------------------------------------------------------------ loading
    @classmethod
    def load(cls, extra_paths: Sequence[str | Path] = ()) -> Ontology:
        data: dict = {}
        for path in (BUILTIN, *map(Path, extra_paths)):
            try:
                loaded = parse_yaml(Path(path).read_text(encoding="utf-8")) or {}
            except (OSError, yaml.YAMLError) as exc:
                raise ValueError(f"{path}: cannot read ontology: {exc}") from None
            if not isinstance(loaded, dict):
                raise ValueError(f"{path}: an ontology file must be a YAML mapping")
            _merge(data, loaded)
        return cls._build(data)

    @classmethod
    def _build(cls, data: dict) -> Ontology:
        kinds: dict[str, KindSpec] = {}
        triggers: dict[tuple[str, str], list[Trigger]] = {}
        for name, spec in (data.get("kinds") or {}).items():
            kinds[name] = KindSpec(
                name=name, description=spec.get("description", ""),
                item_categories=tuple(spec.get("item_categories") or ()),
                needs_item=bool(spec.get("needs_item")), needs_party=bool(spec.get("needs_party")),
                actor_is_sufferer=bool(spec.get("actor_is_sufferer")),
                absorbs_content=bool(spec.get("absorbs_content")),
                not_items=frozenset(w.lower() for w in spec.get("not_items") or ()))
            for pos_key, pos in (("verbs", "verb"), ("nouns", "noun"), ("adjectives", "adjective")):
                for lemma, value in (spec.get(pos_key) or {}).items():
                    if isinstance(value, str):
                        value = {"frame": value}
                    for key in ("requires_prep", "requires_category"):
                        if any(not isinstance(v, str) for v in value.get(key) or ()):
                            # YAML reads bare on/off/yes/no as booleans: "on" must be quoted
                            raise ValueError(f"ontology: {name}.{lemma}.{key} holds a non-word "
                                             f"{value[key]!r}; quote words like \"on\"")
                    trigger = Trigger(kind=name, lemma=lemma, pos=pos, frame=value["frame"],
                                      requires_prep=tuple(value.get("requires_prep") or ()),
                                      requires_object=value.get("requires_object"),
                                      particle=value.get("particle"),
                                      default_item=value.get("default_item"),
                                      modality=value.get("modality"),
                                      requires_category=tuple(value.get("requires_category") or ()),
                                      needs_recipient=bool(value.get("needs_recipient")),
                                      requires_subject=tuple(value.get("requires_subject") or ()),
                                      requires_complement=bool(value.get("requires_complement")),
                                      self_item=bool(value.get("self_item")),
                                      requires_visitor=bool(value.get("requires_visitor")))
                    triggers.setdefault((pos, lemma), []).append(trigger)
        frames = {name: dict(roles or {}) for name, roles in (data.get("frames") or {}).items()}
        for key, found in triggers.items():
            for trigger in found:
                if trigger.frame not in frames:
                    raise ValueError(f"ontology: trigger {key[1]!r} of {trigger.kind} uses unknown frame {trigger.frame!r}")
        item_phrases: dict[tuple[str, ...], ItemMatch] = {}
        for category, names in (data.get("items") or {}).items():
            for name, surfaces in (names or {}).items():
                for surface in surfaces or ():
                    key = _words(surface)
                    if key in item_phrases and item_phrases[key] != ItemMatch(category, name):
                        other = item_phrases[key]
                        raise ValueError(f"ontology: item {surface!r} is listed under both "
                                         f"{other.category}/{other.name} and {category}/{name}")
                    item_phrases[key] = ItemMatch(category, name)
        generic = {k: dict(v) for k, v in (data.get("generic") or {}).items()}
        for head, spec in generic.items():
            item_phrases.setdefault((head,), ItemMatch(spec.get("default", "other"), spec.get("name", head), True))
        return cls(
            kinds=kinds, frames=frames, triggers=triggers, item_phrases=item_phrases,
            max_item_words=max((len(k) for k in item_phrases), default=1),
            containers=frozenset(data.get("containers") or ()), generic=generic,
            qualifiers=dict(data.get("qualifiers") or {}),
            counted_units=frozenset(data.get("counted_units") or ()),
            object_classes={k: frozenset(v) for k, v in (data.get("object_classes") or {}).items()},
            party_words=frozenset(data.get("party_words") or ()),
            irregular={k: list(v) for k, v in (data.get("irregular_forms") or {}).items()},
            state_bodies=frozenset(data.get("state_bodies") or ()),
            non_agents=frozenset(data.get("non_agents") or ()),
            state_words=frozenset(data.get("state_words") or ()),
            version=str(data.get("version", "1")))

    @classmethod
    @lru_cache(maxsize=1)
    def default(cls) -> Ontology:
        """The built-in ontology plus the user files named in $NEWSLEDGER_ONTOLOGY."""
        return cls.load([p for p in os.environ.get(ENV_EXTRA, "").split(os.pathsep) if p])

    # ------------------------------------------------------------------ lookups
    def triggers_for(self, pos: str, lemma: str) -> list[Trigger]:
        return self.triggers.get((pos, lemma.lower()), [])

    def match_item(self, words: Sequence[str]) -> tuple[ItemMatch, int] | None:
        """Longest lexicon phrase ending at the last word (the head noun); returns the match
        and how many words it spans."""
        words = [w.lower() for w in words]
        for size in range(min(len(words), self.max_item_words), 0, -1):
            match = self.item_phrases.get(tuple(words[-size:]))
            if match:
                return match, size
        return None

    def item_by_name(self, name: str) -> ItemMatch | None:
        if self._by_name is None:   # built once: called for every casualty noun
            self._by_name = {}
            for match in self.item_phrases.values():
                self._by_name.setdefault(match.name, match)
        return self._by_name.get(name) or self.item_phrases.get((name,))

    def trigger_surface_forms(self) -> tuple[set[str], dict[str, list[tuple[frozenset[str], ...]]]]:
        """Every inflected form of every trigger lemma, for the cheap pre-filter that decides
        which sentences need the parser: (forms that suffice alone, {form: alternatives}).

        An alternative is a tuple of word groups that must all be in the sentence, one word of
        each group, for that trigger to have any chance: 'had' is a trigger only with 'from'
        ('Russia had missiles from the DPRK'), 'take' only with a captivity noun ('taken
        prisoner'), 'hold' only with a meeting noun, 'include' only with a package-like
        subject, 'turn' only with its particle 'out'. Each gate is a word `_candidate` requires
        among the trigger's own dependents, so it is in the trigger's sentence: gating drops
        no claim, and the most common verbs ('take', 'hold', 'including') stop sending most of
        a newspaper to the parser. Regular English inflection is written by hand (no library
        here does it without a model); irregular forms come from the data."""
        alone: set[str] = set()
        gated: dict[str, list[tuple[frozenset[str], ...]]] = {}
        for (pos, lemma), triggers in self.triggers.items():
            forms = self._surface_forms(pos, lemma)
            gates = [self.trigger_gates(t) for t in triggers]
            if any(not groups for groups in gates):
                alone |= forms
                continue
            for form in forms:
                known = gated.setdefault(form, [])
                known.extend(g for g in gates if g not in known)
        for form in alone:
            gated.pop(form, None)
        return alone, gated

    def _surface_forms(self, pos: str, lemma: str) -> set[str]:
        """The spellings under which the claim extractor can see this trigger (it looks verbs
        and nouns up by lemma, adjectives by their own spelling): every inflection of a verb,
        singular and plural of a noun ('accord' never matches 'according', which is in a
        third of news sentences), an adjective as written."""
        irregular = set(self.irregular.get(lemma, ()))
        if pos == "verb":
            return set(_inflections(lemma)) | irregular
        if pos == "noun":
            return _noun_forms([lemma]) | irregular
        return {lemma}

    def trigger_gates(self, trigger: Trigger) -> tuple[frozenset[str], ...]:
        """The word groups a sentence must hold (one word of each) for `trigger` to yield a
        claim in it; () when it can fire on its own."""
        groups = []
        if trigger.requires_prep:
            groups.append(frozenset(w.lower() for w in trigger.requires_prep))
        if trigger.particle:
            groups.append(frozenset({trigger.particle.lower()}))
        if trigger.requires_subject:
            groups.append(_noun_forms(trigger.requires_subject))
        # 'person' is any named person or title: no word list can gate it
        if trigger.requires_object and trigger.requires_object in self.object_classes:
            groups.append(_noun_forms(self.object_classes[trigger.requires_object]))
        return tuple(groups)


def _noun_forms(lemmas: Iterable[str]) -> frozenset[str]:
    """Singular and plural spellings of nouns."""
    forms = set()
    for lemma in lemmas:
        lemma = lemma.lower()
        forms.add(lemma)
        if lemma.endswith("y") and lemma[-2:-1] not in _VOWELS:
            forms.add(lemma[:-1] + "ies")
        elif re.search(r"(s|sh|ch|x|z)$", lemma):
            forms.add(lemma + "es")
        else:
            forms.add(lemma + "s")
        forms.add(lemma + "s")   # 'talks' from 'talk', and the odd spaCy plural
    return frozenset(forms)


def _words(surface: str) -> tuple[str, ...]:
    return tuple(surface.lower().split())


def _merge(into: dict, new: dict) -> None:
    for key, value in new.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        elif isinstance(value, list) and isinstance(into.get(key), list):
            into[key] = into[key] + [v for v in value if v not in into[key]]
        else:
            into[key] = value


_VOWELS = set("aeiou")


def _inflections(lemma: str) -> Iterable[str]:
    yield lemma
    if lemma.endswith("e"):
        stem = lemma[:-1]
        yield from (lemma + "s", lemma + "d", stem + "ing")
    elif lemma.endswith("y") and lemma[-2:-1] not in _VOWELS:
        stem = lemma[:-1]
        yield from (stem + "ies", stem + "ied", lemma + "ing")
    else:
        suffix_s = "es" if re.search(r"(s|sh|ch|x|z)$", lemma) else "s"
        yield from (lemma + suffix_s, lemma + "ed", lemma + "ing")
        # consonant doubling: ship -> shipped, plan -> planned
        if len(lemma) >= 3 and lemma[-1] not in _VOWELS | {"w", "x", "y"} and lemma[-2] in _VOWELS \
                and lemma[-3] not in _VOWELS:
            yield from (lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing")
