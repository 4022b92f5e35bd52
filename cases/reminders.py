"""Scheduled reminders about cases: first contact, contact gone quiet, reviews, shares ending.

Each sweep selects what is due now, whenever it last ran, so a run missed while the broker or
a worker was down is caught up by the next; each reminder is issued once per occurrence
(notifications.services.reminders_issue_due). Thresholds are each hub's own
(partners.models.ReminderSettings). Messages name the case by number, never the young person.
Nothing here contacts a young person: reminders go to professionals only, and tell them to
check the case's safe-contact rules before getting in touch.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from audit.models import AuditEvent
from audit.services import audit_record
from cases.models import Case, CaseReview, CaseShare, RiskLevel
from cse_hub.working_days import day_start, latest_start_due_by
from notifications.models import Notification
from notifications.services import Due, reminders_issue_due
from partners.models import ReminderSettings
from partners.selectors import hub_managers_by_hub, hubs_by_setting, reminder_settings_for

ONE_DAY = datetime.timedelta(days=1)
SAFE_CONTACT = "Check the case's safe-contact rules before getting in touch."


def _long(day: datetime.date) -> str:
    return f"{day:%-d %B %Y}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _case_link(case_id: int) -> str:
    return reverse("cases:case_detail", kwargs={"pk": case_id})


def _users(ids: set[int]) -> dict[int, User]:
    return {user.pk: user for user in User.objects.filter(pk__in=ids, is_active=True)}


def _allocated_by(
    settings_by_hub: dict[int, ReminderSettings], name: str, today: datetime.date
) -> Q:
    """Cases allocated early enough, at each hub's number of working days, to be due today."""
    allocated = Q(pk__in=[])
    for days, hub_ids in hubs_by_setting(settings_by_hub, name).items():
        latest = latest_start_due_by(today, days)
        allocated |= Q(owning_agency_id__in=hub_ids, allocated_at__lt=day_start(latest + ONE_DAY))
    return allocated


def _awaiting_first_contact(
    settings_by_hub: dict[int, ReminderSettings], name: str, today: datetime.date
) -> list[tuple[int, int, int, datetime.datetime | None]]:
    return list(
        Case.objects.filter(
            _allocated_by(settings_by_hub, name, today),
            status=Case.Status.OPEN,
            first_contact_at__isnull=True,
            lead_worker__isnull=False,
        )
        .order_by("allocated_at", "pk")
        .values_list("pk", "owning_agency_id", "lead_worker_id", "allocated_at")
    )


def _first_contact_due(*, today: datetime.date) -> Iterator[Due]:
    settings_by_hub = reminder_settings_for()
    rows = _awaiting_first_contact(settings_by_hub, "first_contact_working_days", today)
    workers = _users({worker_id for _, _, worker_id, _ in rows})
    for pk, hub_id, worker_id, allocated_at in rows:
        assert allocated_at is not None  # selected on it
        days = settings_by_hub[hub_id].first_contact_working_days
        worker = workers.get(worker_id)
        yield Due(
            object_id=pk,
            occurrence=allocated_at,
            recipients=[worker] if worker else [],
            message=f"Case {pk} was allocated to you {_plural(days, 'working day')} ago or more "
            f"and has no successful contact yet. {SAFE_CONTACT}",
            link=_case_link(pk),
        )


def _first_contact_overdue(*, today: datetime.date) -> Iterator[Due]:
    settings_by_hub = reminder_settings_for()
    rows = _awaiting_first_contact(settings_by_hub, "first_contact_escalation_working_days", today)
    managers = hub_managers_by_hub(hub_ids=set(settings_by_hub))
    workers = _users({worker_id for _, _, worker_id, _ in rows})
    for pk, hub_id, worker_id, allocated_at in rows:
        assert allocated_at is not None  # selected on it
        days = settings_by_hub[hub_id].first_contact_escalation_working_days
        worker = workers.get(worker_id)
        yield Due(
            object_id=pk,
            occurrence=allocated_at,
            recipients=managers.get(hub_id, []),
            message=f"Case {pk} has had no successful contact {_plural(days, 'working day')} "
            f"after it was allocated to {worker or 'its lead worker'}",
            link=_case_link(pk),
        )


def cases_remind_first_contact(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Tell the lead worker of an allocated case with no first contact, then the managers."""
    today = timezone.localdate(now or timezone.now())
    return {
        "worker_reminders": reminders_issue_due(
            kind=Notification.Kind.FIRST_CONTACT_DUE, due=_first_contact_due(today=today)
        ),
        "manager_reminders": reminders_issue_due(
            kind=Notification.Kind.FIRST_CONTACT_OVERDUE, due=_first_contact_overdue(today=today)
        ),
    }


def _no_contact_due(*, now: datetime.datetime) -> Iterator[Due]:
    settings_by_hub = reminder_settings_for()
    quiet = Q(pk__in=[])
    for days, hub_ids in hubs_by_setting(settings_by_hub, "no_contact_days").items():
        quiet |= Q(
            owning_agency_id__in=hub_ids, last_contact_at__lte=now - datetime.timedelta(days=days)
        )
    rows = list(
        Case.objects.filter(quiet, status=Case.Status.OPEN)
        .order_by("last_contact_at", "pk")
        .values_list("pk", "owning_agency_id", "lead_worker_id", "last_contact_at")
    )
    managers = hub_managers_by_hub(hub_ids=set(settings_by_hub))
    workers = _users({worker_id for _, _, worker_id, _ in rows if worker_id})
    for pk, hub_id, worker_id, last_contact_at in rows:
        assert last_contact_at is not None  # selected on it
        days = settings_by_hub[hub_id].no_contact_days
        worker = workers.get(worker_id) if worker_id else None
        yield Due(
            object_id=pk,
            occurrence=last_contact_at,
            # A case with no lead worker goes to the managers, who allocate it.
            recipients=[worker] if worker else managers.get(hub_id, []),
            message=f"Case {pk} has had no successful contact for {_plural(days, 'day')} or "
            f"more (the last was on {_long(timezone.localdate(last_contact_at))}). {SAFE_CONTACT}",
            link=_case_link(pk),
        )


def cases_remind_no_contact(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Tell the lead worker of an open case whose last successful contact is too long ago."""
    return {
        "reminders": reminders_issue_due(
            kind=Notification.Kind.NO_RECENT_CONTACT, due=_no_contact_due(now=now or timezone.now())
        )
    }


# Reviews: every open case has its next review scheduled; the worker is told as it nears, the
# managers when it is overdue.


def _case_review_schedule(*, case_id: int, settings_by_hub: dict[int, ReminderSettings]) -> bool:
    """Schedule the next review of an open case that has none; False if it needs none now."""
    with transaction.atomic():
        case = Case.objects.select_for_update().filter(pk=case_id, status=Case.Status.OPEN).first()
        if (
            case is None
            or CaseReview.objects.filter(case_id=case.pk, held_on__isnull=True).exists()
        ):
            return False
        last_held = CaseReview.objects.filter(case_id=case.pk, held_on__isnull=False).aggregate(
            last=Max("held_on")
        )["last"]
        interval = settings_by_hub[case.owning_agency_id].review_interval(
            RiskLevel(case.risk_level)
        )
        due_on = case.next_review_due or (last_held or case.opened_on) + interval
        review = CaseReview.objects.create(case=case, due_on=due_on)
        # The denormalised date is not an edit: the version stays, so no one's change goes stale.
        Case.objects.filter(pk=case.pk).update(next_review_due=due_on)
        audit_record(
            actor=None,
            action=AuditEvent.Action.REVIEW_SCHEDULED,
            obj=review,
            case_id=case.pk,
            reason="Scheduled automatically: the case had no review to come.",
            metadata={"due_on": due_on.isoformat(), "risk_level": case.risk_level},
        )
    return True


def _reviews_by(
    settings_by_hub: dict[int, ReminderSettings], today: datetime.date, *, notice: bool
) -> list[tuple[int, int, int, int | None, datetime.date]]:
    if notice:
        window = Q(pk__in=[])
        for days, hub_ids in hubs_by_setting(settings_by_hub, "review_notice_days").items():
            window |= Q(
                case__owning_agency_id__in=hub_ids,
                due_on__lte=today + datetime.timedelta(days=days),
            )
    else:
        window = Q(due_on__lt=today)
    return list(
        CaseReview.objects.filter(window, held_on__isnull=True, case__status=Case.Status.OPEN)
        .order_by("due_on", "pk")
        .values_list("pk", "case_id", "case__owning_agency_id", "case__lead_worker_id", "due_on")
    )


def _reviews_due(*, today: datetime.date) -> Iterator[Due]:
    settings_by_hub = reminder_settings_for()
    rows = _reviews_by(settings_by_hub, today, notice=True)
    managers = hub_managers_by_hub(hub_ids=set(settings_by_hub))
    workers = _users({worker_id for *_, worker_id, _ in rows if worker_id})
    for pk, case_id, hub_id, worker_id, due_on in rows:
        worker = workers.get(worker_id) if worker_id else None
        when = "is due on" if due_on >= today else "was due on"
        yield Due(
            object_id=pk,
            occurrence=due_on,
            recipients=[worker] if worker else managers.get(hub_id, []),
            message=f"The review of case {case_id} {when} {_long(due_on)}",
            link=_case_link(case_id),
        )


def _reviews_overdue(*, today: datetime.date) -> Iterator[Due]:
    settings_by_hub = reminder_settings_for()
    rows = _reviews_by(settings_by_hub, today, notice=False)
    managers = hub_managers_by_hub(hub_ids=set(settings_by_hub))
    for pk, case_id, hub_id, _worker_id, due_on in rows:
        yield Due(
            object_id=pk,
            occurrence=due_on,
            recipients=managers.get(hub_id, []),
            message=f"The review of case {case_id} was due on {_long(due_on)} and has not been "
            "recorded",
            link=_case_link(case_id),
        )


def cases_remind_reviews(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Schedule a review for each open case without one, and remind about those due and late."""
    today = timezone.localdate(now or timezone.now())
    settings_by_hub = reminder_settings_for()
    unscheduled = (
        Case.objects.filter(status=Case.Status.OPEN)
        .exclude(Exists(CaseReview.objects.filter(case_id=OuterRef("pk"), held_on__isnull=True)))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    scheduled = sum(
        _case_review_schedule(case_id=pk, settings_by_hub=settings_by_hub)
        for pk in list(unscheduled)
    )
    return {
        "reviews_scheduled": scheduled,
        "worker_reminders": reminders_issue_due(
            kind=Notification.Kind.REVIEW_DUE, due=_reviews_due(today=today)
        ),
        "manager_reminders": reminders_issue_due(
            kind=Notification.Kind.REVIEW_OVERDUE, due=_reviews_overdue(today=today)
        ),
    }


# Shares: the person who shared is told before a share ends (cases.sharing ends it).


def share_target_name(share: CaseShare) -> str:
    return str(share.agency or share.professional)


def _shares_ending(*, today: datetime.date) -> Iterator[Due]:
    settings_by_hub = reminder_settings_for()
    window = Q(pk__in=[])
    for days, hub_ids in hubs_by_setting(settings_by_hub, "share_expiry_notice_days").items():
        window |= Q(
            case__owning_agency_id__in=hub_ids,
            expires_on__lte=today + datetime.timedelta(days=days),
        )
    shares = list(
        CaseShare.objects.filter(window, revoked_at__isnull=True, expires_on__gte=today)
        .select_related("agency", "professional", "shared_by", "case")
        .order_by("expires_on", "pk")
    )
    managers = hub_managers_by_hub(hub_ids=set(settings_by_hub))
    for share in shares:
        sharer = share.shared_by if share.shared_by.is_active else None
        yield Due(
            object_id=share.pk,
            occurrence=share.expires_on,
            # Someone who has left cannot renew it: the hub's managers are told instead.
            recipients=[sharer] if sharer else managers.get(share.case.owning_agency_id, []),
            message=f"The share of case {share.case_id} with {share_target_name(share)} ends "
            f"on {_long(share.expires_on)}. Change its end date if the sharing is still needed.",
            link=_case_link(share.case_id),
        )


def cases_remind_shares_ending(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Tell whoever shared a case that the share ends soon, at each hub's notice."""
    today = timezone.localdate(now or timezone.now())
    return {
        "reminders": reminders_issue_due(
            kind=Notification.Kind.SHARE_EXPIRING, due=_shares_ending(today=today)
        )
    }
