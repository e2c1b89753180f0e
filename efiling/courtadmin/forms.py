"""The court administrator's forms: every one an AccessibleForm (text cleaned in the one
place), limits from the model columns."""

from decimal import Decimal

from django import forms

from efiling.accounts.administration import ASSIGNABLE_ROLES
from efiling.accounts.models import User
from efiling.availability.models import Incident, IncidentUpdate
from efiling.core.columns import column_max_length
from efiling.core.errors import ValidationFailed
from efiling.core.forms import AccessibleForm, DatePicker, TimePicker
from efiling.courts.models import CaseType, Court, FilingCode, Holiday, PublicTerminal
from efiling.courts.terminals import networks_parse
from efiling.docket.models import RejectionReason
from efiling.scheduling.models import Courtroom, CourtroomHours

DATE_HINT = "Month, day and year, for example 11/27/2026."


class HolidayForm(AccessibleForm):
    date = forms.DateField(help_text=DATE_HINT, widget=DatePicker())
    name = forms.CharField(
        max_length=column_max_length(Holiday, "name"),
        help_text="As the public reads it, e.g. Day after Thanksgiving.",
    )
    note = forms.CharField(
        max_length=column_max_length(Holiday, "note"),
        required=False,
        help_text="Why the court is closed (an order, the weather).",
    )


class RejectionReasonForm(AccessibleForm):
    text = forms.CharField(
        label="Reason",
        max_length=column_max_length(RejectionReason, "text"),
        help_text="The words the filer reads, e.g. Filed in the wrong case.",
    )


class CourtroomHoursForm(AccessibleForm):
    """Opening and closing times per weekday (court-local); both empty: the courtroom does not
    sit that day. `hours()` gives them as efiling.scheduling.administration takes them."""

    def __init__(self, *args, hours: dict[int, tuple], **kwargs):
        initial = {}
        for day, (opens, closes) in hours.items():
            initial[f"day{day}_opens"], initial[f"day{day}_closes"] = opens, closes
        super().__init__(*args, initial=initial, **kwargs)
        for day, name in CourtroomHours.Weekday.choices:
            for part, word in (("opens", "opens"), ("closes", "closes")):
                self.fields[f"day{day}_{part}"] = forms.TimeField(
                    label=f"{name} {word}",
                    required=False,
                    widget=TimePicker(step=15),
                    help_text="Leave both empty if the courtroom does not sit."
                    if part == "opens"
                    else "",
                )

    def hours(self) -> dict[int, tuple]:
        """{weekday (0 Monday): (opens, closes)} as filled in, either part possibly None."""
        data = self.cleaned_data
        return {
            day: (data.get(f"day{day}_opens"), data.get(f"day{day}_closes"))
            for day in CourtroomHours.Weekday.values
            if data.get(f"day{day}_opens") or data.get(f"day{day}_closes")
        }


class CourtroomForm(AccessibleForm):
    name = forms.CharField(
        max_length=column_max_length(Courtroom, "name"),
        help_text="As posted at the courthouse, e.g. Division 3.",
    )
    active = forms.BooleanField(
        label="In use (hearings may be set here)", required=False, initial=True
    )


def _fee_field() -> forms.DecimalField:
    return forms.DecimalField(
        label="Fee (dollars)",
        min_value=Decimal("0"),
        max_digits=9,
        decimal_places=2,
        help_text="For example 45.50; 0 for no fee.",
    )


class FilingCodeForm(AccessibleForm):
    name = forms.CharField(max_length=column_max_length(FilingCode, "name"))
    fee = _fee_field()
    docket_text_template = forms.CharField(
        label="Docket text",
        max_length=column_max_length(FilingCode, "docket_text_template"),
        help_text="Written on the docket when accepted; may use {filer}, {parties}, {description}.",
    )
    active = forms.BooleanField(label="Filers may choose it", required=False, initial=True)

    @property
    def fee_cents(self) -> int:
        return int(self.cleaned_data["fee"] * 100)


class NewFilingCodeForm(FilingCodeForm):
    code = forms.CharField(
        max_length=column_max_length(FilingCode, "code"), help_text="ECF filing code, e.g. MOT."
    )
    case_type = forms.ModelChoiceField(
        queryset=CaseType.objects.none(),
        required=False,
        empty_label="Every case type of the court",
        help_text="The case type it is for.",
    )
    initiating = forms.BooleanField(label="Starts a new case (a petition)", required=False)
    field_order = ["code", "name", "case_type", "initiating", "fee", "docket_text_template"]

    def __init__(self, *args, court, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.pop("active")
        self.fields["case_type"].queryset = court.case_types.order_by("code")


class _RolesForm(AccessibleForm):
    """A form whose role choices are the roles the administrator gives
    (efiling.accounts.administration.roles_assignable_by)."""

    role = forms.ChoiceField(help_text="A person keeps one role in all of their courts.")

    def __init__(self, *args, roles=ASSIGNABLE_ROLES, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(role.value, role.label) for role in roles]


class AssignmentForm(_RolesForm):
    """Assign an existing account."""

    email = forms.EmailField(
        label="E-mail address",
        max_length=column_max_length(User, "email"),
        help_text="The address the person signs in with.",
    )
    change_role = forms.BooleanField(
        label="Change their role",
        required=False,
        help_text="Only when the person has another role now: a person keeps one role in all "
        "of their courts.",
    )
    field_order = ["email", "role", "change_role"]


class StaffAccountForm(_RolesForm):
    """A new account for court staff (prefix "new": it shares its page with AssignmentForm)."""

    first_name = forms.CharField(max_length=column_max_length(User, "first_name"))
    last_name = forms.CharField(max_length=column_max_length(User, "last_name"))
    email = forms.EmailField(
        label="E-mail address",
        max_length=column_max_length(User, "email"),
        help_text="Their own work address: the invitation goes there, and they sign in with it.",
    )
    field_order = ["first_name", "last_name", "email", "role"]
    prefix = "new"


class AuditFilterForm(AccessibleForm):
    """The trail's filters (GET: a filtered page is worth a bookmark)."""

    court = forms.ChoiceField(required=False, choices=())
    action = forms.ChoiceField(label="Kind of event", required=False, choices=())
    first = forms.DateField(
        label="First day", required=False, help_text=DATE_HINT, widget=DatePicker()
    )
    last = forms.DateField(
        label="Last day", required=False, help_text=DATE_HINT, widget=DatePicker()
    )

    def __init__(self, *args, courts, actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["court"].choices = [("", "All your courts")] + [
            (court.code, court.name) for court in courts
        ]
        self.fields["action"].choices = [("", "Every kind")] + [(a, a) for a in actions]

    def clean(self):
        data = super().clean()
        if data.get("first") and data.get("last") and data["first"] > data["last"]:
            self.add_error("last", "The last day comes before the first.")
        return data


class PublicTerminalForm(AccessibleForm):
    name = forms.CharField(
        max_length=column_max_length(PublicTerminal, "name"),
        help_text="As the label on the machine says, e.g. Public terminal 1.",
    )
    location = forms.CharField(
        max_length=column_max_length(PublicTerminal, "location"),
        help_text="Where the public finds it, e.g. Circuit Clerk's office, first floor.",
    )
    networks = forms.CharField(
        label="Address ranges",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The terminal's IP addresses or CIDR ranges as this server sees them, one a "
        "line (e.g. 192.0.2.0/28 or 2001:db8:5::/64). Leave empty to recognise the terminal "
        "by enrolling its browser instead.",
    )

    def clean_networks(self) -> list[str]:
        try:
            return networks_parse(self.cleaned_data["networks"])
        except ValidationFailed as exc:
            raise forms.ValidationError(exc.message) from None


class _OutageForm(AccessibleForm):
    """The courts an outage (a maintenance window, an incident) covers: `courts` lists the
    courts the administrator administers; `all_courts` ("Every court") is offered to system
    administrators only. Subclasses place the two fields with `field_order`."""

    all_courts = forms.BooleanField(label="Every court", required=False)
    courts = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The courts it covers (not needed for every court).",
    )

    def __init__(self, *args, courts, all_courts_allowed: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["courts"].queryset = Court.objects.filter(
            pk__in=[c.pk for c in courts]
        ).order_by("name")
        if not all_courts_allowed:
            del self.fields["all_courts"]


class MaintenanceWindowForm(_OutageForm):
    """A planned maintenance window, in the courts' own time (Central). `courts` lists the
    courts the administrator administers; `all_courts` is offered to system administrators."""

    start_date = forms.DateField(label="Start date", help_text=DATE_HINT, widget=DatePicker())
    start_time = forms.TimeField(
        label="Start time", help_text="For example 10:00pm.", widget=TimePicker()
    )
    end_date = forms.DateField(label="End date", help_text=DATE_HINT, widget=DatePicker())
    end_time = forms.TimeField(
        label="End time", help_text="For example 6:00am.", widget=TimePicker()
    )
    affects_filing = forms.BooleanField(
        label="Stops filing and every other change (reading stays up)", required=False, initial=True
    )
    affects_public_search = forms.BooleanField(
        label="Stops the public case search and case pages", required=False
    )
    message = forms.CharField(
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What users read on the banner and in their notices.",
    )
    emergency = forms.BooleanField(
        label="Emergency: posted less than three business days ahead", required=False
    )
    emergency_reason = forms.CharField(
        label="Reason for the emergency",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Shown to the public with the banner.",
    )

    field_order = [
        "start_date",
        "start_time",
        "end_date",
        "end_time",
        "all_courts",
        "courts",
        "affects_filing",
        "affects_public_search",
        "message",
        "emergency",
        "emergency_reason",
    ]


class IncidentForm(_OutageForm):
    """An unplanned outage being opened, its start in the courts' own time (Central). `courts`
    lists the courts the administrator administers; `all_courts` is offered to system
    administrators."""

    start_date = forms.DateField(label="Start date", help_text=DATE_HINT, widget=DatePicker())
    start_time = forms.TimeField(
        label="Start time", help_text="When it began, for example 2:05pm.", widget=TimePicker()
    )
    affects_filing = forms.BooleanField(
        label="Filing and other changes are unavailable", required=False, initial=True
    )
    affects_public_search = forms.BooleanField(
        label="The public case search and case pages are unavailable", required=False
    )
    description = forms.CharField(
        max_length=column_max_length(Incident, "description"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What the public reads on the status page.",
    )

    field_order = [
        "start_date",
        "start_time",
        "all_courts",
        "courts",
        "affects_filing",
        "affects_public_search",
        "description",
    ]


class IncidentUpdateForm(AccessibleForm):
    text = forms.CharField(
        label="Update",
        max_length=column_max_length(IncidentUpdate, "text"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What the public reads on the status page (the cause found, the next step).",
    )


class IncidentCloseForm(AccessibleForm):
    end_date = forms.DateField(
        label="End date", required=False, help_text=f"Empty: now. {DATE_HINT}", widget=DatePicker()
    )
    end_time = forms.TimeField(
        label="End time", required=False, help_text="Empty: now.", widget=TimePicker()
    )
    text = forms.CharField(
        label="Closing update",
        max_length=column_max_length(IncidentUpdate, "text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Optional: what the public reads, e.g. the cause.",
    )

    def clean(self):
        data = super().clean()
        if bool(data.get("end_date")) != bool(data.get("end_time")):
            raise forms.ValidationError("Give both the end date and time, or neither (now).")
        return data
