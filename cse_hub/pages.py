"""What page views share: one page of a list, the query string for its links, and a 403."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

PAGE_SIZE = 25


def page_of(request: HttpRequest, queryset: QuerySet[Any], *, size: int = PAGE_SIZE) -> Page:  # type: ignore[type-arg]
    """One page of the queryset: a COUNT and a LIMIT/OFFSET query, whatever the table's size.

    `page.numbers` holds the page numbers to link to, with gaps elided.
    """
    page = Paginator(queryset, size).get_page(request.GET.get("page"))
    page.numbers = list(  # type: ignore[attr-defined]
        page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
    )
    return page


def query_without(request: HttpRequest, *names: str) -> str:
    """The request's query string without the page number and `names`, for filter links."""
    query = request.GET.copy()
    for name in ("page", *names):
        query.pop(name, None)
    return query.urlencode()


def require(allowed: bool) -> None:
    """Refuse with 403: for a record the user may see but not act on."""
    if not allowed:
        raise PermissionDenied
