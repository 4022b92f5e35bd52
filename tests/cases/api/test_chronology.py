"""GET /api/v1/cases/{case_id}/chronology/: one timeline of what the caller may see, audited."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from cases import record
from tests.api.conftest import assert_error
from tests.cases.api.conftest import log_entry, share


def url(case_id: int) -> str:
    return reverse("api:case-chronology", kwargs={"case_id": case_id})


@pytest.mark.parametrize(
    ("name", "status"),
    [
        pytest.param("anonymous", 401, id="anonymous must authenticate"),
        pytest.param("other_agency", 404, id="an agency not shared with cannot tell"),
        pytest.param("summary", 403, id="summary scope has no chronology"),
        pytest.param("full", 200, id="full scope"),
        pytest.param("joint", 200, id="joint scope"),
        pytest.param("hub_manager", 200, id="the hub's manager"),
    ],
)
def test_permissions_and_the_read_is_audited(case, entries, actor, name, status):
    """Full access or more reads the chronology; each read writes one audit event."""
    response = actor(name).get(url(case.pk))

    events = AuditEvent.objects.filter(action=AuditEvent.Action.CHRONOLOGY_VIEWED, case_id=case.pk)
    if status == 200:
        body = response.json()
        assert {"opened", "casework"} <= {e["kind"] for e in body["results"]}
        assert body["truncated"] is False
        assert events.count() == 1
    else:
        assert_error(response, status)
        assert not events.exists()


@pytest.mark.parametrize("name", ["full", "joint"])
def test_restricted_entries_never_reach_another_agency(case, entries, actor, name):
    """Given a restricted entry, then another agency's chronology has nothing of it."""
    response = actor(name).get(url(case.pk))

    assert "kept inside the hub" not in response.content.decode()
    assert not any(e["restricted"] for e in response.json()["results"])


def test_the_owning_hub_sees_restricted_entries_marked(case, entries, actor):
    """Given a restricted entry, then the hub's manager sees it, marked restricted."""
    results = actor("hub_manager").get(url(case.pk)).json()["results"]

    assert [e["restricted"] for e in results if e["kind"] == "casework"].count(True) == 1


def test_filters_by_kind_and_date(world, case, entries, actor):
    """Given casework and a risk change, then kind and date filters pick what was asked."""
    record.risk_assess(
        case=case, by=world.hub_manager, version=1, level="high", indicators=[], rationale="Worse."
    )
    client = actor("hub_manager")
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()

    kinds = {e["kind"] for e in client.get(url(case.pk), {"kind": "risk"}).json()["results"]}
    assert kinds == {"risk"}
    both = client.get(f"{url(case.pk)}?kind=risk&kind=casework").json()["results"]
    assert {e["kind"] for e in both} == {"risk", "casework"}
    later = client.get(url(case.pk), {"date_from": tomorrow, "kind": "casework"}).json()
    assert later["results"] == []


def test_the_limit_cuts_to_the_newest_and_says_so(world, case, actor):
    """Given five entries and a limit of two, then the two newest and truncated."""
    now = timezone.now()
    for hours in range(1, 6):
        log_entry(case, world.spoke_worker, occurred_at=now - datetime.timedelta(hours=hours))

    body = actor("lead_worker").get(url(case.pk), {"limit": 2, "kind": "casework"}).json()

    assert len(body["results"]) == 2
    assert body["truncated"] is True


def test_bad_filters_are_a_400_naming_each(case, actor):
    """Given an unknown kind, a bad date and a limit of 0, then 400 naming each."""
    response = actor("hub_manager").get(
        url(case.pk), {"kind": "gossip", "date_from": "yesterday", "limit": 0}
    )

    fields = assert_error(response, 400, "invalid")["fields"]
    assert fields.keys() == {"kind", "date_from", "limit"}


def test_chronology_queries_are_constant(world, case, login, django_assert_num_queries):
    """Given 1 and then 21 entries, risk assessments and reviews, the chronology costs the same."""
    log_entry(case, world.spoke_worker)
    share(world, case, "full")
    client = login(world.practitioner)
    client.get(url(case.pk))  # the first request records the session's first use; not measured

    def more(n: int) -> None:
        version = case.__class__.objects.get(pk=case.pk).version
        for i in range(n):
            log_entry(case, world.spoke_worker)
            record.risk_assess(
                case=case,
                by=world.hub_manager,
                version=version + i,
                level=["low", "medium", "high"][i % 3],
                indicators=["online_contact", "school_absence"],
                rationale="Reviewed.",
            )

    # session, user, memberships; the case; the level of access (co-worker check, joint rows by
    # group and by user, full rows by group); one query per source: referrals, entries, risk,
    # the indicator labels (once, not per assessment), reviews, involvement, audit events,
    # shares; the read's audit event: savepoint, chain head, insert, head update, release
    for _ in range(2):
        with django_assert_num_queries(21):
            assert client.get(url(case.pk)).status_code == 200
        more(20)
