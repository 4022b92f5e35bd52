"""What each actor asks for: one scenario per page or call measured, in the order they run.

A scenario names the plan its clients repeat (`ops.bench.client`) and who they are. Most
record one row of the report under the scenario's name; a referral records three (the form
saved, the check answers page, the submission).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.urls import reverse

from cases.models import Case
from dashboards.periods import Period
from dashboards.scopes import Scope, ScopeKind
from dashboards.selectors import dashboard_cache_key, summary_state, threshold
from ops.bench.actors import Actors
from ops.bench.catalogue import SCENARIO_NAMES
from ops.bench.client import ColdRead, LogCasework, Plan, Read, SubmitReferral
from partners.models import Membership


@dataclass(frozen=True)
class Scenario:
    name: str
    plan: Plan
    # Each client signs in as this membership with a session of its own; None for no session.
    session_for: Membership | None = None
    # Whether clients send the API token instead.
    token: bool = False
    # Only one client, whatever the concurrency (a cold read: clients would warm each other).
    one_client: bool = False

    @property
    def rows(self) -> tuple[str, ...]:
        return self.plan.rows


@dataclass(frozen=True)
class Built:
    scenarios: list[Scenario]
    # Scenarios the data gives nobody to run, and why.
    skipped: dict[str, str]


def _dashboard_cold_key(*, local_authority_id: int, name: str, today: datetime.date) -> str:
    """The cache entry the LA dashboard page reads for its default twelve months, as stored."""
    key = dashboard_cache_key(
        scope=Scope(ScopeKind.LOCAL_AUTHORITY, str(local_authority_id), name),
        period=Period.default(today=today),
        version=summary_state().version,
        limit=threshold(),
        day=today,
    )
    return cache.make_key(key)


@dataclass(frozen=True)
class _Given:
    actors: Actors
    redis_url: str
    today: datetime.date
    # Tells this run's records apart from another's (in casework text and referral names).
    label: str


NO_CASE = "no spoke worker with an open case"
# A scenario, or why the data gives nobody to run it.
Made = Scenario | str


def _baseline(given: _Given) -> Made:
    la = given.actors.baseline_local_authority
    if la is None:
        return "no local authority"
    return Scenario("baseline", Read("baseline", reverse("bench:baseline", kwargs={"pk": la.pk})))


def _worker_read(name: str, path_of: Callable[[Case], str]) -> Callable[[_Given], Made]:
    def make(given: _Given) -> Made:
        worker, case = given.actors.spoke_worker, given.actors.case
        if worker is None or case is None:
            return NO_CASE
        return Scenario(name, Read(name, path_of(case)), session_for=worker)

    return make


def _triage_queue(given: _Given) -> Made:
    manager = given.actors.hub_manager
    if manager is None:
        return "no hub manager of a hub with referrals waiting"
    return Scenario("triage_queue", Read("triage_queue", reverse("referrals:queue")), manager)


def _casework_entry(given: _Given) -> Made:
    worker, case = given.actors.spoke_worker, given.actors.casework_case
    if worker is None or case is None:
        return NO_CASE
    return Scenario("casework_entry", LogCasework("casework_entry", case.pk, given.label), worker)


def _referral(given: _Given) -> Made:
    referrer = given.actors.referrer
    la, hub = given.actors.referral_local_authority, given.actors.referral_hub
    if referrer is None or la is None or hub is None:
        return "no practitioner in a local authority that a hub serves"
    plan = SubmitReferral(
        draft_row="referral_draft",
        check_row="referral_check",
        submit_row="referral_submit",
        local_authority_id=la.pk,
        hub_id=hub.pk,
        agency_id=referrer.agency_id,
        birth_year=given.today.year - 14,
        label=given.label,
    )
    return Scenario("referral", plan, referrer)


def _dashboard(cold: bool) -> Callable[[_Given], Made]:
    name = "dashboard_cold" if cold else "dashboard_warm"

    def make(given: _Given) -> Made:
        manager, la = given.actors.partnership_manager, given.actors.dashboard_local_authority
        if manager is None or la is None:
            return "no partnership manager"
        path = reverse("dashboards:local-authorities", kwargs={"key": str(la.pk)})
        if not cold:
            return Scenario(name, Read(name, path), manager)
        key = _dashboard_cold_key(local_authority_id=la.pk, name=la.name, today=given.today)
        plan = ColdRead(name, path, redis_url=given.redis_url, cache_key=key)
        return Scenario(name, plan, manager, one_client=True)

    return make


def _api(name: str, path_of: Callable[[Case | None], str | None]) -> Callable[[_Given], Made]:
    def make(given: _Given) -> Made:
        path = path_of(given.actors.case)
        if given.actors.api_user is None or path is None:
            return NO_CASE
        return Scenario(name, Read(name, path), token=True)

    return make


BUILDERS: dict[str, Callable[[_Given], Made]] = {
    "baseline": _baseline,
    "caseload": _worker_read("caseload", lambda case: reverse("cases:case_list")),
    "case_detail": _worker_read("case_detail", lambda case: case.get_absolute_url()),
    "chronology": _worker_read(
        "chronology", lambda case: reverse("cases:chronology", kwargs={"pk": case.pk})
    ),
    "triage_queue": _triage_queue,
    "casework_entry": _casework_entry,
    "referral": _referral,
    "dashboard_warm": _dashboard(cold=False),
    "dashboard_cold": _dashboard(cold=True),
    "api_case_list": _api("api_case_list", lambda case: "/api/v1/cases/"),
    "api_case_retrieve": _api(
        "api_case_retrieve", lambda case: f"/api/v1/cases/{case.pk}/" if case else None
    ),
    "api_chronology": _api(
        "api_chronology",
        lambda case: f"/api/v1/cases/{case.pk}/chronology/?limit=50" if case else None,
    ),
}


def scenarios_build(
    *, actors: Actors, names: list[str], redis_url: str, today: datetime.date, label: str
) -> Built:
    """The scenarios asked for that the data allows, in the order they run."""
    given = _Given(actors=actors, redis_url=redis_url, today=today, label=label)
    built = Built(scenarios=[], skipped={})
    for name in SCENARIO_NAMES:
        if name not in names:
            continue
        made = BUILDERS[name](given)
        if isinstance(made, Scenario):
            built.scenarios.append(made)
        else:
            built.skipped[name] = made
    return built
