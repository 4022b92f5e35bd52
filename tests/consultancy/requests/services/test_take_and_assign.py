"""Taking a request nobody has, and a manager assigning or reassigning it."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from cases.services import StaleVersionError
from consultancy.models import ConsultancyRequest
from consultancy.services import requests as services
from consultancy.services.common import StepNotAllowed
from notifications.models import Notification

S = ConsultancyRequest.Status


def test_a_placed_worker_takes_a_waiting_request(world, make_request):
    """Given a request waiting for a worker, when a placed worker takes it, then it is theirs,
    stamped and audited."""
    item = make_request()

    taken = services.consultancy_take(request=item, by=world.spoke_worker, version=item.version)

    assert taken.status == S.ASSIGNED
    assert taken.responding_worker == world.spoke_worker
    assert taken.assigned_by == world.spoke_worker
    assert taken.assigned_at is not None
    assert taken.version == item.version + 1
    event = AuditEvent.objects.filter(action=AuditEvent.Action.CONSULTANCY_ASSIGNED).get()
    assert event.metadata["taken"] is True


def test_a_request_already_taken_cannot_be_taken_again(world, make_request, colleague):
    """Given a request already with a worker, then taking it is refused with the reason."""
    item = make_request(status=S.ASSIGNED)

    with pytest.raises(StepNotAllowed, match="with a worker"):
        services.consultancy_take(request=item, by=colleague, version=item.version)


def test_a_stale_take_is_refused(world, make_request, colleague):
    """Given someone took it first, then a take from the old version is a conflict."""
    item = make_request()
    services.consultancy_take(request=item, by=colleague, version=item.version)

    with pytest.raises(StaleVersionError):
        services.consultancy_take(request=item, by=world.spoke_worker, version=item.version)


def test_a_manager_assigns_and_the_worker_is_told(world, make_request, colleague):
    """Given a waiting request, when the manager assigns it, then the worker has it and is
    told, with no details of the young person."""
    item = make_request()

    assigned = services.consultancy_assign(
        request=item, by=world.hub_manager, worker=colleague, version=item.version
    )

    assert assigned.status == S.ASSIGNED
    assert assigned.responding_worker == colleague
    assert assigned.assigned_by == world.hub_manager
    note = Notification.objects.get(kind=Notification.Kind.CONSULTANCY_ASSIGNED)
    assert note.recipient == colleague
    assert note.message == f"Consultancy request {item.reference} (soon) has been assigned to you"


def test_reassigning_a_follow_up_keeps_its_status(world, make_request, colleague):
    """Given a follow-up question waiting, when the manager reassigns it, it still waits."""
    item = make_request(status=S.FOLLOW_UP)

    moved = services.consultancy_assign(
        request=item, by=world.hub_manager, worker=colleague, version=item.version
    )

    assert moved.status == S.FOLLOW_UP
    assert moved.responding_worker == colleague


@pytest.mark.parametrize(
    "who",
    [
        pytest.param("hub_manager", id="a manager"),
        pytest.param("other_spoke_worker", id="another hub's worker"),
        pytest.param("practitioner", id="a practitioner"),
    ],
)
def test_only_a_spoke_worker_of_the_hub_can_be_assigned(world, make_request, who):
    """Given someone who is not a spoke worker of the hub today, then they cannot be assigned."""
    item = make_request()

    with pytest.raises(ValidationError) as caught:
        services.consultancy_assign(
            request=item, by=world.hub_manager, worker=world.by_role(who), version=item.version
        )
    assert "worker" in caught.value.error_dict


def test_an_answered_request_cannot_be_assigned(world, make_request, colleague):
    """Given advice already given, then it is no longer waiting on the hub."""
    item = make_request(status=S.ADVISED)

    with pytest.raises(StepNotAllowed, match="answered"):
        services.consultancy_assign(
            request=item, by=world.hub_manager, worker=colleague, version=item.version
        )
