#!/usr/bin/env python3
"""The annotated real-news corpus under annotations/: select, show, check, write, build.

    python scripts/annotations.py select            # (once) annotations/articles.tsv
    python scripts/annotations.py show NAME         # an article's text, as annotators read it
    python scripts/annotations.py check [NAME ...]  # verify annotation files (all by default)
    python scripts/annotations.py texts DIR [--split S]   # write <name>.txt files for scoring
    python scripts/annotations.py consistency       # decision 28 over every file of claims/
    python scripts/annotations.py build             # annotations/gold/{train,dev,test}.gold.json
    python scripts/annotations.py agreement         # second pass against first, both ways
    python scripts/annotations.py stats             # counts by split, kind and source

The texts come from ../shared/corpora (news-bench is never copied; VOA stories are public
domain and committed under annotations/texts/voa/). The logic lives in newsledger.goldset.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsledger import goldset  # noqa: E402

ANN = ROOT / "annotations"
SHARED = ROOT.parent / "shared"
MANIFEST = ANN / "articles.tsv"
FIRST = ANN / "claims"
SECOND = ANN / "second"
FIRST_PASS = ANN / "first-pass"  # the first passes of the doubly annotated articles, before adjudication
GOLD = ANN / "gold"
VOA_TEXTS = ANN / "texts" / "voa"
SCORER = SHARED / "eval" / "score.py"

# Keyword cues used only to stratify the selection (never to annotate).
CONFLICT_CUES = re.compile(
    r"\b(troops?|soldiers?|military|missiles?|drones?|weapons?|shells?|artillery|ammunition|"
    r"killed|wounded|strikes?|attack\w*|deliver\w*|aid|deploy\w*|talks|summit|visit\w*|"
    r"agreement|treaty|produc\w*|factory|munitions?|sanctions?|ceasefire|army|forces)\b", re.I)
PRODUCE_CUES = re.compile(r"\b(produc\w*|manufactur\w*|mass-produc\w*|assembl(?:e|ed|es|ing|y)|output|"
                          r"factory|factories|plant)\b", re.I)
AGREE_CUES = re.compile(r"\b(agreement|agreed|treaty|accord|pact|memorandum|signed|deal)\b", re.I)
WAVE2 = {"produce-focus": 50, "agree-focus": 40, "kcna-russia": 25, "ukr-extra": 20}
WAVE3 = {"ukr-dense": 40, "kcna-military": 30}
EXCLUDED_SOURCES_FILE = ROOT / "bench" / "gold" / "newsbench.gold.json"


def _stable(seed: str, name: str) -> str:
    return hashlib.sha256(f"{seed}:{name}".encode()).hexdigest()


def _unchosen(corpora, reserved: set[str], rows: list, tuned: set[str] | None):
    """news-bench articles not reserved, not chosen yet (`rows`), each text once, and not
    among the `tuned` sources when given, in corpus order."""
    chosen = {cid for _, _, cid, _ in rows}
    seen_texts: set[str] = set()
    for article in corpora.news_bench():
        cid = article.corpus_id
        key = goldset._copy_key(article.text)
        if cid in reserved or cid in chosen or key in seen_texts:
            continue
        seen_texts.add(key)
        if tuned is not None and ((article.url and article.url in tuned) or cid + ".txt" in tuned):
            continue
        yield article


def select(args) -> int:
    corpora = goldset.Corpora(SHARED)
    reserved = corpora.reserved()
    # Articles an earlier session tuned on (bench/gold) stay out of the new corpus.
    tuned = set()
    if EXCLUDED_SOURCES_FILE.exists():
        tuned = {d["source"] for d in json.loads(EXCLUDED_SOURCES_FILE.read_text())["documents"]}
    rows: list[tuple[str, str, str, str]] = []  # name, corpus, corpus_id, stratum
    for article in corpora.voa():
        cues = len(CONFLICT_CUES.findall(article.text))
        rows.append((article.name, "voa", article.corpus_id, "voa-conflict" if cues >= 8 else "voa-other"))
    seen_texts: set[str] = set()
    pools: dict[str, list] = {"ukr": [], "kcna-diplomacy": [], "kcna-industry": [], "bbc-other": []}
    for article in corpora.news_bench():
        cid = article.corpus_id
        key = goldset._copy_key(article.text)
        if cid in reserved or key in seen_texts:
            continue
        seen_texts.add(key)
        words = len(article.text.split())
        source_path = cid + ".txt" if not cid.startswith("kcna") else None
        if (source_path and source_path in tuned) or (article.url and article.url in tuned):
            continue
        if not 120 <= words <= 1400:
            continue
        title = (article.title or "").lower()
        if cid.startswith("ukr/") and len(CONFLICT_CUES.findall(article.text)) >= 6:
            pools["ukr"].append(article)
        elif cid.startswith("kcna/") and re.search(r"russia|delegation|visit|talks|meet|agreement|treaty", title):
            pools["kcna-diplomacy"].append(article)
        elif cid.startswith("kcna/") and re.search(r"munition|weapon|missile|launch|produc|factory|drill|test", title):
            pools["kcna-industry"].append(article)
        elif re.match(r"bbc/(sport|business|tech|politics)/", cid):
            pools["bbc-other"].append(article)
    quota = {"ukr": args.ukr, "kcna-diplomacy": args.kcna // 2, "kcna-industry": args.kcna - args.kcna // 2,
             "bbc-other": args.bbc}
    for stratum, pool in pools.items():
        pool.sort(key=lambda a: _stable("select-v1", a.name))
        if stratum == "bbc-other":  # an even spread over the four sections
            by_section: dict[str, list] = {}
            for a in pool:
                by_section.setdefault(a.corpus_id.split("/")[1], []).append(a)
            picked = [a for group in zip(*by_section.values()) for a in group][:quota[stratum]]
        else:
            picked = pool[:quota[stratum]]
        rows += [(a.name, "news-bench", a.corpus_id, stratum) for a in picked]
    # Wave 2: the first wave held too few `produce` and `agree` claims (2 and 5 required in its
    # first 51 articles) and about 3 required claims an article; these pools add articles
    # chosen by production, agreement and Russia cues, and the Ukraine articles left.
    wave2: dict[str, list] = {"produce-focus": [], "agree-focus": [], "kcna-russia": [], "ukr-extra": []}
    for article in _unchosen(corpora, reserved, rows, tuned):
        cid = article.corpus_id
        if not 120 <= len(article.text.split()) <= 1400:
            continue
        if len(PRODUCE_CUES.findall(article.text)) >= 4 and re.match(r"kcna/|bbc/(business|tech)/", cid):
            wave2["produce-focus"].append(article)
        elif len(AGREE_CUES.findall(article.text)) >= 3 and re.match(r"kcna/|ukr/|bbc/(politics|business)/", cid):
            wave2["agree-focus"].append(article)
        elif cid.startswith("kcna/") and len(re.findall(r"\bRussia", article.text)) >= 3:
            wave2["kcna-russia"].append(article)
        elif cid.startswith("ukr/") and len(CONFLICT_CUES.findall(article.text)) >= 3:
            wave2["ukr-extra"].append(article)
    for stratum, pool in wave2.items():
        pool.sort(key=lambda a: _stable("select-v2", a.name))
        rows += [(a.name, "news-bench", a.corpus_id, stratum) for a in pool[:args.wave2[stratum]]]
    # Wave 3: after waves 1-2 the corpus held about 2.7 required claims an article, short of
    # 1,500; the densest articles left (8+ conflict cues, long Ukraine coverage included).
    wave3: dict[str, list] = {"ukr-dense": [], "kcna-military": []}
    for article in _unchosen(corpora, reserved, rows, tuned):
        cid = article.corpus_id
        words = len(article.text.split())
        if len(CONFLICT_CUES.findall(article.text)) < 8:
            continue
        if cid.startswith("ukr/") and 120 <= words <= 4000:
            wave3["ukr-dense"].append(article)
        elif cid.startswith("kcna/") and 120 <= words <= 1400:
            wave3["kcna-military"].append(article)
    for stratum, pool in wave3.items():
        pool.sort(key=lambda a: _stable("select-v3", a.name))
        rows += [(a.name, "news-bench", a.corpus_id, stratum) for a in pool[:args.wave3[stratum]]]
    # Wave 4: `produce` still fell short of 80 required claims; every KCNA article left whose
    # title speaks of production or factories (some are not claims: "innovators produced").
    wave4: list = []
    for article in _unchosen(corpora, reserved, rows, None):   # (this wave kept no tuned-source filter)
        cid = article.corpus_id
        if (cid.startswith("kcna/") and 80 <= len(article.text.split()) <= 1400
                and re.search(r"produc|manufactur|output|turn out|factory|factories", article.title or "", re.I)):
            wave4.append(article)
    wave4.sort(key=lambda a: _stable("select-v4", a.name))
    rows += [(a.name, "news-bench", a.corpus_id, "kcna-production") for a in wave4[:args.wave4]]
    # Wave 5: the total of required claims stood near 1,500 with waves 1-4 pending; the
    # Ukraine coverage left (most conflict cues first) and the BBC articles richest in
    # conflict vocabulary (Iraq, Ukraine 2004, arms sales).
    wave5: dict[str, list] = {"ukr-rest": [], "bbc-conflict": []}
    for article in _unchosen(corpora, reserved, rows, tuned):
        cid = article.corpus_id
        cues = len(CONFLICT_CUES.findall(article.text))
        if not 120 <= len(article.text.split()) <= 4000:
            continue
        if cid.startswith("ukr/") and cues >= 3:
            wave5["ukr-rest"].append((-cues, _stable("select-v5", article.name), article))
        elif cid.startswith("bbc/") and cues >= 9:
            wave5["bbc-conflict"].append((-cues, _stable("select-v5", article.name), article))
    for stratum, pool in wave5.items():
        pool.sort(key=lambda item: item[:2])
        rows += [(a.name, "news-bench", a.corpus_id, stratum) for _, _, a in pool[:args.wave5[stratum]]]
    # Wave 6: the 100-claim readings of news-bench found most wrong claims in stories with no
    # claim at all (business, sport, entertainment, factory reports), which earlier waves,
    # chosen by cues, held too few of. A uniform draw from the articles left, so the training
    # data looks like the news the extractor meets; only articles whose hash split is `train`,
    # so dev and test stay as they were.
    wave6 = [a for a in _unchosen(corpora, reserved, rows, tuned)
             if 80 <= len(a.text.split()) <= 1400 and goldset.split_of(a.name) == "train"]
    wave6.sort(key=lambda a: _stable("select-v6", a.name))
    rows += [(a.name, "news-bench", a.corpus_id, "random-train") for a in wave6[:args.wave6]]
    # Wave 7: news from other outlets and years (the hidden gold sets are such news): the
    # TempEval-3 documents, every broadcast and wire story (ABC, AP, CNN, NYT, PRI, VOA,
    # Xinhua, 1998-2000: embassy bombings, Iraq, Kosovo) and a hash-ordered sample of the short
    # Wall Street Journal items of 1989; all three splits, by the name's hash as always.
    wave7 = [a for a in corpora.tempeval() if 60 <= len(a.text.split()) <= 2500]
    wires = [a for a in wave7 if not a.corpus_id.split("/")[1].startswith("wsj_")]
    wsj = sorted((a for a in wave7 if a.corpus_id.split("/")[1].startswith("wsj_")),
                 key=lambda a: _stable("select-v7", a.name))[:args.wave7_wsj]
    rows += [(a.name, "tempeval", a.corpus_id, "te3-wire" if a in wires else "te3-wsj") for a in wires + wsj]
    # Wave 8: dense on-topic news for recall, from the labelled event datasets: WikiEvents'
    # articles (bombings, attacks, their dead) and RAMS's five-sentence news windows (attacks,
    # transfers, movements). Only the half the event lexicon is mined from (kind recall is
    # measured on the other half) and only names whose hash split is `train`.
    from newsledger import eventsets
    wave8: dict[str, list] = {"wikievents-train": [], "rams-train": []}
    for article in corpora.event_datasets():
        window = eventsets.Window(article.corpus, article.corpus_id, article.text)
        if eventsets.mined_half(window) and goldset.split_of(article.name) == "train":
            wave8[f"{article.corpus}-train"].append(article)
    for stratum, pool in wave8.items():
        pool.sort(key=lambda a: _stable("select-v8", a.name))
        rows += [(a.name, a.corpus, a.corpus_id, stratum) for a in pool[:args.wave8[stratum]]]
    ANN.mkdir(exist_ok=True)
    with MANIFEST.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(["name", "corpus", "corpus_id", "stratum", "split"])
        for name, corpus, cid, stratum in rows:
            writer.writerow([name, corpus, cid, stratum, goldset.split_of(name)])
    VOA_TEXTS.mkdir(parents=True, exist_ok=True)
    for article in corpora.voa():
        (VOA_TEXTS / f"{article.name}.txt").write_text(article.text, encoding="utf-8")
    print(f"{MANIFEST.relative_to(ROOT)}: {len(rows)} articles")
    return 0


def manifest() -> list[dict]:
    with MANIFEST.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def _articles(names) -> dict[str, goldset.Article]:
    return goldset.Corpora(SHARED).articles(names)


def show(args) -> int:
    articles = _articles(args.names)
    for name in args.names:
        a = articles.get(name)
        if a is None:
            print(f"{name}: not in the corpora", file=sys.stderr)
            return 2
        print(f"=== {a.name}  ({a.corpus} {a.corpus_id})  published: {a.published}  title: {a.title}")
        print(a.text)
        print()
    return 0


def check(args) -> int:
    folders = [FIRST, SECOND] if not args.folder else [Path(args.folder)]
    problems = 0
    checked = 0
    for folder in folders:
        if not folder.exists():
            continue
        docs = goldset.load_annotations(folder)
        if args.names:
            docs = {n: d for n, d in docs.items() if n in args.names}
        articles = _articles(docs)
        listed = {row["name"] for row in manifest()}
        for name, doc in docs.items():
            checked += 1
            if name not in listed:
                print(f"{folder.name}/{name}: not in annotations/articles.tsv")
                problems += 1
                continue
            article = articles.get(name)
            if article is None:
                print(f"{folder.name}/{name}: article text not found in ../shared/corpora")
                problems += 1
                continue
            for line in goldset.check_document(doc, article.text, goldset.furniture_of(article)):
                print(f"{folder.name}/{line}")
                problems += 1
    print(f"{checked} file(s) checked, {problems} problem(s)")
    return 1 if problems else 0


def texts(args) -> int:
    rows = [r for r in manifest() if not args.split or r["split"] == args.split]
    names = {r["name"] for r in rows}
    if args.annotated:
        names &= set(goldset.load_annotations(FIRST))
    paths = goldset.write_texts(_articles(names).values(), Path(args.folder))
    print(f"{len(paths)} texts written to {args.folder}")
    return 0


def build(args) -> int:
    docs = goldset.load_annotations(FIRST)
    split = {r["name"]: r["split"] for r in manifest()}
    GOLD.mkdir(exist_ok=True)
    for name in goldset.SPLITS:
        chosen = [d for n, d in sorted(docs.items()) if split.get(n) == name]
        about = (f"newsledger annotated real-news corpus, {name} split: {len(chosen)} articles "
                 f"(annotations/README.md). Texts: scripts/annotations.py texts DIR --split {name}.")
        path = GOLD / f"{name}.gold.json"
        path.write_text(json.dumps(goldset.gold_file(chosen, about), indent=1, ensure_ascii=False) + "\n",
                        encoding="utf-8")
        c = goldset.counts(chosen)
        print(f"{path.relative_to(ROOT)}: {c['articles']} articles, {c['required']} required + "
              f"{c['optional']} optional claims")
    return 0


def stats(args) -> int:
    docs = goldset.load_annotations(FIRST)
    rows = {r["name"]: r for r in manifest()}
    groups: dict[str, list] = {"all": list(docs.values())}
    for name, doc in docs.items():
        groups.setdefault(rows[name]["split"], []).append(doc)
        groups.setdefault(rows[name]["stratum"], []).append(doc)
    order = ["all", *goldset.SPLITS, *sorted(g for g in groups if g not in ("all", *goldset.SPLITS))]
    if args.markdown:
        print("| group | articles | other news | required | optional | " + " | ".join(goldset.KINDS) + " |")
        print("| --- " * (5 + len(goldset.KINDS)) + "|")
    else:
        print(f"{'group':16} {'arts':>5} {'req':>5} {'opt':>5}  " + " ".join(f"{k[:6]:>6}" for k in goldset.KINDS)
              + "  topics")
    for group in order:
        if group not in groups:
            continue
        c = goldset.counts(groups[group])
        if args.markdown:
            print(f"| {group} | {c['articles']} | {c['topics'].get('other', 0)} | {c['required']} | {c['optional']} | "
                  + " | ".join(str(c['by_kind'][k]) for k in goldset.KINDS) + " |")
        else:
            print(f"{group:16} {c['articles']:5} {c['required']:5} {c['optional']:5}  "
                  + " ".join(f"{c['by_kind'][k]:6}" for k in goldset.KINDS) + f"  {c['topics']}")
    return 0


def agreement(args) -> int:
    """Score each pass against the other with ../shared/eval/score.py (both ways)."""
    first_all = goldset.load_annotations(args.first or FIRST_PASS)
    second = {n: d for n, d in goldset.load_annotations(SECOND).items() if n in first_all}
    first = {n: d for n, d in first_all.items() if n in second}
    articles = _articles(second)
    def required_only(docs: dict) -> dict:
        return {n: {**d, "claims": [c for c in d["claims"] if c.get("required", True)]} for n, d in docs.items()}

    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for label, gold_docs, pred_docs in (
                ("first as gold, second as prediction", first, second),
                ("second as gold, first as prediction", second, first),
                ("required claims only: first as gold, second's required as prediction",
                 required_only(first), required_only(second)),
                ("required claims only: second as gold, first's required as prediction",
                 required_only(second), required_only(first))):
            gold_path = Path(tmp) / "gold.json"
            pred_path = Path(tmp) / "pred.jsonl"
            gold_path.write_text(json.dumps(goldset.gold_file(gold_docs.values(), label)), encoding="utf-8")
            with pred_path.open("w", encoding="utf-8") as handle:
                for name, doc in pred_docs.items():
                    handle.write(json.dumps(goldset.prediction_from_gold(doc, articles[name].text)) + "\n")
            run = subprocess.run([sys.executable, str(SCORER), "--gold", str(gold_path), "--pred", str(pred_path),
                                  "--json"], capture_output=True, text=True, check=True)
            results[label] = json.loads(run.stdout)
            if args.verbose:
                subprocess.run([sys.executable, str(SCORER), "--gold", str(gold_path), "--pred", str(pred_path),
                                "--verbose"])
    print(f"{len(second)} articles annotated twice")
    for label, result in results.items():
        s = result.get("summary", result)
        print(f"{label}:\n  recall {s['recall']}, precision {s['precision']}, exact recall {s['exact_recall']}, "
              f"required {s.get('required')}, predicted {s.get('predicted')}\n  slots {s.get('slot_accuracy')}")
    return 0


def differences(args) -> int:
    """Per article, where the two passes disagree: what one lists and the other lacks, and
    the slots they fill differently (for adjudication)."""
    from newsledger.evaluation import score_document
    first = goldset.load_annotations(args.first or FIRST_PASS)
    second = goldset.load_annotations(SECOND)
    names = args.names or sorted(set(first) & set(second))
    articles = _articles(names)
    for name in names:
        text = articles[name].text
        print(f"=== {name}")
        for label, gold, pred in (("first", first[name], second[name]), ("second", second[name], first[name])):
            gold_doc = goldset.gold_document(gold)
            result = score_document(goldset.prediction_from_gold(pred, text), gold_doc)
            other = "second" if label == "first" else "first"
            for miss in result["misses"]:
                print(f"  only in {label} (required there): {miss}")
            for wrong in result["wrong_slots"]:
                print(f"  {label} vs {other}: {wrong}")
            if label == "first":
                for extra in result["spurious"]:
                    print(f"  only in second (or unmatched there): {extra}")
    return 0


def prune(args) -> int:
    """Drop claims anchored in text that newsledger's cleaning removes as page furniture
    ("Read also: ..." teasers, all-caps teaser headlines): they are not the article's claims
    and no system could match them. Needs the project's environment (the cleaner)."""
    from newsledger.pipeline import extract_records
    docs = goldset.load_annotations(FIRST)
    articles = _articles(docs)
    with tempfile.TemporaryDirectory() as tmp:
        paths = goldset.write_texts(articles.values(), Path(tmp))
        cleaned = {Path(d.source).stem: d.text for d in extract_records([str(p) for p in paths], claims=False)}
    removed = 0
    for name, doc in docs.items():
        keep = [c for c in doc["claims"] if cleaned[name].count(c["anchor"]) == 1]
        for claim in doc["claims"]:
            if claim not in keep:
                print(f"{name}: dropped {claim['kind']} {claim['anchor']!r} (not in the cleaned text)")
        if len(keep) != len(doc["claims"]):
            removed += len(doc["claims"]) - len(keep)
            doc["claims"] = keep
            (FIRST / f"{name}.json").write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{removed} claim(s) dropped")
    return 0


def _names(value) -> list:
    return [] if value is None else list(value) if isinstance(value, list) else [value]


def consistent(doc: dict) -> dict:
    """Decision 28 applied to one annotation: `meet` and `agree` list every party in both
    `actor` and `recipient`; an origin that names the article's own outlet is dropped."""
    outlet = (doc.get("outlet") or "").casefold()
    for claim in doc["claims"]:
        # (a meeting whose other side the text leaves open keeps its empty recipient)
        if claim["kind"] in ("meet", "agree") and claim.get("actor") and claim.get("recipient"):
            parties = list(dict.fromkeys(_names(claim.get("actor")) + _names(claim.get("recipient"))))
            for role in ("actor", "recipient"):
                if set(_names(claim.get(role))) != set(parties):
                    claim[role] = parties
        if outlet and "origin" in claim:
            kept = [name for name in _names(claim["origin"]) if name.casefold() != outlet]
            if kept:
                claim["origin"] = kept
            else:
                del claim["origin"]
    return doc


def consistency(args) -> int:
    """Apply decision 28 to every file of claims/ (rewrites only the files it changes)."""
    changed = 0
    for name, doc in goldset.load_annotations(FIRST).items():
        before = json.dumps(doc, sort_keys=True)
        if json.dumps(consistent(doc), sort_keys=True) != before:
            changed += 1
            print(f"{name}: made consistent")
            (FIRST / f"{name}.json").write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{changed} file(s) changed")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("select")
    p.add_argument("--ukr", type=int, default=175)
    p.add_argument("--kcna", type=int, default=50)
    p.add_argument("--bbc", type=int, default=32)
    p.set_defaults(run=select, wave2=WAVE2, wave3=WAVE3, wave4=34,
                   wave5={"ukr-rest": 30, "bbc-conflict": 15}, wave6=120,
                   wave7_wsj=30, wave8={"wikievents-train": 60, "rams-train": 150})
    p = sub.add_parser("show")
    p.add_argument("names", nargs="+")
    p.set_defaults(run=show)
    p = sub.add_parser("check")
    p.add_argument("names", nargs="*")
    p.add_argument("--folder")
    p.set_defaults(run=check)
    p = sub.add_parser("texts")
    p.add_argument("folder")
    p.add_argument("--split", choices=goldset.SPLITS)
    p.add_argument("--annotated", action="store_true", help="only articles with an annotation file")
    p.set_defaults(run=texts)
    sub.add_parser("build").set_defaults(run=build)
    sub.add_parser("consistency", help="decision 28 (symmetric meet/agree parties, no own-outlet origin)"
                   ).set_defaults(run=consistency)
    p = sub.add_parser("stats")
    p.add_argument("--markdown", action="store_true", help="a Markdown table (for annotations/README.md)")
    p.set_defaults(run=stats)
    p = sub.add_parser("agreement")
    p.add_argument("--first", type=Path)
    p.add_argument("--verbose", action="store_true")
    p.set_defaults(run=agreement)
    sub.add_parser("prune", help="drop claims anchored in page furniture that cleaning removes").set_defaults(run=prune)
    p = sub.add_parser("diff", help="where the two passes of doubly annotated articles disagree")
    p.add_argument("names", nargs="*")
    p.add_argument("--first", type=Path)
    p.set_defaults(run=differences)
    args = parser.parse_args()
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
