"""Spoke placement pages: who may see and change them, and how the forms answer bad input."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from partners.models import SpokePlacement
from tests import factories
from tests.conftest import World
from tests.partners.conftest import Login, as_actor, assert_sent_to_log_in, date_data


def form_data(world: World, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "hub": world.hub.pk,
        "worker": world.spoke_worker.pk,
        "local_authority": world.la_b.pk,
        "host_agency": "",
        "location_model": SpokePlacement.LocationModel.OUTREACH,
        "champion_name": "",
        "champion_job_title": "",
        "champion_email": "",
        **date_data("starts_on", timezone.localdate()),
        **date_data("ends_on", None),
    }
    data.update(overrides)
    return data


# Who may see and do what.


@pytest.mark.parametrize(
    ("actor", "status"),
    [
        pytest.param("anonymous", 302, id="anonymous is sent to log in"),
        pytest.param("other_la_practitioner", 404, id="another LA's agency cannot tell it exists"),
        pytest.param("other_hub_manager", 404, id="another hub cannot tell it exists"),
        pytest.param("practitioner", 200, id="the host agency sees its placement"),
        pytest.param("partnership_manager", 200, id="the LA's partnership sees it"),
        pytest.param("spoke_worker", 200, id="the worker sees their own"),
        pytest.param("hub_manager", 200, id="the hub's manager sees it"),
    ],
)
def test_placement_detail_permissions(world: World, login: Login, actor: str, status: int) -> None:
    """Only those the policy lets see a placement get its page; others get a 404."""
    response = as_actor(world, login, actor).get(
        reverse("partners:placement_detail", args=[world.placement.pk])
    )

    if status == 302:
        assert_sent_to_log_in(response)
    else:
        assert response.status_code == status


@pytest.mark.parametrize(
    ("actor", "status"),
    [
        pytest.param("anonymous", 302, id="anonymous is sent to log in"),
        pytest.param("other_hub_manager", 404, id="another hub cannot tell it exists"),
        pytest.param("practitioner", 403, id="the host agency sees it but may not change it"),
        pytest.param("spoke_worker", 403, id="the worker sees it but may not change it"),
        pytest.param("hub_manager", 200, id="the hub's manager may change it"),
    ],
)
def test_placement_update_permissions(world: World, login: Login, actor: str, status: int) -> None:
    """Only the placement's hub managers may change it: others get 404 or 403."""
    response = as_actor(world, login, actor).get(
        reverse("partners:placement_update", args=[world.placement.pk])
    )

    if status == 302:
        assert_sent_to_log_in(response)
    else:
        assert response.status_code == status


@pytest.mark.parametrize(
    ("actor", "status"),
    [
        pytest.param("anonymous", 302, id="anonymous is sent to log in"),
        pytest.param("practitioner", 403, id="a practitioner manages no placements"),
        pytest.param("spoke_worker", 403, id="a worker manages no placements"),
        pytest.param("administrator", 403, id="administrators use the administration site"),
        pytest.param("hub_manager", 200, id="a hub manager adds placements"),
    ],
)
def test_placement_create_permissions(world: World, login: Login, actor: str, status: int) -> None:
    """Only hub managers may add placements."""
    response = as_actor(world, login, actor).get(reverse("partners:placement_create"))

    if status == 302:
        assert_sent_to_log_in(response)
    else:
        assert response.status_code == status


@pytest.mark.parametrize(
    ("actor", "sees_placement"),
    [
        pytest.param("other_la_practitioner", False, id="another LA's agency sees none"),
        pytest.param("other_hub_manager", False, id="another hub sees none"),
        pytest.param("practitioner", True, id="the host agency sees it"),
        pytest.param("hub_manager", True, id="the hub's manager sees it"),
    ],
)
def test_placement_list_shows_only_visible_placements(
    world: World, login: Login, actor: str, sees_placement: bool
) -> None:
    """The list shows exactly the placements the policy lets the user see."""
    response = as_actor(world, login, actor).get(reverse("partners:placement_list"))

    assert response.status_code == 200
    assert list(response.context["page"].object_list) == (
        [world.placement] if sees_placement else []
    )


@pytest.mark.django_db
def test_placement_list_sends_anonymous_users_to_log_in(login: Login) -> None:
    """Anonymous visitors are sent to log in."""
    assert_sent_to_log_in(login(None).get(reverse("partners:placement_list")))


def test_a_placement_another_hub_manager_tries_to_change_is_unchanged(
    world: World, login: Login
) -> None:
    """Given another hub's manager, when they post a change, it is a 404 and nothing changes."""
    response = login(world.other_hub_manager).post(
        reverse("partners:placement_update", args=[world.placement.pk]),
        form_data(world, champion_name="Someone Else"),
    )

    assert response.status_code == 404
    world.placement.refresh_from_db()
    assert world.placement.champion_name == "Chris Champion"


def test_the_host_agency_cannot_post_a_change(world: World, login: Login) -> None:
    """Given the host agency's practitioner, when they post a change, it is refused with 403."""
    response = login(world.practitioner).post(
        reverse("partners:placement_update", args=[world.placement.pk]),
        form_data(world, champion_name="Someone Else"),
    )

    assert response.status_code == 403
    world.placement.refresh_from_db()
    assert world.placement.champion_name == "Chris Champion"


# Filters


def test_filters_narrow_the_list(world: World, login: Login, make_placements: Callable) -> None:
    """Given co-located and outreach placements, the location model filter shows one kind."""
    [outreach] = make_placements(1)
    client = login(world.hub_manager)
    url = reverse("partners:placement_list")

    by_model = client.get(url, {"location_model": SpokePlacement.LocationModel.OUTREACH})
    by_other_la = client.get(url, {"local_authority": world.la_b.pk})

    assert list(by_model.context["page"].object_list) == [outreach]
    assert list(by_other_la.context["page"].object_list) == []


def test_ended_placements_are_listed_only_when_asked_for(world: World, login: Login) -> None:
    """Given an ended placement, it is not among current ones but is among ended ones."""
    today = timezone.localdate()
    world.placement.starts_on = today - datetime.timedelta(days=90)
    world.placement.ends_on = today - datetime.timedelta(days=1)
    world.placement.save(update_fields=["starts_on", "ends_on"])
    client = login(world.hub_manager)
    url = reverse("partners:placement_list")

    assert list(client.get(url).context["page"].object_list) == []
    assert list(client.get(url, {"status": "ended"}).context["page"].object_list) == [
        world.placement
    ]


def test_unreadable_filters_fall_back_to_the_defaults(world: World, login: Login) -> None:
    """Given a filter value that is not a choice, the page still answers with the list."""
    response = login(world.hub_manager).get(
        reverse("partners:placement_list"), {"local_authority": "not-a-number", "page": "x"}
    )

    assert response.status_code == 200
    assert list(response.context["page"].object_list) == [world.placement]


# Adding, changing and ending through the forms


def test_a_hub_manager_adds_a_placement(world: World, login: Login) -> None:
    """Given a valid form, the placement is made, audited, and the manager sees it."""
    response = login(world.hub_manager).post(reverse("partners:placement_create"), form_data(world))

    placement = SpokePlacement.objects.get(local_authority=world.la_b)
    assert response.status_code == 302
    assert response["Location"] == placement.get_absolute_url()
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.PLACEMENT_CREATED, object_id=str(placement.pk)
    ).exists()


def test_the_form_offers_only_the_managers_hubs_and_their_workers(
    world: World, login: Login
) -> None:
    """The hub and worker choices are the manager's own hubs and those hubs' spoke workers."""
    form = login(world.hub_manager).get(reverse("partners:placement_create")).context["form"]

    assert list(form.fields["hub"].queryset) == [world.hub]
    assert list(form.fields["worker"].queryset) == [world.spoke_worker]


def test_another_hubs_worker_cannot_be_chosen(world: World, login: Login) -> None:
    """Given another hub's worker in the post, the form says to choose a valid worker."""
    response = login(world.hub_manager).post(
        reverse("partners:placement_create"),
        form_data(world, worker=world.other_spoke_worker.pk, hub=world.other_hub.pk),
    )

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"worker", "hub"}
    assert not SpokePlacement.objects.filter(worker=world.other_spoke_worker).exists()


def test_missing_answers_are_shown_on_the_form(world: World, login: Login) -> None:
    """Given an empty form, the page shows the error summary and each field's message."""
    response = login(world.hub_manager).post(reverse("partners:placement_create"), {})

    assert response.status_code == 200
    content = response.content.decode()
    assert "There is a problem" in content
    assert "Choose where the worker is based" in content
    assert "Enter the start date" in content
    assert "<title>Error:" in content


def test_a_service_refusal_is_shown_on_its_field(world: World, login: Login) -> None:
    """Given an outreach placement with a host agency, the service's message is on the form."""
    response = login(world.hub_manager).post(
        reverse("partners:placement_create"), form_data(world, host_agency=world.csc_b.pk)
    )

    assert response.status_code == 200
    assert response.context["form"].errors["host_agency"] == [
        "Outreach placements have no host agency."
    ]
    assert not SpokePlacement.objects.filter(local_authority=world.la_b).exists()


def test_an_end_date_before_the_start_is_refused(world: World, login: Login) -> None:
    """Given an end date before the start date, the form asks for a later one."""
    today = timezone.localdate()
    response = login(world.hub_manager).post(
        reverse("partners:placement_create"),
        form_data(world, **date_data("ends_on", today - datetime.timedelta(days=1))),
    )

    assert response.status_code == 200
    assert "ends_on" in response.context["form"].errors


def test_a_hub_manager_ends_a_placement_with_its_end_date(world: World, login: Login) -> None:
    """Given a current placement, when its end date is set, it ends and the change is audited."""
    today = timezone.localdate()
    world.placement.starts_on = today - datetime.timedelta(days=30)
    world.placement.save(update_fields=["starts_on"])
    data = form_data(
        world,
        local_authority=world.la_a.pk,
        host_agency=world.csc_a.pk,
        location_model=SpokePlacement.LocationModel.CO_LOCATED_STATUTORY,
        champion_name="Chris Champion",
        **date_data("starts_on", world.placement.starts_on),
        **date_data("ends_on", today),
    )

    response = login(world.hub_manager).post(
        reverse("partners:placement_update", args=[world.placement.pk]), data
    )

    assert response.status_code == 302
    world.placement.refresh_from_db()
    assert world.placement.ends_on == today
    event = AuditEvent.objects.get(action=AuditEvent.Action.PLACEMENT_CHANGED)
    assert event.metadata == {"fields": ["ends_on"]}


def test_another_hubs_manager_who_hosts_a_placement_sees_it_but_may_not_change_it(
    world: World, login: Login
) -> None:
    """Given a placement co-located with another hub, that hub's manager gets 200 then 403."""
    hosted = factories.placement(
        worker=world.spoke_worker,
        hub=world.hub,
        local_authority=world.la_b,
        host_agency=world.other_hub,
        location_model=SpokePlacement.LocationModel.CO_LOCATED_VOLUNTARY,
        by=world.hub_manager,
    )
    client = login(world.other_hub_manager)

    assert client.get(reverse("partners:placement_detail", args=[hosted.pk])).status_code == 200
    assert client.get(reverse("partners:placement_update", args=[hosted.pk])).status_code == 403


def test_filters_are_labelled_without_saying_optional(world: World, login: Login) -> None:
    """Filters are never required, so their labels do not call them optional."""
    content = login(world.hub_manager).get(reverse("partners:placement_list")).content.decode()

    assert 'class="govuk-select"' in content
    assert "Local authority (optional)" not in content
