"""Service navigation by the role the user acts in (partners.context_processors.navigation)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import reverse

from partners.context_processors import navigation, navigation_items
from partners.models import Membership, Role

ACCOUNT = "Your account"


def _items(world, who, path="/"):
    membership = Membership.objects.get(user=world.by_role(who))
    return navigation_items(path=path, membership=membership)


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        pytest.param(
            "spoke_worker",
            [
                ("Home", "role_home:spoke_worker"),
                ("Caseload", "cases:case_list"),
                ("Referrals", "referrals:allocated"),
                ("Consultancy", "consultancy:inbox"),
                ("Training", "consultancy:training_list"),
                ("Awareness and groups", "consultancy:awareness_list"),
                ("Resources", "consultancy:resource_list"),
                ("Challenges", "consultancy:challenge_list"),
                ("Your balance", "consultancy:balance"),
                ("Supervision", "partners:supervision_list"),
                (ACCOUNT, "partners:my_memberships"),
            ],
            id="spoke worker: caseload, referrals, their work with partners and supervision",
        ),
        pytest.param(
            "hub_manager",
            [
                ("Home", "role_home:hub_manager"),
                ("Referrals", "referrals:queue"),
                ("Cases", "cases:case_list"),
                ("Consultancy", "consultancy:inbox"),
                ("Training", "consultancy:training_list"),
                ("Awareness and groups", "consultancy:awareness_list"),
                ("Resources", "consultancy:resource_list"),
                ("Challenges", "consultancy:challenge_list"),
                ("Balance", "consultancy:hub_balance"),
                ("Placements", "partners:placement_list"),
                ("Sharing agreements", "partners:agreement_list"),
                ("Supervision", "partners:supervision_list"),
                ("Dashboards", "dashboards:index"),
                ("Reminder settings", "partners:reminder_settings"),
                (ACCOUNT, "partners:my_memberships"),
            ],
            id="hub manager: triage, cases, the hub's work with partners, placements, dashboards",
        ),
        pytest.param(
            "practitioner",
            [
                ("Home", "role_home:practitioner"),
                ("Referrals", "referrals:list"),
                ("Consultancy", "consultancy:request_list"),
                ("Shared cases", "cases:case_list"),
                ("Training", "consultancy:training_attended"),
                ("Resources", "consultancy:resource_list"),
                ("Sharing agreements", "partners:agreement_list"),
                (ACCOUNT, "partners:my_memberships"),
            ],
            id="practitioner: referrals, consultancy, shared cases, training, resources",
        ),
        pytest.param(
            "team_manager",
            [
                ("Home", "role_home:team_manager"),
                ("Referrals", "referrals:list"),
                ("Consultancy", "consultancy:request_list"),
                ("Shared cases", "cases:case_list"),
                ("Practice challenges", "consultancy:challenge_list"),
                ("Training", "consultancy:training_attended"),
                ("Resources", "consultancy:resource_list"),
                ("Sharing agreements", "partners:agreement_list"),
                (ACCOUNT, "partners:my_memberships"),
            ],
            id="team manager: the agency's referrals, consultancy and challenges",
        ),
        pytest.param(
            "partnership_manager",
            [
                ("Home", "role_home:partnership_manager"),
                ("Dashboards", "dashboards:index"),
                ("Sharing agreements", "partners:agreement_list"),
                ("Resources", "consultancy:resource_list"),
                (ACCOUNT, "partners:my_memberships"),
            ],
            id="partnership manager: dashboards, agreements and resources",
        ),
        pytest.param(
            "commissioner",
            [
                ("Home", "role_home:commissioner"),
                ("Dashboards", "dashboards:index"),
                (ACCOUNT, "partners:my_memberships"),
            ],
            id="commissioner: home, dashboards and account",
        ),
        pytest.param(
            "administrator",
            [
                ("Home", "role_home:administrator"),
                ("Administration", "admin:index"),
                (ACCOUNT, "partners:my_memberships"),
            ],
            id="administrator: administration",
        ),
    ],
)
def test_navigation_items_by_role(world, who, expected):
    """Given a user's role, then the navigation offers that role's pages and their account."""
    items = _items(world, who)

    def url(name):
        if name.startswith("role_home:"):
            return reverse("role_home", kwargs={"role": name.split(":", 1)[1]})
        return reverse(name)

    assert [(item.text, item.href) for item in items] == [
        (text, url(name)) for text, name in expected
    ]


def test_everyone_gets_their_account_pages(world):
    """Given any role, then 'Your account' holds memberships, two-factor and the password."""
    account = _items(world, "commissioner")[-1]
    assert account.text == ACCOUNT
    assert [(child.text, child.href) for child in account.children] == [
        ("Your memberships and placements", reverse("partners:my_memberships")),
        ("Notification emails", reverse("notifications:settings")),
        ("Two-factor authentication", reverse("mfa_index")),
        ("Change your password", reverse("account_change_password")),
    ]


def test_the_current_page_is_marked(world):
    """Given the hub manager is on a placement page, then Placements is the current item."""
    items = _items(world, "hub_manager", path=reverse("partners:placement_list") + "3/")
    assert [item.text for item in items if item.current] == ["Placements"]


@pytest.mark.parametrize(
    ("who", "path"),
    [
        pytest.param("practitioner", "/referrals/7/check/", id="practitioner checking a draft"),
        pytest.param("hub_manager", "/referrals/7/triage/", id="hub manager triaging"),
        pytest.param("hub_manager", "/referrals/triage/", id="hub manager on the queue"),
        pytest.param("spoke_worker", "/referrals/7/", id="spoke worker reading a referral"),
    ],
)
def test_referrals_is_current_on_every_referral_page(world, who, path):
    """Given any referral page, then the role's Referrals item is the current one."""
    assert [item.text for item in _items(world, who, path=path) if item.current] == ["Referrals"]


def test_home_is_current_only_on_the_home_page(world):
    """Given the role home, then Home is current; on another page it is not."""
    home = reverse("role_home", kwargs={"role": Role.HUB_MANAGER})
    assert [i.text for i in _items(world, "hub_manager", path=home) if i.current] == ["Home"]
    on_agreements = _items(world, "hub_manager", path=reverse("partners:agreement_list"))
    assert "Home" not in [i.text for i in on_agreements if i.current]


def test_account_is_current_on_an_account_page(world):
    """Given the two-factor page, then 'Your account' is the current item."""
    items = _items(world, "practitioner", path=reverse("mfa_index"))
    assert [item.text for item in items if item.current] == [ACCOUNT]


def test_a_spoke_workers_placements_are_under_their_account(world):
    """Given the spoke worker on their placements, then only 'Your account' is current."""
    items = _items(world, "spoke_worker", path=reverse("partners:my_memberships"))
    assert [item.text for item in items if item.current] == [ACCOUNT]


@pytest.mark.parametrize(
    ("path_name", "item"),
    [
        pytest.param("consultancy:programme_list", "Awareness and groups", id="group work"),
        pytest.param("consultancy:request_list", "Consultancy", id="a request's own pages"),
    ],
)
def test_a_section_with_two_lists_keeps_its_item_current(world, path_name, item):
    """Given a page under a second section of a nav item, then that item is current."""
    items = _items(world, "spoke_worker", path=reverse(path_name))
    assert [i.text for i in items if i.current] == [item]


def test_user_with_no_role_gets_only_their_account(world):
    """Given no membership in force, then only the account pages are offered."""
    items = navigation_items(path="/", membership=None)
    assert [item.text for item in items] == [ACCOUNT]


def test_anonymous_visitor_gets_no_navigation(db):
    """Given no one is signed in, then the context has no navigation and no memberships."""
    request = RequestFactory().get("/accounts/login/")
    request.user = AnonymousUser()
    assert navigation(request) == {"navigation": [], "memberships": [], "current_membership": None}


def test_pages_render_the_navigation(world, login):
    """Given a hub manager's page, then the service navigation links to their pages."""
    response = login(world.hub_manager).get(reverse("role_home", kwargs={"role": "hub_manager"}))
    html = response.content.decode()
    assert '<nav aria-label="Menu" class="govuk-service-navigation__wrapper">' in html
    for name in ("partners:placement_list", "partners:agreement_list", "partners:supervision_list"):
        assert f'class="govuk-service-navigation__link" href="{reverse(name)}"' in html
    assert 'aria-current="page"' in html


def test_the_sign_in_page_has_no_navigation(client, db):
    """Given no one is signed in, then the sign-in page has no service navigation."""
    html = client.get(reverse("account_login")).content.decode()
    assert "govuk-service-navigation" not in html
    assert "moj-identity-bar" not in html
