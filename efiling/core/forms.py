"""The base of every form of the project: accessible markup, and every input cleaned in the one
place (efiling.core.text) before Django's own field checks run."""

from datetime import date, datetime

from django import forms
from django.db import models

from efiling.core.errors import ValidationFailed
from efiling.core.text import check_secret, clean_text, date_in_range, text_problem

# Raw values of these fields are numbers: ASCII digits only (int() and Decimal() take other
# scripts' digits, such as Arabic-Indic, and fail on superscripts that isdigit() accepts).
NUMBER_FIELDS = (forms.IntegerField, forms.DecimalField, forms.FloatField)
MAX_NUMBER_CHARACTERS = 40


def _words(field: forms.Field, name: str) -> str:
    """A field's label as it reads inside a sentence ("Last name" -> "last name", but "ZIP
    code" stays)."""
    label = str(field.label or name.replace("_", " "))
    if len(label) > 1 and label[1].islower():
        label = label[0].lower() + label[1:]
    return label


def _integer_keyed(field: forms.ModelChoiceField) -> bool:
    model_field = (
        field.queryset.model._meta.get_field(field.to_field_name)
        if field.to_field_name
        else field.queryset.model._meta.pk
    )
    return isinstance(model_field, models.IntegerField)


def _ascii_number(value: str) -> bool:
    text = value.strip().lstrip("+-")
    return (
        len(text) <= MAX_NUMBER_CHARACTERS and text.isascii() and text.replace(".", "", 1).isdigit()
    )


class AccessibleForm(forms.Form):
    """Ties each input to its hint and error text (aria-describedby, aria-invalid), so a screen
    reader announces them with the field. Templates give hints and errors the ids used here.

    Every input is cleaned the same way before the field's own checks: text (CharField) goes
    through clean_text with the field's max_length (NFC, trimmed; control, surrogate and bidi
    characters, nothing visible, or too long are refused naming the field; a Textarea keeps
    its line breaks); secrets (a PasswordInput, or a name in `secret_fields`) are never
    trimmed or normalised, only refused for NUL and surrogates; choices and numbers must be
    plain text, numbers and integer keys ASCII digits; dates lie within the calendar's years.
    """

    secret_fields: tuple[str, ...] = ()

    def full_clean(self):
        super().full_clean()
        self.describe_fields()

    def is_secret(self, name: str) -> bool:
        return name in self.secret_fields or isinstance(
            self.fields[name].widget, forms.PasswordInput
        )

    def _precleaned(self, name: str, field: forms.Field, value):
        """The raw value made fit for `field.clean`, or ValidationFailed."""
        if not isinstance(value, str):
            return value
        words = _words(field, name)
        if isinstance(field, forms.CharField):
            if self.is_secret(name):
                return check_secret(value, field=name, max_length=field.max_length, label=words)
            return clean_text(
                value,
                field=name,
                label=words,
                max_length=field.max_length,
                multiline=isinstance(field.widget, forms.Textarea),
            )
        problem = text_problem(value)
        if problem:
            raise ValidationFailed(f"The {words} {problem}: remove it.", field=name)
        integer = isinstance(field, NUMBER_FIELDS) or (
            isinstance(field, forms.ModelChoiceField) and _integer_keyed(field)
        )
        if integer and value.strip() and not _ascii_number(value):
            raise ValidationFailed(f"The {words} must be a number in plain digits.", field=name)
        return value

    def _clean_fields(self):
        """Django's loop over the fields, with every raw value cleaned first and every date
        checked after."""
        for name, bound in self._bound_items():
            field = bound.field
            try:
                if field.disabled or isinstance(field, forms.FileField):
                    value = field._clean_bound_field(bound)
                else:
                    value = field.clean(self._precleaned(name, field, bound.data))
                if isinstance(value, date):
                    day = value.date() if isinstance(value, datetime) else value
                    date_in_range(day, field=name, label=_words(field, name))
                self.cleaned_data[name] = value
                if hasattr(self, f"clean_{name}"):
                    self.cleaned_data[name] = getattr(self, f"clean_{name}")()
            except ValidationFailed as refused:
                self.add_error(name, refused.message)
            except forms.ValidationError as error:
                self.add_error(name, error)

    def describe_fields(self):
        for name in self.fields:
            bound = self[name]
            described_by = []
            if bound.help_text:
                described_by.append(f"{bound.id_for_label}-hint")
            attrs = bound.field.widget.attrs
            cleaned = self._errors is not None  # never validate early (subclasses set choices)
            if cleaned and bound.errors:
                described_by.append(f"{bound.id_for_label}-error")
                attrs["aria-invalid"] = "true"
            if described_by:
                attrs["aria-describedby"] = " ".join(described_by)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.describe_fields()


def add_domain_error(form: forms.Form, error) -> None:
    """Show a service's refusal on the field it names, or above the form."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)
    if isinstance(form, AccessibleForm):
        form.describe_fields()


def valid_data(form: forms.Form) -> dict:
    """The form's cleaned data, or ValidationFailed with its first error (naming the field):
    for views that answer a refusal with a message rather than the form shown again."""
    if form.is_valid():
        return form.cleaned_data
    name, errors = next(iter(form.errors.items()))
    raise ValidationFailed(errors[0], field=None if name == "__all__" else name)
