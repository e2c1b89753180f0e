// After a form comes back with errors, the error summary (includes/form_errors.html and the
// pages' own summaries: class "error-summary", tabindex -1) takes the focus, so a keyboard or
// screen reader user starts from the list of what to correct (WCAG 2.1 3.3.1, 2.4.3); each of
// its links then puts the focus in the field it names, not only scrolls to it. Without
// JavaScript the summary is still first in the page and its links still lead to the fields.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector(".error-summary");
  if (!summary) return;
  summary.focus();
  summary.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest('a[href^="#"]');
    const field = link && document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!field) return;
    // A time picker's combo box stands in for the field it hides (a date picker's own box
    // already carries the field's id).
    const picker = field.closest(".usa-combo-box");
    const box = (picker && picker.querySelector(".usa-combo-box__input")) || field;
    event.preventDefault();
    box.scrollIntoView({ block: "center" });
    box.focus();
  });
});
