// accord's pages: draw the charts (vendored vega-embed), the editor's line gutter.
"use strict";

function drawCharts(root) {
  root.querySelectorAll("div.vega[data-chart]").forEach(function (el) {
    if (el.dataset.drawn) return;
    el.dataset.drawn = "1";
    var data = document.getElementById(el.dataset.chart);
    var spec = JSON.parse(data.textContent);
    vegaEmbed(el, spec, {actions: false, renderer: "svg"})
      .then(function () { el.dataset.rendered = "1"; })
      .catch(function (err) {
        el.dataset.failed = "1";
        el.textContent = "This chart could not be drawn: " + err;
        console.error(err);
      });
  });
}

var LINE = 20; // px, the editor's line height (accord.css)

function setUpEditor() {
  var ta = document.getElementById("yaml");
  if (!ta) return;
  var gutter = document.getElementById("gutter");
  var problems = document.getElementById("problems");
  var box = ta.parentElement;

  function marks() {
    var bad = new Map();
    problems.querySelectorAll("li[data-line]").forEach(function (li) {
      var n = parseInt(li.dataset.line, 10);
      if (n) bad.set(n, (bad.get(n) || []).concat([li.dataset.message || li.textContent]));
    });
    var count = ta.value.split("\n").length;
    var spans = [];
    for (var i = 1; i <= count; i++) {
      var s = document.createElement("span");
      s.textContent = String(i);
      if (bad.has(i)) { s.className = "bad"; s.title = bad.get(i).join("\n"); }
      spans.push(s);
    }
    gutter.replaceChildren.apply(gutter, spans);
    gutter.scrollTop = ta.scrollTop;
    // each error's message at its line, beside the text
    box.querySelectorAll(".inline-error").forEach(function (el) { el.remove(); });
    bad.forEach(function (texts, line) {
      var note = document.createElement("div");
      note.className = "inline-error";
      note.dataset.line = String(line);
      note.textContent = texts.join("  |  ");
      box.appendChild(note);
    });
    place();
  }

  function place() {
    box.querySelectorAll(".inline-error").forEach(function (el) {
      var top = 6 + (parseInt(el.dataset.line, 10) - 1) * LINE - ta.scrollTop;
      el.style.top = top + "px";
      el.hidden = top < 0 || top > ta.clientHeight - LINE / 2;
    });
  }

  function goTo(line, column) {
    var rows = ta.value.split("\n");
    var offset = 0;
    for (var i = 0; i < line - 1 && i < rows.length; i++) offset += rows[i].length + 1;
    offset += Math.max(0, (column || 1) - 1);
    ta.focus();
    ta.setSelectionRange(offset, offset);
    ta.scrollTop = Math.max(0, (line - 4) * LINE);
  }

  ta.addEventListener("input", marks);
  ta.addEventListener("scroll", function () { gutter.scrollTop = ta.scrollTop; place(); });
  document.getElementById("check").addEventListener("click", function () {
    htmx.trigger(ta, "check");
  });
  problems.addEventListener("click", function (e) {
    var li = e.target.closest("li[data-line]");
    if (!li || !li.dataset.line) return;
    e.preventDefault();
    goTo(parseInt(li.dataset.line, 10), parseInt(li.dataset.column, 10));
  });
  document.body.addEventListener("htmx:afterSettle", marks);
  marks();
}

document.addEventListener("DOMContentLoaded", function () {
  drawCharts(document);
  setUpEditor();
});
document.addEventListener("htmx:afterSettle", function (e) { drawCharts(e.target); });
