"""Supervision pages: hub managers see gaps in their workers' supervision; workers their own."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from partners.models import Role, SpokePlacement, SupervisionRecord
from tests import factories
from tests.conftest import World
from tests.partners.conftest import Login, as_actor, assert_sent_to_log_in, date_data


def form_data(world: World, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "hub": world.hub.pk,
        "worker": world.spoke_worker.pk,
        "supervisor": world.hub_manager.pk,
        "kind": SupervisionRecord.Kind.HUB,
        "notes": "Reflected on a difficult week; agreed a caseload review.",
        **date_data("held_on", timezone.localdate()),
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("actor", "status"),
    [
        pytest.param("anonymous", 302, id="anonymous is sent to log in"),
        pytest.param("other_hub_manager", 404, id="another hub cannot tell it exists"),
        pytest.param("practitioner", 404, id="a statutory practitioner cannot tell it exists"),
        pytest.param("spoke_worker", 200, id="the worker reads their own"),
        pytest.param("hub_manager", 200, id="the worker's hub manager reads it"),
    ],
)
def test_supervision_detail_permissions(
    world: World, login: Login, supervision: SupervisionRecord, actor: str, status: int
) -> None:
    """The worker, their supervisor and their hub's managers read a record; others get a 404."""
    response = as_actor(world, login, actor).get(
        reverse("partners:supervision_detail", args=[supervision.pk])
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
        pytest.param("spoke_worker", 403, id="the worker reads but may not change it"),
        pytest.param("hub_manager", 200, id="the worker's hub manager changes it"),
    ],
)
def test_supervision_update_permissions(
    world: World, login: Login, supervision: SupervisionRecord, actor: str, status: int
) -> None:
    """Only the worker's hub managers may change a supervision record."""
    response = as_actor(world, login, actor).get(
        reverse("partners:supervision_update", args=[supervision.pk])
    )

    if status == 302:
        assert_sent_to_log_in(response)
    else:
        assert response.status_code == status


@pytest.mark.parametrize(
    ("actor", "status"),
    [
        pytest.param("anonymous", 302, id="anonymous is sent to log in"),
        pytest.param("spoke_worker", 403, id="a worker does not record supervision"),
        pytest.param("team_manager", 403, id="a statutory team manager does not either"),
        pytest.param("hub_manager", 200, id="a hub manager records supervision"),
    ],
)
def test_supervision_create_permissions(
    world: World, login: Login, actor: str, status: int
) -> None:
    """Only hub managers may record supervision."""
    response = as_actor(world, login, actor).get(reverse("partners:supervision_create"))

    if status == 302:
        assert_sent_to_log_in(response)
    else:
        assert response.status_code == status


@pytest.mark.django_db
def test_supervision_list_sends_anonymous_users_to_log_in(login: Login) -> None:
    """Anonymous visitors are sent to log in."""
    assert_sent_to_log_in(login(None).get(reverse("partners:supervision_list")))


def test_a_worker_sees_their_own_records_and_no_one_elses(
    world: World, login: Login, supervision: SupervisionRecord
) -> None:
    """Given records for two hubs' workers, each worker's list holds only their own."""
    factories.supervision(
        worker=world.other_spoke_worker,
        hub=world.other_hub,
        supervisor=world.other_hub_manager,
        by=world.other_hub_manager,
        held_on=timezone.localdate(),
    )

    response = login(world.spoke_worker).get(reverse("partners:supervision_list"))

    assert response.status_code == 200
    assert "overview" not in response.context
    assert list(response.context["page"].object_list) == [supervision]


def test_the_overview_flags_gaps_and_shows_where_each_worker_is_based(
    world: World, login: Login, supervision: SupervisionRecord
) -> None:
    """Given one worker supervised last week, one long ago, one never, the gaps are flagged."""
    today = timezone.localdate()
    long_ago = factories.member(agency=world.hub, role=Role.SPOKE_WORKER, full_name="Lee Long")
    factories.supervision(
        worker=long_ago,
        hub=world.hub,
        supervisor=world.hub_manager,
        by=world.hub_manager,
        held_on=today - datetime.timedelta(weeks=5),
    )
    never = factories.member(agency=world.hub, role=Role.SPOKE_WORKER, full_name="Nia Never")
    factories.placement(
        worker=never,
        hub=world.hub,
        local_authority=world.la_b,
        location_model=SpokePlacement.LocationModel.OUTREACH,
        by=world.hub_manager,
    )

    response = login(world.hub_manager).get(reverse("partners:supervision_list"))

    rows = list(response.context["overview"].object_list)
    # Never supervised first, then the longest gap.
    assert [row.user for row in rows] == [never, long_ago, world.spoke_worker]
    assert [row.supervision_overdue for row in rows] == [True, True, False]
    assert [row.last_supervised_on for row in rows] == [
        None,
        today - datetime.timedelta(weeks=5),
        supervision.held_on,
    ]
    assert rows[0].location_model == SpokePlacement.LocationModel.OUTREACH
    assert rows[2].location_model == SpokePlacement.LocationModel.CO_LOCATED_STATUTORY
    content = response.content.decode()
    assert "Never supervised" in content
    assert "Over 4 weeks ago" in content
    assert "Outreach with no physical base" in content


def test_the_overview_leaves_out_other_hubs_workers(world: World, login: Login) -> None:
    """Given another hub's worker, the hub manager's overview does not list them."""
    response = login(world.hub_manager).get(reverse("partners:supervision_list"))

    assert [row.user for row in response.context["overview"].object_list] == [world.spoke_worker]


def test_a_manager_can_list_one_workers_records(
    world: World, login: Login, supervision: SupervisionRecord
) -> None:
    """Given a worker chosen from the overview, the manager sees that worker's records."""
    response = login(world.hub_manager).get(
        reverse("partners:supervision_list"), {"worker": world.spoke_worker.pk}
    )

    assert list(response.context["page"].object_list) == [supervision]


def test_a_hub_manager_records_supervision(world: World, login: Login) -> None:
    """Given a valid form, the record is saved, audited and shown."""
    response = login(world.hub_manager).post(
        reverse("partners:supervision_create"), form_data(world)
    )

    record = SupervisionRecord.objects.get()
    assert response.status_code == 302
    assert response["Location"] == record.get_absolute_url()
    assert record.recorded_by == world.hub_manager
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.SUPERVISION_RECORDED, object_id=str(record.pk)
    ).exists()


def test_the_form_starts_with_the_worker_chosen_and_the_manager_as_supervisor(
    world: World, login: Login
) -> None:
    """Given a link from the overview, the worker is chosen and the manager is the supervisor."""
    response = login(world.hub_manager).get(
        reverse("partners:supervision_create"), {"worker": world.spoke_worker.pk}
    )

    form = response.context["form"]
    assert form.initial["worker"] == world.spoke_worker
    assert form.initial["supervisor"] == world.hub_manager
    assert world.other_spoke_worker not in form.fields["worker"].queryset


def test_supervision_in_the_future_is_refused_on_the_form(world: World, login: Login) -> None:
    """Given tomorrow's date, the service's message is shown on the date and nothing is saved."""
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    response = login(world.hub_manager).post(
        reverse("partners:supervision_create"), form_data(world, **date_data("held_on", tomorrow))
    )

    assert response.status_code == 200
    assert response.context["form"].errors["held_on"] == [
        "Supervision cannot be recorded before it is held."
    ]
    assert not SupervisionRecord.objects.exists()


def test_a_manager_changes_a_record(
    world: World, login: Login, supervision: SupervisionRecord
) -> None:
    """Given a record, when the manager corrects its kind, the change is audited."""
    data = form_data(
        world,
        kind=SupervisionRecord.Kind.HOST,
        notes=supervision.notes,
        **date_data("held_on", supervision.held_on),
    )

    response = login(world.hub_manager).post(
        reverse("partners:supervision_update", args=[supervision.pk]), data
    )

    assert response.status_code == 302
    supervision.refresh_from_db()
    assert supervision.kind == SupervisionRecord.Kind.HOST
    assert AuditEvent.objects.get(action=AuditEvent.Action.SUPERVISION_CHANGED).metadata == {
        "fields": ["kind"]
    }


def test_the_worker_cannot_post_a_change_to_their_record(
    world: World, login: Login, supervision: SupervisionRecord
) -> None:
    """Given the supervised worker, when they post a change, it is refused with 403."""
    response = login(world.spoke_worker).post(
        reverse("partners:supervision_update", args=[supervision.pk]),
        form_data(world, notes="Changed by the worker."),
    )

    assert response.status_code == 403
    supervision.refresh_from_db()
    assert supervision.notes != "Changed by the worker."
