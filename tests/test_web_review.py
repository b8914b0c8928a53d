"""Review in the web app over HTTP (the browser test is test_web_review_browser.py): off unless
allowed; allowed only with a token, even on loopback; forms need their CSRF value, the JSON API
the token in a header; the queue puts what most needs a human first; every write is audited."""
from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from conftest import run_cli
from newsledger.store import SQLiteStore
from newsledger.web import create_app
from newsledger.web.sample import build_sample_store

TOKEN = "s3cret-review-token"


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build_sample_store(tmp_path_factory.mktemp("webreview"))


@pytest.fixture
def client(db):
    app = create_app(db, token=TOKEN, allow_review=True, reviewer="analyst")
    with TestClient(app, headers={"X-Newsledger-Token": TOKEN}) as c:
        yield c


def _csrf(client) -> str:
    return re.search(r'name="csrf" value="([0-9a-f]+)"', client.get("/review").text).group(1)


def test_review_is_off_by_default_and_needs_a_token(db) -> None:
    read_only = TestClient(create_app(db))
    assert read_only.get("/review").status_code == 403
    assert read_only.post("/review.json", json={}).status_code == 403
    assert 'action="/review"' not in read_only.get("/").text
    with pytest.raises(ValueError, match="token"):
        create_app(db, allow_review=True)
    refused = run_cli("serve", "--db", str(db), "--allow-review", check=False)
    assert refused.returncode != 0 and b"--token" in refused.stderr
    anonymous = TestClient(create_app(db, token=TOKEN, allow_review=True))
    assert anonymous.get("/review").status_code == 401
    assert anonymous.post("/review", data={"action": "verify"}).status_code == 401


def test_queue_puts_conflicts_and_low_confidence_first(client) -> None:
    d = client.get("/review.json", params={"limit": 1000}).json()
    claims = d["claims"]
    assert d["total"] == len(claims) == d["counts"]["unreviewed"]
    priorities = [c["priority"] for c in claims]
    assert priorities == sorted(priorities, reverse=True)
    # the head of the queue is a conflicting figure or a claim the extractor is unsure of;
    # a conflict outranks a claim with no reason to look at it
    assert {"in a conflict", "low confidence"} & set(claims[0]["reasons"])
    first_plain = next(n for n, c in enumerate(claims) if not c["reasons"])
    assert all(n < first_plain for n, c in enumerate(claims) if "in a conflict" in c["reasons"])
    # the seed article's two figures for the shells sent (5 and 6 million) conflict
    shells = [c for c in claims if "in a conflict" in c["reasons"]]
    assert {c["quantity"]["text"] for c in shells} >= {"nearly 5 million", "up to 6 million"}
    low = [c for c in claims if "low confidence" in c["reasons"]]
    bands = d["confidence_bands"]
    assert 0 < bands["low_below"] <= bands["middling_below"]
    assert low and all(c["confidence"] < bands["low_below"] for c in low)
    assert all(c["confidence"] >= bands["low_below"] for c in claims if "low confidence" not in c["reasons"])
    page = client.get("/review")
    assert page.status_code == 200 and "review-queue" in page.text and "/static/js/review.js" in page.text


def test_form_review_needs_csrf_and_is_audited(client, db) -> None:
    claim = client.get("/review.json").json()["claims"][0]
    form = {"doc_id": claim["doc_id"], "claim_id": claim["id"], "action": "correct",
            "set_figure": "4 million", "note": "per Reuters", "next": "/review"}
    assert client.post("/review", data=form, follow_redirects=False).status_code == 403
    assert client.post("/review", data={**form, "csrf": "0" * 64}, follow_redirects=False).status_code == 403
    done = client.post("/review", data={**form, "csrf": _csrf(client)}, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == f"/review#claim-{claim['id']}"
    evil = client.post("/review", data={**form, "csrf": _csrf(client), "next": "//evil.example/x"},
                       follow_redirects=False)
    assert evil.headers["location"].startswith("/document/")
    page = client.get(f"/document/{claim['doc_id']}").text
    assert "✎ corrected" in page and "4 million" in page
    # the register follows in the background; once rebuilt, the thread shows the new figure
    client.app.state.ledger.settle()
    thread = client.get(f"/thread/{claim['thread_id']}.json").json()
    figures = [p["figure"] for points in thread["series"].values() for p in points]
    assert "4 million" in figures and claim["quantity"]["text"] not in figures
    bad = client.post("/review", data={**form, "set_figure": "unclear", "csrf": _csrf(client)})
    assert bad.status_code == 400 and "no number" in bad.text
    with SQLiteStore(db) as store:
        audit = store.review_audit()
    assert [(a["event"], a["who"], a["via"]) for a in audit[:2]] == [("correct", "analyst", "web")] * 2


def test_json_api_takes_the_token_from_a_header_only(client, db) -> None:
    claim = client.get("/review.json").json()["claims"][1]
    body = {"doc_id": claim["doc_id"], "claim_id": claim["id"], "action": "reject", "note": "duplicate",
            "reviewer": "bo"}
    cookie_only = TestClient(client.app)
    cookie_only.cookies.set("newsledger_token", TOKEN)
    assert cookie_only.post("/review.json", json=body).status_code == 401
    done = client.post("/review.json", json=body)
    assert done.status_code == 200 and done.json()["status"] == "rejected" and done.json()["reviewer"] == "bo"
    assert client.post("/review.json", json={**body, "action": "delete"}).status_code == 400
    hidden = client.get(f"/document/{claim['doc_id']}.json").json()
    assert claim["id"] not in [c["id"] for c in hidden["claims"]]
    rejected = client.get("/review.json", params={"status": "rejected"}).json()["claims"]
    assert claim["id"] in [c["id"] for c in rejected]
    assert client.get("/review/audit.json").json()[0]["event"] == "reject"
    schema = client.get("/openapi.json").json()
    assert "/review.json" in schema["paths"] and "ReviewRequest" in schema["components"]["schemas"]
