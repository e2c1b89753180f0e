from django.core.management.base import BaseCommand, CommandError

from efiling.core.errors import Conflict, ValidationFailed
from efiling.demo.generate import BATCH, generate


class Command(BaseCommand):
    help = (
        "Generate a statewide load data set: cases with parties, counsel, docket entries, "
        "hearings, deadlines and judgments, as bulk rows (not audited; see "
        "docs/decisions/0020-data-generator.md). For load tests and benchmarks, never for a "
        "court's real database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, required=True, help="How many cases.")
        parser.add_argument(
            "--courts", nargs="+", metavar="CODE", help="Location codes (default: every circuit)."
        )
        parser.add_argument("--seed", type=int, help="Repeat a run exactly (same database, day).")
        parser.add_argument("--batch", type=int, default=BATCH, help="Cases per bulk insert.")
        parser.add_argument(
            "--yes", action="store_true", help="Run even though the database holds real filings."
        )

    def handle(self, *args, cases, courts, seed, batch, yes, **options):
        def progress(report, done):
            rate = report.total / report.seconds if report.seconds else 0
            self.stdout.write(
                f"{done:,}/{cases:,} cases, {report.total:,} rows, {report.seconds:.1f} s, "
                f"{rate:,.0f} rows/s"
            )

        try:
            report = generate(
                cases=cases, court_codes=courts, seed=seed, force=yes, batch=batch,
                progress=progress,
            )  # fmt: skip
        except (Conflict, ValidationFailed) as exc:
            raise CommandError(str(exc)) from exc
        rows = ", ".join(f"{count:,} {name}" for name, count in report.rows.items())
        self.stdout.write(f"Generated {rows} in {report.seconds:.1f} s (seed {report.seed}).")
