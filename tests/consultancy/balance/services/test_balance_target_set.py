"""Setting a hub's target balance: four whole shares adding up to 100, audited, and never
over a change someone else made meanwhile."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from consultancy.models import BalanceTarget
from consultancy.selectors.balance import balance_target_of
from consultancy.services.balance import TargetChangedError, balance_target_set

pytestmark = pytest.mark.django_db
SHARES = {"direct_work": 50, "consultancy": 20, "training": 20, "awareness": 10}


def test_the_first_target_replaces_the_default_and_is_audited(world):
    """Given a hub on the default target, when its manager sets 50/20/20/10 from the default,
    then the hub has that target and the change is audited with the fields, not the values."""
    target = balance_target_set(hub=world.hub, by=world.hub_manager, started_from=None, **SHARES)

    assert balance_target_of(hub=world.hub).as_dict() == SHARES
    assert target.updated_by == world.hub_manager
    event = AuditEvent.objects.get(action=AuditEvent.Action.BALANCE_TARGET_CHANGED)
    assert event.actor == world.hub_manager
    assert event.object_id == str(target.pk)
    assert event.metadata == {
        "fields": ["direct_work", "consultancy", "training", "awareness"],
        "hub_id": world.hub.pk,
    }


def test_a_change_records_only_the_shares_that_changed(world):
    """Given a saved target, when the manager moves five points from training to awareness,
    then the audit names those two shares."""
    first = balance_target_set(hub=world.hub, by=world.hub_manager, started_from=None, **SHARES)

    balance_target_set(
        hub=world.hub,
        by=world.hub_manager,
        started_from=first.updated_at,
        direct_work=50,
        consultancy=20,
        training=15,
        awareness=15,
    )

    assert BalanceTarget.objects.get(hub=world.hub).awareness == 15
    last = (
        AuditEvent.objects.filter(action=AuditEvent.Action.BALANCE_TARGET_CHANGED)
        .order_by("sequence")
        .last()
    )
    assert last is not None
    assert last.metadata["fields"] == ["training", "awareness"]


@pytest.mark.parametrize(
    ("shares", "field", "message"),
    [
        ({**SHARES, "awareness": 15}, "__all__", "They add up to 105%."),
        ({**SHARES, "direct_work": 101, "consultancy": -1}, "direct_work", "from 0 to 100"),
        ({**SHARES, "training": "twenty"}, "training", "as a whole number"),
        ({**SHARES, "training": 19.5}, "training", "as a whole number"),
        ({**SHARES, "consultancy": ""}, "consultancy", "Enter the target share"),
        ({**SHARES, "consultancy": True}, "consultancy", "as a whole number"),
    ],
    ids=["not 100", "out of range", "words", "a fraction", "missing", "a boolean"],
)
def test_shares_that_are_not_four_whole_percentages_adding_to_100_are_refused(
    world, shares, field, message
):
    """Given shares that do not add up, or are not whole percentages, when they are set, then
    the service refuses with a message on the share at fault and nothing is saved."""
    with pytest.raises(ValidationError) as refused:
        balance_target_set(hub=world.hub, by=world.hub_manager, **shares)

    assert message in " ".join(refused.value.message_dict[field])
    assert not BalanceTarget.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.BALANCE_TARGET_CHANGED).exists()


def test_a_target_set_meanwhile_is_not_overwritten(world):
    """Given two managers who both opened the default target, when the first saves and then the
    second, then the second is refused, naming who changed it, and the first's target stays."""
    second_manager = world.hub_manager
    balance_target_set(hub=world.hub, by=world.hub_manager, started_from=None, **SHARES)

    with pytest.raises(TargetChangedError) as refused:
        balance_target_set(
            hub=world.hub,
            by=second_manager,
            started_from=None,
            direct_work=70,
            consultancy=10,
            training=10,
            awareness=10,
        )

    assert "Harriet Hub changed the target" in str(refused.value)
    assert balance_target_of(hub=world.hub).as_dict() == SHARES
