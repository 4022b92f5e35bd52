"""Load the synthetic demo partnership and its accounts; refused in production."""

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from audit.context import RequestContext, bound
from demo.services import ACCOUNTS, DEMO_PASSWORD, DemoDataNotAllowed, demo_seed
from partners.models import Role


class Command(BaseCommand):
    help = "Create the demo local authorities, agencies, placements and accounts (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        # One request id for the run, so its audit events can be read together.
        with bound(RequestContext(request_id=f"seed-demo-{uuid.uuid4().hex[:12]}")):
            try:
                result = demo_seed()
            except DemoDataNotAllowed as exc:
                raise CommandError(str(exc)) from exc
            except ValidationError as exc:
                raise CommandError(f"Demo data did not load: {'; '.join(exc.messages)}") from exc
        if result.total_created:
            made = ", ".join(f"{kind} {count}" for kind, count in result.created.items())
            self.stdout.write(self.style.SUCCESS(f"Demo data loaded ({made})."))
        else:
            self.stdout.write("Demo data already loaded; nothing to add.")
        self.stdout.write(f"Demo accounts (password {DEMO_PASSWORD}):")
        for account in ACCOUNTS:
            role = Role(account.role).label
            self.stdout.write(f"  {account.email:<37} {role}, {account.agency}")
