"""Planning, recording and changing a session, and recording who came, through the pages:
what is saved, the messages for bad input (400) and for someone else's change (409)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from consultancy.models import TrainingAttendance, TrainingSession
from consultancy.services.training import training_agency_count_set, training_update
from partners.models import Role
from tests import factories

S = TrainingSession.Status


def _date(prefix: str, day: datetime.date) -> dict[str, str]:
    return {
        f"{prefix}_day": str(day.day),
        f"{prefix}_month": str(day.month),
        f"{prefix}_year": str(day.year),
    }


def _session_post(world, **overrides) -> dict[str, object]:
    day = timezone.localdate() - datetime.timedelta(days=3)
    data: dict[str, object] = {
        "hub": world.hub.pk,
        "title": "Language and victim-blaming",
        "audience": "Social workers in the MASH",
        "local_authority": world.la_a.pk,
        "status": S.DELIVERED,
        **_date("delivered_on", day),
        "duration_minutes": "90",
        "venue": "Ashdown Civic Centre",
        "trainers": [world.spoke_worker.pk],
        "topics": ["language", "recognising"],
        "description": "",
    }
    data.update(overrides)
    return data


# The session


def test_the_new_session_form_defaults_the_trainer_to_the_recorder(world, login):
    response = login(world.spoke_worker).get(reverse("consultancy:training_new"))

    assert response.status_code == 200
    form = response.context["form"]
    assert form["trainers"].value() == [world.spoke_worker.pk]
    assert form.fields["hub"].widget.is_hidden  # one hub: nothing to choose


def test_a_worker_records_a_delivered_session(world, login):
    response = login(world.spoke_worker).post(
        reverse("consultancy:training_new"), _session_post(world)
    )

    session = TrainingSession.objects.get()
    assert response.status_code == 302
    assert response["Location"] == session.get_absolute_url()
    assert session.status == S.DELIVERED
    assert session.topics == ["recognising", "language"]
    assert session.hub == world.hub


def test_bad_input_comes_back_on_the_form(world, login):
    """Given no title and a delivered date in the future, then 400 with both messages and the
    error summary, and nothing saved."""
    future = timezone.localdate() + datetime.timedelta(days=5)
    response = login(world.spoke_worker).post(
        reverse("consultancy:training_new"),
        _session_post(world, title="", **_date("delivered_on", future)),
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in html
    assert "Enter the title" in html
    assert not TrainingSession.objects.exists()

    response = login(world.spoke_worker).post(
        reverse("consultancy:training_new"), _session_post(world, **_date("delivered_on", future))
    )
    assert response.status_code == 400
    assert "record it as planned" in response.content.decode()


def test_another_hubs_area_is_not_offered(world, login):
    elsewhere = factories.local_authority(name="Farshire")

    response = login(world.spoke_worker).post(
        reverse("consultancy:training_new"), _session_post(world, local_authority=elsewhere.pk)
    )

    assert response.status_code == 400
    assert not TrainingSession.objects.exists()


def test_a_session_is_changed(world, login, make_session):
    session = make_session()

    response = login(world.spoke_worker).post(
        reverse("consultancy:training_edit", kwargs={"pk": session.pk}),
        _session_post(world, version=session.version, feedback="Useful; want a follow-up."),
    )

    assert response.status_code == 302
    session.refresh_from_db()
    assert session.title == "Language and victim-blaming"
    assert session.feedback == "Useful; want a follow-up."


def test_someone_elses_change_first_is_a_409_with_the_form_kept(world, login, make_session):
    session = make_session()
    training_update(session=session, by=world.hub_manager, version=1, venue="Town hall")

    response = login(world.spoke_worker).post(
        reverse("consultancy:training_edit", kwargs={"pk": session.pk}),
        _session_post(world, version=1, title="My new title"),
    )

    assert response.status_code == 409
    html = response.content.decode()
    assert "My new title" in html
    assert 'name="version" value="2"' in html
    assert TrainingSession.objects.get().title == session.title


# Attendance


def test_the_session_page_shows_attendance_by_agency_with_averages(
    world, login, make_session, attend, police_officer
):
    session = make_session()
    attend(session, world.practitioner, before=2, after=4)
    attend(session, police_officer, before=1, after=3)
    training_agency_count_set(
        session=session,
        by=world.spoke_worker,
        agency=world.school,
        count=10,
        confidence_before="2.5",
        confidence_after="4.5",
    )

    html = login(world.spoke_worker).get(session.get_absolute_url()).content.decode()

    assert "12 from 3 agencies" in html
    # (2 + 1 + 25) / 12 = 2.33 and (4 + 3 + 45) / 12 = 4.33
    assert "2.33 out of 5" in html
    assert "4.33 out of 5" in html
    assert "Up 2.00" in html
    assert "10 people not named" in html
    assert "Pat Constable" in html


def test_a_planned_session_says_attendance_waits_for_delivery(world, login, make_session):
    session = make_session(status=S.PLANNED)
    client = login(world.spoke_worker)

    html = client.get(session.get_absolute_url()).content.decode()
    assert "recorded once the session has been delivered" in html
    assert "Add a named attendee" not in html

    response = client.get(
        reverse("consultancy:training_attendee_add", kwargs={"pk": session.pk}), follow=True
    )
    assert response.redirect_chain[-1][0] == session.get_absolute_url()
    assert "Change its status to delivered first" in response.content.decode()

    response = client.post(
        reverse("consultancy:training_agency_count", kwargs={"pk": session.pk}),
        {"agency": world.police.pk, "count": "4"},
    )
    assert response.status_code == 400
    assert not TrainingAttendance.objects.exists()


def test_a_named_attendee_is_found_by_search_and_added(world, login, make_session):
    session = make_session()
    client = login(world.spoke_worker)
    url = reverse("consultancy:training_attendee_add", kwargs={"pk": session.pk})
    outsider = world.other_la_practitioner

    html = client.get(url, {"q": "test user"}).content.decode()
    membership = world.practitioner.memberships.get()
    assert f'value="{membership.pk}"' in html
    assert f'value="{outsider.memberships.get().pk}"' not in html

    response = client.post(
        url, {"membership": membership.pk, "confidence_before": "2", "confidence_after": "5"}
    )

    assert response.status_code == 302
    row = TrainingAttendance.objects.get()
    assert (row.attendee, row.agency, row.confidence_after) == (
        world.practitioner,
        world.csc_a,
        5,
    )


def test_a_short_search_offers_nobody(world, login, make_session):
    session = make_session()

    response = login(world.spoke_worker).get(
        reverse("consultancy:training_attendee_add", kwargs={"pk": session.pk}), {"q": "t"}
    )

    assert list(response.context["form"].fields["membership"].queryset) == []


def test_posting_someone_outside_the_area_is_refused(world, login, make_session):
    session = make_session()
    theirs = world.other_la_practitioner.memberships.get()

    response = login(world.spoke_worker).post(
        reverse("consultancy:training_attendee_add", kwargs={"pk": session.pk}),
        {"membership": theirs.pk},
    )

    assert response.status_code == 400
    assert "Choose someone from the list" in response.content.decode()


def test_a_number_from_an_agency_with_bad_scores_is_refused(world, login, make_session):
    session = make_session()

    response = login(world.spoke_worker).post(
        reverse("consultancy:training_agency_count", kwargs={"pk": session.pk}),
        {"agency": world.police.pk, "count": "4", "confidence_before": "7"},
    )

    assert response.status_code == 400
    assert "Enter a score from 1 to 5" in response.content.decode()
    assert not TrainingAttendance.objects.exists()


def test_a_row_is_removed_after_confirming(world, login, make_session, attend):
    session = make_session()
    row = attend(session, world.practitioner)
    url = reverse(
        "consultancy:training_attendance_remove",
        kwargs={"pk": session.pk, "attendance_pk": row.pk},
    )
    client = login(world.hub_manager)

    assert "They will no longer see this session" in client.get(url).content.decode()
    response = client.post(url)

    assert response.status_code == 302
    assert not TrainingAttendance.objects.exists()


def test_a_named_attendees_scores_are_changed(world, login, make_session, attend):
    session = make_session()
    row = attend(session, world.practitioner, before=2, after=3)
    url = reverse(
        "consultancy:training_attendance_change",
        kwargs={"pk": session.pk, "attendance_pk": row.pk},
    )
    client = login(world.spoke_worker)

    assert client.get(url).context["form"]["confidence_after"].value() == "3"
    client.post(url, {"confidence_before": "2", "confidence_after": "4"})

    row.refresh_from_db()
    assert row.confidence_after == 4


@pytest.mark.parametrize("rows", [1, 15])
def test_the_session_page_is_constant_in_queries(
    world, login, make_session, attend, rows, django_assert_num_queries
):
    """Given one attendance row and then fifteen, the session page costs the same."""
    session = make_session()
    people = [world.practitioner] + [
        factories.member(agency=world.police, role=Role.PRACTITIONER) for _ in range(rows - 1)
    ]
    for person in people:
        attend(session, person)
    client = login(world.hub_manager)
    client.get(session.get_absolute_url())

    # session, user, memberships; the session with hub, local authority and recorder joined,
    # its trainers; the attendance rows with agency and attendee; the grouped totals.
    with django_assert_num_queries(7):
        client.get(session.get_absolute_url())
