"""API views for consultancy requests: authorise through `consultancy.policies`, write through
`consultancy.services.requests`, and audit every read of a request.

A request the caller may not see is 404, exactly as one that does not exist; one they may see
but whose step is never theirs is 403; a step the request's status does not allow is 400 with the
service's reason; a change that started from a stale version is 409. A question about a young
person who is not named that looks as if it names them is a 400 with code 'identifying', unless
`identifying_details_confirmed` is true.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.urls import URLPattern, URLResolver
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from accounts.models import User
from cases.api.views import CONFLICT, CaseAPIMixin
from cases.models import Case
from consultancy import policies
from consultancy.api import requests_serializers as shapes
from consultancy.models import ConsultancyRequest
from consultancy.policies import View
from consultancy.selectors.requests import (
    InboxFilters,
    consultancy_for_page,
    consultancy_for_requester,
    consultancy_inbox,
)
from consultancy.services import requests as services
from cse_hub.api.errors import ErrorSerializer, error_body
from cse_hub.api.views import QueryFilterMixin, acting_user
from referrals.models import Referral

INVALID_STEP = OpenApiResponse(
    ErrorSerializer,
    description=(
        "The input is not valid, or the request's status does not allow this step "
        "(`fields.non_field_errors` says why). Nothing was saved."
    ),
)
IDENTIFYING = OpenApiResponse(
    ErrorSerializer,
    description=(
        "Code 'invalid': the input is not valid. Code 'identifying': the question about a "
        "young person who is not named looks as if it names them (`fields.question` says "
        "what); change it, or send `identifying_details_confirmed: true`. Nothing was saved."
    ),
)
NOT_REQUESTING = "Only practitioners and team managers of a partner agency can ask for consultancy."
NOT_PLACED = "Only a spoke worker placed in the request's local authority can take it."
NOT_MANAGER = "Only the hub's managers can assign a request."
NOT_RESPONDING = "Only the worker the request is with can record advice on it."
NOT_ANSWERING = "Only the worker the request is with and the hub's managers can do this."
NOT_REQUESTER = "Only the person who asked can do this."
NOT_REQUESTER_SIDE = "Only the requester or their team manager can withdraw a request."
NOT_LINKING = "Only the requester's side or the hub's can link a referral."
UNKNOWN_CASE = "Choose an open case the hub has shared with your agency."
UNKNOWN_WORKER = "Choose a spoke worker who works for the hub today."


def _changed(summary: str, request: Any) -> Any:
    """The schema of a step: its input, the request as it now is, and its failures."""
    return extend_schema(
        summary=summary,
        request=request,
        responses={
            status.HTTP_200_OK: shapes.ConsultancyRequestSerializer,
            status.HTTP_400_BAD_REQUEST: INVALID_STEP,
            status.HTTP_409_CONFLICT: CONFLICT,
        },
    )


@extend_schema_view(
    list=extend_schema(
        summary="List the consultancy requests the caller may see",
        description=(
            "Rows carry no question and nothing about the young person. `role=requester` "
            "lists the caller's own requests (a team manager's: their agency's), newest "
            "first; `role=hub` those the caller answers (a manager's hub's; a worker's own and "
            "the unassigned ones in their placements), urgent first, then oldest; without "
            "`role`, every request the caller may see, newest first."
        ),
        parameters=[shapes.ConsultancyFilterSerializer],
    ),
)
class ConsultancyRequestViewSet(
    CaseAPIMixin, QueryFilterMixin, mixins.ListModelMixin, viewsets.GenericViewSet
):
    """Consultancy: practitioners ask; the hub takes, assigns and advises; the requester asks a
    follow-up or says whether the advice helped."""

    serializer_class = shapes.ConsultancyRowSerializer
    filter_serializer_class = shapes.ConsultancyFilterSerializer
    queryset = ConsultancyRequest.objects.none()

    def get_queryset(self) -> QuerySet[ConsultancyRequest]:
        return policies.visible_consultancy(self.request.user)

    def apply_filters(
        self, queryset: QuerySet[ConsultancyRequest], filters: dict[str, Any]
    ) -> QuerySet[ConsultancyRequest]:
        user = self.request.user
        role = filters.get("role")
        if role == "hub":
            listed = consultancy_inbox(
                requests=policies.consultancy_for_hub(user),
                filters=InboxFilters(statuses=tuple(ConsultancyRequest.Status.values)),
            )
        else:
            source = policies.consultancy_requested(user) if role == "requester" else queryset
            listed = consultancy_for_requester(requests=source).select_related("local_authority")
        if "status" in filters:
            listed = listed.filter(status=filters["status"])
        if "urgency" in filters:
            listed = listed.filter(urgency=filters["urgency"])
        if "local_authority" in filters:
            listed = listed.filter(local_authority_id=filters["local_authority"])
        if "worker" in filters:
            listed = listed.filter(responding_worker_id=filters["worker"])
        return listed

    # Finding, authorising and showing one request.

    def _visible(self) -> ConsultancyRequest:
        """The request if the caller sees it at any view; otherwise 404, as for a missing one."""
        try:
            return consultancy_for_page(
                pk=self.kwargs["pk"], requests=policies.visible_consultancy(self.request.user)
            )
        except ConsultancyRequest.DoesNotExist:
            raise Http404 from None

    def _authorised(
        self, *, allowed: Callable[[Any, ConsultancyRequest], bool], refusal: str
    ) -> ConsultancyRequest:
        """The request, once the caller is someone who may take this kind of step.

        `allowed` asks who the caller is, never the status: 403 when the caller may never
        take the step; when only the status stands in the way, the service refuses with its
        reason (400).
        """
        item = self._visible()
        if not allowed(self.request.user, item):
            raise exceptions.PermissionDenied(refusal)
        return item

    def _shown(self, pk: int) -> dict[str, Any]:
        """The caller's view of the request as it is now."""
        user = acting_user(self.request)
        item = consultancy_for_page(pk=pk, requests=ConsultancyRequest.objects.all())
        view = policies.consultancy_view_of(user, item)
        if view == View.NONE:
            # The step took it out of the caller's sight (a worker handing it on).
            raise Http404
        item.view = view.name.lower()  # type: ignore[attr-defined]
        item.case_visible = policies.may_see_case_link(user, item)  # type: ignore[attr-defined]
        return dict(shapes.ConsultancyRequestSerializer(item).data)

    @staticmethod
    def _valid(serializer_class: type[serializers.Serializer], data: Any) -> dict[str, Any]:
        serializer = serializer_class(data=data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    @extend_schema(
        summary="Get a consultancy request with its thread (audited)",
        description=(
            "The question, the advice and follow-up questions, and every step's time. `case` "
            "is set only for a caller who may see that case. Every call is audited."
        ),
        responses={status.HTTP_200_OK: shapes.ConsultancyRequestSerializer},
    )
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        item = self._visible()
        services.consultancy_read_record(request=item, by=acting_user(request))
        return Response(self._shown(item.pk))

    @extend_schema(
        summary="Ask for consultancy",
        description=(
            "Practitioners and team managers of partner agencies. About a case the hub shared "
            "with your agency (it goes to the case's lead worker), or about a young person "
            "who is not named (it goes to the one worker placed in the local authority, or "
            "waits for the hub's managers to assign it)."
        ),
        request=shapes.ConsultancyCreateSerializer,
        responses={
            status.HTTP_201_CREATED: shapes.ConsultancyRequestSerializer,
            status.HTTP_400_BAD_REQUEST: IDENTIFYING,
        },
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = acting_user(request)
        agencies = policies.requesting_agencies(user)
        if not agencies:
            raise exceptions.PermissionDenied(NOT_REQUESTING)
        values = self._valid(shapes.ConsultancyCreateSerializer, request.data)
        agency = values.pop("agency", None)
        if agency is None:
            if len(agencies) > 1:
                raise exceptions.ValidationError(
                    {"agency": ["Choose the agency you are asking for."]}
                )
            agency = agencies[0]
        case_id = values.pop("case", None)
        if values["about"] == ConsultancyRequest.About.CASE:
            # An id that does not exist is refused in the words for one not shared, so the
            # answer never tells whether a case exists.
            values["case"] = Case.objects.filter(pk=case_id).first() if case_id else None
            if values["case"] is None:
                raise exceptions.ValidationError({"case": [UNKNOWN_CASE]})
        try:
            created = services.consultancy_request_create(by=user, agency=agency, **values)
        except services.IdentifyingDetails as error:
            messages = [str(m) for m in error.message_dict.get("question", [])]
            return Response(
                error_body(
                    status_code=status.HTTP_400_BAD_REQUEST,
                    code="identifying",
                    message=messages[0] if messages else "The question may identify them.",
                    fields={"question": messages},
                ),
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response(self._shown(created.pk), status=status.HTTP_201_CREATED)

    # The hub's steps.

    @_changed(
        "Take a request nobody has yet (a spoke worker placed in its local authority)",
        shapes.ConsultancyVersionSerializer,
    )
    @action(detail=True, methods=["post"])
    def take(self, request: Request, pk: int) -> Response:
        item = self._authorised(allowed=policies.is_placed_for, refusal=NOT_PLACED)
        data = self._valid(shapes.ConsultancyVersionSerializer, request.data)
        services.consultancy_take(request=item, by=acting_user(request), version=data["version"])
        return Response(self._shown(item.pk))

    @_changed(
        "Assign or reassign a request (the hub's managers)", shapes.ConsultancyAssignSerializer
    )
    @action(detail=True, methods=["post"])
    def assign(self, request: Request, pk: int) -> Response:
        item = self._authorised(allowed=policies.manages_request, refusal=NOT_MANAGER)
        data = self._valid(shapes.ConsultancyAssignSerializer, request.data)
        worker = User.objects.filter(pk=data["worker"]).first()
        if worker is None:
            raise exceptions.ValidationError({"worker": [UNKNOWN_WORKER]})
        services.consultancy_assign(
            request=item, by=acting_user(request), worker=worker, version=data["version"]
        )
        return Response(self._shown(item.pk))

    @_changed(
        "Record advice given (the worker the request is with); the requester is told",
        shapes.ConsultancyAdviseSerializer,
    )
    @action(detail=True, methods=["post"])
    def advise(self, request: Request, pk: int) -> Response:
        item = self._authorised(allowed=policies.responds_to, refusal=NOT_RESPONDING)
        data = self._valid(shapes.ConsultancyAdviseSerializer, request.data)
        services.consultancy_advise(request=item, by=acting_user(request), **data)
        return Response(self._shown(item.pk))

    @_changed(
        "Set what the consultancy was about (the worker it is with, or the hub's managers)",
        shapes.ConsultancyTopicsSerializer,
    )
    @action(detail=True, methods=["post"])
    def topics(self, request: Request, pk: int) -> Response:
        item = self._authorised(allowed=policies.may_record_topics, refusal=NOT_ANSWERING)
        data = self._valid(shapes.ConsultancyTopicsSerializer, request.data)
        services.consultancy_topics_set(request=item, by=acting_user(request), **data)
        return Response(self._shown(item.pk))

    @_changed(
        "Close an open request with a note (the worker it is with, or the hub's managers)",
        shapes.ConsultancyCloseSerializer,
    )
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: int) -> Response:
        item = self._authorised(allowed=policies.answers, refusal=NOT_ANSWERING)
        data = self._valid(shapes.ConsultancyCloseSerializer, request.data)
        services.consultancy_close(request=item, by=acting_user(request), **data)
        return Response(self._shown(item.pk))

    # The requester's steps.

    @_changed(
        "Ask a follow-up question after the advice (the requester)",
        shapes.ConsultancyFollowUpSerializer,
    )
    @action(detail=True, methods=["post"], url_path="follow-up")
    def follow_up(self, request: Request, pk: int) -> Response:
        item = self._authorised(allowed=policies.is_requester, refusal=NOT_REQUESTER)
        data = self._valid(shapes.ConsultancyFollowUpSerializer, request.data)
        services.consultancy_follow_up(request=item, by=acting_user(request), **data)
        return Response(self._shown(item.pk))

    @_changed(
        "Say whether the advice helped, which closes the request (the requester)",
        shapes.ConsultancyFeedbackSerializer,
    )
    @action(detail=True, methods=["post"])
    def feedback(self, request: Request, pk: int) -> Response:
        item = self._authorised(allowed=policies.is_requester, refusal=NOT_REQUESTER)
        data = self._valid(shapes.ConsultancyFeedbackSerializer, request.data)
        services.consultancy_feedback(request=item, by=acting_user(request), **data)
        return Response(self._shown(item.pk))

    @_changed(
        "Withdraw a request before advice (the requester or their team manager)",
        shapes.ConsultancyWithdrawSerializer,
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: int) -> Response:
        item = self._authorised(allowed=policies.may_act_as_requester, refusal=NOT_REQUESTER_SIDE)
        data = self._valid(shapes.ConsultancyWithdrawSerializer, request.data)
        services.consultancy_withdraw(request=item, by=acting_user(request), **data)
        return Response(self._shown(item.pk))

    @_changed(
        "Link a request about a young person not named to the referral that followed",
        shapes.ConsultancyLinkReferralSerializer,
    )
    @action(detail=True, methods=["post"], url_path="link-referral")
    def link_referral(self, request: Request, pk: int) -> Response:
        user = acting_user(request)
        item = self._authorised(allowed=policies.may_ever_link_referral, refusal=NOT_LINKING)
        data = self._valid(shapes.ConsultancyLinkReferralSerializer, request.data)
        referral = Referral.objects.filter(pk=data["referral"]).first()
        # One answer for a referral that does not exist, is another hub's or is not the
        # caller's to see.
        if referral is None or not policies.referral_linkable(user, item, referral):
            raise exceptions.ValidationError(
                {"referral": [f"Choose a referral made to {item.hub} that you can see."]}
            )
        services.consultancy_link_referral(
            request=item, by=user, referral=referral, version=data["version"]
        )
        return Response(self._shown(item.pk))


router = SimpleRouter()
router.register("consultancy-requests", ConsultancyRequestViewSet, basename="consultancy-request")

urlpatterns: list[URLPattern | URLResolver] = [*router.urls]
