"""Tests of the input readers (newsledger.sources) on real files written here."""
from __future__ import annotations

import functools
import gzip
import http.server
import io
import json
import os
import threading
import time
from pathlib import Path

import pytest

from newsledger.records import RawDocument, Skipped
from newsledger.sources import STDIN_SOURCE, SourceError, iter_raw, read_text_file
from newsledger.sources.detect import Kind, sniff

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"

PARAGRAPHS = [
    "North Korea has sent thousands of soldiers to Russia in exchange for drone technology, "
    "according to officials in Seoul who spoke on condition of anonymity on Tuesday.",
    "The agreement, reached last year, also covers artillery shells and ballistic missiles, "
    "the officials said, adding that the first deliveries began in the autumn.",
    "Analysts said the exchange marked a deepening of military ties between the two states "
    "and warned that the technology could help Pyongyang build its own drone fleet.",
    "Moscow has denied receiving any weapons from Pyongyang, while the foreign ministry in "
    "Seoul summoned the Russian ambassador to protest against the cooperation.",
]


def article_html(title: str = "Drones for soldiers: the deal between Pyongyang and Moscow",
                 paragraphs: list[str] = PARAGRAPHS, site: str = "The Daily Ledger",
                 date: str = "2025-02-03") -> str:
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{title} | {site}</title>
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="{site}">
<meta property="article:published_time" content="{date}T08:30:00Z">
</head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World news menu</a></li>
<li><a href="/sport">Sport section link</a></li></ul></nav></header>
<main><article><h1>{title}</h1>
{body}
</article></main>
<aside class="related"><h3>Related</h3><ul><li><a href="/x">Unrelated teaser headline one</a></li></ul></aside>
<footer><p>Copyright 2025 Footer Media Group. All rights reserved.</p>
<a href="/privacy">Privacy policy</a></footer>
</body></html>"""


def run(paths, **kwargs) -> list[RawDocument | Skipped]:
    return list(iter_raw([str(p) for p in paths], **kwargs))


def docs(items) -> list[RawDocument]:
    return [i for i in items if isinstance(i, RawDocument)]


def skips(items) -> list[Skipped]:
    return [i for i in items if isinstance(i, Skipped)]


def only(items, kind):
    assert len(items) == 1, items
    assert isinstance(items[0], kind), items
    return items[0]


# -- plain text --------------------------------------------------------------------------

@pytest.mark.parametrize("path", sorted(SHARED.glob("seeds/*.txt")) or [None])
def test_seed_files_read_as_plain_text_unchanged(path):
    if path is None:
        pytest.skip("../shared/seeds absent")
    doc = only(run([path]), RawDocument)
    assert doc.text == path.read_text(encoding="utf-8")
    assert doc.encoding == "utf-8" and doc.source == str(path)


@pytest.mark.parametrize("encoding,text", [
    ("cp1251", "Пхеньян направил тысячи военнослужащих в Россию в обмен на технологии "
               "производства беспилотников, сообщили в четверг источники в Сеуле. " * 3),
    ("latin-1", "Le Café de la Paix a été fermé après l'été; les élèves français sont déjà "
                "partis à la mer où il fait très chaud. " * 3),
    ("shift_jis", "北朝鮮はロシアと共同開発した無人機を今年中にも生産する見通しだと伝えられた。" * 3),
])
def test_legacy_encodings_are_detected(tmp_path, encoding, text):
    path = tmp_path / f"{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    doc = only(run([path]), RawDocument)
    assert doc.text == text
    assert doc.encoding


def test_bom_is_removed_and_text_kept(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffHeadline\r\n\r\nBody  text with   spaces.\n".encode("utf-8"))
    doc = only(run([path]), RawDocument)
    assert doc.text == "Headline\r\n\r\nBody  text with   spaces.\n"
    utf16 = tmp_path / "utf16.txt"
    utf16.write_bytes("Zwei Sätze. Noch einer.".encode("utf-16"))
    assert only(run([utf16]), RawDocument).text == "Zwei Sätze. Noch einer."


@pytest.mark.parametrize("name,data,reason", [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"  \n\t\n  ", "empty file"),
    ("binary.bin", bytes(range(256)) * 10, "binary file"),
    ("image.txt", b"\x89PNG\r\n\x1a\n" + b"\x12\x34" * 100, "binary file"),
    ("bad-utf8.txt", b"\xef\xbb\xbfok then \xff\xfe\xc3\x28 broken", "undecodable text"),
])
def test_bad_files_are_skipped(tmp_path, name, data, reason):
    path = tmp_path / name
    path.write_bytes(data)
    skip = only(run([path]), Skipped)
    assert skip.source == str(path)
    assert skip.reason.startswith(reason), skip.reason
    assert "\n" not in skip.reason


def test_missing_and_unreadable_paths(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("A short but perfectly fine text.", encoding="utf-8")
    items = run([tmp_path / "nope.txt", good])
    assert isinstance(items[0], Skipped) and items[0].reason == "not found"
    assert isinstance(items[1], RawDocument)
    if os.geteuid() == 0:
        return  # root reads anything
    locked = tmp_path / "locked.txt"
    locked.write_text("secret", encoding="utf-8")
    locked.chmod(0)
    try:
        skip = only(run([locked]), Skipped)
        assert skip.reason == "unreadable: permission denied"
    finally:
        locked.chmod(0o600)


# -- HTML --------------------------------------------------------------------------------

def test_html_page_body_date_title_outlet(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(article_html(), encoding="utf-8")
    doc = only(run([path]), RawDocument)
    for paragraph in PARAGRAPHS:
        assert paragraph in doc.text
    assert "\n\n" in doc.text  # paragraphs stay separated
    for furniture in ("World news menu", "Sport section link", "Footer Media Group", "Privacy policy"):
        assert furniture not in doc.text
    assert doc.published == "2025-02-03"
    assert doc.title == "Drones for soldiers: the deal between Pyongyang and Moscow"
    assert doc.outlet == "The Daily Ledger"
    assert doc.html is None and doc.encoding == "utf-8"


def test_html_in_a_txt_file_is_html(tmp_path):
    path = tmp_path / "saved.txt"
    path.write_text(article_html(), encoding="utf-8")
    doc = only(run([path]), RawDocument)
    assert "<p>" not in doc.text and PARAGRAPHS[0] in doc.text


def test_html_legacy_charset_from_meta(tmp_path):
    text = "Le ministère a été informé à l'aube, a déclaré le porte-parole du gouvernement français. "
    page = article_html(paragraphs=[text * 2] + PARAGRAPHS).replace('charset="utf-8"', 'charset="windows-1252"')
    path = tmp_path / "fr.html"
    path.write_bytes(page.encode("cp1252"))
    doc = only(run([path]), RawDocument)
    assert text.strip() in doc.text
    assert doc.encoding == "cp1252"


@pytest.mark.parametrize("html", [
    "<html><body><div><p>" + PARAGRAPHS[0] + "<p>" + PARAGRAPHS[1] + "<div><span",  # truncated
    "<html><head><title>x</title></head><body><p>Too short.</body></html>",
    "<<<>>><html<body></p></div></html>",
    "<html>" + "<div>" * 5000 + "deep" + "</div>" * 10 + "</html>",
])
def test_malformed_html_never_raises(tmp_path, html):
    path = tmp_path / "bad.html"
    path.write_text(html, encoding="utf-8")
    item = only(run([path]), (RawDocument, Skipped))
    if isinstance(item, RawDocument):
        assert item.text.strip()
    else:
        assert item.reason == "no article text found in HTML"


def test_truncated_html_keeps_text(tmp_path):
    page = article_html()
    path = tmp_path / "cut.html"
    path.write_text(page[: page.index(PARAGRAPHS[3]) + 40], encoding="utf-8")
    doc = only(run([path]), RawDocument)
    assert PARAGRAPHS[0] in doc.text


# -- JSON Lines --------------------------------------------------------------------------

def jsonl_lines() -> list[str]:
    return [
        json.dumps({"id": "a1", "text": "First article text. It has two sentences.", "title": "First",
                    "outlet": "Wire", "published": "2024-05-07T21:45:00Z", "url": "https://example.org/a1"}),
        "this is not json {",
        "",
        json.dumps({"id": 2, "title": "No body"}),
        json.dumps({"html": article_html(), "url": "https://news.example.com/story"}),
        json.dumps(["a", "list"]),
        json.dumps({"text": "Third text with no id.", "published": "7 May 2024"}),
    ]


def check_jsonl(items, source):
    assert len(items) == 6
    first, bad, nobody, html_doc, listed, third = items
    assert isinstance(first, RawDocument)
    assert (first.source, first.source_id, first.title, first.outlet, first.published, first.url) == (
        f"{source}:1", "a1", "First", "Wire", "2024-05-07", "https://example.org/a1")
    assert first.text == "First article text. It has two sentences."
    assert isinstance(bad, Skipped) and bad.source == f"{source}:2" and bad.reason.startswith("not JSON")
    assert isinstance(nobody, Skipped) and nobody.source == f"{source}:4"
    assert nobody.reason == "no text or html field"
    assert isinstance(html_doc, RawDocument) and html_doc.source == f"{source}:5"
    assert PARAGRAPHS[2] in html_doc.text and "Privacy policy" not in html_doc.text
    assert html_doc.published == "2025-02-03" and html_doc.outlet == "The Daily Ledger"
    assert isinstance(listed, Skipped) and "not a JSON object" in listed.reason
    assert isinstance(third, RawDocument) and third.source == f"{source}:7"
    assert third.published == "7 May 2024" and third.source_id is None


def test_jsonl(tmp_path):
    path = tmp_path / "articles.jsonl"
    path.write_text("\n".join(jsonl_lines()) + "\n", encoding="utf-8")
    check_jsonl(run([path]), str(path))


def test_jsonl_gz(tmp_path):
    path = tmp_path / "articles.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as f:
        f.write("\n".join(jsonl_lines()) + "\n")
    check_jsonl(run([path]), str(path))


def test_truncated_jsonl_gz_keeps_earlier_lines(tmp_path):
    lines = [json.dumps({"id": i, "text": f"Article number {i}. " * 50}) for i in range(200)]
    data = gzip.compress(("\n".join(lines) + "\n").encode())
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    items = run([path])
    assert len(docs(items)) > 10
    assert isinstance(items[-1], Skipped) and items[-1].source == str(path)


@pytest.mark.corpus
def test_news_bench_jsonl_reads_without_error():
    path = SHARED / "corpora" / "news-bench.jsonl.gz"
    if not path.exists():
        pytest.skip("../shared/corpora/news-bench.jsonl.gz absent")
    n = 0
    for item in iter_raw([str(path)]):
        assert isinstance(item, RawDocument) and item.text, item
        n += 1
        if n == 300:
            break
    assert n == 300


# -- WARC --------------------------------------------------------------------------------

def write_warc(path: Path, gz: bool) -> list[str]:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    ids = []
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=gz)
        request = writer.create_warc_record(
            "https://news.example.com/one", "request",
            payload=io.BytesIO(b"GET /one HTTP/1.1\r\nHost: news.example.com\r\n\r\n"))
        writer.write_record(request)
        for n, (url, title) in enumerate([("https://news.example.com/one", "First story of the day"),
                                           ("https://other.example.org/two", "Second story of the day")]):
            body = article_html(title=title, site="Example News",
                                paragraphs=[f"Story {n}: {p}" for p in PARAGRAPHS]).encode("utf-8")
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                                  ("Content-Length", str(len(body)))], protocol="HTTP/1.1")
            record = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers)
            writer.write_record(record)
            ids.append(record.rec_headers.get_header("WARC-Record-ID"))
        png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
        headers = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record("https://news.example.com/logo.png", "response",
                                                      payload=io.BytesIO(png), http_headers=headers))
    return ids


@pytest.mark.parametrize("gz", [True, False])
def test_warc(tmp_path, gz):
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    ids = write_warc(path, gz)
    items = run([path])
    assert [type(i) for i in items] == [RawDocument, RawDocument], items
    one, two = items
    assert (one.source, one.source_id, one.url) == (ids[0], ids[0], "https://news.example.com/one")
    assert two.url == "https://other.example.org/two" and two.source == ids[1]
    assert f"Story 0: {PARAGRAPHS[1]}" in one.text and "Footer Media Group" not in one.text
    assert one.title == "First story of the day" and one.outlet == "Example News"
    assert one.published == "2025-02-03"


def test_corrupt_warc_keeps_documents_already_read(tmp_path):
    path = tmp_path / "crawl.warc"
    write_warc(path, gz=False)
    data = path.read_bytes()
    second = data.index(b"WARC/1", data.index(b"Story 0"))
    broken = tmp_path / "broken.warc"
    broken.write_bytes(data[:second] + b"this is not a WARC record\r\n\r\n" + b"junk" * 50)
    items = run([broken])
    assert isinstance(items[0], RawDocument)
    assert isinstance(items[-1], Skipped) and items[-1].source == str(broken)
    assert items[-1].reason.startswith("corrupt WARC")
    gz = tmp_path / "broken.warc.gz"
    write_warc(gz, gz=True)
    gz.write_bytes(gz.read_bytes()[:-200])
    items = run([gz])
    assert any(isinstance(i, RawDocument) for i in items)
    assert all(isinstance(i, (RawDocument, Skipped)) for i in items)


# -- feeds -------------------------------------------------------------------------------

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Ledger World</title><link>https://ledger.example/</link>
<description>World news</description>
<item><title>Troops sent east</title><link>{base}/article.html</link><guid isPermaLink="false">ledger-1</guid>
<pubDate>Tue, 04 Feb 2025 10:00:00 GMT</pubDate>
<description>&lt;p&gt;Thousands of soldiers were sent east.&lt;/p&gt;&lt;p&gt;Officials confirmed it.&lt;/p&gt;</description></item>
<item><title>Shells delivered</title><link>{base}/missing.html</link><guid isPermaLink="false">ledger-2</guid>
<pubDate>Wed, 05 Feb 2025 10:00:00 GMT</pubDate>
<description>Artillery shells were delivered by rail.</description></item>
<item><title>Empty one</title><guid isPermaLink="false">ledger-3</guid></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Ledger</title><id>urn:atom-ledger</id>
<updated>2025-02-06T12:00:00Z</updated>
<entry><title>Drone deal</title><id>urn:entry:1</id><link href="https://atom.example/drones"/>
<updated>2025-02-06T12:00:00Z</updated><published>2025-02-01T09:00:00Z</published>
<summary>Short summary.</summary>
<content type="html">&lt;p&gt;The drone deal was signed.&lt;/p&gt;&lt;p&gt;Production starts this year.&lt;/p&gt;</content>
</entry>
<entry><title>Only updated</title><id>urn:entry:2</id><link href="https://atom.example/two"/>
<updated>2025-02-07T12:00:00Z</updated><content type="text">Plain text content.</content></entry>
</feed>"""


def test_rss_feed(tmp_path):
    path = tmp_path / "world.rss"
    path.write_text(RSS.format(base="https://ledger.example"), encoding="utf-8")
    items = run([path])
    first, second, empty = items
    assert isinstance(first, RawDocument) and first.source == f"{path}#1"
    assert first.text == "Thousands of soldiers were sent east.\n\nOfficials confirmed it."
    assert (first.title, first.url, first.published, first.source_id, first.outlet) == (
        "Troops sent east", "https://ledger.example/article.html", "2025-02-04", "ledger-1", "Ledger World")
    assert isinstance(second, RawDocument) and second.text == "Artillery shells were delivered by rail."
    assert isinstance(empty, Skipped) and empty.reason == "feed entry has no text"


def test_atom_feed(tmp_path):
    path = tmp_path / "atom.xml"
    path.write_text(ATOM, encoding="utf-8")
    one, two = run([path])
    assert one.text == "The drone deal was signed.\n\nProduction starts this year."
    assert (one.published, one.url, one.title, one.source_id) == (
        "2025-02-01", "https://atom.example/drones", "Drone deal", "urn:entry:1")
    assert two.text == "Plain text content." and two.published == "2025-02-07"


def test_malformed_feed_is_skipped(tmp_path):
    path = tmp_path / "bad.xml"
    path.write_text('<?xml version="1.0"?><rss version="2.0"><channel><item><title>x</title></channel>',
                    encoding="utf-8")
    skip = only(run([path]), Skipped)
    assert skip.reason.startswith("malformed XML")


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>bomb</title>
<item><title>&lol9;</title><description>&lol9;</description></item></channel></rss>"""


@pytest.mark.parametrize("name", ["bomb.xml", "bomb.rss", "bomb.txt"])
def test_billion_laughs_feed_is_skipped_quickly(tmp_path, name):
    path = tmp_path / name
    path.write_text(BILLION_LAUGHS, encoding="utf-8")
    start = time.perf_counter()
    skip = only(run([path]), Skipped)
    assert time.perf_counter() - start < 2
    assert skip.reason.startswith("XML entity expansion forbidden")


def test_external_entity_feed_is_skipped(tmp_path):
    path = tmp_path / "xxe.xml"
    path.write_text('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                    '<rss version="2.0"><channel><item><description>&x;</description></item></channel></rss>',
                    encoding="utf-8")
    skip = only(run([path]), Skipped)
    assert "forbidden" in skip.reason


# -- stdin, folders ----------------------------------------------------------------------

def test_stdin_text_and_html():
    items = run(["-"], stdin=io.BytesIO("Text from a pipe.\n".encode()))
    doc = only(items, RawDocument)
    assert doc.text == "Text from a pipe.\n" and doc.source == STDIN_SOURCE
    html_doc = only(run(["-"], stdin=io.BytesIO(article_html().encode())), RawDocument)
    assert PARAGRAPHS[0] in html_doc.text and html_doc.outlet == "The Daily Ledger"


class _Pipe(io.RawIOBase):
    """A non-seekable stream, like a real pipe."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        chunk = self._data.read(min(len(buffer), 1000))  # short reads, as pipes do
        buffer[: len(chunk)] = chunk
        return len(chunk)


def test_stdin_pipe_jsonl_gz():
    data = gzip.compress(("\n".join(jsonl_lines()) + "\n").encode())
    check_jsonl(run(["-"], stdin=_Pipe(data)), STDIN_SOURCE)


def test_folder_recursive_sorted_hidden_skipped(tmp_path):
    root = tmp_path / "corpus"
    (root / "b" / "deep").mkdir(parents=True)
    (root / ".hidden-dir").mkdir()
    (root / "a.txt").write_text("Alpha text.", encoding="utf-8")
    (root / "b" / "c.txt").write_text("Charlie text.", encoding="utf-8")
    (root / "b" / "deep" / "d.html").write_text(article_html(), encoding="utf-8")
    (root / "b" / "empty.txt").write_bytes(b"")
    (root / "e.txt").write_text("Echo text.", encoding="utf-8")
    (root / ".secret.txt").write_text("Hidden text.", encoding="utf-8")
    (root / ".hidden-dir" / "x.txt").write_text("Hidden too.", encoding="utf-8")
    items = run([root])
    assert [i.source for i in items] == [str(root / p) for p in
                                         ("a.txt", "b/c.txt", "b/deep/d.html", "b/empty.txt", "e.txt")]
    assert [type(i) for i in items] == [RawDocument, RawDocument, RawDocument, Skipped, RawDocument]
    assert not any("Hidden" in (getattr(i, "text", "") or "") for i in items)


# -- http(s) -----------------------------------------------------------------------------

@pytest.fixture()
def http_root(tmp_path, monkeypatch):
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(var, raising=False)
    site = tmp_path / "site"
    site.mkdir()

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):  # keep test output quiet
            pass

        def do_GET(self):
            if self.path == "/redirect":
                self.send_response(302)
                self.send_header("Location", "/article.html")
                self.end_headers()
                return
            super().do_GET()

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    (site / "article.html").write_text(article_html(), encoding="utf-8")
    (site / "plain").write_bytes("Plain text over HTTP.".encode())
    (site / "feed.rss").write_text(RSS.format(base=base), encoding="utf-8")
    try:
        yield base, site
    finally:
        server.shutdown()
        server.server_close()


def test_url_html_text_and_errors(http_root):
    base, _ = http_root
    items = run([f"{base}/article.html", f"{base}/plain", f"{base}/missing", f"{base}/redirect",
                 "http://127.0.0.1:9/closed"], allow_private_urls=True)
    page, plain, missing, redirected, closed = items
    assert isinstance(page, RawDocument) and page.source == f"{base}/article.html"
    assert PARAGRAPHS[3] in page.text and page.url == f"{base}/article.html"
    assert page.published == "2025-02-03" and page.outlet == "The Daily Ledger"
    assert isinstance(plain, RawDocument) and plain.text == "Plain text over HTTP."
    assert isinstance(missing, Skipped) and missing.reason.startswith("HTTP 404")
    assert isinstance(redirected, RawDocument) and redirected.url == f"{base}/article.html"
    assert isinstance(closed, Skipped) and closed.reason.startswith("network error")


def test_url_feed_with_and_without_fetch_links(http_root):
    base, _ = http_root
    plain = run([f"{base}/feed.rss"], allow_private_urls=True)
    assert plain[0].text == "Thousands of soldiers were sent east.\n\nOfficials confirmed it."
    fetched = run([f"{base}/feed.rss"], fetch_links=True, allow_private_urls=True)
    first, second, empty = fetched
    assert PARAGRAPHS[0] in first.text and first.title == "Troops sent east"
    assert first.published == "2025-02-04"  # the feed's date wins over the page's
    assert first.source == f"{base}/feed.rss#1" and first.source_id == "ledger-1"
    # the link is a 404: the entry keeps its feed text
    assert second.text == "Artillery shells were delivered by rail."
    assert isinstance(empty, Skipped)


# -- sniffing ----------------------------------------------------------------------------

@pytest.mark.parametrize("head,name,kind", [
    (b"WARC/1.0\r\n", "x", Kind.WARC),
    (b'{"text": "a"}\n', "x.txt", Kind.JSONL),
    (b"{\n  \"a\": 1\n}", "x.json", Kind.JSON),
    (b"<?xml version='1.0'?><rss version='2.0'>", "x.txt", Kind.FEED),
    (b"<feed xmlns='http://www.w3.org/2005/Atom'>", "x", Kind.FEED),
    (b"<?xml version='1.0'?><html xmlns='http://www.w3.org/1999/xhtml'>", "x.xml", Kind.HTML),
    (b"<?xml version='1.0'?><svg/>", "x.svg", Kind.XML),
    (b"\n  <!doctype html><html>", "x.txt", Kind.HTML),
    (b"Some text <with> brackets", "x.html", Kind.TEXT),
    (b"<b>bold</b> opening, then prose", "x.html", Kind.HTML),
    (b"Plain words.", "x.html", Kind.TEXT),
    (b"   ", "x", Kind.EMPTY),
    (b"\x00\x01\x02", "x.txt", Kind.BINARY),
])
def test_sniff(head, name, kind):
    assert sniff(head, name=name) is kind


@pytest.mark.corpus
def test_benchmark_pages_give_text():
    corpus = SHARED / "corpora" / "article-extraction-benchmark" / "html"
    if not corpus.exists():
        pytest.skip("../shared/corpora/article-extraction-benchmark absent")
    pages = sorted(corpus.glob("*.html.gz"))[:5]
    items = run(pages)
    assert all(isinstance(i, RawDocument) and len(i.text) > 200 and i.title for i in items), items


def test_read_text_file(tmp_path):
    path = tmp_path / "one.txt"
    path.write_bytes("Один текст.".encode("cp1251") * 20)
    assert read_text_file(path) == "Один текст." * 20
    page = tmp_path / "page.html"
    page.write_text(article_html(), encoding="utf-8")
    assert PARAGRAPHS[0] in read_text_file(page)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(SourceError, match="empty file"):
        read_text_file(empty)
