"""Reads about shared resources, over what `consultancy.policies` has already made visible.

Lists page in the database; each is a constant number of queries whatever the number of rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from consultancy.models import Resource, ResourceVersion
from partners.models import Agency, LocalAuthority


@dataclass(frozen=True)
class ResourceFilters:
    """What a list of resources can be narrowed by (all optional)."""

    kind: str = ""
    search: str = ""
    # The hub's list only: "live" (the default), "withdrawn" or "all".
    state: str = "live"


def _filtered(resources: QuerySet[Resource], filters: ResourceFilters) -> QuerySet[Resource]:
    if filters.kind:
        resources = resources.filter(kind=filters.kind)
    if filters.search:
        resources = resources.filter(title__icontains=filters.search)
    return resources


def resources_for_hub(
    *, resources: QuerySet[Resource], filters: ResourceFilters
) -> QuerySet[Resource]:
    """The hub's resources, by title, with where each is shared.

    `resources` is the policy's `hub_resources(user)`; a page is three queries: the rows (with
    the current version and who shared it), their local authorities, and their agencies.
    """
    resources = _filtered(resources, filters)
    if filters.state == "withdrawn":
        resources = resources.filter(withdrawn_at__isnull=False)
    elif filters.state != "all":
        resources = resources.filter(withdrawn_at__isnull=True)
    return (
        resources.select_related("hub", "current_version", "created_by")
        .prefetch_related(
            Prefetch("local_authorities", queryset=LocalAuthority.objects.order_by("name")),
            Prefetch("agencies", queryset=Agency.objects.order_by("name")),
        )
        .order_by("title", "pk")
    )


def resources_shared(
    *, resources: QuerySet[Resource], filters: ResourceFilters
) -> QuerySet[Resource]:
    """Live resources shared with the user's agencies, by title: one query per page.

    `resources` is the policy's `shared_resources(user)`.
    """
    return (
        _filtered(resources, filters)
        .select_related("hub", "current_version")
        .order_by("title", "pk")
    )


def resource_for_page(*, pk: int, resources: QuerySet[Resource]) -> Resource:
    """One resource with what its page shows (raises DoesNotExist when not visible)."""
    return (
        resources.select_related(
            "hub", "current_version", "current_version__uploaded_by", "created_by"
        )
        .prefetch_related(
            Prefetch("local_authorities", queryset=LocalAuthority.objects.order_by("name")),
            Prefetch("agencies", queryset=Agency.objects.order_by("name")),
        )
        .get(pk=pk)
    )


def resource_versions(*, resource: Resource) -> QuerySet[ResourceVersion]:
    """Every version of a resource, newest first, with who uploaded it: one query."""
    return (
        ResourceVersion.objects.filter(resource_id=resource.pk)
        .select_related("uploaded_by")
        .order_by("-number")
    )
