// The map: Natural Earth country boundaries (world-atlas TopoJSON, vendored) drawn with d3-geo
// as SVG, one circle per place and kind, area by claims, coloured by kind. Circles of several
// kinds at one place are set around it so none hides another. A circle links to its claims.
(function () {
  var box = document.getElementById("map");
  var src = document.getElementById("map-data");
  if (!box || !src) return;
  if (typeof d3 === "undefined" || !d3.geoPath || typeof topojson === "undefined") {
    box.textContent = "map libraries not installed (run `make web-assets`); the table below lists the places.";
    return;
  }
  var data = JSON.parse(src.textContent);
  var NS = "http://www.w3.org/2000/svg";
  var width = box.clientWidth || 1200, height = Math.round(width * 0.52);
  var svg = document.createElementNS(NS, "svg");
  svg.setAttribute("viewBox", "0 0 " + width + " " + height);
  svg.setAttribute("width", "100%");
  box.appendChild(svg);
  var projection = d3.geoNaturalEarth1();
  var tip = document.createElement("div");
  tip.className = "map-tip";
  box.appendChild(tip);

  function el(name, attrs, parent) {
    var e = document.createElementNS(NS, name);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    (parent || svg).appendChild(e);
    return e;
  }

  function pointsLayer() {
    var pts = data.points;
    if (!pts.length) return;
    var max = Math.max.apply(null, pts.map(function (p) { return p.claims; }));
    var byPlace = {};
    pts.forEach(function (p) { (byPlace[p.place] = byPlace[p.place] || []).push(p); });
    var layer = el("g", { "class": "points" });
    var drawn = [];
    Object.keys(byPlace).forEach(function (place) {
      var group = byPlace[place];
      var xy = projection([group[0].lon, group[0].lat]);
      if (!xy) return;
      group.forEach(function (p, i) {
        var r = 3 + 19 * Math.sqrt(p.claims / max);
        var angle = 2 * Math.PI * i / group.length, off = group.length > 1 ? 6 + r * 0.6 : 0;
        drawn.push({ p: p, r: r, x: xy[0] + off * Math.cos(angle), y: xy[1] + off * Math.sin(angle) });
      });
    });
    drawn.sort(function (a, b) { return b.r - a.r; });   // small circles on top of large ones
    drawn.forEach(function (d) {
      var q = new URLSearchParams({ kind: d.p.kind });
      ["actor", "since", "until"].forEach(function (k) { if (data.filters[k]) q.set(k, data.filters[k]); });
      var a = el("a", { href: "/map/place/" + encodeURIComponent(d.p.place) + "?" + q.toString(),
                        "class": "point", "data-place": d.p.place, "data-kind": d.p.kind }, layer);
      el("circle", { cx: d.x.toFixed(1), cy: d.y.toFixed(1), r: d.r.toFixed(1),
                     fill: window.nlKindColour(d.p.kind), "fill-opacity": 0.75, stroke: "#fff",
                     "stroke-width": 1 }, a);
      var label = d.p.name + " — " + d.p.kind + ": " + d.p.claims + " claim" + (d.p.claims === 1 ? "" : "s") +
                  (d.p.last ? " (" + (d.p.first === d.p.last ? d.p.last : d.p.first + " to " + d.p.last) + ")" : "");
      el("title", {}, a).textContent = label;
      a.addEventListener("mouseenter", function () { tip.textContent = label; tip.style.display = "block"; });
      a.addEventListener("mouseleave", function () { tip.style.display = "none"; });
    });
  }

  fetch("/static/vendor/countries-50m.json").then(function (r) {
    if (!r.ok) throw new Error("boundaries: HTTP " + r.status);
    return r.json();
  }).then(function (world) {
    var land = topojson.feature(world, world.objects.countries);
    // Frame the points (with a margin, never narrower than a continent), not the whole globe:
    // news clusters in a few regions and a world view leaves them a few pixels wide.
    var frame = { type: "Sphere" };
    if (data.points.length) {
      var lons = data.points.map(function (p) { return p.lon; }), lats = data.points.map(function (p) { return p.lat; });
      var x0 = Math.min.apply(null, lons), x1 = Math.max.apply(null, lons);
      var y0 = Math.min.apply(null, lats), y1 = Math.max.apply(null, lats);
      var padX = Math.max(10, (60 - (x1 - x0)) / 2), padY = Math.max(8, (30 - (y1 - y0)) / 2);
      x0 = Math.max(-180, x0 - padX); x1 = Math.min(180, x1 + padX);
      y0 = Math.max(-85, y0 - padY); y1 = Math.min(85, y1 + padY);
      var xm = (x0 + x1) / 2, ym = (y0 + y1) / 2;
      frame = { type: "MultiPoint", coordinates: [[x0, y0], [x0, y1], [x1, y1], [x1, y0], [xm, y0], [xm, y1], [x0, ym], [x1, ym]] };
    }
    projection.fitExtent([[8, 8], [width - 8, height - 8]], frame);
    var path = d3.geoPath(projection);
    el("path", { d: path({ type: "Sphere" }), fill: "#eef4fa", stroke: "#c9d6e3" });
    el("path", { d: path(d3.geoGraticule10()), fill: "none", stroke: "#dde6ef", "stroke-width": 0.5 });
    var countries = el("g", { "class": "countries" });
    land.features.forEach(function (f) {
      el("path", { d: path(f), fill: "#f7f5ef", stroke: "#b8b2a6", "stroke-width": 0.5 }, countries)
        .appendChild(document.createElementNS(NS, "title")).textContent = (f.properties && f.properties.name) || "";
    });
    pointsLayer();
    window.nlMap = { points: svg.querySelectorAll("a.point").length, countries: land.features.length };
  }).catch(function (err) {
    box.textContent = "map boundaries could not be loaded (" + err.message + "); the table below lists the places.";
  });
})();
