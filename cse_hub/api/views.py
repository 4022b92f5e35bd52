"""Shared pieces of API views: the authenticated caller, and list filters from the query string."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request

from accounts.models import User


def acting_user(request: Request) -> User:
    """The authenticated user making the request (the view's permissions refused anyone else)."""
    user = request.user
    if not isinstance(user, User):
        raise TypeError("This view must require an authenticated user.")
    return user


class QueryFilterMixin(GenericAPIView):  # type: ignore[type-arg]
    """For list views: validate `?name=value` filters with `filter_serializer_class`.

    The view applies them in `apply_filters`; detail routes are never filtered, so a record
    answers the same whatever the query string says. Bad values are a 400 naming the filter.
    """

    filter_serializer_class: type[serializers.Serializer] | None = None

    def query_filters(self) -> dict[str, Any]:
        if self.filter_serializer_class is None:
            return {}
        # A plain dict, not the QueryDict: DRF reads a missing boolean in form-like input as
        # false, which would turn "no filter" into "inactive only".
        serializer = self.filter_serializer_class(data=self.request.query_params.dict())
        serializer.is_valid(raise_exception=True)
        return {key: value for key, value in serializer.validated_data.items() if value is not None}

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if getattr(self, "action", None) != "list":
            return queryset
        return self.apply_filters(queryset, self.query_filters())

    def apply_filters(self, queryset: QuerySet[Any], filters: dict[str, Any]) -> QuerySet[Any]:
        return queryset
