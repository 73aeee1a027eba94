"use strict";
// cpclint HTML report: show a finding's note beside its words on hover and on keyboard focus,
// and keep the list of findings in step. The page works without this script: the list says it all.
(function () {
  var tip = document.getElementById("tip");
  var doc = document.querySelector(".doc");
  var list = document.getElementById("findings");
  if (!tip || !doc || !list) { return; }
  var shown = null;
  var timer = 0;

  function marks(n) { return doc.querySelectorAll('mark.f[data-n="' + n + '"]'); }
  function markOf(node) { return node && node.closest ? node.closest("mark.f") : null; }

  function mark(n, on) {
    marks(n).forEach(function (m) { m.classList.toggle("active", on); });
    var item = document.getElementById("n-" + n);
    if (item) { item.classList.toggle("current", on); }
    return item;
  }

  function place(m) {
    var r = m.getClientRects()[0] || m.getBoundingClientRect();
    var w = tip.offsetWidth, h = tip.offsetHeight;
    var left = Math.max(8, Math.min(r.left, document.documentElement.clientWidth - w - 8));
    var top = r.bottom + 8;
    if (top + h > window.innerHeight && r.top - h - 8 > 0) { top = r.top - h - 8; }
    tip.style.left = (left + window.scrollX) + "px";
    tip.style.top = (top + window.scrollY) + "px";
  }

  function show(m) {
    clearTimeout(timer);
    var n = m.getAttribute("data-n");
    if (shown !== n) {
      hide();
      var item = mark(n, true);
      if (!item) { return; }
      var head = document.createElement("p");
      head.className = "tip-head";
      head.textContent = "Finding " + n + " of " + list.querySelectorAll(".item").length;
      tip.replaceChildren(head);
      tip.className = item.className.replace(/\b(item|current)\b/g, "").trim();
      item.querySelectorAll(".badge, .msg, .hint").forEach(function (el) {
        var copy = el.cloneNode(true);
        copy.removeAttribute("id");
        tip.appendChild(copy);
      });
      shown = n;
      if (list.scrollHeight > list.clientHeight) {  // bring the finding into view in the list
        var ir = item.getBoundingClientRect(), lr = list.getBoundingClientRect();
        if (ir.top < lr.top || ir.bottom > lr.bottom) { list.scrollTop += ir.top - lr.top - lr.height / 3; }
      }
    }
    tip.hidden = false;
    place(m);
  }

  function hide() {
    clearTimeout(timer);
    if (shown !== null) { mark(shown, false); }
    shown = null;
    tip.hidden = true;
  }

  function settle() {  // after the pointer leaves: back to the focused finding, if any
    var f = markOf(document.activeElement);
    if (f && doc.contains(f)) { show(f); } else { hide(); }
  }

  doc.addEventListener("focusin", function (e) { var m = markOf(e.target); if (m) { show(m); } });
  doc.addEventListener("focusout", function (e) { if (!markOf(e.relatedTarget)) { hide(); } });
  doc.addEventListener("mouseover", function (e) { var m = markOf(e.target); if (m) { show(m); } });
  doc.addEventListener("mouseout", function (e) {
    if (markOf(e.target) && !markOf(e.relatedTarget) && !tip.contains(e.relatedTarget)) {
      timer = setTimeout(settle, 400);
    }
  });
  tip.addEventListener("mouseenter", function () { clearTimeout(timer); });
  tip.addEventListener("mouseleave", function () { timer = setTimeout(settle, 400); });
  document.addEventListener("keydown", function (e) { if (e.key === "Escape") { hide(); } });
  window.addEventListener("resize", function () { if (shown !== null) { hide(); } });

  list.addEventListener("click", function (e) {
    var a = e.target.closest ? e.target.closest("a.goto") : null;
    if (!a) { return; }
    var m = document.getElementById(a.getAttribute("href").slice(1));
    if (m) { e.preventDefault(); m.focus(); }
  });
})();
