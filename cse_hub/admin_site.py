"""The administration site: for system administrators only, decided by the accounts policy.

Roles come from memberships, so neither Django's global permissions nor `is_superuser` open
anything here. Every write made through the site goes through a service, which audits it in
the same transaction; a service's validation errors are shown on the form.

This module is named in INSTALLED_APPS (for `CseHubAdminConfig`), so it imports no models at
module level: the app registry is not ready when it is first imported.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.apps import AdminConfig
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.forms.renderers import DjangoTemplates
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from django.forms import BaseModelFormSet, ModelForm

    from accounts.models import User

# Where a failed service call leaves its error for the form's second rendering.
_SERVICE_ERROR_ATTR = "_cse_hub_admin_service_error"


def may_administer(request: HttpRequest) -> bool:
    from accounts.policies import may_administer as policy

    return policy(request.user)


class CseHubAdminSite(admin.AdminSite):
    site_header = "CSE Hub administration"
    site_title = "CSE Hub administration"
    index_title = "Users, agencies and the partnership"
    site_url = "/"

    def has_permission(self, request: HttpRequest) -> bool:
        return may_administer(request)

    def register(  # type: ignore[override]
        self,
        model_or_iterable: Any,
        admin_class: type[admin.ModelAdmin] | None = None,
        **options: Any,
    ) -> None:
        """Register a model; another app's admin is made read-only and asks our policy."""
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, PolicyAdminMixin):
            admin_class = type(
                f"ReadOnly{admin_class.__name__}",
                (ReadOnlyPolicyMixin, admin_class),
                {"actions": []},
            )
        super().register(model_or_iterable, admin_class, **options)

    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        """Log in through the product's login, which asks for the two-factor code."""
        wanted = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(
            wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            wanted = reverse("admin:index", current_app=self.name)
        if request.user.is_authenticated:
            if self.has_permission(request):
                return HttpResponseRedirect(wanted)
            # Signed in without the administrator role: sending them to log in again would
            # loop back here, so say no plainly.
            raise PermissionDenied
        return redirect(f"{reverse(settings.LOGIN_URL)}?{urlencode({'next': wanted})}")

    def password_change(  # type: ignore[override]
        self, request: HttpRequest, extra_context: Any = None
    ) -> HttpResponse:
        return redirect("account_change_password")


class CseHubAdminConfig(AdminConfig):
    """Django's admin, with our site as the default one."""

    default_site = "cse_hub.admin_site.CseHubAdminSite"
    # Models other apps register that administrators have no use for here: agency groups are
    # managed with their agencies, authenticators hold two-factor secrets, and email
    # addresses are allauth's bookkeeping (users log in by the address on their account).
    hidden_models = (
        "auth.Group",
        "mfa.Authenticator",
        "account.EmailAddress",
        "account.EmailConfirmation",
    )

    def ready(self) -> None:
        super().ready()
        from django.apps import apps

        for label in self.hidden_models:
            try:
                model = apps.get_model(label)
            except LookupError:
                continue
            if admin.site.is_registered(model):
                admin.site.unregister(model)


class AdminModelForm(forms.ModelForm):  # type: ignore[type-arg]
    """Admin forms keep Django's own widget markup, not the GOV.UK markup of the product pages."""

    default_renderer = DjangoTemplates()


class AdminActionForm(helpers.ActionForm):
    default_renderer = DjangoTemplates()


class PolicyAdminMixin:
    """Every permission is the accounts policy's answer; nothing is deleted from here."""

    action_form = AdminActionForm

    def has_module_permission(self, request: HttpRequest) -> bool:
        return may_administer(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return may_administer(request)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return may_administer(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return may_administer(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Users are disabled, memberships and placements ended, agencies made inactive:
        # records are kept for the audit trail and for the cases that refer to them.
        return False


class ReadOnlyPolicyMixin(PolicyAdminMixin):
    """For records administrators may read but never write here."""

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def changed_values(form: ModelForm) -> dict[str, Any]:  # type: ignore[type-arg]
    """The cleaned values of the fields the user changed on a model form."""
    return {
        name: form.cleaned_data[name] for name in form.changed_data if name in form.cleaned_data
    }


def show_service_error(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's validation error on the form: by field where it has one, else on top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)


def adopt(target: models.Model, saved: models.Model) -> None:
    """Make the admin's in-memory object the one the service saved (pk and all)."""
    target.__dict__.update(saved.__dict__)


class ServiceModelAdmin(PolicyAdminMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    """A model admin whose writes are service calls, each audited in its own transaction.

    Subclasses implement `service_create` and `service_update`, and `service_save_inline` if
    they have inlines. A `ValidationError` from a service rolls the whole request back and
    the form is shown again with the error on it.
    """

    form = AdminModelForm

    def service_create(self, request: HttpRequest, data: Mapping[str, Any]) -> models.Model:
        raise NotImplementedError

    def service_update(
        self, request: HttpRequest, obj: models.Model, changes: Mapping[str, Any]
    ) -> models.Model:
        raise NotImplementedError

    def service_save_inline(
        self,
        request: HttpRequest,
        parent: Any,
        obj: Any,
        data: Mapping[str, Any],
    ) -> models.Model:
        raise NotImplementedError

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if change:
            # The form has already written the new values onto `obj`; the service compares
            # against the stored record, so it gets a fresh copy.
            stored = type(obj)._default_manager.get(pk=obj.pk)
            saved = self.service_update(request, stored, changed_values(form))
        else:
            saved = self.service_create(request, form.cleaned_data)
        adopt(obj, saved)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # Many-to-many fields are set by the services, never by `form.save_m2m()`.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(
        self,
        request: HttpRequest,
        form: Any,
        formset: BaseModelFormSet,  # type: ignore[type-arg]
        change: bool,
    ) -> None:
        parent = getattr(formset, "instance", None)
        # The link to the parent and the row's own id are the formset's, not data to save.
        pk_name = formset.form._meta.model._meta.pk.name
        bookkeeping = {formset.fk.name, pk_name, "DELETE"}  # type: ignore[attr-defined]
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []  # type: ignore[attr-defined]
        for inline_form in formset.forms:
            if not inline_form.has_changed() or not inline_form.cleaned_data:
                continue
            existing = inline_form.instance if inline_form.instance.pk else None
            data = inline_form.cleaned_data if existing is None else changed_values(inline_form)
            data = {name: value for name, value in data.items() if name not in bookkeeping}
            if existing is None:
                saved = self.service_save_inline(request, parent, None, data)
                formset.new_objects.append(saved)  # type: ignore[attr-defined]
            else:
                stored = type(existing)._default_manager.get(pk=existing.pk)
                saved = self.service_save_inline(request, parent, stored, data)
                formset.changed_objects.append((saved, list(data)))  # type: ignore[attr-defined]

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        raise PermissionDenied

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        raise PermissionDenied

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any):  # type: ignore[no-untyped-def]
        form_class = super().get_form(request, obj, change=change, **kwargs)
        found: ValidationError | None = getattr(request, _SERVICE_ERROR_ATTR, None)
        if found is None:
            return form_class
        error: ValidationError = found

        class WithServiceError(form_class):  # type: ignore[valid-type,misc]
            def clean(self) -> dict[str, Any]:
                cleaned: dict[str, Any] = super().clean()
                show_service_error(self, error)
                return cleaned

        return WithServiceError

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:
            if request.method != "POST" or hasattr(request, _SERVICE_ERROR_ATTR):
                raise
            # The transaction has been rolled back; render the same POST again, this time
            # with the service's error attached to the form so nothing is saved.
            setattr(request, _SERVICE_ERROR_ATTR, error)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def by(self, request: HttpRequest) -> User:
        return request.user  # type: ignore[return-value]

    def base_url(self, request: HttpRequest) -> str:
        return request.build_absolute_uri("/")
