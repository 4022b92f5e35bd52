"""Project-wide pages: the way in, a home page per role, switching role, and the error pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.template import loader
from django.views.decorators.http import require_POST, require_safe

from audit import context as audit_context
from cse_hub import home as home_selectors
from cse_hub.api.errors import api_not_found, api_server_error, json_error
from partners.middleware import SESSION_MEMBERSHIP
from partners.models import Membership, Role
from partners.selectors import active_memberships


@require_safe
def home(request: HttpRequest) -> HttpResponseBase:
    """Send each user to the home page of the role they are acting in."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    membership: Membership | None = getattr(request, "membership", None)
    if membership is None:
        return render(request, "home/no_role.html")
    return redirect("role_home", role=membership.role)


@login_required
@require_safe
def role_home(request: HttpRequest, role: str) -> HttpResponse:
    """What exists for one of the user's roles; a role they do not hold is not found."""
    membership = _membership_for_role(request, role)
    if membership is None:
        raise Http404("No active membership with this role.")
    # Shown as this membership, so the identity bar and navigation match the page.
    request.membership = membership  # type: ignore[attr-defined]
    audit_context.set_agency(membership.agency_id)
    context = home_selectors.home_for(user=request.user, membership=membership)  # type: ignore[arg-type]
    return render(request, f"home/{membership.role}.html", context)


def _membership_for_role(request: HttpRequest, role: str) -> Membership | None:
    if role not in Role.values:
        return None
    current: Membership | None = getattr(request, "membership", None)
    if current is not None and current.role == role:
        return current
    return next((m for m in active_memberships(request.user) if m.role == role), None)


@login_required
@require_POST
def switch_membership(request: HttpRequest) -> HttpResponse:
    """Act in another of the user's memberships for the rest of the session."""
    chosen = request.POST.get("membership", "")
    membership = next(
        (m for m in active_memberships(request.user) if str(m.pk) == chosen.strip()), None
    )
    if membership is None:
        raise Http404("Not one of your active memberships.")
    request.session[SESSION_MEMBERSHIP] = membership.pk
    messages.success(
        request,
        f"You are now working as {membership.get_role_display().lower()}, "
        f"{membership.agency.name}.",
    )
    return redirect("role_home", role=membership.role)


# Error handlers: GOV.UK pages for people, the one JSON error shape under /api/.


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return json_error(request, 400, "bad_request", "The request could not be understood.")
    return render(request, "400.html", status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return json_error(
            request, 403, "permission_denied", "You do not have permission to do this."
        )
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return api_not_found(request, exception)
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page, rendered without context processors: the database may be what failed."""
    if _is_api(request):
        return api_server_error(request)
    template = loader.get_template("500.html")
    body = template.render({"request_id": getattr(request, "request_id", "")})
    return HttpResponse(body, status=500)
