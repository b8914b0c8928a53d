"""Entity resolution: mentions of states, organisations, people, places and source groups in text
→ `records.Entity` with a stable id (`country:PRK`, `org:nhk`, `person:kim-jong-un`,
`group:south-korean-lawmakers`).

The knowledge is data in `knowledge/gazetteer/*.yaml` (format in its README.md). One Aho-Corasick
automaton (pyahocorasick) is built once over every alias, on a lowercased, length-preserving
normalisation of the text (dashes → space, curly quotes → ', accents dropped), so one pass finds
all candidates; case is then checked per alias (abbreviations exactly: "US" never matches "us";
names need their capitals: "Turkey" never matches "turkey"), word boundaries are checked, and the
longest candidates win. What no library does for us, and is written here: composing source groups
and generic institutions from parts ("South Korean" + "lawmakers", "Russia's" + "defence ministry"),
choosing between rival readings of an ambiguous name, and the in-document surname rule.
"""
from __future__ import annotations

import bisect
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import ahocorasick

from newsledger.knowledge import knowledge_path, parse_yaml
from newsledger.records import Entity

GAZETTEER_DIR = knowledge_path("gazetteer")
BUNDLED_FILES = ("countries.yaml", "organizations.yaml", "companies.yaml", "people.yaml", "places.yaml",
                 "groups.yaml", "blockers.yaml", "non_actors.yaml", "contextual.yaml")
NON_ACTOR_KINDS = ("weapons", "exercises", "products")   # names of things no NER entity may take
ENV_EXTRA = "NEWSLEDGER_GAZETTEER"   # extra gazetteer files, os.pathsep-separated

NER_TYPES = {"PERSON": "person", "ORG": "organization", "GPE": "place", "LOC": "place", "FAC": "place",
             "NORP": "group"}
ID_PREFIX = {"person": "person", "organization": "org", "place": "place", "group": "group",
             "country": "country"}

# --- normalisation ---------------------------------------------------------------------------

def _build_fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0xC0, 0x250):
        base = unicodedata.normalize("NFD", chr(code))[0]
        if base.isascii() and base.isalpha():
            table[code] = base.lower()
    for ch in "-\u2010\u2011\u2012\u2013\u2014\u2212\n\t\r\u00a0\u2009\u202f\u2007\f\v":
        table[ord(ch)] = " "
    for ch in "\u2019\u2018\u02bc\u02bb`\u00b4":
        table[ord(ch)] = "'"
    table[ord("ß")] = "s"  # keeps the length (one char for one char)
    return table


_FOLD = _build_fold_table()


def fold(text: str) -> str:
    """Lowercase, dashes/newlines to spaces, curly quotes to ', accents off: same length as `text`
    so offsets found in the folded text are offsets in the original."""
    low = text.lower()
    if len(low) != len(text):  # a few characters ("İ") lowercase to two: fold one by one
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return low.translate(_FOLD)


def slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "x"


_ABBREV_TOKEN = re.compile(r"^(?:[A-Z]\.){2,}$|^[A-Z][A-Z0-9&/]+$")
_WORD = re.compile(r"[^\s\-]+")


def _upper_positions(alias: str) -> tuple[tuple[int, bool], ...]:
    """Positions that must be uppercase in the surface: every letter of an abbreviation token
    ("US", "U.S.", "DPRK") and the first letter of each capitalised word. The flag says the
    position may be lowercase after a hyphen in the surface ("Kim Jong-un" for "Kim Jong Un")."""
    out: list[tuple[int, bool]] = []
    for m in re.finditer(r"\S+", alias):
        token = m.group()
        if _ABBREV_TOKEN.match(token) and sum(c.isalpha() for c in token) >= 2:
            out.extend((m.start() + i, False) for i, c in enumerate(token) if c.isupper())
            continue
        for w in _WORD.finditer(token):
            if w.group()[0].isupper():
                out.append((m.start() + w.start(), True))
    return tuple(out)


def _is_abbreviation(alias: str) -> bool:
    return all(_ABBREV_TOKEN.match(t) for t in alias.split()) and sum(c.isalpha() for c in alias) >= 2


# --- public records ------------------------------------------------------------------------------

@dataclass
class Mention:
    start: int
    end: int
    text: str
    entity: Entity
    via: str   # name, abbreviation, demonym, capital, seat, group, alias, ner


@dataclass
class _Variant:
    """One alias spelling behind an automaton key, with what it can be."""
    alias: str
    upper: tuple[tuple[int, bool], ...]
    entities: list[tuple[str, str, bool]] = field(default_factory=list)  # (entity id, via, only after full name)
    ambiguous: bool = False       # a capitalised neighbour vetoes it ("Michael Jordan")
    head: str | None = None       # group head, canonical form
    weak_head: bool = False
    org_head: str | None = None   # generic institution key
    qualifier: bool = False
    blocker: bool = False
    abbrev: bool = False
    thing: str | None = None      # a weapon, exercise or product name (non_actors.yaml)


@dataclass
class _Hit:
    start: int
    end: int
    variants: list[_Variant]

    @property
    def entities(self) -> list[tuple[str, str, bool]]:
        return [e for v in self.variants for e in v.entities]

    def any(self, attr: str) -> Any:
        for v in self.variants:
            if getattr(v, attr):
                return getattr(v, attr)
        return None


# --- the resolver ------------------------------------------------------------------------------

class EntityResolver:
    """Finds and resolves entity mentions. Build once (`EntityResolver.default()`), reuse."""

    def __init__(self, extra_paths: Sequence[str | Path] = ()):
        self.entities: dict[str, Entity] = {}
        self.meta: dict[str, dict[str, Any]] = {}   # id -> kind, qualifier, ...
        self.fills: dict[tuple[str, str], str] = {}  # (iso3, generic key) -> entity id
        self.generic: dict[str, dict[str, Any]] = {}
        self.org_words: set[str] = set()
        self.office_words: set[str] = set()
        self.determiners: set[str] = set()
        self.head_names: dict[str, str] = {}
        self._variants: dict[str, list[_Variant]] = {}
        self._dynamic: dict[str, Entity] = {}
        self._surface_index: dict[str, str] = {}  # folded full name -> person id (fuzzy fallback)
        self.context_of: dict[tuple[str, str], frozenset[str]] = {}  # (folded alias, id) -> ids it needs
        data = self._read([GAZETTEER_DIR / f for f in BUNDLED_FILES] + [Path(p) for p in extra_paths])
        self._load(data)
        for entity_id, meta in self.meta.items():
            body = meta.get("acts_for")
            if body and (body not in self.entities or self.entities[body].type != "organization"):
                raise ValueError(f"gazetteer: {entity_id} acts_for {body!r}, which is no organisation of the gazetteer")
        self._automaton = ahocorasick.Automaton()
        for key, variants in self._variants.items():
            self._automaton.add_word(key, (key, variants))
        self._automaton.make_automaton()
        self._people_keys = list(self._surface_index)

    @classmethod
    def default(cls) -> EntityResolver:
        """The resolver over the bundled gazetteer plus files named in $NEWSLEDGER_GAZETTEER."""
        extra = tuple(p for p in os.environ.get(ENV_EXTRA, "").split(os.pathsep) if p)
        return _default(extra)

    # -- loading ------------------------------------------------------------------------------

    @staticmethod
    def _read(paths: Iterable[Path]) -> dict[str, list]:
        merged: dict[str, list] = {}
        for path in paths:
            raw = parse_yaml(Path(path).read_text(encoding="utf-8")) or {}
            if not isinstance(raw, dict):
                raise ValueError(f"{path}: a gazetteer file is a mapping (see gazetteer/README.md)")
            for key, value in raw.items():
                merged.setdefault(key, []).extend(value or [])
        return merged

    def _add_entity(self, entity: Entity, meta: dict[str, Any]) -> Entity:
        old = self.entities.get(entity.id)
        if old is not None:  # a later file refines an entry: given fields win
            for f in ("name", "type", "iso3", "wikidata", "country", "role"):
                if getattr(entity, f) is None:
                    setattr(entity, f, getattr(old, f))
            meta = {**self.meta.get(entity.id, {}), **meta}
        self.entities[entity.id] = entity
        self.meta[entity.id] = meta
        return entity

    def _variant(self, alias: str) -> _Variant:
        alias = " ".join(str(alias).split())
        key = fold(alias)
        for v in self._variants.setdefault(key, []):
            if v.alias == alias:
                return v
        v = _Variant(alias, _upper_positions(alias), abbrev=_is_abbreviation(alias))
        self._variants[key].append(v)
        return v

    def _alias(self, alias: str, entity_id: str, via: str, *, doc_only: bool = False,
               ambiguous: bool = False) -> None:
        if not alias:
            return
        v = self._variant(alias)
        if via in ("name", "alias") and v.abbrev:
            via = "abbreviation"
        if all(e[0] != entity_id for e in v.entities):
            v.entities.append((entity_id, via, doc_only))
        v.ambiguous = v.ambiguous or ambiguous

    def _load(self, data: dict[str, list]) -> None:
        for c in data.get("countries", []):
            iso3 = c["iso3"]
            eid = f"country:{iso3}"
            self._add_entity(Entity(id=eid, name=c["name"], type="country", iso3=iso3,
                                    wikidata=c.get("wikidata")),
                             {"qualifier": c.get("qualifier") or c["name"]})
            amb = set(c.get("ambiguous") or [])
            for via, names in (("name", [c["name"], *c.get("aliases", [])]), ("demonym", c.get("demonyms", [])),
                               ("capital", c.get("capitals", [])), ("seat", c.get("seats", []))):
                for name in names:
                    self._alias(name, eid, via, ambiguous=name in amb)
                    # people of the state act for it too: "Russians", "Iraqis"
                    if via == "demonym" and name[-1] in "ni" and " " not in name:
                        self._alias(name + "s", eid, via, ambiguous=name in amb)
        for o in data.get("organizations", []):
            eid = o.get("id") or f"org:{slug(o['name'])}"
            self._add_entity(Entity(id=eid, name=o["name"], type="organization", country=o.get("country"),
                                    wikidata=o.get("wikidata")), {"kind": o.get("kind")})
            # `match_name: false`: the canonical name is too loose to find in text ("West" in
            # "West Africa"); only the aliases ("the West") name it
            names = [o["name"]] if o.get("match_name", True) else []
            amb = set(o.get("ambiguous") or [])   # vetoed next to a capitalised word ("the West Midlands")
            for name in [*names, *(o.get("aliases") or [])]:
                self._alias(name, eid, "name" if name == o["name"] else "alias", ambiguous=name in amb)
            for key in o.get("fills") or []:
                if o.get("country"):
                    self.fills[(o["country"], key)] = eid
        for p in data.get("people", []):
            eid = p.get("id") or f"person:{slug(p['name'])}"
            # `acts_for`: the international body the person heads or speaks for (a NATO
            # secretary general acts for NATO, not for the state of his passport)
            self._add_entity(Entity(id=eid, name=p["name"], type="person", country=p.get("country"),
                                    role=p.get("role"), wikidata=p.get("wikidata")),
                             {"acts_for": p["acts_for"]} if p.get("acts_for") else {})
            for name in [p["name"], *(p.get("aliases") or [])]:
                self._alias(name, eid, "name" if name == p["name"] else "alias")
                self._surface_index[fold(name)] = eid
            for name in p.get("short") or []:
                self._alias(name, eid, "alias")
            for name in p.get("short_in_doc") or []:
                self._alias(name, eid, "alias", doc_only=True)
        for pl in data.get("places", []):
            eid = pl.get("id") or f"place:{slug(pl['name'])}"
            self._add_entity(Entity(id=eid, name=pl["name"], type="place", country=pl.get("country"),
                                    wikidata=pl.get("wikidata")), {})
            for name in [pl["name"], *(pl.get("aliases") or [])]:
                self._alias(name, eid, "name" if name == pl["name"] else "alias")
        for g in data.get("groups", []):
            for name in [g["name"], *(g.get("aliases") or [])]:
                v = self._variant(name)
                v.head = g["name"]
                self.head_names[fold(name)] = g["name"]
        weak = {fold(w) for w in data.get("weak_heads", [])}
        for h in data.get("heads", []) + data.get("weak_heads", []):
            v = self._variant(h)
            v.head = v.head or self.head_names.get(fold(h)) or h
            v.weak_head = fold(h) in weak
        for q in data.get("qualifiers", []):
            self._variant(q).qualifier = True
        self.determiners |= {fold(d) for d in data.get("determiners", [])}
        for g in data.get("generic", []):
            self.generic[g["key"]] = g
            for h in g.get("heads") or []:
                self._variant(h).org_head = g["key"]
        self.org_words |= set(data.get("org_words", []))
        self.office_words |= set(data.get("office_words", []))
        for b in data.get("blockers", []):
            self._variant(b).blocker = True
        for kind in NON_ACTOR_KINDS:
            for name in data.get(kind, []):
                v = self._variant(name)
                v.blocker = True
                v.thing = kind
        for c in data.get("contextual", []):
            if not isinstance(c, dict) or not {"alias", "entity", "context"} <= set(c):
                raise ValueError(f"gazetteer: a contextual entry needs alias, entity and context: {c!r}")
            self._alias(c["alias"], c["entity"], "context", ambiguous=True)
            self.context_of[(fold(" ".join(c["alias"].split())), c["entity"])] = frozenset(c["context"])

    # -- public lookups -----------------------------------------------------------------------

    def by_id(self, entity_id: str) -> Entity | None:
        entity = self.entities.get(entity_id) or self._dynamic.get(entity_id)
        return replace(entity) if entity else None

    def acts_for(self, entity: Entity | None) -> Entity | None:
        """The body a person acts for when it is not a state (gazetteer `acts_for`), else None."""
        body = self.meta.get(entity.id, {}).get("acts_for") if entity else None
        return self.by_id(body) if body else None

    def is_outlet(self, entity: Entity | None) -> bool:
        return entity is not None and self.meta.get(entity.id, {}).get("kind") == "outlet"

    def kind(self, entity: Entity | None) -> str | None:
        """The data's `kind` of an organisation (outlet, intelligence, ministry, ...)."""
        return self.meta.get(entity.id, {}).get("kind") if entity else None

    def resolve(self, surface: str) -> Entity | None:
        """A single name or phrase → its entity, or None ("the DPRK", "Shoigu", "US officials")."""
        text = " ".join((surface or "").split())
        text = re.sub(r"['’ʼ]s?$", "", text).strip(" ,;:")
        if not text:
            return None
        for m in self.find(text):
            lead = text[:m.start]
            if m.end >= len(text.rstrip(".")) and (not lead or all(
                    fold(w) in self.determiners or fold(w) == "the" for w in lead.split())):
                return m.entity
        text = re.sub(r"^(?:the|The|THE)\s+", "", text)
        # names typed without their capitals ("north korea"); abbreviations stay exact
        for v in self._variants.get(fold(text), []):
            ents = [e for e in v.entities if not e[2]]
            if ents and not v.abbrev:
                return self.by_id(ents[0][0])
        person = self._fuzzy_person(text)
        return self.by_id(person) if person else None

    def _fuzzy_person(self, text: str) -> str | None:
        if len(text.split()) < 2 or not self._people_keys:
            return None
        from rapidfuzz import fuzz, process
        best = process.extractOne(fold(text), self._people_keys, scorer=fuzz.ratio, score_cutoff=88)
        return self._surface_index[best[0]] if best else None

    # -- finding ------------------------------------------------------------------------------

    def find(self, text: str, *, doc: Any = None) -> list[Mention]:
        """Every mention in `text`, in order. With a spaCy `doc` of the same text, names the base
        does not know are added from its NER, and a known alias inside a longer PERSON name
        ("Jordan" in "Michael Jordan") is dropped."""
        if not text:
            return []
        hits = self._select(text, self._candidates(text))
        person_spans = []
        if doc is not None:
            person_spans = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "PERSON"]
            if person_spans:
                hits = [h for h in hits if not self._inside_longer(h, person_spans)]
        mentions = self._compose(text, hits)
        mentions = self._doc_rules(text, mentions)
        if doc is not None:
            things = [(h.start, h.end) for h in hits if h.any("thing")]
            mentions = self._add_ner(text, doc, mentions, things)
        if len(self._dynamic) > 50_000:
            self._dynamic.clear()   # names seen in passing: keep memory flat over long runs
        for m in mentions:
            if m.entity.id not in self.entities:
                self._dynamic.setdefault(m.entity.id, replace(m.entity, text=None))
        return mentions

    @staticmethod
    def _inside_longer(hit: _Hit, spans: list[tuple[int, int]]) -> bool:
        types = {e[0].split(":")[0] for e in hit.entities}
        if not types or types & {"person"}:
            return False
        return any(s <= hit.start and hit.end <= e and (e - s) > (hit.end - hit.start) for s, e in spans)

    def _candidates(self, text: str) -> list[_Hit]:
        folded = fold(text)
        n = len(text)
        hits: list[_Hit] = []
        for end, (key, variants) in self._automaton.iter(folded):
            start = end - len(key) + 1
            end += 1
            # "ʼ" (U+02BC) is a letter to Python but an apostrophe in "Russiaʼs"
            if (start > 0 and text[start - 1].isalnum() and text[start - 1] not in "ʼʻ") or \
                    (end < n and text[end].isalnum() and text[end] not in "ʼʻ"):
                continue
            surface = text[start:end]
            ok = [v for v in variants if self._case_ok(v, surface)]
            if not ok:
                continue
            ok = [v for v in ok if not (v.ambiguous and self._neighbour_veto(text, start, end))]
            if not ok:
                continue
            if any(v.abbrev for v in ok) and self._shouting(text, start, end):
                ok = [v for v in ok if not v.abbrev]
                if not ok:
                    continue
            hits.append(_Hit(start, end, ok))
        return hits

    @staticmethod
    def _case_ok(v: _Variant, surface: str) -> bool:
        for pos, after_hyphen_ok in v.upper:
            if pos >= len(surface):
                return False
            ch = surface[pos]
            if ch.isupper():
                continue
            if after_hyphen_ok and pos > 0 and surface[pos - 1] in "-\u2010\u2011":
                continue
            return False
        return True

    @staticmethod
    def _neighbour_veto(text: str, start: int, end: int) -> bool:
        """A name that is also a first name or a US state is vetoed next to a capitalised word
        ("Michael Jordan", "Georgia Tech"); function words at a sentence start do not count."""
        from spacy.lang.en.stop_words import STOP_WORDS
        after = re.match(r" ([A-Z][\w'’]*)", text[end:end + 40])
        if after and after.group(1).lower() not in STOP_WORDS:
            return True
        before = re.search(r"([A-Z][\w'’]*) $", text[max(0, start - 40):start])
        return bool(before and before.group(1).lower() not in STOP_WORDS)

    @staticmethod
    def _shouting(text: str, start: int, end: int) -> bool:
        """An all-capitals headline: there "US" may be the pronoun."""
        window = text[max(0, start - 30):min(len(text), end + 30)]
        letters = [c for c in window if c.isalpha()]
        return len(letters) > (end - start) + 8 and not any(c.islower() for c in letters)

    @staticmethod
    def _select(text: str, hits: list[_Hit]) -> list[_Hit]:
        """Longest first, no overlaps; then in text order."""
        taken = bytearray(len(text) + 1)
        chosen = []
        for h in sorted(hits, key=lambda h: (h.start - h.end, h.start)):
            if taken.find(1, h.start, h.end) != -1:
                continue
            taken[h.start:h.end] = b"\x01" * (h.end - h.start)
            chosen.append(h)
        chosen.sort(key=lambda h: h.start)
        return chosen

    # -- composition: groups and generic institutions -----------------------------------------

    def _qualifier_entity(self, hit: _Hit) -> Entity | None:
        """A country or organisation that can qualify a following head."""
        for eid, via, doc_only in hit.entities:
            if doc_only or via == "context":
                continue
            ent = self.entities.get(eid)
            if ent and ent.type in ("country", "organization"):
                return ent
        return None

    def _compose(self, text: str, hits: list[_Hit]) -> list[Mention]:
        out: list[Mention] = []
        i = 0
        n = len(hits)
        while i < n:
            composed = self._try_compose(text, hits, i)
            if composed is not None:
                mention, nxt = composed
                if mention is not None:
                    out.append(mention)
                i = nxt
                continue
            h = hits[i]
            if h.entities and not h.any("blocker"):
                out.append(self._plain(text, h, hits))
            i += 1
        return out

    def _adjacent(self, text: str, a: _Hit, b: _Hit, *, possessive_ok: bool) -> bool:
        gap = text[a.end:b.start]
        if gap == " ":
            return True
        return possessive_ok and gap in ("'s ", "’s ", "' ", "ʼs ", "’ ")

    def _try_compose(self, text: str, hits: list[_Hit], i: int) -> tuple[Mention | None, int] | None:
        """From hits[i]: [qualifier...] [country/org ['s]] [qualifier...] head, or head of/in country."""
        parts: list[tuple[str, _Hit]] = []   # ("qual"|"ent", hit)
        qual_ent: Entity | None = None
        j = i
        n = len(hits)
        while j < n:
            h = hits[j]
            if parts and not self._adjacent(text, parts[-1][1], h, possessive_ok=parts[-1][0] == "ent"):
                break
            is_head = h.any("head") or h.any("org_head")
            nxt_adjacent = j + 1 < n and self._adjacent(text, h, hits[j + 1], possessive_ok=True)
            nxt_headish = nxt_adjacent and (hits[j + 1].any("head") or hits[j + 1].any("org_head")
                                            or hits[j + 1].any("qualifier"))
            if is_head and not (nxt_headish and (h.any("qualifier") or not h.entities)):
                return self._build(text, hits, i, j, parts, qual_ent)
            if h.any("qualifier") and not h.entities:
                parts.append(("qual", h))
            elif qual_ent is None and (ent := self._qualifier_entity(h)) is not None:
                qual_ent = ent
                parts.append(("ent", h))
            elif h.any("qualifier"):
                parts.append(("qual", h))
            else:
                break
            j += 1
        return None

    def _build(self, text: str, hits: list[_Hit], i: int, j: int, parts: list[tuple[str, _Hit]],
               qual_ent: Entity | None) -> tuple[Mention | None, int] | None:
        head = hits[j]
        start = hits[i].start if parts else head.start
        end = head.end
        nxt = j + 1
        # "Kremlin spokesman Dmitry Peskov": a title before a name, not a group
        if nxt < len(hits) and self._adjacent(text, head, hits[nxt], possessive_ok=False) and \
                any(e[0].startswith("person:") for e in hits[nxt].entities):
            return None
        post_country: Entity | None = None
        if qual_ent is None and nxt < len(hits):
            gap = text[head.end:hits[nxt].start]
            cand = self._qualifier_entity(hits[nxt])
            if cand is not None and cand.type == "country":
                after = text[hits[nxt].end:hits[nxt].end + 6]
                if head.any("org_head") and re.fullmatch(r" of (?:the )?", gap):
                    post_country, end, nxt = cand, hits[nxt].end, nxt + 1
                elif head.any("head") and re.fullmatch(r" (?:in|from) (?:the )?", gap) and \
                        not re.match(r"(?: and |, | or )", after):
                    post_country, end, nxt = cand, hits[nxt].end, nxt + 1
        country = qual_ent or post_country
        org_key = head.any("org_head")
        group_head = head.any("head")
        surface = text[start:end]
        if org_key and country is not None and country.type == "country":
            return self._generic_org(org_key, country, start, end, surface), nxt
        if org_key and not group_head:
            if head.entities:        # "Security Council" alone: the entity it names
                return None
            if parts:                # "senior military" etc.: leave the parts to plain mentions
                return None
            return (None, j + 1)     # "the defence ministry" alone says nothing about whose
        if not group_head:
            return None
        if head.any("weak_head") and not parts and country is None:
            before = re.search(r"(\w+) $", text[max(0, start - 20):start])
            if not (before and fold(before.group(1)) in self.determiners):
                return (None, j + 1) if not head.entities else None
        words = []
        for kind, h in parts:
            if kind == "ent":
                ent = self._qualifier_entity(h)
                words.append(self._qualifier_word(ent, text[h.start:h.end]))
            else:
                words.append(next(v.alias for v in h.variants if v.qualifier))
        if post_country is not None:
            words.append(self._qualifier_word(post_country, ""))
        words.append(group_head)
        name = " ".join(words)
        iso3 = None
        if country is not None:
            iso3 = country.iso3 if country.type == "country" else country.country
        ent = Entity(id=f"group:{slug(name)}", name=name, type="group", text=surface, country=iso3)
        return Mention(start, end, surface, ent, "group"), nxt

    def _qualifier_word(self, ent: Entity, surface: str) -> str:
        if ent.type == "country":
            return self.meta.get(ent.id, {}).get("qualifier") or ent.name
        return re.sub(r"['’ʼ]s$", "", surface)

    def _generic_org(self, key: str, country: Entity, start: int, end: int, surface: str) -> Mention:
        spec = self.generic.get(key, {})
        if spec.get("resolves_to") == "country":
            return Mention(start, end, surface, replace(country, text=surface), "alias")
        eid = self.fills.get((country.iso3, key))
        if eid:
            return Mention(start, end, surface, replace(self.entities[eid], text=surface), "alias")
        name = spec.get("template", "{country} " + key).format(country=country.name)
        ent = Entity(id=f"org:{country.iso3.lower()}-{key}", name=name, type="organization", text=surface,
                     country=country.iso3)
        # a body of the state's government (its ministry, army, intelligence service)
        self.meta.setdefault(ent.id, {"kind": spec.get("kind", "government")})
        return Mention(start, end, surface, ent, "alias")

    # -- plain mentions, ambiguity, in-document rules ------------------------------------------

    def _plain(self, text: str, h: _Hit, hits: list[_Hit]) -> Mention:
        cands = h.entities
        if len({c[0] for c in cands}) > 1:
            cands = self._rank(text, h, cands, hits)
        eid, via, doc_only = cands[0]
        surface = text[h.start:h.end]
        m = Mention(h.start, h.end, surface, replace(self.entities[eid], text=surface), via)
        m._doc_only = doc_only  # type: ignore[attr-defined]
        return m

    def _rank(self, text: str, h: _Hit, cands: list[tuple[str, str, bool]],
              hits: list[_Hit]) -> list[tuple[str, str, bool]]:
        """Rival readings ("Georgia": the state or the US state; "Joint Chiefs of Staff"): the one
        whose country the rest of the text mentions most; "Atlanta, Georgia" reads as a place."""
        counts: Counter[str] = Counter()
        for other in hits:
            ids = {e[0] for e in other.entities}
            if other is h or len(ids) != 1:
                continue
            ent = self.entities.get(next(iter(ids)))
            if ent is not None:
                counts[ent.iso3 or ent.country or ""] += 1
        city_state = re.search(r"[A-Z][\w.]+, $", text[max(0, h.start - 30):h.start]) is not None

        def score(c: tuple[str, str, bool]) -> tuple[int, int]:
            ent = self.entities[c[0]]
            place_bonus = 1 if (city_state and ent.type == "place") else 0
            return (place_bonus, counts.get(ent.iso3 or ent.country or "", 0))

        order = {c: k for k, c in enumerate(cands)}
        return sorted(cands, key=lambda c: (tuple(-x for x in score(c)), order[c]))

    def _doc_rules(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """Short forms marked `short_in_doc` ("Austin", "Yoon") stand only after the full name;
        contextual names ("the North") only in an article naming one of their context entities."""
        named = {m.entity.id for m in mentions if m.via != "context"}
        # "the South and East China Seas": a capitalised name after a conjunction vetoes too
        mentions = [m for m in mentions if m.via != "context" or (
                    self.context_of.get((fold(m.text), m.entity.id), frozenset()) & named
                    and not re.match(r"\s+(?:and|or|&)\s+[A-Z]", text[m.end:m.end + 12]))]
        seen: set[str] = set()
        out = []
        for m in mentions:
            if getattr(m, "_doc_only", False):
                if m.entity.id not in seen:
                    continue
            else:
                seen.add(m.entity.id)
            out.append(m)
        for m in out:
            m.__dict__.pop("_doc_only", None)
        return out

    # -- unknown names from spaCy --------------------------------------------------------------

    def _add_ner(self, text: str, doc: Any, mentions: list[Mention],
                 things: Sequence[tuple[int, int]] = ()) -> list[Mention]:
        taken = bytearray(len(text) + 1)
        for m in mentions:
            taken[m.start:m.end] = b"\x01" * (m.end - m.start)
        for start, end in things:   # "Grad rockets", "Freedom Edge": no entity at all
            taken[start:end] = b"\x01" * (end - start)
        surnames: dict[str, Entity] = {}
        for m in mentions:
            if m.entity.type == "person":
                surnames.setdefault(m.entity.name.split()[-1], m.entity)
        # people NER names in full somewhere in the article: "Connor" tagged an organisation
        # after "Keith Connor" the person is the same athlete (article-level short forms)
        for ent in doc.ents:
            words = ent.text.split()
            if ent.label_ == "PERSON" and len(words) > 1 and all(w[:1].isupper() for w in words):
                name = " ".join(w for w in words if w.lower() not in ("the", "a"))
                person = Entity(id=f"person:{slug(name)}", name=name, type="person")
                surnames.setdefault(name.split()[-1], person)
                surnames.setdefault(name, person)
        added: list[Mention] = []
        replaced: set[int] = set()
        # mentions near a span, by start: a scan of all of them per entity was quadratic on
        # long articles
        order = sorted(range(len(mentions)), key=lambda k: mentions[k].start)
        starts = [mentions[k].start for k in order]
        longest = max((m.end - m.start for m in mentions), default=0)

        def near(start: int, end: int) -> list[int]:
            lo, hi = bisect.bisect_left(starts, start - longest), bisect.bisect_left(starts, end)
            return sorted(order[i] for i in range(lo, hi))

        for ent in doc.ents:
            etype = NER_TYPES.get(ent.label_)
            if etype is None:
                continue
            start, end = ent.start_char, ent.end_char
            surface = text[start:end]
            # trim determiners and possessives spaCy includes
            lead = re.match(r"(?:the|The|a|an)\s+", surface)
            if lead:
                start += lead.end()
            tail = re.search(r"\s*['’ʼ]s?$", text[start:end])
            if tail:
                end -= len(tail.group())
            surface = text[start:end]
            if not surface or not any(c.isupper() for c in surface) or not any(c.isalpha() for c in surface):
                continue
            if taken.find(1, start, end) != -1:
                close = near(start, end)
                inner = [k for k in close if start <= mentions[k].start and mentions[k].end <= end]
                overlapping = [k for k in close if mentions[k].start < end and start < mentions[k].end]
                words = surface.split()
                if (etype == "organization" and inner and inner == overlapping and len(words) > 1
                        and words[-1] in self.org_words
                        and all(mentions[k].entity.type == "country" for k in inner)):
                    iso3 = mentions[inner[0]].entity.iso3
                    replaced.update(inner)
                    e = Entity(id=f"org:{slug(surface)}", name=surface, type="organization", text=surface,
                               country=iso3)
                    added.append(Mention(start, end, surface, e, "ner"))
                continue
            entity: Entity | None = None
            if etype == "organization" and surface.split()[0] in self.office_words:
                etype = "person"   # 'the Minister of Foreign Affairs': an office, held by a person
            if etype == "person":
                known = self._fuzzy_person(surface)
                if known:
                    entity = replace(self.entities[known], text=surface)
                elif len(surface.split()) == 1 and surface in surnames:
                    entity = replace(surnames[surface], text=surface)
            elif etype in ("organization", "place") and surface in surnames:
                entity = replace(surnames[surface], text=surface)   # a person named elsewhere
            if entity is None:
                name = " ".join(surface.split())
                entity = Entity(id=f"{ID_PREFIX[etype]}:{slug(name)}", name=name, type=etype, text=surface)
                if etype == "person" and len(name.split()) > 1:
                    surnames.setdefault(name.split()[-1], entity)
            taken[start:end] = b"\x01" * (end - start)
            added.append(Mention(start, end, surface, entity, "ner" if entity.id not in self.entities else "alias"))
        kept = [m for k, m in enumerate(mentions) if k not in replaced]
        return sorted(kept + added, key=lambda m: m.start)


def resolve_party(value: str | None) -> str | None:
    """A party as a user names it in a filter: an ISO code, name or entity id as given, or a
    known alias ("DPRK", "ROK", "UK", "the Kremlin") resolved by the gazetteer to its ISO code
    (or entity id), so every alias finds what the canonical name finds."""
    if not value or not value.strip():
        return value
    text = value.strip()
    mentions = [m for m in EntityResolver.default().find(text) if m.start == 0 and m.end >= len(text)]
    if mentions:
        entity = mentions[0].entity
        return entity.iso3 or entity.id
    return value


@lru_cache(maxsize=8)
def _default(extra: tuple[str, ...]) -> EntityResolver:
    return EntityResolver(extra)


def stage_rows(text: str, *, dct: Any = None) -> list[dict]:
    """Rows for `newsledger stage entities FILE`: one per mention (spaCy NER included)."""
    from newsledger.analyze import nlp

    resolver = EntityResolver.default()
    doc = nlp.load()(text)
    rows = []
    for m in resolver.find(text, doc=doc):
        e = m.entity
        rows.append({"start": m.start, "end": m.end, "text": m.text, "id": e.id, "name": e.name,
                     "type": e.type, "iso3": e.iso3, "country": e.country, "wikidata": e.wikidata,
                     "via": m.via})
    return rows
