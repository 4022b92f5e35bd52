"""Nothing a dashboard shows, answers or exports identifies a young person: rendered for the
demo data by every role that has dashboards, no page, API answer, table CSV or extract holds a
demo young person's name or date of birth, links to a case, or names a record by its id.

Names are matched as whole words, case-sensitive. "May", a young person's preferred name in the
demo, is also a month that every dashboard names; for such everyday words only the full name
(with the surname) is looked for. The demo's dashboards show real numbers as well as hidden
ones: a test that found nothing because nothing was shown would prove nothing.
"""

from __future__ import annotations

import calendar
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.middleware import SESSION_MFA_ENROLLED
from accounts.models import User
from cases.models import YoungPerson
from dashboards.scopes import ROUTES
from dashboards.services import table_csv
from demo.services import demo_seed
from partners.models import Agency, LocalAuthority
from referrals.models import Referral
from tests import factories

pytestmark = pytest.mark.django_db
EVERYDAY = set(calendar.month_name[1:]) | {"Synthetic"}
ID_KEYS = {"id", "pk", "case", "case_id", "reference", "young_person", "referral", "person"}


def _date_forms(day) -> list[str]:
    return [
        f"{day:%Y-%m-%d}",
        f"{day:%d/%m/%Y}",
        f"{day.day}/{day.month}/{day.year}",
        f"{day:%d-%m-%Y}",
        f"{day.day} {day:%B %Y}",
        f"{day:%d %B %Y}",
        f"{day:%B} {day.day}, {day.year}",
    ]


def _identities() -> tuple[re.Pattern[str], int, list[str]]:
    words: set[str] = set()
    dates: set[str] = set()
    people = [
        (p.first_name, p.last_name, p.preferred_name, p.date_of_birth)
        for p in YoungPerson.objects.all()
    ] + [(r.first_name, r.last_name, r.known_as, r.date_of_birth) for r in Referral.objects.all()]
    for first, last, known, born in people:
        for name in (first, last, known):
            if name and name not in EVERYDAY:
                words.add(name)
        words |= {f"{name} {last}" for name in (first, known) if name and last}
        if born:
            dates |= set(_date_forms(born))
    # One pattern for every name, longest first, so that a search per output is enough.
    alternatives = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)"), len(words), sorted(dates)


def _client(email: str) -> Client:
    user = User.objects.get(email=email)
    factories.enrol_totp(user)
    client = Client()
    client.force_login(user)
    session = client.session
    session[SESSION_MFA_ENROLLED] = True
    session.save()
    return client


def _keys(data: Any) -> Iterator[str]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield key
            yield from _keys(value)
    elif isinstance(data, list):
        for item in data:
            yield from _keys(item)


def _scopes() -> list[tuple[str, dict[str, Any]]]:
    ashdown = LocalAuthority.objects.get(name="Ashdown")
    brackenford = LocalAuthority.objects.get(name="Brackenford")
    return [
        ("local-authorities", {"key": ashdown.pk}),
        ("local-authorities", {"key": brackenford.pk}),
        ("regions", {"key": ashdown.region}),
        ("regions", {"key": brackenford.region}),
        ("england", {}),
        *(("hubs", {"key": hub.pk}) for hub in Agency.objects.hubs()),
    ]


def _everything(client: Client, route: str, kwargs: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """The page, its API answer, each table's CSV and (for commissioners) the extract. The
    first table's CSV comes through its page; the rest straight from the function that page
    calls, which is the same text without a request and an audit event each."""
    page = client.get(reverse(f"dashboards:{route}", kwargs=kwargs))
    assert page.status_code == 200
    yield "page", page.content.decode()
    answer = client.get(reverse(f"api:dashboard-{route}", kwargs=kwargs))
    assert answer.status_code == 200
    yield "api", answer.content.decode()
    dashboard = page.context["dashboard"]
    first, *others = dashboard.tables
    csv = client.get(reverse(f"dashboards:{route}-table", kwargs={**kwargs, "table": first.slug}))
    assert csv.content.decode() == table_csv(dashboard=dashboard, table=first)
    yield f"csv {first.slug}", csv.content.decode()
    for table in others:
        yield f"csv {table.slug}", table_csv(dashboard=dashboard, table=table)
    extract = client.get(reverse(f"dashboards:{route}-extract", kwargs=kwargs))
    if extract.status_code == 200:
        yield "extract", b"".join(extract.streaming_content).decode()  # type: ignore[attr-defined]


def test_no_dashboard_output_identifies_a_demo_young_person():
    """Given the demo, when the partnership manager, the hub manager and the commissioner open
    every dashboard they may, with its API answer, CSVs and extract, then none holds a demo
    young person's name or date of birth, a link to a case (the hub manager's menu links
    to the list of cases, never to one), a record's reference, or a field
    that names a record by its id."""
    demo_seed()
    names, how_many, dates = _identities()
    assert how_many > 50
    commissioner = _client("commissioner@demo.test")
    outputs = list(_everything(_client("partnership.manager@demo.test"), *_scopes()[0]))
    northbrook = Agency.objects.get(name="Northbrook CSE Hub")
    outputs += _everything(_client("hub.manager@demo.test"), "hubs", {"key": northbrook.pk})
    for route, kwargs in _scopes():
        outputs += _everything(commissioner, route, kwargs)
    assert {kind for kind, _ in outputs} >= {"page", "api", "extract"}
    assert set(ROUTES.values()) == {"local-authorities", "hubs", "regions", "england"}

    for kind, text in outputs:
        found = names.search(text)
        assert found is None, (kind, found and found.group())
        for date in dates:
            assert date not in text, (kind, date)
        assert not re.search(r"/cases/\d", text), kind
        assert not re.search(r"\b[RCP]\d{6}\b", text), kind
        if kind == "api":
            keys = set(_keys(json.loads(text)))
            assert not keys & ID_KEYS, keys & ID_KEYS
            assert not [key for key in keys if key.endswith("_id")]
        if kind == "extract":
            header = text.splitlines()[0].split(",")
            assert not [column for column in header if column in ID_KEYS or "_id" in column]


def test_the_demo_shows_real_numbers_and_some_hidden_ones():
    """Given the demo, when the partnership manager opens Ashdown's dashboard, then it shows
    counts of five or more, and hides some smaller ones."""
    demo_seed()
    ashdown = LocalAuthority.objects.get(name="Ashdown")
    page = _client("partnership.manager@demo.test").get(
        reverse("dashboards:local-authorities", kwargs={"key": ashdown.pk})
    )

    cells = [
        cell
        for table in page.context["dashboard"].tables
        if table.suppressed
        for row in table.rows
        for cell in row.cells
    ]
    assert any(isinstance(c.value, int) and c.value >= 5 for c in cells)
    assert any(c.state == "primary" for c in cells)
