"""GET /api/v1/referrals/hubs/?local_authority=<id>: the services a referral may go to."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from partners.models import Role
from tests import factories
from tests.api.conftest import assert_error

URL = reverse("api:referral-hubs")


def test_anonymous_callers_get_401(client, db):
    """Given no credentials, then 401."""
    assert_error(client.get(URL, {"local_authority": 1}), 401, "not_authenticated")


def test_the_hubs_for_a_local_authority_with_the_default_marked(world, actor):
    """Given Brackenford, covered by both hubs and with no placement, then both, none default;
    given Ashdown, covered by one hub, then that one, marked default."""
    client = actor("referrer")

    brackenford = client.get(URL, {"local_authority": world.la_b.pk}).json()
    ashdown = client.get(URL, {"local_authority": world.la_a.pk}).json()

    assert [(h["name"], h["is_default"]) for h in brackenford] == [
        ("Northbrook CSE Hub", False),
        ("Southmere CSE Hub", False),
    ]
    assert ashdown == [
        {
            "id": world.hub.pk,
            "name": "Northbrook CSE Hub",
            "sector": "voluntary",
            "kind": "cse_hub",
            "is_default": True,
        }
    ]


def test_the_local_authority_is_required_and_must_exist(world, actor):
    """Given none, or an id that does not exist, then 400 naming it."""
    client = actor("referrer")

    for query in ({}, {"local_authority": 0}, {"local_authority": "x"}):
        fields = assert_error(client.get(URL, query), 400, "invalid")["fields"]
        assert fields.keys() == {"local_authority"}


def test_someone_with_no_membership_today_is_offered_none(world, login):
    """Given a user whose only membership has ended, then no hubs are listed."""
    leaver = factories.user()
    ended = timezone.localdate() - datetime.timedelta(days=1)
    factories.membership(
        user=leaver,
        agency=world.csc_a,
        role=Role.PRACTITIONER,
        starts_on=ended - datetime.timedelta(days=30),
        ends_on=ended,
    )

    response = login(leaver).get(URL, {"local_authority": world.la_a.pk})

    assert response.status_code == 200, response.content
    assert response.json() == []
