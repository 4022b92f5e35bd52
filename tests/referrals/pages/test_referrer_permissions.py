"""Every referrer page, asked by each kind of visitor: who is sent to log in, who cannot tell
the referral exists (404), who may see it but not do this (403), who may (2xx), and a step the
referral's status no longer allows (400).

The referral is made by the world's Ashdown practitioner to the world's hub; once allocated it
goes to the world's spoke worker.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from partners.models import Role
from referrals.models import Referral
from tests import factories

S = Referral.Status
ANONYMOUS = "anonymous"

# Who has nothing to do with the referral: it does not exist for them.
STRANGERS = [
    "other_la_practitioner",
    "same_agency_practitioner",
    "other_hub_manager",
    "unallocated_spoke_worker",
    "partnership_manager",
    "administrator",
]
# Pages about one referral: URL name → the status the referral is in when the step is allowed.
DRAFT_PAGES = {"edit": "referrals:edit", "check": "referrals:check", "discard": "referrals:discard"}


def visitor(name: str, world):
    if name == ANONYMOUS:
        return None
    if name == "same_agency_practitioner":
        return factories.member(agency=world.csc_a, role=Role.PRACTITIONER)
    if name == "unallocated_spoke_worker":
        return factories.member(agency=world.hub, role=Role.SPOKE_WORKER)
    return world.by_role(name)


MATRIX = [
    # The list and the form: anyone who refers; hub staff and partnership managers do not.
    *[
        pytest.param("referrals:list", None, who, code, id=f"list: {who} {code}")
        for who, code in [
            (ANONYMOUS, 302),
            ("practitioner", 200),
            ("team_manager", 200),
            ("other_la_practitioner", 200),
            ("hub_manager", 403),
            ("spoke_worker", 403),
            ("partnership_manager", 403),
            ("administrator", 403),
        ]
    ],
    *[
        pytest.param("referrals:new", None, who, code, id=f"new: {who} {code}")
        for who, code in [
            (ANONYMOUS, 302),
            ("practitioner", 200),
            ("team_manager", 200),
            ("hub_manager", 403),
            ("spoke_worker", 403),
            ("partnership_manager", 403),
            ("commissioner", 403),
        ]
    ],
    # The referral's page: the referrer's view, the worker's view, the hub goes to triage.
    pytest.param("referrals:detail", S.SUBMITTED, ANONYMOUS, 302, id="detail: anonymous"),
    *[
        pytest.param("referrals:detail", S.SUBMITTED, who, 404, id=f"detail: {who} 404")
        for who in STRANGERS
    ],
    pytest.param("referrals:detail", S.DRAFT, "team_manager", 404, id="detail: draft, manager"),
    pytest.param("referrals:detail", S.DRAFT, "hub_manager", 404, id="detail: draft, hub"),
    pytest.param("referrals:detail", S.DRAFT, "practitioner", 200, id="detail: draft, referrer"),
    pytest.param("referrals:detail", S.SUBMITTED, "practitioner", 200, id="detail: referrer"),
    pytest.param("referrals:detail", S.SUBMITTED, "team_manager", 200, id="detail: manager"),
    pytest.param("referrals:detail", S.SUBMITTED, "hub_manager", 302, id="detail: hub triages"),
    pytest.param("referrals:detail", S.ALLOCATED, "spoke_worker", 200, id="detail: worker"),
    # The draft's pages: only the referrer, and only while it is a draft.
    *[
        pytest.param(name, S.DRAFT, ANONYMOUS, 302, id=f"{page}: anonymous")
        for page, name in DRAFT_PAGES.items()
    ],
    *[
        pytest.param(name, S.DRAFT, who, 404, id=f"{page}: {who} 404")
        for page, name in DRAFT_PAGES.items()
        for who in [*STRANGERS, "team_manager", "hub_manager"]
    ],
    *[
        pytest.param(name, S.SUBMITTED, who, 403, id=f"{page}: sent, {who} 403")
        for page, name in DRAFT_PAGES.items()
        for who in ["team_manager", "hub_manager"]
    ],
    *[
        pytest.param(name, S.DRAFT, "practitioner", 200, id=f"{page}: referrer")
        for page, name in DRAFT_PAGES.items()
    ],
    *[
        pytest.param(name, S.SUBMITTED, "practitioner", 400, id=f"{page}: already sent 400")
        for page, name in DRAFT_PAGES.items()
    ],
    # The confirmation: the referrer's alone.
    pytest.param("referrals:submitted", S.SUBMITTED, ANONYMOUS, 302, id="submitted: anonymous"),
    *[
        pytest.param("referrals:submitted", S.SUBMITTED, who, 404, id=f"submitted: {who} 404")
        for who in STRANGERS
    ],
    pytest.param("referrals:submitted", S.SUBMITTED, "team_manager", 403, id="submitted: mgr"),
    pytest.param("referrals:submitted", S.SUBMITTED, "hub_manager", 403, id="submitted: hub"),
    pytest.param("referrals:submitted", S.SUBMITTED, "practitioner", 200, id="submitted: ok"),
    # Withdrawing: the referrer or their team manager, before a decision.
    pytest.param("referrals:withdraw", S.SUBMITTED, ANONYMOUS, 302, id="withdraw: anonymous"),
    *[
        pytest.param("referrals:withdraw", S.SUBMITTED, who, 404, id=f"withdraw: {who} 404")
        for who in STRANGERS
    ],
    pytest.param("referrals:withdraw", S.SCREENING, "hub_manager", 403, id="withdraw: hub 403"),
    pytest.param("referrals:withdraw", S.ALLOCATED, "spoke_worker", 403, id="withdraw: worker"),
    pytest.param("referrals:withdraw", S.SUBMITTED, "practitioner", 200, id="withdraw: referrer"),
    pytest.param("referrals:withdraw", S.SCREENING, "team_manager", 200, id="withdraw: manager"),
    pytest.param("referrals:withdraw", S.DECLINED, "practitioner", 400, id="withdraw: decided"),
]


@pytest.mark.parametrize(("name", "status", "who", "expected"), MATRIX)
def test_who_may_open_each_referrer_page(world, login, make_referral, name, status, who, expected):
    """Given a referral in a status and a visitor, when they open the page, then they get the
    status the policy gives them, and the anonymous visitor is sent to log in."""
    kwargs = {"pk": make_referral(status=status).pk} if status else {}
    client = login(visitor(who, world))

    response = client.get(reverse(name, kwargs=kwargs))

    assert response.status_code == expected
    if expected == 302 and who == ANONYMOUS:
        assert response["Location"].startswith(reverse("account_login"))
    if expected == 302 and who == "hub_manager":
        assert response["Location"] == reverse("referrals:triage", kwargs=kwargs)


@pytest.mark.parametrize(
    ("name", "status", "who", "expected"),
    [
        pytest.param("referrals:check", S.DRAFT, "team_manager", 404, id="submit: manager 404"),
        pytest.param("referrals:check", S.SUBMITTED, "hub_manager", 403, id="submit: hub 403"),
        pytest.param("referrals:check", S.SUBMITTED, "practitioner", 400, id="submit: sent 400"),
        pytest.param("referrals:discard", S.DRAFT, "other_la_practitioner", 404, id="discard 404"),
        pytest.param("referrals:discard", S.SUBMITTED, "practitioner", 400, id="discard: sent"),
        pytest.param("referrals:withdraw", S.SUBMITTED, "hub_manager", 403, id="withdraw: hub"),
        pytest.param("referrals:withdraw", S.DECLINED, "team_manager", 400, id="withdraw: late"),
    ],
)
def test_posts_are_refused_like_the_pages(world, login, make_referral, name, status, who, expected):
    """Given a visitor who may not take the step, when they post it anyway, then they get the
    same answer as the page and the referral does not change."""
    referral = make_referral(status=status)
    response = login(visitor(who, world)).post(
        reverse(name, kwargs={"pk": referral.pk}),
        {"version": referral.version, "reason": "No longer needed."},
    )

    assert response.status_code == expected
    after = Referral.objects.get(pk=referral.pk)
    assert (after.status, after.version) == (referral.status, referral.version)
