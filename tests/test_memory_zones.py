"""Memory zones are kept per pipeline: several extractors over the one shared pipeline
(the default one and a collecting one, as tests and training use them) free no word the
other still needs (extract/claims.py _MemoryZones)."""
from __future__ import annotations

import gzip
import itertools
import json

from newsledger.clean import clean
from newsledger.extract import claims as claims_module
from newsledger.extract.claims import ClaimExtractor
from newsledger.records import RawDocument
from conftest import shared_path


def _articles(count: int, skip: int = 0) -> list:
    docs = []
    with gzip.open(shared_path("corpora", "news-bench.jsonl.gz"), "rt", encoding="utf-8") as lines:
        for line in itertools.islice(lines, skip, skip + count):
            row = json.loads(line)
            docs.append(clean(RawDocument(source=row["source"], text=row["text"], title=row.get("title"))))
    return docs


def test_two_extractors_rotating_zones_over_one_pipeline(monkeypatch):
    monkeypatch.setattr(claims_module, "PERMANENT_WORDS", 0)   # zones from the first batch
    monkeypatch.setattr(claims_module, "ZONE_DOCUMENTS", 3)
    for rotation in claims_module._ZONES.values():   # the suite's own zones, closed first
        rotation.stack.close()
        rotation.documents = 0
    zones: dict = {}
    monkeypatch.setattr(claims_module, "_ZONES", zones)
    try:
        _alternate(ClaimExtractor.default(), ClaimExtractor.default().collecting())
    finally:
        # the zones this test opened are closed before the module's registry comes back:
        # a zone left open would nest under the next one (what the registry prevents)
        for rotation in zones.values():
            rotation.stack.close()


def _alternate(default, collecting) -> None:
    docs = _articles(24, skip=1000)
    for number, start in enumerate(range(0, len(docs), 2)):
        (default if number % 2 else collecting).annotate(docs[start:start + 2])
    # one rotation for the pipeline both use (spaCy's zones must not nest)
    assert len(claims_module._ZONES) == 1
    # words parsed outside any extractor between the rotations, then again inside: no
    # string of a freed zone is read (KeyError E018 when zones nested)
    from newsledger.analyze import nlp as nlp_module
    again = _articles(6, skip=2000)
    [nlp_module.load()(d.text[:2000]) for d in again]
    for start in range(0, len(again), 2):
        (default if start % 4 else collecting).annotate(again[start:start + 2])
    [nlp_module.load()(d.text[:2000]) for d in again]
    assert all(isinstance(d.claims, list) for d in again)
