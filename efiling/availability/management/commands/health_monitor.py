"""`efiling health_monitor`: the health monitor's loop (efiling.availability.monitor), one round
every EFILING_HEALTH_CHECK_SECONDS, until SIGINT or SIGTERM. A database outage never stops it:
its decisions wait in the local journal "health-monitor" until the database answers again.
`efiling serve` runs it and starts it again if it stops."""

import logging
import time
from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand

from efiling.availability.monitor import decision_words, monitor_states_initial, monitor_step

logger = logging.getLogger("efiling.availability.monitor")


class Command(BaseCommand):
    help = "Check the database and document storage; open and close incidents automatically."

    def handle(self, *args, **options):
        # SIGTERM and SIGINT stop it as they come (their default actions): a journal line is
        # either whole or skipped by the import (efiling.core.journal), nothing else is open.
        after = timedelta(seconds=settings.EFILING_INCIDENT_AFTER_SECONDS)
        states = monitor_states_initial()
        while True:
            states, decisions = monitor_step(states, after=after)
            for decision in decisions:
                logger.warning("Health monitor: %s", decision_words(decision))
            time.sleep(settings.EFILING_HEALTH_CHECK_SECONDS)
