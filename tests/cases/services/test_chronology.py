"""The chronology: one timeline from every table, filtered, newest first, never leaking."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from cases import casework, record, services
from cases.models import CaseShare, CaseworkEntry, RiskLevel
from cases.policies import access_to
from cases.selectors import CHRONOLOGY_KINDS, ChronologyEvent, chronology
from partners.selectors import active_memberships

NOW = timezone.now()


def at(days_ago: int) -> datetime.datetime:
    return NOW - datetime.timedelta(days=days_ago)


def day(days_ago: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days_ago)


@pytest.fixture
def busy_case(world, open_case, log):
    """A case opened 40 days ago with something of every kind on it."""
    case = open_case(opened_on=day(40))
    log(case=case, occurred_at=at(30), summary="First session at the youth club.")
    log(case=case, occurred_at=at(20), summary="Disclosed a named adult.", restricted=True)
    log(case=case, occurred_at=at(15), summary="Half-written note.", draft=True)
    wrong = log(case=case, occurred_at=at(12), summary="Meant for another case.")
    casework.entry_mark_in_error(entry=wrong, by=world.spoke_worker, reason="Wrong case.")
    case.refresh_from_db()
    record.risk_assess(
        case=case,
        by=world.spoke_worker,
        version=case.version,
        level=RiskLevel.HIGH,
        indicators=["online_contact"],
        rationale="Messages from an unknown adult.",
        assessed_on=day(25),
    )
    review = record.review_schedule(case=case, by=world.hub_manager, due_on=day(0))
    record.review_record(review=review, by=world.hub_manager, held_on=day(0), outcome="High.")
    involvement = record.involvement_add(
        case=case, by=world.spoke_worker, agency=world.police, from_on=day(35)
    )
    record.involvement_step_back(
        involvement=involvement, by=world.spoke_worker, stepped_back_on=day(10), reason="NFA."
    )
    CaseShare.objects.create(
        case=case,
        agency=world.csc_a,
        scope=CaseShare.Scope.FULL,
        lawful_basis=CaseShare.LawfulBasis.SAFEGUARDING,
        reason="Strategy meeting.",
        shared_by=world.hub_manager,
        shared_at=at(5),
        expires_on=day(-30),
    )
    case.refresh_from_db()
    return case


def titles(events: list[ChronologyEvent]) -> list[tuple[str, str]]:
    return [(e.kind, e.title) for e in events]


def test_the_owner_sees_every_kind_of_event_newest_first(world, busy_case):
    """Given a case with casework, risk, a review, involvement and a share, when its lead
    worker reads the chronology, then every event is there once, newest first, with the
    restricted entry marked and the entry entered in error left out."""
    events = chronology(user=world.spoke_worker, case=busy_case)

    assert [e.occurred_at for e in events] == sorted((e.occurred_at for e in events), reverse=True)
    found = titles(events)
    assert ("opened", "Case opened") in found
    assert ("risk", "Risk assessed as high") in found
    assert ("review", "Review held") in found
    assert ("review", "Review due") in found
    assert ("involvement", "Shire Police involved") in found
    assert ("involvement", "Shire Police stepped back") in found
    assert ("share", "Shared with Ashdown Children's Services at full scope") in found
    summaries = [e.detail for e in events if e.kind == "casework"]
    assert summaries == [
        "Half-written note.",
        "Disclosed a named adult.",
        "First session at the youth club.",
    ]
    restricted = [e for e in events if e.restricted]
    assert [e.detail for e in restricted] == ["Disclosed a named adult."]
    draft = next(e for e in events if e.detail == "Half-written note.")
    assert draft.title.startswith("Draft: ")
    assert draft.actor_name == "Sam Spoke, Northbrook CSE Hub"
    assert {e.kind for e in events} <= set(CHRONOLOGY_KINDS)


def test_drafts_are_only_on_their_authors_chronology(world, busy_case):
    """Given a draft by the lead worker, when the hub manager reads the chronology, then the
    draft is absent but the restricted entry is there."""
    details = [e.detail for e in chronology(user=world.hub_manager, case=busy_case)]

    assert "Half-written note." not in details
    assert "Disclosed a named adult." in details


@pytest.mark.parametrize("scope", [CaseShare.Scope.FULL, CaseShare.Scope.JOINT])
def test_a_shared_viewer_never_sees_restricted_entries(world, busy_case, grant, scope):
    """Given the case shared at full or joint scope, when the social worker reads the
    chronology, then casework is there but no restricted entry and no one else's draft."""
    grant(case=busy_case, agency=world.csc_a, scope=scope, users=(world.practitioner,))

    events = chronology(user=world.practitioner, case=busy_case)

    details = [e.detail for e in events]
    assert "First session at the youth club." in details
    assert "Disclosed a named adult." not in details
    assert "Half-written note." not in details
    assert not any(e.restricted for e in events)


def test_summary_scope_and_strangers_get_no_chronology(world, busy_case, grant):
    """Given the case shared at summary scope, when the social worker or another agency's
    practitioner asks for the chronology, then it is empty."""
    grant(case=busy_case, agency=world.csc_a, scope="summary", users=(world.practitioner,))

    assert chronology(user=world.practitioner, case=busy_case) == []
    assert chronology(user=world.other_la_practitioner, case=busy_case) == []


def test_the_chronology_filters_by_kind_and_date(world, busy_case):
    """Given a busy case, when the chronology is filtered to casework, or to a window of
    days, then only those events are returned; an unknown kind alone returns nothing."""
    casework_only = chronology(user=world.hub_manager, case=busy_case, kinds=("casework",))
    assert {e.kind for e in casework_only} == {"casework"}
    assert len(casework_only) == 2

    window = chronology(user=world.hub_manager, case=busy_case, date_from=day(26), date_to=day(11))
    assert titles(window) == [
        ("casework", "One-to-one session (attended)"),
        ("risk", "Risk assessed as high"),
    ]
    one_day = chronology(user=world.hub_manager, case=busy_case, date_from=day(10), date_to=day(10))
    assert titles(one_day) == [("involvement", "Shire Police stepped back")]
    assert chronology(user=world.hub_manager, case=busy_case, kinds=("gossip",)) == []


def test_the_chronology_can_be_limited(world, busy_case):
    """Given a busy case, when the chronology is limited to three, then it is the newest
    three."""
    everything = chronology(user=world.hub_manager, case=busy_case)

    assert chronology(user=world.hub_manager, case=busy_case, limit=3) == everything[:3]


def test_closing_and_reopening_appear_with_who_and_why(world, case):
    """Given a case closed and reopened, when its chronology is read, then both appear
    with the closure reason and the reason for reopening."""
    services.case_close(
        case=case, by=world.hub_manager, version=1, reason="moved_away", outcome="Moved."
    )
    services.case_reopen(case=case, by=world.hub_manager, version=2, reason="Came back.")

    events = chronology(user=world.hub_manager, case=case, kinds=("closed", "reopened"))

    assert [(e.kind, e.title, e.detail, e.actor_name) for e in events] == [
        ("reopened", "Case reopened", "Came back.", "Harriet Hub"),
        ("closed", "Case closed: moved out of the area", "", "Harriet Hub"),
    ]


@pytest.mark.parametrize("count", [1, 8])
def test_the_chronology_takes_the_same_queries_however_long(
    world, case, log, count, django_assert_num_queries
):
    """Given 1 or 8 of each kind of record, when the chronology is read, then the number of
    queries is the same."""
    for n in range(count):
        log(occurred_at=at(n + 1), kind=CaseworkEntry.Kind.PHONE)
        record.involvement_add(case=case, by=world.spoke_worker, agency=world.police)
        CaseShare.objects.create(
            case=case,
            agency=world.csc_a,
            scope=CaseShare.Scope.SUMMARY,
            lawful_basis=CaseShare.LawfulBasis.CONSENT,
            reason="Meeting.",
            shared_by=world.hub_manager,
            expires_on=day(-10),
            revoked_at=NOW,
            revoked_by=world.hub_manager,
        )
    active_memberships(world.hub_manager)
    access_to(world.hub_manager, case)  # decided once per request, before the page reads

    # Eight queries, one per source: referrals, entries, risk assessments and their
    # indicators' labels (read once, not per assessment), reviews, involvement, the audit
    # events for closures and share changes, and shares.
    with django_assert_num_queries(8):
        events = chronology(user=world.hub_manager, case=case)
    assert len([e for e in events if e.kind == "casework"]) == count
