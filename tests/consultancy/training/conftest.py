"""Training sessions made through the real services, and practitioners who attend them.

Fixtures for every training test (services, pages, API):

- `make_session(status="delivered", **overrides)` — a session of the world's hub in Ashdown,
  recorded by the world's spoke worker as its trainer, a week ago (or in a week's time when
  planned). Overrides: any `training_create` argument.
- `police_officer`, `teacher` — practitioners at Shire Police and Ashdown Academy, which both
  work in Ashdown, as the world's Ashdown social worker (`world.practitioner`) does.
- `attend(session, person, before=2, after=4)` — record a named attendee with their scores.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from accounts.models import User
from consultancy.models import Topic, TrainingAttendance, TrainingSession
from consultancy.services.training import training_attendee_add, training_create
from partners.models import Role
from tests import factories
from tests.conftest import World


@pytest.fixture
def make_session(world: World) -> Callable[..., TrainingSession]:
    def make(status: str = TrainingSession.Status.DELIVERED, **overrides: Any) -> TrainingSession:
        today = timezone.localdate()
        values: dict[str, Any] = {
            "by": world.spoke_worker,
            "hub": world.hub,
            "local_authority": world.la_a,
            "title": "Spotting the signs of exploitation",
            "audience": "Social workers and police officers in Ashdown",
            "delivered_on": today - datetime.timedelta(days=7)
            if status == TrainingSession.Status.DELIVERED
            else today + datetime.timedelta(days=7),
            "duration_minutes": 120,
            "trainers": [world.spoke_worker],
            "topics": [Topic.RECOGNISING, Topic.LANGUAGE],
            "venue": "Ashdown Civic Centre",
            "status": status,
        }
        values.update(overrides)
        return training_create(**values)

    return make


@pytest.fixture
def police_officer(world: World) -> User:
    return factories.member(agency=world.police, role=Role.PRACTITIONER, full_name="Pat Constable")


@pytest.fixture
def teacher(world: World) -> User:
    return factories.member(agency=world.school, role=Role.PRACTITIONER, full_name="Tess Teacher")


@pytest.fixture
def attend(world: World) -> Callable[..., TrainingAttendance]:
    def record(
        session: TrainingSession, person: User, *, before: int | None = 2, after: int | None = 4
    ) -> TrainingAttendance:
        return training_attendee_add(
            session=session,
            by=world.spoke_worker,
            attendee=person,
            confidence_before=before,
            confidence_after=after,
        )

    return record
