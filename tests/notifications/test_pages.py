"""The notification pages: the list, opening one, marking all read, and the header's count."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications.models import Notification
from partners.models import Role
from tests.notifications.conftest import notify_many, notify_referral, unread_count

LIST = reverse("notifications:list")
MARK_ALL = reverse("notifications:mark_all_read")
ANONYMOUS = "anonymous"
MANY = 30


def _visitor(world, name):
    return None if name == ANONYMOUS else world.by_role(name)


def _open_url(notification: Notification) -> str:
    return reverse("notifications:open", kwargs={"pk": notification.pk})


@pytest.fixture
def managers_notification(world) -> Notification:
    """One unread notification for the hub manager."""
    notify_referral(world.hub_manager, 42)
    return Notification.objects.get()


# Permissions, in the fixed order: anonymous, someone else (404), the recipient. Nobody can see
# a notification and be refused an action on it, so there is no 403 here.


@pytest.mark.parametrize(
    ("name", "status"),
    [
        pytest.param(ANONYMOUS, 302, id="anonymous is sent to log in"),
        pytest.param("hub_manager", 200, id="a signed-in user sees their list"),
    ],
)
def test_who_may_see_the_list(world, login, name, status):
    """Given each visitor, then the list answers as the policy says."""
    response = login(_visitor(world, name)).get(LIST)

    assert response.status_code == status
    if name == ANONYMOUS:
        assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize(
    ("name", "status"),
    [
        pytest.param(ANONYMOUS, 302, id="anonymous is sent to log in"),
        pytest.param("other_hub_manager", 404, id="someone else cannot tell it exists"),
        pytest.param("spoke_worker", 404, id="a colleague in the same hub cannot either"),
        pytest.param("hub_manager", 302, id="the recipient is taken to its link"),
    ],
)
def test_who_may_open_a_notification(world, login, managers_notification, name, status):
    """Given each visitor, then opening answers as the policy says, and only the recipient's
    opening marks it read."""
    response = login(_visitor(world, name)).get(_open_url(managers_notification))

    assert response.status_code == status
    managers_notification.refresh_from_db()
    if name == "hub_manager":
        assert response["Location"] == "/referrals/42/"
        assert managers_notification.read_at is not None
    else:
        assert managers_notification.read_at is None
    if name == ANONYMOUS:
        assert response["Location"].startswith(reverse("account_login"))


def test_a_notification_that_does_not_exist_is_404(world, login):
    """Given an id with no notification, then 404, as for someone else's."""
    assert (
        login(world.hub_manager).get(reverse("notifications:open", args=[99999])).status_code == 404
    )


def test_opening_lowers_the_count_in_the_header(world, login, managers_notification):
    """Given one unread notification, when the recipient opens it, then the header shows none."""
    client = login(world.hub_manager)
    assert _header_link_text(client.get(LIST)) == "Notifications, 1 unread"

    client.get(_open_url(managers_notification))

    assert _header_link_text(client.get(LIST)) == "Notifications"
    assert unread_count(world.hub_manager) == 0


# The list.


def test_the_list_shows_newest_first_and_marks_unread_ones(world, login):
    """Given three notifications, one read, then all are listed newest first with a link to
    open each, and only the unread ones carry the Unread badge."""
    notify_many(world.hub_manager, 3)
    client = login(world.hub_manager)
    client.get(_open_url(Notification.objects.get(key="referral_submitted:1")))

    response = client.get(LIST)

    html = response.content.decode()
    rows = list(response.context["page"].object_list)
    assert [row.key for row in rows] == [
        "referral_submitted:3",
        "referral_submitted:2",
        "referral_submitted:1",
    ]
    for row in rows:
        assert f'href="{_open_url(row)}"' in html
    assert html.count('<strong class="moj-badge moj-badge--blue">Unread</strong>') == 2
    assert "Mark all as read" in html


def test_the_list_shows_only_ones_own(world, login):
    """Given notifications for two people, then each sees only their own."""
    notify_referral(world.hub_manager, 1)
    notify_referral(world.other_hub_manager, 2)

    response = login(world.hub_manager).get(LIST)

    assert [n.key for n in response.context["page"].object_list] == ["referral_submitted:1"]


def test_an_empty_list_says_so_and_offers_nothing_to_mark(world, login):
    """Given no notifications, then the page says there are none."""
    response = login(world.hub_manager).get(LIST)

    assert "You have no notifications." in response.content.decode()
    assert "Mark all as read" not in response.content.decode()


def test_the_list_pages_by_25(world, login):
    """Given 30 notifications, then the first page has 25 and the second the other 5."""
    notify_many(world.hub_manager, MANY)
    client = login(world.hub_manager)

    first = client.get(LIST).context["page"]
    second = client.get(LIST, {"page": 2}).context["page"]

    assert len(first.object_list) == 25
    assert len(second.object_list) == 5
    assert first.paginator.count == MANY


def test_mark_all_read(world, login):
    """Given unread notifications, when Mark all as read is posted, then none is unread, the
    count is nought and the list says so."""
    notify_many(world.hub_manager, 3)
    client = login(world.hub_manager)

    response = client.post(MARK_ALL, follow=True)

    assert response.redirect_chain == [(LIST, 302)]
    assert "All notifications marked as read" in response.content.decode()
    assert not Notification.objects.filter(read_at__isnull=True).exists()
    assert unread_count(world.hub_manager) == 0


@pytest.mark.parametrize(
    ("name", "status"),
    [
        pytest.param(ANONYMOUS, 302, id="anonymous is sent to log in"),
        pytest.param("hub_manager", 302, id="a signed-in user marks their own read"),
    ],
)
def test_who_may_mark_all_read(world, login, managers_notification, name, status):
    """Given each visitor, then only a signed-in user's own notifications are marked read."""
    notify_referral(world.other_hub_manager, 7)

    response = login(_visitor(world, name)).post(MARK_ALL)

    assert response.status_code == status
    assert Notification.objects.get(recipient=world.other_hub_manager).read_at is None
    managers_notification.refresh_from_db()
    assert (managers_notification.read_at is not None) is (name == "hub_manager")


def test_mark_all_read_needs_a_post(world, login):
    """Given a GET (a link, a prefetch), then nothing is marked read."""
    notify_referral(world.hub_manager)

    assert login(world.hub_manager).get(MARK_ALL).status_code == 405
    assert unread_count(world.hub_manager) == 1


# Queries.


def _count(client, url: str) -> int:
    # The first request renews the session, which is not written again within a minute.
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_list_is_constant_in_queries(world, login, django_assert_num_queries):
    """Given one notification and then many, then the list costs the same."""
    notify_many(world.hub_manager, 1)
    client = login(world.hub_manager)
    one = _count(client, LIST)
    notify_many(world.hub_manager, MANY, start=2)

    with django_assert_num_queries(one):
        client.get(LIST)
    # session, user, memberships; the COUNT and one page of notifications. The header's count
    # is a column of the user.
    assert one == 5


def test_the_header_count_adds_no_queries(world, login, django_assert_num_queries):
    """Given a page's query count with no notifications, when three arrive, then the same page
    costs the same and its header says three are unread."""
    client = login(world.hub_manager)
    home = reverse("role_home", kwargs={"role": Role.HUB_MANAGER})
    before = _count(client, home)
    assert _header_link_text(client.get(home)) == "Notifications"

    notify_many(world.hub_manager, 3)

    with django_assert_num_queries(before):
        response = client.get(home)
    assert _header_link_text(response) == "Notifications, 3 unread"


def _header_link_text(response) -> str:
    """The name of the header's Notifications link, as a screen reader reads it."""
    html = response.content.decode()
    bar = html[html.index('class="moj-identity-bar__actions"') :]
    link = re.search(r'<a ([^>]*href="/notifications/"[^>]*)>(.*?)</a>', bar, re.S)
    assert link is not None
    label = re.search(r'aria-label="([^"]*)"', link.group(1))
    return label.group(1) if label else re.sub(r"<[^>]+>", "", link.group(2)).strip()
