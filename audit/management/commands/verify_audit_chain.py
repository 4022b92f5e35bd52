"""Check that no audit event has been changed, removed or re-ordered."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from audit.selectors import audit_chain_verify


class Command(BaseCommand):
    help = "Recompute the audit log's hash chain and report any break."

    def handle(self, *args: Any, **options: Any) -> None:
        report = audit_chain_verify()
        if report.intact:
            self.stdout.write(self.style.SUCCESS(f"Audit chain intact: {report.checked} events."))
            return
        for item in report.breaks:
            self.stderr.write(f"Event {item.sequence}: {item.problem}")
        raise CommandError(
            f"Audit chain broken: {len(report.breaks)} problem(s) in {report.checked} events."
        )
