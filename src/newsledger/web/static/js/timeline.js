// The timeline chart: dated facts per week, stacked by kind, over every fact the filters match
// (the table below pages through them).
(function () {
  var box = document.getElementById("weeks");
  var src = document.getElementById("weeks-data");
  if (!box || !src) return;
  if (typeof Plotly === "undefined") {
    box.textContent = "chart library not installed (run `make web-assets`); the table below lists the facts.";
    return;
  }
  var d = JSON.parse(src.textContent);
  if (!d || !d.weeks.length) { box.textContent = "no dated facts match"; box.classList.add("empty"); return; }
  var traces = Object.keys(d.counts).map(function (kind) {
    return { type: "bar", name: kind, x: d.weeks, y: d.counts[kind],
             marker: { color: window.nlKindColour ? window.nlKindColour(kind) : undefined },
             hovertemplate: "week of %{x|%Y-%m-%d}: %{y} " + kind + "<extra></extra>" };
  });
  // Open on the weeks that hold the bulk of the facts (the 3rd to 99.5th percentile, padded): a few
  // facts dated decades away would otherwise squeeze the rest into one bar. Zoom out for all.
  var per = d.weeks.map(function (w, i) {
    return Object.keys(d.counts).reduce(function (s, k) { return s + d.counts[k][i]; }, 0);
  });
  var sum = per.reduce(function (a, b) { return a + b; }, 0), run = 0, lo = null, hi = null;
  per.forEach(function (n, i) {
    run += n;
    if (lo === null && run >= 0.03 * sum) lo = i;
    if (hi === null && run >= 0.995 * sum) hi = i;
  });
  function shift(week, days) {
    var t = new Date(week + "T00:00:00Z"); t.setUTCDate(t.getUTCDate() + days);
    return t.toISOString().slice(0, 10);
  }
  var range = [shift(d.weeks[lo], -14), shift(d.weeks[hi], 14)];
  Plotly.newPlot(box, traces, {
    barmode: "stack", margin: { l: 45, r: 10, t: 10, b: 35 }, bargap: 0.1,
    xaxis: { type: "date", range: range }, yaxis: { title: { text: "facts per week" }, rangemode: "tozero" },
    legend: { orientation: "h", y: 1.12 }
  }, { displaylogo: false, responsive: true, modeBarButtonsToRemove: ["lasso2d", "select2d"] });
  window.nlWeeks = box;
})();
