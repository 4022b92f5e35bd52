"""Sharing a case with another agency or one professional, break-glass access, and who has looked.

A share is the decision; the django-guardian rows on the case's direct permission tables are
what `cases.policies` reads. Every change to a share recomputes the rows of its target (the
agency's group, or the one professional) from that target's live shares of the case, in the
same transaction, so overlapping shares never take away what another still grants.
"""

from __future__ import annotations

import calendar
import datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from audit.services import audit_record
from cases.models import (
    BreakGlassAccess,
    Case,
    CaseGroupObjectPermission,
    CaseShare,
    CaseUserObjectPermission,
)
from cases.policies import forget_access, may_break_glass
from notifications.models import Notification
from notifications.services import reminder_issue
from partners.models import Agency, InformationSharingAgreement, Membership, Role
from partners.object_permissions import (
    grant_to_agency,
    grant_to_user,
    revoke_from_agency,
    revoke_from_user,
)

if TYPE_CHECKING:
    from accounts.models import User

BREAK_GLASS_MINUTES = 60
BREAK_GLASS_REASON_MIN_LENGTH = 20
# Information-sharing guidance asks that a share be reviewed at least yearly: none runs longer.
SHARE_MAX_MONTHS = 12

# Every codename a share may grant, widest scope first.
_ALL_CODENAMES = CaseShare.PERMISSIONS[CaseShare.Scope.JOINT]


def _months_after(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or that month's last day when it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _long_date(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _check_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why the case is being shared in this way."})
    return reason


def _check_expiry(expires_on: datetime.date | None, *, today: datetime.date) -> datetime.date:
    if expires_on is None:
        raise ValidationError({"expires_on": "Enter the date the share ends."})
    if expires_on <= today:
        raise ValidationError({"expires_on": "The share must end after today."})
    latest = _months_after(today, SHARE_MAX_MONTHS)
    if expires_on > latest:
        raise ValidationError(
            {
                "expires_on": "A share can last at most 12 months: "
                f"choose {_long_date(latest)} or earlier, and share again then if still needed."
            }
        )
    return expires_on


def _check_scope(scope: str) -> None:
    if scope not in CaseShare.Scope.values:
        raise ValidationError({"scope": "Choose what to share: summary, full or joint."})


def _professional_agency_ids(professional: User) -> set[int]:
    return set(
        Membership.objects.active()
        .filter(user_id=professional.pk, agency__is_active=True)
        .values_list("agency_id", flat=True)
    )


def _check_target(*, case: Case, agency: Agency | None, professional: User | None) -> set[int]:
    """The agencies the target belongs to; refuses both, neither, or the owning hub itself."""
    if (agency is None) == (professional is None):
        raise ValidationError(
            {"agency": "Share with an agency or with one named professional, not both."}
        )
    if agency is not None:
        if agency.pk == case.owning_agency_id:
            raise ValidationError(
                {"agency": "This agency owns the case: its people already have access."}
            )
        if not agency.is_active:
            raise ValidationError({"agency": f"{agency} is no longer active."})
        return {agency.pk}
    assert professional is not None  # noqa: S101 - exactly one target, checked above
    if not professional.is_active:
        raise ValidationError({"professional": f"{professional}'s account is disabled."})
    agency_ids = _professional_agency_ids(professional) - {case.owning_agency_id}
    if not agency_ids:
        raise ValidationError(
            {
                "professional": f"{professional} does not work for an agency outside the "
                "hub that owns the case."
            }
        )
    return agency_ids


def _check_lawful_basis(
    *, lawful_basis: str, consent_recorded_on: datetime.date | None, today: datetime.date
) -> None:
    if lawful_basis not in CaseShare.LawfulBasis.values:
        raise ValidationError({"lawful_basis": "Choose the lawful basis for sharing."})
    if lawful_basis == CaseShare.LawfulBasis.CONSENT:
        if consent_recorded_on is None:
            raise ValidationError(
                {"consent_recorded_on": "Enter the date consent to share was recorded."}
            )
        if consent_recorded_on > today:
            raise ValidationError(
                {"consent_recorded_on": "The date consent was recorded cannot be in the future."}
            )


def _check_agreement(
    *, agreement: InformationSharingAgreement | None, case: Case, target_agency_ids: set[int]
) -> None:
    if agreement is None:
        return
    if agreement.status != InformationSharingAgreement.Status.ACTIVE:
        raise ValidationError({"agreement": f"The agreement “{agreement}” is not active."})
    if agreement.local_authority_id != case.local_authority_id:
        raise ValidationError(
            {"agreement": f"The agreement “{agreement}” does not cover this local authority."}
        )
    parties = set(agreement.parties.values_list("pk", flat=True))
    if case.owning_agency_id not in parties:
        raise ValidationError(
            {"agreement": "The hub that owns the case is not a party to this agreement."}
        )
    if not parties & target_agency_ids:
        raise ValidationError(
            {"agreement": "The agency you are sharing with is not a party to this agreement."}
        )


def _live_shares_to(
    *, case_id: int, agency_id: int | None, professional_id: int | None
) -> QuerySet[CaseShare]:
    shares = CaseShare.objects.filter(case_id=case_id, revoked_at__isnull=True)
    if agency_id is not None:
        return shares.filter(agency_id=agency_id)
    return shares.filter(professional_id=professional_id)


def _sync_permissions(*, case: Case, agency: Agency | None, professional: User | None) -> None:
    """Make the target's rows on the case exactly what its live shares of the case grant."""
    live_scopes = _live_shares_to(
        case_id=case.pk,
        agency_id=agency.pk if agency else None,
        professional_id=professional.pk if professional else None,
    ).values_list("scope", flat=True)
    wanted = {codename for scope in live_scopes for codename in CaseShare.PERMISSIONS[scope]}
    # Only the codenames shares grant: anything else on the case is not this module's to touch.
    if agency is not None:
        held = set(
            CaseGroupObjectPermission.objects.filter(
                group_id=agency.group_id, content_object_id=case.pk
            ).values_list("permission__codename", flat=True)
        )
        for codename in _ALL_CODENAMES:
            if codename in wanted and codename not in held:
                grant_to_agency(perm=codename, obj=case, agency=agency)
            elif codename in held and codename not in wanted:
                revoke_from_agency(perm=codename, obj=case, agency=agency)
    elif professional is not None:
        held = set(
            CaseUserObjectPermission.objects.filter(
                user_id=professional.pk, content_object_id=case.pk
            ).values_list("permission__codename", flat=True)
        )
        for codename in _ALL_CODENAMES:
            if codename in wanted and codename not in held:
                grant_to_user(perm=codename, obj=case, user=professional)
            elif codename in held and codename not in wanted:
                revoke_from_user(perm=codename, obj=case, user=professional)


def _share_metadata(share: CaseShare, **extra: Any) -> dict[str, Any]:
    return {
        "share_id": share.pk,
        "agency_id": share.agency_id,
        "professional_id": share.professional_id,
        "scope": share.scope,
        **extra,
    }


@transaction.atomic
def case_share_create(
    *,
    case: Case,
    by: User,
    scope: str,
    lawful_basis: str,
    reason: str,
    expires_on: datetime.date,
    agency: Agency | None = None,
    professional: User | None = None,
    consent_recorded_on: datetime.date | None = None,
    agreement: InformationSharingAgreement | None = None,
) -> CaseShare:
    """Share an open case with an agency or one professional, granting the scope's permissions."""
    # Locking the case serialises shares of it, so two people cannot both make "the" share.
    case = Case.objects.select_for_update().get(pk=case.pk)
    today = timezone.localdate()
    if not case.is_open:
        raise ValidationError("This case is closed: reopen it before sharing it.")
    target_agency_ids = _check_target(case=case, agency=agency, professional=professional)
    _check_scope(scope)
    _check_lawful_basis(
        lawful_basis=lawful_basis, consent_recorded_on=consent_recorded_on, today=today
    )
    reason = _check_reason(reason)
    expires_on = _check_expiry(expires_on, today=today)
    _check_agreement(agreement=agreement, case=case, target_agency_ids=target_agency_ids)
    if _live_shares_to(
        case_id=case.pk,
        agency_id=agency.pk if agency else None,
        professional_id=professional.pk if professional else None,
    ).exists():
        field, target = ("agency", agency) if agency else ("professional", professional)
        raise ValidationError(
            {field: f"This case is already shared with {target}: change that share instead."}
        )
    share = CaseShare(
        case=case,
        agency=agency,
        professional=professional,
        scope=scope,
        lawful_basis=lawful_basis,
        consent_recorded_on=consent_recorded_on
        if lawful_basis == CaseShare.LawfulBasis.CONSENT
        else None,
        agreement=agreement,
        reason=reason,
        shared_by=by,
        expires_on=expires_on,
    )
    share.full_clean()
    share.save()
    _sync_permissions(case=case, agency=agency, professional=professional)
    audit_record(
        actor=by,
        action=AuditEvent.Action.SHARE_CREATED,
        obj=share,
        case_id=case.pk,
        reason=reason,
        metadata=_share_metadata(share),
    )
    return share


def _lock_live_share(share: CaseShare) -> CaseShare:
    locked = (
        CaseShare.objects.select_for_update(of=("self",)).select_related("case").get(pk=share.pk)
    )
    if not locked.is_live:
        raise ValidationError("This share has already ended.")
    return locked


@transaction.atomic
def case_share_change(
    *,
    share: CaseShare,
    by: User,
    scope: str,
    reason: str,
    expires_on: datetime.date | None = None,
) -> CaseShare:
    """Widen or narrow a live share, or move its end date, changing the permissions with it."""
    share = _lock_live_share(share)
    today = timezone.localdate()
    if not share.case.is_open:
        raise ValidationError("This case is closed: its shares can be revoked but not changed.")
    _check_scope(scope)
    reason = _check_reason(reason)
    if expires_on is not None:
        expires_on = _check_expiry(expires_on, today=today)
    changed = []
    previous_scope = share.scope
    if scope != share.scope:
        share.scope = scope
        changed.append("scope")
    if expires_on is not None and expires_on != share.expires_on:
        share.expires_on = expires_on
        changed.append("expires_on")
    if not changed:
        raise ValidationError(
            {"scope": "That is the share's current scope and end date: there is nothing to change."}
        )
    share.save(update_fields=changed)
    _sync_permissions(case=share.case, agency=share.agency, professional=share.professional)
    audit_record(
        actor=by,
        action=AuditEvent.Action.SHARE_CHANGED,
        obj=share,
        case_id=share.case_id,
        reason=reason,
        metadata=_share_metadata(share, previous_scope=previous_scope, fields=changed),
    )
    return share


def _end_share(share: CaseShare, *, by: User | None, reason: str) -> None:
    share.revoked_at = timezone.now()
    share.revoked_by = by
    share.revoke_reason = reason
    share.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    _sync_permissions(case=share.case, agency=share.agency, professional=share.professional)


@transaction.atomic
def case_share_revoke(*, share: CaseShare, by: User, reason: str) -> CaseShare:
    """End a live share now, removing what only it granted."""
    share = _lock_live_share(share)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why the share is being revoked."})
    _end_share(share, by=by, reason=reason)
    audit_record(
        actor=by,
        action=AuditEvent.Action.SHARE_REVOKED,
        obj=share,
        case_id=share.case_id,
        reason=reason,
        metadata=_share_metadata(share),
    )
    return share


def share_end_at_retention(*, case: Case) -> int:
    """End the case's live shares as it is anonymised (in that transaction, which audits it)."""
    live = list(CaseShare.objects.select_for_update().filter(case_id=case.pk, revoked_at=None))
    for share in live:
        _end_share(share, by=None, reason="The case reached the end of its retention period.")
    return len(live)


def _tell_sharer_of_expiry(share: CaseShare) -> None:
    reminder_issue(
        kind=Notification.Kind.SHARE_EXPIRED,
        object_id=share.pk,
        occurrence=share.expires_on,
        recipients=[share.shared_by],
        message=f"The share of case {share.case_id} with {share.agency or share.professional} "
        f"ended on {_long_date(share.expires_on)}, its end date: the access it gave has been "
        "removed",
        link=reverse("cases:case_detail", kwargs={"pk": share.case_id}),
    )


@transaction.atomic
def case_shares_expire(*, today: datetime.date | None = None) -> int:
    """Revoke every live share whose end date has passed, telling whoever shared it; running it
    again ends nothing more."""
    today = today or timezone.localdate()
    due = (
        # Only the shares are locked: PostgreSQL cannot lock the outer side of a nullable join.
        CaseShare.objects.select_for_update(of=("self",))
        .filter(revoked_at__isnull=True, expires_on__lt=today)
        .select_related("case", "agency", "professional", "shared_by")
        .order_by("pk")
    )
    ended = 0
    for share in due:
        reason = f"Its end date, {_long_date(share.expires_on)}, has passed."
        _end_share(share, by=None, reason=reason)
        audit_record(
            actor=None,
            action=AuditEvent.Action.SHARE_EXPIRED,
            obj=share,
            case_id=share.case_id,
            reason=reason,
            metadata=_share_metadata(share),
        )
        _tell_sharer_of_expiry(share)
        ended += 1
    return ended


@transaction.atomic
def break_glass_open(*, case: Case, by: User, reason: str) -> BreakGlassAccess:
    """Give an administrator an hour's reasoned, audited access to one case; managers are told."""
    # The only service that checks access itself: the access it grants is the decision.
    if not may_break_glass(by):
        raise PermissionDenied("Only a system administrator may use break-glass access.")
    reason = (reason or "").strip()
    if len(reason) < BREAK_GLASS_REASON_MIN_LENGTH:
        raise ValidationError(
            {
                "reason": "Explain why you need to open this case, in at least "
                f"{BREAK_GLASS_REASON_MIN_LENGTH} characters."
            }
        )
    now = timezone.now()
    access = BreakGlassAccess.objects.create(
        case=case,
        user=by,
        reason=reason,
        granted_at=now,
        expires_at=now + datetime.timedelta(minutes=BREAK_GLASS_MINUTES),
    )
    audit_record(
        actor=by,
        action=AuditEvent.Action.BREAK_GLASS_OPENED,
        obj=access,
        case_id=case.pk,
        reason=reason,
        metadata={"break_glass_id": access.pk},
    )
    forget_access(by)
    # Imported here: the task module calls back into this one.
    from cases.tasks import notify_break_glass

    notify_break_glass.delay_on_commit(break_glass_id=access.pk)
    return access


def access_history_url(*, case: Case) -> str:
    """The absolute address of a case's access history, for emails."""
    path = reverse("cases:access_history", kwargs={"pk": case.pk})
    # Emails are sent by a worker, with no request to take the site's address from.
    base = settings.CSE_HUB_BASE_URL
    return base.rstrip("/") + path


def break_glass_notify(*, break_glass_id: int) -> int:
    """Email the owning hub's managers a link to the case's access history; returns how many."""
    access = BreakGlassAccess.objects.select_related("case__owning_agency").get(pk=break_glass_id)
    case = access.case
    managers = (
        Membership.objects.active()
        .filter(agency_id=case.owning_agency_id, role=Role.HUB_MANAGER, user__is_active=True)
        .exclude(user__email="")
        .select_related("user")
        .order_by("user_id")
    )
    recipients = {m.user_id: m.user for m in managers}
    # Only the hub, when and a link: never the child, the case's content or the reason given.
    context = {
        "hub": case.owning_agency,
        "granted_at": access.granted_at,
        "minutes": BREAK_GLASS_MINUTES,
        "link": access_history_url(case=case),
    }
    for manager in recipients.values():
        send_mail(
            subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}break-glass access to a case",
            message=render_to_string(
                "cases/email/break_glass_opened.txt", {**context, "manager": manager}
            ),
            from_email=None,
            recipient_list=[manager.email],
        )
    return len(recipients)


def shares_for_case(*, case: Case) -> QuerySet[CaseShare]:
    """Every share of the case, live ones first, newest first, with who and what selected."""
    return (
        CaseShare.objects.filter(case_id=case.pk)
        .select_related("agency", "professional", "agreement", "shared_by", "revoked_by")
        .order_by(F("revoked_at").desc(nulls_first=True), "-shared_at", "-pk")
    )


def case_access_history(*, case: Case) -> QuerySet[AuditEvent]:
    """Every audit event of the case, newest first, with actor and agency (the caller pages)."""
    return AuditEvent.objects.for_case(case.pk).select_related("actor", "agency")
