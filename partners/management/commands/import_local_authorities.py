"""Import local authorities from a CSV of names and ONS (GSS) codes."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from partners.services import local_authorities_import_csv


class Command(BaseCommand):
    help = (
        "Import local authorities from a CSV file with the header name,gss_code[,region]. "
        "Authorities are matched by GSS code: new codes are created, changed names and regions "
        "are updated, and the whole file is imported or none of it. Region is a region's name "
        "('North East') or code ('north_east'). The Office for National Statistics publishes "
        "the names and codes of England's upper-tier local authorities, which run children's "
        "services (codes beginning E06, E08, E09 and E10), on its Open Geography Portal "
        "(geoportal.statistics.gov.uk, 'Counties and Unitary Authorities' names and codes). "
        "partners/data/local_authorities_example.csv has fictional authorities for trying it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="The CSV file to import.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: str = options["path"]
        try:
            result = local_authorities_import_csv(path=path, by=None)
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror or error}.") from error
        except UnicodeDecodeError as error:
            raise CommandError(f"{path} is not a UTF-8 text file.") from error
        except ValidationError as error:
            raise CommandError(f"Nothing was imported. {' '.join(error.messages)}") from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Local authorities: {result.created} created, {result.updated} updated, "
                f"{result.unchanged} unchanged."
            )
        )
