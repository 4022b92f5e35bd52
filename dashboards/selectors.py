"""Reads for the dashboards: each metric from the summary tables (partnership health from the
partnership's own records, which are small), assembled into suppressed tables.

A dashboard is a fixed list of queries, one or two per table, each an aggregate over the
summary rows of the scope and the two periods; none reads a young person's record, and the
number of queries is the same whatever the data. The assembled dashboard is cached under the
summaries' version, the scope, the period, the threshold and the day, so it is computed once
per refresh for each scope and period that someone opens.
"""

from __future__ import annotations

import dataclasses
import datetime
import math
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Case as SqlCase
from django.db.models import (
    Count,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.utils import timezone

from cases.models import Case, RiskLevel
from consultancy.selectors.balance import KIND_LABELS, KINDS, balance_target_of
from dashboards.models import (
    CaseFlowMonth,
    CaseloadChange,
    CaseRiskChange,
    ChallengeMonth,
    ConsultancyMonth,
    ContactMonth,
    Event,
    ReferralMonth,
    StepBackMonth,
    SummaryState,
    TimingHistogram,
    TrainingDeliveredMonth,
    TrainingMonth,
    WorkMonth,
)
from dashboards.periods import Period, month_of_index
from dashboards.scopes import Scope, ScopeKind
from dashboards.summaries import HOURS_CAP
from dashboards.tables import (
    NONE,
    NONE_TEXT,
    Cell,
    Chart,
    Column,
    CountTable,
    Row,
    Table,
    count_cell,
    not_shown,
    number_cell,
    percent_cell,
    rate_cell,
    small,
)
from partners.models import Agency, InformationSharingAgreement, SpokePlacement
from partners.selectors import (
    AGREEMENT_REVIEW_NOTICE,
    SUPERVISION_GAP,
    agreements_filtered,
    supervision_overview,
)
from referrals.models import Referral

# How long a computed dashboard is kept: a new refresh replaces it sooner, by its version.
CACHE_SECONDS = 6 * 60 * 60
# The months either side of a training month in which an agency's referrals are counted.
TRAINING_WINDOW_MONTHS = 3
# How often the scheduler refreshes the summaries (cse_hub/schedule.py), for the page to say.
REFRESH_EVERY_TEXT = "every hour"

R = Referral.Status
OUTCOMES: tuple[tuple[str, str, frozenset[str]], ...] = (
    ("waiting", "Waiting for a decision", frozenset({R.SUBMITTED, R.SCREENING})),
    ("accepted", "Accepted", frozenset({R.ACCEPTED, R.ALLOCATED})),
    ("declined", "Declined", frozenset({R.DECLINED})),
    ("signposted", "Signposted elsewhere", frozenset({R.SIGNPOSTED})),
    ("withdrawn", "Withdrawn", frozenset({R.WITHDRAWN})),
)
NO_PLACEMENT = "No placement recorded"
LOCATION_MODELS: tuple[tuple[str, str], ...] = (
    *((value, str(label)) for value, label in SpokePlacement.LocationModel.choices),
    ("", NO_PLACEMENT),
)
CASELOAD_BANDS: tuple[tuple[int, int | None], ...] = (
    (1, 5),
    (6, 10),
    (11, 15),
    (16, 20),
    (21, None),
)
THIS = Column("this_period", "This period")
PREVIOUS = Column("previous_period", "Previous period")


def threshold() -> int:
    return int(settings.CSE_HUB_SUPPRESSION_THRESHOLD)


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    tables: tuple[Table, ...]


@dataclass(frozen=True)
class Dashboard:
    scope: Scope
    period: Period
    as_of: datetime.datetime | None
    computed_at: datetime.datetime
    version: int
    threshold: int
    sections: tuple[Section, ...]

    @property
    def previous(self) -> Period:
        return self.period.previous

    @property
    def tables(self) -> list[Table]:
        return [table for section in self.sections for table in section.tables]

    def table(self, slug: str) -> Table | None:
        return next((table for table in self.tables if table.slug == slug), None)


def summary_state() -> SummaryState:
    """The summaries' version and time (version 0, no time, before the first refresh)."""
    return SummaryState.objects.filter(pk=1).first() or SummaryState(pk=1)


def dashboard_cache_key(
    *, scope: Scope, period: Period, version: int, limit: int, day: datetime.date
) -> str:
    """Where a computed dashboard is cached: a new refresh, threshold or day starts afresh."""
    return f"dashboards:{version}:{scope.cache_key}:{period.key}:{limit}:{day.isoformat()}"


def dashboard_for(*, scope: Scope, period: Period, today: datetime.date | None = None) -> Dashboard:
    """The dashboard of a scope the policy allowed, from the cache when it is fresh."""
    day = today or timezone.localdate()
    state = summary_state()
    limit = threshold()
    key = dashboard_cache_key(
        scope=scope, period=period, version=state.version, limit=limit, day=day
    )
    cached: Dashboard | None = cache.get(key)
    if cached is not None:
        return cached
    dashboard = _compute(scope=scope, period=period, state=state, limit=limit, today=day)
    cache.set(key, dashboard, CACHE_SECONDS)
    return dashboard


def _compute(
    *, scope: Scope, period: Period, state: SummaryState, limit: int, today: datetime.date
) -> Dashboard:
    metrics = _Metrics(scope=scope, period=period, limit=limit, today=today)
    # Cases opened come first: whether their total is hidden decides what the open cases show.
    opened = metrics.cases_opened_by_location_model()
    cases = metrics.cases_tables()
    sections = (
        Section(
            "referrals",
            "Referrals",
            (metrics.referrals_by_source(), metrics.referral_timeliness()),
        ),
        Section("cases", "Cases", cases),
        Section(
            "location-models",
            "Results by placement location model",
            (opened, metrics.contacts_by_location_model()),
        ),
        Section("balance", "How spoke workers spend their time", metrics.balance_tables()),
        Section(
            "consultancy-and-training",
            "Consultancy and training",
            (
                metrics.consultancy_by_agency_kind(),
                *metrics.training_tables(),
            ),
        ),
        Section(
            "working-together",
            "Multi-agency working",
            (metrics.step_backs(), metrics.practice_challenges()),
        ),
        Section("partnership-health", "Partnership health", (metrics.partnership_health(),)),
    )
    return Dashboard(
        scope=scope,
        period=period,
        as_of=state.as_of,
        computed_at=timezone.now(),
        version=state.version,
        threshold=limit,
        sections=sections,
    )


def _ordered(present: Iterable[str], choices: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """The choices that are present, in the choices' order; unknown values last by name."""
    seen = set(present)
    known = [(value, str(label)) for value, label in choices if value in seen]
    others = sorted(value for value in seen if value not in dict(choices))
    return known + [(value, value) for value in others]


AGENCY_KINDS: tuple[tuple[str, str], ...] = tuple(
    (value, str(label)) for value, label in Agency.Kind.choices
)


def _hours_text(hours: int) -> str:
    if hours >= HOURS_CAP:
        return f"more than {HOURS_CAP // 24} days"
    if hours < 48:
        return f"{hours} hour{'' if hours == 1 else 's'}"
    return f"{Decimal(hours) / 24:.1f} days"


def percentile(histogram: Sequence[tuple[int, int]], fraction: Decimal) -> int | None:
    """The nearest-rank percentile of a histogram of (hours, how many), or None when empty:
    the smallest number of hours that at least `fraction` of the referrals took."""
    total = sum(count for _, count in histogram)
    if total == 0:
        return None
    rank = max(1, math.ceil(fraction * total))
    seen = 0
    for hours, count in sorted(histogram):
        seen += count
        if seen >= rank:
            return hours
    return sorted(histogram)[-1][0]


class _Metrics:
    """Each table of one dashboard; each method one or two aggregate queries."""

    def __init__(self, *, scope: Scope, period: Period, limit: int, today: datetime.date) -> None:
        self.scope, self.period, self.limit, self.today = scope, period, limit, today
        self.previous = period.previous
        self.first, self.last = self.previous.first_index, period.last_index
        self.open_totals: dict[str, tuple[int, bool]] = {}
        self.flow_totals: dict[str, tuple[int, bool]] = {}

    # Shared pieces

    def _both_periods(self, model: Any) -> QuerySet[Any]:
        """The scope's rows in this period or the one before, each marked `current` 1 or 0."""
        return (
            model.objects.filter(self.scope.where())
            .filter(month__gte=self.first, month__lte=self.last)
            .annotate(
                current=SqlCase(
                    When(month__gte=self.period.first_index, then=Value(1)),
                    default=Value(0),
                    output_field=IntegerField(),
                )
            )
            .order_by()
        )

    def _this_period(self, model: Any) -> QuerySet[Any]:
        return (
            model.objects.filter(self.scope.where())
            .filter(month__gte=self.period.first_index, month__lte=self.last)
            .order_by()
        )

    def _two_columns(
        self,
        *,
        slug: str,
        title: str,
        description: str,
        row_heading: str,
        rows: list[tuple[str, str]],
        now: dict[str, int],
        before: dict[str, int],
        empty_text: str,
        notes: Sequence[str] = (),
    ) -> tuple[Table, CountTable]:
        table = CountTable(
            slug=slug,
            title=title,
            description=description,
            row_heading=row_heading,
            rows=[label for _, label in rows],
            threshold=self.limit,
        )
        table.block(
            columns=[THIS, PREVIOUS],
            values=[[now.get(value, 0), before.get(value, 0)] for value, _ in rows],
        )
        built = table.build(
            notes=notes,
            chart=Chart(series=("this_period", "previous_period")),
            empty_text=empty_text,
        )
        return built, table

    # Referrals

    def referrals_by_source(self) -> Table:
        grouped = (
            self._both_periods(ReferralMonth)
            .values("agency_kind", "status", "current")
            .annotate(n=Sum("referrals"))
        )
        now: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        before: dict[str, int] = defaultdict(int)
        outcome_of = {status: key for key, _, statuses in OUTCOMES for status in statuses}
        for row in grouped:
            if row["current"]:
                now[row["agency_kind"]][outcome_of.get(row["status"], "waiting")] += row["n"]
            else:
                before[row["agency_kind"]] += row["n"]
        kinds = _ordered([*now, *before], AGENCY_KINDS)
        table = CountTable(
            slug="referrals-by-source",
            title="Referrals received, by the kind of agency that referred, and their outcome",
            description=(
                "Referrals submitted in the period, by where each stands now; and how many "
                "the same kinds of agency submitted in the period before."
            ),
            row_heading="Referred by",
            rows=[label for _, label in kinds],
            threshold=self.limit,
        )
        table.block(
            columns=[Column(key, label) for key, label, _ in OUTCOMES],
            values=[[now[kind][key] for key, _, _ in OUTCOMES] for kind, _ in kinds],
            row_total=Column("this_period", "Total this period"),
        )
        table.block(
            columns=[Column("previous_period", "Total previous period")],
            values=[[before[kind]] for kind, _ in kinds],
        )
        return table.build(
            chart=Chart(series=tuple(key for key, _, _ in OUTCOMES), stacked=True),
            empty_text="No referrals were submitted in this period or the one before.",
        )

    def referral_timeliness(self) -> Table:
        grouped = (
            self._both_periods(TimingHistogram)
            .values("measure", "hours", "current")
            .annotate(n=Sum("referrals"))
        )
        histograms: dict[tuple[str, int], list[tuple[int, int]]] = defaultdict(list)
        for row in grouped:
            histograms[(row["measure"], row["current"])].append((row["hours"], row["n"]))
        columns = (
            Column("median", "Median, this period"),
            Column("ninetieth", "90th percentile, this period"),
            Column("previous_median", "Median, previous period"),
            Column("previous_ninetieth", "90th percentile, previous period"),
        )
        rows = []
        for measure, label in TimingHistogram.Measure.choices:
            cells = []
            for current in (1, 0):
                histogram = histograms[(measure, current)]
                counted = sum(n for _, n in histogram)
                for fraction in (Decimal("0.5"), Decimal("0.9")):
                    hours = percentile(histogram, fraction)
                    if hours is None:
                        cells.append(Cell(NONE_TEXT, None, NONE))
                    elif counted < self.limit:
                        cells.append(not_shown())
                    else:
                        cells.append(Cell(_hours_text(hours), hours))
            rows.append((str(label), cells))
        return Table(
            slug="referral-timeliness",
            title="Time to triage and to first contact",
            description=(
                "Hours from a referral's submission to the hub starting to screen it (triage), "
                "and to the first successful contact with the young person on the case it "
                "opened or joined, for referrals submitted in each period. Half took no longer "
                "than the median; nine in ten no longer than the 90th percentile."
            ),
            row_heading="Step",
            columns=columns,
            rows=tuple(Row(label, tuple(cells)) for label, cells in rows),
            notes=(
                f"Not shown where fewer than {self.limit} referrals reached the step: so few "
                "times could describe one young person's referral.",
            ),
        )

    # Cases

    def cases_tables(self) -> tuple[Table, ...]:
        open_table = self._open_cases_by_risk()
        closed = self._cases_closed()
        caseload = self._caseload_per_worker()
        return (self._guard_stock_and_flows(open_table), closed, caseload)

    def _case_changes(self) -> list[dict[str, Any]]:
        """Open cases at each period's end and case-months open in each period, by location
        model and risk level (one query, read by two tables)."""
        if hasattr(self, "_changes"):
            return self._changes  # type: ignore[has-type]
        a, b = self.period.first_index, self.period.last_index
        pa, pb = self.previous.first_index, self.previous.last_index

        def months_open(first: int, last: int) -> SqlCase:
            # A change in month m counts in every month from m (or the first) to the last.
            return SqlCase(
                When(month__lt=first, then=Value(last - first + 1)),
                default=Value(last + 1) - F("month"),
                output_field=IntegerField(),
            )

        changes: QuerySet[Any] = CaseRiskChange.objects.all()
        rows: list[dict[str, Any]] = list(
            changes.filter(self.scope.where(), month__lte=b)
            .order_by()
            .values("location_model", "risk_level")
            .annotate(
                open_now=Sum("change"),
                open_before=Sum("change", filter=Q(month__lte=pb)),
                months_now=Sum(F("change") * months_open(a, b), output_field=IntegerField()),
                months_before=Sum(
                    F("change") * months_open(pa, pb),
                    filter=Q(month__lte=pb),
                    output_field=IntegerField(),
                ),
            )
        )
        self._changes = rows
        return rows

    def _open_cases_by_risk(self) -> tuple[Table, CountTable]:
        now: dict[str, int] = defaultdict(int)
        before: dict[str, int] = defaultdict(int)
        for row in self._case_changes():
            now[row["risk_level"]] += row["open_now"] or 0
            before[row["risk_level"]] += row["open_before"] or 0
        levels = [(value, str(label)) for value, label in RiskLevel.choices]
        return self._two_columns(
            slug="open-cases-by-risk",
            title="Open cases by risk level",
            description=(
                "Cases open at the end of this period and at the end of the previous one, by "
                "their risk level then."
            ),
            row_heading="Risk level",
            rows=levels,
            now=now,
            before=before,
            empty_text="",
        )

    def _cases_closed(self) -> Table:
        grouped = (
            self._both_periods(CaseFlowMonth)
            .filter(event=Event.CLOSED)
            .values("closure_reason", "current")
            .annotate(n=Sum("cases"))
        )
        now: dict[str, int] = defaultdict(int)
        before: dict[str, int] = defaultdict(int)
        for row in grouped:
            (now if row["current"] else before)[row["closure_reason"]] += row["n"]
        reasons = _ordered([*now, *before], Case.ClosureReason.choices)
        table, built = self._two_columns(
            slug="cases-closed-by-outcome",
            title="Cases closed, by outcome",
            description="Cases closed in this period and in the previous one, by the reason given.",
            row_heading="Outcome",
            rows=reasons,
            now=now,
            before=before,
            empty_text="No cases were closed in this period or the one before.",
        )
        if reasons:
            self.flow_totals["closed"] = built.count(0, None, 0)
        else:
            self.flow_totals["closed"] = (0, False)
        return table

    def _guard_stock_and_flows(self, made: tuple[Table, CountTable]) -> Table:
        """Open cases at the end of the period equal those at the end of the one before, plus
        those opened, minus those closed. If any of the four totals is hidden, the other three
        would give it back (or narrow it to one value): then the open cases are not shown."""
        table, counts = made
        totals = [
            counts.count(0, None, 0),
            counts.count(0, None, 1),
            self.flow_totals.get("opened", (0, False)),
            self.flow_totals.get("closed", (0, False)),
        ]
        if not any(hidden for _, hidden in totals):
            return table
        return dataclasses.replace(
            table,
            rows=(),
            total=None,
            withheld=True,
            notes=(
                "Not shown: with the cases opened and closed shown elsewhere on this page, "
                "these figures would give away a number too small to publish.",
            ),
        )

    def _caseload_per_worker(self) -> Table:
        b, pb = self.period.last_index, self.previous.last_index
        per_worker = (
            CaseloadChange.objects.filter(self.scope.where(), month__lte=b, worker__isnull=False)
            .order_by()
            .values("worker")
            .annotate(now=Sum("change"), before=Sum("change", filter=Q(month__lte=pb)))
        )
        now = [row["now"] or 0 for row in per_worker]
        before = [row["before"] or 0 for row in per_worker]

        def bands(caseloads: list[int]) -> list[int]:
            return [
                sum(1 for n in caseloads if n >= low and (high is None or n <= high))
                for low, high in CASELOAD_BANDS
            ]

        labels = [
            f"{low} to {high} cases" if high is not None else f"{low} or more cases"
            for low, high in CASELOAD_BANDS
        ]
        table = CountTable(
            slug="caseload-per-worker",
            title="Caseload per worker",
            description=(
                "How many lead workers held each number of open cases at the end of this period "
                "and of the previous one, and the middle caseload (the median) of those holding "
                "any. Counts of workers, not of young people: they are not suppressed."
            ),
            row_heading="Open cases as lead worker",
            rows=labels,
            threshold=self.limit,
            suppressed=False,
        )
        now_bands, before_bands = bands(now), bands(before)
        table.block(
            columns=[
                Column("this_period", "Workers, this period"),
                Column("previous_period", "Workers, previous period"),
            ],
            values=[[n, p] for n, p in zip(now_bands, before_bands, strict=True)],
        )
        built = table.build()

        def median(caseloads: list[int]) -> Cell:
            held = [n for n in caseloads if n > 0]
            if not held:
                return Cell(NONE_TEXT, None, NONE)
            return number_cell(Decimal(str(statistics.median(held))))

        median_row = Row("Median caseload", (median(now), median(before)))
        return dataclasses.replace(
            built,
            rows=(*built.rows, median_row) if any(now_bands) or any(before_bands) else (),
            total=None,
            empty_text="No lead worker held an open case at the end of either period.",
        )

    # Results by location model

    def cases_opened_by_location_model(self) -> Table:
        grouped = (
            self._this_period(CaseFlowMonth)
            .filter(event=Event.OPENED)
            .values("location_model", "risk_level", "at_threshold")
            .annotate(n=Sum("cases"))
        )
        counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        at_threshold: dict[str, int] = defaultdict(int)
        for row in grouped:
            counts[row["location_model"]][row["risk_level"]] += row["n"]
            if row["at_threshold"]:
                at_threshold[row["location_model"]] += row["n"]
        models = _ordered(counts, LOCATION_MODELS)
        levels = [(value, str(label)) for value, label in RiskLevel.choices]
        table = CountTable(
            slug="cases-opened-by-location-model",
            title="Cases opened, by the location model of the lead worker's placement",
            description=(
                "The referral mix each location model takes on: cases opened in the period, by "
                "risk level when they opened, and the share at the statutory threshold (high "
                "risk when opened, or children's social care involved while open)."
            ),
            row_heading="Location model",
            rows=[label for _, label in models],
            threshold=self.limit,
        )
        block = table.block(
            columns=[Column(value, f"{label} risk") for value, label in levels],
            values=[[counts[model][level] for level, _ in levels] for model, _ in models],
            row_total=Column("opened", "Cases opened"),
        )
        cells = [
            rate_cell(
                (at_threshold[model], False),
                table.count(block, i, None),
                threshold=self.limit,
                compute=lambda part, whole: percent_cell(part, whole),
            )
            for i, (model, _) in enumerate(models)
        ]
        total_threshold = sum(at_threshold.values())
        total = rate_cell(
            (total_threshold, False),
            table.count(block, None, None),
            threshold=self.limit,
            compute=lambda part, whole: percent_cell(part, whole),
        )
        table.derived(Column("at_threshold", "At the statutory threshold"), cells, total)
        self.flow_totals["opened"] = table.count(block, None, None)
        return table.build(
            chart=Chart(series=tuple(value for value, _ in levels), stacked=True),
            empty_text="No cases were opened in this period.",
            notes=(
                f"A share is not shown where the cases at the threshold, or the others, number "
                f"fewer than {self.limit}, or where it rests on a suppressed count.",
            ),
        )

    def contacts_by_location_model(self) -> Table:
        contacts = (
            self._both_periods(ContactMonth)
            .values("location_model", "current")
            .annotate(n=Sum("contacts"))
        )
        made: dict[tuple[str, int], int] = defaultdict(int)
        for row in contacts:
            made[(row["location_model"], row["current"])] += row["n"]
        case_months: dict[tuple[str, int], int] = defaultdict(int)
        for row in self._case_changes():
            case_months[(row["location_model"], 1)] += row["months_now"] or 0
            case_months[(row["location_model"], 0)] += row["months_before"] or 0
        present = {model for (model, _), n in [*made.items(), *case_months.items()] if n}
        models = _ordered(present, LOCATION_MODELS)

        def rate(model: str | None, current: int) -> Cell:
            keys = [k for k in LOCATION_MODELS if model is None or k[0] == model]
            contacts_made = sum(made[(value, current)] for value, _ in keys)
            months = sum(case_months[(value, current)] for value, _ in keys)
            if months == 0:
                return Cell(NONE_TEXT, None, NONE)
            if months < self.limit or small(contacts_made, self.limit):
                return not_shown()
            return number_cell(Decimal(contacts_made) / Decimal(months))

        rows = tuple(Row(label, (rate(model, 1), rate(model, 0))) for model, label in models)
        return Table(
            slug="contacts-by-location-model",
            title="Contacts per case per month, by location model",
            description=(
                "Successful contacts with young people (sessions, calls, texts, visits and "
                "return-home interviews they took part in), divided by the months their cases "
                "were open (a case open for the whole of a month counts one month)."
            ),
            row_heading="Location model",
            columns=(
                Column("this_period", "Contacts per case per month, this period"),
                Column("previous_period", "Contacts per case per month, previous period"),
            ),
            rows=rows,
            total=Row("All location models", (rate(None, 1), rate(None, 0))) if rows else None,
            notes=(
                f"Not shown where the contacts, or the case-months, number fewer than "
                f"{self.limit}.",
            ),
            chart=Chart(series=("this_period", "previous_period")),
            empty_text="No case was open in this period or the one before.",
        )

    # Balance

    def balance_tables(self) -> tuple[Table, Table]:
        minutes = (
            self._both_periods(WorkMonth)
            .values("location_model", "kind", "current")
            .annotate(n=Sum("minutes"))
        )
        workers = (
            self._both_periods(WorkMonth)
            .values("location_model", "current")
            .annotate(
                workers=Count("worker", distinct=True),
                worker_months=Count(F("worker_id") * 100000 + F("month"), distinct=True),
            )
        )
        by: dict[tuple[str, str, int], int] = defaultdict(int)
        for row in minutes:
            by[(row["location_model"], row["kind"], row["current"])] += row["n"]
        people = {(row["location_model"], row["current"]): row for row in workers}
        target = (
            balance_target_of(hub=Agency(pk=self.scope.id))
            if self.scope.kind == ScopeKind.HUB
            else None
        )

        def total(kind: str | None, current: int, model: str | None = None) -> int:
            return sum(
                n
                for (m, k, c), n in by.items()
                if c == current and (kind is None or k == kind) and (model is None or m == model)
            )

        rows = []
        for kind in KINDS:
            cells = [
                number_cell(Decimal(total(kind, 1)) / 60),
                percent_cell(total(kind, 1), total(None, 1)),
                percent_cell(total(kind, 0), total(None, 0)),
            ]
            if target is not None:
                cells.append(number_cell(target.share(kind), suffix="%"))
            rows.append(Row(KIND_LABELS[kind], tuple(cells)))
        columns = [
            Column("hours", "Hours, this period"),
            Column("this_period", "Share, this period"),
            Column("previous_period", "Share, previous period"),
        ]
        if target is not None:
            columns.append(Column("target", "The hub's target share"))
        has_work = bool(total(None, 1) or total(None, 0))
        totals = [
            number_cell(Decimal(total(None, 1)) / 60),
            percent_cell(total(None, 1), total(None, 1)),
            percent_cell(total(None, 0), total(None, 0)),
        ]
        if target is not None:
            totals.append(number_cell(100, suffix="%"))
        balance = Table(
            slug="balance-of-work",
            title="The balance of spoke workers' time",
            description=(
                "Hours of direct work with young people, consultancy, training and awareness "
                "sessions that spoke workers recorded, counted as their balance counts them."
            ),
            row_heading="Kind of work",
            columns=tuple(columns),
            rows=tuple(rows) if has_work else (),
            total=Row("All work", tuple(totals)) if has_work else None,
            suppressed=False,
            chart=Chart(series=("this_period", "previous_period"), unit="%"),
            empty_text="No spoke worker's time is recorded in this period or the one before.",
        )
        models = _ordered({m for (m, _, _) in by} | {m for (m, _) in people}, LOCATION_MODELS)
        model_rows = []
        for model, label in models:
            row = people.get((model, 1), {})
            worker_months = int(row.get("worker_months") or 0)
            all_minutes = total(None, 1, model)
            cells = [
                count_cell(int(row.get("workers") or 0)),
                number_cell(Decimal(all_minutes) / 60 / worker_months)
                if worker_months
                else Cell(NONE_TEXT, None, NONE),
                *(percent_cell(total(kind, 1, model), all_minutes) for kind in KINDS),
            ]
            model_rows.append(Row(label, tuple(cells)))
        by_model = Table(
            slug="balance-by-location-model",
            title="The balance of time by placement location model",
            description=(
                "For each location model, the spoke workers with time recorded in this period, "
                "their hours per worker per month, and each kind of work's share."
            ),
            row_heading="Location model",
            columns=(
                Column("workers", "Workers"),
                Column("hours_per_worker", "Hours per worker per month"),
                *(Column(kind, f"{KIND_LABELS[kind]} share") for kind in KINDS),
            ),
            rows=tuple(model_rows),
            suppressed=False,
            chart=Chart(series=KINDS, stacked=True, unit="%"),
            empty_text="No spoke worker's time is recorded in this period.",
        )
        return balance, by_model

    # Consultancy and training

    def consultancy_by_agency_kind(self) -> Table:
        grouped = (
            self._both_periods(ConsultancyMonth)
            .values("agency_kind", "verdict", "current")
            .annotate(n=Sum("requests"))
        )
        now: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        before: dict[str, int] = defaultdict(int)
        for row in grouped:
            if row["current"]:
                now[row["agency_kind"]][row["verdict"]] += row["n"]
            else:
                before[row["agency_kind"]] += row["n"]
        kinds = _ordered([*now, *before], AGENCY_KINDS)
        verdicts = ConsultancyMonth.Verdict.choices
        table = CountTable(
            slug="consultancy-by-agency-kind",
            title="Consultancy requests, by the kind of agency asking, and whether they helped",
            description=(
                "Requests for case consultancy made in the period, by the requester's verdict "
                "on the advice; and how many the same kinds of agency made in the period before."
            ),
            row_heading="Requested by",
            rows=[label for _, label in kinds],
            threshold=self.limit,
        )
        block = table.block(
            columns=[Column(value, str(label)) for value, label in verdicts],
            values=[[now[kind][value] for value, _ in verdicts] for kind, _ in kinds],
            row_total=Column("this_period", "Requests this period"),
        )
        table.block(
            columns=[Column("previous_period", "Requests previous period")],
            values=[[before[kind]] for kind, _ in kinds],
        )

        def helpful(row: int | None) -> Cell:
            yes = table.count(block, row, 0)
            no = table.count(block, row, 1)
            return rate_cell(
                yes,
                (yes[0] + no[0], yes[1] or no[1]),
                threshold=self.limit,
                compute=lambda part, whole: percent_cell(part, whole),
            )

        table.derived(
            Column("helpful_share", "Helpful, of those with a verdict"),
            [helpful(i) for i in range(len(kinds))],
            helpful(None),
        )
        return table.build(
            chart=Chart(series=tuple(value for value, _ in verdicts), stacked=True),
            empty_text="No consultancy was requested in this period or the one before.",
        )

    def _agency_rows(self, rows: Iterable[dict[str, Any]]) -> dict[str, str]:
        """Row keys and labels: agencies by name on local and hub dashboards, kinds beyond."""
        if self.scope.by_agency:
            return {str(row["agency"]): row["agency__name"] or "" for row in rows}
        kinds = dict(AGENCY_KINDS)
        return {
            row["agency_kind"]: kinds.get(row["agency_kind"], row["agency_kind"]) for row in rows
        }

    def training_tables(self) -> tuple[Table, Table, Table]:
        trained = list(
            self._this_period(TrainingMonth)
            .values("agency", "agency__name", "agency_kind")
            .annotate(
                people=Sum("practitioners"),
                rated=Sum("rated"),
                before=Sum("before_total"),
                after=Sum("after_total"),
                first=Min("month"),
            )
            .order_by("agency__name", "agency")
        )
        delivered = (
            self._both_periods(TrainingDeliveredMonth)
            .values("current")
            .annotate(sessions=Sum("sessions"), minutes=Sum("minutes"))
        )
        sessions = {row["current"]: row for row in delivered}
        labels = self._agency_rows(trained)
        sums: dict[str, dict[str, Any]] = defaultdict(lambda: defaultdict(Decimal))
        for row in trained:
            key = str(row["agency"]) if self.scope.by_agency else row["agency_kind"]
            for field in ("people", "rated", "before", "after"):
                sums[key][field] += Decimal(row[field] or 0)
        ordered = list(labels.items()) if self.scope.by_agency else _ordered(labels, AGENCY_KINDS)

        def confidence(values: dict[str, Any]) -> tuple[Cell, Cell, Cell]:
            rated = values["rated"]
            if not rated:
                none = Cell(NONE_TEXT, None, NONE)
                return none, none, none
            before, after = values["before"] / rated, values["after"] / rated
            return number_cell(before), number_cell(after), number_cell(after - before)

        training_rows = []
        for key, label in ordered:
            values = sums[key]
            training_rows.append(
                Row(label, (count_cell(int(values["people"])), *confidence(values)))
            )
        everyone: dict[str, Any] = defaultdict(Decimal)
        for values in sums.values():
            for field, amount in values.items():
                everyone[field] += amount
        grouping = "Agency" if self.scope.by_agency else "Kind of agency"
        by_agency = Table(
            slug="training-by-agency",
            title="Practitioners trained, and their confidence before and after",
            description=(
                "Practitioners who attended training delivered in the period, by their agency, "
                "with their average confidence (1 to 5) before and after, from attendance "
                "scored both times. Counts of professionals: they are not suppressed."
            ),
            row_heading=grouping,
            columns=(
                Column("practitioners", "Practitioners trained"),
                Column("before", "Confidence before"),
                Column("after", "Confidence after"),
                Column("change", "Change"),
            ),
            rows=tuple(training_rows),
            total=Row("All agencies", (count_cell(int(everyone["people"])), *confidence(everyone)))
            if training_rows
            else None,
            suppressed=False,
            chart=Chart(series=("before", "after")),
            empty_text="No training was delivered in this period.",
        )

        def delivered_cells(current: int) -> tuple[Cell, Cell]:
            row = sessions.get(current) or {}
            return (
                count_cell(int(row.get("sessions") or 0)),
                number_cell(Decimal(int(row.get("minutes") or 0)) / 60),
            )

        now, before = delivered_cells(1), delivered_cells(0)
        delivered_table = Table(
            slug="training-delivered",
            title="Training delivered",
            description="Training sessions the hubs delivered, and their hours.",
            row_heading="Measure",
            columns=(THIS, PREVIOUS),
            rows=(
                Row("Sessions delivered", (now[0], before[0])),
                Row("Hours of training", (now[1], before[1])),
            ),
            suppressed=False,
        )
        return delivered_table, by_agency, self._referrals_around_training(trained, ordered)

    def _referrals_around_training(
        self, trained: list[dict[str, Any]], rows: list[tuple[str, str]]
    ) -> Table:
        first_training = (
            TrainingMonth.objects.filter(self.scope.where())
            .filter(
                agency_id=OuterRef("referrer_agency_id"),
                month__gte=self.period.first_index,
                month__lte=self.period.last_index,
            )
            .order_by("month")
            .values("month")[:1]
        )
        window = TRAINING_WINDOW_MONTHS
        around = (
            ReferralMonth.objects.filter(self.scope.where())
            .annotate(trained_in=Subquery(first_training, output_field=IntegerField()))
            .filter(
                trained_in__isnull=False,
                month__gte=F("trained_in") - window,
                month__lte=F("trained_in") + window,
            )
            .exclude(month=F("trained_in"))
            .annotate(
                after=SqlCase(
                    When(month__gt=F("trained_in"), then=Value(1)),
                    default=Value(0),
                    output_field=IntegerField(),
                )
            )
            .order_by()
            .values("referrer_agency", "agency_kind", "after")
            .annotate(n=Sum("referrals"))
        )
        counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for row in around:
            key = str(row["referrer_agency"]) if self.scope.by_agency else row["agency_kind"]
            counts[key][row["after"]] += row["n"]
        months: dict[str, int] = {}
        for found in trained:
            key = str(found["agency"]) if self.scope.by_agency else found["agency_kind"]
            months[key] = min(months.get(key, found["first"]), found["first"])
        keys = [key for key, _ in rows]
        names = dict(rows)
        table = CountTable(
            slug="referrals-around-training",
            title="Referrals before and after training",
            description=(
                f"For each agency whose practitioners attended training delivered in the "
                f"period: its referrals in the {window} months before the month of its first "
                f"training in the period, and in the {window} months after (that month itself "
                f"is left out). Months still to come count as far as they have gone."
            ),
            row_heading="Agency" if self.scope.by_agency else "Kind of agency",
            rows=[names[k] for k in keys],
            threshold=self.limit,
        )
        table.block(
            columns=[
                Column("before", f"{window} months before"),
                Column("after", f"{window} months after"),
            ],
            values=[counts[k] for k in keys],
        )
        if self.scope.by_agency:
            table.derived(
                Column("trained_in", "First trained in the period", numeric=False),
                [Cell(month_of_index(months[k]).label) for k in keys],
            )
        return table.build(
            chart=Chart(series=("before", "after")),
            empty_text="No agency's practitioners were trained in this period.",
        )

    # Multi-agency working

    def step_backs(self) -> Table:
        grouped = (
            self._both_periods(StepBackMonth)
            .values("agency_kind", "current")
            .annotate(n=Sum("step_backs"))
        )
        now: dict[str, int] = defaultdict(int)
        before: dict[str, int] = defaultdict(int)
        for row in grouped:
            (now if row["current"] else before)[row["agency_kind"]] += row["n"]
        table, _ = self._two_columns(
            slug="statutory-step-backs",
            title="Statutory agencies stepping back after the spoke worker became involved",
            description=(
                "Times a statutory agency recorded as involved in a case stepped back on or "
                "after the day the hub's case opened, by the kind of agency. The evaluation "
                "warns that this undermines joint work."
            ),
            row_heading="Agency",
            rows=_ordered([*now, *before], AGENCY_KINDS),
            now=now,
            before=before,
            empty_text="No statutory agency stepped back in this period or the one before.",
        )
        return table

    def practice_challenges(self) -> Table:
        grouped = (
            self._both_periods(ChallengeMonth)
            .values("agency_kind", "event", "current")
            .annotate(n=Sum("challenges"))
        )
        counts: dict[str, dict[tuple[str, int], int]] = defaultdict(lambda: defaultdict(int))
        for row in grouped:
            counts[row["agency_kind"]][(row["event"], row["current"])] += row["n"]
        kinds = _ordered(counts, AGENCY_KINDS)
        spec = (
            (Event.RAISED, 1, "raised", "Raised, this period"),
            (Event.RESOLVED, 1, "resolved", "Resolved, this period"),
            (Event.RAISED, 0, "previous_raised", "Raised, previous period"),
            (Event.RESOLVED, 0, "previous_resolved", "Resolved, previous period"),
        )
        table = CountTable(
            slug="practice-challenges",
            title="Practice challenges raised and resolved",
            description=(
                "Constructive challenges of another agency's practice that spoke workers raised, "
                "and that were resolved, in each period, by the kind of agency challenged."
            ),
            row_heading="Agency challenged",
            rows=[label for _, label in kinds],
            threshold=self.limit,
        )
        table.block(
            columns=[Column(key, label) for _, _, key, label in spec],
            values=[
                [counts[kind][(event, current)] for event, current, _, _ in spec]
                for kind, _ in kinds
            ],
        )
        return table.build(
            chart=Chart(series=("raised", "resolved")),
            empty_text=(
                "No practice challenge was raised or resolved in this period or the one before."
            ),
        )

    # Partnership health: today, from the partnership's records.

    def partnership_health(self) -> Table:
        today = self.today
        scope = self.scope
        agreements = InformationSharingAgreement.objects.all()
        placements = SpokePlacement.objects.active(today)
        if scope.kind == ScopeKind.HUB:
            agreements = agreements.filter(parties__id=scope.id)
            placements = placements.filter(hub_id=scope.id)
        else:
            agreements = agreements.filter(scope.where())
            placements = placements.filter(scope.where())
        in_force = Q(
            status__in=[
                InformationSharingAgreement.Status.ACTIVE,
                InformationSharingAgreement.Status.UNDER_REVIEW,
            ]
        )
        agreement_counts = agreements_filtered(agreements=agreements, on=today).aggregate(
            in_force=Count("pk", filter=in_force),
            current=Count(
                "pk",
                filter=Q(status=InformationSharingAgreement.Status.ACTIVE)
                & ~Q(review_state="overdue"),
            ),
            due=Count("pk", filter=Q(review_state="due")),
            overdue=Count("pk", filter=Q(review_state="overdue")),
        )
        placement_counts = placements.aggregate(
            placements=Count("pk"), champions=Count("pk", filter=~Q(champion_name=""))
        )
        hubs: set[int] | QuerySet[Any] = (
            {scope.id} if scope.kind == ScopeKind.HUB else placements.values("hub_id")
        )
        workers = supervision_overview(hub_ids=hubs, on=today)
        if scope.kind in (ScopeKind.LOCAL_AUTHORITY, ScopeKind.REGION):
            workers = workers.filter(user_id__in=placements.values("worker_id"))
        supervision = workers.aggregate(
            workers=Count("pk"), overdue=Count("pk", filter=Q(supervision_overdue=True))
        )

        def row(label: str, meeting: int, of: int) -> Row:
            return Row(label, (count_cell(meeting), count_cell(of), percent_cell(meeting, of)))

        supervised = supervision["workers"] - supervision["overdue"]
        gap_weeks = SUPERVISION_GAP.days // 7
        return Table(
            slug="partnership-health",
            title="Partnership health today",
            description=(
                "Sharing agreements current (active, and not past their review date), spoke "
                "placements in force with a named statutory champion, and spoke workers "
                f"supervised in the last {gap_weeks} weeks. Counts of agreements, placements "
                "and professionals: they are not suppressed."
            ),
            row_heading="Measure",
            columns=(
                Column("meeting", "Meeting it"),
                Column("of", "Out of"),
                Column("share", "Share"),
            ),
            rows=(
                row(
                    "Sharing agreements current",
                    agreement_counts["current"],
                    agreement_counts["in_force"],
                ),
                row(
                    f"Sharing agreements due for review in the next "
                    f"{AGREEMENT_REVIEW_NOTICE.days} days",
                    agreement_counts["due"],
                    agreement_counts["in_force"],
                ),
                row(
                    "Sharing agreements past their review date",
                    agreement_counts["overdue"],
                    agreement_counts["in_force"],
                ),
                row(
                    "Placements with a named statutory champion",
                    placement_counts["champions"],
                    placement_counts["placements"],
                ),
                row(
                    f"Spoke workers supervised in the last {gap_weeks} weeks",
                    supervised,
                    supervision["workers"],
                ),
            ),
            suppressed=False,
        )
