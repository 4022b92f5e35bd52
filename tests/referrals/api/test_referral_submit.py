"""POST /api/v1/referrals/{id}/submit/: the referrer sends their draft to the hub."""

from __future__ import annotations

import pytest

from notifications.models import Notification
from referrals import services
from referrals.models import Referral
from tests.api.conftest import assert_error
from tests.referrals.api.conftest import detail_url, post, reloaded

S = Referral.Status


@pytest.mark.parametrize(
    ("status", "name", "code"),
    [
        pytest.param(S.DRAFT, "anonymous", 401, id="anonymous must authenticate"),
        pytest.param(S.DRAFT, "other_agency", 404, id="another agency cannot tell"),
        pytest.param(S.DRAFT, "colleague", 404, id="a colleague cannot tell"),
        pytest.param(S.DRAFT, "team_manager", 404, id="a draft is the referrer's alone"),
        pytest.param(S.SUBMITTED, "hub_manager", 403, id="the hub does not submit"),
        pytest.param(S.DRAFT, "referrer", 200, id="the referrer submits"),
        pytest.param(S.SUBMITTED, "referrer", 400, id="submitting twice"),
    ],
)
def test_permissions(make_referral, actor, status, name, code):
    """Only the referrer may submit, and only a draft."""
    referral = make_referral(status=status)

    response = post(actor(name), detail_url(referral, "submit"), {"version": referral.version})

    if code != 200:
        assert_error(response, code)
        assert reloaded(referral).status == status
        return
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "submitted"
    assert body["submitted_at"] is not None
    assert reloaded(referral).status == S.SUBMITTED


def test_the_hubs_managers_are_told_with_no_details_of_the_child(world, make_referral, actor):
    """Given a submission, then the hub's manager has a notification naming only the reference."""
    referral = make_referral()

    post(actor("referrer"), detail_url(referral, "submit"), {"version": referral.version})

    (notification,) = Notification.objects.filter(recipient=world.hub_manager)
    assert referral.reference in notification.message
    assert "Jordan" not in notification.message
    assert "Sample" not in notification.message


def test_an_incomplete_draft_is_a_400_naming_each_missing_answer(world, actor):
    """Given a draft with only a first name, then 400 naming every answer still needed."""
    referral = services.referral_draft_create(
        by=world.practitioner, referrer_agency=world.csc_a, first_name="Jordan"
    )

    response = post(actor("referrer"), detail_url(referral, "submit"), {"version": 1})

    fields = assert_error(response, 400, "invalid")["fields"]
    assert fields.keys() == {
        "last_name",
        "date_of_birth",
        "local_authority",
        "hub",
        "narrative",
        "urgency",
        "young_person_aware",
        "no_consent_basis",
        "no_consent_reason",
        "parents_aware",
    }
    assert reloaded(referral).status == S.DRAFT


def test_a_stale_version_is_a_409(world, make_referral, actor):
    """Given a draft changed since version 1, then submitting from 1 is 409; still a draft."""
    referral = make_referral()
    services.referral_draft_update(
        referral=referral, by=world.practitioner, version=1, known_as="Jo"
    )

    assert_error(post(actor("referrer"), detail_url(referral, "submit"), {"version": 1}), 409)
    assert reloaded(referral).status == S.DRAFT
