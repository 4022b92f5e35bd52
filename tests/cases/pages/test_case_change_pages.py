"""Opening, closing, reopening and allocating a case through its pages, with version checks."""

from __future__ import annotations

from django.urls import reverse

from audit.models import AuditEvent
from cases.models import Case, CaseWorker, RiskLevel
from cases.services import case_allocate, case_close
from partners.models import Role
from tests import factories


def test_a_hub_manager_opens_a_case(world, login):
    """Given the hub manager, when they post the young person and risk, then a case opens for
    their hub and they land on it."""
    response = login(world.hub_manager).post(
        reverse("cases:case_create"),
        {
            "hub": world.hub.pk,
            "local_authority": world.la_a.pk,
            "first_name": "Jordan",
            "last_name": "Madeup",
            "gender": "not_known",
            "risk_level": RiskLevel.MEDIUM,
            "rationale": "Going missing overnight at weekends.",
            "lead_worker": world.spoke_worker.pk,
        },
    )

    case = Case.objects.get(young_person__first_name="Jordan")
    assert response.status_code == 302
    assert response["Location"] == case.get_absolute_url()
    assert case.owning_agency == world.hub
    assert case.lead_worker == world.spoke_worker


def test_opening_a_case_for_another_hub_is_not_offered(world, login):
    """Given the hub manager, when they post another hub, then the form refuses the choice."""
    response = login(world.hub_manager).post(
        reverse("cases:case_create"),
        {
            "hub": world.other_hub.pk,
            "local_authority": world.la_a.pk,
            "first_name": "Jordan",
            "last_name": "Madeup",
            "gender": "not_known",
            "risk_level": RiskLevel.MEDIUM,
            "rationale": "x",
        },
    )

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Case.objects.exists()


def test_closing_needs_a_reason_and_outcome(world, scene, login):
    """Given the hub manager, when they close with nothing then with a reason and outcome, then
    the first shows the messages and the second closes the case."""
    client = login(world.hub_manager)
    url = reverse("cases:case_close", kwargs={"pk": scene.case.pk})

    empty = client.post(url, {"version": scene.case.version})
    done = client.post(
        url,
        {
            "version": scene.case.version,
            "reason": Case.ClosureReason.OUTCOMES_MET,
            "outcome": "Back in school and safe.",
        },
    )

    assert "Choose why the case is closing" in empty.content.decode()
    assert done.status_code == 302
    scene.case.refresh_from_db()
    assert scene.case.status == Case.Status.CLOSED


def test_a_stale_close_is_refused_with_a_409_and_the_message(world, scene, login):
    """Given someone reallocated the case after the close form was opened, when the manager
    closes it, then the page answers 409 naming who changed it, and the case stays open."""
    stale = scene.case.version
    case_allocate(
        case=scene.case,
        by=world.hub_manager,
        version=stale,
        lead_worker=world.spoke_worker,
        co_workers=[],
    )

    response = login(world.hub_manager).post(
        reverse("cases:case_close", kwargs={"pk": scene.case.pk}),
        {
            "version": stale,
            "reason": Case.ClosureReason.OUTCOMES_MET,
            "outcome": "Back in school and safe.",
        },
    )

    html = response.content.decode()
    assert response.status_code == 409
    assert "Harriet Hub changed this record while you were working on it" in html
    assert "Your changes have not been saved" in html
    scene.case.refresh_from_db()
    assert scene.case.is_open


def test_reopening_a_closed_case(world, scene, login):
    """Given a closed case, when the manager reopens it with a reason, then it is open again."""
    closed = case_close(
        case=scene.case,
        by=world.hub_manager,
        version=scene.case.version,
        reason=Case.ClosureReason.MOVED_AWAY,
        outcome="Moved to another county.",
    )

    response = login(world.hub_manager).post(
        reverse("cases:case_reopen", kwargs={"pk": scene.case.pk}),
        {"version": closed.version, "reason": "Moved back to Ashdown."},
    )

    assert response.status_code == 302
    scene.case.refresh_from_db()
    assert scene.case.is_open
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CASE_REOPENED).exists()


def test_allocating_a_co_worker(world, scene, login):
    """Given another hub worker, when the manager adds them as co-worker, then they are one."""
    colleague = factories.member(agency=world.hub, role=Role.SPOKE_WORKER)

    response = login(world.hub_manager).post(
        reverse("cases:case_allocate", kwargs={"pk": scene.case.pk}),
        {
            "version": scene.case.version,
            "lead_worker": world.spoke_worker.pk,
            "co_workers": [colleague.pk],
        },
    )

    assert response.status_code == 302
    assert CaseWorker.objects.filter(case=scene.case, worker=colleague).exists()
