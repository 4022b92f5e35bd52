"""Every awareness and group-work page, asked by each kind of visitor, in the fixed order:
who is sent to log in, who cannot tell the record exists (404), who may see it but not change
it (403), who may (2xx), and bad input (400) or a stale version (409).

The awareness session was recorded by the world's spoke worker; the programme is facilitated by
them, with `shared_case` and `second_case` in the group.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from consultancy.models import AwarenessSession, GroupWorkProgramme
from partners.models import Role
from tests import factories

ANONYMOUS = "anonymous"
# Visitors from outside the hub: for them the hub's records do not exist.
OUTSIDERS = ["practitioner", "team_manager", "other_hub_manager", "other_spoke_worker"]


def visitor(name, world):
    if name == ANONYMOUS:
        return None
    if name == "colleague":
        # Another spoke worker of the hub, neither delivering nor facilitating.
        return factories.member(agency=world.hub, role=Role.SPOKE_WORKER, full_name="Orla Outreach")
    return world.by_role(name)


def record_pages(awareness: AwarenessSession, programme: GroupWorkProgramme, session_pk: int):
    """(URL, whether a colleague of the hub may open it)."""
    return {
        "awareness detail": (reverse("consultancy:awareness_detail", args=[awareness.pk]), True),
        "awareness edit": (reverse("consultancy:awareness_edit", args=[awareness.pk]), False),
        "programme detail": (reverse("consultancy:programme_detail", args=[programme.pk]), True),
        "programme edit": (reverse("consultancy:programme_edit", args=[programme.pk]), False),
        "add a young person": (
            reverse("consultancy:programme_participant_add", args=[programme.pk]),
            False,
        ),
        "record a session": (
            reverse("consultancy:programme_session_new", args=[programme.pk]),
            False,
        ),
        "session detail": (
            reverse("consultancy:programme_session_detail", args=[programme.pk, session_pk]),
            True,
        ),
    }


PAGE_NAMES = [
    "awareness detail",
    "awareness edit",
    "programme detail",
    "programme edit",
    "add a young person",
    "record a session",
    "session detail",
]


@pytest.fixture
def records(world, awareness, programme, shared_case, second_case, yesterday_evening):
    from consultancy.services.groupwork import group_session_record

    session = group_session_record(
        programme=programme,
        by=world.spoke_worker,
        held_at=yesterday_evening,
        duration_minutes=60,
        topic="Consent",
        attendance={shared_case.pk: "attended", second_case.pk: "attended"},
    )
    return record_pages(awareness, programme, session.pk)


MATRIX = [
    *[(page, ANONYMOUS, 302) for page in PAGE_NAMES],
    *[(page, who, 404) for page in PAGE_NAMES for who in OUTSIDERS],
    *[(page, "colleague", None) for page in PAGE_NAMES],
    *[(page, "spoke_worker", 200) for page in PAGE_NAMES],
    *[(page, "hub_manager", 200) for page in PAGE_NAMES],
]


@pytest.mark.parametrize(
    ("page", "who", "expected"),
    [pytest.param(*row, id=f"{row[1]} {row[0]}") for row in MATRIX],
)
def test_record_page_permissions(world, records, login, page, who, expected):
    """Given a visitor and a page of one record, when they open it, then they get the expected
    answer (a colleague of the hub sees the records but changes only their own)."""
    url, colleague_may = records[page]
    if expected is None:
        expected = 200 if colleague_may else 403

    response = login(visitor(who, world)).get(url)

    assert response.status_code == expected
    if who == ANONYMOUS:
        assert reverse("account_login") in response["Location"]


LIST_PAGES = [
    "consultancy:awareness_list",
    "consultancy:awareness_new",
    "consultancy:programme_list",
    "consultancy:programme_new",
]


@pytest.mark.parametrize(
    ("name", "who", "expected"),
    [
        *[pytest.param(name, ANONYMOUS, 302, id=f"anonymous {name}") for name in LIST_PAGES],
        *[
            pytest.param(name, who, 403, id=f"{who} {name}")
            for name in LIST_PAGES
            for who in ("practitioner", "team_manager", "partnership_manager", "commissioner")
        ],
        *[
            pytest.param(name, who, 200, id=f"{who} {name}")
            for name in LIST_PAGES
            for who in ("spoke_worker", "hub_manager", "other_hub_manager")
        ],
    ],
)
def test_list_and_new_pages_are_the_hubs(world, login, name, who, expected):
    """Given a visitor, when they open a list or a new-record page, then only hub staff may."""
    response = login(visitor(who, world)).get(reverse(name))

    assert response.status_code == expected


def test_another_hubs_lists_do_not_show_this_hubs_records(world, awareness, programme, login):
    client = login(world.other_hub_manager)

    assert (
        awareness.setting_name
        not in client.get(reverse("consultancy:awareness_list")).content.decode()
    )
    assert (
        programme.title
        not in client.get(reverse("consultancy:programme_list"), {"status": "all"}).content.decode()
    )


def test_marking_as_left_is_the_facilitators(world, programme, shared_case, login):
    """Given a participant, when an outsider, a colleague and the facilitator post "left", then
    404, 403 and a redirect; only the last is saved."""
    participant = programme.participants.get(case=shared_case)
    url = reverse("consultancy:programme_participant_leave", args=[programme.pk, participant.pk])

    assert login(world.practitioner).post(url).status_code == 404
    assert login(visitor("colleague", world)).post(url).status_code == 403
    participant.refresh_from_db()
    assert participant.left_at is None
    assert login(world.spoke_worker).post(url).status_code == 302
    participant.refresh_from_db()
    assert participant.left_at is not None
    assert login(world.spoke_worker).get(url).status_code == 405


def test_a_session_of_another_programme_is_not_found(world, records, make_programme, login):
    other = make_programme(title="Another group")
    session_url = records["session detail"][0]
    session_pk = session_url.rstrip("/").rsplit("/", 1)[1]

    response = login(world.spoke_worker).get(
        reverse("consultancy:programme_session_detail", args=[other.pk, session_pk])
    )

    assert response.status_code == 404
