"""Trigram similarity for duplicate matching, on PostgreSQL only.

The index is on cases' young people, but only matching uses it, so it lives with matching.
Creating the extension needs a role allowed to (the default superuser, or a database owner on
PostgreSQL 13 and later, where pg_trgm is a trusted extension).
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEX = "referrals_yp_last_name_trgm"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON cases_youngperson "
            "USING gin (last_name gin_trgm_ops)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("referrals", "0001_initial"),
        ("cases", "0001_initial"),
    ]

    operations = [
        TrigramExtension(),
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
