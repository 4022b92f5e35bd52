"""API of a worker's balance: a spoke worker's month, the hub's table for its managers, and the
hub's target.

Authorised through `consultancy.policies` and read through the same selectors as the pages. A
caller whose role has no balance (not a spoke worker or hub manager) gets 403; a worker who is
not the hub's spoke worker in the month, or a hub the caller does not work for, is 404; an
unreadable month or target is 400; a target set over someone else's change is 409.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, URLResolver, path
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from cases.api.views import CONFLICT, VersionConflict
from consultancy import policies
from consultancy.selectors.balance import (
    KIND_LABELS,
    Balance,
    Month,
    MonthNotValid,
    Target,
    balance_hubs,
    balance_of_row,
    balance_target_of,
    hub_balance_rows,
    hub_balance_total,
    hub_workers_in,
    worker_balance,
)
from consultancy.services.balance import (
    UNCHECKED,
    TargetChangedError,
    balance_target_set,
)
from cse_hub.api.errors import ErrorSerializer
from cse_hub.api.pagination import DefaultPagination
from cse_hub.api.views import acting_user
from partners.models import Agency

NO_BALANCE = "Only spoke workers and hub managers have a balance to see."
MANAGERS_ONLY = "Only the hub's managers see other workers' balances and set the target."
NOT_A_WORKER = (
    "You are not a spoke worker: name one with ?worker=, or see every worker's balance at "
    "/api/v1/balance/hub/."
)
INVALID = OpenApiResponse(
    ErrorSerializer, description="The month, hub or shares are not valid (`fields` says which)."
)


# Shapes


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.SerializerMethodField()

    def get_name(self, user: User) -> str:
        return user.full_name or user.email


class HubSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField()


def _decimal(help_text: str) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=7, decimal_places=1, coerce_to_string=False, allow_null=True, help_text=help_text
    )


class KindSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=list(KIND_LABELS.items()))
    # Declared fields leave the class's attributes, so this does not hide `Field.label`.
    label = serializers.CharField()  # type: ignore[assignment]
    minutes = serializers.IntegerField()
    hours = _decimal("Hours, to one decimal place.")
    share = _decimal("Percent of the month's recorded hours; null when none are recorded.")
    target = serializers.IntegerField(help_text="The hub's target share, in percent.")
    difference = _decimal("Points above (positive) or below (negative) the target share.")


class TargetSerializer(serializers.Serializer):
    direct_work = serializers.IntegerField()
    consultancy = serializers.IntegerField()
    training = serializers.IntegerField()
    awareness = serializers.IntegerField()
    is_default = serializers.BooleanField(
        help_text="True while the hub has not set its own target (60/15/15/10)."
    )
    updated_at = serializers.DateTimeField(allow_null=True)
    updated_by = PersonSerializer(allow_null=True)


class TotalsSerializer(serializers.Serializer):
    total_minutes = serializers.IntegerField()
    total_hours = _decimal("Hours of every kind, to one decimal place.")
    is_empty = serializers.BooleanField(help_text="True when no work is recorded in the month.")
    kinds = KindSerializer(many=True)


class WorkerRowSerializer(TotalsSerializer):
    worker = PersonSerializer()


class MonthFieldsSerializer(serializers.Serializer):
    hub = HubSerializer()
    month = serializers.CharField(help_text="The month, as YYYY-MM.")
    month_label = serializers.CharField()
    target = TargetSerializer()


class BalanceSerializer(MonthFieldsSerializer, WorkerRowSerializer):
    """One worker's month."""


class HubBalanceSerializer(MonthFieldsSerializer):
    """Every spoke worker of the hub in the month, a page at a time, with the hub's total."""

    total = TotalsSerializer()
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = WorkerRowSerializer(many=True)


class BalanceQuerySerializer(serializers.Serializer):
    month = serializers.CharField(
        required=False, help_text="The month as YYYY-MM; this month when left out."
    )
    hub = serializers.IntegerField(
        required=False, help_text="The hub, for someone who works for several; else their own."
    )

    def validate_month(self, value: str) -> Month:
        try:
            return Month.parse(value)
        except MonthNotValid as error:
            raise serializers.ValidationError(str(error)) from None


class WorkerQuerySerializer(BalanceQuerySerializer):
    worker = serializers.IntegerField(
        required=False,
        help_text="A spoke worker of the hub (managers only); the caller if left out.",
    )


class HubQuerySerializer(serializers.Serializer):
    hub = serializers.IntegerField(
        required=False, help_text="The hub, for a manager of several; else the one they manage."
    )


def _share_input(kind: str) -> serializers.IntegerField:
    label = KIND_LABELS[kind].lower()
    return serializers.IntegerField(
        min_value=0,
        max_value=100,
        error_messages={
            "required": f"Enter the target share for {label}.",
            "null": f"Enter the target share for {label}.",
            "invalid": f"Enter the share for {label} as a whole number.",
            "min_value": f"Enter a share for {label} from 0 to 100.",
            "max_value": f"Enter a share for {label} from 0 to 100.",
        },
    )


class TargetInputSerializer(serializers.Serializer):
    direct_work = _share_input("direct_work")
    consultancy = _share_input("consultancy")
    training = _share_input("training")
    awareness = _share_input("awareness")
    updated_at = serializers.DateTimeField(
        required=False,
        allow_null=True,
        help_text=(
            "The `updated_at` of the target you started from (null for the default): if it has "
            "changed since, nothing is saved and the answer is 409. Leave it out to set the "
            "target whatever it is."
        ),
    )


# Reading the query


def _query(serializer_class: type[serializers.Serializer], request: Request) -> dict[str, Any]:
    serializer = serializer_class(data=request.query_params.dict())
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def _hub(*, hub_ids: set[int], asked: int | None, refusal: str) -> tuple[Agency, bool]:
    """The hub asked for among `hub_ids` (else the first by name): 403 with none, 404 for a
    hub not among them."""
    hubs = list(balance_hubs(hub_ids=hub_ids))
    if not hubs:
        raise exceptions.PermissionDenied(refusal)
    if asked is None:
        return hubs[0], len(hubs) > 1
    for hub in hubs:
        if hub.pk == asked:
            return hub, len(hubs) > 1
    raise Http404


def _target(target: Target) -> dict[str, Any]:
    return {
        **target.as_dict(),
        "is_default": target.is_default,
        "updated_at": target.updated_at,
        "updated_by": target.updated_by,
    }


def _totals(balance: Balance) -> dict[str, Any]:
    return {
        "total_minutes": balance.total_minutes,
        "total_hours": balance.total_hours,
        "is_empty": balance.is_empty,
        "kinds": [
            {
                "kind": kind.kind,
                "label": kind.label,
                "minutes": kind.minutes,
                "hours": kind.hours,
                "share": kind.share,
                "target": kind.target,
                "difference": kind.difference,
            }
            for kind in balance.kinds
        ],
    }


def _month_fields(*, hub: Agency, month: Month, target: Target) -> dict[str, Any]:
    return {"hub": hub, "month": month.param, "month_label": month.label, "target": _target(target)}


# Views


class BalanceView(APIView):
    """A spoke worker's month."""

    @extend_schema(
        summary="A spoke worker's balance for a month",
        description=(
            "Hours of direct work with young people, consultancy, training and awareness "
            "sessions in a calendar month (UK time), each with its share of the month's hours "
            "and the hub's target. A spoke worker sees their own; the hub's managers name a "
            "worker with `worker`."
        ),
        parameters=[WorkerQuerySerializer],
        responses={status.HTTP_200_OK: BalanceSerializer, status.HTTP_400_BAD_REQUEST: INVALID},
    )
    def get(self, request: Request) -> Response:
        user = acting_user(request)
        query = _query(WorkerQuerySerializer, request)
        month = query.get("month") or Month.current()
        asked_worker = query.get("worker")
        if asked_worker is None or asked_worker == user.pk:
            if not policies.worker_hub_ids(user):
                refusal = NOT_A_WORKER if policies.managed_hub_ids(user) else NO_BALANCE
                raise exceptions.PermissionDenied(refusal)
            hub, _ = _hub(
                hub_ids=policies.worker_hub_ids(user), asked=query.get("hub"), refusal=NO_BALANCE
            )
            worker = user
        else:
            refusal = MANAGERS_ONLY if policies.staff_hub_ids(user) else NO_BALANCE
            hub, _ = _hub(
                hub_ids=policies.managed_hub_ids(user), asked=query.get("hub"), refusal=refusal
            )
            worker = get_object_or_404(hub_workers_in(hub=hub, month=month), pk=asked_worker)
        if not policies.may_view_balance(user, worker=worker, hub=hub):
            raise PermissionDenied
        target = balance_target_of(hub=hub)
        balance = worker_balance(worker=worker, hub=hub, month=month, target=target)
        data = {
            **_month_fields(hub=hub, month=month, target=target),
            "worker": worker,
            **_totals(balance),
        }
        return Response(BalanceSerializer(data).data)


class HubBalanceView(APIView):
    """Every spoke worker of the hub in a month."""

    @extend_schema(
        summary="Every spoke worker's balance for a month, for the hub's managers",
        description=(
            "Each spoke worker of the hub at any time in the month, by name, a page at a time "
            "(`page`, `page_size`), with the hub's total over every worker."
        ),
        parameters=[BalanceQuerySerializer],
        responses={status.HTTP_200_OK: HubBalanceSerializer, status.HTTP_400_BAD_REQUEST: INVALID},
    )
    def get(self, request: Request) -> Response:
        user = acting_user(request)
        query = _query(BalanceQuerySerializer, request)
        month = query.get("month") or Month.current()
        refusal = MANAGERS_ONLY if policies.staff_hub_ids(user) else NO_BALANCE
        hub, _ = _hub(
            hub_ids=policies.managed_hub_ids(user), asked=query.get("hub"), refusal=refusal
        )
        if not policies.may_set_balance_target(user, hub=hub):
            raise PermissionDenied
        target = balance_target_of(hub=hub)
        rows = hub_balance_rows(hub=hub, month=month)
        paginator = DefaultPagination()
        page = paginator.paginate_queryset(rows, request, view=self) or []
        assert paginator.page is not None
        data = {
            **_month_fields(hub=hub, month=month, target=target),
            "total": _totals(hub_balance_total(rows=rows, month=month, target=target)),
            "count": paginator.page.paginator.count,
            "next": paginator.get_next_link(),
            "previous": paginator.get_previous_link(),
            "results": [
                {"worker": row, **_totals(balance_of_row(row, month=month, target=target))}
                for row in page
            ],
        }
        return Response(HubBalanceSerializer(data).data)


class BalanceTargetView(APIView):
    """The hub's target share of each kind of work."""

    def _hub(self, request: Request) -> Agency:
        """A hub the caller works for: its staff read the target, its managers set it."""
        user = acting_user(request)
        asked = _query(HubQuerySerializer, request).get("hub")
        hub, _ = _hub(hub_ids=policies.staff_hub_ids(user), asked=asked, refusal=NO_BALANCE)
        return hub

    @extend_schema(
        summary="The hub's target balance",
        description="What the hub aims for; its spoke workers and managers may read it.",
        parameters=[HubQuerySerializer],
        responses={status.HTTP_200_OK: TargetSerializer},
    )
    def get(self, request: Request) -> Response:
        hub = self._hub(request)
        return Response(TargetSerializer(_target(balance_target_of(hub=hub))).data)

    @extend_schema(
        summary="Set the hub's target balance (hub managers)",
        description=(
            "Four whole percentages that add up to 100. Send the `updated_at` you read to be "
            "told (409) if another manager changed it meanwhile."
        ),
        parameters=[HubQuerySerializer],
        request=TargetInputSerializer,
        responses={
            status.HTTP_200_OK: TargetSerializer,
            status.HTTP_400_BAD_REQUEST: INVALID,
            status.HTTP_409_CONFLICT: CONFLICT,
        },
    )
    def put(self, request: Request) -> Response:
        user = acting_user(request)
        hub = self._hub(request)
        if not policies.may_set_balance_target(user, hub=hub):
            raise exceptions.PermissionDenied(MANAGERS_ONLY)
        serializer = TargetInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        started_from: datetime.datetime | None | object = data.pop("updated_at", UNCHECKED)
        try:
            balance_target_set(hub=hub, by=user, started_from=started_from, **data)  # type: ignore[arg-type]
        except TargetChangedError as error:
            raise VersionConflict(str(error)) from error
        return Response(TargetSerializer(_target(balance_target_of(hub=hub))).data)


urlpatterns: list[URLPattern | URLResolver] = [
    path("balance/", BalanceView.as_view(), name="balance"),
    path("balance/hub/", HubBalanceView.as_view(), name="balance-hub"),
    path("balance/target/", BalanceTargetView.as_view(), name="balance-target"),
]
