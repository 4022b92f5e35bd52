"""POST /api/v1/referrals/{id}/accept/: accept, or accept and allocate in one go."""

from __future__ import annotations

import pytest

from audit.models import AuditEvent
from cases.models import Case, RiskAssessment
from notifications.models import Notification
from referrals import services
from referrals.models import Referral
from tests.api.conftest import assert_error
from tests.referrals.api.conftest import detail_url, post, reloaded

S = Referral.Status
REASON = "Meets the threshold for CSE support."


@pytest.mark.parametrize(
    ("status", "name", "code"),
    [
        pytest.param(S.SCREENING, "anonymous", 401, id="anonymous must authenticate"),
        pytest.param(S.SCREENING, "other_agency", 404, id="another agency cannot tell"),
        pytest.param(S.SCREENING, "other_hub_manager", 404, id="another hub cannot tell"),
        pytest.param(S.SCREENING, "referrer", 403, id="the referrer does not decide"),
        pytest.param(S.SCREENING, "team_manager", 403, id="nor does the team manager"),
        pytest.param(S.SCREENING, "hub_manager", 200, id="the hub's manager accepts"),
        pytest.param(S.DECLINED, "hub_manager", 400, id="accepting a declined referral"),
        pytest.param(S.SUBMITTED, "hub_manager", 400, id="before screening"),
    ],
)
def test_permissions(make_referral, actor, status, name, code):
    """Only the hub's managers decide, and only while screening."""
    referral = make_referral(status=status)

    response = post(
        actor(name), detail_url(referral, "accept"), {"version": referral.version, "reason": REASON}
    )

    if code != 200:
        error = assert_error(response, code)
        if status == S.DECLINED:
            assert error["fields"] == {
                "non_field_errors": ["This referral is already declined, so it cannot be accepted."]
            }
        assert reloaded(referral).status == status
        return
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "accepted"
    assert body["decision_reason"] == REASON
    assert body["case"] is None
    assert AuditEvent.objects.filter(action=AuditEvent.Action.REFERRAL_ACCEPTED).exists()


def test_accepting_with_a_worker_allocates_and_opens_the_case(world, make_referral, actor):
    """Given a worker, risk level and rationale, then the referral is allocated and its case
    opens with the screening indicators in the first risk assessment."""
    referral = make_referral(status=S.SCREENING, match="new")

    response = post(
        actor("hub_manager"),
        detail_url(referral, "accept"),
        {
            "version": referral.version,
            "reason": REASON,
            "worker": world.spoke_worker.pk,
            "risk_level": "high",
            "rationale": "Older males, missing overnight.",
        },
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "allocated"
    case = Case.objects.get(pk=body["case"])
    assert case.lead_worker == world.spoke_worker
    assert case.referral_id == referral.pk
    assessment = RiskAssessment.objects.get(case=case)
    assert assessment.level == "high"
    assert sorted(assessment.indicators) == ["missing_episodes", "older_partner"]
    assert Notification.objects.filter(recipient=world.spoke_worker).exists()


def test_accept_and_allocate_failing_leaves_the_referral_being_screened(
    world, make_referral, actor
):
    """Given a worker who does not work for the hub, then 400 and nothing changed: still
    being screened, no case, no acceptance recorded."""
    referral = make_referral(status=S.SCREENING, match="new")

    response = post(
        actor("hub_manager"),
        detail_url(referral, "accept"),
        {
            "version": referral.version,
            "reason": REASON,
            "worker": world.other_spoke_worker.pk,
            "risk_level": "medium",
            "rationale": "Some concerns.",
        },
    )

    assert "worker" in assert_error(response, 400, "invalid")["fields"]
    after = reloaded(referral)
    assert (after.status, after.case_id, after.version) == (S.SCREENING, None, referral.version)
    assert not Case.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.REFERRAL_ACCEPTED).exists()


def test_a_reason_is_required(make_referral, actor):
    """Given no reason, then 400 on it; still being screened."""
    referral = make_referral(status=S.SCREENING)

    response = post(actor("hub_manager"), detail_url(referral, "accept"), {"version": 3})

    assert assert_error(response, 400, "invalid")["fields"].keys() == {"reason"}
    assert reloaded(referral).status == S.SCREENING


def test_a_stale_version_is_a_409(world, make_referral, actor):
    """Given notes written since the manager looked, then accepting from then is 409."""
    referral = make_referral(status=S.SCREENING)
    services.referral_screening_notes_update(
        referral=referral, by=world.hub_manager, version=referral.version, notes="Checked."
    )

    response = post(
        actor("hub_manager"),
        detail_url(referral, "accept"),
        {"version": referral.version, "reason": REASON},
    )

    assert_error(response, 409, "conflict")
    assert reloaded(referral).status == S.SCREENING
