"""The referrer's list: their referrals (and, for a team manager, the agency's), paged in the
database, at the same number of queries for one row as for many."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from partners.models import Role
from referrals.models import Referral
from tests import factories

S = Referral.Status
MANY = 30


def _count(client, url: str) -> int:
    # The first request also fills per-process caches (content types): warm them first.
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_list_shows_status_outcome_and_worker(world, login, make_referral):
    """Given a draft, a declined and an allocated referral, when the referrer opens their list,
    then each shows its reference, status, outcome and the allocated worker."""
    draft = make_referral(first_name="Dana")
    declined = make_referral(status=S.DECLINED, first_name="Eli")
    allocated = make_referral(status=S.ALLOCATED, first_name="Frankie")

    html = login(world.practitioner).get(reverse("referrals:list")).content.decode()

    for referral in (draft, declined, allocated):
        assert referral.reference in html
        assert referral.get_absolute_url() in html
    assert "Not sent" in html
    assert "Declined" in html
    assert "Accepted and allocated" in html
    assert world.spoke_worker.full_name in html
    assert "Referred by" not in html


def test_a_team_manager_sees_the_agencys_referrals_with_who_made_them(world, login, make_referral):
    """Given a practitioner's draft and submitted referral, when their team manager opens the
    list, then the submitted one is there with the referrer's name and the draft is not."""
    draft = make_referral(first_name="Dana")
    sent = make_referral(status=S.SUBMITTED, first_name="Eli")

    html = login(world.team_manager).get(reverse("referrals:list")).content.decode()

    assert sent.reference in html
    assert draft.reference not in html
    assert "Referred by" in html
    assert escape(world.practitioner.full_name) in html


def test_another_practitioner_sees_none_of_them(world, login, make_referral):
    """Given the practitioner's referral, when a colleague in the same agency opens their own
    list, then it is not there."""
    sent = make_referral(status=S.SUBMITTED)
    colleague = factories.member(agency=world.csc_a, role=Role.PRACTITIONER)

    html = login(colleague).get(reverse("referrals:list")).content.decode()

    assert sent.reference not in html
    assert "You have not made any referrals yet" in html


def test_the_list_pages_in_the_database(world, login, make_referral):
    """Given more referrals than a page holds, then the list shows 25 and links to page 2."""
    for n in range(26):
        make_referral(first_name=f"Sample{n}")

    response = login(world.practitioner).get(reverse("referrals:list"))

    assert len(response.context["page"].object_list) == 25
    assert "?page=2" in response.content.decode()


def test_the_referrers_list_is_constant_in_queries(
    world, login, make_referral, django_assert_num_queries
):
    """Given one referral and then many in every state, then the referrer's list costs the same."""
    make_referral(status=S.ALLOCATED)
    client = login(world.practitioner)
    url = reverse("referrals:list")
    one = _count(client, url)
    for n, status in enumerate([S.DRAFT, S.SUBMITTED, S.DECLINED, S.SIGNPOSTED] * 5):
        make_referral(status=status, first_name=f"Sample{n}")

    with django_assert_num_queries(one):
        client.get(url)
    # session, user, memberships; the page's COUNT and one page of referrals with referrer,
    # agency, hub, local authority and allocated worker joined.
    assert one == 5


def test_the_team_managers_list_is_constant_in_queries(
    world, login, make_referral, django_assert_num_queries
):
    """Given the agency's one referral and then many, then the team manager's list costs the
    same."""
    make_referral(status=S.SUBMITTED)
    client = login(world.team_manager)
    url = reverse("referrals:list")
    one = _count(client, url)
    for n in range(MANY):
        make_referral(status=S.SUBMITTED, first_name=f"Sample{n}")

    with django_assert_num_queries(one):
        client.get(url)
    # session, user, memberships; the COUNT and one page of referrals, joined as above.
    assert one == 5
