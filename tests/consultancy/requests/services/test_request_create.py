"""Asking for consultancy: routing to a worker or the hub, the identifying check, bad input,
and the audit event and notification that go with it."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from consultancy.models import ConsultancyRequest, Urgency
from consultancy.services import requests as services
from notifications.models import Notification
from tests.consultancy.requests.conftest import QUESTION

S = ConsultancyRequest.Status
IDENTIFYING = "Jane Smith, born 03/04/2011, has gone missing from home three times."


def _ask(world, **overrides):
    values = {
        "by": world.practitioner,
        "agency": world.csc_a,
        "about": "unnamed",
        "question": QUESTION,
        "urgency": Urgency.ROUTINE,
        "preferred_contact": ConsultancyRequest.PreferredContact.IN_WRITING,
    }
    values.update(overrides)
    return services.consultancy_request_create(**values)


def test_unnamed_with_one_placed_worker_goes_to_them(world):
    """Given one spoke worker placed in Ashdown, when a social worker asks about a young person
    not named, then the LA and hub default, the request is assigned to that worker, who is told,
    and the request is audited with ids only."""
    item = _ask(world, young_person_age=14)

    assert item.status == S.ASSIGNED
    assert item.local_authority == world.la_a
    assert item.hub == world.hub
    assert item.responding_worker == world.spoke_worker
    assert item.assigned_at is not None
    event = AuditEvent.objects.get(action=AuditEvent.Action.CONSULTANCY_REQUESTED)
    assert event.object_id == str(item.pk)
    assert event.metadata["worker_id"] == world.spoke_worker.pk
    assert QUESTION not in str(event.metadata)
    note = Notification.objects.get(kind=Notification.Kind.CONSULTANCY_REQUESTED)
    assert note.recipient == world.spoke_worker
    assert note.message == f"New routine consultancy request {item.reference} from {world.csc_a}"
    assert note.link == item.get_absolute_url()


def test_unnamed_with_two_placed_workers_waits_and_tells_managers_and_them(world, colleague):
    """Given two workers placed in Ashdown, then the request waits for the hub, and the hub's
    managers and both placed workers are told (never anything about the young person)."""
    item = _ask(world, urgency=Urgency.URGENT)

    assert item.status == S.REQUESTED
    assert item.responding_worker is None
    told = set(
        Notification.objects.filter(kind=Notification.Kind.CONSULTANCY_REQUESTED).values_list(
            "recipient_id", flat=True
        )
    )
    assert told == {world.hub_manager.pk, world.spoke_worker.pk, colleague.pk}
    message = Notification.objects.filter(recipient=world.hub_manager).get().message
    assert message == f"New urgent consultancy request {item.reference} from {world.csc_a}"


def test_about_a_shared_case_goes_to_its_lead_worker(world, shared_case):
    """Given a case shared with Ashdown social care, then the request takes its hub and LA and
    goes to its lead worker; the audit event carries the case."""
    item = _ask(world, about="case", case=shared_case, young_person_age=15)

    assert item.status == S.ASSIGNED
    assert item.case == shared_case
    assert item.hub_id == shared_case.owning_agency_id
    assert item.responding_worker == world.spoke_worker
    assert item.young_person_age is None
    assert AuditEvent.objects.get(action=AuditEvent.Action.CONSULTANCY_REQUESTED).case_id == (
        shared_case.pk
    )


def test_a_case_not_shared_with_the_agency_is_refused(world, shared_case):
    """Given a practitioner in Brackenford, then the Ashdown case is not theirs to ask about."""
    with pytest.raises(ValidationError) as caught:
        _ask(
            world,
            by=world.other_la_practitioner,
            agency=world.csc_b,
            about="case",
            case=shared_case,
        )
    assert "case" in caught.value.error_dict
    assert not ConsultancyRequest.objects.exists()


def test_a_question_that_names_the_young_person_is_refused_until_confirmed(world):
    """Given a question with a name and a date of birth, then it is refused (nothing saved)
    unless the requester confirms it does not identify them."""
    with pytest.raises(services.IdentifyingDetails) as caught:
        _ask(world, question=IDENTIFYING)
    assert caught.value.error_dict["question"][0].code == "identifying"
    assert not ConsultancyRequest.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.CONSULTANCY_REQUESTED).exists()

    item = _ask(world, question=IDENTIFYING, identifying_details_confirmed=True)

    assert item.identifying_details_confirmed is True


def test_the_identifying_check_does_not_apply_to_a_shared_case(world, shared_case):
    """Given a case already shared, naming the young person is expected, so it is sent."""
    item = _ask(world, about="case", case=shared_case, question=IDENTIFYING)

    assert item.identifying_details_confirmed is False


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        pytest.param({"question": "Help?"}, "question", id="question too short"),
        pytest.param({"urgency": "whenever"}, "urgency", id="unknown urgency"),
        pytest.param({"preferred_contact": "fax"}, "preferred_contact", id="unknown contact"),
        pytest.param({"preferred_contact": "phone"}, "requester_phone", id="phone without number"),
        pytest.param({"young_person_age": 4}, "young_person_age", id="age out of range"),
        pytest.param({"about": "someone"}, "about", id="unknown about"),
        pytest.param({"about": "case"}, "case", id="about a case without one"),
    ],
)
def test_bad_input_is_refused_on_its_field(world, overrides, field):
    """Given bad input, then a message on its field and nothing saved."""
    with pytest.raises(ValidationError) as caught:
        _ask(world, **overrides)
    assert field in caught.value.error_dict
    assert not ConsultancyRequest.objects.exists()


def test_a_local_authority_the_agency_does_not_cover_is_refused(world):
    """Given Ashdown social care, then Brackenford is not a local authority it asks about."""
    with pytest.raises(ValidationError) as caught:
        _ask(world, local_authority=world.la_b)
    assert "local_authority" in caught.value.error_dict


def test_a_hub_not_working_in_the_local_authority_is_refused(world):
    """Given the other hub works only in Brackenford, then it cannot be asked about Ashdown."""
    with pytest.raises(ValidationError) as caught:
        _ask(world, hub=world.other_hub)
    assert "hub" in caught.value.error_dict


def test_an_agency_the_user_does_not_ask_for_is_refused(world):
    """Given an agency the practitioner is not a member of, then it is refused."""
    with pytest.raises(ValidationError) as caught:
        _ask(world, agency=world.police)
    assert "agency" in caught.value.error_dict


def test_a_hub_worker_cannot_ask_the_hub(world):
    """Given a spoke worker, then their own hub is not an agency they ask for."""
    with pytest.raises(ValidationError):
        _ask(world, by=world.spoke_worker, agency=world.hub)


def test_with_no_placed_worker_it_waits_for_the_managers(world):
    """Given Brackenford, where no worker is placed but the hub covers it, then a Brackenford
    practitioner's request waits for the hub's managers to choose."""
    item = _ask(
        world,
        by=world.other_la_practitioner,
        agency=world.csc_b,
        hub=world.hub,
    )

    assert item.local_authority == world.la_b
    assert item.status == S.REQUESTED
    assert set(Notification.objects.values_list("recipient_id", flat=True)) == {
        world.hub_manager.pk
    }


def test_two_hubs_in_the_local_authority_need_a_choice(world):
    """Given two hubs covering Brackenford and no placement, then the requester must choose."""
    with pytest.raises(ValidationError) as caught:
        _ask(world, by=world.other_la_practitioner, agency=world.csc_b)
    assert "hub" in caught.value.error_dict
