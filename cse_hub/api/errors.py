"""One JSON error shape for every API error, from DRF, Django and our middleware alike.

    {"error": {"status": 404, "code": "not_found", "message": "Not found.", "fields": {...}}}

`fields` appears only for validation errors and maps each field (or "non_field_errors") to a
list of messages. Code that answers outside DRF (Django's error handlers, and middleware for
two-factor set-up, session end and lockout) writes the same shape; `json_error` makes it.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, JsonResponse
from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

# The scheme API clients authenticate with (django-rest-knox's header prefix).
AUTH_CHALLENGE = "Token"
VALIDATION_MESSAGE = "Check the fields marked in this response."

# Clearer words than DRF's defaults for the errors a client meets most.
_MESSAGES: dict[type[exceptions.APIException], str] = {
    exceptions.NotAuthenticated: (
        "Log in, or send an API token in the Authorization header as 'Token <token>'."
    ),
    exceptions.PermissionDenied: "You do not have permission to do this.",
    exceptions.NotFound: "Not found.",
}


def error_body(
    *, status_code: int, code: str, message: str, fields: dict[str, Any] | None = None
) -> dict[str, Any]:
    body: dict[str, Any] = {"status": status_code, "code": code, "message": message}
    if fields:
        body["fields"] = fields
    return {"error": body}


def _flatten(detail: Any) -> Any:
    """Error details as plain strings, keeping the nesting of dicts and lists of dicts."""
    if isinstance(detail, dict):
        return {
            (api_settings.NON_FIELD_ERRORS_KEY if key == NON_FIELD_ERRORS else key): _flatten(value)
            for key, value in detail.items()
        }
    if isinstance(detail, list):
        return [_flatten(item) if isinstance(item, dict | list) else str(item) for item in detail]
    return [str(detail)]


def _from_django_validation_error(exc: DjangoValidationError) -> exceptions.ValidationError:
    if hasattr(exc, "error_dict"):
        return exceptions.ValidationError(exc.message_dict)
    return exceptions.ValidationError({api_settings.NON_FIELD_ERRORS_KEY: exc.messages})


def _message(exc: exceptions.APIException) -> str:
    if isinstance(exc, exceptions.Throttled):
        wait = getattr(exc, "wait", None)
        if wait is None:
            return "Too many requests. Try again later."
        seconds = int(wait)
        return f"Too many requests. Try again in {seconds} second{'' if seconds == 1 else 's'}."
    detail = str(exc.detail)
    # Only DRF's stock wording is replaced; a message a view chose is kept as it is.
    if detail == str(type(exc).default_detail):
        return _MESSAGES.get(type(exc), detail)
    return detail


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler (status, headers, rollback) with the body replaced by the error shape."""
    if isinstance(exc, DjangoValidationError):
        exc = _from_django_validation_error(exc)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    assert isinstance(exc, exceptions.APIException)
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail
        fields = detail if isinstance(detail, dict) else {api_settings.NON_FIELD_ERRORS_KEY: detail}
        response.data = error_body(
            status_code=response.status_code,
            code="invalid",
            message=VALIDATION_MESSAGE,
            fields=_flatten(fields),
        )
    else:
        codes = exc.get_codes()
        code = codes if isinstance(codes, str) else "error"
        response.data = error_body(
            status_code=response.status_code, code=code, message=_message(exc)
        )
    return response


def json_error(request: HttpRequest, status_code: int, code: str, message: str) -> JsonResponse:
    """The error shape as a plain Django response, for code that runs outside DRF."""
    response = JsonResponse(
        error_body(status_code=status_code, code=code, message=message), status=status_code
    )
    if status_code == status.HTTP_401_UNAUTHORIZED:
        # A 401 must say how to authenticate (RFC 9110); as DRF's token class does.
        response["WWW-Authenticate"] = AUTH_CHALLENGE
    return response


def api_not_found(request: HttpRequest, exception: Exception | None = None) -> JsonResponse:
    return json_error(request, status.HTTP_404_NOT_FOUND, "not_found", "Not found.")


def api_server_error(request: HttpRequest) -> JsonResponse:
    return json_error(
        request,
        status.HTTP_500_INTERNAL_SERVER_ERROR,
        "server_error",
        "Something went wrong. The error has been logged with this request's id.",
    )


class ErrorSerializer(serializers.Serializer):
    """The one shape every API error has, whatever answered it."""

    # Inline, because a serializer cannot declare a field called `fields`.
    error = inline_serializer(
        name="ErrorDetail",
        fields={
            "status": serializers.IntegerField(help_text="The HTTP status code, repeated."),
            "code": serializers.CharField(
                help_text="A stable machine-readable code, such as 'not_found' or 'invalid'."
            ),
            "message": serializers.CharField(help_text="What went wrong, in words for people."),
            "fields": serializers.DictField(
                child=serializers.ListField(child=serializers.CharField()),
                required=False,
                help_text=(
                    "Only for validation errors: each field (or 'non_field_errors') with its "
                    "messages."
                ),
            ),
        },
    )


class VersionConflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "Someone else changed this record while you were working on it."
    default_code = "conflict"


CONFLICT = OpenApiResponse(
    ErrorSerializer,
    description=(
        "Someone else changed the record since the `version` sent ('conflict'); the message "
        "says who changed what. Nothing was saved."
    ),
)
