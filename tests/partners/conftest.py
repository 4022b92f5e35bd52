"""Fixtures for the partnership pages: an agreement, a supervision record, and many of each."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.http.response import HttpResponseBase
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from partners.models import (
    InformationSharingAgreement,
    Role,
    SpokePlacement,
    SupervisionRecord,
)
from tests import factories
from tests.conftest import World


@pytest.fixture
def agreement(world: World) -> InformationSharingAgreement:
    """An active agreement between the hub and Ashdown children's services, review a year off."""
    today = timezone.localdate()
    return factories.agreement(
        parties=[world.hub, world.csc_a],
        local_authority=world.la_a,
        by=world.hub_manager,
        signed_on=today - datetime.timedelta(days=30),
        review_due_on=today + datetime.timedelta(days=365),
    )


@pytest.fixture
def supervision(world: World) -> SupervisionRecord:
    """The hub manager's supervision of the hub's spoke worker, a week ago."""
    return factories.supervision(
        worker=world.spoke_worker,
        hub=world.hub,
        supervisor=world.hub_manager,
        by=world.hub_manager,
        held_on=timezone.localdate() - datetime.timedelta(days=7),
    )


@pytest.fixture
def make_placements(world: World) -> Callable[[int], list[SpokePlacement]]:
    """Make `n` more spoke workers in the hub, each with an outreach placement in Ashdown."""

    def _make(n: int) -> list[SpokePlacement]:
        made = []
        for _ in range(n):
            worker = factories.member(agency=world.hub, role=Role.SPOKE_WORKER, mfa=False)
            made.append(
                factories.placement(
                    worker=worker,
                    hub=world.hub,
                    local_authority=world.la_a,
                    location_model=SpokePlacement.LocationModel.OUTREACH,
                    by=world.hub_manager,
                )
            )
        return made

    return _make


@pytest.fixture
def make_agreements(world: World) -> Callable[[int], list[InformationSharingAgreement]]:
    """Make `n` more agreements between the hub, Ashdown children's services and the police."""

    def _make(n: int) -> list[InformationSharingAgreement]:
        return [
            factories.agreement(
                parties=[world.hub, world.csc_a, world.police],
                local_authority=world.la_a,
                by=world.hub_manager,
                signed_on=timezone.localdate() - datetime.timedelta(days=30),
                review_due_on=timezone.localdate() + datetime.timedelta(days=365),
            )
            for _ in range(n)
        ]

    return _make


@pytest.fixture
def make_workers(world: World) -> Callable[[int], list[User]]:
    """Make `n` more spoke workers in the hub, each supervised once, long ago."""

    def _make(n: int) -> list[User]:
        workers = []
        for _ in range(n):
            worker = factories.member(agency=world.hub, role=Role.SPOKE_WORKER, mfa=False)
            factories.supervision(
                worker=worker,
                hub=world.hub,
                supervisor=world.hub_manager,
                by=world.hub_manager,
                held_on=timezone.localdate() - datetime.timedelta(days=60),
            )
            workers.append(worker)
        return workers

    return _make


Login = Callable[[User | None], Client]


def as_actor(world: World, login: Login, actor: str) -> Client:
    """The test client logged in as the world's user in that role ("anonymous": logged out)."""
    return login(None if actor == "anonymous" else world.by_role(actor))


def assert_sent_to_log_in(response: HttpResponseBase) -> None:
    """A redirect to the product's login page."""
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def date_data(name: str, day: datetime.date | None) -> dict[str, str]:
    """The three boxes of a GOV.UK date input, as a browser posts them."""
    if day is None:
        return {f"{name}_day": "", f"{name}_month": "", f"{name}_year": ""}
    return {
        f"{name}_day": str(day.day),
        f"{name}_month": str(day.month),
        f"{name}_year": str(day.year),
    }
