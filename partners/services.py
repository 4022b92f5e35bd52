"""Writes to the partnership records: each one transaction with its audit event."""

from __future__ import annotations

import csv
import datetime
import re
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from audit.models import AuditEvent
from audit.services import audit_record
from partners.models import (
    Agency,
    InformationSharingAgreement,
    LocalAuthority,
    Membership,
    ReminderSettings,
    Role,
    SpokePlacement,
    SupervisionRecord,
)
from partners.selectors import forget_memberships

if TYPE_CHECKING:
    from accounts.models import User


def _apply(instance: models.Model, data: Mapping[str, Any]) -> list[str]:
    """Set plain fields from `data`; return the names of those that changed."""
    changed = []
    for name, value in data.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed.append(name)
    return changed


def _validated(instance: models.Model) -> None:
    instance.full_clean(exclude=["group"] if isinstance(instance, Agency) else None)


# Local authorities


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int


GSS_CODE = re.compile(r"[EWSN]\d{8}")
# The CSV reader records each row's line in the file under this key, for error messages.
LINE_KEY = "_line"


def _region_from(value: str) -> str:
    """A region given by its code ('north_east') or its ONS name ('North East')."""
    wanted = value.strip().casefold()
    for code, label in LocalAuthority.Region.choices:
        if wanted in (code.casefold(), str(label).casefold()):
            return code
    return ""


@transaction.atomic
def local_authorities_import(*, rows: Iterable[Mapping[str, str]], by: User | None) -> ImportResult:
    """Create or rename local authorities keyed by GSS code; all rows or none."""
    created = updated = unchanged = 0
    seen: dict[str, int] = {}
    for position, row in enumerate(rows, start=2):
        line = int(row.get(LINE_KEY) or position)
        name = (row.get("name") or "").strip()
        code = (row.get("gss_code") or row.get("code") or "").strip().upper()
        region_given = (row.get("region") or "").strip()
        if not name or not code:
            raise ValidationError(f"Line {line}: a name and a GSS code are needed.")
        if not GSS_CODE.fullmatch(code):
            raise ValidationError(
                f"Line {line}: '{code}' is not a GSS code "
                "(a letter and eight digits, for example E10000002)."
            )
        if code in seen:
            raise ValidationError(f"Line {line}: {code} is already on line {seen[code]}.")
        seen[code] = line
        region = _region_from(region_given) if region_given else ""
        if region_given and not region:
            raise ValidationError(f"Line {line}: unknown region '{region_given}'.")
        la = LocalAuthority.objects.filter(gss_code=code).first()
        if la is None:
            la = LocalAuthority(name=name, gss_code=code, region=region)
            _validated_row(la, line)
            la.save()
            audit_record(actor=by, action=AuditEvent.Action.LOCAL_AUTHORITY_CREATED, obj=la)
            created += 1
            continue
        changes = _apply(la, {"name": name, "region": region or la.region})
        if changes:
            _validated_row(la, line)
            la.save(update_fields=changes)
            audit_record(
                actor=by,
                action=AuditEvent.Action.LOCAL_AUTHORITY_CHANGED,
                obj=la,
                metadata={"fields": changes},
            )
            updated += 1
        else:
            unchanged += 1
    return ImportResult(created=created, updated=updated, unchanged=unchanged)


def _validated_row(la: LocalAuthority, line: int) -> None:
    try:
        _validated(la)
    except ValidationError as error:
        raise ValidationError(f"Line {line}: {' '.join(error.messages)}") from error


def local_authorities_import_csv(*, path: str, by: User | None) -> ImportResult:
    """Import a CSV with the header `name,gss_code[,region]`; all rows or none."""
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        fields = {name.strip().lower() for name in reader.fieldnames or []}
        if "name" not in fields or not fields & {"gss_code", "code"}:
            raise ValidationError("The CSV needs a header row with 'name' and 'gss_code'.")
        rows = []
        for row in reader:
            cleaned = {k.strip().lower(): (v or "") for k, v in row.items() if k}
            cleaned[LINE_KEY] = str(reader.line_num)
            rows.append(cleaned)
    return local_authorities_import(rows=rows, by=by)


@transaction.atomic
def local_authority_create(
    *, by: User | None, name: str, gss_code: str, region: str = ""
) -> LocalAuthority:
    la = LocalAuthority(name=name.strip(), gss_code=gss_code.strip().upper(), region=region)
    _validated(la)
    la.save()
    audit_record(actor=by, action=AuditEvent.Action.LOCAL_AUTHORITY_CREATED, obj=la)
    return la


@transaction.atomic
def local_authority_update(*, la: LocalAuthority, by: User | None, **fields: Any) -> LocalAuthority:
    if "gss_code" in fields:
        fields["gss_code"] = fields["gss_code"].strip().upper()
    changes = _apply(la, fields)
    if changes:
        _validated(la)
        la.save(update_fields=changes)
        audit_record(
            actor=by,
            action=AuditEvent.Action.LOCAL_AUTHORITY_CHANGED,
            obj=la,
            metadata={"fields": changes},
        )
    return la


# Agencies


@transaction.atomic
def agency_create(
    *,
    by: User | None,
    name: str,
    sector: str,
    kind: str,
    local_authorities: Iterable[LocalAuthority] = (),
    **fields: Any,
) -> Agency:
    """Create an agency with its own Django group, which its shared permissions go to."""
    agency = Agency(name=name, sector=sector, kind=kind, **fields)
    _validated(agency)
    agency.group = Group.objects.create(name=f"agency:{uuid.uuid4().hex}")
    agency.save()
    agency.local_authorities.set(local_authorities)
    audit_record(actor=by, action=AuditEvent.Action.AGENCY_CREATED, obj=agency)
    return agency


@transaction.atomic
def agency_update(
    *,
    agency: Agency,
    by: User | None,
    local_authorities: Iterable[LocalAuthority] | None = None,
    **fields: Any,
) -> Agency:
    changes = _apply(agency, fields)
    _validated(agency)
    if changes:
        agency.save(update_fields=changes)
    if local_authorities is not None:
        before = set(agency.local_authorities.values_list("pk", flat=True))
        after = {la.pk for la in local_authorities}
        if before != after:
            agency.local_authorities.set(after)
            changes.append("local_authorities")
    if changes:
        audit_record(
            actor=by,
            action=AuditEvent.Action.AGENCY_CHANGED,
            obj=agency,
            metadata={"fields": changes},
        )
    return agency


# Memberships


@transaction.atomic
def membership_create(
    *,
    by: User | None,
    user: User,
    agency: Agency,
    role: str,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
) -> Membership:
    membership = Membership(
        user=user,
        agency=agency,
        role=role,
        starts_on=starts_on or timezone.localdate(),
        ends_on=ends_on,
    )
    _validated(membership)
    _check_role_fits_agency(membership)
    membership.save()
    forget_memberships(user)
    audit_record(
        actor=by,
        action=AuditEvent.Action.MEMBERSHIP_CREATED,
        obj=membership,
        metadata={"user_id": user.pk, "agency_id": agency.pk, "role": role},
    )
    return membership


@transaction.atomic
def membership_update(*, membership: Membership, by: User | None, **fields: Any) -> Membership:
    changes = _apply(membership, fields)
    if not changes:
        return membership
    _validated(membership)
    _check_role_fits_agency(membership)
    membership.save(update_fields=changes)
    forget_memberships(membership.user)
    audit_record(
        actor=by,
        action=AuditEvent.Action.MEMBERSHIP_CHANGED,
        obj=membership,
        metadata={"fields": changes},
    )
    return membership


@transaction.atomic
def membership_end(
    *, membership: Membership, by: User | None, ends_on: datetime.date | None = None
) -> Membership:
    """End a membership; its access ends with it, since policies read memberships in force."""
    membership.ends_on = ends_on or timezone.localdate()
    _validated(membership)
    membership.save(update_fields=["ends_on"])
    forget_memberships(membership.user)
    audit_record(actor=by, action=AuditEvent.Action.MEMBERSHIP_ENDED, obj=membership)
    return membership


_ROLES_BY_AGENCY_KIND = {
    Role.SPOKE_WORKER: {Agency.Kind.CSE_HUB},
    Role.HUB_MANAGER: {Agency.Kind.CSE_HUB},
    Role.PARTNERSHIP_MANAGER: {Agency.Kind.SAFEGUARDING_PARTNERSHIP},
    Role.COMMISSIONER: {Agency.Kind.COMMISSIONER},
}


def _check_role_fits_agency(membership: Membership) -> None:
    kinds = _ROLES_BY_AGENCY_KIND.get(Role(membership.role))
    agency = membership.agency
    if kinds is not None and agency.kind not in kinds:
        raise ValidationError(
            {"role": f"A {membership.get_role_display().lower()} cannot belong to {agency}."}
        )
    statutory_roles = {Role.PRACTITIONER, Role.TEAM_MANAGER}
    if membership.role in statutory_roles and agency.sector != Agency.Sector.STATUTORY:
        raise ValidationError(
            {"role": "Practitioners and team managers work in statutory agencies."}
        )


# Spoke placements


def _check_placement(placement: SpokePlacement) -> None:
    errors: dict[str, str] = {}
    if not placement.hub.is_hub:
        errors["hub"] = "Choose a CSE service hub."
    if placement.host_agency_id and placement.host_agency_id == placement.hub_id:
        errors["host_agency"] = (
            "A host agency is the partner the worker is placed with, not the hub."
        )
    if (
        placement.location_model == SpokePlacement.LocationModel.OUTREACH
        and placement.host_agency_id
    ):
        errors["host_agency"] = "Outreach placements have no host agency."
    if (
        placement.location_model
        in (
            SpokePlacement.LocationModel.CO_LOCATED_STATUTORY,
            SpokePlacement.LocationModel.CO_LOCATED_VOLUNTARY,
        )
        and not placement.host_agency_id
    ):
        errors["host_agency"] = "Choose the agency the worker is co-located with."
    if not Membership.objects.filter(
        user_id=placement.worker_id, agency_id=placement.hub_id, role=Role.SPOKE_WORKER
    ).exists():
        errors["worker"] = "Choose a spoke worker employed by this hub."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def placement_create(*, by: User, **fields: Any) -> SpokePlacement:
    placement = SpokePlacement(**fields)
    _validated(placement)
    _check_placement(placement)
    placement.save()
    audit_record(actor=by, action=AuditEvent.Action.PLACEMENT_CREATED, obj=placement)
    return placement


@transaction.atomic
def placement_update(*, placement: SpokePlacement, by: User, **fields: Any) -> SpokePlacement:
    placement = SpokePlacement.objects.select_for_update().get(pk=placement.pk)
    changes = _apply(placement, fields)
    if not changes:
        return placement
    _validated(placement)
    _check_placement(placement)
    placement.save(update_fields=changes)
    audit_record(
        actor=by,
        action=AuditEvent.Action.PLACEMENT_CHANGED,
        obj=placement,
        metadata={"fields": changes},
    )
    return placement


# Information-sharing agreements


def _check_agreement(agreement: InformationSharingAgreement, parties: list[Agency]) -> None:
    if len(parties) < 2:
        raise ValidationError({"parties": "An agreement needs at least two agencies."})
    if agreement.status == agreement.Status.ACTIVE and not agreement.signed_on:
        raise ValidationError({"signed_on": "Enter the date an active agreement was signed."})
    if (
        agreement.signed_on
        and agreement.review_due_on
        and agreement.review_due_on <= agreement.signed_on
    ):
        raise ValidationError({"review_due_on": "The review must be due after signing."})


@transaction.atomic
def agreement_create(
    *, by: User, parties: Iterable[Agency], **fields: Any
) -> InformationSharingAgreement:
    parties = list(parties)
    agreement = InformationSharingAgreement(created_by=by, **fields)
    _validated(agreement)
    _check_agreement(agreement, parties)
    agreement.save()
    agreement.parties.set(parties)
    audit_record(actor=by, action=AuditEvent.Action.AGREEMENT_CREATED, obj=agreement)
    return agreement


@transaction.atomic
def agreement_update(
    *,
    agreement: InformationSharingAgreement,
    by: User,
    parties: Iterable[Agency] | None = None,
    **fields: Any,
) -> InformationSharingAgreement:
    agreement = InformationSharingAgreement.objects.select_for_update().get(pk=agreement.pk)
    changes = _apply(agreement, fields)
    party_list = list(parties) if parties is not None else list(agreement.parties.all())
    _validated(agreement)
    _check_agreement(agreement, party_list)
    if {a.pk for a in party_list} != set(agreement.parties.values_list("pk", flat=True)):
        agreement.parties.set(party_list)
        changes.append("parties")
    if changes:
        agreement.updated_at = timezone.now()
        agreement.save()
        audit_record(
            actor=by,
            action=AuditEvent.Action.AGREEMENT_CHANGED,
            obj=agreement,
            metadata={"fields": changes},
        )
    return agreement


# Supervision


def _check_supervision(record: SupervisionRecord) -> None:
    if record.held_on > timezone.localdate():
        raise ValidationError({"held_on": "Supervision cannot be recorded before it is held."})
    if record.supervisor_id == record.worker_id:
        raise ValidationError({"supervisor": "A worker cannot supervise themselves."})
    if not Membership.objects.filter(
        user_id=record.worker_id, agency_id=record.hub_id, role=Role.SPOKE_WORKER
    ).exists():
        raise ValidationError({"worker": "Choose a spoke worker employed by this hub."})


@transaction.atomic
def supervision_record(*, by: User, **fields: Any) -> SupervisionRecord:
    record = SupervisionRecord(recorded_by=by, **fields)
    _validated(record)
    _check_supervision(record)
    record.save()
    audit_record(actor=by, action=AuditEvent.Action.SUPERVISION_RECORDED, obj=record)
    return record


@transaction.atomic
def supervision_update(*, record: SupervisionRecord, by: User, **fields: Any) -> SupervisionRecord:
    record = SupervisionRecord.objects.select_for_update().get(pk=record.pk)
    changes = _apply(record, fields)
    if not changes:
        return record
    _validated(record)
    _check_supervision(record)
    record.save(update_fields=changes)
    audit_record(
        actor=by,
        action=AuditEvent.Action.SUPERVISION_CHANGED,
        obj=record,
        metadata={"fields": changes},
    )
    return record


# Reminder settings


class ReminderSettingsChangedError(Exception):
    """Another manager saved the hub's reminder settings after this change began."""

    def __init__(self, *, current: ReminderSettings) -> None:
        self.current = current
        by = current.updated_by or "Someone else"
        super().__init__(
            f"{by} changed these settings while you were working on them. Your changes have "
            "not been saved: check theirs, then make yours again."
        )


def _clean_threshold(name: str, value: Any) -> int:
    low, high = ReminderSettings.LIMITS[name]
    label = str(getattr(ReminderSettings._meta.get_field(name), "verbose_name", name))
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationError({name: f"Enter a whole number for “{label}”."}) from None
    if isinstance(value, bool) or str(value).strip() != str(number):
        raise ValidationError({name: f"Enter a whole number for “{label}”."})
    if not low <= number <= high:
        raise ValidationError({name: f"Enter a number from {low} to {high}."})
    return number


def _clean_thresholds(values: Mapping[str, Any]) -> dict[str, int]:
    unknown = set(values) - set(ReminderSettings.LIMITS)
    if unknown:
        raise ValidationError(f"Unknown reminder settings: {', '.join(sorted(unknown))}.")
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, int] = {}
    for name, value in values.items():
        try:
            cleaned[name] = _clean_threshold(name, value)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def reminder_settings_set(
    *, hub: Agency, by: User, version: int, **values: Any
) -> ReminderSettings:
    """Change some of a hub's reminder thresholds, from the version the caller saw.

    A hub with no saved settings is at version 1 of the defaults; its first save creates them.
    """
    if not hub.is_hub:
        raise ValidationError("Only a CSE service hub has reminder settings.")
    cleaned = _clean_thresholds(values)
    # Locking the hub serialises the first save, when there is no settings row to lock yet.
    Agency.objects.select_for_update().filter(pk=hub.pk).first()
    current = (
        # Only the settings are locked: PostgreSQL cannot lock the outer side of a nullable join.
        ReminderSettings.objects.select_for_update(of=("self",))
        .select_related("updated_by")
        .filter(hub_id=hub.pk)
        .first()
    ) or ReminderSettings(hub=hub)
    if current.version != version:
        raise ReminderSettingsChangedError(current=current)
    merged = {name: cleaned.get(name, getattr(current, name)) for name in ReminderSettings.LIMITS}
    if merged["first_contact_escalation_working_days"] < merged["first_contact_working_days"]:
        raise ValidationError(
            {
                "first_contact_escalation_working_days": "Tell the hub's managers no sooner "
                "than the worker: enter at least as many working days."
            }
        )
    high, medium, low = (merged[f"review_weeks_{level}"] for level in ("high", "medium", "low"))
    if not high <= medium <= low:
        raise ValidationError(
            {
                "review_weeks_high": "Review high-risk cases at least as often as medium-risk "
                "ones, and medium-risk at least as often as low-risk ones."
            }
        )
    changed = [name for name, value in merged.items() if getattr(current, name) != value]
    if current.pk is not None and not changed:
        return current
    for name, value in merged.items():
        setattr(current, name, value)
    current.updated_by = by
    current.updated_at = timezone.now()
    # The defaults count as version 1, so the first save is version 2 and someone who saw the
    # defaults meanwhile is told, not overwritten.
    current.version += 1
    current.save()
    audit_record(
        actor=by,
        action=AuditEvent.Action.REMINDER_SETTINGS_CHANGED,
        obj=current,
        metadata={"fields": changed, "hub_id": hub.pk, **{name: merged[name] for name in changed}},
    )
    return current
