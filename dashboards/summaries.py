"""How each summary table is rebuilt: one `INSERT ... SELECT ... GROUP BY` per table (two or three
where rows come from different records), run by `services.summaries_refresh` in one transaction.

The rows to count are written as ORM querysets, so the rules are the models' own (a successful
contact, a balance source) and each database gets its own SQL for months in Europe/London;
the querysets are compiled and wrapped in plain SQL that inserts, joins and groups. The same
SQL runs on PostgreSQL and SQLite; the one expression the ORM cannot give both (whole hours
between two moments) is `WholeHoursBetween`, with SQL for each.

Nothing here reads a name, a date of birth or free text: only ids of places, organisations and
workers, codes, dates and minutes.
"""

from __future__ import annotations

import calendar
import datetime
import logging
import time
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import (
    BooleanField,
    CharField,
    Count,
    DateField,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    Field,
    Func,
    IntegerField,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models import Case as SqlCase
from django.db.models.expressions import Combinable
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear, Lag, Lead, Least
from django.db.models.sql.compiler import SQLCompiler

from cases.models import AgencyInvolvement, Case, CaseworkEntry, RiskAssessment, RiskLevel
from consultancy.models import (
    ConsultancyRequest,
    PracticeChallenge,
    TrainingAttendance,
    TrainingSession,
)
from consultancy.selectors.balance import EARLIEST_YEAR, BalanceSource, balance_sources
from dashboards.models import (
    CalendarMonth,
    CaseAttribution,
    CaseFlowMonth,
    CaseloadChange,
    CaseRiskChange,
    ChallengeMonth,
    ConsultancyMonth,
    ContactMonth,
    Event,
    ReferralMonth,
    SpokeWorkerMonth,
    StepBackMonth,
    TimingHistogram,
    TrainingDeliveredMonth,
    TrainingMonth,
    WorkerPlacementMonth,
    WorkMonth,
)
from partners.models import Agency, Membership, Role, SpokePlacement
from referrals.models import Referral

logger = logging.getLogger(__name__)

LONDON = ZoneInfo("Europe/London")
# Referrals taking longer than this to a step count as taking this long: the median and 90th
# percentile are exact below it, and the histogram stays small however odd the data.
HOURS_CAP = 90 * 24
# Every summary table, in the order they are emptied (a table before those it is built from).
TABLES: tuple[type[Model], ...] = (
    ReferralMonth,
    TimingHistogram,
    CaseRiskChange,
    CaseloadChange,
    CaseFlowMonth,
    ContactMonth,
    WorkMonth,
    WorkerPlacementMonth,
    SpokeWorkerMonth,
    ConsultancyMonth,
    TrainingMonth,
    TrainingDeliveredMonth,
    StepBackMonth,
    ChallengeMonth,
    CaseAttribution,
    CalendarMonth,
)


class WholeHoursBetween(Func):
    """Whole hours (rounded down) from the second moment to the first."""

    output_field = IntegerField()
    arity = 2

    def as_sql(  # type: ignore[override]
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> tuple[str, Sequence[Any]]:
        end, end_params = compiler.compile(self.source_expressions[0])
        start, start_params = compiler.compile(self.source_expressions[1])
        params = (*end_params, *start_params)
        if connection.vendor == "sqlite":
            # Stored as UTC text; julianday reads it, and seconds are rounded before dividing so
            # that exactly 26 hours is never 25.99999.
            sql = (
                f"(CAST(ROUND((julianday({end}) - julianday({start})) * 86400) AS INTEGER) / 3600)"
            )
        else:
            sql = f"CAST(FLOOR(EXTRACT(EPOCH FROM ({end} - {start})) / 3600) AS integer)"
        return sql, params


class _PostgresMonthIndex(Func):
    """`month_of_moment` in integers: PostgreSQL's EXTRACT gives numerics, whose arithmetic on
    ten million entries costs a refresh seconds; date_part gives floats, cast once."""

    template = (
        f"(CAST(date_part('year', %(expressions)s AT TIME ZONE '{LONDON.key}') AS integer) * 12"
        f" + CAST(date_part('month', %(expressions)s AT TIME ZONE '{LONDON.key}') AS integer) - 1)"
    )
    output_field = IntegerField()


def month_of_moment(field: str) -> Combinable:
    """The month index of a moment, in London."""
    if connection.vendor == "postgresql":
        # The column's name twice in the SQL, and no parameters: so only for a field's name.
        return _PostgresMonthIndex(F(field))
    return ExpressionWrapper(
        ExtractYear(field, tzinfo=LONDON) * 12 + ExtractMonth(field, tzinfo=LONDON) - 1,
        output_field=IntegerField(),
    )


def month_of_day(field: Any) -> Combinable:
    """The month index of a date (or of a date expression)."""
    return ExpressionWrapper(
        ExtractYear(field) * 12 + ExtractMonth(field) - 1, output_field=IntegerField()
    )


def _when_month(source: BalanceSource) -> Combinable:
    return month_of_moment(source.when) if source.when_is_moment else month_of_day(source.when)


# Running the SQL


def _table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _columns(model: type[Model], names: Sequence[str]) -> str:
    quote = connection.ops.quote_name
    fields = [model._meta.get_field(name) for name in names]
    return ", ".join(quote(str(field.column)) for field in fields if isinstance(field, Field))


def _compiled(queryset: QuerySet[Any]) -> tuple[str, tuple[Any, ...]]:
    sql, params = queryset.query.get_compiler(connection=connection).as_sql()
    return sql, tuple(params)


def _execute(sql: str, params: Sequence[Any] = ()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))


def _insert_select(into: str, select: str, params: Sequence[Any] = ()) -> None:
    """`INSERT INTO {into} {select}`, with the SELECT run in parallel on PostgreSQL.

    PostgreSQL never plans an INSERT's SELECT in parallel, but does a CREATE TABLE AS: the rows
    are gathered into a temporary table by every core, then inserted from it. For the scans of
    ten million entries that halves the time on two cores.
    """
    if connection.vendor != "postgresql":
        _execute(f"INSERT INTO {into} {select}", params)
        return
    _execute(f"CREATE TEMPORARY TABLE dashboards_refresh_rows ON COMMIT DROP AS {select}", params)
    _execute(f"INSERT INTO {into} SELECT * FROM dashboards_refresh_rows")  # noqa: S608 - names from our models
    _execute("DROP TABLE dashboards_refresh_rows")


def _insert_grouped(model: type[Model], rows: QuerySet[Any], *, columns: dict[str, str]) -> None:
    """Insert the rows of a `values(...).annotate(...)` queryset: `columns` maps each target
    field to the queryset's alias for it."""
    sql, params = _compiled(rows)
    selected = ", ".join(f"q.{alias}" for alias in columns.values())
    _insert_select(
        f"{_table(model)} ({_columns(model, list(columns))})",
        f"SELECT {selected} FROM ({sql}) q",  # noqa: S608 - names from our models
        params,
    )


def empty_all() -> None:
    for model in TABLES:
        _execute(f"DELETE FROM {_table(model)}")  # noqa: S608 - a table name from our models


# The tables


def rebuild_calendar(*, today: datetime.date) -> None:
    """Every month from the earliest a dashboard offers to the one after this."""
    rows = []
    last = today.year * 12 + today.month
    for index in range(EARLIEST_YEAR * 12, last + 1):
        year, number = divmod(index, 12)
        first_day = datetime.date(year, number + 1, 1)
        days = calendar.monthrange(year, number + 1)[1]
        rows.append(
            CalendarMonth(month=index, first_day=first_day, last_day=first_day.replace(day=days))
        )
    CalendarMonth.objects.bulk_create(rows)


def _latest_placement(placements: QuerySet[SpokePlacement]) -> Subquery:
    return Subquery(placements.order_by("-starts_on", "-pk").values("location_model")[:1])


def rebuild_case_attribution() -> None:
    """Where each case counts: its place, its lead worker's location model when it opened, its
    risk at opening, and whether it is at the statutory threshold (high risk at opening, or
    children's social care involved while it was open)."""
    placements = SpokePlacement.objects.filter(
        worker_id=OuterRef("lead_worker_id"), hub_id=OuterRef("owning_agency_id")
    )
    in_force_at_opening = placements.filter(starts_on__lte=OuterRef("opened_on")).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gt=OuterRef("opened_on"))
    )
    same_area = Q(local_authority_id=OuterRef("local_authority_id"))
    # In force when the case opened, in its own local authority first; failing that, the
    # latest placement (a case opened before the worker's placement was recorded). SQLite
    # cannot order a subquery by the outer row, hence four tries rather than one ordering.
    location_model = Coalesce(
        _latest_placement(in_force_at_opening.filter(same_area)),
        _latest_placement(in_force_at_opening),
        _latest_placement(placements.filter(same_area)),
        _latest_placement(placements),
        Value(""),
        output_field=CharField(),
    )
    initial_risk = Coalesce(
        Subquery(
            RiskAssessment.objects.filter(case_id=OuterRef("pk"))
            .order_by("assessed_on", "pk")
            .values("level")[:1]
        ),
        F("risk_level"),
        output_field=CharField(),
    )
    social_care_involved = Exists(
        AgencyInvolvement.objects.filter(
            case_id=OuterRef("pk"), agency__kind=Agency.Kind.CHILDRENS_SOCIAL_CARE
        ).filter(Q(to_on__isnull=True) | Q(to_on__gte=OuterRef("opened_on")))
    )
    rows = (
        Case.objects.annotate(
            g_risk=initial_risk,
            g_involved=social_care_involved,
        )
        .annotate(
            g_case=F("pk"),
            g_la=F("local_authority_id"),
            g_hub=F("owning_agency_id"),
            g_worker=F("lead_worker_id"),
            g_model=location_model,
            g_threshold=SqlCase(
                When(Q(g_risk=RiskLevel.HIGH) | Q(g_involved=True), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
            g_opened=month_of_day("opened_on"),
            g_closed=SqlCase(
                When(status=Case.Status.CLOSED, then=month_of_day("closed_on")),
                default=None,
                output_field=IntegerField(),
            ),
            g_reason=SqlCase(
                When(status=Case.Status.CLOSED, then=F("closure_reason")),
                default=Value(""),
                output_field=CharField(),
            ),
        )
        .order_by()
        .values(
            "g_case",
            "g_la",
            "g_hub",
            "g_worker",
            "g_model",
            "g_risk",
            "g_threshold",
            "g_opened",
            "g_closed",
            "g_reason",
        )
    )
    _insert_grouped(
        CaseAttribution,
        rows,
        columns={
            "case": "g_case",
            "local_authority": "g_la",
            "hub": "g_hub",
            "lead_worker": "g_worker",
            "location_model": "g_model",
            "initial_risk": "g_risk",
            "at_threshold": "g_threshold",
            "opened_month": "g_opened",
            "closed_month": "g_closed",
            "closure_reason": "g_reason",
        },
    )


def rebuild_referrals() -> None:
    rows = (
        Referral.objects.exclude(status=Referral.Status.DRAFT)
        .filter(submitted_at__isnull=False)
        .annotate(
            g_month=month_of_moment("submitted_at"),
            g_la=F("local_authority_id"),
            g_hub=F("hub_id"),
            g_agency=F("referrer_agency_id"),
            g_kind=F("referrer_agency__kind"),
            g_status=F("status"),
        )
        .order_by()
        .values("g_month", "g_la", "g_hub", "g_agency", "g_kind", "g_status")
        .annotate(g_count=Count("pk"))
    )
    _insert_grouped(
        ReferralMonth,
        rows,
        columns={
            "month": "g_month",
            "local_authority": "g_la",
            "hub": "g_hub",
            "referrer_agency": "g_agency",
            "agency_kind": "g_kind",
            "status": "g_status",
            "referrals": "g_count",
        },
    )


def _timing(measure: str, *, step: str, rows: QuerySet[Referral]) -> None:
    grouped = (
        rows.annotate(
            g_month=month_of_moment("submitted_at"),
            g_la=F("local_authority_id"),
            g_hub=F("hub_id"),
            g_measure=Value(measure, output_field=CharField()),
            g_hours=Least(
                WholeHoursBetween(step, "submitted_at"),
                Value(HOURS_CAP),
                output_field=IntegerField(),
            ),
        )
        .order_by()
        .values("g_month", "g_la", "g_hub", "g_measure", "g_hours")
        .annotate(g_count=Count("pk"))
    )
    _insert_grouped(
        TimingHistogram,
        grouped,
        columns={
            "month": "g_month",
            "local_authority": "g_la",
            "hub": "g_hub",
            "measure": "g_measure",
            "hours": "g_hours",
            "referrals": "g_count",
        },
    )


def rebuild_timing() -> None:
    """Hours from submission to the hub starting to screen it (triage, as the referral's steps
    record it), and to the first successful contact with the young person on the case the
    referral opened or joined (when that came after the referral: a case the hub was already
    working counts only for triage)."""
    submitted = Referral.objects.exclude(status=Referral.Status.DRAFT).filter(
        submitted_at__isnull=False
    )
    _timing(
        TimingHistogram.Measure.TRIAGE,
        step="screening_started_at",
        rows=submitted.filter(
            screening_started_at__isnull=False, screening_started_at__gte=F("submitted_at")
        ),
    )
    _timing(
        TimingHistogram.Measure.FIRST_CONTACT,
        step="case__first_contact_at",
        rows=submitted.filter(
            case__first_contact_at__isnull=False,
            case__first_contact_at__gte=F("submitted_at"),
        ),
    )


def _assessments() -> QuerySet[Any]:
    """Each risk assessment with the next and previous one's date on its case (window functions:
    one pass in case order, not a lookup per row), the case's opening and closure, and the
    months of each."""

    def by_case(expression: Any) -> Window:
        return Window(
            expression,
            partition_by=[F("case_id")],
            order_by=[F("assessed_on").asc(), F("pk").asc()],
        )

    closed = Q(case__status=Case.Status.CLOSED)
    return (
        RiskAssessment.objects.annotate(
            g_on=F("assessed_on"),
            g_month=month_of_day("assessed_on"),
            g_next_on=by_case(Lead("assessed_on")),
            g_next_month=by_case(Lead(month_of_day("assessed_on"))),
            g_previous_on=by_case(Lag("assessed_on")),
            g_opened_on=F("case__opened_on"),
            g_opened_month=month_of_day("case__opened_on"),
            g_closed_on=SqlCase(
                When(closed, then=F("case__closed_on")), default=None, output_field=DateField()
            ),
            g_closed_month=SqlCase(
                When(closed, then=month_of_day("case__closed_on")),
                default=None,
                output_field=IntegerField(),
            ),
            g_la=F("case__local_authority_id"),
            g_hub=F("case__owning_agency_id"),
            g_model=Coalesce(
                F("case__dashboard_attribution__location_model"),
                Value(""),
                output_field=CharField(),
            ),
            g_risk=F("level"),
        )
        .order_by()
        .values(
            "g_on",
            "g_month",
            "g_next_on",
            "g_next_month",
            "g_previous_on",
            "g_opened_on",
            "g_opened_month",
            "g_closed_on",
            "g_closed_month",
            "g_la",
            "g_hub",
            "g_model",
            "g_risk",
        )
    )


# Each assessment as the span of the case's life it covers: from the assessment (from the case's
# opening, for its first, or for one dated before it) to the next assessment or the closure,
# whichever is first. Plain CASEs over the columns above, the same on both databases.
_SPANS = """
SELECT q.g_la AS la, q.g_hub AS hub, q.g_model AS model, q.g_risk AS risk,
  CASE WHEN q.g_previous_on IS NULL OR q.g_on < q.g_opened_on
    THEN q.g_opened_on ELSE q.g_on END AS start_on,
  CASE WHEN q.g_previous_on IS NULL OR q.g_on < q.g_opened_on
    THEN q.g_opened_month ELSE q.g_month END AS start_month,
  CASE WHEN q.g_next_on IS NULL THEN q.g_closed_on
    WHEN q.g_closed_on IS NULL THEN q.g_next_on
    WHEN q.g_next_on < q.g_closed_on THEN q.g_next_on ELSE q.g_closed_on END AS end_on,
  CASE WHEN q.g_next_on IS NULL THEN q.g_closed_month
    WHEN q.g_closed_on IS NULL THEN q.g_next_month
    WHEN q.g_next_on < q.g_closed_on THEN q.g_next_month ELSE q.g_closed_month END AS end_month
FROM ({rows}) q
"""


def rebuild_risk_changes() -> None:
    """+1 in the month each span starts, -1 in the month it ends (an empty span, such as an
    assessment after closure, counts in neither); cases never assessed count at their recorded
    risk for their whole life."""
    columns = {
        "month": "g_month",
        "local_authority": "g_la",
        "hub": "g_hub",
        "location_model": "g_model",
        "risk_level": "g_risk",
        "change": "g_change",
    }
    dims = ("g_month", "g_la", "g_hub", "g_model", "g_risk")
    rows, params = _compiled(_assessments())
    spans = _SPANS.format(rows=rows)
    target = f"INSERT INTO {_table(CaseRiskChange)} ({_columns(CaseRiskChange, list(columns))})"
    for month, change, only in (
        ("start_month", "COUNT(*)", "s.end_on IS NULL OR s.end_on > s.start_on"),
        ("end_month", "-COUNT(*)", "s.end_on IS NOT NULL AND s.end_on > s.start_on"),
    ):
        _execute(
            f"{target} SELECT s.{month}, s.la, s.hub, s.model, s.risk, {change}"  # noqa: S608 - names from our models
            f" FROM ({spans}) s WHERE {only}"
            f" GROUP BY s.{month}, s.la, s.hub, s.model, s.risk",
            params,
        )
    unassessed = (
        CaseAttribution.objects.filter(
            ~Exists(RiskAssessment.objects.filter(case_id=OuterRef("case_id")))
        )
        .annotate(
            g_la=F("local_authority_id"),
            g_hub=F("hub_id"),
            g_model=F("location_model"),
            g_risk=F("case__risk_level"),
        )
        .order_by()
    )
    _insert_grouped(
        CaseRiskChange,
        unassessed.annotate(g_month=F("opened_month")).values(*dims).annotate(g_change=Count("pk")),
        columns=columns,
    )
    _insert_grouped(
        CaseRiskChange,
        unassessed.filter(closed_month__isnull=False)
        .annotate(g_month=F("closed_month"))
        .values(*dims)
        .annotate(g_change=-Count("pk")),
        columns=columns,
    )


def rebuild_caseloads() -> None:
    """+1 for the lead worker in the month a case opens, -1 in the month it closes."""
    columns = {
        "month": "g_month",
        "local_authority": "g_la",
        "hub": "g_hub",
        "worker": "g_worker",
        "change": "g_change",
    }
    dims = ("g_month", "g_la", "g_hub", "g_worker")
    cases = CaseAttribution.objects.annotate(
        g_la=F("local_authority_id"), g_hub=F("hub_id"), g_worker=F("lead_worker_id")
    ).order_by()
    _insert_grouped(
        CaseloadChange,
        cases.annotate(g_month=F("opened_month")).values(*dims).annotate(g_change=Count("pk")),
        columns=columns,
    )
    _insert_grouped(
        CaseloadChange,
        cases.filter(closed_month__isnull=False)
        .annotate(g_month=F("closed_month"))
        .values(*dims)
        .annotate(g_change=-Count("pk")),
        columns=columns,
    )


def rebuild_case_flows() -> None:
    cases = CaseAttribution.objects.annotate(
        g_la=F("local_authority_id"), g_hub=F("hub_id"), g_model=F("location_model")
    ).order_by()
    columns = {
        "month": "g_month",
        "local_authority": "g_la",
        "hub": "g_hub",
        "location_model": "g_model",
        "event": "g_event",
        "risk_level": "g_risk",
        "at_threshold": "g_threshold",
        "closure_reason": "g_reason",
        "cases": "g_count",
    }
    dims = ("g_month", "g_la", "g_hub", "g_model", "g_event", "g_risk", "g_threshold", "g_reason")
    _insert_grouped(
        CaseFlowMonth,
        cases.annotate(
            g_month=F("opened_month"),
            g_event=Value(Event.OPENED, output_field=CharField()),
            g_risk=F("initial_risk"),
            g_threshold=F("at_threshold"),
            g_reason=Value("", output_field=CharField()),
        )
        .values(*dims)
        .annotate(g_count=Count("pk")),
        columns=columns,
    )
    _insert_grouped(
        CaseFlowMonth,
        cases.filter(closed_month__isnull=False)
        .annotate(
            g_month=F("closed_month"),
            g_event=Value(Event.CLOSED, output_field=CharField()),
            g_risk=Value("", output_field=CharField()),
            g_threshold=Value(False, output_field=BooleanField()),
            g_reason=F("closure_reason"),
        )
        .values(*dims)
        .annotate(g_count=Count("pk")),
        columns=columns,
    )


def rebuild_contacts() -> None:
    """Successful contacts (as a caseload counts them: final, not in error, attended, of a
    kind that reaches the young person)."""
    attribution = "case__dashboard_attribution__"
    rows = (
        CaseworkEntry.objects.filter(
            status=CaseworkEntry.Status.FINAL,
            entered_in_error_at__isnull=True,
            kind__in=list(CaseworkEntry.CONTACT_KINDS),
            attendance=CaseworkEntry.Attendance.ATTENDED,
        )
        .annotate(
            g_month=month_of_moment("occurred_at"),
            g_la=F("case__local_authority_id"),
            g_hub=F("case__owning_agency_id"),
            g_model=Coalesce(
                F(f"{attribution}location_model"), Value(""), output_field=CharField()
            ),
        )
        .order_by()
        .values("g_month", "g_la", "g_hub", "g_model")
        .annotate(g_count=Count("pk"))
    )
    _insert_grouped(
        ContactMonth,
        rows,
        columns={
            "month": "g_month",
            "local_authority": "g_la",
            "hub": "g_hub",
            "location_model": "g_model",
            "contacts": "g_count",
        },
    )


def rebuild_worker_placements(*, today: datetime.date) -> None:
    """For each spoke worker, hub and month, the placement in force in the month that started
    last (ties broken by the latest recorded)."""
    placement = _table(SpokePlacement)
    month = _table(CalendarMonth)
    target = _table(WorkerPlacementMonth)
    _execute(
        f"INSERT INTO {target} (month, hub_id, worker_id, local_authority_id, location_model) "  # noqa: S608 - names from our models
        "SELECT month, hub_id, worker_id, local_authority_id, location_model FROM ("
        " SELECT c.month AS month, p.hub_id AS hub_id, p.worker_id AS worker_id,"
        " p.local_authority_id AS local_authority_id, p.location_model AS location_model,"
        " ROW_NUMBER() OVER (PARTITION BY c.month, p.hub_id, p.worker_id"
        " ORDER BY p.starts_on DESC, p.id DESC) AS ranked"
        f" FROM {placement} p JOIN {month} c"
        " ON p.starts_on <= c.last_day AND (p.ends_on IS NULL OR p.ends_on > c.first_day)"
        " WHERE c.month <= %s"
        ") placed WHERE ranked = 1",
        [today.year * 12 + today.month - 1],
    )


def rebuild_spoke_worker_months(*, today: datetime.date) -> None:
    """Each hub's spoke workers in each month up to this one, as `hub_workers_in` has them: a
    spoke worker membership of the hub in force at any time in the month."""
    membership, month, agency = _table(Membership), _table(CalendarMonth), _table(Agency)
    _execute(
        f"INSERT INTO {_table(SpokeWorkerMonth)} (month, hub_id, worker_id)"  # noqa: S608 - names from our models
        " SELECT DISTINCT c.month, m.agency_id, m.user_id"
        f" FROM {membership} m JOIN {month} c"
        " ON m.starts_on <= c.last_day AND (m.ends_on IS NULL OR m.ends_on > c.first_day)"
        f" JOIN {agency} a ON a.id = m.agency_id"
        " WHERE m.role = %s AND a.kind = %s AND c.month <= %s",
        [Role.SPOKE_WORKER.value, Agency.Kind.CSE_HUB.value, today.year * 12 + today.month - 1],
    )


def _work_from(source: BalanceSource) -> None:
    rows = (
        source.rows.annotate(
            g_month=_when_month(source),
            g_hub=F(source.hub),
            g_worker=F(source.worker),
            g_minutes=F(source.minutes),
        )
        .order_by()
        .values("g_month", "g_hub", "g_worker", "g_minutes")
    )
    sql, params = _compiled(rows)
    work, placed, staff = _table(WorkMonth), _table(WorkerPlacementMonth), _table(SpokeWorkerMonth)
    # Summed per worker, hub and month first (a few rows per worker), then kept only for the
    # hub's spoke workers in that month, as the balance counts them, with their placement.
    _insert_select(
        f"{work} (month, hub_id, worker_id, local_authority_id, location_model, kind, minutes)",
        "SELECT g.month, g.hub, g.worker, w.local_authority_id,"  # noqa: S608 - names from our models
        " COALESCE(w.location_model, ''), %s, g.minutes"
        " FROM (SELECT q.g_month AS month, q.g_hub AS hub, q.g_worker AS worker,"
        f" SUM(q.g_minutes) AS minutes FROM ({sql}) q WHERE q.g_minutes IS NOT NULL"
        " GROUP BY q.g_month, q.g_hub, q.g_worker) g"
        f" JOIN {staff} m ON m.month = g.month AND m.hub_id = g.hub AND m.worker_id = g.worker"
        f" LEFT JOIN {placed} w"
        " ON w.month = g.month AND w.hub_id = g.hub AND w.worker_id = g.worker",
        [source.kind, *params],
    )


def rebuild_work() -> None:
    for source in balance_sources():
        _work_from(source)


def rebuild_consultancy() -> None:
    verdict = SqlCase(
        When(helpful=True, then=Value(ConsultancyMonth.Verdict.HELPFUL)),
        When(helpful=False, then=Value(ConsultancyMonth.Verdict.NOT_HELPFUL)),
        default=Value(ConsultancyMonth.Verdict.NONE),
        output_field=CharField(),
    )
    rows = (
        ConsultancyRequest.objects.annotate(
            g_month=month_of_moment("requested_at"),
            g_la=F("local_authority_id"),
            g_hub=F("hub_id"),
            g_agency=F("requester_agency_id"),
            g_kind=F("requester_agency__kind"),
            g_verdict=verdict,
        )
        .order_by()
        .values("g_month", "g_la", "g_hub", "g_agency", "g_kind", "g_verdict")
        .annotate(g_count=Count("pk"))
    )
    _insert_grouped(
        ConsultancyMonth,
        rows,
        columns={
            "month": "g_month",
            "local_authority": "g_la",
            "hub": "g_hub",
            "requester_agency": "g_agency",
            "agency_kind": "g_kind",
            "verdict": "g_verdict",
            "requests": "g_count",
        },
    )


def rebuild_training() -> None:
    delivered = TrainingSession.Status.DELIVERED
    rated = Q(confidence_before__isnull=False, confidence_after__isnull=False)
    zero = Value(0, output_field=IntegerField())
    scores = DecimalField(max_digits=12, decimal_places=2)

    def scored(field: str) -> Coalesce:
        weighted = ExpressionWrapper(F(field) * F("count"), output_field=scores)
        return Coalesce(Sum(weighted, filter=rated), Value(Decimal(0)), output_field=scores)

    rows = (
        TrainingAttendance.objects.filter(session__status=delivered)
        .annotate(
            g_month=month_of_day("session__delivered_on"),
            g_la=F("session__local_authority_id"),
            g_hub=F("session__hub_id"),
            g_agency=F("agency_id"),
            g_kind=F("agency__kind"),
        )
        .order_by()
        .values("g_month", "g_la", "g_hub", "g_agency", "g_kind")
        .annotate(
            g_people=Sum("count"),
            g_rated=Coalesce(Sum("count", filter=rated), zero, output_field=IntegerField()),
            g_before=scored("confidence_before"),
            g_after=scored("confidence_after"),
        )
    )
    _insert_grouped(
        TrainingMonth,
        rows,
        columns={
            "month": "g_month",
            "local_authority": "g_la",
            "hub": "g_hub",
            "agency": "g_agency",
            "agency_kind": "g_kind",
            "practitioners": "g_people",
            "rated": "g_rated",
            "before_total": "g_before",
            "after_total": "g_after",
        },
    )
    sessions = (
        TrainingSession.objects.filter(status=delivered)
        .annotate(
            g_month=month_of_day("delivered_on"), g_la=F("local_authority_id"), g_hub=F("hub_id")
        )
        .order_by()
        .values("g_month", "g_la", "g_hub")
        .annotate(g_count=Count("pk"), g_minutes=Sum("duration_minutes"))
    )
    _insert_grouped(
        TrainingDeliveredMonth,
        sessions,
        columns={
            "month": "g_month",
            "local_authority": "g_la",
            "hub": "g_hub",
            "sessions": "g_count",
            "minutes": "g_minutes",
        },
    )


def rebuild_step_backs() -> None:
    """Statutory agencies stepping back on or after the day the hub's case opened."""
    rows = (
        AgencyInvolvement.objects.filter(
            stepped_back_on__isnull=False,
            stepped_back_on__gte=F("case__opened_on"),
            agency__sector=Agency.Sector.STATUTORY,
        )
        .annotate(
            g_month=month_of_day("stepped_back_on"),
            g_la=F("case__local_authority_id"),
            g_hub=F("case__owning_agency_id"),
            g_kind=F("agency__kind"),
        )
        .order_by()
        .values("g_month", "g_la", "g_hub", "g_kind")
        .annotate(g_count=Count("pk"))
    )
    _insert_grouped(
        StepBackMonth,
        rows,
        columns={
            "month": "g_month",
            "local_authority": "g_la",
            "hub": "g_hub",
            "agency_kind": "g_kind",
            "step_backs": "g_count",
        },
    )


def rebuild_challenges() -> None:
    columns = {
        "month": "g_month",
        "local_authority": "g_la",
        "hub": "g_hub",
        "agency_kind": "g_kind",
        "event": "g_event",
        "challenges": "g_count",
    }
    dims = ("g_month", "g_la", "g_hub", "g_kind", "g_event")
    challenges = PracticeChallenge.objects.annotate(
        g_la=F("local_authority_id"), g_hub=F("hub_id"), g_kind=F("challenged_agency__kind")
    ).order_by()
    _insert_grouped(
        ChallengeMonth,
        challenges.annotate(
            g_month=month_of_day("raised_on"), g_event=Value(Event.RAISED, output_field=CharField())
        )
        .values(*dims)
        .annotate(g_count=Count("pk")),
        columns=columns,
    )
    _insert_grouped(
        ChallengeMonth,
        challenges.filter(status=PracticeChallenge.Status.RESOLVED, resolved_on__isnull=False)
        .annotate(
            g_month=month_of_day("resolved_on"),
            g_event=Value(Event.RESOLVED, output_field=CharField()),
        )
        .values(*dims)
        .annotate(g_count=Count("pk")),
        columns=columns,
    )


# How a refresh's transaction plans (PostgreSQL only, for that transaction alone; web requests
# keep theirs). Memory for each sort or hash: grouping ten million entries by month and worker
# stays in memory instead of spilling to disk (the default is 4 MB). The default cost of a
# random read, and no nested loops: a refresh reads and joins whole tables, which it should
# scan and hash, not walk by index as the web's setting for one record at a time would have it.
REFRESH_SETTINGS = {
    "work_mem": "64MB",
    "random_page_cost": "4",
    "enable_nestloop": "off",
    "parallel_tuple_cost": "0.001",
}
# Tables later steps join to, by the step that fills them: without fresh statistics the
# planner would join each as if it held what it held before the refresh emptied it.
_JOINED_LATER: dict[str, type[Model]] = {
    "calendar": CalendarMonth,
    "case_attribution": CaseAttribution,
    "worker_placements": WorkerPlacementMonth,
    "spoke_worker_months": SpokeWorkerMonth,
}


def _analyze(model: type[Model]) -> None:
    if connection.vendor == "postgresql":
        _execute(f"ANALYZE {_table(model)}")


def rebuild_all(*, today: datetime.date) -> None:
    """Every table from empty, in the order they depend on each other."""
    if connection.vendor == "postgresql" and connection.in_atomic_block:
        for name, value in REFRESH_SETTINGS.items():
            _execute("SELECT set_config(%s, %s, true)", [name, value])
    empty_all()
    steps: list[tuple[str, Callable[[], None]]] = [
        ("calendar", lambda: rebuild_calendar(today=today)),
        ("case_attribution", rebuild_case_attribution),
        ("referrals", rebuild_referrals),
        ("timing", rebuild_timing),
        ("risk_changes", rebuild_risk_changes),
        ("caseloads", rebuild_caseloads),
        ("case_flows", rebuild_case_flows),
        ("contacts", rebuild_contacts),
        ("worker_placements", lambda: rebuild_worker_placements(today=today)),
        ("spoke_worker_months", lambda: rebuild_spoke_worker_months(today=today)),
        ("work", rebuild_work),
        ("consultancy", rebuild_consultancy),
        ("training", rebuild_training),
        ("step_backs", rebuild_step_backs),
        ("challenges", rebuild_challenges),
    ]
    for name, step in steps:
        started = time.monotonic()
        step()
        if name in _JOINED_LATER:
            _analyze(_JOINED_LATER[name])
        # Which step grows with the data is what an operator needs when a refresh slows.
        logger.info(
            "dashboard summary step %s took %d ms", name, (time.monotonic() - started) * 1000
        )
