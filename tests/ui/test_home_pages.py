"""What each role's home page shows, and that it shows only what the policies allow."""

from __future__ import annotations

import datetime

from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone

from partners.models import InformationSharingAgreement, Role, SpokePlacement
from tests import factories
from tests.ui.conftest import page_text


def _home(client, role):
    response = client.get(reverse("role_home", kwargs={"role": role}))
    assert response.status_code == 200
    return response


def _days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def test_spoke_worker_sees_their_placement_and_last_supervision(world, login):
    """Given a placed worker with supervision, then their home shows both."""
    factories.supervision(
        worker=world.spoke_worker,
        hub=world.hub,
        supervisor=world.hub_manager,
        by=world.hub_manager,
        held_on=_days(-3),
    )
    response = _home(login(world.spoke_worker), Role.SPOKE_WORKER)
    text = page_text(response)
    assert "Ashdown" in text
    assert "Co-located with a statutory team" in text
    assert "Ashdown Children's Services" in text
    assert "Chris Champion" in text
    assert f"Your last supervision was on {_days(-3):%-d %B %Y}" in text
    assert "You have not had supervision in the last 4 weeks" not in text


def test_spoke_worker_without_recent_supervision_is_warned(world, login):
    """Given no supervision for five weeks, then the spoke worker's home warns them."""
    factories.supervision(
        worker=world.spoke_worker,
        hub=world.hub,
        supervisor=world.hub_manager,
        by=world.hub_manager,
        held_on=_days(-35),
    )
    text = page_text(_home(login(world.spoke_worker), Role.SPOKE_WORKER))
    assert "You have not had supervision in the last 4 weeks" in text


def test_spoke_worker_does_not_see_another_workers_placement(world, login):
    """Given a colleague's placement, then it is not on the spoke worker's home."""
    colleague = factories.member(agency=world.hub, role=Role.SPOKE_WORKER, full_name="Col League")
    factories.placement(
        worker=colleague,
        hub=world.hub,
        local_authority=world.la_b,
        location_model=SpokePlacement.LocationModel.OUTREACH,
        by=world.hub_manager,
    )
    text = page_text(_home(login(world.spoke_worker), Role.SPOKE_WORKER))
    assert "Brackenford" not in text
    assert "Outreach with no physical base" not in text


def test_hub_manager_sees_placements_due_reviews_and_supervision_gaps(world, login):
    """Given the hub's records, then the hub manager sees what needs attention, and only that."""
    factories.agreement(
        title="Overdue agreement",
        parties=[world.hub, world.csc_a],
        local_authority=world.la_a,
        by=world.hub_manager,
        signed_on=_days(-400),
        review_due_on=_days(-2),
    )
    factories.agreement(
        title="Due soon agreement",
        parties=[world.hub, world.police],
        local_authority=world.la_a,
        by=world.hub_manager,
        signed_on=_days(-300),
        review_due_on=_days(10),
    )
    factories.agreement(
        title="Later agreement",
        parties=[world.hub, world.school],
        local_authority=world.la_a,
        by=world.hub_manager,
        signed_on=_days(-10),
        review_due_on=_days(90),
    )
    factories.agreement(
        title="Other hub agreement",
        parties=[world.other_hub, world.csc_b],
        local_authority=world.la_b,
        by=world.other_hub_manager,
        signed_on=_days(-400),
        review_due_on=_days(-2),
    )
    supervised = factories.member(
        agency=world.hub, role=Role.SPOKE_WORKER, full_name="Sue Pervised"
    )
    factories.supervision(
        worker=supervised,
        hub=world.hub,
        supervisor=world.hub_manager,
        by=world.hub_manager,
        held_on=_days(-7),
    )

    text = page_text(_home(login(world.hub_manager), Role.HUB_MANAGER))

    assert "Sam Spoke" in text
    assert "Overdue agreement" in text
    assert "Overdue" in text
    assert "Due soon agreement" in text
    assert "Due in 10 days" in text
    assert "Later agreement" not in text
    assert "Other hub agreement" not in text
    # Sam Spoke has never been supervised; Sue was last week.
    gaps = text.split("without supervision in the last 4 weeks", 1)[1]
    assert "Sam Spoke" in gaps
    assert "None recorded" in gaps
    assert "Sue Pervised" not in gaps
    assert world.other_spoke_worker.full_name not in text


def test_practitioner_sees_spoke_workers_placed_with_their_agency(world, login):
    """Given a spoke worker hosted by the practitioner's agency, then they see how to reach them."""
    world.spoke_worker.phone = "01632 960001"
    world.spoke_worker.save()
    factories.agreement(
        title="Ashdown joint working",
        parties=[world.hub, world.csc_a],
        local_authority=world.la_a,
        by=world.hub_manager,
    )
    factories.agreement(
        title="Brackenford joint working",
        parties=[world.hub, world.csc_b],
        local_authority=world.la_b,
        by=world.hub_manager,
    )

    response = _home(login(world.practitioner), Role.PRACTITIONER)
    text = page_text(response)

    assert "Sam Spoke" in text
    assert world.spoke_worker.email in text
    assert "01632 960001" in text
    assert f'href="mailto:{world.spoke_worker.email}"' in response.content.decode()
    assert "Ashdown joint working" in text
    assert "Northbrook CSE Hub" in text
    assert "Brackenford joint working" not in text


def test_practitioner_in_another_area_does_not_see_the_placement(world, login):
    """Given a placement hosted in Ashdown, then a Brackenford practitioner does not see it."""
    text = page_text(_home(login(world.other_la_practitioner), Role.PRACTITIONER))
    assert "Sam Spoke" not in text
    assert "No spoke worker is placed with Brackenford Children's Services" in text


def test_team_manager_home_has_the_same_content_as_a_practitioners(world, login):
    """Given a team manager in the host agency, then they see the placed spoke worker too."""
    text = page_text(_home(login(world.team_manager), Role.TEAM_MANAGER))
    assert "Sam Spoke" in text


def test_partnership_manager_sees_placements_by_location_model_and_agreements(world, login):
    """Given placements in the partnership's area, then they are counted by model and champion."""
    outreach = factories.member(agency=world.hub, role=Role.SPOKE_WORKER, full_name="Orla Out")
    factories.placement(
        worker=outreach,
        hub=world.hub,
        local_authority=world.la_a,
        location_model=SpokePlacement.LocationModel.OUTREACH,
        by=world.hub_manager,
    )
    elsewhere = factories.member(agency=world.hub, role=Role.SPOKE_WORKER, full_name="Eli Where")
    factories.placement(
        worker=elsewhere,
        hub=world.hub,
        local_authority=world.la_b,
        location_model=SpokePlacement.LocationModel.HUB_BASED,
        by=world.hub_manager,
    )
    factories.agreement(
        title="Ashdown partnership agreement",
        parties=[world.partnership, world.csc_a],
        local_authority=world.la_a,
        by=world.hub_manager,
        signed_on=_days(-400),
        review_due_on=_days(-1),
    )

    response = _home(login(world.partnership_manager), Role.PARTNERSHIP_MANAGER)
    text = page_text(response)

    assert "Your partnership covers Ashdown." in text
    rows = {row.label: row for row in response.context["by_location_model"]}
    assert rows["Co-located with a statutory team"].total == 1
    assert rows["Co-located with a statutory team"].with_champion == 1
    assert rows["Outreach with no physical base"].total == 1
    assert rows["Outreach with no physical base"].with_champion == 0
    assert rows["Hub-based"].total == 0
    assert "Orla Out" in text
    assert "Eli Where" not in text
    assert "Not named" in text
    [state] = response.context["agreements"].rows
    assert state.agreement.title == "Ashdown partnership agreement"
    assert state.current is False


def test_commissioner_sees_counts_and_no_names(world, login):
    """Given placements across hubs, then the commissioner sees counts and never a name."""
    factories.placement(
        worker=world.other_spoke_worker,
        hub=world.other_hub,
        local_authority=world.la_b,
        location_model=SpokePlacement.LocationModel.OUTREACH,
        by=world.other_hub_manager,
    )
    ended = factories.member(agency=world.hub, role=Role.SPOKE_WORKER, full_name="Ed Ended")
    factories.placement(
        worker=ended,
        hub=world.hub,
        local_authority=world.la_a,
        starts_on=_days(-100),
        ends_on=_days(-1),
        by=world.hub_manager,
    )

    response = _home(login(world.commissioner), Role.COMMISSIONER)
    text = page_text(response)

    assert response.context["hub_count"] == 2
    assert response.context["placement_count"] == 2
    assert response.context["local_authority_count"] == 2
    totals = {row.label: row.total for row in response.context["by_location_model"]}
    assert totals["Outreach with no physical base"] == 1
    assert totals["Co-located with a statutory team"] == 1
    assert totals["Hub-based"] == 0
    for name in ("Sam Spoke", world.other_spoke_worker.full_name, "Chris Champion", "Ed Ended"):
        assert name not in text


def test_administrator_sees_counts_and_links_into_administration(world, login):
    """Given the partnership, then the administrator sees counts and administration links."""
    response = _home(login(world.administrator), Role.ADMINISTRATOR)
    html = response.content.decode()
    assert response.context["agency_count"] == 9
    assert response.context["user_count"] == 10
    assert response.context["membership_count"] == 10
    assert response.context["locked_count"] == 0
    for name in (
        "admin:index",
        "admin:accounts_user_changelist",
        "admin:partners_agency_changelist",
        "admin:partners_membership_changelist",
        "admin:axes_accessattempt_changelist",
    ):
        assert f'href="{reverse(name)}"' in html


def test_administrator_sees_how_many_accounts_are_locked(world, login, settings):
    """Given an account past the failure limit, then the administrator's home counts it."""
    AccessAttempt.objects.create(
        username=world.practitioner.email,
        ip_address="192.0.2.10",
        user_agent="test",
        failures_since_start=settings.AXES_FAILURE_LIMIT,
    )
    AccessAttempt.objects.create(
        username=world.team_manager.email,
        ip_address="192.0.2.11",
        user_agent="test",
        failures_since_start=settings.AXES_FAILURE_LIMIT - 1,
    )
    response = _home(login(world.administrator), Role.ADMINISTRATOR)
    assert response.context["locked_count"] == 1
    assert "Locked accounts (1)" in page_text(response)


def test_hub_manager_sees_a_cut_list_with_a_link_to_the_full_one(world, login, monkeypatch):
    """Given more placements than the home lists, then it says so and links to them all."""
    monkeypatch.setattr("cse_hub.home.HOME_LIST_LIMIT", 1)
    second = factories.member(agency=world.hub, role=Role.SPOKE_WORKER, full_name="Sid Second")
    factories.placement(
        worker=second, hub=world.hub, local_authority=world.la_b, by=world.hub_manager
    )
    response = _home(login(world.hub_manager), Role.HUB_MANAGER)
    placements = response.context["placements"]
    assert len(placements.rows) == 1
    assert placements.more is True
    assert "Showing the first 1." in page_text(response)
    assert f'href="{reverse("partners:placement_list")}"' in response.content.decode()


def test_ended_agreements_are_not_listed_as_due_for_review(world, login):
    """Given an ended agreement past its review date, then it is not due for review."""
    factories.agreement(
        title="Ended agreement",
        parties=[world.hub, world.csc_a],
        local_authority=world.la_a,
        by=world.hub_manager,
        status=InformationSharingAgreement.Status.ENDED,
        review_due_on=_days(-30),
    )
    text = page_text(_home(login(world.hub_manager), Role.HUB_MANAGER))
    assert "Ended agreement" not in text
