"""Fill when each case's lead worker was allocated, for the first-contact reminders.

The time comes from the case's latest "opened" or "workers allocated" audit event (the last
time its lead could have changed), or the case's creation if it has none. One UPDATE with a
correlated subquery. Reversing empties the column again.
"""

from django.db import migrations
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce

# Frozen here: the audit actions that set a lead worker when this migration was written.
ALLOCATING_ACTIONS = ("cases.case_opened", "cases.case_allocated")


def fill(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    AuditEvent = apps.get_model("audit", "AuditEvent")
    latest = (
        AuditEvent.objects.filter(case_id=OuterRef("pk"), action__in=ALLOCATING_ACTIONS)
        .order_by("-sequence")
        .values("occurred_at")[:1]
    )
    Case.objects.filter(lead_worker__isnull=False).update(
        allocated_at=Coalesce(Subquery(latest), "created_at")
    )


def empty(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    Case.objects.update(allocated_at=None)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0006_case_allocated_at_anonymised_at"),
        ("audit", "0003_append_only_triggers"),
    ]

    operations = [
        migrations.RunPython(fill, empty),
    ]
