"""Reading the audit log, and checking that its chain is whole."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from audit.models import AuditChainHead, AuditEvent
from audit.services import GENESIS_HASH, chained_fields, event_digest


@dataclass(frozen=True)
class ChainBreak:
    sequence: int
    problem: str


@dataclass(frozen=True)
class ChainReport:
    checked: int
    breaks: list[ChainBreak]

    @property
    def intact(self) -> bool:
        return not self.breaks


def _events_in_order(batch_size: int) -> Iterator[AuditEvent]:
    # Keyset pagination: constant memory, and no OFFSET scans on a large log.
    last = 0
    while True:
        batch = list(AuditEvent.objects.filter(sequence__gt=last).order_by("sequence")[:batch_size])
        if not batch:
            return
        yield from batch
        last = batch[-1].sequence


def audit_chain_verify(*, batch_size: int = 5000, max_breaks: int = 100) -> ChainReport:
    """Recompute every hash in sequence; report altered, missing or re-ordered events."""
    breaks: list[ChainBreak] = []
    previous_hash = GENESIS_HASH
    expected_sequence = 1
    checked = 0
    for event in _events_in_order(batch_size):
        checked += 1
        if event.sequence != expected_sequence:
            breaks.append(
                ChainBreak(
                    expected_sequence,
                    f"events {expected_sequence}–{event.sequence - 1} are missing",
                )
            )
        if event.previous_hash != previous_hash:
            breaks.append(ChainBreak(event.sequence, "does not follow the event before it"))
        if event_digest(previous_hash=event.previous_hash, fields=chained_fields(event)) != (
            event.hash
        ):
            breaks.append(ChainBreak(event.sequence, "has been altered since it was written"))
        if len(breaks) >= max_breaks:
            return ChainReport(checked=checked, breaks=breaks)
        previous_hash = event.hash
        expected_sequence = event.sequence + 1
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and (head.sequence != expected_sequence - 1 or head.hash != previous_hash):
        breaks.append(ChainBreak(head.sequence, "the latest events have been removed"))
    return ChainReport(checked=checked, breaks=breaks)
