"""Who may see and do what with a referral: the one place referral access is decided.

- The **referrer** sees their own referrals, drafts included: the young person as they
  described them, the status, the outcome and who was allocated, never the hub's screening
  notes, its duplicate matching or the case. Their agency's **team managers** see the same of
  the agency's submitted referrals.
- The receiving hub's **managers** see everything of the referrals made to the hub and triage
  them; a **spoke worker** sees the referrals allocated to them.
- Everyone else, administrators included, gets a 404.

`visible_referrals` builds the same rules as one queryset; `view_of` says which of the views
above a user has of one referral.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from partners.models import Agency, Role
from partners.policies import managed_hub_ids, practitioner_agencies
from partners.selectors import active_memberships, agency_ids_where
from referrals.models import Referral

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User

    AnyUser = User | AnonymousUser


class View(enum.IntEnum):
    NONE = 0
    REFERRER = 1  # the referral as made, its status and outcome
    WORKER = 2  # the allocated worker: the referral in full, not the hub's triage tools
    HUB = 3  # the receiving hub's managers: everything, and triage


def referring_agencies(user: AnyUser) -> list[Agency]:
    """The agencies on whose behalf the user may refer (statutory and partner agencies)."""
    return practitioner_agencies(user)


def _team_manager_agency_ids(user: AnyUser) -> set[int]:
    return agency_ids_where(user, Role.TEAM_MANAGER)


def visible_referrals(user: AnyUser) -> QuerySet[Referral]:
    """Every referral the user may open, at any view."""
    if not user.is_authenticated or not active_memberships(user):
        return Referral.objects.none()
    submitted = ~Q(status=Referral.Status.DRAFT)
    return Referral.objects.filter(
        Q(referrer_id=user.pk)
        | (submitted & Q(referrer_agency_id__in=_team_manager_agency_ids(user)))
        | (submitted & Q(hub_id__in=managed_hub_ids(user)))
        | Q(allocated_worker_id=user.pk)
    )


def hub_referrals(user: AnyUser) -> QuerySet[Referral]:
    """The triage queue's universe: submitted referrals to the hubs the user manages."""
    return Referral.objects.filter(hub_id__in=managed_hub_ids(user)).exclude(
        status=Referral.Status.DRAFT
    )


def referrals_made(user: AnyUser) -> QuerySet[Referral]:
    """The user's own referrals and, for team managers, their agencies' submitted ones."""
    if not user.is_authenticated or not active_memberships(user):
        return Referral.objects.none()
    return Referral.objects.filter(
        Q(referrer_id=user.pk)
        | (
            ~Q(status=Referral.Status.DRAFT)
            & Q(referrer_agency_id__in=_team_manager_agency_ids(user))
        )
    )


def allocated_referrals(user: AnyUser) -> QuerySet[Referral]:
    if not user.is_authenticated:
        return Referral.objects.none()
    return Referral.objects.filter(allocated_worker_id=user.pk)


def view_of(user: AnyUser, referral: Referral) -> View:
    """The widest view the user has of one referral."""
    if not user.is_authenticated or not active_memberships(user):
        return View.NONE
    if referral.is_draft:
        return View.REFERRER if referral.referrer_id == user.pk else View.NONE
    if referral.hub_id in managed_hub_ids(user):
        return View.HUB
    if referral.allocated_worker_id == user.pk:
        return View.WORKER
    if referral.referrer_id == user.pk or referral.referrer_agency_id in _team_manager_agency_ids(
        user
    ):
        return View.REFERRER
    return View.NONE


# What each view allows.


def may_refer(user: AnyUser) -> bool:
    return bool(referring_agencies(user))


def may_view(user: AnyUser, referral: Referral) -> bool:
    return view_of(user, referral) > View.NONE


def is_referrer(user: AnyUser, referral: Referral) -> bool:
    """The person who made the referral (whatever its status)."""
    return user.is_authenticated and referral.referrer_id == user.pk


def may_act_as_referrer(user: AnyUser, referral: Referral) -> bool:
    """The referrer or their agency's team manager (whatever its status)."""
    return is_referrer(user, referral) or (
        referral.referrer_agency_id in _team_manager_agency_ids(user)
    )


def may_change_draft(user: AnyUser, referral: Referral) -> bool:
    """Drafts are the referrer's own until they submit them."""
    return referral.is_draft and is_referrer(user, referral)


def may_withdraw(user: AnyUser, referral: Referral) -> bool:
    """The referrer, or their team manager, before the hub decides."""
    return referral.status in Referral.WITHDRAWABLE and may_act_as_referrer(user, referral)


def may_triage(user: AnyUser, referral: Referral) -> bool:
    """Screen, match, decide and allocate: the receiving hub's managers."""
    return referral.hub_id is not None and referral.hub_id in managed_hub_ids(user)


def may_see_triage(user: AnyUser, referral: Referral) -> bool:
    """Screening notes and possible matches are the hub's own working."""
    return view_of(user, referral) == View.HUB


def may_see_case_link(user: AnyUser, referral: Referral) -> bool:
    """The hub and the allocated worker follow the referral into its case."""
    return view_of(user, referral) >= View.WORKER
