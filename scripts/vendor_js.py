#!/usr/bin/env python3
"""Copy the browser libraries that `newsledger serve` uses from node_modules (installed by
`npm ci` from package-lock.json) into src/newsledger/web/static/vendor, so the app serves them
itself: no CDN, works offline."""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FILES = {
    "node_modules/cytoscape/dist/cytoscape.min.js": "cytoscape.min.js",
    "node_modules/plotly.js-dist-min/plotly.min.js": "plotly.min.js",
}
VENDOR = ROOT / "src/newsledger/web/static/vendor"


def main() -> int:
    VENDOR.mkdir(parents=True, exist_ok=True)
    missing = [src for src in FILES if not (ROOT / src).exists()]
    if missing:
        print(f"missing {', '.join(missing)}: run `npm ci` at the repository root first", file=sys.stderr)
        return 1
    for src, name in FILES.items():
        shutil.copyfile(ROOT / src, VENDOR / name)
        print(f"{src} -> {(VENDOR / name).relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
