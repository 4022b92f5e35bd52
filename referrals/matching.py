"""Duplicate matching at triage: which young people the hub already knows might this be?

The same young person is often referred by a school and by the police with their name spelt
differently, a nickname, a double-barrelled surname shortened, or the day and month of birth
swapped. Matching finds candidates in the database (on PostgreSQL with trigram similarity
over an index, elsewhere with a simpler prefix search), then scores each one the same way on
every database, with the reasons a hub manager can check. Only the hub sees matches: nothing
about them ever reaches the referrer.
"""

from __future__ import annotations

import datetime
import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from django.db import connection
from django.db.models import Q

from cases.models import Case, YoungPerson
from referrals.models import NameVariant, Referral

# At or above this a match is shown as strong, at or above POSSIBLE as possible.
STRONG = 0.85
POSSIBLE = 0.7
# How many candidates the database returns for scoring, and how many matches are shown.
CANDIDATE_LIMIT = 200
SHOWN = 5


@dataclass
class Match:
    young_person: YoungPerson
    score: float
    reasons: list[str] = field(default_factory=list)
    open_case: Case | None = None

    @property
    def strength(self) -> str:
        return "strong" if self.score >= STRONG else "possible"


def normalise(name: str) -> str:
    """Lower case, accents and apostrophes gone: "O'Brién" → "obrien"."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return "".join(ch for ch in plain.lower() if ch.isalpha() or ch in " -").strip()


def _parts(name: str) -> list[str]:
    return [part for part in normalise(name).replace("-", " ").split() if part]


def _similarity(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b).ratio() if a and b else 0.0


class NameForms:
    """Nicknames and short forms, from the administrators' list (one query)."""

    def __init__(self) -> None:
        self._canonical: dict[str, set[str]] = {}
        for name, canonical in NameVariant.objects.values_list("name", "canonical"):
            self._canonical.setdefault(name, set()).add(canonical)
            self._canonical.setdefault(canonical, set()).add(canonical)

    def same(self, a: str, b: str) -> bool:
        return bool(self._canonical.get(a, {a}) & self._canonical.get(b, {b}))


def _first_name_score(
    given: list[str], known: list[str], forms: NameForms
) -> tuple[float, str | None]:
    best, reason = 0.0, None
    for a in given:
        for b in known:
            if a == b:
                return 1.0, "Same first name"
            if forms.same(a, b) and best < 0.95:
                best, reason = 0.95, "First name a known short form or nickname"
            elif _similarity(a, b) > best:
                best = _similarity(a, b)
                reason = "Similar first name" if best >= 0.75 else None
    return best, reason


def _last_name_score(given: str, known: str) -> tuple[float, str | None]:
    a, b = normalise(given).replace("-", " "), normalise(known).replace("-", " ")
    if a and a == b:
        return 1.0, "Same last name"
    whole = _similarity(a.replace(" ", ""), b.replace(" ", ""))
    if set(a.split()) & set(b.split()):
        return max(whole, 0.9), "Last name shares a part (double-barrelled or changed)"
    return whole, ("Similar last name" if whole >= 0.75 else None)


def _swapped(day: datetime.date) -> datetime.date | None:
    try:
        swapped = day.replace(month=day.day, day=day.month)
    except ValueError:
        return None
    return swapped if swapped != day else None


def _year_slips(day: datetime.date) -> list[datetime.date]:
    slips = []
    for delta in (-1, 1):
        try:
            slips.append(day.replace(year=day.year + delta))
        except ValueError:  # 29 February
            continue
    return slips


def _date_of_birth_score(
    given: datetime.date | None, known: datetime.date | None
) -> tuple[float | None, str | None]:
    if given is None or known is None:
        return None, None
    if given == known:
        return 1.0, "Same date of birth"
    if _swapped(given) == known:
        return 0.9, "Date of birth with the day and month swapped"
    if known in _year_slips(given):
        return 0.5, "Same birthday a year apart"
    return 0.0, None


def score(referral: Referral, person: YoungPerson, forms: NameForms) -> tuple[float, list[str]]:
    """How alike the referral's young person and a known one are (0 to 1), and why."""
    first, first_reason = _first_name_score(
        [*_parts(referral.first_name)[:1], *_parts(referral.known_as)[:1]],
        [*_parts(person.first_name)[:1], *_parts(person.preferred_name)[:1]],
        forms,
    )
    last, last_reason = _last_name_score(referral.last_name, person.last_name)
    dob, dob_reason = _date_of_birth_score(referral.date_of_birth, person.date_of_birth)
    name = (first + last) / 2
    total = name * 0.8 if dob is None else 0.55 * name + 0.45 * dob
    reasons = [r for r in (first_reason, last_reason, dob_reason) if r]
    if referral.local_authority_id == person.local_authority_id:
        total += 0.05
        reasons.append("Same local authority")
    return min(total, 1.0), reasons


def _candidates(referral: Referral) -> list[YoungPerson]:
    parts = _parts(referral.last_name)
    surname = "".join(parts)
    if connection.vendor == "postgresql":
        # `%` over the trigram index on last_name (referrals migration 0002).
        by_name = Q()
        for value in {surname, *parts}:
            by_name |= Q(last_name__trigram_similar=value)
    else:
        # Stored names keep their punctuation (O'Brien), so the typed start is tried too.
        by_name = Q()
        for value in {*(part[:3] for part in parts), referral.last_name.strip()[:3]}:
            if value:
                by_name |= Q(last_name__istartswith=value)
    by_birth = Q()
    if referral.date_of_birth is not None:
        days = [referral.date_of_birth, *_year_slips(referral.date_of_birth)]
        swapped = _swapped(referral.date_of_birth)
        if swapped is not None:
            days.append(swapped)
        by_birth = Q(date_of_birth__in=days)
    wanted = by_name | by_birth
    if not wanted:
        return []
    return list(
        YoungPerson.objects.filter(owning_agency_id=referral.hub_id, anonymised_at__isnull=True)
        .filter(wanted)
        .order_by("pk")[:CANDIDATE_LIMIT]
    )


def possible_matches(*, referral: Referral) -> list[Match]:
    """Young people known to the referral's hub who may be the one referred, best first.

    Three queries whatever the hub's size: name forms, candidates, and their open cases.
    """
    if referral.hub_id is None:
        return []
    forms = NameForms()
    matches = []
    for person in _candidates(referral):
        total, reasons = score(referral, person, forms)
        if total >= POSSIBLE:
            matches.append(Match(young_person=person, score=round(total, 3), reasons=reasons))
    matches.sort(key=lambda m: (-m.score, m.young_person.pk))
    matches = matches[:SHOWN]
    if matches:
        open_cases = {
            case.young_person_id: case
            for case in Case.objects.filter(
                young_person_id__in=[m.young_person.pk for m in matches],
                owning_agency_id=referral.hub_id,
                status=Case.Status.OPEN,
            ).select_related("lead_worker")
        }
        for match in matches:
            match.open_case = open_cases.get(match.young_person.pk)
    return matches
