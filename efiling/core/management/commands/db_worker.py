"""`efiling db_worker`: django-tasks-db's task worker (its options and behaviour unchanged) that
outlives database outages. A database error that escapes the library's loop (a refused or
dropped connection while it polls, claims or records a task) is logged as one WARNING line;
the worker closes its connections, waits (0.5 s doubling to 10 s; a run of 10 s or more
starts again at 0.5 s) and starts its loop again. It never exits for an outage; SIGINT and
SIGTERM still stop it (while it waits, at once). efiling.core comes before django_tasks_db in
INSTALLED_APPS, so that this command is the one `db_worker` names."""

import time

from django_tasks_db.management.commands.db_worker import Command as TasksDbWorker

from efiling.core.database_outage import DATABASE_ERRORS, PROCESS_BACKOFF, Backoff, outage_wait


class Command(TasksDbWorker):
    help = TasksDbWorker.help + ", waiting out database outages"

    def handle(self, *args, **options):
        backoff = Backoff(**PROCESS_BACKOFF)
        while True:
            started = time.monotonic()
            try:
                return super().handle(*args, **options)
            except DATABASE_ERRORS as exc:
                outage_wait(exc, backoff, time.monotonic() - started, "task worker")
