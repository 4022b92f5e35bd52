"""cases.apply_retention: a closed case past its retention date is anonymised, unless on legal
hold; the managers are warned a month before; the audit log is never touched."""

from __future__ import annotations

import datetime

import pytest

from audit.models import AuditEvent
from audit.selectors import audit_chain_verify
from cases import casework, record
from cases import services as case_services
from cases.models import (
    AgencyInvolvement,
    Case,
    CasePlan,
    CaseShare,
    CaseworkEntry,
    CaseworkEntryRevision,
    PlanGoal,
    RiskAssessment,
    YoungPerson,
)
from cases.retention import case_legal_hold_set
from consultancy.models import ConsultancyMessage, ConsultancyRequest
from notifications.models import Notification
from referrals.models import Referral
from tests.schedule.conftest import at, london, recipients, told

pytestmark = pytest.mark.django_db
JOB = "cases.apply_retention"
D = datetime.date
WHEN = london(2026, 10, 2, 10)


def _close(world, case: Case, *, moment: datetime.datetime = WHEN) -> Case:
    with at(moment):
        case.refresh_from_db()
        return case_services.case_close(
            case=case,
            by=world.hub_manager,
            version=case.version,
            reason=Case.ClosureReason.OUTCOMES_MET,
            outcome="Robin is safe, settled at college and knows who to call.",
        )


def _retention_ends(case: Case, day: datetime.date) -> None:
    # Closing sets seven years; the tests move that date rather than the clock so far.
    Case.objects.filter(pk=case.pk).update(retention_until=day)


@pytest.fixture
def full_record(world, shared_case, make_request):
    """A case with everything that holds text about the young person, then closed."""
    case = shared_case
    YoungPerson.objects.filter(pk=case.young_person_id).update(
        preferred_name="Mo",
        date_of_birth=D(2011, 3, 14),
        safe_contact_times="After 4pm on weekdays",
        safe_contact_notes="Mum's phone is monitored by her partner.",
        do_not_text=True,
        safe_contact_channels=["in_person"],
    )
    with at(WHEN):
        entry = casework.entry_create(
            case=case,
            by=world.spoke_worker,
            kind=CaseworkEntry.Kind.ONE_TO_ONE,
            occurred_at=WHEN,
            attendance=CaseworkEntry.Attendance.ATTENDED,
            summary="Morgan talked about the older boyfriend and the gifts.",
            young_persons_voice="He says he loves me.",
            duration_minutes=50,
        )
        casework.entry_update(
            entry=entry,
            by=world.spoke_worker,
            version=entry.version,
            summary="Morgan talked about the older boyfriend, the gifts and a party.",
        )
        case.refresh_from_db()
        record.plan_update(
            case=case,
            by=world.spoke_worker,
            version=0,
            summary="Weekly sessions; safety plan with school.",
            young_persons_view="I want to go to college.",
            goals=[{"description": "Knows three safe adults", "young_persons_view": "Mum, Ms Lee"}],
        )
        case.refresh_from_db()
        record.involvement_add(
            case=case,
            by=world.hub_manager,
            agency=world.csc_a,
            professional_name="Pat Social",
            professional_email="pat.social@ashdown.example",
            professional_phone="01632 960 123",
        )
        make_request(about="case", case=case, status="advised")
    return _close(world, case)


def test_a_case_past_retention_is_anonymised_and_keeps_what_reporting_counts(
    world, full_record, run
):
    case = full_record
    _retention_ends(case, D(2026, 11, 1))
    events_before = list(AuditEvent.objects.order_by("sequence").values_list("sequence", "hash"))

    assert run(JOB, london(2026, 11, 2, 2, 30)) == {"notices": 0, "anonymised": 1}

    person = YoungPerson.objects.get(pk=case.young_person_id)
    assert (person.first_name, person.last_name, person.preferred_name) == (
        "Anonymised",
        "young person",
        "",
    )
    assert person.date_of_birth is None
    assert (person.safe_contact_times, person.safe_contact_notes) == ("", "")
    assert person.safe_contact_channels == []
    assert person.anonymised_at is not None
    assert person.local_authority_id == world.la_a.pk
    case.refresh_from_db()
    assert case.anonymised_at is not None
    assert case.closure_outcome == ""
    assert case.closure_reason == Case.ClosureReason.OUTCOMES_MET
    entry = CaseworkEntry.objects.get(case=case)
    assert (entry.summary, entry.young_persons_voice) == ("", "")
    assert (entry.kind, entry.duration_minutes, entry.attendance) == ("one_to_one", 50, "attended")
    assert not CaseworkEntryRevision.objects.filter(entry__case=case).exists()
    assert set(RiskAssessment.objects.filter(case=case).values_list("rationale", flat=True)) == {""}
    assert RiskAssessment.objects.filter(case=case).get().level == "high"
    plan = CasePlan.objects.get(case=case)
    assert (plan.summary, plan.young_persons_view) == ("", "")
    assert set(PlanGoal.objects.filter(plan=plan).values_list("description", flat=True)) == {""}
    involvement = AgencyInvolvement.objects.get(case=case)
    assert (involvement.professional_name, involvement.professional_email) == ("", "")
    assert involvement.agency_id == world.csc_a.pk
    share = CaseShare.objects.get(case=case)
    assert share.reason == ""
    assert share.revoked_at is not None
    request = ConsultancyRequest.objects.get(case=case)
    assert request.question == ""
    assert set(
        ConsultancyMessage.objects.filter(request=request).values_list("text", flat=True)
    ) == {""}
    # The audit log: every earlier event exactly as it was, one more for the anonymisation,
    # and the chain intact.
    after = list(AuditEvent.objects.order_by("sequence").values_list("sequence", "hash"))
    assert after[: len(events_before)] == events_before
    anonymised = AuditEvent.objects.get(action=AuditEvent.Action.CASE_ANONYMISED)
    assert (anonymised.actor, anonymised.case_id) == (None, case.pk)
    assert anonymised.metadata["entries"] == 1
    assert anonymised.metadata["young_person_anonymised"] is True
    assert audit_chain_verify().intact


def test_a_second_run_anonymises_nothing_more(full_record, run):
    _retention_ends(full_record, D(2026, 11, 1))
    run(JOB, london(2026, 11, 2, 2, 30))

    assert run(JOB, london(2026, 11, 3, 2, 30)) == {"notices": 0, "anonymised": 0}
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CASE_ANONYMISED).count() == 1


def test_a_case_on_legal_hold_is_kept_until_the_hold_is_lifted(world, full_record, run):
    case = full_record
    _retention_ends(case, D(2026, 11, 1))
    with at(london(2026, 10, 20, 10)):
        case.refresh_from_db()
        case = case_legal_hold_set(
            case=case,
            by=world.hub_manager,
            version=case.version,
            hold=True,
            reason="Needed for criminal proceedings against the adults involved.",
        )

    assert run(JOB, london(2026, 11, 2, 2, 30))["anonymised"] == 0
    assert YoungPerson.objects.get(pk=case.young_person_id).first_name == "Morgan"

    with at(london(2026, 11, 5, 10)):
        case_legal_hold_set(
            case=case, by=world.hub_manager, version=case.version, hold=False, reason="Trial ended."
        )

    assert run(JOB, london(2026, 11, 6, 2, 30))["anonymised"] == 1
    actions = list(
        AuditEvent.objects.filter(case_id=case.pk, action__startswith="cases.legal_hold")
        .order_by("sequence")
        .values_list("action", flat=True)
    )
    assert actions == ["cases.legal_hold_placed", "cases.legal_hold_lifted"]


def test_the_young_persons_identity_stays_while_another_case_of_theirs_is_kept(
    world, open_case, run
):
    first = open_case(london(2026, 10, 2, 9), first_name="Sky", last_name="Twocases")
    _close(world, first)
    with at(london(2026, 10, 5, 9)):
        case_services.case_open(
            by=world.hub_manager,
            hub=world.hub,
            local_authority=world.la_a,
            risk_level="low",
            rationale="Back in touch after a new concern.",
            young_person=first.young_person,
            lead_worker=world.spoke_worker,
        )
    _retention_ends(first, D(2026, 10, 10))

    assert run(JOB, london(2026, 10, 11, 2, 30))["anonymised"] == 1

    person = YoungPerson.objects.get(pk=first.young_person_id)
    assert (person.first_name, person.anonymised_at) == ("Sky", None)


def test_the_referrals_of_an_anonymised_case_lose_the_identity_they_gave(world, make_referral, run):
    with at(london(2026, 10, 2, 9)):
        referral = make_referral(status="allocated")
    case = _close(world, referral.case)
    _retention_ends(case, D(2026, 10, 10))

    run(JOB, london(2026, 10, 11, 2, 30))

    referral.refresh_from_db()
    assert (referral.first_name, referral.last_name, referral.date_of_birth) == ("", "", None)
    assert (referral.narrative, referral.address_area, referral.school_or_setting) == ("", "", "")
    assert referral.status == Referral.Status.ALLOCATED
    assert referral.indicators == ["missing_episodes", "older_partner"]


def test_the_managers_are_warned_a_month_before(world, open_case, run):
    case = _close(world, open_case(london(2026, 10, 1, 12)))
    _retention_ends(case, D(2026, 12, 1))

    assert run(JOB, london(2026, 10, 31, 2, 30))["notices"] == 0
    assert run(JOB, london(2026, 11, 1, 2, 30))["notices"] == 1
    assert run(JOB, london(2026, 11, 2, 2, 30))["notices"] == 0

    assert told(Notification.Kind.RETENTION_DUE) == [
        (
            world.hub_manager.pk,
            f"Case {case.pk} reaches the end of its retention period on 1 December 2026 and will "
            "then be anonymised. Place it on legal hold if it must be kept.",
        )
    ]
    assert recipients(Notification.Kind.RETENTION_DUE) == {world.hub_manager.pk}


def test_open_cases_are_never_anonymised(world, open_case, run):
    case = open_case(london(2026, 10, 1, 12))
    Case.objects.filter(pk=case.pk).update(retention_until=D(2026, 10, 2))

    assert run(JOB, london(2026, 10, 10, 2, 30))["anonymised"] == 0
