"""Headless Chromium against the live server: one browser per session, a new context per test.

Chromium is Debian's (/usr/bin/chromium), never a downloaded build. On a machine without it the
browser tests are skipped; in CI (CI=true) they fail, so they can never silently not run.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.conf import settings as django_settings
from django.core.management import call_command

from partners.models import Role
from tests.conftest import require_service

# The referral fixtures live beside the referral tests; the referral pages need them here too.
from tests.referrals.conftest import (  # noqa: F401
    known_young_person,
    make_referral,
    referral_values,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

# Playwright's sync API keeps an event loop running in the test's thread; the ORM calls the
# tests make (seeding, creating users) are ordinary blocking calls outside that loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = Path(django_settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 - the demo's published password


@dataclass(frozen=True)
class DemoAccount:
    email: str
    role: str
    heading: str
    acting_as: str


_HEADINGS: dict[str, str] = {
    Role.SPOKE_WORKER: "Spoke worker home",
    Role.HUB_MANAGER: "Hub manager home",
    Role.PRACTITIONER: "Practitioner home",
    Role.TEAM_MANAGER: "Team manager home",
    Role.PARTNERSHIP_MANAGER: "Partnership manager home",
    Role.COMMISSIONER: "Commissioner home",
    Role.ADMINISTRATOR: "System administrator home",
}


def _account(email: str, role: str, agency: str) -> DemoAccount:
    return DemoAccount(email, role, _HEADINGS[role], f"{Role(role).label}, {agency}")


HUB = "Northbrook CSE Hub"
DEMO_ACCOUNTS = [
    _account("spoke.worker@demo.test", Role.SPOKE_WORKER, HUB),
    _account("outreach.worker@demo.test", Role.SPOKE_WORKER, HUB),
    _account("hub.worker@demo.test", Role.SPOKE_WORKER, HUB),
    _account("hub.manager@demo.test", Role.HUB_MANAGER, HUB),
    _account("social.worker.ashdown@demo.test", Role.PRACTITIONER, "Ashdown Children's Services"),
    _account("team.manager.ashdown@demo.test", Role.TEAM_MANAGER, "Ashdown Children's Services"),
    _account(
        "social.worker.brackenford@demo.test", Role.PRACTITIONER, "Brackenford Children's Services"
    ),
    _account(
        "team.manager.brackenford@demo.test", Role.TEAM_MANAGER, "Brackenford Children's Services"
    ),
    _account("police.officer@demo.test", Role.PRACTITIONER, "Shire Police"),
    _account("police.manager@demo.test", Role.TEAM_MANAGER, "Shire Police"),
    _account("teacher@demo.test", Role.PRACTITIONER, "Ashdown Academy"),
    _account("school.manager@demo.test", Role.TEAM_MANAGER, "Ashdown Academy"),
    _account(
        "partnership.manager@demo.test",
        Role.PARTNERSHIP_MANAGER,
        "Ashdown Safeguarding Partnership",
    ),
    _account("commissioner@demo.test", Role.COMMISSIONER, "National CSE Fund"),
    _account("admin@demo.test", Role.ADMINISTRATOR, "CSE Hub Support"),
]


def _first_of_each_role(accounts: list[DemoAccount]) -> list[DemoAccount]:
    firsts: dict[str, DemoAccount] = {}
    for account in accounts:
        firsts.setdefault(account.role, account)
    return list(firsts.values())


# One account per role, for checks that need each home page once.
ONE_PER_ROLE = _first_of_each_role(DEMO_ACCOUNTS)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the session; Playwright gives it a fresh, empty profile."""
    require_service(CHROMIUM.exists(), f"Chromium at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def page(browser: Browser, live_server: Any) -> Iterator[Page]:
    """A page in a new browser context (no cookies or storage from other tests)."""
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(10_000)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def demo_data(transactional_db: None) -> None:
    """The demo partnership and its accounts, exactly as `manage.py seed_demo` loads them."""
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115


@pytest.fixture
def axe_script() -> Path:
    require_service(AXE.exists(), f"axe-core at {AXE} (run npm install)")
    return AXE


def sign_in(page: Page, email: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in through the sign-in page as a person would."""
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def sign_out(page: Page) -> None:
    page.locator(".moj-identity-bar").get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()


def current_totp(secret: str) -> str:
    """The code an authenticator app shows now, waiting out the end of a period if it is near."""
    period = mfa_settings.TOTP_PERIOD
    if period - time.time() % period < 3:
        time.sleep(period - time.time() % period + 0.1)
    counters = list(yield_hotp_counters_from_time())
    # The middle counter is now; the others are the tolerance either side.
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_violations(page: Page, axe: Path) -> list[dict[str, Any]]:
    """Run axe on the page for WCAG 2.2 AA and return its violations."""
    page.add_script_tag(path=str(axe))
    results = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        WCAG_TAGS,
    )
    return list(results["violations"])


def describe_violations(violations: list[dict[str, Any]]) -> str:
    """Violations as a readable report: rule, impact, what to fix, and where."""
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact')}): {violation['help']}\n"
            f"  {violation['helpUrl']}"
        )
        for node in violation["nodes"][:5]:
            lines.append(f"    at {', '.join(map(str, node['target']))}")
            summary = (node.get("failureSummary") or "").replace("\n", "\n      ")
            lines.append(f"      {summary}")
    return "\n".join(lines)


def _is_conditional_reveal_aria_expanded(violation: dict[str, Any]) -> bool:
    """GOV.UK Frontend sets aria-expanded on a radio that reveals a question; axe reports it as
    not allowed on a radio. GOV.UK keeps it on purpose, because screen readers announce it
    (a known issue: alphagov/govuk-frontend#979 and #1280). Only that exact finding is let
    through: every node a GOV.UK radio, every failure the aria-expanded attribute."""
    if violation["id"] != "aria-allowed-attr":
        return False
    for node in violation["nodes"]:
        failures = [
            line.strip()
            for line in (node.get("failureSummary") or "").splitlines()[1:]
            if line.strip()
        ]
        if "govuk-radios__input" not in node["html"] or not all(
            "aria-expanded" in line for line in failures
        ):
            return False
    return True


def assert_accessible(page: Page, axe: Path, where: str) -> None:
    """No WCAG 2.2 AA violation on the page but GOV.UK's deliberate conditional-reveal one."""
    violations = [
        violation
        for violation in axe_violations(page, axe)
        if not _is_conditional_reveal_aria_expanded(violation)
    ]
    assert not violations, f"{where}:\n{describe_violations(violations)}"
