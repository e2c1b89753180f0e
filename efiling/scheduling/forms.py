from django import forms

from efiling.core import clock
from efiling.core.errors import ValidationFailed
from efiling.core.forms import AccessibleForm, DatePicker, TimePicker
from efiling.core.words import REASON_MAX
from efiling.scheduling.models import Courtroom, Hearing


class _PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.email


class _WhenForm(AccessibleForm):
    """Date and times in the court's own zone, turned into UTC instants."""

    date = forms.DateField(label="Date", widget=DatePicker(), help_text="Court date, mm/dd/yyyy.")
    start_time = forms.TimeField(
        label="Start time",
        widget=TimePicker(),
        help_text="Court-local time, for example 2:30pm or 14:30.",
    )
    end_time = forms.TimeField(
        label="End time",
        widget=TimePicker(),
        help_text="Court-local time, for example 2:30pm or 14:30.",
    )

    outside_hours_reason = forms.CharField(
        label="Reason to sit outside the hours",
        required=False,
        max_length=REASON_MAX,
        help_text="Only for a time outside the courtroom's hours; kept with the hearing and "
        "recorded in the audit trail.",
    )

    def __init__(self, *args, court, **kwargs):
        self.court = court
        super().__init__(*args, **kwargs)

    def clean(self):
        """A start or end time the clocks skip that day is refused on its field."""
        cleaned = super().clean()
        if not self.errors:
            try:
                self.instants()
            except ValidationFailed as refused:
                self.add_error(refused.field, refused.message)
        return cleaned

    def instants(self):
        """(start, end) as aware UTC instants, from the court's local date and times."""
        day, zone_name = self.cleaned_data["date"], self.court.time_zone
        return tuple(
            clock.local_instant(day, self.cleaned_data[name], zone_name, field=name)
            for name in ("start_time", "end_time")
        )


class _CourtroomChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


def _courtroom_field(court, required=True):
    return _CourtroomChoice(
        queryset=Courtroom.objects.filter(court=court, active=True),
        label="Courtroom",
        required=required,
        empty_label="Keep the same courtroom" if not required else "Choose a courtroom",
    )


def _judge_field(judges, required=True):
    from efiling.accounts.models import User

    return _PersonChoice(
        queryset=User.objects.filter(pk__in=[j.pk for j in judges]).order_by(
            "last_name", "first_name"
        ),
        label="Judge",
        required=required,
        empty_label="Keep the same judge" if not required else "Choose a judge",
    )


class ScheduleForm(_WhenForm):
    field_order = [
        "courtroom",
        "judge",
        "kind",
        "date",
        "start_time",
        "end_time",
        "outside_hours_reason",
        "note",
    ]

    kind = forms.ChoiceField(label="Kind", choices=Hearing.Kind.choices)
    note = forms.CharField(label="Note", required=False, max_length=REASON_MAX)

    def __init__(self, *args, court, judges, **kwargs):
        super().__init__(*args, court=court, **kwargs)
        self.fields["courtroom"] = _courtroom_field(court)
        self.fields["judge"] = _judge_field(judges)
        self.order_fields(self.field_order)
        self.describe_fields()


class RescheduleForm(_WhenForm):
    field_order = ["date", "start_time", "end_time", "outside_hours_reason", "courtroom", "judge"]

    def __init__(self, *args, court, judges, **kwargs):
        super().__init__(*args, court=court, **kwargs)
        self.fields["courtroom"] = _courtroom_field(court, required=False)
        self.fields["judge"] = _judge_field(judges, required=False)
        self.order_fields(self.field_order)
        self.describe_fields()


class CancelForm(AccessibleForm):
    reason = forms.CharField(
        label="Reason",
        max_length=REASON_MAX,
        help_text="Told to the parties in the notice of cancellation.",
    )
