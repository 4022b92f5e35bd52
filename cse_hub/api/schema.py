"""The OpenAPI generator, taught that every operation can fail in the one error shape."""

from __future__ import annotations

from typing import Any

from drf_spectacular import openapi
from drf_spectacular.utils import OpenApiResponse
from rest_framework.permissions import IsAuthenticated

from cse_hub.api.errors import ErrorSerializer

_DESCRIPTIONS = {
    "400": "The input is not valid; `fields` says what to correct.",
    "401": "Not logged in, or the API token is missing, wrong, expired or revoked.",
    "403": (
        "Allowed to see the record but not to do this, or two-factor authentication is not "
        "set up yet."
    ),
    "404": "No such record, or one the caller may not see (the two are not told apart).",
    "429": "Too many requests; `Retry-After` says when to try again.",
}


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's generator, adding the error responses an operation can give."""

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code in self._error_codes():
            if code not in responses:
                responses[code] = self._get_response_for_code(
                    OpenApiResponse(ErrorSerializer, description=_DESCRIPTIONS[code]),
                    code,
                    direction=direction,
                )
        return dict(sorted(responses.items()))

    def _error_codes(self) -> list[str]:
        codes = []
        writes = self.method in ("POST", "PUT", "PATCH")
        filtered = getattr(self.view, "filter_serializer_class", None) is not None
        if writes or (filtered and self._is_list_view()):
            codes.append("400")
        if any(isinstance(p, IsAuthenticated) for p in self.view.get_permissions()):
            codes += ["401", "403"]
        # Detail routes answer 404 for what the caller may not see; lists for a page past the end.
        if "{" in self.path or self._is_list_view():
            codes.append("404")
        if self.view.get_throttles():
            codes.append("429")
        return codes
