"""Callers of the referrals API by how they stand to a referral made by the world's practitioner.

- ``anonymous``: nobody;
- ``referrer``: the Ashdown children's services practitioner who made it;
- ``colleague``: another practitioner of the same agency (not the referrer);
- ``team_manager``: the team manager of that agency;
- ``other_agency``: a Brackenford children's services practitioner;
- ``hub_manager``: the receiving hub's manager; ``other_hub_manager``: the other hub's;
- ``allocated_worker``: the world's spoke worker (allocated when the referral is);
- ``unallocated_worker``: another spoke worker of the hub, never allocated;
- ``partnership_manager``: the Ashdown safeguarding partnership's manager.

Referrals come from `make_referral` (tests/referrals/conftest.py), walked through the services.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from partners.models import Role
from referrals.models import Referral
from tests import factories
from tests.conftest import World

# Every caller, in the order permission tests list them.
ACTORS = (
    "anonymous",
    "other_agency",
    "other_hub_manager",
    "partnership_manager",
    "colleague",
    "unallocated_worker",
    "referrer",
    "team_manager",
    "allocated_worker",
    "hub_manager",
)
# The fields of the referrer's view: what they wrote, status, outcome and the worker's contact.
REFERRER_FIELDS = {
    "id",
    "view",
    "reference",
    "status",
    "referrer",
    "referrer_agency",
    "referrer_phone",
    "local_authority",
    "hub",
    "first_name",
    "last_name",
    "known_as",
    "date_of_birth",
    "gender",
    "address_area",
    "school_or_setting",
    "indicators",
    "narrative",
    "urgency",
    "young_person_aware",
    "young_person_consents",
    "no_consent_basis",
    "no_consent_reason",
    "parents_aware",
    "decision_reason",
    "signposted_to",
    "allocated_worker",
    "withdrawn_reason",
    "created_at",
    "submitted_at",
    "screening_started_at",
    "decided_at",
    "allocated_at",
    "withdrawn_at",
    "version",
}
WORKER_FIELDS = REFERRER_FIELDS | {"case", "first_contact_at"}
HUB_FIELDS = WORKER_FIELDS | {
    "screening_notes",
    "screened_by",
    "match_decision",
    "young_person",
    "decided_by",
    "allocated_by",
    "updated_at",
}


@pytest.fixture
def colleague(world: World) -> User:
    return factories.member(agency=world.csc_a, role=Role.PRACTITIONER, full_name="Casey Colleague")


@pytest.fixture
def unallocated_worker(world: World) -> User:
    worker = factories.member(agency=world.hub, role=Role.SPOKE_WORKER, full_name="Uma Other")
    factories.placement(
        worker=worker, hub=world.hub, local_authority=world.la_a, by=world.hub_manager
    )
    return worker


@pytest.fixture
def user_called(world: World, colleague: User, unallocated_worker: User) -> Callable[[str], User]:
    def _user(name: str) -> User:
        return {
            "referrer": world.practitioner,
            "colleague": colleague,
            "team_manager": world.team_manager,
            "other_agency": world.other_la_practitioner,
            "hub_manager": world.hub_manager,
            "other_hub_manager": world.other_hub_manager,
            "allocated_worker": world.spoke_worker,
            "unallocated_worker": unallocated_worker,
            "partnership_manager": world.partnership_manager,
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


def detail_url(referral: Referral | int, step: str | None = None) -> str:
    pk = referral if isinstance(referral, int) else referral.pk
    if step is None:
        return reverse("api:referral-detail", kwargs={"pk": pk})
    return reverse(f"api:referral-{step}", kwargs={"pk": pk})


def post(client: Client, url: str, data: Any) -> Any:
    return client.post(url, data, content_type="application/json")


def patch(client: Client, url: str, data: Any) -> Any:
    return client.patch(url, data, content_type="application/json")


def reloaded(referral: Referral) -> Referral:
    return Referral.objects.get(pk=referral.pk)
