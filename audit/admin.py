"""The audit log in administration: read-only, since events are never changed or removed."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from audit.models import AuditEvent
from cse_hub.admin_site import ReadOnlyPolicyMixin


class ActionFilter(admin.SimpleListFilter):
    """Filter by the known actions, without a DISTINCT scan of the whole log."""

    title = "action"
    parameter_name = "action"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [(value, str(label)) for value, label in AuditEvent.Action.choices]

    def queryset(
        self, request: HttpRequest, queryset: QuerySet[AuditEvent]
    ) -> QuerySet[AuditEvent]:
        value = self.value()
        return queryset.filter(action=value) if value else queryset


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyPolicyMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = (
        "sequence",
        "occurred_at",
        "action_label",
        "actor",
        "agency",
        "object_type",
        "object_id",
        "request_id",
    )
    list_filter = (ActionFilter,)
    list_select_related = ("actor", "agency")
    # Exact matches only, so the search uses the indexes on a log of millions of rows.
    search_fields = ("=object_id", "=request_id")
    search_help_text = "Search by the exact object id or request id."
    ordering = ("-sequence",)
    show_full_result_count = False
    fields = (
        "sequence",
        "occurred_at",
        "action",
        "actor",
        "agency",
        "object_type",
        "object_id",
        "case_id",
        "reason",
        "request_id",
        "ip",
        "metadata",
        "previous_hash",
        "hash",
    )
    readonly_fields = fields

    @admin.display(description="action", ordering="action")
    def action_label(self, obj: AuditEvent) -> str:
        return obj.get_action_display()
