from django.apps import AppConfig


class SchedulingConfig(AppConfig):
    name = "efiling.scheduling"
    label = "scheduling"
    verbose_name = "Hearings and deadlines"

    def ready(self):
        from efiling.core.events import subscribe
        from efiling.scheduling.reminders import deadlines_answered, party_deadlines_answered

        subscribe("filings.envelope_submitted", deadlines_answered)
        subscribe("docket.filing_reviewed", party_deadlines_answered)
