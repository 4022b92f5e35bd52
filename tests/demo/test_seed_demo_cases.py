"""The demo's cases: caseloads for the spoke workers, and what each demo account sees."""

from __future__ import annotations

import datetime
from collections import Counter

import pytest
from django.utils import timezone

from accounts.models import User
from audit.models import AuditEvent
from cases import policies
from cases.models import (
    AgencyInvolvement,
    Case,
    CasePlan,
    CaseReview,
    CaseShare,
    CaseworkEntry,
    RiskAssessment,
)
from demo.services import demo_seed
from partners.models import Agency

pytestmark = pytest.mark.django_db

NORTHBROOK = "Northbrook CSE Hub"
# Eastmoor CSE Hub holds the dashboards' synthetic history (demo/history.py); the named demo
# is Northbrook's, and these tests are about it.
SPOKE_WORKERS = {"spoke.worker@demo.test", "outreach.worker@demo.test", "hub.worker@demo.test"}


def user(email: str) -> User:
    return User.objects.get(email=email)


@pytest.fixture
def seeded() -> None:
    demo_seed()


def test_the_spoke_workers_have_varied_caseloads(seeded):
    """Given a seeded demo, then eight cases are led by the spoke workers, at every risk level,
    two of them closed."""
    cases = list(
        Case.objects.filter(owning_agency__name=NORTHBROOK).select_related(
            "lead_worker", "young_person"
        )
    )

    assert len(cases) == 8
    assert {c.lead_worker.email for c in cases if c.lead_worker} == SPOKE_WORKERS
    assert all(c.lead_worker for c in cases)
    assert {c.risk_level for c in cases} == {"low", "medium", "high"}
    assert Counter(c.status for c in cases) == {"open": 6, "closed": 2}
    assert len({(c.young_person.first_name, c.young_person.last_name) for c in cases}) == 8
    for case in cases:
        assert case.young_person.date_of_birth is not None


def test_casework_has_restricted_entries_and_one_draft(seeded):
    """Given a seeded demo, then some entries are restricted and exactly one is a draft."""
    entries = CaseworkEntry.objects.filter(case__owning_agency__name=NORTHBROOK)

    assert entries.filter(restricted=True).count() >= 3
    assert entries.filter(status=CaseworkEntry.Status.DRAFT).count() == 1
    joint = entries.get(kind=CaseworkEntry.Kind.JOINT_VISIT)
    assert joint.author.email == "social.worker.ashdown@demo.test"
    assert joint.author_agency.name == "Ashdown Children's Services"


def test_risk_history_plan_reviews_and_a_statutory_step_back(seeded):
    """Given a seeded demo, then risk has history, a plan has goals, reviews were held on time
    but for one overdue, and children's social care stepped back from one case."""
    today = timezone.localdate()

    cases = Case.objects.filter(owning_agency__name=NORTHBROOK)
    assert any(RiskAssessment.objects.filter(case=c).count() >= 2 for c in cases)
    assert CasePlan.objects.get().goals.count() == 3
    held = CaseReview.objects.filter(held_on__isnull=False)
    assert held.exists()
    assert all(review.outcome for review in held)
    overdue = CaseReview.objects.filter(held_on__isnull=True, due_on__lt=today)
    assert overdue.count() == 1
    case = overdue.get().case
    assert case.is_open
    assert case.young_person.first_name == "Kai"
    assert case.next_review_due is not None
    assert case.next_review_due < today
    others = cases.filter(status=Case.Status.OPEN).exclude(pk=case.pk)
    assert all(c.next_review_due and c.next_review_due >= today for c in others)
    stepped_back = AgencyInvolvement.objects.get(
        case__owning_agency__name=NORTHBROOK, stepped_back_on__isnull=False
    )
    assert stepped_back.agency.kind == Agency.Kind.CHILDRENS_SOCIAL_CARE
    assert stepped_back.stepped_back_reason


def test_ashdown_sees_one_case_at_each_scope_and_brackenford_none(seeded):
    """Given a seeded demo, then Ashdown's social worker has a summary, a full and a joint case;
    Brackenford's has nothing shared."""
    ashdown = user("social.worker.ashdown@demo.test")
    shares = CaseShare.objects.filter(agency__name="Ashdown Children's Services")

    assert sorted(s.scope for s in shares) == ["full", "joint", "summary"]
    assert len({s.case_id for s in shares}) == 3
    levels = sorted(policies.access_to(ashdown, c).name for c in policies.visible_cases(ashdown))
    assert levels == ["FULL", "JOINT", "SUMMARY"]
    assert not CaseShare.objects.filter(agency__name="Brackenford Children's Services").exists()
    assert not policies.visible_cases(user("social.worker.brackenford@demo.test")).exists()


def test_restricted_entries_stay_inside_the_hub(seeded):
    """Given the shared cases, then Ashdown reads none of their restricted entries."""
    ashdown = user("social.worker.ashdown@demo.test")
    shared = list(policies.visible_cases(ashdown))
    restricted_on_shared = CaseworkEntry.objects.filter(case__in=shared, restricted=True)

    assert restricted_on_shared.exists()
    for case in shared:
        assert not policies.visible_entries(ashdown, case).filter(restricted=True).exists()


@pytest.mark.parametrize(
    ("email", "count"),
    [
        pytest.param("hub.manager@demo.test", 8, id="the hub manager sees every case"),
        pytest.param("spoke.worker@demo.test", 5, id="the co-located worker: Ashdown's team"),
        pytest.param("hub.worker@demo.test", 5, id="the hub-based worker: Ashdown's team"),
        pytest.param("outreach.worker@demo.test", 3, id="the outreach worker: Brackenford"),
        pytest.param("police.officer@demo.test", 0, id="nothing is shared with the police"),
        pytest.param("admin@demo.test", 0, id="the administrator sees no case content"),
        pytest.param("commissioner@demo.test", 0, id="the commissioner sees aggregates only"),
    ],
)
def test_what_each_account_sees(seeded, email, count):
    """Given a seeded demo, then each account sees the cases the README says."""
    assert policies.visible_cases(user(email)).count() == count


def test_running_again_adds_no_case_and_no_event():
    """Given a seeded demo, when seeded again, then no case, entry or audit event is added."""
    demo_seed()
    counts = (Case.objects.count(), CaseworkEntry.objects.count(), CaseShare.objects.count())
    events = AuditEvent.objects.count()

    assert demo_seed().total_created == 0
    assert (
        Case.objects.count(),
        CaseworkEntry.objects.count(),
        CaseShare.objects.count(),
    ) == counts
    assert AuditEvent.objects.count() == events


def test_dates_hang_off_the_day_it_runs(seeded):
    """Given a seeded demo, then no entry is in the future and the newest is recent."""
    now = timezone.now()
    newest = CaseworkEntry.objects.latest("occurred_at").occurred_at

    assert newest <= now
    assert now - newest < datetime.timedelta(days=3)
