"""The administration site is for system administrators only, whatever else a user has."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse

from audit.models import AuditEvent
from partners.models import Role
from tests import factories
from tests.conftest import World
from tests.partners.conftest import Login

NOT_ADMINISTRATORS = [
    "spoke_worker",
    "hub_manager",
    "practitioner",
    "team_manager",
    "partnership_manager",
    "commissioner",
]


def changelist_urls() -> list[str]:
    return [
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for model in admin.site._registry
    ]


def test_an_administrator_reaches_every_page_of_the_site(world: World, login: Login) -> None:
    """An administrator gets the index, every model's list, a record's page and add pages."""
    client = login(world.administrator)

    assert client.get(reverse("admin:index")).status_code == 200
    for url in changelist_urls():
        assert client.get(url).status_code == 200, url
    for model, model_admin in admin.site._registry.items():
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        first = model._default_manager.first()
        if first is not None:
            url = reverse(f"{name}_change", args=[first.pk])
            assert client.get(url).status_code == 200, url
        may_add = model_admin.has_add_permission(client.get(reverse("admin:index")).wsgi_request)
        assert client.get(reverse(f"{name}_add")).status_code == (200 if may_add else 403), name


@pytest.mark.parametrize("actor", NOT_ADMINISTRATORS)
def test_every_other_role_is_sent_to_the_login_and_refused_there(
    world: World, login: Login, actor: str
) -> None:
    """Any role but administrator is redirected away from admin pages and refused at its login."""
    client = login(world.by_role(actor))

    for url in [reverse("admin:index"), *changelist_urls()]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("admin:login")), url
    refused = client.get(reverse("admin:login"), {"next": reverse("admin:index")})
    assert refused.status_code == 403
    assert "Site administration" not in refused.content.decode()


@pytest.mark.django_db
def test_anonymous_visitors_log_in_through_the_products_login(login: Login) -> None:
    """The admin's own password-only login is never used: two-factor login is the way in."""
    client = login(None)

    to_admin_login = client.get(reverse("admin:index"))
    to_product_login = client.get(to_admin_login["Location"])

    assert to_admin_login["Location"].startswith(reverse("admin:login"))
    assert to_product_login.status_code == 302
    assert to_product_login["Location"] == (
        f"{reverse('account_login')}?next={quote(reverse('admin:index'), safe='')}"
    )


@pytest.mark.django_db
def test_the_admin_login_does_not_accept_a_password(login: Login) -> None:
    """Posting a password to the admin login logs no one in."""
    user = factories.user()
    client = login(None)

    client.post(reverse("admin:login"), {"username": user.email, "password": factories.PASSWORD})

    assert "_auth_user_id" not in client.session


def test_an_administrator_at_the_admin_login_goes_where_they_were_going(
    world: World, login: Login
) -> None:
    """A signed-in administrator sent to the admin login is sent on to the page they wanted."""
    response = login(world.administrator).get(
        reverse("admin:login"), {"next": reverse("admin:audit_auditevent_changelist")}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:audit_auditevent_changelist")


def test_the_admin_login_never_redirects_off_site(world: World, login: Login) -> None:
    """A `next` pointing elsewhere is replaced by the admin index."""
    response = login(world.administrator).get(
        reverse("admin:login"), {"next": "https://example.org/"}
    )

    assert response["Location"] == reverse("admin:index")


def test_superuser_status_opens_nothing_without_the_administrator_role(
    world: World, login: Login
) -> None:
    """Given a hub manager flagged as superuser, the site still refuses them."""
    world.hub_manager.is_superuser = True
    world.hub_manager.save(update_fields=["is_superuser"])

    response = login(world.hub_manager).get(reverse("admin:accounts_user_changelist"))

    assert response.status_code == 302


def test_an_administrator_whose_membership_has_ended_is_refused(world: World, login: Login) -> None:
    """Given an administrator whose membership ended, the site refuses them at once."""
    from django.utils import timezone

    from partners import services

    membership = world.administrator.memberships.get(role=Role.ADMINISTRATOR)
    services.membership_end(membership=membership, by=None, ends_on=timezone.localdate())

    response = login(world.administrator).get(reverse("admin:index"))

    assert response.status_code == 302


def test_nothing_can_be_deleted_from_the_site(world: World, login: Login) -> None:
    """Users, agencies and audit events have no delete page, even for administrators."""
    client = login(world.administrator)
    event = AuditEvent.objects.first()
    assert event is not None

    for url in [
        reverse("admin:accounts_user_delete", args=[world.spoke_worker.pk]),
        reverse("admin:partners_agency_delete", args=[world.hub.pk]),
        reverse("admin:partners_membership_delete", args=[world.hub_manager.memberships.get().pk]),
        reverse("admin:audit_auditevent_delete", args=[event.pk]),
    ]:
        assert client.post(url, {"post": "yes"}).status_code == 403, url
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_agency_groups_and_two_factor_secrets_are_not_in_the_site() -> None:
    """Agency groups are managed with agencies; authenticators hold secrets."""
    from allauth.mfa.models import Authenticator

    assert not admin.site.is_registered(Group)
    assert not admin.site.is_registered(Authenticator)
