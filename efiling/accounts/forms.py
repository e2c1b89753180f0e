from django import forms

from efiling.core.addresses import phone_number, state_code, zip_code
from efiling.core.forms import AccessibleForm


def _text(label, *, max_length, required=True, help_text="", autocomplete=None, **attrs):
    if autocomplete:
        attrs["autocomplete"] = autocomplete
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        help_text=help_text,
        widget=forms.TextInput(attrs=attrs),
    )


class SignInForm(AccessibleForm):
    email = forms.EmailField(
        label="E-mail address", widget=forms.EmailInput(attrs={"autocomplete": "username"})
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class CodeForm(AccessibleForm):
    code = _text(
        "Code",
        max_length=20,
        help_text="The 6-digit code from your authenticator app, or one of your recovery codes.",
        autocomplete="one-time-code",
        inputmode="numeric",
    )


class PersonForm(AccessibleForm):
    """Name, contact and address: what every account keeps current (domain.md)."""

    first_name = _text("First name", max_length=60, autocomplete="given-name")
    last_name = _text("Last name", max_length=60, autocomplete="family-name")
    email = forms.EmailField(
        label="E-mail address", widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    phone = _text("Phone", max_length=30, autocomplete="tel", help_text="For example 573-555-0100.")
    address_line1 = _text("Address", max_length=100, autocomplete="address-line1")
    address_line2 = _text(
        "Address (line 2)", max_length=100, required=False, autocomplete="address-line2"
    )
    city = _text("City", max_length=60, autocomplete="address-level2")
    state = _text(
        "State",
        max_length=2,
        autocomplete="address-level1",
        help_text="Two letters, for example MO.",
    )
    postal_code = _text("ZIP code", max_length=10, autocomplete="postal-code")

    def clean_phone(self):
        return phone_number(self.cleaned_data["phone"])

    def clean_state(self):
        return state_code(self.cleaned_data["state"])

    def clean_postal_code(self):
        return zip_code(self.cleaned_data["postal_code"])


class RegistrationForm(PersonForm):
    password = forms.CharField(
        label="Password",
        strip=False,
        help_text="At least 12 characters; not a common password and not only numbers.",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_again = forms.CharField(
        label="Password again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", "The two passwords are not the same.")
        return data


class AttorneyRegistrationForm(RegistrationForm):
    bar_number = _text(
        "Missouri bar number",
        max_length=10,
        help_text="As on the Missouri bar roster. Your name must match the roster.",
        inputmode="numeric",
    )
    field_order = ["bar_number"]


class ProHacViceRegistrationForm(RegistrationForm):
    home_state = _text(
        "State where you are admitted", max_length=2, help_text="Two letters, for example KS."
    )
    home_bar_number = _text("Bar number in that state", max_length=20)
    field_order = ["home_state", "home_bar_number"]


class ProfileForm(PersonForm):
    pass


class EmailForm(AccessibleForm):
    email = forms.EmailField(label="E-mail address")
