"""Server-side request forgery: every URL fetch (CLI, feeds, web) refuses hosts that are
loopback, private, link-local or reserved unless allowed, re-checks each redirect hop,
and keeps the final URL. A local HTTP server on 127.0.0.1 stands in for an internal service."""
from __future__ import annotations

import functools
import http.server
import json
import socket
import sys
import threading

import httpx
import pytest
from fastapi.testclient import TestClient

from conftest import ROOT
from newsledger.records import RawDocument, Skipped
from newsledger.sources import iter_raw
from newsledger.sources import url as url_module
from newsledger.sources.errors import SourceError
from newsledger.sources.url import Fetcher, resolve_public

SECRET = "internal service: the admin password is hunter2"


@pytest.fixture
def internal(tmp_path, monkeypatch):
    """An 'internal' HTTP service on loopback; /hop redirects to /secret.txt."""
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(var, raising=False)
    (tmp_path / "secret.txt").write_text(SECRET, encoding="utf-8")

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            if self.path == "/hop":
                self.send_response(302)
                self.send_header("Location", "/secret.txt")
                self.end_headers()
                return
            super().do_GET()

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(tmp_path)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


def fetch_all(urls, **options):
    return list(iter_raw(urls, **options))


@pytest.mark.parametrize("template", [
    "http://127.0.0.1:{port}/secret.txt",      # direct
    "http://2130706433:{port}/secret.txt",     # 127.0.0.1 as one decimal number
    "http://0x7f000001:{port}/secret.txt",     # ... and in hex
    "http://[::1]:{port}/secret.txt",          # IPv6 loopback
    "http://localhost:{port}/secret.txt",      # a name that resolves to loopback
    "http://[::ffff:127.0.0.1]:{port}/secret.txt",  # IPv4-mapped IPv6
])
def test_non_public_hosts_are_refused_by_default(internal, template):
    url = template.format(port=internal)
    [item] = fetch_all([url])
    assert isinstance(item, Skipped), item
    assert item.reason.startswith("refused") and "--allow-private-urls" in item.reason
    assert SECRET not in repr(item)


def test_private_hosts_are_fetched_when_allowed(internal):
    [item] = fetch_all([f"http://127.0.0.1:{internal}/hop"], allow_private_urls=True)
    assert isinstance(item, RawDocument) and SECRET in item.text
    assert item.url == f"http://127.0.0.1:{internal}/secret.txt"  # the final URL is recorded


@pytest.mark.parametrize("address", ["10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1",
                                     "0.0.0.0", "224.0.0.1", "240.0.0.1", "fe80::1", "fc00::1", "::"])
def test_every_non_public_range_is_refused(address):
    fake = lambda host, port, **kw: [(socket.AF_INET6 if ":" in address else socket.AF_INET,  # noqa: E731
                                      socket.SOCK_STREAM, 6, "", (address, port))]
    with pytest.raises(SourceError, match="refused"):
        resolve_public("metadata.internal", 80, resolver=fake)
    assert resolve_public("metadata.internal", 80, resolver=fake, allow_private=True) == address


def test_a_name_with_one_private_address_among_public_ones_is_refused():
    fake = lambda host, port, **kw: [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port)),  # noqa: E731
                                     (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]
    with pytest.raises(SourceError, match="refused"):
        resolve_public("rebind.example", 80, resolver=fake)


def _public_names(host, port, **kw):
    table = {"news.example": "93.184.216.34", "cdn.example": "93.184.216.35"}
    if host in table:
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (table[host], port))]
    return socket.getaddrinfo(host, port, **kw)


def test_each_redirect_hop_is_checked_and_the_connection_is_pinned(internal):
    """A public page redirecting (through another public page) to an internal address: the
    internal hop is refused before any request goes to it; every request went to the
    address that was checked, with the name in the Host header."""
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append((request.url.host, request.headers["Host"], request.url.path))
        if request.headers["Host"] == "news.example":
            return httpx.Response(302, headers={"Location": "http://cdn.example/next"})
        if request.headers["Host"] == "cdn.example":
            return httpx.Response(301, headers={"Location": f"http://2130706433:{internal}/secret.txt"})
        return httpx.Response(200, text=SECRET)

    fetcher = Fetcher(transport=httpx.MockTransport(handler), resolver=_public_names)
    with pytest.raises(SourceError, match="refused"):
        fetcher.get("http://news.example/story")
    assert seen == [("93.184.216.34", "news.example", "/story"), ("93.184.216.35", "cdn.example", "/next")]


def test_redirect_loops_and_other_schemes_stop(internal):
    def loop(request: httpx.Request) -> httpx.Response:
        return httpx.Response(302, headers={"Location": "http://news.example/again"})

    with pytest.raises(SourceError, match="redirects"):
        Fetcher(transport=httpx.MockTransport(loop), resolver=_public_names, max_redirects=3).get("http://news.example/")

    def to_file(request: httpx.Request) -> httpx.Response:
        return httpx.Response(302, headers={"Location": "file:///etc/passwd"})

    with pytest.raises(SourceError, match="only http"):
        Fetcher(transport=httpx.MockTransport(to_file), resolver=_public_names).get("http://news.example/")


def test_feed_links_to_internal_addresses_are_not_fetched(internal, tmp_path):
    feed = tmp_path / "feed.rss"
    feed.write_text(f"""<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><title>Inside</title><link>http://127.0.0.1:{internal}/secret.txt</link>
<description>Feed text of the entry, long enough to stand as an article.</description></item>
</channel></rss>""", encoding="utf-8")
    items = fetch_all([str(feed)], fetch_links=True)
    assert all(SECRET not in getattr(i, "text", "") for i in items)


def test_size_cap(internal):
    def big(request):
        return httpx.Response(200, content=b"x" * 5000, headers={"Content-Type": "text/plain"})

    with pytest.raises(SourceError, match="too large"):
        Fetcher(transport=httpx.MockTransport(big), resolver=_public_names, max_bytes=1000).get("http://news.example/")


# -- the web app ------------------------------------------------------------------------------

@pytest.fixture
def web(tmp_path):
    from newsledger.web.app import create_app
    db = tmp_path / "web.db"
    from newsledger.store.sqlite import SQLiteStore
    SQLiteStore(db).close()
    return db, TestClient(create_app(db, allow_ingest=True))


@pytest.mark.parametrize("template", ["http://127.0.0.1:{port}/secret.txt", "http://2130706433:{port}/secret.txt",
                                      "http://[::1]:{port}/secret.txt", "http://localhost:{port}/hop"])
def test_web_ingest_refuses_internal_addresses(internal, web, template):
    db, client = web
    response = client.post("/ingest.json", data={"url": template.format(port=internal)})
    assert response.status_code == 403, response.text
    assert SECRET not in response.text
    from newsledger.store.sqlite import SQLiteStore
    store = SQLiteStore(db)
    try:
        assert store.documents(limit=10) == []
    finally:
        store.close()


def test_web_ingest_keeps_the_url(internal, web, monkeypatch):
    """With the address check satisfied (pretending loopback is public), a document ingested
    by URL through the web keeps its final URL, not `<stdin>`."""
    monkeypatch.setattr(url_module, "_is_public", lambda address: True)
    db, client = web
    response = client.post("/ingest.json", data={"url": f"http://127.0.0.1:{internal}/hop"})
    assert response.status_code == 200, response.text
    assert response.json()["new"] == 1
    from newsledger.store.sqlite import SQLiteStore
    store = SQLiteStore(db)
    try:
        [row] = store.documents(limit=10)
        doc = store.get_document(row["id"])
    finally:
        store.close()
    assert doc.url == f"http://127.0.0.1:{internal}/secret.txt"
    assert doc.source == f"http://127.0.0.1:{internal}/hop"


# -- truncated input ------------------------------------------------------------------------------

def _warc(gz: bool, count: int = 3) -> bytes:
    import io
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gz)
    for number in range(count):
        body = (f"<html><head><title>Report {number}</title></head><body>"
                + f"<p>Officials said {number + 2} convoys reached the border town on Monday. </p>" * 40
                + "</body></html>").encode()
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(f"https://news.example/{number}", "response",
                                                      payload=io.BytesIO(body), http_headers=headers))
    return buffer.getvalue()


@pytest.mark.parametrize("gz", [False, True], ids=["warc", "warc.gz"])
def test_truncated_warc_is_reported_and_no_fragment_is_stored(tmp_path, gz):
    from newsledger.pipeline import ingest
    from newsledger.store.sqlite import SQLiteStore
    whole = _warc(gz)
    name = "crawl.warc.gz" if gz else "crawl.warc"
    cut = tmp_path / "cut" / name
    cut.parent.mkdir()
    cut.write_bytes(whole[: len(whole) // 2])
    items = fetch_all([str(cut)])
    documents = [i for i in items if isinstance(i, RawDocument)]
    skips = [i for i in items if isinstance(i, Skipped)]
    assert len(documents) == 1  # only the record that is complete
    assert any("truncated WARC" in s.reason for s in skips), skips
    # a store: the fragment is never stored; the complete file then adds exactly the rest
    store = SQLiteStore(tmp_path / "ledger.db")
    try:
        first = ingest([str(cut)], store, claims=False)
        assert first.new == 1 and first.skipped >= 1
        complete = tmp_path / "complete" / name
        complete.parent.mkdir()
        complete.write_bytes(whole)
        second = ingest([str(complete)], store, claims=False)
        assert second.new == 2 and second.existing + second.duplicate == 1
        assert len(store.documents(limit=10)) == 3
    finally:
        store.close()


# -- strict JSON, dense figures -----------------------------------------------------------------

def _strict(text: str):
    def refuse(constant):
        raise ValueError(f"non-strict JSON constant {constant}")
    return json.loads(text, parse_constant=refuse)


def test_a_figure_of_hundreds_of_digits_never_becomes_infinity(tmp_path):
    from conftest import run_cli
    huge = "9" * 400
    article = tmp_path / "huge.txt"
    article.write_text(f"Russia sent {huge} troops to Belarus on Monday, the ministry said. "
                       f"Russia also sent 300 tanks to Belarus, officials said.\n", encoding="utf-8")
    [record] = [_strict(line) for line in run_cli("extract", "--format", "jsonl", str(article)).stdout.decode().splitlines()]
    values = [(c.get("quantity") or {}).get("value") for c in record["claims"]]
    assert all(v is None or abs(v) < 2 ** 63 for v in values)
    assert huge not in json.dumps([(c.get("quantity") or {}).get("text") for c in record["claims"]])
    assert 300 in values  # the ordinary figure beside it still makes its claim
    db = tmp_path / "ledger.db"
    run_cli("ingest", str(article), "--db", str(db))
    for command in (["claims"], ["threads"], ["export", "--format", "jsonl", "--what", "facts"]):
        out = run_cli(*command, "--db", str(db), *(["--format", "json"] if command[0] != "export" else [])).stdout
        for line in out.decode().splitlines() if command[0] == "export" else [out.decode()]:
            if line.strip():
                _strict(line)
    rows = run_cli("stage", "quantities", str(article), "--format", "json").stdout
    assert any(row["kind"] == "overflow" and row["value"] is None for row in _strict(rows))


def test_strict_json_helper_replaces_non_finite_figures():
    from newsledger.render import to_json
    assert _strict(to_json({"value": float("inf"), "items": [float("nan"), 1.5]})) == {"value": None, "items": [None, 1.5]}


def test_dense_figures_selection_keeps_disjoint_longest_spans():
    """100 KB of text made only of figures (bench/quantities_dense.py times it): the
    selection keeps disjoint spans, each the longest candidate at its place."""
    sys.path.insert(0, str(ROOT / "bench"))
    from quantities_dense import dense_text
    from newsledger.extract.quantities import _scan
    text = dense_text(100)
    found = _scan(text)
    assert len(found) > 5000
    assert all(a.end <= b.start for a, b in zip(found, found[1:]))
    texts = {text[r.start:r.end] for r in found}
    assert "between 60 and 70 shells" in texts or "between 60 and 70" in texts
    assert "3 to 5 million" in texts


# -- smaller robustness items ------------------------------------------------------------------

def test_mostly_utf8_text_with_a_few_bad_bytes_stays_utf8(tmp_path):
    text = ("Zelensky said the army — with the “support” of partners — would hold Bakhmut. "
            "Café, résumé, naïve, Kharkiv’s mayor. ") * 20
    data = text.encode("utf-8")
    data = data[:60] + b"\x92" + data[60:900] + b"\xe9" + data[900:]
    path = tmp_path / "mixed.txt"
    path.write_bytes(data)
    [item] = fetch_all([str(path)])
    assert isinstance(item, RawDocument) and item.encoding == "utf-8"
    assert "résumé" in item.text and "Kharkiv’s" in item.text and "Ã" not in item.text
    legacy = tmp_path / "legacy.txt"
    legacy.write_bytes("Prix: 5 € à Paris, l'été dernier, selon le ministère.".encode("cp1252"))
    [old] = fetch_all([str(legacy)])
    assert old.text.startswith("Prix: 5 € à Paris")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_text(tmp_path, codec):
    path = tmp_path / "u16.txt"
    path.write_bytes("Troops moved east on Monday, the ministry said. Ukraine’s army held.".encode(codec))
    [item] = fetch_all([str(path)])
    assert isinstance(item, RawDocument), item
    assert item.text.startswith("Troops moved east") and "Ukraine’s" in item.text
    page = tmp_path / "u16.html"
    page.write_bytes(("<html><head><title>Convoy</title></head><body><article>"
                      + "<p>Officials said the convoy of 40 trucks reached the town after a long night.</p>" * 6
                      + "</article></body></html>").encode(codec))
    [html] = fetch_all([str(page)])
    assert isinstance(html, RawDocument) and "convoy of 40 trucks" in html.text


@pytest.mark.parametrize("depth", [300, 3000])
def test_deeply_nested_html_keeps_its_article(tmp_path, depth):
    body = "".join(f"<p>Paragraph {i}: officials said the convoy of 40 trucks reached the town after a long "
                   f"night on the road.</p>" for i in range(8))
    page = tmp_path / "deep.html"
    page.write_text("<html><head><title>Deep</title></head><body>" + "<div>" * depth + "<article>" + body
                    + "</article>" + "</div>" * depth + "</body></html>", encoding="utf-8")
    [item] = fetch_all([str(page)])
    assert isinstance(item, RawDocument), item
    assert "Paragraph 7: officials said" in item.text


def test_pieces_cut_a_very_long_line_and_keep_every_character():
    from newsledger.extract.claims import LONG_LINE_CHARS, PIECE_CHARS, _pieces
    line = "Officials said the convoy reached the town. " * 5000     # 220,000 characters, no line break
    pieces = _pieces(line)
    assert "".join(pieces) == line and len(pieces) > 10
    assert max(len(p) for p in pieces) <= max(LONG_LINE_CHARS, 2 * PIECE_CHARS)
    normal = "A short paragraph.\n" * 10 + "Another line without a break at the end"
    assert _pieces(normal) == [normal]


def test_an_article_over_a_million_characters_gets_its_claims(tmp_path):
    """One line of over 1,000,000 characters (spaCy refuses texts that long): parsed in
    pieces, stored with its claims."""
    from conftest import run_cli
    filler = "The weather was cold and the roads were icy across the whole of the region that week. "
    claims = ["Russia sent 300 tanks to Belarus on Monday, the ministry said. ",
              "North Korea sent 3,000 soldiers to Russia, officials said. "]
    parts, size, n = [], 0, 0
    while size < 1_050_000:
        piece = claims[n // 5000 % 2] if n % 5000 == 0 else filler
        parts.append(piece)
        size += len(piece)
        n += 1
    article = tmp_path / "long.txt"
    article.write_text("".join(parts), encoding="utf-8")
    db = tmp_path / "ledger.db"
    report = json.loads(run_cli("ingest", str(article), "--db", str(db), "--format", "json").stdout)
    report = report[0] if isinstance(report, list) else report
    assert report["new"] == 1 and report["skipped"] == 0, report
    assert report["claims"] >= 2


def test_skip_reasons_are_one_line_each_when_stderr_is_not_a_terminal(tmp_path):
    from conftest import run_cli
    odd = tmp_path / ("a-file-with-a-rather-long-name-" + "x" * 60 + ".bin")
    odd.write_bytes(b"\x00\x01\x02\x03" * 100)
    good = tmp_path / "article.txt"
    good.write_text("Russia sent 300 tanks to Belarus on Monday, officials said.\n", encoding="utf-8")
    result = run_cli("extract", str(odd), str(good), env={"COLUMNS": "40"})
    lines = [l for l in result.stderr.decode().splitlines() if l.strip()]
    assert len(lines) == 1 and "binary file" in lines[0] and odd.name in lines[0]


def test_huge_offsets_and_limits_are_refused_cleanly(tmp_path):
    from conftest import run_cli
    db = tmp_path / "ledger.db"
    run_cli("ingest", str(ROOT / "examples"), "--db", str(db))
    result = run_cli("docs", "--db", str(db), "--offset", "9" * 30, check=False)
    assert result.returncode != 0
    err = result.stderr.decode()
    assert "Traceback" not in err and "OverflowError" not in err and "--offset" in err


def test_web_refuses_impossible_dates_and_finds_entities_with_slashes(tmp_path):
    from newsledger.web.app import create_app
    from newsledger.web.sample import build_sample_store
    db = build_sample_store(tmp_path)
    client = TestClient(create_app(db))
    for bad in ("2024-13-45", "2024-02-30", "2024-13"):
        response = client.get(f"/timeline.json?since={bad}")
        assert response.status_code == 400 and "date" in response.json()["detail"], bad
    assert client.get("/timeline.json?since=2024-02").status_code == 200
    # an entity id with a slash in it: its page and JSON twin are found, not a 404
    import sqlite3
    with sqlite3.connect(db) as conn:
        conn.execute("INSERT INTO entities (id, name, type) VALUES ('org:un/ocha', 'UN OCHA', 'organization')")
    client = TestClient(create_app(db))
    assert client.get("/entity/org:un/ocha.json").json()["entity"]["name"] == "UN OCHA"
    assert client.get("/entity/org:un%2Focha").status_code == 200


def test_truncated_json_lines_keep_only_whole_records(tmp_path):
    import gzip as gz
    lines = [json.dumps({"id": f"a{i}", "text": f"Report {i}: officials said {i + 2} convoys reached the town."})
             for i in range(50)]
    whole = gz.compress(("\n".join(lines) + "\n").encode())
    cut = tmp_path / "feed.jsonl.gz"
    cut.write_bytes(whole[: len(whole) * 2 // 3])
    items = fetch_all([str(cut)])
    documents = [i for i in items if isinstance(i, RawDocument)]
    skips = [i for i in items if isinstance(i, Skipped)]
    assert skips and "truncated" in skips[-1].reason
    texts = {line for line in (json.loads(l)["text"] for l in lines)}
    assert all(d.text in texts for d in documents)       # no fragment of a record
    plain = tmp_path / "cut.jsonl"
    plain.write_text("\n".join(lines[:3]) + "\n" + lines[3][:40], encoding="utf-8")
    items = fetch_all([str(plain)])
    assert [i.text for i in items if isinstance(i, RawDocument)] == [json.loads(l)["text"] for l in lines[:3]]
    assert isinstance(items[-1], Skipped) and items[-1].reason.startswith("not JSON")
