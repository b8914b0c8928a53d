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
  Plotly.newPlot(box, traces, {
    barmode: "stack", margin: { l: 45, r: 10, t: 10, b: 35 }, bargap: 0.1,
    xaxis: { type: "date" }, yaxis: { title: { text: "facts per week" }, rangemode: "tozero" },
    legend: { orientation: "h", y: 1.12 }
  }, { displaylogo: false, responsive: true, modeBarButtonsToRemove: ["lasso2d", "select2d"] });
  window.nlWeeks = box;
})();
