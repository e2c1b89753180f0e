import logging
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import DatabaseError, close_old_connections

from efiling.audit.chain import audit_chain_extend, audit_chain_follow_step, chain_head
from efiling.audit.checkpoints import audit_checkpoint_publish
from efiling.core.database_outage import DATABASE_ERRORS, PROCESS_BACKOFF, Backoff, outage_wait
from efiling.core.signing import CannotSign

logger = logging.getLogger("efiling.audit")


class Command(BaseCommand):
    help = (
        "Chain every audit event that has no link yet. With --follow, keep doing it every "
        "EFILING_AUDIT_CHAIN_SECONDS (events of processes stopped between commit and chaining) "
        "and publish a signed checkpoint every EFILING_AUDIT_CHECKPOINT_MINUTES when the chain "
        "has grown, until stopped; a database outage is waited out (0.5 s doubling to 10 s, one "
        "WARNING line per failed attempt), never a reason to stop."
    )

    def add_arguments(self, parser):
        parser.add_argument("--follow", action="store_true", help="keep running")

    def handle(self, *args, **options):
        if options["follow"]:
            self._follow()
        else:
            self._chain_all()

    def _chain_all(self):
        linked = audit_chain_extend()
        seq, hash = chain_head()
        self.stdout.write(f"Chained {linked} event(s); head #{seq} {hash}")

    def _follow(self):
        chain_every = max(1, settings.EFILING_AUDIT_CHAIN_SECONDS)
        checkpoint_every = max(1, settings.EFILING_AUDIT_CHECKPOINT_MINUTES) * 60
        next_checkpoint = time.monotonic()
        backoff = Backoff(**PROCESS_BACKOFF)
        started = time.monotonic()
        chained_all = False
        while True:
            close_old_connections()
            try:
                if not chained_all:  # a full pass first, then the recent events each turn
                    self._chain_all()
                    chained_all = True
                audit_chain_follow_step()
                if time.monotonic() >= next_checkpoint:
                    checkpoint = audit_checkpoint_publish(only_if_grown=True)
                    if checkpoint is not None:
                        logger.info("audit checkpoint published: #%s", checkpoint.seq)
                    next_checkpoint = time.monotonic() + checkpoint_every
            except CannotSign as exc:
                logger.error("audit checkpoint not published: %s", exc)
                next_checkpoint = time.monotonic() + checkpoint_every
            except DATABASE_ERRORS as exc:
                outage_wait(exc, backoff, time.monotonic() - started, "audit follower")
                started = time.monotonic()
                continue
            except DatabaseError:
                # Not an outage (a refused statement): reported in full, tried again next turn.
                logger.exception("audit chaining failed; trying again")
                close_old_connections()
            time.sleep(chain_every)
