"""Scheduled reminders about the partnership: agreement reviews and supervision gaps.

Each sweep selects what is due now, whenever it last ran, so a missed run is caught up by the
next; each reminder is issued once per occurrence (notifications.services.reminders_issue_due).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from notifications.services import Due, reminders_issue_due
from partners.models import InformationSharingAgreement, Membership, Role, SupervisionRecord
from partners.selectors import hub_managers_by_hub, hubs_by_setting, reminder_settings_for


def _long(day: datetime.date) -> str:
    return f"{day:%-d %B %Y}"


def _agreement_reviews_due(*, today: datetime.date) -> Iterator[Due]:
    settings_by_hub = reminder_settings_for()
    # The longest notice any hub asks for: each agreement is then checked against its own hubs.
    longest = max(
        (hub.agreement_review_notice_days for hub in settings_by_hub.values()), default=30
    )
    agreements = list(
        InformationSharingAgreement.objects.filter(
            status__in=[
                InformationSharingAgreement.Status.ACTIVE,
                InformationSharingAgreement.Status.UNDER_REVIEW,
            ],
            review_due_on__isnull=False,
            review_due_on__lte=today + datetime.timedelta(days=longest),
        )
        .prefetch_related("parties")
        .order_by("review_due_on", "pk")
    )
    managers = hub_managers_by_hub(hub_ids=set(settings_by_hub))
    for agreement in agreements:
        assert agreement.review_due_on is not None  # filtered above
        hubs = [
            party.pk
            for party in agreement.parties.all()
            if party.pk in settings_by_hub
            and agreement.review_due_on
            <= today
            + datetime.timedelta(days=settings_by_hub[party.pk].agreement_review_notice_days)
        ]
        recipients = {user.pk: user for hub_id in hubs for user in managers.get(hub_id, [])}
        if not hubs:
            continue
        when = "is due on" if agreement.review_due_on >= today else "was due on"
        yield Due(
            object_id=agreement.pk,
            occurrence=agreement.review_due_on,
            recipients=list(recipients.values()),
            message=f"The review of the sharing agreement “{agreement.title}” {when} "
            f"{_long(agreement.review_due_on)}",
            link=agreement.get_absolute_url(),
        )


def partners_remind_agreement_reviews(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Tell the managers of each hub party to an agreement that its review is near or late."""
    today = timezone.localdate(now or timezone.now())
    return {
        "reminders": reminders_issue_due(
            kind=Notification.Kind.AGREEMENT_REVIEW_DUE, due=_agreement_reviews_due(today=today)
        )
    }


def _supervision_gaps(*, today: datetime.date) -> Iterator[Due]:
    settings_by_hub = reminder_settings_for()
    last_held = (
        SupervisionRecord.objects.filter(
            worker_id=OuterRef("user_id"), hub_id=OuterRef("agency_id"), held_on__lte=today
        )
        .order_by("-held_on")
        .values("held_on")[:1]
    )
    overdue = Q(pk__in=[])
    for weeks, hub_ids in hubs_by_setting(settings_by_hub, "supervision_weeks").items():
        since = today - datetime.timedelta(weeks=weeks)
        # Never supervised counts from when they joined the hub.
        overdue |= Q(agency_id__in=hub_ids) & (
            Q(last_held_on__lt=since) | Q(last_held_on__isnull=True, starts_on__lt=since)
        )
    rows = list(
        Membership.objects.active(today)
        .filter(agency_id__in=set(settings_by_hub), role=Role.SPOKE_WORKER, user__is_active=True)
        .annotate(last_held_on=Subquery(last_held))
        .filter(overdue)
        .select_related("user")
        .order_by("agency_id", "user_id", "pk")
    )
    managers = hub_managers_by_hub(hub_ids=set(settings_by_hub))
    for membership in rows:
        last: datetime.date | None = membership.last_held_on  # type: ignore[attr-defined]
        weeks = settings_by_hub[membership.agency_id].supervision_weeks
        gap = f"since {_long(last)}" if last else "since they joined the hub"
        occurrence: datetime.date | str = last or f"joined:{membership.starts_on.isoformat()}"
        yield Due(
            object_id=membership.pk,
            occurrence=occurrence,
            recipients=managers.get(membership.agency_id, []),
            message=f"{membership.user} has had no supervision recorded {gap}: more than "
            f"{weeks} week{'s' if weeks != 1 else ''}",
            link=reverse("partners:supervision_list") + f"?worker={membership.user_id}",
        )


def partners_remind_supervision(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Tell a hub's managers of each spoke worker whose supervision is overdue."""
    today = timezone.localdate(now or timezone.now())
    return {
        "reminders": reminders_issue_due(
            kind=Notification.Kind.SUPERVISION_OVERDUE, due=_supervision_gaps(today=today)
        )
    }
