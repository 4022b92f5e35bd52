"""GET /api/v1/referrals/indicators/: the CSE indicators a referral may name, for the form."""

from __future__ import annotations

from django.urls import reverse

from cases.indicators import indicator_update
from cases.models import Indicator
from tests.api.conftest import assert_error

URL = reverse("api:referral-indicators")


def test_anonymous_callers_get_401(client, db):
    """Given no credentials, then 401."""
    assert_error(client.get(URL), 401, "not_authenticated")


def test_the_active_indicators_in_order_without_retired_ones(world, actor):
    """Given one indicator retired, then every other one is listed, in order, and it is not."""
    retired = Indicator.objects.get(code="school_absence")
    indicator_update(indicator=retired, by=world.administrator, is_active=False)

    response = actor("referrer").get(URL)

    assert response.status_code == 200, response.content
    listed = response.json()
    expected = list(Indicator.objects.filter(is_active=True).values_list("code", "label"))
    assert [(row["code"], row["label"]) for row in listed] == expected
    assert "school_absence" not in {row["code"] for row in listed}
    assert {"code": "missing_episodes", "label": expected[0][1]} in listed
