"""The demo's referrals: every state, several source agencies, a near-duplicate for triage, and
what each demo account sees of them (as the README says)."""

from __future__ import annotations

from collections import Counter

import pytest

from accounts.models import User
from cases.models import Case
from demo.services import demo_seed
from notifications.models import Notification
from partners.models import Agency
from referrals.matching import possible_matches
from referrals.models import Referral
from referrals.policies import visible_referrals

pytestmark = pytest.mark.django_db

S = Referral.Status


NORTHBROOK = "Northbrook CSE Hub"
# Eastmoor CSE Hub holds the dashboards' synthetic history (demo/history.py); the named demo
# is Northbrook's, and these tests are about it.


@pytest.fixture
def seeded() -> None:
    demo_seed()


def test_there_is_a_referral_in_every_state_from_several_agencies(seeded):
    """Given a seeded demo, then every status has a referral, and they come from both children's
    services, the police and the academy, each stamped for every step it has taken."""
    referrals = list(
        Referral.objects.filter(hub__name=NORTHBROOK).select_related("referrer_agency")
    )

    assert set(Counter(r.status for r in referrals)) == set(S.values)
    assert {r.referrer_agency.name for r in referrals} == {
        "Ashdown Children's Services",
        "Brackenford Children's Services",
        "Shire Police",
        "Ashdown Academy",
    }
    assert {r.referrer_agency.kind for r in referrals} >= {
        Agency.Kind.CHILDRENS_SOCIAL_CARE,
        Agency.Kind.POLICE,
        Agency.Kind.EDUCATION,
    }
    for referral in referrals:
        assert referral.hub is not None
        assert referral.hub.name == "Northbrook CSE Hub"
        if referral.status != S.DRAFT:
            assert referral.submitted_at is not None
        if referral.is_decided:
            assert referral.decided_at is not None
            assert referral.decision_reason


def test_one_waiting_referral_is_a_near_duplicate_of_a_demo_young_person(seeded):
    """Given a seeded demo, then the school's referral of "May Thornbery" waits to be screened
    and triage shows the demo's Maya Thornbury as a strong match with her open case."""
    referral = Referral.objects.get(first_name="May", last_name="Thornbery")

    assert referral.status == S.SUBMITTED
    assert referral.young_person is None
    (match,) = possible_matches(referral=referral)
    assert (match.young_person.first_name, match.young_person.last_name) == ("Maya", "Thornbury")
    assert match.strength == "strong" or "Same birthday a year apart" in match.reasons
    assert match.young_person.date_of_birth != referral.date_of_birth
    # Swapped, unless her birthday is 1 January, which swaps to itself: then a year's slip.
    assert {
        "Date of birth with the day and month swapped",
        "Same birthday a year apart",
    } & set(match.reasons)
    assert match.open_case is not None


def test_the_allocated_referral_joined_an_open_case_and_no_case_was_added(seeded):
    """Given a seeded demo, then the allocated referral joined Ruby Ashcombe's open case and its
    lead worker, and the demo still has its eight cases."""
    referral = Referral.objects.select_related("case__young_person").get(
        hub__name=NORTHBROOK, status=S.ALLOCATED
    )

    assert referral.case is not None
    assert referral.allocated_worker is not None
    assert referral.case.young_person.first_name == "Ruby"
    assert referral.case.is_open
    assert referral.allocated_worker == referral.case.lead_worker
    assert referral.allocated_worker.email == "hub.worker@demo.test"
    assert Case.objects.filter(owning_agency__name=NORTHBROOK).count() == 8


def test_the_accepted_referral_waits_for_allocation_as_a_new_young_person(seeded):
    """Given a seeded demo, then one referral is accepted, confirmed new and not yet allocated,
    so allocating it by hand opens a case."""
    referral = Referral.objects.get(hub__name=NORTHBROOK, status=S.ACCEPTED)

    assert referral.match_decision == Referral.MatchDecision.NEW
    assert referral.case is None


@pytest.mark.parametrize(
    ("email", "statuses"),
    [
        pytest.param(
            "hub.manager@demo.test",
            sorted(s for s in S.values if s != S.DRAFT) + [S.SUBMITTED],
            id="the hub manager: every submitted referral",
        ),
        pytest.param("hub.worker@demo.test", [S.ALLOCATED], id="the worker allocated one"),
        pytest.param("spoke.worker@demo.test", [], id="a worker allocated none"),
        pytest.param(
            "social.worker.ashdown@demo.test", [S.ACCEPTED, S.DRAFT], id="their own, a draft too"
        ),
        pytest.param(
            "team.manager.ashdown@demo.test",
            [S.ACCEPTED, S.ALLOCATED],
            id="the agency's submitted ones, not a colleague's draft",
        ),
        pytest.param("police.manager@demo.test", [S.DECLINED, S.SUBMITTED], id="the force's"),
        pytest.param("teacher@demo.test", [S.SUBMITTED], id="the teacher's own"),
        pytest.param("school.manager@demo.test", [S.SIGNPOSTED, S.SUBMITTED], id="the school's"),
        pytest.param(
            "social.worker.brackenford@demo.test", [S.SCREENING, S.WITHDRAWN], id="Brackenford's"
        ),
        pytest.param("partnership.manager@demo.test", [], id="the partnership: none"),
        pytest.param("commissioner@demo.test", [], id="the commissioner: none"),
        pytest.param("admin@demo.test", [], id="the administrator: none"),
    ],
)
def test_what_each_account_sees_of_referrals(seeded, email, statuses):
    """Given a seeded demo, then each account sees the referrals the README says."""
    user = User.objects.get(email=email)

    seen = sorted(visible_referrals(user).values_list("status", flat=True))

    assert seen == sorted(statuses)


def test_no_demo_notification_names_a_young_person(seeded):
    """Given a seeded demo, then the notifications it caused name no young person."""
    names = set(Referral.objects.values_list("first_name", flat=True))
    names |= set(Referral.objects.values_list("last_name", flat=True))

    notes = list(Notification.objects.all())
    assert notes
    for note in notes:
        for name in names:
            assert name not in note.message


def test_running_again_adds_no_referral(seeded):
    """Given a seeded demo, when seeded again, then no referral or notification is added."""
    counts = (Referral.objects.count(), Notification.objects.count())

    result = demo_seed()

    assert result.created["referrals"] == 0
    assert (Referral.objects.count(), Notification.objects.count()) == counts
