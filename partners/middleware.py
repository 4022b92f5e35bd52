"""Work out which membership (agency and role) the user is acting in for this request."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from audit import context
from partners.models import Membership
from partners.selectors import active_memberships

SESSION_MEMBERSHIP = "cse_hub_membership_id"


def current_membership(request: HttpRequest) -> Membership | None:
    """The membership chosen in this session, else the user's first in force today."""
    memberships = active_memberships(request.user)
    if not memberships:
        return None
    chosen = request.session.get(SESSION_MEMBERSHIP) if hasattr(request, "session") else None
    for membership in memberships:
        if membership.pk == chosen:
            return membership
    return memberships[0]


class CurrentMembershipMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        membership = current_membership(request) if request.user.is_authenticated else None
        request.membership = membership  # type: ignore[attr-defined]
        context.set_agency(membership.agency_id if membership else None)
        return self.get_response(request)
