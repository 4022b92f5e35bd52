"""The balance of a hand-built month (see the table in tests/consultancy/balance/conftest.py):
what counts towards each kind of work, what does not, and the month's bounds in London."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from cases.models import CaseworkEntry
from consultancy.models import BalanceTarget
from consultancy.selectors.balance import (
    DEFAULT_TARGET,
    Month,
    balance_of_row,
    balance_target_of,
    hours_of,
    hub_balance_rows,
    hub_balance_total,
    worker_balance,
)
from partners.models import Role
from tests import factories
from tests.consultancy.balance.conftest import MARCH, ONE_COPY, entry, london, open_case

pytestmark = pytest.mark.django_db


def test_the_hand_built_month_adds_up_to_what_counts(world, month_of_work):
    """Given the hand-built month, when the worker's March is computed, then each kind holds
    exactly the minutes that count: a group session once whatever the number of young people,
    no draft, no entry in error, nothing from another hub, nothing across either midnight."""
    expected = month_of_work(worker=world.spoke_worker)

    balance = worker_balance(
        worker=world.spoke_worker,
        hub=world.hub,
        month=MARCH,
        target=balance_target_of(hub=world.hub),
    )

    assert balance.minutes == expected == ONE_COPY
    assert balance.total_minutes == 570
    assert balance.total_hours == Decimal("9.5")
    rows = {kind.kind: kind for kind in balance.kinds}
    assert rows["direct_work"].hours == Decimal("3.5")
    assert rows["direct_work"].share == Decimal("36.8")
    assert rows["consultancy"].share == Decimal("15.8")
    assert rows["training"].share == Decimal("31.6")
    assert rows["awareness"].share == Decimal("15.8")
    # The default target until the hub sets one: 60/15/15/10.
    assert rows["direct_work"].target == 60
    assert rows["direct_work"].difference == Decimal("-23.2")
    assert rows["training"].difference == Decimal("16.6")
    assert not balance.is_empty


def test_the_months_either_side_hold_only_their_own_work(world, month_of_work):
    """Given the hand-built month, when February and April are computed, then February holds
    the one-to-one at 23:50 on its last day and April the work after midnight BST on the 1st."""
    month_of_work(worker=world.spoke_worker)
    target = balance_target_of(hub=world.hub)

    february = worker_balance(
        worker=world.spoke_worker, hub=world.hub, month=Month(2025, 2), target=target
    )
    april = worker_balance(
        worker=world.spoke_worker, hub=world.hub, month=Month(2025, 4), target=target
    )

    assert february.minutes == {"direct_work": 45, "consultancy": 0, "training": 0, "awareness": 0}
    # The one-to-one at 00:30 BST on 1 April, the group session of 2 April and the advice of
    # 1 April.
    assert april.minutes == {"direct_work": 150, "consultancy": 25, "training": 0, "awareness": 0}


def test_midnight_in_summer_is_london_midnight_not_utc(world):
    """Given a one-to-one at 00:30 on 1 July in London (23:30 UTC on 30 June), when June and
    July are computed, then it is July's."""
    case = open_case(world, worker=world.spoke_worker)
    entry(
        case,
        by=world.spoke_worker,
        kind=CaseworkEntry.Kind.ONE_TO_ONE,
        at=london(7, 1, 0, 30),
        minutes=60,
    )
    target = balance_target_of(hub=world.hub)

    june = worker_balance(
        worker=world.spoke_worker, hub=world.hub, month=Month(2025, 6), target=target
    )
    july = worker_balance(
        worker=world.spoke_worker, hub=world.hub, month=Month(2025, 7), target=target
    )

    assert june.minutes["direct_work"] == 0
    assert july.minutes["direct_work"] == 60


def test_a_colleagues_share_of_the_same_work_is_their_own(world, month_of_work):
    """Given the hand-built month, when the colleague who co-delivered the training and ran the
    other programme is computed, then they have the training and their own group session only."""
    month_of_work(worker=world.spoke_worker)

    balance = worker_balance(
        worker=month_of_work.colleague,
        hub=world.hub,
        month=MARCH,
        target=balance_target_of(hub=world.hub),
    )

    assert balance.minutes == {"direct_work": 90, "consultancy": 0, "training": 180, "awareness": 0}


def test_a_month_with_no_work_is_empty_with_no_shares(world):
    """Given a worker with nothing recorded, when their month is computed, then it is empty:
    no total, and no share or difference to show."""
    balance = worker_balance(
        worker=world.spoke_worker,
        hub=world.hub,
        month=MARCH,
        target=balance_target_of(hub=world.hub),
    )

    assert balance.is_empty
    assert balance.total_hours == Decimal("0.0")
    assert all(kind.share is None and kind.difference is None for kind in balance.kinds)
    assert all(kind.bar_width == 0 for kind in balance.kinds)


def test_the_hub_table_has_every_spoke_worker_of_the_month_and_its_total(world, month_of_work):
    """Given the hand-built month and a worker who left in February, when the hub's table is
    computed, then it lists the month's spoke workers by name (not the leaver, nor the
    manager) and its total is the sum of their rows."""
    month_of_work(worker=world.spoke_worker)
    leaver = factories.member(agency=world.hub, role=Role.SPOKE_WORKER, full_name="Lee Leaver")
    leaver.memberships.update(
        starts_on=datetime.date(2024, 1, 1), ends_on=datetime.date(2025, 3, 1)
    )
    target = balance_target_of(hub=world.hub)

    rows = hub_balance_rows(hub=world.hub, month=MARCH)
    balances = [balance_of_row(row, month=MARCH, target=target) for row in rows]
    total = hub_balance_total(rows=rows, month=MARCH, target=target)

    assert [b.worker.full_name for b in balances if b.worker] == ["Hari Hubside", "Sam Spoke"]
    assert balances[1].minutes == ONE_COPY
    assert total.minutes == {
        "direct_work": 300,
        "consultancy": 90,
        "training": 360,
        "awareness": 90,
    }


def test_a_worker_who_left_mid_month_is_still_in_that_months_table(world):
    """Given a spoke worker whose membership ended on 15 March, when March's table is
    computed, then they are in it; April's is without them."""
    leaver = factories.member(agency=world.hub, role=Role.SPOKE_WORKER, full_name="Lee Leaver")
    leaver.memberships.update(
        starts_on=datetime.date(2024, 1, 1), ends_on=datetime.date(2025, 3, 15)
    )

    march = [row.pk for row in hub_balance_rows(hub=world.hub, month=MARCH)]
    april = [row.pk for row in hub_balance_rows(hub=world.hub, month=Month(2025, 4))]

    assert leaver.pk in march
    assert leaver.pk not in april


def test_the_hubs_own_target_replaces_the_default(world):
    """Given a hub with its own target, when it is read, then it is the hub's, not 60/15/15/10."""
    assert balance_target_of(hub=world.hub).as_dict() == DEFAULT_TARGET
    BalanceTarget.objects.create(
        hub=world.hub,
        direct_work=50,
        consultancy=20,
        training=20,
        awareness=10,
        updated_by=world.hub_manager,
    )

    target = balance_target_of(hub=world.hub)

    assert target.as_dict() == {
        "direct_work": 50,
        "consultancy": 20,
        "training": 20,
        "awareness": 10,
    }
    assert not target.is_default
    assert target.updated_by == world.hub_manager


@pytest.mark.parametrize(
    ("minutes", "hours"), [(0, "0.0"), (3, "0.1"), (45, "0.8"), (90, "1.5"), (100, "1.7")]
)
def test_hours_are_to_one_decimal_place_rounded_half_up(minutes, hours):
    """Minutes become hours to one place, half up."""
    assert hours_of(minutes) == Decimal(hours)
