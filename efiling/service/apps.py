from django.apps import AppConfig


class ServiceConfig(AppConfig):
    name = "efiling.service"
    label = "service"
    verbose_name = "Service and notices"

    def ready(self):
        from efiling.core.events import subscribe
        from efiling.service import deadline_notices
        from efiling.service.serving import serve_on_submission, served_filing_rejected

        # filings.envelope_submitted: service records and "filing served" notices.
        subscribe("filings.envelope_submitted", serve_on_submission)
        # docket.filing_rejected: those served are told.
        subscribe("docket.filing_rejected", served_filing_rejected)
        # scheduling.deadline_*: reminders to counsel of record.
        subscribe("scheduling.deadline_approaching", deadline_notices.deadline_approaching)
        subscribe("scheduling.deadline_passed", deadline_notices.deadline_passed)
