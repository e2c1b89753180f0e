from django import forms

from efiling.core.forms import AccessibleForm, DatePicker
from efiling.courts.calendar import MAX_PERIOD_DAYS
from efiling.courts.models import Court


class DeadlineForm(AccessibleForm):
    """The deadline calculator's GET form. Its parameters have the API's names
    (CalculateDeadline): `court`, `from` (the field `start`: "from" is a Python keyword) and
    `days`."""

    # The query parameter of each field whose name in Python differs.
    PARAMETERS = {"start": "from"}

    court = forms.ModelChoiceField(
        queryset=Court.objects.order_by("name"),
        to_field_name="code",
        empty_label="Choose a court",
        error_messages={"invalid_choice": "Choose a court from the list."},
    )
    start = forms.DateField(
        label="Day of the event",
        help_text=(
            "The day that starts the period (for example, the day of service). Format: mm/dd/yyyy."
        ),
        widget=DatePicker(),
    )
    days = forms.IntegerField(
        label="Number of days",
        min_value=1,
        max_value=MAX_PERIOD_DAYS,
        help_text="The length of the period in days, as the rule or order states it.",
        error_messages={
            "invalid": "Enter the number of days as a whole number, for example 30.",
            "min_value": "The number of days must be at least 1.",
            "max_value": f"The number of days can be at most {MAX_PERIOD_DAYS}.",
        },
    )

    def add_prefix(self, field_name):
        """The field's parameter name: `from` for `start`."""
        return super().add_prefix(self.PARAMETERS.get(field_name, field_name))
