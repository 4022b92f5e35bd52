"""What each level of access shows on the case page, chronology and print view, and the audit
event each read writes."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.html import escape

from audit.models import AuditEvent
from cases.models import CaseworkEntry
from tests.cases.pages.conftest import ORDINARY_SUMMARY, RESTRICTED_SUMMARY

READ_PAGES = {
    "detail": "cases:case_detail",
    "chronology": "cases:chronology",
    "print": "cases:chronology_print",
}


def _html(client, name, case) -> str:
    response = client.get(reverse(name, kwargs={"pk": case.pk}))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("page", READ_PAGES)
def test_restricted_entries_never_reach_another_agency(world, scene, login, page):
    """Given a restricted entry, when the full-scope school practitioner reads the record,
    then the entry's text is nowhere in the page, though ordinary casework is."""
    html = _html(login(scene.full_practitioner), READ_PAGES[page], scene.case)

    assert RESTRICTED_SUMMARY not in html
    assert "Restricted" not in html
    assert ORDINARY_SUMMARY in html or page == "detail"


@pytest.mark.parametrize("page", ["chronology", "print"])
def test_the_owning_hub_sees_restricted_entries(world, scene, login, page):
    """Given a restricted entry, when the lead worker reads the chronology, then it is there."""
    html = _html(login(world.spoke_worker), READ_PAGES[page], scene.case)

    assert RESTRICTED_SUMMARY in html


def test_a_restricted_entry_page_is_not_found_for_another_agency(world, scene, login):
    """Given a restricted entry, when the full-scope practitioner opens it, then it is 404."""
    url = reverse(
        "cases:entry_detail", kwargs={"case_pk": scene.case.pk, "pk": scene.restricted_entry.pk}
    )

    assert login(scene.full_practitioner).get(url).status_code == 404


def test_summary_scope_shows_identity_risk_involvement_and_worker_only(world, scene, login):
    """Given a summary share, when the social worker opens the case, then they see who the
    young person is, the risk, who is involved and how to reach the worker, and nothing of the
    record."""
    html = _html(login(world.practitioner), "cases:case_detail", scene.case)

    assert "Robin Pagetest" in html
    assert "High" in html
    assert "PC Alex Example" in html
    assert world.spoke_worker.email in html
    assert "Summary shared with you" in html
    for hidden in ("Recent casework", "Risk history", "Shared with", ORDINARY_SUMMARY):
        assert hidden not in html
    assert reverse("cases:chronology", kwargs={"pk": scene.case.pk}) not in html


def test_full_scope_shows_the_record_and_the_shares(world, scene, login):
    """Given a full share, when the practitioner opens the case, then they see recent casework,
    risk history, and who it is shared with on what basis; but no buttons to change it."""
    html = _html(login(scene.full_practitioner), "cases:case_detail", scene.case)

    for shown in ("Recent casework", "Risk history", "Reviews", "Shared with"):
        assert shown in html
    assert escape(world.csc_a.name) in html
    assert "Safeguarding without consent" in html
    assert "Log casework" not in html
    assert "Share the case" not in html


def test_the_lead_worker_gets_the_actions(world, scene, login):
    """Given the lead worker, when they open the case, then they may log casework and share."""
    html = _html(login(world.spoke_worker), "cases:case_detail", scene.case)

    assert reverse("cases:entry_create", kwargs={"pk": scene.case.pk}) in html
    assert reverse("cases:share_create", kwargs={"pk": scene.case.pk}) in html


@pytest.mark.parametrize(
    ("who", "page", "action"),
    [
        pytest.param(
            "spoke_worker", "detail", AuditEvent.Action.CASE_VIEWED, id="full record viewed"
        ),
        pytest.param(
            "practitioner",
            "detail",
            AuditEvent.Action.CASE_SUMMARY_VIEWED,
            id="summary viewed",
        ),
        pytest.param(
            "spoke_worker", "chronology", AuditEvent.Action.CHRONOLOGY_VIEWED, id="chronology"
        ),
        pytest.param("hub_manager", "print", AuditEvent.Action.CASE_PRINTED, id="print view"),
    ],
)
def test_every_read_is_audited(world, scene, login, who, page, action):
    """Given a reader, when they open a read page, then one event records who read what."""
    user = world.by_role(who)
    before = AuditEvent.objects.filter(action=action).count()

    _html(login(user), READ_PAGES[page], scene.case)

    events = AuditEvent.objects.filter(action=action).order_by("-sequence")
    assert events.count() == before + 1
    assert events[0].actor == user
    assert events[0].case_id == scene.case.pk


def test_opening_an_entry_is_audited(world, scene, login):
    """Given an entry, when the full-scope practitioner opens it, then ENTRY_VIEWED is written."""
    url = reverse("cases:entry_detail", kwargs={"case_pk": scene.case.pk, "pk": scene.entry.pk})

    login(scene.full_practitioner).get(url)

    event = AuditEvent.objects.filter(action=AuditEvent.Action.ENTRY_VIEWED).get()
    assert event.actor == scene.full_practitioner
    assert event.object_id == str(scene.entry.pk)
    assert event.case_id == scene.case.pk


def test_access_history_shows_who_read_the_record_and_is_audited(world, scene, login):
    """Given the practitioner read the summary, when the hub manager opens the access history,
    then the read is listed with the agency, and the manager's look is itself recorded."""
    login(world.practitioner).get(reverse("cases:case_detail", kwargs={"pk": scene.case.pk}))

    html = _html(login(world.hub_manager), "cases:access_history", scene.case)

    assert "Case summary viewed" in html
    assert escape(world.csc_a.name) in html
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.ACCESS_HISTORY_VIEWED, actor=world.hub_manager
    ).exists()


def test_refused_reads_write_no_read_event(world, scene, login):
    """Given a summary share, when the practitioner asks for the chronology, then it is refused
    and nothing says they read it."""
    login(world.practitioner).get(reverse("cases:chronology", kwargs={"pk": scene.case.pk}))

    assert not AuditEvent.objects.filter(action=AuditEvent.Action.CHRONOLOGY_VIEWED).exists()


def test_chronology_filters_by_kind_and_date(world, scene, login):
    """Given casework and other events, when the chronology is filtered to casework, then only
    casework shows; a date range before anything happened shows nothing."""
    client = login(world.spoke_worker)
    url = reverse("cases:chronology", kwargs={"pk": scene.case.pk})

    casework = client.get(url, {"kinds": "casework"}).content.decode()
    long_ago = client.get(
        url, {"date_to_day": "1", "date_to_month": "1", "date_to_year": "2020"}
    ).content.decode()

    assert ORDINARY_SUMMARY in casework
    assert "Risk assessed as" not in casework
    assert ORDINARY_SUMMARY not in long_ago
    assert "Nothing to show with these filters" in long_ago


def test_print_view_has_a_print_stylesheet_and_the_marking(world, scene, login):
    """Given the print view, then it is laid out for paper and marked as sensitive."""
    html = _html(login(world.hub_manager), "cases:chronology_print", scene.case)

    assert "@media print" in html
    assert "OFFICIAL-SENSITIVE" in html
    assert "PC Alex Example" in html


def test_a_draft_shows_only_to_its_author(world, scene, login):
    """Given the lead worker's draft, when the hub manager reads the chronology, then the
    draft is not there; the author sees it."""
    from tests.cases.pages.conftest import log_entry

    log_entry(scene.case, by=world.spoke_worker, summary="Half-written notes.", draft=True)

    manager = _html(login(world.hub_manager), "cases:chronology", scene.case)
    author = _html(login(world.spoke_worker), "cases:chronology", scene.case)

    assert "Half-written notes." not in manager
    assert "Half-written notes." in author
    assert CaseworkEntry.objects.filter(status=CaseworkEntry.Status.DRAFT).count() == 1
