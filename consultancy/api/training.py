"""API views for training for practitioners: authorise through `consultancy.policies`, write
through `consultancy.services.training`.

A session the caller may not see is 404, exactly as one that does not exist; one they may see
but not change (an attendee, a hub worker who is not a trainer) is 403; bad input, or a step the
session's status does not allow (attendance before delivery), is 400 with the service's reason;
a change that started from a stale version is 409.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
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
from rest_framework.routers import SimpleRouter

from accounts.models import User
from cases.api.views import CONFLICT, CaseAPIMixin
from consultancy import policies
from consultancy.api import training_serializers as shapes
from consultancy.models import TrainingAttendance, TrainingSession
from consultancy.selectors import training as selectors
from consultancy.services import training as services
from cse_hub.api.errors import ErrorSerializer
from cse_hub.api.views import QueryFilterMixin, acting_user
from partners.models import Agency

SESSION = PolymorphicProxySerializer(
    component_name="TrainingSessionRecord",
    serializers=[shapes.TrainingSessionSerializer, shapes.AttendeeSessionSerializer],
    resource_type_field_name=None,
)
INVALID = OpenApiResponse(
    ErrorSerializer,
    description=(
        "The input is not valid, or the session's status does not allow this step "
        "(attendance is recorded once a session has been delivered). Nothing was saved."
    ),
)
FORBIDDEN = OpenApiResponse(
    ErrorSerializer,
    description="The caller sees the session but may not change it or its attendance.",
)
NOT_STAFF = "Only a hub's spoke workers and managers can record training."
NOT_CHANGER = "Only the hub's managers, the session's trainers and whoever recorded it can do this."
NOT_IN_FULL = "Only the hub sees a session's attendance."
CHOOSE_HUB = "Choose the hub delivering the training."
SEARCH_TOO_SHORT = "Enter at least 2 letters of a name or email."
# People offered at once by a search; a narrower search finds the rest.
SEARCH_LIMIT = 20


def _people(ids: list[int] | None, *, hub: Agency) -> list[User] | None:
    """The users named by id; an unknown id is refused as someone who is not hub staff, so the
    answer never tells whether a user exists."""
    if ids is None:
        return None
    people = list(User.objects.filter(pk__in=ids))
    if len(people) != len(set(ids)):
        raise exceptions.ValidationError({"trainers": [f"Choose people who work for {hub}."]})
    return people


@extend_schema_view(
    list=extend_schema(
        summary="List the hub's training sessions",
        description=(
            "The sessions of the hubs the caller works for (none for anyone else: see "
            "`attended/`), latest date first, or soonest first with `when=upcoming`; each "
            "with how many people were recorded as attending."
        ),
        parameters=[shapes.TrainingFilterSerializer],
    ),
)
class TrainingSessionViewSet(
    CaseAPIMixin, QueryFilterMixin, mixins.ListModelMixin, viewsets.GenericViewSet
):
    """Training sessions: the hub plans and records them and who came; attendees see theirs."""

    serializer_class = shapes.TrainingRowSerializer
    filter_serializer_class = shapes.TrainingFilterSerializer
    queryset = TrainingSession.objects.none()

    def get_queryset(self) -> QuerySet[TrainingSession]:
        return policies.hub_training(self.request.user)

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if getattr(self, "action", None) != "list":
            return queryset
        filters = self.query_filters()
        return selectors.training_list(
            sessions=queryset,
            filters=selectors.TrainingFilters(
                local_authority_id=filters.get("local_authority"),
                status=filters.get("status", ""),
                trainer_id=filters.get("trainer"),
                when=filters.get("when", selectors.When.ALL),
            ),
        )

    # Finding and showing one session.

    def _session(self) -> TrainingSession:
        """The session if the caller sees it at all; otherwise 404, as for a missing one."""
        try:
            return selectors.training_for_page(
                pk=self.kwargs["pk"], sessions=policies.visible_training(self.request.user)
            )
        except (TrainingSession.DoesNotExist, ValueError):
            raise Http404 from None

    def _changeable(self) -> TrainingSession:
        session = self._session()
        if not policies.may_change_training(self.request.user, session):
            raise exceptions.PermissionDenied(NOT_CHANGER)
        return session

    def _shown(self, pk: int) -> dict[str, Any]:
        """The caller's view of the session as it is now."""
        user = acting_user(self.request)
        session = selectors.training_for_page(pk=pk, sessions=TrainingSession.objects.all())
        if policies.may_see_training_in_full(user, session):
            session.view = "hub"  # type: ignore[attr-defined]
            session.attendance_rows = list(  # type: ignore[attr-defined]
                selectors.training_attendance_rows(session=session)
            )
            session.summary = selectors.attendance_summary(session=session)  # type: ignore[attr-defined]
            return shapes.TrainingSessionSerializer(session).data
        session.view = "attendee"  # type: ignore[attr-defined]
        session.own_attendance = selectors.own_attendance(session=session, user=user)  # type: ignore[attr-defined]
        return shapes.AttendeeSessionSerializer(session).data

    @staticmethod
    def _valid(serializer_class: type[serializers.Serializer], data: Any) -> dict[str, Any]:
        serializer = serializer_class(data=data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    @extend_schema(
        summary="Get a training session",
        description=(
            "The hub's staff see it in full: attendance rows and totals by agency with average "
            "confidence before and after. An attendee sees what it was and their own row."
        ),
        responses={status.HTTP_200_OK: SESSION},
    )
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        session = self._session()
        return Response(self._shown(session.pk))

    @extend_schema(
        summary="Plan a training session, or record one delivered (hub staff)",
        request=shapes.TrainingCreateSerializer,
        responses={
            status.HTTP_201_CREATED: shapes.TrainingSessionSerializer,
            status.HTTP_400_BAD_REQUEST: INVALID,
            status.HTTP_403_FORBIDDEN: FORBIDDEN,
        },
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = acting_user(request)
        hub_ids = policies.staff_hub_ids(user)
        if not hub_ids:
            raise exceptions.PermissionDenied(NOT_STAFF)
        values = self._valid(shapes.TrainingCreateSerializer, request.data)
        hub = values.pop("hub", None)
        if hub is None:
            hubs = list(selectors.hubs_for_training(hub_ids=hub_ids))
            if len(hubs) != 1:
                raise exceptions.ValidationError({"hub": [CHOOSE_HUB]})
            hub = hubs[0]
        if not policies.may_record_training(user, hub=hub):
            raise exceptions.PermissionDenied(NOT_STAFF)
        values["trainers"] = _people(values.get("trainers"), hub=hub) or [user]
        session = services.training_create(by=user, hub=hub, **values)
        return Response(self._shown(session.pk), status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change a session's details, status or feedback summary",
        description="Send only what changes, with the version the change started from.",
        request=shapes.TrainingChangeSerializer,
        responses={
            status.HTTP_200_OK: shapes.TrainingSessionSerializer,
            status.HTTP_400_BAD_REQUEST: INVALID,
            status.HTTP_403_FORBIDDEN: FORBIDDEN,
            status.HTTP_409_CONFLICT: CONFLICT,
        },
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        session = self._changeable()
        values = self._valid(shapes.TrainingChangeSerializer, request.data)
        version = values.pop("version")
        if "trainers" in values:
            values["trainers"] = _people(values["trainers"], hub=session.hub)
        services.training_update(
            session=session, by=acting_user(request), version=version, **values
        )
        return Response(self._shown(session.pk))

    # What the caller attended.

    @extend_schema(
        summary="The sessions the caller attended by name, with their own scores",
        responses={status.HTTP_200_OK: shapes.AttendedRowSerializer(many=True)},
    )
    @action(
        detail=False,
        methods=["get"],
        serializer_class=shapes.AttendedRowSerializer,
        filter_serializer_class=None,
    )
    def attended(self, request: Request) -> Response:
        rows = selectors.training_attended_rows(user=acting_user(request))
        page = self.paginate_queryset(rows)
        assert page is not None
        return self.get_paginated_response(shapes.AttendedRowSerializer(page, many=True).data)

    # Attendance.

    @extend_schema(
        methods=["GET"],
        summary="A session's attendance rows (the hub)",
        responses={
            status.HTTP_200_OK: shapes.AttendanceSerializer(many=True),
            status.HTTP_403_FORBIDDEN: FORBIDDEN,
        },
    )
    @extend_schema(
        methods=["POST"],
        summary="Add a named attendee, or set the number from an agency",
        description=(
            "Once the session has been delivered. A named attendee works for an agency in the "
            "session's local authority (see `attendee-options/`); a number replaces the "
            "agency's earlier number. Answers with the session in full."
        ),
        request=shapes.AttendanceCreateSerializer,
        responses={
            status.HTTP_201_CREATED: shapes.TrainingSessionSerializer,
            status.HTTP_400_BAD_REQUEST: INVALID,
            status.HTTP_403_FORBIDDEN: FORBIDDEN,
        },
    )
    @action(
        detail=True,
        methods=["get", "post"],
        pagination_class=None,
        filter_serializer_class=None,
    )
    def attendance(self, request: Request, pk: int) -> Response:
        user = acting_user(request)
        if request.method == "GET":
            session = self._session()
            if not policies.may_see_training_in_full(user, session):
                raise exceptions.PermissionDenied(NOT_IN_FULL)
            rows = selectors.training_attendance_rows(session=session)
            return Response(shapes.AttendanceSerializer(rows, many=True).data)
        session = self._changeable()
        data = self._valid(shapes.AttendanceCreateSerializer, request.data)
        scores = {
            "confidence_before": data.get("confidence_before"),
            "confidence_after": data.get("confidence_after"),
        }
        if data.get("attendee") is not None:
            attendee = User.objects.filter(pk=data["attendee"]).first()
            if attendee is None:
                # Said as for someone who exists elsewhere, so ids cannot be probed.
                raise exceptions.ValidationError({"attendee": [services.not_in_area(session)]})
            services.training_attendee_add(
                session=session,
                by=user,
                attendee=attendee,
                agency=data.get("agency"),
                **scores,
            )
        else:
            services.training_agency_count_set(
                session=session, by=user, agency=data["agency"], count=data["count"], **scores
            )
        return Response(self._shown(session.pk), status=status.HTTP_201_CREATED)

    def _row(self, session: TrainingSession) -> TrainingAttendance:
        try:
            return TrainingAttendance.objects.get(
                pk=self.kwargs["attendance_pk"], session_id=session.pk
            )
        except (TrainingAttendance.DoesNotExist, ValueError):
            raise Http404 from None

    @extend_schema(
        methods=["PATCH"],
        summary="Correct an attendance row's scores, or an agency's number",
        request=shapes.AttendanceChangeSerializer,
        parameters=[OpenApiParameter("attendance_pk", int, OpenApiParameter.PATH)],
        responses={
            status.HTTP_200_OK: shapes.TrainingSessionSerializer,
            status.HTTP_400_BAD_REQUEST: INVALID,
            status.HTTP_403_FORBIDDEN: FORBIDDEN,
        },
    )
    @extend_schema(
        methods=["DELETE"],
        summary="Remove an attendance row recorded in error",
        parameters=[OpenApiParameter("attendance_pk", int, OpenApiParameter.PATH)],
        responses={
            status.HTTP_204_NO_CONTENT: None,
            status.HTTP_400_BAD_REQUEST: INVALID,
            status.HTTP_403_FORBIDDEN: FORBIDDEN,
        },
    )
    @action(
        detail=True,
        methods=["patch", "delete"],
        url_path=r"attendance/(?P<attendance_pk>[0-9]+)",
        url_name="attendance-row",
        pagination_class=None,
        filter_serializer_class=None,
    )
    def attendance_row(self, request: Request, pk: int, attendance_pk: int) -> Response:
        user = acting_user(request)
        session = self._changeable()
        row = self._row(session)
        if request.method == "DELETE":
            services.training_attendance_remove(attendance=row, by=user)
            return Response(status=status.HTTP_204_NO_CONTENT)
        data = self._valid(shapes.AttendanceChangeSerializer, request.data)
        services.training_attendance_update(
            attendance=row,
            by=user,
            count=data.get("count"),
            confidence_before=data.get("confidence_before"),
            confidence_after=data.get("confidence_after"),
        )
        return Response(self._shown(session.pk))

    @extend_schema(
        summary="People who could be recorded as attending (the session's changers)",
        description=(
            "Practitioners and managers of agencies in the session's local authority not yet "
            "recorded, matching `q` (name or email, at least 2 letters); at most 20."
        ),
        parameters=[OpenApiParameter("q", str, required=True)],
        responses={
            status.HTTP_200_OK: shapes.AttendeeOptionSerializer(many=True),
            status.HTTP_403_FORBIDDEN: FORBIDDEN,
        },
    )
    @action(
        detail=True,
        methods=["get"],
        url_path="attendee-options",
        pagination_class=None,
        filter_serializer_class=None,
    )
    def attendee_options(self, request: Request, pk: int) -> Response:
        session = self._changeable()
        term = (request.query_params.get("q") or "").strip()
        if len(term) < 2:
            raise exceptions.ValidationError(
                {"q": ["Enter at least 2 letters of a name or email."]}
            )
        found = selectors.attendee_options(session=session, term=term)
        rows = [{"user": m.user, "agency": m.agency, "role": m.role} for m in found[:SEARCH_LIMIT]]
        return Response(shapes.AttendeeOptionSerializer(rows, many=True).data)


router = SimpleRouter()
router.register("training-sessions", TrainingSessionViewSet, basename="training-session")

urlpatterns = router.urls
