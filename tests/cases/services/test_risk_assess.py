"""Risk assessments: history kept; the latest sets the risk; rising risk brings review forward."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from audit.models import AuditEvent
from cases import record
from cases.indicators import indicator_choices
from cases.models import CaseReview, Indicator, RiskAssessment, RiskLevel
from cases.services import StaleVersionError, review_due_after

# The codes of the fixed list that came before the administered one: records use them.
FORMER_CODES = (
    "missing_episodes",
    "older_partner",
    "unexplained_gifts",
    "substance_misuse",
    "sexual_health",
    "places_of_concern",
    "online_contact",
    "school_absence",
    "self_harm",
    "exploited_peers",
)


def assess(world, case, **overrides):
    fields = {
        "case": case,
        "by": world.spoke_worker,
        "version": case.version,
        "level": RiskLevel.HIGH,
        "indicators": ["older_partner", "unexplained_gifts", "older_partner"],
        "rationale": "New phone and clothes; picked up by an older man after school.",
    }
    fields.update(overrides)
    return record.risk_assess(**fields)


@pytest.mark.django_db
def test_the_seeded_indicators_keep_the_former_codes_and_labels():
    """Given a new database, then the ten codes existing records use are there with their
    labels, offered for new assessments."""
    offered = dict(indicator_choices())

    assert offered["older_partner"] == "Older boyfriend or girlfriend"
    assert offered["self_harm"] == "Self-harm"
    assert set(FORMER_CODES) <= offered.keys()


def test_a_retired_indicator_is_refused_and_nothing_is_saved(world, case):
    """Given an indicator an administrator has retired, when risk is assessed with it, then
    the indicators field names it and the history does not change."""
    Indicator.objects.filter(code="unexplained_gifts").update(is_active=False)

    with pytest.raises(ValidationError) as caught:
        assess(world, case)

    assert "unexplained_gifts" in caught.value.message_dict["indicators"][0]
    assert RiskAssessment.objects.filter(case=case).count() == 1


def test_rising_risk_sets_the_level_and_brings_the_review_forward(world, case):
    """Given a medium-risk case, when it is assessed as high, then the case is high risk,
    its next review is four weeks away, indicators are stored once each, and the change is
    audited with the case."""
    today = timezone.localdate()
    assert case.next_review_due == review_due_after(
        risk_level=RiskLevel.MEDIUM, day=today, hub_id=case.owning_agency_id
    )

    assessment = assess(world, case)

    case.refresh_from_db()
    assert case.risk_level == RiskLevel.HIGH
    assert case.next_review_due == today + datetime.timedelta(weeks=4)
    assert assessment.indicators == ["older_partner", "unexplained_gifts"]
    event = AuditEvent.objects.filter(action=AuditEvent.Action.RISK_ASSESSED).get()
    assert event.case_id == case.pk
    assert event.metadata["previous_level"] == RiskLevel.MEDIUM


def test_rising_risk_moves_a_scheduled_review_forward(world, case):
    """Given a review scheduled in seven weeks, when risk rises to high, then the review is
    due in four weeks."""
    today = timezone.localdate()
    review = record.review_schedule(
        case=case, by=world.hub_manager, due_on=today + datetime.timedelta(weeks=7)
    )
    case.refresh_from_db()

    assess(world, case)

    review.refresh_from_db()
    assert review.due_on == today + datetime.timedelta(weeks=4)


def test_falling_risk_keeps_the_review_date(world, case):
    """Given a medium-risk case, when it is assessed as low, then its review date stays."""
    due = case.next_review_due

    assess(world, case, level=RiskLevel.LOW)

    case.refresh_from_db()
    assert (case.risk_level, case.next_review_due) == (RiskLevel.LOW, due)


def test_a_back_dated_assessment_joins_the_history_only(world, open_case):
    """Given a case opened a month ago and assessed as low today, when a high assessment
    from ten days ago is recorded late, then the history has it and the case stays low."""
    today = timezone.localdate()
    case = open_case(opened_on=today - datetime.timedelta(days=30))
    assess(world, case, level=RiskLevel.LOW)
    case.refresh_from_db()

    assess(
        world,
        case,
        version=case.version,
        level=RiskLevel.HIGH,
        assessed_on=today - datetime.timedelta(days=10),
    )

    case.refresh_from_db()
    assert RiskAssessment.objects.filter(case=case).count() == 3
    assert case.risk_level == RiskLevel.LOW


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        pytest.param({"level": "extreme"}, "level", id="unknown level"),
        pytest.param({"indicators": ["bad_vibes"]}, "indicators", id="unknown indicator"),
        pytest.param({"rationale": ""}, "rationale", id="no rationale"),
        pytest.param(
            {"assessed_on": timezone.localdate() + datetime.timedelta(days=2)},
            "assessed_on",
            id="in the future",
        ),
        pytest.param(
            {"assessed_on": timezone.localdate() - datetime.timedelta(days=400)},
            "assessed_on",
            id="before the case opened",
        ),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(world, case, overrides, field):
    """Given bad input, when risk is assessed, then the field's error is raised and neither
    the case nor the history changes."""
    with pytest.raises(ValidationError) as caught:
        assess(world, case, **overrides)

    assert field in caught.value.message_dict
    case.refresh_from_db()
    assert (case.risk_level, case.version) == (RiskLevel.MEDIUM, 1)
    assert RiskAssessment.objects.filter(case=case).count() == 1
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.RISK_ASSESSED).exists()


def test_a_stale_assessment_is_refused(world, case):
    """Given someone assessed the case meanwhile, when a second assessment starts from the
    old version, then it is refused saying who changed the risk level."""
    assess(world, case, by=world.hub_manager)
    reviews_before = CaseReview.objects.count()

    with pytest.raises(StaleVersionError) as caught:
        assess(world, case, version=1, level=RiskLevel.LOW)

    assert "Harriet Hub changed this record" in str(caught.value)
    assert "risk_level" in str(caught.value)
    assert CaseReview.objects.count() == reviews_before
