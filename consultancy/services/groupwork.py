"""Writes to awareness sessions and group work: recording and changing sessions and programmes,
adding young people to a programme, and recording a group session's attendance.

Each write is one transaction with its audit event (ids and field names only, never text).
Recording a group session also writes one casework entry on each participant's case, through
`cases.casework.entry_create`, in the same transaction: either every entry is written or none
is. Access is the caller's business: views and API views ask `consultancy.policies` first.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from audit.models import AuditEvent
from audit.services import audit_record
from cases.casework import FUTURE_TOLERANCE, entry_create
from cases.models import Case, CaseworkEntry
from consultancy.models import (
    AwarenessSession,
    GroupWorkAttendance,
    GroupWorkParticipant,
    GroupWorkProgramme,
    GroupWorkSession,
)
from consultancy.services.common import (
    check_hub_staff,
    clean_minutes,
    clean_past_date,
    clean_topics,
    lock,
    save_changed,
)
from partners.models import Agency, LocalAuthority
from partners.selectors import local_authorities_worked_in

if TYPE_CHECKING:
    from accounts.models import User

# The ages the hub works with (as for referrals).
YOUNGEST_AGE = 8
OLDEST_AGE = 25
# A group of a few hundred is a whole-school assembly; more than this is a typing slip.
MOST_REACHED = 2000
# A note on one young person's attendance is a line, not a session write-up: that is casework.
ATTENDANCE_NOTE_MAX = 500
TOPIC_MAX = 200

AWARENESS_FIELDS = (
    "local_authority",
    "setting",
    "setting_name",
    "delivered_on",
    "duration_minutes",
    "young_people_reached",
    "age_from",
    "age_to",
    "topics",
    "notes",
    "delivered_by",
)
PROGRAMME_FIELDS = (
    "local_authority",
    "title",
    "setting_name",
    "starts_on",
    "ends_on",
    "description",
    "facilitators",
)
# What a young person's attendance at a group session may be ("not applicable" is for casework
# that is not a session).
SESSION_ATTENDANCE = (
    CaseworkEntry.Attendance.ATTENDED,
    CaseworkEntry.Attendance.DID_NOT_ATTEND,
    CaseworkEntry.Attendance.DECLINED,
    CaseworkEntry.Attendance.CANCELLED,
)


# Where a hub works.


def hub_local_authorities(*, hub: Agency) -> QuerySet[LocalAuthority]:
    """The local authorities the hub covers or places a worker in today, by name."""
    return local_authorities_worked_in(hub_ids={hub.pk})


def _check_local_authority(value: Any, *, hub: Agency) -> LocalAuthority:
    if not isinstance(value, LocalAuthority):
        raise ValidationError({"local_authority": "Choose the local authority."})
    if not hub_local_authorities(hub=hub).filter(pk=value.pk).exists():
        raise ValidationError({"local_authority": f"{hub} does not work in {value}."})
    return value


def _text(value: Any, *, field: str, required: str = "", max_length: int | None = None) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise ValidationError({field: required})
    if max_length is not None and len(text) > max_length:
        raise ValidationError({field: f"Use {max_length} characters or fewer."})
    return text


def _whole_number(value: Any, *, field: str, what: str) -> int:
    if isinstance(value, bool) or value in (None, ""):
        raise ValidationError({field: f"Enter the {what}."})
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValidationError({field: f"Enter the {what} as a whole number."}) from None


# Awareness sessions.


def _clean_awareness(values: Mapping[str, Any], *, hub: Agency) -> dict[str, Any]:
    """Check an awareness session's fields, returning them tidied, or raise every problem."""
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, Any] = {}

    def check(field: str, clean: Any) -> None:
        if field not in values:
            return
        try:
            cleaned[field] = clean(values[field])
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                errors.setdefault(name, []).extend(messages)

    check("local_authority", lambda v: _check_local_authority(v, hub=hub))
    check("setting", _clean_setting)
    check(
        "setting_name",
        lambda v: _text(
            v, field="setting_name", required="Enter the name of the setting.", max_length=200
        ),
    )
    check("delivered_on", lambda v: clean_past_date(v, field="delivered_on", what="date"))
    check("duration_minutes", lambda v: clean_minutes(v, field="duration_minutes"))
    check("young_people_reached", _clean_reached)
    check("age_from", lambda v: _clean_age(v, field="age_from", what="youngest age"))
    check("age_to", lambda v: _clean_age(v, field="age_to", what="oldest age"))
    check("topics", lambda v: clean_topics(v or ()))
    check("notes", lambda v: _text(v, field="notes"))
    check("delivered_by", lambda v: check_hub_staff(people=v, hub=hub, field="delivered_by"))
    if errors:
        raise ValidationError(errors)
    return cleaned


def _clean_setting(value: Any) -> str:
    if value not in AwarenessSession.Setting.values:
        raise ValidationError({"setting": "Choose the kind of setting."})
    return str(value)


def _clean_reached(value: Any) -> int:
    reached = _whole_number(
        value, field="young_people_reached", what="number of young people reached"
    )
    if not 1 <= reached <= MOST_REACHED:
        raise ValidationError(
            {"young_people_reached": f"Enter a number of young people from 1 to {MOST_REACHED}."}
        )
    return reached


def _clean_age(value: Any, *, field: str, what: str) -> int:
    age = _whole_number(value, field=field, what=what)
    if not YOUNGEST_AGE <= age <= OLDEST_AGE:
        raise ValidationError(
            {
                field: f"Enter an age from {YOUNGEST_AGE} to {OLDEST_AGE}: "
                "the ages the hub works with."
            }
        )
    return age


def _check_age_range(age_from: int, age_to: int) -> None:
    if age_from > age_to:
        raise ValidationError(
            {"age_to": "The oldest age must be the same as or above the youngest."}
        )


@transaction.atomic
def awareness_create(
    *,
    by: User,
    hub: Agency,
    local_authority: LocalAuthority,
    setting: str,
    setting_name: str,
    delivered_on: datetime.date,
    duration_minutes: int,
    young_people_reached: int,
    age_from: int,
    age_to: int,
    delivered_by: Iterable[User],
    topics: Iterable[str] = (),
    notes: str = "",
) -> AwarenessSession:
    """Record an awareness session a hub delivered to a group of young people."""
    cleaned = _clean_awareness(
        {
            "local_authority": local_authority,
            "setting": setting,
            "setting_name": setting_name,
            "delivered_on": delivered_on,
            "duration_minutes": duration_minutes,
            "young_people_reached": young_people_reached,
            "age_from": age_from,
            "age_to": age_to,
            "topics": list(topics),
            "notes": notes,
            "delivered_by": list(delivered_by),
        },
        hub=hub,
    )
    _check_age_range(cleaned["age_from"], cleaned["age_to"])
    people = cleaned.pop("delivered_by")
    now = timezone.now()
    session = AwarenessSession.objects.create(
        hub=hub, created_by=by, created_at=now, updated_at=now, **cleaned
    )
    session.delivered_by.set(people)
    audit_record(
        actor=by,
        action=AuditEvent.Action.AWARENESS_CREATED,
        obj=session,
        agency_id=hub.pk,
        metadata={
            "local_authority_id": session.local_authority_id,
            "delivered_by": sorted(p.pk for p in people),
        },
    )
    return session


@transaction.atomic
def awareness_update(
    *, session: AwarenessSession, by: User, version: int, **fields: Any
) -> AwarenessSession:
    """Change an awareness session's details; only the fields given change."""
    unknown = set(fields) - set(AWARENESS_FIELDS)
    if unknown:
        raise ValidationError(f"These fields cannot be changed: {', '.join(sorted(unknown))}.")
    session = lock(session, version=version)
    cleaned = _clean_awareness(fields, hub=session.hub)
    _check_age_range(
        cleaned.get("age_from", session.age_from), cleaned.get("age_to", session.age_to)
    )
    people = cleaned.pop("delivered_by", None)
    changed = [name for name, value in cleaned.items() if getattr(session, name) != value]
    for name in changed:
        setattr(session, name, cleaned[name])
    if people is not None:
        before = set(session.delivered_by.values_list("pk", flat=True))
        if before != {p.pk for p in people}:
            session.delivered_by.set(people)
            changed.append("delivered_by")
    if not changed:
        return session
    save_changed(session, [name for name in changed if name != "delivered_by"])
    audit_record(
        actor=by,
        action=AuditEvent.Action.AWARENESS_CHANGED,
        obj=session,
        agency_id=session.hub_id,
        metadata={"fields": changed, "version": session.version},
    )
    return session


# Group-work programmes.


def _clean_programme(values: Mapping[str, Any], *, hub: Agency) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, Any] = {}

    def check(field: str, clean: Any) -> None:
        if field not in values:
            return
        try:
            cleaned[field] = clean(values[field])
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                errors.setdefault(name, []).extend(messages)

    check("local_authority", lambda v: _check_local_authority(v, hub=hub))
    check(
        "title",
        lambda v: _text(v, field="title", required="Enter the programme's title.", max_length=200),
    )
    check(
        "setting_name",
        lambda v: _text(
            v, field="setting_name", required="Enter where the group meets.", max_length=200
        ),
    )
    check(
        "starts_on",
        lambda v: clean_past_date(v, field="starts_on", what="start date", allow_future=True),
    )
    check(
        "ends_on",
        lambda v: (
            None
            if v is None
            else clean_past_date(v, field="ends_on", what="end date", allow_future=True)
        ),
    )
    check("description", lambda v: _text(v, field="description"))
    check("facilitators", lambda v: check_hub_staff(people=v, hub=hub, field="facilitators"))
    if errors:
        raise ValidationError(errors)
    return cleaned


def _check_programme_dates(starts_on: datetime.date, ends_on: datetime.date | None) -> None:
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": "The end date must be the same as or after the start."})


@transaction.atomic
def programme_create(
    *,
    by: User,
    hub: Agency,
    local_authority: LocalAuthority,
    title: str,
    setting_name: str,
    starts_on: datetime.date,
    facilitators: Iterable[User],
    ends_on: datetime.date | None = None,
    description: str = "",
) -> GroupWorkProgramme:
    """Set up a group-work programme for young people with open cases at the hub."""
    cleaned = _clean_programme(
        {
            "local_authority": local_authority,
            "title": title,
            "setting_name": setting_name,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "description": description,
            "facilitators": list(facilitators),
        },
        hub=hub,
    )
    _check_programme_dates(cleaned["starts_on"], cleaned["ends_on"])
    people = cleaned.pop("facilitators")
    now = timezone.now()
    programme = GroupWorkProgramme.objects.create(
        hub=hub, created_by=by, created_at=now, updated_at=now, **cleaned
    )
    programme.facilitators.set(people)
    audit_record(
        actor=by,
        action=AuditEvent.Action.GROUP_PROGRAMME_CREATED,
        obj=programme,
        agency_id=hub.pk,
        metadata={
            "local_authority_id": programme.local_authority_id,
            "facilitators": sorted(p.pk for p in people),
        },
    )
    return programme


@transaction.atomic
def programme_update(
    *, programme: GroupWorkProgramme, by: User, version: int, **fields: Any
) -> GroupWorkProgramme:
    """Change a programme's details; only the fields given change."""
    unknown = set(fields) - set(PROGRAMME_FIELDS)
    if unknown:
        raise ValidationError(f"These fields cannot be changed: {', '.join(sorted(unknown))}.")
    programme = lock(programme, version=version)
    cleaned = _clean_programme(fields, hub=programme.hub)
    starts_on = cleaned.get("starts_on", programme.starts_on)
    ends_on = cleaned.get("ends_on", programme.ends_on)
    _check_programme_dates(starts_on, ends_on)
    _check_sessions_within(programme, starts_on=starts_on, ends_on=ends_on)
    if (
        "local_authority" in cleaned
        and cleaned["local_authority"].pk != programme.local_authority_id
        and programme.participants.exists()  # type: ignore[attr-defined]
    ):
        raise ValidationError(
            {
                "local_authority": "Young people have joined this programme: "
                "its local authority cannot change."
            }
        )
    people = cleaned.pop("facilitators", None)
    changed = [name for name, value in cleaned.items() if getattr(programme, name) != value]
    for name in changed:
        setattr(programme, name, cleaned[name])
    if people is not None:
        before = set(programme.facilitators.values_list("pk", flat=True))
        if before != {p.pk for p in people}:
            programme.facilitators.set(people)
            changed.append("facilitators")
    if not changed:
        return programme
    save_changed(programme, [name for name in changed if name != "facilitators"])
    audit_record(
        actor=by,
        action=AuditEvent.Action.GROUP_PROGRAMME_CHANGED,
        obj=programme,
        agency_id=programme.hub_id,
        metadata={"fields": changed, "version": programme.version},
    )
    return programme


def _check_sessions_within(
    programme: GroupWorkProgramme, *, starts_on: datetime.date, ends_on: datetime.date | None
) -> None:
    """Sessions already recorded stay inside the programme's dates."""
    held = [
        timezone.localtime(moment).date()
        for moment in programme.sessions.values_list("held_at", flat=True)  # type: ignore[attr-defined]
    ]
    if held and min(held) < starts_on:
        raise ValidationError(
            {"starts_on": f"A session was held on {min(held):%d %B %Y}, before this start date."}
        )
    if held and ends_on is not None and max(held) > ends_on:
        raise ValidationError(
            {"ends_on": f"A session was held on {max(held):%d %B %Y}, after this end date."}
        )


# Participants.


@transaction.atomic
def participant_add(*, programme: GroupWorkProgramme, by: User, case: Case) -> GroupWorkParticipant:
    """Add a young person, by their open case with the hub, to a programme (or bring them back)."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if not case.is_open:
        raise ValidationError({"case": "This case is closed: only open cases can join a group."})
    if case.owning_agency_id != programme.hub_id:
        raise ValidationError({"case": "Choose a young person whose case is open with this hub."})
    if case.local_authority_id != programme.local_authority_id:
        raise ValidationError(
            {"case": "Choose a young person whose case is in the programme's local authority."}
        )
    if programme.ends_on is not None and programme.ends_on < timezone.localdate():
        raise ValidationError("This programme has ended: nobody new can join it.")
    participant = (
        GroupWorkParticipant.objects.select_for_update()
        .filter(programme_id=programme.pk, case_id=case.pk)
        .first()
    )
    rejoined = participant is not None
    if participant is not None:
        if participant.left_at is None:
            raise ValidationError({"case": "This young person is already in the group."})
        participant.left_at = None
        participant.save(update_fields=["left_at"])
    else:
        participant = GroupWorkParticipant.objects.create(
            programme=programme, case=case, added_by=by, added_at=timezone.now()
        )
    audit_record(
        actor=by,
        action=AuditEvent.Action.GROUP_PARTICIPANT_ADDED,
        obj=participant,
        agency_id=programme.hub_id,
        case_id=case.pk,
        metadata={"programme_id": programme.pk, "rejoined": rejoined},
    )
    return participant


@transaction.atomic
def participant_leave(*, participant: GroupWorkParticipant, by: User) -> GroupWorkParticipant:
    """Record that a young person has left the group; their attendance so far stays."""
    participant = GroupWorkParticipant.objects.select_for_update().get(pk=participant.pk)
    if participant.left_at is not None:
        raise ValidationError("This young person has already left the group.")
    participant.left_at = timezone.now()
    participant.save(update_fields=["left_at"])
    audit_record(
        actor=by,
        action=AuditEvent.Action.GROUP_PARTICIPANT_LEFT,
        obj=participant,
        case_id=participant.case_id,
        metadata={"programme_id": participant.programme_id},
    )
    return participant


# Group sessions.


def session_expected(
    *, programme: GroupWorkProgramme, held_at: datetime.datetime | None = None
) -> list[GroupWorkParticipant]:
    """Participants whose attendance a session may record, with open cases: everyone in the
    group now, and (for a session held before they left) those who have since left."""
    in_group = Q(left_at__isnull=True)
    if held_at is not None:
        in_group |= Q(left_at__gt=held_at)
    return list(
        GroupWorkParticipant.objects.filter(
            programme_id=programme.pk, case__status=Case.Status.OPEN
        )
        .filter(in_group)
        .select_related("case")
        .order_by("added_at", "pk")
    )


def _clean_held_at(value: Any, *, programme: GroupWorkProgramme) -> datetime.datetime:
    if not isinstance(value, datetime.datetime):
        raise ValidationError({"held_at": "Enter the date and time of the session."})
    moment = value if timezone.is_aware(value) else timezone.make_aware(value)
    if moment > timezone.now() + FUTURE_TOLERANCE:
        raise ValidationError(
            {"held_at": "The session cannot be in the future: record it once it has happened."}
        )
    day = timezone.localtime(moment).date()
    if day < programme.starts_on:
        raise ValidationError(
            {"held_at": f"The programme starts on {programme.starts_on:%d %B %Y}."}
        )
    if programme.ends_on is not None and day > programme.ends_on:
        raise ValidationError({"held_at": f"The programme ended on {programme.ends_on:%d %B %Y}."})
    return moment


def _clean_attendance(
    attendance: Mapping[int, str],
    notes_by_case: Mapping[int, str],
    *,
    expected: list[GroupWorkParticipant],
) -> dict[int, tuple[str, str]]:
    """Case id → (attendance, note), for exactly the participants the session expects."""
    by_case = {p.case_id: p for p in expected}
    required = {p.case_id for p in expected if p.left_at is None}
    try:
        given = {int(case_id): value for case_id, value in attendance.items()}
        notes = {int(case_id): str(note or "").strip() for case_id, note in notes_by_case.items()}
    except (TypeError, ValueError):
        raise ValidationError(
            {"attendance": "Give attendance for each young person by case."}
        ) from None
    if not by_case:
        raise ValidationError(
            {
                "attendance": "Nobody was in the group then: "
                "add young people before recording a session."
            }
        )
    if set(given) - set(by_case) or set(notes) - set(by_case):
        raise ValidationError(
            {"attendance": "Record attendance only for young people in the group at the time."}
        )
    if not given:
        raise ValidationError(
            {"attendance": "Say whether each young person in the group attended."}
        )
    missing = required - set(given)
    if missing:
        raise ValidationError(
            {"attendance": "Say whether each young person in the group attended."}
        )
    if any(value not in SESSION_ATTENDANCE for value in given.values()):
        raise ValidationError(
            {"attendance": "Choose attended, did not attend, declined or cancelled for each."}
        )
    if any(len(note) > ATTENDANCE_NOTE_MAX for note in notes.values()):
        raise ValidationError(
            {"notes_by_case": f"Keep each young person's note to {ATTENDANCE_NOTE_MAX} characters."}
        )
    return {case_id: (given[case_id], notes.get(case_id, "")) for case_id in given}


def attendance_summary(*, programme: GroupWorkProgramme, topic: str, note: str) -> str:
    """What a young person's casework entry says about a group session: never another's name."""
    summary = f"Group session of {programme.title}: {topic}."
    return f"{summary}\n\n{note}" if note else summary


@transaction.atomic
def group_session_record(
    *,
    programme: GroupWorkProgramme,
    by: User,
    held_at: datetime.datetime,
    duration_minutes: int,
    topic: str,
    attendance: Mapping[int, str],
    notes: str = "",
    notes_by_case: Mapping[int, str] | None = None,
) -> GroupWorkSession:
    """Record a group session and each young person's attendance, writing a group-work casework
    entry on every participant's case."""
    # Lock the programme so two people recording the same evening queue up, not interleave.
    programme = GroupWorkProgramme.objects.select_for_update().get(pk=programme.pk)
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, Any] = {}
    for field, clean in (
        ("held_at", lambda: _clean_held_at(held_at, programme=programme)),
        ("duration_minutes", lambda: clean_minutes(duration_minutes, field="duration_minutes")),
        (
            "topic",
            lambda: _text(
                topic, field="topic", required="Say what the session covered.", max_length=TOPIC_MAX
            ),
        ),
    ):
        try:
            cleaned[field] = clean()
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    expected = session_expected(programme=programme, held_at=cleaned["held_at"])
    register = _clean_attendance(attendance, notes_by_case or {}, expected=expected)
    session = GroupWorkSession.objects.create(
        programme=programme,
        held_at=cleaned["held_at"],
        duration_minutes=cleaned["duration_minutes"],
        topic=cleaned["topic"],
        notes=_text(notes, field="notes"),
        recorded_by=by,
        created_at=timezone.now(),
    )
    entries: list[int] = []
    for participant in expected:
        if participant.case_id not in register:
            continue
        status, note = register[participant.case_id]
        entry = entry_create(
            case=participant.case,
            by=by,
            kind=CaseworkEntry.Kind.GROUP_WORK,
            occurred_at=session.held_at,
            attendance=status,
            summary=attendance_summary(programme=programme, topic=session.topic, note=note),
            # Time with the young person only when they came.
            duration_minutes=session.duration_minutes
            if status == CaseworkEntry.Attendance.ATTENDED
            else None,
        )
        GroupWorkAttendance.objects.create(
            session=session, case_id=participant.case_id, attendance=status, entry=entry
        )
        entries.append(entry.pk)
    audit_record(
        actor=by,
        action=AuditEvent.Action.GROUP_SESSION_RECORDED,
        obj=session,
        agency_id=programme.hub_id,
        metadata={
            "programme_id": programme.pk,
            "cases": sorted(register),
            "entries": entries,
            "attended": sum(
                1 for status, _ in register.values() if status == CaseworkEntry.Attendance.ATTENDED
            ),
        },
    )
    return session
