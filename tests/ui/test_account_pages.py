"""The sign-in, password and two-factor pages are GOV.UK pages, and the account emails read well."""

from __future__ import annotations

import re

import pytest
from allauth.mfa.models import Authenticator
from django.core import mail
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from accounts.lockout import lockout_response
from accounts.services import user_invite
from partners.models import Role
from tests import factories
from tests.ui.conftest import h1_of, page_text, sign_in_with_code

GOVUK = 'class="govuk-template"'


def _sign_in(client: Client, user, password: str = factories.PASSWORD):
    """Sign in through the real form, so allauth records how (needed for reauthentication)."""
    return client.post(
        reverse("account_login"), {"login": user.email, "password": password}, follow=True
    )


def _assert_govuk_page(response, heading):
    assert response.status_code == 200
    html = response.content.decode()
    assert GOVUK in html
    assert h1_of(response) == heading
    return html


def test_sign_in_page(client, db):
    """Given a visitor, then the sign-in page asks for email and password and offers no sign-up."""
    response = client.get(reverse("account_login"))
    html = _assert_govuk_page(response, "Sign in to CSE Hub")
    assert re.search(r'<input type="email" name="login"[^>]*class="govuk-input"', html)
    assert 'autocomplete="current-password"' in html
    assert reverse("account_reset_password") in html
    assert reverse("account_signup") not in html
    assert "Remember" not in html
    assert "<title>Sign in – CSE Hub</title>" in html


def test_wrong_password_shows_an_error_summary(world, client):
    """Given a wrong password, then the page shows the problem and its title says Error."""
    response = client.post(
        reverse("account_login"), {"login": world.practitioner.email, "password": "nope"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "<title>Error: Sign in – CSE Hub</title>" in html


def test_empty_sign_in_links_each_error_to_its_field(client, db):
    """Given nothing entered, then each missing answer links to its field."""
    html = client.post(reverse("account_login"), {}).content.decode()
    assert '<a href="#id_login">' in html
    assert '<a href="#id_password">' in html


def test_sign_up_is_closed(client, db):
    """Given the sign-up address, then it says accounts are made by invitation."""
    response = client.get(reverse("account_signup"))
    _assert_govuk_page(response, "You cannot create an account here")


def test_sign_out_confirmation_page(world, login):
    """Given a signed-in user, then GET on sign out asks to confirm with a POST form."""
    response = login(world.practitioner).get(reverse("account_logout"))
    html = _assert_govuk_page(response, "Are you sure you want to sign out?")
    assert f'<form method="post" action="{reverse("account_logout")}"' in html


def test_password_reset_journey_pages_and_email(world, client):
    """Given a forgotten password, then the request, email, new password and done pages work."""
    _assert_govuk_page(client.get(reverse("account_reset_password")), "Reset your password")

    response = client.post(
        reverse("account_reset_password"), {"email": world.practitioner.email}, follow=True
    )
    _assert_govuk_page(response, "Check your email")

    [email] = mail.outbox
    assert email.subject == "CSE Hub: reset your password"
    assert "Hello from" not in email.body
    assert "testserver" not in email.body.split("http://testserver")[0]
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+)", str(email.body))
    assert link, email.body

    # allauth moves the key into the session and redirects to a key-less address.
    response = client.get(link.group(1), follow=True)
    html = _assert_govuk_page(response, "Choose a new password")
    assert 'name="password1"' in html
    assert 'name="password2"' in html

    new_password = "a-much-longer-new-password-2026"
    response = client.post(
        response.request["PATH_INFO"],
        {"password1": new_password, "password2": new_password},
        follow=True,
    )
    _assert_govuk_page(response, "Your password has been saved")


def test_password_reset_for_an_unknown_address_says_to_ask_an_administrator(client, db):
    """Given an address with no account, then the email points to the administrator, not sign-up."""
    client.post(reverse("account_reset_password"), {"email": "nobody@example.test"})
    [email] = mail.outbox
    assert "there is no CSE Hub account for this address" in email.body
    assert "sign up" not in email.body.lower()
    assert reverse("account_signup") not in email.body


def test_a_used_or_broken_reset_link_says_so(client, db):
    """Given a reset link that does not work, then the page says so and how to get a new one."""
    response = client.get(
        reverse("account_reset_password_from_key", kwargs={"uidb36": "zz", "key": "bad-key"}),
        follow=True,
    )
    _assert_govuk_page(response, "This link does not work")


def test_password_change_page(world, login):
    """Given a signed-in user, then the change password page asks for the current and new one."""
    html = _assert_govuk_page(
        login(world.practitioner).get(reverse("account_change_password")), "Change your password"
    )
    for name in ("oldpassword", "password1", "password2"):
        assert f'name="{name}"' in html


def test_two_factor_setup_page_for_a_user_without_an_authenticator(world, client):
    """Given a user with no authenticator, then signing in leads to the set-up page."""
    user = factories.user(full_name="New Starter", mfa=False)
    factories.membership(user=user, agency=world.csc_a, role=Role.PRACTITIONER)

    response = _sign_in(client, user)

    assert response.redirect_chain[-1][0] == reverse("mfa_activate_totp")
    html = _assert_govuk_page(response, "Set up two-factor authentication")
    secret = re.search(r'id="totp-secret">([A-Z2-7]+)</p>', html)
    assert secret, "the secret is shown as text"
    assert 'src="data:image/svg+xml;base64,' in html
    assert 'name="code"' in html
    assert 'autocomplete="one-time-code"' in html


def test_two_factor_code_page_when_signing_in(world, client):
    """Given a user with an authenticator, then the password leads to the code page."""
    response = _sign_in(client, world.practitioner)
    assert response.redirect_chain[-1][0] == reverse("mfa_authenticate")
    html = _assert_govuk_page(response, "Enter the code from your authenticator app")
    assert 'name="code"' in html
    assert "moj-identity-bar" not in html


def test_two_factor_index_and_recovery_codes(world, client):
    """Given a user with an authenticator, then the two-factor and recovery code pages work."""
    user = world.practitioner
    sign_in_with_code(client, user)

    index = _assert_govuk_page(client.get(reverse("mfa_index")), "Two-factor authentication")
    assert "Set up" in index
    assert reverse("mfa_deactivate_totp") not in index

    _assert_govuk_page(
        client.get(reverse("mfa_generate_recovery_codes")), "Make new recovery codes"
    )
    response = client.post(reverse("mfa_generate_recovery_codes"))
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).exists()

    codes = _assert_govuk_page(
        client.get(reverse("mfa_view_recovery_codes")), "Your recovery codes"
    )
    assert len(re.findall(r"<li>[0-9a-z]{8}</li>", codes)) == 10
    download = client.get(reverse("mfa_download_recovery_codes"))
    assert download.status_code == 200
    assert len(download.content.decode().split()) == 10


def test_reauthentication_page(world, login):
    """Given a signed-in user asked to confirm, then the page asks for their password."""
    response = login(world.practitioner).get(reverse("account_reauthenticate"))
    html = _assert_govuk_page(response, "Confirm it is you")
    assert 'name="password"' in html


def test_locked_out_page(rf, db):
    """Given a locked account, then the page says so and what to do."""
    request = rf.post(reverse("account_login"))
    response = lockout_response(request)
    assert response.status_code == 403
    html = response.content.decode()
    assert '<h1 class="govuk-heading-l">Your account is locked</h1>' in html
    assert "ask your system administrator to unlock it" in html


def test_invitation_email_has_the_link_and_no_child_details(
    world, django_capture_on_commit_callbacks
):
    """Given an invitation, then the email names the person, carries the link, and no more."""
    with django_capture_on_commit_callbacks(execute=True):
        user_invite(
            by=world.administrator,
            email="niamh.o'brien@example.test",
            full_name="Niamh O'Brien",
            base_url="https://cse-hub.example.test",
        )
    [email] = mail.outbox
    assert email.body.startswith("Hello Niamh O'Brien,")
    assert "&#x27;" not in email.body
    assert re.search(
        r"https://cse-hub\.example\.test/accounts/password/reset/key/\S+", str(email.body)
    )
    assert "never contain information about children or young people" in email.body


def test_invitation_template_renders_only_what_it_is_given(db):
    """The invitation template uses the user's name and the link, nothing else of the user."""
    text = render_to_string(
        "account/email/invitation.txt",
        {"user": factories.user(full_name="Ann Example"), "link": "https://x.test/k/"},
    )
    assert "Hello Ann Example," in text
    assert "https://x.test/k/" in text
    assert "{%" not in text


@pytest.mark.parametrize(
    "url_name",
    ["account_login", "account_reset_password", "account_signup"],
)
def test_account_pages_use_the_base_layout(client, db, url_name):
    """Given the public account pages, then they share the layout, skip link and footer."""
    html = client.get(reverse(url_name)).content.decode()
    assert '<a href="#main-content" class="govuk-skip-link"' in html
    assert '<main class="govuk-main-wrapper" id="main-content">' in html
    assert reverse("api_docs") in html
    assert "GDS Transport" not in html


def test_an_allauth_page_we_did_not_write_out_uses_govuk_elements(world, login):
    """Given an allauth page with no template of ours, then its elements are GOV.UK ones."""
    response = login(world.practitioner).get(reverse("account_email"))
    assert response.status_code == 200
    html = response.content.decode()
    assert GOVUK in html
    assert '<h1 class="govuk-heading-l">' in html
    assert "moj-identity-bar" in html
    assert page_text(response)
