"""Every consultancy request page passes axe (WCAG 2.2 AA) in headless Chromium: the form
(empty, with errors, with the identifying warning), the lists, the inbox, the request at each
status from each side, and every step's page (assign, advise, topics, follow-up, feedback,
close, withdraw, link a referral, and a step too late)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.conf import settings
from django.urls import reverse

from consultancy.models import ConsultancyRequest
from tests.browser.conftest import assert_accessible

# The request fixtures live beside the consultancy tests; these pages need them here too.
from tests.consultancy.conftest import hub_worker, police_team_manager, shared_case  # noqa: F401
from tests.consultancy.requests.conftest import colleague, make_request  # noqa: F401

if TYPE_CHECKING:
    from pathlib import Path

    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

S = ConsultancyRequest.Status


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


def _step(name: str, item: ConsultancyRequest) -> str:
    return reverse(f"consultancy:request_{name}", kwargs={"pk": item.pk})


def test_every_consultancy_page_passes_axe(
    page,
    live_server,
    world,
    login,
    make_request,  # noqa: F811 - the fixture imported above
    shared_case,  # noqa: F811 - the fixture imported above
    axe_script,
):
    """Given requests at every status, when each page is opened from each side (and forms are
    sent with mistakes), then axe finds no WCAG 2.2 AA violation."""
    waiting = make_request(urgency="urgent")
    assigned = make_request(status=S.ASSIGNED, about="case", case=shared_case)
    advised = make_request(status=S.ADVISED)
    follow_up = make_request(status=S.FOLLOW_UP)
    closed = make_request(status=S.CLOSED)
    withdrawn = make_request(status=S.WITHDRAWN)

    _as(page, login, world.practitioner, live_server)
    _check(page, axe_script, reverse("consultancy:request_list"), "requester's list")
    _check(page, axe_script, reverse("consultancy:request_new"), "request form")
    page.get_by_role("button", name="Send request").click()
    page.wait_for_load_state()
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page, axe_script, "request form with errors")
    page.get_by_label("A young person I will not name").check()
    page.get_by_label("Your question").fill(
        "Jane Smith, born 03/04/2011, is collected from school by older men."
    )
    page.get_by_label("Routine: within 5 working days").check()
    page.get_by_label("In writing, through CSE Hub").check()
    page.get_by_role("button", name="Send request").click()
    page.wait_for_load_state()
    assert page.locator("#identifying-warning").is_visible()
    assert_accessible(page, axe_script, "request form with the identifying warning")
    for item, where in [
        (waiting, "waiting"),
        (assigned, "about a shared case, with a worker"),
        (advised, "advised"),
        (follow_up, "follow-up asked"),
        (closed, "closed as helpful"),
        (withdrawn, "withdrawn"),
    ]:
        _check(page, axe_script, item.get_absolute_url(), f"requester: {where}")
    _check(page, axe_script, _step("follow_up", advised), "follow-up form")
    page.get_by_role("button", name="Send follow-up question").click()
    page.wait_for_load_state()
    assert_accessible(page, axe_script, "follow-up form with errors")
    _check(page, axe_script, _step("feedback", advised), "feedback form")
    _check(page, axe_script, _step("withdraw", waiting), "withdraw form")
    _check(page, axe_script, _step("link_referral", advised), "link a referral")
    _check(page, axe_script, _step("withdraw", advised), "too late to withdraw", status=400)

    _as(page, login, world.spoke_worker, live_server)
    _check(page, axe_script, reverse("consultancy:inbox"), "worker's inbox")
    _check(page, axe_script, waiting.get_absolute_url(), "worker: waiting, to take")
    _check(page, axe_script, assigned.get_absolute_url(), "worker: with them")
    _check(page, axe_script, _step("advise", assigned), "advise form")
    page.get_by_role("button", name="Save and send advice").click()
    page.wait_for_load_state()
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page, axe_script, "advise form with errors")
    _check(page, axe_script, follow_up.get_absolute_url(), "worker: follow-up to answer")
    _check(page, axe_script, _step("topics", advised), "topics form")
    _check(page, axe_script, _step("close", advised), "close form")

    _as(page, login, world.hub_manager, live_server)
    _check(page, axe_script, reverse("consultancy:inbox"), "manager's inbox")
    _check(page, axe_script, f"{reverse('consultancy:inbox')}?status=all", "inbox, all")
    _check(page, axe_script, _step("assign", waiting), "assign form")
    page.get_by_role("button", name="Assign").click()
    page.wait_for_load_state()
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page, axe_script, "assign form with errors")
    _check(page, axe_script, closed.get_absolute_url(), "manager: closed")
