"""Writes to casework: logging, editing with history, finishing drafts, marking entered in error.

Each write is one transaction with its audit event (ids and field names only, never text).
Access is the caller's business: views and API views ask `cases.policies` first.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case as SqlCase
from django.db.models import F, Max, Min, Q, Value, When
from django.utils import timezone

from audit import context
from audit.models import AuditEvent
from audit.services import audit_record
from cases.models import Case, CaseShare, CaseworkEntry, CaseworkEntryRevision
from cases.services import lock_for_change
from partners.selectors import active_memberships

if TYPE_CHECKING:
    from accounts.models import User
    from partners.models import Agency

# The fields an edit may change; each edit keeps the values before it as a revision.
ENTRY_EDITABLE_FIELDS = (
    "kind",
    "occurred_at",
    "duration_minutes",
    "attendance",
    "summary",
    "young_persons_voice",
    "restricted",
)
# A session can last a day at most; anything longer is a typing slip.
MAX_DURATION_MINUTES = 24 * 60
# Clocks on phones drift: a few minutes ahead is "now", not the future.
FUTURE_TOLERANCE = datetime.timedelta(minutes=5)
# Fields whose change can make an entry start or stop counting as contact.
_CONTACT_FIELDS = frozenset({"kind", "occurred_at", "attendance"})


def _clean_occurred_at(value: Any) -> datetime.datetime:
    if isinstance(value, datetime.datetime):
        moment = value
    elif isinstance(value, datetime.date):
        moment = datetime.datetime.combine(value, datetime.time(12, 0))
    else:
        raise ValidationError({"occurred_at": "Enter the date and time it happened."})
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    if moment > timezone.now() + FUTURE_TOLERANCE:
        raise ValidationError({"occurred_at": "The date and time cannot be in the future."})
    return moment


def _clean_entry(values: dict[str, Any]) -> dict[str, Any]:
    """Check casework fields, returning them tidied, or raise every problem at once."""
    errors: dict[str, str] = {}
    cleaned = dict(values)
    if "kind" in values and values["kind"] not in CaseworkEntry.Kind.values:
        errors["kind"] = "Choose what kind of casework this was."
    if "attendance" in values and values["attendance"] not in CaseworkEntry.Attendance.values:
        errors["attendance"] = "Choose whether the young person attended."
    if "summary" in values:
        summary = str(values["summary"] or "").strip()
        if not summary:
            errors["summary"] = "Describe what happened."
        cleaned["summary"] = summary
    if "young_persons_voice" in values:
        cleaned["young_persons_voice"] = str(values["young_persons_voice"] or "").strip()
    if "duration_minutes" in values and values["duration_minutes"] is not None:
        duration = values["duration_minutes"]
        if (
            isinstance(duration, bool)
            or not isinstance(duration, int)
            or not 0 <= duration <= MAX_DURATION_MINUTES
        ):
            errors["duration_minutes"] = (
                f"Enter the duration in whole minutes, from 0 to {MAX_DURATION_MINUTES}."
            )
    if "restricted" in values:
        cleaned["restricted"] = bool(values["restricted"])
    if "occurred_at" in values:
        try:
            cleaned["occurred_at"] = _clean_occurred_at(values["occurred_at"])
        except ValidationError as error:
            errors.update({k: v[0] for k, v in error.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    return cleaned


def _check_restricted_allowed(*, case: Case, agency: Agency, restricted: bool) -> None:
    # A restricted entry is seen only inside the owning hub: one written by a partner agency
    # would be hidden from its own author.
    if restricted and agency.pk != case.owning_agency_id:
        raise ValidationError(
            {"restricted": "Only the hub that owns the case can restrict an entry."}
        )


def author_agency_for(*, case: Case, by: User) -> Agency:
    """The agency an entry is written for: the owning hub if `by` works there, else theirs."""
    memberships = active_memberships(by)
    if not memberships:
        raise ValidationError("You need a membership of an agency in force to record casework.")
    for membership in memberships:
        if membership.agency_id == case.owning_agency_id:
            return membership.agency
    acting = context.current().agency_id
    for membership in memberships:
        if membership.agency_id == acting:
            return membership.agency
    # Someone with several agencies writes for the one the case is shared with.
    shared_with = set(
        CaseShare.objects.filter(
            case_id=case.pk,
            revoked_at__isnull=True,
            agency_id__in=[m.agency_id for m in memberships],
        ).values_list("agency_id", flat=True)
    )
    for membership in memberships:
        if membership.agency_id in shared_with:
            return membership.agency
    return memberships[0].agency


def _refresh_last_contact(*, case_id: int) -> None:
    """Recompute the case's first and last successful contact from its entries (after an edit)."""
    contact = CaseworkEntry.objects.filter(
        case_id=case_id,
        status=CaseworkEntry.Status.FINAL,
        entered_in_error_at__isnull=True,
        kind__in=CaseworkEntry.CONTACT_KINDS,
        attendance=CaseworkEntry.Attendance.ATTENDED,
    ).aggregate(first=Min("occurred_at"), latest=Max("occurred_at"))
    # Denormalised figures, not an edit of the case: the case's version is left alone so a
    # session logged meanwhile never makes someone's case change stale.
    Case.objects.filter(pk=case_id).update(
        first_contact_at=contact["first"], last_contact_at=contact["latest"]
    )


def _note_contact(*, entry: CaseworkEntry) -> None:
    """Widen the case's first and last contact to take in this entry, if it is successful."""
    if not entry.is_successful_contact:
        return
    when = entry.occurred_at
    earlier = Q(first_contact_at__isnull=True) | Q(first_contact_at__gt=when)
    later = Q(last_contact_at__isnull=True) | Q(last_contact_at__lt=when)
    # One guarded UPDATE that compares with the row as stored, so sessions logged at the same
    # time can only widen the span, never narrow it.
    Case.objects.filter(earlier | later, pk=entry.case_id).update(
        first_contact_at=SqlCase(When(earlier, then=Value(when)), default=F("first_contact_at")),
        last_contact_at=SqlCase(When(later, then=Value(when)), default=F("last_contact_at")),
    )


@transaction.atomic
def entry_create(
    *,
    case: Case,
    by: User,
    kind: str,
    occurred_at: datetime.datetime,
    attendance: str,
    summary: str,
    young_persons_voice: str = "",
    duration_minutes: int | None = None,
    restricted: bool = False,
    draft: bool = False,
) -> CaseworkEntry:
    """Log casework on a case (a draft if it is to be finished later)."""
    if not case.is_open:
        raise ValidationError("This case is closed: reopen it before recording casework.")
    cleaned = _clean_entry(
        {
            "kind": kind,
            "occurred_at": occurred_at,
            "attendance": attendance,
            "summary": summary,
            "young_persons_voice": young_persons_voice,
            "duration_minutes": duration_minutes,
            "restricted": restricted,
        }
    )
    author_agency = author_agency_for(case=case, by=by)
    _check_restricted_allowed(case=case, agency=author_agency, restricted=cleaned["restricted"])
    now = timezone.now()
    entry = CaseworkEntry(
        case=case,
        author=by,
        author_agency=author_agency,
        status=CaseworkEntry.Status.DRAFT if draft else CaseworkEntry.Status.FINAL,
        created_at=now,
        updated_at=now,
        **cleaned,
    )
    entry.clean_fields(exclude=["case", "author", "author_agency", "entered_in_error_by"])
    entry.save()
    _note_contact(entry=entry)
    audit_record(
        actor=by,
        action=AuditEvent.Action.ENTRY_CREATED,
        obj=entry,
        agency_id=entry.author_agency_id,
        case_id=case.pk,
        metadata={"kind": entry.kind, "draft": draft, "restricted": entry.restricted},
    )
    return entry


def _revision_of(entry: CaseworkEntry, *, by: User) -> CaseworkEntryRevision:
    return CaseworkEntryRevision(
        entry=entry,
        version=entry.version,
        kind=entry.kind,
        occurred_at=entry.occurred_at,
        duration_minutes=entry.duration_minutes,
        attendance=entry.attendance,
        summary=entry.summary,
        young_persons_voice=entry.young_persons_voice,
        restricted=entry.restricted,
        replaced_by=by,
        replaced_at=timezone.now(),
    )


@transaction.atomic
def entry_update(*, entry: CaseworkEntry, by: User, version: int, **fields: Any) -> CaseworkEntry:
    """Change an entry, keeping its text before the edit as a revision."""
    unknown = set(fields) - set(ENTRY_EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(f"These fields cannot be changed: {', '.join(sorted(unknown))}.")
    entry = lock_for_change(model=CaseworkEntry, pk=entry.pk, version=version)
    if entry.is_entered_in_error:
        raise ValidationError("This entry was marked entered in error and cannot be changed.")
    cleaned = _clean_entry(fields)
    changed = [name for name in ENTRY_EDITABLE_FIELDS if name in cleaned]
    changed = [name for name in changed if getattr(entry, name) != cleaned[name]]
    if not changed:
        return entry
    _revision_of(entry, by=by).save()
    for name in changed:
        setattr(entry, name, cleaned[name])
    _check_restricted_allowed(
        case=entry.case, agency=entry.author_agency, restricted=entry.restricted
    )
    entry.version += 1
    entry.updated_at = timezone.now()
    entry.clean_fields(exclude=["case", "author", "author_agency", "entered_in_error_by"])
    entry.save(update_fields=[*changed, "version", "updated_at"])
    if _CONTACT_FIELDS.intersection(changed):
        _refresh_last_contact(case_id=entry.case_id)
    audit_record(
        actor=by,
        action=AuditEvent.Action.ENTRY_CHANGED,
        obj=entry,
        case_id=entry.case_id,
        metadata={"fields": changed, "version": entry.version},
    )
    return entry


@transaction.atomic
def entry_finalise(*, entry: CaseworkEntry, by: User, version: int) -> CaseworkEntry:
    """Finish a draft so that everyone who may see the case's casework sees it."""
    entry = lock_for_change(model=CaseworkEntry, pk=entry.pk, version=version)
    if not entry.is_draft:
        raise ValidationError("This entry is already finished.")
    if entry.is_entered_in_error:
        raise ValidationError("This entry was marked entered in error and cannot be finished.")
    entry.status = CaseworkEntry.Status.FINAL
    entry.version += 1
    entry.updated_at = timezone.now()
    entry.save(update_fields=["status", "version", "updated_at"])
    _note_contact(entry=entry)
    audit_record(
        actor=by,
        action=AuditEvent.Action.ENTRY_CHANGED,
        obj=entry,
        case_id=entry.case_id,
        metadata={"fields": ["status"], "finalised": True, "version": entry.version},
    )
    return entry


@transaction.atomic
def entry_mark_in_error(*, entry: CaseworkEntry, by: User, reason: str) -> CaseworkEntry:
    """Mark an entry entered in error: it stays on the record, but counts for nothing."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why this entry was entered in error."})
    entry = CaseworkEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.is_entered_in_error:
        raise ValidationError("This entry is already marked entered in error.")
    entry.entered_in_error_at = timezone.now()
    entry.entered_in_error_by = by
    entry.entered_in_error_reason = reason
    # A new version, so anyone still editing the entry is told rather than overwriting it.
    entry.version += 1
    entry.updated_at = entry.entered_in_error_at
    entry.save(
        update_fields=[
            "entered_in_error_at",
            "entered_in_error_by",
            "entered_in_error_reason",
            "version",
            "updated_at",
        ]
    )
    _refresh_last_contact(case_id=entry.case_id)
    audit_record(
        actor=by,
        action=AuditEvent.Action.ENTRY_ENTERED_IN_ERROR,
        obj=entry,
        case_id=entry.case_id,
        reason=reason,
        metadata={"fields": ["entered_in_error"], "version": entry.version},
    )
    return entry
