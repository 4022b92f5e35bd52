"""Cases of the world's hub, a way to log casework quickly, and a way to share a case."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from accounts.models import User
from cases import casework, services
from cases.models import Case, CaseShare, CaseworkEntry, RiskLevel
from cases.policies import forget_access
from partners.models import Agency
from partners.object_permissions import grant_to_agency


@pytest.fixture
def open_case(world) -> Callable[..., Case]:
    """Open a case of the world's hub in Ashdown (led by the world's spoke worker by default)."""

    def _open(**overrides: Any) -> Case:
        fields: dict[str, Any] = {
            "by": world.hub_manager,
            "hub": world.hub,
            "local_authority": world.la_a,
            "risk_level": RiskLevel.MEDIUM,
            "rationale": "Missing overnight twice; seen with older associates.",
            "indicators": ["missing_episodes"],
            "young_person_data": {"first_name": "Jordan", "last_name": "Sample"},
            "lead_worker": world.spoke_worker,
        }
        fields.update(overrides)
        return services.case_open(**fields)

    return _open


@pytest.fixture
def case(open_case) -> Case:
    return open_case()


@pytest.fixture
def an_hour_ago() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(hours=1)


@pytest.fixture
def log(world, case, an_hour_ago) -> Callable[..., CaseworkEntry]:
    """Log a one-to-one session the young person attended (fields may be overridden)."""

    def _log(**overrides: Any) -> CaseworkEntry:
        fields: dict[str, Any] = {
            "case": case,
            "by": world.spoke_worker,
            "kind": CaseworkEntry.Kind.ONE_TO_ONE,
            "occurred_at": an_hour_ago,
            "attendance": CaseworkEntry.Attendance.ATTENDED,
            "summary": "Talked about safe adults and who to call.",
            "duration_minutes": 45,
        }
        fields.update(overrides)
        return casework.entry_create(**fields)

    return _log


@pytest.fixture
def grant() -> Callable[..., None]:
    """Share a case with an agency at a scope by writing the guardian rows a share would."""

    def _grant(*, case: Case, agency: Agency, scope: str, users: tuple[User, ...] = ()) -> None:
        for codename in CaseShare.PERMISSIONS[scope]:
            grant_to_agency(perm=f"cases.{codename}", obj=case, agency=agency)
        for user in users:
            forget_access(user)

    return _grant
