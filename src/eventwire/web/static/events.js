/* Events view: timeline and map for the filters in the URL. */
"use strict";
(function () {
  var qs = location.search;
  var timeline = document.getElementById("timeline");
  var map = document.getElementById("map");
  EW.getJSON("/events/aggregates.json" + qs).then(function (agg) {
    EW.histogram(timeline, agg.per_day, {
      onClick: function (key, unit) {
        if (unit === "month") EW.navigate({ date_from: key + "-01", date_to: key + "-31" });
        else EW.navigate({ date_from: key, date_to: key });
      }
    });
  }).catch(function (e) { EW.note(timeline, "Timeline unavailable: " + e.message); });

  if (map.dataset.vendor !== "ok" || !window.d3 || !window.d3.geoPath || !window.topojson) {
    EW.note(map, "Map unavailable: the front-end libraries (web/node_modules) are not installed.");
    return;
  }
  Promise.all([EW.getJSON("/vendor/countries-110m.json"), EW.getJSON("/events/map.json" + qs)])
    .then(function (res) {
      EW.worldMap(map, res[0], res[1], function (c, cell) {
        var h = cell / 2;
        EW.navigate({ bbox: [c.lon - h, c.lat - h, c.lon + h, c.lat + h].map(function (v) {
          return Math.max(-180, Math.min(180, v)).toFixed(2); }).join(",") });
      });
    })
    .catch(function (e) { EW.note(map, "Map unavailable: " + e.message); });
})();
/* Blank filter fields are left out of the URL, so shared links stay short. */
(function () {
  var form = document.getElementById("filters");
  form.addEventListener("submit", function () {
    Array.prototype.forEach.call(form.elements, function (f) {
      if (f.name && f.type !== "checkbox" && !f.value) f.disabled = true;
    });
  });
})();
