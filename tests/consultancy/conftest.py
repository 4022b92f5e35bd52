"""Fixtures for every consultancy test: a case shared with the world's Ashdown social care team,
more hub workers, and team managers on both sides of a challenge.

- `shared_case` — an open, high-risk case of the world's hub in Ashdown, led by the world's
  spoke worker (who is placed in Ashdown), shared at full scope with Ashdown Children's Services
  (the world's practitioner and team manager).
- `hub_worker(placed_in=la)` — another spoke worker of the world's hub, placed in `la` (or not
  placed anywhere with `placed_in=None`).
- `police_team_manager` — a team manager at Shire Police, which covers both local authorities.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.utils import timezone

from accounts.models import User
from cases import services as case_services
from cases.models import Case, CaseShare, RiskLevel
from cases.sharing import case_share_create
from partners.models import LocalAuthority, Role
from tests import factories
from tests.conftest import World


@pytest.fixture
def shared_case(world: World) -> Case:
    case = case_services.case_open(
        by=world.hub_manager,
        hub=world.hub,
        local_authority=world.la_a,
        risk_level=RiskLevel.HIGH,
        rationale="Seen getting into cars with older males after school.",
        young_person_data={"first_name": "Morgan", "last_name": "Fictional"},
        lead_worker=world.spoke_worker,
    )
    case_share_create(
        case=case,
        by=world.hub_manager,
        agency=world.csc_a,
        scope=CaseShare.Scope.FULL,
        lawful_basis=CaseShare.LawfulBasis.SAFEGUARDING,
        reason="Strategy discussion agreed to share.",
        expires_on=timezone.localdate() + datetime.timedelta(days=60),
    )
    return Case.objects.get(pk=case.pk)


@pytest.fixture
def hub_worker(world: World) -> Callable[..., User]:
    def make(*, placed_in: LocalAuthority | None, full_name: str | None = None) -> User:
        worker = factories.member(agency=world.hub, role=Role.SPOKE_WORKER, full_name=full_name)
        if placed_in is not None:
            factories.placement(
                worker=worker, hub=world.hub, local_authority=placed_in, by=world.hub_manager
            )
        return worker

    return make


@pytest.fixture
def police_team_manager(world: World) -> User:
    return factories.member(agency=world.police, role=Role.TEAM_MANAGER)
