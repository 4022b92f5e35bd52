"""The group-work pages: setting up a programme, adding young people, recording a session with
its register (an entry on each case), who sees which names, and lists and pages constant in
queries."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import services as case_services
from cases.models import CaseworkEntry, RiskLevel
from consultancy.models import GroupWorkProgramme, GroupWorkSession
from consultancy.services.groupwork import group_session_record, participant_add
from partners.models import Role
from tests import factories

LIST = reverse("consultancy:programme_list")
NEW = reverse("consultancy:programme_new")


def _date(prefix: str, day: datetime.date) -> dict[str, int]:
    return {f"{prefix}_day": day.day, f"{prefix}_month": day.month, f"{prefix}_year": day.year}


def test_setting_up_a_programme_from_the_form(world, login):
    client = login(world.spoke_worker)
    start = timezone.localdate() - datetime.timedelta(days=7)

    response = client.post(
        NEW,
        {
            "title": "Staying safe online",
            "local_authority": world.la_a.pk,
            "setting_name": "Ashdown Youth Centre",
            **_date("starts_on", start),
            "facilitators": [world.spoke_worker.pk, world.hub_manager.pk],
            "description": "Four sessions after school.",
        },
    )

    programme = GroupWorkProgramme.objects.get()
    assert response.status_code == 302
    assert response["Location"] == programme.get_absolute_url()
    assert set(programme.facilitators.all()) == {world.spoke_worker, world.hub_manager}


def test_an_end_before_the_start_is_shown_on_the_form(world, login):
    start = timezone.localdate()
    response = login(world.spoke_worker).post(
        NEW,
        {
            "title": "Staying safe online",
            "local_authority": world.la_a.pk,
            "setting_name": "Ashdown Youth Centre",
            **_date("starts_on", start),
            **_date("ends_on", start - datetime.timedelta(days=3)),
            "facilitators": [world.spoke_worker.pk],
        },
    )

    assert response.status_code == 400
    assert "The end date must be the same as or after the start" in response.content.decode()
    assert not GroupWorkProgramme.objects.exists()


def test_adding_a_young_person_offers_only_the_workers_open_cases(
    world, make_programme, shared_case, login
):
    """Given the facilitator's open case and another hub's case, then only theirs is offered,
    and adding it puts the young person in the group."""
    case_services.case_open(
        by=world.other_hub_manager,
        hub=world.other_hub,
        local_authority=world.la_b,
        risk_level=RiskLevel.LOW,
        rationale="Concerns at school.",
        young_person_data={"first_name": "Alex", "last_name": "Sample"},
    )
    programme = make_programme()
    url = reverse("consultancy:programme_participant_add", args=[programme.pk])
    client = login(world.spoke_worker)

    form = client.get(url).content.decode()
    assert "Morgan Fictional" in form
    assert "Alex Sample" not in form

    response = client.post(url, {"case": shared_case.pk})
    assert response.status_code == 302
    assert list(programme.participants.values_list("case_id", flat=True)) == [shared_case.pk]
    assert client.post(url, {"case": shared_case.pk}).status_code == 400


def test_recording_a_session_from_the_form_writes_each_casework_entry(
    world, programme, shared_case, second_case, login
):
    """Given two young people in the group, when the facilitator records a session with one
    there and one not, then the session page shows the register and each case has its entry."""
    url = reverse("consultancy:programme_session_new", args=[programme.pk])
    client = login(world.spoke_worker)
    form = client.get(url).content.decode()
    assert "Did Morgan Fictional attend?" in form
    assert "Did Robin Example attend?" in form
    yesterday = timezone.localdate() - datetime.timedelta(days=1)

    response = client.post(
        url,
        {
            **_date("held_on", yesterday),
            "held_time": "16:30",
            "duration_minutes": "90",
            "topic": "Consent and pressure",
            "notes": "Good energy; the role play worked.",
            f"attendance_{shared_case.pk}": "attended",
            f"note_{shared_case.pk}": "Spoke up about pressure from older friends.",
            f"attendance_{second_case.pk}": "declined",
        },
    )

    session = GroupWorkSession.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "consultancy:programme_session_detail", args=[programme.pk, session.pk]
    )
    page = client.get(response["Location"]).content.decode()
    assert "Consent and pressure" in page
    assert "1 of 2" in page
    entries = CaseworkEntry.objects.filter(kind=CaseworkEntry.Kind.GROUP_WORK)
    assert {(e.case_id, e.attendance) for e in entries} == {
        (shared_case.pk, "attended"),
        (second_case.pk, "declined"),
    }
    case_page = client.get(shared_case.get_absolute_url()).content.decode()
    assert (
        "Group session of Healthy relationships group" in case_page
        or client.get(reverse("cases:chronology", args=[shared_case.pk])).status_code == 200
    )


def test_a_register_left_incomplete_is_shown_on_the_form(world, programme, shared_case, login):
    url = reverse("consultancy:programme_session_new", args=[programme.pk])
    yesterday = timezone.localdate() - datetime.timedelta(days=1)

    response = login(world.spoke_worker).post(
        url,
        {
            **_date("held_on", yesterday),
            "held_time": "16:30",
            "duration_minutes": "90",
            "topic": "Consent and pressure",
            f"attendance_{shared_case.pk}": "attended",
        },
    )

    assert response.status_code == 400
    assert "Say whether Robin Example attended" in response.content.decode()
    assert not GroupWorkSession.objects.exists()


def test_a_session_in_the_future_is_shown_on_the_form(
    world, programme, shared_case, second_case, login
):
    url = reverse("consultancy:programme_session_new", args=[programme.pk])
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    response = login(world.spoke_worker).post(
        url,
        {
            **_date("held_on", tomorrow),
            "held_time": "16:30",
            "duration_minutes": "90",
            "topic": "Consent",
            f"attendance_{shared_case.pk}": "attended",
            f"attendance_{second_case.pk}": "attended",
        },
    )

    assert response.status_code == 400
    assert "The session cannot be in the future" in response.content.decode()


def test_names_show_only_to_those_who_may_see_the_case(world, programme, login):
    """Given a colleague at the hub who is not placed in Ashdown and works on neither case, when
    they open the programme, then the young people are in the list but not named."""
    colleague = factories.member(agency=world.hub, role=Role.SPOKE_WORKER)

    hidden = login(colleague).get(programme.get_absolute_url()).content.decode()
    shown = login(world.hub_manager).get(programme.get_absolute_url()).content.decode()

    assert "Morgan Fictional" not in hidden
    assert "Robin Example" not in hidden
    assert hidden.count("A young person whose case you cannot see") == 2
    assert "Morgan Fictional" in shown
    assert "Robin Example" in shown


def test_the_list_shows_current_programmes_unless_asked(world, make_programme, programme, login):
    today = timezone.localdate()
    make_programme(
        title="Last year's group",
        starts_on=today - datetime.timedelta(days=400),
        ends_on=today - datetime.timedelta(days=300),
    )
    client = login(world.hub_manager)

    current = client.get(LIST).content.decode()
    ended = client.get(LIST, {"status": "ended"}).content.decode()

    assert "Healthy relationships group" in current
    assert "Last year&#x27;s group" not in current
    assert "Last year&#x27;s group" in ended
    assert "Healthy relationships group" not in ended


# Query counts: the same for one row as for many.


def _warm(client, url):
    client.get(url)  # the first request after logging in also saves the session


def test_the_programme_list_is_constant_in_queries(
    world, make_programme, login, django_assert_num_queries
):
    client = login(world.hub_manager)
    make_programme()
    _warm(client, LIST)
    # 9: session, user, memberships with their agencies; the user's hubs; their local
    # authorities (one query per hub the user works for); COUNT for the page; the filter's
    # local authorities; the page of programmes with local authority, hub and the counts of
    # young people and sessions as subqueries; the facilitators.
    with django_assert_num_queries(9):
        client.get(LIST)
    for _ in range(29):
        make_programme(facilitators=[world.spoke_worker, world.hub_manager])
    with django_assert_num_queries(9):
        response = client.get(LIST)
    assert "Showing 1 to 25 of 30 programmes" in response.content.decode()


def _more_young_people(world, programme, n):
    for i in range(n):
        case = case_services.case_open(
            by=world.hub_manager,
            hub=world.hub,
            local_authority=world.la_a,
            risk_level=RiskLevel.LOW,
            rationale="Concerns at school.",
            young_person_data={"first_name": f"Sample{i}", "last_name": "Example"},
            lead_worker=world.spoke_worker,
        )
        participant_add(programme=programme, by=world.spoke_worker, case=case)


def _session(world, programme, when):
    return group_session_record(
        programme=programme,
        by=world.spoke_worker,
        held_at=when,
        duration_minutes=60,
        topic="Consent",
        attendance=dict.fromkeys(
            programme.participants.filter(left_at__isnull=True).values_list("case_id", flat=True),
            "attended",
        ),
    )


@pytest.mark.parametrize("who", ["spoke_worker", "hub_manager"])
def test_the_programme_page_is_constant_in_queries(
    world, make_programme, shared_case, login, django_assert_num_queries, yesterday_evening, who
):
    """Given one young person and one session, and then twelve and six, when the programme page
    is opened, then the number of queries is the same."""
    programme = make_programme()
    participant_add(programme=programme, by=world.spoke_worker, case=shared_case)
    _session(world, programme, yesterday_evening)
    client = login(world.by_role(who))
    url = programme.get_absolute_url()
    _warm(client, url)
    # 8: session, user, memberships with their agencies; the programme with its local
    # authority, hub and creator; its facilitators; the young people in it; the cases the reader
    # may see by name, with young person and lead worker; the sessions with their counts and
    # recorder.
    with django_assert_num_queries(8):
        client.get(url)
    _more_young_people(world, programme, 11)
    for hours in range(1, 6):
        _session(world, programme, yesterday_evening - datetime.timedelta(hours=hours * 2))
    with django_assert_num_queries(8):
        response = client.get(url)
    assert "12 in the group now" in response.content.decode()


def test_the_session_page_is_constant_in_queries(
    world, make_programme, shared_case, login, django_assert_num_queries, yesterday_evening
):
    programme = make_programme()
    participant_add(programme=programme, by=world.spoke_worker, case=shared_case)
    one = _session(world, programme, yesterday_evening)
    _more_young_people(world, programme, 11)
    many = _session(world, programme, yesterday_evening - datetime.timedelta(hours=2))
    client = login(world.hub_manager)
    url_one = reverse("consultancy:programme_session_detail", args=[programme.pk, one.pk])
    url_many = reverse("consultancy:programme_session_detail", args=[programme.pk, many.pk])
    _warm(client, url_one)
    # 8: session, user, memberships with their agencies; the programme with its local
    # authority, hub and creator; its facilitators; the session with its recorder; its register
    # with each entry; the cases the reader may see by name, with their young people.
    with django_assert_num_queries(8):
        client.get(url_one)
    with django_assert_num_queries(8):
        response = client.get(url_many)
    assert "12 of 12" in response.content.decode()
