"""What each of the hub's triage steps does through its page: screening, notes, matching,
deciding and allocating. A refused step says why on the page and saves nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from cases.models import Case, RiskAssessment
from referrals.models import Referral
from tests import factories
from tests.referrals.conftest import years_ago

S = Referral.Status
DECLINE_REASON = "Below the threshold for CSE support: early help is the right service."


def url(name: str, referral: Referral) -> str:
    return reverse(name, kwargs={"pk": referral.pk})


def reads(referral: Referral, action: str) -> int:
    return AuditEvent.objects.filter(
        action=action, object_type="referrals.referral", object_id=str(referral.pk)
    ).count()


@pytest.fixture
def hub_client(world, login):
    return login(world.hub_manager)


# The triage page


def test_the_triage_page_shows_the_referral_and_audits_the_read(world, make_referral, hub_client):
    """Given a submitted referral, when the hub manager opens it, then they see what it says,
    who referred and when, and a button to start screening; and the read is audited."""
    referral = make_referral(status=S.SUBMITTED)

    response = hub_client.get(url("referrals:triage", referral))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Jordan Sample" in page
    assert "Missing episodes" in page  # an indicator by its label, not its code
    assert world.practitioner.email in page
    assert "01632 960 001" in page
    assert "Submitted" in page
    assert "Start screening" in page
    assert reads(referral, AuditEvent.Action.REFERRAL_VIEWED) == 1
    assert reads(referral, AuditEvent.Action.REFERRAL_MATCHES_VIEWED) == 0


def test_possible_matches_are_shown_with_their_case_and_audited(
    world, make_referral, known_young_person, hub_client
):
    """Given a referral being screened about a young person the hub knows (a nickname, the
    same date of birth), when the hub manager opens it, then the match is shown with its
    strength, reasons, date of birth, area and open case with lead worker; and that the
    matches were seen is audited."""
    born = years_ago(14)
    known_young_person(first_name="Elizabeth", last_name="Marsh", date_of_birth=born)
    referral = make_referral(
        status=S.SCREENING, first_name="Beth", last_name="Marsh", date_of_birth=born
    )

    response = hub_client.get(url("referrals:triage", referral))

    page = response.content.decode()
    assert "Elizabeth Marsh" in page
    assert "Strong match" in page
    assert "Same date of birth" in page
    assert born.strftime("%-d %B %Y") in page
    assert "Ashdown" in page
    assert "lead worker Sam Spoke" in page
    assert "This is the same young person" in page
    assert "None of these: a new young person" in page
    assert reads(referral, AuditEvent.Action.REFERRAL_MATCHES_VIEWED) == 1


# Screening


def test_start_screening(world, make_referral, hub_client):
    """Given a submitted referral, when the hub manager starts screening, then it is being
    screened by them, with the time, and the page says so."""
    referral = make_referral(status=S.SUBMITTED)

    response = hub_client.post(
        url("referrals:screening_start", referral), {"version": referral.version}, follow=True
    )

    referral.refresh_from_db()
    assert referral.status == S.SCREENING
    assert referral.screened_by == world.hub_manager
    assert referral.screening_started_at is not None
    assert "Screening started" in response.content.decode()


def test_screening_notes_are_saved(make_referral, hub_client):
    """Given a referral being screened, when notes are saved, then they are kept."""
    referral = make_referral(status=S.SCREENING)

    response = hub_client.post(
        url("referrals:screening_notes", referral),
        {"version": referral.version, "notes": "Spoke to the social worker: two missing episodes."},
    )

    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.screening_notes == "Spoke to the social worker: two missing episodes."


def test_stale_screening_notes_are_refused_with_a_409(world, make_referral, hub_client):
    """Given notes saved by a colleague since the page was opened, when the older page's notes
    are saved, then the page answers 409 naming who changed it, keeps what was typed, and the
    colleague's notes stand."""
    referral = make_referral(status=S.SCREENING)
    old_version = referral.version
    hub_client.post(
        url("referrals:screening_notes", referral),
        {"version": old_version, "notes": "Colleague's notes."},
    )

    response = hub_client.post(
        url("referrals:screening_notes", referral),
        {"version": old_version, "notes": "My notes."},
    )

    page = response.content.decode()
    assert response.status_code == 409
    assert "changed this record while you were working on it" in page
    assert "My notes." in page
    referral.refresh_from_db()
    assert referral.screening_notes == "Colleague's notes."
    assert f'name="version" value="{referral.version}"' in page


# Matching


def test_link_to_a_known_young_person(make_referral, known_young_person, hub_client):
    """Given a referral being screened and a young person the hub knows, when the hub manager
    says they are the same, then the referral is linked to them."""
    person = known_young_person()
    referral = make_referral(status=S.SCREENING)

    response = hub_client.post(
        url("referrals:match", referral),
        {"version": referral.version, "action": "link", "young_person": person.pk},
    )

    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.young_person == person
    assert referral.match_decision == Referral.MatchDecision.LINKED


def test_confirm_a_new_young_person(make_referral, hub_client):
    """Given a referral being screened, when the hub manager confirms none of the matches,
    then the referral is confirmed as about a young person new to the hub."""
    referral = make_referral(status=S.SCREENING)

    hub_client.post(
        url("referrals:match", referral), {"version": referral.version, "action": "new"}
    )

    referral.refresh_from_db()
    assert referral.young_person is None
    assert referral.match_decision == Referral.MatchDecision.NEW


def test_another_hubs_young_person_cannot_be_linked(world, make_referral, hub_client):
    """Given a young person known only to another hub, when the hub manager tries to link the
    referral to them, then it is refused with a message and nothing is linked."""
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

    response = hub_client.post(
        url("referrals:match", referral),
        {"version": referral.version, "action": "link", "young_person": elsewhere.pk},
    )

    assert response.status_code == 400
    assert "Choose a young person known to this hub." in response.content.decode()
    referral.refresh_from_db()
    assert referral.young_person is None
    assert not referral.match_decision


# Deciding


def _decide(client, referral: Referral, **data):
    return client.post(url("referrals:decision", referral), {"version": referral.version, **data})


def test_the_decision_page_offers_each_worker_with_their_caseload(world, make_referral, hub_client):
    """Given a referral being screened, when the decision page opens, then each of the hub's
    workers is offered with their open and high-risk cases and where they are placed."""
    referral = make_referral(status=S.SCREENING, match="new")

    response = hub_client.get(url("referrals:decision", referral))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Sam Spoke" in page
    assert "0 open cases, 0 at high risk." in page
    assert "Placed in Ashdown (Ashdown Children&#x27;s Services" in page
    assert 'data-aria-controls="conditional-accept_allocate"' in page


def test_accept_and_allocate_opens_the_case(world, make_referral, hub_client):
    """Given a referral being screened and confirmed new, when the hub manager accepts it and
    allocates a worker, then a case opens led by the worker, with the referral's indicators
    in its first risk assessment, and the referral is allocated."""
    referral = make_referral(status=S.SCREENING, match="new")

    response = _decide(
        hub_client,
        referral,
        decision="accept_allocate",
        reason="Meets the threshold.",
        worker=world.spoke_worker.pk,
        risk_level="high",
        rationale="Two missing episodes and an older boyfriend.",
    )

    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == S.ALLOCATED
    assert referral.allocated_worker == world.spoke_worker
    case = referral.case
    assert case.lead_worker == world.spoke_worker
    assessment = RiskAssessment.objects.get(case=case)
    assert assessment.level == "high"
    assert set(assessment.indicators) == {"missing_episodes", "older_partner"}


def test_accept_only_leaves_it_to_allocate(make_referral, hub_client):
    """Given a referral being screened, when the hub manager accepts it to allocate later, then
    it is accepted and waits for allocation."""
    referral = make_referral(status=S.SCREENING)

    response = _decide(hub_client, referral, decision="accept", reason="Meets the threshold.")

    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == S.ACCEPTED
    assert referral.decision_reason == "Meets the threshold."
    assert referral.case is None


def test_decline_with_a_reason(make_referral, hub_client):
    """Given a referral being screened, when the hub manager declines it with a reason, then it
    is declined with that reason."""
    referral = make_referral(status=S.SCREENING)

    _decide(hub_client, referral, decision="decline", reason=DECLINE_REASON)

    referral.refresh_from_db()
    assert (referral.status, referral.decision_reason) == (S.DECLINED, DECLINE_REASON)


def test_signpost_to_a_service(make_referral, hub_client):
    """Given a referral being screened, when the hub manager signposts it, then it is
    signposted to the service named."""
    referral = make_referral(status=S.SCREENING)

    _decide(
        hub_client,
        referral,
        decision="signpost",
        reason="Needs substance misuse support first.",
        signposted_to="Ashdown Young People's Drug Service",
    )

    referral.refresh_from_db()
    assert referral.status == S.SIGNPOSTED
    assert referral.signposted_to == "Ashdown Young People's Drug Service"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param({}, "Choose a decision", id="no decision"),
        pytest.param({"decision": "decline"}, "Give the reason for the decision", id="no reason"),
        pytest.param(
            {"decision": "signpost", "reason": "Another service."},
            "Name the service the referral is signposted to",
            id="signposted nowhere",
        ),
        pytest.param(
            {"decision": "accept_allocate", "reason": "Meets the threshold."},
            "Choose the spoke worker to allocate.",
            id="allocated to nobody",
        ),
    ],
)
def test_an_incomplete_decision_is_refused(make_referral, hub_client, data, message):
    """Given a referral being screened and confirmed new, when an incomplete decision is
    posted, then the page says what is missing (400) and the referral is still being
    screened, with no case."""
    referral = make_referral(status=S.SCREENING, match="new")

    response = _decide(hub_client, referral, **data)

    assert response.status_code == 400
    assert message in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == S.SCREENING
    assert referral.decided_at is None
    assert not Case.objects.filter(referral_id=referral.pk).exists()


def test_accept_and_allocate_before_matching_is_refused_and_nothing_saved(
    world, make_referral, hub_client
):
    """Given a referral not yet checked against the young people the hub knows, when the hub
    manager accepts and allocates it, then they are told to check first and the referral is
    not even accepted."""
    referral = make_referral(status=S.SCREENING)

    response = _decide(
        hub_client,
        referral,
        decision="accept_allocate",
        reason="Meets the threshold.",
        worker=world.spoke_worker.pk,
        risk_level="medium",
        rationale="Missing episodes.",
    )

    assert response.status_code == 400
    assert "check whether the hub already knows this young person" in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == S.SCREENING


def test_the_decision_page_for_a_decided_referral_goes_back_to_it(make_referral, hub_client):
    """Given a declined referral, when the decision page is opened, then the hub manager is
    taken back to the referral with a message saying it cannot be decided again."""
    referral = make_referral(status=S.DECLINED)

    response = hub_client.get(url("referrals:decision", referral), follow=True)

    assert response.redirect_chain[-1][0] == url("referrals:triage", referral)
    assert "it cannot be accepted" in response.content.decode()


# Allocating


def test_allocate_an_accepted_referral(world, make_referral, hub_client):
    """Given an accepted referral, when the hub manager allocates a worker with a risk level,
    then the case opens led by them."""
    referral = make_referral(status=S.ACCEPTED, match="new")

    response = hub_client.post(
        url("referrals:allocate", referral),
        {
            "version": referral.version,
            "worker": world.spoke_worker.pk,
            "risk_level": "medium",
            "rationale": "Missing episodes.",
        },
        follow=True,
    )

    referral.refresh_from_db()
    assert referral.status == S.ALLOCATED
    assert referral.case.lead_worker == world.spoke_worker
    assert "Referral allocated to Sam Spoke" in response.content.decode()


def test_allocating_a_known_young_person_joins_their_open_case(
    world, make_referral, known_young_person, hub_client
):
    """Given an accepted referral linked to a young person with an open case, when the hub
    manager opens the allocation page, then it says the referral joins that case and asks
    for no worker; and allocating adds the referral to that case, with no new case."""
    person = known_young_person()
    existing = Case.objects.get(young_person=person)
    referral = make_referral(status=S.ACCEPTED, young_person=person)

    page = hub_client.get(url("referrals:allocate", referral)).content.decode()
    response = hub_client.post(url("referrals:allocate", referral), {"version": referral.version})

    assert "already has an open case" in page
    assert "The referral joins that case" in page
    assert 'name="worker"' not in page
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.case == existing
    assert referral.allocated_worker == world.spoke_worker
    assert Case.objects.filter(young_person=person).count() == 1


def test_a_stale_allocation_is_refused_with_a_409(world, make_referral, hub_client):
    """Given an accepted referral whose version has moved on, when an allocation from the older
    page is posted, then it answers 409 and nothing is allocated."""
    referral = make_referral(status=S.ACCEPTED, match="new")

    response = hub_client.post(
        url("referrals:allocate", referral),
        {
            "version": referral.version - 1,
            "worker": world.spoke_worker.pk,
            "risk_level": "medium",
            "rationale": "Missing episodes.",
        },
    )

    assert response.status_code == 409
    referral.refresh_from_db()
    assert referral.status == S.ACCEPTED
    assert referral.case is None


def test_another_hubs_worker_is_not_offered(world, make_referral, hub_client):
    """Given another hub's spoke worker, when they are posted as the worker, then the choice is
    refused and nothing is allocated."""
    referral = make_referral(status=S.ACCEPTED, match="new")
    stranger = factories.member(agency=world.other_hub, role="spoke_worker")

    response = hub_client.post(
        url("referrals:allocate", referral),
        {
            "version": referral.version,
            "worker": stranger.pk,
            "risk_level": "medium",
            "rationale": "Missing episodes.",
        },
    )

    assert response.status_code == 400
    referral.refresh_from_db()
    assert referral.status == S.ACCEPTED
