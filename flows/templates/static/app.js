// Keyboard review in the queue (j/k move, c/d decide, Enter opens) and on a contradiction (c/d decide).
// Decisions go through the same forms a click would send, with the page's token; without JavaScript the
// forms work as they are.
(function () {
  "use strict";
  var token = (document.querySelector('meta[name="claimtrack-token"]') || {}).content || "";

  function typing(e) {
    var t = e.target;
    return e.ctrlKey || e.metaKey || e.altKey || (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)));
  }

  function decide(form, status, done) {
    var data = new URLSearchParams(new FormData(form));
    data.set("status", status);
    return fetch(form.action, {
      method: "POST", body: data, credentials: "same-origin",
      headers: {"Accept": "application/json", "X-Claimtrack-Token": token}
    }).then(function (r) {
      if (!r.ok) { throw new Error(r.status === 503 ? "busy, retry" : "HTTP " + r.status); }
      return r.json();
    }).then(done).catch(function (err) { alert("Not saved: " + err.message); });
  }

  function setStatus(el, status) {
    var badge = el.querySelector("[data-status]");
    if (badge) { badge.textContent = status; badge.className = "badge " + status; }
    el.classList.remove("open", "confirmed", "dismissed");
    el.classList.add(status);
  }

  function queue() {
    var rows = Array.prototype.slice.call(document.querySelectorAll("#queue tbody tr"));
    if (!rows.length) { return; }
    var at = 0;
    var fromHash = location.hash && document.getElementById(location.hash.slice(1));
    if (fromHash && rows.indexOf(fromHash) >= 0) { at = rows.indexOf(fromHash); }
    function select(i) {
      at = Math.max(0, Math.min(rows.length - 1, i));
      rows.forEach(function (r, n) { r.classList.toggle("selected", n === at); });
      rows[at].scrollIntoView({block: "nearest"});
    }
    select(at);
    rows.forEach(function (r, n) { r.addEventListener("click", function () { select(n); }); });
    document.addEventListener("keydown", function (e) {
      if (typing(e)) { return; }
      var row = rows[at];
      if (e.key === "j") { select(at + 1); }
      else if (e.key === "k") { select(at - 1); }
      else if (e.key === "Enter" || e.key === "o") { location.href = row.dataset.href; }
      else if (e.key === "c" || e.key === "d") {
        var status = e.key === "c" ? "confirmed" : "dismissed";
        decide(row.querySelector("form.decision"), status, function () {
          setStatus(row, status);
          row.dataset.decided = status;
          select(at + 1);
        });
      } else { return; }
      e.preventDefault();
    });
  }

  function contradiction() {
    document.querySelectorAll(".article").forEach(function (box) {
      var mark = box.querySelector("mark");
      if (mark) { box.scrollTop = Math.max(0, mark.offsetTop - box.clientHeight / 3); }
    });
    var form = document.getElementById("decide");
    document.addEventListener("keydown", function (e) {
      if (typing(e) || !form || (e.key !== "c" && e.key !== "d")) { return; }
      e.preventDefault();
      var status = e.key === "c" ? "confirmed" : "dismissed";
      decide(form, status, function () { setStatus(document.querySelector("article.item"), status); });
    });
  }

  var page = document.body.dataset.page;
  if (page === "queue") { queue(); }
  if (page === "contradiction") { contradiction(); }
})();
