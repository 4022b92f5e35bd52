"""A spoke worker's referrals: those allocated to them, each linking to the referral and its
case, at the same number of queries for one as for many."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partners.models import Role
from referrals.models import Referral
from tests import factories

S = Referral.Status
MANY = 30
URL = reverse("referrals:allocated")


def test_the_worker_sees_their_referrals_with_links(world, make_referral, login):
    """Given referrals allocated to the worker and to a colleague, when the worker opens their
    list, then it shows theirs only, each linking to the referral and to the case."""
    colleague = factories.member(agency=world.hub, role=Role.SPOKE_WORKER)
    mine = make_referral(status=S.ALLOCATED)
    theirs = make_referral(status=S.ALLOCATED, worker=colleague, first_name="Alex")

    response = login(world.spoke_worker).get(URL)

    page = response.content.decode()
    assert response.status_code == 200
    assert mine.reference in page
    assert theirs.reference not in page
    assert reverse("referrals:detail", kwargs={"pk": mine.pk}) in page
    assert mine.case.get_absolute_url() in page


def test_nothing_allocated_says_so(world, login):
    """Given a worker with no referrals, then the list says none have been allocated."""
    response = login(world.spoke_worker).get(URL)

    assert "No referrals have been allocated to you." in response.content.decode()


def _count(client) -> int:
    client.get(URL)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert response.status_code == 200
    return len(queries)


def test_the_list_is_constant_in_queries(world, make_referral, login, django_assert_num_queries):
    """Given one referral allocated to the worker and then many, then the list costs the same."""
    make_referral(status=S.ALLOCATED)
    client = login(world.spoke_worker)
    one = _count(client)
    for n in range(MANY):
        make_referral(status=S.ALLOCATED, first_name=f"Sample{n}")

    with django_assert_num_queries(one):
        client.get(URL)
    # session, user, memberships; the COUNT and one page of referrals with agency, local
    # authority, hub and case joined.
    assert one == 5
