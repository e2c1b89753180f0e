from django.core.management.base import BaseCommand

from efiling.courts.services import courts_list


class Command(BaseCommand):
    help = "List the courts, one per line: location code, name, e-filing status."

    def add_arguments(self, parser):
        parser.add_argument("--participating", action="store_true", help="only e-filing courts")

    def handle(self, *args, **options):
        for court in courts_list(participating_only=options["participating"]):
            if court.efiling_participating:
                status = (
                    f"e-filing since {court.efiling_since}" if court.efiling_since else "e-filing"
                )
            else:
                status = "paper only"
            self.stdout.write(f"{court.code}\t{court.name}\t{status}")
