"""Shared fixtures: a small partnership with one user in every role, and logged-in clients."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client

from accounts.middleware import SESSION_MFA_ENROLLED
from accounts.models import User
from partners.models import Agency, LocalAuthority, Role, SpokePlacement
from tests import factories

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require_service(available: bool, what: str) -> None:
    """Skip on a developer's machine without the service; fail loudly in CI."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"{what} is required in CI but is not available.")
    pytest.skip(f"{what} is not available here; CI runs this test.")


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Lockout counters, used TOTP codes and rate limits must not leak between tests."""
    from django.core.cache import cache

    cache.clear()


@dataclass
class World:
    la_a: LocalAuthority
    la_b: LocalAuthority
    hub: Agency
    other_hub: Agency
    csc_a: Agency
    csc_b: Agency
    police: Agency
    school: Agency
    partnership: Agency
    commissioner_body: Agency
    admin_agency: Agency
    spoke_worker: User
    other_spoke_worker: User
    hub_manager: User
    other_hub_manager: User
    practitioner: User
    team_manager: User
    other_la_practitioner: User
    partnership_manager: User
    commissioner: User
    administrator: User
    placement: SpokePlacement

    def by_role(self, name: str) -> User:
        return getattr(self, name)


@pytest.fixture
def world(db: None) -> World:
    """Two LAs, two hubs, statutory agencies and a user in every role; all synthetic."""
    la_a = factories.local_authority(name="Ashdown")
    la_b = factories.local_authority(name="Brackenford")
    hub = factories.agency(
        kind=Agency.Kind.CSE_HUB, name="Northbrook CSE Hub", local_authorities=[la_a, la_b]
    )
    other_hub = factories.agency(
        kind=Agency.Kind.CSE_HUB, name="Southmere CSE Hub", local_authorities=[la_b]
    )
    csc_a = factories.agency(name="Ashdown Children's Services", local_authorities=[la_a])
    csc_b = factories.agency(name="Brackenford Children's Services", local_authorities=[la_b])
    police = factories.agency(
        kind=Agency.Kind.POLICE, name="Shire Police", local_authorities=[la_a, la_b]
    )
    school = factories.agency(
        kind=Agency.Kind.EDUCATION, name="Ashdown Academy", local_authorities=[la_a]
    )
    partnership = factories.agency(
        kind=Agency.Kind.SAFEGUARDING_PARTNERSHIP,
        name="Ashdown Safeguarding Partnership",
        local_authorities=[la_a],
    )
    commissioner_body = factories.agency(kind=Agency.Kind.COMMISSIONER, name="National CSE Fund")
    admin_agency = factories.agency(kind=Agency.Kind.OTHER, name="CSE Hub Support")
    spoke_worker = factories.member(agency=hub, role=Role.SPOKE_WORKER, full_name="Sam Spoke")
    other_spoke_worker = factories.member(agency=other_hub, role=Role.SPOKE_WORKER)
    hub_manager = factories.member(agency=hub, role=Role.HUB_MANAGER, full_name="Harriet Hub")
    other_hub_manager = factories.member(agency=other_hub, role=Role.HUB_MANAGER)
    practitioner = factories.member(agency=csc_a, role=Role.PRACTITIONER)
    team_manager = factories.member(agency=csc_a, role=Role.TEAM_MANAGER)
    other_la_practitioner = factories.member(agency=csc_b, role=Role.PRACTITIONER)
    partnership_manager = factories.member(agency=partnership, role=Role.PARTNERSHIP_MANAGER)
    commissioner = factories.member(agency=commissioner_body, role=Role.COMMISSIONER)
    administrator = factories.member(agency=admin_agency, role=Role.ADMINISTRATOR)
    placement = factories.placement(
        worker=spoke_worker,
        hub=hub,
        local_authority=la_a,
        host_agency=csc_a,
        location_model=SpokePlacement.LocationModel.CO_LOCATED_STATUTORY,
        champion_name="Chris Champion",
        by=hub_manager,
    )
    return World(**{k: v for k, v in locals().items() if k in World.__dataclass_fields__})


@pytest.fixture
def login(client: Client) -> Callable[[User | None], Client]:
    """Log the test client in as a user who has set up two-factor authentication."""

    def _login(user: User | None) -> Client:
        client.logout()
        if user is not None:
            client.force_login(user)
            session = client.session
            session[SESSION_MFA_ENROLLED] = factories.has_totp(user)
            session.save()
        return client

    return _login
