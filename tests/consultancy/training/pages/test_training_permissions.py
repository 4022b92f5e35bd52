"""Every training page, asked by each kind of visitor, in the fixed order: who is sent to log
in, who cannot tell the session exists (404), who may see it but not change it (403), and who
may (2xx).

The session is the world's hub's, delivered in Ashdown with the world's spoke worker as trainer;
the world's Ashdown social worker attended it by name and the police sent a number of people.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from consultancy.services.training import training_agency_count_set
from partners.models import Role
from tests import factories

ANONYMOUS = "anonymous"

# Page → (URL name, method, needs an attendance row, what is posted).
PAGES = {
    "detail": ("consultancy:training_detail", "get", False, None),
    "change": ("consultancy:training_edit", "get", False, None),
    "add attendee": ("consultancy:training_attendee_add", "get", False, None),
    "add number": ("consultancy:training_agency_count", "get", False, None),
    "change row": ("consultancy:training_attendance_change", "get", True, None),
    "remove row": ("consultancy:training_attendance_remove", "get", True, None),
    "save number": ("consultancy:training_attendance_change", "post", True, {"count": "7"}),
}
SUCCESS = {"get": 200, "post": 302}

# Who has nothing to do with the session: it does not exist for them.
STRANGERS = [
    "other_hub_manager",
    "other_spoke_worker",
    "other_la_practitioner",
    "colleague_not_attending",
    "team_manager",
    "partnership_manager",
    "administrator",
]
CHANGES = [page for page in PAGES if page != "detail"]

MATRIX = [
    *[(page, ANONYMOUS, 302) for page in PAGES],
    *[(page, who, 404) for page in PAGES for who in STRANGERS],
    # The attendee sees the session and their own row, and changes nothing.
    ("detail", "practitioner", 200),
    *[(page, "practitioner", 403) for page in CHANGES],
    # Another of the hub's workers sees it in full, but is not its trainer.
    ("detail", "hub_colleague", 200),
    *[(page, "hub_colleague", 403) for page in CHANGES],
    # The trainer and the hub's manager do everything.
    *[
        (page, who, SUCCESS[PAGES[page][1]])
        for page in PAGES
        for who in ("spoke_worker", "hub_manager")
    ],
]


def visitor(name: str, world):
    if name == ANONYMOUS:
        return None
    if name == "colleague_not_attending":
        return factories.member(agency=world.csc_a, role=Role.PRACTITIONER)
    if name == "hub_colleague":
        return factories.member(agency=world.hub, role=Role.SPOKE_WORKER)
    return world.by_role(name)


@pytest.mark.parametrize(
    ("page", "who", "expected"),
    [pytest.param(*row, id=f"{row[1]} {row[0]} {row[2]}") for row in MATRIX],
)
def test_training_page_permissions(world, make_session, attend, login, page, who, expected):
    """Given a visitor and a training page, when they open or post it, then they get the
    expected answer."""
    name, method, needs_row, data = PAGES[page]
    session = make_session()
    attend(session, world.practitioner)
    row = training_agency_count_set(
        session=session, by=world.spoke_worker, agency=world.police, count=5
    )
    kwargs = {"pk": session.pk, **({"attendance_pk": row.pk} if needs_row else {})}
    client = login(visitor(who, world))

    url = reverse(name, kwargs=kwargs)
    response = client.get(url) if method == "get" else client.post(url, data)

    assert response.status_code == expected
    if who == ANONYMOUS:
        assert reverse("account_login") in response["Location"]


def test_a_row_of_another_session_is_not_found(world, make_session, login):
    """Given a row of one session, when reached through another, then 404."""
    first = make_session()
    second = make_session(title="Online harms")
    row = training_agency_count_set(
        session=first, by=world.spoke_worker, agency=world.police, count=5
    )

    response = login(world.hub_manager).get(
        reverse(
            "consultancy:training_attendance_change",
            kwargs={"pk": second.pk, "attendance_pk": row.pk},
        )
    )

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        pytest.param(ANONYMOUS, 302, id="anonymous is sent to log in"),
        pytest.param("practitioner", 403, id="a practitioner records no training"),
        pytest.param("team_manager", 403, id="nor does a team manager"),
        pytest.param("spoke_worker", 200, id="a spoke worker records training"),
        pytest.param("hub_manager", 200, id="so does a hub manager"),
    ],
)
def test_who_may_add_a_session(world, login, who, expected):
    response = login(visitor(who, world)).get(reverse("consultancy:training_new"))

    assert response.status_code == expected


def test_anyone_outside_a_hub_goes_from_the_hub_list_to_what_they_attended(world, login):
    response = login(world.practitioner).get(reverse("consultancy:training_list"))

    assert response.status_code == 302
    assert response["Location"] == reverse("consultancy:training_attended")
