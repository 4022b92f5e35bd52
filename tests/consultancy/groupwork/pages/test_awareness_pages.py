"""The awareness pages: the list (filtered, totalled, constant in queries), recording a session
with the form's messages, and changing it from a stale version."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from consultancy.models import AwarenessSession
from consultancy.services.groupwork import awareness_update

LIST = reverse("consultancy:awareness_list")
NEW = reverse("consultancy:awareness_new")


def _form(world, **changes):
    day = timezone.localdate() - datetime.timedelta(days=2)
    data = {
        "setting": "youth_club",
        "setting_name": "Brackenford Youth Club",
        "local_authority": world.la_b.pk,
        "delivered_on_day": day.day,
        "delivered_on_month": day.month,
        "delivered_on_year": day.year,
        "duration_minutes": "60",
        "young_people_reached": "14",
        "age_from": "12",
        "age_to": "16",
        "topics": ["recognising", "online"],
        "delivered_by": [world.spoke_worker.pk],
        "notes": "Drop-in evening; staff asked for the leaflet.",
    }
    data.update(changes)
    return data


def test_recording_a_session_from_the_form(world, login):
    """Given a spoke worker, when they fill in the form, then the session is saved and they see
    it."""
    client = login(world.spoke_worker)
    assert "Record an awareness session" in client.get(NEW).content.decode()

    response = client.post(NEW, _form(world))

    session = AwarenessSession.objects.get()
    assert response.status_code == 302
    assert response["Location"] == session.get_absolute_url()
    assert (session.hub, session.local_authority, session.young_people_reached) == (
        world.hub,
        world.la_b,
        14,
    )
    page = client.get(response["Location"]).content.decode()
    assert "Brackenford Youth Club" in page
    assert "Awareness session recorded" in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        pytest.param({"age_from": "6"}, "Enter an age from 8 to 25", id="too young"),
        pytest.param(
            {"age_from": "17", "age_to": "15"}, "The oldest age must be", id="ages reversed"
        ),
        pytest.param({"young_people_reached": "0"}, "from 1 to", id="nobody reached"),
        pytest.param({"setting_name": ""}, "Enter the name of the school or setting", id="no name"),
        pytest.param({"delivered_by": []}, "Choose who delivered the session", id="nobody"),
        pytest.param(
            {"delivered_on_day": "31", "delivered_on_month": "2"},
            "Enter a real date",
            id="31 February",
        ),
    ],
)
def test_bad_input_is_shown_on_the_form(world, login, changes, message):
    """Given a bad answer, then the form comes back (400) with the message and nothing saved."""
    response = login(world.spoke_worker).post(NEW, _form(world, **changes))

    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    assert not AwarenessSession.objects.exists()


def test_a_date_in_the_future_is_shown_on_the_form(world, login):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = login(world.spoke_worker).post(
        NEW,
        _form(
            world,
            delivered_on_day=tomorrow.day,
            delivered_on_month=tomorrow.month,
            delivered_on_year=tomorrow.year,
        ),
    )

    assert response.status_code == 400
    assert "cannot be in the future" in response.content.decode()


def test_changing_a_session_and_a_stale_change(world, awareness, login):
    """Given the edit form opened by two people, when both save, then the first is saved and
    the second is told (409) someone else changed it, and their form is ready to save again."""
    url = reverse("consultancy:awareness_edit", args=[awareness.pk])
    client = login(world.spoke_worker)
    assert client.get(url).status_code == 200
    awareness_update(session=awareness, by=world.hub_manager, version=1, young_people_reached=30)

    stale = client.post(
        url,
        _form(world, local_authority=world.la_a.pk, young_people_reached="29", version="1"),
    )

    assert stale.status_code == 409
    assert "changed this record while you were working on it" in stale.content.decode()
    assert 'name="version" value="2"' in stale.content.decode()
    again = client.post(
        url,
        _form(world, local_authority=world.la_a.pk, young_people_reached="29", version="2"),
    )
    assert again.status_code == 302
    awareness.refresh_from_db()
    assert (awareness.young_people_reached, awareness.version) == (29, 3)


def test_the_list_filters_by_local_authority_and_month_and_totals_what_it_shows(
    world, make_awareness, login
):
    today = timezone.localdate()
    last_month = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=10)
    # This month's on today: the fixture's default, a few days ago, is last month early on.
    make_awareness(setting_name="Ashdown Academy", young_people_reached=28, delivered_on=today)
    make_awareness(setting_name="Ashdown College", young_people_reached=12, delivered_on=last_month)
    make_awareness(
        setting_name="Brackenford Youth Club",
        local_authority=world.la_b,
        young_people_reached=9,
        delivered_on=today,
    )
    client = login(world.hub_manager)

    everything = client.get(LIST).content.decode()
    ashdown = client.get(LIST, {"local_authority": world.la_a.pk}).content.decode()
    earlier = client.get(LIST, {"month": last_month.strftime("%Y-%m")}).content.decode()

    assert "<strong>49</strong> young people reached in <strong>3</strong> sessions" in everything
    assert "Brackenford Youth Club" not in ashdown
    assert "<strong>40</strong>" in ashdown
    assert "Ashdown College" in earlier
    assert "Ashdown Academy" not in earlier


def test_a_month_that_is_not_offered_is_ignored(world, awareness, login):
    response = login(world.hub_manager).get(LIST, {"month": "not-a-month"})

    assert response.status_code == 200
    assert awareness.setting_name in response.content.decode()


def test_the_list_is_constant_in_queries(world, make_awareness, login, django_assert_num_queries):
    """Given one session and then thirty, when the list is opened, then the number of queries is
    the same."""
    client = login(world.hub_manager)
    make_awareness()
    client.get(LIST)  # the first request after logging in also saves the session
    # 10: session, user, memberships with their agencies; the user's hubs; their local
    # authorities (one query per hub the user works for); COUNT for the page; the totals; the
    # filter's local authorities; the page of sessions with local authority and hub; who
    # delivered them.
    with django_assert_num_queries(10):
        assert client.get(LIST).status_code == 200
    for _ in range(29):
        make_awareness()
    with django_assert_num_queries(10):
        response = client.get(LIST)
    assert "Showing 1 to 25 of 30 awareness sessions" in response.content.decode()


def test_writes_are_audited_from_the_page(world, login):
    login(world.spoke_worker).post(NEW, _form(world))

    assert AuditEvent.objects.filter(action=AuditEvent.Action.AWARENESS_CREATED).count() == 1
