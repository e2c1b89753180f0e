"""Run the whole system: prepare the database, then the web server and the task worker
together, until Ctrl-C (or SIGTERM) stops both."""

import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Migrate, load the courts (and demo users), then serve the web pages and run the worker."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--web-workers", type=int, default=2)
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
        processes = [
            subprocess.Popen([*base, "efiling.cli", "db_worker"], cwd=settings.BASE_DIR),  # noqa: S603
            subprocess.Popen(  # noqa: S603
                [*base, "efiling.cli", "audit_chain", "--follow"], cwd=settings.BASE_DIR
            ),
            subprocess.Popen(  # noqa: S603
                [
                    *base,
                    "gunicorn",
                    "config.wsgi:application",
                    "--bind",
                    address,
                    "--workers",
                    str(options["web_workers"]),
                    "--access-logfile",
                    "-",
                ],
                cwd=settings.BASE_DIR,
            ),
        ]
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
            time.sleep(0.5)
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
