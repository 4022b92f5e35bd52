"""What the benchmark's web servers carry while `CSE_HUB_BENCH` is on, and never otherwise."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from partners.models import LocalAuthority

QUERY_COUNT_HEADER = "X-Query-Count"
# The standard header, so that a browser's developer tools show the same figures.
SERVER_TIMING_HEADER = "Server-Timing"


class _Counter:
    """An execute wrapper that counts statements and the time spent in them."""

    def __init__(self) -> None:
        self.count = 0
        self.seconds = 0.0

    def __call__(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.count += 1
            self.seconds += time.perf_counter() - started


class QueryCountMiddleware:
    """Say in each response how many SQL statements it took, and the time in the app and in
    the database, so that the client measures them in the same run as the latency."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        counter = _Counter()
        started = time.perf_counter()
        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        app_ms = (time.perf_counter() - started) * 1000
        response[QUERY_COUNT_HEADER] = str(counter.count)
        response[SERVER_TIMING_HEADER] = (
            f"app;dur={app_ms:.2f}, db;dur={counter.seconds * 1000:.2f}"
        )
        return response


@require_safe
def baseline(request: HttpRequest, pk: int) -> JsonResponse:
    """One row read by primary key, answered as a few bytes of JSON, through the whole
    middleware stack and nothing else: the floor every other page stands on. A local
    authority, because its name and code are public and no one need sign in to see them."""
    local_authority = get_object_or_404(LocalAuthority.objects.only("name"), pk=pk)
    return JsonResponse({"id": local_authority.pk, "name": local_authority.name})
