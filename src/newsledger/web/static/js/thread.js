// The figure series of a thread: one trace per item; stated totals as dots with their bounds as
// error bars, increments as triangles, running totals as a dashed line.
(function () {
  var box = document.getElementById("chart");
  var src = document.getElementById("chart-data");
  if (!box || !src) return;
  if (typeof Plotly === "undefined") {
    box.textContent = "chart library not installed (run `make web-assets`); the tables below list the series.";
    return;
  }
  var series = JSON.parse(src.textContent).series;
  var traces = [];
  Object.keys(series).forEach(function (item) {
    var pts = series[item].filter(function (p) { return p.date && p.value !== null; });
    var kinds = [["total", function (p) { return p.figure_type !== "increment"; }, "circle"],
                 ["increment", function (p) { return p.figure_type === "increment"; }, "triangle-up"]];
    kinds.forEach(function (k) {
      var sel = pts.filter(k[1]);
      if (!sel.length) return;
      traces.push({
        type: "scatter", mode: "markers", name: item + " — " + k[0],
        x: sel.map(function (p) { return p.date; }),
        y: sel.map(function (p) { return p.value; }),
        text: sel.map(function (p) { return p.figure + " (" + p.modality + "; " + p.according_to.join(", ") + ")"; }),
        hovertemplate: "%{x}: %{text}<extra></extra>",
        marker: { symbol: k[2], size: k[0] === "increment" ? 13 : 10,
                  opacity: sel.map(function (p) { return p.modality === "occurred" ? 1 : 0.45; }) },
        error_y: { type: "data", symmetric: false, visible: true,
                   array: sel.map(function (p) { return p.high !== null ? p.high - p.value : 0; }),
                   arrayminus: sel.map(function (p) { return p.low !== null ? p.value - p.low : 0; }) }
      });
    });
    var run = pts.filter(function (p) { return p.running_total !== null; });
    if (run.length) {
      traces.push({ type: "scatter", mode: "lines+markers", name: item + " — running total",
        x: run.map(function (p) { return p.date; }), y: run.map(function (p) { return p.running_total; }),
        line: { dash: "dash" }, marker: { symbol: "diamond", size: 7 } });
    }
  });
  Plotly.newPlot(box, traces, {
    margin: { l: 70, r: 20, t: 20, b: 50 }, hovermode: "closest",
    xaxis: { type: "date", title: { text: "date" } },
    yaxis: { title: { text: "figure" }, rangemode: "tozero", separatethousands: true },
    legend: { orientation: "h", y: -0.2 }
  }, { displaylogo: false, responsive: true });
  window.nlChart = box;
})();
