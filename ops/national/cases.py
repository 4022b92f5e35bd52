"""Cases of the national dataset: when each opened and closed, whose it is, the young people
behind them, and the record around each (risk, reviews, plans, co-workers).

Cases open over ten years, more in recent years and fewer in August and at Christmas. How long
a case stays open is drawn from one log-normal distribution whose median is solved for, so that
the expected share of cases still open today is the plan's (a fifth). Cases are numbered in the
order they opened. A young person's later case opens only after their earlier one has closed,
so nobody has two open cases, and both are with the hub of the same local authority.

Closed cases past their retention date (seven years after closing) are anonymised as
`cases.retention` would have left them, unless on legal hold.
"""

from __future__ import annotations

import datetime
import heapq
import math
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from cases.models import Case, YoungPerson
from cases.services import RETENTION_AFTER_CLOSURE
from ops.national.partnership import Partnership, Slot, share_out
from ops.national.plan import HISTORY_DAYS, Plan
from ops.national.text import (
    ETHNICITIES,
    GOAL_VIEWS,
    GOALS,
    NULL,
    SAFE_NOTES,
    SAFE_TIMES,
    day,
    first_name,
    flag,
    json_list,
    moment,
    stamp_at,
    surname,
)

RISKS = ("high", "medium", "low")
RISK_WEIGHTS = (20, 45, 35)
CLOSURE_REASONS = tuple(Case.ClosureReason.values)
CLOSURE_WEIGHTS = (30, 25, 15, 8, 10, 7, 5)
MONTH_FACTORS = (1.0, 1.0, 1.1, 0.9, 1.05, 1.05, 0.95, 0.7, 1.1, 1.15, 1.1, 0.8)
DURATION_SIGMA = 1.0
RETENTION_DAYS = RETENTION_AFTER_CLOSURE.days
LEGAL_HOLD_SHARE = 0.015
# A later case for the same young person opens at least this long after the earlier closed.
REOPEN_GAP_DAYS = 30
AGE_AT_FIRST_CASE = ((12, 8), (13, 14), (14, 20), (15, 24), (16, 22), (17, 12))
GENDERS = (("female", 70), ("male", 25), ("non_binary", 2), ("self_described", 1), ("not_known", 2))
CHANNELS = tuple(YoungPerson.ContactChannel.values)


def opening_days(start: int, today: int) -> tuple[list[int], list[float]]:
    """Every day of the history and the cumulative weight of cases opening on it."""
    days, cumulative, total = [], [], 0.0
    span = today - start
    for ordinal in range(start, today):
        date = datetime.date.fromordinal(ordinal)
        growth = 0.6 + 0.8 * (ordinal - start) / span
        weekday = 1.0 if date.weekday() < 5 else 0.15
        total += growth * MONTH_FACTORS[date.month - 1] * weekday
        days.append(ordinal)
        cumulative.append(total)
    return days, cumulative


def _still_open(age: float, mu: float) -> float:
    """The chance that a case opened `age` days ago is open (log-normal duration)."""
    if age <= 1:
        return 1.0
    z = (math.log(age) - mu) / DURATION_SIGMA
    return 0.5 * math.erfc(z / math.sqrt(2))


def duration_median(days: list[int], cumulative: list[float], today: int, share: float) -> float:
    """The log-median duration at which the expected share of cases open today is `share`."""
    weights = [cumulative[0]] + [b - a for a, b in zip(cumulative, cumulative[1:], strict=False)]
    total = cumulative[-1]
    low, high = 0.0, 12.0
    for _ in range(50):
        mu = (low + high) / 2
        expected = (
            sum(w * _still_open(today - d, mu) for d, w in zip(days, weights, strict=True)) / total
        )
        low, high = (mu, high) if expected < share else (low, mu)
    return (low + high) / 2


@dataclass
class CaseBook:
    """Every case as parallel lists indexed by `case id - 1`, and their young people."""

    today: int
    la: list[int] = field(default_factory=list)
    hub: list[int] = field(default_factory=list)
    slot: list[Slot] = field(default_factory=list)
    opened: list[int] = field(default_factory=list)
    closed: list[int] = field(default_factory=list)  # 0 while open
    risk: list[str] = field(default_factory=list)
    initial_risk: list[str] = field(default_factory=list)
    young_person: list[int] = field(default_factory=list)
    lead: list[int] = field(default_factory=list)
    opened_at: list[int] = field(default_factory=list)  # stamp: opened and first allocated
    allocated: list[int] = field(default_factory=list)  # stamp: the lead worker's allocation
    referral: list[int] = field(default_factory=list)  # 0 when opened without one
    legal_hold: list[bool] = field(default_factory=list)
    anonymised: list[int] = field(default_factory=list)  # stamp, 0 if not
    co_worker: list[int] = field(default_factory=list)  # 0 if none
    co_worker_from: list[int] = field(default_factory=list)
    first_contact: list[int] = field(default_factory=list)  # stamp, -1 if none
    last_contact: list[int] = field(default_factory=list)
    next_review: list[int] = field(default_factory=list)  # ordinal, 0 if none
    # Young people, indexed by `young person id - 1`.
    yp_cases: list[list[int]] = field(default_factory=list)
    yp_first: list[str] = field(default_factory=list)
    yp_last: list[str] = field(default_factory=list)
    yp_known_as: list[str] = field(default_factory=list)
    yp_born: list[int] = field(default_factory=list)
    yp_gender: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.opened)

    def is_open(self, i: int) -> bool:
        return self.closed[i] == 0

    def end(self, i: int) -> int:
        """The case's last day: its closing day, or yesterday while open."""
        return self.closed[i] or self.today - 1

    def yp_anonymised(self, person: int) -> bool:
        return all(self.anonymised[i] for i in self.yp_cases[person])


def cases_plan(
    *, plan: Plan, partnership: Partnership, stream: Callable[[str], random.Random]
) -> CaseBook:
    """Decide every case: place, dates, status, risk, young person, lead worker."""
    today = partnership.today
    pick = stream("cases")
    days, cumulative = opening_days(today - HISTORY_DAYS, today)
    mu = duration_median(days, cumulative, today, plan.open_fraction)
    per_la = share_out(plan.cases, [la.weight for la in partnership.las], least=1)
    episodes: list[tuple[int, float, int]] = []
    for la, count in zip(partnership.las, per_la, strict=True):
        for opened in pick.choices(days, cum_weights=cumulative, k=count):
            episodes.append((opened, pick.random(), la.id))
    episodes.sort()
    book = CaseBook(today=today)
    for opened, _, la_id in episodes:
        la = partnership.la(la_id)
        age = today - opened
        duration = max(7, round(math.exp(pick.gauss(mu, DURATION_SIGMA))))
        closed = opened + duration if duration < age else 0
        risk = pick.choices(RISKS, weights=RISK_WEIGHTS)[0]
        initial = risk if pick.random() < 0.6 else pick.choice(RISKS)
        book.la.append(la_id)
        book.hub.append(la.hub_id)
        book.slot.append(la.slots[int(pick.random() * len(la.slots))])
        book.opened.append(opened)
        book.closed.append(closed)
        book.risk.append(risk)
        book.initial_risk.append(initial)
    _young_people(book, plan=plan, pick=pick)
    _workers(book, partnership=partnership, pick=pick)
    _retention(book, pick=pick)
    return book


def _young_people(book: CaseBook, *, plan: Plan, pick: random.Random) -> None:
    """Group cases into young people: a later case follows one that closed in the same place."""
    links_wanted = len(book) - plan.young_people
    waiting: dict[int, list[tuple[int, int]]] = {}  # closed cases by local authority, a heap
    free: dict[int, list[int]] = {}  # closed long enough ago to be followed
    book.young_person = [0] * len(book)
    for i in range(len(book)):
        la_id, opened = book.la[i], book.opened[i]
        heap, ready = waiting.setdefault(la_id, []), free.setdefault(la_id, [])
        while heap and heap[0][0] + REOPEN_GAP_DAYS < opened:
            ready.append(heapq.heappop(heap)[1])
        left = len(book) - i
        chance = min(0.95, 1.6 * links_wanted / left) if links_wanted > 0 else 0.0
        if ready and pick.random() < chance:
            index = int(pick.random() * len(ready))
            ready[index], ready[-1] = ready[-1], ready[index]
            earlier = ready.pop()
            person = book.young_person[earlier]
            book.yp_cases[person].append(i)
            links_wanted -= 1
        else:
            person = len(book.yp_cases)
            book.yp_cases.append([i])
            _new_young_person(book, pick, first_opened=opened)
        book.young_person[i] = person
        if book.closed[i]:
            heapq.heappush(heap, (book.closed[i], i))


def _new_young_person(book: CaseBook, pick: random.Random, *, first_opened: int) -> None:
    gender = pick.choices([g for g, _ in GENDERS], weights=[w for _, w in GENDERS])[0]
    age = pick.choices([a for a, _ in AGE_AT_FIRST_CASE], weights=[w for _, w in AGE_AT_FIRST_CASE])
    book.yp_gender.append(gender)
    book.yp_first.append(first_name(pick, gender))
    book.yp_last.append(surname(pick))
    book.yp_known_as.append("")
    book.yp_born.append(first_opened - age[0] * 365 - pick.randint(0, 364))


def _workers(book: CaseBook, *, partnership: Partnership, pick: random.Random) -> None:
    """The lead worker is the slot's worker when the case closed (today's, while it is open);
    first contact falls due from their allocation. Some cases have a co-worker too."""
    for i in range(len(book)):
        slot = book.slot[i]
        end = book.end(i)
        lead = slot.worker_at(end)
        opened_at = stamp_at(book.opened[i], 9) + pick.randint(0, 8 * 60)
        allocated = max(opened_at, stamp_at(slot.start_of_worker_at(end), 9))
        book.lead.append(lead)
        book.opened_at.append(opened_at)
        book.allocated.append(allocated)
        co_worker = co_from = 0
        la = partnership.la(book.la[i])
        if len(la.slots) > 1 and pick.random() < 0.1:
            other = la.slots[int(pick.random() * len(la.slots))]
            if other is not slot:
                co_worker = other.worker_at(end)
                co_from = max(book.opened[i], other.start_of_worker_at(end))
        book.co_worker.append(co_worker)
        book.co_worker_from.append(co_from)
        book.referral.append(0)
        book.first_contact.append(-1)
        book.last_contact.append(-1)
        book.next_review.append(0)


def _retention(book: CaseBook, *, pick: random.Random) -> None:
    for i in range(len(book)):
        closed = book.closed[i]
        hold = bool(closed) and pick.random() < LEGAL_HOLD_SHARE
        book.legal_hold.append(hold)
        due = closed + RETENTION_DAYS if closed else 0
        # The nightly sweep anonymises a case the night after its retention date has passed.
        anonymised = closed and not hold and due < book.today - 1
        book.anonymised.append(stamp_at(due + 1, 2, 30) if anonymised else 0)


# Rows.

CASE_COLUMNS = (
    "id",
    "status",
    "risk_level",
    "opened_on",
    "closed_on",
    "closure_reason",
    "closure_outcome",
    "legal_hold",
    "retention_until",
    "referral_id",
    "last_contact_at",
    "next_review_due",
    "version",
    "created_at",
    "updated_at",
    "lead_worker_id",
    "local_authority_id",
    "owning_agency_id",
    "young_person_id",
    "first_contact_at",
    "allocated_at",
    "anonymised_at",
)


def case_rows(book: CaseBook, pick: random.Random) -> Iterator[tuple[str, ...]]:
    for i in range(len(book)):
        closed = book.closed[i]
        anonymised = book.anonymised[i]
        created = book.opened_at[i]
        updated = anonymised or (stamp_at(closed, 16) if closed else created)
        reason = pick.choices(CLOSURE_REASONS, weights=CLOSURE_WEIGHTS)[0] if closed else ""
        outcome = "" if anonymised or not closed else "Work ended; outcomes recorded at closure."
        first, last = book.first_contact[i], book.last_contact[i]
        yield (
            str(i + 1),
            "closed" if closed else "open",
            book.risk[i],
            day(book.opened[i]),
            day(closed) if closed else NULL,
            reason,
            outcome,
            flag(book.legal_hold[i]),
            day(closed + RETENTION_DAYS) if closed else NULL,
            str(book.referral[i]) if book.referral[i] else NULL,
            moment(last) if last >= 0 else NULL,
            day(book.next_review[i]) if book.next_review[i] else NULL,
            str(1 + (book.risk[i] != book.initial_risk[i]) + bool(closed) + bool(anonymised)),
            moment(created),
            moment(max(updated, created)),
            str(book.lead[i]),
            str(book.la[i]),
            str(book.hub[i]),
            str(book.young_person[i] + 1),
            moment(first) if first >= 0 else NULL,
            moment(book.allocated[i]),
            moment(anonymised) if anonymised else NULL,
        )


YOUNG_PERSON_COLUMNS = (
    "id",
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
    "created_at",
    "anonymised_at",
    "local_authority_id",
    "owning_agency_id",
)


def young_person_rows(book: CaseBook, pick: random.Random) -> Iterator[tuple[str, ...]]:
    for person, cases in enumerate(book.yp_cases):
        first = cases[0]
        created = moment(book.opened_at[first])
        place = (str(book.la[first]), str(book.hub[first]))
        if book.yp_anonymised(person):
            when = max(book.anonymised[i] for i in cases)
            gender = book.yp_gender[person]
            yield (
                str(person + 1),
                "Anonymised",
                "young person",
                "",
                NULL,
                gender,
                "",
                pick.choice(ETHNICITIES),
                "[]",
                "",
                "f",
                "",
                created,
                moment(when),
                *place,
            )
            continue
        gender = book.yp_gender[person]
        channels = sorted(pick.sample(CHANNELS, pick.randint(1, 3)))
        yield (
            str(person + 1),
            book.yp_first[person],
            book.yp_last[person],
            book.yp_known_as[person],
            day(book.yp_born[person]),
            gender,
            "Gender-fluid" if gender == "self_described" else "",
            pick.choice(ETHNICITIES),
            json_list(channels),
            pick.choice(SAFE_TIMES),
            flag(pick.random() < 0.12),
            pick.choice(SAFE_NOTES),
            created,
            NULL,
            *place,
        )


def review_interval_days(partnership: Partnership, hub_id: int, risk: str) -> int:
    return partnership.hubs[hub_id].review_weeks[risk] * 7


def review_rows(
    book: CaseBook, partnership: Partnership, pick: random.Random
) -> Iterator[tuple[str, ...]]:
    """Reviews held at the hub's interval for the case's risk, the most recent few recorded;
    an open case has one review not yet held (some overdue), which is its next review due; a
    closed case keeps the one it had pending when it closed."""
    number = 0
    today = book.today
    for i in range(len(book)):
        interval = review_interval_days(partnership, book.hub[i], book.risk[i])
        opened, end = book.opened[i], book.end(i)
        anonymised = bool(book.anonymised[i])
        if book.is_open(i):
            overdue = pick.random() < 0.12
            due = today - pick.randint(1, 60) if overdue else today + pick.randint(0, interval)
            last_held = due - interval
            if last_held < opened:
                due, last_held = opened + interval, 0
        else:
            due = end + pick.randint(1, interval)
            last_held = due - interval if due - interval >= opened else 0
        held_reviews: list[int] = []
        held = last_held
        while held and held >= opened and len(held_reviews) < (5 if book.is_open(i) else 2):
            held_reviews.append(held)
            held -= interval + pick.randint(-3, 7)
        worker = book.slot[i]
        for held in reversed(held_reviews):
            number += 1
            due_on = held - pick.randint(0, 5)
            yield (
                str(number),
                day(due_on),
                day(held),
                "" if anonymised else "Plan reviewed with the young person; actions agreed.",
                day(held + interval),
                moment(stamp_at(due_on - interval, 12)),
                str(i + 1),
                str(worker.worker_at(held)),
            )
        if book.is_open(i) or pick.random() < 0.8:
            number += 1
            yield (
                str(number),
                day(due),
                NULL,
                "",
                NULL,
                moment(stamp_at(max(opened, due - interval), 12)),
                str(i + 1),
                NULL,
            )
        if book.is_open(i):
            book.next_review[i] = due


RISK_COLUMNS = (
    "id",
    "level",
    "indicators",
    "rationale",
    "assessed_on",
    "created_at",
    "assessed_by_id",
    "case_id",
)


def risk_rows(
    book: CaseBook, indicators: list[str], pick: random.Random
) -> Iterator[tuple[str, ...]]:
    """The assessment at opening, and later ones that end at the case's current risk."""
    number = 0
    for i in range(len(book)):
        opened, end = book.opened[i], book.end(i)
        levels = [book.initial_risk[i]]
        if end - opened > 60 and pick.random() < 0.3:
            levels.append(pick.choice(RISKS))
        if levels[-1] != book.risk[i]:
            levels.append(book.risk[i])
        days = [opened] + sorted(pick.randint(opened + 1, max(opened + 1, end)) for _ in levels[1:])
        rationale = (
            "" if book.anonymised[i] else "Indicators and the young person's account weighed."
        )
        for level, when in zip(levels, days, strict=True):
            number += 1
            codes = sorted(pick.sample(indicators, pick.randint(1, 4)))
            yield (
                str(number),
                level,
                json_list(codes),
                rationale,
                day(when),
                moment(stamp_at(when, 15)),
                str(book.slot[i].worker_at(when)),
                str(i + 1),
            )


def co_worker_rows(book: CaseBook) -> Iterator[tuple[str, ...]]:
    number = 0
    for i in range(len(book)):
        if book.co_worker[i]:
            number += 1
            yield (
                str(number),
                day(book.co_worker_from[i]),
                NULL,
                str(i + 1),
                str(book.co_worker[i]),
            )


PLAN_STATUS_OPEN = (("not_started", 20), ("in_progress", 60), ("achieved", 15), ("stopped", 5))
PLAN_STATUS_CLOSED = (("achieved", 60), ("stopped", 25), ("in_progress", 15))


def plan_rows(
    book: CaseBook, pick: random.Random
) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]]]:
    """A plan for most open cases and many closed ones, each with a few goals."""
    plans: list[tuple[str, ...]] = []
    goals: list[tuple[str, ...]] = []
    for i in range(len(book)):
        if pick.random() > (0.9 if book.is_open(i) else 0.6):
            continue
        plan_id = len(plans) + 1
        blank = bool(book.anonymised[i])
        written = min(book.end(i), book.opened[i] + pick.randint(3, 30))
        plans.append(
            (
                str(plan_id),
                "" if blank else "Weekly sessions, safety planning and joint work with partners.",
                "" if blank else "I want to feel safe and get back into college.",
                moment(stamp_at(written, 14)),
                str(pick.randint(1, 4)),
                str(i + 1),
                str(book.slot[i].worker_at(written)),
            )
        )
        statuses = PLAN_STATUS_OPEN if book.is_open(i) else PLAN_STATUS_CLOSED
        for position in range(pick.randint(1, 4)):
            status = pick.choices([s for s, _ in statuses], weights=[w for _, w in statuses])[0]
            goals.append(
                (
                    str(len(goals) + 1),
                    "" if blank else pick.choice(GOALS),
                    "" if blank else pick.choice(GOAL_VIEWS),
                    status,
                    day(written + pick.randint(30, 180)) if pick.random() < 0.7 else NULL,
                    str(position),
                    str(plan_id),
                )
            )
    return plans, goals


# Columns of the plan tables, in the order plan_rows makes them.
PLAN_COLUMNS = (
    "id",
    "summary",
    "young_persons_view",
    "updated_at",
    "version",
    "case_id",
    "updated_by_id",
)
GOAL_COLUMNS = (
    "id",
    "description",
    "young_persons_view",
    "status",
    "target_on",
    "position",
    "plan_id",
)
REVIEW_COLUMNS = (
    "id",
    "due_on",
    "held_on",
    "outcome",
    "next_due_on",
    "created_at",
    "case_id",
    "recorded_by_id",
)
CO_WORKER_COLUMNS = ("id", "starts_on", "ends_on", "case_id", "worker_id")
