"""Administering users: invite, change, disable, enable and unlock, each through a service."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.forms.renderers import DjangoTemplates
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse

from accounts import services
from accounts.models import User
from cse_hub.admin_site import (
    AdminModelForm,
    PolicyAdminMixin,
    ReadOnlyPolicyMixin,
    ServiceModelAdmin,
    show_service_error,
)
from partners import services as partner_services
from partners.models import Membership


class MembershipInline(PolicyAdminMixin, admin.TabularInline):  # type: ignore[type-arg]
    """The user's memberships: end one by giving it an end date; none is ever deleted."""

    model = Membership
    form = AdminModelForm
    fk_name = "user"
    fields = ("agency", "role", "starts_on", "ends_on")
    autocomplete_fields = ("agency",)
    extra = 0
    can_delete = False
    verbose_name = "membership (agency and role)"


class ReasonForm(forms.Form):
    default_renderer = DjangoTemplates()
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Recorded in the audit log. Do not include a young person's details.",
    )

    def __init__(self, *args: Any, required: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = required


@admin.register(User)
class UserAdmin(ServiceModelAdmin):
    list_display = ("full_name", "email", "job_title", "is_active", "locked_out", "last_login")
    list_filter = ("is_active",)
    search_fields = ("full_name", "email")
    ordering = ("full_name", "pk")
    inlines = (MembershipInline,)
    actions = ("disable_users", "enable_users", "unlock_users")
    change_list_template = "partners/admin/user_change_list.html"
    change_form_template = "partners/admin/user_change_form.html"
    readonly_fields = ("is_active", "disabled_at", "locked_out_now", "last_login", "date_joined")
    fieldsets = (
        (None, {"fields": ("email", "full_name", "job_title", "phone")}),
        ("Account", {"fields": readonly_fields}),
    )
    # Inviting asks only who the user is; the account's state is shown once it exists.
    add_fieldsets = fieldsets[:1]

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.add_fieldsets if obj is None else self.fieldsets

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        # One subquery for the whole page rather than a lockout query per row.
        locked = services.locked_out_attempts().filter(username=OuterRef("email"))
        return super().get_queryset(request).annotate(is_locked_out=Exists(locked))

    @admin.display(boolean=True, description="Locked out", ordering="is_locked_out")
    def locked_out(self, obj: User) -> bool:
        return bool(getattr(obj, "is_locked_out", False))

    @admin.display(boolean=True, description="Locked out after failed logins")
    def locked_out_now(self, obj: User) -> bool:
        return services.user_is_locked_out(user=obj)

    def add_view(
        self, request: HttpRequest, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        extra_context = {**(extra_context or {}), "title": "Invite a user"}
        return super().add_view(request, form_url, extra_context)

    # Writes, through the accounts and partners services.

    def service_create(self, request: HttpRequest, data: Mapping[str, Any]) -> User:
        user = services.user_invite(by=self.by(request), base_url=self.base_url(request), **data)
        self.message_user(request, f"We have emailed {user.email} a link to choose a password.")
        return user

    def service_update(self, request: HttpRequest, obj: Any, changes: Mapping[str, Any]) -> User:
        return services.user_update(user=obj, by=self.by(request), **changes)

    def service_save_inline(
        self, request: HttpRequest, parent: Any, obj: Any, data: Mapping[str, Any]
    ) -> Membership:
        if obj is None:
            return partner_services.membership_create(by=self.by(request), user=parent, **data)
        return partner_services.membership_update(membership=obj, by=self.by(request), **data)

    # Disable, enable and unlock: buttons on a user's page and actions on the list.

    def get_urls(self) -> list[URLPattern]:
        wrap = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/disable/", wrap(self.disable_view), name="accounts_user_disable"
            ),
            path("<path:object_id>/enable/", wrap(self.enable_view), name="accounts_user_enable"),
            path("<path:object_id>/unlock/", wrap(self.unlock_view), name="accounts_user_unlock"),
            *super().get_urls(),
        ]

    def _user_or_404(self, request: HttpRequest, object_id: str) -> User:
        user = self.get_object(request, object_id)
        if user is None:
            raise Http404
        if not self.has_change_permission(request, user):
            raise Http404
        return user

    def disable_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        user = self._user_or_404(request, object_id)
        return self._confirm(
            request,
            users=[user],
            title=f"Disable {user}",
            verb="Disable",
            explanation=(
                "They will be logged out everywhere at once, their API tokens will stop "
                "working and they will not be able to log in until they are enabled again."
            ),
            reason_required=True,
            run=lambda u, reason: services.user_disable(user=u, by=self.by(request), reason=reason),
            done="{n} user disabled.",
        )

    def enable_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        user = self._user_or_404(request, object_id)
        return self._confirm(
            request,
            users=[user],
            title=f"Enable {user}",
            verb="Enable",
            explanation=(
                "They will be able to log in again with their password and two-factor code."
            ),
            reason_required=False,
            run=lambda u, reason: services.user_enable(user=u, by=self.by(request), reason=reason),
            done="{n} user enabled.",
        )

    def unlock_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        user = self._user_or_404(request, object_id)
        return self._confirm(
            request,
            users=[user],
            title=f"Unlock {user}",
            verb="Unlock",
            explanation="Their failed logins are cleared so that they can try again at once.",
            reason_required=None,
            run=lambda u, reason: services.user_unlock(user=u, by=self.by(request)),
            done="{n} user unlocked.",
        )

    @admin.action(description="Disable selected users (ends their sessions and tokens)")
    def disable_users(self, request: HttpRequest, queryset: QuerySet[User]) -> HttpResponse | None:
        return self._confirm(
            request,
            users=list(queryset),
            title="Disable users",
            verb="Disable",
            explanation=(
                "They will be logged out everywhere at once and will not be able to log in "
                "until they are enabled again."
            ),
            reason_required=True,
            run=lambda u, reason: services.user_disable(user=u, by=self.by(request), reason=reason),
            done="{n} users disabled.",
            action="disable_users",
        )

    @admin.action(description="Enable selected users")
    def enable_users(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            services.user_enable(user=user, by=self.by(request))
        self.message_user(request, f"{len(queryset)} users enabled.", messages.SUCCESS)

    @admin.action(description="Unlock selected users after failed logins")
    def unlock_users(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            services.user_unlock(user=user, by=self.by(request))
        self.message_user(request, f"{len(queryset)} users unlocked.", messages.SUCCESS)

    def _confirm(
        self,
        request: HttpRequest,
        *,
        users: list[User],
        title: str,
        verb: str,
        explanation: str,
        reason_required: bool | None,
        run: Any,
        done: str,
        action: str = "",
    ) -> HttpResponse:
        """Ask for confirmation (and a reason where one is asked), then call the service."""
        asks_reason = reason_required is not None
        confirmed = request.method == "POST" and (not action or "confirm" in request.POST)
        form = ReasonForm(request.POST if confirmed else None, required=bool(reason_required))
        if confirmed and form.is_valid():
            reason = form.cleaned_data["reason"] if asks_reason else ""
            try:
                # All of them or none: one refusal leaves every selected user as they were.
                with transaction.atomic():
                    for user in users:
                        run(user, reason)
            except ValidationError as error:
                show_service_error(form, error)
            else:
                self.message_user(request, done.format(n=len(users)), messages.SUCCESS)
                if action:
                    return HttpResponseRedirect(request.get_full_path())
                return HttpResponseRedirect(
                    reverse("admin:accounts_user_change", args=[users[0].pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            "verb": verb,
            "explanation": explanation,
            "users": users,
            "form": form,
            "asks_reason": asks_reason,
            "action": action,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "partners/admin/user_confirm.html", context)


# django-axes' records, read-only: a lockout is cleared by unlocking the user, which is audited.


class AxesRecordAdmin(ReadOnlyPolicyMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["attempt_time", "username", "ip_address", "path_info"]
    search_fields = ("=username",)
    ordering = ("-attempt_time",)
    fields = ["username", "ip_address", "user_agent", "path_info", "attempt_time"]
    show_full_result_count = False


class AccessAttemptAdmin(AxesRecordAdmin):
    list_display = [*AxesRecordAdmin.list_display, "failures_since_start"]
    # Not the submitted GET and POST data, which axes keeps for debugging.
    fields = [*AxesRecordAdmin.fields, "failures_since_start"]


class AccessFailureLogAdmin(AxesRecordAdmin):
    list_display = [*AxesRecordAdmin.list_display, "locked_out"]
    fields = [*AxesRecordAdmin.fields, "locked_out"]


class AccessLogAdmin(AxesRecordAdmin):
    list_display = [*AxesRecordAdmin.list_display, "logout_time"]
    fields = [*AxesRecordAdmin.fields, "logout_time"]


for _model, _admin_class in (
    (AccessAttempt, AccessAttemptAdmin),
    (AccessFailureLog, AccessFailureLogAdmin),
    (AccessLog, AccessLogAdmin),
):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
    admin.site.register(_model, _admin_class)
