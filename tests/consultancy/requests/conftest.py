"""Consultancy requests driven to any status through the real services.

- `colleague` — Orla Outreach, a second spoke worker of the world's hub placed in Ashdown, so a
  request about a young person who is not named waits for someone to take or assign it (with one
  placed worker it would go straight to them).
- `make_request(status="requested", about="unnamed", **overrides)` — a request by the world's
  Ashdown practitioner (or `requester=`) to the world's hub, walked to `status`. About a case it
  needs `case=` (the `shared_case` fixture) and starts with the case's lead worker. The world's
  spoke worker takes unnamed requests and advises; the requester follows up and gives feedback.
- `actor(name)` — a logged-in client for a role in the world, or for `colleague`,
  `police_team_manager`, `anonymous`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import User
from consultancy.models import ConsultancyRequest, Urgency
from consultancy.services import requests as services
from tests.conftest import World

# The referral fixtures live beside the referral tests; linking a referral needs them here too.
from tests.referrals.conftest import make_referral, referral_values  # noqa: F401

S = ConsultancyRequest.Status
QUESTION = (
    "A 14-year-old in Year 9 has started arriving at school in new clothes and is collected by "
    "older males in cars. How should I raise this with her and with her mum?"
)
ADVICE = (
    "Talk with her about the relationships, not the gifts. Record what you see, share it with "
    "the social worker, and ask for a strategy discussion if the older males are identified."
)

_PATHS: dict[str, tuple[str, ...]] = {
    S.REQUESTED: (),
    S.ASSIGNED: ("take",),
    S.ADVISED: ("take", "advise"),
    S.FOLLOW_UP: ("take", "advise", "follow_up"),
    S.CLOSED: ("take", "advise", "feedback"),
    S.WITHDRAWN: ("withdraw",),
}


@pytest.fixture
def colleague(world: World, hub_worker: Callable[..., User]) -> User:
    return hub_worker(placed_in=world.la_a, full_name="Orla Outreach")


def _drive(item: ConsultancyRequest, *, step: str, world: World) -> ConsultancyRequest:
    worker = item.responding_worker or world.spoke_worker
    if step == "take":
        if item.status == S.REQUESTED:
            return services.consultancy_take(request=item, by=worker, version=item.version)
        return item
    if step == "advise":
        return services.consultancy_advise(
            request=item,
            by=worker,
            text=ADVICE,
            given_on=timezone.localdate(),
            time_spent_minutes=45,
            agreed_follow_up="Strategy discussion if the males are identified.",
            topics=["recognising", "engagement"],
            version=item.version,
        )
    if step == "follow_up":
        return services.consultancy_follow_up(
            request=item,
            by=item.requester,
            text="Her mum does not want police involved. Does that change anything?",
            version=item.version,
        )
    if step == "feedback":
        return services.consultancy_feedback(
            request=item,
            by=item.requester,
            helpful=True,
            feedback="Clear next steps.",
            version=item.version,
        )
    if step == "withdraw":
        return services.consultancy_withdraw(
            request=item, by=item.requester, reason="Resolved by the team.", version=item.version
        )
    raise AssertionError(f"No way to {step}")


@pytest.fixture
def make_request(world: World, colleague: User) -> Callable[..., ConsultancyRequest]:
    def _make(*, status: str = S.REQUESTED, about: str = "unnamed", **overrides: Any):
        requester = overrides.pop("requester", world.practitioner)
        agency = overrides.pop("agency", world.csc_a)
        values: dict[str, Any] = {
            "question": QUESTION,
            "urgency": Urgency.SOON,
            "preferred_contact": ConsultancyRequest.PreferredContact.IN_WRITING,
        }
        if about == "unnamed":
            values.update(local_authority=world.la_a, hub=world.hub, young_person_age=14)
        values.update(overrides)
        item = services.consultancy_request_create(
            by=requester, agency=agency, about=about, **values
        )
        for step in _PATHS[ConsultancyRequest.Status(status)]:
            item = _drive(item, step=step, world=world)
        item.refresh_from_db()
        assert item.status == status
        return item

    return _make


@pytest.fixture
def actor(
    world: World, login: Callable[[User | None], Client], colleague: User, police_team_manager: User
) -> Callable[[str], Client]:
    extra = {"colleague": colleague, "police_team_manager": police_team_manager}

    def _actor(name: str) -> Client:
        if name == "anonymous":
            return login(None)
        return login(extra[name] if name in extra else world.by_role(name))

    return _actor


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)
