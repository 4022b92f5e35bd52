"""Helpers for posting to the administration site's forms, inlines included."""

from __future__ import annotations

from collections.abc import Iterable

from accounts.models import User
from partners.models import Membership


def membership_inline(
    user: User | None, *, existing: Iterable[Membership] = (), new: Iterable[dict] = ()
) -> dict[str, object]:
    """The user form's memberships inline as the browser posts it: existing rows, then new."""
    existing, new = list(existing), list(new)
    data: dict[str, object] = {
        "memberships-TOTAL_FORMS": len(existing) + len(new),
        "memberships-INITIAL_FORMS": len(existing),
        "memberships-MIN_NUM_FORMS": 0,
        "memberships-MAX_NUM_FORMS": 1000,
    }
    rows: list[dict[str, object]] = [
        {
            "id": m.pk,
            "user": m.user_id,
            "agency": m.agency_id,
            "role": m.role,
            "starts_on": m.starts_on.isoformat(),
            "ends_on": m.ends_on.isoformat() if m.ends_on else "",
        }
        for m in existing
    ]
    rows += [{"user": user.pk if user else "", "ends_on": "", **row} for row in new]
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"memberships-{index}-{key}"] = value
    return data


def user_form(user: User, **overrides: object) -> dict[str, object]:
    """A user's change form as it stands, with `overrides`, and their memberships unchanged."""
    data: dict[str, object] = {
        "email": user.email,
        "full_name": user.full_name,
        "job_title": user.job_title,
        "phone": user.phone,
        **membership_inline(user, existing=Membership.objects.filter(user=user).order_by("pk")),
    }
    data.update(overrides)
    return data
