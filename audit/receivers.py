"""Authentication outcomes come to us as signals from Django, allauth and axes; audit them."""

from __future__ import annotations

from typing import Any

from allauth.mfa import signals as mfa_signals
from axes.signals import user_locked_out
from django.contrib.auth import get_user_model, signals
from django.dispatch import receiver
from django.http import HttpRequest

from audit.models import AuditEvent
from audit.services import audit_record


def _user_id_for_login(credentials: dict[str, Any]) -> int | None:
    # Record which account was tried (an id, never the typed text), if it exists.
    email = str(credentials.get("email") or credentials.get("username") or "").strip()
    if not email:
        return None
    return get_user_model().objects.filter(email__iexact=email).values_list("pk", flat=True).first()


@receiver(signals.user_logged_in, dispatch_uid="audit_login")
def _on_login(sender: object, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    audit_record(actor=user, action=AuditEvent.Action.LOGIN, obj=user)


@receiver(signals.user_logged_out, dispatch_uid="audit_logout")
def _on_logout(sender: object, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit_record(actor=user, action=AuditEvent.Action.LOGOUT, obj=user)


@receiver(signals.user_login_failed, dispatch_uid="audit_login_failed")
def _on_login_failed(sender: object, credentials: dict[str, Any], **kwargs: Any) -> None:
    audit_record(
        actor=None,
        action=AuditEvent.Action.LOGIN_FAILED,
        metadata={"user_id": _user_id_for_login(credentials)},
    )


@receiver(user_locked_out, dispatch_uid="audit_locked_out")
def _on_locked_out(sender: object, request: HttpRequest, username: str, **kwargs: Any) -> None:
    audit_record(
        actor=None,
        action=AuditEvent.Action.LOCKED_OUT,
        metadata={"user_id": _user_id_for_login({"email": username})},
    )


@receiver(mfa_signals.authenticator_added, dispatch_uid="audit_mfa_added")
def _on_authenticator_added(sender: object, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    authenticator = kwargs.get("authenticator")
    kind = getattr(authenticator, "type", "")
    action = (
        AuditEvent.Action.RECOVERY_CODES_GENERATED
        if kind == "recovery_codes"
        else AuditEvent.Action.MFA_ACTIVATED
    )
    audit_record(actor=user, action=action, obj=user, metadata={"type": kind})


@receiver(mfa_signals.authenticator_removed, dispatch_uid="audit_mfa_removed")
def _on_authenticator_removed(
    sender: object, request: HttpRequest, user: Any, **kwargs: Any
) -> None:
    authenticator = kwargs.get("authenticator")
    audit_record(
        actor=user,
        action=AuditEvent.Action.MFA_DEACTIVATED,
        obj=user,
        metadata={"type": getattr(authenticator, "type", "")},
    )
