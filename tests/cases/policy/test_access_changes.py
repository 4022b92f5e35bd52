"""Access follows shares at once: revocation, expiry, changes of scope, overlaps, closure."""

from __future__ import annotations

import datetime

import pytest

from cases import policies, services
from cases.models import CaseShare
from cases.policies import Access
from cases.sharing import case_share_change, case_share_revoke, case_shares_expire
from partners.services import membership_end
from tests.cases.policy.conftest import share_case

pytestmark = pytest.mark.django_db


def _sees(user, case) -> tuple[Access, bool]:
    return policies.access_to(user, case), policies.visible_cases(user).filter(pk=case.pk).exists()


def test_revocation_removes_access_in_the_same_request(scene, world):
    """Given a practitioner who has just read a joint case, when the share is revoked and the
    request forgets cached access, then they lose it before the request ends."""
    user, case = scene.user("joint_practitioner"), scene.case
    assert _sees(user, case) == (Access.JOINT, True)

    case_share_revoke(
        share=scene.shares["joint"], by=world.hub_manager, reason="Consent withdrawn."
    )
    policies.forget_access(user)

    assert _sees(user, case) == (Access.NONE, False)
    assert not policies.may_view_summary(user, case)
    assert not policies.visible_entries(user, case).exists()
    # Their team manager, never asked before, sees nothing either.
    assert _sees(scene.user("joint_team_manager"), case) == (Access.NONE, False)


def test_expiry_removes_access_in_the_same_request(scene):
    """Given a practitioner with a full share, when the share's date passes and expiry runs, then
    their access ends at once."""
    user, case = scene.user("full_practitioner"), scene.case
    assert _sees(user, case) == (Access.FULL, True)

    case_shares_expire(today=scene.shares["full"].expires_on + datetime.timedelta(days=1))
    policies.forget_access(user)

    assert _sees(user, case) == (Access.NONE, False)
    assert not policies.shared_cases(user).filter(pk=case.pk).exists()


def test_a_named_professionals_share_expires_with_its_date(scene):
    """Given a share to one professional, when it expires, then they lose access."""
    user, case = scene.user("named_professional"), scene.case

    case_shares_expire(today=scene.shares["named"].expires_on + datetime.timedelta(days=1))
    policies.forget_access(user)

    assert _sees(user, case) == (Access.NONE, False)


def test_summary_widened_to_joint_lets_the_practitioner_add_casework(scene, world):
    """Given a summary share, when it becomes joint, then its practitioner may read the record and
    add casework, and still never the restricted entry."""
    user, case = scene.user("summary_practitioner"), scene.case
    assert not policies.may_add_casework(user, case)
    assert not policies.visible_entries(user, case).exists()

    case_share_change(
        share=scene.shares["summary"],
        by=world.hub_manager,
        scope=CaseShare.Scope.JOINT,
        reason="Joint visit agreed at the strategy meeting.",
    )
    policies.forget_access(user)

    assert policies.access_to(user, case) == Access.JOINT
    assert policies.may_add_casework(user, case)
    assert set(policies.visible_entries(user, case)) == {scene.entries["ordinary"]}


def test_joint_narrowed_to_summary_stops_casework_and_the_record(scene, world):
    """Given a joint share, when it is narrowed to summary, then the record and casework go."""
    user, case = scene.user("joint_team_manager"), scene.case

    case_share_change(
        share=scene.shares["joint"],
        by=world.hub_manager,
        scope=CaseShare.Scope.SUMMARY,
        reason="Joint work finished; keep the social worker informed.",
    )
    policies.forget_access(user)

    assert policies.access_to(user, case) == Access.SUMMARY
    assert not policies.may_view_record(user, case)
    assert not policies.may_add_casework(user, case)


def test_a_personal_share_over_an_agency_share_gives_the_wider_of_the_two(scene, world):
    """Given an agency shared at summary and one of its practitioners shared at full, then the
    practitioner has full, their manager summary; revoking the personal share leaves summary."""
    user, manager, case = (
        scene.user("summary_practitioner"),
        scene.user("summary_team_manager"),
        scene.case,
    )
    personal = share_case(world, case, scope="full", professional=user)

    assert policies.access_to(user, case) == Access.FULL
    assert policies.access_to(manager, case) == Access.SUMMARY

    case_share_revoke(share=personal, by=world.hub_manager, reason="Interview complete.")
    policies.forget_access(user)

    assert _sees(user, case) == (Access.SUMMARY, True)


def test_revoking_the_agency_share_leaves_a_personal_share(scene, world):
    """Given an agency share and a personal one to a practitioner of it, when the agency's is
    revoked, then the named practitioner keeps theirs and their colleague loses access."""
    user, manager, case = (
        scene.user("joint_practitioner"),
        scene.user("joint_team_manager"),
        scene.case,
    )
    share_case(world, case, scope="summary", professional=user)

    case_share_revoke(share=scene.shares["joint"], by=world.hub_manager, reason="Joint work over.")
    policies.forget_access(user)

    assert _sees(user, case) == (Access.SUMMARY, True)
    assert _sees(manager, case) == (Access.NONE, False)


def test_leaving_the_agency_ends_shared_access_at_once(scene, world):
    """Given a practitioner whose membership ends today, then the agency's share no longer
    reaches them, with nothing to clean up."""
    user, case = scene.user("joint_practitioner"), scene.case

    membership_end(membership=user.memberships.get(), by=world.hub_manager)
    fresh = type(user).objects.get(pk=user.pk)

    assert _sees(fresh, case) == (Access.NONE, False)


def test_a_closed_case_takes_no_casework_and_no_shares(scene, world):
    """Given the case closes, then nobody may add casework or share it, and those who could read
    it still can."""
    case = services.case_close(
        case=scene.case,
        by=world.hub_manager,
        version=scene.case.version,
        reason="risk_reduced",
        outcome="Back in education and no missing episodes for three months.",
    )
    for role in ("allocated_worker", "hub_manager", "joint_practitioner", "named_professional"):
        user = scene.user(role)
        policies.forget_access(user)
        assert not policies.may_add_casework(user, case), role
        assert not policies.may_share_case(user, case), role
        assert policies.may_view_record(user, case), role
    assert policies.may_change_case(scene.user("hub_manager"), case)


def test_a_co_worker_who_is_taken_off_the_case_loses_it(scene, world):
    """Given a co-worker, when the hub manager reallocates without them, then their access ends."""
    user, case = scene.user("co_worker"), scene.case

    services.case_allocate(
        case=case,
        by=world.hub_manager,
        version=case.version,
        lead_worker=scene.user("allocated_worker"),
        co_workers=[],
    )
    policies.forget_access(user)

    assert _sees(user, case) == (Access.NONE, False)
