// Classic, render-blocking script loaded from <head>: applies the reader's saved
// font size to <html> before first paint, so the page never reflows after load.
// (The strict CSP forbids inline scripts, hence a file.) site.js owns the control.
(function () {
  // Scripts run: what only works with them (the font-size control) shows from the
  // first paint instead of appearing later and pushing the page down.
  document.documentElement.classList.add("js");
  try {
    var size = window.localStorage.getItem("newsreader:font-size");
    if (size && /^-?[1-3]$/.test(size)) {
      document.documentElement.setAttribute("data-font-size", size);
    }
  } catch (error) {
    // Storage can be disabled (private mode, policies): keep the default size.
  }
})();
