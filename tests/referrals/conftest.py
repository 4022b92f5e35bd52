"""Referrals driven to any state through the real services, and young people the hub knows.

Fixtures for every referral test (pages, API, services):

- `referral_values` — a complete draft's values (a dict to copy and change).
- `make_referral(status="draft", **overrides)` — a referral by the world's practitioner to the
  world's hub, walked through the services to `status`. `make_referral(world, status=...)` works
  too. Overrides: any of `referrals.services.DRAFT_FIELDS`; `referrer` (the agency defaults to
  their first referring agency); `young_person` (link the referral to them at screening);
  `match` ("new" to confirm a new young person at screening; allocation confirms new by itself
  when nothing was decided); `worker`, `risk_level`, `rationale` for allocation; `reason` for the
  decision or withdrawal; `signposted_to`; `withdrawn_from` ("submitted" or "screening").
- `known_young_person(first_name=..., last_name=..., date_of_birth=..., case="open")` — a young
  person the world's hub already knows, with an open case led by the world's spoke worker
  (`case="closed"` closes it; `lead_worker=None` leaves it unallocated); returns the
  `YoungPerson`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from cases import services as case_services
from cases.models import Case, RiskLevel, YoungPerson
from referrals import services
from referrals.models import Referral
from referrals.policies import referring_agencies
from tests.conftest import World

S = Referral.Status
NARRATIVE = (
    "Seen getting into cars with older males after school; missing overnight twice this month."
)
# The order a referral reaches each status in, after the draft.
_PATHS: dict[str, tuple[str, ...]] = {
    S.DRAFT: (),
    S.SUBMITTED: ("submit",),
    S.SCREENING: ("submit", "start_screening"),
    S.ACCEPTED: ("submit", "start_screening", "accept"),
    S.ALLOCATED: ("submit", "start_screening", "accept", "allocate"),
    S.DECLINED: ("submit", "start_screening", "decline"),
    S.SIGNPOSTED: ("submit", "start_screening", "signpost"),
    S.WITHDRAWN: ("submit", "withdraw"),
}


def years_ago(years: int, *, days: int = 40) -> datetime.date:
    """A date of birth `years` years before today (and a few weeks more, so the age is exact)."""
    today = timezone.localdate()
    try:
        day = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        day = today.replace(year=today.year - years, day=28)
    return day - datetime.timedelta(days=days)


@pytest.fixture
def referral_values(world: World) -> dict[str, Any]:
    """Everything a complete referral says, for the world's Ashdown practitioner."""
    return {
        "referrer_phone": "01632 960 001",
        "local_authority": world.la_a,
        "hub": world.hub,
        "first_name": "Jordan",
        "last_name": "Sample",
        "known_as": "",
        "date_of_birth": years_ago(14),
        "gender": YoungPerson.Gender.FEMALE,
        "address_area": "AB1",
        "school_or_setting": "Ashdown Academy",
        "indicators": ["missing_episodes", "older_partner"],
        "narrative": NARRATIVE,
        "urgency": Referral.Urgency.PRIORITY,
        "young_person_aware": True,
        "young_person_consents": True,
        "no_consent_basis": "",
        "no_consent_reason": "",
        "parents_aware": Referral.ParentsAware.YES,
    }


def _drive(referral: Referral, *, step: str, world: World, options: dict[str, Any]) -> Referral:
    manager = world.hub_manager
    if step == "submit":
        return services.referral_submit(
            referral=referral, by=referral.referrer, version=referral.version
        )
    if step == "start_screening":
        referral = services.referral_screening_start(
            referral=referral, by=manager, version=referral.version
        )
        if options["young_person"] is not None:
            referral = services.referral_match_link(
                referral=referral,
                by=manager,
                version=referral.version,
                young_person=options["young_person"],
            )
        elif options["match"] == "new":
            referral = services.referral_match_confirm_new(
                referral=referral, by=manager, version=referral.version
            )
        return referral
    if step == "accept":
        return services.referral_accept(
            referral=referral, by=manager, version=referral.version, reason=options["reason"]
        )
    if step == "decline":
        return services.referral_decline(
            referral=referral, by=manager, version=referral.version, reason=options["reason"]
        )
    if step == "signpost":
        return services.referral_signpost(
            referral=referral,
            by=manager,
            version=referral.version,
            reason=options["reason"],
            signposted_to=options["signposted_to"],
        )
    if step == "withdraw":
        if options["withdrawn_from"] == S.SCREENING:
            referral = services.referral_screening_start(
                referral=referral, by=manager, version=referral.version
            )
        return services.referral_withdraw(
            referral=referral, by=referral.referrer, version=referral.version, reason="Moved away."
        )
    if step == "allocate":
        if not referral.match_decision:
            referral = services.referral_match_confirm_new(
                referral=referral, by=manager, version=referral.version
            )
        return services.referral_allocate(
            referral=referral,
            by=manager,
            version=referral.version,
            worker=options["worker"],
            risk_level=options["risk_level"],
            rationale=options["rationale"],
        )
    raise AssertionError(f"No way to {step}")


@pytest.fixture
def make_referral(world: World, referral_values: dict[str, Any]) -> Callable[..., Referral]:
    """A referral walked through the real services to the status asked for."""

    def _make(
        _world: World | None = None, /, *, status: str = S.DRAFT, **overrides: Any
    ) -> Referral:
        options = {
            "young_person": overrides.pop("young_person", None),
            "match": overrides.pop("match", None),
            "worker": overrides.pop("worker", world.spoke_worker),
            "risk_level": overrides.pop("risk_level", RiskLevel.MEDIUM),
            "rationale": overrides.pop(
                "rationale", "Missing episodes and an older boyfriend reported."
            ),
            "reason": overrides.pop("reason", "Meets the threshold for CSE support."),
            "signposted_to": overrides.pop("signposted_to", "Ashdown Young People's Service"),
            "withdrawn_from": overrides.pop("withdrawn_from", S.SUBMITTED),
        }
        referrer = overrides.pop("referrer", world.practitioner)
        agency = overrides.pop("referrer_agency", None) or referring_agencies(referrer)[0]
        values = {**referral_values, **overrides}
        referral = services.referral_draft_create(by=referrer, referrer_agency=agency, **values)
        for step in _PATHS[Referral.Status(status)]:
            referral = _drive(referral, step=step, world=world, options=options)
        referral.refresh_from_db()
        assert referral.status == status
        return referral

    return _make


@pytest.fixture
def known_young_person(world: World) -> Callable[..., YoungPerson]:
    """A young person the world's hub already works with (or has worked with)."""

    def _known(
        *,
        first_name: str = "Jordan",
        last_name: str = "Sample",
        date_of_birth: datetime.date | None = None,
        preferred_name: str = "",
        local_authority: Any = None,
        case: str = "open",
        lead_worker: Any = "spoke_worker",
    ) -> YoungPerson:
        opened = case_services.case_open(
            by=world.hub_manager,
            hub=world.hub,
            local_authority=local_authority or world.la_a,
            risk_level=RiskLevel.MEDIUM,
            rationale="Known to the hub from an earlier referral.",
            indicators=["missing_episodes"],
            young_person_data={
                "first_name": first_name,
                "last_name": last_name,
                "preferred_name": preferred_name,
                "date_of_birth": date_of_birth if date_of_birth is not None else years_ago(14),
            },
            lead_worker=world.by_role(lead_worker) if isinstance(lead_worker, str) else lead_worker,
        )
        if case == "closed":
            case_services.case_close(
                case=opened,
                by=world.hub_manager,
                version=opened.version,
                reason=Case.ClosureReason.OUTCOMES_MET,
                outcome="Goals met.",
            )
        return opened.young_person

    return _known
