"""API views for referrals: authorise through `referrals.policies`, write through the services,
and audit every read.

A referral the caller may not see is 404, exactly as one that does not exist; one they may see
but whose step is not theirs is 403; a step the referral's status does not allow is 400 with the
service's reason; a change that started from a stale version is 409. Each caller gets the shape
of their view (`policies.view_of`): the referrer's never says whether the hub knew the young
person.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet, prefetch_related_objects
from django.http import Http404
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from audit.models import AuditEvent
from cases.api.views import CONFLICT, CaseAPIMixin
from cases.indicators import indicator_choices
from cases.models import YoungPerson
from cse_hub.api.errors import ErrorSerializer
from cse_hub.api.views import QueryFilterMixin, acting_user
from partners.policies import visible_agencies
from referrals import matching, policies, selectors, services
from referrals.api import serializers as shapes
from referrals.models import Referral
from referrals.policies import View

SHAPES: dict[View, type[serializers.Serializer]] = {
    View.REFERRER: shapes.ReferrerReferralSerializer,
    View.WORKER: shapes.WorkerReferralSerializer,
    View.HUB: shapes.HubReferralSerializer,
}

REFERRAL = PolymorphicProxySerializer(
    component_name="ReferralRecord",
    serializers=[
        shapes.ReferrerReferralSerializer,
        shapes.WorkerReferralSerializer,
        shapes.HubReferralSerializer,
    ],
    resource_type_field_name=None,
)

INVALID_STEP = OpenApiResponse(
    ErrorSerializer,
    description=(
        "The input is not valid, or the referral's status does not allow this step "
        "(`fields.non_field_errors` says why). Nothing was saved."
    ),
)


@contextmanager
def _worker_errors_as_worker() -> Iterator[None]:
    """The cases service names the case's `lead_worker`; the caller sent `worker`."""
    try:
        yield
    except DjangoValidationError as exc:
        if hasattr(exc, "error_dict") and "lead_worker" in exc.error_dict:
            errors = dict(exc.error_dict)
            errors["worker"] = errors.pop("lead_worker")
            raise DjangoValidationError(errors) from exc
        raise


def _changed(summary: str, request: Any, **responses: Any) -> Any:
    """The schema of a step: its input, the caller's view of the referral, and its failures."""
    return extend_schema(
        summary=summary,
        request=request,
        responses={
            status.HTTP_200_OK: REFERRAL,
            status.HTTP_400_BAD_REQUEST: INVALID_STEP,
            status.HTTP_409_CONFLICT: CONFLICT,
            **responses,
        },
    )


NOT_REFERRER = "Only the referrer can change, submit or discard their draft."
NOT_WITHDRAWER = "Only the referrer or their team manager can withdraw a referral."
NOT_HUB = "Only the receiving hub's managers can screen, decide and allocate a referral."
UNKNOWN_YOUNG_PERSON = "Choose a young person known to this hub."
NOT_REFERRING = (
    "Only practitioners and team managers of a statutory or partner agency can make a referral."
)


@extend_schema_view(
    list=extend_schema(
        summary="List the referrals the caller may see",
        description=(
            "Practitioners see the referrals they made (drafts included), team managers also "
            "their agency's submitted ones, hub managers those made to their hubs and spoke "
            "workers those allocated to them; newest first. Rows carry only what every view "
            "may see."
        ),
        parameters=[shapes.ReferralFilterSerializer],
    ),
)
class ReferralViewSet(
    CaseAPIMixin, QueryFilterMixin, mixins.ListModelMixin, viewsets.GenericViewSet
):
    """Referrals: the referrer drafts and submits; the hub screens, matches, decides, allocates."""

    serializer_class = shapes.ReferralRowSerializer
    filter_serializer_class = shapes.ReferralFilterSerializer
    queryset = Referral.objects.none()

    def get_queryset(self) -> QuerySet[Referral]:
        return (
            policies.visible_referrals(self.request.user)
            .select_related(
                "referrer", "referrer_agency", "hub", "local_authority", "allocated_worker"
            )
            .order_by("-created_at", "-pk")
        )

    def apply_filters(
        self, queryset: QuerySet[Referral], filters: dict[str, Any]
    ) -> QuerySet[Referral]:
        if "status" in filters:
            queryset = queryset.filter(status=filters["status"])
        if "urgency" in filters:
            queryset = queryset.filter(urgency=filters["urgency"])
        if "mine" in filters:
            made_by_me = {"referrer_id": self.request.user.pk}
            if filters["mine"]:
                queryset = queryset.filter(**made_by_me)
            else:
                queryset = queryset.exclude(**made_by_me)
        return queryset

    # Finding, authorising and showing one referral.

    def _referral(self) -> Referral:
        """The referral if the caller sees it at any view; otherwise 404, as for a missing one."""
        try:
            referral = selectors.referral_for_page(
                pk=self.kwargs["pk"], referrals=policies.visible_referrals(self.request.user)
            )
        except Referral.DoesNotExist:
            raise Http404 from None
        if not policies.may_view(self.request.user, referral):
            raise Http404
        return referral

    def _authorised(self, *, allowed: Callable[[Any, Referral], bool], refusal: str) -> Referral:
        """The referral, once the policy says the caller may take this kind of step.

        `allowed` asks who the caller is, never the status: 403 when the caller may never
        take the step; when only the referral's status stands in the way, the service
        refuses with its reason (400), as for everyone who may take it.
        """
        referral = self._referral()
        if not allowed(self.request.user, referral):
            raise exceptions.PermissionDenied(refusal)
        return referral

    def _shown(self, pk: int) -> dict[str, Any]:
        """The caller's view of the referral as it is now."""
        user = acting_user(self.request)
        referral = selectors.referral_for_page(pk=pk, referrals=Referral.objects.all())
        view = policies.view_of(user, referral)
        if view == View.NONE:
            # The step took it out of the caller's sight (a discarded draft never gets here).
            raise Http404
        referral.view = view.name.lower()  # type: ignore[attr-defined]
        return SHAPES[view](referral).data

    @staticmethod
    def _valid(serializer_class: type[serializers.Serializer], data: Any) -> dict[str, Any]:
        serializer = serializer_class(data=data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    # The referral itself.

    @extend_schema(
        summary="Get a referral (audited)",
        description=(
            "The referrer and their team manager see what was referred, its status and "
            "outcome and the allocated worker's contact, the same whether or not the hub "
            "already knew the young person; the allocated worker also the case; the hub's "
            "managers everything. Every call is audited."
        ),
        responses={status.HTTP_200_OK: REFERRAL},
    )
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = acting_user(request)
        referral = self._referral()
        view = policies.view_of(user, referral)
        services.referral_read_record(
            referral=referral, by=user, action=AuditEvent.Action.REFERRAL_VIEWED
        )
        referral.view = view.name.lower()  # type: ignore[attr-defined]
        return Response(SHAPES[view](referral).data)

    @extend_schema(
        summary="Start a referral (a draft)",
        description=(
            "Practitioners and team managers of statutory and partner agencies. Every answer "
            "may wait until submission; `referrer_agency` may be left out by someone who "
            "refers for one agency only. The hub defaults from the local authority."
        ),
        request=shapes.ReferralDraftSerializer,
        responses={status.HTTP_201_CREATED: shapes.ReferrerReferralSerializer},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = acting_user(request)
        agencies = policies.referring_agencies(user)
        if not agencies:
            raise exceptions.PermissionDenied(NOT_REFERRING)
        values = self._valid(shapes.ReferralDraftSerializer, request.data)
        agency = values.pop("referrer_agency", None)
        if agency is None:
            if len(agencies) > 1:
                raise exceptions.ValidationError(
                    {"referrer_agency": ["Choose the agency you are referring for."]}
                )
            agency = agencies[0]
        referral = services.referral_draft_create(by=user, referrer_agency=agency, **values)
        return Response(self._shown(referral.pk), status=status.HTTP_201_CREATED)

    @_changed("Change a draft (its referrer)", shapes.ReferralDraftChangeSerializer)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        referral = self._authorised(allowed=policies.is_referrer, refusal=NOT_REFERRER)
        values = self._valid(shapes.ReferralDraftChangeSerializer, request.data)
        version = values.pop("version")
        services.referral_draft_update(
            referral=referral, by=acting_user(request), version=version, **values
        )
        return Response(self._shown(referral.pk))

    @extend_schema(
        summary="Discard a draft (its referrer)",
        parameters=[
            OpenApiParameter(
                "version",
                int,
                required=True,
                description="The version the discard started from (optimistic locking).",
            )
        ],
        responses={
            status.HTTP_204_NO_CONTENT: None,
            status.HTTP_400_BAD_REQUEST: INVALID_STEP,
            status.HTTP_409_CONFLICT: CONFLICT,
        },
    )
    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        referral = self._authorised(allowed=policies.is_referrer, refusal=NOT_REFERRER)
        version = self._valid(shapes.ReferralVersionSerializer, request.query_params.dict())[
            "version"
        ]
        services.referral_draft_delete(referral=referral, by=acting_user(request), version=version)
        return Response(status=status.HTTP_204_NO_CONTENT)

    # The referrer's steps.

    @_changed(
        "Submit a draft to the hub (its referrer)",
        shapes.ReferralVersionSerializer,
    )
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: int) -> Response:
        referral = self._authorised(allowed=policies.is_referrer, refusal=NOT_REFERRER)
        data = self._valid(shapes.ReferralVersionSerializer, request.data)
        services.referral_submit(
            referral=referral, by=acting_user(request), version=data["version"]
        )
        return Response(self._shown(referral.pk))

    @_changed(
        "Withdraw a referral before the hub decides (the referrer or their team manager)",
        shapes.ReferralReasonSerializer,
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: int) -> Response:
        referral = self._authorised(allowed=policies.may_act_as_referrer, refusal=NOT_WITHDRAWER)
        data = self._valid(shapes.ReferralReasonSerializer, request.data)
        services.referral_withdraw(
            referral=referral,
            by=acting_user(request),
            version=data["version"],
            reason=data["reason"],
        )
        return Response(self._shown(referral.pk))

    # The hub: screening and matching.

    @_changed(
        "Start screening a submitted referral (the hub's managers)",
        shapes.ReferralVersionSerializer,
    )
    @action(detail=True, methods=["post"], url_path="start-screening")
    def start_screening(self, request: Request, pk: int) -> Response:
        referral = self._authorised(allowed=policies.may_triage, refusal=NOT_HUB)
        data = self._valid(shapes.ReferralVersionSerializer, request.data)
        services.referral_screening_start(
            referral=referral, by=acting_user(request), version=data["version"]
        )
        return Response(self._shown(referral.pk))

    @_changed("Write the screening notes (the hub's managers)", shapes.ScreeningNotesSerializer)
    @action(detail=True, methods=["post"], url_path="screening-notes")
    def screening_notes(self, request: Request, pk: int) -> Response:
        referral = self._authorised(allowed=policies.may_triage, refusal=NOT_HUB)
        data = self._valid(shapes.ScreeningNotesSerializer, request.data)
        services.referral_screening_notes_update(
            referral=referral, by=acting_user(request), version=data["version"], notes=data["notes"]
        )
        return Response(self._shown(referral.pk))

    @extend_schema(
        summary="Young people the hub knows who may be the one referred (audited)",
        description=(
            "The receiving hub's managers only; best first, at most five, each with the "
            "reasons it may be the same young person. Every call is audited."
        ),
        responses={status.HTTP_200_OK: shapes.MatchSerializer(many=True)},
    )
    @action(detail=True, methods=["get"], pagination_class=None, filter_serializer_class=None)
    def matches(self, request: Request, pk: int) -> Response:
        user = acting_user(request)
        referral = self._referral()
        if not policies.may_see_triage(user, referral):
            raise exceptions.PermissionDenied(NOT_HUB)
        found = matching.possible_matches(referral=referral)
        # One query for the matches' local authorities, not one per match.
        prefetch_related_objects([match.young_person for match in found], "local_authority")
        services.referral_read_record(
            referral=referral, by=user, action=AuditEvent.Action.REFERRAL_MATCHES_VIEWED
        )
        return Response(shapes.MatchSerializer(found, many=True).data)

    @_changed(
        "Link the referral to a young person the hub knows (the hub's managers)",
        shapes.LinkSerializer,
    )
    @action(detail=True, methods=["post"])
    def link(self, request: Request, pk: int) -> Response:
        referral = self._authorised(allowed=policies.may_triage, refusal=NOT_HUB)
        data = self._valid(shapes.LinkSerializer, request.data)
        # An id that does not exist is refused in the service's words for another hub's young
        # person, so the answer never tells whether it exists elsewhere.
        young_person = YoungPerson.objects.filter(pk=data["young_person"]).first()
        if young_person is None:
            raise exceptions.ValidationError({"young_person": [UNKNOWN_YOUNG_PERSON]})
        services.referral_match_link(
            referral=referral,
            by=acting_user(request),
            version=data["version"],
            young_person=young_person,
        )
        return Response(self._shown(referral.pk))

    @_changed(
        "Confirm the young person is new to the hub (the hub's managers)",
        shapes.ReferralVersionSerializer,
    )
    @action(detail=True, methods=["post"], url_path="confirm-new")
    def confirm_new(self, request: Request, pk: int) -> Response:
        referral = self._authorised(allowed=policies.may_triage, refusal=NOT_HUB)
        data = self._valid(shapes.ReferralVersionSerializer, request.data)
        services.referral_match_confirm_new(
            referral=referral, by=acting_user(request), version=data["version"]
        )
        return Response(self._shown(referral.pk))

    # The hub: deciding and allocating.

    @_changed(
        "Accept a referral, and optionally allocate it at once (the hub's managers)",
        shapes.AcceptSerializer,
    )
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: int) -> Response:
        referral = self._authorised(allowed=policies.may_triage, refusal=NOT_HUB)
        data = self._valid(shapes.AcceptSerializer, request.data)
        user = acting_user(request)
        allocating = any(data.get(name) for name in ("worker", "risk_level", "rationale"))
        if allocating:
            with _worker_errors_as_worker():
                services.referral_accept_and_allocate(
                    referral=referral,
                    by=user,
                    version=data["version"],
                    reason=data["reason"],
                    worker=data.get("worker"),
                    risk_level=data.get("risk_level", ""),
                    rationale=data.get("rationale", ""),
                )
        else:
            services.referral_accept(
                referral=referral, by=user, version=data["version"], reason=data["reason"]
            )
        return Response(self._shown(referral.pk))

    @_changed(
        "Decline a referral, saying why (the hub's managers)", shapes.ReferralReasonSerializer
    )
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk: int) -> Response:
        referral = self._authorised(allowed=policies.may_triage, refusal=NOT_HUB)
        data = self._valid(shapes.ReferralReasonSerializer, request.data)
        services.referral_decline(
            referral=referral,
            by=acting_user(request),
            version=data["version"],
            reason=data["reason"],
        )
        return Response(self._shown(referral.pk))

    @_changed(
        "Signpost a referral to another service, saying why (the hub's managers)",
        shapes.SignpostSerializer,
    )
    @action(detail=True, methods=["post"])
    def signpost(self, request: Request, pk: int) -> Response:
        referral = self._authorised(allowed=policies.may_triage, refusal=NOT_HUB)
        data = self._valid(shapes.SignpostSerializer, request.data)
        services.referral_signpost(
            referral=referral,
            by=acting_user(request),
            version=data["version"],
            reason=data["reason"],
            signposted_to=data["signposted_to"],
        )
        return Response(self._shown(referral.pk))

    @_changed(
        "Allocate an accepted referral: the case opens, or it joins the open one "
        "(the hub's managers)",
        shapes.AllocateSerializer,
    )
    @action(detail=True, methods=["post"])
    def allocate(self, request: Request, pk: int) -> Response:
        referral = self._authorised(allowed=policies.may_triage, refusal=NOT_HUB)
        data = self._valid(shapes.AllocateSerializer, request.data)
        with _worker_errors_as_worker():
            services.referral_allocate(
                referral=referral,
                by=acting_user(request),
                version=data["version"],
                worker=data.get("worker"),
                risk_level=data.get("risk_level", ""),
                rationale=data.get("rationale", ""),
            )
        return Response(self._shown(referral.pk))

    @extend_schema(
        summary="The hub's spoke workers to allocate to, with their caseloads (the hub's managers)",
        description=(
            "Workers placed in the referral's local authority first, then by open cases; "
            "each with their open and high-risk cases and where they are placed today."
        ),
        responses={status.HTTP_200_OK: shapes.WorkerOptionSerializer(many=True)},
    )
    @action(
        detail=True,
        methods=["get"],
        url_path="allocation-options",
        pagination_class=None,
        filter_serializer_class=None,
    )
    def allocation_options(self, request: Request, pk: int) -> Response:
        referral = self._referral()
        if not policies.may_triage(request.user, referral):
            raise exceptions.PermissionDenied(NOT_HUB)
        assert referral.hub is not None  # only a submitted referral is the hub's to triage
        options = selectors.allocation_options(
            hub=referral.hub, local_authority_id=referral.local_authority_id
        )
        return Response(shapes.WorkerOptionSerializer(options, many=True).data)


# Reference data for the referral form.


class IndicatorViewSet(viewsets.ViewSet):
    @extend_schema(
        summary="The CSE screening indicators a referral may name",
        description="The active indicators, in the administrators' order.",
        responses={status.HTTP_200_OK: shapes.IndicatorSerializer(many=True)},
    )
    def list(self, request: Request) -> Response:
        rows = [{"code": code, "label": label} for code, label in indicator_choices()]
        return Response(shapes.IndicatorSerializer(rows, many=True).data)


class HubViewSet(viewsets.ViewSet):
    @extend_schema(
        summary="The CSE services a referral for a local authority may go to",
        description=(
            "Active hubs covering the local authority or placing a worker in it today; "
            "`is_default` marks the one a referral goes to unless the referrer chooses."
        ),
        parameters=[shapes.HubQuerySerializer],
        responses={
            status.HTTP_200_OK: shapes.HubOptionSerializer(many=True),
            status.HTTP_400_BAD_REQUEST: OpenApiResponse(
                ErrorSerializer, description="No local authority, or not one that exists."
            ),
        },
    )
    def list(self, request: Request) -> Response:
        query = shapes.HubQuerySerializer(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        local_authority = query.validated_data["local_authority"]
        default = services.default_hub_for(local_authority=local_authority)
        # Only agencies the caller may see at all (none for someone with no membership today).
        visible = visible_agencies(request.user).values("pk")
        hubs = list(services.hubs_for(local_authority=local_authority).filter(pk__in=visible))
        for hub in hubs:
            hub.is_default = default is not None and hub.pk == default.pk  # type: ignore[attr-defined]
        return Response(shapes.HubOptionSerializer(hubs, many=True).data)
