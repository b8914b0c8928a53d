"""GraphML of the register: entities as nodes, one directed edge per thread that has both an
actor and a recipient (parallel edges for different kinds or item categories), with what moves,
the latest figure and the claims and independent origins behind it. Opens in Gephi, yEd,
networkx (`read_graphml` gives a MultiDiGraph) and igraph.

Written with the standard library's XML writer: the format is small and fixed, and a graph
library would be a heavy runtime dependency for it.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import IO, Any

from newsledger.register.build import FLOW_KINDS, REALIS
from newsledger.register.origins import entity_key

NS = "http://graphml.graphdrawing.org/xmlns"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA = "http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"

NODE_KEYS = {"label": "string", "type": "string", "iso3": "string", "wikidata": "string",
             "claims": "int"}
EDGE_KEYS = {"label": "string", "kind": "string", "category": "string", "items": "string",
             "flow": "boolean", "latest": "string", "latest_value": "double", "latest_date": "string",
             "latest_modality": "string", "claims": "int", "documents": "int", "origins": "int",
             "weight": "double", "conflicts": "int", "first": "string", "last": "string",
             "thread_id": "string", "urls": "string"}


def _text(value: Any, kind: str) -> str:
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "int":
        return str(int(value))
    if kind == "double":
        return repr(float(value))
    return str(value)


def graph_elements(register: Any) -> tuple[dict[str, dict[str, Any]], list[dict[str, Any]]]:
    """(nodes by id, edges) as plain attribute dicts."""
    nodes: dict[str, dict[str, Any]] = {}
    edges: list[dict[str, Any]] = []
    for thread in register.threads:
        if not thread.actor or not thread.recipient:
            continue
        ends = []
        for entity in (thread.actor, thread.recipient):
            key = entity_key(entity)
            node = nodes.setdefault(key, {"label": entity.get("name") or key, "type": entity.get("type"),
                                          "iso3": entity.get("iso3"), "wikidata": entity.get("wikidata"),
                                          "claims": 0})
            node["claims"] += len(thread.sources)
            ends.append(key)
        data = thread.to_dict(facts=False)
        latest = None
        for item, point in data["latest"].items():
            rank = (point["modality"] == REALIS, point["date"] or "")
            if latest is None or rank > latest[0]:
                latest = (rank, item, point)
        edge = {"source": ends[0], "target": ends[1], "kind": thread.kind,
                "category": thread.category or "unspecified", "items": ", ".join(thread.items),
                "label": f"{thread.kind} {thread.category or ''}".strip(), "flow": thread.kind in FLOW_KINDS,
                "claims": data["claims"], "documents": data["documents"], "origins": data["origins"],
                "weight": data["origins"], "conflicts": len(data["conflicts"]),
                "first": data["first"], "last": data["last"], "thread_id": thread.id,
                # the articles behind the edge, space-separated (GraphML has no list type)
                "urls": " ".join(dict.fromkeys(s.url for s in thread.sources if s.url)) or None}
        if latest:
            _, item, point = latest
            edge.update(latest=f"{point['text']} {item}", latest_value=point["value"],
                        latest_date=point["date"], latest_modality=point["modality"])
        edges.append(edge)
    return nodes, edges


def write_graphml(register: Any, fh: IO[str]) -> int:
    ET.register_namespace("", NS)
    ET.register_namespace("xsi", XSI)
    root = ET.Element(f"{{{NS}}}graphml", {f"{{{XSI}}}schemaLocation": SCHEMA})
    ids: dict[tuple[str, str], str] = {}
    for domain, keys in (("node", NODE_KEYS), ("edge", EDGE_KEYS)):
        for name, kind in keys.items():
            key_id = f"{domain[0]}_{name}"
            ids[(domain, name)] = key_id
            ET.SubElement(root, f"{{{NS}}}key", {"id": key_id, "for": domain, "attr.name": name,
                                                 "attr.type": kind})
    graph = ET.SubElement(root, f"{{{NS}}}graph", {"id": "newsledger", "edgedefault": "directed"})
    nodes, edges = graph_elements(register)
    for node_id in sorted(nodes):
        node = ET.SubElement(graph, f"{{{NS}}}node", {"id": node_id})
        for name, kind in NODE_KEYS.items():
            if nodes[node_id].get(name) is not None:
                ET.SubElement(node, f"{{{NS}}}data", {"key": ids[("node", name)]}).text = _text(nodes[node_id][name], kind)
    for i, attrs in enumerate(edges):
        edge = ET.SubElement(graph, f"{{{NS}}}edge", {"id": f"e{i}", "source": attrs["source"],
                                                      "target": attrs["target"]})
        for name, kind in EDGE_KEYS.items():
            if attrs.get(name) is not None:
                ET.SubElement(edge, f"{{{NS}}}data", {"key": ids[("edge", name)]}).text = _text(attrs[name], kind)
    ET.indent(root)
    fh.write("<?xml version='1.0' encoding='utf-8'?>\n")
    fh.write(ET.tostring(root, encoding="unicode"))
    fh.write("\n")
    return len(nodes) + len(edges)
