"""People read risk indicators by name, not by code."""

from __future__ import annotations

from django.urls import reverse

from cases.models import RiskAssessment


def test_indicators_are_shown_by_their_labels(world, case, login):
    """Given an assessment with indicator codes, the case page names them in plain English."""
    assessment = RiskAssessment.objects.get(case=case)
    assert assessment.indicator_labels == ["Missing episodes", "Older boyfriend or girlfriend"]

    page = login(world.spoke_worker).get(reverse("cases:case_detail", kwargs={"pk": case.pk}))

    html = page.content.decode()
    assert "Older boyfriend or girlfriend" in html
    assert "older_partner" not in html
