"""The requester's list and the hub's inbox: who sees what, the inbox's order and filters, and
a constant number of queries with one request and with many."""

from __future__ import annotations

from django.urls import reverse

from consultancy.models import ConsultancyRequest, Urgency

S = ConsultancyRequest.Status
LIST = reverse("consultancy:request_list")
INBOX = reverse("consultancy:inbox")


def _refs(response) -> list[str]:
    assert response.status_code == 200
    return [item.reference for item in response.context["page"].object_list]


def test_the_requester_sees_their_own_and_the_team_manager_the_agency(world, make_request, actor):
    mine = make_request()
    theirs = make_request(requester=world.team_manager)

    assert _refs(actor("practitioner").get(LIST)) == [mine.reference]
    assert set(_refs(actor("team_manager").get(LIST))) == {mine.reference, theirs.reference}


def test_the_inbox_is_urgent_first_then_oldest(world, make_request, actor):
    routine = make_request(urgency=Urgency.ROUTINE)
    soon_old = make_request(urgency=Urgency.SOON)
    urgent = make_request(urgency=Urgency.URGENT)
    soon_new = make_request(urgency=Urgency.SOON)

    assert _refs(actor("hub_manager").get(INBOX)) == [
        urgent.reference,
        soon_old.reference,
        soon_new.reference,
        routine.reference,
    ]


def test_a_worker_sees_theirs_and_the_unassigned_in_their_placements(
    world, make_request, actor, colleague
):
    waiting = make_request()
    mine = make_request(status=S.ASSIGNED)
    make_request(status=S.CLOSED)

    assert set(_refs(actor("spoke_worker").get(INBOX))) == {waiting.reference, mine.reference}
    assert _refs(actor("colleague").get(INBOX)) == [waiting.reference]


def test_the_managers_filters(world, make_request, actor, colleague):
    waiting = make_request()
    mine = make_request(status=S.ASSIGNED)
    closed = make_request(status=S.CLOSED)
    client = actor("hub_manager")

    assert _refs(client.get(INBOX, {"worker": "none"})) == [waiting.reference]
    assert _refs(client.get(INBOX, {"worker": str(world.spoke_worker.pk)})) == [mine.reference]
    assert _refs(client.get(INBOX, {"status": "closed"})) == [closed.reference]
    assert _refs(client.get(INBOX, {"local_authority": str(world.la_b.pk)})) == []
    assert len(_refs(client.get(INBOX, {"status": "all"}))) == 3
    # Filters that cannot be read fall back to the defaults, never a 500.
    assert len(_refs(client.get(INBOX, {"status": "lost", "worker": "x"}))) == 2


def _constant(client, url, make, django_assert_num_queries, expected):
    client.get(url)  # the first request records the session's first use; not measured
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200
    for _ in range(25):
        make()
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.context["page"].paginator.count == 26


def test_the_requesters_list_is_constant_in_queries(
    world, make_request, actor, django_assert_num_queries
):
    make_request()
    # session, user, memberships in force (with agencies), count, page of requests joined to
    # requester, agency, hub and worker; the team manager check reads the cached memberships.
    _constant(actor("team_manager"), LIST, make_request, django_assert_num_queries, 5)


def test_the_workers_inbox_is_constant_in_queries(
    world, make_request, actor, django_assert_num_queries
):
    make_request()
    # session, user, memberships, the worker's placements today (cached on the user), the
    # local authorities filter, count, page of requests joined to requester, agency, local
    # authority and worker, and whether the worker has made requests of their own.
    _constant(actor("spoke_worker"), INBOX, make_request, django_assert_num_queries, 8)


def test_the_managers_inbox_is_constant_in_queries(
    world, make_request, actor, django_assert_num_queries
):
    make_request()
    # session, user, memberships, the hub's workers and local authorities for the filters,
    # count, page of requests with their people and local authority, and whether the manager
    # has made requests of their own.
    _constant(actor("hub_manager"), INBOX, make_request, django_assert_num_queries, 8)
