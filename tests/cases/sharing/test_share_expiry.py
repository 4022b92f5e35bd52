"""case_shares_expire and the task that runs it: shares end on their date, once."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from cases.models import CaseShare
from cases.sharing import case_shares_expire
from cse_hub.schedule import beat_schedule
from ops.tasks import TASKS
from tests.cases.sharing.helpers import group_codenames, user_codenames

pytestmark = pytest.mark.django_db


def test_a_share_past_its_end_date_is_revoked_with_its_rows(world, case, share):
    """Given a share that ended yesterday, when expiry runs, then it is revoked and its rows go."""
    made = share(scope="joint")
    personal = share(professional=world.other_la_practitioner, scope="full")

    ended = case_shares_expire(today=made.expires_on + datetime.timedelta(days=1))

    assert ended == 2
    made.refresh_from_db()
    assert not made.is_live
    assert made.revoked_by is None
    assert "has passed" in made.revoke_reason
    assert group_codenames(agency=world.csc_a, case=case) == set()
    assert user_codenames(user=personal.professional, case=case) == set()


def test_a_share_is_live_through_its_end_date(world, case, share):
    """Given a share ending today, when expiry runs today, then it stays live."""
    made = share()

    assert case_shares_expire(today=made.expires_on) == 0
    assert CaseShare.objects.get(pk=made.pk).is_live
    assert group_codenames(agency=world.csc_a, case=case) == {"view_case_summary"}


def test_expiry_is_audited_with_no_actor(world, case, share):
    """Given an expired share, then SHARE_EXPIRED is written with no actor, for the case."""
    made = share()

    case_shares_expire(today=made.expires_on + datetime.timedelta(days=1))

    event = AuditEvent.objects.get(action=AuditEvent.Action.SHARE_EXPIRED)
    assert event.actor is None
    assert event.case_id == case.pk
    assert event.metadata == {
        "share_id": made.pk,
        "agency_id": world.csc_a.pk,
        "professional_id": None,
        "scope": "summary",
    }


def test_expiry_twice_ends_nothing_more(world, case, share):
    """Given expiry has run, when it runs again, then nothing more is revoked or audited."""
    made = share()
    after = made.expires_on + datetime.timedelta(days=1)
    case_shares_expire(today=after)
    revoked_at = CaseShare.objects.get(pk=made.pk).revoked_at

    assert case_shares_expire(today=after) == 0
    assert CaseShare.objects.get(pk=made.pk).revoked_at == revoked_at
    assert AuditEvent.objects.filter(action=AuditEvent.Action.SHARE_EXPIRED).count() == 1


def test_a_revoked_share_is_not_expired_again(world, case, share):
    """Given a share revoked by hand, when its date passes, then expiry leaves it alone."""
    from cases.sharing import case_share_revoke

    made = share()
    case_share_revoke(share=made, by=world.hub_manager, reason="Consent withdrawn.")

    assert case_shares_expire(today=made.expires_on + datetime.timedelta(days=5)) == 0
    assert CaseShare.objects.get(pk=made.pk).revoke_reason == "Consent withdrawn."


def test_the_task_expires_shares_as_of_today(world, case, share):
    """Given a share whose end date has passed, when the named task runs, then it is revoked."""
    made = share()
    # Moved into the past directly: the service refuses past end dates, as it should.
    CaseShare.objects.filter(pk=made.pk).update(
        expires_on=timezone.localdate() - datetime.timedelta(days=1)
    )

    TASKS["cases.expire_shares"].delay()

    assert not CaseShare.objects.get(pk=made.pk).is_live
    assert group_codenames(agency=world.csc_a, case=case) == set()


def test_the_task_has_its_stable_name():
    """Given the tasks, then expiry and the break-glass email have the names callers use."""
    from cases.tasks import notify_break_glass

    assert TASKS["cases.expire_shares"].name == "cases.expire_shares"
    assert notify_break_glass.name == "cases.notify_break_glass"


def test_expiry_is_scheduled_after_midnight_and_every_hour():
    """Given the beat schedule, then expiry runs just after midnight and hourly besides."""
    schedule = beat_schedule()
    daily = schedule["cases-expire-shares-daily"]
    hourly = schedule["cases-expire-shares-hourly"]

    assert daily["task"] == hourly["task"] == "cases.expire_shares"
    assert daily["schedule"].hour == {0}
    assert max(daily["schedule"].minute) <= 15
    assert len(hourly["schedule"].hour) == 24
    assert len(hourly["schedule"].minute) == 1
