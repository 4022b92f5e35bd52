"""A case of the world's hub, callers at every level of access to it, and its casework.

Actors, by how they stand to the case (the world's Ashdown children's services is the agency
shares go to; its practitioner is the one who calls at a shared scope):

- ``anonymous``: nobody; ``other_agency``: Brackenford children's services, never shared;
  ``other_hub``: the other hub's manager;
- ``summary`` / ``full`` / ``joint``: the Ashdown practitioner, shared at that scope;
- ``team``: a spoke worker of the hub placed in Ashdown, not allocated (reads, changes nothing);
- ``lead_worker``: the world's spoke worker, who leads the case; ``hub_manager``: the hub's.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import User
from cases import casework, services
from cases.models import Case, CaseShare, CaseworkEntry, RiskLevel
from cases.sharing import case_share_create
from partners.models import Role
from tests import factories

SCOPES = {"summary", "full", "joint"}
AN_HOUR_AGO = datetime.timedelta(hours=1)


def open_case(world: Any, **overrides: Any) -> Case:
    fields: dict[str, Any] = {
        "by": world.hub_manager,
        "hub": world.hub,
        "local_authority": world.la_a,
        "risk_level": RiskLevel.MEDIUM,
        "rationale": "Missing episodes and an older associate reported by school.",
        "indicators": ["missing_episodes", "older_partner"],
        "young_person_data": {
            "first_name": "Alex",
            "last_name": "Example",
            "date_of_birth": datetime.date(2011, 5, 4),
            "safe_contact_notes": "Only through the school nurse.",
        },
        "lead_worker": world.spoke_worker,
    }
    fields.update(overrides)
    return services.case_open(**fields)


def share(world: Any, case: Case, scope: str, **overrides: Any) -> CaseShare:
    fields: dict[str, Any] = {
        "case": case,
        "by": world.hub_manager,
        "scope": scope,
        "lawful_basis": CaseShare.LawfulBasis.SAFEGUARDING,
        "reason": "The social worker leads the strategy meeting.",
        "expires_on": timezone.localdate() + datetime.timedelta(days=30),
        "agency": world.csc_a,
    }
    fields.update(overrides)
    return case_share_create(**fields)


def log_entry(case: Case, by: User, **overrides: Any) -> CaseworkEntry:
    fields: dict[str, Any] = {
        "kind": CaseworkEntry.Kind.ONE_TO_ONE,
        "occurred_at": timezone.now() - AN_HOUR_AGO,
        "attendance": CaseworkEntry.Attendance.ATTENDED,
        "summary": "Talked about staying safe online; agreed to meet weekly.",
    }
    fields.update(overrides)
    return casework.entry_create(case=case, by=by, **fields)


@pytest.fixture
def case(world: Any) -> Case:
    return open_case(world)


@pytest.fixture
def team_worker(world: Any) -> User:
    """A spoke worker of the hub placed in Ashdown, with no allocation to the case."""
    worker = factories.member(agency=world.hub, role=Role.SPOKE_WORKER, full_name="Tali Team")
    factories.placement(
        worker=worker, hub=world.hub, local_authority=world.la_a, by=world.hub_manager
    )
    return worker


@pytest.fixture
def actor(
    world: Any, case: Case, team_worker: User, login: Callable[[User | None], Client]
) -> Callable[[str], Client]:
    """A logged-in client for one of the actors above (sharing the case first if need be)."""

    def _actor(name: str) -> Client:
        if name == "anonymous":
            return login(None)
        if name in SCOPES:
            share(world, case, name)
            return login(world.practitioner)
        user = {
            "other_agency": world.other_la_practitioner,
            "other_hub": world.other_hub_manager,
            "team": team_worker,
            "lead_worker": world.spoke_worker,
            "hub_manager": world.hub_manager,
        }[name]
        return login(user)

    return _actor


@pytest.fixture
def entries(world: Any, case: Case) -> dict[str, CaseworkEntry]:
    """An ordinary entry, a restricted one and a draft, all by the lead worker."""
    return {
        "ordinary": log_entry(case, world.spoke_worker),
        "restricted": log_entry(
            case,
            world.spoke_worker,
            summary="Disclosed details about a family member; kept inside the hub.",
            restricted=True,
        ),
        "draft": log_entry(
            case,
            world.spoke_worker,
            kind=CaseworkEntry.Kind.PHONE,
            summary="Half-written note.",
            draft=True,
        ),
    }


def post(client: Client, url: str, data: Any) -> Any:
    return client.post(url, data, content_type="application/json")


def patch(client: Client, url: str, data: Any) -> Any:
    return client.patch(url, data, content_type="application/json")


def put(client: Client, url: str, data: Any) -> Any:
    return client.put(url, data, content_type="application/json")
