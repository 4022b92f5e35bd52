"""visible_cases and access_to always agree: a list never shows a case its page would refuse."""

from __future__ import annotations

import datetime

import pytest

from cases import policies, services
from cases.sharing import case_share_revoke, case_shares_expire
from tests.cases.policy.conftest import open_case, share_case
from tests.cases.policy.test_matrix import SEATS


@pytest.fixture
def cases(scene, world):
    """Cases in every state a share or allocation can leave them, around the scene's case."""
    made = {"the scene's case": scene.case}
    made["hub case in Brackenford"] = open_case(world, local_authority=world.la_b)
    made["hub case led by the placement team worker"] = open_case(
        world, lead_worker=world.spoke_worker
    )
    made["other hub's case"] = open_case(
        world, hub=world.other_hub, local_authority=world.la_b, by=world.other_hub_manager
    )
    revoked = open_case(world)
    case_share_revoke(
        share=share_case(world, revoked, scope="joint", agency=world.csc_a),
        by=world.hub_manager,
        reason="Shared in error.",
    )
    made["case whose share was revoked"] = revoked
    expired = open_case(world)
    expiring = share_case(world, expired, scope="full", agency=world.school)
    case_shares_expire(today=expiring.expires_on + datetime.timedelta(days=1))
    made["case whose share expired"] = expired
    closed = open_case(world)
    share_case(world, closed, scope="summary", agency=world.police)
    made["closed case shared at summary"] = services.case_close(
        case=closed,
        by=world.hub_manager,
        version=closed.version,
        reason="moved_away",
        outcome="Moved to another area; records transferred.",
    )
    personal = open_case(world, local_authority=world.la_b)
    share_case(world, personal, scope="full", professional=scene.user("summary_practitioner"))
    made["case shared with one police officer"] = personal
    return made


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role", [pytest.param(role, id=label) for role, (label, _) in SEATS.items()]
)
def test_visible_cases_agrees_with_access_to(scene, cases, role):
    """Given every seat and every case state, then a case is in visible_cases exactly when
    access_to gives some access, and the lists built on them stay within it."""
    user = scene.user(role)
    policies.forget_access(user)
    visible = set(policies.visible_cases(user).values_list("pk", flat=True))
    shared = set(policies.shared_cases(user).values_list("pk", flat=True))
    allocated = set(policies.allocated_cases(user).values_list("pk", flat=True))
    hub = set(policies.hub_cases(user).values_list("pk", flat=True))

    for name, case in cases.items():
        access = policies.access_to(user, case)
        assert (case.pk in visible) == (access > policies.Access.NONE), name
    assert shared | allocated | hub <= visible
