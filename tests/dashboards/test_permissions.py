"""Who may open each dashboard page and API endpoint, in the order: anonymous (login or 401),
not theirs (404, as if it did not exist), theirs but not this (403), allowed (200), bad input
(400).

In the world, the partnership manager's partnership covers Ashdown (`la_a`), the hub manager
manages Northbrook (`hub`), and the commissioner sees everything.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.api.conftest import assert_error

pytestmark = pytest.mark.django_db
ANONYMOUS = "anonymous"
PERIOD = "from=2025-03&to=2025-05"


def page(world, name: str) -> str:
    urls = {
        "index": reverse("dashboards:index"),
        "ashdown": reverse("dashboards:local-authorities", kwargs={"key": world.la_a.pk}),
        "brackenford": reverse("dashboards:local-authorities", kwargs={"key": world.la_b.pk}),
        "hub": reverse("dashboards:hubs", kwargs={"key": world.hub.pk}),
        "other_hub": reverse("dashboards:hubs", kwargs={"key": world.other_hub.pk}),
        "region": reverse("dashboards:regions", kwargs={"key": "north_west"}),
        "no_region": reverse("dashboards:regions", kwargs={"key": "atlantis"}),
        "england": reverse("dashboards:england"),
        "no_la": reverse("dashboards:local-authorities", kwargs={"key": 999999}),
        "ashdown_csv": reverse(
            "dashboards:local-authorities-table",
            kwargs={"key": world.la_a.pk, "table": "referrals-by-source"},
        ),
        "ashdown_no_table": reverse(
            "dashboards:local-authorities-table",
            kwargs={"key": world.la_a.pk, "table": "children"},
        ),
        "ashdown_extract": reverse(
            "dashboards:local-authorities-extract", kwargs={"key": world.la_a.pk}
        ),
        "england_extract": reverse("dashboards:england-extract"),
    }
    return urls[name]


PAGES = [
    # Anonymous visitors are sent to log in.
    ("index", ANONYMOUS, 302),
    ("ashdown", ANONYMOUS, 302),
    ("ashdown_csv", ANONYMOUS, 302),
    ("england_extract", ANONYMOUS, 302),
    # Not theirs, or nobody's: not found.
    ("brackenford", "partnership_manager", 404),
    ("hub", "partnership_manager", 404),
    ("england", "partnership_manager", 404),
    ("region", "partnership_manager", 404),
    ("other_hub", "hub_manager", 404),
    ("ashdown", "hub_manager", 404),
    ("england", "hub_manager", 404),
    ("no_region", "commissioner", 404),
    ("no_la", "commissioner", 404),
    ("ashdown_no_table", "partnership_manager", 404),
    # Practitioners, spoke workers, team managers and administrators have no dashboards.
    *(
        (name, who, 404)
        for name in ("index", "ashdown", "ashdown_csv")
        for who in (
            "practitioner",
            "team_manager",
            "spoke_worker",
            "administrator",
        )
    ),
    ("england", "spoke_worker", 404),
    ("hub", "spoke_worker", 404),
    # Theirs, but the extract is for commissioners.
    ("ashdown_extract", "partnership_manager", 403),
    # Allowed.
    ("index", "partnership_manager", 200),
    ("ashdown", "partnership_manager", 200),
    ("ashdown_csv", "partnership_manager", 200),
    ("index", "hub_manager", 200),
    ("hub", "hub_manager", 200),
    ("index", "commissioner", 200),
    ("ashdown", "commissioner", 200),
    ("brackenford", "commissioner", 200),
    ("hub", "commissioner", 200),
    ("region", "commissioner", 200),
    ("england", "commissioner", 200),
    ("ashdown_extract", "commissioner", 200),
    ("england_extract", "commissioner", 200),
]


@pytest.mark.parametrize(
    ("name", "who", "status"), PAGES, ids=[f"{name} as {who}" for name, who, _ in PAGES]
)
def test_who_may_open_each_dashboard_page(world, login, name, who, status):
    """Given the world, when each visitor opens each page, then they get what the policy says."""
    client = login(None if who == ANONYMOUS else world.by_role(who))

    response = client.get(f"{page(world, name)}?{PERIOD}")

    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize(
    ("name", "query"),
    [
        ("ashdown", "from=2025-05&to=2025-03"),
        ("ashdown", "from=2025-13"),
        ("ashdown", "from=2015-01&to=2025-01"),
        ("ashdown_csv", "from=2025-05&to=2025-03"),
    ],
)
def test_an_unreadable_period_is_a_400(world, login, name, query):
    """Given the partnership manager, when the period is backwards, unreadable or too long, then
    the answer is 400 (the page says why and shows the default period's figures)."""
    response = login(world.partnership_manager).get(f"{page(world, name)}?{query}")

    assert response.status_code == 400
    if name == "ashdown":
        assert b"There is a problem" in response.content


def api(world, name: str) -> str:
    urls = {
        "list": reverse("api:dashboards"),
        "ashdown": reverse("api:dashboard-local-authorities", kwargs={"key": world.la_a.pk}),
        "brackenford": reverse("api:dashboard-local-authorities", kwargs={"key": world.la_b.pk}),
        "hub": reverse("api:dashboard-hubs", kwargs={"key": world.hub.pk}),
        "region": reverse("api:dashboard-regions", kwargs={"key": "north_west"}),
        "england": reverse("api:dashboard-england"),
        "ashdown_extract": reverse(
            "api:dashboard-local-authorities-extract", kwargs={"key": world.la_a.pk}
        ),
        "england_extract": reverse("api:dashboard-england-extract"),
    }
    return urls[name]


ENDPOINTS = [
    ("list", ANONYMOUS, 401),
    ("ashdown", ANONYMOUS, 401),
    ("england_extract", ANONYMOUS, 401),
    ("brackenford", "partnership_manager", 404),
    ("england", "partnership_manager", 404),
    ("hub", "partnership_manager", 404),
    ("ashdown", "hub_manager", 404),
    *(
        (name, who, 404)
        for name in ("list", "ashdown")
        for who in (
            "practitioner",
            "team_manager",
            "spoke_worker",
            "administrator",
        )
    ),
    ("ashdown_extract", "partnership_manager", 403),
    ("list", "partnership_manager", 200),
    ("ashdown", "partnership_manager", 200),
    ("hub", "hub_manager", 200),
    ("region", "commissioner", 200),
    ("england", "commissioner", 200),
    ("england_extract", "commissioner", 200),
]


@pytest.mark.parametrize(
    ("name", "who", "status"), ENDPOINTS, ids=[f"{name} as {who}" for name, who, _ in ENDPOINTS]
)
def test_who_may_call_each_dashboard_endpoint(world, login, name, who, status):
    """Given the world, when each caller calls each endpoint, then the answer is what the policy
    says, and every refusal is the one error shape."""
    client = login(None if who == ANONYMOUS else world.by_role(who))

    response = client.get(f"{api(world, name)}?{PERIOD}")

    if status == 200:
        assert response.status_code == 200
    else:
        assert_error(response, status)


def test_the_api_refuses_an_unreadable_period_naming_the_field(world, login):
    """Given the partnership manager, when the period runs backwards, then 400 names `to`."""
    response = login(world.partnership_manager).get(
        f"{api(world, 'ashdown')}?from=2025-05&to=2025-03"
    )

    error = assert_error(response, 400, "invalid")
    assert set(error["fields"]) == {"to"}


def test_the_list_names_each_dashboard_the_caller_may_open(world, login):
    """Given the partnership manager and the hub manager, when they list dashboards, then each
    has only their own: Ashdown, and Northbrook CSE Hub."""
    listed = login(world.partnership_manager).get(api(world, "list")).json()
    assert [(row["kind"], row["name"]) for row in listed] == [("local-authority", "Ashdown")]

    listed = login(world.hub_manager).get(api(world, "list")).json()
    assert [(row["kind"], row["name"]) for row in listed] == [("hub", "Northbrook CSE Hub")]

    listed = login(world.commissioner).get(api(world, "list")).json()
    kinds = [row["kind"] for row in listed]
    assert kinds[0] == "england"
    assert kinds.count("region") == 9
    assert {"local-authority", "hub"} <= set(kinds)
