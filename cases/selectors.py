"""Reads of cases: caseloads, the hub's and a practitioner's lists, the chronology, entry history.

Every read starts from what `cases.policies` lets the user see, and costs a fixed number of
queries however many cases or events there are.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import (
    BooleanField,
    F,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models import Case as SqlCase
from django.db.models.expressions import OrderBy
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from audit.models import AuditEvent
from cases.indicators import indicator_label_map
from cases.models import (
    AgencyInvolvement,
    Case,
    CaseReview,
    CaseShare,
    CaseworkEntry,
    CaseworkEntryRevision,
    CaseWorker,
    RiskAssessment,
    RiskLevel,
)
from cases.policies import (
    Access,
    access_to,
    allocated_cases,
    hub_cases,
    may_view_record,
    shared_cases,
    shared_scope,
    visible_entries,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User

    AnyUser = User | AnonymousUser

    from typing import TypedDict

    from django_stubs_ext import WithAnnotations

    class CaseFlags(TypedDict):
        no_recent_contact: bool
        review_overdue: bool
        risk_rank: int

    class SharedScope(TypedDict):
        scope: str
        risk_rank: int

    # Cases as the lists return them: with flags (caseload, hub list) or scope (shared list).
    FlaggedCase = WithAnnotations[Case, CaseFlags]
    SharedCase = WithAnnotations[Case, SharedScope]

# A case with no successful contact for this long is flagged on caseloads.
NO_CONTACT_AFTER = datetime.timedelta(days=14)

HUB_LIST_STATUSES = ("open", "closed", "all")
HUB_LIST_SORTS = {
    "risk": "Risk, highest first",
    "review": "Next review, soonest first",
    "contact": "Last contact, longest ago first",
    "opened": "Opened, newest first",
    "name": "Young person's name",
}


CHRONOLOGY_KINDS = (
    "referral",
    "opened",
    "casework",
    "risk",
    "review",
    "involvement",
    "share",
    "closed",
    "reopened",
)
CHRONOLOGY_KIND_LABELS = {
    "referral": "Referrals",
    "opened": "Case opened",
    "casework": "Casework",
    "risk": "Risk",
    "review": "Reviews",
    "involvement": "Agency involvement",
    "share": "Sharing",
    "closed": "Case closed",
    "reopened": "Case reopened",
}


_RISKIEST = F("risk_rank").desc()


def _risk_rank() -> SqlCase:
    return SqlCase(
        When(risk_level=RiskLevel.HIGH, then=Value(3)),
        When(risk_level=RiskLevel.MEDIUM, then=Value(2)),
        When(risk_level=RiskLevel.LOW, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )


def _flag(condition: Q) -> SqlCase:
    return SqlCase(
        When(condition, then=Value(True)), default=Value(False), output_field=BooleanField()
    )


def _with_flags(cases: QuerySet[Case], *, today: datetime.date) -> QuerySet[FlaggedCase]:
    """Annotate the caseload flags in SQL, so a list of any length is one query."""
    cutoff_day = today - NO_CONTACT_AFTER
    cutoff = timezone.make_aware(datetime.datetime.combine(cutoff_day, datetime.time.min))
    no_recent_contact = Q(status=Case.Status.OPEN) & (
        Q(last_contact_at__lt=cutoff)
        # Never contacted: flagged once the case has been open for the same time.
        | Q(last_contact_at__isnull=True, opened_on__lte=cutoff_day)
    )
    review_overdue = Q(status=Case.Status.OPEN, next_review_due__lt=today)
    # CASE WHEN rather than a bare condition, so a missing date reads False, never NULL.
    return cases.annotate(
        no_recent_contact=_flag(no_recent_contact),
        review_overdue=_flag(review_overdue),
        risk_rank=_risk_rank(),
    )


def caseload_for_worker(
    *, user: AnyUser, today: datetime.date | None = None
) -> QuerySet[FlaggedCase]:
    """A spoke worker's open cases (lead or co-worker), riskiest and most overdue first."""
    day = today or timezone.localdate()
    cases = allocated_cases(user).filter(status=Case.Status.OPEN).select_related("young_person")
    return _with_flags(cases, today=day).order_by(
        _RISKIEST, F("next_review_due").asc(nulls_last=True), "pk"
    )


def hub_case_list(
    *,
    user: AnyUser,
    status: str = "open",
    risk_level: str = "",
    worker_id: int | None = None,
    local_authority_id: int | None = None,
    sort: str = "risk",
    today: datetime.date | None = None,
) -> QuerySet[FlaggedCase]:
    """The cases of the hubs a manager runs, filtered and sorted (unknown values are ignored)."""
    day = today or timezone.localdate()
    cases = hub_cases(user).select_related("young_person", "lead_worker", "local_authority")
    if status != "all":
        # An unknown status falls back to the usual view: open cases.
        cases = cases.filter(status=Case.Status.CLOSED if status == "closed" else Case.Status.OPEN)
    if risk_level in RiskLevel.values:
        cases = cases.filter(risk_level=risk_level)
    worker_id = _as_id(worker_id)
    local_authority_id = _as_id(local_authority_id)
    if worker_id is not None:
        cases = cases.filter(
            Q(lead_worker_id=worker_id) | Q(pk__in=_current_co_worker_rows(worker_id=worker_id))
        )
    if local_authority_id is not None:
        cases = cases.filter(local_authority_id=local_authority_id)
    cases = _with_flags(cases, today=day)
    orderings: dict[str, list[str | OrderBy]] = {
        "risk": [_RISKIEST, F("next_review_due").asc(nulls_last=True), "pk"],
        "review": [F("next_review_due").asc(nulls_last=True), _RISKIEST, "pk"],
        "contact": [F("last_contact_at").asc(nulls_first=True), _RISKIEST, "pk"],
        "opened": ["-opened_on", "-pk"],
        "name": ["young_person__last_name", "young_person__first_name", "pk"],
    }
    return cases.order_by(*orderings.get(sort, orderings["risk"]))


def _as_id(value: object) -> int | None:
    """An id from a filter, or None for anything that is not one (a filter is then ignored)."""
    try:
        return int(str(value)) if value not in (None, "") else None
    except ValueError:
        return None


def _current_co_worker_rows(*, worker_id: int) -> QuerySet[CaseWorker, Any]:
    # A subquery of allocation rows, not a join, so a case never appears twice.
    return CaseWorker.objects.filter(worker_id=worker_id, ends_on__isnull=True).values("case_id")


def shared_case_list(*, user: AnyUser) -> QuerySet[SharedCase]:
    """Cases shared with the user's agencies or the user, each with `scope`: the widest one."""
    return (
        shared_cases(user)
        .select_related("young_person", "owning_agency", "lead_worker", "local_authority")
        .annotate(scope=shared_scope(user), risk_rank=_risk_rank())
        .order_by("status", _RISKIEST, "-opened_on", "-pk")
    )


# The chronology.


@dataclass(frozen=True)
class ChronologyEvent:
    occurred_at: datetime.datetime
    kind: str
    title: str
    detail: str
    actor_name: str
    url: str
    restricted: bool = False


def _url(name: str, **kwargs: int) -> str:
    # Pages arrive separately from this module; an event without a page simply has no link.
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return ""


def _at(day: datetime.date) -> datetime.datetime:
    """A dated event placed at the start of its day in local time."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _long_date(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _name(user: object) -> str:
    return str(user) if user is not None else ""


def _entry_events(entries: QuerySet[CaseworkEntry]) -> list[ChronologyEvent]:
    events = []
    for entry in entries:
        title = entry.get_kind_display()
        if entry.attendance != CaseworkEntry.Attendance.NOT_APPLICABLE:
            title = f"{title} ({entry.get_attendance_display().lower()})"
        if entry.is_draft:
            title = f"Draft: {title}"
        events.append(
            ChronologyEvent(
                occurred_at=entry.occurred_at,
                kind="casework",
                title=title,
                detail=entry.summary,
                actor_name=f"{_name(entry.author)}, {entry.author_agency}",
                url=_url("cases:entry_detail", case_pk=entry.case_id, pk=entry.pk),
                restricted=entry.restricted,
            )
        )
    return events


def _referral_events(user: AnyUser, case: Case) -> list[ChronologyEvent]:
    """Each referral that opened or joined the case: received, decided, allocated (one query).

    A referral links to its own page only for those who may open it (the hub, the allocated
    worker, the referrer); a partner who sees the case through a share sees the events.
    """
    from referrals.policies import may_view  # referrals build on cases, not the reverse

    events = []
    for referral in case.referrals.select_related(
        "referrer", "referrer_agency", "decided_by", "allocated_worker", "allocated_by"
    ).order_by("submitted_at", "pk"):
        url = referral.get_absolute_url() if may_view(user, referral) else ""
        if referral.submitted_at is not None:
            events.append(
                ChronologyEvent(
                    occurred_at=referral.submitted_at,
                    kind="referral",
                    title=f"Referral {referral.reference} received "
                    f"({referral.get_urgency_display().split(':')[0].lower()})",
                    detail="",
                    actor_name=f"{_name(referral.referrer)}, {referral.referrer_agency}",
                    url=url,
                )
            )
        if referral.decided_at is not None:
            events.append(
                ChronologyEvent(
                    occurred_at=referral.decided_at,
                    kind="referral",
                    title=f"Referral {referral.reference} accepted",
                    detail=referral.decision_reason,
                    actor_name=_name(referral.decided_by),
                    url=url,
                )
            )
        if referral.allocated_at is not None:
            events.append(
                ChronologyEvent(
                    occurred_at=referral.allocated_at,
                    kind="referral",
                    title=f"Referral {referral.reference} allocated to "
                    f"{_name(referral.allocated_worker)}",
                    detail="",
                    actor_name=_name(referral.allocated_by),
                    url=url,
                )
            )
    return events


def _risk_events(
    case: Case, assessments: QuerySet[RiskAssessment], labels: Mapping[str, str]
) -> list[ChronologyEvent]:
    events = []
    for assessment in assessments:
        indicators = ", ".join(assessment.indicator_labels(labels))
        detail = assessment.rationale
        if indicators:
            detail = f"{detail}\nIndicators: {indicators}."
        events.append(
            ChronologyEvent(
                occurred_at=_at(assessment.assessed_on),
                kind="risk",
                title=f"Risk assessed as {assessment.get_level_display().lower()}",
                detail=detail,
                actor_name=_name(assessment.assessed_by),
                url=_url("cases:case_detail", pk=case.pk),
            )
        )
    return events


def _review_events(case: Case, reviews: QuerySet[CaseReview]) -> list[ChronologyEvent]:
    events = []
    pending_dates = set()
    for review in reviews:
        if review.held_on is not None:
            due = (
                f" Next review due {_long_date(review.next_due_on)}." if review.next_due_on else ""
            )
            events.append(
                ChronologyEvent(
                    occurred_at=_at(review.held_on),
                    kind="review",
                    title="Review held",
                    detail=f"{review.outcome}{due}".strip(),
                    actor_name=_name(review.recorded_by),
                    url=_url("cases:case_detail", pk=case.pk),
                )
            )
        else:
            pending_dates.add(review.due_on)
    if case.is_open and case.next_review_due is not None:
        pending_dates.add(case.next_review_due)
    for day in sorted(pending_dates):
        overdue = " (overdue)" if day < timezone.localdate() else ""
        events.append(
            ChronologyEvent(
                occurred_at=_at(day),
                kind="review",
                title=f"Review due{overdue}",
                detail="",
                actor_name="",
                url=_url("cases:case_detail", pk=case.pk),
            )
        )
    return events


def _involvement_events(
    case: Case, involvements: QuerySet[AgencyInvolvement]
) -> list[ChronologyEvent]:
    events = []
    for involvement in involvements:
        who = involvement.professional_name or "No named professional"
        if involvement.professional_role:
            who = f"{who}, {involvement.professional_role}"
        lead = " (lead professional)" if involvement.is_lead_professional else ""
        events.append(
            ChronologyEvent(
                occurred_at=_at(involvement.from_on),
                kind="involvement",
                title=f"{involvement.agency} involved{lead}",
                detail=who,
                actor_name=_name(involvement.recorded_by),
                url=_url("cases:case_detail", pk=case.pk),
            )
        )
        if involvement.stepped_back_on is not None:
            events.append(
                ChronologyEvent(
                    occurred_at=_at(involvement.stepped_back_on),
                    kind="involvement",
                    title=f"{involvement.agency} stepped back",
                    detail=involvement.stepped_back_reason,
                    actor_name=_name(involvement.recorded_by),
                    url=_url("cases:case_detail", pk=case.pk),
                )
            )
        elif involvement.to_on is not None:
            events.append(
                ChronologyEvent(
                    occurred_at=_at(involvement.to_on),
                    kind="involvement",
                    title=f"{involvement.agency} involvement ended",
                    detail=who,
                    actor_name=_name(involvement.recorded_by),
                    url=_url("cases:case_detail", pk=case.pk),
                )
            )
    return events


def _share_events(
    case: Case, shares: QuerySet[CaseShare], audit_events: list[AuditEvent]
) -> list[ChronologyEvent]:
    expired_ids = {e.object_id for e in audit_events if e.action == AuditEvent.Action.SHARE_EXPIRED}
    events = []
    today = timezone.localdate()
    by_pk = {}
    for share in shares:
        by_pk[str(share.pk)] = share
        party = share.agency or share.professional
        basis = share.get_lawful_basis_display()
        events.append(
            ChronologyEvent(
                occurred_at=share.shared_at,
                kind="share",
                title=f"Shared with {party} at {share.scope} scope",
                detail=f"{share.get_scope_display()}. Lawful basis: {basis}. "
                f"Expires {_long_date(share.expires_on)}.",
                actor_name=_name(share.shared_by),
                url=_url("cases:case_detail", pk=case.pk),
            )
        )
        if share.revoked_at is not None:
            expired = str(share.pk) in expired_ids or share.revoked_by_id is None
            events.append(
                ChronologyEvent(
                    occurred_at=share.revoked_at,
                    kind="share",
                    title=f"Share with {party} {'expired' if expired else 'revoked'}",
                    detail="" if expired else share.revoke_reason,
                    actor_name="" if expired else _name(share.revoked_by),
                    url=_url("cases:case_detail", pk=case.pk),
                )
            )
        elif share.expires_on < today:
            events.append(
                ChronologyEvent(
                    occurred_at=_at(share.expires_on),
                    kind="share",
                    title=f"Share with {party} expired",
                    detail="",
                    actor_name="",
                    url=_url("cases:case_detail", pk=case.pk),
                )
            )
    for event in audit_events:
        if event.action != AuditEvent.Action.SHARE_CHANGED:
            continue
        changed = by_pk.get(event.object_id)
        who = (changed.agency or changed.professional) if changed is not None else None
        party_name = str(who) if who is not None else "an agency"
        scope = (event.metadata or {}).get("scope", "")
        events.append(
            ChronologyEvent(
                occurred_at=event.occurred_at,
                kind="share",
                title=f"Share with {party_name} changed" + (f" to {scope} scope" if scope else ""),
                detail="",
                actor_name=_name(event.actor),
                url=_url("cases:case_detail", pk=case.pk),
            )
        )
    return events


def _status_events(case: Case, audit_events: list[AuditEvent]) -> list[ChronologyEvent]:
    opened = ChronologyEvent(
        occurred_at=_at(case.opened_on),
        kind="opened",
        title="Case opened",
        detail="",
        actor_name="",
        url=_url("cases:case_detail", pk=case.pk),
    )
    result = [opened]
    closures = [e for e in audit_events if e.action == AuditEvent.Action.CASE_CLOSED]
    for event in audit_events:
        if event.action == AuditEvent.Action.CASE_OPENED:
            result[0] = ChronologyEvent(
                occurred_at=opened.occurred_at,
                kind="opened",
                title="Case opened",
                detail="",
                actor_name=_name(event.actor),
                url=opened.url,
            )
        elif event.action == AuditEvent.Action.CASE_CLOSED:
            reason = (event.metadata or {}).get("reason", "")
            label = Case.ClosureReason(reason).label if reason in Case.ClosureReason.values else ""
            latest = event is closures[0] and not case.is_open
            result.append(
                ChronologyEvent(
                    occurred_at=event.occurred_at,
                    kind="closed",
                    title="Case closed" + (f": {label.lower()}" if label else ""),
                    detail=case.closure_outcome if latest else "",
                    actor_name=_name(event.actor),
                    url=opened.url,
                )
            )
        elif event.action == AuditEvent.Action.CASE_REOPENED:
            result.append(
                ChronologyEvent(
                    occurred_at=event.occurred_at,
                    kind="reopened",
                    title="Case reopened",
                    detail=event.reason,
                    actor_name=_name(event.actor),
                    url=opened.url,
                )
            )
    if not case.is_open and not closures and case.closed_on is not None:
        # Closed without a recorded event (imported data): the case's own fields say when.
        result.append(
            ChronologyEvent(
                occurred_at=_at(case.closed_on),
                kind="closed",
                title="Case closed",
                detail=case.closure_outcome,
                actor_name="",
                url=opened.url,
            )
        )
    return result


# Audit actions the case's own rows cannot tell: each closure and reopening, share changes.
_CHRONOLOGY_AUDIT_ACTIONS = {
    "opened": (AuditEvent.Action.CASE_OPENED,),
    "closed": (AuditEvent.Action.CASE_CLOSED,),
    "reopened": (AuditEvent.Action.CASE_REOPENED,),
    "share": (AuditEvent.Action.SHARE_CHANGED, AuditEvent.Action.SHARE_EXPIRED),
}


def chronology(
    *,
    user: AnyUser,
    case: Case,
    kinds: tuple[str, ...] | list[str] | set[str] = (),
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    limit: int | None = None,
) -> list[ChronologyEvent]:
    """Every event on a case the user may see, newest first: one query per source table."""
    if not may_view_record(user, case):
        return []
    wanted = {k for k in kinds if k in CHRONOLOGY_KINDS} if kinds else set(CHRONOLOGY_KINDS)
    if kinds and not wanted:
        return []
    start = _at(date_from) if date_from else None
    end = _at(date_to + datetime.timedelta(days=1)) if date_to else None

    def dated(rows: QuerySet, field: str) -> QuerySet:  # type: ignore[type-arg]
        # Dated rows are filtered by day; the exact window is applied to every event below.
        if date_from:
            rows = rows.filter(**{f"{field}__gte": date_from})
        if date_to:
            rows = rows.filter(**{f"{field}__lte": date_to})
        return rows

    events: list[ChronologyEvent] = []
    if "referral" in wanted:
        events += _referral_events(user, case)
    if "casework" in wanted:
        entries = visible_entries(user, case).filter(entered_in_error_at__isnull=True)
        if start:
            entries = entries.filter(occurred_at__gte=start)
        if end:
            entries = entries.filter(occurred_at__lt=end)
        entries = entries.select_related("author", "author_agency").order_by("-occurred_at", "-pk")
        if limit is not None:
            entries = entries[:limit]
        events += _entry_events(entries)
    if "risk" in wanted:
        assessments = dated(
            RiskAssessment.objects.filter(case_id=case.pk).select_related("assessed_by"),
            "assessed_on",
        )
        # Labels are read once for the whole chronology, retired indicators included.
        events += _risk_events(case, assessments, indicator_label_map())
    if "review" in wanted:
        reviews = CaseReview.objects.filter(case_id=case.pk).select_related("recorded_by")
        events += _review_events(case, reviews)
    if "involvement" in wanted:
        involvements = AgencyInvolvement.objects.filter(case_id=case.pk).select_related(
            "agency", "recorded_by"
        )
        events += _involvement_events(case, involvements)
    actions = [a for kind in wanted for a in _CHRONOLOGY_AUDIT_ACTIONS.get(kind, ())]
    audit_events: list[AuditEvent] = []
    if actions:
        audit_events = list(
            AuditEvent.objects.filter(case_id=case.pk, action__in=actions)
            .select_related("actor")
            .order_by("-sequence")
        )
    if "share" in wanted:
        shares = CaseShare.objects.filter(case_id=case.pk).select_related(
            "agency", "professional", "shared_by", "revoked_by"
        )
        events += _share_events(case, shares, audit_events)
    if wanted & {"opened", "closed", "reopened"}:
        events += [e for e in _status_events(case, audit_events) if e.kind in wanted]
    events = [
        e
        for e in events
        if (start is None or e.occurred_at >= start) and (end is None or e.occurred_at < end)
    ]
    events.sort(key=lambda e: e.occurred_at, reverse=True)
    return events[:limit] if limit is not None else events


def chronology_access(*, user: AnyUser, case: Case) -> Access:
    """The level the chronology was built at (pages say when restricted entries are left out)."""
    return access_to(user, case)


def entry_history(*, entry: CaseworkEntry) -> QuerySet[CaseworkEntryRevision]:
    """An entry's earlier versions, newest first, with who replaced each."""
    return (
        CaseworkEntryRevision.objects.filter(entry_id=entry.pk)
        .select_related("replaced_by")
        .order_by("-version")
    )


def case_entries(*, user: AnyUser, case: Case) -> QuerySet[CaseworkEntry]:
    """The entries of a case the user may read, newest first, with author and agency."""
    return (
        visible_entries(user, case)
        .select_related("author", "author_agency")
        .order_by("-occurred_at", "-pk")
    )


def pending_review(*, case: Case) -> CaseReview | None:
    """The earliest review of the case not yet held."""
    return (
        CaseReview.objects.filter(case_id=case.pk, held_on__isnull=True)
        .order_by("due_on", "pk")
        .first()
    )
