"""Invite a system administrator: how a new installation gets its first account."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.services import administrator_create


class Command(BaseCommand):
    help = (
        "Invite a system administrator by email (they choose their password from the link and "
        "set up two-factor authentication at first sign-in)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", required=True)
        parser.add_argument("--name", required=True, help="Their full name.")
        parser.add_argument(
            "--agency",
            default="CSE Hub system administration",
            help="The agency their membership belongs to; made if it does not exist.",
        )
        parser.add_argument(
            "--base-url",
            required=True,
            help="The address users reach the service at, for the link in the email.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user = administrator_create(
                email=options["email"],
                full_name=options["name"],
                agency_name=options["agency"],
                base_url=options["base_url"],
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(
            self.style.SUCCESS(f"Administrator {user.pk} invited; the email has been sent.")
        )
