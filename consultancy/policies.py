"""Who may see and do what with consultancy, training, awareness and group work, resources,
practice challenges and a worker's balance: the one place this app's access is decided.

**Consultancy requests.** The requester and their agency's team managers see what was asked
and the advice; the responding worker answers; the hub's managers see all of their hub's
requests and assign them. A request nobody has taken yet is also open to the hub's workers placed
in its local authority, so one of them can take it. Everyone else gets a 404.

**Training, awareness sessions and group work** belong to the hub: its managers and spoke
workers see them, its managers and the session's own trainers or facilitators (and whoever
recorded it) change them. A practitioner sees the training sessions they attended. Group-work
participants are young people: their names show to the programme's facilitators and the hub's
managers, and to anyone else only where the case policy lets them see that case.

**Resources** are the hub's to upload and manage; partners see the current version of the live
ones shared with their agency, or with every partner in a local authority their agency covers.

**Practice challenges** are seen by the worker who raised them, the hub's managers and the
challenged agency's team managers; the raiser and the hub's managers change them.

**A worker's balance** is seen by the worker and their hub's managers; managers set the target.

Each `visible_*` function builds the rule as one queryset of subqueries; each `may_*` function
answers it for one object, from the same facts.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from cases import policies as case_policies
from consultancy.models import (
    AwarenessSession,
    ConsultancyRequest,
    GroupWorkProgramme,
    PracticeChallenge,
    Resource,
    TrainingAttendance,
    TrainingSession,
)
from partners.models import Agency, LocalAuthority, Role, SpokePlacement
from partners.policies import managed_hub_ids, practitioner_agencies
from partners.selectors import active_memberships, agency_ids_where

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User
    from cases.models import Case
    from referrals.models import Referral

    AnyUser = User | AnonymousUser

_PLACEMENTS_ATTR = "_cse_hub_placement_pairs"


def _nothing(user: AnyUser) -> bool:
    return not user.is_authenticated or not active_memberships(user)


def worker_hub_ids(user: AnyUser) -> set[int]:
    """Hubs in which the user is a spoke worker today."""
    return case_policies.worker_hub_ids(user)


def staff_hub_ids(user: AnyUser) -> set[int]:
    """Hubs in which the user works today, as a spoke worker or a manager."""
    return worker_hub_ids(user) | managed_hub_ids(user)


def placement_pairs(user: AnyUser) -> set[tuple[int, int]]:
    """(hub, local authority) of the worker's placements in force today; cached on the user."""
    if not user.is_authenticated:
        return set()
    cached: set[tuple[int, int]] | None = getattr(user, _PLACEMENTS_ATTR, None)
    if cached is None:
        hubs = worker_hub_ids(user)
        cached = (
            set(
                SpokePlacement.objects.active()
                .filter(worker_id=user.pk, hub_id__in=hubs)
                .values_list("hub_id", "local_authority_id")
            )
            if hubs
            else set()
        )
        setattr(user, _PLACEMENTS_ATTR, cached)
    return cached


def _placed_q(user: AnyUser) -> Q:
    """Rows with `hub` and `local_authority` where the worker is placed by that hub today."""
    q = Q(pk__in=[])
    for hub_id, la_id in sorted(placement_pairs(user)):
        q |= Q(hub_id=hub_id, local_authority_id=la_id)
    return q


# Consultancy requests.


class View(enum.IntEnum):
    NONE = 0
    REQUESTER = 1  # the requester and their team managers: the question, the advice, the status
    WORKER = 2  # the responding worker, or a placed worker who may take an unassigned request
    HUB = 3  # the hub's managers: everything, and assigning


def requesting_agencies(user: AnyUser) -> list[Agency]:
    """The agencies on whose behalf the user may ask for consultancy."""
    return practitioner_agencies(user)


def _team_manager_agency_ids(user: AnyUser) -> set[int]:
    return {
        m.agency_id
        for m in active_memberships(user)
        if m.role == Role.TEAM_MANAGER and not m.agency.is_hub
    }


def visible_consultancy(user: AnyUser) -> QuerySet[ConsultancyRequest]:
    """Every consultancy request the user may open, at any view."""
    if _nothing(user):
        return ConsultancyRequest.objects.none()
    return ConsultancyRequest.objects.filter(
        Q(requester_id=user.pk)
        | Q(requester_agency_id__in=_team_manager_agency_ids(user))
        | Q(hub_id__in=managed_hub_ids(user))
        | Q(responding_worker_id=user.pk)
        | (Q(status=ConsultancyRequest.Status.REQUESTED) & _placed_q(user))
    )


def consultancy_requested(user: AnyUser) -> QuerySet[ConsultancyRequest]:
    """The user's own requests and, for team managers, their agencies' requests."""
    if _nothing(user):
        return ConsultancyRequest.objects.none()
    return ConsultancyRequest.objects.filter(
        Q(requester_id=user.pk) | Q(requester_agency_id__in=_team_manager_agency_ids(user))
    )


def consultancy_for_hub(user: AnyUser) -> QuerySet[ConsultancyRequest]:
    """What the hub side answers: the manager's hub's requests, the worker's own and the
    unassigned ones in their placements."""
    if _nothing(user):
        return ConsultancyRequest.objects.none()
    return ConsultancyRequest.objects.filter(
        Q(hub_id__in=managed_hub_ids(user))
        | Q(responding_worker_id=user.pk)
        | (Q(status=ConsultancyRequest.Status.REQUESTED) & _placed_q(user))
    )


def consultancy_view_of(user: AnyUser, request: ConsultancyRequest) -> View:
    """The widest view the user has of one request."""
    if _nothing(user):
        return View.NONE
    if request.hub_id in managed_hub_ids(user):
        return View.HUB
    if request.responding_worker_id == user.pk:
        return View.WORKER
    if request.status == ConsultancyRequest.Status.REQUESTED and (
        request.hub_id,
        request.local_authority_id,
    ) in placement_pairs(user):
        return View.WORKER
    if request.requester_id == user.pk or request.requester_agency_id in _team_manager_agency_ids(
        user
    ):
        return View.REQUESTER
    return View.NONE


# Who the user is to one request, whatever its status: a step the user may never take is 403;
# one only the status stands in the way of is refused by the service with its reason.


def is_placed_for(user: AnyUser, request: ConsultancyRequest) -> bool:
    """A spoke worker the hub has placed in the request's local authority today."""
    return (request.hub_id, request.local_authority_id) in placement_pairs(user)


def manages_request(user: AnyUser, request: ConsultancyRequest) -> bool:
    return request.hub_id in managed_hub_ids(user)


def responds_to(user: AnyUser, request: ConsultancyRequest) -> bool:
    return user.is_authenticated and request.responding_worker_id == user.pk


def answers(user: AnyUser, request: ConsultancyRequest) -> bool:
    """The hub's managers and the responding worker: they record topics and close it."""
    return manages_request(user, request) or responds_to(user, request)


def may_ever_link_referral(user: AnyUser, request: ConsultancyRequest) -> bool:
    """The requester's side, and the hub side from the responding worker up."""
    return may_act_as_requester(user, request) or consultancy_view_of(user, request) >= View.WORKER


def may_request_consultancy(user: AnyUser) -> bool:
    return bool(requesting_agencies(user))


def may_view_consultancy(user: AnyUser, request: ConsultancyRequest) -> bool:
    return consultancy_view_of(user, request) > View.NONE


def is_requester(user: AnyUser, request: ConsultancyRequest) -> bool:
    return user.is_authenticated and request.requester_id == user.pk


def may_act_as_requester(user: AnyUser, request: ConsultancyRequest) -> bool:
    """The requester or their agency's team manager."""
    return is_requester(user, request) or (
        request.requester_agency_id in _team_manager_agency_ids(user)
    )


def may_withdraw_consultancy(user: AnyUser, request: ConsultancyRequest) -> bool:
    """Before any advice, the requester or their team manager may withdraw it."""
    return request.status in (
        ConsultancyRequest.Status.REQUESTED,
        ConsultancyRequest.Status.ASSIGNED,
    ) and may_act_as_requester(user, request)


def may_take_consultancy(user: AnyUser, request: ConsultancyRequest) -> bool:
    """A worker placed in the request's local authority takes a request nobody has yet."""
    return request.status == ConsultancyRequest.Status.REQUESTED and is_placed_for(user, request)


def may_assign_consultancy(user: AnyUser, request: ConsultancyRequest) -> bool:
    """The hub's managers assign, or reassign, a request still waiting on the hub."""
    return request.status in ConsultancyRequest.AWAITING_HUB and manages_request(user, request)


def may_advise(user: AnyUser, request: ConsultancyRequest) -> bool:
    """The responding worker records advice on a request they hold."""
    return (
        request.responding_worker_id == user.pk
        and user.is_authenticated
        and request.status
        in (
            ConsultancyRequest.Status.ASSIGNED,
            ConsultancyRequest.Status.ADVISED,
            ConsultancyRequest.Status.FOLLOW_UP,
        )
        and request.hub_id in staff_hub_ids(user)
    )


def may_record_topics(user: AnyUser, request: ConsultancyRequest) -> bool:
    """The responding worker and the hub's managers say what it was about, at any status."""
    if request.hub_id in managed_hub_ids(user):
        return True
    return (
        user.is_authenticated
        and request.responding_worker_id == user.pk
        and request.hub_id in staff_hub_ids(user)
    )


def may_ask_follow_up(user: AnyUser, request: ConsultancyRequest) -> bool:
    """The requester asks a follow-up question once advice has been given."""
    return is_requester(user, request) and request.status == ConsultancyRequest.Status.ADVISED


def may_give_feedback(user: AnyUser, request: ConsultancyRequest) -> bool:
    """The requester says whether the advice helped, which closes the request."""
    return (
        is_requester(user, request)
        and request.status == ConsultancyRequest.Status.ADVISED
        and request.helpful is None
    )


def may_close_consultancy(user: AnyUser, request: ConsultancyRequest) -> bool:
    """The responding worker or the hub's managers close an open request with a note."""
    return request.is_open and answers(user, request)


def may_link_referral(user: AnyUser, request: ConsultancyRequest) -> bool:
    """A request about a young person who was not named may be linked to the referral that
    followed, by the requester's side or the hub's."""
    return (
        request.about == ConsultancyRequest.About.UNNAMED
        and request.referral_id is None
        and may_ever_link_referral(user, request)
    )


def referral_linkable(user: AnyUser, request: ConsultancyRequest, referral: Referral) -> bool:
    """The referral went to the same hub and the user may see it."""
    from referrals.policies import may_view

    return referral.hub_id == request.hub_id and not referral.is_draft and may_view(user, referral)


def may_see_case_link(user: AnyUser, request: ConsultancyRequest) -> bool:
    """The case a request is about links through only for those who may see the case."""
    return request.case is not None and case_policies.may_view_summary(user, request.case)


# Training sessions.


def hub_training(user: AnyUser) -> QuerySet[TrainingSession]:
    if _nothing(user):
        return TrainingSession.objects.none()
    return TrainingSession.objects.filter(hub_id__in=staff_hub_ids(user))


def training_attended(user: AnyUser) -> QuerySet[TrainingSession]:
    """Sessions the user is recorded as having attended by name."""
    if _nothing(user):
        return TrainingSession.objects.none()
    return TrainingSession.objects.filter(
        pk__in=TrainingAttendance.objects.filter(attendee_id=user.pk).values("session_id")
    )


def visible_training(user: AnyUser) -> QuerySet[TrainingSession]:
    if _nothing(user):
        return TrainingSession.objects.none()
    return TrainingSession.objects.filter(
        Q(hub_id__in=staff_hub_ids(user))
        | Q(pk__in=TrainingAttendance.objects.filter(attendee_id=user.pk).values("session_id"))
    )


def may_see_training_in_full(user: AnyUser, session: TrainingSession) -> bool:
    """The hub sees attendance and scores; an attendee sees the session and their own row."""
    return session.hub_id in staff_hub_ids(user)


def may_record_training(user: AnyUser, *, hub: Agency) -> bool:
    return hub.pk in staff_hub_ids(user)


def _hub_or_own(user: AnyUser, *, hub_id: int, people_ids: set[int], created_by_id: int) -> bool:
    if not user.is_authenticated:
        return False
    if hub_id in managed_hub_ids(user):
        return True
    return hub_id in worker_hub_ids(user) and (user.pk in people_ids or user.pk == created_by_id)


def may_change_training(user: AnyUser, session: TrainingSession) -> bool:
    """The hub's managers, the session's trainers and whoever recorded it."""
    trainers = {t.pk for t in session.trainers.all()}
    return _hub_or_own(
        user, hub_id=session.hub_id, people_ids=trainers, created_by_id=session.created_by_id
    )


# Awareness sessions.


def visible_awareness(user: AnyUser) -> QuerySet[AwarenessSession]:
    if _nothing(user):
        return AwarenessSession.objects.none()
    return AwarenessSession.objects.filter(hub_id__in=staff_hub_ids(user))


def may_record_awareness(user: AnyUser, *, hub: Agency) -> bool:
    return hub.pk in staff_hub_ids(user)


def may_change_awareness(user: AnyUser, session: AwarenessSession) -> bool:
    deliverers = {u.pk for u in session.delivered_by.all()}
    return _hub_or_own(
        user, hub_id=session.hub_id, people_ids=deliverers, created_by_id=session.created_by_id
    )


# Group work.


def visible_programmes(user: AnyUser) -> QuerySet[GroupWorkProgramme]:
    if _nothing(user):
        return GroupWorkProgramme.objects.none()
    return GroupWorkProgramme.objects.filter(hub_id__in=staff_hub_ids(user))


def may_record_programme(user: AnyUser, *, hub: Agency) -> bool:
    return hub.pk in staff_hub_ids(user)


def may_change_programme(user: AnyUser, programme: GroupWorkProgramme) -> bool:
    """The hub's managers, the programme's facilitators and whoever set it up: they add young
    people, record sessions and write each attending young person's casework entry."""
    facilitators = {u.pk for u in programme.facilitators.all()}
    return _hub_or_own(
        user,
        hub_id=programme.hub_id,
        people_ids=facilitators,
        created_by_id=programme.created_by_id,
    )


def may_add_participant(user: AnyUser, programme: GroupWorkProgramme, case: Case) -> bool:
    """An open case of the programme's hub, which the user may add casework to."""
    return (
        may_change_programme(user, programme)
        and case.is_open
        and case.owning_agency_id == programme.hub_id
        and case_policies.may_add_casework(user, case)
    )


def participant_cases(user: AnyUser, programme: GroupWorkProgramme) -> QuerySet[Case]:
    """The programme's young people whose names the user may see."""
    from cases.models import Case

    in_programme = Case.objects.filter(
        pk__in=programme.participants.values("case_id")  # type: ignore[attr-defined]
    )
    if may_change_programme(user, programme):
        return in_programme
    return in_programme.filter(pk__in=case_policies.visible_cases(user).values("pk"))


def addable_cases(user: AnyUser, programme: GroupWorkProgramme) -> QuerySet[Case]:
    """Open cases of the programme's hub in its local authority that the user may write to."""
    from cases.models import Case

    if not may_change_programme(user, programme):
        return Case.objects.none()
    owned = programme.hub_id in managed_hub_ids(user)
    candidates = case_policies.visible_cases(user) if owned else case_policies.allocated_cases(user)
    return candidates.filter(
        status=Case.Status.OPEN,
        owning_agency_id=programme.hub_id,
        local_authority_id=programme.local_authority_id,
    ).exclude(pk__in=programme.participants.values("case_id"))  # type: ignore[attr-defined]


# Resources.


def hub_resources(user: AnyUser) -> QuerySet[Resource]:
    """Every resource of the user's hubs, withdrawn ones included."""
    if _nothing(user):
        return Resource.objects.none()
    return Resource.objects.filter(hub_id__in=staff_hub_ids(user))


def shared_resources(user: AnyUser) -> QuerySet[Resource]:
    """Live resources shared with one of the user's agencies, directly or through its area."""
    if _nothing(user):
        return Resource.objects.none()
    agency_ids = agency_ids_where(user)
    named = Resource.agencies.through.objects.filter(agency_id__in=agency_ids).values("resource_id")
    areas = LocalAuthority.agencies.through.objects.filter(agency_id__in=agency_ids).values(
        "localauthority_id"
    )
    by_area = Resource.local_authorities.through.objects.filter(localauthority_id__in=areas).values(
        "resource_id"
    )
    return Resource.objects.filter(
        Q(audience=Resource.Audience.AGENCIES, pk__in=named)
        | Q(audience=Resource.Audience.LOCAL_AUTHORITIES, pk__in=by_area),
        withdrawn_at__isnull=True,
        current_version__isnull=False,
    )


def visible_resources(user: AnyUser) -> QuerySet[Resource]:
    if _nothing(user):
        return Resource.objects.none()
    return Resource.objects.filter(
        Q(hub_id__in=staff_hub_ids(user)) | Q(pk__in=shared_resources(user).values("pk"))
    )


def may_manage_resources_of(user: AnyUser) -> bool:
    """Hub staff share resources; everyone else only reads what is shared with them."""
    return bool(staff_hub_ids(user))


def may_see_resource_history(user: AnyUser, resource: Resource) -> bool:
    """Older versions, who uploaded them and where it is shared are the hub's own record."""
    return resource.hub_id in staff_hub_ids(user)


def may_create_resource(user: AnyUser, *, hub: Agency) -> bool:
    return hub.pk in staff_hub_ids(user)


def may_change_resource(user: AnyUser, resource: Resource) -> bool:
    """The hub's managers and whoever shared it change, version and withdraw it."""
    return not resource.is_withdrawn and _hub_or_own(
        user, hub_id=resource.hub_id, people_ids=set(), created_by_id=resource.created_by_id
    )


# Practice challenges.


def visible_challenges(user: AnyUser) -> QuerySet[PracticeChallenge]:
    if _nothing(user):
        return PracticeChallenge.objects.none()
    return PracticeChallenge.objects.filter(
        Q(raised_by_id=user.pk)
        | Q(hub_id__in=managed_hub_ids(user))
        | Q(challenged_agency_id__in=_team_manager_agency_ids(user))
    )


def may_view_challenge(user: AnyUser, challenge: PracticeChallenge) -> bool:
    if _nothing(user):
        return False
    return (
        challenge.raised_by_id == user.pk
        or challenge.hub_id in managed_hub_ids(user)
        or challenge.challenged_agency_id in _team_manager_agency_ids(user)
    )


def may_raise_challenge(user: AnyUser, *, hub: Agency) -> bool:
    return hub.pk in staff_hub_ids(user)


def is_challenge_changer(user: AnyUser, challenge: PracticeChallenge) -> bool:
    """The worker who raised it and the hub's managers, whatever its status now (so a step on
    a resolved challenge is refused as a bad state, not as forbidden)."""
    if not user.is_authenticated:
        return False
    return challenge.hub_id in managed_hub_ids(user) or (
        challenge.raised_by_id == user.pk and challenge.hub_id in worker_hub_ids(user)
    )


def may_change_challenge(user: AnyUser, challenge: PracticeChallenge) -> bool:
    """The worker who raised it and the hub's managers escalate and resolve an open challenge."""
    return challenge.is_open and is_challenge_changer(user, challenge)


def may_see_challenge_case(user: AnyUser, challenge: PracticeChallenge) -> bool:
    """The case links through only for those the case policy lets see it."""
    return challenge.case is not None and case_policies.may_view_summary(user, challenge.case)


# A worker's balance.


def may_view_balance(user: AnyUser, *, worker: User, hub: Agency) -> bool:
    """The worker themselves, and their hub's managers."""
    if not user.is_authenticated:
        return False
    if hub.pk in managed_hub_ids(user):
        return True
    return worker.pk == user.pk and hub.pk in worker_hub_ids(user)


def may_set_balance_target(user: AnyUser, *, hub: Agency) -> bool:
    return hub.pk in managed_hub_ids(user)
