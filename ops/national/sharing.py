"""Partner agencies on each case, the shares made with them, and the guardian rows live shares
grant: exactly `CaseShare.PERMISSIONS[scope]` on the case, to the agency's group or to the one
named professional, as `cases.sharing` would have left them.

A share is made while the case is open and lasts at most twelve months. When it ends, the
nightly sweep revokes it (`cases.sharing.case_shares_expire`), and while the case is still open
the worker usually shares again the next day. Some shares are revoked by hand when the case
closes or the agency steps back. Only shares not revoked hold guardian rows.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from cases.models import CaseShare
from ops.national.cases import CaseBook
from ops.national.partnership import LocalAuthorityInfo, Partnership
from ops.national.text import NULL, day, flag, moment, stamp_at
from partners.models import Agency

K = Agency.Kind
S = CaseShare.Scope
# Chance an agency of the kind is involved in a case, and that the hub shares the case with it.
INVOLVED = {
    K.CHILDRENS_SOCIAL_CARE: 0.65,
    K.POLICE: 0.45,
    K.HEALTH: 0.3,
    K.EDUCATION: 0.45,
    K.YOUTH_JUSTICE: 0.08,
}
SHARED = {
    K.CHILDRENS_SOCIAL_CARE: 0.9,
    K.POLICE: 0.75,
    K.HEALTH: 0.6,
    K.EDUCATION: 0.6,
    K.YOUTH_JUSTICE: 0.7,
}
SCOPES = {
    K.CHILDRENS_SOCIAL_CARE: ((S.JOINT, 45), (S.FULL, 40), (S.SUMMARY, 15)),
    K.POLICE: ((S.FULL, 50), (S.SUMMARY, 50)),
    K.HEALTH: ((S.SUMMARY, 60), (S.FULL, 40)),
    K.EDUCATION: ((S.SUMMARY, 85), (S.FULL, 15)),
    K.YOUTH_JUSTICE: ((S.FULL, 60), (S.SUMMARY, 40)),
}
BASES = (
    (CaseShare.LawfulBasis.CONSENT, 60),
    (CaseShare.LawfulBasis.SAFEGUARDING, 35),
    (CaseShare.LawfulBasis.LEGAL_DUTY, 5),
)
SHARE_MONTHS = (3, 6, 6, 12, 12)
PROFESSIONAL_SHARE = 0.1

INVOLVEMENT_COLUMNS = (
    "id",
    "professional_name",
    "professional_role",
    "professional_email",
    "professional_phone",
    "is_lead_professional",
    "from_on",
    "to_on",
    "stepped_back_on",
    "stepped_back_reason",
    "created_at",
    "agency_id",
    "recorded_by_id",
    "case_id",
)
SHARE_COLUMNS = (
    "id",
    "scope",
    "lawful_basis",
    "consent_recorded_on",
    "reason",
    "shared_at",
    "expires_on",
    "revoked_at",
    "revoke_reason",
    "agency_id",
    "agreement_id",
    "case_id",
    "professional_id",
    "revoked_by_id",
    "shared_by_id",
)
GROUP_PERMISSION_COLUMNS = ("id", "content_object_id", "group_id", "permission_id")
USER_PERMISSION_COLUMNS = ("id", "content_object_id", "permission_id", "user_id")


@dataclass
class SharingBook:
    involvements: list[tuple[str, ...]] = field(default_factory=list)
    shares: list[tuple[str, ...]] = field(default_factory=list)
    group_permissions: list[tuple[str, ...]] = field(default_factory=list)
    user_permissions: list[tuple[str, ...]] = field(default_factory=list)
    # Per case, the agencies with a joint share and when: (agency, from stamp, to stamp).
    joint: dict[int, list[tuple[int, int, int]]] = field(default_factory=dict)
    # Agency shares a practitioner may ask consultancy about: (case, agency, from day, to day).
    agency_shares: list[tuple[int, int, int, int]] = field(default_factory=list)


def _months_after(ordinal: int, months: int) -> int:
    """The same day `months` later, or that month's last day (as `cases.sharing` counts)."""
    date = datetime.date.fromordinal(ordinal)
    index = date.month - 1 + months
    year, month = date.year + index // 12, index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return datetime.date(year, month, min(date.day, last)).toordinal()
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _long_date(ordinal: int) -> str:
    date = datetime.date.fromordinal(ordinal)
    return f"{date.day} {date:%B %Y}"


def _partners(la: LocalAuthorityInfo, pick: random.Random) -> list[tuple[str, int]]:
    candidates = [
        (K.CHILDRENS_SOCIAL_CARE, la.csc_id),
        (K.POLICE, la.police_id),
        (K.HEALTH, pick.choice(la.health_ids)),
        (K.EDUCATION, pick.choice(la.education_ids)),
        (K.YOUTH_JUSTICE, la.youth_justice_id),
    ]
    return [(kind, agency) for kind, agency in candidates if pick.random() < INVOLVED[kind]]


class _Sharer:
    def __init__(
        self,
        *,
        book: CaseBook,
        partnership: Partnership,
        permissions: dict[str, int],
        pick: random.Random,
    ) -> None:
        self.book, self.p, self.permissions, self.pick = book, partnership, permissions, pick
        self.out = SharingBook()
        self.today = partnership.today

    def run(self) -> SharingBook:
        for i in range(len(self.book)):
            la = self.p.la(self.book.la[i])
            lead_named = False
            live_professionals: set[int] = set()
            for kind, agency in _partners(la, self.pick):
                stepped_back = self.involvement(i, kind, agency, lead_named=lead_named)
                lead_named = lead_named or kind == K.CHILDRENS_SOCIAL_CARE
                if self.pick.random() < SHARED[K(kind)]:
                    self.shares(i, la, kind, agency, stepped_back, live_professionals)
        return self.out

    def involvement(self, i: int, kind: str, agency: int, *, lead_named: bool) -> int:
        """Record the agency's involvement; returns the day it stepped back (0 if it did not)."""
        book, pick = self.book, self.pick
        opened, end = book.opened[i], book.end(i)
        person = self.p.people[self.p.staff_on(pick, agency, opened)]
        blank = bool(book.anonymised[i])
        stepped = 0
        if kind == K.CHILDRENS_SOCIAL_CARE and end - opened > 30 and pick.random() < 0.15:
            stepped = opened + pick.randint(14, end - opened)
        to_on = book.closed[i] if book.closed[i] and pick.random() < 0.6 else 0
        is_lead = kind == K.CHILDRENS_SOCIAL_CARE and not lead_named and pick.random() < 0.4
        self.out.involvements.append(
            (
                str(len(self.out.involvements) + 1),
                "" if blank else person.full_name,
                "" if blank else person.job_title,
                "" if blank or pick.random() < 0.5 else person.email,
                "",
                flag(is_lead),
                day(max(opened - pick.randint(0, 45), opened - 400)),
                day(to_on) if to_on else NULL,
                day(stepped) if stepped else NULL,
                "" if blank or not stepped else "Case closed to social care; support continues.",
                moment(stamp_at(opened, 11)),
                str(agency),
                str(book.slot[i].worker_at(opened)),
                str(i + 1),
            )
        )
        return stepped

    def shares(
        self,
        i: int,
        la: LocalAuthorityInfo,
        kind: str,
        agency: int,
        stepped_back: int,
        live_professionals: set[int],
    ) -> None:
        book, pick, today = self.book, self.pick, self.today
        closed = book.closed[i]
        start = book.opened[i] + pick.randint(0, 21)
        last_open_day = (closed - 1) if closed else today - 1
        stop = stepped_back or (closed if closed else 10**7)
        scopes = SCOPES[K(kind)]
        scope = pick.choices([s for s, _ in scopes], weights=[w for _, w in scopes])[0]
        while start <= last_open_day and start < stop:
            expires = _months_after(start, pick.choice(SHARE_MONTHS))
            revoked_at, revoked_by, revoke_reason = 0, 0, ""
            renew = False
            if closed and closed <= expires and closed < today and pick.random() < 0.5:
                revoked_at, revoked_by = stamp_at(closed, 16), book.lead[i]
                revoke_reason = "The case has closed."
            elif stepped_back and stepped_back <= expires and stepped_back < today:
                revoked_at = stamp_at(stepped_back, 15)
                revoked_by = book.slot[i].worker_at(stepped_back)
                revoke_reason = "The agency has stepped back from the case."
            elif expires < today - 1:
                revoked_at = stamp_at(expires + 1, 0, 5)
                revoke_reason = f"Its end date, {_long_date(expires)}, has passed."
                renew = pick.random() < 0.9
            live = revoked_at == 0
            professional = 0
            if pick.random() < PROFESSIONAL_SHARE:
                candidates = (
                    self.p.active_staff(agency) if live else [self.p.staff_on(pick, agency, start)]
                )
                candidates = [c for c in candidates if c not in live_professionals]
                if candidates:
                    professional = pick.choice(candidates)
            share_id = len(self.out.shares) + 1
            self.share_row(
                share_id,
                i,
                la,
                agency,
                professional,
                scope,
                start,
                expires,
                revoked_at,
                revoked_by,
                revoke_reason,
            )
            if live:
                self.grant(i, agency, professional, scope)
                if professional:
                    live_professionals.add(professional)
            ends = revoked_at or stamp_at(min(expires, book.end(i)) + 1, 0)
            if scope == S.JOINT and not professional:
                self.out.joint.setdefault(i, []).append((agency, stamp_at(start, 10), ends))
            if not professional:
                self.out.agency_shares.append((i, agency, start, ends // 1440))
            if not renew:
                break
            start = expires + 1

    def share_row(
        self,
        share_id: int,
        i: int,
        la: LocalAuthorityInfo,
        agency: int,
        professional: int,
        scope: str,
        start: int,
        expires: int,
        revoked_at: int,
        revoked_by: int,
        revoke_reason: str,
    ) -> None:
        book, pick = self.book, self.pick
        basis = pick.choices([b for b, _ in BASES], weights=[w for _, w in BASES])[0]
        party = la.agreement_active and agency in la.agreement_parties
        shared_by = (
            book.slot[i].worker_at(start)
            if pick.random() < 0.8
            else pick.choice(self.p.hubs[book.hub[i]].managers)
        )
        blank = bool(book.anonymised[i])
        self.out.shares.append(
            (
                str(share_id),
                str(scope),
                str(basis),
                day(start - pick.randint(0, 14))
                if basis == CaseShare.LawfulBasis.CONSENT
                else NULL,
                "" if blank else "Joint safety planning under the exploitation protocol.",
                moment(stamp_at(start, 10) + pick.randint(0, 360)),
                day(expires),
                moment(revoked_at) if revoked_at else NULL,
                "" if blank else revoke_reason,
                NULL if professional else str(agency),
                str(la.agreement_id) if party else NULL,
                str(i + 1),
                str(professional) if professional else NULL,
                str(revoked_by) if revoked_by else NULL,
                str(shared_by),
            )
        )

    def grant(self, i: int, agency: int, professional: int, scope: str) -> None:
        for codename in CaseShare.PERMISSIONS[scope]:
            permission = str(self.permissions[codename])
            if professional:
                rows = self.out.user_permissions
                rows.append((str(len(rows) + 1), str(i + 1), permission, str(professional)))
            else:
                rows = self.out.group_permissions
                # Each agency's group has the agency's id.
                rows.append((str(len(rows) + 1), str(i + 1), str(agency), permission))


def sharing_plan(
    *,
    book: CaseBook,
    partnership: Partnership,
    permissions: dict[str, int],
    stream: Callable[[str], random.Random],
) -> SharingBook:
    """Involvements, shares and their guardian rows for every case."""
    return _Sharer(
        book=book, partnership=partnership, permissions=permissions, pick=stream("sharing")
    ).run()
