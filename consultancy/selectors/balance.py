"""A spoke worker's balance: a calendar month's hours of direct work with young people,
consultancy, training and awareness at their hub, against the share the hub aims for.

Every figure is summed in the database, one scalar subquery per source of hours, so a worker's
balance is one query and a whole hub's table is one query per page (plus one for its totals),
however much work was recorded.

What counts, for one worker, one hub and one month (Europe/London):

- **direct work**: their final casework entries (not entered in error) written for the hub and
  occurring in the month, of every kind but consultation with a professional and awareness
  sessions, leaving out the entries group-work attendance writes; plus, once per session, the
  length of each group session in the month of a hub programme they facilitate.
- **consultancy**: the minutes of their advice given in the month on the hub's requests, plus
  their casework entries of consultation with a professional.
- **training**: the length of the hub's delivered training sessions in the month they gave.
- **awareness**: the length of the hub's awareness sessions in the month they delivered, plus
  their casework entries of awareness sessions.


The rules are written once, as `balance_sources()`; the dashboards' summaries group the same
sources by worker, hub and month.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.db.models import Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import User
from cases.models import CaseworkEntry
from consultancy.models import (
    AwarenessSession,
    BalanceTarget,
    ConsultancyMessage,
    GroupWorkAttendance,
    GroupWorkProgramme,
    TrainingSession,
)
from partners.models import Agency, Membership, Role

if TYPE_CHECKING:
    from django.db.models.expressions import Combinable

LONDON = ZoneInfo("Europe/London")
# The kinds of work, in the order every page and response lists them.
KINDS: tuple[str, ...] = ("direct_work", "consultancy", "training", "awareness")
KIND_LABELS: dict[str, str] = {
    "direct_work": "Direct work with young people",
    "consultancy": "Consultancy",
    "training": "Training",
    "awareness": "Awareness sessions",
}
# What a hub aims for until its managers set their own target (percent of a worker's hours).
DEFAULT_TARGET: dict[str, int] = {
    "direct_work": 60,
    "consultancy": 15,
    "training": 15,
    "awareness": 10,
}
# Casework that is not direct work: it counts towards consultancy or awareness instead.
_INDIRECT_ENTRY_KINDS = {
    CaseworkEntry.Kind.PROFESSIONAL_CONSULTATION: "consultancy",
    CaseworkEntry.Kind.AWARENESS: "awareness",
}
_MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")
# The earliest month anyone may ask about; earlier is a typing slip.
EARLIEST_YEAR = 2000
ONE_PLACE = Decimal("0.1")


class MonthNotValid(ValueError):
    """The month asked for is not a readable month that has started."""


@dataclass(frozen=True, order=True)
class Month:
    """A calendar month, with its first and last day and its bounds in Europe/London."""

    year: int
    number: int

    @classmethod
    def containing(cls, day: datetime.date) -> Month:
        return cls(day.year, day.month)

    @classmethod
    def current(cls, *, today: datetime.date | None = None) -> Month:
        return cls.containing(today or timezone.localdate())

    @classmethod
    def parse(cls, value: str | None, *, today: datetime.date | None = None) -> Month:
        """The month in `YYYY-MM`, or this month when none is given; refuses a later one."""
        current = cls.current(today=today)
        if not value:
            return current
        matched = _MONTH_PATTERN.match(value.strip())
        if not matched:
            raise MonthNotValid("Enter a month as a year and month number, for example 2026-03.")
        year, number = int(matched.group(1)), int(matched.group(2))
        if not 1 <= number <= 12 or year < EARLIEST_YEAR:
            raise MonthNotValid(f"Enter a real month, from {EARLIEST_YEAR} onwards.")
        month = cls(year, number)
        if month > current:
            raise MonthNotValid("Choose this month or an earlier one: no work is recorded ahead.")
        return month

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.year, self.number, 1)

    @property
    def last_day(self) -> datetime.date:
        return datetime.date(self.year, self.number, calendar.monthrange(self.year, self.number)[1])

    @property
    def starts_at(self) -> datetime.datetime:
        """Midnight at the start of the first day, in London (GMT or BST as it was)."""
        return datetime.datetime.combine(self.first_day, datetime.time(), tzinfo=LONDON)

    @property
    def ends_at(self) -> datetime.datetime:
        """Midnight at the start of the next month, in London: the bound is exclusive."""
        return self.next.starts_at

    @property
    def previous(self) -> Month:
        return Month(self.year - 1, 12) if self.number == 1 else Month(self.year, self.number - 1)

    @property
    def next(self) -> Month:
        return Month(self.year + 1, 1) if self.number == 12 else Month(self.year, self.number + 1)

    @property
    def has_previous(self) -> bool:
        return self.previous.year >= EARLIEST_YEAR

    @property
    def has_next(self) -> bool:
        return self.next <= Month.current()

    @property
    def param(self) -> str:
        """The month as the `month` query parameter takes it: `YYYY-MM`."""
        return f"{self.year:04d}-{self.number:02d}"

    @property
    def label(self) -> str:
        return f"{calendar.month_name[self.number]} {self.year}"

    def __str__(self) -> str:
        return self.label


@dataclass(frozen=True)
class Target:
    """The share of hours (percent) the hub aims to give to each kind of work."""

    direct_work: int
    consultancy: int
    training: int
    awareness: int
    is_default: bool = True
    updated_by: User | None = None
    updated_at: datetime.datetime | None = None

    def share(self, kind: str) -> int:
        return int(getattr(self, kind))

    def as_dict(self) -> dict[str, int]:
        return {kind: self.share(kind) for kind in KINDS}


@dataclass(frozen=True)
class KindBalance:
    """One kind of work in a balance: hours, share of the month's hours, and the target."""

    kind: str
    minutes: int
    total_minutes: int
    target: int

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def hours(self) -> Decimal:
        return hours_of(self.minutes)

    @property
    def share(self) -> Decimal | None:
        """Percent of the month's recorded hours, to one place; None when nothing is recorded."""
        if not self.total_minutes:
            return None
        return (Decimal(self.minutes) * 100 / Decimal(self.total_minutes)).quantize(
            ONE_PLACE, rounding=ROUND_HALF_UP
        )

    @property
    def difference(self) -> Decimal | None:
        """Points above (positive) or below (negative) the target share."""
        share = self.share
        return None if share is None else share - self.target

    @property
    def distance(self) -> Decimal | None:
        """How many points from the target, whichever side."""
        difference = self.difference
        return None if difference is None else abs(difference)

    @property
    def bar_width(self) -> int:
        """The share as a whole percent, for drawing its bar."""
        share = self.share
        return 0 if share is None else int(share.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Balance:
    """One worker's (or a whole hub's) month: each kind of work against the target."""

    month: Month
    target: Target
    minutes: dict[str, int]
    worker: User | None = None

    @property
    def total_minutes(self) -> int:
        return sum(self.minutes.values())

    @property
    def total_hours(self) -> Decimal:
        return hours_of(self.total_minutes)

    @property
    def is_empty(self) -> bool:
        return self.total_minutes == 0

    @property
    def kinds(self) -> list[KindBalance]:
        total = self.total_minutes
        return [
            KindBalance(
                kind=kind,
                minutes=self.minutes.get(kind, 0),
                total_minutes=total,
                target=self.target.share(kind),
            )
            for kind in KINDS
        ]


def hours_of(minutes: int) -> Decimal:
    """Minutes as hours to one decimal place (half up: 45 minutes is 0.8 hours)."""
    return (Decimal(minutes) / 60).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def balance_target_of(*, hub: Agency) -> Target:
    """The hub's target, or the default when its managers have not set one (one query)."""
    saved = BalanceTarget.objects.filter(hub_id=hub.pk).select_related("updated_by").first()
    if saved is None:
        return Target(
            direct_work=DEFAULT_TARGET["direct_work"],
            consultancy=DEFAULT_TARGET["consultancy"],
            training=DEFAULT_TARGET["training"],
            awareness=DEFAULT_TARGET["awareness"],
        )
    return Target(
        direct_work=saved.direct_work,
        consultancy=saved.consultancy,
        training=saved.training,
        awareness=saved.awareness,
        is_default=False,
        updated_by=saved.updated_by,
        updated_at=saved.updated_at,
    )


@dataclass(frozen=True)
class BalanceSource:
    """One place a kind of work's minutes come from, with the fields that name its worker, its
    hub, its minutes and when it happened.

    `rows` holds every row that counts, for any worker, hub and month. A worker's balance
    narrows it to one worker, hub and month; the dashboards' summaries group it by all three at
    once. Both read these rules, so the balance and the dashboards never disagree.
    """

    kind: str
    rows: QuerySet[Any]
    worker: str
    hub: str
    minutes: str
    when: str
    # True when `when` is a moment (its month is the month in London), False for a date.
    when_is_moment: bool

    def within(self, month: Month) -> Q:
        if self.when_is_moment:
            return Q(**{f"{self.when}__gte": month.starts_at, f"{self.when}__lt": month.ends_at})
        return Q(**{f"{self.when}__gte": month.first_day, f"{self.when}__lte": month.last_day})

    def narrowed(self, *, worker: Any, hub_id: int, month: Month) -> QuerySet[Any]:
        # One filter() call: the month's bounds and the sums must use the same join of a
        # many-valued relation (a programme's sessions), or a session would count once per bound.
        return self.rows.filter(Q(**{self.worker: worker, self.hub: hub_id}) & self.within(month))


def balance_sources() -> list[BalanceSource]:
    """Every source of each kind of work's minutes (see the module's docstring)."""
    entries = CaseworkEntry.objects.filter(
        status=CaseworkEntry.Status.FINAL, entered_in_error_at__isnull=True
    )
    moment = {"worker": "author_id", "hub": "author_agency_id", "minutes": "duration_minutes"}
    return [
        BalanceSource(
            "direct_work",
            # Group-work attendance writes one entry per young person; the session counts once,
            # from the facilitators' table below.
            # NOT EXISTS rather than a LEFT JOIN: PostgreSQL estimates an anti-join well, but
            # a join's IS NULL at 0.5% of the entries, which sent the dashboards' refresh of
            # ten million entries to sort on disk instead of hashing in memory.
            entries.exclude(kind__in=list(_INDIRECT_ENTRY_KINDS)).filter(
                ~Exists(GroupWorkAttendance.objects.filter(entry_id=OuterRef("pk")))
            ),
            when="occurred_at",
            when_is_moment=True,
            **moment,
        ),
        # One row per programme the worker facilitates, joined to its sessions: each session is
        # summed once for each facilitator.
        BalanceSource(
            "direct_work",
            GroupWorkProgramme.facilitators.through.objects.all(),
            worker="user_id",
            hub="groupworkprogramme__hub_id",
            minutes="groupworkprogramme__sessions__duration_minutes",
            when="groupworkprogramme__sessions__held_at",
            when_is_moment=True,
        ),
        BalanceSource(
            "consultancy",
            ConsultancyMessage.objects.filter(kind=ConsultancyMessage.Kind.ADVICE),
            worker="author_id",
            hub="request__hub_id",
            minutes="time_spent_minutes",
            when="given_on",
            when_is_moment=False,
        ),
        BalanceSource(
            "consultancy",
            entries.filter(kind=CaseworkEntry.Kind.PROFESSIONAL_CONSULTATION),
            when="occurred_at",
            when_is_moment=True,
            **moment,
        ),
        BalanceSource(
            "training",
            TrainingSession.trainers.through.objects.filter(
                trainingsession__status=TrainingSession.Status.DELIVERED
            ),
            worker="user_id",
            hub="trainingsession__hub_id",
            minutes="trainingsession__duration_minutes",
            when="trainingsession__delivered_on",
            when_is_moment=False,
        ),
        BalanceSource(
            "awareness",
            AwarenessSession.delivered_by.through.objects.all(),
            worker="user_id",
            hub="awarenesssession__hub_id",
            minutes="awarenesssession__duration_minutes",
            when="awarenesssession__delivered_on",
            when_is_moment=False,
        ),
        BalanceSource(
            "awareness",
            entries.filter(kind=CaseworkEntry.Kind.AWARENESS),
            when="occurred_at",
            when_is_moment=True,
            **moment,
        ),
    ]


def _summed(source: BalanceSource, *, hub: Agency, month: Month) -> Combinable:
    """The sum of the source's minutes for the outer worker in the month, 0 when there are none."""
    rows = source.narrowed(worker=OuterRef("pk"), hub_id=hub.pk, month=month)
    total = (
        rows.order_by().values(source.worker).annotate(total=Sum(source.minutes)).values("total")
    )
    return Coalesce(Subquery(total, output_field=IntegerField()), 0)


def _minutes_by_kind(*, hub: Agency, month: Month) -> dict[str, Combinable]:
    """For each kind of work, an expression of the outer worker's minutes in the month."""
    expressions: dict[str, Combinable] = {}
    for source in balance_sources():
        summed = _summed(source, hub=hub, month=month)
        expressions[source.kind] = (
            expressions[source.kind] + summed if source.kind in expressions else summed
        )
    return expressions


def _with_minutes(workers: QuerySet[User], *, hub: Agency, month: Month) -> QuerySet[User]:
    return workers.annotate(
        **{
            f"{kind}_minutes": expression
            for kind, expression in _minutes_by_kind(hub=hub, month=month).items()
        }
    )


def _minutes_of(row: Any) -> dict[str, int]:
    return {kind: int(getattr(row, f"{kind}_minutes") or 0) for kind in KINDS}


def hub_workers_in(*, hub: Agency, month: Month) -> QuerySet[User]:
    """The hub's spoke workers at any time in the month, by name."""
    memberships = Membership.objects.filter(
        Q(ends_on__isnull=True) | Q(ends_on__gt=month.first_day),
        agency_id=hub.pk,
        role=Role.SPOKE_WORKER,
        starts_on__lte=month.last_day,
    )
    return User.objects.filter(pk__in=memberships.values("user_id")).order_by("full_name", "pk")


def worker_balance(*, worker: User, hub: Agency, month: Month, target: Target) -> Balance:
    """One worker's month at the hub (one query, whatever was recorded)."""
    row = _with_minutes(User.objects.filter(pk=worker.pk), hub=hub, month=month).get()
    return Balance(month=month, target=target, minutes=_minutes_of(row), worker=worker)


def hub_balance_rows(*, hub: Agency, month: Month) -> QuerySet[User]:
    """Every spoke worker of the hub in the month, each with their minutes of each kind, by
    name: one query for a page of them."""
    return _with_minutes(hub_workers_in(hub=hub, month=month), hub=hub, month=month)


def balance_of_row(row: User, *, month: Month, target: Target) -> Balance:
    """The balance of one row of `hub_balance_rows`."""
    return Balance(month=month, target=target, minutes=_minutes_of(row), worker=row)


def hub_balance_total(*, rows: QuerySet[User], month: Month, target: Target) -> Balance:
    """The whole hub's month: every row of `hub_balance_rows` summed (one query)."""
    sums = rows.order_by().aggregate(**{f"{kind}_total": Sum(f"{kind}_minutes") for kind in KINDS})
    minutes = {kind: int(sums[f"{kind}_total"] or 0) for kind in KINDS}
    return Balance(month=month, target=target, minutes=minutes)


def balance_hubs(*, hub_ids: set[int]) -> QuerySet[Agency]:
    """The hubs among `hub_ids` (from the policy), by name: whose balance a page may show."""
    return Agency.objects.hubs().filter(pk__in=hub_ids).order_by("name", "pk")
