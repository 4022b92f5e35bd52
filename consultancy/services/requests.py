"""Writes to consultancy requests: asking, routing, taking and assigning, advising, follow-up
questions, feedback, closing, withdrawing and linking the referral that followed.

Each write is one transaction with its audit event (ids and field names only, never what was
asked or advised), starts from the version the caller saw, and refuses a step the request's
status does not allow with a message that says why. Access is the caller's business: views and
API views ask `consultancy.policies` first. Notifications say "Consultancy request C000012 …"
and never anything about the young person.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from audit.services import audit_record
from cases import policies as case_policies
from cases.models import Case, YoungPerson
from consultancy.models import ConsultancyMessage, ConsultancyRequest, Urgency
from consultancy.services.common import (
    StepNotAllowed,
    clean_minutes,
    clean_past_date,
    clean_topics,
    lock,
    save_changed,
)
from notifications.models import Notification
from notifications.services import notify
from partners.models import Agency, LocalAuthority, Membership, Role, SpokePlacement
from referrals.services import default_hub_for, hubs_for

if TYPE_CHECKING:
    from accounts.models import User
    from referrals.models import Referral

S = ConsultancyRequest.Status
QUESTION_MIN_LENGTH = 20
# The ages the hub works with; an age outside them is almost always a typing slip.
YOUNGEST_AGE = 8
OLDEST_AGE = 25

# Each step: the statuses it may start from, and how to say it in a refusal.
STEPS: dict[str, tuple[frozenset[str], str]] = {
    "take": (frozenset({S.REQUESTED}), "taken by a worker"),
    "assign": (frozenset(ConsultancyRequest.AWAITING_HUB), "assigned"),
    "advise": (frozenset({S.ASSIGNED, S.ADVISED, S.FOLLOW_UP}), "answered"),
    "topics": (frozenset(S.values), "given topics"),
    "follow_up": (frozenset({S.ADVISED}), "given a follow-up question"),
    "feedback": (frozenset({S.ADVISED}), "marked helpful or not"),
    "close": (frozenset(ConsultancyRequest.OPEN), "closed"),
    "withdraw": (frozenset({S.REQUESTED, S.ASSIGNED}), "withdrawn"),
    "link_referral": (frozenset(S.values), "linked to a referral"),
}
_STATE = {
    S.REQUESTED: "waiting for a worker",
    S.ASSIGNED: "with a worker and not yet answered",
    S.ADVISED: "answered",
    S.FOLLOW_UP: "waiting for an answer to a follow-up question",
    S.CLOSED: "closed",
    S.WITHDRAWN: "withdrawn",
}


def _check_step(request: ConsultancyRequest, step: str) -> None:
    allowed, said = STEPS[step]
    if request.status not in allowed:
        state = _STATE[S(request.status)]
        raise StepNotAllowed(f"This consultancy request is {state}, so it cannot be {said}.")


def _lock(request: ConsultancyRequest, *, version: int, step: str) -> ConsultancyRequest:
    locked: ConsultancyRequest = lock(request, version=version)
    _check_step(locked, step)
    return locked


def _audit(request: ConsultancyRequest, *, by: User, action: str, **metadata: Any) -> None:
    audit_record(
        actor=by,
        action=action,
        obj=request,
        case_id=request.case_id,
        metadata={"status": request.status, **metadata},
    )


def _link(request: ConsultancyRequest) -> str:
    return reverse("consultancy:request_detail", kwargs={"pk": request.pk})


def _text(value: Any, *, field: str, missing: str) -> str:
    text = (value or "").strip() if isinstance(value, str) or value is None else ""
    if not text:
        raise ValidationError({field: missing})
    return text


# Checking a question about a young person who is not named.


def _words(text: str) -> list[str]:
    return text.split()


# Capitalised words that are ordinary, name an agency or a role, or are a month or a day: two of
# them together are not a person's name.
_ORDINARY = _words(
    """
a about after all also an and any are as at be because been before being both but by can could
did do does during each even every few for from had has have he her here hers him his how i if
in into is it its just last many may me might more most much my near need next no not now of on
once one only or other our out over same she should since so some still such than that the their
them then there these they this those through to today tomorrow too under until up upon very was
we were what when where which while who why will with would yesterday yet you your young person
people child children girl boy mum mother dad father parent parents carer carers sister brother
aunt uncle nan gran grandmother grandfather foster family friend friends boyfriend girlfriend
please thanks thank hello hi dear regards kind best many advice question help concern concerns
worried urgent update following further recently currently since however although though
mr mrs ms miss mx dr prof sir madam pc ds dc dci sgt insp
"""
)
_AGENCY = _words(
    """
academy school schools college colleges university primary secondary high junior infant nursery
sixth form police constabulary station council county city borough district authority local
children childrens children's social care services service team teams unit hub hubs centre
center club youth project trust foundation charity nhs hospital health clinic surgery practice
gp camhs mash cse csc dsl dsp ic lado iro sen send pru ehcp cin cp lac strategy meeting
officer worker workers manager managers teacher teachers nurse doctor head deputy lead
safeguarding partnership board panel court family early help housing probation yot yos
street road lane avenue close drive way park house home hall church mosque temple
north south east west northern southern eastern western upper lower new old great little
england britain uk
"""
)
_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_MONTH_ABBREVIATIONS = [month[:3] for month in _MONTHS] + ["sept"]
_DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_DAY_ABBREVIATIONS = [day[:3] for day in _DAYS] + ["tues", "weds", "thur", "thurs"]
NOT_NAMES = frozenset(
    [*_ORDINARY, *_AGENCY, *_MONTHS, *_MONTH_ABBREVIATIONS, *_DAYS, *_DAY_ABBREVIATIONS]
)

# A capitalised word, with the shapes surnames take: O'Brien, McDonald, Taylor-Reid.
_WORD = r"(?:[A-Z]['’])?[A-Z][a-z]+(?:[A-Z][a-z]+)?(?:-[A-Z]?[a-z]+)?"
_NAME = re.compile(rf"\b({_WORD})\s+({_WORD})\b")
_MONTH_WORD = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATE_PATTERNS = [
    # 03/04/2011, 3-4-11, 3.4.2011
    re.compile(r"\b(?P<d>\d{1,2})[/.\-](?P<m>\d{1,2})[/.\-](?P<y>\d{4}|\d{2})\b"),
    # 2011-04-03
    re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})\b"),
    # 3 May 2011, 3rd of May, 3 May
    re.compile(
        rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{_MONTH_WORD})"
        r"(?:,?\s+(?P<y>\d{4}))?\b",
        re.IGNORECASE,
    ),
    # May 3 2011, May 3rd, 2011
    re.compile(
        rf"\b(?P<mon>{_MONTH_WORD})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y>\d{{4}}))?\b",
        re.IGNORECASE,
    ),
]
# "DOB", "D.O.B.", "date of birth" or "born", shortly before a date (or a year) say it is one.
_BIRTH_WORDS = re.compile(r"\b(?:d\.?\s?o\.?\s?b\.?|date\s+of\s+birth|born)(?:\W|$)", re.IGNORECASE)
_BIRTH_YEAR = re.compile(
    r"\b(?:d\.?\s?o\.?\s?b\.?|date\s+of\s+birth|born)\W{0,3}(?:in\s+)?(?P<y>(?:19|20)\d{2})\b",
    re.IGNORECASE,
)
_BIRTH_WORD_REACH = 25


@dataclass(frozen=True)
class IdentifyingFinding:
    """What in a question looks like it identifies a young person."""

    names: tuple[str, ...]
    dates_of_birth: tuple[str, ...]

    @property
    def found(self) -> bool:
        return bool(self.names and self.dates_of_birth)

    def message(self) -> str:
        name = self.names[0]
        born = self.dates_of_birth[0]
        return (
            f"Your question may identify the young person: “{name}” looks like a full name and "
            f"“{born}” looks like a date of birth. Remove names, dates of birth, addresses and "
            "schools, or, if it does not identify them, tick the box to confirm and send it."
        )


class IdentifyingDetails(ValidationError):
    """A question about a young person who is not named looks as if it names them."""


def _year(value: str) -> int:
    year = int(value)
    if len(value) == 2:
        year += 2000
    return year


def _age_from_year(year: int, today: datetime.date) -> int:
    return today.year - year


def _possible_names(text: str) -> list[str]:
    names: list[str] = []
    for match in _NAME.finditer(text):
        first, last = match.group(1), match.group(2)
        if first.lower() in NOT_NAMES or last.lower() in NOT_NAMES:
            continue
        names.append(f"{first} {last}")
    return names


def _possible_dates_of_birth(text: str, *, today: datetime.date) -> list[str]:
    found: list[str] = []
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            year = match.groupdict().get("y")
            before = text[max(0, match.start() - _BIRTH_WORD_REACH) : match.start()]
            said_born = bool(_BIRTH_WORDS.search(before))
            of_age = year is not None and (
                YOUNGEST_AGE <= _age_from_year(_year(year), today) <= OLDEST_AGE
            )
            if said_born or of_age:
                found.append(match.group(0))
    for match in _BIRTH_YEAR.finditer(text):
        found.append(match.group(0).strip())
    # Once each, in the order they appear.
    return sorted(set(found), key=text.find)


def identifying_details_find(
    *, text: str, today: datetime.date | None = None
) -> IdentifyingFinding:
    """What looks like a full name and a date of birth in free text (both are needed to flag)."""
    today = today or timezone.localdate()
    return IdentifyingFinding(
        names=tuple(dict.fromkeys(_possible_names(text))),
        dates_of_birth=tuple(_possible_dates_of_birth(text, today=today)),
    )


def identifying_details_check(*, text: str, today: datetime.date | None = None) -> None:
    """Refuse free text that looks as if it names a young person (field `question`, code
    `identifying`)."""
    finding = identifying_details_find(text=text, today=today)
    if finding.found:
        raise IdentifyingDetails(
            {"question": ValidationError(finding.message(), code="identifying")}
        )


# Where a request goes.


def placed_workers(
    *, hub: Agency, local_authority: LocalAuthority, on: datetime.date | None = None
) -> QuerySet[User]:
    """The hub's active spoke workers placed in the local authority on the day."""
    from accounts.models import User

    day = on or timezone.localdate()
    placed = SpokePlacement.objects.active(day).filter(hub=hub, local_authority=local_authority)
    workers = Membership.objects.active(day).filter(agency=hub, role=Role.SPOKE_WORKER)
    return (
        User.objects.filter(pk__in=placed.values("worker_id"), is_active=True)
        .filter(pk__in=workers.values("user_id"))
        .order_by("full_name", "pk")
    )


def hub_spoke_workers(*, hub: Agency) -> QuerySet[User]:
    """The hub's active spoke workers today, whom a request may be assigned to."""
    from accounts.models import User

    workers = Membership.objects.active().filter(agency=hub, role=Role.SPOKE_WORKER)
    return User.objects.filter(pk__in=workers.values("user_id"), is_active=True).order_by(
        "full_name", "pk"
    )


def consultancy_hubs_for(*, local_authority: LocalAuthority) -> QuerySet[Agency]:
    """The CSE services a request about a young person in the local authority may go to."""
    return hubs_for(local_authority=local_authority)


def consultancy_default_hub_for(*, local_authority: LocalAuthority) -> Agency | None:
    """The hub placing workers there if there is one; else the only hub covering it."""
    return default_hub_for(local_authority=local_authority)


def _hub_managers(hub_id: int) -> list[User]:
    return [
        m.user
        for m in Membership.objects.active()
        .filter(agency_id=hub_id, role=Role.HUB_MANAGER, user__is_active=True)
        .select_related("user")
        .order_by("user_id")
    ]


def _shared_open_case(*, by: User, case: Case | None) -> Case:
    if case is None:
        raise ValidationError({"case": "Choose the young person's case."})
    if (
        not case_policies.shared_cases(by).filter(pk=case.pk, status=Case.Status.OPEN).exists()
        or case.owning_agency_id is None
    ):
        raise ValidationError({"case": "Choose an open case the hub has shared with your agency."})
    return case


def _clean_age(value: Any) -> int | None:
    if value in (None, ""):
        return None
    try:
        age = int(value)
    except (TypeError, ValueError):
        raise ValidationError({"young_person_age": "Enter the age as a whole number."}) from None
    if not YOUNGEST_AGE <= age <= OLDEST_AGE:
        raise ValidationError(
            {
                "young_person_age": f"Enter an age from {YOUNGEST_AGE} to {OLDEST_AGE}: the hub "
                "works with young people of those ages."
            }
        )
    return age


def _route_unnamed(
    *, agency: Agency, local_authority: LocalAuthority | None, hub: Agency | None
) -> tuple[LocalAuthority, Agency]:
    covered = list(agency.local_authorities.order_by("name"))
    if local_authority is None:
        if len(covered) != 1:
            raise ValidationError(
                {"local_authority": "Choose the local authority where the young person lives."}
            )
        local_authority = covered[0]
    elif local_authority.pk not in {la.pk for la in covered}:
        raise ValidationError(
            {"local_authority": f"Choose a local authority {agency.name} works in."}
        )
    if hub is None:
        hub = consultancy_default_hub_for(local_authority=local_authority)
        if hub is None:
            if not consultancy_hubs_for(local_authority=local_authority).exists():
                raise ValidationError(
                    {
                        "hub": f"No CSE service on CSE Hub works in {local_authority.name}. "
                        "Contact your local CSE service directly."
                    }
                )
            raise ValidationError(
                {"hub": f"Choose the CSE service to ask in {local_authority.name}."}
            )
    elif not consultancy_hubs_for(local_authority=local_authority).filter(pk=hub.pk).exists():
        raise ValidationError({"hub": f"{hub.name} does not work in {local_authority.name}."})
    return local_authority, hub


@transaction.atomic
def consultancy_request_create(
    *,
    by: User,
    agency: Agency,
    about: str,
    question: str,
    urgency: str,
    preferred_contact: str,
    case: Case | None = None,
    local_authority: LocalAuthority | None = None,
    hub: Agency | None = None,
    young_person_age: int | None = None,
    young_person_gender: str = YoungPerson.Gender.NOT_KNOWN,
    requester_phone: str = "",
    identifying_details_confirmed: bool = False,
) -> ConsultancyRequest:
    """Ask the hub for advice; the request goes to the case's lead worker, or to the one worker
    placed in the local authority, or waits for the hub's managers to assign it."""
    from consultancy.policies import requesting_agencies

    if agency.pk not in {a.pk for a in requesting_agencies(by)}:
        raise ValidationError({"agency": "Choose an agency you ask for consultancy for."})
    if about not in ConsultancyRequest.About.values:
        raise ValidationError({"about": "Say who the question is about."})
    question = (question or "").strip()
    if len(question) < QUESTION_MIN_LENGTH:
        raise ValidationError(
            {"question": f"Write your question, in at least {QUESTION_MIN_LENGTH} characters."}
        )
    if urgency not in Urgency.values:
        raise ValidationError({"urgency": "Choose how urgent your question is."})
    if preferred_contact not in ConsultancyRequest.PreferredContact.values:
        raise ValidationError({"preferred_contact": "Choose how you would like to talk."})
    requester_phone = (requester_phone or "").strip()
    if preferred_contact == ConsultancyRequest.PreferredContact.PHONE and not requester_phone:
        raise ValidationError(
            {"requester_phone": "Enter a phone number, so the worker can call you."}
        )
    if young_person_gender not in YoungPerson.Gender.values:
        raise ValidationError({"young_person_gender": "Choose the young person's gender."})

    request = ConsultancyRequest(
        requester=by,
        requester_agency=agency,
        requester_phone=requester_phone,
        about=about,
        question=question,
        urgency=urgency,
        preferred_contact=preferred_contact,
    )
    worker: User | None = None
    if about == ConsultancyRequest.About.CASE:
        case = _shared_open_case(by=by, case=case)
        request.case = case
        request.hub_id = case.owning_agency_id
        request.local_authority_id = case.local_authority_id
        worker = case.lead_worker
    else:
        if not identifying_details_confirmed:
            identifying_details_check(text=question)
        request.identifying_details_confirmed = identifying_details_confirmed
        request.young_person_age = _clean_age(young_person_age)
        request.young_person_gender = young_person_gender
        la, chosen_hub = _route_unnamed(agency=agency, local_authority=local_authority, hub=hub)
        request.local_authority = la
        request.hub = chosen_hub
        placed = list(placed_workers(hub=chosen_hub, local_authority=la)[:2])
        worker = placed[0] if len(placed) == 1 else None
    now = timezone.now()
    request.requested_at = now
    request.updated_at = now
    if worker is not None:
        request.responding_worker = worker
        request.status = S.ASSIGNED
        request.assigned_at = now
    request.full_clean()
    request.save()
    _audit(
        request,
        by=by,
        action=AuditEvent.Action.CONSULTANCY_REQUESTED,
        about=about,
        urgency=urgency,
        worker_id=worker.pk if worker else None,
        identifying_details_confirmed=request.identifying_details_confirmed,
    )
    message = (
        f"New {_urgency_word(request)} consultancy request {request.reference} from {agency.name}"
    )
    if worker is not None:
        recipients = [worker]
    else:
        recipients = [
            *_hub_managers(request.hub_id),
            *placed_workers(hub=request.hub, local_authority=request.local_authority),
        ]
    notify(
        recipients=_unique(recipients),
        kind=Notification.Kind.CONSULTANCY_REQUESTED,
        key=f"consultancy_requested:{request.pk}",
        message=message,
        link=_link(request),
    )
    return request


def _urgency_word(request: ConsultancyRequest) -> str:
    return str(request.get_urgency_display()).split(":")[0].lower()


def _unique(people: Iterable[User]) -> list[User]:
    seen: dict[int, User] = {}
    for person in people:
        seen.setdefault(person.pk, person)
    return list(seen.values())


# The hub: taking and assigning.


def _check_spoke_worker(*, worker: User | None, hub_id: int, field: str = "worker") -> User:
    if worker is None or not worker.is_active:
        raise ValidationError({field: "Choose a spoke worker."})
    if not (
        Membership.objects.active()
        .filter(user_id=worker.pk, agency_id=hub_id, role=Role.SPOKE_WORKER)
        .exists()
    ):
        raise ValidationError({field: "Choose a spoke worker who works for the hub today."})
    return worker


@transaction.atomic
def consultancy_take(*, request: ConsultancyRequest, by: User, version: int) -> ConsultancyRequest:
    """A spoke worker placed in the request's local authority takes it on."""
    request = _lock(request, version=version, step="take")
    _check_spoke_worker(worker=by, hub_id=request.hub_id, field="__all__")
    request.responding_worker = by
    request.assigned_by = by
    request.assigned_at = timezone.now()
    request.status = S.ASSIGNED
    save_changed(request, ["responding_worker", "assigned_by", "assigned_at", "status"])
    _audit(
        request,
        by=by,
        action=AuditEvent.Action.CONSULTANCY_ASSIGNED,
        worker_id=by.pk,
        taken=True,
        fields=["responding_worker"],
    )
    return request


@transaction.atomic
def consultancy_assign(
    *, request: ConsultancyRequest, by: User, worker: User, version: int
) -> ConsultancyRequest:
    """The hub's manager gives the request to one of the hub's spoke workers (or another)."""
    request = _lock(request, version=version, step="assign")
    worker = _check_spoke_worker(worker=worker, hub_id=request.hub_id)
    if worker.pk == request.responding_worker_id:
        raise ValidationError({"worker": f"{worker} already has this request."})
    previous = request.responding_worker_id
    request.responding_worker = worker
    request.assigned_by = by
    request.assigned_at = timezone.now()
    if request.status == S.REQUESTED:
        request.status = S.ASSIGNED
    save_changed(request, ["responding_worker", "assigned_by", "assigned_at", "status"])
    _audit(
        request,
        by=by,
        action=AuditEvent.Action.CONSULTANCY_ASSIGNED,
        worker_id=worker.pk,
        previous_worker_id=previous,
        fields=["responding_worker"],
    )
    if worker.pk != by.pk:
        notify(
            recipients=[worker],
            kind=Notification.Kind.CONSULTANCY_ASSIGNED,
            key=f"consultancy_assigned:{request.pk}:{request.version}",
            message=(
                f"Consultancy request {request.reference} ({_urgency_word(request)}) "
                "has been assigned to you"
            ),
            link=_link(request),
        )
    return request


# The hub: advice and topics.


@transaction.atomic
def consultancy_advise(
    *,
    request: ConsultancyRequest,
    by: User,
    text: str,
    given_on: datetime.date,
    time_spent_minutes: int,
    agreed_follow_up: str = "",
    topics: Iterable[str] = (),
    version: int,
) -> ConsultancyRequest:
    """Record the advice the worker gave (in writing, or a call written up); the requester is
    told."""
    request = _lock(request, version=version, step="advise")
    if by.pk != request.responding_worker_id:
        raise StepNotAllowed("Only the worker the request is with can record advice on it.")
    text = _text(text, field="text", missing="Write the advice you gave.")
    given_on = clean_past_date(given_on, field="given_on", what="date the advice was given")
    if given_on < timezone.localtime(request.requested_at).date():
        raise ValidationError(
            {"given_on": "The advice cannot have been given before the request was made."}
        )
    minutes = clean_minutes(time_spent_minutes, field="time_spent_minutes")
    chosen = clean_topics(topics)
    message = ConsultancyMessage.objects.create(
        request=request,
        kind=ConsultancyMessage.Kind.ADVICE,
        author=by,
        author_agency_id=request.hub_id,
        text=text,
        given_on=given_on,
        time_spent_minutes=minutes,
        agreed_follow_up=(agreed_follow_up or "").strip(),
    )
    now = timezone.now()
    request.status = S.ADVISED
    request.first_advised_at = request.first_advised_at or now
    request.last_advised_at = now
    changed = ["status", "first_advised_at", "last_advised_at"]
    merged = clean_topics([*request.topics, *chosen])
    if merged != request.topics:
        request.topics = merged
        changed.append("topics")
    save_changed(request, changed)
    _audit(
        request,
        by=by,
        action=AuditEvent.Action.CONSULTANCY_ADVISED,
        message_id=message.pk,
        minutes=minutes,
        topics=chosen,
    )
    notify(
        recipients=[request.requester],
        kind=Notification.Kind.CONSULTANCY_ADVISED,
        key=f"consultancy_advised:{request.pk}:{message.pk}",
        message=f"Advice on your consultancy request {request.reference} from {request.hub}",
        link=_link(request),
    )
    return request


@transaction.atomic
def consultancy_topics_set(
    *, request: ConsultancyRequest, by: User, topics: Iterable[str], version: int
) -> ConsultancyRequest:
    """Say what the consultancy was about, for reporting; at any status."""
    request = _lock(request, version=version, step="topics")
    chosen = clean_topics(topics)
    if chosen != request.topics:
        request.topics = chosen
        save_changed(request, ["topics"])
        _audit(
            request,
            by=by,
            action=AuditEvent.Action.CONSULTANCY_TOPICS_CHANGED,
            topics=chosen,
            fields=["topics"],
        )
    return request


# The requester: follow-up, feedback, withdrawing.


@transaction.atomic
def consultancy_follow_up(
    *, request: ConsultancyRequest, by: User, text: str, version: int
) -> ConsultancyRequest:
    """The requester asks a further question after the advice; the worker is told."""
    request = _lock(request, version=version, step="follow_up")
    text = _text(text, field="text", missing="Write your follow-up question.")
    message = ConsultancyMessage.objects.create(
        request=request,
        kind=ConsultancyMessage.Kind.FOLLOW_UP,
        author=by,
        author_agency_id=request.requester_agency_id,
        text=text,
    )
    request.status = S.FOLLOW_UP
    request.follow_up_at = timezone.now()
    save_changed(request, ["status", "follow_up_at"])
    _audit(request, by=by, action=AuditEvent.Action.CONSULTANCY_FOLLOW_UP, message_id=message.pk)
    recipients = (
        [request.responding_worker]
        if request.responding_worker is not None
        else _hub_managers(request.hub_id)
    )
    notify(
        recipients=recipients,
        kind=Notification.Kind.CONSULTANCY_FOLLOW_UP,
        key=f"consultancy_follow_up:{request.pk}:{message.pk}",
        message=f"Follow-up question on consultancy request {request.reference}",
        link=_link(request),
    )
    return request


@transaction.atomic
def consultancy_feedback(
    *,
    request: ConsultancyRequest,
    by: User,
    helpful: bool,
    feedback: str = "",
    version: int,
) -> ConsultancyRequest:
    """The requester says whether the advice helped, which closes the request."""
    request = _lock(request, version=version, step="feedback")
    if request.helpful is not None:
        raise StepNotAllowed("You have already said whether the advice helped.")
    if not isinstance(helpful, bool):
        raise ValidationError({"helpful": "Say whether the advice helped."})
    now = timezone.now()
    request.helpful = helpful
    request.feedback = (feedback or "").strip()
    request.feedback_at = now
    request.status = S.CLOSED
    request.closed_at = now
    request.closed_by = by
    save_changed(
        request, ["helpful", "feedback", "feedback_at", "status", "closed_at", "closed_by"]
    )
    _audit(request, by=by, action=AuditEvent.Action.CONSULTANCY_FEEDBACK, helpful=helpful)
    if request.responding_worker is not None:
        said = "helpful" if helpful else "not helpful"
        notify(
            recipients=[request.responding_worker],
            kind=Notification.Kind.CONSULTANCY_FEEDBACK,
            key=f"consultancy_feedback:{request.pk}",
            message=f"Your advice on consultancy request {request.reference} was marked {said}",
            link=_link(request),
        )
    return request


@transaction.atomic
def consultancy_withdraw(
    *, request: ConsultancyRequest, by: User, reason: str = "", version: int
) -> ConsultancyRequest:
    """The requester (or their team manager) withdraws the request before any advice."""
    request = _lock(request, version=version, step="withdraw")
    request.status = S.WITHDRAWN
    request.withdrawn_at = timezone.now()
    # The request has no field of its own for why: the closing note says it.
    request.closing_note = (reason or "").strip()
    save_changed(request, ["status", "withdrawn_at", "closing_note"])
    _audit(request, by=by, action=AuditEvent.Action.CONSULTANCY_WITHDRAWN)
    if request.responding_worker is not None and request.responding_worker_id != by.pk:
        notify(
            recipients=[request.responding_worker],
            kind=Notification.Kind.CONSULTANCY_WITHDRAWN,
            key=f"consultancy_withdrawn:{request.pk}",
            message=f"Consultancy request {request.reference} was withdrawn by the requester",
            link=_link(request),
        )
    return request


# The hub: closing.


@transaction.atomic
def consultancy_close(
    *, request: ConsultancyRequest, by: User, note: str, version: int
) -> ConsultancyRequest:
    """The worker or a manager closes an open request, saying why."""
    request = _lock(request, version=version, step="close")
    note = _text(note, field="note", missing="Say why you are closing the request.")
    request.status = S.CLOSED
    request.closed_at = timezone.now()
    request.closed_by = by
    request.closing_note = note
    save_changed(request, ["status", "closed_at", "closed_by", "closing_note"])
    _audit(request, by=by, action=AuditEvent.Action.CONSULTANCY_CLOSED)
    return request


# Either side: the referral that followed.


@transaction.atomic
def consultancy_link_referral(
    *, request: ConsultancyRequest, by: User, referral: Referral, version: int
) -> ConsultancyRequest:
    """Link a request about a young person who was not named to the referral that followed."""
    request = _lock(request, version=version, step="link_referral")
    if request.about != ConsultancyRequest.About.UNNAMED:
        raise StepNotAllowed(
            "This request is about a case already, so it cannot be linked to a referral."
        )
    if request.referral_id is not None:
        raise StepNotAllowed("This request is already linked to a referral.")
    if referral.hub_id != request.hub_id or referral.is_draft:
        raise ValidationError({"referral": f"Choose a referral made to {request.hub}."})
    request.referral = referral
    request.referral_linked_by = by
    request.referral_linked_at = timezone.now()
    save_changed(request, ["referral", "referral_linked_by", "referral_linked_at"])
    _audit(
        request,
        by=by,
        action=AuditEvent.Action.CONSULTANCY_REFERRAL_LINKED,
        referral_id=referral.pk,
        fields=["referral"],
    )
    return request


def consultancy_read_record(*, request: ConsultancyRequest, by: User) -> None:
    """Audit a read of a request (it may be about a young person)."""
    audit_record(
        actor=by,
        action=AuditEvent.Action.CONSULTANCY_VIEWED,
        obj=request,
        case_id=request.case_id,
    )
