from django import forms


class AccessibleForm(forms.Form):
    """Ties each input to its hint and error text (aria-describedby, aria-invalid), so a screen
    reader announces them with the field. Templates give hints and errors the ids used here."""

    def full_clean(self):
        super().full_clean()
        self.describe_fields()

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
