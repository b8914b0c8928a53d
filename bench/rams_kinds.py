"""Trigger coverage and argument agreement of the claim extractor on RAMS 1.0 dev (924 five-sentence
windows with one annotated event each), for the RAMS event types that map to our kinds.

    .venv/bin/python bench/rams_kinds.py [--corpus PATH] [--limit N] [--batch 32]

RAMS gives token offsets over the flattened sentences; we join the tokens with single spaces
(so the text is tokenised, "Saddam Hussein 's Iraq") and keep each token's character span.
The Document is built directly (published None, language "en"): cleaning would drop short
"furniture-looking" lines and shift the offsets.

Event type -> kind: knowledge/event_kinds.yaml (`rams`); other types are ignored.

Argument roles (counted on the dev set first) -> our fields, per kind:
    transfer    actor: giver, transporter, origin      recipient: recipient, beneficiary, destination
    deploy      actor: transporter, origin, passenger  recipient: destination
                (passenger is "Russian troops": its surface overlaps the actor "Russian")
    attack      actor: attacker                        recipient: target
    casualties  actor: victim (the side that suffered) recipient: killer, injurer
    produce     actor: manufacturer                    recipient: (none annotated)
    agree       actor/recipient: participant, otherparticipant, violator
    meet        actor/recipient: participant, communicator, recipient
place, instrument, artifact, money, vehicle, preventer, deceased are not compared.

A trigger is covered by a claim when the claim's evidence span contains the trigger's
character span. An entity "overlaps" an argument when its surface `text` (or `name`) and the
argument's text are substrings of one another (case-insensitive), or when the resolver finds
in the argument text an entity with the same id / iso3.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import CORPORA, peak_rss_mib, require  # noqa: E402
from extract import annotate_guarded  # noqa: E402

from newsledger.analyze.entities import EntityResolver  # noqa: E402
from newsledger.eventsets import joined_tokens, kinds_for  # noqa: E402
from newsledger.extract.claims import ClaimExtractor  # noqa: E402
from newsledger.records import Document, Entity, document_id  # noqa: E402

RAMS_DEV = CORPORA / "rams-dev.jsonlines"
KINDS = ("transfer", "deploy", "attack", "casualties", "produce", "agree", "meet")

ROLES: dict[str, tuple[set[str], set[str]]] = {   # kind -> (actor-like roles, recipient-like roles)
    "transfer": ({"giver", "transporter", "origin"}, {"recipient", "beneficiary", "destination"}),
    "deploy": ({"transporter", "origin", "passenger"}, {"destination"}),
    "attack": ({"attacker"}, {"target"}),
    "casualties": ({"victim"}, {"killer", "injurer"}),
    "produce": ({"manufacturer"}, set()),
    "agree": ({"participant", "otherparticipant", "violator"},
              {"participant", "otherparticipant", "violator"}),
    "meet": ({"participant", "communicator", "recipient"}, {"participant", "communicator", "recipient"}),
}


def kind_of(event_type: str) -> str | None:
    """Our kind for a RAMS type, from knowledge/event_kinds.yaml (the mapping `make eval` uses)."""
    kinds = kinds_for("rams", event_type)
    return kinds[0] if kinds else None


def window(row: dict) -> tuple[str, list[tuple[int, int]]]:
    """Tokens joined with spaces (one sentence per line) and each token's character span."""
    return joined_tokens(row["sentences"])


class Matcher:
    def __init__(self, resolver: EntityResolver):
        self.resolver = resolver
        self.cache: dict[str, set[str]] = {}

    def keys(self, text: str) -> set[str]:
        if text not in self.cache:
            found = set()
            for mention in self.resolver.find(text):
                found.add(mention.entity.id)
                if mention.entity.iso3:
                    found.add(f"iso3:{mention.entity.iso3}")
            self.cache[text] = found
        return self.cache[text]

    def overlaps(self, entity: Entity | None, argument: str) -> bool:
        if entity is None:
            return False
        arg = argument.lower()
        for surface in (entity.text, entity.name):
            if surface and (surface.lower() in arg or arg in surface.lower()):
                return True
        ours = {entity.id} | ({f"iso3:{entity.iso3}"} if entity.iso3 else set())
        return bool(ours & self.keys(argument))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=RAMS_DEV)
    parser.add_argument("--limit", type=int, default=None, help="first N windows only")
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--timeout", type=float, default=30, help="seconds per window before it counts as a hang")
    parser.add_argument("--roles", action="store_true", help="print the role counts per kind and stop")
    parser.add_argument("--misses", type=int, default=0, help="print N uncovered triggers per kind")
    args = parser.parse_args()

    rows = []
    with open(require(args.corpus), encoding="utf-8") as handle:
        for number, line in enumerate(handle):
            if args.limit is not None and number >= args.limit:
                break
            rows.append(json.loads(line))

    if args.roles:
        counts: Counter = Counter()
        for row in rows:
            types = {(t[0], t[1]): t[2][0][0] for t in row["evt_triggers"]}
            for trig, _, role in row["gold_evt_links"]:
                kind = kind_of(types.get(tuple(trig), ""))
                if kind:
                    counts[(kind, role[11:])] += 1
        for (kind, role), n in sorted(counts.items()):
            print(f"{kind:11} {role:18} {n}")
        return 0

    # (document, kind, trigger char span, trigger text, {role: [arg texts]})
    items = []
    docs = []
    for row in rows:
        text, spans = window(row)
        mapped = []
        for start_tok, end_tok, labels in row["evt_triggers"]:
            kind = kind_of(labels[0][0])
            if kind is None:
                continue
            args_by_role: dict[str, list[str]] = defaultdict(list)
            for trig, arg, role in row["gold_evt_links"]:
                if trig == [start_tok, end_tok]:
                    args_by_role[role[11:]].append(text[spans[arg[0]][0]:spans[arg[1]][1]])
            span = (spans[start_tok][0], spans[end_tok][1])
            mapped.append((kind, span, text[span[0]:span[1]], dict(args_by_role), labels[0][0]))
        if not mapped:
            continue
        doc = Document(id=document_id(text), source=row["doc_key"], title=None, published=None,
                       published_basis="none", outlet=None, language="en", text=text)
        docs.append(doc)
        items.extend((doc, *m) for m in mapped)

    extractor = ClaimExtractor.default()
    extractor.annotate([Document(id="warm", source="warm", title=None, published=None, published_basis="none",
                                 outlet=None, language="en", text="Russia sent 100 tanks to Syria.")])
    failures = []
    started = time.perf_counter()
    for index in range(0, len(docs), args.batch):
        chunk = docs[index:index + args.batch]
        # a batch that raises or hangs is retried one window at a time; failures keep no claims
        failures += annotate_guarded(extractor, chunk, batch_timeout=max(args.timeout, 3 * len(chunk)),
                                     doc_timeout=args.timeout,
                                     report=lambda m: print(m, file=sys.stderr, flush=True))
    elapsed = time.perf_counter() - started

    matcher = Matcher(extractor.resolver)
    stats: dict[str, Counter] = {kind: Counter() for kind in KINDS}
    misses: dict[str, list] = defaultdict(list)
    for doc, kind, (t0, t1), trig_text, args_by_role, rams_type in items:
        s = stats[kind]
        s["triggers"] += 1
        covering = [c for c in doc.claims if c.evidence.start <= t0 and t1 <= c.evidence.end]
        same = [c for c in covering if c.kind == kind]
        if covering:
            s["any"] += 1
        if not same:
            if len(misses[kind]) < args.misses:
                misses[kind].append((rams_type, trig_text, sorted({c.kind for c in covering}), doc.text))
            continue
        s["same"] += 1
        actor_roles, recipient_roles = ROLES[kind]
        gold_actor = [a for r in actor_roles for a in args_by_role.get(r, [])]
        gold_recipient = [a for r in recipient_roles for a in args_by_role.get(r, [])]
        gold_any = gold_actor + gold_recipient
        if any(c.actor for c in same):
            s["actor_set"] += 1
        if gold_actor:
            s["gold_actor"] += 1
            if any(matcher.overlaps(c.actor, a) for c in same for a in gold_actor):
                s["actor_ok"] += 1
        if gold_recipient:
            s["gold_recipient"] += 1
            if any(matcher.overlaps(c.recipient, a) for c in same for a in gold_recipient):
                s["recipient_ok"] += 1
        if gold_any:
            s["gold_any"] += 1
            if any(matcher.overlaps(e, a) for c in same for e in (c.actor, c.recipient) for a in gold_any):
                s["party_ok"] += 1

    def pct(num: int, den: int) -> str:
        return f"{100 * num / den:5.1f}% ({num}/{den})" if den else "    -"

    print(f"corpus      {args.corpus}  windows {len(rows)}  with a mapped trigger {len(docs)}")
    print(f"claims      {sum(len(d.claims) for d in docs)}")
    print(f"failures    {len(failures)} windows (exception or hang; counted as uncovered)"
          + "".join(f"\n  {d.source}: {e}" for d, e in failures))
    print()
    header = (f"{'kind':11} {'trig':>4}  {'covered, same kind':>20}  {'covered, any kind':>20}  "
              f"{'actor overlaps':>20}  {'recipient overlaps':>20}  {'actor|recip. ~ any party':>24}")
    print(header)
    print("-" * len(header))
    total = Counter()
    for kind in KINDS:
        s = stats[kind]
        total.update(s)
        print(f"{kind:11} {s['triggers']:4}  {pct(s['same'], s['triggers']):>20}  {pct(s['any'], s['triggers']):>20}  "
              f"{pct(s['actor_ok'], s['gold_actor']):>20}  {pct(s['recipient_ok'], s['gold_recipient']):>20}  "
              f"{pct(s['party_ok'], s['gold_any']):>24}")
    print("-" * len(header))
    print(f"{'all':11} {total['triggers']:4}  {pct(total['same'], total['triggers']):>20}  "
          f"{pct(total['any'], total['triggers']):>20}  {pct(total['actor_ok'], total['gold_actor']):>20}  "
          f"{pct(total['recipient_ok'], total['gold_recipient']):>20}  {pct(total['party_ok'], total['gold_any']):>24}")
    print()
    print("argument columns: over triggers covered by a claim of the same kind that have such a gold argument")
    print(f"extraction  {len(docs)} docs in {elapsed:.1f} s = {len(docs) / elapsed:.1f} docs/s "
          f"(batches of {args.batch})")
    print(f"peak memory {peak_rss_mib():.0f} MiB")
    for kind, rows_ in misses.items():
        if not rows_:
            continue
        print(f"\nuncovered {kind}:")
        for rams_type, trig_text, other, text in rows_:
            print(f"  [{rams_type}] trigger {trig_text!r} other kinds {other}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
