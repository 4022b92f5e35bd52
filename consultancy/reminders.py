"""Scheduled reminders about consultancy: a request, or a follow-up question, unanswered.

The sweep selects what is due now, whenever it last ran, so a missed run is caught up by the
next; each reminder is issued once per occurrence (notifications.services.reminders_issue_due).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from consultancy.models import ConsultancyRequest
from cse_hub.working_days import day_start, latest_start_due_by
from notifications.models import Notification
from notifications.services import Due, reminders_issue_due
from partners.selectors import hub_managers_by_hub, hubs_by_setting, reminder_settings_for

ONE_DAY = datetime.timedelta(days=1)
Status = ConsultancyRequest.Status


def _unanswered_due(*, today: datetime.date) -> Iterator[Due]:
    settings_by_hub = reminder_settings_for()
    waiting = Q(pk__in=[])
    for days, hub_ids in hubs_by_setting(settings_by_hub, "consultancy_working_days").items():
        before = day_start(latest_start_due_by(today, days) + ONE_DAY)
        waiting |= Q(hub_id__in=hub_ids) & (
            Q(status__in=[Status.REQUESTED, Status.ASSIGNED], requested_at__lt=before)
            | Q(status=Status.FOLLOW_UP, follow_up_at__lt=before)
        )
    rows = list(
        ConsultancyRequest.objects.filter(waiting)
        .order_by("requested_at", "pk")
        .values_list(
            "pk", "hub_id", "status", "responding_worker_id", "requested_at", "follow_up_at"
        )
    )
    managers = hub_managers_by_hub(hub_ids=set(settings_by_hub))
    workers = {
        user.pk: user
        for user in User.objects.filter(pk__in={row[3] for row in rows if row[3]}, is_active=True)
    }
    for pk, hub_id, status, worker_id, requested_at, follow_up_at in rows:
        days = settings_by_hub[hub_id].consultancy_working_days
        worker = workers.get(worker_id) if worker_id else None
        follow_up = status == Status.FOLLOW_UP
        what = "A follow-up question on consultancy request" if follow_up else "Consultancy request"
        yield Due(
            object_id=pk,
            # A new follow-up question is a new occurrence, reminded about in its turn.
            occurrence=follow_up_at if follow_up and follow_up_at else requested_at,
            # With a worker: theirs to answer. Waiting for one: the managers assign it.
            recipients=[worker] if worker else managers.get(hub_id, []),
            message=f"{what} C{pk:06d} has had no answer for {days} working "
            f"day{'s' if days != 1 else ''} or more",
            link=reverse("consultancy:request_detail", kwargs={"pk": pk}),
        )


def consultancy_remind_unanswered(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Tell the responding worker (or, if none, the hub's managers) of requests unanswered."""
    today = timezone.localdate(now or timezone.now())
    return {
        "reminders": reminders_issue_due(
            kind=Notification.Kind.CONSULTANCY_UNANSWERED, due=_unanswered_due(today=today)
        )
    }
