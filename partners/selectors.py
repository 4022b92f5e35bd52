"""Reads about the partnership, including the memberships every policy starts from."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone

from accounts.models import User
from partners.models import (
    Agency,
    InformationSharingAgreement,
    LocalAuthority,
    Membership,
    ReminderSettings,
    Role,
    SpokePlacement,
    SupervisionRecord,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

_CACHE_ATTR = "_cse_hub_active_memberships"


def active_memberships(user: User | AnonymousUser) -> list[Membership]:
    """The user's memberships in force today, with their agencies; cached on the user object."""
    if not user.is_authenticated or not user.is_active:
        return []
    cached: list[Membership] | None = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = list(
            Membership.objects.active()
            .filter(user_id=user.pk, agency__is_active=True)
            .select_related("agency")
            .order_by("pk")
        )
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_memberships(user: User) -> None:
    """Drop the cached memberships after they change."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def roles_of(user: User | AnonymousUser) -> set[str]:
    return {m.role for m in active_memberships(user)}


def agency_ids_where(user: User | AnonymousUser, *roles: str) -> set[int]:
    """Agencies in which the user holds any of `roles` today (any role if none are given)."""
    return {m.agency_id for m in active_memberships(user) if not roles or m.role in roles}


def agency_group_ids(user: User | AnonymousUser) -> list[int]:
    """The Django groups of the user's agencies, which carry what is shared with them."""
    return sorted({m.agency.group_id for m in active_memberships(user)})


def local_authorities_of(user: User | AnonymousUser, *roles: str) -> QuerySet[LocalAuthority]:
    """The local authorities covered by the agencies in which the user holds `roles`."""
    return LocalAuthority.objects.filter(agencies__in=agency_ids_where(user, *roles)).distinct()


# Hub ids as a set, or as a subquery of them (so a caller need not read them first).
HubIds = set[int] | QuerySet[Any]


def hub_workers(*, hub_ids: HubIds, on: datetime.date | None = None) -> QuerySet[Membership]:
    """Spoke worker memberships in force in the given hubs."""
    return Membership.objects.active(on).filter(agency_id__in=hub_ids, role=Role.SPOKE_WORKER)


def placements_for_worker(*, worker_id: int) -> QuerySet[SpokePlacement]:
    return (
        SpokePlacement.objects.filter(worker_id=worker_id)
        .select_related("hub", "local_authority", "host_agency")
        .order_by("-starts_on")
    )


def hubs_of(user: User | AnonymousUser, *roles: str) -> QuerySet[Agency]:
    return Agency.objects.hubs().filter(pk__in=agency_ids_where(user, *roles))


# Pages: lists over what a policy has already made visible, shaped for one page of a table.

# Outreach workers were found to be isolated: a gap longer than this is flagged.
SUPERVISION_GAP = datetime.timedelta(weeks=4)
# An agreement whose review falls due within this is highlighted before it lapses.
AGREEMENT_REVIEW_NOTICE = datetime.timedelta(days=30)


class PlacementStatus:
    CURRENT = "current"
    ENDED = "ended"
    ALL = "all"


def memberships_of(*, user_id: int) -> QuerySet[Membership]:
    """Every membership the user has held, newest first, with the agency."""
    return (
        Membership.objects.filter(user_id=user_id)
        .select_related("agency")
        .order_by("-starts_on", "-pk")
    )


def placements_filtered(
    *,
    placements: QuerySet[SpokePlacement],
    local_authority_id: int | None = None,
    location_model: str = "",
    status: str = PlacementStatus.CURRENT,
    on: datetime.date | None = None,
) -> QuerySet[SpokePlacement]:
    """Narrow visible placements by LA, location model and whether they have ended."""
    day = on or timezone.localdate()
    if local_authority_id is not None:
        placements = placements.filter(local_authority_id=local_authority_id)
    if location_model:
        placements = placements.filter(location_model=location_model)
    if status == PlacementStatus.CURRENT:
        placements = placements.filter(Q(ends_on__isnull=True) | Q(ends_on__gt=day))
    elif status == PlacementStatus.ENDED:
        placements = placements.filter(ends_on__lte=day)
    return placements.select_related("worker", "hub", "local_authority", "host_agency").order_by(
        "local_authority__name", "starts_on", "pk"
    )


def placement_for_page(*, placements: QuerySet[SpokePlacement]) -> QuerySet[SpokePlacement]:
    return placements.select_related("worker", "hub", "local_authority", "host_agency")


def agreements_filtered(
    *,
    agreements: QuerySet[InformationSharingAgreement],
    status: str = "",
    review_due_only: bool = False,
    on: datetime.date | None = None,
) -> QuerySet[InformationSharingAgreement]:
    """Visible agreements with their LA and parties, each marked by how near its review is."""
    day = on or timezone.localdate()
    agreements = agreements.annotate(review_state=_review_state(day))
    if status:
        agreements = agreements.filter(status=status)
    if review_due_only:
        agreements = agreements.exclude(review_state="")
    return (
        agreements.select_related("local_authority")
        .prefetch_related(Prefetch("parties", queryset=Agency.objects.order_by("name")))
        .order_by("local_authority__name", "title", "pk")
    )


def agreement_for_page(
    *, agreements: QuerySet[InformationSharingAgreement], on: datetime.date | None = None
) -> QuerySet[InformationSharingAgreement]:
    return (
        agreements.annotate(review_state=_review_state(on or timezone.localdate()))
        .select_related("local_authority", "created_by")
        .prefetch_related(Prefetch("parties", queryset=Agency.objects.order_by("name")))
    )


def _review_state(day: datetime.date) -> Case:
    """'overdue', 'due' (within the notice period) or '', for agreements active or in review."""
    in_force = Q(
        status__in=[
            InformationSharingAgreement.Status.ACTIVE,
            InformationSharingAgreement.Status.UNDER_REVIEW,
        ]
    )
    return Case(
        When(in_force & Q(review_due_on__lt=day), then=Value("overdue")),
        When(in_force & Q(review_due_on__lte=day + AGREEMENT_REVIEW_NOTICE), then=Value("due")),
        default=Value(""),
        output_field=CharField(),
    )


def supervision_overview(
    *, hub_ids: HubIds, on: datetime.date | None = None
) -> QuerySet[Membership]:
    """The hubs' spoke workers, each with their last supervision and current location model."""
    day = on or timezone.localdate()
    last_held = (
        SupervisionRecord.objects.filter(
            worker_id=OuterRef("user_id"), hub_id=OuterRef("agency_id"), held_on__lte=day
        )
        .order_by("-held_on")
        .values("held_on")[:1]
    )
    placement = (
        SpokePlacement.objects.active(day)
        .filter(worker_id=OuterRef("user_id"), hub_id=OuterRef("agency_id"))
        .order_by("-starts_on", "-pk")
    )
    return (
        hub_workers(hub_ids=hub_ids, on=day)
        .select_related("user", "agency")
        .annotate(
            last_supervised_on=Subquery(last_held),
            location_model=Subquery(placement.values("location_model")[:1]),
            placement_id=Subquery(placement.values("pk")[:1]),
            placement_local_authority=Subquery(placement.values("local_authority__name")[:1]),
        )
        .annotate(
            supervision_overdue=Case(
                When(
                    Q(last_supervised_on__isnull=True)
                    | Q(last_supervised_on__lt=day - SUPERVISION_GAP),
                    then=Value(True),
                ),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        # Never supervised first, then the longest gap: the workers most at risk of isolation.
        .order_by(F("last_supervised_on").asc(nulls_first=True), "user__full_name", "pk")
    )


def supervision_records_filtered(
    *, records: QuerySet[SupervisionRecord], worker_id: int | None = None
) -> QuerySet[SupervisionRecord]:
    if worker_id is not None:
        records = records.filter(worker_id=worker_id)
    return records.select_related("worker", "supervisor", "hub").order_by("-held_on", "-pk")


# Choices offered on a hub manager's forms: their hubs, and who and what belongs to them.


def spoke_workers_of(*, hub_ids: set[int]) -> QuerySet[User]:
    return User.objects.filter(
        pk__in=hub_workers(hub_ids=hub_ids).values("user_id"), is_active=True
    ).order_by("full_name", "pk")


def local_authorities_covered_by(*, agency_ids: set[int]) -> QuerySet[LocalAuthority]:
    covered = Agency.local_authorities.through.objects.filter(agency_id__in=agency_ids).values(
        "localauthority_id"
    )
    return LocalAuthority.objects.filter(pk__in=covered).order_by("name")


def local_authorities_worked_in(*, hub_ids: set[int]) -> QuerySet[LocalAuthority]:
    """Where hubs work: the local authorities they cover or place a worker in today, by name."""
    covered = Agency.local_authorities.through.objects.filter(agency_id__in=hub_ids).values(
        "localauthority_id"
    )
    placed = SpokePlacement.objects.active().filter(hub_id__in=hub_ids).values("local_authority_id")
    return LocalAuthority.objects.filter(Q(pk__in=covered) | Q(pk__in=placed)).order_by("name")


def agencies_in_areas_of(*, hub_ids: set[int]) -> QuerySet[Agency]:
    """Active agencies that cover any local authority the hubs cover, the hubs included."""
    through = Agency.local_authorities.through.objects
    areas = through.filter(agency_id__in=hub_ids).values("localauthority_id")
    return Agency.objects.filter(
        Q(pk__in=hub_ids)
        | Q(pk__in=through.filter(localauthority_id__in=areas).values("agency_id")),
        is_active=True,
    ).order_by("name")


def supervisors_for(*, hub_ids: set[int], on: datetime.date | None = None) -> QuerySet[User]:
    """The hubs' staff, and the staff of agencies hosting the hubs' current placements."""
    day = on or timezone.localdate()
    hosts = SpokePlacement.objects.active(day).filter(hub_id__in=hub_ids).values("host_agency_id")
    members = Membership.objects.active(day).filter(
        Q(agency_id__in=hub_ids) | Q(agency_id__in=hosts)
    )
    return User.objects.filter(pk__in=members.values("user_id"), is_active=True).order_by(
        "full_name", "pk"
    )


def reminder_settings_of(*, hub_id: int) -> ReminderSettings:
    """The hub's reminder thresholds: its saved row, or the defaults (unsaved) if it has none."""
    return ReminderSettings.objects.select_related("updated_by").filter(
        hub_id=hub_id
    ).first() or ReminderSettings(hub_id=hub_id)


def reminder_settings_for(*, hub_ids: set[int] | None = None) -> dict[int, ReminderSettings]:
    """Each hub's thresholds (the defaults where a hub has none): every hub's when no ids are
    given, for the sweeps. One query for the settings, and one for the hubs if not given."""
    if hub_ids is None:
        hub_ids = set(Agency.objects.hubs().values_list("pk", flat=True))
    saved = {
        row.hub_id: row
        for row in ReminderSettings.objects.filter(hub_id__in=hub_ids).order_by("pk")
    }
    return {hub_id: saved.get(hub_id) or ReminderSettings(hub_id=hub_id) for hub_id in hub_ids}


def hub_managers_by_hub(*, hub_ids: set[int]) -> dict[int, list[User]]:
    """The active managers of each hub today, in one query, for telling them what is due."""
    managers: dict[int, list[User]] = {hub_id: [] for hub_id in hub_ids}
    rows = (
        Membership.objects.active()
        .filter(agency_id__in=hub_ids, role=Role.HUB_MANAGER, user__is_active=True)
        .select_related("user")
        .order_by("agency_id", "user_id")
    )
    for membership in rows:
        if all(user.pk != membership.user_id for user in managers[membership.agency_id]):
            managers[membership.agency_id].append(membership.user)
    return managers


def hubs_by_setting(settings_by_hub: dict[int, ReminderSettings], name: str) -> dict[int, set[int]]:
    """The hubs grouped by their value of one threshold, so a sweep asks once per value."""
    groups: dict[int, set[int]] = {}
    for hub_id, hub_settings in settings_by_hub.items():
        groups.setdefault(getattr(hub_settings, name), set()).add(hub_id)
    return groups
