"""The CSE indicators administrators maintain (seeded by the next migration)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="Indicator",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "code",
                    models.SlugField(
                        help_text="How records and the API name it, for example staying_out_late. It cannot change once saved.",
                        unique=True,
                    ),
                ),
                ("label", models.CharField(max_length=120)),
                ("guidance", models.TextField(blank=True, help_text="What to look for.")),
                (
                    "is_active",
                    models.BooleanField(
                        default=True,
                        help_text="Untick to retire it: records keep it, but new screening no longer offers it.",
                        verbose_name="active",
                    ),
                ),
                (
                    "position",
                    models.PositiveSmallIntegerField(
                        default=0, help_text="Lower numbers come first."
                    ),
                ),
            ],
            options={
                "ordering": ["position", "label"],
            },
        ),
    ]
