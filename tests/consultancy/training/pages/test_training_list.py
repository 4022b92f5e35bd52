"""The hub's list of sessions: what each row shows, the filters, paging in the database, and
the same number of queries for one session as for many."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from consultancy.models import TrainingSession
from consultancy.services.training import training_agency_count_set
from partners.models import Role
from tests import factories

S = TrainingSession.Status
URL = reverse("consultancy:training_list")


def test_rows_show_date_area_trainers_attendance_and_status(world, login, make_session):
    """Given a delivered session with 6 attending and a planned one, then both show with their
    trainers, the number attended and their status; another hub's session does not."""
    delivered = make_session()
    training_agency_count_set(
        session=delivered, by=world.spoke_worker, agency=world.police, count=6
    )
    planned = make_session(status=S.PLANNED, title="Online harms")
    theirs = factories.member(agency=world.other_hub, role=Role.HUB_MANAGER)
    make_session(
        by=theirs,
        hub=world.other_hub,
        local_authority=world.la_b,
        trainers=[theirs],
        title="Another hub's session",
    )

    response = login(world.hub_manager).get(URL)
    html = response.content.decode()

    assert delivered.get_absolute_url() in html
    assert planned.get_absolute_url() in html
    assert "Another hub&#x27;s session" not in html
    rows = list(response.context["page"].object_list)
    assert [(s.pk, s.attended) for s in rows] == [(planned.pk, 0), (delivered.pk, 6)]
    assert "Sam Spoke" in html
    assert "Delivered" in html
    assert "Planned" in html


def test_a_planned_session_whose_date_passed_says_so(login, world, make_session):
    make_session(status=S.PLANNED, delivered_on=timezone.localdate() - datetime.timedelta(days=2))

    html = login(world.spoke_worker).get(URL).content.decode()

    assert "Planned: date passed" in html


def test_filters(world, login, make_session):
    """Given sessions in two areas, by two trainers, planned and delivered, each filter picks."""
    second = factories.member(agency=world.hub, role=Role.SPOKE_WORKER, full_name="Orla Outreach")
    ashdown = make_session()
    brackenford = make_session(local_authority=world.la_b, trainers=[second])
    upcoming = make_session(status=S.PLANNED)
    client = login(world.hub_manager)

    def listed(**query) -> set[int]:
        return {s.pk for s in client.get(URL, query).context["page"].object_list}

    assert listed() == {ashdown.pk, brackenford.pk, upcoming.pk}
    assert listed(local_authority=world.la_b.pk) == {brackenford.pk}
    assert listed(trainer=second.pk) == {brackenford.pk}
    assert listed(status="planned") == {upcoming.pk}
    assert listed(when="upcoming") == {upcoming.pk}
    assert listed(when="past") == {ashdown.pk, brackenford.pk}
    # An unreadable filter falls back to showing everything, never an error.
    assert listed(trainer="nobody") == {ashdown.pk, brackenford.pk, upcoming.pk}


def test_the_list_pages_in_the_database(world, login, make_session):
    for n in range(26):
        make_session(title=f"Session {n}")

    response = login(world.spoke_worker).get(URL)

    assert len(response.context["page"].object_list) == 25
    assert "page=2" in response.content.decode()


def test_nothing_to_show(world, login):
    html = login(world.spoke_worker).get(URL).content.decode()

    assert "There are no training sessions to show." in html


def _count(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # the first request fills per-process caches; not measured
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_list_is_constant_in_queries(world, login, make_session, django_assert_num_queries):
    """Given one session and then many, with several trainers and attendance, the list costs
    the same."""
    make_session()
    client = login(world.hub_manager)
    one = _count(client, URL)
    second = factories.member(agency=world.hub, role=Role.SPOKE_WORKER)
    for n in range(12):
        session = make_session(title=f"Session {n}", trainers=[world.spoke_worker, second])
        training_agency_count_set(
            session=session, by=world.spoke_worker, agency=world.police, count=n + 1
        )

    with django_assert_num_queries(one):
        client.get(URL)
    # session, user, memberships; the filter's local authorities and trainers; the page's
    # COUNT, one page of sessions with local authority and hub joined and the number attended
    # as a subquery, and the trainers of the page's sessions.
    assert one == 8
