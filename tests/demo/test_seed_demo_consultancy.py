"""The demo's consultancy, training, awareness, group work, resources, practice challenge and
target balance: made through the services, in the states the journeys start from, and made
once however often the demo is seeded."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.models import User
from audit.models import AuditEvent
from cases.models import CaseworkEntry
from consultancy import policies
from consultancy.models import (
    AwarenessSession,
    BalanceTarget,
    ConsultancyRequest,
    GroupWorkAttendance,
    GroupWorkProgramme,
    PracticeChallenge,
    Resource,
    TrainingAttendance,
    TrainingSession,
)
from consultancy.selectors.balance import (
    Month,
    balance_target_of,
    worker_balance,
)
from demo.consultancy import demo_consultancy_seed
from demo.services import demo_seed
from partners.models import Agency, LocalAuthority

pytestmark = pytest.mark.django_db
HUB = "Northbrook CSE Hub"


def user(email: str) -> User:
    return User.objects.get(email=email)


def seed_consultancy() -> Counter[str]:
    """Run the consultancy demo with the seeded partnership, as demo_seed does."""
    created: Counter[str] = Counter()
    demo_consultancy_seed(
        created=created,
        users={u.email: u for u in User.objects.filter(email__endswith="@demo.test")},
        agencies={a.name: a for a in Agency.objects.all()},
        las={la.gss_code: la for la in LocalAuthority.objects.all()},
        today=timezone.localdate(),
    )
    return created


@pytest.fixture
def seeded() -> Counter[str]:
    demo_seed()
    return seed_consultancy()


def test_consultancy_requests_wait_sit_with_a_worker_and_are_answered(seeded):
    """Given a seeded demo, then the teacher's unnamed request waits for the hub's managers,
    the Brackenford social worker's is with the outreach worker, and the Ashdown social
    worker's, about a shared case, was advised and marked helpful."""
    requests = {
        r.requester.email: r for r in ConsultancyRequest.objects.select_related("requester")
    }

    teacher = requests["teacher@demo.test"]
    assert teacher.about == ConsultancyRequest.About.UNNAMED
    assert teacher.status == ConsultancyRequest.Status.REQUESTED
    assert teacher.responding_worker is None
    brackenford = requests["social.worker.brackenford@demo.test"]
    assert brackenford.status == ConsultancyRequest.Status.ASSIGNED
    assert brackenford.responding_worker == user("outreach.worker@demo.test")
    shared = requests["social.worker.ashdown@demo.test"]
    assert shared.about == ConsultancyRequest.About.CASE
    assert shared.status == ConsultancyRequest.Status.CLOSED
    assert shared.helpful is True
    assert shared.messages.get().time_spent_minutes == 45
    assert policies.may_see_case_link(user("social.worker.ashdown@demo.test"), shared)


def test_training_has_a_delivered_session_with_three_agencies_and_a_planned_one(seeded):
    """Given a seeded demo, then the delivered session has named and counted attendees from
    three agencies with confidence before and after, and the planned one has none."""
    delivered = TrainingSession.objects.get(hub__name=HUB, status=TrainingSession.Status.DELIVERED)
    rows = TrainingAttendance.objects.filter(session=delivered).select_related("agency")

    assert {row.agency.name for row in rows} == {
        "Ashdown Children's Services",
        "Shire Police",
        "Ashdown Academy",
    }
    assert sum(row.count for row in rows) == 18
    scores = [(row.confidence_before, row.confidence_after) for row in rows]
    assert all(
        before is not None and after is not None and before < after for before, after in scores
    )
    assert delivered.feedback
    assert delivered in policies.training_attended(user("teacher@demo.test"))
    planned = TrainingSession.objects.get(hub__name=HUB, status=TrainingSession.Status.PLANNED)
    assert not planned.attendance.exists()


def test_group_work_writes_casework_for_the_two_young_people(seeded):
    """Given a seeded demo, then the programme has two young people and a recorded session
    whose attendance wrote a group-work entry on each case."""
    programme = GroupWorkProgramme.objects.get()
    attendance = GroupWorkAttendance.objects.filter(session__programme=programme)

    assert programme.participants.count() == 2
    assert attendance.count() == 2
    assert {row.entry.kind for row in attendance} == {CaseworkEntry.Kind.GROUP_WORK}
    assert AwarenessSession.objects.get(hub__name=HUB).young_people_reached == 28


def test_resources_are_pdfs_shared_by_area_and_by_agency(seeded):
    """Given a seeded demo, then one resource is shared with Ashdown's partners and one with
    named agencies, each a PDF the teacher or police officer may see as the policy says."""
    by_area = Resource.objects.get(audience=Resource.Audience.LOCAL_AUTHORITIES)
    by_agency = Resource.objects.get(audience=Resource.Audience.AGENCIES)

    for resource in (by_area, by_agency):
        version = resource.current_version
        assert version is not None
        assert version.content_type == "application/pdf"
        with version.file.open("rb") as stored:
            assert stored.read(5) == b"%PDF-"
    assert by_area in policies.shared_resources(user("teacher@demo.test"))
    assert by_agency not in policies.shared_resources(user("teacher@demo.test"))
    assert by_agency in policies.shared_resources(user("police.officer@demo.test"))


def test_a_challenge_to_ashdown_childrens_services_is_escalated_once(seeded):
    """Given a seeded demo, then the practice challenge to Ashdown Children's Services is open
    at manager level, and its team manager sees it."""
    challenge = PracticeChallenge.objects.get(hub__name=HUB)

    assert challenge.challenged_agency.name == "Ashdown Children's Services"
    assert challenge.level == PracticeChallenge.Level.MANAGER
    assert challenge.is_open
    assert challenge.escalations.count() == 2
    assert policies.may_view_challenge(user("team.manager.ashdown@demo.test"), challenge)


def test_the_hub_has_a_target_and_the_worker_a_balance(seeded):
    """Given a seeded demo, then the hub's target is 55/20/15/10 and the spoke worker has
    consultancy, training and awareness hours besides their casework."""
    hub = Agency.objects.get(name=HUB)
    assert balance_target_of(hub=hub).as_dict() == {
        "direct_work": 55,
        "consultancy": 20,
        "training": 15,
        "awareness": 10,
    }
    worker = user("spoke.worker@demo.test")
    months = {Month.current(), Month.current().previous}
    target = balance_target_of(hub=hub)
    minutes: Counter[str] = Counter()
    for month in months:
        minutes.update(worker_balance(worker=worker, hub=hub, month=month, target=target).minutes)
    assert minutes["consultancy"] >= 45
    assert minutes["training"] >= 180
    assert minutes["awareness"] >= 60
    assert minutes["direct_work"] > 0
    assert Decimal(0) < target.share("direct_work")


# Northbrook's: Eastmoor CSE Hub holds the dashboards' synthetic history (demo/history.py).
NAMED_DEMO = (ConsultancyRequest, TrainingSession, Resource)


def test_seeding_again_changes_nothing(seeded):
    """Given a seeded demo, when the demo and the consultancy demo are seeded again, then
    nothing more is made and nothing audited."""
    events = AuditEvent.objects.count()
    counts = [model.objects.filter(hub__name=HUB).count() for model in NAMED_DEMO]

    demo_seed()
    again = seed_consultancy()

    assert not sum(again.values())
    assert AuditEvent.objects.count() == events
    assert counts == [3, 2, 2]
    assert [model.objects.filter(hub__name=HUB).count() for model in NAMED_DEMO] == counts
    assert BalanceTarget.objects.count() == 1
