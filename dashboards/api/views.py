"""API of the dashboards: which dashboards the caller may open, each dashboard as JSON (the
same tables and cells as the page, already suppressed), and the evaluation extract as CSV.

Authorised through `dashboards.policies` and read through the same selectors as the pages: a
scope that is not the caller's, or does not exist, is 404; the extract for anyone but a
commissioner is 403; an unreadable period is 400.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django.http import StreamingHttpResponse
from django.urls import URLPattern, path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, renderers, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cse_hub.api.errors import ErrorSerializer
from cse_hub.api.views import acting_user
from dashboards import policies
from dashboards.periods import Period, PeriodNotValid
from dashboards.scopes import ENGLAND_KEY, ROUTES, Scope, ScopeKind
from dashboards.selectors import Dashboard, dashboard_for
from dashboards.services import evaluation_extract_open
from dashboards.tables import CELL_STATES, Cell, Row, Table

NOT_COMMISSIONER = "Only commissioners download the evaluation extract."
NOT_FOUND = OpenApiResponse(
    ErrorSerializer,
    description="Not a dashboard the caller may open (or none that exists: the two look alike).",
)
INVALID_PERIOD = OpenApiResponse(
    ErrorSerializer, description="The period is not valid (`fields` says which month and why)."
)


# Shapes


class PeriodQuerySerializer(serializers.Serializer):
    # `from` is a Python keyword: the field is declared under it in `get_fields`.
    to = serializers.CharField(
        required=False,
        help_text="The last month of the period, YYYY-MM; this month when only `from` is given.",
    )

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        fields["from"] = serializers.CharField(
            required=False,
            help_text=(
                "The first month of the period, YYYY-MM. Leave out both for the twelve whole "
                "months before this one."
            ),
        )
        return fields

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        try:
            attrs["period"] = Period.parse(attrs.get("from"), attrs.get("to"))
        except PeriodNotValid as error:
            raise serializers.ValidationError({error.field: [str(error)]}) from None
        return attrs


class ScopeSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ScopeKind.choices)
    key = serializers.CharField(
        help_text="The local authority's or hub's id, the region's code, or 'england'."
    )
    name = serializers.CharField()


class ScopeLinkSerializer(ScopeSerializer):
    url = serializers.CharField(help_text="This dashboard's address in the API.")


class PeriodSerializer(serializers.Serializer):
    # Declared in get_fields, for the same reason as above.
    to = serializers.CharField(help_text="YYYY-MM")
    label = serializers.CharField()  # type: ignore[assignment]

    def get_fields(self) -> dict[str, serializers.Field]:
        return {"from": serializers.CharField(help_text="YYYY-MM"), **super().get_fields()}


class CellSerializer(serializers.Serializer):
    value = serializers.FloatField(
        allow_null=True,
        help_text="The number, or null when it is hidden or there is none (whole numbers for "
        "counts).",
    )
    text = serializers.CharField(help_text="What the page shows, e.g. 'fewer than 5'.")
    state = serializers.ChoiceField(
        choices=CELL_STATES,
        help_text=(
            "'primary': a count from 1 to the threshold less one; 'secondary': hidden so that "
            "those cannot be worked out; 'not_shown': a rate or average resting on hidden or "
            "too few counts; 'none': nothing to report."
        ),
    )


class RowSerializer(serializers.Serializer):
    label = serializers.CharField()  # type: ignore[assignment]
    cells = CellSerializer(many=True)


class ColumnSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]


class TableSerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField()
    row_heading = serializers.CharField()
    suppressed = serializers.BooleanField(help_text="Whether small counts in it are hidden.")
    withheld = serializers.BooleanField(
        help_text="True when the whole table is withheld (its rows are then empty)."
    )
    notes = serializers.ListField(child=serializers.CharField())
    columns = ColumnSerializer(many=True)
    rows = RowSerializer(many=True)
    total = RowSerializer(allow_null=True)
    csv = serializers.CharField(help_text="Where the page offers this table as CSV.")


class SectionSerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    tables = TableSerializer(many=True)


class DashboardSerializer(serializers.Serializer):
    scope = ScopeSerializer()
    period = PeriodSerializer()
    previous_period = PeriodSerializer()
    figures_as_of = serializers.DateTimeField(
        allow_null=True,
        help_text="When the summaries were last worked out (hourly); null before the first time.",
    )
    partnership_health_as_of = serializers.DateTimeField()
    suppression_threshold = serializers.IntegerField(
        help_text="Counts from 1 to this less one are hidden."
    )
    sections = SectionSerializer(many=True)


# Reading and writing


def _period(request: Request) -> Period:
    serializer = PeriodQuerySerializer(data=request.query_params.dict())
    serializer.is_valid(raise_exception=True)
    period: Period = serializer.validated_data["period"]
    return period


def _number(value: int | Decimal | None) -> int | float | None:
    if value is None or isinstance(value, int):
        return value
    return float(value)


def _cell(cell: Cell) -> dict[str, Any]:
    return {"value": _number(cell.value), "text": cell.text, "state": cell.state}


def _row(row: Row | None) -> dict[str, Any] | None:
    if row is None:
        return None
    return {"label": row.label, "cells": [_cell(c) for c in row.cells]}


def _table(table: Table, *, scope: Scope) -> dict[str, Any]:
    return {
        "slug": table.slug,
        "title": table.title,
        "description": table.description,
        "row_heading": table.row_heading,
        "suppressed": table.suppressed,
        "withheld": table.withheld,
        "notes": list(table.notes),
        "columns": [{"key": c.key, "label": c.label} for c in table.columns],
        "rows": [_row(row) for row in table.rows],
        "total": _row(table.total),
        "csv": scope.table_url(table.slug),
    }


def _period_data(period: Period) -> dict[str, str]:
    return {"from": period.first.param, "to": period.last.param, "label": period.label}


def dashboard_data(dashboard: Dashboard) -> dict[str, Any]:
    scope = dashboard.scope
    return {
        "scope": {"kind": scope.kind, "key": scope.key, "name": scope.name},
        "period": _period_data(dashboard.period),
        "previous_period": _period_data(dashboard.previous),
        "figures_as_of": dashboard.as_of,
        "partnership_health_as_of": dashboard.computed_at,
        "suppression_threshold": dashboard.threshold,
        "sections": [
            {
                "slug": section.slug,
                "title": section.title,
                "tables": [_table(table, scope=scope) for table in section.tables],
            }
            for section in dashboard.sections
        ],
    }


# Views


class DashboardListView(APIView):
    """Every dashboard the caller may open."""

    @extend_schema(
        summary="Dashboards the caller may open",
        description=(
            "Partnership managers: their partnerships' local authorities. Hub managers: their "
            "hubs. Commissioners: England, every region, local authority and hub. Anyone else "
            "has none: 404."
        ),
        responses={
            status.HTTP_200_OK: ScopeLinkSerializer(many=True),
            status.HTTP_404_NOT_FOUND: NOT_FOUND,
        },
    )
    def get(self, request: Request) -> Response:
        scopes = policies.dashboard_scopes(acting_user(request))
        if not scopes:
            raise exceptions.NotFound()
        data = [{"kind": s.kind, "key": s.key, "name": s.name, "url": s.api_url()} for s in scopes]
        return Response(ScopeLinkSerializer(data, many=True).data)


class _ScopedView(APIView):
    kind: str = ""

    def scope(self, request: Request, key: str) -> Scope:
        return policies.scope_for(acting_user(request), kind=self.kind, key=key)


def _dashboard_view(kind: str, *, summary: str, who: str) -> type[APIView]:
    class DashboardView(_ScopedView):
        @extend_schema(
            summary=summary,
            description=(
                f"{who} Every table of the dashboard page, with the same cells: counts from 1 "
                "to the threshold less one have `state` 'primary' and no value, counts hidden "
                "so that those cannot be worked out are 'secondary', and rates resting on "
                "hidden counts are 'not_shown'. Nothing names a young person. The period is "
                "whole months (`from`, `to`), compared with as many months before it; figures "
                "are as of `figures_as_of` (refreshed hourly)."
            ),
            parameters=[PeriodQuerySerializer],
            responses={
                status.HTTP_200_OK: DashboardSerializer,
                status.HTTP_400_BAD_REQUEST: INVALID_PERIOD,
                status.HTTP_404_NOT_FOUND: NOT_FOUND,
            },
            operation_id=f"dashboard_{kind.replace('-', '_')}",
        )
        def get(self, request: Request, key: str = ENGLAND_KEY) -> Response:
            scope = self.scope(request, key)
            made = dashboard_for(scope=scope, period=_period(request))
            return Response(DashboardSerializer(dashboard_data(made)).data)

    DashboardView.kind = kind
    DashboardView.__name__ = f"Dashboard{kind.title().replace('-', '')}View"
    return DashboardView


class CsvRenderer(renderers.BaseRenderer):
    """Lets a client ask for CSV; errors are still the one JSON shape."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(
        self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None
    ) -> bytes:
        return json.dumps(data).encode() if data is not None else b""


def _extract_view(kind: str) -> type[APIView]:
    class ExtractView(_ScopedView):
        renderer_classes = [renderers.JSONRenderer, CsvRenderer]

        @extend_schema(
            summary="Evaluation extract (commissioners)",
            description=(
                "Activity counts for each month, local authority, hub and location model in the "
                "period, as CSV, for evaluation research: no identifiers, months only, counts "
                "of young people, cases, referrals and requests from 1 to the threshold less "
                "one left blank with the note 'fewer than 5'. The download is audited. Columns: "
                "month, region, local_authority_code, local_authority, hub, location_model, "
                "measure, category, subcategory, value, note."
            ),
            parameters=[PeriodQuerySerializer],
            responses={
                (status.HTTP_200_OK, "text/csv"): OpenApiResponse(
                    OpenApiTypes.STR, description="The extract, one line per count."
                ),
                status.HTTP_400_BAD_REQUEST: INVALID_PERIOD,
                status.HTTP_404_NOT_FOUND: NOT_FOUND,
            },
            operation_id=f"dashboard_{kind.replace('-', '_')}_extract",
        )
        def get(self, request: Request, key: str = ENGLAND_KEY) -> StreamingHttpResponse:
            user = acting_user(request)
            scope = self.scope(request, key)
            if not policies.may_download_evaluation_extract(user, scope=scope):
                raise exceptions.PermissionDenied(NOT_COMMISSIONER)
            period = _period(request)
            lines = evaluation_extract_open(user=user, scope=scope, period=period)
            response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = (
                f'attachment; filename="evaluation-extract-{scope.route}-{scope.key}-'
                f'{period.key}.csv"'
            )
            return response

    ExtractView.kind = kind
    ExtractView.__name__ = f"Extract{kind.title().replace('-', '')}View"
    return ExtractView


_WHO = {
    ScopeKind.LOCAL_AUTHORITY: (
        "A local authority's dashboard",
        "Partnership managers of a partnership covering it, and commissioners.",
    ),
    ScopeKind.HUB: ("A hub's dashboard", "The hub's managers, and commissioners."),
    ScopeKind.REGION: ("A region's dashboard", "Commissioners. `key` is the region's code."),
    ScopeKind.ENGLAND: ("England's dashboard", "Commissioners."),
}


def _routes() -> list[URLPattern]:
    """The list, then each kind's dashboard and extract (England's have no key)."""
    patterns = [path("dashboards/", DashboardListView.as_view(), name="dashboards")]
    for kind, route in ROUTES.items():
        summary, who = _WHO[ScopeKind(kind)]
        prefix = (
            "dashboards/england/" if kind == ScopeKind.ENGLAND else f"dashboards/{route}/<str:key>/"
        )
        patterns += [
            path(
                prefix,
                _dashboard_view(kind, summary=summary, who=who).as_view(),
                name=f"dashboard-{route}",
            ),
            path(
                f"{prefix}evaluation-extract/",
                _extract_view(kind).as_view(),
                name=f"dashboard-{route}-extract",
            ),
        ]
    return patterns


urlpatterns = _routes()
