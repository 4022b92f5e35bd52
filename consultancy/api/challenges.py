"""API views for practice challenges: authorise through `consultancy.policies`, write through
the services, audit every read of one challenge.

A challenge the caller may not see is 404, exactly as one that does not exist; one they see but
may not change (the challenged agency's team managers) is 403; bad input or a resolved challenge
is 400 with the service's message; a change that started from a stale version is 409. The case
id appears only for callers the case policy lets see the case.
"""

from __future__ import annotations

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
from consultancy.models import ChallengeEscalation, PracticeChallenge
from consultancy.selectors.challenges import (
    ChallengeFilters,
    challenge_for_page,
    challenges_for_list,
)
from consultancy.services import challenges as services
from cse_hub.api.errors import ErrorSerializer
from cse_hub.api.views import QueryFilterMixin, acting_user
from partners.api.serializers import (
    AgencySummarySerializer,
    LocalAuthoritySummarySerializer,
    UserSummarySerializer,
)
from partners.models import Agency, LocalAuthority

INVALID = OpenApiResponse(
    ErrorSerializer,
    description=(
        "The input is not valid, or the challenge has been resolved (`fields` says why). "
        "Nothing was saved."
    ),
)
NOT_HUB_STAFF = "Only the hub's spoke workers and managers raise practice challenges."
NOT_CHANGER = "Only the worker who raised it and the hub's managers change a challenge."


# Shapes.


class ChallengeRowSerializer(serializers.ModelSerializer[PracticeChallenge]):
    """One row of a list: the same for everyone, and never the case."""

    reference = serializers.CharField(read_only=True, help_text="For example P000042.")
    hub = AgencySummarySerializer(read_only=True)
    raised_by = UserSummarySerializer(read_only=True)
    challenged_agency = AgencySummarySerializer(read_only=True)
    local_authority = LocalAuthoritySummarySerializer(read_only=True)

    class Meta:
        model = PracticeChallenge
        fields = [
            "id",
            "reference",
            "status",
            "category",
            "level",
            "hub",
            "raised_by",
            "raised_on",
            "challenged_agency",
            "local_authority",
            "outcome",
            "resolved_on",
        ]
        read_only_fields = fields


class EscalationSerializer(serializers.ModelSerializer[ChallengeEscalation]):
    recorded_by = UserSummarySerializer(read_only=True)

    class Meta:
        model = ChallengeEscalation
        fields = ["id", "level", "escalated_on", "note", "recorded_by", "created_at"]
        read_only_fields = fields


class ChallengeSerializer(ChallengeRowSerializer):
    """A challenge in full: the concern, its levels over time and how it ended. `case` is the
    case id, or null when there is none or the caller may not see it."""

    case = serializers.SerializerMethodField()
    escalations = EscalationSerializer(many=True, read_only=True)

    class Meta(ChallengeRowSerializer.Meta):
        fields = [
            *ChallengeRowSerializer.Meta.fields,
            "case",
            "concern",
            "resolution",
            "escalations",
            "created_at",
            "updated_at",
            "version",
        ]
        read_only_fields = fields

    def get_case(self, challenge: PracticeChallenge) -> int | None:
        return challenge.case_id if self.context.get("may_see_case") else None


class ChallengeFilterSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=PracticeChallenge.Status.choices, required=False)
    level = serializers.ChoiceField(choices=PracticeChallenge.Level.choices, required=False)
    agency = serializers.IntegerField(required=False, help_text="The challenged agency's id.")
    local_authority = serializers.IntegerField(required=False)


class ChallengeRaiseSerializer(serializers.Serializer):
    hub = serializers.PrimaryKeyRelatedField(
        queryset=Agency.objects.all(),
        required=False,
        help_text="The hub raising it; may be left out by someone who works for one hub only.",
    )
    challenged_agency = serializers.PrimaryKeyRelatedField(queryset=Agency.objects.all())
    local_authority = serializers.PrimaryKeyRelatedField(queryset=LocalAuthority.objects.all())
    case = serializers.IntegerField(
        required=False, allow_null=True, help_text="A case of the hub the caller may see."
    )
    category = serializers.ChoiceField(choices=PracticeChallenge.Category.choices)
    concern = serializers.CharField(
        help_text="The practice challenged and why; not about the young person."
    )
    raised_on = serializers.DateField()
    level = serializers.ChoiceField(
        choices=PracticeChallenge.Level.choices, default=PracticeChallenge.Level.PRACTITIONER
    )


class ChallengeChangeSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=0)
    category = serializers.ChoiceField(choices=PracticeChallenge.Category.choices, required=False)
    concern = serializers.CharField(required=False)


class ChallengeEscalateSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=0)
    level = serializers.ChoiceField(choices=PracticeChallenge.Level.choices)
    escalated_on = serializers.DateField()
    note = serializers.CharField()


class ChallengeResolveSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=0)
    outcome = serializers.ChoiceField(choices=PracticeChallenge.Outcome.choices)
    resolution = serializers.CharField()
    resolved_on = serializers.DateField()


def _changed(summary: str, request: Any, **responses: Any) -> Any:
    return extend_schema(
        summary=summary,
        request=request,
        responses={
            status.HTTP_200_OK: ChallengeSerializer,
            status.HTTP_400_BAD_REQUEST: INVALID,
            status.HTTP_409_CONFLICT: CONFLICT,
            **responses,
        },
    )


@extend_schema_view(
    list=extend_schema(
        summary="List the practice challenges the caller may see",
        description=(
            "A worker sees those they raised, the hub's managers all of the hub's, and a team "
            "manager those made to their agency; open first, then newest raised. Rows never "
            "carry the case."
        ),
        parameters=[ChallengeFilterSerializer],
    ),
)
class ChallengeViewSet(
    CaseAPIMixin, QueryFilterMixin, mixins.ListModelMixin, viewsets.GenericViewSet
):
    """A worker's constructive challenge of another agency's practice, and how it ended."""

    serializer_class = ChallengeRowSerializer
    filter_serializer_class = ChallengeFilterSerializer
    queryset = PracticeChallenge.objects.none()

    def get_queryset(self) -> QuerySet[PracticeChallenge]:
        return policies.visible_challenges(self.request.user)

    def apply_filters(
        self, queryset: QuerySet[PracticeChallenge], filters: dict[str, Any]
    ) -> QuerySet[PracticeChallenge]:
        return challenges_for_list(
            challenges=queryset,
            filters=ChallengeFilters(
                status=filters.get("status", ""),
                level=int(filters["level"]) if "level" in filters else None,
                agency_id=filters.get("agency"),
                local_authority_id=filters.get("local_authority"),
            ),
        )

    def _challenge(self) -> PracticeChallenge:
        user = self.request.user
        try:
            challenge = challenge_for_page(
                pk=self.kwargs["pk"], challenges=policies.visible_challenges(user)
            )
        except PracticeChallenge.DoesNotExist:
            raise Http404 from None
        if not policies.may_view_challenge(user, challenge):
            raise Http404
        return challenge

    def _changeable(self) -> PracticeChallenge:
        """The challenge, once the caller is one who may change it; a resolved one goes on to
        the service, which refuses with its reason (400)."""
        challenge = self._challenge()
        if not policies.is_challenge_changer(self.request.user, challenge):
            raise exceptions.PermissionDenied(NOT_CHANGER)
        return challenge

    def _shown(self, pk: int) -> dict[str, Any]:
        challenge = challenge_for_page(pk=pk, challenges=PracticeChallenge.objects.all())
        return ChallengeSerializer(
            challenge,
            context={"may_see_case": policies.may_see_challenge_case(self.request.user, challenge)},
        ).data

    @staticmethod
    def _valid(serializer_class: type[serializers.Serializer], data: Any) -> dict[str, Any]:
        serializer = serializer_class(data=data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    @extend_schema(
        summary="Get a practice challenge (audited)",
        responses={status.HTTP_200_OK: ChallengeSerializer},
    )
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        challenge = self._challenge()
        services.challenge_read_record(challenge=challenge, by=acting_user(request))
        return Response(self._shown(challenge.pk))

    @extend_schema(
        summary="Raise a practice challenge (hub staff)",
        description="The challenged agency's team managers are told (with no details).",
        request=ChallengeRaiseSerializer,
        responses={status.HTTP_201_CREATED: ChallengeSerializer, 400: INVALID},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = acting_user(request)
        hub_ids = policies.staff_hub_ids(user)
        if not hub_ids:
            raise exceptions.PermissionDenied(NOT_HUB_STAFF)
        data = self._valid(ChallengeRaiseSerializer, request.data)
        hub = data.get("hub")
        if hub is None:
            if len(hub_ids) != 1:
                raise exceptions.ValidationError({"hub": ["Choose the hub raising it."]})
            hub = Agency.objects.get(pk=next(iter(hub_ids)))
        elif not policies.may_raise_challenge(user, hub=hub):
            raise exceptions.ValidationError({"hub": ["Choose a hub you work for."]})
        case = _case(user, hub=hub, case_id=data.get("case"))
        challenge = services.challenge_raise(
            by=user,
            hub=hub,
            challenged_agency=data["challenged_agency"],
            local_authority=data["local_authority"],
            category=data["category"],
            concern=data["concern"],
            raised_on=data["raised_on"],
            level=int(data["level"]),
            case=case,
        )
        return Response(self._shown(challenge.pk), status=status.HTTP_201_CREATED)

    @_changed("Correct what an open challenge is about", ChallengeChangeSerializer)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        challenge = self._changeable()
        values = self._valid(ChallengeChangeSerializer, request.data)
        version = values.pop("version")
        services.challenge_update(
            challenge=challenge, by=acting_user(request), version=version, **values
        )
        return Response(self._shown(challenge.pk))

    @_changed("Escalate an open challenge to a higher level", ChallengeEscalateSerializer)
    @action(detail=True, methods=["post"])
    def escalate(self, request: Request, pk: int) -> Response:
        challenge = self._changeable()
        data = self._valid(ChallengeEscalateSerializer, request.data)
        services.challenge_escalate(
            challenge=challenge,
            by=acting_user(request),
            level=int(data["level"]),
            escalated_on=data["escalated_on"],
            note=data["note"],
            version=data["version"],
        )
        return Response(self._shown(challenge.pk))

    @_changed("Resolve an open challenge", ChallengeResolveSerializer)
    @action(detail=True, methods=["post"])
    def resolve(self, request: Request, pk: int) -> Response:
        challenge = self._changeable()
        data = self._valid(ChallengeResolveSerializer, request.data)
        services.challenge_resolve(
            challenge=challenge,
            by=acting_user(request),
            outcome=data["outcome"],
            resolution=data["resolution"],
            resolved_on=data["resolved_on"],
            version=data["version"],
        )
        return Response(self._shown(challenge.pk))


def _case(user: User, *, hub: Agency, case_id: int | None) -> Case | None:
    """The case named, if the user may see it; otherwise the same refusal as for none."""
    if case_id is None:
        return None
    case = services.challengeable_cases(user=user, hub=hub).filter(pk=case_id).first()
    if case is None:
        raise exceptions.ValidationError({"case": [f"Choose a case of {hub} that you may see."]})
    return case


router = SimpleRouter()
router.register("practice-challenges", ChallengeViewSet, basename="challenge")

urlpatterns: list[URLPattern | URLResolver] = [*router.urls]
