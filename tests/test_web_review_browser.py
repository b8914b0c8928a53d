"""Review in a real headless Chromium (Debian's chromium + chromium-driver, Selenium), over the
sample store (the seed articles plus the sample documents): an analyst verifies, rejects and
corrects claims of the seed article with the keyboard; the same input is ingested again and
the article re-extracted; the corrections still show in the thread, the export and the gold
file. A request without the token cannot write."""
from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import EXAMPLES, run_cli
from newsledger.web.browser import browser_missing

MISSING = browser_missing()
pytestmark = pytest.mark.skipif(MISSING is not None, reason=f"browser tests skipped: {MISSING}")

if MISSING is None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    from newsledger.web import create_app
    from newsledger.web.browser import chromium, serving
    from newsledger.web.sample import build_sample_store

TOKEN = "review-token-for-the-test"
SEED = EXAMPLES / "002_3a7b3fa782e31a64.txt"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    directory = tmp_path_factory.mktemp("webreview")
    db = build_sample_store(directory)
    app = create_app(db, token=TOKEN, allow_review=True, reviewer="analyst")
    with serving(app) as base, chromium() as driver:
        driver.get(f"{base}/?token={TOKEN}")      # the cookie, as a user opening the printed link
        yield base, driver, db, directory


def _wait(driver, condition, timeout=20):
    return WebDriverWait(driver, timeout).until(condition)


def _keys(driver, keys: str) -> None:
    ActionChains(driver).send_keys(keys).perform()


def _seed_claims(db: Path) -> tuple[str, dict[str, dict]]:
    from newsledger.store import SQLiteStore
    with SQLiteStore(db) as store:
        doc = next(d for d in store.documents(limit=100) if Path(d["source"]).name == SEED.name)
        claims = store.document_claims(doc["id"])
    pick = {"workers": next(c for c in claims if (c["quantity"] or {}).get("value") == 25000),
            "meet": next(c for c in claims if c["kind"] == "meet"),
            "shells": next(c for c in claims if (c["quantity"] or {}).get("value") == 5_000_000)}
    return doc["id"], pick


def _select(driver, claim_id: str) -> None:
    """Move the review cursor to a claim with j / k, as the analyst would."""
    target = driver.execute_script(
        "return Array.prototype.indexOf.call(document.querySelectorAll('.reviewable'),"
        " document.getElementById(arguments[0]))", f"claim-{claim_id}")
    assert target >= 0, claim_id
    current = driver.execute_script("return window.nlReview.current()")
    _keys(driver, ("j" if target > current else "k") * abs(target - current))
    assert driver.execute_script("return window.nlReview.current()") == target


def _badge(driver, claim_id: str) -> str:
    found = driver.find_elements(By.CSS_SELECTOR, f"#claim-{claim_id} .review-badge")
    return found[0].text if found else ""


def test_verify_reject_correct_survive_reingest_everywhere(site) -> None:
    base, driver, db, directory = site
    doc_id, pick = _seed_claims(db)
    workers, meet, shells = pick["workers"]["id"], pick["meet"]["id"], pick["shells"]["id"]

    driver.get(f"{base}/document/{doc_id}")
    _wait(driver, lambda d: d.execute_script("return !!window.nlReview"))
    _select(driver, workers)
    _keys(driver, "v")
    _wait(driver, lambda d: "verified" in _badge(d, workers))
    assert "by analyst" in _badge(driver, workers)

    _wait(driver, lambda d: d.execute_script("return !!window.nlReview"))
    _select(driver, meet)
    _keys(driver, "n")
    driver.switch_to.active_element.send_keys("no meeting figure: background")
    driver.switch_to.active_element.send_keys(Keys.ESCAPE)
    _keys(driver, "r")
    _wait(driver, lambda d: not d.find_elements(By.ID, f"claim-{meet}"))   # hidden from the page

    _wait(driver, lambda d: d.execute_script("return !!window.nlReview"))
    _select(driver, shells)
    _keys(driver, "e")
    assert driver.switch_to.active_element.get_attribute("name") == "set_kind"
    figure = driver.find_element(By.CSS_SELECTOR, f"#claim-{shells} input[name=set_figure]")
    figure.send_keys("4 million" + Keys.ENTER)
    _wait(driver, lambda d: "corrected" in _badge(d, shells))
    assert "4 million" in driver.find_element(By.ID, f"claim-{shells}").text

    # The same input again (nothing new), then a re-extraction of the article.
    from newsledger.pipeline import extract_records, ingest
    from newsledger.store import SQLiteStore
    with SQLiteStore(db) as store:
        report = ingest([*sorted(str(p) for p in EXAMPLES.glob("*.txt")), str(directory / "docs")], store)
        assert report.new == 0 and report.existing > 0
        fresh = next(d for d in extract_records([str(SEED)]))
        assert fresh.id == doc_id
        store.replace_claims(doc_id, fresh.claims)
        assert [a["event"] for a in store.review_audit(limit=3)] == ["reapplied"] * 3

    # the document and the thread show the corrections
    driver.get(f"{base}/document/{doc_id}")
    assert "verified" in _badge(driver, workers) and "corrected" in _badge(driver, shells)
    assert not driver.find_elements(By.ID, f"claim-{meet}")
    thread = driver.find_element(By.CSS_SELECTOR, f"#claim-{shells} a.thread-link").get_attribute("href")
    driver.get(thread)
    series = " ".join(t.text for t in driver.find_elements(By.CSS_SELECTOR, "table.series"))
    assert "4 million" in series and "nearly 5 million" not in series
    assert "corrected" in _badge(driver, shells)

    # the export and the gold file
    facts = [json.loads(line) for line in run_cli("export", "--db", str(db), "--what", "facts").stdout.splitlines()]
    sources = [s for f in facts for s in f.get("sources", [])]
    assert any(f.get("figure") == "4 million" for f in facts)
    assert not any(f.get("figure") == "nearly 5 million" for f in facts)
    assert not any(s.get("claim_id") == meet and s.get("doc_id") == doc_id for s in sources)
    gold = json.loads(run_cli("export", "--db", str(db), "--what", "gold").stdout)
    [entry] = [d for d in gold["documents"] if d["doc_id"] == doc_id]
    figures = sorted(c["quantity"] for c in entry["claims"])
    assert figures == [25000, 4_000_000]
    assert entry["must_not_claim"] == [pick["meet"]["evidence"]["text"]]


def test_the_queue_page_is_keyboard_driven(site) -> None:
    base, driver, _, _ = site
    driver.get(f"{base}/review")
    _wait(driver, lambda d: d.execute_script("return !!window.nlReview"))
    first = driver.find_elements(By.CSS_SELECTOR, "ol.review-queue li.reviewable")
    assert len(first) >= 2
    assert first[0].find_element(By.CSS_SELECTOR, ".reasons").text
    assert "review-current" in first[0].get_attribute("class")
    _keys(driver, "j")
    assert "review-current" in first[1].get_attribute("class")
    assert "review-current" not in first[0].get_attribute("class")


def test_without_the_token_nothing_is_written(site) -> None:
    base, driver, db, _ = site
    from newsledger.store import SQLiteStore
    with SQLiteStore(db) as store:
        doc_id = next(d["id"] for d in store.documents(limit=100) if Path(d["source"]).name == SEED.name)
        target = next(c for c in store.document_claims(doc_id) if not c["review_status"])
    driver.get(f"{base}/review")
    csrf = driver.find_element(By.CSS_SELECTOR, "input[name=csrf]").get_attribute("value")
    with SQLiteStore(db) as store:
        before = len(store.review_audit())

    def post(path: str, body: bytes, headers: dict[str, str]) -> int:
        request = urllib.request.Request(base + path, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request) as response:
                return response.status
        except urllib.error.HTTPError as exc:
            return exc.code

    form = (f"csrf={csrf}&doc_id={doc_id}&claim_id={target['id']}&action=reject").encode()
    assert post("/review", form, {"Content-Type": "application/x-www-form-urlencoded"}) == 401
    api = json.dumps({"doc_id": doc_id, "claim_id": target["id"], "action": "reject"}).encode()
    assert post("/review.json", api, {"Content-Type": "application/json"}) == 401
    # the cookie alone is not enough: the API wants the token in a header, forms their CSRF value
    cookie = {"Cookie": f"newsledger_token={TOKEN}"}
    assert post("/review.json", api, {"Content-Type": "application/json", **cookie}) == 401
    no_csrf = f"doc_id={doc_id}&claim_id={target['id']}&action=reject".encode()
    assert post("/review", no_csrf, {"Content-Type": "application/x-www-form-urlencoded", **cookie}) == 403
    # a browser without the token cookie is refused, reading included
    driver.delete_all_cookies()
    driver.get(f"{base}/review")
    assert "401" in driver.find_element(By.TAG_NAME, "body").text
    with SQLiteStore(db) as store:
        assert len(store.review_audit()) == before
        assert next(c for c in store.document_claims(doc_id) if c["id"] == target["id"])["review_status"] is None
