// The flows graph: actors as nodes, one edge per flow (what moves, latest figure, claims/origins).
(function () {
  var box = document.getElementById("graph");
  var src = document.getElementById("graph-data");
  if (!box || !src) return;
  if (typeof cytoscape === "undefined") {
    box.textContent = "graph library not installed (run `make web-assets`); the table below lists the flows.";
    return;
  }
  var g = JSON.parse(src.textContent);
  var elements = [];
  g.nodes.forEach(function (n) {
    elements.push({ data: { id: n.id, label: n.label, claims: n.claims } });
  });
  // One edge per actor → recipient pair; each flow (item category) of the pair is a line of
  // its label, so parallel flows do not draw on top of each other.
  var pairs = {};
  g.edges.forEach(function (e) {
    var s = e.actor_id || e.actor, t = e.recipient_id || e.recipient, key = s + "\u0000" + t;
    var p = pairs[key] || (pairs[key] = { id: "p" + Object.keys(pairs).length, source: s, target: t,
                                           from: e.actor, to: e.recipient, thread: e.threads[0], lines: [], claims: 0 });
    p.lines.push(e.category + ": " + (e.latest || "no figure") + " (" + e.claims + " claims, " + e.origins + " origins)");
    p.claims += e.claims;
  });
  Object.keys(pairs).forEach(function (key) {
    var p = pairs[key];
    var lines = p.lines.slice(0, 4);
    if (p.lines.length > 4) lines.push("+ " + (p.lines.length - 4) + " more");
    elements.push({ data: { id: p.id, source: p.source, target: p.target, from: p.from, to: p.to,
                            thread: p.thread, label: lines.join("\n"), claims: p.claims } });
  });
  var cy = cytoscape({
    container: box, elements: elements, wheelSensitivity: 0.2, maxZoom: 1.6, minZoom: 0.2,
    style: [
      { selector: "node", style: {
          "label": "data(label)", "background-color": "#1f5fa8", "color": "#1d232a",
          "font-size": 13, "font-weight": 600, "text-valign": "bottom", "text-margin-y": 5,
          "width": "mapData(claims, 1, 200, 22, 60)", "height": "mapData(claims, 1, 200, 22, 60)" } },
      { selector: "edge", style: {
          "label": "data(label)", "curve-style": "bezier", "target-arrow-shape": "triangle",
          "width": "mapData(claims, 1, 100, 2, 10)", "text-max-width": 380, "control-point-step-size": 110, "line-color": "#8aa4c2", "target-arrow-color": "#8aa4c2",
          "font-size": 11, "text-wrap": "wrap", "text-background-color": "#fff",
          "text-background-opacity": 0.9, "text-background-padding": 2, "color": "#333" } },
      { selector: "edge:selected, node:selected", style: { "line-color": "#b3261e", "target-arrow-color": "#b3261e", "background-color": "#b3261e" } }
    ],
    layout: g.nodes.length > 8 ? { name: "cose", padding: 40, animate: false, nodeRepulsion: 400000, idealEdgeLength: 220 }
                               : { name: "circle", padding: 60, animate: false, startAngle: Math.PI, spacingFactor: 1.2 }
  });
  if (cy.zoom() > 1.3) { cy.zoom(1.3); cy.center(); }   // few nodes: keep labels at their natural size
  cy.on("tap", "edge", function (evt) { window.location.href = "/thread/" + encodeURIComponent(evt.target.data("thread")); });
  cy.on("tap", "node", function (evt) { window.location.href = "/entity/" + encodeURIComponent(evt.target.id()); });
  window.nlGraph = cy;   // for tests and the console
})();
