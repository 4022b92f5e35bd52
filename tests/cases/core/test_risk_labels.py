"""People read risk indicators by name, not by code, retired ones included."""

from __future__ import annotations

from django.urls import reverse

from cases.indicators import indicator_label_map
from cases.models import Indicator, RiskAssessment


def test_indicators_are_shown_by_their_labels(world, case, login):
    """Given an assessment with indicator codes, the case page names them in plain English."""
    assessment = RiskAssessment.objects.get(case=case)
    assert assessment.indicator_labels(indicator_label_map()) == [
        "Missing episodes",
        "Older boyfriend or girlfriend",
    ]

    page = login(world.spoke_worker).get(reverse("cases:case_detail", kwargs={"pk": case.pk}))

    html = page.content.decode()
    assert "Older boyfriend or girlfriend" in html
    assert "older_partner" not in html


def test_a_retired_indicator_is_still_shown_by_its_label(world, case, login):
    """Given an indicator retired and relabelled since the assessment, the case page and the
    chronology show its current label, never its code."""
    Indicator.objects.filter(code="older_partner").update(
        is_active=False, label="Older boyfriend or girlfriend (retired)"
    )
    client = login(world.spoke_worker)

    for name in ("cases:case_detail", "cases:chronology"):
        html = client.get(reverse(name, kwargs={"pk": case.pk})).content.decode()

        assert "Older boyfriend or girlfriend (retired)" in html
        assert "older_partner" not in html
