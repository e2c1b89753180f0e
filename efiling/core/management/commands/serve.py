"""Run the whole system: prepare the database (only what changed: migrations not yet applied,
static files not yet collected, data files not loaded in their present content), then the web
server (gunicorn with
config/gunicorn.conf.py), the task worker, the audit follower and the health monitor (which
opens incidents on the status page) together, until Ctrl-C (or
SIGTERM) stops them all. A part that stops is started again after a wait (1 s, doubling up to
30 s; a part that ran a minute or more before it stopped waits 1 s again): the system stays
up. Each part runs in its own process group and is stopped by group, and is sent SIGTERM by the
kernel when `serve` dies (efiling.core.processes): nothing is left behind, not even after
SIGKILL. Housekeeping runs at start and then hourly, each command in its own process: the
storage and temporary-folder sweep (`sweep_documents --delete`), the resumption of stamping
tasks a stopped process lost (`resume_stamping`), the expiry of old idempotency records
(`expire_idempotency_keys`) and deadline reminders (`remind_deadlines`); every five minutes,
the resumption of notice e-mails and webhook deliveries a stopped process lost
(`resume_deliveries`)."""

import hashlib
import os
import signal
import sys
import time
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.finders import get_finders
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

from efiling.core.database_outage import Backoff
from efiling.core.processes import child_start, child_stop, group_signal

HOUSEKEEPING = (
    ["sweep_documents", "--delete"],
    ["resume_stamping"],
    ["expire_idempotency_keys"],
    ["remind_deadlines"],
)
HOUSEKEEPING_EVERY = 3600  # seconds
# Notices must not wait an hour for a lost task, nor filing attempts journaled during a database
# outage to show in their filers' lists: these sweeps have their own, shorter round.
FREQUENT_HOUSEKEEPING = (["resume_deliveries"], ["import_attempts"])
FREQUENT_HOUSEKEEPING_EVERY = 300  # seconds
# Waits before a stopped part is started again (seconds).
RESTART_BACKOFF = {"first": 1.0, "cap": 30.0, "healthy_after": 60.0}
POLL_SECONDS = 0.5


# In STATIC_ROOT: the fingerprint of the static sources last collected there.
STATIC_FINGERPRINT = ".efiling-collected"


def migrations_unapplied() -> bool:
    """Whether the database lacks a migration of the code (Django's migrate plan is not empty)."""
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def static_fingerprint() -> str:
    """SHA-256 of every static source file's path, size and modification time, as the
    staticfiles finders list them (a few milliseconds: nothing is read)."""
    entries = []
    for finder in get_finders():
        for path, storage in finder.list([]):
            stat = Path(storage.path(path)).stat()
            entries.append(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(sorted(entries)).encode()).hexdigest()


def static_collect_if_needed() -> bool:
    """collectstatic, unless STATIC_ROOT holds what the sources are now. True if it ran."""
    fingerprint = static_fingerprint()
    stamp = Path(settings.STATIC_ROOT) / STATIC_FINGERPRINT
    if stamp.is_file() and stamp.read_text() == fingerprint:
        return False
    call_command("collectstatic", interactive=False, verbosity=0)
    stamp.write_text(fingerprint)
    return True


class Part:
    """One supervised part (web, worker, audit follower, health monitor): started, watched
    and started again after a backoff wait whenever it stops."""

    def __init__(self, name: str, command: list[str], stdout, stderr):
        self.name, self.command, self.stdout, self.stderr = name, command, stdout, stderr
        self.backoff = Backoff(**RESTART_BACKOFF)
        self.process = None
        self.started = 0.0
        self.start_at = time.monotonic()

    def poll(self) -> None:
        """Start the part when it is due; notice that it stopped and plan its restart."""
        now = time.monotonic()
        if self.process is None:
            if now >= self.start_at:
                self.process = child_start(self.command, cwd=settings.BASE_DIR)
                self.started = now
                self.stdout.write(f"{self.name} started (process {self.process.pid})")
            return
        code = self.process.poll()
        if code is None:
            return
        group_signal(self.process, signal.SIGKILL)  # what it left (a killed master's workers)
        wait = self.backoff.after_failure(now - self.started)
        self.stderr.write(
            f"{self.name} stopped (exit code {code}); starting it again in {wait:.0f} s"
        )
        self.process, self.start_at = None, now + wait

    def stop(self) -> None:
        if self.process is not None:
            child_stop(self.process)
            self.process = None


class Housekeeping:
    """Housekeeping commands (`steps`), one after another, each in its own process: at start,
    then every `every` seconds. A command that fails is reported and runs again next time; it
    never stops the system."""

    def __init__(self, command, stderr, *, steps=HOUSEKEEPING, every=HOUSEKEEPING_EVERY):
        self.command, self.stderr = command, stderr
        self.steps, self.every = steps, every
        self.queue: list[list[str]] = []
        self.current = None
        self.due = time.monotonic()

    def poll(self) -> None:
        if self.current is not None:
            if self.current.poll() is None:
                return
            if self.current.returncode:
                self.stderr.write(
                    f"Housekeeping {' '.join(self.current.args[3:])} failed with code "
                    f"{self.current.returncode}; it runs again in {self.every // 60} minutes."
                )
            self.current = None
        if not self.queue and time.monotonic() >= self.due:
            self.queue = [list(step) for step in self.steps]
            self.due = time.monotonic() + self.every
        if self.queue:
            self.current = child_start([*self.command, *self.queue.pop(0)], cwd=settings.BASE_DIR)

    def stop(self) -> None:
        if self.current is not None:
            child_stop(self.current)


def embedded_site_url(host: str, port: int) -> str:
    """The address people reach a server bound to `host`:`port` at, for links in e-mail when
    EFILING_SITE_URL is not set (0.0.0.0 and :: are read as this machine)."""
    host = "127.0.0.1" if host in ("", "0.0.0.0", "::") else host  # noqa: S104 (compared)
    return f"http://{f'[{host}]' if ':' in host else host}:{port}"


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
        if migrations_unapplied():
            call_command("migrate", interactive=False, verbosity=0)
        static_collect_if_needed()
        call_command("load_courts", "--if-changed", stdout=self.stdout)
        call_command("load_filing_codes", "--if-changed", stdout=self.stdout)
        if options["demo"]:
            if settings.PRODUCTION:
                raise CommandError("Demo users are for the embedded mode only.")
            call_command("demo_users", stdout=self.stdout)
        address = f"{options['host']}:{options['port']}"
        # Links in e-mail follow the port served (make run PORT=8123) unless the site's
        # address is configured: the parts started below inherit it.
        os.environ.setdefault(
            "EFILING_SITE_URL", embedded_site_url(options["host"], options["port"])
        )
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
        parts = [
            Part("task worker", [*base, "efiling.cli", "db_worker"], self.stdout, self.stderr),
            Part(
                "audit follower",
                [*base, "efiling.cli", "audit_chain", "--follow"],
                self.stdout,
                self.stderr,
            ),
            Part(
                "health monitor",
                [*base, "efiling.cli", "health_monitor"],
                self.stdout,
                self.stderr,
            ),
            Part("web server", web, self.stdout, self.stderr),
        ]
        housekeeping = [
            Housekeeping([*base, "efiling.cli"], self.stderr),
            Housekeeping(
                [*base, "efiling.cli"],
                self.stderr,
                steps=FREQUENT_HOUSEKEEPING,
                every=FREQUENT_HOUSEKEEPING_EVERY,
            ),
        ]
        self.stdout.write(f"efiling is running at http://{address}/ (Ctrl-C stops it)")
        stopping = False

        def stop(signum, frame):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        try:
            while not stopping:
                for part in parts:
                    part.poll()
                for round_ in housekeeping:
                    round_.poll()
                time.sleep(POLL_SECONDS)
        finally:
            for round_ in housekeeping:
                round_.stop()
            for part in parts:
                part.stop()
        self.stdout.write("efiling stopped.")
