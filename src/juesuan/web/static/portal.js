// 决算公开门户: small helpers (no framework).  Confirm risky actions; keep the hash target visible.
document.addEventListener("submit", function (ev) {
  var form = ev.target;
  var msg = form.getAttribute && form.getAttribute("data-confirm");
  if (msg && !window.confirm(msg)) { ev.preventDefault(); return; }
  var btn = form.querySelector("button[type=submit], button:not([type])");
  if (btn && !ev.defaultPrevented) { setTimeout(function () { btn.disabled = true; }, 0); }
});
