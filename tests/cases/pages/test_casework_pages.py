"""Logging casework in under a minute, drafts, editing with history, and entered in error."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from cases import casework
from cases.models import CaseShare, CaseworkEntry


def _entry_data(**overrides):
    today = timezone.localdate()
    data = {
        "kind": CaseworkEntry.Kind.ONE_TO_ONE,
        "occurred_on_day": str(today.day),
        "occurred_on_month": str(today.month),
        "occurred_on_year": str(today.year),
        "occurred_time": "00:00",
        "duration_minutes": "45",
        "attendance": CaseworkEntry.Attendance.ATTENDED,
        "summary": "Met at the youth centre and planned safe routes home.",
        "young_persons_voice": "I feel better when I know who to call.",
        "action": "save",
    }
    data.update(overrides)
    return data


def test_the_form_defaults_to_now_and_attended(world, scene, login):
    """Given the lead worker, when they open the form, then today and attended are filled in."""
    html = (
        login(world.spoke_worker)
        .get(reverse("cases:entry_create", kwargs={"pk": scene.case.pk}))
        .content.decode()
    )

    assert f'value="{timezone.localdate().year}"' in html
    assert re.search(r'<input type="radio" name="attendance" value="attended"[^>]*checked', html)
    assert 'name="restricted"' in html


def test_logging_a_session_saves_it_and_returns_to_the_case(world, scene, login):
    """Given the lead worker, when they post the short form, then the entry is saved as final
    and they are back on the case with it showing."""
    client = login(world.spoke_worker)

    response = client.post(
        reverse("cases:entry_create", kwargs={"pk": scene.case.pk}), _entry_data()
    )

    assert response.status_code == 302
    assert response["Location"] == scene.case.get_absolute_url()
    entry = CaseworkEntry.objects.get(summary__startswith="Met at the youth centre")
    assert entry.status == CaseworkEntry.Status.FINAL
    assert entry.duration_minutes == 45
    assert entry.author == world.spoke_worker
    assert not entry.restricted


def test_save_as_draft_keeps_a_draft(world, scene, login):
    """Given the lead worker, when they choose 'Save as draft', then the entry is a draft."""
    login(world.spoke_worker).post(
        reverse("cases:entry_create", kwargs={"pk": scene.case.pk}),
        _entry_data(action="draft", summary="Notes to finish later."),
    )

    assert CaseworkEntry.objects.get(summary="Notes to finish later.").is_draft


def test_finishing_a_draft_makes_it_final(world, scene, login):
    """Given a draft, when its author saves it with 'Save casework', then it becomes final."""
    draft = casework.entry_create(
        case=scene.case,
        by=world.spoke_worker,
        kind=CaseworkEntry.Kind.PHONE,
        occurred_at=timezone.now() - datetime.timedelta(hours=1),
        attendance=CaseworkEntry.Attendance.ATTENDED,
        summary="Quick call, to write up.",
        draft=True,
    )
    url = reverse("cases:entry_update", kwargs={"case_pk": scene.case.pk, "pk": draft.pk})

    response = login(world.spoke_worker).post(
        url, _entry_data(version=str(draft.version), summary="Quick call about the weekend.")
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == CaseworkEntry.Status.FINAL
    assert draft.summary == "Quick call about the weekend."


def test_bad_input_is_shown_on_the_form(world, scene, login):
    """Given an empty summary and an impossible time, when posted, then the form says so."""
    response = login(world.spoke_worker).post(
        reverse("cases:entry_create", kwargs={"pk": scene.case.pk}),
        _entry_data(summary="", occurred_time="25:99"),
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "Enter what happened" in html
    assert "Enter a real time" in html


def test_a_time_in_the_future_is_refused_by_the_service(world, scene, login):
    """Given tomorrow's date, when posted, then the service's message is on the form."""
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = login(world.spoke_worker).post(
        reverse("cases:entry_create", kwargs={"pk": scene.case.pk}),
        _entry_data(
            occurred_on_day=str(tomorrow.day),
            occurred_on_month=str(tomorrow.month),
            occurred_on_year=str(tomorrow.year),
        ),
    )

    assert response.status_code == 200
    assert "cannot be in the future" in response.content.decode()


def test_a_joint_practitioner_logs_casework_without_a_restricted_box(world, scene, login):
    """Given a joint share, when the social worker logs a joint visit, then there is no
    restricted checkbox and a posted one is ignored."""
    scene.summary_share.refresh_from_db()
    from cases.sharing import case_share_change

    case_share_change(
        share=scene.summary_share,
        by=world.hub_manager,
        scope=CaseShare.Scope.JOINT,
        reason="Working jointly now.",
    )
    client = login(world.practitioner)
    url = reverse("cases:entry_create", kwargs={"pk": scene.case.pk})

    assert 'name="restricted"' not in client.get(url).content.decode()
    response = client.post(
        url,
        _entry_data(
            kind=CaseworkEntry.Kind.JOINT_VISIT, summary="Joint home visit.", restricted="on"
        ),
    )

    assert response.status_code == 302
    entry = CaseworkEntry.objects.get(summary="Joint home visit.")
    assert not entry.restricted
    assert entry.author_agency == world.csc_a


def test_editing_keeps_the_history_and_shows_it(world, scene, login):
    """Given an entry, when its author changes the summary, then the entry page shows the
    earlier text under its history."""
    client = login(world.spoke_worker)
    url = reverse("cases:entry_update", kwargs={"case_pk": scene.case.pk, "pk": scene.entry.pk})

    response = client.post(
        url, _entry_data(version=str(scene.entry.version), summary="Corrected account.")
    )

    assert response.status_code == 302
    html = client.get(scene.entry.get_absolute_url()).content.decode()
    assert "Corrected account." in html
    assert "Version 1, replaced by" in html
    assert scene.entry.summary in html


def test_a_stale_edit_is_refused_with_what_changed(world, scene, login):
    """Given someone else changed the entry after the form was opened, when the author saves,
    then the page answers 409 with the conflict message and nothing is overwritten."""
    stale_version = scene.entry.version
    casework.entry_update(
        entry=scene.entry, by=world.spoke_worker, version=stale_version, summary="Edited elsewhere."
    )
    url = reverse("cases:entry_update", kwargs={"case_pk": scene.case.pk, "pk": scene.entry.pk})

    response = login(world.spoke_worker).post(
        url, _entry_data(version=str(stale_version), summary="My older edit.")
    )

    html = response.content.decode()
    assert response.status_code == 409
    assert "changed this record while you were working on it" in html
    assert "summary" in html
    scene.entry.refresh_from_db()
    assert scene.entry.summary == "Edited elsewhere."
    # The form now starts from the saved version, so a deliberate second save goes through.
    assert f'name="version" value="{scene.entry.version}"' in html


def test_marking_entered_in_error_needs_a_reason(world, scene, login):
    """Given the hub manager, when they mark an entry in error without then with a reason,
    then the first is refused on the form and the second marks it and audits it."""
    client = login(world.hub_manager)
    url = reverse(
        "cases:entry_mark_in_error", kwargs={"case_pk": scene.case.pk, "pk": scene.entry.pk}
    )

    empty = client.post(url, {"reason": ""})
    done = client.post(url, {"reason": "Recorded on the wrong young person."})

    assert empty.status_code == 200
    assert "Say why this entry was entered in error" in empty.content.decode()
    assert done.status_code == 302
    scene.entry.refresh_from_db()
    assert scene.entry.is_entered_in_error
    assert AuditEvent.objects.filter(action=AuditEvent.Action.ENTRY_ENTERED_IN_ERROR).exists()


@pytest.mark.parametrize("kind", [CaseworkEntry.Kind.ONE_TO_ONE, CaseworkEntry.Kind.PHONE])
def test_casework_on_a_closed_case_is_refused(world, scene, login, kind):
    """Given a closed case, when the lead worker opens the casework form, then it is 403."""
    from cases.services import case_close

    case_close(
        case=scene.case,
        by=world.hub_manager,
        version=scene.case.version,
        reason="outcomes_met",
        outcome="Safe and settled at college.",
    )

    response = login(world.spoke_worker).post(
        reverse("cases:entry_create", kwargs={"pk": scene.case.pk}), _entry_data(kind=kind)
    )

    assert response.status_code == 403


def test_restricted_is_offered_to_the_owning_hub_and_kept(world, scene, login):
    """Given the lead worker ticks restricted, then the entry is restricted."""
    login(world.spoke_worker).post(
        reverse("cases:entry_create", kwargs={"pk": scene.case.pk}),
        _entry_data(summary="Sensitive disclosure.", restricted="on"),
    )

    assert CaseworkEntry.objects.get(summary="Sensitive disclosure.").restricted
