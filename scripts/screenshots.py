#!/usr/bin/env python3
"""`make screenshots`: a PNG of every page of `newsledger serve`, taken in Debian's headless
Chromium over the sample store (the examples plus newsledger.web.sample), or over --db.

    .venv/bin/python scripts/screenshots.py [--out screenshots] [--db FILE]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
import warnings
from pathlib import Path

warnings.filterwarnings("ignore", message=".*httpx.*")

from urllib.parse import quote  # noqa: E402

from newsledger.web import create_app, data, geo  # noqa: E402
from newsledger.web.browser import browser_missing, chromium, serving  # noqa: E402
from newsledger.web.sample import build_sample_store  # noqa: E402

MAX_HEIGHT = 5000


def pages(app) -> dict[str, str]:
    ledger = app.state.ledger
    over = data.overview(ledger)
    flows = [e for e in over["graph"]["edges"] if e["actor"] == "North Korea" and e["recipient"] == "Russia"] \
        or over["graph"]["edges"]
    thread = max((data.thread(ledger, e["threads"][0]) for e in flows),
                 key=lambda t: sum(len(v) for v in t["series"].values()))
    docs = [d for d in data.search(ledger, q="shells")["documents"] if d["claims"]] \
        or data.search(ledger, q="Russia", kind="transfer")["documents"] or ledger.store().documents(limit=1)
    doc = data.document(ledger, docs[0]["id"])
    anchor = f"#claim-{doc['claims'][0]['id']}" if doc["claims"] else ""
    search = "/search?q=shells&kind=transfer&actor=PRK" if data.search(ledger, q="shells", kind="transfer", actor="PRK")[
        "documents"] else "/search?q=Russia&kind=transfer"
    points = geo.points(ledger)["points"]
    place = max(points, key=lambda p: p["claims"])["place"] if points else None
    out = {"overview": "/", "thread": f"/thread/{thread['id']}", "timeline": "/timeline",
           "entity": "/entity/PRK", "document": f"/document/{doc['id']}{anchor}", "search": search,
           "map": "/map", "docs": "/docs"}
    if place:
        out["map-place"] = f"/map/place/{quote(place)}"
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=Path("screenshots"))
    ap.add_argument("--db", type=Path)
    args = ap.parse_args()
    missing = browser_missing()
    if missing:
        print(f"screenshots need a browser: {missing}", file=sys.stderr)
        return 1
    db = args.db or build_sample_store(tempfile.mkdtemp(prefix="newsledger-shots-"))
    app = create_app(db)
    args.out.mkdir(parents=True, exist_ok=True)
    with serving(app) as base, chromium(1400, 1000) as driver:
        for name, path in pages(app).items():
            driver.set_window_size(1400, 1000)
            driver.get(base + path)
            time.sleep(2.0 if name == "docs" else 1.0)   # graph layout, chart and map drawing, Swagger UI
            height = min(MAX_HEIGHT, driver.execute_script("return document.documentElement.scrollHeight"))
            driver.set_window_size(1400, max(1000, height))
            if "#" in path:
                driver.execute_script("location.hash = arguments[0]", path.split("#", 1)[1])
            time.sleep(0.5)
            target = args.out / f"{name}.png"
            driver.save_screenshot(str(target))
            print(f"{target}  ({base}{path})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
