"""Every dashboard figure against records built by hand, with the answer worked out here.

The period is March to May 2025 (`PERIOD`), the previous one December 2024 to February 2025.
Counts are exact (threshold 1: nothing suppressed) unless a test is about suppression. Months
are London's: 00:10 on 1 March is March, 23:50 on 28 February is February, 23:30 BST on 31 May
is May, and 00:30 BST on 1 June (23:30 UTC on 31 May) is June.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from cases.models import CaseworkEntry
from consultancy.selectors.balance import Month, balance_target_of, hub_workers_in, worker_balance
from dashboards.periods import Period
from partners.models import Membership, Role, SpokePlacement
from referrals.models import Referral
from tests import factories
from tests.dashboards.conftest import (
    PERIOD,
    TODAY,
    cells,
    england,
    hub_scope,
    local,
    london,
)

pytestmark = pytest.mark.django_db
S = Referral.Status
E = CaseworkEntry.Kind
A = CaseworkEntry.Attendance
D = datetime.date


def second_worker(world, *, model=SpokePlacement.LocationModel.HUB_BASED, la=None):
    """Another spoke worker of the hub, placed in Ashdown (or `la`) since 2024."""
    worker = factories.member(agency=world.hub, role=Role.SPOKE_WORKER, full_name="Hari Hubside")
    Membership.objects.filter(user=worker).update(starts_on=D(2024, 1, 1))
    factories.placement(
        worker=worker,
        hub=world.hub,
        local_authority=la or world.la_a,
        location_model=model,
        by=world.hub_manager,
        starts_on=D(2024, 1, 1),
    )
    return worker


def test_referrals_by_source_and_outcome_with_the_months_either_side(world, make, dashboard):
    """Given referrals either side of each period's bounds, a draft, and one in Brackenford,
    when Ashdown's dashboard is read, then each kind of agency has its referrals by outcome in
    the period, and its total in the previous one; the draft, June and Brackenford are not
    there; England's counts Brackenford too."""
    make.referral(at=london(2025, 3, 1, 0, 10), status=S.DECLINED)
    make.referral(at=london(2025, 2, 28, 23, 50), status=S.DECLINED)
    make.referral(at=london(2024, 12, 1, 0, 5), status=S.DECLINED)
    make.referral(at=london(2024, 11, 30, 23, 55), status=S.DECLINED)
    make.referral(at=london(2025, 4, 12), status=S.ACCEPTED)
    make.referral(at=london(2025, 4, 12), status=S.DRAFT)
    make.referral(at=london(2025, 5, 31, 23, 30), agency=world.police, status=S.SIGNPOSTED)
    make.referral(at=london(2025, 6, 1, 0, 30), agency=world.police, status=S.SIGNPOSTED)
    make.referral(at=london(2025, 4, 10), agency=world.school, status=S.WITHDRAWN)
    make.referral(at=london(2025, 4, 11), agency=world.school, status=S.SUBMITTED)
    make.referral(at=london(2025, 4, 11), la=world.la_b, status=S.DECLINED)

    table = dashboard(scope=local(world)).table("referrals-by-source")

    assert [c.label for c in table.columns] == [
        "Waiting for a decision",
        "Accepted",
        "Declined",
        "Signposted elsewhere",
        "Withdrawn",
        "Total this period",
        "Total previous period",
    ]
    assert cells(table) == {
        "Children's social care": ["0", "1", "1", "0", "0", "2", "2"],
        "Police": ["0", "0", "0", "1", "0", "1", "0"],
        "Education": ["1", "0", "0", "0", "1", "2", "0"],
        "Total": ["1", "1", "1", "1", "1", "5", "2"],
    }
    nationally = cells(dashboard(scope=england()).table("referrals-by-source"))
    assert nationally["Children's social care"] == ["0", "1", "2", "0", "0", "3", "2"]


def test_time_to_triage_and_first_contact_are_median_and_90th_percentile(world, make, dashboard):
    """Given five referrals screened 10 to 50 hours after submission, one whose case first reached
    the young person 72 hours after it, and one that joined a case already in contact, when
    read, then triage is 30 hours (median) and 50 hours (90th percentile), first contact 72
    hours, and the empty previous period has none."""
    for hours in (50, 10, 40, 20, 30):
        make.referral(at=london(2025, 4, 1, 9), screened_after_hours=hours)
    submitted = london(2025, 4, 2, 9)
    case = make.case(opened=D(2025, 4, 3), first_contact=submitted + datetime.timedelta(hours=72))
    make.referral(at=submitted, status=S.ALLOCATED, case=case)
    known = make.case(opened=D(2025, 1, 3), first_contact=london(2025, 1, 4))
    make.referral(at=london(2025, 4, 5), status=S.ALLOCATED, case=known)

    table = dashboard(scope=local(world)).table("referral-timeliness")

    assert cells(table) == {
        "Time to triage": ["30 hours", "2.1 days", "none", "none"],
        "Time to first contact": ["3.0 days", "3.0 days", "none", "none"],
    }
    triage = table.rows[0].cells
    assert (triage[0].value, triage[1].value) == (30, 50)


def test_percentiles_resting_on_fewer_than_the_threshold_are_not_shown(world, make, dashboard):
    """Given five screened referrals and one first contact, when read with the threshold at 5,
    then triage is shown and first contact is not."""
    for hours in (10, 20, 30, 40, 50):
        make.referral(at=london(2025, 4, 1, 9), screened_after_hours=hours)
    case = make.case(opened=D(2025, 4, 3), first_contact=london(2025, 4, 4, 9))
    make.referral(at=london(2025, 4, 2, 9), status=S.ALLOCATED, case=case)

    table = dashboard(scope=local(world), threshold=5).table("referral-timeliness")

    assert cells(table)["Time to triage"][:2] == ["30 hours", "2.1 days"]
    assert cells(table)["Time to first contact"][:2] == ["not shown", "not shown"]


def _cases_either_side(world, make):
    """A: low, open since January. B: medium in January, high from 1 April. C: high, closed on
    31 May (outcomes met). D: medium, opened 31 May, led by a second worker. E: opened 1 June.
    F: medium, closed 28 February (disengaged)."""
    other = second_worker(world)
    make.case(opened=D(2025, 1, 10), risk="low")
    make.case(
        opened=D(2025, 1, 15), risk="medium", reassessed=(D(2025, 4, 1), "high"), worker=other
    )
    make.case(opened=D(2025, 2, 1), risk="high", closed=D(2025, 5, 31), reason="outcomes_met")
    make.case(opened=D(2025, 5, 31), risk="medium", worker=other)
    make.case(opened=D(2025, 6, 1), risk="low")
    make.case(opened=D(2024, 11, 1), risk="medium", closed=D(2025, 2, 28), reason="disengaged")


def test_open_cases_by_their_risk_at_each_periods_end(world, make, dashboard):
    """Given cases opening, changing risk and closing either side of the periods' ends, when
    read, then the end of May has A low, B high (reassessed) and D medium; the end of February
    A low, B medium and C high; a case closed on a period's last day is not open at its end."""
    _cases_either_side(world, make)

    table = dashboard(scope=local(world)).table("open-cases-by-risk")

    assert cells(table) == {
        "Low": ["1", "1"],
        "Medium": ["1", "1"],
        "High": ["1", "1"],
        "Total": ["3", "3"],
    }


def test_cases_closed_by_outcome_in_each_period(world, make, dashboard):
    """Given C closed on 31 May and F on 28 February, when read, then each period has its one."""
    _cases_either_side(world, make)

    table = dashboard(scope=local(world)).table("cases-closed-by-outcome")

    assert cells(table) == {
        "Outcomes met": ["1", "0"],
        "Young person disengaged": ["0", "1"],
        "Total": ["1", "1"],
    }


def test_caseload_per_worker_at_each_periods_end(world, make, dashboard):
    """Given the same cases, when read, then at the end of May the first worker leads A (1)
    and the second B and D (2); at the end of February, the first A and C (2) and the second B
    (1): two workers with 1 to 5 cases each time, and a median of 1.5."""
    _cases_either_side(world, make)

    table = dashboard(scope=local(world)).table("caseload-per-worker")

    found = cells(table)
    assert found["1 to 5 cases"] == ["2", "2"]
    assert found["6 to 10 cases"] == ["0", "0"]
    assert found["Median caseload"] == ["1.5", "1.5"]
    assert not table.suppressed


def test_open_cases_are_withheld_when_a_hidden_flow_could_be_worked_out(world, make, dashboard):
    """Given the same cases with the threshold at 5 (one opened, one closed in the period), when
    read, then the open cases are not shown: their two totals with the cases opened would give
    the hidden number closed."""
    _cases_either_side(world, make)

    table = dashboard(scope=local(world), threshold=5).table("open-cases-by-risk")

    assert table.withheld
    assert table.rows == ()


def test_cases_opened_by_location_model_risk_and_statutory_threshold(world, make, dashboard):
    """Given cases opened in the period by the co-located worker (high; low with children's
    social care; low without) and the hub-based worker (medium), when read, then each model
    has its mix by risk at opening, and the share at the statutory threshold (high risk, or
    social care involved): two of three, none of one, half of all."""
    other = second_worker(world)
    make.case(opened=D(2025, 3, 3), risk="high")
    make.case(opened=D(2025, 4, 4), risk="low", social_care=True)
    make.case(opened=D(2025, 4, 5), risk="low")
    make.case(opened=D(2025, 5, 31), risk="medium", worker=other)
    make.case(opened=D(2025, 6, 1), risk="high")

    table = dashboard(scope=local(world)).table("cases-opened-by-location-model")

    assert cells(table) == {
        "Co-located with a statutory team": ["2", "0", "1", "3", "66.7%"],
        "Hub-based": ["0", "1", "0", "1", "0.0%"],
        "Total": ["2", "1", "1", "4", "50.0%"],
    }


def test_contacts_per_case_per_month_by_location_model(world, make, dashboard):
    """Given a co-located case open since January with four successful contacts in the period
    (one at 00:10 on 1 March) and others that do not count (did not attend, a draft, one in
    error, a consultation with a professional, one at 00:30 BST on 1 June), and one in
    February; and a hub-based case opened 15 May with none: then 4 contacts over 3 case-months
    is 1.3, February's 1 over 2 is 0.5, and all models together 4 over 4."""
    other = second_worker(world)
    case = make.case(opened=D(2025, 1, 1))
    for at in (
        london(2025, 3, 1, 0, 10),
        london(2025, 3, 20),
        london(2025, 4, 9),
        london(2025, 5, 2),
    ):
        make.entry(case, at=at)
    make.entry(case, at=london(2025, 4, 1), attendance=A.DID_NOT_ATTEND)
    make.entry(case, at=london(2025, 4, 2), status=CaseworkEntry.Status.DRAFT)
    make.entry(case, at=london(2025, 4, 3), entered_in_error_at=london(2025, 4, 4))
    make.entry(
        case, at=london(2025, 4, 5), kind=E.PROFESSIONAL_CONSULTATION, attendance=A.NOT_APPLICABLE
    )
    make.entry(case, at=london(2025, 6, 1, 0, 30))
    make.entry(case, at=london(2025, 2, 28, 23, 50))
    make.case(opened=D(2025, 5, 15), worker=other)

    table = dashboard(scope=local(world)).table("contacts-by-location-model")

    assert cells(table) == {
        "Co-located with a statutory team": ["1.3", "0.5"],
        "Hub-based": ["0.0", "none"],
        "All location models": ["1.0", "0.5"],
    }


def test_the_balance_of_work_is_the_sum_of_the_workers_balances(world, month_of_work, dashboard):
    """Given the balance tests' hand-built month for the world's spoke worker (and a colleague),
    when the hub's dashboard for March to May is read, then each kind's hours are the sum of
    every spoke worker's balance in each month: the same rules, counted once."""
    month_of_work(worker=world.spoke_worker)
    expected = dict.fromkeys(("direct_work", "consultancy", "training", "awareness"), 0)
    target = balance_target_of(hub=world.hub)
    month = PERIOD.first
    while month <= PERIOD.last:
        for worker in hub_workers_in(hub=world.hub, month=month):
            balance = worker_balance(worker=worker, hub=world.hub, month=month, target=target)
            for kind, minutes in balance.minutes.items():
                expected[kind] += minutes
        month = month.next
    total = sum(expected.values())

    table = dashboard(scope=hub_scope(world)).table("balance-of-work")

    assert total > 0
    hours = {row.label: row.cells[0].value for row in table.rows}
    shares = {row.label: row.cells[1].value for row in table.rows}
    assert hours["Direct work with young people"] == (
        Decimal(expected["direct_work"]) / 60
    ).quantize(Decimal("0.1"))
    assert hours["Training"] == (Decimal(expected["training"]) / 60).quantize(Decimal("0.1"))
    assert shares["Consultancy"] == (Decimal(expected["consultancy"]) * 100 / total).quantize(
        Decimal("0.1")
    )
    # The hub's dashboard shows its target beside the shares.
    assert [c.label for c in table.columns][-1] == "The hub's target share"


def test_the_balance_by_location_model_counts_workers_and_hours_per_worker(
    world,
    month_of_work,
    dashboard,
):
    """Given the hand-built month, when Ashdown's dashboard is read, then the co-located model
    has the one worker placed there in March, with their 570 minutes over one worker-month."""
    month_of_work(worker=world.spoke_worker)
    SpokePlacement.objects.filter(pk=world.placement.pk).update(starts_on=D(2024, 1, 1))

    table = dashboard(scope=local(world)).table("balance-by-location-model")

    row = cells(table)["Co-located with a statutory team"]
    # 570 minutes in March, and April's 175 (150 direct, 25 advice): 745 over two months.
    assert row[0] == "1"
    assert row[1] == "6.2"


def test_consultancy_by_agency_kind_and_how_many_helped(world, make, dashboard):
    """Given requests in the period (social care: two helpful, one not, one with no verdict;
    police: one helpful), one before it and one in June, when read, then the verdicts add up by
    kind, with the previous period's total and the helpful share of those with a verdict."""
    for helpful in (True, True, False, None):
        make.consultancy(at=london(2025, 4, 1), helpful=helpful)
    make.consultancy(at=london(2025, 3, 1, 0, 10), agency=world.police, helpful=True)
    make.consultancy(at=london(2025, 2, 28, 23, 50), helpful=True)
    make.consultancy(at=london(2025, 6, 1, 0, 30), helpful=True)

    table = dashboard(scope=local(world)).table("consultancy-by-agency-kind")

    assert cells(table) == {
        "Children's social care": ["2", "1", "1", "4", "1", "66.7%"],
        "Police": ["1", "0", "0", "1", "0", "100.0%"],
        "Total": ["3", "1", "1", "5", "1", "75.0%"],
    }


def _training(world, make):
    make.training(
        on=D(2025, 4, 10),
        attendance=[(world.csc_a, 4, "2.00", "4.00"), (world.police, 2, "3.00", "4.50")],
    )
    make.training(on=D(2025, 5, 20), attendance=[(world.csc_a, 2, None, None)])
    make.training(on=D(2025, 4, 20), attendance=[(world.police, 10, "1", "5")], status="planned")
    make.training(on=D(2025, 6, 1), attendance=[(world.police, 10, "1", "5")])


def test_training_by_agency_with_confidence_before_and_after(world, make, dashboard):
    """Given two delivered sessions in the period (social care: four scored 2 then 4, and two
    unscored; police: two scored 3 then 4.5), a planned one and one in June, when read, then
    each agency has its practitioners and the averages of those scored both times."""
    _training(world, make)

    dashboard_ = dashboard(scope=local(world))
    table = dashboard_.table("training-by-agency")

    assert cells(table) == {
        "Ashdown Children's Services": ["6", "2.0", "4.0", "2.0"],
        "Shire Police": ["2", "3.0", "4.5", "1.5"],
        "All agencies": ["8", "2.3", "4.2", "1.8"],
    }
    assert cells(dashboard_.table("training-delivered")) == {
        "Sessions delivered": ["2", "0"],
        "Hours of training": ["4.0", "0.0"],
    }
    # England's dashboard groups by kind of agency instead.
    wide = cells(dashboard(scope=england()).table("training-by-agency"))
    assert set(wide) == {"Children's social care", "Police", "All agencies"}


def test_referrals_in_the_three_months_either_side_of_training(world, make, dashboard):
    """Given social care first trained in April 2025, with referrals in each month from
    December to August, when read, then the three months before April hold 3 and the three
    after 4 (April itself, December and August left out); the police, trained too, none."""
    _training(world, make)
    for month, count in ((12, 1), (1, 1), (2, 1), (3, 1), (4, 5), (5, 2), (6, 1), (7, 1), (8, 3)):
        year = 2024 if month == 12 else 2025
        for _ in range(count):
            make.referral(at=london(year, month, 10))

    table = dashboard(scope=local(world)).table("referrals-around-training")

    assert cells(table) == {
        "Ashdown Children's Services": ["3", "4", "April 2025"],
        "Shire Police": ["0", "0", "April 2025"],
        "Total": ["3", "4", ""],
    }


def test_statutory_step_backs_after_the_hub_took_the_case_on(world, make, dashboard):
    """Given a case opened 1 January: social care stepping back on 1 April, the police on
    1 February, the school on 15 December (before the case), and a hub (not statutory) in
    April, when read, then social care counts this period, the police the previous one, and
    neither of the others."""
    case = make.case(opened=D(2025, 1, 1))
    make.involvement(case, agency=world.csc_a, from_on=D(2025, 1, 1), stepped_back_on=D(2025, 4, 1))
    make.involvement(
        case, agency=world.police, from_on=D(2025, 1, 1), stepped_back_on=D(2025, 2, 1)
    )
    make.involvement(
        case, agency=world.school, from_on=D(2024, 12, 1), stepped_back_on=D(2024, 12, 15)
    )
    make.involvement(
        case, agency=world.other_hub, from_on=D(2025, 1, 1), stepped_back_on=D(2025, 4, 2)
    )

    table = dashboard(scope=local(world)).table("statutory-step-backs")

    assert cells(table) == {
        "Children's social care": ["1", "0"],
        "Police": ["0", "1"],
        "Total": ["1", "1"],
    }


def test_practice_challenges_raised_and_resolved(world, make, dashboard):
    """Given challenges raised and resolved either side of the period's start, when read, then
    each is counted in the month it was raised and in the month it was resolved."""
    make.challenge(raised=D(2025, 3, 5), resolved=D(2025, 4, 1))
    make.challenge(raised=D(2025, 4, 10), agency=world.police)
    make.challenge(raised=D(2025, 1, 10), resolved=D(2025, 3, 10))
    make.challenge(raised=D(2025, 2, 1))

    table = dashboard(scope=local(world)).table("practice-challenges")

    assert cells(table) == {
        "Children's social care": ["1", "2", "2", "0"],
        "Police": ["1", "0", "0", "0"],
        "Total": ["2", "2", "2", "0"],
    }


def test_partnership_health_today(world, make, dashboard):
    """Given Ashdown's agreements (current; current but due in 16 days; past its review; under
    review; a draft), two placements (one with a champion) and two workers (one supervised 14
    days ago, one 75 days ago), and a Brackenford placement, when read on 15 June 2025, then
    two of four agreements in force are current, one due, one overdue; one of two placements
    has a champion; one of two workers is supervised."""
    other = second_worker(world)
    factories.placement(
        worker=factories.member(agency=world.hub, role=Role.SPOKE_WORKER),
        hub=world.hub,
        local_authority=world.la_b,
        by=world.hub_manager,
        starts_on=D(2024, 1, 1),
    )
    parties = [world.hub, world.csc_a]
    for status, due in (
        ("active", D(2026, 1, 5)),
        ("active", D(2025, 7, 1)),
        ("active", D(2025, 6, 1)),
        ("under_review", D(2025, 9, 1)),
        ("draft", D(2026, 1, 5)),
    ):
        factories.agreement(
            parties=parties,
            local_authority=world.la_a,
            by=world.hub_manager,
            status=status,
            signed_on=D(2024, 1, 1),
            review_due_on=due,
        )
    factories.supervision(
        worker=world.spoke_worker,
        hub=world.hub,
        supervisor=world.hub_manager,
        by=world.hub_manager,
        held_on=D(2025, 6, 1),
    )
    factories.supervision(
        worker=other,
        hub=world.hub,
        supervisor=world.hub_manager,
        by=world.hub_manager,
        held_on=D(2025, 4, 1),
    )

    table = dashboard(scope=local(world)).table("partnership-health")

    assert cells(table) == {
        "Sharing agreements current": ["2", "4", "50.0%"],
        "Sharing agreements due for review in the next 30 days": ["1", "4", "25.0%"],
        "Sharing agreements past their review date": ["1", "4", "25.0%"],
        "Placements with a named statutory champion": ["1", "2", "50.0%"],
        "Spoke workers supervised in the last 4 weeks": ["1", "2", "50.0%"],
    }


def test_an_empty_period_has_nothing_to_count(world, make, dashboard):
    """Given records only in 2025, when the dashboard for 2020 is read, then its tables of
    events are empty, its open cases zero and its times none."""
    make.referral(at=london(2025, 4, 1), screened_after_hours=10)
    make.case(opened=D(2025, 4, 1))
    make.consultancy(at=london(2025, 4, 1))
    empty = Period(Month(2020, 1), Month(2020, 3))

    made = dashboard(scope=local(world), period=empty)

    assert made.table("referrals-by-source").rows == ()
    assert made.table("consultancy-by-agency-kind").rows == ()
    assert made.table("cases-opened-by-location-model").rows == ()
    assert cells(made.table("referral-timeliness"))["Time to triage"] == ["none"] * 4
    assert cells(made.table("open-cases-by-risk"))["Total"] == ["0", "0"]
    assert made.table("balance-of-work").rows == ()


def test_a_hub_dashboard_counts_only_the_hubs_work(world, make, dashboard):
    """Given referrals to the world's hub and to the other hub, when the hub's dashboard is
    read, then only its own are counted."""
    make.referral(at=london(2025, 4, 1))
    other = make.referral(at=london(2025, 4, 1))
    Referral.objects.filter(pk=other.pk).update(hub=world.other_hub)

    table = dashboard(scope=hub_scope(world)).table("referrals-by-source")

    assert cells(table)["Total"][5] == "1"
    assert PERIOD.last_day < TODAY
