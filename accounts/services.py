"""Writes to user accounts: invitations, changes, disabling and unlocking, each audited."""

from __future__ import annotations

from typing import Any

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from knox.models import AuthToken

from accounts.models import User, UserSession
from audit.models import AuditEvent
from audit.services import audit_record


def invitation_link(*, user: User, base_url: str) -> str:
    """A one-time link to choose a password (allauth's password-reset token)."""
    path = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )
    return base_url.rstrip("/") + path


@transaction.atomic
def user_invite(
    *, by: User | None, email: str, full_name: str, base_url: str, **fields: Any
) -> User:
    """Create an account with no password and email a link to choose one."""
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": "A user with this email address already exists."})
    user = User(email=email, full_name=full_name.strip(), **fields)
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    audit_record(actor=by, action=AuditEvent.Action.USER_INVITED, obj=user)
    link = invitation_link(user=user, base_url=base_url)
    transaction.on_commit(
        lambda: send_mail(
            subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}you have been invited",
            message=render_to_string("account/email/invitation.txt", {"user": user, "link": link}),
            from_email=None,
            recipient_list=[user.email],
        )
    )
    return user


@transaction.atomic
def user_update(*, user: User, by: User | None, **fields: Any) -> User:
    changes = []
    for name, value in fields.items():
        if getattr(user, name) != value:
            setattr(user, name, value)
            changes.append(name)
    if changes:
        user.full_clean(exclude=["password"])
        user.save(update_fields=changes)
        audit_record(
            actor=by,
            action=AuditEvent.Action.USER_CHANGED,
            obj=user,
            metadata={"fields": changes},
        )
    return user


def _end_sessions_and_tokens(user: User) -> int:
    keys = list(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=keys).delete()
    UserSession.objects.filter(user=user).delete()
    tokens, _ = AuthToken.objects.filter(user=user).delete()
    return len(keys) + tokens


@transaction.atomic
def user_disable(*, user: User, by: User | None, reason: str) -> User:
    """Stop the user logging in and end every session and API token they hold, now."""
    if not reason.strip():
        raise ValidationError({"reason": "Give a reason for disabling this user."})
    if by is not None and by.pk == user.pk:
        raise ValidationError({"reason": "You cannot disable your own account."})
    user = User.objects.select_for_update().get(pk=user.pk)
    user.is_active = False
    user.disabled_at = timezone.now()
    user.save(update_fields=["is_active", "disabled_at"])
    ended = _end_sessions_and_tokens(user)
    audit_record(
        actor=by,
        action=AuditEvent.Action.USER_DISABLED,
        obj=user,
        reason=reason.strip(),
        metadata={"sessions_and_tokens_ended": ended},
    )
    return user


@transaction.atomic
def user_enable(*, user: User, by: User | None, reason: str = "") -> User:
    user = User.objects.select_for_update().get(pk=user.pk)
    user.is_active = True
    user.disabled_at = None
    user.save(update_fields=["is_active", "disabled_at"])
    audit_record(actor=by, action=AuditEvent.Action.USER_ENABLED, obj=user, reason=reason)
    return user


def locked_out_attempts() -> QuerySet[AccessAttempt]:
    """Failed-login records that lock their account now (the cool-off has not yet passed)."""
    attempts = AccessAttempt.objects.filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT)
    if settings.AXES_COOLOFF_TIME:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME)
    return attempts


def user_is_locked_out(*, user: User) -> bool:
    return locked_out_attempts().filter(username=user.email.lower()).exists()


@transaction.atomic
def user_unlock(*, user: User, by: User | None) -> int:
    """Clear the user's failed logins so they can try again at once."""
    removed = AxesProxyHandler.reset_attempts(username=user.email.lower())
    audit_record(
        actor=by, action=AuditEvent.Action.USER_UNLOCKED, obj=user, metadata={"cleared": removed}
    )
    return removed


def sessions_clear_expired() -> int:
    """Delete expired sessions and forget the tracking rows of sessions that no longer exist."""
    from importlib import import_module

    engine = import_module(settings.SESSION_ENGINE)
    engine.SessionStore.clear_expired()
    removed, _ = UserSession.objects.exclude(
        session_key__in=Session.objects.values("session_key")
    ).delete()
    return removed


@transaction.atomic
def administrator_create(
    *, email: str, full_name: str, agency_name: str, base_url: str, by: User | None = None
) -> User:
    """Invite a system administrator, with the agency their membership needs (made if missing).

    The way to the first account on a new installation, where demo data is refused.
    """
    from partners import services as partners_services
    from partners.models import Agency, Role

    agency = Agency.objects.filter(name=agency_name).first() or partners_services.agency_create(
        by=by, name=agency_name, sector=Agency.Sector.NATIONAL, kind=Agency.Kind.OTHER
    )
    user = user_invite(by=by, email=email, full_name=full_name, base_url=base_url)
    partners_services.membership_create(by=by, user=user, agency=agency, role=Role.ADMINISTRATOR)
    return user
