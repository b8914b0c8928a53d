// Keyboard review (served only when the server allows review), like annotation tools:
// j / k move between claims, v verifies, r rejects, e opens the correction fields (Enter
// saves), n goes to the note, o opens the claim's document, Esc leaves a field.
(function () {
  "use strict";
  var items = Array.prototype.slice.call(document.querySelectorAll(".reviewable"));
  if (!items.length) return;
  var current = -1;
  var NAME_KEY = "newsledger-reviewer";

  function select(i) {
    if (i < 0 || i >= items.length) return;
    if (current >= 0) items[current].classList.remove("review-current");
    current = i;
    items[i].classList.add("review-current");
    items[i].scrollIntoView({block: "nearest"});
  }
  function form() { return current >= 0 ? items[current].querySelector("form.review-form") : null; }
  function submit(action) {
    var f = form();
    if (!f) return;
    var button = f.querySelector("button[value='" + action + "']");
    if (button) f.requestSubmit(button);
  }

  // The reviewer's name: kept in this browser, copied into every form.
  var nameBox = document.getElementById("reviewer");
  var saved = null;
  try { saved = window.localStorage.getItem(NAME_KEY); } catch (e) { saved = null; }
  if (nameBox && saved) nameBox.value = saved;
  function stampName() {
    var name = nameBox ? nameBox.value.trim() : saved;
    if (!name) return;
    document.querySelectorAll("input.review-reviewer").forEach(function (i) { i.value = name; });
  }
  if (nameBox) nameBox.addEventListener("change", function () {
    try { window.localStorage.setItem(NAME_KEY, nameBox.value.trim()); } catch (e) { /* private mode */ }
    stampName();
  });
  stampName();

  // Enter in a correction field saves the correction (not a verify, the form's first button).
  document.querySelectorAll(".review-fields input, .review-note input").forEach(function (input) {
    input.addEventListener("keydown", function (ev) {
      if (ev.key !== "Enter") return;
      ev.preventDefault();
      var f = input.form;
      var open = f.querySelector("details.review-correct[open]");
      f.requestSubmit(f.querySelector("button[value='" + (open ? "correct" : "verify") + "']"));
    });
  });

  document.addEventListener("keydown", function (ev) {
    var typing = /^(INPUT|SELECT|TEXTAREA)$/.test(ev.target.tagName);
    if (ev.key === "Escape") {
      if (typing) ev.target.blur();
      var f = form();
      var open = f && f.querySelector("details.review-correct[open]");
      if (open) open.open = false;
      return;
    }
    if (typing || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    var f2;
    switch (ev.key) {
      case "j": select(Math.min(items.length - 1, current + 1)); break;
      case "k": select(Math.max(0, current - 1)); break;
      case "v": submit("verify"); break;
      case "r": submit("reject"); break;
      case "e":
        f2 = form();
        if (!f2) return;
        var d = f2.querySelector("details.review-correct");
        d.open = true;
        d.querySelector("input").focus();
        break;
      case "n":
        f2 = form();
        if (f2) f2.querySelector("input[name=note]").focus();
        break;
      case "o":
        var link = current >= 0 && items[current].querySelector("a.doc-link, a[href^='/document/']");
        if (link) window.location.href = link.href;
        break;
      default: return;
    }
    ev.preventDefault();
  });

  // Start where the last review left off (the server redirects to #claim-ID), else at the top.
  var start = 0;
  if (window.location.hash) {
    var target = document.getElementById(window.location.hash.slice(1));
    var at = items.indexOf(target);
    if (at >= 0) start = at;
  }
  select(start);
  window.nlReview = {select: select, current: function () { return current; }, count: items.length};
})();
