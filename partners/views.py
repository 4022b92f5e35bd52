"""Partnership pages: parse, authorise through `partners.policies`, call a service, render."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from cse_hub.pages import page_of, query_without
from partners import policies, selectors, services
from partners.forms import (
    AgreementFilterForm,
    AgreementForm,
    PlacementFilterForm,
    PlacementForm,
    ReminderSettingsForm,
    ServiceForm,
    SupervisionForm,
)
from partners.models import Agency, ReminderSettings, SpokePlacement
from partners.selectors import AGREEMENT_REVIEW_NOTICE, SUPERVISION_GAP

if TYPE_CHECKING:
    from collections.abc import Callable

    from accounts.models import User

    class AuthenticatedRequest(HttpRequest):
        user: User

else:
    AuthenticatedRequest = HttpRequest


class HasPage(Protocol):
    def get_absolute_url(self) -> str: ...


def _posted(request: HttpRequest) -> Any:
    """The posted data, even when empty (an empty form must still show its errors)."""
    return request.POST if request.method == "POST" else None


def _save(
    request: HttpRequest,
    form: ServiceForm,
    call: Callable[[dict[str, Any]], HasPage],
    success: str,
) -> HasPage | None:
    """Call the service with the form's data; its validation errors go back on the form."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        saved = call(form.cleaned_data)
    except ValidationError as error:
        form.add_service_error(error)
        return None
    messages.success(request, success)
    return saved


# Memberships


@login_required
@require_http_methods(["GET", "HEAD"])
def my_memberships(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    own = policies.visible_memberships(user).filter(user_id=user.pk)
    return render(
        request,
        "partners/my_memberships.html",
        {
            "memberships": selectors.memberships_of(user_id=user.pk).filter(
                pk__in=own.values("pk")
            ),
            "placements": selectors.placements_for_worker(worker_id=user.pk),
            "today": timezone.localdate(),
        },
    )


# Spoke placements


@login_required
@require_http_methods(["GET", "HEAD"])
def placement_list(request: AuthenticatedRequest) -> HttpResponse:
    filter_form = PlacementFilterForm(request.GET or None)
    placements = selectors.placements_filtered(
        placements=policies.visible_placements(request.user),
        **(filter_form.filters() if filter_form.is_bound else {}),
    )
    return render(
        request,
        "partners/placement_list.html",
        {
            "page": page_of(request, placements),
            "filter_form": filter_form,
            "query": query_without(request),
            "may_add": policies.may_manage_placements(request.user),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def placement_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    placement = get_object_or_404(
        selectors.placement_for_page(placements=policies.visible_placements(request.user)), pk=pk
    )
    return render(
        request,
        "partners/placement_detail.html",
        {
            "placement": placement,
            "may_change": policies.may_change_placement(request.user, placement),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def placement_create(request: AuthenticatedRequest) -> HttpResponse:
    if not policies.may_manage_placements(request.user):
        raise PermissionDenied
    form = PlacementForm(_posted(request), hub_ids=policies.managed_hub_ids(request.user))
    saved = _save(
        request,
        form,
        lambda data: services.placement_create(by=request.user, **data),
        "Placement added",
    )
    if saved is not None:
        return redirect(saved)
    return render(request, "partners/placement_form.html", {"form": form, "placement": None})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def placement_update(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    placement = get_object_or_404(
        selectors.placement_for_page(placements=policies.visible_placements(request.user)), pk=pk
    )
    if not policies.may_change_placement(request.user, placement):
        raise PermissionDenied
    form = PlacementForm(
        _posted(request), hub_ids=policies.managed_hub_ids(request.user), placement=placement
    )
    saved = _save(
        request,
        form,
        lambda data: services.placement_update(placement=placement, by=request.user, **data),
        "Placement updated",
    )
    if saved is not None:
        return redirect(saved)
    return render(request, "partners/placement_form.html", {"form": form, "placement": placement})


# Information-sharing agreements


@login_required
@require_http_methods(["GET", "HEAD"])
def agreement_list(request: AuthenticatedRequest) -> HttpResponse:
    filter_form = AgreementFilterForm(request.GET or None)
    agreements = selectors.agreements_filtered(
        agreements=policies.visible_agreements(request.user),
        **(filter_form.filters() if filter_form.is_bound else {}),
    )
    return render(
        request,
        "partners/agreement_list.html",
        {
            "page": page_of(request, agreements),
            "filter_form": filter_form,
            "query": query_without(request),
            "may_add": policies.may_manage_agreements(request.user),
            "review_notice_days": AGREEMENT_REVIEW_NOTICE.days,
        },
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def agreement_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    agreement = get_object_or_404(
        selectors.agreement_for_page(agreements=policies.visible_agreements(request.user)), pk=pk
    )
    return render(
        request,
        "partners/agreement_detail.html",
        {
            "agreement": agreement,
            "may_change": policies.may_change_agreement(request.user, agreement),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def agreement_create(request: AuthenticatedRequest) -> HttpResponse:
    if not policies.may_manage_agreements(request.user):
        raise PermissionDenied
    form = AgreementForm(_posted(request), hub_ids=policies.managed_hub_ids(request.user))
    saved = _save(
        request,
        form,
        lambda data: services.agreement_create(by=request.user, **data),
        "Sharing agreement added",
    )
    if saved is not None:
        return redirect(saved)
    return render(request, "partners/agreement_form.html", {"form": form, "agreement": None})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def agreement_update(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    agreement = get_object_or_404(
        selectors.agreement_for_page(agreements=policies.visible_agreements(request.user)), pk=pk
    )
    if not policies.may_change_agreement(request.user, agreement):
        raise PermissionDenied
    form = AgreementForm(
        _posted(request), hub_ids=policies.managed_hub_ids(request.user), agreement=agreement
    )
    saved = _save(
        request,
        form,
        lambda data: services.agreement_update(agreement=agreement, by=request.user, **data),
        "Sharing agreement updated",
    )
    if saved is not None:
        return redirect(saved)
    return render(request, "partners/agreement_form.html", {"form": form, "agreement": agreement})


# Supervision


def _worker_filter(request: HttpRequest) -> int | None:
    value = request.GET.get("worker", "")
    return int(value) if value.isdigit() else None


@login_required
@require_http_methods(["GET", "HEAD"])
def supervision_list(request: AuthenticatedRequest) -> HttpResponse:
    """Hub managers see their workers' supervision at a glance; everyone sees their records."""
    hub_ids = policies.managed_hub_ids(request.user)
    worker_id = _worker_filter(request)
    context: dict[str, Any] = {
        "may_add": policies.may_record_supervision(request.user),
        "query": query_without(request),
        "gap_weeks": SUPERVISION_GAP.days // 7,
        "worker_id": worker_id,
        "location_models": SpokePlacement.LocationModel.choices,
    }
    if hub_ids and worker_id is None:
        context["overview"] = page_of(request, selectors.supervision_overview(hub_ids=hub_ids))
    else:
        records = selectors.supervision_records_filtered(
            records=policies.visible_supervision_records(request.user), worker_id=worker_id
        )
        context["page"] = page_of(request, records)
    return render(request, "partners/supervision_list.html", context)


@login_required
@require_http_methods(["GET", "HEAD"])
def supervision_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(
        selectors.supervision_records_filtered(
            records=policies.visible_supervision_records(request.user)
        ),
        pk=pk,
    )
    return render(
        request,
        "partners/supervision_detail.html",
        {
            "record": record,
            "may_change": policies.may_change_supervision_record(request.user, record),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def supervision_create(request: AuthenticatedRequest) -> HttpResponse:
    if not policies.may_record_supervision(request.user):
        raise PermissionDenied
    hub_ids = policies.managed_hub_ids(request.user)
    worker_id = _worker_filter(request)
    form = SupervisionForm(
        _posted(request),
        hub_ids=hub_ids,
        supervisor=request.user,
        worker=selectors.spoke_workers_of(hub_ids=hub_ids).filter(pk=worker_id).first()
        if worker_id
        else None,
    )
    saved = _save(
        request,
        form,
        lambda data: services.supervision_record(by=request.user, **data),
        "Supervision recorded",
    )
    if saved is not None:
        return redirect(saved)
    return render(request, "partners/supervision_form.html", {"form": form, "record": None})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def supervision_update(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(
        selectors.supervision_records_filtered(
            records=policies.visible_supervision_records(request.user)
        ),
        pk=pk,
    )
    if not policies.may_change_supervision_record(request.user, record):
        raise PermissionDenied
    form = SupervisionForm(
        _posted(request), hub_ids=policies.managed_hub_ids(request.user), record=record
    )
    saved = _save(
        request,
        form,
        lambda data: services.supervision_update(record=record, by=request.user, **data),
        "Supervision record updated",
    )
    if saved is not None:
        return redirect(saved)
    return render(request, "partners/supervision_form.html", {"form": form, "record": record})


# Reminder settings


def _reminder_hub(request: AuthenticatedRequest) -> tuple[Agency, list[Agency]]:
    """The hub asked for (`?hub=`), else the user's first; 404 for a hub they may not see."""
    hubs = list(policies.reminder_settings_hubs(request.user).order_by("name", "pk"))
    if not hubs:
        raise Http404
    asked = request.GET.get("hub")
    if not asked:
        return hubs[0], hubs
    hub = next((h for h in hubs if str(h.pk) == asked), None)
    if hub is None:
        raise Http404
    return hub, hubs


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def reminder_settings(request: AuthenticatedRequest) -> HttpResponse:
    """A hub's reminder thresholds: its managers change them, its spoke workers read them."""
    hub, hubs = _reminder_hub(request)
    may_change = policies.may_change_reminder_settings(request.user, hub=hub)
    current = selectors.reminder_settings_of(hub_id=hub.pk)
    status = 200
    if request.method == "POST":
        if not may_change:
            raise PermissionDenied
        form = ReminderSettingsForm(request.POST)
        if form.is_valid():
            try:
                services.reminder_settings_set(
                    hub=hub,
                    by=request.user,
                    version=form.cleaned_data["version"],
                    **form.thresholds(),
                )
            except services.ReminderSettingsChangedError as error:
                form.add_error(None, str(error))
                data = request.POST.copy()
                data["version"] = str(error.current.version)
                form.data = data
                current = error.current
                status = 409
            except ValidationError as error:
                form.add_service_error(error)
                status = 400
            else:
                messages.success(request, f"The reminder settings for {hub.name} have been saved.")
                return redirect(request.get_full_path())
        else:
            status = 400
    else:
        form = ReminderSettingsForm(
            initial={
                "version": current.version,
                **{name: getattr(current, name) for name in ReminderSettings.LIMITS},
            }
        )
    return render(
        request,
        "partners/reminder_settings.html",
        {
            "hub": hub,
            "hubs": hubs if len(hubs) > 1 else [],
            "form": form,
            "settings": current,
            "may_change": may_change,
        },
        status=status,
    )
