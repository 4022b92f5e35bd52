"""Who may open each challenge page, in the fixed order: anonymous, other agency (404), not
allowed (403), allowed (2xx)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from audit.models import AuditEvent


@pytest.mark.parametrize(
    ("page", "name", "code"),
    [
        pytest.param("challenge_detail", "anonymous", 302, id="detail: anonymous signs in"),
        pytest.param("challenge_detail", "other_agency", 404, id="detail: another agency"),
        pytest.param("challenge_detail", "police_team_manager", 404, id="detail: another TM"),
        pytest.param("challenge_detail", "practitioner", 404, id="detail: not a team manager"),
        pytest.param("challenge_detail", "other_hub_manager", 404, id="detail: another hub"),
        pytest.param("challenge_detail", "hub_colleague", 404, id="detail: another worker"),
        pytest.param("challenge_detail", "team_manager", 200, id="detail: challenged agency TM"),
        pytest.param("challenge_detail", "raiser", 200, id="detail: the raiser"),
        pytest.param("challenge_detail", "hub_manager", 200, id="detail: the hub's manager"),
        pytest.param("challenge_escalate", "anonymous", 302, id="escalate: anonymous"),
        pytest.param("challenge_escalate", "other_agency", 404, id="escalate: cannot tell"),
        pytest.param("challenge_escalate", "team_manager", 403, id="escalate: not the agency"),
        pytest.param("challenge_escalate", "raiser", 200, id="escalate: the raiser"),
        pytest.param("challenge_resolve", "hub_colleague", 404, id="resolve: another worker"),
        pytest.param("challenge_resolve", "team_manager", 403, id="resolve: not the agency"),
        pytest.param("challenge_resolve", "hub_manager", 200, id="resolve: the hub's manager"),
        pytest.param("challenge_edit", "other_hub_manager", 404, id="edit: another hub"),
        pytest.param("challenge_edit", "team_manager", 403, id="edit: not the agency"),
        pytest.param("challenge_edit", "raiser", 200, id="edit: the raiser"),
    ],
)
def test_who_may_open_which_page(make_challenge, actor, page, name, code):
    challenge = make_challenge()

    response = actor(name).get(reverse(f"consultancy:{page}", args=[challenge.pk]))

    assert response.status_code == code


def test_the_detail_read_is_audited_with_the_case(world, make_challenge, shared_case, actor):
    """Given a challenge about a case, when its team manager opens it, then the read is
    audited with the case id."""
    challenge = make_challenge(case=shared_case)

    actor("team_manager").get(challenge.get_absolute_url())

    event = AuditEvent.objects.get(action=AuditEvent.Action.CHALLENGE_VIEWED)
    assert event.case_id == shared_case.pk


def test_the_case_links_only_for_who_may_see_it(world, make_challenge, shared_case, actor):
    """Given a challenge about a case shared with Ashdown's children's services, then the raiser
    and the team manager (whose agency it is shared with) see the link; a police team manager
    could not open the page at all."""
    challenge = make_challenge(case=shared_case)

    raiser = actor("raiser").get(challenge.get_absolute_url()).content.decode()

    assert shared_case.get_absolute_url() in raiser
    assert "Morgan Fictional" in raiser


def test_a_challenge_to_another_agency_hides_a_case_it_may_not_see(
    world, make_challenge, shared_case, police_team_manager, login
):
    """Given a challenge to Shire Police about a case not shared with them, then their team
    manager sees the challenge but neither the case link nor the young person's name."""
    challenge = make_challenge(case=shared_case, agency=world.police)

    html = login(police_team_manager).get(challenge.get_absolute_url()).content.decode()

    assert challenge.concern in html
    assert shared_case.get_absolute_url() not in html
    assert "Morgan" not in html


def test_a_resolved_challenge_sends_its_forms_back(world, make_challenge, actor):
    """Given a resolved challenge, then its escalate page goes back to it with a message."""
    challenge = make_challenge(resolved=True)

    response = actor("raiser").get(reverse("consultancy:challenge_escalate", args=[challenge.pk]))

    assert response.status_code == 302
    assert response["Location"] == challenge.get_absolute_url()
