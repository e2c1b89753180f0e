"""The help desk's forms: every one an AccessibleForm, limits from the model columns."""

from django import forms

from efiling.core.columns import column_max_length
from efiling.core.forms import AccessibleForm
from efiling.helpdesk.models import HelpTicket, SecondFactorReset, TicketMessage

MESSAGE_LIMIT = TicketMessage._meta.get_field("body").max_length


def _message_field(label: str, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=MESSAGE_LIMIT,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class ContactForm(AccessibleForm):
    """The contact form; `signed_in` drops the name and e-mail (the account's are used)."""

    name = forms.CharField(label="Your name", max_length=column_max_length(HelpTicket, "name"))
    email = forms.EmailField(
        label="Your e-mail address",
        max_length=column_max_length(HelpTicket, "email"),
        help_text="We send you a link to follow your request and read the answer.",
    )
    subject = forms.CharField(max_length=column_max_length(HelpTicket, "subject"))
    body = _message_field(
        "Your question",
        "What you were doing and what happened. Never send a password or a recovery code.",
    )

    def __init__(self, *args, signed_in: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if signed_in:
            del self.fields["name"], self.fields["email"]


class ReplyForm(AccessibleForm):
    body = _message_field("Your message")


class AnswerForm(AccessibleForm):
    body = _message_field("Answer")
    close = forms.BooleanField(label="Close the request with this answer", required=False)


class UserSearchForm(AccessibleForm):
    query = forms.CharField(label="E-mail address, last name or bar number", max_length=254)


class FilingSearchForm(AccessibleForm):
    number = forms.CharField(label="Confirmation number", max_length=20)


class SecondFactorResetForm(AccessibleForm):
    identity_check = forms.CharField(
        label="Identity check",
        max_length=column_max_length(SecondFactorReset, "identity_check"),
        help_text="What you checked and how (the questions asked, the documents seen).",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    roster_phone_called = forms.BooleanField(
        label="I called the attorney back at the bar roster's phone number",
        required=False,
    )

    def __init__(self, *args, attorney: bool, **kwargs):
        """`attorney`: the account is an attorney's (the roster call is asked of them only)."""
        super().__init__(*args, **kwargs)
        if not attorney:
            del self.fields["roster_phone_called"]
