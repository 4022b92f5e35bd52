"""DELETE /api/v1/referrals/{id}/?version=N: the referrer discards their draft."""

from __future__ import annotations

import pytest

from audit.models import AuditEvent
from referrals import services
from referrals.models import Referral
from tests.api.conftest import assert_error
from tests.referrals.api.conftest import detail_url

S = Referral.Status


@pytest.mark.parametrize(
    ("status", "name", "code"),
    [
        pytest.param(S.DRAFT, "anonymous", 401, id="anonymous must authenticate"),
        pytest.param(S.DRAFT, "other_agency", 404, id="another agency cannot tell"),
        pytest.param(S.DRAFT, "team_manager", 404, id="a draft is the referrer's alone"),
        pytest.param(S.SUBMITTED, "team_manager", 403, id="the team manager may not discard"),
        pytest.param(S.SUBMITTED, "hub_manager", 403, id="the hub may not discard"),
        pytest.param(S.DRAFT, "referrer", 204, id="the referrer discards the draft"),
        pytest.param(S.SUBMITTED, "referrer", 400, id="a submitted referral stays"),
    ],
)
def test_permissions(make_referral, actor, status, name, code):
    """Only the referrer may discard, and only a draft."""
    referral = make_referral(status=status)

    response = actor(name).delete(f"{detail_url(referral)}?version={referral.version}")

    if code != 204:
        assert_error(response, code)
        assert Referral.objects.filter(pk=referral.pk).exists()
        return
    assert response.status_code == 204, response.content
    assert not Referral.objects.filter(pk=referral.pk).exists()
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.REFERRAL_DRAFT_DELETED, object_id=str(referral.pk)
    ).exists()


def test_the_version_is_required(make_referral, actor):
    """Given no version, then 400 naming it; the draft stays."""
    referral = make_referral()

    response = actor("referrer").delete(detail_url(referral))

    assert assert_error(response, 400, "invalid")["fields"].keys() == {"version"}
    assert Referral.objects.filter(pk=referral.pk).exists()


def test_a_stale_version_is_a_409(world, make_referral, actor):
    """Given a draft changed since version 1, then discarding from 1 is 409; it stays."""
    referral = make_referral()
    services.referral_draft_update(
        referral=referral, by=world.practitioner, version=1, known_as="Jo"
    )

    assert_error(actor("referrer").delete(f"{detail_url(referral)}?version=1"), 409, "conflict")
    assert Referral.objects.filter(pk=referral.pk).exists()
