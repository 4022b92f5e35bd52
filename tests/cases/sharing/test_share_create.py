"""case_share_create: who a case may be shared with, on what basis, and what it grants."""

from __future__ import annotations

import calendar
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from audit.models import AuditEvent
from cases import services
from cases.models import CaseGroupObjectPermission, CaseShare, CaseUserObjectPermission
from cases.sharing import case_share_revoke
from partners.models import InformationSharingAgreement, Role
from tests import factories
from tests.cases.sharing.helpers import group_codenames, user_codenames

pytestmark = pytest.mark.django_db


def _nothing_written(case) -> None:
    assert not CaseShare.objects.filter(case=case).exists()
    assert not CaseGroupObjectPermission.objects.filter(content_object_id=case.pk).exists()
    assert not CaseUserObjectPermission.objects.filter(content_object_id=case.pk).exists()
    assert not AuditEvent.objects.filter(
        case_id=case.pk, action=AuditEvent.Action.SHARE_CREATED
    ).exists()


@pytest.mark.parametrize(
    ("scope", "codenames"),
    [
        pytest.param("summary", {"view_case_summary"}, id="summary grants the summary only"),
        pytest.param("full", {"view_case_summary", "view_case_full"}, id="full adds the record"),
        pytest.param(
            "joint",
            {"view_case_summary", "view_case_full", "add_case_casework"},
            id="joint adds casework",
        ),
    ],
)
def test_sharing_with_an_agency_grants_the_scope_to_its_group(world, case, share, scope, codenames):
    """Given an open case, when shared with an agency, then its group gets the scope's rows."""
    made = share(scope=scope)

    assert made.is_live
    assert made.shared_by == world.hub_manager
    assert group_codenames(agency=world.csc_a, case=case) == codenames
    assert not CaseUserObjectPermission.objects.filter(content_object_id=case.pk).exists()


def test_sharing_with_one_professional_grants_to_them_alone(world, case, share):
    """Given a named professional, when the case is shared with them, then only they get rows."""
    share(professional=world.practitioner, scope=CaseShare.Scope.FULL)

    assert user_codenames(user=world.practitioner, case=case) == {
        "view_case_summary",
        "view_case_full",
    }
    assert group_codenames(agency=world.csc_a, case=case) == set()


def test_sharing_is_audited_with_ids_and_scope_only(world, case, share):
    """Given a share, then one SHARE_CREATED event names the case, the reason, ids and scope."""
    made = share(scope=CaseShare.Scope.JOINT)

    event = AuditEvent.objects.get(action=AuditEvent.Action.SHARE_CREATED)
    assert event.case_id == case.pk
    assert event.actor == world.hub_manager
    assert event.object_id == str(made.pk)
    assert event.reason == "Social worker is lead professional for the strategy meeting."
    assert event.metadata == {
        "share_id": made.pk,
        "agency_id": world.csc_a.pk,
        "professional_id": None,
        "scope": "joint",
    }


def test_an_agency_and_a_professional_together_are_refused(world, case, share):
    """Given both an agency and a professional, then the share is refused and nothing is saved."""
    with pytest.raises(ValidationError) as refused:
        share(agency=world.csc_a, professional=world.practitioner)

    assert "not both" in refused.value.message_dict["agency"][0]
    _nothing_written(case)


def test_no_target_is_refused(world, case, share):
    """Given neither an agency nor a professional, then the share is refused."""
    with pytest.raises(ValidationError) as refused:
        share(agency=None)

    assert "agency" in refused.value.message_dict
    _nothing_written(case)


def test_the_owning_hub_cannot_be_shared_with(world, case, share):
    """Given the hub that owns the case, then sharing with it is refused: it already has access."""
    with pytest.raises(ValidationError) as refused:
        share(agency=world.hub)

    assert "owns the case" in refused.value.message_dict["agency"][0]
    _nothing_written(case)


def test_a_professional_only_of_the_owning_hub_cannot_be_shared_with(world, case, share):
    """Given a professional who works only for the owning hub, then sharing with them is refused."""
    with pytest.raises(ValidationError) as refused:
        share(professional=world.spoke_worker)

    assert "outside the hub" in refused.value.message_dict["professional"][0]
    _nothing_written(case)


def test_a_closed_case_cannot_be_shared(world, case, share):
    """Given a closed case, then sharing it is refused with a message saying so."""
    services.case_close(
        case=case,
        by=world.hub_manager,
        version=case.version,
        reason="outcomes_met",
        outcome="Safe at home and in college.",
    )

    with pytest.raises(ValidationError, match="closed"):
        share()
    assert not CaseShare.objects.filter(case=case).exists()


def test_a_second_live_share_to_the_same_agency_is_refused(world, case, share):
    """Given a live share to an agency, then another to it is refused: change the first instead."""
    share()

    with pytest.raises(ValidationError) as refused:
        share(scope=CaseShare.Scope.FULL)

    assert "change that share instead" in refused.value.message_dict["agency"][0]
    assert CaseShare.objects.filter(case=case).count() == 1
    assert group_codenames(agency=world.csc_a, case=case) == {"view_case_summary"}


def test_a_second_live_share_to_the_same_professional_is_refused(world, case, share):
    """Given a live share to a professional, then another to them is refused."""
    share(professional=world.practitioner)

    with pytest.raises(ValidationError) as refused:
        share(professional=world.practitioner, scope=CaseShare.Scope.JOINT)

    assert "change that share instead" in refused.value.message_dict["professional"][0]


def test_after_revocation_the_agency_may_be_shared_with_again(world, case, share):
    """Given a revoked share, then a new share to the same agency is allowed."""
    first = share()
    case_share_revoke(share=first, by=world.hub_manager, reason="Strategy meeting has ended.")

    second = share(scope=CaseShare.Scope.FULL)

    assert second.pk != first.pk
    assert group_codenames(agency=world.csc_a, case=case) == {
        "view_case_summary",
        "view_case_full",
    }


def test_consent_needs_the_date_it_was_recorded(world, case, share):
    """Given consent as the basis without a date, then the share is refused on that field."""
    with pytest.raises(ValidationError) as refused:
        share(lawful_basis=CaseShare.LawfulBasis.CONSENT)

    assert refused.value.message_dict["consent_recorded_on"] == [
        "Enter the date consent to share was recorded."
    ]
    _nothing_written(case)


def test_consent_cannot_be_recorded_in_the_future(world, case, share):
    """Given a consent date after today, then the share is refused."""
    with pytest.raises(ValidationError) as refused:
        share(
            lawful_basis=CaseShare.LawfulBasis.CONSENT,
            consent_recorded_on=timezone.localdate() + datetime.timedelta(days=1),
        )

    assert "future" in refused.value.message_dict["consent_recorded_on"][0]


def test_consent_with_its_date_is_kept(world, case, share):
    """Given consent with the date it was recorded, then the share keeps both."""
    today = timezone.localdate()

    made = share(lawful_basis=CaseShare.LawfulBasis.CONSENT, consent_recorded_on=today)

    assert made.lawful_basis == CaseShare.LawfulBasis.CONSENT
    assert made.consent_recorded_on == today


@pytest.mark.parametrize(
    ("days", "message"),
    [
        pytest.param(0, "after today", id="ending today is refused"),
        pytest.param(-3, "after today", id="ending in the past is refused"),
        pytest.param(400, "at most 12 months", id="over a year ahead is refused"),
    ],
)
def test_the_end_date_must_be_within_twelve_months(world, case, share, days, message):
    """Given an end date not after today or over 12 months ahead, then the share is refused."""
    with pytest.raises(ValidationError) as refused:
        share(expires_on=timezone.localdate() + datetime.timedelta(days=days))

    assert message in refused.value.message_dict["expires_on"][0]
    _nothing_written(case)


def _a_year_on(day: datetime.date) -> datetime.date:
    last_day = calendar.monthrange(day.year + 1, day.month)[1]
    return datetime.date(day.year + 1, day.month, min(day.day, last_day))


def test_an_end_date_exactly_twelve_months_ahead_is_allowed(world, case, share):
    """Given an end date on the same day next year, then the share is made."""
    a_year_on = _a_year_on(timezone.localdate())

    assert share(expires_on=a_year_on).expires_on == a_year_on


def test_an_end_date_a_day_beyond_twelve_months_is_refused(world, case, share):
    """Given the day after the same day next year, then the share is refused, naming the limit."""
    a_year_on = _a_year_on(timezone.localdate())

    with pytest.raises(ValidationError) as refused:
        share(expires_on=a_year_on + datetime.timedelta(days=1))

    assert (
        f"choose {a_year_on.day} {a_year_on:%B %Y} or earlier"
        in (refused.value.message_dict["expires_on"][0])
    )


def test_a_reason_is_required(world, case, share):
    """Given a blank reason, then the share is refused on the reason."""
    with pytest.raises(ValidationError) as refused:
        share(reason="   ")

    assert "reason" in refused.value.message_dict
    _nothing_written(case)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        pytest.param("scope", "everything", id="an unknown scope is refused"),
        pytest.param("lawful_basis", "curiosity", id="an unknown lawful basis is refused"),
    ],
)
def test_unknown_choices_are_refused(world, case, share, field, value):
    """Given a scope or basis that does not exist, then the share is refused on that field."""
    with pytest.raises(ValidationError) as refused:
        share(**{field: value})

    assert field in refused.value.message_dict


@pytest.fixture
def agreement(world):
    return factories.agreement(
        parties=[world.hub, world.csc_a], local_authority=world.la_a, by=world.hub_manager
    )


def test_a_share_under_an_agreement_that_covers_it_is_made(world, case, share, agreement):
    """Given an active agreement for the LA naming the hub and the agency, then it is recorded."""
    assert share(agreement=agreement).agreement == agreement


def test_a_professional_is_covered_through_their_agency(world, case, share, agreement):
    """Given a professional whose agency is party to the agreement, then the share is made."""
    made = share(professional=world.practitioner, agreement=agreement)

    assert made.agreement == agreement


def test_an_agreement_that_is_not_active_is_refused(world, case, share):
    """Given a draft agreement, then the share is refused on the agreement."""
    draft = factories.agreement(
        parties=[world.hub, world.csc_a],
        local_authority=world.la_a,
        by=world.hub_manager,
        status=InformationSharingAgreement.Status.DRAFT,
    )

    with pytest.raises(ValidationError) as refused:
        share(agreement=draft)

    assert "not active" in refused.value.message_dict["agreement"][0]
    _nothing_written(case)


def test_an_agreement_for_another_local_authority_is_refused(world, case, share):
    """Given an agreement for Brackenford, then sharing an Ashdown case under it is refused."""
    elsewhere = factories.agreement(
        parties=[world.hub, world.csc_a], local_authority=world.la_b, by=world.hub_manager
    )

    with pytest.raises(ValidationError) as refused:
        share(agreement=elsewhere)

    assert "local authority" in refused.value.message_dict["agreement"][0]


def test_an_agreement_without_the_target_agency_is_refused(world, case, share, agreement):
    """Given an agreement the police are not party to, then sharing with them under it fails."""
    with pytest.raises(ValidationError) as refused:
        share(agency=world.police, agreement=agreement)

    assert "you are sharing with" in refused.value.message_dict["agreement"][0]


def test_an_agreement_without_the_owning_hub_is_refused(world, case, share):
    """Given an agreement the owning hub is not party to, then sharing under it fails."""
    without_hub = factories.agreement(
        parties=[world.police, world.csc_a], local_authority=world.la_a, by=world.hub_manager
    )

    with pytest.raises(ValidationError) as refused:
        share(agreement=without_hub)

    assert "owns the case" in refused.value.message_dict["agreement"][0]


def test_a_professional_also_in_the_owning_hub_is_covered_by_their_other_agency(
    world, case, share, agreement
):
    """Given a professional in the hub and in an agency party to it, then the share is made."""
    dual = factories.member(agency=world.csc_a, role=Role.PRACTITIONER)
    factories.membership(user=dual, agency=world.hub, role=Role.SPOKE_WORKER)

    made = share(professional=dual, agreement=agreement)

    assert user_codenames(user=dual, case=case) == {"view_case_summary"}
    assert made.professional == dual


def test_a_disabled_professional_cannot_be_shared_with(world, case, share):
    """Given a professional whose account is disabled, then sharing with them is refused."""
    from accounts.services import user_update

    user_update(user=world.practitioner, by=world.administrator, is_active=False)

    with pytest.raises(ValidationError) as refused:
        share(professional=world.practitioner)

    assert "disabled" in refused.value.message_dict["professional"][0]
    _nothing_written(case)
