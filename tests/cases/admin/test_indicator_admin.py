"""Administrators keep the CSE indicator list: add, relabel, reorder and retire, never delete."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import AuditEvent
from cases.indicators import indicator_choices, indicator_label_map, indicators_check
from cases.models import Indicator
from tests.conftest import World
from tests.partners.conftest import Login, as_actor


def form(indicator: Indicator, **overrides: object) -> dict[str, object]:
    """The change form as it stands (the code is read-only there), with `overrides`."""
    data: dict[str, object] = {
        "label": indicator.label,
        "guidance": indicator.guidance,
        "position": indicator.position,
    }
    if indicator.is_active:
        data["is_active"] = "on"
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("actor", "status"),
    [
        pytest.param("anonymous", 302, id="anonymous is sent to log in"),
        pytest.param("hub_manager", 302, id="a hub manager is sent away"),
        pytest.param("administrator", 200, id="an administrator sees the list"),
    ],
)
def test_only_administrators_reach_the_list(world: World, login: Login, actor, status) -> None:
    """Given the indicator list in the administration site, only an administrator reaches it."""
    response = as_actor(world, login, actor).get(reverse("admin:cases_indicator_changelist"))

    assert response.status_code == status
    if status == 200:
        assert "Older boyfriend or girlfriend" in response.content.decode()


def test_an_administrator_adds_an_indicator_and_it_is_offered(world: World, login: Login) -> None:
    """Given the add form, when an administrator adds an indicator, then it is saved through
    the service, audited, and offered for new assessments."""
    response = login(world.administrator).post(
        reverse("admin:cases_indicator_add"),
        {
            "code": "county_lines",
            "label": "  Involved in county lines  ",
            "guidance": "Travelling out of the area to carry drugs or money.",
            "position": 55,
            "is_active": "on",
        },
    )

    assert response.status_code == 302
    indicator = Indicator.objects.get(code="county_lines")
    assert indicator.label == "Involved in county lines"
    assert ("county_lines", "Involved in county lines") in indicator_choices()
    event = AuditEvent.objects.get(
        action=AuditEvent.Action.ADMIN_CHANGE, object_type="cases.indicator"
    )
    assert (event.actor, event.object_id) == (world.administrator, str(indicator.pk))
    assert event.metadata == {"change": "indicator_created", "code": "county_lines"}


def test_an_administrator_retires_an_indicator(world: World, login: Login) -> None:
    """Given an indicator records use, when an administrator unticks it, then it is no longer
    offered or accepted, but records that name it still show its label."""
    self_harm = Indicator.objects.get(code="self_harm")

    response = login(world.administrator).post(
        reverse("admin:cases_indicator_change", args=[self_harm.pk]),
        form(self_harm, is_active=""),
    )

    assert response.status_code == 302
    assert "self_harm" not in dict(indicator_choices())
    assert indicator_label_map()["self_harm"] == "Self-harm"
    with pytest.raises(ValidationError) as caught:
        indicators_check(["missing_episodes", "self_harm"])
    assert caught.value.message_dict == {
        "indicators": ["Choose indicators from the list. No longer used: self_harm."]
    }
    event = AuditEvent.objects.get(
        action=AuditEvent.Action.ADMIN_CHANGE, object_id=str(self_harm.pk)
    )
    assert event.metadata == {
        "change": "indicator_changed",
        "code": "self_harm",
        "fields": ["is_active"],
        "retired": True,
    }


def test_an_administrator_relabels_and_reorders_but_cannot_change_the_code(
    world: World, login: Login
) -> None:
    """Given the change form, when an administrator posts a new label, position and code,
    then the label and position change and the code (which records store) does not."""
    gifts = Indicator.objects.get(code="unexplained_gifts")

    login(world.administrator).post(
        reverse("admin:cases_indicator_change", args=[gifts.pk]),
        form(gifts, label="Unexplained gifts, money or credit", position=1, code="gifts"),
    )

    gifts.refresh_from_db()
    assert (gifts.code, gifts.label, gifts.position) == (
        "unexplained_gifts",
        "Unexplained gifts, money or credit",
        1,
    )
    assert indicator_choices()[0] == ("unexplained_gifts", "Unexplained gifts, money or credit")


def test_a_code_in_use_or_badly_formed_is_refused_on_the_form(world: World, login: Login) -> None:
    """Given a code that exists, or one with capitals and hyphens, then the form says why and
    nothing is saved."""
    client = login(world.administrator)
    before = Indicator.objects.count()

    for code, message in [
        ("self_harm", "Indicator with this Code already exists."),
        ("County-Lines", "Use lower-case letters, numbers and underscores, like staying_out_late."),
    ]:
        response = client.post(
            reverse("admin:cases_indicator_add"),
            {"code": code, "label": "County lines", "guidance": "", "position": 5},
        )

        assert response.status_code == 200
        assert response.context["adminform"].form.errors["code"] == [message]
    assert Indicator.objects.count() == before


def test_an_indicator_cannot_be_deleted(world: World, login: Login) -> None:
    """Given an administrator, then there is no delete page and no delete action: retire it."""
    indicator = Indicator.objects.get(code="self_harm")
    client = login(world.administrator)

    response = client.post(
        reverse("admin:cases_indicator_delete", args=[indicator.pk]), {"post": "yes"}
    )

    assert response.status_code == 403
    assert Indicator.objects.filter(pk=indicator.pk).exists()
    changelist = client.get(reverse("admin:cases_indicator_changelist"))
    assert "delete_selected" not in changelist.content.decode()
