#!/usr/bin/env python3
"""Screenshots of the review pages (`serve --allow-review`): the queue, a document and a
thread with their review forms, and a claim opened for correction, in Debian's headless
Chromium over the sample store or --db (copied first: nothing is written to it).

    .venv/bin/python scripts/screenshots_review.py [--out screenshots] [--db FILE]
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
import warnings
from pathlib import Path

warnings.filterwarnings("ignore", message=".*httpx.*")

from newsledger.web import create_app  # noqa: E402
from newsledger.web.browser import browser_missing, chromium, serving  # noqa: E402
from newsledger.web.review import queue  # noqa: E402
from newsledger.web.sample import build_sample_store  # noqa: E402

TOKEN = "screenshots"
MAX_HEIGHT = 5000


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=Path("screenshots"))
    ap.add_argument("--db", type=Path)
    args = ap.parse_args()
    missing = browser_missing()
    if missing:
        print(f"screenshots need a browser: {missing}", file=sys.stderr)
        return 1
    work = Path(tempfile.mkdtemp(prefix="newsledger-shots-review-"))
    if args.db:
        db = work / "newsledger.db"
        shutil.copy(args.db, db)
    else:
        db = build_sample_store(work)
    app = create_app(db, token=TOKEN, allow_review=True, reviewer="analyst")
    first = queue(app.state.ledger, limit=1)["claims"]
    args.out.mkdir(parents=True, exist_ok=True)
    with serving(app) as base, chromium(1400, 1000) as driver:
        driver.get(f"{base}/?token={TOKEN}")
        shots = {"review-queue": "/review"}
        if first:
            c = first[0]
            shots["review-document"] = f"/document/{c['doc_id']}#claim-{c['id']}"
            if c.get("thread_id"):
                shots["review-thread"] = f"/thread/{c['thread_id']}"
        for name, path in shots.items():
            driver.set_window_size(1400, 1000)
            driver.get(base + path)
            time.sleep(1.0)
            height = min(MAX_HEIGHT, driver.execute_script("return document.documentElement.scrollHeight"))
            driver.set_window_size(1400, max(1000, height))
            time.sleep(0.5)
            driver.save_screenshot(str(args.out / f"{name}.png"))
            print(args.out / f"{name}.png")
        # the first queue item opened for correction (key e), at window height
        driver.set_window_size(1400, 1000)
        driver.get(base + "/review")
        time.sleep(0.5)
        from selenium.webdriver.common.action_chains import ActionChains
        ActionChains(driver).send_keys("e").perform()
        time.sleep(0.3)
        driver.save_screenshot(str(args.out / "review-correct.png"))
        print(args.out / "review-correct.png")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
