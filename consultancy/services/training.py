"""Writes to training for practitioners: planning and changing a session, and its attendance.

Each write is one transaction with its audit event (ids and field names only). A session's
details start from the version the caller saw; attendance changes lock the session row so two
people recording at once cannot both add the same person or agency. Attendance is recorded only
once a session has been delivered: it is a record of who came, which the attendees' own list
and the worker's balance rely on. Access is the caller's business: views and API views ask
`consultancy.policies` first.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from audit.models import AuditEvent
from audit.services import audit_record
from consultancy.models import TrainingAttendance, TrainingSession
from consultancy.selectors.training import attendee_memberships, attending_agencies
from consultancy.services.common import (
    StepNotAllowed,
    check_hub_staff,
    clean_minutes,
    clean_topics,
    lock,
    save_changed,
)
from partners.models import Agency, LocalAuthority
from partners.selectors import local_authorities_worked_in

if TYPE_CHECKING:
    from accounts.models import User

Status = TrainingSession.Status
CHANGEABLE = (
    "local_authority",
    "title",
    "audience",
    "delivered_on",
    "duration_minutes",
    "venue",
    "trainers",
    "topics",
    "description",
    "status",
    "feedback",
)
TITLE_MAX = 200
NOT_DELIVERED = "Attendance is recorded once the session has been delivered."
# The largest group one row may count: more is almost always a typing slip.
MAX_COUNT = 500


# Where and who: the choices the services accept.


def training_local_authorities(*, hub: Agency) -> QuerySet[LocalAuthority]:
    """The local authorities a hub trains in: those it covers or places a worker in today."""
    return local_authorities_worked_in(hub_ids={hub.pk})


# Checking values.


def _clean_title(value: Any, *, field: str, what: str) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        raise ValidationError({field: f"Enter {what}."})
    if len(text) > TITLE_MAX:
        raise ValidationError({field: f"Use {TITLE_MAX} characters or fewer."})
    return text


def _clean_text(value: Any, *, field: str, limit: int | None = None) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValidationError({field: "Enter text."})
    text = value.strip()
    if limit is not None and len(text) > limit:
        raise ValidationError({field: f"Use {limit} characters or fewer."})
    return text


def clean_confidence(value: Any, *, field: str) -> Decimal | None:
    """A score from 1 to 5 with at most two decimal places (an average of a group's forms)."""
    if value in (None, ""):
        return None
    try:
        score = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationError({field: "Enter a score from 1 to 5."}) from None
    if not score.is_finite() or not Decimal(1) <= score <= Decimal(5):
        raise ValidationError({field: "Enter a score from 1 to 5."})
    if score != score.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP):
        raise ValidationError({field: "Enter a score with no more than two decimal places."})
    return score.quantize(Decimal("0.01"))


def _clean_whole_confidence(value: Any, *, field: str) -> Decimal | None:
    """One person's own score: a whole number from 1 to 5."""
    score = clean_confidence(value, field=field)
    if score is not None and score != score.to_integral_value():
        raise ValidationError({field: "Enter a whole number from 1 to 5."})
    return score


def _clean_count(value: Any) -> int:
    try:
        count = int(value)
    except (TypeError, ValueError):
        raise ValidationError({"count": "Enter how many people came, as a whole number."}) from None
    if isinstance(value, float) and value != count:
        raise ValidationError({"count": "Enter how many people came, as a whole number."})
    if not 1 <= count <= MAX_COUNT:
        raise ValidationError({"count": f"Enter a number of people from 1 to {MAX_COUNT}."})
    return count


def _check_local_authority(*, hub: Agency, local_authority: Any) -> LocalAuthority:
    if not isinstance(local_authority, LocalAuthority):
        raise ValidationError({"local_authority": "Choose the local authority."})
    if not training_local_authorities(hub=hub).filter(pk=local_authority.pk).exists():
        raise ValidationError({"local_authority": f"Choose a local authority {hub} works in."})
    return local_authority


def _check_status_and_date(
    *, status: Any, delivered_on: Any, feedback: str, attendance: bool
) -> None:
    if status not in Status.values:
        raise ValidationError({"status": "Choose planned, delivered or cancelled."})
    if not isinstance(delivered_on, datetime.date) or isinstance(delivered_on, datetime.datetime):
        raise ValidationError({"delivered_on": "Enter the date of the session."})
    if status == Status.DELIVERED and delivered_on > timezone.localdate():
        raise ValidationError(
            {
                "delivered_on": "A session in the future cannot have been delivered yet: "
                "record it as planned."
            }
        )
    if status != Status.DELIVERED and attendance:
        raise ValidationError(
            {
                "status": "Attendance has been recorded for this session: remove it before "
                "marking the session as not delivered."
            }
        )
    if status != Status.DELIVERED and feedback:
        raise ValidationError(
            {"feedback": "Feedback can be recorded once the session has been delivered."}
        )


def _clean_session_values(values: dict[str, Any], *, hub: Agency) -> dict[str, Any]:
    cleaned = dict(values)
    if "title" in cleaned:
        cleaned["title"] = _clean_title(cleaned["title"], field="title", what="the title")
    if "audience" in cleaned:
        cleaned["audience"] = _clean_title(
            cleaned["audience"], field="audience", what="who the session is for"
        )
    if "local_authority" in cleaned:
        cleaned["local_authority"] = _check_local_authority(
            hub=hub, local_authority=cleaned["local_authority"]
        )
    if "duration_minutes" in cleaned:
        cleaned["duration_minutes"] = clean_minutes(
            cleaned["duration_minutes"], field="duration_minutes"
        )
    if "venue" in cleaned:
        cleaned["venue"] = _clean_text(cleaned["venue"], field="venue", limit=TITLE_MAX)
    if "description" in cleaned:
        cleaned["description"] = _clean_text(cleaned["description"], field="description")
    if "feedback" in cleaned:
        cleaned["feedback"] = _clean_text(cleaned["feedback"], field="feedback")
    if "topics" in cleaned:
        topics = cleaned["topics"]
        if isinstance(topics, str):
            raise ValidationError({"topics": "Choose topics from the list."})
        cleaned["topics"] = clean_topics(topics or ())
    if "trainers" in cleaned:
        cleaned["trainers"] = check_hub_staff(
            people=cleaned["trainers"] or (), hub=hub, field="trainers"
        )
    return cleaned


def _audit(session: TrainingSession, *, by: User, action: str, **metadata: Any) -> None:
    audit_record(
        actor=by,
        action=action,
        obj=session,
        agency_id=session.hub_id,
        metadata={"status": session.status, **metadata},
    )


# The session.


@transaction.atomic
def training_create(
    *,
    by: User,
    hub: Agency,
    local_authority: LocalAuthority,
    title: str,
    audience: str,
    delivered_on: datetime.date,
    duration_minutes: int,
    trainers: Iterable[User],
    topics: Iterable[str] = (),
    description: str = "",
    venue: str = "",
    status: str = Status.PLANNED,
) -> TrainingSession:
    """Record a training session the hub plans or has delivered."""
    values = _clean_session_values(
        {
            "title": title,
            "audience": audience,
            "local_authority": local_authority,
            "duration_minutes": duration_minutes,
            "venue": venue,
            "description": description,
            "topics": topics,
            "trainers": trainers,
        },
        hub=hub,
    )
    _check_status_and_date(status=status, delivered_on=delivered_on, feedback="", attendance=False)
    people = values.pop("trainers")
    now = timezone.now()
    session = TrainingSession.objects.create(
        hub=hub,
        delivered_on=delivered_on,
        status=status,
        created_by=by,
        created_at=now,
        updated_at=now,
        **values,
    )
    session.trainers.set(people)
    _audit(
        session,
        by=by,
        action=AuditEvent.Action.TRAINING_CREATED,
        local_authority_id=session.local_authority_id,
        trainer_ids=sorted(p.pk for p in people),
    )
    return session


@transaction.atomic
def training_update(
    *, session: TrainingSession, by: User, version: int, **fields: Any
) -> TrainingSession:
    """Change a session's details, status or feedback summary, from the version the caller saw."""
    unknown = set(fields) - set(CHANGEABLE)
    if unknown:
        raise ValidationError(f"Unknown fields: {', '.join(sorted(unknown))}.")
    locked: TrainingSession = lock(session, version=version)
    fields = dict(fields)
    people = fields.pop("trainers", None)
    values = _clean_session_values(fields, hub=locked.hub)
    current = set(locked.trainers.values_list("pk", flat=True))
    if people is not None:
        people = list(people)
        if not people:
            raise ValidationError({"trainers": "Choose at least one person."})
        # Trainers who have since left the hub stay on the record of what they delivered;
        # only those newly named must work for it today.
        added = [p for p in people if p.pk not in current]
        if added:
            check_hub_staff(people=added, hub=locked.hub, field="trainers")
    has_attendance = locked.attendance.exists()  # type: ignore[attr-defined]
    _check_status_and_date(
        status=values.get("status", locked.status),
        delivered_on=values.get("delivered_on", locked.delivered_on),
        feedback=values.get("feedback", locked.feedback),
        attendance=has_attendance,
    )
    changed: list[str] = []
    if people is not None and {p.pk for p in people} != current:
        locked.trainers.set(people)
        changed.append("trainers")
    for name, value in values.items():
        if getattr(locked, name) != value:
            setattr(locked, name, value)
            changed.append(name)
    if not changed:
        return locked
    save_changed(locked, [name for name in changed if name != "trainers"])
    _audit(locked, by=by, action=AuditEvent.Action.TRAINING_CHANGED, fields=sorted(changed))
    return locked


# Attendance.


def _lock_delivered(session: TrainingSession) -> TrainingSession:
    """The session row, locked so attendance changes happen one at a time; delivered only."""
    locked: TrainingSession = TrainingSession.objects.select_for_update().get(pk=session.pk)
    if locked.status != Status.DELIVERED:
        raise StepNotAllowed(NOT_DELIVERED)
    return locked


def not_in_area(session: TrainingSession) -> str:
    return f"Choose someone who works for an agency in {session.local_authority}."


def _check_agency(session: TrainingSession, agency: Any) -> Agency:
    if (
        not isinstance(agency, Agency)
        or not attending_agencies(local_authority_id=session.local_authority_id)
        .filter(pk=agency.pk)
        .exists()
    ):
        raise ValidationError({"agency": f"Choose an agency working in {session.local_authority}."})
    return agency


def _audit_attendance(
    session: TrainingSession, attendance: TrainingAttendance, *, by: User, change: str
) -> None:
    _audit(
        session,
        by=by,
        action=AuditEvent.Action.TRAINING_ATTENDANCE_CHANGED,
        change=change,
        attendance_id=attendance.pk,
        agency_id=attendance.agency_id,
        attendee_id=attendance.attendee_id,
        count=attendance.count,
    )


@transaction.atomic
def training_attendee_add(
    *,
    session: TrainingSession,
    by: User,
    attendee: User,
    agency: Agency | None = None,
    confidence_before: Any = None,
    confidence_after: Any = None,
) -> TrainingAttendance:
    """Record that a practitioner who uses CSE Hub attended, with their own scores."""
    locked = _lock_delivered(session)
    memberships = list(attendee_memberships(session=locked).filter(user_id=attendee.pk))
    if not memberships:
        raise ValidationError({"attendee": not_in_area(locked)})
    if agency is None:
        agencies = {m.agency_id: m.agency for m in memberships}
        if len(agencies) > 1:
            raise ValidationError({"agency": "Choose which agency they came from."})
        agency = next(iter(agencies.values()))
    elif agency.pk not in {m.agency_id for m in memberships}:
        raise ValidationError({"agency": f"{attendee} does not work for {agency}."})
    before = _clean_whole_confidence(confidence_before, field="confidence_before")
    after = _clean_whole_confidence(confidence_after, field="confidence_after")
    if locked.attendance.filter(attendee_id=attendee.pk).exists():  # type: ignore[attr-defined]
        raise ValidationError({"attendee": f"{attendee} is already recorded as attending."})
    try:
        with transaction.atomic():
            attendance = TrainingAttendance.objects.create(
                session=locked,
                agency=agency,
                attendee=attendee,
                count=1,
                confidence_before=before,
                confidence_after=after,
                recorded_by=by,
            )
    except IntegrityError:
        raise ValidationError(
            {"attendee": f"{attendee} is already recorded as attending."}
        ) from None
    _audit_attendance(locked, attendance, by=by, change="added")
    return attendance


@transaction.atomic
def training_agency_count_set(
    *,
    session: TrainingSession,
    by: User,
    agency: Agency,
    count: int,
    confidence_before: Any = None,
    confidence_after: Any = None,
) -> TrainingAttendance:
    """Set how many people came from an agency without being named, with the group's average
    scores; replaces the agency's count if there is one."""
    locked = _lock_delivered(session)
    _check_agency(locked, agency)
    number = _clean_count(count)
    before = clean_confidence(confidence_before, field="confidence_before")
    after = clean_confidence(confidence_after, field="confidence_after")
    existing = (
        TrainingAttendance.objects.select_for_update()
        .filter(session=locked, agency=agency, attendee__isnull=True)
        .first()
    )
    if existing is None:
        attendance = TrainingAttendance.objects.create(
            session=locked,
            agency=agency,
            count=number,
            confidence_before=before,
            confidence_after=after,
            recorded_by=by,
        )
        change = "added"
    else:
        attendance = existing
        attendance.count = number
        attendance.confidence_before = before
        attendance.confidence_after = after
        attendance.recorded_by = by
        attendance.save(
            update_fields=["count", "confidence_before", "confidence_after", "recorded_by"]
        )
        change = "changed"
    _audit_attendance(locked, attendance, by=by, change=change)
    return attendance


@transaction.atomic
def training_attendance_update(
    *,
    attendance: TrainingAttendance,
    by: User,
    confidence_before: Any = None,
    confidence_after: Any = None,
    count: int | None = None,
) -> TrainingAttendance:
    """Set a row's scores as given (None clears one) and, for a number of people, the count."""
    locked_session = _lock_delivered(attendance.session)
    row = TrainingAttendance.objects.select_for_update().get(pk=attendance.pk)
    if row.is_named:
        if count not in (None, 1):
            raise ValidationError({"count": "A named attendee is one person."})
        row.confidence_before = _clean_whole_confidence(
            confidence_before, field="confidence_before"
        )
        row.confidence_after = _clean_whole_confidence(confidence_after, field="confidence_after")
    else:
        row.count = _clean_count(row.count if count is None else count)
        row.confidence_before = clean_confidence(confidence_before, field="confidence_before")
        row.confidence_after = clean_confidence(confidence_after, field="confidence_after")
    row.recorded_by = by
    row.save(update_fields=["count", "confidence_before", "confidence_after", "recorded_by"])
    _audit_attendance(locked_session, row, by=by, change="changed")
    return row


@transaction.atomic
def training_attendance_remove(*, attendance: TrainingAttendance, by: User) -> None:
    """Remove a row recorded in error."""
    locked_session = _lock_delivered(attendance.session)
    row = TrainingAttendance.objects.select_for_update().filter(pk=attendance.pk).first()
    if row is None:
        raise StepNotAllowed("This attendance has already been removed.")
    _audit_attendance(locked_session, row, by=by, change="removed")
    row.delete()
