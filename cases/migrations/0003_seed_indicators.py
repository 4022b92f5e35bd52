"""Seed the CSE indicators: the ten codes existing assessments use, and a few more.

The list is frozen here (not imported) so that this migration does the same thing however the
application's code changes later. Reversing it deletes only the codes it added.
"""

from django.db import migrations

# (code, label, guidance): the first ten are the codes and labels of the former fixed list.
INDICATORS = (
    (
        "missing_episodes",
        "Missing episodes",
        "Going missing from home or care, especially overnight or repeatedly.",
    ),
    (
        "older_partner",
        "Older boyfriend or girlfriend",
        "A relationship with someone noticeably older, or with a controlling partner.",
    ),
    (
        "unexplained_gifts",
        "Unexplained gifts or money",
        "New clothes, phones, jewellery, money or credit they cannot account for.",
    ),
    (
        "substance_misuse",
        "Substance misuse",
        "Using drugs or alcohol, particularly if supplied by others.",
    ),
    (
        "sexual_health",
        "Sexual health concerns",
        "Sexually transmitted infections, pregnancy or terminations, repeat emergency "
        "contraception.",
    ),
    (
        "places_of_concern",
        "Parties or addresses of concern",
        "Going to parties, houses, hotels or areas linked with exploitation.",
    ),
    (
        "online_contact",
        "Concerning online contact",
        "Contact with unknown adults online, sharing images, or being asked to meet.",
    ),
    (
        "school_absence",
        "School absence",
        "Missing school or college, or a sudden drop in attendance.",
    ),
    ("self_harm", "Self-harm", "Self-harm, suicidal thoughts or a decline in emotional wellbeing."),
    (
        "exploited_peers",
        "Association with exploited peers",
        "Friends or siblings known to be exploited, or recruiting others.",
    ),
    (
        "unknown_adults_cars",
        "Getting into cars with unknown adults",
        "Being picked up or dropped off by adults the family or school do not know.",
    ),
    (
        "second_phone",
        "A second phone or secret online accounts",
        "A phone, SIM card or accounts that carers do not know about.",
    ),
    (
        "behaviour_change",
        "Sudden change in behaviour, dress or appearance",
        "Becoming secretive, withdrawn or aggressive, or dressing differently.",
    ),
    (
        "unexplained_injuries",
        "Unexplained injuries",
        "Bruises, bites or other injuries they will not or cannot explain.",
    ),
    (
        "staying_out_late",
        "Staying out late or overnight without explanation",
        "Coming home late or not at all, without saying where they were.",
    ),
)


def insert_indicators(Indicator, using):
    """Add each seeded indicator that is missing; one an administrator already made keeps
    their wording. Also used by `cases.apps` to put the list back after a flush."""
    for position, (code, label, guidance) in enumerate(INDICATORS, start=1):
        Indicator.objects.using(using).get_or_create(
            code=code,
            defaults={"label": label, "guidance": guidance, "position": position * 10},
        )


def seed(apps, schema_editor):
    insert_indicators(apps.get_model("cases", "Indicator"), schema_editor.connection.alias)


def unseed(apps, schema_editor):
    Indicator = apps.get_model("cases", "Indicator")
    codes = [code for code, _, _ in INDICATORS]
    Indicator.objects.using(schema_editor.connection.alias).filter(code__in=codes).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0002_indicator"),
    ]

    operations = [
        migrations.RunPython(seed, unseed),
    ]
