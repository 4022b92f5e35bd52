"""Every referrer page passes axe (WCAG 2.2 AA) in headless Chromium: the list, the form (empty,
with errors, with the no-consent questions revealed), check answers (and its errors), the
confirmation, the referral as the referrer and as the allocated worker see it, discarding,
withdrawing and the page for a step the status no longer allows."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.conf import settings
from django.urls import reverse

from referrals.models import Referral
from tests.browser.conftest import assert_accessible

if TYPE_CHECKING:
    from pathlib import Path

    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

S = Referral.Status


def _as(page: Page, login, user, live_server) -> None:
    """Carry a signed-in test client's session into the browser (two-factor is done there)."""
    client = login(user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def _check(page: Page, axe: Path, url: str, where: str, *, status: int = 200) -> None:
    response = page.goto(url)
    assert response is not None, where
    assert response.status == status, where
    assert_accessible(page, axe, where)


def test_every_referrer_page_passes_axe(page, live_server, world, login, make_referral, axe_script):
    """Given a referrer with referrals in several states, when each of their pages is opened
    (and the form sent with mistakes), then axe finds no WCAG 2.2 AA violation."""
    draft = make_referral(first_name="Dana", no_consent_basis="", young_person_consents=False)
    submitted = make_referral(status=S.SUBMITTED, first_name="Eli")
    allocated = make_referral(status=S.ALLOCATED, first_name="Frankie")
    declined = make_referral(status=S.DECLINED, first_name="Gene")
    _as(page, login, world.practitioner, live_server)

    _check(page, axe_script, reverse("referrals:list"), "your referrals")
    _check(page, axe_script, reverse("referrals:new"), "the referral form")
    page.get_by_label("Day", exact=True).fill("1")
    page.get_by_label("Month", exact=True).fill("1")
    page.get_by_label("Year", exact=True).fill("2099")
    page.get_by_role("button", name="Save as draft").click()
    page.wait_for_load_state()
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page, axe_script, "form with errors")

    edit = reverse("referrals:edit", kwargs={"pk": draft.pk})
    _check(page, axe_script, edit, "the form, no-consent questions revealed")
    assert page.locator("#conditional-no-consent").is_visible()
    check = reverse("referrals:check", kwargs={"pk": draft.pk})
    _check(page, axe_script, check, "check answers")
    page.get_by_role("button", name="Submit referral").click()
    page.wait_for_load_state()
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page, axe_script, "check answers with errors")

    pages = [
        (reverse("referrals:submitted", kwargs={"pk": submitted.pk}), "confirmation", 200),
        (draft.get_absolute_url(), "a draft", 200),
        (submitted.get_absolute_url(), "a submitted referral", 200),
        (allocated.get_absolute_url(), "an allocated referral", 200),
        (declined.get_absolute_url(), "a declined referral", 200),
        (reverse("referrals:discard", kwargs={"pk": draft.pk}), "discard", 200),
        (reverse("referrals:withdraw", kwargs={"pk": submitted.pk}), "withdraw", 200),
        (reverse("referrals:withdraw", kwargs={"pk": declined.pk}), "too late to withdraw", 400),
    ]
    for url, where, status in pages:
        _check(page, axe_script, url, where, status=status)
    page.goto(reverse("referrals:withdraw", kwargs={"pk": submitted.pk}))
    page.get_by_role("button", name="Withdraw referral").click()
    page.wait_for_load_state()
    assert_accessible(page, axe_script, "withdraw with errors")

    _as(page, login, world.spoke_worker, live_server)
    _check(page, axe_script, allocated.get_absolute_url(), "the allocated worker's view")
