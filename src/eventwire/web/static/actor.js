/* Actor view: events per month as actor and as recipient. */
"use strict";
(function () {
  var fig = document.getElementById("actor-chart");
  EW.getJSON("/actors/" + encodeURIComponent(fig.dataset.name) + ".json").then(function (p) {
    EW.pairHistogram(fig, p.as_actor.per_month, p.as_recipient.per_month);
  }).catch(function (e) { EW.note(fig, "Chart unavailable: " + e.message); });
})();
