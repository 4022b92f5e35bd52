"""challenge_update corrects what an open challenge is about; challenge_read_record audits a
read with the case id."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from consultancy.models import PracticeChallenge
from consultancy.services.challenges import challenge_read_record, challenge_update


def test_correcting_the_category(world, make_challenge):
    challenge = make_challenge()

    changed = challenge_update(
        challenge=challenge,
        by=world.spoke_worker,
        version=challenge.version,
        category=PracticeChallenge.Category.THRESHOLD,
    )

    assert changed.category == PracticeChallenge.Category.THRESHOLD
    event = AuditEvent.objects.get(action=AuditEvent.Action.CHALLENGE_CHANGED)
    assert event.metadata["fields"] == ["category"]


def test_unknown_fields_are_refused(world, make_challenge):
    challenge = make_challenge()

    with pytest.raises(ValidationError, match="Unknown fields"):
        challenge_update(
            challenge=challenge, by=world.spoke_worker, version=1, challenged_agency=world.police
        )


def test_a_read_is_audited_with_the_case(world, make_challenge, shared_case):
    challenge = make_challenge(case=shared_case)

    challenge_read_record(challenge=challenge, by=world.team_manager)

    event = AuditEvent.objects.get(action=AuditEvent.Action.CHALLENGE_VIEWED)
    assert event.case_id == shared_case.pk
    assert event.actor == world.team_manager
