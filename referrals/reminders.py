"""Scheduled reminders about referrals: one waiting too long to be screened.

A sweep selects what is due now, whenever it last ran, so a missed run is caught up by the
next; each reminder is issued once (notifications.services.reminders_issue_due).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from cse_hub.working_days import day_start, latest_start_due_by
from notifications.models import Notification
from notifications.services import Due, reminders_issue_due
from partners.selectors import hub_managers_by_hub, hubs_by_setting, reminder_settings_for
from referrals.models import Referral

ONE_DAY = datetime.timedelta(days=1)


def _unscreened_due(*, today: datetime.date) -> Iterator[Due]:
    settings_by_hub = reminder_settings_for()
    submitted_by = Q(pk__in=[])
    for days, hub_ids in hubs_by_setting(
        settings_by_hub, "referral_screening_working_days"
    ).items():
        latest = latest_start_due_by(today, days)
        submitted_by |= Q(hub_id__in=hub_ids, submitted_at__lt=day_start(latest + ONE_DAY))
    waiting = (
        Referral.objects.filter(submitted_by, status=Referral.Status.SUBMITTED)
        .order_by("submitted_at", "pk")
        .values_list("pk", "hub_id", "submitted_at", "urgency")
    )
    managers = hub_managers_by_hub(hub_ids=set(settings_by_hub))
    for pk, hub_id, submitted_at, urgency in list(waiting):
        assert submitted_at is not None  # submitted referrals always have the time
        days = settings_by_hub[hub_id].referral_screening_working_days
        urgent = "urgent " if urgency == Referral.Urgency.URGENT else ""
        yield Due(
            object_id=pk,
            occurrence=submitted_at,
            recipients=managers.get(hub_id, []),
            message=f"The {urgent}referral R{pk:06d} has waited {days} working "
            f"day{'s' if days != 1 else ''} or more to be screened",
            link=reverse("referrals:triage", kwargs={"pk": pk}),
        )


def referrals_remind_unscreened(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Tell a hub's managers of each referral not yet screened after the hub's working days."""
    today = timezone.localdate(now or timezone.now())
    issued = reminders_issue_due(
        kind=Notification.Kind.REFERRAL_UNSCREENED, due=_unscreened_due(today=today)
    )
    return {"reminders": issued}
