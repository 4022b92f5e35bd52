"""Partnership services: each write is one transaction with its audit event, or nothing at all."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from audit.models import AuditEvent
from partners import services
from partners.models import (
    Agency,
    InformationSharingAgreement,
    Membership,
    Role,
    SpokePlacement,
    SupervisionRecord,
)
from partners.selectors import roles_of
from tests import factories
from tests.conftest import World

Action = AuditEvent.Action


def events(action: str, obj: object) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action, object_id=str(obj.pk)))  # type: ignore[attr-defined]


# Spoke placements


def test_creating_a_placement_saves_it_and_audits_who_made_it(world: World) -> None:
    """Given a hub's spoke worker, when the hub manager places them, the placement is audited."""
    placement = services.placement_create(
        by=world.hub_manager,
        worker=world.spoke_worker,
        hub=world.hub,
        local_authority=world.la_b,
        location_model=SpokePlacement.LocationModel.OUTREACH,
    )

    [event] = events(Action.PLACEMENT_CREATED, placement)
    assert event.actor == world.hub_manager
    assert event.object_type == "partners.spokeplacement"
    assert SpokePlacement.objects.filter(pk=placement.pk, local_authority=world.la_b).exists()


def test_a_worker_from_another_hub_cannot_be_placed_and_nothing_is_saved(world: World) -> None:
    """Given another hub's worker, when placed by this hub, the worker field is refused."""
    before = (SpokePlacement.objects.count(), AuditEvent.objects.count())

    with pytest.raises(ValidationError) as refused:
        services.placement_create(
            by=world.hub_manager,
            worker=world.other_spoke_worker,
            hub=world.hub,
            local_authority=world.la_a,
            location_model=SpokePlacement.LocationModel.HUB_BASED,
        )

    assert "worker" in refused.value.message_dict
    assert (SpokePlacement.objects.count(), AuditEvent.objects.count()) == before


def test_an_outreach_placement_has_no_host_agency(world: World) -> None:
    """Given an outreach placement, when a host agency is named, the host agency is refused."""
    with pytest.raises(ValidationError) as refused:
        services.placement_create(
            by=world.hub_manager,
            worker=world.spoke_worker,
            hub=world.hub,
            local_authority=world.la_a,
            host_agency=world.csc_a,
            location_model=SpokePlacement.LocationModel.OUTREACH,
        )

    assert "host_agency" in refused.value.message_dict


def test_changing_a_placement_records_which_fields_changed(world: World) -> None:
    """Given a placement, when its champion changes, the audit event names the field only."""
    services.placement_update(
        placement=world.placement, by=world.hub_manager, champion_name="Pat Partner"
    )

    [event] = events(Action.PLACEMENT_CHANGED, world.placement)
    assert event.metadata == {"fields": ["champion_name"]}
    world.placement.refresh_from_db()
    assert world.placement.champion_name == "Pat Partner"


def test_ending_a_placement_takes_it_out_of_those_in_force(world: World) -> None:
    """Given a current placement, when it is given today's end date, it is no longer active."""
    today = timezone.localdate()
    world.placement.starts_on = today - datetime.timedelta(days=30)
    world.placement.save(update_fields=["starts_on"])

    services.placement_update(placement=world.placement, by=world.hub_manager, ends_on=today)

    assert not SpokePlacement.objects.active().filter(pk=world.placement.pk).exists()
    assert events(Action.PLACEMENT_CHANGED, world.placement)[0].metadata == {"fields": ["ends_on"]}


def test_an_invalid_change_leaves_the_placement_as_it_was(world: World) -> None:
    """Given a co-located placement, when made outreach with its host kept, nothing changes."""
    before = AuditEvent.objects.count()

    with pytest.raises(ValidationError):
        services.placement_update(
            placement=world.placement,
            by=world.hub_manager,
            location_model=SpokePlacement.LocationModel.OUTREACH,
            champion_name="Someone Else",
        )

    world.placement.refresh_from_db()
    assert world.placement.location_model == SpokePlacement.LocationModel.CO_LOCATED_STATUTORY
    assert world.placement.champion_name == "Chris Champion"
    assert AuditEvent.objects.count() == before


def test_a_change_that_changes_nothing_writes_no_event(world: World) -> None:
    """Given a placement, when saved with the values it has, no audit event is written."""
    before = AuditEvent.objects.count()

    services.placement_update(
        placement=world.placement, by=world.hub_manager, champion_name="Chris Champion"
    )

    assert AuditEvent.objects.count() == before


# Information-sharing agreements


def _agreement_fields(**overrides: object) -> dict[str, object]:
    fields: dict[str, object] = {
        "title": "Ashdown exploitation protocol",
        "scope": "Identity, risk and involvement.",
        "lawful_basis": InformationSharingAgreement.LawfulBasis.PUBLIC_TASK,
        "status": InformationSharingAgreement.Status.ACTIVE,
        "signed_on": datetime.date(2026, 1, 5),
        "review_due_on": datetime.date(2027, 1, 5),
    }
    fields.update(overrides)
    return fields


def test_creating_an_agreement_saves_its_parties_and_audits_it(world: World) -> None:
    """Given two agencies, when the hub manager records their agreement, it is audited."""
    agreement = services.agreement_create(
        by=world.hub_manager,
        parties=[world.hub, world.police],
        local_authority=world.la_a,
        **_agreement_fields(),
    )

    assert set(agreement.parties.all()) == {world.hub, world.police}
    assert agreement.created_by == world.hub_manager
    assert len(events(Action.AGREEMENT_CREATED, agreement)) == 1


def test_an_agreement_needs_two_parties_and_nothing_is_half_saved(world: World) -> None:
    """Given one party, when the agreement is recorded, parties are refused and nothing saved."""
    before = (InformationSharingAgreement.objects.count(), AuditEvent.objects.count())

    with pytest.raises(ValidationError) as refused:
        services.agreement_create(
            by=world.hub_manager,
            parties=[world.hub],
            local_authority=world.la_a,
            **_agreement_fields(),
        )

    assert "parties" in refused.value.message_dict
    assert (InformationSharingAgreement.objects.count(), AuditEvent.objects.count()) == before


def test_an_active_agreement_needs_a_signed_date(world: World) -> None:
    """Given an active agreement with no signed date, the signed date is asked for."""
    with pytest.raises(ValidationError) as refused:
        services.agreement_create(
            by=world.hub_manager,
            parties=[world.hub, world.police],
            local_authority=world.la_a,
            **_agreement_fields(signed_on=None),
        )

    assert "signed_on" in refused.value.message_dict


def test_changing_an_agreements_parties_is_audited_as_a_change_of_parties(
    world: World, agreement: InformationSharingAgreement
) -> None:
    """Given an agreement, when the police join it, the change names the parties."""
    services.agreement_update(
        agreement=agreement,
        by=world.hub_manager,
        parties=[world.hub, world.csc_a, world.police],
    )

    assert set(agreement.parties.all()) == {world.hub, world.csc_a, world.police}
    assert events(Action.AGREEMENT_CHANGED, agreement)[0].metadata == {"fields": ["parties"]}


def test_an_invalid_agreement_change_leaves_it_as_it_was(
    world: World, agreement: InformationSharingAgreement
) -> None:
    """Given an agreement, when its review is put before signing, nothing changes."""
    with pytest.raises(ValidationError) as refused:
        services.agreement_update(
            agreement=agreement,
            by=world.hub_manager,
            title="Renamed",
            review_due_on=datetime.date(2025, 1, 1),
        )

    assert "review_due_on" in refused.value.message_dict
    agreement.refresh_from_db()
    assert agreement.title != "Renamed"
    assert not events(Action.AGREEMENT_CHANGED, agreement)


# Supervision


def test_recording_supervision_saves_who_recorded_it_and_audits_it(world: World) -> None:
    """Given a hub's worker, when the manager records supervision, it is saved and audited."""
    record = services.supervision_record(
        by=world.hub_manager,
        worker=world.spoke_worker,
        hub=world.hub,
        supervisor=world.hub_manager,
        held_on=timezone.localdate(),
        kind=SupervisionRecord.Kind.HUB,
    )

    assert record.recorded_by == world.hub_manager
    assert len(events(Action.SUPERVISION_RECORDED, record)) == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        pytest.param({"held_on_days": 1}, "held_on", id="not before it is held"),
        pytest.param({"supervisor": "spoke_worker"}, "supervisor", id="not by themselves"),
        pytest.param({"worker": "other_spoke_worker"}, "worker", id="not another hub's worker"),
    ],
)
def test_supervision_that_cannot_be_right_is_refused_and_not_saved(
    world: World, overrides: dict[str, object], field: str
) -> None:
    """Given a supervision record that cannot be right, the field is refused, nothing saved."""
    before = (SupervisionRecord.objects.count(), AuditEvent.objects.count())
    days = int(overrides.get("held_on_days", 0))  # type: ignore[call-overload]

    with pytest.raises(ValidationError) as refused:
        services.supervision_record(
            by=world.hub_manager,
            worker=world.by_role(str(overrides.get("worker", "spoke_worker"))),
            hub=world.hub,
            supervisor=world.by_role(str(overrides.get("supervisor", "hub_manager"))),
            held_on=timezone.localdate() + datetime.timedelta(days=days),
            kind=SupervisionRecord.Kind.HUB,
        )

    assert field in refused.value.message_dict
    assert (SupervisionRecord.objects.count(), AuditEvent.objects.count()) == before


def test_changing_supervision_is_audited(world: World, supervision: SupervisionRecord) -> None:
    """Given a supervision record, when its notes change, the change is audited."""
    services.supervision_update(
        record=supervision, by=world.hub_manager, notes="Caseload reviewed."
    )

    assert events(Action.SUPERVISION_CHANGED, supervision)[0].metadata == {"fields": ["notes"]}


# Memberships and agencies


def test_a_membership_gives_its_role_and_ending_it_takes_it_away(world: World) -> None:
    """Given a new police practitioner, their role applies until the membership ends."""
    officer = factories.user()
    membership = services.membership_create(
        by=world.administrator, user=officer, agency=world.police, role=Role.PRACTITIONER
    )
    assert roles_of(officer) == {Role.PRACTITIONER}

    services.membership_end(
        membership=membership, by=world.administrator, ends_on=timezone.localdate()
    )

    officer = type(officer).objects.get(pk=officer.pk)
    assert roles_of(officer) == set()
    assert len(events(Action.MEMBERSHIP_CREATED, membership)) == 1
    assert len(events(Action.MEMBERSHIP_ENDED, membership)) == 1


def test_a_role_that_does_not_fit_the_agency_is_refused(world: World) -> None:
    """Given the police, when someone is made a spoke worker there, the role is refused."""
    officer = factories.user()

    with pytest.raises(ValidationError) as refused:
        services.membership_create(
            by=world.administrator, user=officer, agency=world.police, role=Role.SPOKE_WORKER
        )

    assert "role" in refused.value.message_dict
    assert not Membership.objects.filter(user=officer).exists()


def test_a_new_agency_gets_its_own_group_and_is_audited(world: World) -> None:
    """Given a new school, when it is created, it has its own group for shared permissions."""
    school = services.agency_create(
        by=world.administrator,
        name="Brackenford High School",
        sector=Agency.Sector.STATUTORY,
        kind=Agency.Kind.EDUCATION,
        local_authorities=[world.la_b],
    )

    assert school.group.name.startswith("agency:")
    assert list(school.local_authorities.all()) == [world.la_b]
    assert len(events(Action.AGENCY_CREATED, school)) == 1


def test_changing_an_agencys_areas_is_audited_as_such(world: World) -> None:
    """Given an agency, when it starts covering another LA, the change names the areas."""
    services.agency_update(
        agency=world.school, by=world.administrator, local_authorities=[world.la_a, world.la_b]
    )

    assert set(world.school.local_authorities.all()) == {world.la_a, world.la_b}
    assert events(Action.AGENCY_CHANGED, world.school)[0].metadata == {
        "fields": ["local_authorities"]
    }
