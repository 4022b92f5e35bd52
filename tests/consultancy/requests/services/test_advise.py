"""The worker's advice and topics: the thread, the stamps, the requester told, the checks."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from audit.models import AuditEvent
from consultancy.models import ConsultancyMessage, ConsultancyRequest
from consultancy.services import requests as services
from consultancy.services.common import StepNotAllowed
from notifications.models import Notification

S = ConsultancyRequest.Status
TODAY = timezone.localdate


def _advise(item, by, **overrides):
    values = {
        "text": "Keep a record and talk with her about the relationship.",
        "given_on": TODAY(),
        "time_spent_minutes": 30,
        "version": item.version,
    }
    values.update(overrides)
    return services.consultancy_advise(request=item, by=by, **values)


def test_advice_is_recorded_and_the_requester_told(world, make_request):
    """Given a request with the worker, when they advise, then the advice joins the thread,
    the request is advised with its topics, and the requester is told."""
    item = make_request(status=S.ASSIGNED)

    advised = _advise(
        item,
        world.spoke_worker,
        topics=["risk", "recognising"],
        agreed_follow_up="Joint visit next week.",
    )

    assert advised.status == S.ADVISED
    assert advised.first_advised_at == advised.last_advised_at
    assert advised.topics == ["recognising", "risk"]
    message = ConsultancyMessage.objects.get(request=item)
    assert message.kind == ConsultancyMessage.Kind.ADVICE
    assert message.author_agency == world.hub
    assert message.time_spent_minutes == 30
    assert message.agreed_follow_up == "Joint visit next week."
    note = Notification.objects.get(kind=Notification.Kind.CONSULTANCY_ADVISED)
    assert note.recipient == world.practitioner
    assert note.message == f"Advice on your consultancy request {item.reference} from {world.hub}"
    event = AuditEvent.objects.get(action=AuditEvent.Action.CONSULTANCY_ADVISED)
    assert event.metadata["message_id"] == message.pk
    assert "relationship" not in str(event.metadata)


def test_advising_again_after_a_follow_up_keeps_the_first_time(world, make_request):
    """Given advice and a follow-up question, when the worker answers it, then the first
    advice time stays and the last moves on."""
    item = make_request(status=S.FOLLOW_UP)
    first = item.first_advised_at

    again = _advise(item, world.spoke_worker, topics=["family"])

    assert again.status == S.ADVISED
    assert again.first_advised_at == first
    assert again.last_advised_at > first
    assert again.topics == ["recognising", "engagement", "family"]
    assert again.messages.count() == 3


def test_only_the_worker_it_is_with_records_advice(world, make_request, colleague):
    """Given a request with the world's spoke worker, then a colleague cannot advise on it."""
    item = make_request(status=S.ASSIGNED)

    with pytest.raises(StepNotAllowed):
        _advise(item, colleague)


def test_a_waiting_request_cannot_be_advised(world, make_request):
    item = make_request()

    with pytest.raises(StepNotAllowed, match="waiting for a worker"):
        _advise(item, world.spoke_worker)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        pytest.param({"text": "  "}, "text", id="no advice"),
        pytest.param({"time_spent_minutes": 0}, "time_spent_minutes", id="no time"),
        pytest.param({"time_spent_minutes": 2000}, "time_spent_minutes", id="over a day"),
        pytest.param(
            {"given_on": TODAY() + datetime.timedelta(days=1)}, "given_on", id="in the future"
        ),
        pytest.param(
            {"given_on": TODAY() - datetime.timedelta(days=3)}, "given_on", id="before the request"
        ),
        pytest.param({"topics": ["gossip"]}, "topics", id="unknown topic"),
    ],
)
def test_bad_advice_is_refused_and_nothing_saved(world, make_request, overrides, field):
    item = make_request(status=S.ASSIGNED)

    with pytest.raises(ValidationError) as caught:
        _advise(item, world.spoke_worker, **overrides)

    assert field in caught.value.error_dict
    assert not ConsultancyMessage.objects.exists()
    item.refresh_from_db()
    assert item.status == S.ASSIGNED


def test_topics_can_be_changed_later_at_any_status(world, make_request):
    """Given a closed request, when a manager corrects its topics, then they are saved once,
    in the list's order, and audited; saving the same topics again changes nothing."""
    item = make_request(status=S.CLOSED)

    changed = services.consultancy_topics_set(
        request=item, by=world.hub_manager, topics=["online", "risk"], version=item.version
    )
    same = services.consultancy_topics_set(
        request=changed, by=world.hub_manager, topics=["risk", "online"], version=changed.version
    )

    assert changed.topics == ["risk", "online"]
    assert same.version == changed.version
    assert (
        AuditEvent.objects.filter(action=AuditEvent.Action.CONSULTANCY_TOPICS_CHANGED).count() == 1
    )
