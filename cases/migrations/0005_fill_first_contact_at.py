"""Fill each case's first successful contact from its casework.

The rule is the one `cases.casework` keeps it by: a final entry, not entered in error, of a
contact kind, attended. One UPDATE with a correlated subquery, so it does not load cases into
memory however many there are. Reversing empties the column again.
"""

from django.db import migrations
from django.db.models import Min, OuterRef, Subquery

# Frozen here: the contact kinds when this migration was written.
CONTACT_KINDS = (
    "one_to_one",
    "group_work",
    "phone",
    "text",
    "joint_visit",
    "return_home_interview",
)


def fill(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    CaseworkEntry = apps.get_model("cases", "CaseworkEntry")
    first = (
        CaseworkEntry.objects.filter(
            case_id=OuterRef("pk"),
            status="final",
            entered_in_error_at__isnull=True,
            kind__in=CONTACT_KINDS,
            attendance="attended",
        )
        .values("case_id")
        .annotate(first=Min("occurred_at"))
        .values("first")
    )
    # A case with no last contact has no first one either: leave its row alone.
    Case.objects.filter(last_contact_at__isnull=False).update(first_contact_at=Subquery(first))


def empty(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    Case.objects.update(first_contact_at=None)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0004_case_first_contact_at"),
    ]

    operations = [
        migrations.RunPython(fill, empty),
    ]
