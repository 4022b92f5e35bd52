"""GET /api/v1/referrals/: the referrals the caller may see, filterable, paged in the database."""

from __future__ import annotations

import pytest
from django.urls import reverse

from referrals.models import Referral
from tests.api.conftest import assert_error

URL = reverse("api:referral-list")
S = Referral.Status
ROW_FIELDS = {
    "id",
    "reference",
    "status",
    "urgency",
    "first_name",
    "last_name",
    "known_as",
    "referrer",
    "referrer_agency",
    "hub",
    "local_authority",
    "allocated_worker",
    "created_at",
    "submitted_at",
    "decided_at",
    "allocated_at",
}


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_anonymous_callers_get_401(client, db):
    """Given no credentials, then 401."""
    assert_error(client.get(URL), 401, "not_authenticated")


@pytest.mark.parametrize(
    ("name", "sees_draft", "sees_submitted", "sees_allocated"),
    [
        pytest.param("other_agency", False, False, False, id="another agency"),
        pytest.param("other_hub_manager", False, False, False, id="another hub"),
        pytest.param("partnership_manager", False, False, False, id="partnership manager"),
        pytest.param("colleague", False, False, False, id="a colleague of the referrer"),
        pytest.param("unallocated_worker", False, False, False, id="a worker not allocated"),
        pytest.param("referrer", True, True, True, id="the referrer, drafts included"),
        pytest.param("team_manager", False, True, True, id="the team manager, no drafts"),
        pytest.param("allocated_worker", False, False, True, id="the allocated worker"),
        pytest.param("hub_manager", False, True, True, id="the hub's manager, no drafts"),
    ],
)
def test_who_sees_which_referral(
    make_referral, actor, name, sees_draft, sees_submitted, sees_allocated
):
    """Given a draft, a submitted and an allocated referral, each caller lists what they may see."""
    draft = make_referral()
    submitted = make_referral(status=S.SUBMITTED)
    allocated = make_referral(status=S.ALLOCATED)

    listed = ids(actor(name).get(URL))

    assert (draft.pk in listed) is sees_draft
    assert (submitted.pk in listed) is sees_submitted
    assert (allocated.pk in listed) is sees_allocated


@pytest.mark.parametrize("name", ["referrer", "hub_manager", "allocated_worker"])
def test_rows_are_the_same_shape_for_everyone_and_carry_nothing_of_triage(
    make_referral, known_young_person, actor, name
):
    """Given an allocated referral linked to a known young person, then every row has the
    same fields, none of them the young person, the match, screening or the case."""
    make_referral(status=S.ALLOCATED, young_person=known_young_person())

    (row,) = actor(name).get(URL).json()["results"]

    assert set(row) == ROW_FIELDS
    assert row["allocated_worker"]["full_name"] == "Sam Spoke"


def test_filters_by_status_urgency_and_mine(world, make_referral, login):
    """Given referrals by the practitioner and by the team manager, each filter picks."""
    mine_urgent = make_referral(status=S.SUBMITTED, urgency=Referral.Urgency.URGENT)
    mine_draft = make_referral()
    theirs = make_referral(status=S.DECLINED, referrer=world.team_manager)
    manager = login(world.team_manager)

    assert ids(manager.get(URL)) == {mine_urgent.pk, theirs.pk}
    assert ids(manager.get(URL, {"status": "declined"})) == {theirs.pk}
    assert ids(manager.get(URL, {"urgency": "urgent"})) == {mine_urgent.pk}
    assert ids(manager.get(URL, {"mine": "true"})) == {theirs.pk}
    assert ids(manager.get(URL, {"mine": "false"})) == {mine_urgent.pk}
    assert ids(login(world.practitioner).get(URL, {"status": "draft"})) == {mine_draft.pk}


def test_bad_filters_are_a_400_naming_each(make_referral, actor):
    """Given values that cannot be read, then 400 naming every bad filter."""
    response = actor("hub_manager").get(URL, {"status": "lost", "urgency": "soon", "mine": "x"})

    assert assert_error(response, 400, "invalid")["fields"].keys() == {"status", "urgency", "mine"}


@pytest.mark.parametrize("name", ["referrer", "hub_manager"])
def test_list_queries_are_constant(make_referral, actor, name, django_assert_num_queries):
    """Given 1 and then 21 referrals, the list costs the same queries."""
    make_referral(status=S.SUBMITTED)
    client = actor(name)
    client.get(URL)  # the first request records the session's first use; not measured

    # session, user, memberships in force, count, page of referrals joined to referrer,
    # agency, hub, local authority and allocated worker (visibility is in the WHERE)
    with django_assert_num_queries(5):
        assert client.get(URL).json()["count"] == 1
    for _ in range(20):
        make_referral(status=S.SUBMITTED)
    with django_assert_num_queries(5):
        assert client.get(URL).json()["count"] == 21
