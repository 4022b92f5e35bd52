"""Duplicate matching's quality on a fixture of name and date-of-birth variants.

Fourteen young people the hub knows; twenty-four referrals describing one of them the way
referrers really do (a nickname, a typo, a double-barrelled surname shortened or added to, the
day and month of birth swapped, the year slipped, no date of birth, accents and apostrophes
dropped); and ten referrals about someone else who shares only a date of birth or a surname with a
known young person, or a near-miss of both. Precision must be 1.0 (the hub is never shown the
wrong child) and recall at least 0.9. Run with `-s` to see the figures; CI runs it on SQLite
(prefix candidates) and PostgreSQL (trigram candidates).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.db import connection
from django.utils import timezone

from cases.models import YoungPerson
from referrals.matching import possible_matches

# Ages 12 to 16 whenever the suite runs; months and days are fixed so that swaps are exact.
BASE_YEAR = timezone.localdate().year - 14


def born(month: int, day: int, *, years: int = 0) -> datetime.date:
    return datetime.date(BASE_YEAR + years, month, day)


@dataclass(frozen=True)
class Known:
    key: str
    first_name: str
    last_name: str
    date_of_birth: datetime.date
    preferred_name: str = ""
    la: str = "la_a"


KNOWN = (
    Known("elizabeth", "Elizabeth", "Thornbury", born(3, 14)),
    Known("mohammed", "Mohammed", "Okafor", born(11, 2, years=-1)),
    Known("siobhan", "Siobhan", "O'Brien", born(7, 5)),
    Known("chloe", "Chloé", "Fenwick-Hartley", born(9, 21, years=1)),
    Known("jayden", "Jayden", "Marsden", born(4, 3)),
    Known("katherine", "Katherine", "Ashcombe", born(6, 11, years=-2)),
    Known("william", "William", "Pemberton", born(1, 30)),
    Known("aaliyah", "Aaliyah", "Brookes", born(8, 12, years=1)),
    Known("daniel", "Daniel", "Kowalski", born(8, 17)),
    Known("rebecca", "Rebecca", "Hartwell", born(2, 6, years=-1)),
    Known("thomas", "Thomas", "Nguyen", born(5, 25), la="la_b"),
    Known("zoe", "Zoë", "Llewellyn", born(10, 12)),
    Known("jessica", "Jessica", "Smith", born(3, 9, years=2)),
    Known("maya", "Maya", "Patel", born(12, 1), preferred_name="May"),
)


@dataclass(frozen=True)
class Referred:
    what: str
    first_name: str
    last_name: str
    date_of_birth: datetime.date | None
    expected: str | None  # the known young person's key, or None: nobody known
    known_as: str = ""
    la: str = "la_a"


SAME_PERSON = (
    Referred("nickname", "Beth", "Thornbury", born(3, 14), "elizabeth"),
    Referred("typo in the surname", "Elizabeth", "Thornbery", born(3, 14), "elizabeth"),
    Referred(
        "spelling and swapped day and month", "Mohamed", "Okafor", born(2, 11, years=-1), "mohammed"
    ),
    Referred("nickname", "Mo", "Okafor", born(11, 2, years=-1), "mohammed"),
    Referred("apostrophe dropped", "Siobhan", "OBrien", born(7, 5), "siobhan"),
    Referred("no date of birth", "Siobhan", "O'Brien", None, "siobhan"),
    Referred(
        "accent dropped, first half of the surname",
        "Chloe",
        "Fenwick",
        born(9, 21, years=1),
        "chloe",
    ),
    Referred("second half of the surname", "Chloe", "Hartley", born(9, 21, years=1), "chloe"),
    Referred("typo and swapped day and month", "Jayden", "Marsdon", born(3, 4), "jayden"),
    Referred("spelling", "Jaden", "Marsden", born(4, 3), "jayden"),
    Referred("nickname", "Kate", "Ashcombe", born(6, 11, years=-2), "katherine"),
    Referred("year slip", "Katherine", "Ashcombe", born(6, 11, years=-1), "katherine"),
    Referred("nickname", "Will", "Pemberton", born(1, 30), "william"),
    Referred("typo, no date of birth", "William", "Pembertn", None, "william"),
    Referred("typo in the surname", "Aaliyah", "Brooks", born(8, 12, years=1), "aaliyah"),
    Referred(
        "spelling and swapped day and month", "Aliyah", "Brookes", born(12, 8, years=1), "aaliyah"
    ),
    Referred("nickname", "Dan", "Kowalski", born(8, 17), "daniel"),
    Referred("typo and year slip", "Daniel", "Kowalsky", born(8, 17, years=1), "daniel"),
    Referred("nickname", "Becky", "Hartwell", born(2, 6, years=-1), "rebecca"),
    Referred("surname added to", "Rebecca", "Hartwell-Jones", born(2, 6, years=-1), "rebecca"),
    Referred("nickname, another LA", "Tom", "Nguyen", born(5, 25), "thomas"),
    Referred("accent dropped, typo, swapped day and month", "Zoe", "Llewelyn", born(12, 10), "zoe"),
    Referred("nickname", "Jess", "Smith", born(3, 9, years=2), "jessica"),
    Referred("known as, first name in full", "Maya", "Patel", born(12, 1), "maya", known_as="May"),
)

SOMEONE_ELSE = (
    Referred("same birthday, different name", "Marcus", "Delacroix", born(3, 14), None),
    Referred("same birthday, different name", "Priya", "Raman", born(5, 25), None, la="la_b"),
    Referred(
        "day and month of a known birthday swapped", "Tariq", "Hussain", born(2, 11, years=-1), None
    ),
    Referred("same surname, another child", "Oliver", "Smith", born(10, 30, years=1), None),
    Referred("same surname, no date of birth", "Oliver", "Smith", None, None),
    Referred("same surname, a year apart", "Noah", "Smith", born(3, 9, years=1), None),
    Referred("same surname, another child", "Thomas", "Kowalski", born(1, 2, years=-1), None),
    Referred("same surname, another child", "Grace", "Pemberton", born(11, 23, years=1), None),
    Referred("near-miss of both names", "Jay", "Marsh", born(9, 9, years=-1), None),
    Referred("same first name, another child", "Maya", "Robinson", born(7, 19, years=-2), None),
)
REFERRED = SAME_PERSON + SOMEONE_ELSE


@pytest.fixture
def known_people(world, known_young_person) -> dict[str, YoungPerson]:
    return {
        k.key: known_young_person(
            first_name=k.first_name,
            last_name=k.last_name,
            preferred_name=k.preferred_name,
            date_of_birth=k.date_of_birth,
            local_authority=getattr(world, k.la),
        )
        for k in KNOWN
    }


def _refer(make_referral, world, referred: Referred):
    return make_referral(
        first_name=referred.first_name,
        last_name=referred.last_name,
        known_as=referred.known_as,
        date_of_birth=referred.date_of_birth,
        local_authority=getattr(world, referred.la),
        hub=world.hub,
    )


def test_the_fixture_is_big_enough():
    """Given the fixture, then it has at least 12 known young people, 20 variants of them and a
    set of different young people sharing a birthday or surname with one of them."""
    assert len(KNOWN) >= 12
    assert len(SAME_PERSON) >= 20
    assert len({r.expected for r in SAME_PERSON}) >= 12
    assert len(SOMEONE_ELSE) >= 8


def test_matching_finds_the_same_young_person_and_never_another(world, known_people, make_referral):
    """Given the fixture, when each referral is matched, then every young person shown is the one
    referred (precision 1.0) and at least nine in ten referred young people are found."""
    shown = right = wanted = found = 0
    misses, wrong = [], []
    for referred in REFERRED:
        referral = _refer(make_referral, world, referred)
        matches = possible_matches(referral=referral)
        expected = known_people.get(referred.expected) if referred.expected else None
        for match in matches:
            shown += 1
            if expected is not None and match.young_person.pk == expected.pk:
                right += 1
            else:
                wrong.append(
                    f"{referred.what}: {referred.first_name} {referred.last_name} → "
                    f"{match.young_person} ({match.score}: {', '.join(match.reasons)})"
                )
        if expected is not None:
            wanted += 1
            if any(m.young_person.pk == expected.pk for m in matches):
                found += 1
            else:
                misses.append(f"{referred.what}: {referred.first_name} {referred.last_name}")

    precision = right / shown if shown else 1.0
    recall = found / wanted
    print(
        f"\nMatching on {connection.vendor}: {len(KNOWN)} known young people, "
        f"{len(SAME_PERSON)} referred variants, {len(SOMEONE_ELSE)} others; "
        f"precision {precision:.3f} ({right}/{shown}), recall {recall:.3f} ({found}/{wanted})"
    )
    for line in misses:
        print(f"  missed   {line}")
    for line in wrong:
        print(f"  wrong    {line}")
    assert precision == 1.0, wrong
    assert recall >= 0.9, misses


@pytest.mark.parametrize(
    ("referred", "reason"),
    [
        pytest.param(SAME_PERSON[0], "First name a known short form or nickname", id="nickname"),
        pytest.param(
            SAME_PERSON[8], "Date of birth with the day and month swapped", id="swapped date"
        ),
        pytest.param(
            SAME_PERSON[6],
            "Last name shares a part (double-barrelled or changed)",
            id="double-barrelled",
        ),
        pytest.param(SAME_PERSON[11], "Same birthday a year apart", id="year slip"),
    ],
)
def test_a_match_says_why(world, known_people, make_referral, referred, reason):
    """Given a variant, when it is matched, then the match gives the hub the reason to check."""
    (match,) = possible_matches(referral=_refer(make_referral, world, referred))

    assert reason in match.reasons


def test_an_exact_match_is_strong_and_shows_the_open_case(world, known_people, make_referral):
    """Given a referral exactly as the hub knows the young person, when it is matched, then the
    match is strong and carries their open case and its lead worker."""
    referral = make_referral(
        first_name="Elizabeth", last_name="Thornbury", date_of_birth=born(3, 14)
    )

    (match,) = possible_matches(referral=referral)

    assert match.young_person == known_people["elizabeth"]
    assert match.strength == "strong"
    assert match.open_case is not None
    assert match.open_case.lead_worker == world.spoke_worker


def test_another_hubs_young_people_are_never_matched(world, known_people, make_referral):
    """Given a referral to the other hub about a young person only this hub knows, when it is
    matched, then nobody is found: a hub sees only its own young people."""
    referral = make_referral(
        first_name="Elizabeth",
        last_name="Thornbury",
        date_of_birth=born(3, 14),
        local_authority=world.la_b,
        hub=world.other_hub,
        referrer=world.other_la_practitioner,
    )

    assert possible_matches(referral=referral) == []


def test_matching_takes_three_queries_however_many_are_known(
    world, known_people, make_referral, django_assert_num_queries
):
    """Given fourteen known young people and a referral matching several, when matches are
    found, then it takes three queries: name forms, candidates, their open cases."""
    referral = make_referral(
        first_name="Jess", last_name="Smith", date_of_birth=born(3, 9, years=2)
    )

    with django_assert_num_queries(3):
        matches = possible_matches(referral=referral)

    assert matches
