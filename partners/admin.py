"""Administering the partnership: every write goes through `partners.services`, audited."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from cse_hub.admin_site import ServiceModelAdmin
from partners import services
from partners.models import (
    Agency,
    InformationSharingAgreement,
    LocalAuthority,
    Membership,
    SpokePlacement,
    SupervisionRecord,
)


@admin.register(LocalAuthority)
class LocalAuthorityAdmin(ServiceModelAdmin):
    list_display = ("name", "gss_code", "region")
    list_filter = ("region",)
    search_fields = ("name", "gss_code")
    fields = ("name", "gss_code", "region")

    def service_create(self, request: HttpRequest, data: Mapping[str, Any]) -> LocalAuthority:
        return services.local_authority_create(by=self.by(request), **data)

    def service_update(
        self, request: HttpRequest, obj: Any, changes: Mapping[str, Any]
    ) -> LocalAuthority:
        return services.local_authority_update(la=obj, by=self.by(request), **changes)


@admin.register(Agency)
class AgencyAdmin(ServiceModelAdmin):
    list_display = ("name", "kind", "sector", "is_active")
    list_filter = ("kind", "sector", "is_active")
    search_fields = ("name",)
    # The agency's group is made by the service and never edited: grants are given to it.
    fields = ("name", "sector", "kind", "local_authorities", "email", "phone", "is_active")
    autocomplete_fields = ("local_authorities",)

    def service_create(self, request: HttpRequest, data: Mapping[str, Any]) -> Agency:
        return services.agency_create(by=self.by(request), **data)

    def service_update(self, request: HttpRequest, obj: Any, changes: Mapping[str, Any]) -> Agency:
        fields = dict(changes)
        areas = fields.pop("local_authorities", None)
        return services.agency_update(
            agency=obj, by=self.by(request), local_authorities=areas, **fields
        )


@admin.register(Membership)
class MembershipAdmin(ServiceModelAdmin):
    list_display = ("user", "agency", "role", "starts_on", "ends_on", "in_force")
    list_filter = ("role",)
    list_select_related = ("user", "agency")
    search_fields = ("user__full_name", "user__email", "agency__name")
    fields = ("user", "agency", "role", "starts_on", "ends_on")
    autocomplete_fields = ("user", "agency")
    actions = ("end_memberships",)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        # A membership belongs to one person in one agency; a different one is a new record.
        return ("user", "agency") if obj is not None else ()

    @admin.display(boolean=True, description="In force today")
    def in_force(self, obj: Membership) -> bool:
        return obj.is_active_on(timezone.localdate())

    def service_create(self, request: HttpRequest, data: Mapping[str, Any]) -> Membership:
        return services.membership_create(by=self.by(request), **data)

    def service_update(
        self, request: HttpRequest, obj: Any, changes: Mapping[str, Any]
    ) -> Membership:
        return services.membership_update(membership=obj, by=self.by(request), **changes)

    @admin.action(description="End selected memberships today")
    def end_memberships(self, request: HttpRequest, queryset: QuerySet[Membership]) -> None:
        today = timezone.localdate()
        current = [m for m in queryset.select_related("user") if m.is_active_on(today)]
        try:
            with transaction.atomic():
                for membership in current:
                    services.membership_end(membership=membership, by=self.by(request))
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return
        self.message_user(request, f"{len(current)} memberships ended.", messages.SUCCESS)


@admin.register(SpokePlacement)
class SpokePlacementAdmin(ServiceModelAdmin):
    list_display = (
        "worker",
        "hub",
        "local_authority",
        "host_agency",
        "location_model",
        "starts_on",
        "ends_on",
    )
    list_filter = ("location_model",)
    list_select_related = ("worker", "hub", "local_authority", "host_agency")
    search_fields = ("worker__full_name", "local_authority__name", "hub__name")
    autocomplete_fields = ("worker", "hub", "local_authority", "host_agency")
    fields = (
        "worker",
        "hub",
        "local_authority",
        "host_agency",
        "location_model",
        "starts_on",
        "ends_on",
        "champion_name",
        "champion_job_title",
        "champion_email",
    )

    def service_create(self, request: HttpRequest, data: Mapping[str, Any]) -> SpokePlacement:
        return services.placement_create(by=self.by(request), **data)

    def service_update(
        self, request: HttpRequest, obj: Any, changes: Mapping[str, Any]
    ) -> SpokePlacement:
        return services.placement_update(placement=obj, by=self.by(request), **changes)


@admin.register(InformationSharingAgreement)
class InformationSharingAgreementAdmin(ServiceModelAdmin):
    list_display = ("title", "local_authority", "status", "signed_on", "review_due_on")
    list_filter = ("status", "lawful_basis")
    list_select_related = ("local_authority",)
    search_fields = ("title", "document_reference")
    autocomplete_fields = ("local_authority", "parties")
    fields = (
        "title",
        "local_authority",
        "parties",
        "scope",
        "lawful_basis",
        "signed_on",
        "review_due_on",
        "status",
        "document_reference",
        "created_by",
        "created_at",
        "updated_at",
    )
    readonly_fields = ("created_by", "created_at", "updated_at")

    def service_create(
        self, request: HttpRequest, data: Mapping[str, Any]
    ) -> InformationSharingAgreement:
        fields = dict(data)
        parties = fields.pop("parties")
        return services.agreement_create(by=self.by(request), parties=parties, **fields)

    def service_update(
        self, request: HttpRequest, obj: Any, changes: Mapping[str, Any]
    ) -> InformationSharingAgreement:
        fields = dict(changes)
        parties = fields.pop("parties", None)
        return services.agreement_update(
            agreement=obj, by=self.by(request), parties=parties, **fields
        )


@admin.register(SupervisionRecord)
class SupervisionRecordAdmin(ServiceModelAdmin):
    list_display = ("worker", "hub", "supervisor", "held_on", "kind")
    list_filter = ("kind",)
    list_select_related = ("worker", "hub", "supervisor")
    search_fields = ("worker__full_name", "supervisor__full_name")
    autocomplete_fields = ("worker", "hub", "supervisor")
    fields = (
        "worker",
        "hub",
        "supervisor",
        "held_on",
        "kind",
        "notes",
        "recorded_by",
        "recorded_at",
    )
    readonly_fields = ("recorded_by", "recorded_at")

    def service_create(self, request: HttpRequest, data: Mapping[str, Any]) -> SupervisionRecord:
        return services.supervision_record(by=self.by(request), **data)

    def service_update(
        self, request: HttpRequest, obj: Any, changes: Mapping[str, Any]
    ) -> SupervisionRecord:
        return services.supervision_update(record=obj, by=self.by(request), **changes)
