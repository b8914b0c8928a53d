"""The web app (`newsledger serve`): every page and its JSON twin, the OpenAPI schema, and the
security rules (escaping, parameterised queries, read-only unless --allow-ingest, token)."""
from __future__ import annotations

import re
import shutil
import sqlite3
import warnings

import click
import pytest
import typer
from typer.testing import CliRunner

warnings.filterwarnings("ignore", message=".*httpx.*")   # starlette prefers httpx2; httpx works
from fastapi.testclient import TestClient  # noqa: E402

from newsledger.web import create_app  # noqa: E402
from newsledger.web.sample import XSS_IMG, XSS_SCRIPT, build_sample_store  # noqa: E402
from newsledger.cli.serve import check_bind, is_loopback, web_commands  # noqa: E402


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build_sample_store(tmp_path_factory.mktemp("web"))


@pytest.fixture(scope="module")
def client(db):
    return TestClient(create_app(db))


def _nk_ru_flow(overview: dict) -> dict:
    for edge in overview["graph"]["edges"]:
        if edge["actor"] == "North Korea" and edge["recipient"] == "Russia" and edge["latest"]:
            return edge
    raise AssertionError("no North Korea → Russia flow with a figure")


def _doc_id(client, title_part: str) -> str:
    docs = client.get("/search.json", params={"q": "Korea"}).json()["documents"]
    return next(d["id"] for d in docs if title_part in (d["title"] or ""))


# ------------------------------------------------------------------------------- pages

def test_overview_and_twin(client):
    page = client.get("/")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    data = client.get("/.json").json()
    assert client.get("/index.json").json() == data
    edge = _nk_ru_flow(data)
    assert edge["claims"] >= 1 and edge["origins"] >= 1
    ids = {n["id"] for n in data["graph"]["nodes"]}
    assert {edge["actor_id"], edge["recipient_id"]} <= ids
    assert data["latest"] and data["stats"]["claims"] >= 30
    assert 'id="graph"' in page.text and "/static/vendor/cytoscape.min.js" in page.text
    assert edge["latest"] in page.text   # the flows table next to the graph
    assert 'href="/.json"' in page.text


def test_thread_page_series_sources_origins(client):
    edge = _nk_ru_flow(client.get("/.json").json())
    tid = edge["threads"][0]
    data = client.get(f"/thread/{tid}.json").json()
    assert data["id"] == tid and data["series"]
    assert data["sources"] and all("doc_id" in s for s in data["sources"])
    assert all(f["origins_detail"] for f in data["facts_detail"])
    page = client.get(f"/thread/{tid}")
    assert page.status_code == 200
    assert 'id="chart"' in page.text and "/static/vendor/plotly.min.js" in page.text
    for s in data["sources"]:
        assert f'/document/{s["doc_id"]}#claim-{s["claim_id"]}' in page.text


def test_thread_with_conflict_is_highlighted(client):
    conflicts = client.get("/.json").json()["conflicts"]
    if not conflicts:
        pytest.skip("the sample store has no conflicting figures")
    page = client.get(f"/thread/{conflicts[0]['thread_id']}").text
    assert 'class="conflict"' in page and "in-conflict" in page


def test_timeline_filters(client):
    everything = client.get("/timeline.json").json()
    assert everything["total"] > 0
    deploy = client.get("/timeline.json", params={"kind": "deploy"}).json()
    assert 0 < deploy["total"] < everything["total"]
    assert all(r["kind"] == "deploy" for r in deploy["rows"])
    window = client.get("/timeline.json", params={"since": "2025-03", "until": "2025-04"}).json()
    assert all("2025-03-01" <= r["date"] <= "2025-04-31" or (r["end"] or "") >= "2025-03-01" for r in window["rows"])
    by_actor = client.get("/timeline.json", params={"actor": "PRK", "limit": 2}).json()
    assert len(by_actor["rows"]) <= 2 and all(r["actor"] == "North Korea" for r in by_actor["rows"])
    assert client.get("/timeline", params={"kind": "deploy"}).status_code == 200
    assert client.get("/timeline.json", params={"since": "last week"}).status_code == 400


def test_entity_page(client):
    data = client.get("/entity/PRK.json").json()
    assert data["entity"]["id"] == "country:PRK"
    kinds = {(r["kind"], r["counterpart"]) for r in data["as_actor"]}
    assert ("transfer", "Russia") in kinds and ("deploy", "Russia") in kinds
    assert data["threads"] and data["recent_claims"]
    assert client.get("/entity/country:PRK.json").json()["entity"] == data["entity"]
    assert client.get("/entity/North%20Korea").status_code == 200
    assert client.get("/entity/nowhere.json").status_code == 404
    assert client.get("/entity/nowhere").status_code == 404


def test_document_highlights_link_to_claims_and_threads(client):
    doc = _doc_id(client, "Shells")
    data = client.get(f"/document/{doc}.json").json()
    assert data["claims"] and all(c["thread_id"] for c in data["claims"])
    page = client.get(f"/document/{doc}").text
    targets = set(re.findall(r'<a class="ev"[^>]*href="#claim-([^"]+)"', page))
    assert targets and targets <= {c["id"] for c in data["claims"]}
    for c in data["claims"]:
        assert f'id="claim-{c["id"]}"' in page
        assert f'href="/thread/{c["thread_id"]}#fact-{c["fact_id"]}"' in page
    assert client.get("/document/0000000000000000").status_code == 404


def test_search_text_and_filters(client):
    data = client.get("/search.json", params={"q": "shells"}).json()
    assert data["documents"] and not data["error"]
    claims = client.get("/search.json", params={"kind": "transfer", "actor": "PRK", "recipient": "RUS"}).json()["claims"]
    assert claims and all(c["kind"] == "transfer" for c in claims)
    items = client.get("/search.json", params={"item": "munitions", "modality": "occurred",
                                               "since": "2025", "until": "2025"}).json()["claims"]
    assert all(c["modality"] == "occurred" for c in items)
    page = client.get("/search", params={"q": "shells", "kind": "transfer"})
    assert page.status_code == 200 and "Claims (" in page.text


def test_openapi_documents_the_json_twins(client):
    schema = client.get("/openapi.json").json()
    paths = set(schema["paths"])
    assert {"/.json", "/thread/{thread_id}.json", "/timeline.json", "/entity/{key}.json",
            "/document/{doc_id}.json", "/search.json"} <= paths
    params = {p["name"] for p in schema["paths"]["/search.json"]["get"]["parameters"]}
    assert {"q", "kind", "actor", "recipient", "item", "since", "until", "modality"} <= params
    assert client.get("/docs").status_code == 200


def test_static_assets_are_local(client):
    for path in ("/static/vendor/plotly.min.js", "/static/vendor/cytoscape.min.js", "/static/js/thread.js",
                 "/static/style.css"):
        assert client.get(path).status_code == 200, f"{path} missing: run `make web-assets`"
    for path in ("/", "/timeline", "/search"):
        assert not re.search(r'(src|href)="(https?:)?//', client.get(path).text)


# ------------------------------------------------------------------------------- security

def test_article_markup_renders_inert(client):
    pages = ["/", "/timeline", "/search?q=alert", "/search?actor=PRK", "/entity/PRK"]
    for title in ("Shells", "Troops"):
        doc = _doc_id(client, title)
        assert XSS_SCRIPT in client.get(f"/document/{doc}.json").json()["title"]   # the data keeps it
        pages.append(f"/document/{doc}")
    pages += [f"/thread/{t['thread_id']}" for t in client.get("/.json").json()["latest"]]
    shown = 0
    for path in pages:
        r = client.get(path)
        assert r.status_code == 200, path
        assert "<script>alert" not in r.text and "<img src=x" not in r.text, path
        assert "onerror=alert(1)>" not in r.text, path
        shown += r.text.count("&lt;script&gt;alert(1)&lt;/script&gt;") + r.text.count("&lt;img src=x onerror=alert(1)&gt;")
        csp = r.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
        assert r.headers["x-content-type-options"] == "nosniff"
    assert shown >= 4   # the markup is there, as text


def test_sql_metacharacters_do_no_harm(client, db):
    before = sqlite3.connect(db).execute("SELECT count(*) FROM claims").fetchone()[0]
    nasty = ["' OR 1=1; DROP TABLE claims; --", '"', "(", "shells)) OR ((1", "a' UNION SELECT * FROM entities --",
             "NEAR(", "*", "title:"]
    for q in nasty:
        for path in ("/search.json", "/search"):
            r = client.get(path, params={"q": q})
            assert r.status_code == 200, (path, q)
        r = client.get("/search.json", params={"actor": q, "kind": q, "item": q, "modality": q})
        assert r.status_code == 200 and r.json()["claims"] == []
        assert client.get("/timeline.json", params={"actor": q}).json()["rows"] == []
        assert client.get(f"/entity/{q}.json").status_code in (404, 200)
    # the string is searched as words, not run: nothing matches rather than everything
    assert client.get("/search.json", params={"q": "shells' OR 1=1 --"}).json()["documents"] == []
    assert sqlite3.connect(db).execute("SELECT count(*) FROM claims").fetchone()[0] == before


def test_read_connection_cannot_write(client):
    ledger = client.app.state.ledger
    with pytest.raises(sqlite3.OperationalError):
        ledger.conn.execute("DELETE FROM claims")


def test_read_only_without_allow_ingest(client):
    r = client.post("/ingest.json", files={"file": ("a.txt", b"North Korea sent 5 shells to Russia.", "text/plain")})
    assert r.status_code == 403
    assert client.post("/ingest", data={"url": "http://example.org/"}).status_code == 403
    assert client.get("/ingest").status_code == 403


def test_ingest_with_limits(db, tmp_path):
    copy = tmp_path / "copy.db"
    shutil.copyfile(db, copy)
    c = TestClient(create_app(copy, allow_ingest=True, max_upload_bytes=2000))
    claims = c.get("/.json").json()["stats"]["claims"]
    text = b"SEOUL, May 20, 2025 - North Korea has sent 4,000 artillery shells to Russia, officials said on Tuesday.\n"
    r = c.post("/ingest.json", files={"file": ("new.txt", text, "text/plain")})
    assert r.status_code == 200 and r.json()["new"] == 1
    assert c.get("/.json").json()["stats"]["claims"] > claims      # the cache saw the new claims
    assert c.post("/ingest.json", files={"file": ("x.exe", b"MZ\x90\x00", "application/octet-stream")}).status_code == 415
    assert c.post("/ingest.json", files={"file": ("big.txt", b"x" * 2001, "text/plain")}).status_code == 413
    assert c.post("/ingest.json", data={"url": "file:///etc/passwd"}).status_code == 400
    assert c.post("/ingest.json", data={}).status_code == 400
    cross = c.post("/ingest.json", files={"file": ("new.txt", text, "text/plain")},
                   headers={"Origin": "http://evil.example"})
    assert cross.status_code == 403
    assert c.get("/ingest").status_code == 200


def test_token_required_on_every_request(db):
    c = TestClient(create_app(db, token="s3cret"))
    for path in ("/", "/.json", "/openapi.json", "/static/style.css", "/search.json?q=shells"):
        assert c.get(path).status_code == 401, path
    assert c.get("/.json", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert c.get("/.json", headers={"Authorization": "Bearer s3cret"}).status_code == 200
    assert c.get("/.json", headers={"X-Newsledger-Token": "s3cret"}).status_code == 200
    assert c.get("/.json", headers={"Authorization": "bearer s3cret"}).status_code == 200  # scheme is case-insensitive
    assert c.get("/.json", headers={"Authorization": "Basic s3cret"}).status_code == 401
    first = c.get("/?token=s3cret")   # a browser: once in the URL, then the cookie
    hop = first.history[0]
    assert hop.status_code == 303 and "newsledger_token" in hop.headers["set-cookie"]
    assert "httponly" in hop.headers["set-cookie"].lower()
    assert first.status_code == 200 and "token" not in str(first.url)
    assert c.get("/timeline").status_code == 200


def test_a_token_in_the_url_moves_into_the_cookie_and_never_into_links(db):
    c = TestClient(create_app(db, token="s3cret"))
    response = c.get("/timeline?token=s3cret&limit=1", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/timeline?limit=1"
    page = c.get("/timeline?limit=1&token=s3cret")
    assert page.status_code == 200 and "s3cret" not in page.text   # pagination, JSON twin: no token
    stranger = TestClient(create_app(db, token="s3cret"))
    assert stranger.get("/timeline?token=wrong", follow_redirects=False).status_code == 401
    # with a valid cookie, a stray ?token= is still taken out of the URL
    assert c.get("/timeline?token=whatever", follow_redirects=False).headers["location"] == "/timeline"


def test_access_log_redacts_tokens():
    import logging
    from newsledger.web.app import RedactToken
    record = logging.LogRecord("uvicorn.access", logging.INFO, "", 0, '%s - "%s %s HTTP/%s" %d',
                               ("127.0.0.1:5", "GET", "/threads?kind=deploy&token=s3cret", "1.1", 303), None)
    assert RedactToken().filter(record)
    assert "s3cret" not in record.getMessage() and "token=[redacted]" in record.getMessage()
    from newsledger.cli.serve import _log_config
    config = _log_config()
    assert all("redact_token" in h["filters"] for h in config["handlers"].values())


def test_host_header_checked_on_loopback(db):
    c = TestClient(create_app(db, allowed_hosts=["127.0.0.1", "localhost"]), base_url="http://127.0.0.1:8000")
    assert c.get("/.json").status_code == 200
    assert c.get("/.json", headers={"Host": "attacker.example"}).status_code == 400


def test_non_loopback_needs_token(db):
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5") and not is_loopback("example.org")
    with pytest.raises(click.ClickException, match="--token"):
        check_bind("0.0.0.0", None)
    assert check_bind("0.0.0.0", "s3cret") is None
    assert "127.0.0.1" in check_bind("127.0.0.1", None)

    app = typer.Typer()

    @app.callback()
    def _root() -> None:
        pass

    web_commands(app)
    result = CliRunner().invoke(app, ["serve", "--db", str(db), "--host", "0.0.0.0"])
    assert result.exit_code != 0
    assert "--token" in (result.output + str(result.exception or ""))
