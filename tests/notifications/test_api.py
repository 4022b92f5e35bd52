"""The notifications API: the caller's list (filterable), marking one read, marking all read."""

from __future__ import annotations

import pytest
from django.urls import reverse

from notifications.models import Notification
from tests.api.conftest import assert_error
from tests.notifications.conftest import notify_many, notify_referral, unread_count

LIST = reverse("api:notification-list")
READ_ALL = reverse("api:notification-read-all")
ANONYMOUS = "anonymous"
MANY = 30


def _read_url(notification: Notification) -> str:
    return reverse("api:notification-read", kwargs={"pk": notification.pk})


def _caller(world, login, name):
    return login(None if name == ANONYMOUS else world.by_role(name))


@pytest.fixture
def managers_notification(world) -> Notification:
    """One unread notification for the hub manager."""
    notify_referral(world.hub_manager, 42)
    return Notification.objects.get()


# Permissions, in the fixed order: anonymous 401, someone else 404, the recipient 2xx, bad
# input 400. Nobody can see a notification and be refused an action on it: no 403.


def test_anonymous_callers_get_401_everywhere(client, managers_notification):
    """Given no credentials, then every endpoint answers 401 and nothing is marked read."""
    assert_error(client.get(LIST), 401, "not_authenticated")
    assert_error(client.post(_read_url(managers_notification)), 401, "not_authenticated")
    assert_error(client.post(READ_ALL), 401, "not_authenticated")
    assert Notification.objects.get().read_at is None


@pytest.mark.parametrize(
    ("name", "status"),
    [
        pytest.param("other_hub_manager", 404, id="someone else cannot tell it exists"),
        pytest.param("spoke_worker", 404, id="a colleague in the same hub cannot either"),
        pytest.param("hub_manager", 200, id="the recipient marks it read"),
    ],
)
def test_who_may_mark_a_notification_read(world, login, managers_notification, name, status):
    """Given each caller, then marking read answers as the policy says."""
    response = _caller(world, login, name).post(_read_url(managers_notification))

    managers_notification.refresh_from_db()
    if status == 404:
        assert_error(response, 404, "not_found")
        assert managers_notification.read_at is None
    else:
        assert response.status_code == status
        assert response.json()["read_at"] is not None
        assert managers_notification.read_at is not None
        assert unread_count(world.hub_manager) == 0


def test_a_notification_that_does_not_exist_is_404(world, login):
    """Given an id with no notification, then 404, exactly as for someone else's."""
    response = login(world.hub_manager).post(reverse("api:notification-read", args=[99999]))

    assert_error(response, 404, "not_found")


def test_marking_read_twice_is_harmless(world, login, managers_notification):
    """Given a notification already read, then marking it read again keeps when it was read."""
    client = login(world.hub_manager)
    first = client.post(_read_url(managers_notification)).json()["read_at"]

    again = client.post(_read_url(managers_notification))

    assert again.status_code == 200
    assert again.json()["read_at"] == first


def test_a_row_is_what_the_person_was_told_and_where(world, login, managers_notification):
    """Given a notification, then its row has the kind, a generic title, the message and link,
    and not when it was emailed."""
    row = login(world.hub_manager).get(LIST).json()["results"][0]

    assert row == {
        "id": managers_notification.pk,
        "kind": "referral_submitted",
        "title": "New referral",
        "message": managers_notification.message,
        "link": "/referrals/42/",
        "created_at": row["created_at"],
        "read_at": None,
    }


def test_the_list_is_the_callers_own_newest_first(world, login):
    """Given notifications for two people, then each lists only their own, newest first."""
    notify_many(world.hub_manager, 3)
    notify_referral(world.other_hub_manager, 9)

    body = login(world.hub_manager).get(LIST).json()

    assert body["count"] == 3
    assert [row["link"] for row in body["results"]] == [
        "/referrals/3/",
        "/referrals/2/",
        "/referrals/1/",
    ]


def test_filter_unread_and_read(world, login):
    """Given two unread and one read, then ?unread=true lists the two and false the one."""
    notify_many(world.hub_manager, 3)
    client = login(world.hub_manager)
    client.post(_read_url(Notification.objects.get(key="referral_submitted:2")))

    unread = client.get(LIST, {"unread": "true"}).json()["results"]
    read = client.get(LIST, {"unread": "false"}).json()["results"]

    assert [row["link"] for row in unread] == ["/referrals/3/", "/referrals/1/"]
    assert [row["link"] for row in read] == ["/referrals/2/"]


def test_a_bad_filter_is_a_400_naming_it(world, login):
    """Given ?unread=perhaps, then 400 naming the filter."""
    response = login(world.hub_manager).get(LIST, {"unread": "perhaps"})

    assert assert_error(response, 400, "invalid")["fields"].keys() == {"unread"}


def test_read_all_marks_only_the_callers_and_says_how_many(world, login):
    """Given three unread for the caller and one for someone else, then read-all reports three,
    the caller has none unread and the other person's stays unread."""
    notify_many(world.hub_manager, 3)
    notify_referral(world.other_hub_manager, 9)

    response = login(world.hub_manager).post(READ_ALL)

    assert response.status_code == 200
    assert response.json() == {"marked": 3}
    assert unread_count(world.hub_manager) == 0
    assert unread_count(world.other_hub_manager) == 1
    assert Notification.objects.filter(read_at__isnull=True).count() == 1


def test_the_list_is_constant_in_queries(world, login, django_assert_num_queries):
    """Given one notification and then many, then the list costs the same."""
    notify_many(world.hub_manager, 1)
    client = login(world.hub_manager)
    client.get(LIST)  # the first request renews the session; not measured

    # session, user, memberships in force (the membership middleware); the COUNT and one page
    # of notifications
    with django_assert_num_queries(5):
        assert client.get(LIST).json()["count"] == 1
    notify_many(world.hub_manager, MANY, start=2)
    with django_assert_num_queries(5):
        assert client.get(LIST).json()["count"] == MANY + 1
