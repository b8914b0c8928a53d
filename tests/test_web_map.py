"""The map page, the overview graph's filters, the timeline's weekly counts, search narrowed by
claim filters, the typed OpenAPI schema and the vendored Swagger UI: over the sample store (the
seeds plus newsledger.web.sample) and over a store of real news-bench articles."""
from __future__ import annotations

import gzip
import json
import re
import warnings

import pytest

warnings.filterwarnings("ignore", message=".*httpx.*")
from fastapi.testclient import TestClient  # noqa: E402

from conftest import shared_path  # noqa: E402
from newsledger.web import create_app, geo  # noqa: E402
from newsledger.web.sample import build_sample_store  # noqa: E402

BENCH_ARTICLES = 40


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    return TestClient(create_app(build_sample_store(tmp_path_factory.mktemp("webmap"))))


@pytest.fixture(scope="module")
def bench_client(tmp_path_factory):
    """A store of the first real Ukraine-war articles of news-bench (none reserved)."""
    corpus = shared_path("corpora", "news-bench.jsonl.gz")
    reserved = {line.strip() for line in shared_path("corpora", "RESERVED.txt").read_text().splitlines()
                if line.strip() and not line.startswith("#")}
    with gzip.open(corpus, "rt", encoding="utf-8") as f:
        every = [json.loads(line) for line in f]
    reserved_texts = {r["text"].strip() for r in every if r["id"] in reserved}   # verbatim copies too
    rows = [r for r in every if r["id"].startswith("ukr/") and r["id"] not in reserved
            and r["text"].strip() not in reserved_texts][:BENCH_ARTICLES]
    work = tmp_path_factory.mktemp("webmap-bench")
    (work / "articles.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    from newsledger.pipeline import ingest
    from newsledger.store.sqlite import SQLiteStore
    store = SQLiteStore(work / "newsledger.db")
    try:
        ingest([str(work / "articles.jsonl")], store)
    finally:
        store.close()
    return TestClient(create_app(work / "newsledger.db"))


def _point(points: list[dict], place: str) -> dict:
    found = [p for p in points if p["place"] == place]
    assert found, f"no point at {place}: {[p['place'] for p in points]}"
    return max(found, key=lambda p: p["claims"])


# ------------------------------------------------------------------------------- map

def test_map_places_the_seeds_claims_in_their_states(client):
    d = client.get("/map.json").json()
    assert d["claims"] >= 10 and d["places"] >= 3
    # (place, latitude range, longitude range): each state's dot inside the state.
    for place, (lat0, lat1), (lon0, lon1) in (("country:RUS", (50, 70), (40, 140)),
                                              ("country:UKR", (44, 53), (22, 41)),
                                              ("country:PRK", (37, 43), (124, 131))):
        p = _point(d["points"], place)
        assert lat0 <= p["lat"] <= lat1 and lon0 <= p["lon"] <= lon1, p
        assert p["basis"] == "state centroid"
    assert {p["kind"] for p in d["points"]} <= set(d["kinds"])


def test_a_city_or_region_is_placed_by_geonames():
    # Kursk region (the seeds' North Korean deployment) sits at Kursk, not at Russia's centroid.
    spot = geo.locate("place:kursk-region", "Kursk region", "place", None)
    assert spot is not None and spot.basis == "city (GeoNames)"
    assert abs(spot.lat - 51.7) < 0.3 and abs(spot.lon - 36.2) < 0.3
    assert geo.locate("country:PRK", "North Korea", "country", "PRK").basis == "state centroid"
    # A region of no one state and no GeoNames entry is left off the map (and counted).
    assert geo.locate("place:eastern-europe", "Eastern Europe", "place", None) is None


def test_map_filters_by_kind_actor_and_time(client):
    every = client.get("/map.json").json()
    transfers = client.get("/map.json", params={"kind": "transfer"}).json()
    assert transfers["points"] and all(p["kind"] == "transfer" for p in transfers["points"])
    assert transfers["claims"] < every["claims"]
    by_prk = client.get("/map.json", params={"actor": "North Korea"}).json()
    assert 0 < by_prk["claims"] < every["claims"]
    assert client.get("/map.json", params={"actor": "DPRK"}).json()["claims"] == by_prk["claims"]   # aliases
    dated = client.get("/map.json", params={"since": "2025-01", "until": "2025-12"}).json()
    assert all("2025-01-01" <= p["first"] and p["last"] <= "2025-12-31" for p in dated["points"])
    assert client.get("/map.json", params={"since": "2030"}).json()["points"] == []
    assert client.get("/map.json", params={"since": "2025-13"}).status_code == 400


def test_each_point_links_to_its_claims(client):
    d = client.get("/map.json", params={"kind": "transfer"}).json()
    p = _point(d["points"], "country:RUS")
    page = client.get("/map", params={"kind": "transfer"})
    assert page.status_code == 200 and 'id="map"' in page.text
    assert "/map/place/country%3ARUS?kind=transfer" in page.text
    claims = client.get("/map/place/country:RUS.json", params={"kind": "transfer"}).json()
    assert claims["total"] == p["claims"] and len(claims["claims"]) == p["claims"]
    for c in claims["claims"]:
        assert c["kind"] == "transfer"
        assert (c["location"] or {}).get("iso3") == "RUS" or (c["recipient"] or {}).get("iso3") == "RUS"
    html = client.get("/map/place/country:RUS", params={"kind": "transfer"}).text
    assert all(f'/document/{c["doc_id"]}#claim-{c["id"]}' in html for c in claims["claims"])
    assert client.get("/map/place/country:XXX.json").status_code == 404


def test_map_over_real_news_bench_articles(bench_client):
    d = bench_client.get("/map.json").json()
    assert d["places"] >= 3 and d["claims"] >= 10
    ukraine = _point(d["points"], "country:UKR")
    assert 44 <= ukraine["lat"] <= 53
    page = bench_client.get("/map")
    assert page.status_code == 200 and page.text.count("/map/place/") >= 3


# ------------------------------------------------------------------------------- overview, timeline, search

def test_overview_graph_keeps_the_top_flows_by_origins(client):
    full = client.get("/.json").json()["graph"]
    origins = [e["origins"] for e in full["edges"]]
    assert origins == sorted(origins, reverse=True)
    top2 = client.get("/.json", params={"top": 2}).json()["graph"]
    assert [e["id"] for e in top2["edges"]] == [e["id"] for e in full["edges"][:2]]
    assert {n["id"] for n in top2["nodes"]} == {e[k] for e in top2["edges"] for k in ("actor_id", "recipient_id")}
    transfers = client.get("/.json", params={"kind": "transfer"}).json()["graph"]
    assert transfers["edges"] and all("transfer" in e["kinds"] for e in transfers["edges"])
    assert all(isinstance(n["cluster"], int) for n in full["nodes"])
    late = client.get("/.json", params={"since": "2025-04"}).json()["graph"]
    assert all(e["last"] >= "2025-04-01" for e in late["edges"])
    assert client.get("/", params={"kind": "transfer", "top": 5}).status_code == 200
    assert client.get("/.json", params={"top": 0}).status_code == 422


def test_timeline_counts_facts_per_week_by_kind(client):
    d = client.get("/timeline.json", params={"limit": 5}).json()
    weekly = d["per_week"]
    assert sum(sum(v) for v in weekly["counts"].values()) == d["total"]   # every match, not the page
    import datetime as dt
    assert all(dt.date.fromisoformat(w).weekday() == 0 for w in weekly["weeks"])
    assert weekly["weeks"] == sorted(weekly["weeks"])
    deploys = client.get("/timeline.json", params={"kind": "deploy"}).json()["per_week"]
    assert list(deploys["counts"]) == ["deploy"]
    page = client.get("/timeline").text
    assert 'id="weeks"' in page and "/static/js/timeline.js" in page


def test_claim_filters_narrow_the_documents(client):
    text_only = client.get("/search.json", params={"q": "Korea"}).json()["documents"]
    narrowed = client.get("/search.json", params={"q": "Korea", "kind": "deploy"}).json()
    assert narrowed["documents"] and len(narrowed["documents"]) < len(text_only)
    docs_with_deploy = {c["doc_id"] for c in client.get("/search.json", params={"kind": "deploy", "limit": 1000}).json()["claims"]}
    for d in narrowed["documents"]:
        assert d["matching_claims"] >= 1 and d["id"] in docs_with_deploy
    assert {c["doc_id"] for c in narrowed["claims"]} <= {d["id"] for d in narrowed["documents"]}
    by_filters = client.get("/search.json", params={"kind": "deploy"}).json()["documents"]
    assert by_filters and all(d["matching_claims"] >= 1 for d in by_filters)


def test_untitled_documents_show_their_first_words(bench_client):
    docs = bench_client.get("/search.json", params={"q": "Ukraine", "limit": 100}).json()["documents"]
    untitled = [d for d in docs if not d["title"]]
    assert untitled, "the Ukraine-war subset has untitled articles"
    for d in untitled:
        text = bench_client.get(f"/document/{d['id']}.json").json()["text"]
        assert d["label"].rstrip(" …") == " ".join(text.split()[:12])
    page = bench_client.get("/search", params={"q": "Ukraine", "limit": 100}).text
    assert untitled[0]["label"].split()[0] in page
    assert not re.search(r'>\s*[0-9a-f]{16}\s*<', page)   # no document listed by its hash


def _visible_text(html: str) -> str:
    html = re.sub(r"<script.*?</script>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


@pytest.mark.parametrize("which", ["client", "bench_client"])
def test_no_literal_none_on_any_page(which, request):
    c = request.getfixturevalue(which)
    over = c.get("/.json").json()
    paths = ["/", "/timeline", "/map", "/search?q=Russia&kind=transfer", "/search?kind=deploy",
             "/entity/RUS", "/docs"]
    paths += [f"/thread/{e['threads'][0]}" for e in over["graph"]["edges"][:5]]
    points = c.get("/map.json").json()["points"]
    paths += [f"/map/place/{p['place']}" for p in points[:5]]
    docs = c.get("/search.json", params={"q": "Russia"}).json()["documents"]
    paths += [f"/document/{d['id']}" for d in docs[:5]]
    for path in paths:
        page = c.get(path)
        assert page.status_code == 200, path
        # A Python None printed as a value; not the English "None of them ..." of an article.
        assert not re.search(r"\bNone\b(?!\s+[a-z])", _visible_text(page.text)), f"literal None on {path}"


# ------------------------------------------------------------------------------- API reference

def test_openapi_schema_is_typed(client):
    schema = client.get("/openapi.json").json()
    components = schema["components"]["schemas"]
    assert {"Overview", "Thread", "Timeline", "Entity", "Document", "Search", "MapPage", "PlacePage"} <= set(components)
    for path, model in (("/.json", "Overview"), ("/timeline.json", "Timeline"), ("/map.json", "MapPage"),
                        ("/search.json", "Search")):
        ok = schema["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        assert ok == {"$ref": f"#/components/schemas/{model}"}, (path, ok)
    assert components["MapPoint"]["properties"]["lat"]["type"] == "number"
    assert "/map/place/{place}.json" in schema["paths"]


def test_docs_served_from_vendored_swagger_ui(client):
    page = client.get("/docs")
    assert page.status_code == 200
    assert "/static/vendor/swagger-ui-bundle.js" in page.text and "/static/js/docs.js" in page.text
    assert not re.search(r'(src|href)="(https?:)?//', page.text)
    assert "<script>" not in page.text   # the CSP allows no inline script
    assert "script-src 'self'" in page.headers["content-security-policy"]
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css", "d3-geo.min.js", "d3-array.min.js",
                  "topojson-client.min.js", "countries-50m.json"):
        assert client.get(f"/static/vendor/{asset}").status_code == 200, f"{asset} missing: run `make web-assets`"


@pytest.mark.parametrize("which", ["client", "bench_client"])
def test_every_json_page_matches_its_response_model(which, request):
    # The routes return pre-encoded JSON (no per-request validation): the schema's promise is
    # kept here instead, on every page of a seed store and a real-news store.
    from newsledger.web import models
    c = request.getfixturevalue(which)
    over = c.get("/.json").json()
    models.Overview.model_validate(over, strict=True)
    pages = [(f"/thread/{e['threads'][0]}.json", models.Thread) for e in over["graph"]["edges"][:5]]
    pages += [("/timeline.json", models.Timeline), ("/timeline.json?kind=transfer", models.Timeline),
              ("/entity/RUS.json", models.Entity), ("/search.json?q=Russia&kind=transfer", models.Search),
              ("/search.json?kind=deploy", models.Search), ("/map.json", models.MapPage),
              ("/.json?kind=transfer&since=2024", models.Overview)]
    pages += [(f"/map/place/{p['place']}.json", models.PlacePage) for p in c.get("/map.json").json()["points"][:3]]
    pages += [(f"/document/{d['id']}.json", models.Document)
              for d in c.get("/search.json", params={"q": "Russia"}).json()["documents"][:3]]
    for path, model in pages:
        r = c.get(path)
        assert r.status_code == 200 and r.headers["content-type"] == "application/json", path
        model.model_validate(r.json(), strict=True)


def test_thread_sources_from_untitled_documents_show_their_first_words(bench_client):
    over = bench_client.get("/.json", params={"top": 200}).json()
    checked = 0
    for edge in over["graph"]["edges"]:
        d = bench_client.get(f"/thread/{edge['threads'][0]}.json").json()
        for s in d["sources"]:
            if not s["outlet"]:
                text = bench_client.get(f"/document/{s['doc_id']}.json").json()
                assert s["doc_label"] == (text["title"] or " ".join(text["text"].split()[:8]) + " …")
                page = bench_client.get(f"/thread/{edge['threads'][0]}").text
                assert f'#claim-{s["claim_id"]}">{s["doc_id"][:8]}<' not in page
                checked += 1
                break
        if checked >= 3:
            break
    assert checked, "the Ukraine-war subset has sources without an outlet"
