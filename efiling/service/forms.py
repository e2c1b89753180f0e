from datetime import time

from django import forms

from efiling.accounts.models import NoticeMail
from efiling.core.clock import clock_time
from efiling.core.forms import AccessibleForm

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
