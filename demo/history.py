"""A year of synthetic history for the dashboards: a second hub, Eastmoor CSE Hub, working in
Ashdown and Brackenford with its own spoke workers and partner agencies, and twelve months of
referrals, cases, contacts, consultancy, training, awareness sessions and practice challenges.

The named demo (Northbrook and its accounts) has eight young people, too few for a dashboard to
show anything but "fewer than 5". This history gives the partnership manager and the
commissioner real numbers, with some still small enough to be suppressed. Nobody signs in to
Eastmoor: its people have no password, and its records are visible to no demo account (the
dashboards count them; no page lists them).

The organisation and its people go through the partners services, audited as in real use. The
records of the past are written in bulk, because the services stamp the moment they run and the
history must be spread over a year; the run's one `demo.seeded` event counts them. Everything
is generated from a fixed seed and dated back from the day it runs, so the same day always gives
the same history. Young people are called "Synthetic Person 001" and so on: nobody could take
them for real. The history is keyed by the hub: if Eastmoor has young people, it is left alone.
"""

from __future__ import annotations

import datetime
import random
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from accounts.models import User
from audit.models import AuditEvent
from audit.services import audit_record
from cases.models import (
    AgencyInvolvement,
    Case,
    CaseworkEntry,
    RiskAssessment,
    RiskLevel,
    YoungPerson,
)
from cases.services import RETENTION_AFTER_CLOSURE
from consultancy.models import (
    AwarenessSession,
    ConsultancyMessage,
    ConsultancyRequest,
    PracticeChallenge,
    TrainingAttendance,
    TrainingSession,
    Urgency,
)
from partners import services as partners
from partners.models import Agency, LocalAuthority, Membership, Role, SpokePlacement
from referrals.models import Referral

HUB = "Eastmoor CSE Hub"
ASHDOWN = "E99900001"
BRACKENFORD = "E99900002"
# Fixed, so that one day always gives the same history.
SEED = 20260401
DAYS = 365
SYNTHETIC_FIRST_NAME = "Synthetic"
HISTORY_EMAIL_DOMAIN = "history.demo.test"


@dataclass(frozen=True)
class HistoryAgency:
    name: str
    kind: str
    local_authorities: tuple[str, ...]
    # How often it refers, relative to the others.
    weight: int


AGENCIES = (
    HistoryAgency(
        "Ashdown Multi-Agency Safeguarding Hub", Agency.Kind.CHILDRENS_SOCIAL_CARE, (ASHDOWN,), 7
    ),
    HistoryAgency(
        "Brackenford Early Help and Social Care",
        Agency.Kind.CHILDRENS_SOCIAL_CARE,
        (BRACKENFORD,),
        7,
    ),
    HistoryAgency(
        "Shire Police Child Exploitation Unit", Agency.Kind.POLICE, (ASHDOWN, BRACKENFORD), 5
    ),
    HistoryAgency(
        "Ashdown and Brackenford Community Health",
        Agency.Kind.HEALTH,
        (ASHDOWN, BRACKENFORD),
        3,
    ),
    HistoryAgency("Brackenford College", Agency.Kind.EDUCATION, (BRACKENFORD,), 4),
    HistoryAgency("Ashdown High School", Agency.Kind.EDUCATION, (ASHDOWN,), 4),
    HistoryAgency("Ashdown Youth Justice Service", Agency.Kind.YOUTH_JUSTICE, (ASHDOWN,), 1),
)
# A voluntary partner that hosts a worker and refers nobody.
YOUTH_TRUST = "Ashdown Youth Trust"
SOCIAL_CARE = {
    ASHDOWN: "Ashdown Multi-Agency Safeguarding Hub",
    BRACKENFORD: "Brackenford Early Help and Social Care",
}
POLICE = "Shire Police Child Exploitation Unit"


@dataclass(frozen=True)
class HistoryWorker:
    number: int
    local_authority: str
    location_model: str
    host_agency: str | None = None
    champion: str = ""


M = SpokePlacement.LocationModel
WORKERS = (
    HistoryWorker(
        1, ASHDOWN, M.CO_LOCATED_STATUTORY, SOCIAL_CARE[ASHDOWN], champion="Chris Championson"
    ),
    HistoryWorker(2, ASHDOWN, M.HYBRID, SOCIAL_CARE[ASHDOWN], champion="Chris Championson"),
    HistoryWorker(3, ASHDOWN, M.CO_LOCATED_VOLUNTARY, YOUTH_TRUST),
    HistoryWorker(4, BRACKENFORD, M.OUTREACH),
    HistoryWorker(5, BRACKENFORD, M.HUB_BASED),
    HistoryWorker(6, BRACKENFORD, M.HYBRID, "Brackenford College"),
)


def _email(name: str) -> str:
    return f"{name}@{HISTORY_EMAIL_DOMAIN}"


def history_seed(
    *, created: Counter[str], admin: User, las: dict[str, LocalAuthority], today: datetime.date
) -> None:
    """Add Eastmoor and its year, unless its young people are already there."""
    hub = Agency.objects.filter(name=HUB, kind=Agency.Kind.CSE_HUB).first()
    if hub is not None and YoungPerson.objects.filter(owning_agency=hub).exists():
        return
    since = today - datetime.timedelta(days=DAYS + 60)
    hub = hub or partners.agency_create(
        by=admin,
        name=HUB,
        sector=Agency.Sector.VOLUNTARY,
        kind=Agency.Kind.CSE_HUB,
        local_authorities=[las[ASHDOWN], las[BRACKENFORD]],
    )
    agencies = {HUB: hub}
    for spec in AGENCIES:
        found = Agency.objects.filter(name=spec.name).first()
        agencies[spec.name] = found or partners.agency_create(
            by=admin,
            name=spec.name,
            sector=Agency.Sector.STATUTORY,
            kind=spec.kind,
            local_authorities=[las[code] for code in spec.local_authorities],
        )
    agencies[YOUTH_TRUST] = Agency.objects.filter(name=YOUTH_TRUST).first() or (
        partners.agency_create(
            by=admin,
            name=YOUTH_TRUST,
            sector=Agency.Sector.VOLUNTARY,
            kind=Agency.Kind.OTHER,
            local_authorities=[las[ASHDOWN]],
        )
    )
    manager = _person(
        "eastmoor.manager", "Eastmoor Hub Manager", hub, Role.HUB_MANAGER, admin, since, created
    )
    workers = {
        spec.number: _person(
            f"eastmoor.worker{spec.number}",
            f"Eastmoor Spoke Worker {spec.number}",
            hub,
            Role.SPOKE_WORKER,
            admin,
            since,
            created,
        )
        for spec in WORKERS
    }
    referrers = {
        spec.name: _person(
            f"referrer{index}",
            f"{spec.name} Practitioner",
            agencies[spec.name],
            Role.PRACTITIONER,
            admin,
            since,
            created,
        )
        for index, spec in enumerate(AGENCIES, start=1)
    }
    if not SpokePlacement.objects.filter(hub=hub).exists():
        for worker in WORKERS:
            partners.placement_create(
                by=manager,
                worker=workers[worker.number],
                hub=hub,
                local_authority=las[worker.local_authority],
                host_agency=agencies[worker.host_agency] if worker.host_agency else None,
                location_model=worker.location_model,
                starts_on=since,
                champion_name=worker.champion,
            )
            created["placements"] += 1
    for worker in WORKERS:
        # One outreach worker's supervision has lapsed, as the evaluation warns.
        days_ago = 45 if worker.location_model == M.OUTREACH else 10 + worker.number
        partners.supervision_record(
            by=manager,
            worker=workers[worker.number],
            hub=hub,
            supervisor=manager,
            held_on=today - datetime.timedelta(days=days_ago),
            kind="hub",
            notes="Caseload and wellbeing reviewed.",
        )
        created["supervision records"] += 1
    _History(
        hub=hub,
        manager=manager,
        workers=workers,
        referrers=referrers,
        agencies=agencies,
        las=las,
        today=today,
        created=created,
    ).write()


def _person(
    local: str,
    name: str,
    agency: Agency,
    role: str,
    admin: User,
    since: datetime.date,
    created: Counter[str],
) -> User:
    user = User.objects.filter(email=_email(local)).first()
    if user is None:
        # No password: nobody signs in as the history's people.
        user = User(email=_email(local), full_name=name, password=make_password(None))
        user.save()
        audit_record(actor=None, action=AuditEvent.Action.DEMO_DATA_SEEDED, obj=user)
        created["users"] += 1
    if not Membership.objects.filter(user=user, agency=agency, role=role).exists():
        partners.membership_create(by=admin, user=user, agency=agency, role=role, starts_on=since)
        created["memberships"] += 1
    return user


def _moment(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


class _History:
    def __init__(
        self,
        *,
        hub: Agency,
        manager: User,
        workers: dict[int, User],
        referrers: dict[str, User],
        agencies: dict[str, Agency],
        las: dict[str, LocalAuthority],
        today: datetime.date,
        created: Counter[str],
    ) -> None:
        self.hub, self.manager, self.workers, self.referrers = hub, manager, workers, referrers
        self.agencies, self.las, self.today, self.created = agencies, las, today, created
        # Not for secrets: a fixed seed, so that one day always gives the same history.
        self.random = random.Random(f"{SEED}-{today.isoformat()}")  # noqa: S311
        self.now = timezone.now()
        self.people = 0
        # Made in memory, then written table by table in bulk.
        self.young_people: list[YoungPerson] = []
        self.cases: list[Case] = []
        self.assessments: list[RiskAssessment] = []
        self.involvements_made: list[AgencyInvolvement] = []
        self.entries: list[CaseworkEntry] = []

    def day(self, *, within: int = DAYS, after: datetime.date | None = None) -> datetime.date:
        start = after or self.today - datetime.timedelta(days=within)
        span = max((self.today - start).days, 0)
        return start + datetime.timedelta(days=self.random.randint(0, span))

    def write(self) -> None:
        referrals: list[Referral] = []
        for code in (ASHDOWN, BRACKENFORD):
            for _ in range(75):
                referrals.append(self.referral(code))
        YoungPerson.objects.bulk_create(self.young_people)
        Case.objects.bulk_create(self.cases)
        RiskAssessment.objects.bulk_create(self.assessments)
        AgencyInvolvement.objects.bulk_create(self.involvements_made)
        CaseworkEntry.objects.bulk_create(self.entries)
        Referral.objects.bulk_create(referrals)
        self.created["cases"] += len(self.cases)
        self.created["casework entries"] += len(self.entries)
        self.created["referrals"] += len(referrals)
        self.consultancy()
        self.training()
        self.awareness()
        self.challenges()

    def worker_in(self, code: str) -> User:
        numbers = [spec.number for spec in WORKERS if spec.local_authority == code]
        return self.workers[self.random.choice(numbers)]

    def referral(self, code: str) -> Referral:
        pick = self.random
        here = [spec for spec in AGENCIES if code in spec.local_authorities]
        spec = pick.choices(here, weights=[s.weight for s in here])[0]
        submitted_on = self.day()
        submitted_at = _moment(submitted_on, pick.randint(8, 17), pick.randint(0, 59))
        if submitted_at > self.now:
            submitted_at = self.now - datetime.timedelta(hours=1)
        self.people += 1
        number = self.people
        born = submitted_on - datetime.timedelta(
            days=365 * pick.randint(11, 17) + pick.randint(0, 364)
        )
        referral = Referral(
            referrer=self.referrers[spec.name],
            referrer_agency=self.agencies[spec.name],
            local_authority=self.las[code],
            hub=self.hub,
            first_name=SYNTHETIC_FIRST_NAME,
            last_name=f"Person {number:03d}",
            date_of_birth=born,
            narrative="Synthetic history: concerns about exploitation.",
            urgency=pick.choice(list(Referral.Urgency.values)),
            young_person_aware=True,
            young_person_consents=True,
            created_at=submitted_at,
            updated_at=submitted_at,
            submitted_at=submitted_at,
        )
        recent = (self.now - submitted_at) < datetime.timedelta(days=10)
        outcome = pick.choices(
            ["allocated", "declined", "signposted", "withdrawn"], weights=[60, 16, 16, 8]
        )[0]
        if recent and pick.random() < 0.6:
            referral.status = pick.choice([Referral.Status.SUBMITTED, Referral.Status.SCREENING])
            if referral.status == Referral.Status.SCREENING:
                referral.screening_started_at = submitted_at + datetime.timedelta(hours=3)
            return referral
        screening = submitted_at + datetime.timedelta(hours=pick.randint(1, 30))
        decided = screening + datetime.timedelta(hours=pick.randint(2, 120))
        if decided > self.now:
            decided = self.now
        referral.screening_started_at = screening
        if outcome == "withdrawn":
            referral.status = Referral.Status.WITHDRAWN
            referral.withdrawn_at = screening
            referral.withdrawn_reason = "Synthetic history: moved away."
            return referral
        referral.decided_at = decided
        referral.decided_by = self.manager
        if outcome in ("declined", "signposted"):
            referral.status = (
                Referral.Status.DECLINED if outcome == "declined" else Referral.Status.SIGNPOSTED
            )
            referral.decision_reason = "Synthetic history: decided at triage."
            return referral
        allocated = decided + datetime.timedelta(hours=pick.randint(1, 48))
        if allocated > self.now:
            allocated = self.now
        worker = self.worker_in(code)
        referral.status = Referral.Status.ALLOCATED
        referral.allocated_at = allocated
        referral.allocated_by = self.manager
        referral.allocated_worker = worker
        referral.case = self.case(
            code=code, number=number, born=born, worker=worker, allocated=allocated
        )
        referral.young_person = referral.case.young_person
        return referral

    def case(
        self,
        *,
        code: str,
        number: int,
        born: datetime.date,
        worker: User,
        allocated: datetime.datetime,
    ) -> Case:
        pick = self.random
        person = YoungPerson(
            owning_agency=self.hub,
            local_authority=self.las[code],
            first_name=SYNTHETIC_FIRST_NAME,
            last_name=f"Person {number:03d}",
            date_of_birth=born,
            gender=pick.choice([YoungPerson.Gender.FEMALE, YoungPerson.Gender.MALE]),
        )
        self.young_people.append(person)
        opened_on = timezone.localdate(allocated)
        risk = pick.choices(list(RiskLevel.values), weights=[30, 45, 25])[0]
        case = Case(
            young_person=person,
            owning_agency=self.hub,
            local_authority=self.las[code],
            lead_worker=worker,
            risk_level=risk,
            opened_on=opened_on,
            created_at=allocated,
            updated_at=allocated,
        )
        age = (self.today - opened_on).days
        if age > 60 and pick.random() < 0.45:
            closed_on = opened_on + datetime.timedelta(days=pick.randint(45, age - 1))
            case.status = Case.Status.CLOSED
            case.closed_on = closed_on
            case.closure_reason = pick.choices(
                list(Case.ClosureReason.values), weights=[30, 25, 15, 8, 10, 7, 5]
            )[0]
            case.closure_outcome = "Synthetic history."
            case.retention_until = closed_on + RETENTION_AFTER_CLOSURE
        self.cases.append(case)
        self.assessments.append(
            RiskAssessment(
                case=case,
                level=risk,
                rationale="Synthetic history: assessed at opening.",
                assessed_on=opened_on,
                assessed_by=worker,
            )
        )
        if age > 40 and pick.random() < 0.4:
            later = opened_on + datetime.timedelta(days=pick.randint(20, age - 1))
            if case.closed_on is None or later < case.closed_on:
                level = pick.choice([v for v in RiskLevel.values if v != risk])
                self.assessments.append(
                    RiskAssessment(
                        case=case,
                        level=level,
                        rationale="Synthetic history: reassessed.",
                        assessed_on=later,
                        assessed_by=worker,
                    )
                )
                case.risk_level = level
        self.involvements(case, code=code, worker=worker)
        self.contacts(case, worker=worker, allocated=allocated)
        return case

    def involvements(self, case: Case, *, code: str, worker: User) -> None:
        pick = self.random
        if pick.random() < 0.55:
            involvement = AgencyInvolvement(
                case=case,
                agency=self.agencies[SOCIAL_CARE[code]],
                professional_role="Social worker",
                from_on=case.opened_on - datetime.timedelta(days=pick.randint(0, 30)),
                recorded_by=worker,
            )
            age = (self.today - case.opened_on).days
            if age > 30 and pick.random() < 0.3:
                involvement.stepped_back_on = case.opened_on + datetime.timedelta(
                    days=pick.randint(14, age - 1)
                )
                involvement.stepped_back_reason = "Synthetic history: closed to social care."
            self.involvements_made.append(involvement)
        if pick.random() < 0.3:
            self.involvements_made.append(
                AgencyInvolvement(
                    case=case,
                    agency=self.agencies[POLICE],
                    professional_role="Detective constable",
                    from_on=case.opened_on,
                    recorded_by=worker,
                )
            )

    def contacts(self, case: Case, *, worker: User, allocated: datetime.datetime) -> None:
        pick = self.random
        end = case.closed_on or self.today
        when = allocated + datetime.timedelta(hours=pick.randint(4, 200))
        first = last = None
        entries = []
        kinds = [
            (CaseworkEntry.Kind.ONE_TO_ONE, 60),
            (CaseworkEntry.Kind.PHONE, 15),
            (CaseworkEntry.Kind.TEXT, 5),
            (CaseworkEntry.Kind.JOINT_VISIT, 75),
            (CaseworkEntry.Kind.RETURN_HOME_INTERVIEW, 45),
            (CaseworkEntry.Kind.PROFESSIONAL_CONSULTATION, 30),
        ]
        while timezone.localdate(when) <= end and when <= self.now:
            kind, minutes = pick.choices(kinds, weights=[45, 20, 12, 8, 5, 10])[0]
            attended = pick.random() < 0.85 or kind == CaseworkEntry.Kind.PROFESSIONAL_CONSULTATION
            attendance = (
                CaseworkEntry.Attendance.NOT_APPLICABLE
                if kind == CaseworkEntry.Kind.PROFESSIONAL_CONSULTATION
                else CaseworkEntry.Attendance.ATTENDED
                if attended
                else CaseworkEntry.Attendance.DID_NOT_ATTEND
            )
            entries.append(
                CaseworkEntry(
                    case=case,
                    kind=kind,
                    occurred_at=when,
                    duration_minutes=minutes,
                    attendance=attendance,
                    summary="Synthetic history: contact recorded.",
                    author=worker,
                    author_agency=self.hub,
                    created_at=when,
                    updated_at=when,
                )
            )
            if (
                attendance == CaseworkEntry.Attendance.ATTENDED
                and kind in CaseworkEntry.CONTACT_KINDS
            ):
                first = first or when
                last = when
            when += datetime.timedelta(days=pick.randint(5, 18), hours=pick.randint(-3, 3))
        self.entries += entries
        case.first_contact_at, case.last_contact_at = first, last

    def consultancy(self) -> None:
        pick = self.random
        requests = []
        for number in range(60):
            code = ASHDOWN if number % 2 else BRACKENFORD
            here = [spec for spec in AGENCIES if code in spec.local_authorities]
            spec = pick.choices(here, weights=[s.weight for s in here])[0]
            asked = _moment(self.day(), pick.randint(9, 16))
            if asked > self.now:
                asked = self.now - datetime.timedelta(hours=2)
            verdict = pick.choices([True, False, None], weights=[70, 10, 20])[0]
            advised = asked + datetime.timedelta(hours=pick.randint(2, 72))
            closed = advised <= self.now and (self.now - asked).days > 7
            requests.append(
                (
                    ConsultancyRequest(
                        status=ConsultancyRequest.Status.CLOSED
                        if closed
                        else ConsultancyRequest.Status.ASSIGNED,
                        requester=self.referrers[spec.name],
                        requester_agency=self.agencies[spec.name],
                        local_authority=self.las[code],
                        hub=self.hub,
                        responding_worker=self.worker_in(code),
                        about=ConsultancyRequest.About.UNNAMED,
                        question="Synthetic history: how best to approach a young person?",
                        urgency=pick.choice(list(Urgency.values)),
                        preferred_contact=ConsultancyRequest.PreferredContact.PHONE,
                        requested_at=asked,
                        assigned_at=asked,
                        first_advised_at=advised if closed else None,
                        last_advised_at=advised if closed else None,
                        helpful=verdict if closed else None,
                        feedback_at=advised if closed and verdict is not None else None,
                        closed_at=advised if closed else None,
                        updated_at=asked,
                    ),
                    closed,
                )
            )
        ConsultancyRequest.objects.bulk_create([request for request, _ in requests])
        advice = [
            ConsultancyMessage(
                request=request,
                kind=ConsultancyMessage.Kind.ADVICE,
                author=request.responding_worker,
                author_agency=self.hub,
                text="Synthetic history: advice given.",
                given_on=timezone.localdate(request.first_advised_at),
                time_spent_minutes=pick.choice([20, 30, 45, 60]),
                created_at=request.first_advised_at,
            )
            for request, closed in requests
            if closed and request.first_advised_at is not None
        ]
        ConsultancyMessage.objects.bulk_create(advice)
        self.created["consultancy requests"] += len(requests)

    def training(self) -> None:
        pick = self.random
        for number in range(14):
            code = ASHDOWN if number % 2 else BRACKENFORD
            on = self.day(within=DAYS - 20)
            session = TrainingSession.objects.create(
                hub=self.hub,
                local_authority=self.las[code],
                title="Synthetic history: recognising exploitation",
                audience="Practitioners in the area",
                delivered_on=on,
                duration_minutes=pick.choice([90, 120, 180]),
                status=TrainingSession.Status.DELIVERED,
                created_by=self.manager,
            )
            session.trainers.set([self.worker_in(code)])
            here = [spec for spec in AGENCIES if code in spec.local_authorities]
            for spec in pick.sample(here, k=min(len(here), pick.randint(2, 3))):
                before = Decimal(pick.randint(15, 32)) / 10
                TrainingAttendance.objects.create(
                    session=session,
                    agency=self.agencies[spec.name],
                    count=pick.randint(2, 12),
                    confidence_before=before,
                    confidence_after=min(Decimal(5), before + Decimal(pick.randint(5, 16)) / 10),
                    recorded_by=self.manager,
                )
            self.created["training sessions"] += 1

    def awareness(self) -> None:
        pick = self.random
        for number in range(10):
            code = ASHDOWN if number % 2 else BRACKENFORD
            session = AwarenessSession.objects.create(
                hub=self.hub,
                local_authority=self.las[code],
                setting="school",
                setting_name="Synthetic history school",
                delivered_on=self.day(),
                duration_minutes=60,
                young_people_reached=pick.randint(15, 60),
                age_from=12,
                age_to=15,
                created_by=self.manager,
            )
            session.delivered_by.set([self.worker_in(code)])
            self.created["awareness sessions"] += 1

    def challenges(self) -> None:
        pick = self.random
        for number in range(9):
            code = ASHDOWN if number % 2 else BRACKENFORD
            raised = self.day()
            resolved = raised + datetime.timedelta(days=pick.randint(10, 60))
            done = resolved < self.today and pick.random() < 0.6
            PracticeChallenge.objects.create(
                hub=self.hub,
                raised_by=self.worker_in(code),
                raised_on=raised,
                challenged_agency=self.agencies[SOCIAL_CARE[code]]
                if number % 3
                else self.agencies[POLICE],
                local_authority=self.las[code],
                category=PracticeChallenge.Category.CLOSED_TOO_EARLY,
                concern="Synthetic history: a concern about practice.",
                status=PracticeChallenge.Status.RESOLVED if done else PracticeChallenge.Status.OPEN,
                resolved_on=resolved if done else None,
                outcome=PracticeChallenge.Outcome.PRACTICE_CHANGED if done else "",
            )
            self.created["practice challenges"] += 1
