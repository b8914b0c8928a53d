"""A Markdown briefing of the register: the flows, then per thread the latest figure, the
figure series, the conflicts and every statement, each footnoted to its document, outlet,
date and sentence (GitHub / Pandoc footnotes `[^n]`)."""
from __future__ import annotations

from typing import IO, Any

from newsledger.register.build import REALIS, Fact, Source, format_number, series_point


def _cell(text: Any) -> str:
    return " ".join(str("" if text is None else text).split()).replace("|", "\\|")


class _Notes:
    """One footnote per evidence sentence (document + offset), numbered in order of first use."""

    def __init__(self) -> None:
        self.numbers: dict[tuple[str, Any], int] = {}
        self.lines: list[str] = []

    def ref(self, source: Source) -> str:
        key = (source.doc_id, source.evidence_start)
        if key not in self.numbers:
            n = self.numbers[key] = len(self.numbers) + 1
            said = " → ".join(source.attribution) or "own reporting"
            name = _cell(source.name)
            head = [f"[{name}]({source.url})" if source.url else name, source.published or "undated"]
            if source.reported and source.reported != source.published:
                head.append(f"statement of {source.reported}")
            if source.doc_title:
                head.append(f"*{_cell(source.doc_title)}*")
            copies = f"; also published as {', '.join(c.get('outlet') or c.get('id') for c in source.copies)}" \
                if source.copies else ""
            self.lines.append(f"[^{n}]: {', '.join(head)} (document `{source.doc_id}`), according to {_cell(said)}: "
                              f"“{_cell(source.sentence)}”{copies}")
        return f"[^{self.numbers[key]}]"

    def refs(self, fact: Fact) -> str:
        return "".join(dict.fromkeys(self.ref(s) for s in fact.sources))


def _statement(fact: Fact) -> str:
    who = " → ".join(filter(None, [(fact.actor or {}).get("name") or "?", (fact.recipient or {}).get("name")]))
    parts = [fact.kind, who]
    if fact.item:
        parts.append(fact.item)
    if fact.figure:
        parts.append(f"**{_cell(fact.figure.text or format_number(fact.figure.value))}**")
    if fact.time:
        parts.append(f"({_cell(fact.time.get('text') or fact.time.get('start'))})")
    if fact.modality_class != REALIS:
        parts.append(f"[{', '.join(fact.modalities)}]")
    return " ".join(parts)


def write_markdown(register: Any, fh: IO[str]) -> int:
    notes = _Notes()
    out: list[str] = []
    stats = register.stats()
    out.append("# Register briefing\n")
    out.append(f"{stats['claims']} claims in {stats['threads']} threads: {stats['facts']} distinct statements "
               f"({stats['figures']} with figures), {stats['conflicts']} conflicts, {stats['flows']} flows. "
               "Every statement is footnoted to the sentence it comes from; “origins” counts independent "
               "sources (outlets repeating one origin count once).\n")
    facts_by_id = {f.id: f for f in register.facts}
    if register.flows:
        out.append("## Flows\n")
        out.append("| from | to | what | latest | claims | origins |")
        out.append("| --- | --- | --- | --- | ---: | ---: |")
        for w in register.flows:
            d = w.to_dict()
            latest = ""
            latest_point = w.latest()
            if latest_point:
                fact = facts_by_id.get(latest_point["fact_id"])
                latest = f"{_cell(d['latest'])} ({latest_point['date'] or 'undated'})" + (notes.refs(fact) if fact else "")
                if latest_point["modality"] != REALIS:
                    latest += f" [{latest_point['modality']}]"
            out.append(f"| {_cell(d['actor'])} | {_cell(d['recipient'])} | {_cell(d['category'])}: "
                       f"{_cell(', '.join(d['items']))} | {latest} | {d['claims']} | {d['origins']} |")
        out.append("")
    conflicts_by_thread: dict[str, list[Any]] = {}
    for c in register.conflicts:
        conflicts_by_thread.setdefault(c.thread.id, []).append(c)
    out.append("## Threads\n")
    for thread in register.threads:
        data = thread.to_dict(facts=False)
        out.append(f"### {_cell(thread.title())}\n")
        out.append(f"{data['claims']} claims in {data['documents']} documents from {data['origins']} independent "
                   f"origins" + (f", {data['first']} to {data['last']}" if data["first"] else "") + ".\n")
        for item, point in data["latest"].items():
            fact = facts_by_id[point["fact_id"]]
            out.append(f"- **Latest, {_cell(item)}:** {_cell(point['text'])} ({point['basis']}, "
                       f"{point['date'] or 'undated'}{'' if point['modality'] == REALIS else ', ' + point['modality']})"
                       f"{notes.refs(fact)}")
        if data["latest"]:
            out.append("")
        for item in thread.items or [None]:
            points = thread.series(item)
            if not points:
                continue
            out.append(f"**Figures, {_cell(item or 'unspecified')}**\n")
            out.append("| date | figure | type | running total | modality | according to |")
            out.append("| --- | --- | --- | --- | --- | --- |")
            for f in points:
                p = series_point(f)
                running = ""
                if p["running_total"] is not None:
                    running = ("≈" if f.running_total_approx else "") + format_number(f.running_total)
                    if f.running_total_high is not None:
                        running += f"–{format_number(f.running_total_high)}"
                elif p["projected_total"] is not None:
                    running = f"{format_number(f.projected_total)} if carried out"
                out.append(f"| {p['date'] or 'undated'} ({p['date_basis']}) | {_cell(p['figure'])}{notes.refs(f)} | "
                           f"{p['figure_type']}{', ' + p['bound'] if p['bound'] and p['bound'] != 'approx' else ''} | "
                           f"{running} | {p['modality']} | {_cell('; '.join(p['according_to']))} |")
            out.append("")
        for c in conflicts_by_thread.get(thread.id, []):
            d = c.to_dict()
            out.append(f"**Conflict, {_cell(d['item'])}:** {_cell(d['a']['figure'])} "
                       f"(per {_cell(', '.join(d['a']['origins']))}, {d['a']['date'] or 'undated'}){notes.refs(c.a)} vs "
                       f"{_cell(d['b']['figure'])} (per {_cell(', '.join(d['b']['origins']))}, "
                       f"{d['b']['date'] or 'undated'}){notes.refs(c.b)}: most conservative "
                       f"**{d['conservative_text']}**, range {d['range']} ({d['why']}; {d['reason']}).\n")
        out.append("**Statements**\n")
        for fact in thread.facts:
            origins = "; ".join(g.name for g in fact.groups)
            out.append(f"- {_statement(fact)}: {len(fact.sources)} claim{'s' * (len(fact.sources) != 1)}, "
                       f"{fact.n_origins} origin{'s' * (fact.n_origins != 1)} ({fact.status}: {_cell(origins)})"
                       f"{notes.refs(fact)}")
        out.append("")
    if notes.lines:
        out.append("## Sources\n")
        out.extend(notes.lines)
        out.append("")
    fh.write("\n".join(out))
    return len(register.threads)
