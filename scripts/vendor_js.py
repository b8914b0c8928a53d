#!/usr/bin/env python3
"""Copy the browser libraries that `newsledger serve` uses from node_modules (installed by
`npm ci` from package-lock.json) into src/newsledger/web/static/vendor, so the app serves them
itself: no CDN, no tile server, works offline."""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FILES = {
    "node_modules/cytoscape/dist/cytoscape.min.js": "cytoscape.min.js",
    "node_modules/plotly.js-dist-min/plotly.min.js": "plotly.min.js",
    # The map: d3-geo (projection and paths; needs d3-array), TopoJSON decoding, and Natural
    # Earth's 1:50m country boundaries as TopoJSON (world-atlas).
    "node_modules/d3-array/dist/d3-array.min.js": "d3-array.min.js",
    "node_modules/d3-geo/dist/d3-geo.min.js": "d3-geo.min.js",
    "node_modules/topojson-client/dist/topojson-client.min.js": "topojson-client.min.js",
    "node_modules/world-atlas/countries-50m.json": "countries-50m.json",
    # /docs: Swagger UI, started by static/js/docs.js (the CSP allows no inline script).
    "node_modules/swagger-ui-dist/swagger-ui-bundle.js": "swagger-ui-bundle.js",
    "node_modules/swagger-ui-dist/swagger-ui.css": "swagger-ui.css",
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
