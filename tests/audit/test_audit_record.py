"""Writing audit events: chained, in the caller's transaction, carrying the request context."""

from __future__ import annotations

import pytest
from django.db import transaction

from audit.context import RequestContext, bound
from audit.models import AppendOnlyError, AuditChainHead, AuditEvent
from audit.services import GENESIS_HASH, audit_record
from tests import factories


@pytest.fixture
def actor(db):
    return factories.user()


def test_first_event_follows_the_genesis_hash(actor):
    """Given an empty log, when an event is written, then it is #1 and chains from genesis."""
    event = audit_record(actor=actor, action=AuditEvent.Action.USER_CHANGED, obj=actor)

    assert event.sequence == 1
    assert event.previous_hash == GENESIS_HASH
    assert len(event.hash) == 64
    head = AuditChainHead.objects.get()
    assert (head.sequence, head.hash) == (1, event.hash)


def test_each_event_chains_from_the_one_before(actor):
    """Given events written in turn, then each names the hash of the one before it."""
    first = audit_record(actor=actor, action=AuditEvent.Action.LOGIN)
    second = audit_record(actor=actor, action=AuditEvent.Action.LOGOUT)

    assert second.sequence == first.sequence + 1
    assert second.previous_hash == first.hash


def test_event_carries_actor_object_and_request_context(actor):
    """Given a bound request context, then the event records its id, IP and agency."""
    hub = factories.agency(kind="cse_hub")
    with bound(RequestContext(request_id="req-12345678", ip="192.0.2.7", agency_id=hub.pk)):
        event = audit_record(
            actor=actor,
            action=AuditEvent.Action.USER_DISABLED,
            obj=actor,
            reason="Left the service",
            metadata={"sessions_and_tokens_ended": 2},
        )

    event.refresh_from_db()
    assert event.actor_id == actor.pk
    assert event.agency_id == hub.pk
    assert (event.object_type, event.object_id) == ("accounts.user", str(actor.pk))
    assert (event.request_id, event.ip) == ("req-12345678", "192.0.2.7")
    assert event.reason == "Left the service"
    assert event.metadata == {"sessions_and_tokens_ended": 2}


def test_event_rolls_back_with_the_action_it_records(actor):
    """Given an action that fails after auditing, then neither the action nor its event remain."""
    before = AuditEvent.objects.count()

    def failing_action() -> None:
        with transaction.atomic():
            audit_record(actor=actor, action=AuditEvent.Action.USER_CHANGED, obj=actor)
            raise RuntimeError("the action failed")

    with pytest.raises(RuntimeError):
        failing_action()

    assert AuditEvent.objects.count() == before
    assert AuditChainHead.objects.filter(sequence__gt=before).count() == 0


def test_the_application_cannot_change_an_event(actor):
    """Audit events refuse save-after-create, delete and queryset update or delete."""
    event = audit_record(actor=actor, action=AuditEvent.Action.LOGIN)

    event.reason = "rewritten"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(reason="rewritten")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).delete()


def test_anonymous_actor_is_recorded_as_none(db):
    """A failed login has no actor: the event is written with none."""
    from django.contrib.auth.models import AnonymousUser

    event = audit_record(actor=AnonymousUser(), action=AuditEvent.Action.LOGIN_FAILED)  # type: ignore[arg-type]

    assert event.actor_id is None
