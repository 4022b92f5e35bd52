"""Two-factor authentication is mandatory: no authenticator, no access to anything else."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from partners.models import Agency, Role
from tests import factories

SETTINGS_MODULES = ("cse_hub.settings.base", "cse_hub.settings.production")


def current_code(secret: str) -> str:
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


@pytest.fixture
def hub(db) -> Agency:
    return factories.agency(kind=Agency.Kind.CSE_HUB)


def test_user_without_authenticator_is_sent_to_set_one_up(client, hub):
    """Given no authenticator, after login every page sends the user to set up TOTP."""
    user = factories.member(agency=hub, role=Role.SPOKE_WORKER, mfa=False)

    response = client.post(
        reverse("account_login"), {"login": user.email, "password": factories.PASSWORD}
    )
    assert response.status_code == 302

    for path in (reverse("home"), "/partners/me/", reverse("admin:index")):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == reverse("mfa_activate_totp")


def test_api_refuses_a_session_without_two_factor(client, hub):
    """Given a logged-in user with no authenticator, the API answers 403 in the one error shape."""
    user = factories.member(agency=hub, role=Role.SPOKE_WORKER, mfa=False)
    client.force_login(user)

    response = client.get("/api/v1/me/")

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "two_factor_setup_required"


def test_the_set_up_page_and_logout_stay_reachable(client, hub):
    """The TOTP set-up page and logging out are never redirected away."""
    user = factories.member(agency=hub, role=Role.SPOKE_WORKER, mfa=False)
    client.post(reverse("account_login"), {"login": user.email, "password": factories.PASSWORD})

    assert client.get(reverse("mfa_activate_totp")).status_code == 200
    assert client.post(reverse("account_logout")).status_code == 302


def test_user_with_authenticator_must_give_a_code_at_login(client, hub):
    """Given a user with TOTP, when the password is right, then a code is still needed to get in."""
    user = factories.member(agency=hub, role=Role.SPOKE_WORKER, mfa=False)
    secret = factories.enrol_totp(user)

    response = client.post(
        reverse("account_login"), {"login": user.email, "password": factories.PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("home")).status_code == 302  # not logged in yet
    assert "_auth_user_id" not in client.session

    response = client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.get(reverse("home")).status_code in (200, 302)
    assert client.get(reverse("home"))["Location"] != reverse("mfa_activate_totp")


def test_a_wrong_code_does_not_log_in(client, hub):
    """Given a user with TOTP, when the code is wrong, then they are not logged in."""
    user = factories.member(agency=hub, role=Role.SPOKE_WORKER, mfa=False)
    factories.enrol_totp(user)
    client.post(reverse("account_login"), {"login": user.email, "password": factories.PASSWORD})

    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_totp_cannot_be_removed_while_required(client, hub):
    """A user may not deactivate their only second factor while two-factor is mandatory."""
    user = factories.member(agency=hub, role=Role.SPOKE_WORKER)
    client.force_login(user)

    client.post(reverse("mfa_deactivate_totp"))

    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def test_demo_setting_lets_a_user_in_without_two_factor(client, hub, settings):
    """With the demo's setting off, a user without an authenticator reaches their home page."""
    settings.CSE_HUB_MFA_REQUIRED = False
    user = factories.member(agency=hub, role=Role.SPOKE_WORKER, mfa=False)
    client.post(reverse("account_login"), {"login": user.email, "password": factories.PASSWORD})

    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response["Location"] != reverse("mfa_activate_totp")


def test_production_settings_refuse_to_switch_two_factor_off(monkeypatch):
    """Production settings raise if MFA_REQUIRED is set false."""
    import importlib
    import sys

    monkeypatch.setenv("SECRET_KEY", "x" * 60)
    monkeypatch.setenv("ALLOWED_HOSTS", "cse-hub.example")
    monkeypatch.setenv("BASE_URL", "https://cse-hub.example")
    monkeypatch.setenv("DATABASE_URL", "postgres://u@127.0.0.1:5432/db")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    monkeypatch.setenv("MFA_REQUIRED", "false")
    saved = {name: sys.modules.pop(name, None) for name in SETTINGS_MODULES}
    try:
        with pytest.raises(ImproperlyConfigured, match="Two-factor"):
            importlib.import_module("cse_hub.settings.production")
    finally:
        for name, module in saved.items():
            sys.modules.pop(name, None)
            if module is not None:
                sys.modules[name] = module
