/* IITE Platform: small enhancements; every page works without this file.
   Loaded from our own host (no inline script, so a strict Content-Security-Policy holds). */
(function () {
  "use strict";

  /* Disclosures marked data-wide-open (the menu, filter forms) are closed on a phone and
     open on a wide screen. CSS does this itself where ::details-content is supported. */
  var wide = window.matchMedia("(min-width: 60rem)");
  function placeDisclosures() {
    document.querySelectorAll("details[data-wide-open]").forEach(function (details) {
      if (wide.matches) {
        details.open = true;
        details.classList.add("is-wide");
      } else if (details.classList.contains("is-wide")) {
        details.open = details.hasAttribute("data-keep-open");
        details.classList.remove("is-wide");
      }
    });
  }

  /* The visitor's time zone, as the browser knows it: a cookie the server reads when no
     zone was chosen; a signed-in person without a zone in their profile has it saved. */
  function rememberZone() {
    var zone;
    try {
      zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    } catch (error) {
      return;
    }
    if (!zone || zone.length > 64) {
      return;
    }
    var secure = window.location.protocol === "https:" ? "; Secure" : "";
    document.cookie = "iite_tz=" + encodeURIComponent(zone) + "; path=/; max-age=31536000; SameSite=Lax" + secure;
    var body = document.body;
    var url = body.getAttribute("data-zone-save");
    if (url && window.fetch) {
      var form = new FormData();
      form.append("time_zone", zone);
      window.fetch(url, {
        method: "POST",
        body: form,
        credentials: "same-origin",
        headers: { "X-CSRFToken": body.getAttribute("data-csrf") || "" }
      });
    }
  }

  /* Long checkbox lists (countries, languages): a filter box narrows them as one types. */
  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function enableFilters() {
    document.querySelectorAll("[data-filterable]").forEach(function (box) {
      var input = box.querySelector(".filterable-input");
      if (!input) {
        return;
      }
      input.hidden = false;
      input.addEventListener("input", function () {
        var query = fold(input.value.trim());
        box.querySelectorAll(".filterable-options label").forEach(function (label) {
          var item = label.closest("div") || label;
          var checked = label.querySelector("input:checked");
          item.hidden = Boolean(query) && !checked && fold(label.textContent).indexOf(query) === -1;
        });
      });
    });
  }

  function start() {
    enableFilters();
    placeDisclosures();
    if (wide.addEventListener) {
      wide.addEventListener("change", placeDisclosures);
    }
    rememberZone();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
