// A filter box above a long <select data-filter="placeholder">: typing "paris" or "new york" narrows the
// list to the options that match (accents, case, "_" and "/" ignored) and shows it open; Enter or a click
// picks one. Without JavaScript the <select> and its groups work as they are.
(function () {
  "use strict";
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[_/]+/g, " ").toLowerCase();
  }
  function enhance(select) {
    var options = Array.prototype.slice.call(select.options);
    var keys = options.map(function (option) {
      var group = option.parentNode.tagName === "OPTGROUP" ? option.parentNode.label : "";
      return fold(option.value + " " + option.text + " " + group);
    });
    var input = document.createElement("input");
    input.type = "search";
    input.className = "form-control form-control-sm mb-1";
    input.placeholder = select.getAttribute("data-filter");
    input.setAttribute("aria-label", select.getAttribute("data-filter"));
    input.setAttribute("aria-controls", select.id);
    input.autocomplete = "off";
    select.parentNode.insertBefore(input, select);

    function first() {
      for (var i = 0; i < options.length; i++) { if (!options[i].hidden) { return options[i]; } }
      return null;
    }
    function reset() {
      input.value = "";
      options.forEach(function (option) { option.hidden = false; });
      Array.prototype.forEach.call(select.querySelectorAll("optgroup"), function (group) { group.hidden = false; });
      select.removeAttribute("size");
    }
    input.addEventListener("input", function () {
      var words = fold(input.value).split(/\s+/).filter(Boolean);
      if (!words.length) { reset(); return; }
      var shown = 0;
      options.forEach(function (option, i) {
        option.hidden = !words.every(function (word) { return keys[i].indexOf(word) !== -1; });
        shown += option.hidden ? 0 : 1;
      });
      Array.prototype.forEach.call(select.querySelectorAll("optgroup"), function (group) {
        group.hidden = !group.querySelector("option:not([hidden])");
      });
      select.size = Math.min(Math.max(shown, 2), 8);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();  // not the form's submit: pick the first match
        var match = first();
        if (match) { select.value = match.value; reset(); select.focus(); }
      } else if (event.key === "ArrowDown" && select.size > 1) {
        event.preventDefault();
        select.focus();
      } else if (event.key === "Escape") {
        reset();
      }
    });
    // The open list closes once a zone is picked: a click, Enter, or leaving it for anything but the box.
    select.addEventListener("click", function () { if (select.size > 1) { reset(); } });
    select.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && select.size > 1) { event.preventDefault(); reset(); }
    });
    select.addEventListener("blur", function (event) {
      if (input.value && event.relatedTarget !== input) { reset(); }
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll("select[data-filter]"), enhance);
})();
