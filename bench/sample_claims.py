"""A random sample of claims from the full pipeline over news-bench, printed for reading by eye.

    .venv/bin/python bench/sample_claims.py [--corpus PATH] [--limit N] [--n 50] [--seed 7]
                                            [--kind KIND] [--jsonl OUT] [--articles N]

Each article: RawDocument(source, text, title, published, outlet) -> clean -> ClaimExtractor
(batches of 32; a batch that raises or hangs is retried one document at a time and the
offender is reported, as in bench/extract.py). Prints the total and per-kind claim counts,
then --n claims drawn uniformly (seeded) from all claims of the processed articles, each with
the document source, kind, actor, recipient, item, quantity, time, modality, attribution and
the evidence sentence with the figure marked «like this».

--articles N extracts only a seeded random N of the articles (the reserved ones left out
first) and draws the claims from theirs: every claim of the corpus still has the same chance
to be drawn (articles drawn uniformly, then claims uniformly among theirs), at a fraction of
the time of a full pass.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import NEWS_BENCH, peak_rss_mib, require  # noqa: E402
from extract import annotate_guarded, load_documents  # noqa: E402

from newsledger.extract.claims import ClaimExtractor  # noqa: E402


def entity(e) -> str:
    if e is None:
        return "-"
    extra = f" [{e.iso3}]" if e.iso3 else ""
    return f"{e.name}{extra} ({e.type}; text {e.text!r})"


def marked(claim) -> str:
    """The evidence text with the quantity's surface marked «...» (first occurrence)."""
    text = " ".join(claim.evidence.text.split())
    q = claim.quantity
    if q is not None and q.text:
        surface = " ".join(q.text.split())
        at = text.find(surface)
        if at < 0:
            at = text.lower().find(surface.lower())
        if at >= 0:
            return f"{text[:at]}«{text[at:at + len(surface)]}»{text[at + len(surface):]}"
        return f"{text}   [figure {surface!r} not found in the evidence]"
    return text


def _reserved(corpus: Path) -> set[str]:
    path = corpus.parent / "RESERVED.txt"
    if not path.exists():
        return set()
    return {line.strip() for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=NEWS_BENCH)
    parser.add_argument("--limit", type=int, default=None, help="first N articles (default: all)")
    parser.add_argument("--n", type=int, default=50)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--kind", help="sample only this kind")
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--timeout", type=float, default=30, help="seconds per document before it counts as a hang")
    parser.add_argument("--jsonl", type=Path, help="also write every claim (with its doc source) here")
    parser.add_argument("--articles", type=int, help="extract a seeded random N of the unreserved articles only")
    args = parser.parse_args()
    require(args.corpus)

    started = time.perf_counter()
    docs, read = load_documents(args.corpus, args.limit)
    reserved = _reserved(args.corpus)
    if args.articles is not None:
        open_docs = [doc for doc in docs if doc.source_id not in reserved]
        docs = random.Random(args.seed).sample(open_docs, min(args.articles, len(open_docs)))
        print(f"  {len(docs)} articles drawn (seed {args.seed}) of {len(open_docs)} unreserved",
              file=sys.stderr, flush=True)
    extractor = ClaimExtractor.default()
    failures = []
    for index in range(0, len(docs), args.batch):
        chunk = docs[index:index + args.batch]
        failures += annotate_guarded(extractor, chunk, batch_timeout=max(args.timeout, 3 * len(chunk)),
                                     doc_timeout=args.timeout,
                                     report=lambda m: print(m, file=sys.stderr, flush=True))
        if (index // args.batch) % 20 == 0:
            print(f"  {index + len(chunk)}/{len(docs)} docs, {time.perf_counter() - started:.0f} s",
                  file=sys.stderr, flush=True)
    elapsed = time.perf_counter() - started

    claims = [(doc, claim) for doc in docs for claim in doc.claims]
    if args.jsonl:
        with open(args.jsonl, "w", encoding="utf-8") as out:
            for doc, claim in claims:
                out.write(json.dumps({"source": doc.source, **claim.to_dict()}, ensure_ascii=False) + "\n")
    kinds = Counter(claim.kind for _, claim in claims)
    with_claims = sum(1 for doc in docs if doc.claims)
    print(f"corpus      {args.corpus}")
    drawn = f" ({args.articles} drawn at random)" if args.articles is not None else ""
    print(f"articles    {read} read, {len(docs)} with text extracted{drawn}, {with_claims} with at least one claim")
    print(f"failures    {len(failures)}" + "".join(f"\n  {d.source}: {e}" for d, e in failures))
    print(f"claims      {len(claims)}")
    for kind, count in kinds.most_common():
        print(f"  {kind:11} {count}")
    print(f"elapsed     {elapsed:.0f} s (cleaning + extraction), peak memory {peak_rss_mib():.0f} MiB")

    # The articles held out for independent evaluation are extracted (nothing may crash on
    # them) but never drawn for reading: reading them would be studying them.
    pool = [pair for pair in claims if (args.kind is None or pair[1].kind == args.kind)
            and pair[0].source_id not in reserved]
    sample = random.Random(args.seed).sample(pool, min(args.n, len(pool)))
    print(f"\n{len(sample)} random claims (seed {args.seed}) of {len(pool)} "
          f"(claims of the {len(reserved)} reserved articles left out)\n")
    for number, (doc, c) in enumerate(sample, 1):
        item = f"{c.item.name} / {c.item.category} (text {c.item.text!r})" if c.item else "-"
        quantity = "-"
        if c.quantity:
            q = c.quantity
            bounds = f" low {q.low:g}" if q.low is not None else ""
            bounds += f" high {q.high:g}" if q.high is not None else ""
            flags = (" approx" if q.approx else "") + (" increment" if q.increment else "")
            quantity = f"{q.text!r} = {q.value:g}{bounds}{flags}"
        when = f"{c.time.text!r} -> {c.time.start}..{c.time.end} ({c.time.granularity})" if c.time else "-"
        said = " > ".join(e.name for e in c.attribution) or "-"
        print(f"#{number:02d} {doc.source}  [{c.kind}]  modality {c.modality}{' (hedged)' if c.hedged else ''}"
              f"  conf {c.confidence:.2f}  {c.extractor}")
        print(f"    actor      {entity(c.actor)}")
        print(f"    recipient  {entity(c.recipient)}")
        print(f"    item       {item}")
        print(f"    quantity   {quantity}")
        print(f"    time       {when}")
        if c.location:
            print(f"    location   {entity(c.location)}")
        print(f"    said by    {said}")
        print(f"    evidence   {marked(c)}")
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
