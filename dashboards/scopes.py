"""What a dashboard is about: one local authority, one hub, a region, or England.

A scope narrows every summary table the same way (`where`), so one set of queries serves all
four. Which scopes a user may open is for `dashboards.policies` alone to say.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, TextChoices
from django.urls import reverse


class ScopeKind(TextChoices):
    LOCAL_AUTHORITY = "local-authority", "Local authority"
    HUB = "hub", "Hub"
    REGION = "region", "Region"
    ENGLAND = "england", "England"


ENGLAND_KEY = "england"


@dataclass(frozen=True)
class Scope:
    kind: str
    # The local authority's or hub's id, the region's code, or "england".
    key: str
    name: str

    @property
    def label(self) -> str:
        """How a page names it: 'Ashdown', 'Northbrook CSE Hub', 'North West', 'England'."""
        return self.name

    @property
    def kind_label(self) -> str:
        return str(ScopeKind(self.kind).label)

    @property
    def id(self) -> int:
        return int(self.key)

    @property
    def by_agency(self) -> bool:
        """Local and hub dashboards list agencies by name; wider ones by kind of agency."""
        return self.kind in (ScopeKind.LOCAL_AUTHORITY, ScopeKind.HUB)

    @property
    def cache_key(self) -> str:
        return f"{self.kind}:{self.key}"

    def where(self, *, local_authority: str = "local_authority", hub: str = "hub") -> Q:
        """Rows inside the scope, for a model whose place fields have these names."""
        if self.kind == ScopeKind.LOCAL_AUTHORITY:
            return Q(**{f"{local_authority}_id": self.id})
        if self.kind == ScopeKind.HUB:
            return Q(**{f"{hub}_id": self.id})
        if self.kind == ScopeKind.REGION:
            return Q(**{f"{local_authority}__region": self.key})
        return Q()

    @property
    def route(self) -> str:
        """The name of its routes: `dashboards:<route>` and `api:dashboard-<route>`."""
        return ROUTES[self.kind]

    @property
    def route_kwargs(self) -> dict[str, str]:
        return {} if self.kind == ScopeKind.ENGLAND else {"key": self.key}

    def url(self) -> str:
        return reverse(f"dashboards:{self.route}", kwargs=self.route_kwargs)

    def table_url(self, slug: str) -> str:
        return reverse(
            f"dashboards:{self.route}-table", kwargs={**self.route_kwargs, "table": slug}
        )

    def extract_url(self) -> str:
        return reverse(f"dashboards:{self.route}-extract", kwargs=self.route_kwargs)

    def api_url(self) -> str:
        return reverse(f"api:dashboard-{self.route}", kwargs=self.route_kwargs)


# Each kind's part of the URL and name of its routes.
ROUTES: dict[str, str] = {
    ScopeKind.LOCAL_AUTHORITY: "local-authorities",
    ScopeKind.HUB: "hubs",
    ScopeKind.REGION: "regions",
    ScopeKind.ENGLAND: "england",
}
