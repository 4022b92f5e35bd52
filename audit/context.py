"""The request in hand (id, IP, acting agency), so services can audit without a request object."""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    request_id: str = ""
    ip: str | None = None
    agency_id: int | None = None


_EMPTY = RequestContext()
_current: contextvars.ContextVar[RequestContext | None] = contextvars.ContextVar(
    "cse_hub_request_context", default=None
)


def current() -> RequestContext:
    return _current.get() or _EMPTY


def set_agency(agency_id: int | None) -> None:
    """Record the agency the user is acting for, once the membership is known."""
    ctx = current()
    _current.set(RequestContext(request_id=ctx.request_id, ip=ctx.ip, agency_id=agency_id))


@contextmanager
def bound(ctx: RequestContext) -> Iterator[RequestContext]:
    token = _current.set(ctx)
    try:
        yield ctx
    finally:
        _current.reset(token)
