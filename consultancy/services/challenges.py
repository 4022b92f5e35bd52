"""Writes to practice challenges: raising one, changing what it says, escalating it a level,
resolving it; and the audited read.

Each write is one transaction with its audit event (ids and field names only, never the
concern), starts from the version the caller saw, and tells the challenged agency's team
managers (and the worker who raised it, when someone else acts) with a message that names
neither the young person nor the concern. Access is the caller's business: views and API views
ask `consultancy.policies` first.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction

from audit.models import AuditEvent
from audit.services import audit_record
from cases import policies as case_policies
from cases.models import Case
from consultancy.models import ChallengeEscalation, PracticeChallenge
from consultancy.services.common import StepNotAllowed, clean_past_date, lock, save_changed
from notifications.models import Notification
from notifications.services import notify
from partners.models import Agency, LocalAuthority, Membership, Role
from partners.selectors import local_authorities_covered_by

if TYPE_CHECKING:
    from accounts.models import User

CONCERN_MIN_LENGTH = 20
CHANGEABLE = ("category", "concern")
Level = PracticeChallenge.Level


# Checks.


def challengeable_agencies(*, hub: Agency) -> Any:
    """Active agencies (not hubs) covering a local authority the hub covers."""
    through = Agency.local_authorities.through.objects
    areas = through.filter(agency_id=hub.pk).values("localauthority_id")
    return (
        Agency.objects.filter(
            pk__in=through.filter(localauthority_id__in=areas).values("agency_id"), is_active=True
        )
        .exclude(kind__in=(Agency.Kind.CSE_HUB, Agency.Kind.COMMISSIONER))
        .order_by("name")
    )


def challenge_areas(*, hub: Agency) -> Any:
    """The local authorities a hub's challenges may be about: those it covers."""
    return local_authorities_covered_by(agency_ids={hub.pk})


def challengeable_cases(*, user: User, hub: Agency) -> Any:
    """The hub's cases the user may see, open or closed, newest first."""
    return (
        case_policies.visible_cases(user)
        .filter(owning_agency_id=hub.pk)
        .select_related("young_person")
        .order_by("-opened_on", "-pk")
    )


def _clean_concern(concern: str) -> str:
    concern = (concern or "").strip()
    if len(concern) < CONCERN_MIN_LENGTH:
        raise ValidationError(
            {
                "concern": "Describe the practice you are challenging, in at least "
                f"{CONCERN_MIN_LENGTH} characters."
            }
        )
    return concern


def _clean_category(category: str) -> str:
    if category not in PracticeChallenge.Category.values:
        raise ValidationError({"category": "Choose what the challenge is about."})
    return category


def _clean_level(level: Any) -> int:
    try:
        value = int(level)
    except (TypeError, ValueError):
        value = 0
    if value not in Level.values:
        raise ValidationError({"level": "Choose the escalation level."})
    return value


def _check_agency(*, hub: Agency, agency: Agency, local_authority: LocalAuthority) -> None:
    if not challenge_areas(hub=hub).filter(pk=local_authority.pk).exists():
        raise ValidationError({"local_authority": f"Choose a local authority {hub} covers."})
    if not challengeable_agencies(hub=hub).filter(pk=agency.pk).exists():
        raise ValidationError(
            {"challenged_agency": f"Choose a partner agency in the area {hub} covers."}
        )
    if not agency.local_authorities.filter(pk=local_authority.pk).exists():
        raise ValidationError({"local_authority": f"{agency} does not work in {local_authority}."})


def _check_case(*, user: User, hub: Agency, case: Case | None) -> None:
    if case is None:
        return
    if not challengeable_cases(user=user, hub=hub).filter(pk=case.pk).exists():
        raise ValidationError({"case": f"Choose a case of {hub} that you may see."})


def _check_date(value: Any, *, field: str, what: str, raised_on: datetime.date) -> datetime.date:
    day = clean_past_date(value, field=field, what=what)
    if day < raised_on:
        raise ValidationError(
            {
                field: f"The {what} cannot be before the challenge was raised "
                f"({raised_on.day} {raised_on:%B %Y})."
            }
        )
    return day


def _require_open(challenge: PracticeChallenge, *, step: str) -> None:
    if not challenge.is_open:
        raise StepNotAllowed(f"This challenge has been resolved, so it cannot be {step}.")


# Who is told.


def _team_managers(agency_id: int) -> list[User]:
    return [
        m.user
        for m in Membership.objects.active()
        .filter(agency_id=agency_id, role=Role.TEAM_MANAGER, user__is_active=True)
        .select_related("user")
        .order_by("user_id")
    ]


def _tell(challenge: PracticeChallenge, *, by: User, kind: str, key: str, message: str) -> None:
    """The challenged agency's team managers, and the raiser when someone else acted."""
    recipients = _team_managers(challenge.challenged_agency_id)
    if challenge.raised_by_id != by.pk:
        recipients.append(challenge.raised_by)
    notify(
        recipients=recipients,
        kind=kind,
        key=key,
        message=message,
        link=challenge.get_absolute_url(),
    )


def _audit(challenge: PracticeChallenge, *, by: User, action: str, **metadata: Any) -> None:
    audit_record(
        actor=by,
        action=action,
        obj=challenge,
        agency_id=challenge.hub_id,
        case_id=challenge.case_id,
        metadata={"status": challenge.status, "level": challenge.level, **metadata},
    )


# Writes.


@transaction.atomic
def challenge_raise(
    *,
    by: User,
    hub: Agency,
    challenged_agency: Agency,
    local_authority: LocalAuthority,
    category: str,
    concern: str,
    raised_on: datetime.date,
    level: int = Level.PRACTITIONER,
    case: Case | None = None,
) -> PracticeChallenge:
    """Record a challenge of another agency's practice; its team managers are told."""
    category = _clean_category(category)
    concern = _clean_concern(concern)
    raised_on = clean_past_date(raised_on, field="raised_on", what="date it was raised")
    level = _clean_level(level)
    _check_agency(hub=hub, agency=challenged_agency, local_authority=local_authority)
    _check_case(user=by, hub=hub, case=case)
    challenge = PracticeChallenge(
        hub=hub,
        raised_by=by,
        raised_on=raised_on,
        challenged_agency=challenged_agency,
        local_authority=local_authority,
        case=case,
        category=category,
        concern=concern,
        level=level,
    )
    challenge.full_clean()
    challenge.save()
    ChallengeEscalation.objects.create(
        challenge=challenge, level=level, escalated_on=raised_on, recorded_by=by
    )
    _audit(
        challenge,
        by=by,
        action=AuditEvent.Action.CHALLENGE_RAISED,
        challenged_agency_id=challenged_agency.pk,
        local_authority_id=local_authority.pk,
    )
    _tell(
        challenge,
        by=by,
        kind=Notification.Kind.CHALLENGE_RAISED,
        key=f"challenge_raised:{challenge.pk}",
        message=(
            f"Practice challenge {challenge.reference} raised with {challenged_agency} by {hub}, "
            f"at {challenge.get_level_display().lower()} level"
        ),
    )
    return challenge


@transaction.atomic
def challenge_update(
    *, challenge: PracticeChallenge, by: User, version: int, **fields: Any
) -> PracticeChallenge:
    """Correct what an open challenge is about (its category and concern)."""
    unknown = set(fields) - set(CHANGEABLE)
    if unknown:
        raise ValidationError(f"Unknown fields: {', '.join(sorted(unknown))}.")
    challenge = lock(challenge, version=version)
    _require_open(challenge, step="changed")
    values: dict[str, Any] = {}
    if "category" in fields:
        values["category"] = _clean_category(fields["category"])
    if "concern" in fields:
        values["concern"] = _clean_concern(fields["concern"])
    changed = [name for name, value in values.items() if getattr(challenge, name) != value]
    for name in changed:
        setattr(challenge, name, values[name])
    if changed:
        save_changed(challenge, changed)
        _audit(challenge, by=by, action=AuditEvent.Action.CHALLENGE_CHANGED, fields=changed)
    return challenge


@transaction.atomic
def challenge_escalate(
    *,
    challenge: PracticeChallenge,
    by: User,
    level: int,
    escalated_on: datetime.date,
    note: str,
    version: int,
) -> PracticeChallenge:
    """Take an open challenge up to a higher level, saying why; the agency is told."""
    challenge = lock(challenge, version=version)
    _require_open(challenge, step="escalated")
    level = _clean_level(level)
    if level <= challenge.level:
        raise ValidationError(
            {
                "level": "Choose a level above the current one "
                f"({challenge.get_level_display().lower()})."
            }
        )
    escalated_on = _check_date(
        escalated_on, field="escalated_on", what="date of escalation", raised_on=challenge.raised_on
    )
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": "Say why the challenge is being escalated."})
    challenge.level = level
    save_changed(challenge, ["level"])
    escalation = ChallengeEscalation.objects.create(
        challenge=challenge, level=level, escalated_on=escalated_on, note=note, recorded_by=by
    )
    _audit(
        challenge,
        by=by,
        action=AuditEvent.Action.CHALLENGE_ESCALATED,
        fields=["level"],
        escalation_id=escalation.pk,
    )
    _tell(
        challenge,
        by=by,
        kind=Notification.Kind.CHALLENGE_UPDATED,
        key=f"challenge_escalated:{challenge.pk}:{level}",
        message=(
            f"Practice challenge {challenge.reference} escalated to "
            f"{challenge.get_level_display().lower()} level"
        ),
    )
    return challenge


@transaction.atomic
def challenge_resolve(
    *,
    challenge: PracticeChallenge,
    by: User,
    outcome: str,
    resolution: str,
    resolved_on: datetime.date,
    version: int,
) -> PracticeChallenge:
    """Record how an open challenge ended; the agency is told."""
    challenge = lock(challenge, version=version)
    _require_open(challenge, step="resolved again")
    if outcome not in PracticeChallenge.Outcome.values:
        raise ValidationError({"outcome": "Choose the outcome."})
    resolution = (resolution or "").strip()
    if not resolution:
        raise ValidationError({"resolution": "Describe how the challenge was resolved."})
    resolved_on = _check_date(
        resolved_on, field="resolved_on", what="date it was resolved", raised_on=challenge.raised_on
    )
    challenge.status = PracticeChallenge.Status.RESOLVED
    challenge.outcome = outcome
    challenge.resolution = resolution
    challenge.resolved_on = resolved_on
    save_changed(challenge, ["status", "outcome", "resolution", "resolved_on"])
    _audit(
        challenge,
        by=by,
        action=AuditEvent.Action.CHALLENGE_RESOLVED,
        fields=["status", "outcome", "resolution", "resolved_on"],
        outcome=outcome,
    )
    _tell(
        challenge,
        by=by,
        kind=Notification.Kind.CHALLENGE_UPDATED,
        key=f"challenge_resolved:{challenge.pk}",
        message=(
            f"Practice challenge {challenge.reference} resolved: "
            f"{challenge.get_outcome_display().lower()}"
        ),
    )
    return challenge


def challenge_read_record(*, challenge: PracticeChallenge, by: User) -> None:
    """Audit a read of a challenge (it may be about a young person's case)."""
    audit_record(
        actor=by,
        action=AuditEvent.Action.CHALLENGE_VIEWED,
        obj=challenge,
        case_id=challenge.case_id,
    )
