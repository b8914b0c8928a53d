"""The annotated real-news corpus (`annotations/`): articles, splits, checks, scoring texts.

One JSON file per annotated article (`annotations/claims/<name>.json`) holds the gold
claims of that article in the format of ../shared/gold (README.md, CONVENTIONS.md), plus
the article's date, outlet and topic. The texts are not copied from news-bench: they are
read from ../shared/corpora by the article's corpus id and written out for scoring as
`<name>.txt`. Voice of America texts are public domain and are committed under
`annotations/texts/voa/`.

Splits are fixed by a hash of the article name, so an article never moves between
train, dev and test as the corpus grows.
"""
from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from newsledger.records import ITEM_CATEGORIES, MODALITIES

KINDS = ("deploy", "transfer", "casualties", "produce", "agree", "meet", "attack")
CATEGORIES = ITEM_CATEGORIES   # the contract's (records.py)
SPLITS = ("train", "dev", "test")
CLAIM_FIELDS = {"anchor", "kind", "actor", "recipient", "item", "quantity", "quantity_range",
                "approx", "increment", "time", "modality", "origin", "required", "note"}
DOC_FIELDS = {"name", "corpus", "corpus_id", "published", "outlet", "topic", "claims",
              "must_not_claim", "text_must_not_contain", "annotator", "notes"}
TOPICS = ("conflict", "other")
_ISO3 = re.compile(r"^[A-Z]{3}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def split_of(name: str) -> str:
    """train (55 %), dev (20 %) or test (25 %), from a hash of the article name."""
    bucket = int(hashlib.sha256(name.encode("utf-8")).hexdigest()[:8], 16) % 100
    return "train" if bucket < 55 else "dev" if bucket < 75 else "test"


def name_of(corpus: str, corpus_id: str) -> str:
    """File-safe article name: `voa-8011115`, `nb-ukr-20230711T090000Z_UA_en_d995371537`."""
    prefix = {"voa": "voa", "tempeval": "te3", "wikievents": "we", "rams": "rams"}.get(corpus, "nb")
    return f"{prefix}-" + re.sub(r"[^A-Za-z0-9._-]", "-", corpus_id)


@dataclass(frozen=True)
class Article:
    name: str
    corpus: str  # "voa", "news-bench", "tempeval", "wikievents" or "rams"
    corpus_id: str
    title: str | None
    published: str | None
    text: str
    url: str | None = None


class Corpora:
    """The article texts behind the annotations, read from ../shared/corpora."""

    def __init__(self, shared: Path):
        self.shared = Path(shared)
        self.corpora = self.shared / "corpora"

    @property
    def available(self) -> bool:
        return (self.corpora / "news-bench.jsonl.gz").exists() and (self.corpora / "voa").exists()

    def voa(self) -> Iterator[Article]:
        path = self.corpora / "voa" / "voa_stories.jsonl"
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                row = json.loads(line)
                yield Article(name_of("voa", row["id"]), "voa", row["id"], row.get("title"),
                              (row.get("published") or "")[:10] or None, row["text"], row.get("url"))

    def news_bench(self) -> Iterator[Article]:
        with gzip.open(self.corpora / "news-bench.jsonl.gz", "rt", encoding="utf-8") as handle:
            for line in handle:
                row = json.loads(line)
                yield Article(name_of("news-bench", row["id"]), "news-bench", row["id"], row.get("title"),
                              row.get("published"), row["text"],
                              row["source"] if str(row.get("source", "")).startswith("http") else None)

    def tempeval(self) -> Iterator[Article]:
        """The TempEval-3 documents (TimeBank and AQUAINT: WSJ, AP, NYT, ABC, CNN, PRI, VOA and
        Xinhua news of 1989-2000) as plain text, their creation date as the publication date."""
        folder = self.corpora / "tempeval3-dev"
        for path in sorted(folder.glob("*/*.tml"), key=lambda p: p.name):
            published, text = timeml_text(path.read_text(encoding="utf-8"))
            corpus_id = f"{path.parent.name}/{path.stem}"
            yield Article(name_of("tempeval", path.stem), "tempeval", corpus_id, None, published, text)

    def event_datasets(self) -> Iterator[Article]:
        """The news texts of two labelled event datasets: WikiEvents' articles (news cited by
        Wikipedia) and RAMS's five-sentence news windows, their tokens joined back into
        text (`detokenized`), one sentence a paragraph; no publication date."""
        from newsledger import eventsets
        for dataset in ("wikievents", "rams"):
            if not eventsets.available(self.corpora, dataset):
                continue
            for path in eventsets.paths(self.corpora, dataset):
                with path.open(encoding="utf-8") as handle:
                    for line in handle:
                        row = json.loads(line)
                        yield Article(name_of(dataset, row["doc_key"]), dataset, row["doc_key"], None, None,
                                      detokenized_text(row["sentences"]))

    def reserved(self) -> set[str]:
        """Reserved news-bench ids plus every article whose text copies a reserved one."""
        ids = {line.strip() for line in (self.corpora / "RESERVED.txt").read_text().splitlines()
               if line.strip() and not line.startswith("#")}
        rows = list(self.news_bench())
        keys = {_copy_key(a.text) for a in rows if a.corpus_id in ids}
        return ids | {a.corpus_id for a in rows if _copy_key(a.text) in keys}

    def articles(self, names: Iterable[str]) -> dict[str, Article]:
        wanted = set(names)
        found = {a.name: a for a in self.voa() if a.name in wanted}
        if any(name.startswith("te3-") for name in wanted - set(found)):
            found.update({a.name: a for a in self.tempeval() if a.name in wanted})
        if any(name.startswith(("we-", "rams-")) for name in wanted - set(found)):
            found.update({a.name: a for a in self.event_datasets() if a.name in wanted})
        if wanted - set(found):
            found.update({a.name: a for a in self.news_bench() if a.name in wanted})
        return found


# Tokens back into text: the event datasets ship Penn-style tokens ("Armenia ’ s", "6 - year
# - old", "killed , the"). These few rules (the core of Moses' detokenizer) give the text a
# reader and a parser expect; a dependency for them alone was not worth it.
_DETOKENIZE = [
    (re.compile(r" (n['’]t)\b"), r"\1"),
    (re.compile(r" (['’]) ?(s|re|ve|ll|d|m)\b"), r"\1\2"),
    (re.compile(r"(\w) - (?=\w)"), r"\1-"),
    (re.compile(r" ([,.;:!?%)\]’”]|\.\.\.)"), r"\1"),
    (re.compile(r"([(\[“$]) "), r"\1"),
]
_QUOTE_TOKENS = {"``": '"', "''": '"'}
_INITIAL = re.compile(r"\b[A-Z]\.$")   # "U." of a "U.N." the datasets' splitter cut in two


def detokenized(tokens: list[str]) -> str:
    text = " ".join(_QUOTE_TOKENS.get(token, token) for token in tokens)
    for pattern, replacement in _DETOKENIZE:
        text = pattern.sub(replacement, text)
    return text


def detokenized_text(sentences: list[list[str]]) -> str:
    """A dataset's tokenised sentences as text, one sentence a paragraph."""
    out = ""
    for sentence in sentences:
        piece = detokenized(sentence)
        out += ("" if not out else " " if _INITIAL.search(out) else "\n\n") + piece
    return out


_TIMEML_TAG = re.compile(r"<[^>]+>")


def timeml_text(raw: str) -> tuple[str | None, str]:
    """(creation date, plain text) of a TimeML document: the TEXT element without its
    EVENT/TIMEX3/SIGNAL tags, entities unescaped, paragraphs as they stand."""
    import html
    dct = re.search(r"<DCT>.*?value=\"(\d{4}-\d{2}-\d{2})", raw, re.S)
    body = raw[raw.index("<TEXT>") + len("<TEXT>"):raw.index("</TEXT>")]
    return (dct.group(1) if dct else None), html.unescape(_TIMEML_TAG.sub("", body)).strip()


def _copy_key(text: str) -> str:
    """Articles reprinted verbatim (news-bench keeps such copies) share this key."""
    return re.sub(r"\W+", " ", text).strip().casefold()[:400]


def scoring_text(article: Article) -> str:
    """The text written out for scoring: the article, preceded by a `Published:` header
    line when the corpus gives a date (as a page's metadata would); the cleaner removes
    the header and takes the date from it."""
    if article.published:
        return f"Published: {article.published}\n\n{article.text}"
    return article.text


def furniture_of(article: Article) -> list[str]:
    """Text the cleaner moves out of the body, so no anchor may overlap it: a headline
    repeated as the first line (it becomes the title), a KCNA-style dateline prefix."""
    pieces = []
    first = article.text.split("\n", 1)[0].strip()
    if article.title and first and first == article.title.strip():
        pieces.append(first)
    dateline = re.match(r"\s*[A-Z][A-Za-z .'-]{1,40}, [A-Z][a-z]+ \d{1,2} \([A-Z][A-Za-z]+\) ?--", article.text.split("\n\n", 1)[-1])
    if dateline:
        pieces.append(dateline.group(0).strip())
    return pieces


def write_texts(articles: Iterable[Article], folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for article in articles:
        path = folder / f"{article.name}.txt"
        path.write_text(scoring_text(article), encoding="utf-8")
        paths.append(path)
    return paths


# ---------------------------------------------------------------- annotation files

def load_annotations(folder: Path) -> dict[str, dict]:
    docs = {}
    for path in sorted(Path(folder).glob("*.json")):
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}: not JSON: {exc}") from None
        if doc.get("name") != path.stem:
            raise ValueError(f"{path}: 'name' must be the file's stem {path.stem!r}, not {doc.get('name')!r}")
        docs[path.stem] = doc
    return docs


def gold_document(doc: dict) -> dict:
    """One annotation file as a document of a ../shared/gold file."""
    out = {"file": f"{doc['name']}.txt", "published": doc.get("published"), "outlet": doc.get("outlet"),
           "claims": [{k: v for k, v in c.items() if k != "note"} for c in doc.get("claims", [])]}
    for key in ("must_not_claim", "text_must_not_contain"):
        if doc.get(key):
            out[key] = list(doc[key])
    return out


def gold_file(docs: Iterable[dict], about: str) -> dict:
    return {"about": about, "documents": [gold_document(d) for d in docs]}


def counts(docs: Iterable[dict]) -> dict:
    """Articles, required/optional claims, required claims by kind."""
    docs = list(docs)
    by_kind = Counter(c["kind"] for d in docs for c in d.get("claims", []) if c.get("required", True))
    required = sum(by_kind.values())
    total = sum(len(d.get("claims", [])) for d in docs)
    return {"articles": len(docs), "required": required, "optional": total - required,
            "by_kind": {k: by_kind.get(k, 0) for k in KINDS},
            "topics": dict(Counter(d.get("topic", "?") for d in docs))}


# ---------------------------------------------------------------- checks

def _is_window(value) -> bool:
    if not (isinstance(value, list) and len(value) == 2):
        return False
    if not all(v is None or (isinstance(v, str) and _DATE.match(v) and _valid_date(v)) for v in value):
        return False
    return value[0] is None or value[1] is None or value[0] <= value[1]


def _valid_date(value: str) -> bool:
    try:
        dt.date.fromisoformat(value)
        return True
    except ValueError:
        return False


def _party_ok(value) -> bool:
    if value is None:
        return True
    options = value if isinstance(value, list) else [value]
    return bool(options) and all(isinstance(o, str) and o.strip() for o in options)


def check_document(doc: dict, text: str, furniture: Iterable[str] = ()) -> list[str]:
    """Every problem of one annotation file against its article text (empty: sound)."""
    name = doc.get("name", "?")
    problems: list[str] = []

    def bad(message: str) -> None:
        problems.append(f"{name}: {message}")

    for key in set(doc) - DOC_FIELDS:
        bad(f"unknown field {key!r}")
    if doc.get("topic") not in TOPICS:
        bad(f"topic must be one of {TOPICS}, not {doc.get('topic')!r}")
    published = doc.get("published")
    if published is not None and not (isinstance(published, str) and _DATE.match(published) and _valid_date(published)):
        bad(f"published {published!r} is not an ISO date")
    if doc.get("outlet") is not None and not isinstance(doc["outlet"], str):
        bad("outlet must be a string or null")
    furniture = [f for f in furniture if f]
    anchors: Counter = Counter()
    for number, claim in enumerate(doc.get("claims", []), 1):
        where = f"claim {number} ({claim.get('anchor', '')[:40]!r})"
        for key in set(claim) - CLAIM_FIELDS:
            bad(f"{where}: unknown field {key!r}")
        anchor = claim.get("anchor")
        if not isinstance(anchor, str) or not anchor:
            bad(f"{where}: no anchor")
            continue
        anchors[anchor] += 1
        words = len(anchor.split())
        if not 3 <= words <= 14:
            bad(f"{where}: anchor has {words} words (5 to 12 wanted)")
        occurrences = text.count(anchor)
        if occurrences != 1:
            bad(f"{where}: anchor occurs {occurrences} times in the text (exactly once wanted)")
        else:
            at = text.find(anchor)
            for piece in furniture:
                start = text.find(piece)
                while start >= 0:
                    if start < at + len(anchor) and start + len(piece) > at:
                        bad(f"{where}: anchor overlaps furniture {piece!r}")
                    start = text.find(piece, start + 1)
        if claim.get("kind") not in KINDS:
            bad(f"{where}: kind {claim.get('kind')!r} is not one of {KINDS}")
        item = claim.get("item")
        items = item if isinstance(item, list) else [item] if item is not None else []
        for category in items:
            if category not in CATEGORIES:
                bad(f"{where}: item category {category!r} is not one of {CATEGORIES}")
        for party in ("actor", "recipient"):
            if not _party_ok(claim.get(party)):
                bad(f"{where}: {party} must be a code or name, a list of them, or null")
        modality = claim.get("modality")
        if not (isinstance(modality, list) and modality and all(m in MODALITIES for m in modality)):
            bad(f"{where}: modality must be a non-empty list of {MODALITIES}")
        quantity = claim.get("quantity", "absent")
        if quantity == "absent":
            bad(f"{where}: quantity missing (null when the text gives no figure)")
        elif quantity is not None and (isinstance(quantity, bool) or not isinstance(quantity, (int, float)) or quantity < 0):
            bad(f"{where}: quantity must be a non-negative number or null")
        if quantity is None and (claim.get("approx") or claim.get("increment")):
            bad(f"{where}: approx and increment qualify a figure; with quantity null leave them out")
        if "quantity_range" in claim:
            rng = claim["quantity_range"]
            if quantity in (None, "absent") or not (isinstance(rng, list) and len(rng) == 2
                                                    and all(isinstance(v, (int, float)) for v in rng)
                                                    and rng[0] <= quantity <= rng[1]):
                bad(f"{where}: quantity_range must be [low, high] around the quantity")
        for flag in ("approx", "increment", "required"):
            if flag in claim and not isinstance(claim[flag], bool):
                bad(f"{where}: {flag} must be true or false")
        if "time" in claim and not _is_window(claim["time"]):
            bad(f"{where}: time must be [start, end] ISO dates (null for an open end), start <= end")
        if "origin" in claim and not (isinstance(claim["origin"], list) and claim["origin"]
                                      and all(isinstance(o, str) and o for o in claim["origin"])):
            bad(f"{where}: origin must be a non-empty list of names")
    for anchor, seen in anchors.items():
        if seen > 1:
            bad(f"anchor {anchor[:40]!r} used by {seen} claims (anchors must be unique in a file)")
    for banned in doc.get("must_not_claim", []):
        if not isinstance(banned, str) or banned not in text:
            bad(f"must_not_claim {banned!r} does not occur in the text")
    if not problems:
        for anchor in _not_self_matching(doc, text):
            bad(f"a prediction stating exactly the gold does not match {anchor[:40]!r}: an overlapping "
                "claim of the same kind accepts its item and figure too; narrow an item list or part the anchors")
    return problems


def _not_self_matching(doc: dict, text: str) -> list[str]:
    """Anchors that the gold-built prediction fails to match (the scorer pairs greedily)."""
    from newsledger.evaluation import score_document
    gold = gold_document(doc)
    result = score_document(prediction_from_gold(doc, text), {**gold, "claims": [
        {**c, "required": True} for c in gold["claims"]]})
    return [m.split("  [")[0] for m in result["misses"]]


# ---------------------------------------------------------------- gold as a prediction

def _entity(value) -> dict | None:
    if value is None:
        return None
    first = value[0] if isinstance(value, list) else value
    if _ISO3.match(first):
        return {"name": first, "type": "country", "iso3": first, "text": first}
    return {"name": first, "type": "organization", "text": first}


def prediction_from_gold(doc: dict, text: str) -> dict:
    """A document record (../shared/spec/CLAIMS.md) that states exactly the gold claims:
    scored against the gold it must give 1.0, and scored against another annotator's gold
    it measures agreement."""
    claims = []
    golds = doc.get("claims", [])
    spans = [(text.find(g["anchor"]), text.find(g["anchor"]) + len(g["anchor"])) for g in golds]
    for number, gold in enumerate(golds):
        at, end = spans[number]
        if at < 0:
            continue
        # Like a sentence a system would cite, the evidence spans the whole chain of
        # overlapping anchors of the same kind (a list): each item then finds its prediction
        # whichever the scorer pairs first.
        grown = True
        while grown:
            grown = False
            for other, (o_start, o_end) in zip(golds, spans):
                if (other["kind"] == gold["kind"] and o_start >= 0 and o_start < end and o_end > at
                        and (o_start < at or o_end > end)):
                    at, end, grown = min(at, o_start), max(end, o_end), True
        item = gold.get("item")
        category = item[0] if isinstance(item, list) else item
        quantity = None
        if gold.get("quantity") is not None:
            quantity = {"value": gold["quantity"], "low": None, "high": None,
                        "approx": bool(gold.get("approx")), "increment": bool(gold.get("increment")),
                        "text": str(gold["quantity"])}
        window = gold.get("time")
        time = None
        if window:
            time = {"start": window[0], "end": window[1], "granularity": "unknown", "text": ""}
        attribution = [{"name": gold["origin"][0], "type": "group", "text": gold["origin"][0]}] if gold.get("origin") else []
        claims.append({
            "id": f"c{number}", "kind": gold["kind"], "actor": _entity(gold.get("actor")),
            "recipient": _entity(gold.get("recipient")),
            "item": {"category": category, "name": category, "text": category} if category else None,
            "quantity": quantity, "time": time, "location": None, "attribution": attribution,
            "modality": gold["modality"][0], "reported": doc.get("published"),
            "evidence": {"start": at, "end": end, "text": text[at:end]},
            "confidence": 1.0, "extractor": "gold"})
    return {"id": doc["name"], "source": f"{doc['name']}.txt", "title": None,
            "published": doc.get("published"), "published_basis": "metadata", "outlet": doc.get("outlet"),
            "language": "en", "text": text, "claims": claims}
