"""Administering users: invite, change, disable, enable and unlock, each audited."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import services as account_services
from accounts.models import User, UserSession
from audit.models import AuditEvent
from partners.models import Membership, Role
from tests import factories
from tests.admin.conftest import membership_inline, user_form
from tests.conftest import World
from tests.partners.conftest import Login

Action = AuditEvent.Action


def lock_out(user: User, *, minutes_ago: int = 1) -> None:
    """Record enough failed logins to lock the user out, as django-axes would."""
    attempt = AccessAttempt.objects.create(
        username=user.email,
        ip_address="192.0.2.10",
        user_agent="test",
        http_accept="*/*",
        path_info="/accounts/login/",
        get_data="",
        post_data="",
        failures_since_start=settings.AXES_FAILURE_LIMIT,
    )
    # attempt_time is set on insert; move it back to when the failures happened.
    AccessAttempt.objects.filter(pk=attempt.pk).update(
        attempt_time=timezone.now() - datetime.timedelta(minutes=minutes_ago)
    )


def invite_data(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "email": "Robin.Reid@Example.test",
        "full_name": "Robin Reid",
        "job_title": "Spoke worker",
        "phone": "",
        **membership_inline(None),
    }
    data.update(overrides)
    return data


# Inviting


def test_an_administrator_invites_a_user_who_is_emailed_a_link(
    world: World, login: Login, django_capture_on_commit_callbacks: Callable
) -> None:
    """Given the invite form, the user is made without a password and emailed a link."""
    with django_capture_on_commit_callbacks(execute=True):
        response = login(world.administrator).post(
            reverse("admin:accounts_user_add"), invite_data()
        )

    user = User.objects.get(email="robin.reid@example.test")
    assert response.status_code == 302
    assert not user.has_usable_password()
    event = AuditEvent.objects.get(action=Action.USER_INVITED, object_id=str(user.pk))
    assert event.actor == world.administrator
    [email] = mail.outbox
    assert email.to == ["robin.reid@example.test"]
    # The link is built from the address the administrator is using.
    assert "http://testserver/accounts/password/reset/key/" in email.body


def test_the_invite_page_is_titled_as_an_invitation(world: World, login: Login) -> None:
    """The add page and the list's button both say "invite"."""
    client = login(world.administrator)

    assert "Invite a user" in client.get(reverse("admin:accounts_user_add")).content.decode()
    assert "Invite a user" in client.get(reverse("admin:accounts_user_changelist")).content.decode()


def test_an_invitation_can_give_a_membership_at_once(world: World, login: Login) -> None:
    """Given a membership in the invite form, the user is invited and placed in the agency."""
    data = invite_data(
        **membership_inline(
            None,
            new=[{"agency": world.hub.pk, "role": Role.SPOKE_WORKER, "starts_on": "2026-11-01"}],
        )
    )

    login(world.administrator).post(reverse("admin:accounts_user_add"), data)

    membership = Membership.objects.get(user__email="robin.reid@example.test")
    assert (membership.agency, membership.role) == (world.hub, Role.SPOKE_WORKER)
    assert AuditEvent.objects.filter(
        action=Action.MEMBERSHIP_CREATED, object_id=str(membership.pk)
    ).exists()


def test_a_refused_membership_leaves_no_invited_user_behind(world: World, login: Login) -> None:
    """Given a role that does not fit the agency, the form shows why and nothing is saved."""
    data = invite_data(
        **membership_inline(
            None,
            new=[{"agency": world.police.pk, "role": Role.SPOKE_WORKER, "starts_on": "2026-11-01"}],
        )
    )
    client = login(world.administrator)
    before = AuditEvent.objects.count()

    response = client.post(reverse("admin:accounts_user_add"), data)

    assert response.status_code == 200
    assert "cannot belong to Shire Police" in response.content.decode()
    assert not User.objects.filter(email="robin.reid@example.test").exists()
    assert AuditEvent.objects.count() == before
    assert not mail.outbox


def test_an_email_already_in_use_cannot_be_invited_again(world: World, login: Login) -> None:
    """Given an existing user's email in another case, the form refuses it."""
    response = login(world.administrator).post(
        reverse("admin:accounts_user_add"), invite_data(email=world.spoke_worker.email.upper())
    )

    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert User.objects.filter(email__iexact=world.spoke_worker.email).count() == 1


# Changing


def test_changing_a_users_details_is_audited(world: World, login: Login) -> None:
    """Given a user, when their job title changes, the change names the field."""
    response = login(world.administrator).post(
        reverse("admin:accounts_user_change", args=[world.practitioner.pk]),
        user_form(world.practitioner, job_title="Senior social worker"),
    )

    assert response.status_code == 302
    world.practitioner.refresh_from_db()
    assert world.practitioner.job_title == "Senior social worker"
    event = AuditEvent.objects.get(action=Action.USER_CHANGED)
    assert event.metadata == {"fields": ["job_title"]}


def test_ending_a_membership_in_the_inline_goes_through_the_service(
    world: World, login: Login
) -> None:
    """Given a user's membership, when an end date is entered inline, the change is audited."""
    membership = world.practitioner.memberships.get()
    data = user_form(world.practitioner)
    data["memberships-0-ends_on"] = timezone.localdate().isoformat()

    response = login(world.administrator).post(
        reverse("admin:accounts_user_change", args=[world.practitioner.pk]), data
    )

    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.ends_on == timezone.localdate()
    event = AuditEvent.objects.get(action=Action.MEMBERSHIP_CHANGED)
    assert event.object_id == str(membership.pk)
    assert event.metadata == {"fields": ["ends_on"]}


# Disabling, enabling and unlocking


def test_disabling_asks_for_a_reason(world: World, login: Login) -> None:
    """Given no reason, the disable page asks for one and the user stays active."""
    client = login(world.administrator)
    url = reverse("admin:accounts_user_disable", args=[world.practitioner.pk])

    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": ""})

    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    world.practitioner.refresh_from_db()
    assert world.practitioner.is_active


def test_disabling_ends_the_users_sessions_and_is_audited_with_the_reason(
    world: World, login: Login
) -> None:
    """Given a logged-in user, when disabled with a reason, their session ends at once."""
    theirs = Client()
    theirs.force_login(world.practitioner)
    key = theirs.session.session_key
    assert UserSession.objects.filter(user=world.practitioner, session_key=key).exists()

    response = login(world.administrator).post(
        reverse("admin:accounts_user_disable", args=[world.practitioner.pk]),
        {"reason": "Left the agency."},
    )

    assert response.status_code == 302
    world.practitioner.refresh_from_db()
    assert not world.practitioner.is_active
    assert not Session.objects.filter(session_key=key).exists()
    event = AuditEvent.objects.get(action=Action.USER_DISABLED)
    assert (event.reason, event.object_id) == ("Left the agency.", str(world.practitioner.pk))


def test_an_administrator_cannot_disable_themselves(world: World, login: Login) -> None:
    """Given the administrator's own account, disabling it is refused on the form."""
    response = login(world.administrator).post(
        reverse("admin:accounts_user_disable", args=[world.administrator.pk]),
        {"reason": "Testing."},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["reason"] == ["You cannot disable your own account."]
    world.administrator.refresh_from_db()
    assert world.administrator.is_active


def test_enabling_a_disabled_user_is_audited(world: World, login: Login) -> None:
    """Given a disabled user, when enabled, they are active again and it is audited."""
    account_services.user_disable(user=world.practitioner, by=world.administrator, reason="Leave.")

    response = login(world.administrator).post(
        reverse("admin:accounts_user_enable", args=[world.practitioner.pk]),
        {"reason": "Back from leave."},
    )

    assert response.status_code == 302
    world.practitioner.refresh_from_db()
    assert world.practitioner.is_active
    event = AuditEvent.objects.get(action=Action.USER_ENABLED)
    assert event.reason == "Back from leave."


def test_a_locked_out_user_is_shown_and_can_be_unlocked(world: World, login: Login) -> None:
    """Given a user locked out after failed logins, the list shows it and unlocking clears it."""
    lock_out(world.practitioner)
    client = login(world.administrator)
    listing = client.get(reverse("admin:accounts_user_changelist"))
    locked = {user.pk for user in listing.context["cl"].result_list if user.is_locked_out}
    assert locked == {world.practitioner.pk}

    response = client.post(reverse("admin:accounts_user_unlock", args=[world.practitioner.pk]))

    assert response.status_code == 302
    assert not account_services.user_is_locked_out(user=world.practitioner)
    assert AuditEvent.objects.filter(
        action=Action.USER_UNLOCKED, object_id=str(world.practitioner.pk)
    ).exists()


def test_a_lockout_past_its_cool_off_no_longer_counts(world: World) -> None:
    """Given failures older than the cool-off, the user is not shown as locked out."""
    cool_off_minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    lock_out(world.practitioner, minutes_ago=cool_off_minutes + 1)

    assert not account_services.user_is_locked_out(user=world.practitioner)


def test_selected_users_are_disabled_together_with_one_reason(world: World, login: Login) -> None:
    """Given two users chosen on the list, the action asks a reason, then disables both."""
    client = login(world.administrator)
    url = reverse("admin:accounts_user_changelist")
    chosen = [world.practitioner.pk, world.team_manager.pk]
    selection = {"action": "disable_users", ACTION_CHECKBOX_NAME: chosen}

    asked = client.post(url, selection)
    done = client.post(url, {**selection, "confirm": "yes", "reason": "Team closed."})

    assert asked.status_code == 200
    assert "Reason" in asked.content.decode()
    assert done.status_code == 302
    assert not User.objects.filter(pk__in=chosen, is_active=True).exists()
    assert AuditEvent.objects.filter(action=Action.USER_DISABLED).count() == 2


def test_one_refusal_leaves_every_selected_user_as_they_were(world: World, login: Login) -> None:
    """Given the administrator among those chosen, no one is disabled."""
    chosen = [world.practitioner.pk, world.administrator.pk]

    response = login(world.administrator).post(
        reverse("admin:accounts_user_changelist"),
        {
            "action": "disable_users",
            ACTION_CHECKBOX_NAME: chosen,
            "confirm": "yes",
            "reason": "Tidying up.",
        },
    )

    assert response.status_code == 200
    assert User.objects.filter(pk__in=chosen, is_active=True).count() == 2
    assert not AuditEvent.objects.filter(action=Action.USER_DISABLED).exists()


def test_selected_users_are_unlocked_together(world: World, login: Login) -> None:
    """Given two locked-out users, the unlock action clears both, each audited."""
    lock_out(world.practitioner)
    lock_out(world.team_manager)

    login(world.administrator).post(
        reverse("admin:accounts_user_changelist"),
        {
            "action": "unlock_users",
            ACTION_CHECKBOX_NAME: [world.practitioner.pk, world.team_manager.pk],
        },
    )

    assert not AccessAttempt.objects.exists()
    assert AuditEvent.objects.filter(action=Action.USER_UNLOCKED).count() == 2


@pytest.mark.parametrize("name", ["disable", "enable", "unlock"])
def test_user_actions_are_refused_to_everyone_but_administrators(
    world: World, login: Login, name: str
) -> None:
    """A hub manager posting to a user action is sent away and nothing happens."""
    response = login(world.hub_manager).post(
        reverse(f"admin:accounts_user_{name}", args=[world.practitioner.pk]),
        {"reason": "Not mine to do."},
    )

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert not AuditEvent.objects.filter(
        action__in=[Action.USER_DISABLED, Action.USER_ENABLED, Action.USER_UNLOCKED]
    ).exists()
    world.practitioner.refresh_from_db()
    assert world.practitioner.is_active


def test_the_user_list_costs_the_same_queries_for_one_page_of_users_as_for_few(
    world: World, login: Login, django_assert_num_queries: Callable
) -> None:
    """Whether a page holds eleven users or a hundred, the lockout column is one subquery."""
    client = login(world.administrator)
    url = reverse("admin:accounts_user_changelist")
    client.get(url)
    # session, user, memberships; the filtered count and the full count; one page of users
    # with the lockout flag as a subquery
    queries = 6

    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
    for _ in range(120):
        lock_out(factories.user(mfa=False))
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200


def test_a_users_page_offers_disable_and_unlock(world: World, login: Login) -> None:
    """An active user's page links to disabling and unlocking them."""
    content = (
        login(world.administrator)
        .get(reverse("admin:accounts_user_change", args=[world.practitioner.pk]))
        .content.decode()
    )

    assert reverse("admin:accounts_user_disable", args=[world.practitioner.pk]) in content
    assert reverse("admin:accounts_user_unlock", args=[world.practitioner.pk]) in content
    assert reverse("admin:accounts_user_enable", args=[world.practitioner.pk]) not in content
