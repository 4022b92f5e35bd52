"""Fixtures for the practice challenge tests: challenges raised through the services.

- `make_challenge(...)` — a challenge raised by the world's spoke worker with Ashdown Children's
  Services in Ashdown (optionally about `shared_case`), open unless `resolved=True`.
- callers by how they stand to such a challenge: `raiser` (the worker who raised it),
  `hub_manager` (the hub's manager), `hub_colleague` (another worker of the hub: not theirs),
  `team_manager` (the challenged agency's team manager: sees it, may not change it),
  `practitioner` (a practitioner of the challenged agency: not a team manager),
  `police_team_manager` (another agency's team manager), `other_agency` (Brackenford's
  practitioner) and `other_hub_manager` (the other hub's manager).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import User
from consultancy.models import PracticeChallenge
from consultancy.services.challenges import challenge_raise, challenge_resolve
from partners.models import Role
from tests import factories
from tests.conftest import World

CONCERN = "Case closed after one missed visit, with no strategy discussion about the risks."


@pytest.fixture
def make_challenge(world: World) -> Callable[..., PracticeChallenge]:
    def make(
        *,
        by: User | None = None,
        case: Any = None,
        resolved: bool = False,
        raised_on: datetime.date | None = None,
        level: int = PracticeChallenge.Level.PRACTITIONER,
        agency: Any = None,
    ) -> PracticeChallenge:
        challenge = challenge_raise(
            by=by or world.spoke_worker,
            hub=world.hub,
            challenged_agency=agency or world.csc_a,
            local_authority=world.la_a,
            category=PracticeChallenge.Category.CLOSED_TOO_EARLY,
            concern=CONCERN,
            raised_on=raised_on or timezone.localdate() - datetime.timedelta(days=10),
            level=level,
            case=case,
        )
        if resolved:
            challenge = challenge_resolve(
                challenge=challenge,
                by=world.hub_manager,
                outcome=PracticeChallenge.Outcome.PRACTICE_CHANGED,
                resolution="Case reopened and a strategy meeting held.",
                resolved_on=timezone.localdate(),
                version=challenge.version,
            )
        return challenge

    return make


@pytest.fixture
def hub_colleague(world: World) -> User:
    return factories.member(agency=world.hub, role=Role.SPOKE_WORKER, full_name="Orla Outreach")


@pytest.fixture
def user_called(
    world: World, hub_colleague: User, police_team_manager: User
) -> Callable[[str], User]:
    def _user(name: str) -> User:
        return {
            "raiser": world.spoke_worker,
            "hub_manager": world.hub_manager,
            "hub_colleague": hub_colleague,
            "team_manager": world.team_manager,
            "practitioner": world.practitioner,
            "police_team_manager": police_team_manager,
            "other_agency": world.other_la_practitioner,
            "other_hub_manager": world.other_hub_manager,
        }[name]

    return _user


@pytest.fixture
def actor(
    user_called: Callable[[str], User], login: Callable[[User | None], Client]
) -> Callable[[str], Client]:
    """A logged-in client for one of the callers above, or nobody for 'anonymous'."""

    def _actor(name: str) -> Client:
        return login(None if name == "anonymous" else user_called(name))

    return _actor
