"""Writes to the rest of the case record: risk, the plan, reviews and agency involvement.

Each write is one transaction with its audit event (ids, codes and field names only).
Access is the caller's business: views and API views ask `cases.policies` first.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from audit.models import AuditEvent
from audit.services import audit_record
from cases.indicators import indicators_check
from cases.models import (
    AgencyInvolvement,
    Case,
    CasePlan,
    CaseReview,
    PlanGoal,
    RiskAssessment,
    RiskLevel,
)
from cases.services import lock_for_change, review_due_after
from partners.models import Agency

if TYPE_CHECKING:
    from accounts.models import User

_RISK_ORDER: dict[str, int] = {
    RiskLevel.LOW.value: 1,
    RiskLevel.MEDIUM.value: 2,
    RiskLevel.HIGH.value: 3,
}
GOAL_FIELDS = ("description", "young_persons_view", "status", "target_on")
INVOLVEMENT_FIELDS = (
    "professional_name",
    "professional_role",
    "professional_email",
    "professional_phone",
    "is_lead_professional",
    "from_on",
    "to_on",
)


def _bump(case: Case, fields: list[str]) -> None:
    case.version += 1
    case.updated_at = timezone.now()
    case.save(update_fields=[*fields, "version", "updated_at"])


def _not_future(day: Any, *, field: str, label: str) -> datetime.date:
    if isinstance(day, datetime.datetime) or not isinstance(day, datetime.date):
        raise ValidationError({field: f"Enter the date {label}."})
    if day > timezone.localdate():
        raise ValidationError({field: f"The date {label} cannot be in the future."})
    return day


def _sync_next_review_due(case: Case) -> None:
    """Keep the case's next review date equal to its earliest review not yet held."""
    earliest = CaseReview.objects.filter(case_id=case.pk, held_on__isnull=True).aggregate(
        earliest=Min("due_on")
    )["earliest"]
    if earliest is not None and case.is_open:
        case.next_review_due = earliest
    elif not case.is_open:
        case.next_review_due = None
    # The denormalised date is not an edit: the version stays, so no one's change goes stale.
    Case.objects.filter(pk=case.pk).update(next_review_due=case.next_review_due)


@transaction.atomic
def risk_assess(
    *,
    case: Case,
    by: User,
    version: int,
    level: str,
    indicators: Iterable[str],
    rationale: str,
    assessed_on: datetime.date | None = None,
) -> RiskAssessment:
    """Record a risk assessment; the latest sets the case's risk and, if risk rose, its review."""
    case = lock_for_change(model=Case, pk=case.pk, version=version)
    errors: dict[str, str] = {}
    if not case.is_open:
        raise ValidationError("This case is closed: reopen it before assessing risk.")
    if level not in RiskLevel.values:
        errors["level"] = "Choose the level of risk."
    codes: list[str] = []
    try:
        codes = indicators_check(indicators)
    except ValidationError as error:
        errors.update({k: v[0] for k, v in error.message_dict.items()})
    rationale = (rationale or "").strip()
    if not rationale:
        errors["rationale"] = "Explain why you judge the risk at this level."
    day = timezone.localdate() if assessed_on is None else assessed_on
    try:
        day = _not_future(day, field="assessed_on", label="of the assessment")
        if day < case.opened_on:
            errors["assessed_on"] = "The assessment cannot be before the case opened."
    except ValidationError as error:
        errors.update({k: v[0] for k, v in error.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    latest = RiskAssessment.objects.filter(case_id=case.pk).order_by("-assessed_on", "-pk").first()
    assessment = RiskAssessment.objects.create(
        case=case,
        level=level,
        indicators=codes,
        rationale=rationale,
        assessed_on=day,
        assessed_by=by,
    )
    previous_level = case.risk_level
    changed: list[str] = []
    # A back-dated assessment joins the history without replacing a later judgement.
    if latest is None or day >= latest.assessed_on:
        if level != case.risk_level:
            case.risk_level = level
            changed.append("risk_level")
        if _RISK_ORDER[level] > _RISK_ORDER.get(previous_level, 0):
            sooner = review_due_after(risk_level=level, day=day, hub_id=case.owning_agency_id)
            if case.next_review_due is None or sooner < case.next_review_due:
                CaseReview.objects.filter(
                    case_id=case.pk, held_on__isnull=True, due_on__gt=sooner
                ).update(due_on=sooner)
                case.next_review_due = sooner
                changed.append("next_review_due")
    _bump(case, changed)
    audit_record(
        actor=by,
        action=AuditEvent.Action.RISK_ASSESSED,
        obj=case,
        case_id=case.pk,
        metadata={
            "fields": changed or ["risk_assessment"],
            "risk_assessment_id": assessment.pk,
            "level": level,
            "previous_level": previous_level,
            "indicators": codes,
        },
    )
    return assessment


def _clean_goals(goals: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    messages: list[str] = []
    cleaned: list[dict[str, Any]] = []
    for number, goal in enumerate(goals, start=1):
        unknown = set(goal) - {*GOAL_FIELDS, "id"}
        if unknown:
            messages.append(f"Goal {number}: unknown fields {', '.join(sorted(unknown))}.")
            continue
        description = str(goal.get("description") or "").strip()
        status = goal.get("status") or PlanGoal.Status.NOT_STARTED
        target_on = goal.get("target_on")
        if not description:
            messages.append(f"Goal {number}: describe the goal.")
        if status not in PlanGoal.Status.values:
            messages.append(f"Goal {number}: choose the goal's status.")
        if target_on is not None and (
            isinstance(target_on, datetime.datetime) or not isinstance(target_on, datetime.date)
        ):
            messages.append(f"Goal {number}: enter the target date as a date.")
        cleaned.append(
            {
                "id": goal.get("id"),
                "description": description,
                "young_persons_view": str(goal.get("young_persons_view") or "").strip(),
                "status": status,
                "target_on": target_on,
                "position": number,
            }
        )
    if messages:
        raise ValidationError({"goals": messages})
    return cleaned


@transaction.atomic
def plan_update(
    *,
    case: Case,
    by: User,
    version: int,
    summary: str,
    young_persons_view: str,
    goals: Sequence[Mapping[str, Any]],
) -> CasePlan:
    """Write the case plan and its goals (goals with an `id` are changed, the rest replaced)."""
    # The case row lock serialises the first save of a plan, which has no row to lock yet.
    case = Case.objects.select_for_update().get(pk=case.pk)
    existing = CasePlan.objects.filter(case_id=case.pk).first()
    if existing is not None:
        plan: CasePlan = lock_for_change(model=CasePlan, pk=existing.pk, version=version)
    elif version != 0:
        raise ValidationError("This plan has not been written yet: start from a new plan.")
    else:
        plan = CasePlan(case=case, updated_by=by, version=0)
    if not case.is_open:
        raise ValidationError("This case is closed: reopen it before changing the plan.")
    errors: dict[str, Any] = {}
    summary = (summary or "").strip()
    if not summary:
        errors["summary"] = "Summarise the plan."
    try:
        cleaned = _clean_goals(goals)
    except ValidationError as error:
        errors.update(error.message_dict)
        cleaned = []
    known_ids = set(plan.goals.values_list("pk", flat=True)) if plan.pk else set()
    stray = [g["id"] for g in cleaned if g["id"] is not None and g["id"] not in known_ids]
    if stray:
        errors["goals"] = [*errors.get("goals", []), "A goal does not belong to this plan."]
    if errors:
        raise ValidationError(errors)
    changed = []
    young_persons_view = (young_persons_view or "").strip()
    if plan.summary != summary:
        changed.append("summary")
    if plan.young_persons_view != young_persons_view:
        changed.append("young_persons_view")
    plan.summary = summary
    plan.young_persons_view = young_persons_view
    plan.updated_by = by
    plan.updated_at = timezone.now()
    plan.version += 1
    plan.save()
    kept = {g["id"] for g in cleaned if g["id"] is not None}
    removed = plan.goals.exclude(pk__in=kept)
    if removed.exists():
        changed.append("goals")
        removed.delete()
    current = {goal.pk: goal for goal in plan.goals.all()}
    for values in cleaned:
        goal_id = values.pop("id")
        goal = current.get(goal_id) if goal_id is not None else None
        if goal is None:
            goal = PlanGoal(plan=plan, **values)
            goal.full_clean(exclude=["plan"])
            goal.save()
            if "goals" not in changed:
                changed.append("goals")
            continue
        differs = [name for name, value in values.items() if getattr(goal, name) != value]
        if differs:
            for name in differs:
                setattr(goal, name, values[name])
            goal.full_clean(exclude=["plan"])
            goal.save(update_fields=differs)
            if "goals" not in changed:
                changed.append("goals")
    audit_record(
        actor=by,
        action=AuditEvent.Action.PLAN_CHANGED,
        obj=plan,
        case_id=case.pk,
        metadata={"fields": changed, "version": plan.version, "goals": len(cleaned)},
    )
    return plan


@transaction.atomic
def review_schedule(*, case: Case, by: User, due_on: datetime.date) -> CaseReview:
    """Schedule a case review; the case's next review date is the earliest not yet held."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if not case.is_open:
        raise ValidationError("This case is closed: reviews are scheduled only for open cases.")
    if isinstance(due_on, datetime.datetime) or not isinstance(due_on, datetime.date):
        raise ValidationError({"due_on": "Enter the date the review is due."})
    if due_on < timezone.localdate():
        raise ValidationError({"due_on": "The review cannot be due in the past."})
    if CaseReview.objects.filter(case_id=case.pk, held_on__isnull=True, due_on=due_on).exists():
        raise ValidationError({"due_on": "A review is already due on this date."})
    review = CaseReview.objects.create(case=case, due_on=due_on)
    _sync_next_review_due(case)
    audit_record(
        actor=by,
        action=AuditEvent.Action.REVIEW_SCHEDULED,
        obj=review,
        case_id=case.pk,
        metadata={"due_on": due_on.isoformat()},
    )
    return review


@transaction.atomic
def review_record(
    *, review: CaseReview, by: User, held_on: datetime.date, outcome: str
) -> CaseReview:
    """Record a review as held and schedule the next one from the case's risk level."""
    review = CaseReview.objects.select_for_update().get(pk=review.pk)
    case = Case.objects.select_for_update().get(pk=review.case_id)
    if review.held_on is not None:
        raise ValidationError("This review has already been recorded.")
    errors: dict[str, str] = {}
    try:
        held_on = _not_future(held_on, field="held_on", label="the review was held")
    except ValidationError as error:
        errors.update({k: v[0] for k, v in error.message_dict.items()})
    outcome = (outcome or "").strip()
    if not outcome:
        errors["outcome"] = "Record what the review decided."
    if errors:
        raise ValidationError(errors)
    review.held_on = held_on
    review.outcome = outcome
    review.recorded_by = by
    review.next_due_on = (
        review_due_after(risk_level=case.risk_level, day=held_on, hub_id=case.owning_agency_id)
        if case.is_open
        else None
    )
    review.save(update_fields=["held_on", "outcome", "recorded_by", "next_due_on"])
    next_review = None
    if (
        review.next_due_on is not None
        and not CaseReview.objects.filter(case_id=case.pk, held_on__isnull=True).exists()
    ):
        next_review = CaseReview.objects.create(case=case, due_on=review.next_due_on)
    _sync_next_review_due(case)
    audit_record(
        actor=by,
        action=AuditEvent.Action.REVIEW_RECORDED,
        obj=review,
        case_id=case.pk,
        metadata={
            "next_review_id": next_review.pk if next_review else None,
            "next_due_on": review.next_due_on.isoformat() if review.next_due_on else None,
        },
    )
    return review


def _clean_involvement(involvement: AgencyInvolvement) -> None:
    errors: dict[str, str] = {}
    try:
        involvement.clean_fields(exclude=["case", "agency", "recorded_by"])
    except ValidationError as error:
        labels = {
            "professional_email": "Enter an email address in the correct format, "
            "like name@example.org.",
            "from_on": "Enter the date the agency became involved.",
            "to_on": "Enter the date the agency's involvement ended.",
        }
        for name, messages in error.message_dict.items():
            errors[name] = labels.get(name, messages[0])
    if not errors:
        if involvement.from_on > timezone.localdate():
            errors["from_on"] = "The date the agency became involved cannot be in the future."
        if involvement.to_on is not None and involvement.to_on < involvement.from_on:
            errors["to_on"] = "The end date must be on or after the date involvement began."
    if errors:
        raise ValidationError(errors)


def _one_lead_professional(involvement: AgencyInvolvement) -> list[int]:
    """Only one current lead professional per case: the newly named one replaces the others."""
    if not involvement.is_lead_professional:
        return []
    others = AgencyInvolvement.objects.filter(
        case_id=involvement.case_id, is_lead_professional=True
    ).exclude(pk=involvement.pk)
    ids = list(others.values_list("pk", flat=True))
    others.update(is_lead_professional=False)
    return ids


@transaction.atomic
def involvement_add(
    *,
    case: Case,
    by: User,
    agency: Agency,
    professional_name: str = "",
    professional_role: str = "",
    professional_email: str = "",
    professional_phone: str = "",
    is_lead_professional: bool = False,
    from_on: datetime.date | None = None,
) -> AgencyInvolvement:
    """Record an agency (and perhaps a named professional) as involved with the case."""
    if not case.is_open:
        raise ValidationError("This case is closed: reopen it before recording involvement.")
    if not isinstance(agency, Agency) or not agency.is_active:
        raise ValidationError({"agency": "Choose an agency that is working today."})
    involvement = AgencyInvolvement(
        case=case,
        agency=agency,
        professional_name=(professional_name or "").strip(),
        professional_role=(professional_role or "").strip(),
        professional_email=(professional_email or "").strip(),
        professional_phone=(professional_phone or "").strip(),
        is_lead_professional=bool(is_lead_professional),
        from_on=timezone.localdate() if from_on is None else from_on,
        recorded_by=by,
    )
    _clean_involvement(involvement)
    involvement.save()
    replaced = _one_lead_professional(involvement)
    audit_record(
        actor=by,
        action=AuditEvent.Action.INVOLVEMENT_ADDED,
        obj=involvement,
        case_id=case.pk,
        metadata={
            "agency_id": agency.pk,
            "is_lead_professional": involvement.is_lead_professional,
            "lead_replaced_ids": replaced,
        },
    )
    return involvement


@transaction.atomic
def involvement_update(
    *, involvement: AgencyInvolvement, by: User, **fields: Any
) -> AgencyInvolvement:
    """Change who is involved from an agency, their contact details, role or dates."""
    unknown = set(fields) - set(INVOLVEMENT_FIELDS)
    if unknown:
        raise ValidationError(f"These fields cannot be changed: {', '.join(sorted(unknown))}.")
    involvement = AgencyInvolvement.objects.select_for_update().get(pk=involvement.pk)
    for name, value in fields.items():
        if isinstance(value, str):
            fields[name] = value.strip()
    changed = [name for name, value in fields.items() if getattr(involvement, name) != value]
    if not changed:
        return involvement
    for name in changed:
        setattr(involvement, name, fields[name])
    _clean_involvement(involvement)
    involvement.save(update_fields=changed)
    replaced = _one_lead_professional(involvement) if "is_lead_professional" in changed else []
    audit_record(
        actor=by,
        action=AuditEvent.Action.INVOLVEMENT_CHANGED,
        obj=involvement,
        case_id=involvement.case_id,
        metadata={"fields": changed, "lead_replaced_ids": replaced},
    )
    return involvement


@transaction.atomic
def involvement_step_back(
    *,
    involvement: AgencyInvolvement,
    by: User,
    stepped_back_on: datetime.date,
    reason: str,
) -> AgencyInvolvement:
    """Record when and why an agency stepped back from the case; its involvement ends then."""
    involvement = AgencyInvolvement.objects.select_for_update().get(pk=involvement.pk)
    if involvement.stepped_back_on is not None:
        raise ValidationError("This agency's stepping back is already recorded.")
    errors: dict[str, str] = {}
    try:
        stepped_back_on = _not_future(
            stepped_back_on, field="stepped_back_on", label="the agency stepped back"
        )
        if stepped_back_on < involvement.from_on:
            errors["stepped_back_on"] = "The agency cannot step back before its involvement began."
    except ValidationError as error:
        errors.update({k: v[0] for k, v in error.message_dict.items()})
    reason = (reason or "").strip()
    if not reason:
        errors["stepped_back_reason"] = "Say why the agency stepped back."
    if errors:
        raise ValidationError(errors)
    involvement.stepped_back_on = stepped_back_on
    involvement.stepped_back_reason = reason
    changed = ["stepped_back_on", "stepped_back_reason"]
    if involvement.to_on is None or involvement.to_on > stepped_back_on:
        involvement.to_on = stepped_back_on
        changed.append("to_on")
    involvement.save(update_fields=changed)
    audit_record(
        actor=by,
        action=AuditEvent.Action.INVOLVEMENT_CHANGED,
        obj=involvement,
        case_id=involvement.case_id,
        metadata={"fields": changed, "stepped_back": True, "agency_id": involvement.agency_id},
    )
    return involvement
