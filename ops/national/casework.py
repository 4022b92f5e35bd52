"""Casework entries, the bulk of the dataset: streamed case by case straight into COPY.

A case gets entries in proportion to how long it has been open and its risk (open and high-risk
cases get more), spread from its allocation to its last contact, in working hours. Each is
written by the worker holding the case's slot that day, sometimes the co-worker, and on cases
shared jointly sometimes the partner agency's practitioner. A few are drafts, restricted,
edited (with the revision kept) or marked entered in error, as the services allow. The case's
first and last successful contact are taken from the entries as they are made.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from dataclasses import dataclass, field

from cases.models import CaseworkEntry
from ops.national.cases import CaseBook
from ops.national.partnership import Partnership
from ops.national.sharing import SharingBook
from ops.national.text import ENTRY_SUMMARIES, MINUTES_PER_DAY, NULL, VOICES, moment

E = CaseworkEntry.Kind
A = CaseworkEntry.Attendance
KINDS = (
    (E.ONE_TO_ONE, 38, (45, 90)),
    (E.PHONE, 16, (5, 30)),
    (E.TEXT, 12, (0, 5)),
    (E.ATTEMPTED_CONTACT, 8, (5, 15)),
    (E.PROFESSIONAL_CONSULTATION, 10, (15, 45)),
    (E.JOINT_VISIT, 6, (60, 120)),
    (E.ADVOCACY, 4, (60, 180)),
    (E.RETURN_HOME_INTERVIEW, 5, (30, 60)),
    (E.AWARENESS, 1, (45, 60)),
)
CONTACT = CaseworkEntry.CONTACT_KINDS
CONTACT_ATTENDANCE = ((A.ATTENDED, 82), (A.DID_NOT_ATTEND, 10), (A.DECLINED, 4), (A.CANCELLED, 4))
RISK_FACTOR = {"high": 1.6, "medium": 1.0, "low": 0.7}
ENTRY_COLUMNS = (
    "id",
    "kind",
    "occurred_at",
    "duration_minutes",
    "attendance",
    "summary",
    "young_persons_voice",
    "restricted",
    "status",
    "entered_in_error_at",
    "entered_in_error_reason",
    "version",
    "created_at",
    "updated_at",
    "author_id",
    "author_agency_id",
    "case_id",
    "entered_in_error_by_id",
)
REVISION_COLUMNS = (
    "id",
    "version",
    "kind",
    "occurred_at",
    "duration_minutes",
    "attendance",
    "summary",
    "young_persons_voice",
    "restricted",
    "replaced_at",
    "entry_id",
    "replaced_by_id",
)
WORKDAY_START = 8 * 60
WORKDAY_MINUTES = 600


def _table(pairs: tuple[tuple[str, int], ...], size: int = 1000) -> list[str]:
    """A lookup list in which each value appears in proportion to its weight."""
    total = sum(w for _, w in pairs)
    table: list[str] = []
    for value, weight in pairs:
        table += [value] * round(size * weight / total)
    return table


_KIND_TABLE = _table(tuple((kind, weight) for kind, weight, _ in KINDS))
_DURATIONS: dict[str, tuple[int, int]] = {str(kind): span for kind, _, span in KINDS}
_CONTACT_ATTENDANCE = _table(CONTACT_ATTENDANCE)


@dataclass
class EntryPlan:
    counts: list[int]
    revisions: list[tuple[str, ...]] = field(default_factory=list)
    rows: int = 0


def entry_counts(book: CaseBook, total: int, pick: random.Random) -> list[int]:
    """How many entries each case gets, adding up to about `total`."""
    weights = []
    for i in range(len(book)):
        months = (book.end(i) - book.opened[i]) / 30 + 1
        weight = months**0.9 * RISK_FACTOR[book.risk[i]] * (1.2 if book.is_open(i) else 1.0)
        if book.is_open(i) and book.today - book.opened[i] <= 10 and pick.random() < 0.5:
            weight = 0.0  # allocated but not yet seen
        weights.append(weight * math.exp(pick.gauss(0, 0.4)))
    scale = total / sum(weights)
    counts = []
    for weight in weights:
        exact = weight * scale
        counts.append(int(exact) + (pick.random() < exact - int(exact)))
    return counts


def _attendance(kind: str, pick: random.Random) -> str:
    if kind in CONTACT:
        return _CONTACT_ATTENDANCE[int(pick.random() * len(_CONTACT_ATTENDANCE))]
    if kind == E.ATTEMPTED_CONTACT:
        return A.DID_NOT_ATTEND if pick.random() < 0.7 else A.NOT_APPLICABLE
    return A.NOT_APPLICABLE


def entry_rows(
    book: CaseBook,
    partnership: Partnership,
    sharing: SharingBook,
    plan: EntryPlan,
    pick: random.Random,
) -> Iterator[tuple[str, ...]]:
    """Every case's entries; fills the case's first and last contact as it goes."""
    today = book.today
    number = 0
    random_ = pick.random
    kinds = _KIND_TABLE
    n_kinds = len(kinds)
    for i, count in enumerate(plan.counts):
        if not count:
            continue
        open_ = book.is_open(i)
        # Entries fall between allocation and the last working day of the case, never today.
        lo = book.opened_at[i] + 30
        hi = max(lo, (book.end(i)) * MINUTES_PER_DAY + 17 * 60)
        start = min(hi, book.opened_at[i] + pick.randint(MINUTES_PER_DAY, 7 * MINUTES_PER_DAY))
        if open_:
            gap = pick.randint(1, 13) if random_() < 0.85 else pick.randint(15, 60)
            end = (today - gap) * MINUTES_PER_DAY
            force_contact = gap <= 13
        else:
            end = (book.closed[i] - pick.randint(0, 10)) * MINUTES_PER_DAY
            force_contact = random_() < 0.7
        end = min(max(end, start), hi)
        times = sorted(start + int(random_() * (end - start)) for _ in range(count - 1))
        times.append(end)
        slot = book.slot[i]
        hub = str(book.hub[i])
        case_id = str(i + 1)
        blank = bool(book.anonymised[i])
        co_worker, co_from = book.co_worker[i], book.co_worker_from[i]
        joint = sharing.joint.get(i)
        first = last = -1
        for position, t in enumerate(times):
            ordinal = t // MINUTES_PER_DAY
            minute = t % MINUTES_PER_DAY
            when = ordinal * MINUTES_PER_DAY + WORKDAY_START + minute * 5 // 12
            when = lo if when < lo else hi if when > hi else when
            if position == count - 1 and force_contact:
                kind, attendance = str(E.ONE_TO_ONE), str(A.ATTENDED)
            else:
                kind = kinds[int(random_() * n_kinds)]
                attendance = _attendance(kind, pick)
            author = slot.worker_at(ordinal)
            author_agency = hub
            if co_worker and ordinal >= co_from and random_() < 0.25:
                author = co_worker
            elif joint and random_() < 0.08:
                for agency, since, until in joint:
                    if since <= when < until:
                        author = partnership.staff_on(pick, agency, ordinal)
                        author_agency = str(agency)
                        break
            low, high = _DURATIONS[kind]
            duration = str(pick.randint(low, high)) if kind != E.TEXT else NULL
            summaries = ENTRY_SUMMARIES[kind]
            summary = "" if blank else summaries[int(random_() * len(summaries))]
            voice = ""
            if not blank and attendance == A.ATTENDED and random_() < 0.35:
                voice = VOICES[int(random_() * len(VOICES))]
            roll = random_()
            status = "final"
            if open_ and ordinal >= today - 14 and roll < 0.03:
                status = "draft"
            restricted = "t" if author_agency == hub and roll > 0.97 else "f"
            created = when + 5 + int(random_() * 240)
            updated = created
            version = "1"
            error_at = error_by = NULL
            error_reason = ""
            number += 1
            entry_id = str(number)
            if status == "final" and roll > 0.3 and roll < 0.303:
                updated = min(created + 2 * MINUTES_PER_DAY, today * MINUTES_PER_DAY - 1)
                error_at, error_by, version = moment(updated), str(author), "2"
                error_reason = "" if blank else "Recorded on the wrong case."
            elif not blank and roll > 0.5 and roll < 0.505:
                updated = min(created + MINUTES_PER_DAY, today * MINUTES_PER_DAY - 1)
                version = "2"
                plan.revisions.append(
                    (
                        str(len(plan.revisions) + 1),
                        "1",
                        kind,
                        moment(when),
                        duration,
                        attendance,
                        "Notes to be written up. " + summary,
                        voice,
                        restricted,
                        moment(updated),
                        entry_id,
                        str(author),
                    )
                )
            if (
                status == "final"
                and error_at == NULL
                and attendance == A.ATTENDED
                and kind in CONTACT
            ):
                if first < 0:
                    first = when
                last = when
            created_text = moment(created)
            yield (
                entry_id,
                kind,
                moment(when),
                duration,
                attendance,
                summary,
                voice,
                restricted,
                status,
                error_at,
                error_reason,
                version,
                created_text,
                created_text if updated == created else moment(updated),
                str(author),
                author_agency,
                case_id,
                error_by,
            )
        book.first_contact[i], book.last_contact[i] = first, last
    plan.rows = number
