"""Risk, the plan, reviews and agency involvement through the case's pages."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from cases.models import (
    AgencyInvolvement,
    CasePlan,
    CaseReview,
    Indicator,
    RiskAssessment,
    RiskLevel,
)


def _date(prefix: str, day: datetime.date) -> dict[str, str]:
    return {
        f"{prefix}_day": str(day.day),
        f"{prefix}_month": str(day.month),
        f"{prefix}_year": str(day.year),
    }


def test_assessing_risk(world, scene, login):
    """Given the lead worker, when they assess risk as medium with indicators, then the case's
    risk is medium and the assessment keeps the indicators."""
    response = login(world.spoke_worker).post(
        reverse("cases:risk_create", kwargs={"pk": scene.case.pk}),
        {
            "version": scene.case.version,
            "level": RiskLevel.MEDIUM,
            "indicators": ["missing_episodes", "school_absence"],
            "rationale": "No missing episodes this month.",
        },
    )

    assert response.status_code == 302
    scene.case.refresh_from_db()
    assert scene.case.risk_level == RiskLevel.MEDIUM
    latest = RiskAssessment.objects.filter(case=scene.case).latest("pk")
    assert latest.indicators == ["missing_episodes", "school_absence"]


def test_the_risk_page_offers_the_indicators_in_use(world, scene, login):
    """Given an indicator retired and one added since, then the risk page offers the new one
    by its label and not the retired one, and refuses the retired one if posted anyway."""
    Indicator.objects.filter(code="school_absence").update(is_active=False)
    Indicator.objects.create(code="county_lines", label="Involved in county lines", position=1)
    client = login(world.spoke_worker)
    url = reverse("cases:risk_create", kwargs={"pk": scene.case.pk})

    offered = client.get(url).context["form"].fields["indicators"].choices
    response = client.post(
        url,
        {
            "version": scene.case.version,
            "level": RiskLevel.MEDIUM,
            "indicators": ["school_absence"],
            "rationale": "Attending again.",
        },
    )

    assert offered[0] == ("county_lines", "Involved in county lines")
    assert "school_absence" not in dict(offered)
    assert response.status_code == 200
    assert response.context["form"].errors["indicators"]
    assert RiskAssessment.objects.filter(case=scene.case).count() == 1


def test_a_stale_risk_assessment_is_a_409(world, scene, login):
    """Given an old version, when risk is posted, then it is refused with 409."""
    response = login(world.spoke_worker).post(
        reverse("cases:risk_create", kwargs={"pk": scene.case.pk}),
        {
            "version": scene.case.version - 1,
            "level": RiskLevel.LOW,
            "rationale": "Settled.",
        },
    )

    assert response.status_code == 409
    assert "changed this record while you were working on it" in response.content.decode()


def test_writing_the_plan_with_goals(world, scene, login):
    """Given no plan, when the worker writes one with a goal and an empty goal row, then the
    plan has the one goal and the young person's view."""
    response = login(world.spoke_worker).post(
        reverse("cases:plan_update", kwargs={"pk": scene.case.pk}),
        {
            "version": "0",
            "summary": "Weekly sessions; safety plan with school.",
            "young_persons_view": "I want to stay at my college.",
            "goals-TOTAL_FORMS": "2",
            "goals-INITIAL_FORMS": "0",
            "goals-MIN_NUM_FORMS": "0",
            "goals-MAX_NUM_FORMS": "30",
            "goals-0-description": "Knows who to call when unsafe.",
            "goals-0-status": "in_progress",
            "goals-1-description": "",
            "goals-1-status": "not_started",
        },
    )

    assert response.status_code == 302
    plan = CasePlan.objects.get(case=scene.case)
    assert plan.young_persons_view == "I want to stay at my college."
    assert [goal.description for goal in plan.goals.all()] == ["Knows who to call when unsafe."]


def test_scheduling_and_recording_a_review(world, scene, login):
    """Given a scheduled review, when the manager records it as held, then it has an outcome."""
    client = login(world.hub_manager)
    due = timezone.localdate() + datetime.timedelta(days=3)

    scheduled = client.post(
        reverse("cases:review_schedule", kwargs={"pk": scene.case.pk}), _date("due_on", due)
    )
    recorded = client.post(
        reverse("cases:review_record", kwargs={"pk": scene.case.pk, "review_pk": scene.review.pk}),
        {**_date("held_on", timezone.localdate()), "outcome": "Risk reducing; continue."},
    )

    assert scheduled.status_code == 302
    assert CaseReview.objects.filter(case=scene.case, due_on=due).exists()
    assert recorded.status_code == 302
    scene.review.refresh_from_db()
    assert scene.review.outcome == "Risk reducing; continue."


def test_adding_involvement_and_stepping_back(world, scene, login):
    """Given the manager, when they add the school's involvement and record that the police
    stepped back, then both are kept with the reason."""
    client = login(world.hub_manager)

    added = client.post(
        reverse("cases:involvement_create", kwargs={"pk": scene.case.pk}),
        {"agency": world.school.pk, "professional_name": "Ms Example", "is_lead_professional": ""},
    )
    stepped = client.post(
        reverse(
            "cases:involvement_step_back",
            kwargs={"pk": scene.case.pk, "involvement_pk": scene.involvement.pk},
        ),
        {
            **_date("stepped_back_on", timezone.localdate()),
            "reason": "Closed their missing-person enquiry.",
        },
    )

    assert added.status_code == 302
    assert AgencyInvolvement.objects.filter(case=scene.case, agency=world.school).exists()
    assert stepped.status_code == 302
    scene.involvement.refresh_from_db()
    assert scene.involvement.stepped_back_reason == "Closed their missing-person enquiry."
