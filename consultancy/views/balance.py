"""Pages of a worker's balance: a spoke worker's own month, the hub's table of every spoke
worker for its managers, a manager's view of one worker, and the hub's target.

Parse, authorise through `consultancy.policies`, read through the balance selectors (or write
through the target service), render. A page its user's role does not use answers 403; a worker
who is not the hub's spoke worker in that month answers 404, as if there were none. An
unreadable month shows this month with the message, as a 400.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, URLResolver, path, reverse
from django.views.decorators.http import require_http_methods

from accounts.models import User
from consultancy import policies
from consultancy.forms.balance import BalanceMonthForm, BalanceTargetForm
from consultancy.selectors.balance import (
    KIND_LABELS,
    KINDS,
    Month,
    Target,
    balance_hubs,
    balance_of_row,
    balance_target_of,
    hub_balance_rows,
    hub_balance_total,
    hub_workers_in,
    worker_balance,
)
from consultancy.services.balance import TargetChangedError, balance_target_set
from cse_hub.pages import page_of, require
from partners.models import Agency

if TYPE_CHECKING:
    from partners.models import Membership

    class AuthenticatedRequest(HttpRequest):
        user: User
        membership: Membership | None

else:
    AuthenticatedRequest = HttpRequest

PAGE_SIZE = 50


def _query(*, month: Month, hub: Agency, several_hubs: bool, **extra: Any) -> str:
    """The query string of a balance page for a month (and the hub, where there is a choice)."""
    parts = [f"month={month.param}"]
    if several_hubs:
        parts.append(f"hub={hub.pk}")
    parts.extend(f"{key}={value}" for key, value in extra.items())
    return "&".join(parts)


def _month_context(
    request: HttpRequest, *, form: BalanceMonthForm, month: Month, hub: Agency, hubs: list[Agency]
) -> dict[str, Any]:
    several = len(hubs) > 1
    return {
        "month_form": form,
        "month": month,
        "hub": hub,
        "several_hubs": several,
        "previous_query": _query(month=month.previous, hub=hub, several_hubs=several),
        "next_query": _query(month=month.next, hub=hub, several_hubs=several),
        "this_query": _query(month=month, hub=hub, several_hubs=several),
        "set_target_url": reverse("consultancy:balance_target")
        + (f"?hub={hub.pk}" if several else ""),
    }


def _chosen(request: HttpRequest, hubs: list[Agency]) -> tuple[BalanceMonthForm, Month, Agency]:
    form = BalanceMonthForm(request.GET or None, hubs=balance_hubs(hub_ids={h.pk for h in hubs}))
    month, hub = form.chosen(hubs=hubs)
    assert hub is not None
    return form, month, hub


def _status(form: BalanceMonthForm) -> int:
    return 400 if form.is_bound and form.errors else 200


@login_required
@require_http_methods(["GET", "HEAD"])
def own_balance(request: AuthenticatedRequest) -> HttpResponse:
    """The spoke worker's own month; a manager who is not a spoke worker goes to the hub's."""
    user = request.user
    hubs = list(balance_hubs(hub_ids=policies.worker_hub_ids(user)))
    if not hubs:
        if policies.managed_hub_ids(user):
            return redirect("consultancy:hub_balance")
        raise PermissionDenied
    form, month, hub = _chosen(request, hubs)
    require(policies.may_view_balance(user, worker=user, hub=hub))
    target = balance_target_of(hub=hub)
    return render(
        request,
        "consultancy/balance/worker.html",
        {
            **_month_context(request, form=form, month=month, hub=hub, hubs=hubs),
            "balance": worker_balance(worker=user, hub=hub, month=month, target=target),
            "target": target,
            "is_own": True,
            "may_set_target": policies.may_set_balance_target(user, hub=hub),
        },
        status=_status(form),
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def worker_balance_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A hub manager's view of one spoke worker's month."""
    user = request.user
    if pk == user.pk and policies.worker_hub_ids(user):
        query = request.GET.urlencode()
        return redirect(reverse("consultancy:balance") + (f"?{query}" if query else ""))
    hubs = list(balance_hubs(hub_ids=policies.managed_hub_ids(user)))
    require(bool(hubs))
    form, month, hub = _chosen(request, hubs)
    worker = get_object_or_404(hub_workers_in(hub=hub, month=month), pk=pk)
    require(policies.may_view_balance(user, worker=worker, hub=hub))
    target = balance_target_of(hub=hub)
    return render(
        request,
        "consultancy/balance/worker.html",
        {
            **_month_context(request, form=form, month=month, hub=hub, hubs=hubs),
            "balance": worker_balance(worker=worker, hub=hub, month=month, target=target),
            "target": target,
            "is_own": False,
            "may_set_target": policies.may_set_balance_target(user, hub=hub),
        },
        status=_status(form),
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def hub_balance(request: AuthenticatedRequest) -> HttpResponse:
    """Every spoke worker of the hub in one table for the month, with the hub's total."""
    user = request.user
    hubs = list(balance_hubs(hub_ids=policies.managed_hub_ids(user)))
    require(bool(hubs))
    form, month, hub = _chosen(request, hubs)
    require(policies.may_set_balance_target(user, hub=hub))
    target = balance_target_of(hub=hub)
    rows = hub_balance_rows(hub=hub, month=month)
    page = page_of(request, rows, size=PAGE_SIZE)
    context = _month_context(request, form=form, month=month, hub=hub, hubs=hubs)
    return render(
        request,
        "consultancy/balance/hub.html",
        {
            **context,
            "page": page,
            "balances": [balance_of_row(row, month=month, target=target) for row in page],
            "total": hub_balance_total(rows=rows, month=month, target=target),
            "target": target,
            "kind_labels": [(kind, KIND_LABELS[kind], target.share(kind)) for kind in KINDS],
            "query": context["this_query"],
        },
        status=_status(form),
    )


def _managed_hub(request: AuthenticatedRequest) -> tuple[Agency, bool]:
    """The hub whose target is set (`?hub=`, else the first the user manages); 404 for a hub
    they do not manage."""
    hubs = list(balance_hubs(hub_ids=policies.managed_hub_ids(request.user)))
    require(bool(hubs))
    asked = request.GET.get("hub")
    if not asked:
        return hubs[0], len(hubs) > 1
    hub = next((h for h in hubs if str(h.pk) == asked), None)
    if hub is None:
        raise Http404
    return hub, len(hubs) > 1


def _initial(target: Target) -> dict[str, Any]:
    return {
        **target.as_dict(),
        "started_from": target.updated_at.isoformat() if target.updated_at else "",
    }


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def balance_target(request: AuthenticatedRequest) -> HttpResponse:
    """A hub manager sets the share of hours the hub aims for in each kind of work."""
    hub, several = _managed_hub(request)
    require(policies.may_set_balance_target(request.user, hub=hub))
    target = balance_target_of(hub=hub)
    back = reverse("consultancy:hub_balance") + (f"?hub={hub.pk}" if several else "")
    status = 200
    if request.method == "POST":
        form = BalanceTargetForm(request.POST)
        if form.is_valid():
            try:
                balance_target_set(
                    hub=hub,
                    by=request.user,
                    started_from=form.cleaned_data["started_from"],
                    **form.shares(),
                )
            except TargetChangedError as error:
                form.add_error(None, str(error))
                data = request.POST.copy()
                data["started_from"] = error.target.updated_at.isoformat()
                form.data = data
                target = balance_target_of(hub=hub)
                status = 409
            except ValidationError as error:
                form.add_service_error(error)
                status = 400
            else:
                messages.success(request, f"The balance target for {hub.name} has been saved.")
                return redirect(back)
        else:
            status = 400
    else:
        form = BalanceTargetForm(initial=_initial(target))
    return render(
        request,
        "consultancy/balance/target.html",
        {"form": form, "hub": hub, "target": target, "back": back},
        status=status,
    )


urlpatterns: list[URLPattern | URLResolver] = [
    path("balance/", own_balance, name="balance"),
    path("balance/hub/", hub_balance, name="hub_balance"),
    path("balance/workers/<int:pk>/", worker_balance_page, name="balance_worker"),
    path("balance/target/", balance_target, name="balance_target"),
]
