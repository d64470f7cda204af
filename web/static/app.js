// litkb: small improvements on top of pages that work without this file.
(function () {
  "use strict";
  var status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  document.body.appendChild(status);
  function say(msg) {
    status.textContent = msg;
    setTimeout(function () { status.textContent = ""; }, 3000);
  }

  // Copy buttons: <button data-copy="text" hidden>, shown only when the
  // clipboard can be written. data-copy-html adds a formatted copy (a
  // reference with its italics) for word processors; plain text is always
  // there for everything else.
  function copy(b) {
    var text = b.getAttribute("data-copy");
    var html = b.getAttribute("data-copy-html");
    if (html && window.ClipboardItem && navigator.clipboard.write) {
      return navigator.clipboard.write([new ClipboardItem({
        "text/plain": new Blob([text], {type: "text/plain"}),
        "text/html": new Blob([html], {type: "text/html"})
      })]).catch(function () { return navigator.clipboard.writeText(text); });
    }
    return navigator.clipboard.writeText(text);
  }
  if (navigator.clipboard && window.isSecureContext) {
    document.querySelectorAll("button[data-copy]").forEach(function (b) {
      b.hidden = false;
      b.addEventListener("click", function () {
        copy(b).then(function () {
          b.classList.add("copied");
          say("Copied to the clipboard");
          setTimeout(function () { b.classList.remove("copied"); }, 2000);
        }, function () { say("Could not copy; select the text instead"); });
      });
    });
  }

  // A citation to copy selects itself whole when focused, so one keyboard
  // shortcut copies it even where the clipboard API is not allowed.
  document.querySelectorAll("textarea.cf-text").forEach(function (t) {
    t.addEventListener("focus", function () { t.select(); });
  });

  document.querySelectorAll("button[data-print]").forEach(function (b) {
    b.hidden = false;
    b.addEventListener("click", function () { window.print(); });
  });

  // "/" puts the cursor in the search box, as on most search sites.
  var q = document.getElementById("q");
  document.addEventListener("keydown", function (e) {
    var t = e.target;
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey || !q) return;
    if (/^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName) || t.isContentEditable) return;
    e.preventDefault();
    q.focus();
    q.select();
  });
})();
