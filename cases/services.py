"""Writes to the case record: opening, closing, reopening, allocating, identity; and read audit.

Each write is one transaction with its audit event. Changes name the version they started
from; a stale version is refused with what changed since, never silently overwritten.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from audit.models import AuditEvent
from audit.services import audit_record
from cases.indicators import indicators_check
from cases.models import (
    Case,
    CaseReview,
    CaseWorker,
    RiskAssessment,
    RiskLevel,
    YoungPerson,
)
from partners.models import Agency, LocalAuthority, Membership, Role
from partners.selectors import reminder_settings_of

if TYPE_CHECKING:
    from accounts.models import User

# How long a closed case is kept before it is anonymised (unless on legal hold).
RETENTION_AFTER_CLOSURE = datetime.timedelta(days=365 * 7)


class StaleVersionError(Exception):
    """Someone else changed the record since this change began."""

    def __init__(self, *, record: models.Model, changed_fields: list[str], by: str) -> None:
        self.record = record
        self.changed_fields = changed_fields
        names = ", ".join(changed_fields) if changed_fields else "the record"
        super().__init__(
            f"{by} changed this record while you were working on it ({names}). "
            "Your changes have not been saved: check theirs, then make yours again."
        )


def review_due_after(*, risk_level: str, day: datetime.date, hub_id: int) -> datetime.date:
    """When the next review falls due: by risk, at the intervals the hub has set (by default
    high every 4 weeks, medium 8, low 12)."""
    return day + reminder_settings_of(hub_id=hub_id).review_interval(RiskLevel(risk_level))


def lock_for_change(*, model: type[models.Model], pk: int, version: int) -> Any:
    """Lock the row and check the caller started from its current version."""
    current = model._default_manager.select_for_update().get(pk=pk)
    if getattr(current, "version") != version:  # noqa: B009 - every locked model has one
        last = (
            AuditEvent.objects.filter(object_type=model._meta.label_lower, object_id=str(pk))
            .select_related("actor")
            .order_by("-sequence")
            .first()
        )
        raise StaleVersionError(
            record=current,
            changed_fields=list((last.metadata or {}).get("fields", [])) if last else [],
            by=str(last.actor) if last and last.actor else "Someone else",
        )
    return current


def _check_hub_worker(*, worker: User, hub: Agency, field: str) -> None:
    if (
        not Membership.objects.active()
        .filter(user_id=worker.pk, agency_id=hub.pk, role__in=[Role.SPOKE_WORKER, Role.HUB_MANAGER])
        .exists()
    ):
        raise ValidationError({field: f"{worker} does not work for {hub}."})


@transaction.atomic
def case_open(
    *,
    by: User,
    hub: Agency,
    local_authority: LocalAuthority,
    risk_level: str,
    rationale: str,
    young_person: YoungPerson | None = None,
    young_person_data: Mapping[str, Any] | None = None,
    indicators: Iterable[str] = (),
    lead_worker: User | None = None,
    opened_on: datetime.date | None = None,
    referral_id: int | None = None,
) -> Case:
    """Open a case for a known young person or a new one, with its first risk assessment."""
    if not hub.is_hub:
        raise ValidationError({"hub": "Cases are owned by a CSE service hub."})
    if young_person is None:
        if not young_person_data:
            raise ValidationError({"young_person": "Say who the young person is."})
        young_person = YoungPerson(
            owning_agency=hub, local_authority=local_authority, **young_person_data
        )
        young_person.full_clean()
        young_person.save()
    elif young_person.owning_agency_id != hub.pk:
        raise ValidationError({"young_person": "This young person is known to another hub."})
    if lead_worker is not None:
        _check_hub_worker(worker=lead_worker, hub=hub, field="lead_worker")
    codes = indicators_check(indicators)
    day = opened_on or timezone.localdate()
    case = Case(
        young_person=young_person,
        owning_agency=hub,
        local_authority=local_authority,
        lead_worker=lead_worker,
        risk_level=risk_level,
        opened_on=day,
        referral_id=referral_id,
        next_review_due=review_due_after(risk_level=risk_level, day=day, hub_id=hub.pk)
        if risk_level in RiskLevel.values
        else None,
        allocated_at=timezone.now() if lead_worker is not None else None,
    )
    case.full_clean()
    case.save()
    assessment = RiskAssessment(
        case=case,
        level=risk_level,
        indicators=codes,
        rationale=rationale,
        assessed_on=day,
        assessed_by=by,
    )
    assessment.full_clean()
    assessment.save()
    if case.next_review_due is not None:
        CaseReview.objects.create(case=case, due_on=case.next_review_due)
    audit_record(
        actor=by,
        action=AuditEvent.Action.CASE_OPENED,
        obj=case,
        case_id=case.pk,
        metadata={"young_person_id": young_person.pk, "risk_level": risk_level},
    )
    return case


def _bump(case: Case, fields: list[str]) -> None:
    case.version += 1
    case.updated_at = timezone.now()
    case.save(update_fields=[*fields, "version", "updated_at"])


@transaction.atomic
def case_close(*, case: Case, by: User, version: int, reason: str, outcome: str) -> Case:
    case = lock_for_change(model=Case, pk=case.pk, version=version)
    if not case.is_open:
        raise ValidationError("This case is already closed.")
    if reason not in Case.ClosureReason.values:
        raise ValidationError({"closure_reason": "Choose why the case is closing."})
    if not outcome.strip():
        raise ValidationError({"closure_outcome": "Describe the outcome for the young person."})
    today = timezone.localdate()
    case.status = Case.Status.CLOSED
    case.closed_on = today
    case.closure_reason = reason
    case.closure_outcome = outcome.strip()
    case.retention_until = today + RETENTION_AFTER_CLOSURE
    case.next_review_due = None
    _bump(
        case,
        [
            "status",
            "closed_on",
            "closure_reason",
            "closure_outcome",
            "retention_until",
            "next_review_due",
        ],
    )
    audit_record(
        actor=by,
        action=AuditEvent.Action.CASE_CLOSED,
        obj=case,
        case_id=case.pk,
        metadata={"reason": reason},
    )
    return case


@transaction.atomic
def case_reopen(*, case: Case, by: User, version: int, reason: str) -> Case:
    case = lock_for_change(model=Case, pk=case.pk, version=version)
    if case.is_open:
        raise ValidationError("This case is already open.")
    if not reason.strip():
        raise ValidationError({"reason": "Say why the case is reopening."})
    today = timezone.localdate()
    case.status = Case.Status.OPEN
    case.closed_on = None
    case.retention_until = None
    case.next_review_due = review_due_after(
        risk_level=case.risk_level, day=today, hub_id=case.owning_agency_id
    )
    _bump(case, ["status", "closed_on", "retention_until", "next_review_due"])
    # Reviews not held when the case closed were left behind; the next one is due from today.
    if not CaseReview.objects.filter(case_id=case.pk, held_on__isnull=True).exists():
        CaseReview.objects.create(case=case, due_on=case.next_review_due)
    audit_record(
        actor=by,
        action=AuditEvent.Action.CASE_REOPENED,
        obj=case,
        case_id=case.pk,
        reason=reason.strip(),
    )
    return case


@transaction.atomic
def case_allocate(
    *,
    case: Case,
    by: User,
    version: int,
    lead_worker: User | None,
    co_workers: Iterable[User] = (),
) -> Case:
    """Set the lead worker and the co-workers (ending co-workers no longer named)."""
    case = lock_for_change(model=Case, pk=case.pk, version=version)
    co_workers = [w for w in co_workers if lead_worker is None or w.pk != lead_worker.pk]
    for worker in [lead_worker, *co_workers]:
        if worker is not None:
            _check_hub_worker(worker=worker, hub=case.owning_agency, field="lead_worker")
    today = timezone.localdate()
    wanted = {w.pk for w in co_workers}
    current = CaseWorker.objects.filter(case=case, ends_on__isnull=True)
    current.exclude(worker_id__in=wanted).update(ends_on=today)
    existing = set(current.values_list("worker_id", flat=True))
    CaseWorker.objects.bulk_create(
        CaseWorker(case=case, worker=w, starts_on=today) for w in co_workers if w.pk not in existing
    )
    changed = ["lead_worker"]
    if case.lead_worker_id != (lead_worker.pk if lead_worker else None):
        # First contact falls due from the new lead worker's allocation.
        case.allocated_at = timezone.now() if lead_worker is not None else None
        changed.append("allocated_at")
    case.lead_worker = lead_worker
    _bump(case, changed)
    audit_record(
        actor=by,
        action=AuditEvent.Action.CASE_ALLOCATED,
        obj=case,
        case_id=case.pk,
        metadata={
            "lead_worker_id": lead_worker.pk if lead_worker else None,
            "co_worker_ids": sorted(wanted),
        },
    )
    return case


YOUNG_PERSON_FIELDS = (
    "first_name",
    "last_name",
    "preferred_name",
    "date_of_birth",
    "gender",
    "gender_self_described",
    "ethnicity",
    "safe_contact_channels",
    "safe_contact_times",
    "do_not_text",
    "safe_contact_notes",
)


@transaction.atomic
def young_person_update(*, case: Case, by: User, **fields: Any) -> YoungPerson:
    """Change the young person's identity, demographics or safe-contact rules."""
    unknown = set(fields) - set(YOUNG_PERSON_FIELDS)
    if unknown:
        raise ValidationError(f"Unknown fields: {', '.join(sorted(unknown))}.")
    person = YoungPerson.objects.select_for_update().get(pk=case.young_person_id)
    changed = [name for name, value in fields.items() if getattr(person, name) != value]
    for name in changed:
        setattr(person, name, fields[name])
    if changed:
        person.full_clean()
        person.save(update_fields=changed)
        audit_record(
            actor=by,
            action=AuditEvent.Action.YOUNG_PERSON_CHANGED,
            obj=person,
            case_id=case.pk,
            metadata={"fields": changed},
        )
    return person


def case_read_record(
    *,
    by: User,
    case: Case,
    action: str,
    obj: models.Model | None = None,
    reason: str = "",
) -> None:
    """Audit a read of a young person's record (detail, chronology, print, entry, API)."""
    audit_record(actor=by, action=action, obj=obj or case, case_id=case.pk, reason=reason)
