"""Drafts are private until finished; entries entered in error stay but count for nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from cases import casework
from cases.models import CaseworkEntry
from cases.policies import visible_entries
from cases.services import StaleVersionError


def test_a_draft_is_seen_only_by_its_author(world, case, log):
    """Given a draft by the lead worker, when the hub manager lists the entries, then the
    draft is not among them; its author sees it."""
    draft = log(draft=True)

    assert draft.status == CaseworkEntry.Status.DRAFT
    assert list(visible_entries(world.spoke_worker, case)) == [draft]
    assert list(visible_entries(world.hub_manager, case)) == []


def test_finishing_a_draft_shows_it_and_counts_the_contact(world, case, log, an_hour_ago):
    """Given a draft session, when its author finishes it, then everyone with access sees
    it, it counts as contact, and the change is audited."""
    draft = log(draft=True)

    entry = casework.entry_finalise(entry=draft, by=world.spoke_worker, version=1)

    assert entry.status == CaseworkEntry.Status.FINAL
    assert entry.version == 2
    assert list(visible_entries(world.hub_manager, case)) == [entry]
    case.refresh_from_db()
    assert case.last_contact_at == an_hour_ago
    event = AuditEvent.objects.filter(action=AuditEvent.Action.ENTRY_CHANGED).get()
    assert (event.case_id, event.metadata["finalised"]) == (case.pk, True)


def test_finishing_a_final_entry_is_refused(world, log):
    """Given a final entry, when it is finished again, then it is refused."""
    entry = log()

    with pytest.raises(ValidationError, match="already finished"):
        casework.entry_finalise(entry=entry, by=world.spoke_worker, version=1)


def test_finishing_from_a_stale_version_is_refused(world, log):
    """Given a draft edited since it was opened, when it is finished from the old version,
    then it is refused and stays a draft."""
    draft = log(draft=True)
    casework.entry_update(entry=draft, by=world.spoke_worker, version=1, summary="Edited.")

    with pytest.raises(StaleVersionError):
        casework.entry_finalise(entry=draft, by=world.spoke_worker, version=1)
    draft.refresh_from_db()
    assert draft.is_draft


def test_entered_in_error_keeps_the_entry_and_drops_it_from_last_contact(
    world, case, log, an_hour_ago
):
    """Given the only session on a case, when it is marked entered in error, then it stays
    on the record with the reason, and the case has no last contact."""
    entry = log()

    marked = casework.entry_mark_in_error(
        entry=entry, by=world.hub_manager, reason="Logged on the wrong young person."
    )

    assert CaseworkEntry.objects.filter(pk=entry.pk).exists()
    assert marked.is_entered_in_error
    assert marked.entered_in_error_by == world.hub_manager
    assert marked.entered_in_error_reason == "Logged on the wrong young person."
    case.refresh_from_db()
    assert case.last_contact_at is None
    event = AuditEvent.objects.filter(action=AuditEvent.Action.ENTRY_ENTERED_IN_ERROR).get()
    assert event.case_id == case.pk


def test_entered_in_error_needs_a_reason(world, log):
    """Given an entry, when it is marked entered in error without a reason, then it is
    refused and the entry is untouched."""
    entry = log()

    with pytest.raises(ValidationError) as caught:
        casework.entry_mark_in_error(entry=entry, by=world.hub_manager, reason="  ")

    assert "reason" in caught.value.message_dict
    entry.refresh_from_db()
    assert not entry.is_entered_in_error


def test_an_entry_entered_in_error_can_no_longer_be_edited(world, log):
    """Given an entry marked entered in error, when someone still editing it saves, then
    their stale version is refused; from the new version, the edit is refused outright."""
    entry = log()
    casework.entry_mark_in_error(entry=entry, by=world.spoke_worker, reason="Duplicate.")

    with pytest.raises(StaleVersionError):
        casework.entry_update(entry=entry, by=world.spoke_worker, version=1, summary="X.")
    with pytest.raises(ValidationError, match="entered in error"):
        casework.entry_update(entry=entry, by=world.spoke_worker, version=2, summary="X.")
    with pytest.raises(ValidationError, match="already marked"):
        casework.entry_mark_in_error(entry=entry, by=world.spoke_worker, reason="Again.")
