"""The data migrations: the seeded indicators, and each case's first contact filled in.

They are run here as functions against today's models, which have the fields they use.
"""

from __future__ import annotations

import datetime
from importlib import import_module
from types import SimpleNamespace

from django.apps import apps
from django.core.management import call_command
from django.utils import timezone

from cases import casework
from cases.models import Case, CaseworkEntry, Indicator

seed_indicators = import_module("cases.migrations.0003_seed_indicators")
fill_first_contact = import_module("cases.migrations.0005_fill_first_contact_at")
# The data migrations read only which database they run on from their schema editor.
SCHEMA_EDITOR = SimpleNamespace(connection=SimpleNamespace(alias="default"))


def test_reversing_the_seed_removes_only_its_codes_and_seeding_again_keeps_wording(db):
    """Given an indicator an administrator added and one they relabelled, when the seed is
    reversed and run again, then only the seeded codes go and come back, and the relabelled
    one keeps the administrator's words."""
    Indicator.objects.create(code="county_lines", label="County lines")
    seeded = len(seed_indicators.INDICATORS)

    seed_indicators.unseed(apps, SCHEMA_EDITOR)
    assert list(Indicator.objects.values_list("code", flat=True)) == ["county_lines"]

    Indicator.objects.create(code="self_harm", label="Self-harm or suicidal thoughts")
    seed_indicators.seed(apps, SCHEMA_EDITOR)
    assert Indicator.objects.count() == seeded + 1
    assert Indicator.objects.get(code="self_harm").label == "Self-harm or suicidal thoughts"


def test_first_contact_is_filled_from_successful_contact_only(world, case):
    """Given a case's casework (an attended session, an earlier did-not-attend, an earlier
    session entered in error, an earlier draft) and the column emptied, when the migration
    fills it, then it is the attended session; reversing empties it again."""
    now = timezone.now()

    def log(days_ago: int, **fields: object) -> CaseworkEntry:
        values: dict[str, object] = {
            "kind": CaseworkEntry.Kind.ONE_TO_ONE,
            "attendance": CaseworkEntry.Attendance.ATTENDED,
            **fields,
        }
        return casework.entry_create(
            case=case,
            by=world.spoke_worker,
            occurred_at=now - datetime.timedelta(days=days_ago),
            summary="Session.",
            **values,  # type: ignore[arg-type]
        )

    attended = log(2)
    log(5, attendance=CaseworkEntry.Attendance.DID_NOT_ATTEND)
    log(6, kind=CaseworkEntry.Kind.ATTEMPTED_CONTACT)
    log(7, draft=True)
    wrong = log(8)
    casework.entry_mark_in_error(entry=wrong, by=world.spoke_worker, reason="Wrong case.")
    Case.objects.update(first_contact_at=None)

    fill_first_contact.fill(apps, None)
    assert Case.objects.get(pk=case.pk).first_contact_at == attended.occurred_at

    fill_first_contact.empty(apps, None)
    assert Case.objects.get(pk=case.pk).first_contact_at is None


def test_a_flush_puts_the_seeded_indicators_back(transactional_db):
    """Given the database flushed (as `manage.py flush` and every transactional test do),
    then the seeded indicators are there again, so records and the demo keep working."""
    call_command("flush", interactive=False, verbosity=0)

    assert Indicator.objects.count() == len(seed_indicators.INDICATORS)
    assert Indicator.objects.get(code="older_partner").label == "Older boyfriend or girlfriend"
