// The accent colour a page names in data-accent (a learning platform's own colour).
// Set through the CSS object model: the Content-Security-Policy refuses inline style
// attributes. Without JavaScript the page keeps the platform's default colour.
document.querySelectorAll("[data-accent]").forEach(function (element) {
  var colour = element.getAttribute("data-accent");
  if (/^#[0-9a-fA-F]{6}$/.test(colour)) {
    element.style.setProperty("--platform-accent", colour);
  }
});
