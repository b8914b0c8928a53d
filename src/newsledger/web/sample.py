"""A small store for tests, screenshots and the API benchmark: the bundled examples plus
documents written here, one of them carrying markup that must render inert."""
from __future__ import annotations

import json
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"

# Markup that reaches the stored text as text: HTML entities in a page become literal
# "<script>" after extraction, and JSON Lines text is taken as it is.
XSS_SCRIPT = "<script>alert(1)</script>"
XSS_IMG = "<img src=x onerror=alert(1)>"

HOSTILE_HTML = """<html><head><title>Shells &lt;script&gt;alert(1)&lt;/script&gt; report</title>
<meta property="og:site_name" content="Test Wire"></head><body><article>
<h1>Shells &lt;script&gt;alert(1)&lt;/script&gt; report</h1>
<p>SEOUL, March 12, 2025 - North Korea has sent 2,000 artillery shells to Russia, South Korean officials said on Wednesday.</p>
<p>A reader pasted &lt;script&gt;alert(1)&lt;/script&gt; and &lt;img src=x onerror=alert(1)&gt; into the comments, which the site printed as text.</p>
<p>Officials said more shipments of shells were expected in the coming months, according to the report published on Wednesday.</p>
</article></body></html>
"""

HOSTILE_JSONL = json.dumps({
    "id": "hostile-1", "title": "Troops " + XSS_SCRIPT, "outlet": "Test Wire", "published": "2025-05-07",
    "text": "North Korea has deployed 1,500 more troops to Russia " + XSS_IMG + ", South Korea's spy agency "
            "said on Wednesday. " + XSS_SCRIPT}) + "\n"

SECOND = """North Korea deployed 3,000 more troops to Russia, officials say

SEOUL, April 2, 2025 (Test Wire) - North Korea has deployed 3,000 more troops to Russia, South Korea's spy agency said on Wednesday.

Ukraine's military intelligence said Russia had received at least 10,000 North Korean soldiers since October.
"""

SAMPLE_DOCS = {"hostile.html": HOSTILE_HTML, "hostile.jsonl": HOSTILE_JSONL, "second.txt": SECOND}


def build_sample_store(directory: str | Path, *, examples: Path = EXAMPLES) -> Path:
    """Ingest the examples and the sample documents into `directory`/newsledger.db."""
    from newsledger.pipeline import ingest
    from newsledger.store.sqlite import SQLiteStore
    directory = Path(directory)
    docs = directory / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    for name, text in SAMPLE_DOCS.items():
        (docs / name).write_text(text, encoding="utf-8")
    db = directory / "newsledger.db"
    store = SQLiteStore(db)
    try:
        ingest([*sorted(str(p) for p in examples.glob("*.txt")), str(docs)], store)
    finally:
        store.close()
    return db
