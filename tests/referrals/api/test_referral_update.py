"""PATCH /api/v1/referrals/{id}/: the referrer changes their draft, naming its version."""

from __future__ import annotations

import pytest

from audit.models import AuditEvent
from referrals import services
from referrals.models import Referral
from tests.api.conftest import assert_error
from tests.referrals.api.conftest import REFERRER_FIELDS, detail_url, patch, reloaded

S = Referral.Status


@pytest.mark.parametrize(
    ("status", "name", "code"),
    [
        pytest.param(S.DRAFT, "anonymous", 401, id="anonymous must authenticate"),
        pytest.param(S.DRAFT, "other_agency", 404, id="another agency cannot tell"),
        pytest.param(S.DRAFT, "team_manager", 404, id="a draft is the referrer's alone"),
        pytest.param(S.DRAFT, "hub_manager", 404, id="the hub never sees drafts"),
        pytest.param(S.SUBMITTED, "colleague", 404, id="a colleague cannot tell"),
        pytest.param(S.SUBMITTED, "team_manager", 403, id="the team manager may not change it"),
        pytest.param(S.SUBMITTED, "hub_manager", 403, id="the hub may not change it"),
        pytest.param(S.DRAFT, "referrer", 200, id="the referrer changes the draft"),
        pytest.param(S.SUBMITTED, "referrer", 400, id="submitted: too late to change"),
    ],
)
def test_permissions(make_referral, actor, status, name, code):
    """Only the referrer may change, and only a draft; nothing changes otherwise."""
    referral = make_referral(status=status)

    response = patch(
        actor(name), detail_url(referral), {"version": referral.version, "known_as": "Jo"}
    )

    if code != 200:
        error = assert_error(response, code)
        if code == 400:
            assert error["fields"] == {
                "non_field_errors": [
                    "This referral is waiting to be screened, so it cannot be changed by the "
                    "referrer."
                ]
            }
        assert reloaded(referral).known_as == ""
        return
    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == REFERRER_FIELDS
    assert body["known_as"] == "Jo"
    assert body["version"] == referral.version + 1
    assert AuditEvent.objects.filter(action=AuditEvent.Action.REFERRAL_DRAFT_CHANGED).exists()


def test_a_stale_version_is_a_409_and_nothing_is_saved(world, make_referral, actor):
    """Given a draft changed since version 1, then a change from 1 is 409; unchanged."""
    referral = make_referral()
    services.referral_draft_update(
        referral=referral, by=world.practitioner, version=1, narrative="Changed elsewhere."
    )

    response = patch(actor("referrer"), detail_url(referral), {"version": 1, "known_as": "Jo"})

    error = assert_error(response, 409, "conflict")
    assert "narrative" in error["message"]
    assert reloaded(referral).known_as == ""


def test_bad_input_is_a_400_naming_each_field(make_referral, actor):
    """Given no version and an impossible date of birth, then 400 on both; unchanged."""
    referral = make_referral()

    response = patch(actor("referrer"), detail_url(referral), {"date_of_birth": "2099-01-01"})

    assert assert_error(response, 400, "invalid")["fields"].keys() == {"version"}
    response = patch(
        actor("referrer"), detail_url(referral), {"version": 1, "date_of_birth": "2099-01-01"}
    )
    assert assert_error(response, 400, "invalid")["fields"] == {
        "date_of_birth": ["Date of birth must be in the past."]
    }
    assert reloaded(referral).version == 1


def test_changing_the_local_authority_defaults_the_hub_again(world, make_referral, actor):
    """Given a draft for Ashdown's hub, when the LA changes without a hub, the LA's hub follows."""
    referral = make_referral(hub=None, local_authority=None)

    response = patch(
        actor("referrer"),
        detail_url(referral),
        {"version": referral.version, "local_authority": world.la_a.pk},
    )

    assert response.status_code == 200, response.content
    assert response.json()["hub"]["id"] == world.hub.pk
