"""Every dashboard page and endpoint runs the same number of queries with a little data as with
a lot: the figures are aggregates over summary rows, never a query per row.

Every count starts with the three queries of a signed-in request (the session, the user, their
memberships in force), and the summaries' version (`SummaryState`). A dashboard computed afresh
("cold") then runs one aggregate per table, two for the balance, three for partnership health:
18 in all. A cached one ("warm") runs none of them. Local authorities cost two more (the
partnership's areas, and the authority), a hub two (the hub, and its balance target when cold;
the hub alone when warm).
"""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse

from cases.models import CaseworkEntry
from partners.models import Agency
from referrals.models import Referral
from tests import factories
from tests.dashboards.conftest import london

pytestmark = pytest.mark.django_db
MANY = 10
REQUEST = 3  # session, user, memberships
STATE = 1  # the summaries' version
TABLES = 18  # one aggregate per table, two for the balance, three for partnership health
# An export's audit event: the chain head locked (or made), the event, the head moved, inside
# a savepoint.
AUDIT = 7
# The extract: one query per measure (referrals, cases opened, closed, contacts, minutes of
# work, consultancy, practitioners trained, sessions, step-backs, challenges raised and
# resolved) and two for open cases (their count before the period, and its changes in it).
EXTRACT = 13


def _records(world, make, rows: int) -> None:
    """`rows` of everything the dashboards count, over two years and several agencies."""
    kinds = [Agency.Kind.POLICE, Agency.Kind.HEALTH, Agency.Kind.EDUCATION]
    for n in range(rows):
        when = london(2024 + n % 2, 1 + n % 12, 1 + n % 27, 10)
        agency = factories.agency(kind=kinds[n % 3], local_authorities=[world.la_a])
        case = make.case(opened=when.date(), risk=["low", "medium", "high"][n % 3])
        make.referral(
            at=when,
            agency=agency,
            status=Referral.Status.ALLOCATED,
            case=case,
            screened_after_hours=n + 1,
        )
        make.entry(case, at=when + datetime.timedelta(days=2))
        make.entry(case, at=when + datetime.timedelta(days=3), kind=CaseworkEntry.Kind.PHONE)
        make.involvement(
            case,
            agency=world.csc_a,
            from_on=when.date(),
            stepped_back_on=when.date() + datetime.timedelta(days=20),
        )
        make.consultancy(at=when, agency=agency, helpful=n % 2 == 0)
        make.training(on=when.date(), attendance=[(agency, 3, "2", "4")])
        make.challenge(raised=when.date(), agency=agency)


def _count(client, url, expected, django_assert_num_queries, *, cold: bool = True) -> None:
    client.get(url)  # renews the session, which is not written again within a minute
    if cold:
        cache.clear()
    with django_assert_num_queries(expected):
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert response.status_code == 200


def _urls(world) -> dict[str, str]:
    la, hub = {"key": world.la_a.pk}, {"key": world.hub.pk}
    return {
        "index": reverse("dashboards:index"),
        "local": reverse("dashboards:local-authorities", kwargs=la),
        "hub": reverse("dashboards:hubs", kwargs=hub),
        "region": reverse("dashboards:regions", kwargs={"key": "north_west"}),
        "england": reverse("dashboards:england"),
        "csv": reverse(
            "dashboards:local-authorities-table", kwargs={**la, "table": "referrals-by-source"}
        ),
        "extract": reverse("dashboards:england-extract"),
        "api_list": reverse("api:dashboards"),
        "api_local": reverse("api:dashboard-local-authorities", kwargs=la),
        "api_hub": reverse("api:dashboard-hubs", kwargs=hub),
        "api_england": reverse("api:dashboard-england"),
        "api_extract": reverse("api:dashboard-england-extract"),
    }


CASES = [
    # The list of dashboards: the partnership's areas and the authorities themselves.
    ("index", "partnership_manager", True, REQUEST + 2),
    ("local", "partnership_manager", True, REQUEST + 2 + STATE + TABLES),
    ("local", "partnership_manager", False, REQUEST + 2 + STATE),
    ("hub", "hub_manager", True, REQUEST + 2 + STATE + TABLES),
    ("hub", "hub_manager", False, REQUEST + 1 + STATE),
    ("region", "commissioner", True, REQUEST + STATE + TABLES),
    ("england", "commissioner", True, REQUEST + STATE + TABLES),
    ("england", "commissioner", False, REQUEST + STATE),
    ("csv", "partnership_manager", True, REQUEST + 2 + STATE + TABLES + AUDIT),
    ("extract", "commissioner", True, REQUEST + AUDIT + EXTRACT),
    ("api_list", "partnership_manager", True, REQUEST + 2),
    ("api_local", "partnership_manager", True, REQUEST + 2 + STATE + TABLES),
    ("api_hub", "hub_manager", True, REQUEST + 2 + STATE + TABLES),
    ("api_england", "commissioner", True, REQUEST + STATE + TABLES),
    ("api_england", "commissioner", False, REQUEST + STATE),
    ("api_extract", "commissioner", True, REQUEST + AUDIT + EXTRACT),
]


@pytest.mark.parametrize("rows", [1, MANY])
@pytest.mark.parametrize(
    ("name", "who", "cold", "expected"),
    CASES,
    ids=[f"{name} {'cold' if cold else 'warm'}" for name, _, cold, _ in CASES],
)
def test_dashboard_queries_do_not_grow_with_the_data(
    world, make, refresh, login, django_assert_num_queries, rows, name, who, cold, expected
):
    """Given one or many of every kind of record, when each page or endpoint is asked for,
    then it runs the same number of queries."""
    _records(world, make, rows)
    refresh()

    _count(
        login(world.by_role(who)),
        f"{_urls(world)[name]}?from=2024-01&to=2025-12",
        expected,
        django_assert_num_queries,
        cold=cold,
    )
