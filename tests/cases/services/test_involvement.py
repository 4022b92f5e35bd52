"""Agency involvement: who is involved, one lead professional, when and why one stepped back."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from audit.models import AuditEvent
from cases import record
from cases.models import AgencyInvolvement


def add(world, case, **overrides):
    fields = {
        "case": case,
        "by": world.spoke_worker,
        "agency": world.csc_a,
        "professional_name": "Pat Practitioner",
        "professional_role": "Social worker",
        "professional_email": "pat@example.test",
        "is_lead_professional": True,
        "from_on": timezone.localdate() - datetime.timedelta(days=20),
    }
    fields.update(overrides)
    return record.involvement_add(**fields)


def test_adding_involvement_records_the_professional(world, case):
    """Given a case, when children's services are added with a lead professional, then the
    involvement is recorded and audited with the case."""
    involvement = add(world, case)

    assert involvement.agency == world.csc_a
    assert involvement.is_lead_professional
    assert involvement.recorded_by == world.spoke_worker
    event = AuditEvent.objects.filter(action=AuditEvent.Action.INVOLVEMENT_ADDED).get()
    assert (event.case_id, event.metadata["agency_id"]) == (case.pk, world.csc_a.pk)


def test_a_new_lead_professional_replaces_the_old(world, case):
    """Given a lead professional, when another agency's professional is made lead, then
    only the new one is lead."""
    first = add(world, case)
    second = add(world, case, agency=world.police, professional_name="Officer Test")

    first.refresh_from_db()
    assert not first.is_lead_professional
    assert second.is_lead_professional


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        pytest.param({"professional_email": "not-an-email"}, "professional_email", id="email"),
        pytest.param(
            {"from_on": timezone.localdate() + datetime.timedelta(days=3)},
            "from_on",
            id="starts in the future",
        ),
    ],
)
def test_bad_involvement_is_refused_and_nothing_saved(world, case, overrides, field):
    """Given bad input, when involvement is added, then the field's error is raised and the
    lead professional is unchanged."""
    existing = add(world, case)

    with pytest.raises(ValidationError) as caught:
        add(world, case, agency=world.police, **overrides)

    assert field in caught.value.message_dict
    existing.refresh_from_db()
    assert existing.is_lead_professional
    assert AgencyInvolvement.objects.count() == 1


def test_updating_involvement_changes_only_what_is_given(world, case):
    """Given an involvement, when its phone and end date change, then those are saved and
    the change is audited with the field names."""
    involvement = add(world, case)
    ends = timezone.localdate()

    record.involvement_update(
        involvement=involvement,
        by=world.spoke_worker,
        professional_phone="0100 000 0000",
        to_on=ends,
    )

    involvement.refresh_from_db()
    assert (involvement.professional_phone, involvement.to_on) == ("0100 000 0000", ends)
    event = AuditEvent.objects.filter(action=AuditEvent.Action.INVOLVEMENT_CHANGED).get()
    assert sorted(event.metadata["fields"]) == ["professional_phone", "to_on"]
    assert event.case_id == case.pk


def test_an_end_before_the_start_is_refused(world, case):
    """Given an involvement, when its end is set before its start, then it is refused."""
    involvement = add(world, case)

    with pytest.raises(ValidationError) as caught:
        record.involvement_update(
            involvement=involvement,
            by=world.spoke_worker,
            to_on=involvement.from_on - datetime.timedelta(days=1),
        )

    assert "to_on" in caught.value.message_dict
    involvement.refresh_from_db()
    assert involvement.to_on is None


def test_stepping_back_records_when_and_why(world, case):
    """Given children's services involved, when they step back, then the date and reason
    are kept, the involvement ends that day, and it is audited."""
    involvement = add(world, case)
    today = timezone.localdate()

    record.involvement_step_back(
        involvement=involvement,
        by=world.spoke_worker,
        stepped_back_on=today,
        reason="Case closed to social care once the hub became involved.",
    )

    involvement.refresh_from_db()
    assert involvement.stepped_back_on == today
    assert involvement.to_on == today
    assert involvement.stepped_back_reason.startswith("Case closed to social care")
    event = AuditEvent.objects.filter(action=AuditEvent.Action.INVOLVEMENT_CHANGED).get()
    assert (event.case_id, event.metadata["stepped_back"]) == (case.pk, True)


def test_stepping_back_needs_a_reason_and_a_sensible_date(world, case):
    """Given an involvement, when stepping back has no reason and a date before it began,
    then both errors are given and nothing is saved; a second step back is refused."""
    involvement = add(world, case)

    with pytest.raises(ValidationError) as caught:
        record.involvement_step_back(
            involvement=involvement,
            by=world.spoke_worker,
            stepped_back_on=involvement.from_on - datetime.timedelta(days=1),
            reason="",
        )
    assert set(caught.value.message_dict) == {"stepped_back_on", "stepped_back_reason"}
    involvement.refresh_from_db()
    assert involvement.stepped_back_on is None

    record.involvement_step_back(
        involvement=involvement,
        by=world.spoke_worker,
        stepped_back_on=timezone.localdate(),
        reason="Stepped back.",
    )
    with pytest.raises(ValidationError, match="already recorded"):
        record.involvement_step_back(
            involvement=involvement,
            by=world.spoke_worker,
            stepped_back_on=timezone.localdate(),
            reason="Again.",
        )
