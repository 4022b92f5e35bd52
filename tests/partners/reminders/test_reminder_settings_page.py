"""The reminder settings page: a hub's managers change its thresholds, its spoke workers read
them, everyone else gets a 404."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from partners.models import ReminderSettings
from partners.selectors import reminder_settings_of
from partners.services import reminder_settings_set

URL = reverse("partners:reminder_settings")
pytestmark = pytest.mark.django_db


def _form(**changes: str) -> dict[str, str]:
    defaults = ReminderSettings()
    values = {name: str(getattr(defaults, name)) for name in ReminderSettings.LIMITS}
    return {"version": "1", **values, **changes}


def _text(response) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


@pytest.mark.parametrize(
    ("actor", "method", "status"),
    [
        pytest.param(None, "get", 302, id="anonymous is sent to log in"),
        pytest.param("practitioner", "get", 404, id="a practitioner has no hub's settings"),
        pytest.param("partnership_manager", "get", 404, id="a partnership manager neither"),
        pytest.param("administrator", "get", 404, id="an administrator neither"),
        pytest.param("spoke_worker", "get", 200, id="the hub's spoke worker reads them"),
        pytest.param("spoke_worker", "post", 403, id="but may not change them"),
        pytest.param("hub_manager", "get", 200, id="the hub's manager reads them"),
        pytest.param("hub_manager", "post", 302, id="and changes them"),
    ],
)
def test_who_may_see_and_change_the_settings(world, login, actor, method, status):
    client = login(world.by_role(actor) if actor else None)

    response = client.get(URL) if method == "get" else client.post(URL, _form())

    assert response.status_code == status
    if status == 302 and actor is None:
        assert response["Location"].startswith(reverse("account_login"))


def test_another_hubs_settings_are_404_to_a_manager(world, login):
    response = login(world.other_hub_manager).get(URL, {"hub": world.hub.pk})

    assert response.status_code == 404


def test_the_page_shows_the_defaults_until_changed(world, login):
    response = login(world.hub_manager).get(URL)

    assert 'name="referral_screening_working_days" value="2"' in response.content.decode()
    assert "The hub has not changed them: these are the defaults." in _text(response)


def test_a_manager_saves_new_thresholds_and_it_is_audited(world, login):
    client = login(world.hub_manager)

    response = client.post(URL, _form(no_contact_days="10", review_weeks_high="3"), follow=True)

    assert "The reminder settings for Northbrook CSE Hub have been saved." in _text(response)
    saved = reminder_settings_of(hub_id=world.hub.pk)
    assert (saved.no_contact_days, saved.review_weeks_high, saved.version) == (10, 3, 2)
    event = AuditEvent.objects.get(action=AuditEvent.Action.REMINDER_SETTINGS_CHANGED)
    assert event.metadata == {
        "fields": ["no_contact_days", "review_weeks_high"],
        "hub_id": world.hub.pk,
        "no_contact_days": 10,
        "review_weeks_high": 3,
    }


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        pytest.param({"no_contact_days": "90"}, "Enter a number from 3 to 60.", id="out of range"),
        pytest.param({"consultancy_working_days": "two"}, "as a whole number", id="not a number"),
        pytest.param(
            {"first_contact_working_days": "8", "first_contact_escalation_working_days": "6"},
            "Tell the hub's managers no sooner than the worker",
            id="managers before the worker",
        ),
        pytest.param(
            {"review_weeks_high": "10", "review_weeks_medium": "8"},
            "Review high-risk cases at least as often",
            id="high risk reviewed less often than medium",
        ),
    ],
)
def test_bad_thresholds_are_refused_with_a_message_and_nothing_saved(
    world, login, changes, message
):
    response = login(world.hub_manager).post(URL, _form(**changes))

    assert response.status_code == 400
    assert "There is a problem" in _text(response)
    assert message in _text(response)
    assert not ReminderSettings.objects.exists()


def test_a_change_saved_meanwhile_is_not_overwritten(world, login):
    reminder_settings_set(hub=world.hub, by=world.hub_manager, version=1, no_contact_days=21)
    client = login(world.hub_manager)

    response = client.post(URL, _form(no_contact_days="7"))

    assert response.status_code == 409
    assert "changed these settings while you were working on them" in _text(response)
    assert reminder_settings_of(hub_id=world.hub.pk).no_contact_days == 21
    assert 'name="version" value="2"' in response.content.decode()
    assert client.post(URL, _form(no_contact_days="7", version="2")).status_code == 302


def test_a_spoke_worker_sees_the_values_without_a_form(world, login):
    reminder_settings_set(hub=world.hub, by=world.hub_manager, version=1, no_contact_days=21)

    response = login(world.spoke_worker).get(URL)

    assert "<form" not in response.content.decode().split("<main", 1)[1]
    assert "No successful contact: tell the worker after (days) 21" in _text(response)


def test_the_page_costs_the_same_queries_with_settings_saved_or_not(
    world, login, django_assert_num_queries
):
    # Session, user, memberships, the hubs the user may see, the hub's settings.
    client = login(world.hub_manager)
    client.get(URL)
    with django_assert_num_queries(5):
        client.get(URL)
    reminder_settings_set(hub=world.hub, by=world.hub_manager, version=1, no_contact_days=21)
    with django_assert_num_queries(5):
        client.get(URL)
