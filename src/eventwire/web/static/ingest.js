/* Ingest form: sends the file or pasted text with the bearer token. */
"use strict";
(function () {
  var form = document.getElementById("ingest-form");
  var out = document.getElementById("ingest-result");
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var data = new FormData(form);
    var token = data.get("token");
    data.delete("token");
    if (!data.get("file") || !data.get("file").name) data.delete("file");
    ["text", "url", "published"].forEach(function (k) { if (!data.get(k)) data.delete(k); });
    out.textContent = "Working…";
    fetch("/ingest", { method: "POST", body: data, headers: { Authorization: "Bearer " + token } })
      .then(function (r) { return r.json().then(function (j) { return [r, j]; }); })
      .then(function (rj) {
        out.textContent = "";
        if (!rj[0].ok) { out.textContent = "Error: " + JSON.stringify(rj[1].detail); return; }
        var a = document.createElement("a");
        a.href = rj[1].url;
        a.textContent = "Stored (" + rj[1].outcome + "): open the article";
        out.appendChild(a);
      })
      .catch(function (err) { out.textContent = "Error: " + err.message; });
  });
})();
