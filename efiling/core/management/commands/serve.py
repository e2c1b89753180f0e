"""Run the whole system: prepare the database, then the web server (gunicorn with
config/gunicorn.conf.py) and the task worker together, until Ctrl-C (or SIGTERM) stops both.
Housekeeping runs at start and then hourly, each command in its own process: the storage and
temporary-folder sweep (`sweep_documents --delete`) and the resumption of stamping tasks a
stopped process lost (`resume_stamping`)."""

import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

HOUSEKEEPING = (["sweep_documents", "--delete"], ["resume_stamping"])
HOUSEKEEPING_EVERY = 3600  # seconds


class Housekeeping:
    """The housekeeping commands, one after another, each in its own process: at start, then
    every HOUSEKEEPING_EVERY seconds. A command that fails is reported and runs again next
    time; it never stops the system."""

    def __init__(self, command, stderr):
        self.command, self.stderr = command, stderr
        self.queue: list[list[str]] = []
        self.current: subprocess.Popen | None = None
        self.due = time.monotonic()

    def poll(self) -> None:
        if self.current is not None:
            if self.current.poll() is None:
                return
            if self.current.returncode:
                self.stderr.write(
                    f"Housekeeping {' '.join(self.current.args[3:])} failed with code "
                    f"{self.current.returncode}; it runs again within the hour."
                )
            self.current = None
        if not self.queue and time.monotonic() >= self.due:
            self.queue = [list(step) for step in HOUSEKEEPING]
            self.due = time.monotonic() + HOUSEKEEPING_EVERY
        if self.queue:
            self.current = subprocess.Popen(  # noqa: S603 - our own interpreter and commands
                [*self.command, *self.queue.pop(0)], cwd=settings.BASE_DIR
            )

    def stop(self) -> None:
        if self.current is not None and self.current.poll() is None:
            self.current.terminate()
            try:
                self.current.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.current.kill()


class Command(BaseCommand):
    help = "Migrate, load the courts (and demo users), then serve the web pages and run the worker."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--web-workers",
            type=int,
            default=None,
            help="web processes (default: config/gunicorn.conf.py, EFILING_WEB_WORKERS or 2)",
        )
        parser.add_argument("--demo", action="store_true", help="create demo users, one per role")

    def handle(self, *args, **options):
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        call_command("load_courts", stdout=self.stdout)
        call_command("load_filing_codes", stdout=self.stdout)
        if options["demo"]:
            if settings.PRODUCTION:
                raise CommandError("Demo users are for the embedded mode only.")
            call_command("demo_users", stdout=self.stdout)
        address = f"{options['host']}:{options['port']}"
        base = [sys.executable, "-m"]
        web = [
            *base,
            "gunicorn",
            "config.wsgi:application",
            "--config",
            str(settings.BASE_DIR / "config" / "gunicorn.conf.py"),
            "--bind",
            address,
        ]
        if options["web_workers"]:
            web += ["--workers", str(options["web_workers"])]
        processes = [
            subprocess.Popen([*base, "efiling.cli", "db_worker"], cwd=settings.BASE_DIR),  # noqa: S603
            subprocess.Popen(  # noqa: S603
                [*base, "efiling.cli", "audit_chain", "--follow"], cwd=settings.BASE_DIR
            ),
            subprocess.Popen(web, cwd=settings.BASE_DIR),  # noqa: S603
        ]
        housekeeping = Housekeeping([*base, "efiling.cli"], self.stderr)
        self.stdout.write(f"efiling is running at http://{address}/ (Ctrl-C stops it)")
        stopping = False

        def stop(signum, frame):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        exit_code = 0
        while not stopping:
            for process in processes:
                if process.poll() is not None:
                    self.stderr.write(f"{process.args[2:4]} stopped with code {process.returncode}")
                    stopping, exit_code = True, process.returncode or 1
            if not stopping:
                housekeeping.poll()
            time.sleep(0.5)
        housekeeping.stop()
        for process in processes:
            if process.poll() is None:
                process.terminate()
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        if exit_code:
            raise CommandError("A part of the system stopped unexpectedly; see the messages above.")
