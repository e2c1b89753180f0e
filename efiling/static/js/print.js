// Progressive enhancement: a "Print" button where JavaScript runs (without it, the page says
// to print the page, and the print stylesheet leaves only what matters).
document.querySelectorAll("[data-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
