"""A case of the world's hub in Ashdown, led by the world's spoke worker."""

from __future__ import annotations

import pytest

from cases import services
from cases.models import Case, RiskLevel


@pytest.fixture
def case(world) -> Case:
    return services.case_open(
        by=world.hub_manager,
        hub=world.hub,
        local_authority=world.la_a,
        risk_level=RiskLevel.MEDIUM,
        rationale="Older associates and missing episodes reported by school.",
        indicators=["missing_episodes", "older_partner"],
        young_person_data={"first_name": "Alex", "last_name": "Example"},
        lead_worker=world.spoke_worker,
    )
