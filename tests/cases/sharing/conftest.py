"""A case of the world's hub in Ashdown, and a helper to share it."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from cases import services
from cases.models import Case, CaseShare, RiskLevel
from cases.sharing import case_share_create


@pytest.fixture
def case(world) -> Case:
    return services.case_open(
        by=world.hub_manager,
        hub=world.hub,
        local_authority=world.la_a,
        risk_level=RiskLevel.HIGH,
        rationale="Found with older associates after a missing episode.",
        young_person_data={"first_name": "Robin", "last_name": "Testcase"},
        lead_worker=world.spoke_worker,
    )


@pytest.fixture
def in_a_month() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=30)


@pytest.fixture
def share(world, case, in_a_month) -> Callable[..., CaseShare]:
    """Share the case (with the world's Ashdown children's services unless told otherwise)."""

    def _share(**overrides: Any) -> CaseShare:
        fields: dict[str, Any] = {
            "case": case,
            "by": world.hub_manager,
            "scope": CaseShare.Scope.SUMMARY,
            "lawful_basis": CaseShare.LawfulBasis.SAFEGUARDING,
            "reason": "Social worker is lead professional for the strategy meeting.",
            "expires_on": in_a_month,
        }
        fields.update(overrides)
        if "agency" not in fields and "professional" not in fields:
            fields["agency"] = world.csc_a
        return case_share_create(**fields)

    return _share
