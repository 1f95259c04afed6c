/* Leave quickly: replace this page in the history (the back button does not return to
   it), clear what is shown, and go to the platform's home page. Without JavaScript the
   link does the same on the server, minus the history. */
(function () {
  "use strict";
  function leave(event) {
    var link = event.currentTarget;
    event.preventDefault();
    var main = document.getElementById("main");
    if (main) { main.innerHTML = ""; }
    window.location.replace(link.getAttribute("href"));
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-leave]").forEach(function (link) {
      link.addEventListener("click", leave);
    });
    document.addEventListener("keydown", function (event) {
      var link = document.querySelector("[data-leave]");
      if (event.key === "Escape" && link) { link.click(); }
    });
  });
  document.addEventListener("htmx:afterSwap", function () {
    var field = document.getElementById("wellbeing-text");
    if (field) { field.value = ""; }
  });
})();
