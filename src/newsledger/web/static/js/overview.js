// The flows graph: actors as nodes, one edge per actor → recipient pair (its flows as lines of
// the label). Only the top flows by independent origins are sent (the server filters). Nodes are
// coloured by cluster (actors linked by flows); cose lays the clusters out apart, and edge labels
// appear on hover, so a graph of dozens of flows stays readable.
(function () {
  var box = document.getElementById("graph");
  var src = document.getElementById("graph-data");
  if (!box || !src) return;
  if (typeof cytoscape === "undefined") {
    box.textContent = "graph library not installed (run `make web-assets`); the table below lists the flows.";
    return;
  }
  var g = JSON.parse(src.textContent);
  if (!g.nodes.length) { box.textContent = "no flows match"; box.classList.add("empty"); return; }
  var palette = ["#1f5fa8", "#b3261e", "#2e7d32", "#e08a00", "#6a3d9a", "#00838f", "#8d6e63", "#c2185b"];
  var elements = [];
  // Each community of several actors is a compound node, so the layout keeps it together and
  // apart from the others.
  var sizes = {};
  g.nodes.forEach(function (n) { sizes[n.cluster] = (sizes[n.cluster] || 0) + 1; });
  var compound = Object.keys(sizes).length > 1;
  Object.keys(sizes).forEach(function (c) {
    if (compound && sizes[c] > 1) elements.push({ data: { id: "cluster-" + c, cluster: true, colour: palette[c % palette.length] } });
  });
  g.nodes.forEach(function (n) {
    var d = { id: n.id, label: n.label, claims: n.claims, origins: n.origins, colour: palette[n.cluster % palette.length] };
    if (compound && sizes[n.cluster] > 1) d.parent = "cluster-" + n.cluster;
    elements.push({ data: d });
  });
  var pairs = {};
  g.edges.forEach(function (e) {
    var s = e.actor_id || e.actor || "unknown", t = e.recipient_id || e.recipient || "unknown", key = s + "\u0000" + t;
    var p = pairs[key] || (pairs[key] = { id: "p" + Object.keys(pairs).length, source: s, target: t,
                                           from: e.actor, to: e.recipient, thread: e.threads[0], lines: [],
                                           claims: 0, origins: 0 });
    p.lines.push((e.category || "unspecified") + ": " + (e.latest || "no figure") + " (" + e.claims +
                 " claims, " + e.origins + " origins)");
    p.claims += e.claims;
    p.origins += e.origins;
  });
  Object.keys(pairs).forEach(function (key) {
    var p = pairs[key];
    var lines = p.lines.slice(0, 4);
    if (p.lines.length > 4) lines.push("+ " + (p.lines.length - 4) + " more");
    elements.push({ data: { id: p.id, source: p.source, target: p.target, from: p.from, to: p.to,
                            thread: p.thread, label: lines.join("\n"), claims: p.claims, origins: p.origins } });
  });
  var maxOrigins = Math.max.apply(null, g.nodes.map(function (n) { return n.origins; }).concat([1]));
  var cy = cytoscape({
    container: box, elements: elements, wheelSensitivity: 0.2, maxZoom: 2, minZoom: 0.15,
    style: [
      { selector: "node", style: {
          "label": "data(label)", "background-color": "data(colour)", "color": "#1d232a",
          "font-size": 15, "font-weight": 600, "text-valign": "bottom", "text-margin-y": 4,
          "text-background-color": "#fff", "text-background-opacity": 0.75, "text-background-padding": 1,
          "width": "mapData(origins, 1, " + maxOrigins + ", 16, 56)", "height": "mapData(origins, 1, " + maxOrigins + ", 16, 56)" } },
      { selector: "node[?cluster]", style: {
          "label": "", "background-color": "data(colour)", "background-opacity": 0.06, "border-width": 1,
          "border-color": "data(colour)", "border-opacity": 0.35, "shape": "round-rectangle", "padding": 18 } },
      { selector: "edge", style: {
          "curve-style": "bezier", "target-arrow-shape": "triangle", "arrow-scale": 0.9,
          "width": "mapData(origins, 1, 30, 1.5, 8)", "line-color": "#9fb3c8", "target-arrow-color": "#9fb3c8",
          "opacity": 0.85, "font-size": 11, "text-wrap": "wrap", "text-max-width": 380,
          "text-background-color": "#fff", "text-background-opacity": 0.95, "text-background-padding": 3,
          "color": "#222", "label": "" } },
      { selector: "edge.hover, edge:selected", style: { "label": "data(label)", "line-color": "#b3261e",
          "target-arrow-color": "#b3261e", "z-index": 10, "opacity": 1 } },
      { selector: "node.hover", style: { "border-width": 3, "border-color": "#15202b" } },
      { selector: "node.faded, edge.faded", style: { "opacity": 0.15 } }
    ],
    layout: g.nodes.length > 6
      ? { name: "cose", padding: 30, animate: false, randomize: false, nodeRepulsion: function () { return 900000; },
          idealEdgeLength: function () { return 120; }, componentSpacing: 100, gravity: 0.4, nestingFactor: 1.2,
          boundingBox: { x1: 0, y1: 0, w: box.clientWidth * 1.6, h: box.clientHeight * 1.6 }, numIter: 1500, nodeDimensionsIncludeLabels: true }
      : { name: "circle", padding: 60, animate: false, startAngle: Math.PI, spacingFactor: 1.2 }
  });
  cy.fit(cy.elements(), 24);   // again, once the communities' boxes have their size
  if (cy.zoom() > 1.3) { cy.zoom(1.3); cy.center(); }
  cy.on("mouseover", "edge", function (evt) { evt.target.addClass("hover"); });
  cy.on("mouseout", "edge", function (evt) { evt.target.removeClass("hover"); });
  cy.on("mouseover", "node[!cluster]", function (evt) {
    var near = evt.target.closedNeighborhood();
    cy.elements().not(near).addClass("faded");
    evt.target.addClass("hover");
    near.edges().addClass("hover");
  });
  cy.on("mouseout", "node", function () { cy.elements().removeClass("faded hover"); });
  cy.on("tap", "edge", function (evt) { window.location.href = "/thread/" + encodeURIComponent(evt.target.data("thread")); });
  cy.on("tap", "node[!cluster]", function (evt) { window.location.href = "/entity/" + encodeURIComponent(evt.target.id()); });
  window.nlGraph = cy;   // for tests and the console
})();
