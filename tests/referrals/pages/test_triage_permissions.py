"""Every hub page, asked by each kind of visitor: who is sent to log in, who cannot tell the
referral exists (404), who may see it but not triage it (403), who may (2xx), and a step the
referral's status does not allow (400).

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

# Page → (URL name, method, the status the referral is in, what is posted besides the version).
PAGES = {
    "triage": ("referrals:triage", "get", S.ALLOCATED, {}),
    "start screening": ("referrals:screening_start", "post", S.SUBMITTED, {}),
    "screening notes": ("referrals:screening_notes", "post", S.SCREENING, {"notes": "Checked."}),
    "match": ("referrals:match", "post", S.SCREENING, {"action": "new"}),
    "decision": ("referrals:decision", "get", S.SCREENING, {}),
    "allocate": ("referrals:allocate", "get", S.ACCEPTED, {}),
}
SUCCESS = {"get": 200, "post": 302}

# Who has nothing to do with the referral: it does not exist for them.
STRANGERS = [
    "other_la_practitioner",
    "same_agency_practitioner",
    "other_hub_manager",
    "unallocated_spoke_worker",
    "partnership_manager",
    "administrator",
]

MATRIX = [
    *[(page, ANONYMOUS, 302) for page in PAGES],
    *[(page, who, 404) for page in PAGES for who in STRANGERS],
    # The referrer and their team manager see the referral, never the hub's triage.
    *[(page, "practitioner", 403) for page in PAGES],
    *[(page, "team_manager", 403) for page in PAGES],
    # The allocated worker sees the referral in full, but does not triage it.
    ("triage", "spoke_worker", 403),
    # The receiving hub's manager does everything.
    *[(page, "hub_manager", SUCCESS[PAGES[page][1]]) for page in PAGES],
]


def visitor(name: str, world):
    if name == ANONYMOUS:
        return None
    if name == "same_agency_practitioner":
        return factories.member(agency=world.csc_a, role=Role.PRACTITIONER)
    if name == "unallocated_spoke_worker":
        return factories.member(agency=world.hub, role=Role.SPOKE_WORKER)
    return world.by_role(name)


@pytest.mark.parametrize(
    ("page", "who", "expected"),
    [pytest.param(*row, id=f"{row[1]} {row[0]} {row[2]}") for row in MATRIX],
)
def test_triage_page_permissions(world, make_referral, login, page, who, expected):
    """Given a visitor and a hub page, when they open or post it, then they get the expected
    answer."""
    name, method, status, data = PAGES[page]
    referral = make_referral(status=status)
    client = login(visitor(who, world))
    url = reverse(name, kwargs={"pk": referral.pk})

    if method == "get":
        response = client.get(url)
    else:
        response = client.post(url, {"version": referral.version, **data})

    assert response.status_code == expected
    if who == ANONYMOUS:
        assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize("page", ["start screening", "screening notes", "match"])
def test_posts_are_post_only(world, make_referral, login, page):
    """Given the hub manager, when they GET a triage action, then it is not allowed (405)."""
    name, _, status, _ = PAGES[page]
    referral = make_referral(status=status)

    response = login(world.hub_manager).get(reverse(name, kwargs={"pk": referral.pk}))

    assert response.status_code == 405


def test_a_draft_does_not_exist_for_the_hub(world, make_referral, login):
    """Given a draft not yet submitted, when the hub manager opens its triage page, then 404."""
    referral = make_referral(status=S.DRAFT)

    response = login(world.hub_manager).get(reverse("referrals:triage", kwargs={"pk": referral.pk}))

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("page", "status", "data"),
    [
        pytest.param("referrals:screening_start", S.SCREENING, {}, id="screening twice"),
        pytest.param(
            "referrals:screening_notes", S.DECLINED, {"notes": "Late."}, id="notes once declined"
        ),
        pytest.param("referrals:match", S.WITHDRAWN, {"action": "new"}, id="match once withdrawn"),
        pytest.param(
            "referrals:decision",
            S.DECLINED,
            {"decision": "accept", "reason": "Changed our minds."},
            id="accepting a declined referral",
        ),
        pytest.param(
            "referrals:allocate",
            S.ALLOCATED,
            {"worker": "", "risk_level": "low", "rationale": "Again."},
            id="allocating twice",
        ),
    ],
)
def test_a_step_the_status_does_not_allow_is_a_400(world, make_referral, login, page, status, data):
    """Given a referral past the step, when the hub manager posts it, then the page answers
    400 with the reason and the referral is unchanged."""
    referral = make_referral(status=status)
    client = login(world.hub_manager)

    response = client.post(
        reverse(page, kwargs={"pk": referral.pk}), {"version": referral.version, **data}
    )

    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    assert "This referral is" in response.content.decode()
    after = Referral.objects.get(pk=referral.pk)
    assert (after.status, after.version) == (referral.status, referral.version)


@pytest.mark.parametrize(
    ("page", "who", "expected"),
    [
        pytest.param("referrals:queue", ANONYMOUS, 302, id="anonymous queue 302"),
        pytest.param("referrals:queue", "practitioner", 403, id="practitioner queue 403"),
        pytest.param("referrals:queue", "team_manager", 403, id="team manager queue 403"),
        pytest.param("referrals:queue", "spoke_worker", 403, id="spoke worker queue 403"),
        pytest.param(
            "referrals:queue", "partnership_manager", 403, id="partnership manager queue 403"
        ),
        pytest.param("referrals:queue", "hub_manager", 200, id="hub manager queue 200"),
        pytest.param("referrals:queue", "other_hub_manager", 200, id="other hub manager 200"),
        pytest.param("referrals:allocated", ANONYMOUS, 302, id="anonymous allocated 302"),
        pytest.param("referrals:allocated", "practitioner", 403, id="practitioner allocated 403"),
        pytest.param("referrals:allocated", "hub_manager", 403, id="hub manager allocated 403"),
        pytest.param(
            "referrals:allocated", "partnership_manager", 403, id="partnership allocated 403"
        ),
        pytest.param("referrals:allocated", "spoke_worker", 200, id="spoke worker allocated 200"),
        pytest.param(
            "referrals:allocated", "other_spoke_worker", 200, id="other hub's worker allocated 200"
        ),
    ],
)
def test_list_page_permissions(world, make_referral, login, page, who, expected):
    """Given an allocated referral, when each visitor opens a hub list, then only those whose
    role it serves get it, and another hub's people see none of this hub's referrals."""
    referral = make_referral(status=S.ALLOCATED)
    client = login(visitor(who, world))

    # The queue shows what waits on the hub unless asked for every status.
    response = client.get(reverse(page), {"status": "all"} if page == "referrals:queue" else {})

    assert response.status_code == expected
    if expected == 200:
        shown = referral.reference in response.content.decode()
        assert shown == (who in {"hub_manager", "spoke_worker"})
