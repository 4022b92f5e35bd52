"""A practitioner's list of training attended, and a session as its attendee sees it: their
own row, never anyone else's."""

from __future__ import annotations

from django.urls import reverse

from consultancy.services.training import training_agency_count_set

URL = reverse("consultancy:training_attended")


def test_the_list_shows_sessions_attended_with_own_scores(
    world, login, make_session, attend, police_officer
):
    mine = make_session(title="Spotting the signs")
    attend(mine, world.practitioner, before=2, after=5)
    attend(mine, police_officer, before=1, after=1)
    not_mine = make_session(title="Online harms")
    attend(not_mine, police_officer)

    html = login(world.practitioner).get(URL).content.decode()

    assert mine.get_absolute_url() in html
    assert "Online harms" not in html
    assert "2 out of 5" in html
    assert "5 out of 5" in html
    assert "1 out of 5" not in html
    assert "Sam Spoke" in html


def test_nothing_attended(world, login):
    html = login(world.practitioner).get(URL).content.decode()

    assert "You have not been recorded as attending any training yet" in html


def test_an_attendee_sees_the_session_and_only_their_own_row(
    world, login, make_session, attend, police_officer
):
    session = make_session()
    attend(session, world.practitioner, before=3, after=4)
    attend(session, police_officer)
    training_agency_count_set(session=session, by=world.spoke_worker, agency=world.police, count=5)

    response = login(world.practitioner).get(session.get_absolute_url())
    html = response.content.decode()

    assert response.status_code == 200
    assert response.templates[0].name == "consultancy/training/attendee_detail.html"
    assert "Your attendance" in html
    assert "3 out of 5" in html
    assert "Pat Constable" not in html
    assert "Shire Police" not in html
    assert "Change the session" not in html


def test_the_list_is_constant_in_queries(
    world, login, make_session, attend, django_assert_num_queries
):
    """Given one session attended and then many, the list costs the same."""
    attend(make_session(), world.practitioner)
    client = login(world.practitioner)
    client.get(URL)
    # session, user, memberships; the page's COUNT, one page of the user's rows with session,
    # its local authority and hub, and agency joined; and the trainers of the page's sessions.
    with django_assert_num_queries(6):
        client.get(URL)
    for n in range(10):
        attend(make_session(title=f"Session {n}"), world.practitioner)
    with django_assert_num_queries(6):
        assert len(client.get(URL).context["page"].object_list) == 11
