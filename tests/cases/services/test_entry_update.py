"""Editing casework keeps history, refuses stale versions and keeps last contact true."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from cases import casework
from cases.models import CaseworkEntry, CaseworkEntryRevision
from cases.selectors import entry_history
from cases.services import StaleVersionError


def test_an_edit_keeps_the_text_before_it(world, log):
    """Given an entry, when its author edits the summary twice, then each earlier text is
    kept as a revision, newest first, and the entry's version rises each time."""
    entry = log(summary="First words.")
    entry = casework.entry_update(
        entry=entry, by=world.spoke_worker, version=1, summary="Second words."
    )
    entry = casework.entry_update(
        entry=entry, by=world.spoke_worker, version=2, summary="Third words."
    )

    assert entry.summary == "Third words."
    assert entry.version == 3
    history = list(entry_history(entry=entry))
    assert [(r.version, r.summary) for r in history] == [(2, "Second words."), (1, "First words.")]
    assert history[0].replaced_by == world.spoke_worker


def test_an_edit_is_audited_with_the_fields_changed(world, case, log):
    """Given an entry, when it is edited, then the audit event names the case and the changed
    fields but not the text."""
    entry = log()

    casework.entry_update(
        entry=entry, by=world.spoke_worker, version=1, summary="New text.", restricted=True
    )

    event = AuditEvent.objects.filter(action=AuditEvent.Action.ENTRY_CHANGED).get()
    assert event.case_id == case.pk
    assert event.metadata["fields"] == ["summary", "restricted"]
    assert "New text" not in str(event.metadata)


def test_saving_without_a_change_writes_nothing(world, log):
    """Given an entry, when it is saved unchanged, then no revision or event is written."""
    entry = log(summary="Same.")

    casework.entry_update(entry=entry, by=world.spoke_worker, version=1, summary="Same.")

    assert not CaseworkEntryRevision.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.ENTRY_CHANGED).exists()


def test_a_stale_edit_is_refused_with_who_changed_what(world, log):
    """Given two people editing the same entry, when the second saves from the old version,
    then it is refused naming who changed which fields, and the first edit stands."""
    entry = log(summary="Original.")
    casework.entry_update(entry=entry, by=world.spoke_worker, version=1, summary="Theirs.")

    with pytest.raises(StaleVersionError) as caught:
        casework.entry_update(entry=entry, by=world.spoke_worker, version=1, summary="Mine.")

    assert "Sam Spoke changed this record" in str(caught.value)
    assert "summary" in str(caught.value)
    entry.refresh_from_db()
    assert entry.summary == "Theirs."
    assert CaseworkEntryRevision.objects.count() == 1


def test_bad_input_leaves_the_entry_and_its_history_alone(world, log):
    """Given an entry, when an edit blanks the summary, then it is refused and nothing
    changes: no revision, same version."""
    entry = log(summary="Kept.")

    with pytest.raises(ValidationError) as caught:
        casework.entry_update(entry=entry, by=world.spoke_worker, version=1, summary="")

    assert "summary" in caught.value.message_dict
    entry.refresh_from_db()
    assert (entry.summary, entry.version) == ("Kept.", 1)
    assert not CaseworkEntryRevision.objects.exists()


def test_fields_outside_the_entry_text_cannot_be_changed(world, log):
    """Given an entry, when an edit tries to change its author, then it is refused."""
    entry = log()

    with pytest.raises(ValidationError, match="cannot be changed: author"):
        casework.entry_update(entry=entry, by=world.spoke_worker, version=1, author=None)


def test_an_edit_that_ends_contact_moves_last_contact_back(world, case, log, an_hour_ago):
    """Given two attended sessions, when the later is corrected to did not attend, then the
    case's last contact is the earlier session."""
    earlier = an_hour_ago - datetime.timedelta(days=2)
    log(occurred_at=earlier)
    later = log()

    casework.entry_update(
        entry=later,
        by=world.spoke_worker,
        version=1,
        attendance=CaseworkEntry.Attendance.DID_NOT_ATTEND,
    )

    case.refresh_from_db()
    assert case.last_contact_at == earlier
