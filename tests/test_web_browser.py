"""Every page of the web app in a real headless Chromium (Debian's chromium + chromium-driver,
driven by Selenium), over a store built from the examples plus the sample documents: what a
user sees, not just what the server sends."""
from __future__ import annotations

import pytest

from newsledger.web.browser import browser_missing

MISSING = browser_missing()
pytestmark = pytest.mark.skipif(MISSING is not None, reason=f"browser tests skipped: {MISSING}")

if MISSING is None:
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import Select, WebDriverWait

    from newsledger.web import create_app
    from newsledger.web.browser import chromium, serving
    from newsledger.web.sample import build_sample_store


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    db = build_sample_store(tmp_path_factory.mktemp("webbrowser"))
    app = create_app(db)
    with serving(app) as base, chromium() as driver:
        yield base, driver, app


def _wait(driver, condition, timeout=15):
    return WebDriverWait(driver, timeout).until(condition)


def _no_alert(driver):
    try:
        text = driver.switch_to.alert.text
    except NoAlertPresentException:
        return
    raise AssertionError(f"an alert ran: {text!r}")


def _console_errors(driver):
    return [e for e in driver.get_log("browser")
            if e["level"] == "SEVERE" and "favicon" not in e["message"]]


def test_overview_graph_has_north_korea_to_russia(site):
    base, driver, _ = site
    driver.get(base + "/")
    _wait(driver, lambda d: d.execute_script("return !!window.nlGraph"))
    edges = driver.execute_script(
        "return window.nlGraph.edges().map(e => [e.source().data('label'), e.target().data('label'), e.data('label')])")
    assert any(a == "North Korea" and b == "Russia" for a, b, _ in edges), edges
    assert driver.find_element(By.CSS_SELECTOR, "#graph canvas").is_displayed()
    rows = driver.find_elements(By.CSS_SELECTOR, "tr.flow[data-from='North Korea'][data-to='Russia']")
    assert rows and rows[0].is_displayed()
    assert "Latest figures per thread" in driver.find_element(By.TAG_NAME, "main").text
    assert not _console_errors(driver)


def test_thread_chart_shows_the_series(site):
    base, driver, app = site
    from newsledger.web import data
    over = data.overview(app.state.ledger)
    # the North Korea → Russia thread with the most figures
    best = max((data.thread(app.state.ledger, e["threads"][0]) for e in over["graph"]["edges"]
                if e["actor"] == "North Korea" and e["recipient"] == "Russia"),
               key=lambda t: sum(len(v) for v in t["series"].values()))
    points = sum(len(v) for v in best["series"].values())
    assert points >= 2
    driver.get(f"{base}/thread/{best['id']}")
    _wait(driver, EC.presence_of_element_located((By.CSS_SELECTOR, "#chart .main-svg")))
    traces = driver.execute_script("return window.nlChart.data.length")
    assert traces >= 1
    drawn = driver.find_elements(By.CSS_SELECTOR, "#chart .scatterlayer .point")
    assert len(drawn) >= min(points, 2)
    assert driver.find_element(By.CSS_SELECTOR, "table.series").is_displayed()
    assert driver.find_elements(By.CSS_SELECTOR, ".origin .source")
    assert not _console_errors(driver)


def test_timeline_filter(site):
    base, driver, _ = site
    driver.get(base + "/timeline")
    all_rows = len(driver.find_elements(By.CSS_SELECTOR, "table.timeline tbody tr"))
    Select(driver.find_element(By.NAME, "kind")).select_by_value("deploy")
    driver.find_element(By.CSS_SELECTOR, "form.filters button").click()
    _wait(driver, EC.url_contains("kind=deploy"))
    rows = driver.find_elements(By.CSS_SELECTOR, "table.timeline tbody tr")
    assert 0 < len(rows) < all_rows
    assert all(r.find_elements(By.TAG_NAME, "td")[1].text == "deploy" for r in rows)


def test_entity_page(site):
    base, driver, _ = site
    driver.get(base + "/entity/PRK")
    assert "North Korea" in driver.find_element(By.TAG_NAME, "h1").text
    table = driver.find_element(By.CSS_SELECTOR, "table.by-kind").text
    assert "transfer" in table and "Russia" in table


def test_document_highlight_leads_to_its_claim(site):
    base, driver, _ = site
    driver.get(base + "/search?q=shells")
    driver.find_element(By.PARTIAL_LINK_TEXT, "Shells").click()
    _wait(driver, EC.presence_of_element_located((By.CSS_SELECTOR, "a.ev")))
    mark = driver.find_element(By.CSS_SELECTOR, "a.ev")
    claim_id = mark.get_attribute("href").split("#claim-")[1]
    mark.click()
    _wait(driver, lambda d: d.execute_script("return location.hash") == f"#claim-{claim_id}")
    claim = driver.find_element(By.ID, f"claim-{claim_id}")
    assert driver.execute_script("return document.querySelector(':target') === arguments[0]", claim)
    assert mark.text.strip() and mark.text.strip()[:40] in claim.text
    claim.find_element(By.CSS_SELECTOR, "a.thread-link").click()
    _wait(driver, EC.url_contains("/thread/"))
    assert driver.find_element(By.TAG_NAME, "h1").text


def test_article_markup_is_inert_in_the_browser(site):
    base, driver, _ = site
    driver.get(base + "/search?q=alert")
    _no_alert(driver)
    for link in [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "ul.results a")]:
        driver.get(link)
        _no_alert(driver)
        body = driver.find_element(By.TAG_NAME, "main").text
        assert "<script>alert(1)</script>" in body            # shown as text
        assert not driver.find_elements(By.CSS_SELECTOR, "main script, main img")
        assert driver.execute_script("return typeof window.__pwned") == "undefined"
    assert not _console_errors(driver)


def test_search_page(site):
    base, driver, _ = site
    driver.get(base + "/")
    box = driver.find_element(By.CSS_SELECTOR, "header input[name=q]")
    box.send_keys("artillery shells\n")
    _wait(driver, EC.url_contains("/search"))
    assert driver.find_elements(By.CSS_SELECTOR, "ul.results li a")
    driver.get(base + "/search?actor=PRK&kind=transfer")
    rows = driver.find_elements(By.CSS_SELECTOR, "table.claims-table tbody tr")
    assert rows and all("transfer" in r.text for r in rows)
