"""Every case page, asked by each kind of visitor: who is sent to log in, who cannot tell the
case exists (404), who may see it but not do this (403), and who may (200).

The scene's case belongs to the world's hub, led by the world's spoke worker, shared with
Ashdown children's services at summary scope and with the school at full scope.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

ANONYMOUS = "anonymous"

# Page → (URL name, which scene objects its URL needs).
PAGES = {
    "detail": ("cases:case_detail", "case"),
    "chronology": ("cases:chronology", "case"),
    "print": ("cases:chronology_print", "case"),
    "log casework": ("cases:entry_create", "case"),
    "entry": ("cases:entry_detail", "entry"),
    "edit entry": ("cases:entry_update", "entry"),
    "entered in error": ("cases:entry_mark_in_error", "entry"),
    "close": ("cases:case_close", "case"),
    "allocate": ("cases:case_allocate", "case"),
    "risk": ("cases:risk_create", "case"),
    "plan": ("cases:plan_update", "case"),
    "schedule review": ("cases:review_schedule", "case"),
    "record review": ("cases:review_record", "review"),
    "add involvement": ("cases:involvement_create", "case"),
    "stepped back": ("cases:involvement_step_back", "involvement"),
    "share": ("cases:share_create", "case"),
    "change share": ("cases:share_change", "share"),
    "revoke share": ("cases:share_revoke", "share"),
    "access history": ("cases:access_history", "case"),
    "break-glass": ("cases:break_glass", "case"),
}


def url_for(page: str, scene) -> str:
    name, needs = PAGES[page]
    case_pk = scene.case.pk
    kwargs = {
        "case": {"pk": case_pk},
        "entry": {"case_pk": case_pk, "pk": scene.entry.pk},
        "review": {"pk": case_pk, "review_pk": scene.review.pk},
        "involvement": {"pk": case_pk, "involvement_pk": scene.involvement.pk},
        "share": {"pk": case_pk, "share_pk": scene.summary_share.pk},
    }[needs]
    return reverse(name, kwargs=kwargs)


def visitor(name: str, world, scene):
    if name == ANONYMOUS:
        return None
    if name == "full_practitioner":
        return scene.full_practitioner
    return world.by_role(name)


# (page, visitor, expected status). Visitors: other_hub_manager and other_la_practitioner
# have nothing to do with the case; practitioner has the summary share; full_practitioner
# the full share; spoke_worker leads the case; hub_manager manages the owning hub.
MATRIX = [
    *[(page, ANONYMOUS, 302) for page in PAGES],
    *[(page, "other_hub_manager", 404) for page in PAGES],
    *[(page, "other_la_practitioner", 404) for page in PAGES],
    # Summary scope: the case page only.
    ("detail", "practitioner", 200),
    ("chronology", "practitioner", 403),
    ("print", "practitioner", 403),
    ("log casework", "practitioner", 403),
    # Entries are part of the full record: at summary scope they do not exist.
    ("entry", "practitioner", 404),
    ("close", "practitioner", 403),
    ("share", "practitioner", 403),
    ("access history", "practitioner", 403),
    # Full scope: reads the record, adds and changes nothing.
    ("detail", "full_practitioner", 200),
    ("chronology", "full_practitioner", 200),
    ("print", "full_practitioner", 200),
    ("entry", "full_practitioner", 200),
    ("log casework", "full_practitioner", 403),
    ("edit entry", "full_practitioner", 403),
    ("entered in error", "full_practitioner", 403),
    ("risk", "full_practitioner", 403),
    ("plan", "full_practitioner", 403),
    ("change share", "full_practitioner", 403),
    # The lead worker: works the case, but access history is for managers.
    *[
        (page, "spoke_worker", 200)
        for page in PAGES
        if page not in {"access history", "break-glass"}
    ],
    ("access history", "spoke_worker", 403),
    # The hub manager: everything but editing another person's entry.
    *[(page, "hub_manager", 200) for page in PAGES if page not in {"edit entry", "break-glass"}],
    ("edit entry", "hub_manager", 403),
    # Break-glass is an administrator's page; anyone else cannot tell the case exists.
    ("break-glass", "spoke_worker", 404),
    ("break-glass", "hub_manager", 404),
    ("break-glass", "administrator", 200),
    # Without break-glass an administrator sees no case content.
    ("detail", "administrator", 404),
    ("chronology", "administrator", 404),
]


@pytest.mark.parametrize(
    ("page", "who", "expected"),
    [pytest.param(*row, id=f"{row[1]} {row[0]} {row[2]}") for row in MATRIX],
)
def test_case_page_permissions(world, scene, login, page, who, expected):
    """Given a visitor and a case page, when they open it, then they get the expected answer."""
    client = login(visitor(who, world, scene))

    response = client.get(url_for(page, scene))

    assert response.status_code == expected
    if expected == 302:
        assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        pytest.param(ANONYMOUS, 302, id="anonymous is sent to log in"),
        pytest.param("spoke_worker", 403, id="a spoke worker does not open cases"),
        pytest.param("practitioner", 403, id="a practitioner does not open cases"),
        pytest.param("hub_manager", 200, id="a hub manager opens cases"),
    ],
)
def test_open_a_case_page_permissions(world, login, who, expected):
    """Given a visitor, when they ask to open a case, then only hub managers may."""
    client = login(None if who == ANONYMOUS else world.by_role(who))

    assert client.get(reverse("cases:case_create")).status_code == expected


@pytest.mark.parametrize(
    ("who", "heading"),
    [
        pytest.param("spoke_worker", "Your caseload", id="spoke worker: their caseload"),
        pytest.param("hub_manager", "Cases", id="hub manager: the hub's cases"),
        pytest.param("practitioner", "Shared cases", id="practitioner: cases shared"),
        pytest.param("team_manager", "Shared cases", id="team manager: cases shared"),
    ],
)
def test_case_list_by_role(world, scene, login, who, heading):
    """Given a role, when they open /cases/, then they see that role's list."""
    response = login(world.by_role(who)).get(reverse("cases:case_list"))

    assert response.status_code == 200
    assert f'<h1 class="govuk-heading-l">{heading}</h1>' in response.content.decode()


def test_case_list_sends_anonymous_to_log_in(client):
    """Given nobody is signed in, when /cases/ is asked for, then it redirects to log in."""
    response = client.get(reverse("cases:case_list"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize(
    "page", ["close", "allocate", "log casework", "risk", "plan", "share", "entered in error"]
)
def test_posting_is_refused_as_getting_is(world, scene, login, page):
    """Given a full-scope practitioner, when they post to a change page, then it is 403."""
    client = login(scene.full_practitioner)

    assert client.post(url_for(page, scene), {"reason": "x"}).status_code == 403


@pytest.mark.parametrize("page", ["close", "share", "log casework"])
def test_posting_to_a_case_another_agency_cannot_see_is_404(world, scene, login, page):
    """Given another hub's manager, when they post to a change page, then it is 404."""
    client = login(world.other_hub_manager)

    assert client.post(url_for(page, scene), {"reason": "x"}).status_code == 404
