"""API views for cases and young people: authorise through `cases.policies`, write through the
services, and audit every read of a young person's record.

A case the caller may not see is 404, exactly as one that does not exist; one they may see but
not act on is 403; a change that started from a stale version is 409.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import (
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import User
from audit.models import AuditEvent
from cases import casework, policies, record, selectors, services, sharing
from cases.api import serializers
from cases.models import (
    AgencyInvolvement,
    Case,
    CasePlan,
    CaseReview,
    CaseShare,
    CaseworkEntry,
    CaseWorker,
    PlanGoal,
    RiskAssessment,
)
from cases.retention import case_legal_hold_set
from cse_hub.api.errors import CONFLICT, ErrorSerializer, VersionConflict
from cse_hub.api.views import QueryFilterMixin, acting_user


class CaseAPIMixin:
    """Turns a stale version into 409 in the one error shape."""

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, services.StaleVersionError):
            exc = VersionConflict(str(exc))
        return super().handle_exception(exc)  # type: ignore[misc]


def visible_case(*, user: User, pk: int, queryset: QuerySet[Case] | None = None) -> Case:
    """The case if the caller may see it at any level; otherwise 404, as for a missing one."""
    case = get_object_or_404(Case.objects.all() if queryset is None else queryset, pk=pk)
    if not policies.may_see(user, case):
        raise Http404("No such case.")
    return case


def case_record_queryset() -> QuerySet[Case]:
    """A case with everything its record shows, in a fixed number of queries."""
    return Case.objects.select_related(
        "young_person__local_authority", "owning_agency", "local_authority", "lead_worker"
    ).prefetch_related(
        Prefetch(
            "involvements",
            queryset=AgencyInvolvement.objects.select_related("agency").order_by("-from_on", "pk"),
        ),
        Prefetch(
            "co_workers",
            queryset=CaseWorker.objects.filter(ends_on__isnull=True)
            .select_related("worker")
            .order_by("starts_on", "pk"),
        ),
    )


def case_record_data(*, user: User, case: Case) -> dict[str, Any]:
    """The case in the shape the caller's access allows (summary or the record)."""
    access = policies.access_to(user, case)
    case.access = access.name.lower()  # type: ignore[attr-defined]
    if access == policies.Access.SUMMARY:
        return serializers.CaseSummarySerializer(case).data
    return serializers.CaseSerializer(case).data


CASE_RECORD = PolymorphicProxySerializer(
    component_name="CaseRecord",
    serializers=[serializers.CaseSerializer, serializers.CaseSummarySerializer],
    resource_type_field_name=None,
)


@extend_schema_view(
    list=extend_schema(
        summary="List the cases the caller may see",
        description=(
            "Hub managers see their hubs' cases, spoke workers their allocated and placement "
            "team's cases, practitioners the cases shared with their agency. Rows carry only "
            "what every level of access may see."
        ),
        parameters=[serializers.CaseFilterSerializer],
    ),
)
class CaseViewSet(CaseAPIMixin, QueryFilterMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Cases: list, retrieve (audited), open, close, reopen, allocate."""

    serializer_class = serializers.CaseRowSerializer
    filter_serializer_class = serializers.CaseFilterSerializer
    queryset = Case.objects.none()

    def get_queryset(self) -> QuerySet[Case]:
        return (
            policies.visible_cases(self.request.user)
            .select_related("young_person", "owning_agency", "local_authority", "lead_worker")
            .order_by("-opened_on", "-pk")
        )

    def apply_filters(self, queryset: QuerySet[Case], filters: dict[str, Any]) -> QuerySet[Case]:
        user = self.request.user
        if "status" in filters:
            queryset = queryset.filter(status=filters["status"])
        if "risk" in filters:
            queryset = queryset.filter(risk_level=filters["risk"])
        if "scope" in filters:
            through = {
                "allocated": policies.allocated_cases,
                "hub": policies.hub_cases,
                "shared": policies.shared_cases,
            }[filters["scope"]]
            queryset = queryset.filter(pk__in=through(user).values("pk"))
        return queryset

    def _case(self) -> Case:
        return visible_case(
            user=acting_user(self.request), pk=self.kwargs["pk"], queryset=case_record_queryset()
        )

    def _record(self, pk: int) -> dict[str, Any]:
        user = acting_user(self.request)
        policies.forget_access(user)
        return case_record_data(user=user, case=case_record_queryset().get(pk=pk))

    @extend_schema(
        summary="Get a case (audited)",
        description=(
            "At summary scope the summary only (identity, risk, who is involved, how to reach "
            "the worker); with full access or more, the record. Every call is audited."
        ),
        responses={status.HTTP_200_OK: CASE_RECORD},
    )
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = acting_user(request)
        case = self._case()
        data = case_record_data(user=user, case=case)
        services.case_read_record(
            by=user,
            case=case,
            action=AuditEvent.Action.CASE_SUMMARY_VIEWED
            if data["access"] == "summary"
            else AuditEvent.Action.CASE_VIEWED,
        )
        return Response(data)

    @extend_schema(
        summary="Open a case (hub managers)",
        request=serializers.CaseOpenSerializer,
        responses={status.HTTP_201_CREATED: serializers.CaseSerializer},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = acting_user(request)
        serializer = serializers.CaseOpenSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if not policies.may_open_case(user, hub=data["hub"]):
            raise exceptions.PermissionDenied("Only the hub's managers can open its cases.")
        case = services.case_open(
            by=user,
            hub=data["hub"],
            local_authority=data["local_authority"],
            risk_level=data["risk_level"],
            rationale=data["rationale"],
            indicators=data["indicators"],
            lead_worker=data.get("lead_worker"),
            opened_on=data.get("opened_on"),
            young_person_data=data["young_person"],
        )
        return Response(self._record(case.pk), status=status.HTTP_201_CREATED)

    def _changeable(self) -> Case:
        case = self._case()
        if not policies.may_change_case(acting_user(self.request), case):
            raise exceptions.PermissionDenied("Only the case's hub and workers can change it.")
        return case

    @extend_schema(
        summary="Close a case",
        request=serializers.CaseCloseSerializer,
        responses={
            status.HTTP_200_OK: serializers.CaseSerializer,
            status.HTTP_409_CONFLICT: CONFLICT,
        },
    )
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: int) -> Response:
        case = self._changeable()
        serializer = serializers.CaseCloseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.case_close(
            case=case,
            by=acting_user(request),
            version=data["version"],
            reason=data["closure_reason"],
            outcome=data["closure_outcome"],
        )
        return Response(self._record(case.pk))

    @extend_schema(
        summary="Reopen a closed case",
        request=serializers.CaseReopenSerializer,
        responses={
            status.HTTP_200_OK: serializers.CaseSerializer,
            status.HTTP_409_CONFLICT: CONFLICT,
        },
    )
    @action(detail=True, methods=["post"])
    def reopen(self, request: Request, pk: int) -> Response:
        case = self._changeable()
        serializer = serializers.CaseReopenSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.case_reopen(
            case=case, by=acting_user(request), version=data["version"], reason=data["reason"]
        )
        return Response(self._record(case.pk))

    @extend_schema(
        summary="Place a case on legal hold, or lift the hold (the hub's managers)",
        description=(
            "A case on legal hold is not anonymised when its retention period ends. Lifting the "
            "hold lets the retention job anonymise it once the period has ended."
        ),
        request=serializers.CaseLegalHoldSerializer,
        responses={
            status.HTTP_200_OK: serializers.CaseSerializer,
            status.HTTP_409_CONFLICT: CONFLICT,
        },
    )
    @action(detail=True, methods=["post"], url_path="legal-hold")
    def legal_hold(self, request: Request, pk: int) -> Response:
        user = acting_user(request)
        case = self._case()
        if not policies.may_set_legal_hold(user, case):
            raise exceptions.PermissionDenied("Only the hub's managers can hold its cases.")
        serializer = serializers.CaseLegalHoldSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        case_legal_hold_set(
            case=case,
            by=user,
            version=data["version"],
            hold=data["legal_hold"],
            reason=data["reason"],
        )
        return Response(self._record(case.pk))

    @extend_schema(
        summary="Set the lead worker and co-workers",
        request=serializers.CaseAllocateSerializer,
        responses={
            status.HTTP_200_OK: serializers.CaseSerializer,
            status.HTTP_409_CONFLICT: CONFLICT,
        },
    )
    @action(detail=True, methods=["post"])
    def allocate(self, request: Request, pk: int) -> Response:
        case = self._changeable()
        serializer = serializers.CaseAllocateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.case_allocate(
            case=case,
            by=acting_user(request),
            version=data["version"],
            lead_worker=data["lead_worker"],
            co_workers=data["co_workers"],
        )
        return Response(self._record(case.pk))

    @extend_schema(
        methods=["GET"],
        summary="Get the young person of a case (audited)",
        responses={status.HTTP_200_OK: serializers.YoungPersonSerializer},
    )
    @extend_schema(
        methods=["PATCH"],
        summary="Change the young person's details",
        request=serializers.YoungPersonInputSerializer,
        responses={status.HTTP_200_OK: serializers.YoungPersonSerializer},
    )
    @action(detail=True, methods=["get", "patch"], url_path="young-person")
    def young_person(self, request: Request, pk: int) -> Response:
        user = acting_user(request)
        case = self._case()
        if request.method == "GET":
            if not policies.may_view_record(user, case):
                raise exceptions.PermissionDenied(
                    "This case is shared with you at summary scope: its summary has the "
                    "young person's identity."
                )
            services.case_read_record(
                by=user, case=case, action=AuditEvent.Action.CASE_VIEWED, obj=case.young_person
            )
            return Response(serializers.YoungPersonSerializer(case.young_person).data)
        if not policies.may_change_case(user, case):
            raise exceptions.PermissionDenied("Only the case's hub and workers can change it.")
        serializer = serializers.YoungPersonInputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        person = services.young_person_update(case=case, by=user, **serializer.validated_data)
        return Response(serializers.YoungPersonSerializer(person).data)


# A case's records, beneath /cases/{case_id}/.


class CaseChildViewSet(CaseAPIMixin, viewsets.GenericViewSet):  # type: ignore[type-arg]
    """Records of one case: the case comes from the path and is 404 unless the caller sees it."""

    def get_case(self) -> Case:
        cached: Case | None = getattr(self, "_case", None)
        if cached is None:
            cached = visible_case(user=acting_user(self.request), pk=self.kwargs["case_id"])
            self._case = cached
        return cached

    @staticmethod
    def require(allowed: bool, message: str) -> None:
        if not allowed:
            raise exceptions.PermissionDenied(message)

    def paginated(self, queryset: QuerySet[Any], serializer_class: Any) -> Response:
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(serializer_class(page, many=True).data)


NOT_FULL = (
    "This case is shared with you at summary scope: its summary shows the young person, the "
    "risk, who is involved and how to reach the worker."
)
NOT_OWNER = "Only the case's hub and its allocated workers can change this."
NOT_SHARER = "Only the case's hub and its allocated workers can share an open case."


@extend_schema_view(
    list=extend_schema(summary="List a case's casework entries"),
    retrieve=extend_schema(summary="Get a casework entry (audited)"),
    create=extend_schema(
        summary="Record casework on a case",
        request=serializers.EntryCreateSerializer,
        responses={status.HTTP_201_CREATED: serializers.EntrySerializer},
    ),
    partial_update=extend_schema(
        summary="Change a casework entry (its author)",
        request=serializers.EntryUpdateSerializer,
        responses={
            status.HTTP_200_OK: serializers.EntrySerializer,
            status.HTTP_409_CONFLICT: CONFLICT,
        },
    ),
    finalise=extend_schema(
        summary="Finish a draft entry (its author)",
        request=serializers.VersionSerializer,
        responses={
            status.HTTP_200_OK: serializers.EntrySerializer,
            status.HTTP_409_CONFLICT: CONFLICT,
        },
    ),
    entered_in_error=extend_schema(
        summary="Mark an entry entered in error (its author or the hub's managers)",
        request=serializers.ReasonSerializer,
        responses={status.HTTP_200_OK: serializers.EntrySerializer},
    ),
)
class EntryViewSet(CaseChildViewSet):
    """Casework entries. Restricted entries exist only inside the owning agency: to anyone
    else they answer 404 and are never listed. Drafts are seen only by their author.
    """

    serializer_class = serializers.EntrySerializer
    queryset = CaseworkEntry.objects.none()

    def _visible(self) -> QuerySet[CaseworkEntry]:
        user, case = acting_user(self.request), self.get_case()
        self.require(policies.may_view_record(user, case), NOT_FULL)
        return (
            policies.visible_entries(user, case)
            .select_related("author", "author_agency", "entered_in_error_by", "case")
            .order_by("-occurred_at", "-pk")
        )

    def _entry(self) -> CaseworkEntry:
        return get_object_or_404(self._visible(), pk=self.kwargs["pk"])

    def _shown(self, pk: int) -> dict[str, Any]:
        return serializers.EntrySerializer(self._visible().get(pk=pk)).data

    def list(self, request: Request, case_id: int) -> Response:
        return self.paginated(self._visible(), serializers.EntrySerializer)

    def retrieve(self, request: Request, case_id: int, pk: int) -> Response:
        entry = self._entry()
        services.case_read_record(
            by=acting_user(request),
            case=self.get_case(),
            action=AuditEvent.Action.ENTRY_VIEWED,
            obj=entry,
        )
        return Response(serializers.EntrySerializer(entry).data)

    def create(self, request: Request, case_id: int) -> Response:
        user, case = acting_user(request), self.get_case()
        if not case.is_open and policies.access_to(user, case) >= policies.Access.FULL:
            self.require(False, "This case is closed: reopen it before recording casework.")
        self.require(
            policies.may_add_casework(user, case),
            "You may read this case but not add casework to it.",
        )
        serializer = serializers.EntryCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        entry = casework.entry_create(case=case, by=user, **serializer.validated_data)
        return Response(self._shown(entry.pk), status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, case_id: int, pk: int) -> Response:
        user, entry = acting_user(request), self._entry()
        self.require(
            policies.may_change_entry(user, entry), "Only the entry's author can change it."
        )
        serializer = serializers.EntryUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        version = fields.pop("version")
        casework.entry_update(entry=entry, by=user, version=version, **fields)
        return Response(self._shown(entry.pk))

    @action(detail=True, methods=["post"])
    def finalise(self, request: Request, case_id: int, pk: int) -> Response:
        user, entry = acting_user(request), self._entry()
        self.require(
            policies.may_change_entry(user, entry), "Only the entry's author can finish it."
        )
        serializer = serializers.VersionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        casework.entry_finalise(entry=entry, by=user, version=serializer.validated_data["version"])
        return Response(self._shown(entry.pk))

    @action(detail=True, methods=["post"], url_path="entered-in-error")
    def entered_in_error(self, request: Request, case_id: int, pk: int) -> Response:
        user, entry = acting_user(request), self._entry()
        self.require(
            policies.may_mark_entry_in_error(user, entry),
            "Only the entry's author or the hub's managers can mark it entered in error.",
        )
        serializer = serializers.ReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        casework.entry_mark_in_error(
            entry=entry, by=user, reason=serializer.validated_data["reason"]
        )
        return Response(self._shown(entry.pk))


@extend_schema_view(
    list=extend_schema(summary="List a case's risk assessments, newest first"),
    create=extend_schema(
        summary="Assess a case's risk",
        request=serializers.RiskAssessmentInputSerializer,
        responses={
            status.HTTP_201_CREATED: serializers.RiskAssessmentSerializer,
            status.HTTP_409_CONFLICT: CONFLICT,
        },
    ),
)
class RiskAssessmentViewSet(CaseChildViewSet):
    """The history of a case's risk; `version` is the case's."""

    serializer_class = serializers.RiskAssessmentSerializer
    queryset = RiskAssessment.objects.none()

    def list(self, request: Request, case_id: int) -> Response:
        user, case = acting_user(request), self.get_case()
        self.require(policies.may_view_record(user, case), NOT_FULL)
        assessments = (
            RiskAssessment.objects.filter(case_id=case.pk)
            .select_related("assessed_by")
            .order_by("-assessed_on", "-pk")
        )
        return self.paginated(assessments, serializers.RiskAssessmentSerializer)

    def create(self, request: Request, case_id: int) -> Response:
        user, case = acting_user(request), self.get_case()
        self.require(policies.may_change_case(user, case), NOT_OWNER)
        serializer = serializers.RiskAssessmentInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        assessment = record.risk_assess(case=case, by=user, **serializer.validated_data)
        return Response(
            serializers.RiskAssessmentSerializer(assessment).data, status=status.HTTP_201_CREATED
        )


@extend_schema_view(
    retrieve=extend_schema(
        summary="Get a case's plan",
        description="A case without a plan yet answers an empty plan with version 0.",
    ),
    update=extend_schema(
        summary="Write a case's plan and its goals",
        request=serializers.PlanInputSerializer,
        responses={
            status.HTTP_200_OK: serializers.PlanSerializer,
            status.HTTP_409_CONFLICT: CONFLICT,
        },
    ),
)
class PlanViewSet(CaseChildViewSet):
    """The case plan, with goals and the young person's own view."""

    serializer_class = serializers.PlanSerializer
    queryset = CasePlan.objects.none()

    def _shown(self, case: Case) -> dict[str, Any]:
        plan = (
            CasePlan.objects.filter(case_id=case.pk)
            .select_related("updated_by")
            .prefetch_related(
                Prefetch("goals", queryset=PlanGoal.objects.order_by("position", "pk"))
            )
            .first()
        )
        if plan is None:
            return {
                "summary": "",
                "young_persons_view": "",
                "goals": [],
                "updated_by": None,
                "updated_at": None,
                "version": 0,
            }
        return serializers.PlanSerializer(plan).data

    def retrieve(self, request: Request, case_id: int) -> Response:
        user, case = acting_user(request), self.get_case()
        self.require(policies.may_view_record(user, case), NOT_FULL)
        return Response(self._shown(case))

    def update(self, request: Request, case_id: int) -> Response:
        user, case = acting_user(request), self.get_case()
        self.require(policies.may_change_case(user, case), NOT_OWNER)
        serializer = serializers.PlanInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        record.plan_update(
            case=case,
            by=user,
            version=data["version"],
            summary=data["summary"],
            young_persons_view=data["young_persons_view"],
            goals=[dict(goal) for goal in data["goals"]],
        )
        return Response(self._shown(case))


@extend_schema_view(
    list=extend_schema(summary="List a case's reviews, latest due first"),
    create=extend_schema(
        summary="Schedule a review",
        request=serializers.ReviewScheduleSerializer,
        responses={status.HTTP_201_CREATED: serializers.ReviewSerializer},
    ),
    record_held=extend_schema(
        summary="Record a review as held (the next is scheduled from the risk level)",
        request=serializers.ReviewRecordSerializer,
        responses={status.HTTP_200_OK: serializers.ReviewSerializer},
    ),
)
class ReviewViewSet(CaseChildViewSet):
    serializer_class = serializers.ReviewSerializer
    queryset = CaseReview.objects.none()

    def _reviews(self) -> QuerySet[CaseReview]:
        return (
            CaseReview.objects.filter(case_id=self.get_case().pk)
            .select_related("recorded_by")
            .order_by("-due_on", "-pk")
        )

    def list(self, request: Request, case_id: int) -> Response:
        user, case = acting_user(request), self.get_case()
        self.require(policies.may_view_record(user, case), NOT_FULL)
        return self.paginated(self._reviews(), serializers.ReviewSerializer)

    def create(self, request: Request, case_id: int) -> Response:
        user, case = acting_user(request), self.get_case()
        self.require(policies.may_change_case(user, case), NOT_OWNER)
        serializer = serializers.ReviewScheduleSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        review = record.review_schedule(case=case, by=user, **serializer.validated_data)
        return Response(
            serializers.ReviewSerializer(self._reviews().get(pk=review.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    @action(detail=True, methods=["post"], url_path="record")
    def record_held(self, request: Request, case_id: int, pk: int) -> Response:
        user, case = acting_user(request), self.get_case()
        review = get_object_or_404(self._reviews(), pk=pk)
        self.require(policies.may_change_case(user, case), NOT_OWNER)
        serializer = serializers.ReviewRecordSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        record.review_record(review=review, by=user, **serializer.validated_data)
        return Response(serializers.ReviewSerializer(self._reviews().get(pk=review.pk)).data)


@extend_schema_view(
    list=extend_schema(
        summary="List the agencies and professionals involved in a case",
        description="Part of even a summary share: who is involved.",
    ),
    create=extend_schema(
        summary="Record an agency's involvement",
        request=serializers.InvolvementInputSerializer,
        responses={status.HTTP_201_CREATED: serializers.InvolvementSerializer},
    ),
    partial_update=extend_schema(
        summary="Change an agency's involvement",
        request=serializers.InvolvementChangeSerializer,
        responses={status.HTTP_200_OK: serializers.InvolvementSerializer},
    ),
    step_back=extend_schema(
        summary="Record that an agency stepped back, when and why",
        request=serializers.StepBackSerializer,
        responses={status.HTTP_200_OK: serializers.InvolvementSerializer},
    ),
)
class InvolvementViewSet(CaseChildViewSet):
    serializer_class = serializers.InvolvementSerializer
    queryset = AgencyInvolvement.objects.none()

    def _involvements(self) -> QuerySet[AgencyInvolvement]:
        return (
            AgencyInvolvement.objects.filter(case_id=self.get_case().pk)
            .select_related("agency")
            .order_by("-from_on", "-pk")
        )

    def _changeable(self) -> AgencyInvolvement:
        involvement = get_object_or_404(self._involvements(), pk=self.kwargs["pk"])
        self.require(
            policies.may_change_case(acting_user(self.request), self.get_case()), NOT_OWNER
        )
        return involvement

    def _shown(self, pk: int) -> dict[str, Any]:
        return serializers.InvolvementSerializer(self._involvements().get(pk=pk)).data

    def list(self, request: Request, case_id: int) -> Response:
        self.require(policies.may_view_summary(acting_user(request), self.get_case()), NOT_FULL)
        return self.paginated(self._involvements(), serializers.InvolvementSerializer)

    def create(self, request: Request, case_id: int) -> Response:
        user, case = acting_user(request), self.get_case()
        self.require(policies.may_change_case(user, case), NOT_OWNER)
        serializer = serializers.InvolvementInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        involvement = record.involvement_add(case=case, by=user, **serializer.validated_data)
        return Response(self._shown(involvement.pk), status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, case_id: int, pk: int) -> Response:
        involvement = self._changeable()
        serializer = serializers.InvolvementChangeSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        record.involvement_update(
            involvement=involvement, by=acting_user(request), **serializer.validated_data
        )
        return Response(self._shown(involvement.pk))

    @action(detail=True, methods=["post"], url_path="step-back")
    def step_back(self, request: Request, case_id: int, pk: int) -> Response:
        involvement = self._changeable()
        serializer = serializers.StepBackSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        record.involvement_step_back(
            involvement=involvement,
            by=acting_user(request),
            stepped_back_on=data["stepped_back_on"],
            reason=data["stepped_back_reason"],
        )
        return Response(self._shown(involvement.pk))


@extend_schema_view(
    list=extend_schema(
        summary="List a case's shares, live and past (the case's hub and workers)",
    ),
    create=extend_schema(
        summary="Share a case with an agency or one professional",
        request=serializers.ShareCreateSerializer,
        responses={status.HTTP_201_CREATED: serializers.ShareSerializer},
    ),
    partial_update=extend_schema(
        summary="Change a share's scope or expiry",
        request=serializers.ShareChangeSerializer,
        responses={status.HTTP_200_OK: serializers.ShareSerializer},
    ),
    revoke=extend_schema(
        summary="Revoke a share: access ends at once",
        request=serializers.ReasonSerializer,
        responses={status.HTTP_200_OK: serializers.ShareSerializer},
    ),
)
class ShareViewSet(CaseChildViewSet):
    """Who a case is shared with, at what scope and on what lawful basis."""

    serializer_class = serializers.ShareSerializer
    queryset = CaseShare.objects.none()

    def _shares(self) -> QuerySet[CaseShare]:
        return sharing.shares_for_case(case=self.get_case())

    def _share(self, *, revoking: bool = False) -> CaseShare:
        share = get_object_or_404(self._shares(), pk=self.kwargs["pk"])
        user, case = acting_user(self.request), self.get_case()
        allowed = (
            policies.may_revoke_share(user, case)
            if revoking
            else policies.may_share_case(user, case)
        )
        self.require(allowed, NOT_SHARER)
        return share

    def _shown(self, pk: int) -> dict[str, Any]:
        return serializers.ShareSerializer(self._shares().get(pk=pk)).data

    def list(self, request: Request, case_id: int) -> Response:
        self.require(policies.may_change_case(acting_user(request), self.get_case()), NOT_SHARER)
        return self.paginated(self._shares(), serializers.ShareSerializer)

    def create(self, request: Request, case_id: int) -> Response:
        user, case = acting_user(request), self.get_case()
        self.require(policies.may_share_case(user, case), NOT_SHARER)
        serializer = serializers.ShareCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        share = sharing.case_share_create(case=case, by=user, **serializer.validated_data)
        return Response(self._shown(share.pk), status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, case_id: int, pk: int) -> Response:
        share = self._share()
        serializer = serializers.ShareChangeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        sharing.case_share_change(share=share, by=acting_user(request), **serializer.validated_data)
        return Response(self._shown(share.pk))

    @action(detail=True, methods=["post"])
    def revoke(self, request: Request, case_id: int, pk: int) -> Response:
        share = self._share(revoking=True)
        serializer = serializers.ReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        sharing.case_share_revoke(
            share=share, by=acting_user(request), reason=serializer.validated_data["reason"]
        )
        return Response(self._shown(share.pk))


@extend_schema_view(
    retrieve=extend_schema(
        summary="Get a case's chronology (audited)",
        description=(
            "One timeline of the case, newest first, built only from what the caller may see: "
            "never restricted entries outside the owning agency, drafts only their author's."
        ),
        parameters=[serializers.ChronologyFilterSerializer],
        responses={
            status.HTTP_200_OK: serializers.ChronologySerializer,
            status.HTTP_400_BAD_REQUEST: OpenApiResponse(
                ErrorSerializer, description="A filter is not valid; `fields` names it."
            ),
        },
    ),
)
class ChronologyViewSet(CaseChildViewSet):
    """The derived timeline: one object, cut to the most recent `limit` events."""

    serializer_class = serializers.ChronologySerializer

    def retrieve(self, request: Request, case_id: int) -> Response:
        user, case = acting_user(request), self.get_case()
        self.require(policies.may_view_record(user, case), NOT_FULL)
        params = request.query_params
        data: dict[str, Any] = {
            key: params[key] for key in ("date_from", "date_to", "limit") if key in params
        }
        if "kind" in params:
            data["kind"] = params.getlist("kind")
        filters = serializers.ChronologyFilterSerializer(data=data)
        filters.is_valid(raise_exception=True)
        wanted = filters.validated_data
        limit = wanted["limit"]
        # One more than asked for tells whether anything older was left out.
        events = selectors.chronology(
            user=user,
            case=case,
            kinds=wanted.get("kind", ()),
            date_from=wanted.get("date_from"),
            date_to=wanted.get("date_to"),
            limit=limit + 1,
        )
        services.case_read_record(by=user, case=case, action=AuditEvent.Action.CHRONOLOGY_VIEWED)
        shown = {"results": events[:limit], "truncated": len(events) > limit}
        return Response(serializers.ChronologySerializer(shown).data)
