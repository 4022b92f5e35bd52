"""How django-axes names the account being tried, and what a locked-out user is told."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render


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
        "This account is locked after too many failed attempts to log in. "
        f"Try again in {minutes} minutes, or ask your system administrator to unlock it."
    )
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"error": {"status": 403, "code": "account_locked", "message": message}},
            status=403,
        )
    return render(
        request, "account/locked_out.html", {"message": message, "minutes": minutes}, status=403
    )
