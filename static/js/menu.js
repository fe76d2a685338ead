// The main menu is a <details> disclosure: closed on a phone until tapped, with no script needed. On a wide
// screen there is room for every link, so this opens it (and the stylesheet hides its "Menu" button).
(function () {
  var menu = document.querySelector("details.site-menu-toggle");
  if (!menu || !window.matchMedia) return;
  var wide = window.matchMedia("(min-width: 992px)");
  function fit() { menu.open = wide.matches; }
  fit();
  if (wide.addEventListener) wide.addEventListener("change", fit);
})();
