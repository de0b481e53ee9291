/* Article view: click a highlighted span to see its structured record; event cards light up their
   evidence. The document JSON comes from a non-executable <script type="application/json">. */
"use strict";
(function () {
  var doc = JSON.parse(document.getElementById("doc-data").textContent);
  var body = document.getElementById("record-body");
  var lists = { m: "mentions", p: "places", t: "times", q: "quotes", e: "events", v: "events" };

  function record(id) {
    var list = doc[lists[id.charAt(0)]] || [];
    return list[parseInt(id.slice(1), 10)];
  }

  function show(ids) {
    var out = {};
    ids.forEach(function (id) {
      var key = lists[id.charAt(0)] + "[" + id.slice(1) + "]";
      if (id.charAt(0) !== "v" || ids.indexOf("e" + id.slice(1)) < 0) out[key] = record(id);
    });
    body.textContent = JSON.stringify(out, null, 2);
  }

  function highlight(ev) {
    document.querySelectorAll(".ann.selected").forEach(function (n) { n.classList.remove("selected"); });
    document.querySelectorAll(".card.selected").forEach(function (n) { n.classList.remove("selected"); });
    var first = null;
    document.querySelectorAll(".ann").forEach(function (n) {
      if (n.dataset.ids.split(" ").indexOf(ev) >= 0) { n.classList.add("selected"); first = first || n; }
    });
    document.querySelectorAll('.card[data-ev="' + ev + '"]').forEach(function (n) { n.classList.add("selected"); });
    if (first) first.scrollIntoView({ block: "center" });
    show([ev]);
  }

  ["doc-title", "doc-text"].forEach(function (id) {  // headline events are marked in the title
    var node = document.getElementById(id);
    if (!node) return;
    node.addEventListener("click", function (e) {
      var span = e.target.closest(".ann");
      if (span) show(span.dataset.ids.split(" "));
    });
    node.addEventListener("keydown", function (e) {
      var span = e.target.closest(".ann");
      if (span && e.key === "Enter") show(span.dataset.ids.split(" "));
    });
  });
  document.querySelectorAll(".show-evidence").forEach(function (b) {
    b.addEventListener("click", function () { highlight(b.dataset.ev); });
  });
  var pre = document.querySelector(".ann.selected");
  if (pre) { pre.scrollIntoView({ block: "center" }); show(pre.dataset.ids.split(" ").filter(function (i) { return i.charAt(0) === "v"; })); }
})();
