"""The requester's steps: a follow-up question, feedback that closes the request, withdrawing."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from consultancy.models import ConsultancyMessage, ConsultancyRequest
from consultancy.services import requests as services
from consultancy.services.common import StepNotAllowed
from notifications.models import Notification

S = ConsultancyRequest.Status


def test_a_follow_up_question_goes_back_to_the_worker(world, make_request):
    item = make_request(status=S.ADVISED)

    asked = services.consultancy_follow_up(
        request=item, by=world.practitioner, text="What if she denies it?", version=item.version
    )

    assert asked.status == S.FOLLOW_UP
    assert asked.follow_up_at is not None
    message = asked.messages.get(kind=ConsultancyMessage.Kind.FOLLOW_UP)
    assert message.author_agency == world.csc_a
    note = Notification.objects.get(kind=Notification.Kind.CONSULTANCY_FOLLOW_UP)
    assert note.recipient == world.spoke_worker
    assert note.message == f"Follow-up question on consultancy request {item.reference}"


def test_a_follow_up_needs_words_and_advice_first(world, make_request):
    advised = make_request(status=S.ADVISED)
    with pytest.raises(ValidationError) as caught:
        services.consultancy_follow_up(
            request=advised, by=world.practitioner, text=" ", version=advised.version
        )
    assert "text" in caught.value.error_dict

    waiting = make_request(status=S.ASSIGNED)
    with pytest.raises(StepNotAllowed):
        services.consultancy_follow_up(
            request=waiting, by=world.practitioner, text="Any news?", version=waiting.version
        )


@pytest.mark.parametrize("helpful", [True, False])
def test_feedback_closes_the_request_and_tells_the_worker(world, make_request, helpful):
    item = make_request(status=S.ADVISED)

    closed = services.consultancy_feedback(
        request=item, by=world.practitioner, helpful=helpful, feedback="", version=item.version
    )

    assert closed.status == S.CLOSED
    assert closed.helpful is helpful
    assert closed.feedback_at == closed.closed_at
    assert closed.closed_by == world.practitioner
    said = "helpful" if helpful else "not helpful"
    note = Notification.objects.get(kind=Notification.Kind.CONSULTANCY_FEEDBACK)
    assert note.recipient == world.spoke_worker
    assert note.message.endswith(f"was marked {said}")
    event = AuditEvent.objects.get(action=AuditEvent.Action.CONSULTANCY_FEEDBACK)
    assert event.metadata["helpful"] is helpful


def test_feedback_is_given_once(world, make_request):
    item = make_request(status=S.CLOSED)

    with pytest.raises(StepNotAllowed):
        services.consultancy_feedback(
            request=item, by=world.practitioner, helpful=False, version=item.version
        )


def test_withdrawing_before_advice_tells_the_worker(world, make_request):
    item = make_request(status=S.ASSIGNED)

    withdrawn = services.consultancy_withdraw(
        request=item,
        by=world.team_manager,
        reason="Dealt with in supervision.",
        version=item.version,
    )

    assert withdrawn.status == S.WITHDRAWN
    assert withdrawn.withdrawn_at is not None
    assert withdrawn.closing_note == "Dealt with in supervision."
    note = Notification.objects.get(kind=Notification.Kind.CONSULTANCY_WITHDRAWN)
    assert note.recipient == world.spoke_worker


def test_nobody_is_told_when_a_waiting_request_is_withdrawn(world, make_request):
    item = make_request()
    Notification.objects.all().delete()

    services.consultancy_withdraw(request=item, by=world.practitioner, version=item.version)

    assert not Notification.objects.exists()


def test_advice_given_means_it_can_no_longer_be_withdrawn(world, make_request):
    item = make_request(status=S.ADVISED)

    with pytest.raises(StepNotAllowed, match="cannot be withdrawn"):
        services.consultancy_withdraw(request=item, by=world.practitioner, version=item.version)
