"""Writes to referrals: drafting, submitting, screening, matching, deciding and allocating.

Each write is one transaction with its audit event (ids only, never what the referral says),
starts from the version the caller saw, and refuses a step the referral's status does not
allow with a message that says why. Access is the caller's business: views and API views ask
`referrals.policies` first.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from audit.services import audit_record
from cases.indicators import indicator_choices, indicators_check
from cases.models import Case, RiskLevel, YoungPerson
from cases.services import case_allocate, case_open, lock_for_change
from notifications.models import Notification
from notifications.services import notify
from partners.models import Agency, LocalAuthority, Membership, Role, SpokePlacement
from referrals.matching import normalise
from referrals.models import NameVariant, Referral
from referrals.selectors import open_case_of

if TYPE_CHECKING:
    from accounts.models import User

# The ages the hub works with; a date of birth outside them is almost always a typing slip.
YOUNGEST_AGE = 8
OLDEST_AGE = 25
NARRATIVE_MIN_LENGTH = 20

# What the referrer says about the young person and their worries: every view of a referral
# shows it.
AS_REFERRED = (
    "first_name",
    "last_name",
    "known_as",
    "date_of_birth",
    "gender",
    "address_area",
    "school_or_setting",
    "indicators",
    "narrative",
    "urgency",
    "young_person_aware",
    "young_person_consents",
    "no_consent_basis",
    "no_consent_reason",
    "parents_aware",
)
# What a referrer may write while the referral is a draft.
DRAFT_FIELDS = ("referrer_agency", "referrer_phone", "local_authority", "hub", *AS_REFERRED)

S = Referral.Status
# Each step: the statuses it may start from, and how to say it in a refusal.
STEPS: dict[str, tuple[frozenset[str], str]] = {
    "change": (frozenset({S.DRAFT}), "changed by the referrer"),
    "delete": (frozenset({S.DRAFT}), "discarded"),
    "submit": (frozenset({S.DRAFT}), "submitted"),
    "start_screening": (frozenset({S.SUBMITTED}), "screened"),
    "note": (frozenset({S.SCREENING, S.ACCEPTED}), "given screening notes"),
    "match": (frozenset({S.SCREENING, S.ACCEPTED}), "matched to a young person"),
    "accept": (frozenset({S.SCREENING}), "accepted"),
    "decline": (frozenset({S.SCREENING}), "declined"),
    "signpost": (frozenset({S.SCREENING}), "signposted"),
    "withdraw": (frozenset({S.SUBMITTED, S.SCREENING}), "withdrawn"),
    "allocate": (frozenset({S.ACCEPTED}), "allocated"),
}


class InvalidTransition(ValidationError):
    """The referral's status does not allow this step."""


def _check_step(referral: Referral, step: str) -> None:
    allowed, said = STEPS[step]
    if referral.status not in allowed:
        state = {
            S.DRAFT: "still a draft",
            S.SUBMITTED: "waiting to be screened",
            S.SCREENING: "being screened",
            S.ACCEPTED: "accepted and waiting to be allocated",
            S.ALLOCATED: "already allocated",
            S.DECLINED: "already declined",
            S.SIGNPOSTED: "already signposted to another service",
            S.WITHDRAWN: "withdrawn",
        }[Referral.Status(referral.status)]
        raise InvalidTransition(f"This referral is {state}, so it cannot be {said}.")


def _lock(referral: Referral, *, version: int, step: str) -> Referral:
    locked: Referral = lock_for_change(model=Referral, pk=referral.pk, version=version)
    _check_step(locked, step)
    return locked


def _save(referral: Referral, fields: list[str]) -> None:
    referral.version += 1
    referral.updated_at = timezone.now()
    referral.save(update_fields=[*fields, "version", "updated_at"])


def _audit(referral: Referral, *, by: User, action: str, **metadata: Any) -> None:
    audit_record(
        actor=by,
        action=action,
        obj=referral,
        agency_id=metadata.pop("agency_id", None),
        case_id=referral.case_id,
        reason=metadata.pop("reason", ""),
        metadata={"status": referral.status, **metadata},
    )


# Where a referral goes.


def hubs_for(*, local_authority: LocalAuthority) -> QuerySet[Agency]:
    """Active hubs that cover the local authority or place a worker in it today."""
    placed = SpokePlacement.objects.active().filter(local_authority=local_authority)
    return (
        Agency.objects.hubs()
        .filter(is_active=True)
        .filter(Q(local_authorities=local_authority) | Q(pk__in=placed.values("hub_id")))
        .distinct()
        .order_by("name")
    )


def default_hub_for(*, local_authority: LocalAuthority) -> Agency | None:
    """The hub placing workers in the LA today, if there is exactly one; else the only hub
    covering it; else none (the referrer chooses)."""
    placed = list(
        Agency.objects.filter(
            pk__in=SpokePlacement.objects.active()
            .filter(local_authority=local_authority, hub__is_active=True)
            .values("hub_id")
        )[:2]
    )
    if len(placed) == 1:
        return placed[0]
    covering = list(hubs_for(local_authority=local_authority)[:2])
    return covering[0] if len(covering) == 1 else None


# Checking what a referrer writes.


def check_date_of_birth(value: datetime.date | None, *, today: datetime.date) -> None:
    if value is None:
        return
    if value > today:
        raise ValidationError({"date_of_birth": "Date of birth must be in the past."})
    age = today.year - value.year - ((today.month, today.day) < (value.month, value.day))
    if not YOUNGEST_AGE <= age <= OLDEST_AGE:
        raise ValidationError(
            {
                "date_of_birth": f"The young person would be {age}: the hub works with young "
                f"people aged {YOUNGEST_AGE} to {OLDEST_AGE}. Check the date of birth."
            }
        )


def _clean_values(values: Mapping[str, Any], *, by: User, today: datetime.date) -> dict[str, Any]:
    unknown = set(values) - set(DRAFT_FIELDS)
    if unknown:
        raise ValidationError(f"Unknown fields: {', '.join(sorted(unknown))}.")
    cleaned = dict(values)
    for name in ("first_name", "last_name", "known_as", "narrative", "no_consent_reason"):
        if name in cleaned and isinstance(cleaned[name], str):
            cleaned[name] = cleaned[name].strip()
    if "indicators" in cleaned:
        cleaned["indicators"] = indicators_check(cleaned["indicators"] or [])
    if "date_of_birth" in cleaned:
        check_date_of_birth(cleaned["date_of_birth"], today=today)
    if "referrer_agency" in cleaned:
        from referrals.policies import referring_agencies

        agency = cleaned["referrer_agency"]
        if agency is None or agency.pk not in {a.pk for a in referring_agencies(by)}:
            raise ValidationError({"referrer_agency": "Choose an agency you refer for."})
    return cleaned


def _check_hub(referral: Referral) -> None:
    if referral.hub_id is None or referral.local_authority_id is None:
        return
    assert referral.local_authority is not None
    if not hubs_for(local_authority=referral.local_authority).filter(pk=referral.hub_id).exists():
        raise ValidationError(
            {"hub": f"{referral.hub} does not work in {referral.local_authority}."}
        )


def _check_complete(referral: Referral) -> None:
    """Everything the hub needs to screen a referral, each missing answer named."""
    errors: dict[str, str] = {}
    if not referral.first_name:
        errors["first_name"] = "Enter the young person's first name."
    if not referral.last_name:
        errors["last_name"] = "Enter the young person's last name."
    if referral.date_of_birth is None:
        errors["date_of_birth"] = "Enter the young person's date of birth."
    if referral.local_authority_id is None:
        errors["local_authority"] = "Choose the local authority where the young person lives."
    if referral.hub_id is None:
        errors["hub"] = "Choose the CSE service to refer to."
    if len(referral.narrative) < NARRATIVE_MIN_LENGTH:
        errors["narrative"] = (
            "Describe what has happened and why you are worried, in at least "
            f"{NARRATIVE_MIN_LENGTH} characters."
        )
    if not referral.urgency:
        errors["urgency"] = "Choose how urgent the referral is."
    if referral.young_person_aware is None:
        errors["young_person_aware"] = "Say whether the young person knows about this referral."
    elif referral.young_person_aware and referral.young_person_consents is None:
        errors["young_person_consents"] = "Say whether the young person consents."
    if not (referral.young_person_aware and referral.young_person_consents):
        if not referral.no_consent_basis:
            errors["no_consent_basis"] = (
                "Without the young person's consent, choose the basis for referring."
            )
        if not referral.no_consent_reason:
            errors["no_consent_reason"] = "Explain why you are referring without consent."
    if not referral.parents_aware:
        errors["parents_aware"] = "Say whether the parents or carers know."
    if errors:
        raise ValidationError(errors)


# The referrer.


@transaction.atomic
def referral_draft_create(*, by: User, referrer_agency: Agency, **values: Any) -> Referral:
    """Start a referral; it stays the referrer's draft until they submit it."""
    today = timezone.localdate()
    values = _clean_values({**values, "referrer_agency": referrer_agency}, by=by, today=today)
    referral = Referral(referrer=by, **values)
    if referral.local_authority_id is not None and "hub" not in values:
        assert referral.local_authority is not None
        referral.hub = default_hub_for(local_authority=referral.local_authority)
    _check_hub(referral)
    referral.full_clean()
    referral.save()
    _audit(referral, by=by, action=AuditEvent.Action.REFERRAL_DRAFTED)
    return referral


@transaction.atomic
def referral_draft_update(*, referral: Referral, by: User, version: int, **values: Any) -> Referral:
    referral = _lock(referral, version=version, step="change")
    values = _clean_values(values, by=by, today=timezone.localdate())
    changed = [name for name, value in values.items() if getattr(referral, name) != value]
    for name in changed:
        setattr(referral, name, values[name])
    if "local_authority" in changed and "hub" not in values and referral.local_authority:
        referral.hub = default_hub_for(local_authority=referral.local_authority)
        changed.append("hub")
    if changed:
        _check_hub(referral)
        referral.full_clean()
        _save(referral, changed)
        _audit(referral, by=by, action=AuditEvent.Action.REFERRAL_DRAFT_CHANGED, fields=changed)
    return referral


@transaction.atomic
def referral_draft_delete(*, referral: Referral, by: User, version: int) -> None:
    referral = _lock(referral, version=version, step="delete")
    _audit(referral, by=by, action=AuditEvent.Action.REFERRAL_DRAFT_DELETED)
    referral.delete()


def _hub_managers(hub_id: int) -> list[User]:
    return [
        m.user
        for m in Membership.objects.active()
        .filter(agency_id=hub_id, role=Role.HUB_MANAGER, user__is_active=True)
        .select_related("user")
        .order_by("user_id")
    ]


def _triage_link(referral: Referral) -> str:
    return reverse("referrals:triage", kwargs={"pk": referral.pk})


def _referrer_link(referral: Referral) -> str:
    return reverse("referrals:detail", kwargs={"pk": referral.pk})


@transaction.atomic
def referral_submit(*, referral: Referral, by: User, version: int) -> Referral:
    """Send the referral to the hub; its managers are told (with no details of the child)."""
    referral = _lock(referral, version=version, step="submit")
    today = timezone.localdate()
    check_date_of_birth(referral.date_of_birth, today=today)
    indicators_check(referral.indicators)
    _check_hub(referral)
    _check_complete(referral)
    referral.status = S.SUBMITTED
    referral.submitted_at = timezone.now()
    _save(referral, ["status", "submitted_at"])
    _audit(referral, by=by, action=AuditEvent.Action.REFERRAL_SUBMITTED)
    assert referral.hub_id is not None
    notify(
        recipients=_hub_managers(referral.hub_id),
        kind=Notification.Kind.REFERRAL_SUBMITTED,
        key=f"referral_submitted:{referral.pk}",
        message=(
            f"New {referral.get_urgency_display().split(':')[0].lower()} referral "
            f"{referral.reference} from {referral.referrer_agency}"
        ),
        link=_triage_link(referral),
    )
    return referral


@transaction.atomic
def referral_withdraw(*, referral: Referral, by: User, version: int, reason: str) -> Referral:
    referral = _lock(referral, version=version, step="withdraw")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why you are withdrawing the referral."})
    referral.status = S.WITHDRAWN
    referral.withdrawn_at = timezone.now()
    referral.withdrawn_reason = reason
    _save(referral, ["status", "withdrawn_at", "withdrawn_reason"])
    _audit(referral, by=by, action=AuditEvent.Action.REFERRAL_WITHDRAWN)
    assert referral.hub_id is not None
    notify(
        recipients=_hub_managers(referral.hub_id),
        kind=Notification.Kind.REFERRAL_WITHDRAWN,
        key=f"referral_withdrawn:{referral.pk}",
        message=f"Referral {referral.reference} was withdrawn by the referrer",
        link=_triage_link(referral),
    )
    return referral


# The hub: screening and matching.


@transaction.atomic
def referral_screening_start(*, referral: Referral, by: User, version: int) -> Referral:
    referral = _lock(referral, version=version, step="start_screening")
    referral.status = S.SCREENING
    referral.screening_started_at = timezone.now()
    referral.screened_by = by
    _save(referral, ["status", "screening_started_at", "screened_by"])
    _audit(referral, by=by, action=AuditEvent.Action.REFERRAL_SCREENING_STARTED)
    return referral


@transaction.atomic
def referral_screening_notes_update(
    *, referral: Referral, by: User, version: int, notes: str
) -> Referral:
    referral = _lock(referral, version=version, step="note")
    notes = (notes or "").strip()
    if notes != referral.screening_notes:
        referral.screening_notes = notes
        _save(referral, ["screening_notes"])
        _audit(referral, by=by, action=AuditEvent.Action.REFERRAL_SCREENING_NOTED)
    return referral


@transaction.atomic
def referral_match_link(
    *, referral: Referral, by: User, version: int, young_person: YoungPerson
) -> Referral:
    """The referral is about a young person the hub already knows."""
    referral = _lock(referral, version=version, step="match")
    if young_person.owning_agency_id != referral.hub_id or young_person.anonymised_at:
        raise ValidationError({"young_person": "Choose a young person known to this hub."})
    referral.young_person = young_person
    referral.match_decision = Referral.MatchDecision.LINKED
    _save(referral, ["young_person", "match_decision"])
    _audit(
        referral,
        by=by,
        action=AuditEvent.Action.REFERRAL_MATCH_LINKED,
        young_person_id=young_person.pk,
    )
    return referral


@transaction.atomic
def referral_match_confirm_new(*, referral: Referral, by: User, version: int) -> Referral:
    """None of the possible matches is this young person: allocation will add them."""
    referral = _lock(referral, version=version, step="match")
    referral.young_person = None
    referral.match_decision = Referral.MatchDecision.NEW
    _save(referral, ["young_person", "match_decision"])
    _audit(referral, by=by, action=AuditEvent.Action.REFERRAL_MATCH_NEW)
    return referral


# The hub: deciding.


def _decision_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Give the reason for the decision."})
    return reason


def _decide(referral: Referral, *, by: User, status: str, reason: str) -> None:
    referral.status = status
    referral.decided_at = timezone.now()
    referral.decided_by = by
    referral.decision_reason = reason


def _tell_referrer(referral: Referral, *, kind: str, key: str, message: str) -> None:
    notify(
        recipients=[referral.referrer],
        kind=kind,
        key=key,
        message=message,
        link=_referrer_link(referral),
    )


@transaction.atomic
def referral_accept(
    *, referral: Referral, by: User, version: int, reason: str, tell_referrer: bool = True
) -> Referral:
    referral = _lock(referral, version=version, step="accept")
    _decide(referral, by=by, status=S.ACCEPTED, reason=_decision_reason(reason))
    _save(referral, ["status", "decided_at", "decided_by", "decision_reason"])
    _audit(referral, by=by, action=AuditEvent.Action.REFERRAL_ACCEPTED)
    if tell_referrer:
        _tell_referrer(
            referral,
            kind=Notification.Kind.REFERRAL_DECIDED,
            key=f"referral_decided:{referral.pk}",
            message=f"Your referral {referral.reference} has been accepted by {referral.hub}",
        )
    return referral


@transaction.atomic
def referral_decline(*, referral: Referral, by: User, version: int, reason: str) -> Referral:
    referral = _lock(referral, version=version, step="decline")
    _decide(referral, by=by, status=S.DECLINED, reason=_decision_reason(reason))
    _save(referral, ["status", "decided_at", "decided_by", "decision_reason"])
    _audit(referral, by=by, action=AuditEvent.Action.REFERRAL_DECLINED)
    _tell_referrer(
        referral,
        kind=Notification.Kind.REFERRAL_DECIDED,
        key=f"referral_decided:{referral.pk}",
        message=f"Your referral {referral.reference} has been declined by {referral.hub}",
    )
    return referral


@transaction.atomic
def referral_signpost(
    *, referral: Referral, by: User, version: int, reason: str, signposted_to: str
) -> Referral:
    referral = _lock(referral, version=version, step="signpost")
    signposted_to = (signposted_to or "").strip()
    if not signposted_to:
        raise ValidationError({"signposted_to": "Name the service the referral is signposted to."})
    _decide(referral, by=by, status=S.SIGNPOSTED, reason=_decision_reason(reason))
    referral.signposted_to = signposted_to
    _save(referral, ["status", "decided_at", "decided_by", "decision_reason", "signposted_to"])
    _audit(referral, by=by, action=AuditEvent.Action.REFERRAL_SIGNPOSTED)
    _tell_referrer(
        referral,
        kind=Notification.Kind.REFERRAL_DECIDED,
        key=f"referral_decided:{referral.pk}",
        message=(
            f"Your referral {referral.reference} has been signposted to another service by "
            f"{referral.hub}"
        ),
    )
    return referral


def _case_for_allocation(
    referral: Referral, *, by: User, worker: User | None, risk_level: str, rationale: str
) -> tuple[Case, User | None, Case | None]:
    """The case the referral opens, or the young person's open case it joins."""
    assert referral.hub is not None
    assert referral.local_authority is not None
    existing = open_case_of(young_person_id=referral.young_person_id, hub_id=referral.hub.pk)
    if existing is not None:
        if existing.lead_worker_id is None:
            if worker is None:
                raise ValidationError({"worker": "Choose the spoke worker to allocate."})
            existing = case_allocate(
                case=existing, by=by, version=existing.version, lead_worker=worker
            )
        case = existing
        allocated_worker = case.lead_worker
    else:
        if worker is None:
            raise ValidationError({"worker": "Choose the spoke worker to allocate."})
        if risk_level not in RiskLevel.values:
            raise ValidationError({"risk_level": "Choose the young person's risk level."})
        if not (rationale or "").strip():
            raise ValidationError({"rationale": "Explain the risk level."})
        still_offered = {code for code, _ in indicator_choices()}
        case = case_open(
            by=by,
            hub=referral.hub,
            local_authority=referral.local_authority,
            risk_level=risk_level,
            rationale=rationale.strip(),
            young_person=referral.young_person,
            young_person_data=None
            if referral.young_person is not None
            else {
                "first_name": referral.first_name,
                "last_name": referral.last_name,
                "preferred_name": referral.known_as,
                "date_of_birth": referral.date_of_birth,
                "gender": referral.gender,
            },
            indicators=[code for code in referral.indicators if code in still_offered],
            lead_worker=worker,
            referral_id=referral.pk,
        )
        allocated_worker = worker
    return case, allocated_worker, existing


@transaction.atomic
def referral_allocate(
    *,
    referral: Referral,
    by: User,
    version: int,
    worker: User | None,
    risk_level: str,
    rationale: str,
) -> Referral:
    """Allocate an accepted referral: open the case (or join the young person's open one),
    carrying the screening indicators into its first risk assessment."""
    referral = _lock(referral, version=version, step="allocate")
    if not referral.match_decision:
        raise ValidationError(
            {
                "young_person": "Before allocating, check whether the hub already knows this "
                "young person: link the referral to them or confirm they are new."
            }
        )
    try:
        case, allocated_worker, existing = _case_for_allocation(
            referral, by=by, worker=worker, risk_level=risk_level, rationale=rationale
        )
    except ValidationError as error:
        # The cases service names its field `lead_worker`; here the worker was asked for.
        if hasattr(error, "error_dict") and "lead_worker" in error.error_dict:
            error.error_dict["worker"] = error.error_dict.pop("lead_worker")
        raise
    referral.case = case
    referral.young_person = case.young_person
    referral.allocated_worker = allocated_worker
    referral.allocated_by = by
    referral.allocated_at = timezone.now()
    referral.status = S.ALLOCATED
    _save(
        referral,
        ["case", "young_person", "allocated_worker", "allocated_by", "allocated_at", "status"],
    )
    _audit(
        referral,
        by=by,
        action=AuditEvent.Action.REFERRAL_ALLOCATED,
        worker_id=allocated_worker.pk if allocated_worker else None,
        joined_open_case=existing is not None,
    )
    if allocated_worker is not None:
        notify(
            recipients=[allocated_worker],
            kind=Notification.Kind.REFERRAL_ALLOCATED,
            key=f"referral_allocated:{referral.pk}",
            message=f"Referral {referral.reference} has been allocated to you ({case})",
            link=case.get_absolute_url(),
        )
    _tell_referrer(
        referral,
        kind=Notification.Kind.REFERRAL_DECIDED,
        key=f"referral_allocated_referrer:{referral.pk}",
        message=(
            f"Your referral {referral.reference} has been accepted by {referral.hub} and "
            f"allocated to a worker"
        ),
    )
    return referral


@transaction.atomic
def referral_accept_and_allocate(
    *,
    referral: Referral,
    by: User,
    version: int,
    reason: str,
    worker: User | None,
    risk_level: str,
    rationale: str,
) -> Referral:
    """Accept and allocate in one go: the case opens, or nothing changes at all."""
    referral = referral_accept(
        referral=referral, by=by, version=version, reason=reason, tell_referrer=False
    )
    return referral_allocate(
        referral=referral,
        by=by,
        version=referral.version,
        worker=worker,
        risk_level=risk_level,
        rationale=rationale,
    )


def referral_read_record(*, referral: Referral, by: User, action: str) -> None:
    """Audit a read of a referral (what it says is about a young person)."""
    audit_record(
        actor=by,
        action=action,
        obj=referral,
        case_id=referral.case_id,
    )


# Administration: the nicknames matching treats as one first name.


def _clean_name_form(value: str, *, field: str) -> str:
    cleaned = normalise(value or "")
    if not cleaned or " " in cleaned:
        raise ValidationError({field: "Enter one name, for example 'beth'."})
    return cleaned


@transaction.atomic
def name_variant_create(*, by: User, name: str, canonical: str) -> NameVariant:
    variant = NameVariant(
        name=_clean_name_form(name, field="name"),
        canonical=_clean_name_form(canonical, field="canonical"),
    )
    variant.full_clean()
    variant.save()
    audit_record(actor=by, action=AuditEvent.Action.NAME_VARIANT_CHANGED, obj=variant)
    return variant


@transaction.atomic
def name_variant_update(*, variant: NameVariant, by: User, **changes: str) -> NameVariant:
    variant = NameVariant.objects.select_for_update().get(pk=variant.pk)
    for field in ("name", "canonical"):
        if field in changes:
            setattr(variant, field, _clean_name_form(changes[field], field=field))
    variant.full_clean()
    variant.save()
    audit_record(actor=by, action=AuditEvent.Action.NAME_VARIANT_CHANGED, obj=variant)
    return variant
