"""Writes about a worker's balance: the hub's target share of each kind of work.

Callers ask `consultancy.policies.may_set_balance_target` first.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from audit.models import AuditEvent
from audit.services import audit_record
from consultancy.models import BalanceTarget
from consultancy.selectors.balance import KIND_LABELS, KINDS

if TYPE_CHECKING:
    from accounts.models import User
    from partners.models import Agency


class _Unchecked:
    """No check that the target is still the one the caller started from."""


UNCHECKED = _Unchecked()


class TargetChangedError(Exception):
    """Someone else set the hub's target after this change began."""

    def __init__(self, *, target: BalanceTarget) -> None:
        self.target = target
        who = str(target.updated_by) if target.updated_by_id else "Someone else"
        super().__init__(
            f"{who} changed the target while you were working on it. Your changes have not "
            "been saved: check theirs, then make yours again."
        )


def _clean_share(value: Any, *, field: str) -> int:
    label = KIND_LABELS[field].lower()
    if isinstance(value, str):
        value = value.strip()
    if value in (None, ""):
        raise ValidationError({field: f"Enter the target share for {label}."})
    if isinstance(value, str) and value.isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError({field: f"Enter the share for {label} as a whole number."})
    if not 0 <= value <= 100:
        raise ValidationError({field: f"Enter a share for {label} from 0 to 100."})
    return value


def clean_target_shares(**shares: Any) -> dict[str, int]:
    """Four whole percentages from 0 to 100 that add up to 100."""
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, int] = {}
    for kind in KINDS:
        try:
            cleaned[kind] = _clean_share(shares.get(kind), field=kind)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    total = sum(cleaned.values())
    if total != 100:
        raise ValidationError(
            {
                NON_FIELD_ERRORS: ValidationError(
                    f"The four shares must add up to 100%. They add up to {total}%.",
                    code="total",
                )
            }
        )
    return cleaned


@transaction.atomic
def balance_target_set(
    *,
    hub: Agency,
    by: User,
    direct_work: Any,
    consultancy: Any,
    training: Any,
    awareness: Any,
    started_from: datetime.datetime | None | _Unchecked = UNCHECKED,
) -> BalanceTarget:
    """Set the hub's target shares, refusing if it changed after the caller looked at it.

    `started_from` is when the target the caller saw was set: None for the default (no target
    saved yet); leave it out to set the target whatever it is now.
    """
    shares = clean_target_shares(
        direct_work=direct_work, consultancy=consultancy, training=training, awareness=awareness
    )
    current = (
        BalanceTarget.objects.select_for_update()
        .select_related("updated_by")
        .filter(hub_id=hub.pk)
        .first()
    )
    checked = not isinstance(started_from, _Unchecked)
    if checked and current is not None and current.updated_at != started_from:
        raise TargetChangedError(target=current)
    before = {kind: getattr(current, kind) for kind in KINDS} if current is not None else None
    if current is None:
        current = BalanceTarget(hub=hub, updated_by=by, updated_at=timezone.now(), **shares)
        try:
            with transaction.atomic():
                current.save()
        except IntegrityError:
            # Another manager saved the hub's first target at the same moment.
            raise TargetChangedError(
                target=BalanceTarget.objects.select_related("updated_by").get(hub_id=hub.pk)
            ) from None
        changed = list(KINDS)
    else:
        changed = [kind for kind in KINDS if before and before[kind] != shares[kind]]
        for kind, share in shares.items():
            setattr(current, kind, share)
        current.updated_by = by
        current.updated_at = timezone.now()
        current.save(update_fields=[*KINDS, "updated_by", "updated_at"])
    audit_record(
        actor=by,
        action=AuditEvent.Action.BALANCE_TARGET_CHANGED,
        obj=current,
        metadata={"fields": changed, "hub_id": hub.pk},
    )
    return current
