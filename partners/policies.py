"""Who may see and do what with partnership records: the one place partners access is decided.

Every rule answers for one object (`may_*`) and as a queryset (`visible_*`), from the same
memberships, so a list never shows what a detail page would refuse.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from partners.models import (
    Agency,
    InformationSharingAgreement,
    LocalAuthority,
    Membership,
    Role,
    SpokePlacement,
    SupervisionRecord,
)
from partners.selectors import active_memberships, agency_ids_where, roles_of

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User

    AnyUser = User | AnonymousUser


def is_administrator(user: AnyUser) -> bool:
    return Role.ADMINISTRATOR in roles_of(user)


def managed_hub_ids(user: AnyUser) -> set[int]:
    return {
        m.agency_id
        for m in active_memberships(user)
        if m.role == Role.HUB_MANAGER and m.agency.kind == Agency.Kind.CSE_HUB
    }


def practitioner_agencies(user: AnyUser) -> list[Agency]:
    """The statutory and partner agencies in which the user is a practitioner or team manager:
    those on whose behalf they refer and ask for consultancy."""
    return [
        m.agency
        for m in active_memberships(user)
        if m.role in (Role.PRACTITIONER, Role.TEAM_MANAGER) and not m.agency.is_hub
    ]


# Reference data: every signed-in professional may read local authorities and agencies.


def visible_local_authorities(user: AnyUser) -> QuerySet[LocalAuthority]:
    if not active_memberships(user):
        return LocalAuthority.objects.none()
    return LocalAuthority.objects.all()


def visible_agencies(user: AnyUser) -> QuerySet[Agency]:
    if not active_memberships(user):
        return Agency.objects.none()
    if is_administrator(user):
        return Agency.objects.all()
    return Agency.objects.filter(is_active=True)


# Memberships: your own; a hub manager's hub's; everything for administrators.


def visible_memberships(user: AnyUser) -> QuerySet[Membership]:
    if not user.is_authenticated:
        return Membership.objects.none()
    if is_administrator(user):
        return Membership.objects.all()
    return Membership.objects.filter(Q(user_id=user.pk) | Q(agency_id__in=managed_hub_ids(user)))


# Spoke placements.


def visible_placements(user: AnyUser) -> QuerySet[SpokePlacement]:
    """The worker's own, their hub managers', the host agency's and the LA partnership's."""
    if not user.is_authenticated:
        return SpokePlacement.objects.none()
    if is_administrator(user):
        return SpokePlacement.objects.all()
    partnership_agencies = agency_ids_where(user, Role.PARTNERSHIP_MANAGER)
    return SpokePlacement.objects.filter(
        Q(worker_id=user.pk)
        | Q(hub_id__in=managed_hub_ids(user))
        | Q(host_agency_id__in=agency_ids_where(user))
        | Q(
            local_authority__in=LocalAuthority.objects.filter(
                agencies__in=partnership_agencies
            ).values("pk")
        )
    )


def placements_for_aggregates(user: AnyUser) -> QuerySet[SpokePlacement]:
    """Placements a user may count but not necessarily open: commissioners count them all."""
    if Role.COMMISSIONER in roles_of(user):
        return SpokePlacement.objects.all()
    return visible_placements(user)


def may_view_placement(user: AnyUser, placement: SpokePlacement) -> bool:
    return visible_placements(user).filter(pk=placement.pk).exists()


def may_manage_placements(user: AnyUser) -> bool:
    return bool(managed_hub_ids(user))


def may_create_placement(user: AnyUser, *, hub: Agency) -> bool:
    return hub.pk in managed_hub_ids(user)


def may_change_placement(user: AnyUser, placement: SpokePlacement) -> bool:
    return placement.hub_id in managed_hub_ids(user)


# Information-sharing agreements: readable by every party; managed by a party hub's managers.


def visible_agreements(user: AnyUser) -> QuerySet[InformationSharingAgreement]:
    if not user.is_authenticated:
        return InformationSharingAgreement.objects.none()
    if is_administrator(user):
        return InformationSharingAgreement.objects.all()
    party_to = InformationSharingAgreement.parties.through.objects.filter(
        agency_id__in=agency_ids_where(user)
    ).values("informationsharingagreement_id")
    # Partnership managers watch the health of sharing in their areas, party or not.
    partnership_las = LocalAuthority.objects.filter(
        agencies__in=agency_ids_where(user, Role.PARTNERSHIP_MANAGER)
    ).values("pk")
    return InformationSharingAgreement.objects.filter(
        Q(pk__in=party_to) | Q(local_authority__in=partnership_las)
    )


def may_view_agreement(user: AnyUser, agreement: InformationSharingAgreement) -> bool:
    return visible_agreements(user).filter(pk=agreement.pk).exists()


def may_manage_agreements(user: AnyUser) -> bool:
    return bool(managed_hub_ids(user))


def may_create_agreement(user: AnyUser, *, parties: list[Agency]) -> bool:
    """Hub managers create agreements to which one of their hubs is a party."""
    return bool(managed_hub_ids(user) & {agency.pk for agency in parties})


def may_change_agreement(user: AnyUser, agreement: InformationSharingAgreement) -> bool:
    hubs = managed_hub_ids(user)
    return bool(hubs) and agreement.parties.filter(pk__in=hubs).exists()


# Supervision: the worker, the supervisor and the worker's hub managers.


def visible_supervision_records(user: AnyUser) -> QuerySet[SupervisionRecord]:
    if not user.is_authenticated:
        return SupervisionRecord.objects.none()
    return SupervisionRecord.objects.filter(
        Q(worker_id=user.pk) | Q(supervisor_id=user.pk) | Q(hub_id__in=managed_hub_ids(user))
    )


def may_view_supervision_record(user: AnyUser, record: SupervisionRecord) -> bool:
    return visible_supervision_records(user).filter(pk=record.pk).exists()


def may_record_supervision(user: AnyUser) -> bool:
    return bool(managed_hub_ids(user))


def may_change_supervision_record(user: AnyUser, record: SupervisionRecord) -> bool:
    return record.hub_id in managed_hub_ids(user)


# Reminder settings: a hub's managers change them; its spoke workers may read them.


def reminder_settings_hubs(user: AnyUser) -> QuerySet[Agency]:
    """The hubs whose reminder settings the user may see: those they manage or work for."""
    if not user.is_authenticated:
        return Agency.objects.none()
    hubs = managed_hub_ids(user) | agency_ids_where(user, Role.SPOKE_WORKER)
    return Agency.objects.hubs().filter(pk__in=hubs)


def may_change_reminder_settings(user: AnyUser, *, hub: Agency) -> bool:
    return hub.pk in managed_hub_ids(user)
