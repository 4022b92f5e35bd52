"""Track the sessions a user logs in with, so that disabling them ends every one at once."""

from __future__ import annotations

import time
from typing import Any

from django.contrib.auth import signals
from django.dispatch import receiver
from django.http import HttpRequest

from accounts.middleware import SESSION_AUTH_AT
from accounts.models import UserSession


@receiver(signals.user_logged_in, dispatch_uid="accounts_track_session")
def _track_session(sender: object, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    session = getattr(request, "session", None)
    if session is None:
        return
    session[SESSION_AUTH_AT] = time.time()
    if session.session_key is None:
        session.save()
    UserSession.objects.get_or_create(session_key=session.session_key, defaults={"user": user})


@receiver(signals.user_logged_out, dispatch_uid="accounts_forget_session")
def _forget_session(sender: object, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    session = getattr(request, "session", None)
    if session is not None and session.session_key:
        UserSession.objects.filter(session_key=session.session_key).delete()
