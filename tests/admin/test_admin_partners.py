"""Administering the partnership: agencies, memberships, placements, agreements, supervision,
local authorities and the audit log, every write through a service and audited."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from partners.models import (
    Agency,
    InformationSharingAgreement,
    LocalAuthority,
    Membership,
    Role,
    SpokePlacement,
    SupervisionRecord,
)
from tests import factories
from tests.conftest import World
from tests.partners.conftest import Login

Action = AuditEvent.Action


def audited(action: str, obj: object) -> AuditEvent:
    return AuditEvent.objects.get(action=action, object_id=str(obj.pk))  # type: ignore[attr-defined]


def test_an_agency_made_here_gets_its_group_and_is_audited(world: World, login: Login) -> None:
    """Given the add form, the agency is made by the service, with its own group."""
    response = login(world.administrator).post(
        reverse("admin:partners_agency_add"),
        {
            "name": "Brackenford Youth Justice Service",
            "sector": Agency.Sector.STATUTORY,
            "kind": Agency.Kind.YOUTH_JUSTICE,
            "local_authorities": [world.la_b.pk],
            "email": "",
            "phone": "",
            "is_active": "on",
        },
    )

    agency = Agency.objects.get(name="Brackenford Youth Justice Service")
    assert response.status_code == 302
    assert agency.group.name.startswith("agency:")
    assert list(agency.local_authorities.all()) == [world.la_b]
    assert audited(Action.AGENCY_CREATED, agency).actor == world.administrator


def test_changing_an_agency_is_audited_with_the_fields_changed(world: World, login: Login) -> None:
    """Given an agency made inactive and given another LA, the change names both."""
    response = login(world.administrator).post(
        reverse("admin:partners_agency_change", args=[world.school.pk]),
        {
            "name": world.school.name,
            "sector": world.school.sector,
            "kind": world.school.kind,
            "local_authorities": [world.la_a.pk, world.la_b.pk],
            "email": "",
            "phone": "",
        },
    )

    assert response.status_code == 302
    world.school.refresh_from_db()
    assert not world.school.is_active
    assert audited(Action.AGENCY_CHANGED, world.school).metadata == {
        "fields": ["is_active", "local_authorities"]
    }


def test_a_membership_made_here_is_audited(world: World, login: Login) -> None:
    """Given a user and a statutory agency, the membership is made by the service."""
    officer = factories.user()

    login(world.administrator).post(
        reverse("admin:partners_membership_add"),
        {
            "user": officer.pk,
            "agency": world.police.pk,
            "role": Role.TEAM_MANAGER,
            "starts_on": timezone.localdate().isoformat(),
            "ends_on": "",
        },
    )

    membership = Membership.objects.get(user=officer)
    assert audited(Action.MEMBERSHIP_CREATED, membership).actor == world.administrator


def test_a_membership_the_service_refuses_is_shown_on_the_form(world: World, login: Login) -> None:
    """Given a practitioner role in a hub, the service's reason is on the form, nothing saved."""
    officer = factories.user()

    response = login(world.administrator).post(
        reverse("admin:partners_membership_add"),
        {
            "user": officer.pk,
            "agency": world.hub.pk,
            "role": Role.PRACTITIONER,
            "starts_on": timezone.localdate().isoformat(),
            "ends_on": "",
        },
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["role"] == [
        "Practitioners and team managers work in statutory agencies."
    ]
    assert not Membership.objects.filter(user=officer).exists()


def test_memberships_are_ended_not_deleted(world: World, login: Login) -> None:
    """Given memberships chosen on the list, the action ends each today, audited."""
    membership = world.practitioner.memberships.get()

    login(world.administrator).post(
        reverse("admin:partners_membership_changelist"),
        {"action": "end_memberships", ACTION_CHECKBOX_NAME: [membership.pk]},
    )

    membership.refresh_from_db()
    assert membership.ends_on == timezone.localdate()
    assert audited(Action.MEMBERSHIP_ENDED, membership)


def test_a_placement_change_the_service_refuses_leaves_it_unchanged(
    world: World, login: Login
) -> None:
    """Given a co-located placement made outreach with its host kept, the form says why."""
    placement = world.placement

    response = login(world.administrator).post(
        reverse("admin:partners_spokeplacement_change", args=[placement.pk]),
        {
            "worker": placement.worker_id,
            "hub": placement.hub_id,
            "local_authority": placement.local_authority_id,
            "host_agency": placement.host_agency_id,
            "location_model": SpokePlacement.LocationModel.OUTREACH,
            "starts_on": placement.starts_on.isoformat(),
            "ends_on": "",
            "champion_name": "Someone Else",
            "champion_job_title": "",
            "champion_email": "",
        },
    )

    assert response.status_code == 200
    assert "Outreach placements have no host agency." in response.content.decode()
    placement.refresh_from_db()
    assert placement.champion_name == "Chris Champion"
    assert not AuditEvent.objects.filter(action=Action.PLACEMENT_CHANGED).exists()


def test_an_agreement_made_here_records_its_parties_and_author(world: World, login: Login) -> None:
    """Given the add form, the agreement is made by the service with the administrator as author."""
    login(world.administrator).post(
        reverse("admin:partners_informationsharingagreement_add"),
        {
            "title": "Shire police and hub protocol",
            "local_authority": world.la_a.pk,
            "parties": [world.hub.pk, world.police.pk],
            "scope": "Intelligence about places and people of concern.",
            "lawful_basis": InformationSharingAgreement.LawfulBasis.PUBLIC_TASK,
            "signed_on": "",
            "review_due_on": "",
            "status": InformationSharingAgreement.Status.DRAFT,
            "document_reference": "",
        },
    )

    agreement = InformationSharingAgreement.objects.get(title="Shire police and hub protocol")
    assert agreement.created_by == world.administrator
    assert set(agreement.parties.all()) == {world.hub, world.police}
    assert audited(Action.AGREEMENT_CREATED, agreement)


def test_supervision_recorded_here_is_audited(world: World, login: Login) -> None:
    """Given the add form, the record is made by the service and audited."""
    login(world.administrator).post(
        reverse("admin:partners_supervisionrecord_add"),
        {
            "worker": world.spoke_worker.pk,
            "hub": world.hub.pk,
            "supervisor": world.hub_manager.pk,
            "held_on": (timezone.localdate() - datetime.timedelta(days=1)).isoformat(),
            "kind": SupervisionRecord.Kind.HOST,
            "notes": "",
        },
    )

    record = SupervisionRecord.objects.get()
    assert record.recorded_by == world.administrator
    assert audited(Action.SUPERVISION_RECORDED, record)


def test_a_local_authority_made_and_renamed_here_is_audited(world: World, login: Login) -> None:
    """Given a new LA, then its new name, both writes are audited."""
    client = login(world.administrator)
    client.post(
        reverse("admin:partners_localauthority_add"),
        {"name": "Cinderford", "gss_code": "e99300001", "region": "south_west"},
    )
    la = LocalAuthority.objects.get(gss_code="E99300001")

    client.post(
        reverse("admin:partners_localauthority_change", args=[la.pk]),
        {"name": "Cinderford and Dean", "gss_code": "E99300001", "region": "south_west"},
    )

    la.refresh_from_db()
    assert la.name == "Cinderford and Dean"
    assert audited(Action.LOCAL_AUTHORITY_CREATED, la)
    assert audited(Action.LOCAL_AUTHORITY_CHANGED, la).metadata == {"fields": ["name"]}


def test_the_audit_log_is_read_only_and_searchable(world: World, login: Login) -> None:
    """Administrators filter and search the log, and can change nothing in it."""
    client = login(world.administrator)
    event = audited(Action.PLACEMENT_CREATED, world.placement)
    url = reverse("admin:audit_auditevent_changelist")

    by_action = client.get(url, {"action": Action.PLACEMENT_CREATED})
    by_object = client.get(url, {"q": str(world.placement.pk)})
    by_request = client.get(url, {"q": "no-such-request"})
    detail = client.get(reverse("admin:audit_auditevent_change", args=[event.pk]))
    change = client.post(
        reverse("admin:audit_auditevent_change", args=[event.pk]), {"reason": "tampered"}
    )
    add = client.get(reverse("admin:audit_auditevent_add"))

    assert list(by_action.context["cl"].result_list) == [event]
    assert event in by_object.context["cl"].result_list
    assert list(by_request.context["cl"].result_list) == []
    assert detail.status_code == 200
    assert 'name="_save"' not in detail.content.decode()
    assert change.status_code == 403
    assert add.status_code == 403
    event.refresh_from_db()
    assert event.reason == ""


def test_the_audit_log_list_costs_the_same_queries_however_long_the_log(
    world: World, login: Login, django_assert_num_queries: Callable
) -> None:
    """Whether the log holds dozens of events or hundreds, a page of it costs the same."""
    client = login(world.administrator)
    url = reverse("admin:audit_auditevent_changelist")
    client.get(url)
    # session, user, memberships; the count of what the filters match (the full count is
    # not shown, so not counted); one page of events with actor and agency joined
    queries = 5

    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
    for _ in range(90):
        factories.agreement(
            parties=[world.hub, world.police], local_authority=world.la_a, by=world.hub_manager
        )
    assert AuditEvent.objects.count() > 100
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
