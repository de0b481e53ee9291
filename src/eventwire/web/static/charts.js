/* Small SVG charts for the explorer. Data is only ever written with textContent/setAttribute. */
"use strict";
var EW = (function () {
  var NS = "http://www.w3.org/2000/svg";

  function el(tag, attrs, text) {
    var node = document.createElementNS(NS, tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function note(container, text) {
    var p = document.createElement("p");
    p.className = "note";
    p.textContent = text;
    container.appendChild(p);
  }

  /* Bars per key; long daily series are folded into months. */
  function histogram(container, series, opts) {
    opts = opts || {};
    var data = series.slice();
    var unit = "day";
    if (data.length > 366) {
      var months = {};
      data.forEach(function (d) { var m = d.key.slice(0, 7); months[m] = (months[m] || 0) + d.count; });
      data = Object.keys(months).sort().map(function (k) { return { key: k, count: months[k] }; });
      unit = "month";
    }
    if (!data.length) { note(container, "No dated events to chart."); return null; }
    var W = opts.width || 640, H = opts.height || 140, pad = 22;
    var max = Math.max.apply(null, data.map(function (d) { return d.count; }));
    var bw = (W - 2 * pad) / data.length;
    var svg = el("svg", { viewBox: "0 0 " + W + " " + H, role: "img", "class": "chart" });
    svg.appendChild(el("title", {}, "Events per " + unit));
    data.forEach(function (d, i) {
      var h = Math.max(1, (H - 2 * pad) * d.count / max);
      var bar = el("rect", {
        x: (pad + i * bw).toFixed(2), y: (H - pad - h).toFixed(2),
        width: Math.max(0.5, bw - 0.5).toFixed(2), height: h.toFixed(2), "class": "bar",
        "data-key": d.key
      });
      bar.appendChild(el("title", {}, d.key + ": " + d.count));
      if (opts.onClick) bar.addEventListener("click", function () { opts.onClick(d.key, unit); });
      svg.appendChild(bar);
    });
    svg.appendChild(el("text", { x: pad, y: H - 6, "class": "axis" }, data[0].key));
    svg.appendChild(el("text", { x: W - pad, y: H - 6, "class": "axis", "text-anchor": "end" }, data[data.length - 1].key));
    svg.appendChild(el("text", { x: pad, y: 12, "class": "axis" }, "max " + max + " per " + unit));
    container.appendChild(svg);
    return svg;
  }

  /* Two series side by side per month (an actor as actor and as recipient). */
  function pairHistogram(container, a, b) {
    var keys = {};
    a.concat(b).forEach(function (d) { keys[d.key] = true; });
    var ks = Object.keys(keys).sort();
    if (!ks.length) { note(container, "No dated events for this actor."); return; }
    var ma = {}, mb = {};
    a.forEach(function (d) { ma[d.key] = d.count; });
    b.forEach(function (d) { mb[d.key] = d.count; });
    var W = 640, H = 140, pad = 22;
    var max = Math.max.apply(null, ks.map(function (k) { return Math.max(ma[k] || 0, mb[k] || 0); }));
    var bw = (W - 2 * pad) / ks.length;
    var svg = el("svg", { viewBox: "0 0 " + W + " " + H, role: "img", "class": "chart" });
    ks.forEach(function (k, i) {
      [[ma[k] || 0, "bar"], [mb[k] || 0, "bar2"]].forEach(function (pair, j) {
        var h = (H - 2 * pad) * pair[0] / max;
        var r = el("rect", { x: (pad + i * bw + j * bw / 2).toFixed(2), y: (H - pad - h).toFixed(2),
          width: Math.max(0.5, bw / 2 - 0.5).toFixed(2), height: h.toFixed(2), "class": pair[1] });
        r.appendChild(el("title", {}, k + ": " + pair[0] + (j ? " as recipient" : " as actor")));
        svg.appendChild(r);
      });
    });
    svg.appendChild(el("text", { x: pad, y: H - 6, "class": "axis" }, ks[0]));
    svg.appendChild(el("text", { x: W - pad, y: H - 6, "class": "axis", "text-anchor": "end" }, ks[ks.length - 1]));
    container.appendChild(svg);
  }

  /* An offline world map (Natural Earth shapes from world-atlas) with clustered event dots. */
  function worldMap(container, world, grid, onClick) {
    var W = 640, H = 330;
    var projection = d3.geoNaturalEarth1().fitSize([W, H], { type: "Sphere" });
    var path = d3.geoPath(projection);
    var svg = el("svg", { viewBox: "0 0 " + W + " " + H, role: "img", "class": "chart worldmap" });
    svg.appendChild(el("path", { d: path({ type: "Sphere" }), "class": "sphere" }));
    var land = topojson.feature(world, world.objects.countries).features;
    land.forEach(function (f) { svg.appendChild(el("path", { d: path(f) || "", "class": "country" })); });
    var max = Math.max.apply(null, [1].concat(grid.cells.map(function (c) { return c.count; })));
    grid.cells.forEach(function (c) {
      var p = projection([c.lon, c.lat]);
      if (!p) return;
      var dot = el("circle", { cx: p[0].toFixed(1), cy: p[1].toFixed(1),
        r: (2.5 + 12 * Math.sqrt(c.count / max)).toFixed(1), "class": "dot" });
      dot.appendChild(el("title", {}, (c.place ? c.place + ": " : "") + c.count + " events"));
      if (onClick) dot.addEventListener("click", function () { onClick(c, grid.cell); });
      svg.appendChild(dot);
    });
    container.appendChild(svg);
    return svg;
  }

  function getJSON(url) {
    return fetch(url, { headers: { Accept: "application/json" } }).then(function (r) {
      if (!r.ok) throw new Error(url + ": HTTP " + r.status);
      return r.json();
    });
  }

  function navigate(changes) {
    var p = new URLSearchParams(location.search);
    Object.keys(changes).forEach(function (k) {
      if (changes[k] === null) p.delete(k); else p.set(k, changes[k]);
    });
    p.delete("page");
    location.search = p.toString();
  }

  return { el: el, note: note, histogram: histogram, pairHistogram: pairHistogram,
           worldMap: worldMap, getJSON: getJSON, navigate: navigate };
})();
