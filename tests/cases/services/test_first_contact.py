"""A case's first successful contact: kept like its last, for "time to first contact"."""

from __future__ import annotations

import datetime

import pytest

from cases import casework
from cases.models import Case, CaseworkEntry

DAY = datetime.timedelta(days=1)


def first_and_last(case: Case) -> tuple[datetime.datetime | None, datetime.datetime | None]:
    case.refresh_from_db()
    return case.first_contact_at, case.last_contact_at


def test_logging_the_first_session_sets_first_contact(case, log, an_hour_ago):
    """Given a case with no contact yet, when an attended session is logged, then it is both
    the first and the last contact."""
    assert first_and_last(case) == (None, None)

    log()

    assert first_and_last(case) == (an_hour_ago, an_hour_ago)


def test_a_later_session_does_not_move_first_contact(case, log, an_hour_ago):
    """Given a first session, when a later one is logged, then only last contact moves."""
    earlier = an_hour_ago - 2 * DAY
    log(occurred_at=earlier)

    log(occurred_at=an_hour_ago)

    assert first_and_last(case) == (earlier, an_hour_ago)


def test_an_earlier_back_dated_session_moves_first_contact_earlier(case, log, an_hour_ago):
    """Given a session logged, when an earlier one is logged late, then first contact moves
    back to it and last contact stays."""
    log()
    back_dated = an_hour_ago - 5 * DAY

    log(occurred_at=back_dated)

    assert first_and_last(case) == (back_dated, an_hour_ago)


def test_marking_the_first_session_in_error_recomputes_first_contact(world, case, log, an_hour_ago):
    """Given two sessions, when the first is marked entered in error, then first contact is
    the remaining one; with none left, both are empty."""
    earlier = an_hour_ago - 3 * DAY
    first = log(occurred_at=earlier)
    second = log()

    casework.entry_mark_in_error(entry=first, by=world.spoke_worker, reason="Wrong case.")
    assert first_and_last(case) == (an_hour_ago, an_hour_ago)

    casework.entry_mark_in_error(entry=second, by=world.spoke_worker, reason="Wrong case.")
    assert first_and_last(case) == (None, None)


def test_an_edit_that_moves_the_first_session_recomputes_first_contact(
    world, case, log, an_hour_ago
):
    """Given two sessions, when the first is edited to be a did-not-attend, then first contact
    is the other one."""
    first = log(occurred_at=an_hour_ago - 2 * DAY)
    log()

    casework.entry_update(
        entry=first,
        by=world.spoke_worker,
        version=first.version,
        attendance=CaseworkEntry.Attendance.DID_NOT_ATTEND,
    )

    assert first_and_last(case) == (an_hour_ago, an_hour_ago)


def test_finishing_a_draft_session_sets_first_contact(world, case, log, an_hour_ago):
    """Given a draft session, when it is finished, then it becomes the first contact."""
    draft = log(draft=True)
    assert first_and_last(case) == (None, None)

    casework.entry_finalise(entry=draft, by=world.spoke_worker, version=draft.version)

    assert first_and_last(case) == (an_hour_ago, an_hour_ago)


@pytest.mark.parametrize(
    "overrides",
    [
        pytest.param({"kind": CaseworkEntry.Kind.ATTEMPTED_CONTACT}, id="attempted contact"),
        pytest.param({"attendance": CaseworkEntry.Attendance.DID_NOT_ATTEND}, id="did not attend"),
        pytest.param({"attendance": CaseworkEntry.Attendance.DECLINED}, id="declined"),
        pytest.param({"kind": CaseworkEntry.Kind.PROFESSIONAL_CONSULTATION}, id="not with them"),
        pytest.param({"draft": True}, id="a draft"),
    ],
)
def test_casework_that_was_not_contact_never_sets_first_contact(case, log, an_hour_ago, overrides):
    """Given a session logged, when earlier casework that was not successful contact is
    logged, then first contact stays with the session; alone, it sets nothing."""
    log(occurred_at=an_hour_ago - DAY, **overrides)
    assert first_and_last(case) == (None, None)

    log()
    log(occurred_at=an_hour_ago - 2 * DAY, **overrides)

    assert first_and_last(case) == (an_hour_ago, an_hour_ago)
