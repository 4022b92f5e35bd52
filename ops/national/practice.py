"""The spoke workers' work with practitioners: consultancy requests and their messages, training
(with trainers and attendance), awareness sessions, and practice challenges with escalations.

Consultancy about a named young person is only ever about a case shared with the requester's
agency, asked while the share was live. Text about a case later anonymised is wiped, as
`consultancy.retention` does.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from consultancy.models import AwarenessSession, PracticeChallenge, Topic
from ops.national.cases import CaseBook, opening_days
from ops.national.partnership import Partnership
from ops.national.plan import HISTORY_DAYS, Plan
from ops.national.sharing import SharingBook
from ops.national.text import MINUTES_PER_DAY, NULL, day, flag, json_list, moment, stamp_at

HOUR = 60
TOPICS = tuple(t for t in Topic.values if t != Topic.OTHER)
SETTINGS = tuple(AwarenessSession.Setting.values)
CATEGORIES = tuple(PracticeChallenge.Category.values)
OUTCOMES = tuple(PracticeChallenge.Outcome.values)
TRAINING_TITLES = (
    "Recognising child sexual exploitation",
    "Language that does not blame",
    "Online exploitation and image sharing",
    "Return-home interviews that work",
    "Disrupting perpetrators: a partnership approach",
    "Information sharing and consent",
)

REQUEST_COLUMNS = (
    "id",
    "status",
    "requester_phone",
    "about",
    "young_person_age",
    "young_person_gender",
    "question",
    "urgency",
    "preferred_contact",
    "identifying_details_confirmed",
    "topics",
    "helpful",
    "feedback",
    "closing_note",
    "requested_at",
    "assigned_at",
    "first_advised_at",
    "last_advised_at",
    "follow_up_at",
    "feedback_at",
    "referral_linked_at",
    "closed_at",
    "withdrawn_at",
    "updated_at",
    "version",
    "assigned_by_id",
    "case_id",
    "closed_by_id",
    "hub_id",
    "local_authority_id",
    "referral_id",
    "referral_linked_by_id",
    "requester_id",
    "requester_agency_id",
    "responding_worker_id",
)
MESSAGE_COLUMNS = (
    "id",
    "kind",
    "text",
    "given_on",
    "time_spent_minutes",
    "agreed_follow_up",
    "created_at",
    "author_id",
    "author_agency_id",
    "request_id",
)
TRAINING_COLUMNS = (
    "id",
    "title",
    "audience",
    "topics",
    "description",
    "delivered_on",
    "duration_minutes",
    "venue",
    "status",
    "feedback",
    "created_at",
    "updated_at",
    "version",
    "created_by_id",
    "hub_id",
    "local_authority_id",
)
ATTENDANCE_COLUMNS = (
    "id",
    "count",
    "confidence_before",
    "confidence_after",
    "created_at",
    "agency_id",
    "attendee_id",
    "recorded_by_id",
    "session_id",
)
AWARENESS_COLUMNS = (
    "id",
    "setting",
    "setting_name",
    "delivered_on",
    "duration_minutes",
    "young_people_reached",
    "age_from",
    "age_to",
    "topics",
    "notes",
    "created_at",
    "updated_at",
    "version",
    "created_by_id",
    "hub_id",
    "local_authority_id",
)
CHALLENGE_COLUMNS = (
    "id",
    "raised_on",
    "category",
    "concern",
    "level",
    "status",
    "resolved_on",
    "outcome",
    "resolution",
    "created_at",
    "updated_at",
    "version",
    "case_id",
    "challenged_agency_id",
    "hub_id",
    "local_authority_id",
    "raised_by_id",
)
ESCALATION_COLUMNS = (
    "id",
    "level",
    "escalated_on",
    "note",
    "created_at",
    "recorded_by_id",
    "challenge_id",
)
THROUGH_COLUMNS = ("id", "session_id", "user_id")


@dataclass
class PracticeBook:
    requests: list[tuple[str, ...]] = field(default_factory=list)
    messages: list[tuple[str, ...]] = field(default_factory=list)
    training: list[tuple[str, ...]] = field(default_factory=list)
    trainers: list[tuple[str, ...]] = field(default_factory=list)
    attendance: list[tuple[str, ...]] = field(default_factory=list)
    awareness: list[tuple[str, ...]] = field(default_factory=list)
    deliverers: list[tuple[str, ...]] = field(default_factory=list)
    challenges: list[tuple[str, ...]] = field(default_factory=list)
    escalations: list[tuple[str, ...]] = field(default_factory=list)


class _Practice:
    def __init__(
        self,
        *,
        plan: Plan,
        book: CaseBook,
        partnership: Partnership,
        sharing: SharingBook,
        stream: Callable[[str], random.Random],
    ) -> None:
        self.plan, self.book, self.p, self.sharing = plan, book, partnership, sharing
        self.stream = stream
        self.today = partnership.today
        self.now = self.today * MINUTES_PER_DAY
        self.days, self.cumulative = opening_days(self.today - HISTORY_DAYS, self.today)
        self.out = PracticeBook()
        self.la_ids = [la.id for la in partnership.las]
        self.la_weights = [la.weight for la in partnership.las]

    def some_day(self, pick: random.Random) -> int:
        return pick.choices(self.days, cum_weights=self.cumulative)[0]

    def some_la(self, pick: random.Random) -> int:
        return pick.choices(self.la_ids, weights=self.la_weights)[0]

    def worker(self, pick: random.Random, la_id: int, ordinal: int) -> int:
        slots = self.p.la(la_id).slots
        return slots[int(pick.random() * len(slots))].worker_at(ordinal)

    # Consultancy.

    def consultancy(self) -> None:
        pick = self.stream("consultancy")
        shares = self.sharing.agency_shares
        for number in range(1, self.plan.consultancy_requests + 1):
            case = -1
            if shares and pick.random() < 0.12:
                case, agency, since, until = shares[int(pick.random() * len(shares))]
                la_id = self.book.la[case]
                asked_on = pick.randint(since, max(since, min(until, self.today - 1)))
            else:
                la_id = self.some_la(pick)
                la = self.p.la(la_id)
                agency = pick.choice(la.statutory_ids)
                asked_on = self.some_day(pick)
            requester = self.p.staff_on(pick, agency, asked_on)
            self.request(pick, number, la_id, agency, requester, asked_on, case)

    def request(
        self,
        pick: random.Random,
        number: int,
        la_id: int,
        agency: int,
        requester: int,
        asked_on: int,
        case: int,
    ) -> None:
        hub = self.p.hubs[self.p.la(la_id).hub_id]
        now = self.now
        asked = stamp_at(asked_on, 9) + pick.randint(0, 8 * HOUR)
        recent = now - asked < 30 * MINUTES_PER_DAY
        if recent:
            status = pick.choices(
                ["requested", "assigned", "advised", "follow_up", "closed"],
                weights=[15, 25, 35, 10, 15],
            )[0]
        else:
            status = pick.choices(["closed", "withdrawn", "advised"], weights=[88, 5, 7])[0]
        assigned = asked + pick.randint(HOUR, 24 * HOUR)
        advised = assigned + pick.randint(2 * HOUR, 72 * HOUR)
        follow_up = advised + pick.randint(24 * HOUR, 5 * 24 * HOUR)
        advised_again = follow_up + pick.randint(HOUR, 48 * HOUR)
        feedback_at = advised + pick.randint(0, 7 * 24 * HOUR)
        if recent:  # squeeze the steps into the time there was
            span = max(now - asked - 10, 6)
            assigned, advised, follow_up, advised_again, feedback_at = (
                asked + span // 6,
                asked + span // 3,
                asked + span // 2,
                asked + 2 * span // 3,
                asked + 5 * span // 6,
            )
        has_worker = status != "requested" and not (status == "withdrawn" and pick.random() < 0.5)
        advice = status in ("advised", "follow_up", "closed")
        second = status == "closed" and pick.random() < 0.2
        followed = status == "follow_up" or second
        worker = self.worker(pick, la_id, assigned // MINUTES_PER_DAY) if has_worker else 0
        verdict = (
            pick.choices([True, False, None], weights=[70, 8, 22])[0]
            if status == "closed"
            else None
        )
        closed = feedback_at + pick.randint(10, 600) if status == "closed" else 0
        withdrawn = (
            (assigned if has_worker else asked) + pick.randint(30, 48 * HOUR)
            if status == "withdrawn"
            else 0
        )
        blank = case >= 0 and bool(self.book.anonymised[case])
        last_advice = advised_again if second else advised
        steps = [
            asked,
            assigned if has_worker else 0,
            advised if advice else 0,
            follow_up if followed else 0,
            advised_again if second else 0,
            closed,
            withdrawn,
        ]
        self.out.requests.append(
            (
                str(number),
                status,
                "",
                "case" if case >= 0 else "unnamed",
                NULL if case >= 0 else str(pick.randint(11, 17)),
                "not_known" if case >= 0 else pick.choice(["female", "female", "male"]),
                ""
                if blank
                else "How best to keep engaging a young person who keeps going missing?",
                pick.choice(["urgent", "soon", "routine", "routine"]),
                pick.choice(["phone", "video", "in_person", "in_writing"]),
                "f",
                json_list(sorted(pick.sample(TOPICS, pick.randint(1, 3)))) if advice else "[]",
                NULL if verdict is None else flag(verdict),
                "" if blank or verdict is None else "Clear and practical advice, thank you.",
                "" if blank or not closed else "Advice followed; no further questions.",
                moment(asked),
                moment(assigned) if has_worker else NULL,
                moment(advised) if advice else NULL,
                moment(last_advice) if advice else NULL,
                moment(follow_up) if followed else NULL,
                moment(feedback_at) if verdict is not None else NULL,
                NULL,
                moment(closed) if closed else NULL,
                moment(withdrawn) if withdrawn else NULL,
                moment(max(steps)),
                str(1 + sum(1 for s in steps[1:] if s)),
                str(pick.choice(hub.managers)) if has_worker else NULL,
                str(case + 1) if case >= 0 else NULL,
                str(requester if pick.random() < 0.7 else worker)
                if closed and worker
                else (str(requester) if closed else NULL),
                str(hub.id),
                str(la_id),
                NULL,
                NULL,
                str(requester),
                str(agency),
                str(worker) if worker else NULL,
            )
        )
        if advice:
            self.message(pick, "advice", worker, hub.id, advised, number, blank)
        if followed:
            self.message(pick, "follow_up", requester, agency, follow_up, number, blank)
        if second:
            self.message(pick, "advice", worker, hub.id, advised_again, number, blank)

    def message(
        self,
        pick: random.Random,
        kind: str,
        author: int,
        agency: int,
        when: int,
        request: int,
        blank: bool,
    ) -> None:
        advice = kind == "advice"
        text = (
            "Keep sessions short and predictable; agree a safe way to stay in touch."
            if advice
            else "Thank you. What if the young person refuses to meet?"
        )
        self.out.messages.append(
            (
                str(len(self.out.messages) + 1),
                kind,
                "" if blank else text,
                day(when // MINUTES_PER_DAY) if advice else NULL,
                str(pick.choice([15, 20, 30, 45, 60, 90])) if advice else NULL,
                "" if blank or not advice else "Review after the next strategy meeting.",
                moment(when),
                str(author),
                str(agency),
                str(request),
            )
        )

    # Training and awareness.

    def training(self) -> None:
        pick = self.stream("training")
        for number in range(1, self.plan.training_sessions + 1):
            la_id = self.some_la(pick)
            la = self.p.la(la_id)
            hub = self.p.hubs[la.hub_id]
            roll = pick.random()
            if roll < 0.03:
                status, on = "planned", self.today + pick.randint(1, 90)
            else:
                status = "cancelled" if roll < 0.07 else "delivered"
                on = self.some_day(pick)
            trainers = {
                self.worker(pick, la_id, min(on, self.today - 1)) for _ in range(pick.randint(1, 2))
            }
            created = stamp_at(min(on, self.today) - pick.randint(7, 60), 11)
            self.out.training.append(
                (
                    str(number),
                    pick.choice(TRAINING_TITLES),
                    "Practitioners across the partnership",
                    json_list(sorted(pick.sample(TOPICS, pick.randint(1, 3)))),
                    "An interactive session with case studies.",
                    day(on),
                    str(pick.choice([60, 90, 120, 180, 240])),
                    f"{la.name} Civic Centre",
                    status,
                    "Most found it useful; more on online harm requested."
                    if status == "delivered"
                    else "",
                    moment(created),
                    moment(created + (MINUTES_PER_DAY if status != "planned" else 0)),
                    "1" if status == "planned" else "2",
                    str(sorted(trainers)[0]),
                    str(hub.id),
                    str(la_id),
                )
            )
            for trainer in sorted(trainers):
                self.out.trainers.append(
                    (str(len(self.out.trainers) + 1), str(number), str(trainer))
                )
            if status == "delivered":
                self.attendance(pick, number, la_id, on, sorted(trainers)[0])

    def attendance(
        self, pick: random.Random, session: int, la_id: int, on: int, recorder: int
    ) -> None:
        la = self.p.la(la_id)
        recorded = moment(stamp_at(on, 17))

        def confidence() -> tuple[str, str]:
            before = pick.randint(150, 350) / 100
            after = min(5.0, before + pick.randint(50, 150) / 100)
            return f"{before:.2f}", f"{after:.2f}"

        for agency in pick.sample(la.statutory_ids, min(len(la.statutory_ids), pick.randint(1, 3))):
            before, after = confidence()
            self.out.attendance.append(
                (
                    str(len(self.out.attendance) + 1),
                    str(pick.randint(2, 15)),
                    before,
                    after,
                    recorded,
                    str(agency),
                    NULL,
                    str(recorder),
                    str(session),
                )
            )
        named: set[int] = set()
        for _ in range(pick.randint(0, 4)):
            agency = pick.choice(la.statutory_ids)
            attendee = self.p.staff_on(pick, agency, on)
            if attendee in named:
                continue
            named.add(attendee)
            before, after = confidence() if pick.random() < 0.8 else (NULL, NULL)
            self.out.attendance.append(
                (
                    str(len(self.out.attendance) + 1),
                    "1",
                    before,
                    after,
                    recorded,
                    str(agency),
                    str(attendee),
                    str(recorder),
                    str(session),
                )
            )

    def awareness(self) -> None:
        pick = self.stream("awareness")
        for number in range(1, self.plan.awareness_sessions + 1):
            la_id = self.some_la(pick)
            la = self.p.la(la_id)
            on = self.some_day(pick)
            workers = {self.worker(pick, la_id, on) for _ in range(pick.randint(1, 2))}
            age_from = pick.randint(11, 15)
            created = moment(stamp_at(on, 16))
            self.out.awareness.append(
                (
                    str(number),
                    pick.choice(SETTINGS),
                    f"{la.name} High School",
                    day(on),
                    str(pick.choice([45, 60, 90])),
                    str(pick.randint(8, 120)),
                    str(age_from),
                    str(age_from + pick.randint(0, 3)),
                    json_list(sorted(pick.sample(TOPICS, pick.randint(1, 2)))),
                    "",
                    created,
                    created,
                    "1",
                    str(sorted(workers)[0]),
                    str(la.hub_id),
                    str(la_id),
                )
            )
            for worker in sorted(workers):
                self.out.deliverers.append(
                    (str(len(self.out.deliverers) + 1), str(number), str(worker))
                )

    # Practice challenges.

    def challenges(self) -> None:
        pick = self.stream("challenges")
        by_la: dict[int, list[int]] = {}
        for i, la_id in enumerate(self.book.la):
            by_la.setdefault(la_id, []).append(i)
        for number in range(1, self.plan.practice_challenges + 1):
            la_id = self.some_la(pick)
            la = self.p.la(la_id)
            case = -1
            if pick.random() < 0.4 and by_la.get(la_id):
                case = pick.choice(by_la[la_id])
                raised = pick.randint(self.book.opened[case], self.book.end(case))
            else:
                raised = self.some_day(pick)
            worker = self.worker(pick, la_id, raised)
            level = pick.choices([1, 2, 3, 4], weights=[60, 25, 10, 5])[0]
            resolved = raised + pick.randint(7, 120)
            done = resolved < self.today and pick.random() < 0.8
            blank = case >= 0 and bool(self.book.anonymised[case])
            self.out.challenges.append(
                (
                    str(number),
                    day(raised),
                    pick.choice(CATEGORIES),
                    "" if blank else "The case was closed while exploitation risks remained.",
                    str(level),
                    "resolved" if done else "open",
                    day(resolved) if done else NULL,
                    pick.choice(OUTCOMES) if done else "",
                    "" if blank or not done else "Agreed at the manager's meeting.",
                    moment(stamp_at(raised, 12)),
                    moment(stamp_at(resolved if done else raised, 12)),
                    str(level + done),
                    str(case + 1) if case >= 0 else NULL,
                    str(pick.choice([la.csc_id, la.police_id, *la.education_ids])),
                    str(la.hub_id),
                    str(la_id),
                    str(worker),
                )
            )
            escalated = raised
            for step in range(1, level + 1):
                if step > 1:
                    escalated = min(self.today - 1, escalated + pick.randint(3, 20))
                self.out.escalations.append(
                    (
                        str(len(self.out.escalations) + 1),
                        str(step),
                        day(escalated),
                        "" if blank else "Raised with the agency.",
                        moment(stamp_at(escalated, 12)),
                        str(worker),
                        str(number),
                    )
                )


def practice_plan(
    *,
    plan: Plan,
    book: CaseBook,
    partnership: Partnership,
    sharing: SharingBook,
    stream: Callable[[str], random.Random],
) -> PracticeBook:
    practice = _Practice(
        plan=plan, book=book, partnership=partnership, sharing=sharing, stream=stream
    )
    practice.consultancy()
    practice.training()
    practice.awareness()
    practice.challenges()
    return practice.out
