// Small progressive enhancements; every page works without them.
(function () {
  "use strict";
  // The language switcher submits on change; the button stays for keyboard and no-JS users.
  document.addEventListener("change", function (event) {
    if (event.target.id === "language-select") { event.target.form.submit(); }
  });
  // Copy the text of the element named by data-copy-target to the clipboard.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy-target]");
    if (!button || !navigator.clipboard) { return; }
    var source = document.querySelector(button.getAttribute("data-copy-target"));
    if (!source) { return; }
    navigator.clipboard.writeText(source.value || source.textContent).then(function () {
      button.textContent = button.getAttribute("data-copied-label") || button.textContent;
    });
  });
  // "Open in my email" carries the reply as it is now, edits included.
  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-mailto-source]");
    if (!link) { return; }
    var source = document.querySelector(link.getAttribute("data-mailto-source"));
    if (!source) { return; }
    link.href = "mailto:" + encodeURIComponent(link.getAttribute("data-mailto-email") || "") +
      "?subject=" + encodeURIComponent(link.getAttribute("data-mailto-subject") || "") +
      "&body=" + encodeURIComponent(source.value);
  });
})();
