"""A case of the world's hub in Ashdown, led by the world's spoke worker, with its record.

The case is shared with Ashdown children's services (the world's practitioner and team
manager) at summary scope and with the school at full scope. It holds an ordinary entry and a
restricted one by the lead worker, a scheduled review and the police's involvement.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from accounts.models import User
from cases import casework, record, services
from cases.models import AgencyInvolvement, Case, CaseReview, CaseShare, CaseworkEntry, RiskLevel
from cases.sharing import case_share_create
from partners.models import Role
from tests import factories

ORDINARY_SUMMARY = "Talked about friendships and staying safe online."
RESTRICTED_SUMMARY = "Disclosed the name of an adult she is frightened of."


def open_case(world, *, first_name: str = "Robin", lead_worker: User | None = None) -> Case:
    return services.case_open(
        by=world.hub_manager,
        hub=world.hub,
        local_authority=world.la_a,
        risk_level=RiskLevel.HIGH,
        rationale="Found with older associates after a missing episode.",
        young_person_data={"first_name": first_name, "last_name": "Pagetest"},
        lead_worker=lead_worker or world.spoke_worker,
    )


def share_case(world, case: Case, *, scope: str, **target) -> CaseShare:
    return case_share_create(
        case=case,
        by=world.hub_manager,
        scope=scope,
        lawful_basis=CaseShare.LawfulBasis.SAFEGUARDING,
        reason="Strategy discussion agreed to share.",
        expires_on=timezone.localdate() + datetime.timedelta(days=30),
        **target,
    )


def log_entry(case: Case, *, by: User, summary: str = ORDINARY_SUMMARY, **fields) -> CaseworkEntry:
    values = {
        "kind": CaseworkEntry.Kind.ONE_TO_ONE,
        "occurred_at": timezone.now() - datetime.timedelta(hours=2),
        "attendance": CaseworkEntry.Attendance.ATTENDED,
        **fields,
    }
    return casework.entry_create(case=case, by=by, summary=summary, **values)


@dataclass
class Scene:
    case: Case
    entry: CaseworkEntry
    restricted_entry: CaseworkEntry
    summary_share: CaseShare
    full_share: CaseShare
    review: CaseReview
    involvement: AgencyInvolvement
    full_practitioner: User


@pytest.fixture
def scene(world) -> Scene:
    case = open_case(world)
    entry = log_entry(case, by=world.spoke_worker)
    restricted_entry = log_entry(
        case, by=world.spoke_worker, summary=RESTRICTED_SUMMARY, restricted=True
    )
    full_practitioner = factories.member(agency=world.school, role=Role.PRACTITIONER)
    summary_share = share_case(world, case, scope=CaseShare.Scope.SUMMARY, agency=world.csc_a)
    full_share = share_case(world, case, scope=CaseShare.Scope.FULL, agency=world.school)
    review = record.review_schedule(
        case=case, by=world.hub_manager, due_on=timezone.localdate() + datetime.timedelta(days=7)
    )
    involvement = record.involvement_add(
        case=case,
        by=world.hub_manager,
        agency=world.police,
        professional_name="PC Alex Example",
        professional_role="Missing persons coordinator",
    )
    case.refresh_from_db()
    return Scene(
        case=case,
        entry=entry,
        restricted_entry=restricted_entry,
        summary_share=summary_share,
        full_share=full_share,
        review=review,
        involvement=involvement,
        full_practitioner=full_practitioner,
    )
