"""Remind counsel of deadlines that approach, and tell them of those that passed unanswered
(efiling.scheduling.reminders); hourly, from the housekeeping."""

from django.core.management.base import BaseCommand

from efiling.scheduling.reminders import deadline_reminders_record


class Command(BaseCommand):
    help = "Record deadline reminders and notices of deadlines passed unanswered."

    def handle(self, *args, **options):
        reminded, passed = deadline_reminders_record()
        self.stdout.write(f"Deadlines reminded: {reminded}; noticed as passed: {passed}.")
