"""Writes of the dashboards: refreshing the summary tables, and the audited exports.

A refresh replaces every summary table in one transaction (readers see the old figures until
it commits, then all the new ones), under a lock on the one `SummaryState` row so that two
refreshes never interleave; it is derived data, so it writes no audit event. Every export is
audited: a table's CSV in the same transaction as the event; the evaluation extract, which is
streamed, by an event committed before its first row is sent.
"""

from __future__ import annotations

import csv
import io
import logging
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone

from audit.models import AuditEvent
from audit.services import audit_record
from dashboards import summaries
from dashboards.models import (
    CaseFlowMonth,
    CaseRiskChange,
    ChallengeMonth,
    ConsultancyMonth,
    ContactMonth,
    Event,
    ReferralMonth,
    StepBackMonth,
    SummaryState,
    TrainingDeliveredMonth,
    TrainingMonth,
    WorkMonth,
)
from dashboards.periods import Period, month_of_index
from dashboards.scopes import Scope
from dashboards.selectors import AGENCY_KINDS, LOCATION_MODELS, OUTCOMES, Dashboard
from dashboards.tables import Table, fewer_than
from partners.models import LocalAuthority

if TYPE_CHECKING:
    import datetime

    from accounts.models import User

logger = logging.getLogger(__name__)


@transaction.atomic
def summaries_refresh(*, today: datetime.date | None = None) -> SummaryState:
    """Rebuild every summary table from the records, and move the version on."""
    started = time.monotonic()
    state, _ = SummaryState.objects.select_for_update().get_or_create(pk=1)
    as_of = timezone.now()
    summaries.rebuild_all(today=today or timezone.localdate())
    state.version += 1
    state.as_of = as_of
    state.duration_ms = int((time.monotonic() - started) * 1000)
    state.save()
    logger.info(
        "dashboard summaries refreshed: version %s in %s ms", state.version, state.duration_ms
    )
    return state


# Exports


def _safe(text: str) -> str:
    """Text a spreadsheet will not run as a formula."""
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def _as_of_text(dashboard: Dashboard) -> str:
    if dashboard.as_of is None:
        return "not yet calculated"
    moment = timezone.localtime(dashboard.as_of)
    return f"{moment:%H:%M} on {moment.day} {moment:%B %Y}"


def table_csv(*, dashboard: Dashboard, table: Table) -> str:
    """The table as on the page: the same cells, hidden counts as the page words them."""
    out = io.StringIO()
    writer = csv.writer(out)
    scope = dashboard.scope
    writer.writerow([table.title])
    writer.writerow([scope.kind_label, _safe(scope.name)])
    writer.writerow(["This period", dashboard.period.label])
    writer.writerow(["Previous period", dashboard.previous.label])
    writer.writerow(["Figures as of", _as_of_text(dashboard)])
    if table.suppressed:
        writer.writerow(
            [
                "Small numbers",
                f"Counts from 1 to {dashboard.threshold - 1} are shown as "
                f'"{fewer_than(dashboard.threshold)}"; "suppressed" marks a count hidden so '
                "that those cannot be worked out from the totals.",
            ]
        )
    for note in table.notes:
        writer.writerow(["Note", note])
    writer.writerow([])
    if table.withheld:
        writer.writerow(["This table is not shown: its numbers are too small to publish."])
        return out.getvalue()
    writer.writerow([table.row_heading, *(column.label for column in table.columns)])
    rows = [*table.rows, *([table.total] if table.total is not None else [])]
    for row in rows:
        writer.writerow(
            [
                _safe(row.label),
                *(c.text if c.value is not None else _safe(c.text) for c in row.cells),
            ]
        )
    return out.getvalue()


@transaction.atomic
def table_export(*, user: User, dashboard: Dashboard, table: Table) -> str:
    """A table's CSV, with its audit event in the same transaction."""
    content = table_csv(dashboard=dashboard, table=table)
    audit_record(
        actor=user,
        action=AuditEvent.Action.DASHBOARD_TABLE_EXPORTED,
        metadata={
            "scope": dashboard.scope.kind,
            "scope_key": dashboard.scope.key,
            "table": table.slug,
            "from": dashboard.period.first.param,
            "to": dashboard.period.last.param,
        },
    )
    return content


# The evaluation extract: activity counts by month, place, hub and location model.

EXTRACT_COLUMNS = (
    "month",
    "region",
    "local_authority_code",
    "local_authority",
    "hub",
    "location_model",
    "measure",
    "category",
    "subcategory",
    "value",
    "note",
)


def evaluation_extract_open(*, user: User, scope: Scope, period: Period) -> Iterator[str]:
    """Audit the download, then return its CSV lines, read from the summaries as they are sent.

    The audit event is committed before the first line: a stream outlives any transaction.
    """
    with transaction.atomic():
        audit_record(
            actor=user,
            action=AuditEvent.Action.DASHBOARD_EXTRACT_EXPORTED,
            metadata={
                "scope": scope.kind,
                "scope_key": scope.key,
                "from": period.first.param,
                "to": period.last.param,
            },
        )
    return _extract_lines(scope=scope, period=period)


def _line(values: Sequence[Any]) -> str:
    out = io.StringIO()
    csv.writer(out).writerow(values)
    return out.getvalue()


_REGIONS = dict(LocalAuthority.Region.choices)
_MODELS = dict(LOCATION_MODELS)
_KINDS = dict(AGENCY_KINDS)
_OUTCOME_OF = {status: label for _, label, statuses in OUTCOMES for status in statuses}


class _Extract:
    def __init__(self, *, scope: Scope, period: Period, threshold: int) -> None:
        self.scope, self.period, self.threshold = scope, period, threshold

    def rows(self, model: Any) -> Any:
        return (
            model.objects.filter(self.scope.where())
            .filter(month__gte=self.period.first_index, month__lte=self.period.last_index)
            .order_by()
        )

    def place(self, row: dict[str, Any]) -> list[str]:
        return [
            month_of_index(row["month"]).param,
            str(_REGIONS.get(row.get("local_authority__region") or "", "")),
            row.get("local_authority__gss_code") or "",
            _safe(row.get("local_authority__name") or ""),
            _safe(row.get("hub__name") or ""),
            _MODELS.get(row["location_model"], "") if "location_model" in row else "",
        ]

    def value(self, amount: int, *, protected: bool) -> list[str]:
        if protected and 0 < amount < self.threshold:
            return ["", fewer_than(self.threshold)]
        return [str(amount), ""]


PLACE = ("month", "local_authority__region", "local_authority__gss_code", "local_authority__name")


def _extract_lines(*, scope: Scope, period: Period) -> Iterator[str]:
    from dashboards.selectors import threshold

    extract = _Extract(scope=scope, period=period, threshold=threshold())
    yield _line(EXTRACT_COLUMNS)
    yield from _grouped(
        extract,
        ReferralMonth,
        measure="referrals",
        fields=("agency_kind", "status"),
        amount="referrals",
        category=lambda r: str(_KINDS.get(r["agency_kind"], r["agency_kind"])),
        subcategory=lambda r: str(_OUTCOME_OF.get(r["status"], r["status"])),
        protected=True,
    )
    yield from _grouped(
        extract,
        CaseFlowMonth,
        measure="cases_opened",
        fields=("location_model", "risk_level", "at_threshold"),
        amount="cases",
        where=Q(event=Event.OPENED),
        category=lambda r: r["risk_level"],
        subcategory=lambda r: "at the statutory threshold" if r["at_threshold"] else "below it",
        protected=True,
    )
    yield from _grouped(
        extract,
        CaseFlowMonth,
        measure="cases_closed",
        fields=("location_model", "closure_reason"),
        amount="cases",
        where=Q(event=Event.CLOSED),
        category=lambda r: r["closure_reason"],
        protected=True,
    )
    yield from _open_cases(extract)
    yield from _grouped(
        extract,
        ContactMonth,
        measure="contacts",
        fields=("location_model",),
        amount="contacts",
        protected=True,
    )
    yield from _grouped(
        extract,
        WorkMonth,
        measure="work_minutes",
        fields=("location_model", "kind"),
        amount="minutes",
        category=lambda r: r["kind"],
        protected=False,
    )
    yield from _grouped(
        extract,
        ConsultancyMonth,
        measure="consultancy_requests",
        fields=("agency_kind", "verdict"),
        amount="requests",
        category=lambda r: str(_KINDS.get(r["agency_kind"], r["agency_kind"])),
        subcategory=lambda r: r["verdict"],
        protected=True,
    )
    yield from _grouped(
        extract,
        TrainingMonth,
        measure="practitioners_trained",
        fields=("agency_kind",),
        amount="practitioners",
        category=lambda r: str(_KINDS.get(r["agency_kind"], r["agency_kind"])),
        protected=False,
    )
    yield from _grouped(
        extract,
        TrainingDeliveredMonth,
        measure="training_sessions",
        fields=(),
        amount="sessions",
        protected=False,
    )
    yield from _grouped(
        extract,
        StepBackMonth,
        measure="statutory_step_backs",
        fields=("agency_kind",),
        amount="step_backs",
        category=lambda r: str(_KINDS.get(r["agency_kind"], r["agency_kind"])),
        protected=True,
    )
    for event in (Event.RAISED, Event.RESOLVED):
        yield from _grouped(
            extract,
            ChallengeMonth,
            measure=f"practice_challenges_{event}",
            fields=("agency_kind",),
            amount="challenges",
            where=Q(event=event),
            category=lambda r: str(_KINDS.get(r["agency_kind"], r["agency_kind"])),
            protected=True,
        )


def _grouped(
    extract: _Extract,
    model: Any,
    *,
    measure: str,
    fields: Iterable[str],
    amount: str,
    protected: bool,
    where: Q | None = None,
    category: Any = None,
    subcategory: Any = None,
) -> Iterator[str]:
    """One line per month, place, hub and category with a count above zero; rows that fall in
    the same line (the statuses of one outcome) are added up."""
    rows = extract.rows(model)
    if where is not None:
        rows = rows.filter(where)
    grouped = (
        rows.values(*PLACE, "hub__name", *fields)
        .annotate(n=Sum(amount))
        .order_by("month", "local_authority__name", "hub__name", *fields)
    )
    totals: dict[tuple[Any, ...], int] = defaultdict(int)
    ordered: list[tuple[Any, ...]] = []
    for row in grouped.iterator():
        key = (
            *extract.place(row),
            category(row) if category else "",
            subcategory(row) if subcategory else "",
        )
        if key not in totals:
            ordered.append(key)
        totals[key] += int(row["n"] or 0)
    for key in ordered:
        amount_of = totals[key]
        if amount_of <= 0:
            continue
        *place, first, second = key
        yield _line(
            [*place, measure, first, second, *extract.value(amount_of, protected=protected)]
        )


def _open_cases(extract: _Extract) -> Iterator[str]:
    """Open cases at the end of each month, by risk level: the running sum of the changes."""
    dims = ("local_authority__region", "local_authority__gss_code", "local_authority__name")
    fields = (*dims, "hub__name", "location_model", "risk_level")
    base = CaseRiskChange.objects.filter(extract.scope.where()).order_by()
    opening = {
        tuple(row[f] for f in fields): int(row["n"] or 0)
        for row in base.filter(month__lt=extract.period.first_index)
        .values(*fields)
        .annotate(n=Sum("change"))
    }
    changes: dict[tuple[Any, ...], dict[int, int]] = defaultdict(dict)
    for row in (
        base.filter(month__gte=extract.period.first_index, month__lte=extract.period.last_index)
        .values("month", *fields)
        .annotate(n=Sum("change"))
    ):
        changes[tuple(row[f] for f in fields)][row["month"]] = int(row["n"] or 0)
    for combo in sorted(set(opening) | set(changes), key=lambda c: tuple(str(v) for v in c)):
        running = opening.get(combo, 0)
        for month in range(extract.period.first_index, extract.period.last_index + 1):
            running += changes.get(combo, {}).get(month, 0)
            if running <= 0:
                continue
            region, code, name, hub, model, risk = combo
            row = {
                "month": month,
                "local_authority__region": region,
                "local_authority__gss_code": code,
                "local_authority__name": name,
                "hub__name": hub,
                "location_model": model,
            }
            yield _line(
                [
                    *extract.place(row),
                    "open_cases_at_month_end",
                    risk,
                    "",
                    *extract.value(running, protected=True),
                ]
            )
