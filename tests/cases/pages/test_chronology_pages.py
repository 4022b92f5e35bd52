"""The chronology page shows fifty events at a time, newest first, with links either side; the
print view shows every event."""

from __future__ import annotations

import datetime
import re

from django.urls import reverse
from django.utils import timezone

from cases.views import CHRONOLOGY_PAGE
from tests.cases.pages.conftest import log_entry, open_case


def _case_with_entries(world, n: int):
    case = open_case(world)
    now = timezone.now()
    for i in range(n):
        # Session 0 is the oldest; each later one an hour newer.
        log_entry(
            case,
            by=world.spoke_worker,
            summary=f"Session number {i:03d}.",
            occurred_at=now - datetime.timedelta(hours=n + 2 - i),
        )
    return case


def _sessions(html: str) -> list[int]:
    return [int(n) for n in re.findall(r"Session number (\d{3})\.", html)]


def _events(html: str) -> int:
    return html.count('class="moj-timeline__item"')


def test_the_pages_hold_fifty_events_each_newest_first_without_gaps(world, login):
    """Given 60 entries (and the case's opening), when the worker reads page 1 and then page 2,
    then page 1 holds 50 events, page 2 the rest, newest first, each entry exactly once, with a
    link to older events from the first and back to newer ones from the second."""
    case = _case_with_entries(world, 60)
    url = reverse("cases:chronology", kwargs={"pk": case.pk})
    client = login(world.spoke_worker)

    first = client.get(url).content.decode()
    second = client.get(url, {"page": "2"}).content.decode()

    assert _events(first) == CHRONOLOGY_PAGE
    assert _sessions(first) + _sessions(second) == list(range(59, -1, -1))
    assert _sessions(first)[0] == 59
    assert 'rel="next"' in first
    assert "?page=2" in first
    assert 'rel="prev"' not in first
    assert 'rel="prev"' in second
    assert 'rel="next"' not in second
    # The case's opening and first risk assessment are on one of the pages too.
    assert _events(first) + _events(second) > 60


def test_filters_are_kept_from_page_to_page(world, login):
    """Given a casework filter, when the worker pages, then the links keep the filter."""
    case = _case_with_entries(world, CHRONOLOGY_PAGE + 1)
    url = reverse("cases:chronology", kwargs={"pk": case.pk})
    client = login(world.spoke_worker)

    first = client.get(url, {"kinds": "casework"}).content.decode()
    second = client.get(url, {"kinds": "casework", "page": "2"}).content.decode()

    assert "?kinds=casework&amp;page=2" in first
    assert _sessions(first) == list(range(CHRONOLOGY_PAGE, 0, -1))
    assert _sessions(second) == [0]
    assert _events(second) == 1


def test_a_page_past_the_end_is_not_found_and_a_bad_number_is_page_one(world, login):
    """Given a short chronology, when page 3 is asked for, then 404; "x" shows page 1."""
    case = _case_with_entries(world, 3)
    url = reverse("cases:chronology", kwargs={"pk": case.pk})
    client = login(world.spoke_worker)

    assert client.get(url, {"page": "3"}).status_code == 404
    assert _sessions(client.get(url, {"page": "x"}).content.decode()) == [2, 1, 0]


def test_the_print_view_shows_every_event(world, login):
    """Given more entries than a page holds, when the print view is opened, then all are there."""
    case = _case_with_entries(world, CHRONOLOGY_PAGE + 5)
    html = login(world.spoke_worker).get(reverse("cases:chronology_print", kwargs={"pk": case.pk}))

    assert len(_sessions(html.content.decode())) == CHRONOLOGY_PAGE + 5
