"""Closing with a note, linking the referral that followed, and auditing reads."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from consultancy.models import ConsultancyRequest
from consultancy.services import requests as services
from consultancy.services.common import StepNotAllowed

S = ConsultancyRequest.Status


def test_the_worker_closes_with_a_note(world, make_request):
    item = make_request(status=S.ADVISED)

    closed = services.consultancy_close(
        request=item, by=world.spoke_worker, note="Advice given by phone.", version=item.version
    )

    assert closed.status == S.CLOSED
    assert closed.closed_by == world.spoke_worker
    assert closed.closing_note == "Advice given by phone."
    assert closed.helpful is None
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CONSULTANCY_CLOSED).exists()


def test_closing_needs_a_note_and_an_open_request(world, make_request):
    item = make_request(status=S.ASSIGNED)
    with pytest.raises(ValidationError) as caught:
        services.consultancy_close(
            request=item, by=world.hub_manager, note="", version=item.version
        )
    assert "note" in caught.value.error_dict

    withdrawn = make_request(status=S.WITHDRAWN)
    with pytest.raises(StepNotAllowed):
        services.consultancy_close(
            request=withdrawn, by=world.hub_manager, note="Done.", version=withdrawn.version
        )


def test_an_unnamed_request_is_linked_to_the_referral_that_followed(
    world, make_request, make_referral
):
    item = make_request(status=S.CLOSED)
    referral = make_referral(status="submitted")

    linked = services.consultancy_link_referral(
        request=item, by=world.practitioner, referral=referral, version=item.version
    )

    assert linked.referral == referral
    assert linked.referral_linked_by == world.practitioner
    assert linked.referral_linked_at is not None
    event = AuditEvent.objects.get(action=AuditEvent.Action.CONSULTANCY_REFERRAL_LINKED)
    assert event.metadata["referral_id"] == referral.pk

    with pytest.raises(StepNotAllowed, match="already linked"):
        services.consultancy_link_referral(
            request=linked, by=world.practitioner, referral=referral, version=linked.version
        )


def test_a_draft_or_another_hubs_referral_cannot_be_linked(world, make_request, make_referral):
    item = make_request(status=S.ADVISED)
    draft = make_referral()
    elsewhere = make_referral(status="submitted", local_authority=world.la_b, hub=world.other_hub)

    for referral in (draft, elsewhere):
        with pytest.raises(ValidationError) as caught:
            services.consultancy_link_referral(
                request=item, by=world.practitioner, referral=referral, version=item.version
            )
        assert "referral" in caught.value.error_dict


def test_a_request_about_a_case_cannot_be_linked(world, make_request, make_referral, shared_case):
    item = make_request(status=S.ASSIGNED, about="case", case=shared_case)

    with pytest.raises(StepNotAllowed):
        services.consultancy_link_referral(
            request=item,
            by=world.practitioner,
            referral=make_referral(status="submitted"),
            version=item.version,
        )


def test_a_read_is_audited_with_the_case(world, make_request, shared_case):
    item = make_request(status=S.ASSIGNED, about="case", case=shared_case)

    services.consultancy_read_record(request=item, by=world.team_manager)

    event = AuditEvent.objects.get(action=AuditEvent.Action.CONSULTANCY_VIEWED)
    assert event.case_id == shared_case.pk
    assert event.actor == world.team_manager
