"""Navigation by the role the user is acting in, for the base layout."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from partners.models import Membership, Role
from partners.selectors import active_memberships


@dataclass(frozen=True)
class NavItem:
    text: str
    href: str
    current: bool = False
    children: tuple[NavItem, ...] = field(default_factory=tuple)


# (text, URL name) per role, after "Home". Pages a role's policy lets it use; the pages still
# ask the policy themselves, so a link here grants nothing. Further names, where given, are
# sections whose pages also make the item current (a referral's pages sit under the referrals
# list, wherever the role's own list is; awareness sessions and group work share one item).
_ROLE_ITEMS: dict[str, tuple[tuple[str, ...], ...]] = {
    Role.SPOKE_WORKER: (
        ("Caseload", "cases:case_list"),
        ("Referrals", "referrals:allocated", "referrals:list"),
        ("Consultancy", "consultancy:inbox", "consultancy:request_list"),
        ("Training", "consultancy:training_list"),
        ("Awareness and groups", "consultancy:awareness_list", "consultancy:programme_list"),
        ("Resources", "consultancy:resource_list"),
        ("Challenges", "consultancy:challenge_list"),
        ("Your balance", "consultancy:balance"),
        ("Supervision", "partners:supervision_list"),
    ),
    Role.HUB_MANAGER: (
        ("Referrals", "referrals:queue", "referrals:list"),
        ("Cases", "cases:case_list"),
        ("Consultancy", "consultancy:inbox", "consultancy:request_list"),
        ("Training", "consultancy:training_list"),
        ("Awareness and groups", "consultancy:awareness_list", "consultancy:programme_list"),
        ("Resources", "consultancy:resource_list"),
        ("Challenges", "consultancy:challenge_list"),
        ("Balance", "consultancy:hub_balance", "consultancy:balance"),
        ("Placements", "partners:placement_list"),
        ("Sharing agreements", "partners:agreement_list"),
        ("Supervision", "partners:supervision_list"),
        ("Dashboards", "dashboards:index"),
        ("Reminder settings", "partners:reminder_settings"),
    ),
    Role.PRACTITIONER: (
        ("Referrals", "referrals:list"),
        ("Consultancy", "consultancy:request_list"),
        ("Shared cases", "cases:case_list"),
        ("Training", "consultancy:training_attended"),
        ("Resources", "consultancy:resource_list"),
        ("Sharing agreements", "partners:agreement_list"),
    ),
    Role.TEAM_MANAGER: (
        ("Referrals", "referrals:list"),
        ("Consultancy", "consultancy:request_list"),
        ("Shared cases", "cases:case_list"),
        ("Practice challenges", "consultancy:challenge_list"),
        ("Training", "consultancy:training_attended"),
        ("Resources", "consultancy:resource_list"),
        ("Sharing agreements", "partners:agreement_list"),
    ),
    Role.PARTNERSHIP_MANAGER: (
        ("Dashboards", "dashboards:index"),
        ("Sharing agreements", "partners:agreement_list"),
        ("Resources", "consultancy:resource_list"),
    ),
    Role.COMMISSIONER: (("Dashboards", "dashboards:index"),),
    Role.ADMINISTRATOR: (("Administration", "admin:index"),),
}

_ACCOUNT_ITEMS = (
    ("Your memberships and placements", "partners:my_memberships"),
    ("Notification emails", "notifications:settings"),
    ("Two-factor authentication", "mfa_index"),
    ("Change your password", "account_change_password"),
)


def _url(name: str, **kwargs: Any) -> str | None:
    # Pages arrive app by app; a name not yet routed is left out rather than breaking every page.
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return None


def _is_current(path: str, href: str, *, exact: bool = False) -> bool:
    return path == href if exact else path.startswith(href)


def navigation_items(*, path: str, membership: Membership | None) -> list[NavItem]:
    """The service navigation for a user acting in `membership`: home, role pages, account."""
    if membership is None:
        items: list[NavItem] = []
    else:
        home = _url("role_home", role=membership.role)
        items = [NavItem("Home", home, _is_current(path, home, exact=True))] if home else []
        for text, name, *section in _ROLE_ITEMS.get(membership.role, ()):
            href = _url(name)
            if href:
                within = [url for name in section if (url := _url(name))]
                current = _is_current(path, href) or any(_is_current(path, u) for u in within)
                items.append(NavItem(text, href, current))
    account = [
        NavItem(text, href, _is_current(path, href))
        for text, name in _ACCOUNT_ITEMS
        if (href := _url(name))
    ]
    if account:
        # The account item is current only where no role item already claims the page.
        claimed = any(item.current for item in items)
        current = not claimed and any(child.current for child in account)
        # Link to the first account page the navigation does not already show.
        shown = {item.href for item in items}
        href = next((child.href for child in account if child.href not in shown), account[0].href)
        items.append(NavItem("Your account", href, current, tuple(account)))
    return items


def navigation(request: HttpRequest) -> dict[str, Any]:
    """`navigation` (service navigation items), `memberships` and `current_membership`."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": [], "memberships": [], "current_membership": None}
    membership: Membership | None = getattr(request, "membership", None)
    return {
        "navigation": navigation_items(path=request.path, membership=membership),
        # Cached on the user by the membership middleware: no query here.
        "memberships": active_memberships(user),
        "current_membership": membership,
    }
