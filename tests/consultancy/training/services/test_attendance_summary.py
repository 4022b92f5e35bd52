"""attendance_summary: totals by agency and overall, with confidence averaged over the people
scored and weighted by their number, worked out by hand."""

from __future__ import annotations

from decimal import Decimal

from consultancy.selectors.training import attendance_summary
from consultancy.services.training import training_agency_count_set


def test_a_session_with_three_agencies_by_hand(
    world, make_session, attend, police_officer, teacher
):
    """Given:
    - Ashdown Children's Services: the social worker named (2 → 4), and 4 people (2.50 → 4.25);
    - Shire Police: the officer named (1 → 3), and 5 people with no scores;
    - Ashdown Academy: the teacher named with no scores.
    Then the Children's Services average is (2 + 4×2.5)/5 = 2.40 → (4 + 4×4.25)/5 = 4.20; the
    police's is the officer's own 1.00 → 3.00; and overall, over the 6 people scored of the 12,
    (2 + 10 + 1)/6 = 2.17 → (4 + 17 + 3)/6 = 4.00."""
    session = make_session()
    attend(session, world.practitioner, before=2, after=4)
    training_agency_count_set(
        session=session,
        by=world.spoke_worker,
        agency=world.csc_a,
        count=4,
        confidence_before="2.50",
        confidence_after="4.25",
    )
    attend(session, police_officer, before=1, after=3)
    training_agency_count_set(session=session, by=world.spoke_worker, agency=world.police, count=5)
    attend(session, teacher, before=None, after=None)

    summary = attendance_summary(session=session)

    assert summary.people == 12
    assert summary.agencies == 3
    assert [(t.agency_name, t.people, t.named) for t in summary.by_agency] == [
        ("Ashdown Academy", 1, 1),
        ("Ashdown Children's Services", 5, 1),
        ("Shire Police", 6, 1),
    ]
    academy, social_care, police = summary.by_agency
    assert (academy.confidence_before, academy.confidence_after) == (None, None)
    assert (social_care.confidence_before, social_care.confidence_after) == (
        Decimal("2.40"),
        Decimal("4.20"),
    )
    assert (police.confidence_before, police.confidence_after) == (Decimal("1.00"), Decimal("3.00"))
    assert (summary.scored_before, summary.scored_after) == (6, 6)
    assert summary.confidence_before == Decimal("2.17")
    assert summary.confidence_after == Decimal("4.00")
    assert summary.confidence_change == Decimal("1.83")


def test_no_attendance_is_an_empty_summary(make_session):
    summary = attendance_summary(session=make_session())

    assert (summary.people, summary.agencies, summary.by_agency) == (0, 0, [])
    assert summary.confidence_before is None
    assert summary.confidence_change is None


def test_the_summary_is_one_query(make_session, attend, world, django_assert_num_queries):
    session = make_session()
    attend(session, world.practitioner)

    # one grouped aggregate over the session's attendance, joined to the agency for its name
    with django_assert_num_queries(1):
        attendance_summary(session=session)
