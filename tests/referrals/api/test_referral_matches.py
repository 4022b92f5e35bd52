"""GET /api/v1/referrals/{id}/matches/: young people the hub knows who may be the one referred."""

from __future__ import annotations

import pytest

from audit.models import AuditEvent
from referrals.models import Referral
from tests.api.conftest import assert_error
from tests.referrals.api.conftest import detail_url

S = Referral.Status


@pytest.mark.parametrize(
    ("status", "name", "code"),
    [
        pytest.param(S.SCREENING, "anonymous", 401, id="anonymous must authenticate"),
        pytest.param(S.SCREENING, "other_agency", 404, id="another agency cannot tell"),
        pytest.param(S.SCREENING, "other_hub_manager", 404, id="another hub cannot tell"),
        pytest.param(S.SCREENING, "referrer", 403, id="the referrer is never told"),
        pytest.param(S.SCREENING, "team_manager", 403, id="nor is the team manager"),
        pytest.param(S.ALLOCATED, "allocated_worker", 403, id="matching is the hub's working"),
        pytest.param(S.SCREENING, "hub_manager", 200, id="the hub's manager"),
    ],
)
def test_permissions(make_referral, known_young_person, actor, status, name, code):
    """Only the receiving hub's managers see possible matches; each look is audited."""
    known_young_person(first_name="Jordan", last_name="Sample")
    referral = make_referral(status=status)

    response = actor(name).get(detail_url(referral, "matches"))

    viewed = AuditEvent.objects.filter(action=AuditEvent.Action.REFERRAL_MATCHES_VIEWED)
    if code != 200:
        assert_error(response, code)
        assert not viewed.exists()
        return
    assert response.status_code == 200, response.content
    assert len(response.json()) == 1
    assert viewed.count() == 1


def test_a_match_says_why_and_whether_there_is_an_open_case(
    world, make_referral, known_young_person, actor
):
    """Given a known young person with a nickname and the same date of birth, then they are
    a strong match with the reasons, their LA and their open case's lead worker."""
    referral = make_referral(status=S.SCREENING, first_name="Elizabeth", last_name="Sample")
    person = known_young_person(
        first_name="Beth", last_name="Sample", date_of_birth=referral.date_of_birth
    )
    known_young_person(first_name="Priya", last_name="Khan", date_of_birth=None, case="closed")

    (match,) = actor("hub_manager").get(detail_url(referral, "matches")).json()

    assert match["young_person"]["id"] == person.pk
    assert match["young_person"]["local_authority"]["id"] == world.la_a.pk
    assert match["strength"] == "strong"
    assert "Same date of birth" in match["reasons"]
    assert "First name a known short form or nickname" in match["reasons"]
    assert match["open_case"]["id"] == person.cases.get().pk
    assert match["open_case"]["lead_worker"]["full_name"] == "Sam Spoke"


def test_no_match_is_an_empty_list(make_referral, actor):
    """Given a hub that knows no one like the young person, then an empty list."""
    referral = make_referral(status=S.SCREENING)

    assert actor("hub_manager").get(detail_url(referral, "matches")).json() == []


def test_matches_cost_the_same_queries_for_one_match_and_for_several(
    make_referral, known_young_person, actor, django_assert_num_queries
):
    """Given one and then three known young people alike, the matches cost the same queries."""
    referral = make_referral(status=S.SCREENING)
    known_young_person()
    client = actor("hub_manager")
    client.get(detail_url(referral, "matches"))  # the session's first use; not measured

    # session, user, memberships, referral; name forms, candidates, their open cases, their
    # local authorities; the audit event (savepoint, chain head, insert, chain update, release)
    with django_assert_num_queries(13):
        assert len(client.get(detail_url(referral, "matches")).json()) == 1
    known_young_person(first_name="Jordan", last_name="Samples")
    known_young_person(first_name="Jordon", last_name="Sample")
    with django_assert_num_queries(13):
        assert len(client.get(detail_url(referral, "matches")).json()) == 3
