from django import forms
from django.conf import settings

from efiling.core import clock
from efiling.core.forms import AccessibleForm
from efiling.payments.deposits import deposit_bounds, dollars_parse
from efiling.payments.services import format_money


class AddFundsForm(AccessibleForm):
    """How much to add (dollars as people type them), and for staff whose account."""

    account = forms.TypedChoiceField(label="Account", coerce=int)
    amount = forms.CharField(label="Amount (US dollars)", max_length=20)

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        low, high = deposit_bounds()
        self.fields[
            "amount"
        ].help_text = f"Between {format_money(low)} and {format_money(high)}, for example 250.00."
        self.fields["account"].choices = [(o.pk, o.get_full_name()) for o in owners]
        self.single_owner = owners[0].pk if len(owners) == 1 else None
        if self.single_owner is not None:
            self.fields["account"].widget = forms.HiddenInput()
            self.fields["account"].required = False
            self.fields["account"].initial = self.single_owner
        self.describe_fields()

    def clean_account(self):
        return self.cleaned_data.get("account") or self.single_owner

    def clean_amount(self):
        return dollars_parse(self.cleaned_data["amount"])  # its refusal is the field's error


class DemoCardForm(AccessibleForm):
    """The demo checkout's card form: test numbers only (efiling.payments.providers.demo)."""

    name = forms.CharField(label="Name on card", max_length=100)
    number = forms.CharField(
        label="Card number",
        max_length=23,
        help_text="Test cards: 4242 4242 4242 4242 is approved, 4000 0000 0000 0002 is declined.",
    )
    expiry = forms.CharField(label="Expiry (MM/YY)", max_length=5, help_text="For example 12/34.")
    cvc = forms.CharField(label="Security code", max_length=4, help_text="Any three digits.")

    def clean_number(self):
        digits = "".join(self.cleaned_data["number"].split())
        if not digits.isascii() or not digits.isdigit() or len(digits) != 16:
            raise forms.ValidationError("A card number has 16 digits.")
        return digits

    def clean_expiry(self):
        """MM/YY (a one-digit month too), the card valid through the last day of that month
        in the default court zone (efiling.core.clock): an earlier month is refused, as a
        processor refuses an expired card."""
        text = self.cleaned_data["expiry"].strip()
        month, _, year = text.partition("/")
        if not (
            month.isascii()
            and month.isdigit()
            and len(month) <= 2
            and year.isascii()
            and year.isdigit()
            and len(year) == 2
        ):
            raise forms.ValidationError("Write the expiry as MM/YY, for example 12/34.")
        if not 1 <= int(month) <= 12:
            raise forms.ValidationError("The month is 01 to 12.")
        today = clock.today(settings.EFILING_DEFAULT_TIME_ZONE)
        if (2000 + int(year), int(month)) < (today.year, today.month):
            raise forms.ValidationError(
                f"This card expired at the end of {int(month):02}/{year}. Use a card that has"
                " not expired."
            )
        return text

    def clean_cvc(self):
        cvc = self.cleaned_data["cvc"].strip()
        if not (cvc.isascii() and cvc.isdigit() and len(cvc) in (3, 4)):
            raise forms.ValidationError("The security code is three or four digits.")
        return cvc
