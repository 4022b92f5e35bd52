"""One case seen from every seat at the table in DESIGN.md "Who may see what".

The case belongs to the world's hub in Ashdown. It is led by a hub worker placed elsewhere (so
allocation alone explains their access), co-worked by another, and shared with three agencies at
summary, full and joint scope and with one named professional. It holds an ordinary entry, a
restricted one and the lead worker's draft.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

import pytest
from django.utils import timezone

from accounts.models import User
from cases import services
from cases.models import Case, CaseShare, CaseworkEntry, RiskLevel
from cases.sharing import break_glass_open, case_share_create
from partners.models import Agency, Role
from tests import factories


@dataclass
class Scene:
    case: Case
    users: dict[str, User]
    entries: dict[str, CaseworkEntry]
    shares: dict[str, CaseShare] = field(default_factory=dict)

    def user(self, role: str) -> User:
        return self.users[role]


def open_case(world, *, local_authority=None, lead_worker=None, hub=None, by=None) -> Case:
    return services.case_open(
        by=by or world.hub_manager,
        hub=hub or world.hub,
        local_authority=local_authority or world.la_a,
        risk_level=RiskLevel.HIGH,
        rationale="Seen getting into cars with older males after school.",
        young_person_data={"first_name": "Morgan", "last_name": "Fictional"},
        lead_worker=lead_worker,
    )


def share_case(world, case: Case, *, scope: str, **target) -> CaseShare:
    return case_share_create(
        case=case,
        by=world.hub_manager,
        scope=scope,
        lawful_basis=CaseShare.LawfulBasis.SAFEGUARDING,
        reason="Multi-agency strategy discussion agreed to share.",
        expires_on=timezone.localdate() + datetime.timedelta(days=30),
        **target,
    )


def add_entry(case: Case, *, author: User, agency: Agency, **fields) -> CaseworkEntry:
    """An entry as the casework service leaves it (written directly: these tests are of reads)."""
    values = {
        "kind": CaseworkEntry.Kind.ONE_TO_ONE,
        "occurred_at": timezone.now() - datetime.timedelta(hours=2),
        "attendance": CaseworkEntry.Attendance.ATTENDED,
        "summary": "Talked about friendships and staying safe online.",
        **fields,
    }
    return CaseworkEntry.objects.create(case=case, author=author, author_agency=agency, **values)


def hub_worker(world, *, placed_in) -> User:
    worker = factories.member(agency=world.hub, role=Role.SPOKE_WORKER)
    factories.placement(
        worker=worker, hub=world.hub, local_authority=placed_in, by=world.hub_manager
    )
    return worker


@pytest.fixture
def scene(world) -> Scene:
    allocated = hub_worker(world, placed_in=world.la_b)
    co_worker = hub_worker(world, placed_in=world.la_b)
    same_hub_other_la = hub_worker(world, placed_in=world.la_b)
    factories.placement(
        worker=world.other_spoke_worker,
        hub=world.other_hub,
        local_authority=world.la_b,
        by=world.other_hub_manager,
    )
    case = open_case(world, lead_worker=allocated)
    case = services.case_allocate(
        case=case,
        by=world.hub_manager,
        version=case.version,
        lead_worker=allocated,
        co_workers=[co_worker],
    )
    named = factories.member(agency=world.csc_b, role=Role.PRACTITIONER)
    users = {
        "allocated_worker": allocated,
        "co_worker": co_worker,
        "placement_team_worker": world.spoke_worker,
        "same_hub_other_la_worker": same_hub_other_la,
        "other_hub_worker": world.other_spoke_worker,
        "hub_manager": world.hub_manager,
        "other_hub_manager": world.other_hub_manager,
        "summary_practitioner": factories.member(agency=world.police, role=Role.PRACTITIONER),
        "summary_team_manager": factories.member(agency=world.police, role=Role.TEAM_MANAGER),
        "full_practitioner": factories.member(agency=world.school, role=Role.PRACTITIONER),
        "full_team_manager": factories.member(agency=world.school, role=Role.TEAM_MANAGER),
        "joint_practitioner": world.practitioner,
        "joint_team_manager": world.team_manager,
        "unshared_practitioner": world.other_la_practitioner,
        "named_professional": named,
        "partnership_manager": world.partnership_manager,
        "commissioner": world.commissioner,
        "administrator": world.administrator,
        "break_glass_administrator": factories.member(
            agency=world.admin_agency, role=Role.ADMINISTRATOR
        ),
    }
    shares = {
        "summary": share_case(world, case, scope="summary", agency=world.police),
        "full": share_case(world, case, scope="full", agency=world.school),
        "joint": share_case(world, case, scope="joint", agency=world.csc_a),
        "named": share_case(world, case, scope="joint", professional=named),
    }
    entries = {
        "ordinary": add_entry(case, author=allocated, agency=world.hub),
        "restricted": add_entry(
            case,
            author=allocated,
            agency=world.hub,
            restricted=True,
            summary="Disclosure about a family member: kept inside the hub.",
        ),
        "lead worker's draft": add_entry(
            case, author=allocated, agency=world.hub, status=CaseworkEntry.Status.DRAFT
        ),
    }
    break_glass_open(
        case=case,
        by=users["break_glass_administrator"],
        reason="Subject access request needs the record checked.",
    )
    case.refresh_from_db()
    return Scene(case=case, users=users, entries=entries, shares=shares)
