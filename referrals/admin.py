"""Administering referrals' reference data: the name forms duplicate matching uses.

Referrals themselves are not here: administrators have no access to them (DESIGN.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from cse_hub.admin_site import ServiceModelAdmin
from referrals import services
from referrals.models import NameVariant


@admin.register(NameVariant)
class NameVariantAdmin(ServiceModelAdmin):
    list_display = ("name", "canonical")
    search_fields = ("name", "canonical")
    fields = ("name", "canonical")

    def service_create(self, request: HttpRequest, data: Mapping[str, Any]) -> NameVariant:
        return services.name_variant_create(by=self.by(request), **data)

    def service_update(
        self, request: HttpRequest, obj: Any, changes: Mapping[str, Any]
    ) -> NameVariant:
        return services.name_variant_update(variant=obj, by=self.by(request), **changes)
