"""One JSON error shape for every API error, from DRF and from Django alike.

    {"error": {"status": 404, "code": "not_found", "message": "Not found.", "fields": {...}}}

`fields` appears only for validation errors and maps each field (or "non_field_errors") to a
list of messages.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, JsonResponse
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def error_body(
    *, status_code: int, code: str, message: str, fields: dict[str, Any] | None = None
) -> dict[str, Any]:
    body: dict[str, Any] = {"status": status_code, "code": code, "message": message}
    if fields:
        body["fields"] = fields
    return {"error": body}


def _flatten(detail: Any) -> Any:
    if isinstance(detail, dict):
        return {key: _flatten(value) for key, value in detail.items()}
    if isinstance(detail, list):
        return [_flatten(item) if isinstance(item, dict | list) else str(item) for item in detail]
    return [str(detail)]


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
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
        fields = detail if isinstance(detail, dict) else {"non_field_errors": detail}
        response.data = error_body(
            status_code=response.status_code,
            code="invalid",
            message="Check the fields marked in this response.",
            fields=_flatten(fields),
        )
    else:
        codes = exc.get_codes()
        code = codes if isinstance(codes, str) else "error"
        response.data = error_body(
            status_code=response.status_code, code=code, message=str(exc.detail)
        )
    return response


def json_error(request: HttpRequest, status_code: int, code: str, message: str) -> JsonResponse:
    return JsonResponse(
        error_body(status_code=status_code, code=code, message=message), status=status_code
    )


def api_not_found(request: HttpRequest, exception: Exception | None = None) -> JsonResponse:
    return json_error(request, status.HTTP_404_NOT_FOUND, "not_found", "Not found.")


def api_server_error(request: HttpRequest) -> JsonResponse:
    return json_error(
        request,
        status.HTTP_500_INTERNAL_SERVER_ERROR,
        "server_error",
        "Something went wrong. The error has been logged with this request's id.",
    )
