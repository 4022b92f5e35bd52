"""case_share_change and case_share_revoke: permissions follow the share, in the same step."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from audit.models import AuditEvent
from cases import services
from cases.models import CaseShare
from cases.sharing import case_share_change, case_share_create, case_share_revoke
from tests.cases.sharing.helpers import group_codenames, user_codenames

pytestmark = pytest.mark.django_db

REASON = "Joint visit planned with the social worker."


@pytest.mark.parametrize(
    ("start", "to", "codenames"),
    [
        pytest.param(
            "summary",
            "joint",
            {"view_case_summary", "view_case_full", "add_case_casework"},
            id="summary widened to joint",
        ),
        pytest.param("joint", "summary", {"view_case_summary"}, id="joint narrowed to summary"),
        pytest.param(
            "full", "summary", {"view_case_summary"}, id="full narrowed to summary drops the record"
        ),
    ],
)
def test_changing_the_scope_changes_the_rows(world, case, share, start, to, codenames):
    """Given a live share, when its scope changes, then the group holds exactly the new scope."""
    made = share(scope=start)

    changed = case_share_change(share=made, by=world.hub_manager, scope=to, reason=REASON)

    assert changed.scope == to
    assert group_codenames(agency=world.csc_a, case=case) == codenames


def test_a_change_is_audited_with_the_previous_scope(world, case, share):
    """Given a change, then SHARE_CHANGED records ids, both scopes, the fields and the reason."""
    made = share()

    case_share_change(share=made, by=world.hub_manager, scope="joint", reason=REASON)

    event = AuditEvent.objects.get(action=AuditEvent.Action.SHARE_CHANGED)
    assert event.case_id == case.pk
    assert event.reason == REASON
    assert event.metadata == {
        "share_id": made.pk,
        "agency_id": world.csc_a.pk,
        "professional_id": None,
        "scope": "joint",
        "previous_scope": "summary",
        "fields": ["scope"],
    }


def test_the_end_date_can_be_moved(world, case, share):
    """Given a new end date within 12 months, then the share keeps its scope and ends then."""
    made = share()
    later = timezone.localdate() + datetime.timedelta(days=90)

    changed = case_share_change(
        share=made, by=world.hub_manager, scope=made.scope, reason=REASON, expires_on=later
    )

    assert changed.expires_on == later
    assert CaseShare.objects.get(pk=made.pk).expires_on == later


def test_an_end_date_over_a_year_ahead_is_refused_on_change(world, case, share):
    """Given a change to an end date over 12 months ahead, then it is refused and nothing moves."""
    made = share()

    with pytest.raises(ValidationError) as refused:
        case_share_change(
            share=made,
            by=world.hub_manager,
            scope="joint",
            reason=REASON,
            expires_on=timezone.localdate() + datetime.timedelta(days=500),
        )

    assert "12 months" in refused.value.message_dict["expires_on"][0]
    assert CaseShare.objects.get(pk=made.pk).scope == "summary"
    assert group_codenames(agency=world.csc_a, case=case) == {"view_case_summary"}


def test_a_change_that_changes_nothing_is_refused(world, case, share):
    """Given the same scope and no new date, then the change is refused as having nothing to do."""
    made = share()

    with pytest.raises(ValidationError, match="nothing to change"):
        case_share_change(share=made, by=world.hub_manager, scope="summary", reason=REASON)


def test_a_change_needs_a_reason(world, case, share):
    """Given a blank reason, then the change is refused on the reason."""
    made = share()

    with pytest.raises(ValidationError) as refused:
        case_share_change(share=made, by=world.hub_manager, scope="joint", reason="")

    assert "reason" in refused.value.message_dict


def test_a_revoked_share_cannot_be_changed(world, case, share):
    """Given a revoked share, then changing it is refused and no permission comes back."""
    made = share()
    case_share_revoke(share=made, by=world.hub_manager, reason="No longer needed.")

    with pytest.raises(ValidationError, match="already ended"):
        case_share_change(share=made, by=world.hub_manager, scope="joint", reason=REASON)
    assert group_codenames(agency=world.csc_a, case=case) == set()


def test_a_share_of_a_closed_case_cannot_be_changed(world, case, share):
    """Given the case has closed, then a share of it cannot be widened."""
    made = share()
    services.case_close(
        case=case,
        by=world.hub_manager,
        version=case.version,
        reason="outcomes_met",
        outcome="Safe and settled.",
    )

    with pytest.raises(ValidationError, match="closed"):
        case_share_change(share=made, by=world.hub_manager, scope="joint", reason=REASON)


def test_revoking_removes_the_rows_and_is_audited(world, case, share):
    """Given a live share, when it is revoked, then its rows go and SHARE_REVOKED is written."""
    made = share(scope="joint")

    revoked = case_share_revoke(share=made, by=world.hub_manager, reason="Consent withdrawn.")

    assert not revoked.is_live
    assert revoked.revoked_by == world.hub_manager
    assert revoked.revoke_reason == "Consent withdrawn."
    assert group_codenames(agency=world.csc_a, case=case) == set()
    event = AuditEvent.objects.get(action=AuditEvent.Action.SHARE_REVOKED)
    assert (event.case_id, event.reason, event.actor) == (
        case.pk,
        "Consent withdrawn.",
        world.hub_manager,
    )
    assert event.metadata == {
        "share_id": made.pk,
        "agency_id": world.csc_a.pk,
        "professional_id": None,
        "scope": "joint",
    }


def test_revoking_needs_a_reason(world, case, share):
    """Given no reason, then revocation is refused and the share stays live."""
    made = share()

    with pytest.raises(ValidationError) as refused:
        case_share_revoke(share=made, by=world.hub_manager, reason=" ")

    assert "reason" in refused.value.message_dict
    assert CaseShare.objects.get(pk=made.pk).is_live


def test_revoking_twice_is_refused(world, case, share):
    """Given a revoked share, then revoking it again says it has already ended."""
    made = share()
    case_share_revoke(share=made, by=world.hub_manager, reason="No longer needed.")

    with pytest.raises(ValidationError, match="already ended"):
        case_share_revoke(share=made, by=world.hub_manager, reason="No longer needed.")
    assert AuditEvent.objects.filter(action=AuditEvent.Action.SHARE_REVOKED).count() == 1


def test_a_share_of_a_closed_case_can_still_be_revoked(world, case, share):
    """Given the case has closed, then its share can still be revoked."""
    made = share()
    services.case_close(
        case=case,
        by=world.hub_manager,
        version=case.version,
        reason="outcomes_met",
        outcome="Safe and settled.",
    )

    case_share_revoke(share=made, by=world.hub_manager, reason="Case closed.")

    assert group_codenames(agency=world.csc_a, case=case) == set()


def test_revoking_a_professional_share_leaves_their_agency_share(world, case, share):
    """Given an agency share and a wider share to one of its professionals, when the professional's
    is revoked, then the agency's rows stay and the professional's go."""
    share(scope="summary")
    personal = share(professional=world.practitioner, scope="joint")

    case_share_revoke(share=personal, by=world.hub_manager, reason="Visit done.")

    assert group_codenames(agency=world.csc_a, case=case) == {"view_case_summary"}
    assert user_codenames(user=world.practitioner, case=case) == set()


def test_revoking_one_of_two_live_shares_to_a_group_keeps_what_the_other_grants(world, case, share):
    """Given two live shares to one agency (one made before the one-share rule held), when the
    wider is revoked, then the group keeps exactly what the remaining share grants."""
    narrow = share(scope="summary")
    # A second live share to the same agency cannot be made through the service today; one
    # recorded earlier (or by an import) must still be honoured when its sibling is revoked.
    wide = CaseShare.objects.create(
        case=case,
        agency=world.csc_a,
        scope="full",
        lawful_basis=narrow.lawful_basis,
        reason="Imported from the previous system.",
        shared_by=world.hub_manager,
        expires_on=narrow.expires_on,
    )
    case_share_change(share=narrow, by=world.hub_manager, scope="joint", reason=REASON)

    case_share_revoke(share=narrow, by=world.hub_manager, reason="Joint work finished.")

    assert CaseShare.objects.get(pk=wide.pk).is_live
    assert group_codenames(agency=world.csc_a, case=case) == {
        "view_case_summary",
        "view_case_full",
    }


def test_revoking_a_share_of_one_case_leaves_the_agencys_other_cases(world, case, share):
    """Given two cases shared with one agency, when one share is revoked, then the other stays."""
    other_case = services.case_open(
        by=world.hub_manager,
        hub=world.hub,
        local_authority=world.la_a,
        risk_level="medium",
        rationale="Concerns raised by school.",
        young_person_data={"first_name": "Jordan", "last_name": "Sample"},
    )
    first = share()
    case_share_create(
        case=other_case,
        by=world.hub_manager,
        agency=world.csc_a,
        scope="full",
        lawful_basis="legal_duty",
        reason="Section 47 enquiry.",
        expires_on=first.expires_on,
    )

    case_share_revoke(share=first, by=world.hub_manager, reason="No longer needed.")

    assert group_codenames(agency=world.csc_a, case=case) == set()
    assert group_codenames(agency=world.csc_a, case=other_case) == {
        "view_case_summary",
        "view_case_full",
    }
