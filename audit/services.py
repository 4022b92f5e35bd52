"""Writing audit events: always inside the caller's transaction, always chained."""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any

from django.db import models, transaction
from django.utils import timezone

from audit import context
from audit.models import AuditChainHead, AuditEvent

if TYPE_CHECKING:
    from accounts.models import User

GENESIS_HASH = "0" * 64


def event_digest(*, previous_hash: str, fields: dict[str, Any]) -> str:
    """SHA-256 over the previous hash and a canonical JSON of the event's recorded fields."""
    canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256((previous_hash + canonical).encode()).hexdigest()


def chained_fields(event: AuditEvent) -> dict[str, Any]:
    """The fields the hash covers, in a form that survives a round trip through the database."""
    return {
        "sequence": event.sequence,
        "occurred_at": event.occurred_at.isoformat(timespec="microseconds"),
        "actor_id": event.actor_id,
        "agency_id": event.agency_id,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "case_id": event.case_id,
        "reason": event.reason,
        "request_id": event.request_id,
        "ip": event.ip,
        "metadata": event.metadata,
    }


def audit_record(
    *,
    actor: User | None,
    action: str,
    obj: models.Model | None = None,
    agency_id: int | None = None,
    reason: str = "",
    case_id: int | None = None,
    metadata: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the chain, in the caller's transaction (or a new one)."""
    ctx = context.current()
    with transaction.atomic():
        # The head row lock serialises writers so the chain never forks; it is held only
        # until the surrounding transaction commits.
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
        event = AuditEvent(
            sequence=head.sequence + 1,
            occurred_at=timezone.now(),
            actor=actor if actor is not None and actor.is_authenticated else None,
            agency_id=agency_id if agency_id is not None else ctx.agency_id,
            action=action,
            object_type=obj._meta.label_lower if obj is not None else "",
            object_id=str(obj.pk) if obj is not None else "",
            case_id=case_id,
            reason=reason,
            request_id=ctx.request_id,
            ip=ctx.ip,
            metadata=metadata or {},
            previous_hash=head.hash,
        )
        event.hash = event_digest(previous_hash=head.hash, fields=chained_fields(event))
        event.save()
        head.sequence = event.sequence
        head.hash = event.hash
        head.save(update_fields=["sequence", "hash"])
    return event
