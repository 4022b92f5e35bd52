"""Helpers for the UI shell tests: reading pages, and users who hold more than one role."""

from __future__ import annotations

import datetime
import re
import time
from html.parser import HTMLParser

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from partners.models import Membership, Role
from tests import factories
from tests.conftest import World


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def page_text(response: object) -> str:
    """The visible text of an HTML response, with whitespace collapsed."""
    parser = _TextParser()
    parser.feed(response.content.decode())  # type: ignore[attr-defined]
    return re.sub(r"\s+", " ", " ".join(parser.parts)).strip()


def h1_of(response: object) -> str:
    match = re.search(r"<h1[^>]*>(.*?)</h1>", response.content.decode(), re.S)  # type: ignore[attr-defined]
    assert match, "the page has no <h1>"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", match.group(1))).strip()


def totp_now(user: User) -> str:
    """The code the user's authenticator app shows now."""
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    secret = decrypt(authenticator.data["secret"])
    return format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD))


def sign_in_with_code(client: Client, user: User) -> None:
    """Sign in through the real pages, password then code, as allauth records a fresh login."""
    client.post(reverse("account_login"), {"login": user.email, "password": factories.PASSWORD})
    response = client.post(reverse("mfa_authenticate"), {"code": totp_now(user)})
    assert response.status_code == 302, response.content


@pytest.fixture
def two_role_user(world: World) -> tuple[User, Membership, Membership]:
    """A practitioner in Ashdown children's services who is also a team manager in the police."""
    user = factories.member(
        agency=world.csc_a, role=Role.PRACTITIONER, full_name="Dual Role Professional"
    )
    police = factories.membership(user=user, agency=world.police, role=Role.TEAM_MANAGER)
    practitioner = Membership.objects.get(user=user, role=Role.PRACTITIONER)
    return user, practitioner, police


@pytest.fixture
def no_role_user(world: World) -> User:
    """A user whose only membership ended yesterday."""
    user = factories.user(full_name="Former Member")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    factories.membership(
        user=user,
        agency=world.csc_a,
        role=Role.PRACTITIONER,
        starts_on=yesterday - datetime.timedelta(days=30),
        ends_on=yesterday,
    )
    return user
