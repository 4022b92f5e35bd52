"""Referrals of the national dataset, in every status, numbered in the order they were made.

Most cases were opened by a referral allocated to the slot's worker (the case's first contact
is due from that allocation); some referrals joined a young person's open case; the rest were
declined, signposted or withdrawn, and the last few days' are still drafts, waiting, being
screened or accepted and waiting for a worker.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ops.national.cases import CaseBook
from ops.national.partnership import LocalAuthorityInfo, Partnership
from ops.national.plan import HISTORY_DAYS, Plan
from ops.national.text import MINUTES_PER_DAY, NULL, day, first_name, json_list, moment, surname
from partners.models import Agency

K = Agency.Kind
REFERRER_KINDS = (
    (K.CHILDRENS_SOCIAL_CARE, 30),
    (K.POLICE, 22),
    (K.EDUCATION, 22),
    (K.HEALTH, 12),
    (K.YOUTH_JUSTICE, 6),
)
URGENCIES = (("urgent", 10), ("priority", 35), ("routine", 55))
HOUR = 60
OPENED_WITHOUT_REFERRAL = 0.05
REFERRAL_COLUMNS = (
    "id",
    "status",
    "referrer_phone",
    "first_name",
    "last_name",
    "known_as",
    "date_of_birth",
    "gender",
    "address_area",
    "school_or_setting",
    "indicators",
    "narrative",
    "urgency",
    "young_person_aware",
    "young_person_consents",
    "no_consent_basis",
    "no_consent_reason",
    "parents_aware",
    "screening_notes",
    "match_decision",
    "decision_reason",
    "signposted_to",
    "withdrawn_reason",
    "created_at",
    "updated_at",
    "submitted_at",
    "screening_started_at",
    "decided_at",
    "allocated_at",
    "withdrawn_at",
    "version",
    "allocated_by_id",
    "allocated_worker_id",
    "case_id",
    "decided_by_id",
    "hub_id",
    "local_authority_id",
    "referrer_id",
    "referrer_agency_id",
    "screened_by_id",
    "young_person_id",
)


@dataclass(frozen=True)
class _Planned:
    created: int
    status: str
    la_id: int
    case: int = -1  # index of the case it opened or joined
    opens_case: bool = False
    submitted: int = 0
    screening: int = 0
    decided: int = 0
    allocated: int = 0
    withdrawn: int = 0


def _recent_counts(plan: Plan) -> dict[str, int]:
    """What is in the pipeline today: a few days' referrals at England's weekly volume."""

    def n(full: int) -> int:
        return max(1, round(full * plan.scale))

    return {"draft": n(1500), "submitted": n(200), "screening": n(400), "accepted": n(150)}


def referrals_plan(
    *, plan: Plan, book: CaseBook, partnership: Partnership, stream: Callable[[str], random.Random]
) -> list[_Planned]:
    """Every referral's status and times, numbered by when it was created; marks on each case
    the referral that opened it."""
    pick = stream("referrals")
    today = partnership.today
    planned: list[_Planned] = []
    for i in range(len(book)):
        if pick.random() < OPENED_WITHOUT_REFERRAL:
            continue
        allocated = book.opened_at[i]
        decided = allocated - pick.randint(1 * HOUR, 48 * HOUR)
        screening = decided - pick.randint(2 * HOUR, 72 * HOUR)
        submitted = screening - pick.randint(1 * HOUR, 30 * HOUR)
        planned.append(
            _Planned(
                submitted - pick.randint(5, 120),
                "allocated",
                book.la[i],
                i,
                True,
                submitted,
                screening,
                decided,
                allocated,
            )
        )
    recent = _recent_counts(plan)
    closed_out = plan.referrals - len(planned) - sum(recent.values())
    joining = max(0, round(closed_out * 0.12))
    long_cases = [i for i in range(len(book)) if book.end(i) - book.opened[i] > 45]
    for _ in range(joining if long_cases else 0):
        i = long_cases[int(pick.random() * len(long_cases))]
        when = pick.randint(book.opened[i] + 14, book.end(i) - 7) * MINUTES_PER_DAY
        submitted = when + pick.randint(9 * HOUR, 17 * HOUR)
        screening = submitted + pick.randint(1 * HOUR, 30 * HOUR)
        decided = screening + pick.randint(1 * HOUR, 48 * HOUR)
        allocated = decided + pick.randint(10, 4 * HOUR)
        planned.append(
            _Planned(
                submitted - pick.randint(5, 120),
                "allocated",
                book.la[i],
                i,
                False,
                submitted,
                screening,
                decided,
                allocated,
            )
        )
    weights = [la.weight for la in partnership.las]
    la_ids = [la.id for la in partnership.las]
    start = today - HISTORY_DAYS
    for _ in range(max(0, closed_out - joining)):
        la_id = pick.choices(la_ids, weights=weights)[0]
        status = pick.choices(["declined", "signposted", "withdrawn"], weights=[45, 40, 15])[0]
        submitted = pick.randint(start, today - 12) * MINUTES_PER_DAY + pick.randint(8, 18) * HOUR
        screening = submitted + pick.randint(1 * HOUR, 30 * HOUR)
        decided = screening + pick.randint(2 * HOUR, 96 * HOUR)
        if status == "withdrawn":
            screened = pick.random() < 0.5
            planned.append(
                _Planned(
                    submitted - pick.randint(5, 120),
                    status,
                    la_id,
                    submitted=submitted,
                    screening=screening if screened else 0,
                    withdrawn=(screening if screened else submitted)
                    + pick.randint(HOUR, 40 * HOUR),
                )
            )
        else:
            planned.append(
                _Planned(
                    submitted - pick.randint(5, 120),
                    status,
                    la_id,
                    submitted=submitted,
                    screening=screening,
                    decided=decided,
                )
            )
    now = today * MINUTES_PER_DAY
    for status, count in recent.items():
        for _ in range(count):
            la_id = pick.choices(la_ids, weights=weights)[0]
            ago = {"draft": 40, "submitted": 3, "screening": 6, "accepted": 10}[status]
            created = now - pick.randint(2 * HOUR, ago * 24 * HOUR)
            submitted = 0 if status == "draft" else created + pick.randint(5, 60)
            screening = (
                submitted + pick.randint(HOUR, 20 * HOUR)
                if status in ("screening", "accepted")
                else 0
            )
            decided = screening + pick.randint(HOUR, 20 * HOUR) if status == "accepted" else 0
            planned.append(
                _Planned(
                    created,
                    status,
                    la_id,
                    submitted=min(submitted, now - 3),
                    screening=min(screening, now - 2),
                    decided=min(decided, now - 1),
                )
            )
    planned.sort(key=lambda r: (r.created, r.la_id, r.case))
    for number, referral in enumerate(planned, start=1):
        if referral.opens_case:
            book.referral[referral.case] = number
    return planned


def _referrer(
    p: Partnership, la: LocalAuthorityInfo, ordinal: int, pick: random.Random
) -> tuple[int, int]:
    kind = pick.choices([k for k, _ in REFERRER_KINDS], weights=[w for _, w in REFERRER_KINDS])[0]
    agency = {
        K.CHILDRENS_SOCIAL_CARE: la.csc_id,
        K.POLICE: la.police_id,
        K.YOUTH_JUSTICE: la.youth_justice_id,
    }.get(kind) or pick.choice(la.education_ids if kind == K.EDUCATION else la.health_ids)
    return p.staff_on(pick, agency, ordinal), agency


def referral_rows(
    planned: list[_Planned],
    book: CaseBook,
    partnership: Partnership,
    indicators: list[str],
    pick: random.Random,
) -> Iterator[tuple[str, ...]]:
    p = partnership
    for number, r in enumerate(planned, start=1):
        la = p.la(r.la_id)
        hub = p.hubs[la.hub_id]
        referrer, referrer_agency = _referrer(p, la, r.created // MINUTES_PER_DAY, pick)
        manager = str(pick.choice(hub.managers))
        has_case = r.case >= 0
        blank = has_case and bool(book.anonymised[r.case])
        if has_case:
            person = book.young_person[r.case]
            first = book.yp_first[person]
            last, known, born = book.yp_last[person], book.yp_known_as[person], book.yp_born[person]
            gender = book.yp_gender[person]
            earlier = book.yp_cases[person][0] != r.case or not r.opens_case
        else:
            gender = "female" if pick.random() < 0.7 else "male"
            first, last, known = first_name(pick, gender), surname(pick), ""
            born = r.created // MINUTES_PER_DAY - pick.randint(11 * 365, 17 * 365)
            earlier = False
        draft = r.status == "draft"
        aware = None if draft and pick.random() < 0.5 else pick.random() < 0.85
        consents = None if not aware else pick.random() < 0.8
        without_consent = aware is not None and not (aware and consents)
        urgency = (
            ""
            if draft and pick.random() < 0.3
            else pick.choices([u for u, _ in URGENCIES], weights=[w for _, w in URGENCIES])[0]
        )
        steps = [r.created, r.submitted, r.screening, r.decided, r.allocated, r.withdrawn]
        updated = max(steps)
        version = 1 + sum(1 for s in steps[1:] if s)
        status = r.status
        yield (
            str(number),
            status,
            "",
            "" if blank else first,
            "" if blank else last,
            "" if blank else known,
            NULL if blank else day(born),
            gender,
            "" if blank else f"{la.gss_code[-2:]}{number % 9 + 1}",
            "" if blank else f"{la.name} High School",
            json_list(sorted(pick.sample(indicators, pick.randint(1, 5)))),
            "" if blank else "Concerns about exploitation: missing overnight and older contacts.",
            urgency,
            NULL if aware is None else "t" if aware else "f",
            NULL if consents is None else "t" if consents else "f",
            "safeguarding" if without_consent else "",
            "" if blank or not without_consent else "Asking now would increase the risk.",
            "" if draft else pick.choice(["yes", "no", "not_known", "not_appropriate"]),
            "" if blank or not r.screening else "Screened against the indicators.",
            ("linked" if earlier else "new")
            if has_case
            else ("new" if status == "accepted" else ""),
            "" if blank or not r.decided else _decision(status),
            "Local youth service" if status == "signposted" else "",
            "" if blank or status != "withdrawn" else "The family moved out of the area.",
            moment(r.created),
            moment(updated),
            moment(r.submitted) if r.submitted else NULL,
            moment(r.screening) if r.screening else NULL,
            moment(r.decided) if r.decided else NULL,
            moment(r.allocated) if r.allocated else NULL,
            moment(r.withdrawn) if r.withdrawn else NULL,
            str(version),
            manager if has_case else NULL,
            str(book.slot[r.case].worker_at(r.allocated // MINUTES_PER_DAY)) if has_case else NULL,
            str(r.case + 1) if has_case else NULL,
            manager if r.decided else NULL,
            str(la.hub_id),
            str(la.id),
            str(referrer),
            str(referrer_agency),
            manager if r.screening else NULL,
            str(book.young_person[r.case] + 1) if has_case else NULL,
        )


def _decision(status: str) -> str:
    return {
        "allocated": "Meets the threshold for the service.",
        "accepted": "Meets the threshold for the service.",
        "declined": "Below the threshold: advice given to the referrer.",
        "signposted": "Better met by another service.",
    }[status]
