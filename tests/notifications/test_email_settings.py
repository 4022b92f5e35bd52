"""Choosing how notifications are emailed: a page and an API, each person for themselves."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from accounts.models import User
from tests.api.conftest import assert_error

pytestmark = pytest.mark.django_db
PAGE = reverse("notifications:settings")
API = reverse("api:notification-email-settings")


def test_anonymous_is_sent_to_log_in_and_the_api_says_401(client, world):
    response = client.get(PAGE)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert_error(client.get(API), 401, "not_authenticated")


def test_the_page_shows_the_choice_and_saves_a_new_one(world, login):
    client = login(world.spoke_worker)

    page = client.get(PAGE).content.decode()
    [immediate] = re.findall(r'<input[^>]*value="immediate"[^>]*>', page)
    [daily] = re.findall(r'<input[^>]*value="daily"[^>]*>', page)
    assert "checked" in immediate
    assert "checked" not in daily

    response = client.post(PAGE, {"email_notifications": "daily"})

    assert response.status_code == 302
    assert response["Location"] == reverse("notifications:list")
    world.spoke_worker.refresh_from_db()
    assert world.spoke_worker.email_notifications == User.EmailNotifications.DAILY
    listing = client.get(reverse("notifications:list")).content.decode()
    assert "once a day, with a digest" in listing


def test_no_choice_is_a_400_with_a_message(world, login):
    response = login(world.spoke_worker).post(PAGE, {})

    assert response.status_code == 400
    assert "Choose how you would like to be emailed." in response.content.decode()


def test_the_api_reads_and_sets_the_callers_own_choice(world, login):
    client = login(world.practitioner)

    assert client.get(API).json() == {"email_notifications": "immediate"}
    response = client.put(API, {"email_notifications": "daily"}, content_type="application/json")

    assert response.status_code == 200
    assert response.json() == {"email_notifications": "daily"}
    world.practitioner.refresh_from_db()
    assert world.practitioner.email_notifications == "daily"
    # Someone else's stays as it was: there is no way to name another person.
    world.hub_manager.refresh_from_db()
    assert world.hub_manager.email_notifications == "immediate"


def test_a_choice_that_does_not_exist_is_400(world, login):
    response = login(world.practitioner).put(
        API, {"email_notifications": "weekly"}, content_type="application/json"
    )

    error = assert_error(response, 400, "invalid")
    assert set(error["fields"]) == {"email_notifications"}


def test_the_page_costs_a_fixed_number_of_queries(world, login, django_assert_num_queries):
    client = login(world.spoke_worker)
    client.get(PAGE)
    # Session, user, memberships.
    with django_assert_num_queries(3):
        client.get(PAGE)
