"""Fixtures for awareness sessions and group work, over the world and `shared_case`.

- `second_case` — another open case of the world's hub in Ashdown, led by the world's spoke
  worker (young person Robin Example).
- `awareness` — an awareness session of the world's hub at Ashdown Academy, delivered by the
  world's spoke worker; `make_awareness(**changes)` makes more.
- `programme` — a group-work programme of the world's hub in Ashdown, facilitated by the world's
  spoke worker, with `shared_case` and `second_case` taking part; `make_programme(**changes)`
  makes more (with nobody in them).
- `yesterday_evening` — an aware datetime a day ago at 17:00, for sessions.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from cases import services as case_services
from cases.models import Case, RiskLevel
from consultancy.models import AwarenessSession, GroupWorkProgramme, Topic
from consultancy.services import groupwork as services
from tests.conftest import World


@pytest.fixture
def second_case(world: World) -> Case:
    return case_services.case_open(
        by=world.hub_manager,
        hub=world.hub,
        local_authority=world.la_a,
        risk_level=RiskLevel.MEDIUM,
        rationale="Missing overnight twice; older friends with cars.",
        young_person_data={"first_name": "Robin", "last_name": "Example"},
        lead_worker=world.spoke_worker,
    )


@pytest.fixture
def make_awareness(world: World) -> Callable[..., AwarenessSession]:
    def make(**changes: Any) -> AwarenessSession:
        values: dict[str, Any] = {
            "by": world.spoke_worker,
            "hub": world.hub,
            "local_authority": world.la_a,
            "setting": AwarenessSession.Setting.SCHOOL,
            "setting_name": "Ashdown Academy",
            "delivered_on": timezone.localdate() - datetime.timedelta(days=3),
            "duration_minutes": 50,
            "young_people_reached": 28,
            "age_from": 13,
            "age_to": 14,
            "delivered_by": [world.spoke_worker],
            "topics": [Topic.ONLINE, Topic.HEALTHY_RELATIONSHIPS],
            "notes": "Year 9 PSHE lesson; good questions about sharing images.",
        }
        values.update(changes)
        return services.awareness_create(**values)

    return make


@pytest.fixture
def awareness(make_awareness: Callable[..., AwarenessSession]) -> AwarenessSession:
    return make_awareness()


@pytest.fixture
def make_programme(world: World) -> Callable[..., GroupWorkProgramme]:
    def make(**changes: Any) -> GroupWorkProgramme:
        values: dict[str, Any] = {
            "by": world.spoke_worker,
            "hub": world.hub,
            "local_authority": world.la_a,
            "title": "Healthy relationships group",
            "setting_name": "Ashdown Youth Centre",
            "starts_on": timezone.localdate() - datetime.timedelta(days=30),
            "facilitators": [world.spoke_worker],
            "description": "Six weekly sessions for girls aged 13 to 15.",
        }
        values.update(changes)
        return services.programme_create(**values)

    return make


@pytest.fixture
def programme(
    world: World,
    make_programme: Callable[..., GroupWorkProgramme],
    shared_case: Case,
    second_case: Case,
) -> GroupWorkProgramme:
    made = make_programme()
    services.participant_add(programme=made, by=world.spoke_worker, case=shared_case)
    services.participant_add(programme=made, by=world.spoke_worker, case=second_case)
    return GroupWorkProgramme.objects.get(pk=made.pk)


@pytest.fixture
def yesterday_evening() -> datetime.datetime:
    day = timezone.localdate() - datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(17, 0)))
