"""Dashboard pages: the list of dashboards a user may open, each dashboard, each table as CSV,
and the evaluation extract.

Parse, ask `dashboards.policies` for the scope (404 for anyone it is not for), read through
`dashboards.selectors`, export through `dashboards.services`, render. An unreadable period is a
400 that shows the default period's figures with the message.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.views.decorators.http import require_safe

from cse_hub.pages import require
from dashboards import policies
from dashboards.forms import PeriodForm
from dashboards.periods import Period
from dashboards.scopes import ENGLAND_KEY, ROUTES, Scope, ScopeKind
from dashboards.selectors import REFRESH_EVERY_TEXT, Dashboard, dashboard_for
from dashboards.services import evaluation_extract_open, table_export

if TYPE_CHECKING:
    from accounts.models import User

    class AuthenticatedRequest(HttpRequest):
        user: User

else:
    AuthenticatedRequest = HttpRequest


def _period(request: HttpRequest) -> tuple[PeriodForm, Period, int]:
    form = PeriodForm(request.GET if ("from" in request.GET or "to" in request.GET) else None)
    status = 400 if form.is_bound and not form.is_valid() else 200
    return form, form.period(), status


def _scope(request: AuthenticatedRequest, kind: str, key: str) -> Scope:
    return policies.scope_for(request.user, kind=kind, key=key)


@login_required
@require_safe
def index(request: AuthenticatedRequest) -> HttpResponse:
    """Every dashboard the user may open, grouped by kind."""
    scopes = policies.dashboard_scopes(request.user)
    if not scopes:
        raise Http404("No dashboards.")
    groups = [
        (str(label), [scope for scope in scopes if scope.kind == kind])
        for kind, label in ScopeKind.choices
    ]
    return render(
        request,
        "dashboards/index.html",
        {"groups": [(label, found) for label, found in groups if found]},
    )


def _context(request: AuthenticatedRequest, dashboard: Dashboard) -> dict[str, Any]:
    return {
        "dashboard": dashboard,
        "scope": dashboard.scope,
        "period_query": dashboard.period.query(),
        "refresh_every": REFRESH_EVERY_TEXT,
        "may_download_extract": policies.may_download_evaluation_extract(
            request.user, scope=dashboard.scope
        ),
        "charts": [data for table in dashboard.tables if (data := table.chart_data())],
        "sections": [
            (section, [(table, dashboard.scope.table_url(table.slug)) for table in section.tables])
            for section in dashboard.sections
        ],
    }


@login_required
@require_safe
def dashboard(request: AuthenticatedRequest, kind: str, key: str = ENGLAND_KEY) -> HttpResponse:
    scope = _scope(request, kind, key)
    form, period, status = _period(request)
    made = dashboard_for(scope=scope, period=period)
    return render(
        request,
        "dashboards/dashboard.html",
        {**_context(request, made), "period_form": form, "form": form},
        status=status,
    )


@login_required
@require_safe
def table_csv(
    request: AuthenticatedRequest, kind: str, table: str, key: str = ENGLAND_KEY
) -> HttpResponse:
    """One table of the dashboard as CSV, suppressed as on the page; audited."""
    scope = _scope(request, kind, key)
    form, period, status = _period(request)
    if status == 400:
        return HttpResponse(
            "The period is not valid: choose it again on the dashboard.",
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    made = dashboard_for(scope=scope, period=period)
    found = made.table(table)
    if found is None:
        raise Http404("No such table.")
    content = table_export(user=request.user, dashboard=made, table=found)
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{scope.route}-{scope.key}-{found.slug}-{period.key}.csv"'
    )
    return response


@login_required
@require_safe
def evaluation_extract(
    request: AuthenticatedRequest, kind: str, key: str = ENGLAND_KEY
) -> StreamingHttpResponse | HttpResponse:
    """Activity counts by month, place, hub and location model, for evaluation research
    (commissioners only); audited."""
    scope = _scope(request, kind, key)
    require(policies.may_download_evaluation_extract(request.user, scope=scope))
    form, period, status = _period(request)
    if status == 400:
        return HttpResponse(
            "The period is not valid: choose it again on the dashboard.",
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    lines = evaluation_extract_open(user=request.user, scope=scope, period=period)
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="evaluation-extract-{scope.route}-{scope.key}-{period.key}.csv"'
    )
    return response


def routes() -> list[URLPattern]:
    """Each kind's dashboard, its tables as CSV and its evaluation extract: England's have no
    key in the address."""
    patterns = [path("", index, name="index")]
    for kind, route in ROUTES.items():
        fixed: dict[str, str] = {"kind": kind}
        prefix = f"{route}/<str:key>/"
        if kind == ScopeKind.ENGLAND:
            prefix = f"{route}/"
            fixed["key"] = ENGLAND_KEY
        patterns += [
            path(prefix, dashboard, fixed, name=route),
            path(f"{prefix}tables/<slug:table>.csv", table_csv, fixed, name=f"{route}-table"),
            path(
                f"{prefix}evaluation-extract.csv",
                evaluation_extract,
                fixed,
                name=f"{route}-extract",
            ),
        ]
    return patterns
