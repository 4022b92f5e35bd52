"""Reads about practice challenges, over what `consultancy.policies` has already made visible.

Lists page in the database; each is a constant number of queries whatever the number of rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case as SqlCase
from django.db.models import IntegerField, Prefetch, QuerySet, Value, When

from consultancy.models import ChallengeEscalation, PracticeChallenge


@dataclass(frozen=True)
class ChallengeFilters:
    """What a list of challenges can be narrowed by (all optional)."""

    status: str = ""
    level: int | None = None
    agency_id: int | None = None
    local_authority_id: int | None = None


def challenges_for_list(
    *, challenges: QuerySet[PracticeChallenge], filters: ChallengeFilters
) -> QuerySet[PracticeChallenge]:
    """Open challenges first, then newest raised: one query per page.

    `challenges` is the policy's `visible_challenges(user)`; the row carries the hub, the
    challenged agency, the local authority and who raised it, never the case.
    """
    if filters.status:
        challenges = challenges.filter(status=filters.status)
    if filters.level:
        challenges = challenges.filter(level=filters.level)
    if filters.agency_id:
        challenges = challenges.filter(challenged_agency_id=filters.agency_id)
    if filters.local_authority_id:
        challenges = challenges.filter(local_authority_id=filters.local_authority_id)
    return (
        challenges.annotate(
            open_first=SqlCase(
                When(status=PracticeChallenge.Status.OPEN, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .select_related("hub", "challenged_agency", "local_authority", "raised_by")
        .order_by("open_first", "-raised_on", "-pk")
    )


def challenge_for_page(*, pk: int, challenges: QuerySet[PracticeChallenge]) -> PracticeChallenge:
    """One challenge with its history (raises DoesNotExist when not visible)."""
    return (
        challenges.select_related(
            "hub", "challenged_agency", "local_authority", "raised_by", "case__young_person"
        )
        .prefetch_related(
            Prefetch(
                "escalations",
                queryset=ChallengeEscalation.objects.select_related("recorded_by").order_by(
                    "escalated_on", "pk"
                ),
            )
        )
        .get(pk=pk)
    )
