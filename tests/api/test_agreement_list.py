"""GET /api/v1/agreements/: information-sharing agreements the caller's agencies are party to."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from partners.models import InformationSharingAgreement
from tests import factories
from tests.api.conftest import assert_error

URL = reverse("api:agreement-list")


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.fixture
def agreement(world):
    return factories.agreement(
        parties=[world.hub, world.csc_a, world.police],
        local_authority=world.la_a,
        by=world.hub_manager,
        review_due_on=datetime.date(2027, 1, 5),
    )


def test_a_partnership_elsewhere_does_not_see_it(world, login, agreement):
    """Given an agreement in one LA, then another LA's partnership manager does not see it."""
    elsewhere = factories.agency(kind="safeguarding_partnership", local_authorities=[world.la_b])
    manager = factories.member(agency=elsewhere, role="partnership_manager")

    assert agreement.pk not in ids(login(manager).get(URL))


def test_anonymous_callers_get_401(client, db):
    """Given no credentials, then 401."""
    assert_error(client.get(URL), 401, "not_authenticated")


@pytest.mark.parametrize(
    ("actor", "sees"),
    [
        pytest.param("other_hub_manager", False, id="a hub not party to it"),
        pytest.param("other_la_practitioner", False, id="an agency not party to it"),
        pytest.param("partnership_manager", True, id="the partnership of the agreement's LA"),
        pytest.param("practitioner", True, id="a party agency's practitioner"),
        pytest.param("spoke_worker", True, id="a party hub's worker"),
        pytest.param("hub_manager", True, id="a party hub's manager"),
        pytest.param("administrator", True, id="an administrator"),
    ],
)
def test_who_sees_the_agreement(world, caller, agreement, actor, sees):
    """Given an agreement, it is listed for the parties, the LA's partnership and administrators."""
    assert (agreement.pk in ids(caller(actor).get(URL))) is sees


def test_rows_carry_parties_la_and_dates(world, caller, agreement):
    """Given an agreement, then its row names the parties by name order, the LA and dates."""
    row = caller("practitioner").get(URL).json()["results"][0]

    assert [p["id"] for p in row["parties"]] == [world.csc_a.pk, world.hub.pk, world.police.pk]
    assert row["local_authority"]["id"] == world.la_a.pk
    assert row["status"] == "active"
    assert row["review_due_on"] == "2027-01-05"
    assert row["created_by"] == world.hub_manager.pk


def test_filters_by_status_local_authority_and_review_due(world, caller, agreement):
    """Given a draft in another LA due later, then each filter picks the right agreement."""
    draft = factories.agreement(
        parties=[world.hub, world.police],
        local_authority=world.la_b,
        by=world.hub_manager,
        status=InformationSharingAgreement.Status.DRAFT,
        signed_on=None,
        review_due_on=datetime.date(2028, 6, 1),
    )
    client = caller("hub_manager")

    assert ids(client.get(URL, {"status": "draft"})) == {draft.pk}
    assert ids(client.get(URL, {"local_authority": world.la_a.pk})) == {agreement.pk}
    assert ids(client.get(URL, {"review_due_before": "2027-01-05"})) == set()
    assert ids(client.get(URL, {"review_due_before": "2027-01-06"})) == {agreement.pk}
    assert ids(client.get(URL)) == {agreement.pk, draft.pk}


def test_bad_filters_are_a_400_naming_each(world, caller):
    """Given a status and a date that cannot be read, then 400 naming both."""
    response = caller("hub_manager").get(URL, {"status": "signed", "review_due_before": "soon"})

    fields = assert_error(response, 400, "invalid")["fields"]
    assert fields.keys() == {"status", "review_due_before"}


def test_list_queries_are_constant(world, login, django_assert_num_queries):
    """Given 1 and then 21 agreements with several parties, the list costs the same queries."""
    factories.agreement(
        parties=[world.hub, world.csc_a], local_authority=world.la_a, by=world.hub_manager
    )
    client = login(world.hub_manager)
    client.get(URL)  # the first request records the session's first use; not measured

    # session, user, memberships in force, count, page of agreements with their LA, parties
    with django_assert_num_queries(6):
        assert client.get(URL).json()["count"] == 1
    for _ in range(20):
        factories.agreement(
            parties=[world.hub, world.csc_a, world.police, world.school],
            local_authority=world.la_b,
            by=world.hub_manager,
        )
    with django_assert_num_queries(6):
        assert client.get(URL).json()["count"] == 21
