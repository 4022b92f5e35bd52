"""The referral's state machine: every step from every status.

A step its status allows succeeds, moves the referral on and stamps the step's time; a step it
does not allow raises `InvalidTransition` with a message saying why, and changes nothing: not the
referral, not the audit log, not anyone's notifications, no case.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.forms.models import model_to_dict
from django.utils import timezone

from audit.models import AuditEvent
from cases.models import Case
from notifications.models import Notification
from referrals import services
from referrals.models import Referral
from referrals.services import STEPS, InvalidTransition
from tests.conftest import World

S = Referral.Status


def _take(step: str, referral: Referral, world: World) -> Referral | None:
    """Take `step` on the referral as the person who would (the service does not check who)."""
    manager, version = world.hub_manager, referral.version
    calls: dict[str, Callable[[], Any]] = {
        "change": lambda: services.referral_draft_update(
            referral=referral, by=referral.referrer, version=version, known_as="JJ"
        ),
        "delete": lambda: services.referral_draft_delete(
            referral=referral, by=referral.referrer, version=version
        ),
        "submit": lambda: services.referral_submit(
            referral=referral, by=referral.referrer, version=version
        ),
        "start_screening": lambda: services.referral_screening_start(
            referral=referral, by=manager, version=version
        ),
        "note": lambda: services.referral_screening_notes_update(
            referral=referral, by=manager, version=version, notes="Checked with the school."
        ),
        "match": lambda: services.referral_match_confirm_new(
            referral=referral, by=manager, version=version
        ),
        "accept": lambda: services.referral_accept(
            referral=referral, by=manager, version=version, reason="Meets the threshold."
        ),
        "decline": lambda: services.referral_decline(
            referral=referral, by=manager, version=version, reason="No CSE concerns."
        ),
        "signpost": lambda: services.referral_signpost(
            referral=referral,
            by=manager,
            version=version,
            reason="Needs family support first.",
            signposted_to="Early Help",
        ),
        "withdraw": lambda: services.referral_withdraw(
            referral=referral, by=referral.referrer, version=version, reason="Moved away."
        ),
        "allocate": lambda: services.referral_allocate(
            referral=referral,
            by=manager,
            version=version,
            worker=world.spoke_worker,
            risk_level="medium",
            rationale="Missing episodes.",
        ),
    }
    return calls[step]()


# What each allowed step leads to: the status after it (None: unchanged, "gone": deleted), and
# the time it stamps.
OUTCOMES: dict[str, tuple[str | None, str]] = {
    "change": (None, "updated_at"),
    "delete": ("gone", ""),
    "submit": (S.SUBMITTED, "submitted_at"),
    "start_screening": (S.SCREENING, "screening_started_at"),
    "note": (None, "updated_at"),
    "match": (None, "updated_at"),
    "accept": (S.ACCEPTED, "decided_at"),
    "decline": (S.DECLINED, "decided_at"),
    "signpost": (S.SIGNPOSTED, "decided_at"),
    "withdraw": (S.WITHDRAWN, "withdrawn_at"),
    "allocate": (S.ALLOCATED, "allocated_at"),
}

ALLOWED = [
    pytest.param(step, status, id=f"{step} from {status}")
    for step, (starts, _) in STEPS.items()
    for status in S.values
    if status in starts
]
FORBIDDEN = [
    pytest.param(step, status, id=f"{step} from {status}")
    for step, (starts, _) in STEPS.items()
    for status in S.values
    if status not in starts
]


def test_every_step_has_an_outcome_here():
    """Given the services' steps, then this test knows what each one does (a new step must be
    added here, so it cannot go untested)."""
    assert set(OUTCOMES) == set(STEPS)
    assert len(ALLOWED) + len(FORBIDDEN) == len(STEPS) * len(S.values)


@pytest.mark.parametrize(("step", "status"), ALLOWED)
def test_an_allowed_step_moves_the_referral_on_and_stamps_its_time(
    world, make_referral, step, status
):
    """Given a referral in a status the step allows, when the step is taken, then it succeeds,
    the referral reaches the expected status, its version goes up and the step's time is set."""
    referral = make_referral(status=status, match="new")
    before = timezone.now() - datetime.timedelta(seconds=1)
    expected, stamp = OUTCOMES[step]

    _take(step, referral, world)

    if expected == "gone":
        assert not Referral.objects.filter(pk=referral.pk).exists()
        return
    after = Referral.objects.get(pk=referral.pk)
    assert after.status == (expected or status)
    assert after.version == referral.version + 1
    stamped = getattr(after, stamp)
    assert stamped is not None
    assert stamped >= before
    assert stamped != getattr(referral, stamp)


@pytest.mark.parametrize(("step", "status"), FORBIDDEN)
def test_a_forbidden_step_is_refused_and_changes_nothing(world, make_referral, step, status):
    """Given a referral in a status the step does not allow, when the step is attempted, then
    `InvalidTransition` says why, and the referral, audit log, notifications and cases are as
    they were."""
    referral = make_referral(status=status, match="new")
    row = model_to_dict(Referral.objects.get(pk=referral.pk))
    counts = (AuditEvent.objects.count(), Notification.objects.count(), Case.objects.count())

    with pytest.raises(InvalidTransition) as refused:
        _take(step, referral, world)

    assert refused.value.messages[0].startswith("This referral is ")
    assert f"so it cannot be {STEPS[step][1]}." in refused.value.messages[0]
    assert model_to_dict(Referral.objects.get(pk=referral.pk)) == row
    assert (
        AuditEvent.objects.count(),
        Notification.objects.count(),
        Case.objects.count(),
    ) == counts


def test_accepting_a_declined_referral_says_it_is_already_declined(world, make_referral):
    """Given a declined referral, when the hub tries to accept it, then the message says so."""
    referral = make_referral(status=S.DECLINED)

    with pytest.raises(InvalidTransition) as refused:
        _take("accept", referral, world)

    assert refused.value.messages == [
        "This referral is already declined, so it cannot be accepted."
    ]


def test_allocating_twice_says_it_is_already_allocated(world, make_referral):
    """Given an allocated referral, when the hub tries to allocate it again, then the message says
    so and no second case opens."""
    referral = make_referral(status=S.ALLOCATED)

    with pytest.raises(InvalidTransition) as refused:
        _take("allocate", referral, world)

    assert refused.value.messages == [
        "This referral is already allocated, so it cannot be allocated."
    ]
    assert Case.objects.count() == 1


@pytest.mark.parametrize(
    "status", [s for s in S.values if s != S.SCREENING], ids=lambda s: f"from {s}"
)
def test_accept_and_allocate_only_from_screening(world, make_referral, status):
    """Given a referral not being screened, when the hub accepts and allocates it in one go, then
    it is refused and no case opens."""
    referral = make_referral(status=status, match="new")
    row = model_to_dict(Referral.objects.get(pk=referral.pk))
    cases = Case.objects.count()

    with pytest.raises(InvalidTransition):
        services.referral_accept_and_allocate(
            referral=referral,
            by=world.hub_manager,
            version=referral.version,
            reason="Meets the threshold.",
            worker=world.spoke_worker,
            risk_level="medium",
            rationale="Missing episodes.",
        )

    assert model_to_dict(Referral.objects.get(pk=referral.pk)) == row
    assert Case.objects.count() == cases


def test_a_withdrawal_during_screening_keeps_both_times(make_referral):
    """Given a referral withdrawn while being screened, then both its screening and withdrawal
    times are kept, for reporting."""
    referral = make_referral(status=S.WITHDRAWN, withdrawn_from=S.SCREENING)

    assert referral.screening_started_at is not None
    assert referral.withdrawn_at is not None
    assert referral.withdrawn_at >= referral.screening_started_at
    assert referral.withdrawn_reason == "Moved away."


def test_every_step_of_a_full_journey_keeps_its_time_in_order(make_referral):
    """Given a referral taken from draft to allocated, then created, submitted, screening started,
    decided and allocated times are all kept and in that order."""
    referral = make_referral(status=S.ALLOCATED)

    times = [
        referral.created_at,
        referral.submitted_at,
        referral.screening_started_at,
        referral.decided_at,
        referral.allocated_at,
    ]
    assert all(times)
    assert times == sorted(times)
