"""The CSE indicator list: read in one query, checked against what is offered, kept audited."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from cases.indicators import (
    indicator_choices,
    indicator_create,
    indicator_label_map,
    indicator_update,
    indicators_check,
)
from cases.models import Indicator

pytestmark = pytest.mark.django_db


def retire(code: str) -> Indicator:
    return indicator_update(indicator=Indicator.objects.get(code=code), by=None, is_active=False)


def test_choices_are_the_offered_indicators_in_order_in_one_query(django_assert_num_queries):
    """Given a retired indicator and one moved to the top, then the choices leave out the
    retired one and follow the administrators' order, in one query."""
    retire("school_absence")
    indicator_update(indicator=Indicator.objects.get(code="self_harm"), by=None, position=1)

    with django_assert_num_queries(1):
        choices = indicator_choices()

    assert choices[0] == ("self_harm", "Self-harm")
    assert "school_absence" not in dict(choices)
    assert len(choices) == Indicator.objects.filter(is_active=True).count()


def test_the_label_map_keeps_retired_indicators_in_one_query(django_assert_num_queries):
    """Given a retired indicator, then the label map still names it, in one query."""
    retire("school_absence")

    with django_assert_num_queries(1):
        labels = indicator_label_map()

    assert labels["school_absence"] == "School absence"
    assert len(labels) == Indicator.objects.count()


def test_the_check_sorts_and_drops_repeats_in_one_query(django_assert_num_queries):
    """Given codes in any order with repeats, then they come back sorted, once each."""
    with django_assert_num_queries(1):
        codes = indicators_check(["self_harm", "missing_episodes", "self_harm"])

    assert codes == ["missing_episodes", "self_harm"]


def test_no_codes_need_no_query(django_assert_num_queries):
    """Given no indicators at all, then the check passes without asking the database."""
    with django_assert_num_queries(0):
        assert indicators_check([]) == []


def test_the_check_names_unknown_and_retired_codes_on_the_field_asked_for():
    """Given an unknown code and a retired one, then one error on the named field names both."""
    retire("school_absence")

    with pytest.raises(ValidationError) as caught:
        indicators_check(["made_up", "school_absence", "self_harm"], field="screening")

    assert caught.value.message_dict == {
        "screening": [
            "Choose indicators from the list. Not on the list: made_up. "
            "No longer used: school_absence."
        ]
    }


def test_adding_an_indicator_is_audited_without_its_text(world):
    """Given an administrator, when they add an indicator, then the event names its code."""
    indicator = indicator_create(
        by=world.administrator,
        code="county_lines",
        label="Involved in county lines",
        guidance="Travelling out of the area.",
        position=200,
    )

    event = AuditEvent.objects.get(object_type="cases.indicator", object_id=str(indicator.pk))
    assert event.action == AuditEvent.Action.ADMIN_CHANGE
    assert event.metadata == {"change": "indicator_created", "code": "county_lines"}


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        pytest.param({"code": "older_partner"}, "code", id="a code already used"),
        pytest.param({"code": "Older-Partner2"}, "code", id="capitals and hyphens"),
        pytest.param({"label": "  "}, "label", id="no label"),
    ],
)
def test_a_bad_indicator_is_refused(world, fields, field):
    """Given a bad code or no label, then the field's error is raised and nothing is saved."""
    before = Indicator.objects.count()
    values = {"code": "county_lines", "label": "County lines", **fields}

    with pytest.raises(ValidationError) as caught:
        indicator_create(by=world.administrator, **values)

    assert field in caught.value.message_dict
    assert Indicator.objects.count() == before


def test_the_code_never_changes(world):
    """Given an indicator records use, when its code is changed, then it is refused."""
    indicator = Indicator.objects.get(code="older_partner")

    with pytest.raises(ValidationError) as caught:
        indicator_update(indicator=indicator, by=world.administrator, code="older_adult")

    assert "code" in caught.value.message_dict
    assert Indicator.objects.filter(code="older_partner").exists()


def test_an_update_that_changes_nothing_writes_no_event(world):
    """Given the same values posted again, then nothing is saved and nothing audited."""
    indicator = Indicator.objects.get(code="older_partner")

    indicator_update(indicator=indicator, by=world.administrator, label=f" {indicator.label} ")

    assert not AuditEvent.objects.filter(object_type="cases.indicator").exists()


def test_a_retired_indicator_can_be_offered_again(world):
    """Given a retired indicator, when it is ticked again, then it is offered and accepted."""
    retire("school_absence")

    indicator_update(
        indicator=Indicator.objects.get(code="school_absence"),
        by=world.administrator,
        is_active=True,
    )

    assert indicators_check(["school_absence"]) == ["school_absence"]
    event = AuditEvent.objects.filter(object_type="cases.indicator").order_by("sequence").last()
    assert event is not None
    assert event.metadata["retired"] is False
