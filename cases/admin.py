"""Administering the CSE indicators: every write goes through `cases.indicators`, audited.

Cases themselves are not administered here: administrators see case content only through
break-glass access, which is reasoned and audited.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from cases import indicators
from cases.models import Indicator
from cse_hub.admin_site import ServiceModelAdmin


@admin.register(Indicator)
class IndicatorAdmin(ServiceModelAdmin):
    list_display = ("label", "code", "position", "is_active")
    list_filter = ("is_active",)
    search_fields = ("label", "code")
    fields = ("code", "label", "guidance", "position", "is_active")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        # Records store the code: a different code is a new indicator, this one is retired.
        return ("code",) if obj is not None else ()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Records name indicators by code for good: retire one (untick "active") instead.
        return False

    def service_create(self, request: HttpRequest, data: Mapping[str, Any]) -> Indicator:
        return indicators.indicator_create(by=self.by(request), **data)

    def service_update(
        self, request: HttpRequest, obj: Any, changes: Mapping[str, Any]
    ) -> Indicator:
        return indicators.indicator_update(indicator=obj, by=self.by(request), **changes)
