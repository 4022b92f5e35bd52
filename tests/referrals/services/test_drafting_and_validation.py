"""What a referrer writes: drafts save partial answers, and bad answers are refused with why.

Dates of birth in the future or outside the ages the hub works with (8 to 25) are refused with a
message that says so; submitting names every missing answer; consent needs a basis when it is
not given; the hub must work in the young person's local authority. Nothing refused is saved.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from audit.models import AuditEvent
from cases.models import Indicator
from notifications.models import Notification
from referrals import services
from referrals.models import Referral
from tests.referrals.conftest import years_ago

S = Referral.Status


def test_a_draft_may_be_saved_with_almost_nothing(world):
    """Given a practitioner, when they save a draft with only a first name, then it is their
    draft, audited by id without what it says."""
    referral = services.referral_draft_create(
        by=world.practitioner, referrer_agency=world.csc_a, first_name="  Zephyrine "
    )

    assert referral.status == S.DRAFT
    assert referral.first_name == "Zephyrine"
    assert referral.referrer == world.practitioner
    event = AuditEvent.objects.get(action=AuditEvent.Action.REFERRAL_DRAFTED)
    assert event.object_id == str(referral.pk)
    assert "Zephyrine" not in str(event.metadata)


def test_the_hub_defaults_to_the_one_placing_workers_in_the_local_authority(world):
    """Given Ashdown, where only the world's hub places a worker, when a draft names Ashdown and
    no hub, then the hub is the world's hub."""
    referral = services.referral_draft_create(
        by=world.practitioner, referrer_agency=world.csc_a, local_authority=world.la_a
    )

    assert referral.hub == world.hub


def test_no_hub_is_chosen_where_two_cover_the_local_authority(world):
    """Given Brackenford, covered by two hubs and with no placement, when a draft names it, then
    no hub is chosen for the referrer, and both are offered."""
    referral = services.referral_draft_create(
        by=world.other_la_practitioner, referrer_agency=world.csc_b, local_authority=world.la_b
    )

    assert referral.hub is None
    assert list(services.hubs_for(local_authority=world.la_b)) == [world.hub, world.other_hub]


def test_changing_the_local_authority_defaults_the_hub_again(world, make_referral):
    """Given a draft for Brackenford with the other hub, when the referrer changes the local
    authority to Ashdown, then the hub becomes Ashdown's."""
    referral = make_referral(
        local_authority=world.la_b, hub=world.other_hub, referrer=world.other_la_practitioner
    )

    changed = services.referral_draft_update(
        referral=referral,
        by=world.other_la_practitioner,
        version=referral.version,
        local_authority=world.la_a,
    )

    assert changed.hub == world.hub


def test_a_hub_that_does_not_work_in_the_local_authority_is_refused(world):
    """Given Ashdown, when a draft names the hub that works only in Brackenford, then it is
    refused on the hub with a message naming both, and nothing is saved."""
    with pytest.raises(ValidationError) as refused:
        services.referral_draft_create(
            by=world.practitioner,
            referrer_agency=world.csc_a,
            local_authority=world.la_a,
            hub=world.other_hub,
        )

    assert refused.value.message_dict == {"hub": ["Southmere CSE Hub does not work in Ashdown."]}
    assert not Referral.objects.exists()


def test_changing_to_a_hub_that_does_not_cover_the_local_authority_is_refused(world, make_referral):
    """Given a draft for Ashdown, when the referrer changes the hub to one that does not work
    there, then it is refused and the draft is as it was."""
    referral = make_referral()

    with pytest.raises(ValidationError) as refused:
        services.referral_draft_update(
            referral=referral, by=world.practitioner, version=referral.version, hub=world.other_hub
        )

    assert "hub" in refused.value.message_dict
    referral.refresh_from_db()
    assert referral.hub == world.hub
    assert referral.version == 1


@pytest.mark.parametrize(
    ("date_of_birth", "message"),
    [
        pytest.param(
            timezone.localdate() + datetime.timedelta(days=1),
            "Date of birth must be in the past.",
            id="in the future",
        ),
        pytest.param(
            years_ago(7),
            "The young person would be 7: the hub works with young people aged 8 to 25. "
            "Check the date of birth.",
            id="under 8",
        ),
        pytest.param(
            years_ago(26),
            "The young person would be 26: the hub works with young people aged 8 to 25. "
            "Check the date of birth.",
            id="over 25",
        ),
    ],
)
def test_an_implausible_date_of_birth_is_refused_with_why(
    world, make_referral, date_of_birth, message
):
    """Given a date of birth in the future or outside 8 to 25, when a draft is saved or changed
    with it, then it is refused with a message that says why, and nothing is saved."""
    with pytest.raises(ValidationError) as refused:
        services.referral_draft_create(
            by=world.practitioner, referrer_agency=world.csc_a, date_of_birth=date_of_birth
        )
    assert refused.value.message_dict == {"date_of_birth": [message]}
    assert not Referral.objects.exists()

    referral = make_referral()
    with pytest.raises(ValidationError) as refused:
        services.referral_draft_update(
            referral=referral,
            by=world.practitioner,
            version=referral.version,
            date_of_birth=date_of_birth,
        )
    assert refused.value.message_dict == {"date_of_birth": [message]}
    referral.refresh_from_db()
    assert referral.date_of_birth == years_ago(14)


@pytest.mark.parametrize("age", [8, 25], ids=lambda age: f"aged {age}")
def test_the_youngest_and_oldest_ages_are_accepted(world, age):
    """Given a young person aged exactly 8 or 25, when a draft is saved, then it is accepted."""
    referral = services.referral_draft_create(
        by=world.practitioner, referrer_agency=world.csc_a, date_of_birth=years_ago(age)
    )

    assert referral.age_on(timezone.localdate()) == age


def test_submitting_an_incomplete_referral_names_every_missing_answer(world):
    """Given a draft with only a first name, when it is submitted, then each missing answer is
    named with what to do, and the referral stays a draft: no time, no notification."""
    referral = services.referral_draft_create(
        by=world.practitioner, referrer_agency=world.csc_a, first_name="Jordan", narrative="Short."
    )

    with pytest.raises(ValidationError) as refused:
        services.referral_submit(referral=referral, by=world.practitioner, version=1)

    assert refused.value.message_dict == {
        "last_name": ["Enter the young person's last name."],
        "date_of_birth": ["Enter the young person's date of birth."],
        "local_authority": ["Choose the local authority where the young person lives."],
        "hub": ["Choose the CSE service to refer to."],
        "narrative": [
            "Describe what has happened and why you are worried, in at least 20 characters."
        ],
        "urgency": ["Choose how urgent the referral is."],
        "young_person_aware": ["Say whether the young person knows about this referral."],
        "no_consent_basis": ["Without the young person's consent, choose the basis for referring."],
        "no_consent_reason": ["Explain why you are referring without consent."],
        "parents_aware": ["Say whether the parents or carers know."],
    }
    referral.refresh_from_db()
    assert referral.status == S.DRAFT
    assert referral.submitted_at is None
    assert referral.version == 1
    assert not Notification.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.REFERRAL_SUBMITTED).exists()


@pytest.mark.parametrize(
    ("consent", "missing"),
    [
        pytest.param(
            {"young_person_aware": False},
            {"no_consent_basis", "no_consent_reason"},
            id="does not know, no basis",
        ),
        pytest.param(
            {"young_person_aware": True, "young_person_consents": None},
            {"young_person_consents", "no_consent_basis", "no_consent_reason"},
            id="knows, consent not said",
        ),
        pytest.param(
            {"young_person_aware": True, "young_person_consents": False},
            {"no_consent_basis", "no_consent_reason"},
            id="does not consent, no basis",
        ),
        pytest.param(
            {
                "young_person_aware": True,
                "young_person_consents": False,
                "no_consent_basis": Referral.NoConsentBasis.SAFEGUARDING,
            },
            {"no_consent_reason"},
            id="basis without a reason",
        ),
    ],
)
def test_referring_without_consent_needs_a_basis_and_a_reason(
    world, make_referral, consent, missing
):
    """Given a referral without the young person's consent, when it is submitted without the
    basis and reason for referring, then it is refused naming what is missing."""
    referral = make_referral(**consent)

    with pytest.raises(ValidationError) as refused:
        services.referral_submit(referral=referral, by=world.practitioner, version=1)

    assert set(refused.value.message_dict) == missing
    assert Referral.objects.get(pk=referral.pk).status == S.DRAFT


@pytest.mark.parametrize(
    "consent",
    [
        pytest.param({"young_person_aware": True, "young_person_consents": True}, id="consents"),
        pytest.param(
            {
                "young_person_aware": False,
                "no_consent_basis": Referral.NoConsentBasis.NOT_SAFE_TO_ASK,
                "no_consent_reason": "Her boyfriend reads her messages.",
            },
            id="does not know, basis and reason given",
        ),
    ],
)
def test_consent_or_a_basis_for_referring_without_it_is_enough(world, make_referral, consent):
    """Given consent, or a basis and reason for referring without it, when the referral is
    submitted, then it is sent."""
    referral = make_referral(**consent)

    submitted = services.referral_submit(referral=referral, by=world.practitioner, version=1)

    assert submitted.status == S.SUBMITTED


def test_unknown_and_retired_indicators_are_refused(world, make_referral):
    """Given an indicator that does not exist and one an administrator has retired, when a draft
    names them, then both are named in the refusal; the active ones are kept sorted, once each."""
    Indicator.objects.filter(code="self_harm").update(is_active=False)

    with pytest.raises(ValidationError) as refused:
        services.referral_draft_create(
            by=world.practitioner,
            referrer_agency=world.csc_a,
            indicators=["missing_episodes", "made_up", "self_harm"],
        )
    # The wording is the indicators module's; what matters here is that both are named.
    (message,) = refused.value.message_dict["indicators"]
    assert "made_up" in message
    assert "self_harm" in message
    assert not Referral.objects.exists()

    referral = make_referral(indicators=["school_absence", "missing_episodes", "school_absence"])
    assert referral.indicators == ["missing_episodes", "school_absence"]


def test_an_indicator_retired_after_drafting_stops_the_submission(world, make_referral):
    """Given a draft naming an indicator that is then retired, when it is submitted, then it is
    refused on the indicators, so the referrer chooses again."""
    referral = make_referral(indicators=["self_harm"])
    Indicator.objects.filter(code="self_harm").update(is_active=False)

    with pytest.raises(ValidationError) as refused:
        services.referral_submit(referral=referral, by=world.practitioner, version=1)

    assert "indicators" in refused.value.message_dict
    assert Referral.objects.get(pk=referral.pk).status == S.DRAFT


def test_a_referrer_may_refer_only_for_their_own_agency(world):
    """Given a practitioner of Ashdown's children's services, when they name the police as their
    agency, then it is refused."""
    with pytest.raises(ValidationError) as refused:
        services.referral_draft_create(by=world.practitioner, referrer_agency=world.police)

    assert refused.value.message_dict == {"referrer_agency": ["Choose an agency you refer for."]}


def test_fields_the_referrer_does_not_write_are_refused(world, make_referral):
    """Given a draft, when a change names the hub's own fields, then it is refused by name."""
    referral = make_referral()

    with pytest.raises(ValidationError) as refused:
        services.referral_draft_update(
            referral=referral,
            by=world.practitioner,
            version=1,
            screening_notes="Mine now",
            status=S.ACCEPTED,
        )

    assert refused.value.messages == ["Unknown fields: screening_notes, status."]
    referral.refresh_from_db()
    assert referral.status == S.DRAFT


def test_a_change_from_a_stale_version_is_refused(world, make_referral):
    """Given a draft changed in another tab, when a change starts from the old version, then it
    is refused with who changed what, and the newer answers stay."""
    from cases.services import StaleVersionError

    referral = make_referral()
    services.referral_draft_update(
        referral=referral, by=world.practitioner, version=1, known_as="JJ"
    )

    with pytest.raises(StaleVersionError) as refused:
        services.referral_draft_update(
            referral=referral, by=world.practitioner, version=1, known_as="Jo"
        )

    assert "known_as" in str(refused.value)
    assert Referral.objects.get(pk=referral.pk).known_as == "JJ"


def test_a_change_that_changes_nothing_writes_nothing(world, make_referral):
    """Given a draft, when it is saved again with the same answers, then neither its version nor
    the audit log moves."""
    referral = make_referral()
    events = AuditEvent.objects.count()

    services.referral_draft_update(
        referral=referral, by=world.practitioner, version=1, first_name="Jordan"
    )

    assert Referral.objects.get(pk=referral.pk).version == 1
    assert AuditEvent.objects.count() == events


def test_discarding_a_draft_deletes_it_and_audits_the_id(world, make_referral):
    """Given a draft, when the referrer discards it, then it is gone and the audit log keeps its
    id only."""
    referral = make_referral()

    services.referral_draft_delete(referral=referral, by=world.practitioner, version=1)

    assert not Referral.objects.filter(pk=referral.pk).exists()
    event = AuditEvent.objects.get(action=AuditEvent.Action.REFERRAL_DRAFT_DELETED)
    assert event.object_id == str(referral.pk)


@pytest.mark.parametrize(
    ("call", "field"),
    [
        pytest.param("withdraw", "reason", id="withdrawing"),
        pytest.param("accept", "reason", id="accepting"),
        pytest.param("decline", "reason", id="declining"),
        pytest.param("signpost", "reason", id="signposting without a reason"),
        pytest.param("signpost_nowhere", "signposted_to", id="signposting to nowhere"),
    ],
)
def test_a_decision_or_withdrawal_needs_its_reason(world, make_referral, call, field):
    """Given a referral being screened, when it is withdrawn or decided with a blank reason (or
    signposted to no service), then it is refused on that field and stays in screening."""
    referral = make_referral(status=S.SCREENING)
    manager, version = world.hub_manager, referral.version
    calls = {
        "withdraw": lambda: services.referral_withdraw(
            referral=referral, by=world.practitioner, version=version, reason="  "
        ),
        "accept": lambda: services.referral_accept(
            referral=referral, by=manager, version=version, reason=""
        ),
        "decline": lambda: services.referral_decline(
            referral=referral, by=manager, version=version, reason=" "
        ),
        "signpost": lambda: services.referral_signpost(
            referral=referral, by=manager, version=version, reason="", signposted_to="Early Help"
        ),
        "signpost_nowhere": lambda: services.referral_signpost(
            referral=referral,
            by=manager,
            version=version,
            reason="Needs family support.",
            signposted_to="  ",
        ),
    }

    with pytest.raises(ValidationError) as refused:
        calls[call]()

    assert field in refused.value.message_dict
    after = Referral.objects.get(pk=referral.pk)
    assert after.status == S.SCREENING
    assert after.decided_at is None
    assert after.withdrawn_at is None


def test_linking_to_a_young_person_of_another_hub_is_refused(world, make_referral):
    """Given a young person known only to another hub, when the hub links a referral to them,
    then it is refused and the referral has no match."""
    from cases import services as case_services

    elsewhere = case_services.case_open(
        by=world.other_hub_manager,
        hub=world.other_hub,
        local_authority=world.la_b,
        risk_level="low",
        rationale="Known elsewhere.",
        young_person_data={"first_name": "Jordan", "last_name": "Sample"},
    ).young_person
    referral = make_referral(status=S.SCREENING)

    with pytest.raises(ValidationError) as refused:
        services.referral_match_link(
            referral=referral,
            by=world.hub_manager,
            version=referral.version,
            young_person=elsewhere,
        )

    assert refused.value.message_dict == {
        "young_person": ["Choose a young person known to this hub."]
    }
    after = Referral.objects.get(pk=referral.pk)
    assert after.young_person is None
    assert after.match_decision == ""
