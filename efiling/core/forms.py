"""The base of every form of the project: accessible markup, and every input cleaned in the one
place (efiling.core.text) before Django's own field checks run."""

import re
from datetime import date, datetime

from django import forms
from django.db import models

from efiling.core.errors import Conflict, ValidationFailed
from efiling.core.text import (
    check_secret,
    clean_text,
    date_in_range,
    parse_form_date,
    parse_form_time,
    text_problem,
)
from efiling.core.words import field_phrase, field_subject

# Raw values of number fields: ASCII digits only (int(), Decimal() and strptime take other
# scripts' digits, such as Arabic-Indic or fullwidth ones, and fail on superscripts that
# isdigit() accepts); a whole number has no decimal point (Django's IntegerField reads "5.0"
# as 5) and at most 19 digits (the largest id column).
WHOLE_NUMBER = re.compile("-?[0-9]{1,19}")
DECIMAL_NUMBER = re.compile("-?(?:[0-9]{1,30}(?:\\.[0-9]{0,10})?|\\.[0-9]{1,10})")
# What a checkbox may send: its value ("on" unless the template sets one) or Django's own
# "true"/"false"; anything else ("off", "no") would be read as checked.
CHECKBOX_VALUES = frozenset({"on", "true", "false"})
# A field that takes one value sent more than once (a crafted post; a browser sends each once).
REPEATED_FIELD = "Sent more than once: choose one."
EMAIL_NOT_VALID = "Enter a valid e-mail address, for example name@example.com."


def _label_of(field: forms.Field, name: str) -> str:
    """A field's label as the page shows it (its name in words when it has none)."""
    return str(field.label or name.replace("_", " "))


def _integer_keyed(field: forms.ModelChoiceField) -> bool:
    model_field = (
        field.queryset.model._meta.get_field(field.to_field_name)
        if field.to_field_name
        else field.queryset.model._meta.pk
    )
    return isinstance(model_field, models.IntegerField)


def _plain_value_problem(field: forms.Field, value: str) -> str | None:
    """How a raw value of a number field is not in its one plain form (words
    that finish "The <field> ..."), or None; an empty value is left to the field."""
    text = value.strip()
    if not text:
        return None
    decimal = isinstance(field, (forms.DecimalField, forms.FloatField))  # IntegerFields too
    whole = not decimal and (
        isinstance(field, forms.IntegerField)
        or (isinstance(field, forms.ModelChoiceField) and _integer_keyed(field))
    )
    # A field may give its own example (`field.example`, e.g. "1979" for a year).
    if decimal and not DECIMAL_NUMBER.fullmatch(text):
        example = getattr(field, "example", "125.50")
        return f"must be a number in plain digits (0-9), for example {example}"
    if whole and not WHOLE_NUMBER.fullmatch(text):
        example = getattr(field, "example", "30")
        return f"must be a whole number in plain digits (0-9), for example {example}"
    return None


# The USWDS class of each kind of input (efiling/templates/includes/form_fields.html lays out
# their labels, hints and errors); the first match in the widget's class order wins, so a
# subclass comes before its base (Django's CheckboxSelectMultiple is a RadioSelect).
USWDS_INPUT_CLASSES = (
    (forms.HiddenInput, ""),
    (forms.CheckboxSelectMultiple, "usa-checkbox__input"),
    (forms.RadioSelect, "usa-radio__input"),
    (forms.CheckboxInput, "usa-checkbox__input"),
    (forms.Select, "usa-select"),
    (forms.Textarea, "usa-textarea"),
    (forms.FileInput, "usa-file-input"),
    (forms.widgets.Input, "usa-input"),
)
TEXT_BOX_CLASSES = {"usa-input", "usa-select", "usa-textarea"}  # outlined in red on an error
DATE_BOX_FORMAT = "%m/%d/%Y"


class DatePicker(forms.DateInput):
    """A text box for a date written mm/dd/yyyy. USWDS's date picker adds a calendar to it when
    JavaScript runs (it starts from `data-default-value`, YYYY-MM-DD); without JavaScript the box
    alone takes the date. AccessibleForm reads mm/dd/yyyy and YYYY-MM-DD (efiling.core.text
    .parse_form_date)."""

    template_name = "includes/widgets/date_picker.html"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=DATE_BOX_FORMAT)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        day = value if isinstance(value, date) else None
        if isinstance(value, str):
            try:
                day = parse_form_date(value.strip(), field=name)
            except ValidationFailed:
                day = None
        context["widget"]["default_value"] = day.isoformat() if day else ""
        return context


class TimePicker(forms.TimeInput):
    """A text box for a time of day, shown as USWDS's time picker lists it ("2:30pm"). The
    picker (USWDS's script) makes it a combo box listing the times every `step` minutes, which
    sends the time chosen as "14:30"; without JavaScript the box alone takes what is typed.
    AccessibleForm reads both, and "2:30 p.m." (efiling.core.text.parse_form_time)."""

    template_name = "includes/widgets/time_picker.html"

    def __init__(self, attrs=None, *, step: int = 5):
        super().__init__(attrs)
        self.step = step

    @staticmethod
    def _time(value):
        if isinstance(value, str):
            try:
                return parse_form_time(value, field="time")
            except ValidationFailed:
                return None
        return value

    def format_value(self, value):
        when = self._time(value)
        if when is None:
            return value or None  # shown again as typed, with its error
        return f"{when.hour % 12 or 12}:{when.minute:02d}{'am' if when.hour < 12 else 'pm'}"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        when = self._time(value)
        # A time off the list's steps (a paper received at 2:37) lists every minute, so that
        # the picker keeps it rather than emptying the box.
        off_step = when is not None and when.minute % self.step
        context["widget"]["step"] = 1 if off_step else self.step
        # USWDS's script replaces the box with its combo box, dropping the box's hint and error
        # links: time_picker.js gives them to the combo box from these.
        final = context["widget"]["attrs"]
        context["widget"]["described_by"] = final.get("aria-describedby", "")
        context["widget"]["invalid"] = final.get("aria-invalid", "")
        return context


def _uswds_class(widget: forms.Widget) -> str:
    return next(css for kind, css in USWDS_INPUT_CLASSES if isinstance(widget, kind))


def _default_message(field: forms.Field, code: str) -> str | None:
    """Django's own message for `code` on a field of this class (its default_error_messages
    along the class's ancestry), to tell a form's own wording from Django's."""
    messages = {}
    for klass in reversed(type(field).__mro__):
        messages.update(getattr(klass, "default_error_messages", {}))
    return messages.get(code)


def _in_plain_words(error: forms.ValidationError, field: forms.Field, label: str):
    """Django's stock refusals of numbers and choices ("Ensure this value is greater than or
    equal to 0.", "Select a valid choice. 4 is not one of the available choices.") said in the
    field's own words; a message the form chose itself is kept."""
    words = field_subject(label)
    said = []
    for item in error.error_list:
        params = item.params or {}
        limit = params.get("limit_value", params.get("max"))
        plain = {
            "min_value": f"{words} must be at least {limit}.",
            "max_value": f"{words} must be at most {limit}.",
            "max_digits": f"{words} has at most {limit} digits in all.",
            "max_decimal_places": f"{words} has at most {limit} digits after the decimal point.",
            "max_whole_digits": f"{words} has at most {limit} digits before the decimal point.",
            "invalid_choice": f"Choose {field_phrase(label)} from the list.",
        }.get(item.code)
        stock = field.error_messages.get(item.code) == _default_message(field, item.code)
        said.append(plain if plain and stock else item)
    return forms.ValidationError(said)


class AccessibleForm(forms.Form):
    """Ties each input to its hint and error text (aria-describedby, aria-invalid), so a screen
    reader announces them with the field. Templates give hints and errors the ids used here.

    Every input is cleaned the same way before the field's own checks: text (CharField) goes
    through clean_text with the field's max_length (NFC, trimmed; control, surrogate, bidi and
    other invisible characters, U+FFFD (a value that was not UTF-8), nothing visible, or too
    long are refused naming the field; a Textarea keeps its line breaks); secrets (a
    PasswordInput, or a name in `secret_fields`) are never trimmed or normalised, only refused
    for NUL, surrogates and U+FFFD; every other value must be plain text, and in its one plain
    form: whole numbers and integer keys in ASCII digits without a decimal point, decimals in
    ASCII digits, dates mm/dd/yyyy (what the date box shows) or YYYY-MM-DD within the
    calendar's years, times "14:30" or "2:30pm" / "2:30 p.m." (parse_form_time), a checkbox
    "on" (or "true"/"false"). Nothing is read leniently: "5.0",
    fullwidth or Arabic-Indic digits, "6/15/22" or a checkbox sent "off" are refused in words.
    """

    secret_fields: tuple[str, ...] = ()
    # Fields the form cannot mark required but that are needed when something else holds: the
    # label says when ("for a person") instead of "(optional)"; "" for a field always needed
    # that the view checks itself (an upload read by the upload handler).
    needed_when: dict[str, str] = {}

    def full_clean(self):
        super().full_clean()
        self.describe_fields()

    def add_error(self, field, error):
        """Django's, then the fields described again: an error added after cleaning (a
        service's refusal, an upload's) is tied to its input like any other."""
        super().add_error(field, error)
        if self._errors is not None:
            self.describe_fields()

    def is_secret(self, name: str) -> bool:
        return name in self.secret_fields or isinstance(
            self.fields[name].widget, forms.PasswordInput
        )

    def _precleaned(self, name: str, field: forms.Field, value):
        """The raw value made fit for `field.clean`, or ValidationFailed."""
        label = _label_of(field, name)
        words = field_subject(label)
        if isinstance(field, forms.BooleanField):
            raw = self.data.get(self.add_prefix(name))
            if isinstance(raw, str) and raw.lower() not in CHECKBOX_VALUES:
                raise ValidationFailed(
                    f"{words} box sent a value no checkbox sends: it is either ticked or not.",
                    field=name,
                )
            return value
        if not isinstance(value, str):
            return value
        if isinstance(field, forms.CharField):
            if self.is_secret(name):
                return check_secret(value, field=name, max_length=field.max_length, label=label)
            return clean_text(
                value,
                field=name,
                label=label,
                max_length=field.max_length,
                multiline=isinstance(field.widget, forms.Textarea),
            )
        problem = text_problem(value)
        if problem:
            raise ValidationFailed(f"{words} {problem}: remove it.", field=name)
        if isinstance(field, forms.DateField) and value.strip():
            return parse_form_date(value.strip(), field=name, label=label)
        if isinstance(field, forms.TimeField) and value.strip():
            return parse_form_time(value, field=name, label=label)
        problem = _plain_value_problem(field, value)
        if problem:
            raise ValidationFailed(f"{words} {problem}.", field=name)
        return value

    def _sent_more_than_once(self, name: str, field: forms.Field) -> bool:
        """Whether a field that takes one value (anything but a multiple choice) was sent more
        than once: its value is not guessed (Django would read the last one silently). A field
        of several inputs (a MultiWidget) is judged by each of them."""
        widget = field.widget
        if getattr(widget, "allow_multiple_selected", False) or isinstance(
            widget, forms.MultipleHiddenInput
        ):
            return False
        key = self.add_prefix(name)
        keys = (
            [f"{key}{suffix}" for suffix in widget.widgets_names]
            if isinstance(widget, forms.MultiWidget)
            else [key]
        )
        source = self.files if isinstance(field, forms.FileField) else self.data
        getlist = getattr(source, "getlist", None)
        return getlist is not None and any(len(getlist(k)) > 1 for k in keys)

    def _clean_fields(self):
        """Django's loop over the fields, with every raw value cleaned first and every date
        checked after; a single-valued field sent more than once is refused."""
        for name, bound in self._bound_items():
            field = bound.field
            if not field.disabled and self._sent_more_than_once(name, field):
                self.add_error(name, REPEATED_FIELD)
                continue
            try:
                if field.disabled or isinstance(field, forms.FileField):
                    value = field._clean_bound_field(bound)
                else:
                    value = field.clean(self._precleaned(name, field, bound.data))
                if isinstance(value, date):
                    day = value.date() if isinstance(value, datetime) else value
                    date_in_range(day, field=name, label=_label_of(field, name))
                self.cleaned_data[name] = value
                if hasattr(self, f"clean_{name}"):
                    self.cleaned_data[name] = getattr(self, f"clean_{name}")()
            except ValidationFailed as refused:
                self.add_error(name, refused.message)
            except forms.ValidationError as error:
                self.add_error(name, _in_plain_words(error, field, _label_of(field, name)))

    def describe_fields(self):
        """Styles every field (style_fields) and ties it to its hint and error texts; forms that
        add fields or change texts after __init__ call it again (add_error does it itself)."""
        # A bound field copies its field's label and hint when first made: forget those made
        # before a subclass changed them, so the page shows the texts of now.
        self._bound_fields_cache.clear()
        self.style_fields()
        for name in self.fields:
            bound = self[name]
            # A radio group has no one input to label: its texts take the group's id.
            base = bound.id_for_label or bound.auto_id
            described_by = []
            if bound.help_text:
                described_by.append(f"{base}-hint")
            attrs = bound.field.widget.attrs
            cleaned = self._errors is not None  # never validate early (subclasses set choices)
            if cleaned and bound.errors:
                described_by.append(f"{base}-error")
                attrs["aria-invalid"] = "true"
                classes = attrs.get("class", "").split()
                if TEXT_BOX_CLASSES & set(classes) and "usa-input--error" not in classes:
                    attrs["class"] += " usa-input--error"
            if described_by:
                attrs["aria-describedby"] = " ".join(described_by)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.EmailField):  # the site's spelling, with an example
                field.error_messages["invalid"] = EMAIL_NOT_VALID
        self.describe_fields()

    def style_fields(self):
        """Each input's USWDS class, and the note its label carries (`field.label_note`:
        "(optional)", the `needed_when` words, or "" for a required field)."""
        for name, field in self.fields.items():
            css = _uswds_class(field.widget)
            if css and css not in field.widget.attrs.get("class", ""):
                field.widget.attrs["class"] = f"{field.widget.attrs.get('class', '')} {css}".strip()
            if isinstance(field.widget, forms.FileInput):
                # USWDS's file input names the input by its own instructions (aria-label);
                # the field's label stays its name.
                field.widget.attrs["aria-labelledby"] = f"{self[name].id_for_label}-label"
            if getattr(field, "empty_label", None) == "---------":  # Django's own dashes
                field.empty_label = f"Choose {field_phrase(_label_of(field, name))}"
            if name in self.needed_when:
                field.label_note = self.needed_when[name] and f"({self.needed_when[name]})"
            else:
                field.label_note = "" if field.required else "(optional)"


def add_domain_error(form: forms.Form, error) -> None:
    """Show a service's refusal on the field it names, or above the form.

    A Conflict that names none of the form's fields is not the input's fault but the state's
    (the order was signed, the filing decided, the hearing cancelled meanwhile): the form's page
    may no longer show the form, so it is raised again for DomainErrorMiddleware, whose page
    shows the message in an alert with the error's links (409)."""
    field = error.field if error.field in form.fields else None
    if isinstance(error, Conflict) and field is None:
        raise error
    form.add_error(field, error.message)


def valid_data(form: forms.Form) -> dict:
    """The form's cleaned data, or ValidationFailed with its first error (naming the field):
    for views that answer a refusal with a message rather than the form shown again."""
    if form.is_valid():
        return form.cleaned_data
    name, errors = next(iter(form.errors.items()))
    raise ValidationFailed(errors[0], field=None if name == "__all__" else name)
