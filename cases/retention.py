"""Retention: a closed case is anonymised when its retention date passes, unless on legal hold.

Anonymising removes the young person's identity and every piece of free text about them, and
keeps what reporting counts (kinds, dates, durations, attendance, risk levels, indicators,
outcomes by category, agencies involved). The audit log is never touched: it holds ids and
codes, not case text, and it must keep showing who did and saw what. The hub's managers are
told a month before, so that they can place a case on legal hold.
"""

from __future__ import annotations

import datetime
import logging
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from audit.services import audit_record
from cases.models import (
    AgencyInvolvement,
    Case,
    CasePlan,
    CaseReview,
    CaseShare,
    CaseworkEntry,
    CaseworkEntryRevision,
    PlanGoal,
    RiskAssessment,
    YoungPerson,
)
from cases.services import lock_for_change
from cases.sharing import share_end_at_retention
from notifications.models import Notification
from notifications.services import Due, reminders_issue_due
from partners.selectors import hub_managers_by_hub

if TYPE_CHECKING:
    from collections.abc import Iterator

    from accounts.models import User

logger = logging.getLogger(__name__)

# Managers are told this long before a case is anonymised.
RETENTION_NOTICE = datetime.timedelta(days=30)
ANONYMISED_FIRST_NAME = "Anonymised"
ANONYMISED_LAST_NAME = "young person"


def _young_person_anonymise(young_person: YoungPerson, *, now: datetime.datetime) -> None:
    young_person.first_name = ANONYMISED_FIRST_NAME
    young_person.last_name = ANONYMISED_LAST_NAME
    young_person.preferred_name = ""
    young_person.date_of_birth = None
    young_person.gender_self_described = ""
    young_person.safe_contact_channels = []
    young_person.safe_contact_times = ""
    young_person.do_not_text = False
    young_person.safe_contact_notes = ""
    young_person.anonymised_at = now
    young_person.save()


def _wipe_case_text(case: Case) -> dict[str, int]:
    entries = CaseworkEntry.objects.filter(case_id=case.pk)
    revisions, _ = CaseworkEntryRevision.objects.filter(entry__case_id=case.pk).delete()
    counts = {
        "entries": entries.update(summary="", young_persons_voice="", entered_in_error_reason=""),
        "entry_revisions": revisions,
        "risk_assessments": RiskAssessment.objects.filter(case_id=case.pk).update(rationale=""),
        "reviews": CaseReview.objects.filter(case_id=case.pk).update(outcome=""),
        "involvements": AgencyInvolvement.objects.filter(case_id=case.pk).update(
            professional_name="",
            professional_role="",
            professional_email="",
            professional_phone="",
            stepped_back_reason="",
        ),
        "shares": CaseShare.objects.filter(case_id=case.pk).update(reason="", revoke_reason=""),
    }
    CasePlan.objects.filter(case_id=case.pk).update(summary="", young_persons_view="")
    PlanGoal.objects.filter(plan__case_id=case.pk).update(description="", young_persons_view="")
    return counts


def case_anonymise(*, case_id: int, now: datetime.datetime | None = None) -> bool:
    """Anonymise one closed case whose retention has passed; False if it is not due (or held).

    One transaction: the case's text, the referrals and consultancy about it, the young
    person's identity once none of their cases is left to keep, and the audit event.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    # Referrals and consultancy build on cases; their records about the case are theirs to wipe.
    from consultancy.retention import consultancy_anonymise
    from referrals.retention import referrals_anonymise

    with transaction.atomic():
        case = (
            Case.objects.select_for_update()
            .filter(
                pk=case_id,
                status=Case.Status.CLOSED,
                anonymised_at__isnull=True,
                legal_hold=False,
                retention_until__lt=today,
            )
            .first()
        )
        if case is None:
            return False
        ended_shares = share_end_at_retention(case=case)
        counts: dict[str, Any] = _wipe_case_text(case)
        case.closure_outcome = ""
        case.anonymised_at = now
        case.version += 1
        case.updated_at = now
        case.save(update_fields=["closure_outcome", "anonymised_at", "version", "updated_at"])
        young_person = YoungPerson.objects.select_for_update().get(pk=case.young_person_id)
        # Their other cases may still be open, or kept: the identity goes with the last one.
        keep = (
            Case.objects.filter(young_person_id=young_person.pk, anonymised_at__isnull=True)
            .exclude(pk=case.pk)
            .exists()
        )
        if not keep and young_person.anonymised_at is None:
            _young_person_anonymise(young_person, now=now)
        counts["referrals"] = referrals_anonymise(
            case_id=case.pk, young_person_id=None if keep else young_person.pk
        )
        counts.update(consultancy_anonymise(case_id=case.pk))
        audit_record(
            actor=None,
            action=AuditEvent.Action.CASE_ANONYMISED,
            obj=case,
            case_id=case.pk,
            reason="Its retention period ended.",
            metadata={
                "retention_until": case.retention_until.isoformat()
                if case.retention_until
                else None,
                "young_person_anonymised": not keep,
                "shares_ended": ended_shares,
                **counts,
            },
        )
    logger.info("case anonymised case=%s", case_id)
    return True


def _retention_notices(*, today: datetime.date) -> Iterator[Due]:
    rows = list(
        Case.objects.filter(
            status=Case.Status.CLOSED,
            anonymised_at__isnull=True,
            legal_hold=False,
            retention_until__gte=today,
            retention_until__lte=today + RETENTION_NOTICE,
        )
        .order_by("retention_until", "pk")
        .values_list("pk", "owning_agency_id", "retention_until")
    )
    managers = hub_managers_by_hub(hub_ids={hub_id for _, hub_id, _ in rows})
    for pk, hub_id, retention_until in rows:
        assert retention_until is not None  # selected on it
        yield Due(
            object_id=pk,
            occurrence=retention_until,
            recipients=managers.get(hub_id, []),
            message=f"Case {pk} reaches the end of its retention period on "
            f"{retention_until:%-d %B %Y} and will then be anonymised. Place it on legal hold "
            "if it must be kept.",
            link=reverse("cases:case_detail", kwargs={"pk": pk}),
        )


def cases_apply_retention(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Warn managers of cases nearing retention, and anonymise those past it (not on hold)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    notices = reminders_issue_due(
        kind=Notification.Kind.RETENTION_DUE, due=_retention_notices(today=today)
    )
    due = (
        Case.objects.filter(
            status=Case.Status.CLOSED,
            anonymised_at__isnull=True,
            legal_hold=False,
            retention_until__lt=today,
        )
        .order_by("retention_until", "pk")
        .values_list("pk", flat=True)
    )
    anonymised = sum(case_anonymise(case_id=pk, now=now) for pk in list(due))
    return {"notices": notices, "anonymised": anonymised}


@transaction.atomic
def case_legal_hold_set(*, case: Case, by: User, version: int, hold: bool, reason: str) -> Case:
    """Place a case on legal hold (it is then never anonymised) or lift the hold, with a reason."""
    case = lock_for_change(model=Case, pk=case.pk, version=version)
    reason = (reason or "").strip()
    if case.anonymised_at is not None:
        raise ValidationError("This case has been anonymised: there is nothing left to hold.")
    if case.legal_hold == hold:
        raise ValidationError(
            "This case is already on legal hold." if hold else "This case is not on legal hold."
        )
    if not reason:
        raise ValidationError(
            {"reason": "Say why the case must be kept." if hold else "Say why the hold can end."}
        )
    case.legal_hold = hold
    case.version += 1
    case.updated_at = timezone.now()
    case.save(update_fields=["legal_hold", "version", "updated_at"])
    audit_record(
        actor=by,
        action=AuditEvent.Action.LEGAL_HOLD_PLACED if hold else AuditEvent.Action.LEGAL_HOLD_LIFTED,
        obj=case,
        case_id=case.pk,
        reason=reason,
        metadata={"fields": ["legal_hold"]},
    )
    return case
