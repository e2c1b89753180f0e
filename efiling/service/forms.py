from datetime import time

from django import forms

from efiling.accounts.models import NoticeMail
from efiling.cases.models import Party
from efiling.core.clock import clock_time
from efiling.core.forms import AccessibleForm, DatePicker, TimePicker
from efiling.core.words import REASON_MAX
from efiling.courts.selectors import counties
from efiling.service.summons_address import ADDRESS_FIELDS, LABELS
from efiling.service.summons_models import ReturnOfService, how_served_choices

HOUR_CHOICES = [(str(hour), clock_time(time(hour))) for hour in range(24)]


class NoticePreferencesForm(AccessibleForm):
    notice_mail = forms.ChoiceField(
        label="Notices by e-mail",
        choices=NoticeMail.choices,
        widget=forms.RadioSelect,
        help_text="Every notice is in your Notices page whatever you choose.",
    )
    digest_hour = forms.TypedChoiceField(
        label="Time of the daily digest",
        choices=HOUR_CHOICES,
        coerce=int,
        help_text="Central time. Used when you choose one e-mail a day.",
    )


class AddressForm(AccessibleForm):
    """The parts of an address a summons is served at (efiling.service.summons_address checks
    them: street and city when any is given); labelled "<label_start>street" and so on, the
    street with `address_hint`."""

    label_start = ""
    address_hint = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ADDRESS_FIELDS:
            label = f"{self.label_start}{LABELS[name]}"
            self.fields[name] = forms.CharField(
                label=label[0].upper() + label[1:],
                required=False,
                max_length=Party._meta.get_field(name).max_length,
            )
        self.fields["address_line1"].help_text = self.address_hint


class ServiceReturnForm(AddressForm):
    """The return of service of a summons (efiling.service.summons_returns.service_return_file
    decides which fields an outcome needs; the labels say which)."""

    needed_when = {
        "served_on": "required when served",
        "how_served": "required when served",
        "person_served": "required when served",
        "reason": "required when not found",
    }

    outcome = forms.ChoiceField(
        label="Outcome",
        choices=ReturnOfService.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the party was served or not found."},
    )
    served_on = forms.DateField(
        label="Date served",
        required=False,
        widget=DatePicker(),
        help_text="Served: mm/dd/yyyy (by publication, the date of first publication).",
    )
    served_time = forms.TimeField(
        label="Time served",
        required=False,
        widget=TimePicker(),
        help_text="Served: court-local time, for example 2:30pm or 14:30.",
    )
    how_served = forms.ChoiceField(
        label="Way of service",
        required=False,
        choices=[("", "Choose"), *ReturnOfService.HowServed.choices],
    )
    person_served = forms.CharField(
        label="Person served",
        required=False,
        max_length=ReturnOfService._meta.get_field("person_served").max_length,
        help_text="Served: the name of the person the papers were handed to.",
    )
    reason = forms.CharField(
        label="Reason not found",
        required=False,
        max_length=REASON_MAX,
        help_text="Not found: what the server found (moved, no such address, ...).",
    )

    label_start = "New address: "
    address_hint = "Not found: where the party may be found, if you learned it (the clerk "
    "may issue an alias summons to it)."

    def __init__(self, *args, manner: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["how_served"].choices = [("", "Choose"), *how_served_choices(manner)]


class AliasSummonsForm(AddressForm):
    """A clerk's alias summons: where it is to be served (prefilled with the address the
    not-found return gave, else the summons' own) and, by sheriff, which county's sheriff
    serves it (efiling.service.summons.summons_alias_issue decides)."""

    label_start = "Serve at: "
    address_hint = "Where the alias summons is to be served."

    def __init__(self, *args, by_sheriff: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if by_sheriff:
            self.fields["county"] = forms.ChoiceField(
                label="Sheriff of",
                choices=[(name, name) for name in counties()],
                help_text="The county of the address served.",
                error_messages={
                    "required": "Choose the county whose sheriff serves the alias summons.",
                    "invalid_choice": "Choose the county whose sheriff serves the alias summons "
                    "from the list.",
                },
            )
