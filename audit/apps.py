from django.apps import AppConfig


class AuditConfig(AppConfig):
    """The append-only, hash-chained record of who did and saw what, and why."""

    name = "audit"
    verbose_name = "Audit"

    def ready(self) -> None:
        from audit import receivers  # noqa: F401
