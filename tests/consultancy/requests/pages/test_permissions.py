"""Every consultancy request page, asked by each kind of visitor, in the fixed order: who is
sent to log in (302), who cannot tell the request exists (404), who sees it but may not take
this step (403), who may (2xx), and a step the request's status no longer allows (400).

Requests are made by the world's Ashdown practitioner about a young person not named, to the
world's hub; the world's spoke worker (placed in Ashdown) takes them. `colleague` is a second
worker placed in Ashdown; `other_la_practitioner` and `police_team_manager` are other agencies.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from consultancy.models import ConsultancyRequest

S = ConsultancyRequest.Status

# Page → (URL name, method, the status the request is in, what is posted besides the version).
PAGES: dict[str, tuple[str, str, str, dict[str, object]]] = {
    "detail": ("consultancy:request_detail", "get", S.ASSIGNED, {}),
    "take": ("consultancy:request_take", "post", S.REQUESTED, {}),
    "assign": ("consultancy:request_assign", "get", S.REQUESTED, {}),
    "advise": ("consultancy:request_advise", "get", S.ASSIGNED, {}),
    "topics": ("consultancy:request_topics", "get", S.ADVISED, {}),
    "follow-up": ("consultancy:request_follow_up", "get", S.ADVISED, {}),
    "feedback": ("consultancy:request_feedback", "get", S.ADVISED, {}),
    "close": ("consultancy:request_close", "get", S.ADVISED, {}),
    "withdraw": ("consultancy:request_withdraw", "get", S.ASSIGNED, {}),
    "link referral": ("consultancy:request_link_referral", "get", S.ADVISED, {}),
}
SUCCESS = {"get": 200, "post": 302}
STRANGERS = ["other_la_practitioner", "police_team_manager", "other_hub_manager", "commissioner"]

MATRIX = [
    *[(page, "anonymous", 302) for page in PAGES],
    *[(page, who, 404) for page in PAGES for who in STRANGERS],
    # A placed colleague sees a request only while nobody has it.
    *[(page, "colleague", 404) for page in PAGES if PAGES[page][2] != S.REQUESTED],
    # Seen, but the step is someone else's.
    ("take", "practitioner", 403),
    ("take", "hub_manager", 403),
    ("assign", "practitioner", 403),
    ("assign", "colleague", 403),
    ("advise", "practitioner", 403),
    ("advise", "hub_manager", 403),
    ("topics", "practitioner", 403),
    ("follow-up", "team_manager", 403),
    ("follow-up", "spoke_worker", 403),
    ("feedback", "team_manager", 403),
    ("feedback", "hub_manager", 403),
    ("close", "practitioner", 403),
    ("withdraw", "spoke_worker", 403),
    ("withdraw", "hub_manager", 403),
    # Allowed.
    *[(page, who, 200) for page in ("detail",) for who in ("practitioner", "team_manager")],
    ("detail", "spoke_worker", 200),
    ("detail", "hub_manager", 200),
    ("take", "colleague", 302),
    ("assign", "hub_manager", 200),
    ("advise", "spoke_worker", 200),
    ("topics", "spoke_worker", 200),
    ("topics", "hub_manager", 200),
    ("follow-up", "practitioner", 200),
    ("feedback", "practitioner", 200),
    ("close", "spoke_worker", 200),
    ("close", "hub_manager", 200),
    ("withdraw", "practitioner", 200),
    ("withdraw", "team_manager", 200),
    ("link referral", "practitioner", 200),
    ("link referral", "spoke_worker", 200),
]


@pytest.mark.parametrize(
    ("page", "who", "expected"),
    [pytest.param(*row, id=f"{row[1]} {row[0]} {row[2]}") for row in MATRIX],
)
def test_request_page_permissions(make_request, actor, page, who, expected):
    """Given a visitor and a page, when they open or post it, then they get the expected answer."""
    name, method, status, data = PAGES[page]
    item = make_request(status=status)
    client = actor(who)
    url = reverse(name, kwargs={"pk": item.pk})

    response = client.get(url) if method == "get" else client.post(url, {"version": item.version})

    assert response.status_code == expected
    if who == "anonymous":
        assert reverse("account_login") in response["Location"]


# A step the request has moved past, asked by someone whose step it would be.
TOO_LATE = [
    ("take", S.ASSIGNED, "spoke_worker"),
    ("assign", S.ADVISED, "hub_manager"),
    ("advise", S.CLOSED, "spoke_worker"),
    ("follow-up", S.ASSIGNED, "practitioner"),
    ("feedback", S.CLOSED, "practitioner"),
    ("close", S.WITHDRAWN, "hub_manager"),
    ("withdraw", S.ADVISED, "practitioner"),
]


@pytest.mark.parametrize(
    ("page", "status", "who"),
    [pytest.param(*row, id=f"{row[0]} when {row[1]}") for row in TOO_LATE],
)
def test_a_step_the_status_no_longer_allows_is_400_with_the_reason(
    make_request, actor, page, status, who
):
    name, method, _, _ = PAGES[page]
    item = make_request(status=status)
    client = actor(who)
    url = reverse(name, kwargs={"pk": item.pk})

    response = client.get(url) if method == "get" else client.post(url, {"version": item.version})

    assert response.status_code == 400
    assert "You cannot do this now" in response.content.decode()


def test_linking_a_request_about_a_case_is_400(make_request, actor, shared_case):
    item = make_request(status=S.ASSIGNED, about="case", case=shared_case)

    response = actor("practitioner").get(
        reverse("consultancy:request_link_referral", kwargs={"pk": item.pk})
    )

    assert response.status_code == 400


@pytest.mark.parametrize(
    ("name", "who", "expected", "goes_to"),
    [
        pytest.param("consultancy:request_list", "anonymous", 302, "account_login", id="list anon"),
        pytest.param("consultancy:request_list", "commissioner", 403, None, id="list commissioner"),
        pytest.param(
            "consultancy:request_list", "spoke_worker", 302, "consultancy:inbox", id="worker list"
        ),
        pytest.param("consultancy:request_list", "practitioner", 200, None, id="list requester"),
        pytest.param("consultancy:request_new", "anonymous", 302, "account_login", id="new anon"),
        pytest.param("consultancy:request_new", "hub_manager", 403, None, id="new hub manager"),
        pytest.param("consultancy:request_new", "team_manager", 200, None, id="new team manager"),
        pytest.param("consultancy:inbox", "anonymous", 302, "account_login", id="inbox anon"),
        pytest.param("consultancy:inbox", "commissioner", 403, None, id="inbox commissioner"),
        pytest.param(
            "consultancy:inbox", "practitioner", 302, "consultancy:request_list", id="inbox prac"
        ),
        pytest.param("consultancy:inbox", "spoke_worker", 200, None, id="inbox worker"),
        pytest.param("consultancy:inbox", "hub_manager", 200, None, id="inbox manager"),
    ],
)
def test_list_and_form_pages(actor, name, who, expected, goes_to):
    response = actor(who).get(reverse(name))

    assert response.status_code == expected
    if goes_to:
        assert response["Location"].startswith(reverse(goes_to))


@pytest.mark.parametrize("name", ["consultancy:request_take"])
def test_taking_is_post_only(make_request, actor, name):
    item = make_request()

    assert actor("colleague").get(reverse(name, kwargs={"pk": item.pk})).status_code == 405
