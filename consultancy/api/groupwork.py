"""API views for awareness sessions and group work: authorise through `consultancy.policies`,
write through `consultancy.services.groupwork`.

A record the caller may not see is 404, exactly as one that does not exist; one they may see but
not change is 403; bad input is 400 with the service's reason; a change from a stale version is
409. Young people appear by case id, and by name only where the caller may see the case.
"""

from __future__ import annotations

import datetime
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

from cases.api.views import CONFLICT, CaseAPIMixin
from cases.models import Case
from consultancy import policies
from consultancy.api import groupwork_serializers as shapes
from consultancy.models import (
    AwarenessSession,
    GroupWorkParticipant,
    GroupWorkProgramme,
    GroupWorkSession,
)
from consultancy.selectors.groupwork import (
    AwarenessFilters,
    ProgrammeFilters,
    attendance_rows,
    awareness_filtered,
    participant_rows,
    programmes_filtered,
    session_for_page,
    sessions_of,
)
from consultancy.services import groupwork as services
from cse_hub.api.errors import ErrorSerializer
from cse_hub.api.views import QueryFilterMixin, acting_user
from partners.models import Agency

NOT_HUB_STAFF = "Only a hub's spoke workers and managers record awareness sessions and group work."
NOT_CHANGER = (
    "Only the hub's managers, the people who delivered or run it and whoever recorded it can "
    "change it."
)
UNKNOWN_CASE = "Choose a young person whose case you may add to this group."
INVALID = OpenApiResponse(
    ErrorSerializer, description="The input is not valid (`fields` says why). Nothing was saved."
)


def _valid(serializer_class: type[serializers.Serializer], data: Any) -> dict[str, Any]:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def _hub_for(user: Any, chosen: Agency | None) -> Agency:
    """The hub a new record is for: the one chosen, or the caller's only hub."""
    hub_ids = policies.staff_hub_ids(user)
    if not hub_ids:
        raise exceptions.PermissionDenied(NOT_HUB_STAFF)
    if chosen is None:
        if len(hub_ids) > 1:
            raise exceptions.ValidationError({"hub": ["Choose the hub."]})
        return Agency.objects.get(pk=next(iter(hub_ids)))
    if chosen.pk not in hub_ids:
        raise exceptions.ValidationError({"hub": ["Choose a hub you work for."]})
    return chosen


def _month(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(f"{value}-01") if value else None


@extend_schema_view(
    list=extend_schema(
        summary="List the awareness sessions of the caller's hubs",
        description="Hub staff only (others get an empty list); newest first.",
        parameters=[shapes.AwarenessFilterSerializer],
    ),
)
class AwarenessSessionViewSet(
    CaseAPIMixin, QueryFilterMixin, mixins.ListModelMixin, viewsets.GenericViewSet
):
    """Awareness sessions with groups of young people, recorded by the hub that delivered them."""

    serializer_class = shapes.AwarenessSessionSerializer
    filter_serializer_class = shapes.AwarenessFilterSerializer
    queryset = AwarenessSession.objects.none()

    def get_queryset(self) -> QuerySet[AwarenessSession]:
        return awareness_filtered(
            sessions=policies.visible_awareness(self.request.user), filters=AwarenessFilters()
        )

    def apply_filters(
        self, queryset: QuerySet[AwarenessSession], filters: dict[str, Any]
    ) -> QuerySet[AwarenessSession]:
        return awareness_filtered(
            sessions=policies.visible_awareness(self.request.user),
            filters=AwarenessFilters(
                local_authority_id=filters.get("local_authority"),
                month=_month(filters.get("month")),
            ),
        )

    def _session(self) -> AwarenessSession:
        session = self.get_queryset().filter(pk=self.kwargs["pk"]).first()
        if session is None:
            raise Http404
        return session

    def _shown(self, pk: int) -> dict[str, Any]:
        return shapes.AwarenessSessionSerializer(self.get_queryset().get(pk=pk)).data

    @extend_schema(summary="Get an awareness session")
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(shapes.AwarenessSessionSerializer(self._session()).data)

    @extend_schema(
        summary="Record an awareness session (hub staff)",
        request=shapes.AwarenessCreateSerializer,
        responses={status.HTTP_201_CREATED: shapes.AwarenessSessionSerializer, 400: INVALID},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = acting_user(request)
        if not policies.staff_hub_ids(user):
            raise exceptions.PermissionDenied(NOT_HUB_STAFF)
        values = _valid(shapes.AwarenessCreateSerializer, request.data)
        hub = _hub_for(user, values.pop("hub", None))
        session = services.awareness_create(by=user, hub=hub, **values)
        return Response(self._shown(session.pk), status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change an awareness session (its hub's managers and who delivered or recorded it)",
        request=shapes.AwarenessChangeSerializer,
        responses={
            status.HTTP_200_OK: shapes.AwarenessSessionSerializer,
            400: INVALID,
            409: CONFLICT,
        },
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = acting_user(request)
        session = self._session()
        if not policies.may_change_awareness(user, session):
            raise exceptions.PermissionDenied(NOT_CHANGER)
        values = _valid(shapes.AwarenessChangeSerializer, request.data)
        version = values.pop("version")
        services.awareness_update(session=session, by=user, version=version, **values)
        return Response(self._shown(session.pk))


@extend_schema_view(
    list=extend_schema(
        summary="List the group-work programmes of the caller's hubs",
        description=(
            "Hub staff only (others get an empty list); latest start first, running ones "
            "unless `status` says otherwise."
        ),
        parameters=[shapes.ProgrammeFilterSerializer],
    ),
)
class GroupWorkProgrammeViewSet(
    CaseAPIMixin, QueryFilterMixin, mixins.ListModelMixin, viewsets.GenericViewSet
):
    """Group-work programmes, the young people in them and their sessions."""

    serializer_class = shapes.ProgrammeSerializer
    filter_serializer_class = shapes.ProgrammeFilterSerializer
    queryset = GroupWorkProgramme.objects.none()

    def _all(self, filters: ProgrammeFilters | None = None) -> QuerySet[GroupWorkProgramme]:
        return programmes_filtered(
            programmes=policies.visible_programmes(self.request.user),
            filters=filters or ProgrammeFilters(status="all"),
        )

    def get_queryset(self) -> QuerySet[GroupWorkProgramme]:
        return self._all()

    def apply_filters(
        self, queryset: QuerySet[GroupWorkProgramme], filters: dict[str, Any]
    ) -> QuerySet[GroupWorkProgramme]:
        return self._all(
            ProgrammeFilters(
                local_authority_id=filters.get("local_authority"),
                status=filters.get("status") or "current",
            )
        )

    def _programme(self) -> GroupWorkProgramme:
        programme = self._all().filter(pk=self.kwargs["pk"]).first()
        if programme is None:
            raise Http404
        return programme

    def _changeable(self) -> GroupWorkProgramme:
        programme = self._programme()
        if not policies.may_change_programme(self.request.user, programme):
            raise exceptions.PermissionDenied(NOT_CHANGER)
        return programme

    def _shown(self, pk: int) -> dict[str, Any]:
        return shapes.ProgrammeSerializer(self._all().get(pk=pk)).data

    @extend_schema(summary="Get a group-work programme")
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(shapes.ProgrammeSerializer(self._programme()).data)

    @extend_schema(
        summary="Set up a group-work programme (hub staff)",
        request=shapes.ProgrammeCreateSerializer,
        responses={status.HTTP_201_CREATED: shapes.ProgrammeSerializer, 400: INVALID},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = acting_user(request)
        if not policies.staff_hub_ids(user):
            raise exceptions.PermissionDenied(NOT_HUB_STAFF)
        values = _valid(shapes.ProgrammeCreateSerializer, request.data)
        hub = _hub_for(user, values.pop("hub", None))
        programme = services.programme_create(by=user, hub=hub, **values)
        return Response(self._shown(programme.pk), status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change a programme (the hub's managers, its facilitators, who set it up)",
        request=shapes.ProgrammeChangeSerializer,
        responses={status.HTTP_200_OK: shapes.ProgrammeSerializer, 400: INVALID, 409: CONFLICT},
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = acting_user(request)
        programme = self._changeable()
        values = _valid(shapes.ProgrammeChangeSerializer, request.data)
        version = values.pop("version")
        services.programme_update(programme=programme, by=user, version=version, **values)
        return Response(self._shown(programme.pk))

    # The young people.

    def _participants_data(self, programme: GroupWorkProgramme) -> list[dict[str, Any]]:
        rows = participant_rows(
            programme=programme, named=policies.participant_cases(self.request.user, programme)
        )
        for row in rows:
            row.participant.young_person = row.name or None  # type: ignore[attr-defined]
        return shapes.GroupParticipantSerializer([row.participant for row in rows], many=True).data  # type: ignore[return-value]

    @extend_schema(
        methods=["GET"],
        summary="The young people in a programme, current first",
        description="Named only where the caller may see the young person's case.",
        responses={status.HTTP_200_OK: shapes.GroupParticipantSerializer(many=True)},
    )
    @extend_schema(
        methods=["POST"],
        summary="Add a young person by their open case (the programme's facilitators)",
        request=shapes.GroupParticipantAddSerializer,
        responses={
            status.HTTP_201_CREATED: shapes.GroupParticipantSerializer(many=True),
            400: INVALID,
        },
    )
    @action(
        detail=True,
        methods=["get", "post"],
        pagination_class=None,
        filter_serializer_class=None,
    )
    def participants(self, request: Request, pk: int) -> Response:
        if request.method == "GET":
            programme = self._programme()
            return Response(self._participants_data(programme))
        user = acting_user(request)
        programme = self._changeable()
        data = _valid(shapes.GroupParticipantAddSerializer, request.data)
        # A case that does not exist is refused in the same words as one the caller may not add,
        # so the answer never tells whether it exists.
        case = Case.objects.filter(pk=data["case"]).first()
        if case is None or not policies.may_add_participant(user, programme, case):
            raise exceptions.ValidationError({"case": [UNKNOWN_CASE]})
        services.participant_add(programme=programme, by=user, case=case)
        return Response(self._participants_data(programme), status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Record that a young person has left the group (the programme's facilitators)",
        request=None,
        responses={status.HTTP_200_OK: shapes.GroupParticipantSerializer(many=True), 400: INVALID},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"participants/(?P<participant_pk>[0-9]+)/leave",
        url_name="participant-leave",
    )
    def participant_leave(self, request: Request, pk: int, participant_pk: str) -> Response:
        programme = self._changeable()
        participant = GroupWorkParticipant.objects.filter(
            pk=int(participant_pk), programme_id=programme.pk
        ).first()
        if participant is None:
            raise Http404
        services.participant_leave(participant=participant, by=acting_user(request))
        return Response(self._participants_data(programme))

    # Sessions.

    def _session_data(self, programme: GroupWorkProgramme, session_pk: int) -> dict[str, Any]:
        try:
            session = session_for_page(programme=programme, pk=session_pk)
        except GroupWorkSession.DoesNotExist:
            raise Http404 from None
        rows = attendance_rows(
            session=session, named=policies.participant_cases(self.request.user, programme)
        )
        session.register_rows = [  # type: ignore[attr-defined]
            {
                "case": row.attendance.case_id,
                "young_person": row.name or None,
                "attendance": row.attendance.attendance,
                "entry": row.attendance.entry_id,
            }
            for row in rows
        ]
        return shapes.GroupSessionSerializer(session).data

    @extend_schema(
        methods=["GET"],
        summary="A programme's sessions, latest first, with how many came",
        responses={status.HTTP_200_OK: shapes.GroupSessionRowSerializer(many=True)},
    )
    @extend_schema(
        methods=["POST"],
        summary="Record a session and its register (the programme's facilitators)",
        description=(
            "Writes a group-work casework entry on each young person's case on the register, "
            "in one transaction with the session."
        ),
        request=shapes.GroupSessionRecordSerializer,
        responses={status.HTTP_201_CREATED: shapes.GroupSessionSerializer, 400: INVALID},
    )
    @action(detail=True, methods=["get", "post"], filter_serializer_class=None)
    def sessions(self, request: Request, pk: int) -> Response:
        if request.method == "GET":
            programme = self._programme()
            page = self.paginate_queryset(sessions_of(programme=programme))
            data = shapes.GroupSessionRowSerializer(page, many=True).data
            return self.get_paginated_response(data)
        user = acting_user(request)
        programme = self._changeable()
        values = _valid(shapes.GroupSessionRecordSerializer, request.data)
        lines = values.pop("attendance")
        cases = [line["case"] for line in lines]
        if len(cases) != len(set(cases)):
            raise exceptions.ValidationError(
                {"attendance": ["Give each young person one line on the register."]}
            )
        session = services.group_session_record(
            programme=programme,
            by=user,
            attendance={line["case"]: line["attendance"] for line in lines},
            notes_by_case={line["case"]: line["note"] for line in lines if line.get("note")},
            **values,
        )
        return Response(self._session_data(programme, session.pk), status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="One session and its register",
        responses={status.HTTP_200_OK: shapes.GroupSessionSerializer},
    )
    @action(
        detail=True,
        methods=["get"],
        url_path=r"sessions/(?P<session_pk>[0-9]+)",
        url_name="session-detail",
        pagination_class=None,
        filter_serializer_class=None,
    )
    def session(self, request: Request, pk: int, session_pk: str) -> Response:
        return Response(self._session_data(self._programme(), int(session_pk)))


router = SimpleRouter()
router.register("awareness-sessions", AwarenessSessionViewSet, basename="awareness-session")
router.register("group-work-programmes", GroupWorkProgrammeViewSet, basename="group-programme")

urlpatterns: list[URLPattern | URLResolver] = [*router.urls]
