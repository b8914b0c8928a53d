// One colour per claim kind, shared by the map, the timeline chart and their legends.
(function () {
  var palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2",
                 "#17becf", "#bcbd22", "#7f7f7f", "#393b79", "#ad494a"];
  var fixed = { deploy: 0, transfer: 1, casualties: 2, produce: 3, attack: 4, aid: 5, sanction: 6,
                agreement: 7, statement: 8 };
  var extra = {};
  window.nlKindColour = function (kind) {
    if (kind in fixed) return palette[fixed[kind] % palette.length];
    if (!(kind in extra)) extra[kind] = palette[(9 + Object.keys(extra).length) % palette.length];
    return extra[kind];
  };
  document.querySelectorAll(".swatch[data-kind]").forEach(function (el) {
    el.style.background = window.nlKindColour(el.getAttribute("data-kind"));
  });
})();
