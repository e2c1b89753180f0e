from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from efiling.audit.chain import LATE_AFTER
from efiling.audit.checkpoints import (
    checkpoint_parse,
    signature_problem,
    stored_checkpoint_expectations,
)
from efiling.audit.verify import Expectation, audit_chain_verify, expectation_parse
from efiling.core.errors import ValidationFailed


class Command(BaseCommand):
    help = (
        "Chain waiting events, then walk the whole audit chain, recompute every hash and name "
        "the first broken link; compare the chain with every signed checkpoint it stored and "
        "with heads kept elsewhere (--expect, --checkpoint). Exits with status 1 on any problem."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--expect",
            action="append",
            default=[],
            metavar="SEQ:HASH",
            help="a link number and hash recorded earlier (as this command prints the head); "
            "may be given several times",
        )
        parser.add_argument(
            "--checkpoint",
            action="append",
            default=[],
            metavar="FILE",
            help="a signed checkpoint kept earlier (its JSON, as published); may be repeated",
        )
        parser.add_argument(
            "--no-chain",
            action="store_true",
            help="do not chain waiting events first: one unchained for longer than "
            f"{LATE_AFTER.seconds} seconds is then a problem",
        )

    def handle(self, *args, **options):
        try:
            expectations = [expectation_parse(text) for text in options["expect"]]
            expectations += [self._checkpoint(name) for name in options["checkpoint"]]
        except ValidationFailed as exc:
            raise CommandError(exc.message) from exc
        # The checkpoints this system published are heads too: a trail rewritten under one of
        # them is found without anything kept elsewhere (what was kept elsewhere still counts
        # more: the stored rows can be deleted with the trail).
        stored, problems = stored_checkpoint_expectations()
        if problems:
            raise CommandError("Audit checkpoints not signed here: " + "; ".join(problems[:5]))
        expectations += stored
        report = audit_chain_verify(expectations=expectations, chain_first=not options["no_chain"])
        if report.unchained and not options["no_chain"]:
            self.stderr.write(
                f"{report.unchained} event(s) had waited more than {LATE_AFTER.seconds} seconds "
                f"to be chained (the first, event {report.first_unchained_id}): a process "
                "stopped between its commit and the chaining, or no `efiling audit_chain "
                "--follow` runs. They are chained now."
            )
        if report.late_links:
            self.stderr.write(
                f"{report.late_links} link(s) were made more than {LATE_AFTER.seconds} seconds "
                f"after their event was recorded (the first, link #{report.first_late_seq})."
            )
        if not report.intact:
            after = (
                f"{report.events_checked} links before it are intact."
                if report.found_by == "walk"
                else f"The {report.events_checked} links stored agree with each other."
            )
            raise CommandError(
                f"Audit chain broken at link #{report.broken_seq}: {report.problem}. {after}"
            )
        kept_here = set(stored)
        for expectation in report.expectations_met:
            if expectation not in kept_here:
                self.stdout.write(f"Matches {expectation.source}: link #{expectation.seq}.")
        if stored:
            self.stdout.write(
                f"Matches the {len(stored)} signed checkpoint(s) stored here "
                f"(the latest: link #{stored[-1].seq})."
            )
        self.stdout.write(
            f"Audit chain intact: {report.events_checked} events; "
            f"head #{report.head_seq} {report.head_hash}"
        )
        self.stdout.write(
            f"Keep this head to check later: --expect {report.head_seq}:{report.head_hash}"
        )

    def _checkpoint(self, name: str) -> Expectation:
        try:
            text = Path(name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Cannot read the checkpoint file {name}: {exc}") from exc
        claim = checkpoint_parse(text)
        problem = signature_problem(claim)
        if problem:
            raise CommandError(f"Checkpoint {name}: {problem}")
        return Expectation(claim.seq, claim.hash, f"the checkpoint in {name}")
