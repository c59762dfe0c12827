// Runs before the page paints: the reader's light/dark choice (the system's, unless they picked one).
(function () {
  try {
    var theme = localStorage.getItem('solifyn-docs:theme');
    if (theme === 'dark' || theme === 'light') document.documentElement.dataset.theme = theme;
  } catch (_) {
    /* storage switched off: follow the system */
  }
})();
