"""How django-axes names the account being tried, and what a locked-out user is told."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cse_hub.api.errors import json_error


def username_from_request(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """The email tried, lower-cased, from allauth's form, the API or Django's own form."""
    credentials = credentials or {}
    value = (
        credentials.get("email")
        or credentials.get("username")
        or credentials.get("login")
        or request.POST.get("login")
        or request.POST.get("email")
        or ""
    )
    return str(value).strip().lower()


def lockout_response(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = (
        "This account is locked after too many failed attempts to sign in. "
        f"Try again in {minutes} minutes, or ask your system administrator to unlock it."
    )
    if request.path.startswith("/api/"):
        return json_error(request, 403, "account_locked", message)
    return render(
        request, "account/locked_out.html", {"message": message, "minutes": minutes}, status=403
    )
