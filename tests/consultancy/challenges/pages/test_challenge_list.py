"""The challenge list: the hub's for its managers, a worker's own, a team manager's agency's;
open first; filtered and paged in the database at constant queries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from consultancy.models import PracticeChallenge

URL = reverse("consultancy:challenge_list")


def test_each_side_sees_its_challenges(world, make_challenge, hub_colleague, login):
    """Given one challenge by the world's worker to Ashdown's children's services and one by
    another worker to Shire Police, then the manager sees both, each worker their own, and
    Ashdown's team manager only the one to their agency."""
    mine = make_challenge()
    theirs = make_challenge(by=hub_colleague, agency=world.police)

    manager = login(world.hub_manager).get(URL).content.decode()
    worker = login(world.spoke_worker).get(URL).content.decode()
    team_manager = login(world.team_manager).get(URL).content.decode()

    assert mine.reference in manager
    assert theirs.reference in manager
    assert "Practice challenges</h1>" in manager
    assert mine.reference in worker
    assert theirs.reference not in worker
    assert "Your practice challenges" in worker
    assert mine.reference in team_manager
    assert theirs.reference not in team_manager
    assert "Practice challenges to your agency" in team_manager
    assert "Record a challenge" not in team_manager


def test_open_first(world, make_challenge, login):
    """Given a resolved challenge raised later than an open one, then the open one is first."""
    import datetime

    from django.utils import timezone

    open_one = make_challenge(raised_on=timezone.localdate() - datetime.timedelta(days=20))
    resolved = make_challenge(resolved=True)

    html = login(world.hub_manager).get(URL).content.decode()

    assert html.index(open_one.reference) < html.index(resolved.reference)


def test_filters(world, make_challenge, login):
    """Given an open and a resolved challenge, then the status filter shows one."""
    open_one = make_challenge()
    resolved = make_challenge(resolved=True)

    html = login(world.hub_manager).get(URL, {"status": "resolved"}).content.decode()

    assert resolved.reference in html
    assert open_one.reference not in html


def test_practitioners_may_not_list(world, login):
    assert login(world.practitioner).get(URL).status_code == 403


@pytest.mark.parametrize("n", [1, 30])
def test_constant_queries_for_the_hub(world, make_challenge, login, django_assert_num_queries, n):
    for _ in range(n):
        make_challenge()
    client = login(world.hub_manager)
    client.get(URL)
    # session, user, memberships; the filter's agencies and local authorities; count; the page
    # with hub, agency, local authority and raiser.
    with django_assert_num_queries(LIST_QUERIES):
        assert client.get(URL).status_code == 200


@pytest.mark.parametrize("n", [1, 30])
def test_constant_queries_for_a_team_manager(
    world, make_challenge, login, django_assert_num_queries, n
):
    for _ in range(n):
        make_challenge(level=PracticeChallenge.Level.MANAGER)
    client = login(world.team_manager)
    client.get(URL)
    # As for the hub: session, user, memberships; filter choices (2); count; the page.
    with django_assert_num_queries(LIST_QUERIES):
        assert client.get(URL).status_code == 200


LIST_QUERIES = 7
