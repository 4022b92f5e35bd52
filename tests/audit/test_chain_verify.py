"""The chain check finds altered, removed and truncated events; PostgreSQL refuses edits."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.utils import DatabaseError

from audit.models import AuditEvent
from audit.selectors import audit_chain_verify
from audit.services import audit_record
from tests import factories

needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="database triggers are PostgreSQL's"
)


@pytest.fixture
def events(db) -> list[AuditEvent]:
    actor = factories.user()
    return [
        audit_record(actor=actor, action=AuditEvent.Action.LOGIN, metadata={"n": n})
        for n in range(5)
    ]


def _raw(sql: str, params: list[int | str]) -> None:
    """Change the table behind the application's back, as an intruder with SQL access would."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Only a superuser can do this; it stands for someone bypassing the application.
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = origin")


def test_an_untouched_chain_verifies(events):
    """Given events written by the application, then the chain is intact."""
    report = audit_chain_verify()

    assert report.intact
    assert report.checked == AuditEvent.objects.count()


def test_an_altered_event_is_detected(events):
    """Given an event's reason changed in the database, then verification names that event."""
    target = events[2]
    _raw("UPDATE audit_auditevent SET reason = %s WHERE id = %s", ["edited", target.pk])

    report = audit_chain_verify()

    assert not report.intact
    assert [b.sequence for b in report.breaks] == [target.sequence]
    assert "altered" in report.breaks[0].problem


def test_a_removed_event_is_detected(events):
    """Given an event deleted from the middle, then verification reports the gap."""
    target = events[1]
    _raw("DELETE FROM audit_auditevent WHERE id = %s", [target.pk])

    report = audit_chain_verify()

    assert not report.intact
    assert any("missing" in b.problem for b in report.breaks)


def test_removed_latest_events_are_detected(events):
    """Given the newest event deleted, then the head no longer matches and that is reported."""
    _raw("DELETE FROM audit_auditevent WHERE id = %s", [events[-1].pk])

    report = audit_chain_verify()

    assert not report.intact
    assert "removed" in report.breaks[-1].problem


def test_verify_command_succeeds_then_fails_after_tampering(events, capsys):
    """The management command says intact, then exits with an error once an event is altered."""
    call_command("verify_audit_chain")
    assert "intact" in capsys.readouterr().out

    _raw("UPDATE audit_auditevent SET action = %s WHERE id = %s", ["accounts.logout", events[0].pk])

    with pytest.raises(CommandError, match="broken"):
        call_command("verify_audit_chain")


@needs_postgres
def test_postgresql_refuses_update_and_delete(events):
    """On PostgreSQL the database itself refuses to change or remove an audit event."""
    for sql in (
        "UPDATE audit_auditevent SET reason = 'x' WHERE id = %s",
        "DELETE FROM audit_auditevent WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [events[0].pk])
