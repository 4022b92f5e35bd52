"""The case's first successful contact, kept like its last (filled by the next migration)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0003_seed_indicators"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="first_contact_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
    ]
