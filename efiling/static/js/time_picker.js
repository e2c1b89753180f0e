// Keeps a time typed in a USWDS time picker (core.forms.TimePicker). USWDS's combo box sends
// only a time chosen from its list: leaving the box after typing "10:00am" or "8:30 a.m." puts
// back the option chosen before (or empties the box). Here the typed text stays in the box, and
// on submit, when it is not the chosen option's text, it is sent under the field's name instead
// of the option, so the server reads it (core.text.parse_form_time) or names the field in its
// error; an empty box sends an empty value. Without JavaScript the plain box sends what is typed.
const PICKER = ".usa-time-picker.usa-combo-box";

let typed = null; // [box, text] while USWDS's own focusout handler (on the body) runs

document.addEventListener(
  "focusout",
  (event) => {
    // Focus leaves from the box or, after Tab, from the list's highlighted time.
    const picker = event.target.closest && event.target.closest(PICKER);
    if (!picker || picker.contains(event.relatedTarget)) return;
    const box = picker.querySelector(".usa-combo-box__input");
    typed = [box, box.value];
  },
  true,
);

document.addEventListener("focusout", () => {
  if (!typed) return;
  const [box, text] = typed;
  typed = null;
  if (box.value !== text) box.value = text;
});

// A time the list does not have ("25:00", sent back with its error) leaves USWDS's box empty:
// show it again, as the box does without JavaScript (after USWDS builds the box on this event).
// The combo box also gets the hint and error links of the box it replaced (core.forms.TimePicker
// puts them on the picker), so a screen reader reads them and the error marks the field.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll(`${PICKER}[data-shown]`).forEach((picker) => {
    const box = picker.querySelector(".usa-combo-box__input");
    if (box && !box.value) box.value = picker.dataset.shown;
  });
  document.querySelectorAll(PICKER).forEach((picker) => {
    const box = picker.querySelector(".usa-combo-box__input");
    if (!box) return;
    if (picker.dataset.describedBy) box.setAttribute("aria-describedby", picker.dataset.describedBy);
    if (picker.dataset.invalid) box.setAttribute("aria-invalid", picker.dataset.invalid);
  });
});

document.addEventListener(
  "submit",
  (event) => {
    event.target.querySelectorAll(PICKER).forEach((picker) => {
      const select = picker.querySelector("select");
      const box = picker.querySelector(".usa-combo-box__input");
      if (!select || !box) return;
      // Put back what an earlier submit changed (a page shown again by the Back button).
      select.dataset.fieldName ||= select.name;
      picker.querySelectorAll("input[data-typed-time]").forEach((hidden) => hidden.remove());
      select.name = select.dataset.fieldName;
      const option = select.selectedIndex >= 0 ? select.options[select.selectedIndex] : null;
      const chosen = option && option.value ? option.text : "";
      if (box.value.trim() === chosen) return;
      const hidden = document.createElement("input");
      hidden.type = "hidden";
      hidden.name = select.name;
      hidden.value = box.value.trim();
      hidden.dataset.typedTime = "";
      select.removeAttribute("name");
      picker.appendChild(hidden);
    });
  },
  true,
);
