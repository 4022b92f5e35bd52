"""The partnership of the national dataset: local authorities, hubs and partner agencies, their
people and memberships, spoke placements, sharing agreements, supervision and hub settings.

Each hub covers a run of neighbouring local authorities. In every local authority the hub has
one or more placement *slots*; a slot is held by one spoke worker at a time over the ten years,
the last of them today, the earlier ones having left (memberships and placements ended,
accounts disabled). The worker in a slot on a day is the one who works the cases, referrals,
consultancy and training of that slot's local authority on that day.
"""

from __future__ import annotations

import bisect
import math
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password

from ops.national.plan import HISTORY_DAYS, REGION_SIZES, Plan
from ops.national.text import (
    NULL,
    PLACE_ENDS,
    PLACE_STARTS,
    day,
    first_name,
    flag,
    moment,
    slug,
    stamp_at,
    surname,
)
from partners.models import Agency, InformationSharingAgreement, Role, SpokePlacement

# One password for everybody, hashed once with a fixed salt so that the same seed gives the
# same rows. It is published here: the dataset is for benchmarks, never for real use.
PASSWORD = "national-dataset-2026"  # noqa: S105 - a published test password
_PASSWORD_SALT = "nationaldataset"  # noqa: S105 - fixed so that one seed gives one hash
FOREVER = 10**7

K = Agency.Kind
LOCATION_MODELS = (
    (SpokePlacement.LocationModel.CO_LOCATED_STATUTORY, 35),
    (SpokePlacement.LocationModel.CO_LOCATED_VOLUNTARY, 10),
    (SpokePlacement.LocationModel.HUB_BASED, 20),
    (SpokePlacement.LocationModel.OUTREACH, 15),
    (SpokePlacement.LocationModel.HYBRID, 20),
)
JOB_TITLES = {
    K.CHILDRENS_SOCIAL_CARE: ("Social worker", "Senior social worker", "Early help worker"),
    K.POLICE: ("Detective constable", "Police constable", "Missing persons coordinator"),
    K.HEALTH: ("School nurse", "Sexual health nurse", "Named nurse for safeguarding"),
    K.EDUCATION: ("Designated safeguarding lead", "Head of year", "Pastoral lead"),
    K.YOUTH_JUSTICE: ("Youth justice officer", "Case manager"),
}
MANAGER_TITLES = {
    K.CHILDRENS_SOCIAL_CARE: "Team manager",
    K.POLICE: "Detective sergeant",
    K.HEALTH: "Safeguarding lead",
    K.EDUCATION: "Deputy head teacher",
    K.YOUTH_JUSTICE: "Team manager",
}
# Relative staff on the system per statutory agency, before the local authority's size
# (practitioners and team managers work only in statutory agencies).
STAFF_WEIGHT = {
    K.CHILDRENS_SOCIAL_CARE: 16.0,
    K.POLICE: 7.0,
    K.HEALTH: 4.0,
    K.EDUCATION: 2.5,
    K.YOUTH_JUSTICE: 4.0,
}
SCHOOL_KINDS = ("Academy", "High School", "College", "School", "Pupil Referral Unit")
HEALTH_NAMES = ("Community Health Services", "Hospitals Trust", "CAMHS")


@dataclass
class Person:
    id: int
    full_name: str
    email: str
    job_title: str
    joined: int
    disabled: int | None = None
    daily_email: bool = False


@dataclass
class Staff:
    """Someone who works for an agency from `starts` until (not including) `ends`."""

    user_id: int
    starts: int
    ends: int
    manager: bool = False


@dataclass
class AgencyInfo:
    id: int
    name: str
    sector: str
    kind: str
    la_ids: list[int]
    staff: list[Staff] = field(default_factory=list)


@dataclass
class Slot:
    """A placement held by a succession of spoke workers: `starts[i]` is when worker i began."""

    la_id: int
    hub_id: int
    starts: list[int] = field(default_factory=list)
    workers: list[int] = field(default_factory=list)

    def worker_at(self, ordinal: int) -> int:
        index = bisect.bisect_right(self.starts, ordinal) - 1
        return self.workers[max(index, 0)]

    def start_of_worker_at(self, ordinal: int) -> int:
        index = bisect.bisect_right(self.starts, ordinal) - 1
        return self.starts[max(index, 0)]

    @property
    def current(self) -> int:
        return self.workers[-1]


@dataclass
class LocalAuthorityInfo:
    id: int
    name: str
    gss_code: str
    region: str
    weight: float
    hub_id: int = 0
    csc_id: int = 0
    police_id: int = 0
    partnership_id: int = 0
    youth_justice_id: int = 0
    health_ids: list[int] = field(default_factory=list)
    education_ids: list[int] = field(default_factory=list)
    other_ids: list[int] = field(default_factory=list)
    slots: list[Slot] = field(default_factory=list)
    agreement_id: int = 0
    agreement_active: bool = False
    agreement_parties: set[int] = field(default_factory=set)

    @property
    def statutory_ids(self) -> list[int]:
        return [
            self.csc_id,
            self.police_id,
            *self.health_ids,
            *self.education_ids,
            self.youth_justice_id,
        ]


@dataclass
class HubInfo:
    id: int
    name: str
    la_ids: list[int]
    managers: list[int] = field(default_factory=list)
    review_weeks: dict[str, int] = field(default_factory=dict)


@dataclass
class Partnership:
    today: int
    las: list[LocalAuthorityInfo]
    hubs: dict[int, HubInfo]
    agencies: dict[int, AgencyInfo]
    people: dict[int, Person]
    commissioner_agency: int
    support_agency: int
    # Rows of the small tables, made here and written as they are.
    placements: list[tuple[str, ...]] = field(default_factory=list)
    memberships: list[tuple[str, ...]] = field(default_factory=list)
    supervision: list[tuple[str, ...]] = field(default_factory=list)

    def la(self, la_id: int) -> LocalAuthorityInfo:
        return self.las[la_id - 1]

    def staff_on(self, pick: random.Random, agency_id: int, ordinal: int) -> int:
        """Someone working for the agency on the day (anyone of it if nobody was)."""
        staff = self.agencies[agency_id].staff
        for _ in range(6):
            member = staff[int(pick.random() * len(staff))]
            if member.starts <= ordinal < member.ends:
                return member.user_id
        for member in staff:
            if member.starts <= ordinal < member.ends:
                return member.user_id
        return staff[int(pick.random() * len(staff))].user_id

    def active_staff(self, agency_id: int) -> list[int]:
        return [s.user_id for s in self.agencies[agency_id].staff if s.ends > self.today]


def _region_counts(total: int) -> list[tuple[str, int]]:
    """Share `total` local authorities among the regions as England's are (largest remainder)."""
    full = sum(size for _, size in REGION_SIZES)
    exact = [(region, size * total / full) for region, size in REGION_SIZES]
    counts = {region: int(share) for region, share in exact}
    left = total - sum(counts.values())
    for region, _ in sorted(exact, key=lambda item: item[1] - int(item[1]), reverse=True):
        if left <= 0:
            break
        counts[region] += 1
        left -= 1
    return [(region, counts[region]) for region, _ in REGION_SIZES if counts[region]]


def share_out(total: int, weights: list[float], least: int = 0) -> list[int]:
    """`total` split in proportion to `weights` (largest remainder), each at least `least`."""
    base = [least] * len(weights)
    rest = total - least * len(weights)
    if rest <= 0:
        return base
    whole = sum(weights)
    exact = [w * rest / whole for w in weights]
    counts = [b + int(e) for b, e in zip(base, exact, strict=True)]
    left = total - sum(counts)
    order = sorted(range(len(weights)), key=lambda i: exact[i] - int(exact[i]), reverse=True)
    for i in order[:left]:
        counts[i] += 1
    return counts


class _Builder:
    def __init__(self, *, plan: Plan, today: int, stream: Callable[[str], random.Random]):
        self.plan = plan
        self.today = today
        self.start = today - HISTORY_DAYS
        self.pick = stream("partnership")
        self.people: dict[int, Person] = {}
        self.agencies: dict[int, AgencyInfo] = {}
        self.memberships: list[tuple[str, ...]] = []
        self.placements: list[tuple[str, ...]] = []
        self.supervision: list[tuple[str, ...]] = []
        self.emails: set[str] = set()

    # People.

    def person(self, name: str, *, domain: str, title: str, joined: int) -> Person:
        pid = len(self.people) + 1
        email = f"{slug(name.split(' ')[0])}.{slug(name.split(' ')[-1])}.{pid}@{domain}.test"
        person = Person(pid, name, email, title, joined, daily_email=self.pick.random() < 0.1)
        self.people[pid] = person
        return person

    def member(self, person: Person, agency_id: int, role: str, starts: int, ends: int | None):
        self.memberships.append(
            (
                str(len(self.memberships) + 1),
                role,
                day(starts),
                day(ends) if ends is not None else NULL,
                str(agency_id),
                str(person.id),
            )
        )

    def random_name(self) -> str:
        gender = "female" if self.pick.random() < 0.7 else "male"
        return f"{first_name(self.pick, gender)} {surname(self.pick)}"

    # Places and organisations.

    def local_authorities(self) -> list[LocalAuthorityInfo]:
        names = [a + b for a in PLACE_STARTS for b in PLACE_ENDS]
        self.pick.shuffle(names)
        las: list[LocalAuthorityInfo] = []
        for region, count in _region_counts(self.plan.local_authorities):
            for _ in range(count):
                index = len(las) + 1
                weight = math.exp(self.pick.gauss(0, 0.75))
                las.append(
                    LocalAuthorityInfo(index, names[index - 1], f"E98{index:06d}", region, weight)
                )
        return las

    def agency(self, name: str, sector: str, kind: str, la_ids: list[int]) -> AgencyInfo:
        info = AgencyInfo(len(self.agencies) + 1, name, sector, kind, la_ids)
        self.agencies[info.id] = info
        return info

    def hubs(self, las: list[LocalAuthorityInfo]) -> dict[int, HubInfo]:
        """Split the local authorities, in region order, into runs of neighbours, one per hub."""
        sizes = share_out(len(las), [1.0] * self.plan.hubs, least=1)
        hubs: dict[int, HubInfo] = {}
        position = 0
        for size in sizes:
            members = las[position : position + size]
            position += size
            name = f"{members[0].name} and District CSE Service"
            info = self.agency(name, Agency.Sector.VOLUNTARY, K.CSE_HUB, [la.id for la in members])
            hub = HubInfo(info.id, name, [la.id for la in members])
            for la in members:
                la.hub_id = info.id
            custom = self.pick.random() < 0.25
            hub.review_weeks = (
                {"high": 3, "medium": 6, "low": 10}
                if custom
                else {"high": 4, "medium": 8, "low": 12}
            )
            hubs[info.id] = hub
        return hubs

    def local_agencies(self, las: list[LocalAuthorityInfo]) -> None:
        S, Kd = Agency.Sector, K
        for la in las:
            la.csc_id = self.agency(
                f"{la.name} Children's Social Care", S.STATUTORY, Kd.CHILDRENS_SOCIAL_CARE, [la.id]
            ).id
            la.partnership_id = self.agency(
                f"{la.name} Safeguarding Children Partnership",
                S.PARTNERSHIP,
                Kd.SAFEGUARDING_PARTNERSHIP,
                [la.id],
            ).id
            la.youth_justice_id = self.agency(
                f"{la.name} Youth Justice Service", S.STATUTORY, Kd.YOUTH_JUSTICE, [la.id]
            ).id
            for name in HEALTH_NAMES[: 1 + (la.weight > 1.3) + (la.weight > 2.5)]:
                la.health_ids.append(
                    self.agency(f"{la.name} {name}", S.STATUTORY, Kd.HEALTH, [la.id]).id
                )
            for number in range(max(1, round(3.0 * la.weight))):
                kind = SCHOOL_KINDS[number % len(SCHOOL_KINDS)]
                name = f"{la.name} {PLACE_STARTS[number % len(PLACE_STARTS)]}lands {kind}"
                la.education_ids.append(self.agency(name, S.STATUTORY, Kd.EDUCATION, [la.id]).id)
            if self.pick.random() < 0.7:
                la.other_ids.append(
                    self.agency(f"{la.name} Youth Trust", S.VOLUNTARY, Kd.OTHER, [la.id]).id
                )
        # Police forces cover a few neighbouring local authorities of one region.
        by_region: dict[str, list[LocalAuthorityInfo]] = {}
        for la in las:
            by_region.setdefault(la.region, []).append(la)
        for members in by_region.values():
            forces = max(1, round(len(members) / 3.5))
            sizes = share_out(len(members), [1.0] * forces, least=1)
            position = 0
            for size in sizes:
                force = members[position : position + size]
                position += size
                police = self.agency(
                    f"{force[0].name} Police", S.STATUTORY, Kd.POLICE, [la.id for la in force]
                )
                for la in force:
                    la.police_id = police.id

    # Staff.

    def hub_staff(self, las: list[LocalAuthorityInfo], hubs: dict[int, HubInfo]) -> None:
        slots_per_la = share_out(self.plan.spoke_workers, [la.weight for la in las], least=1)
        for hub in hubs.values():
            for _ in range(2 + (len(hub.la_ids) >= 4)):
                joined = self.today - self.pick.randint(200, 3000)
                person = self.person(
                    self.random_name(),
                    domain=slug(hub.name)[:20],
                    title="Hub manager",
                    joined=joined,
                )
                self.member(person, hub.id, Role.HUB_MANAGER, joined, None)
                hub.managers.append(person.id)
        for la, slots in zip(las, slots_per_la, strict=True):
            hub = hubs[la.hub_id]
            for _ in range(slots):
                slot = Slot(la.id, hub.id)
                self.slot_workers(slot, la, hub)
                la.slots.append(slot)
        # A few current workers also cover a second local authority of their hub.
        for la in las:
            hub = hubs[la.hub_id]
            others = [other for other in hub.la_ids if other != la.id]
            for slot in la.slots:
                if others and self.pick.random() < 0.1:
                    other = las[self.pick.choice(others) - 1]
                    self.placement(
                        slot.current,
                        hub.id,
                        other,
                        SpokePlacement.LocationModel.HYBRID,
                        slot.starts[-1],
                        None,
                    )

    def slot_workers(self, slot: Slot, la: LocalAuthorityInfo, hub: HubInfo) -> None:
        """Workers of a slot, from today's back to whoever held it ten years ago."""
        tenures: list[tuple[int, int | None]] = []
        starts = self.today - self.pick.randint(60, 2200)
        tenures.append((starts, None))
        while starts > self.start - 30:
            before = starts - self.pick.randint(500, 1800)
            tenures.append((before, starts))
            starts = before
        for starts, ends in reversed(tenures):
            person = self.person(
                self.random_name(),
                domain=slug(hub.name)[:20],
                title="Spoke worker",
                joined=starts - 14,
            )
            if ends is not None:
                person.disabled = ends
            self.member(person, hub.id, Role.SPOKE_WORKER, starts - 14, ends)
            location = self.pick.choices(
                [m for m, _ in LOCATION_MODELS], weights=[w for _, w in LOCATION_MODELS]
            )[0]
            self.placement(person.id, hub.id, la, location, starts, ends)
            slot.starts.append(starts)
            slot.workers.append(person.id)

    def placement(
        self,
        worker: int,
        hub_id: int,
        la: LocalAuthorityInfo,
        location: str,
        starts: int,
        ends: int | None,
    ) -> None:
        M = SpokePlacement.LocationModel
        if location == M.CO_LOCATED_VOLUNTARY and not la.other_ids:
            location = M.HUB_BASED
        host: int | None = None
        if location == M.CO_LOCATED_STATUTORY:
            host = la.csc_id
        elif location == M.CO_LOCATED_VOLUNTARY:
            host = la.other_ids[0]
        elif location == M.HYBRID and self.pick.random() < 0.5:
            host = self.pick.choice(la.education_ids)
        champion = host is not None and location != M.CO_LOCATED_VOLUNTARY
        champion = champion and self.pick.random() < 0.7
        champion_name = self.random_name() if champion else ""
        self.placements.append(
            (
                str(len(self.placements) + 1),
                str(location),
                day(starts),
                day(ends) if ends is not None else NULL,
                champion_name,
                "Service manager" if champion else "",
                f"{slug(champion_name)}@champion.test" if champion else "",
                str(host) if host is not None else NULL,
                str(hub_id),
                str(la.id),
                str(worker),
            )
        )

    def statutory_staff(self, las: list[LocalAuthorityInfo], people_left: int) -> None:
        agencies = [a for a in self.agencies.values() if a.kind in STAFF_WEIGHT and a.la_ids]
        weights = [
            STAFF_WEIGHT[K(a.kind)] * sum(las[i - 1].weight for i in a.la_ids) for a in agencies
        ]
        counts = share_out(max(people_left, 2 * len(agencies)), weights, least=2)
        for agency, count in zip(agencies, counts, strict=True):
            titles = JOB_TITLES[K(agency.kind)]
            managers = max(1, round(count * 0.15))
            domain = slug(agency.name)[:24]
            for number in range(count):
                is_manager = number < managers
                joined = self.today - int(self.pick.random() ** 0.7 * (HISTORY_DAYS + 400)) - 1
                ends: int | None = None
                if self.pick.random() < 0.05:
                    ends = min(self.today - 1, joined + self.pick.randint(60, 2500))
                title = MANAGER_TITLES[K(agency.kind)] if is_manager else self.pick.choice(titles)
                person = self.person(self.random_name(), domain=domain, title=title, joined=joined)
                person.disabled = ends
                role = Role.TEAM_MANAGER if is_manager else Role.PRACTITIONER
                self.member(person, agency.id, role, joined, ends)
                agency.staff.append(Staff(person.id, joined, ends or FOREVER, is_manager))
        # Some practitioners work in a second agency of the same place (a multi-agency team).
        for agency in agencies:
            la = las[agency.la_ids[0] - 1]
            for member in agency.staff:
                if member.ends == FOREVER and self.pick.random() < 0.02:
                    other = self.pick.choice([a for a in la.statutory_ids if a != agency.id])
                    starts = max(member.starts, self.today - 400)
                    self.member(self.people[member.user_id], other, Role.PRACTITIONER, starts, None)
                    self.agencies[other].staff.append(Staff(member.user_id, starts, FOREVER))

    def partnership_managers(self, las: list[LocalAuthorityInfo]) -> None:
        for la in las:
            for _ in range(1 + (la.weight > 1.5)):
                joined = self.today - self.pick.randint(100, 2500)
                person = self.person(
                    self.random_name(),
                    domain=slug(la.name) + "scp",
                    title="Partnership business manager",
                    joined=joined,
                )
                self.member(person, la.partnership_id, Role.PARTNERSHIP_MANAGER, joined, None)

    def national(self) -> tuple[int, int]:
        S = Agency.Sector
        commissioners = self.agency(
            "National CSE Commissioning Board", S.NATIONAL, K.COMMISSIONER, []
        )
        support = self.agency("CSE Hub National Support", S.NATIONAL, K.OTHER, [])
        for _ in range(self.plan.commissioners):
            joined = self.today - self.pick.randint(100, 2000)
            person = self.person(
                self.random_name(), domain="commissioning", title="Commissioner", joined=joined
            )
            self.member(person, commissioners.id, Role.COMMISSIONER, joined, None)
        for _ in range(self.plan.administrators):
            joined = self.today - self.pick.randint(100, 3000)
            person = self.person(
                self.random_name(), domain="support", title="System administrator", joined=joined
            )
            self.member(person, support.id, Role.ADMINISTRATOR, joined, None)
        return commissioners.id, support.id

    def supervision_records(self, las: list[LocalAuthorityInfo], hubs: dict[int, HubInfo]) -> None:
        """Roughly monthly hub supervision for today's workers over the last year, with gaps."""
        for la in las:
            hub = hubs[la.hub_id]
            for slot in la.slots:
                worker = slot.current
                since = max(slot.starts[-1], self.today - 365)
                held = self.today - self.pick.randint(3, 20)
                if self.pick.random() < 0.15:
                    held -= self.pick.randint(30, 60)  # supervision has lapsed
                while held >= since:
                    supervisor = self.pick.choice(hub.managers)
                    kind = "host" if self.pick.random() < 0.2 else "hub"
                    self.supervision.append(
                        (
                            str(len(self.supervision) + 1),
                            day(held),
                            kind,
                            "Caseload, wellbeing and reflective practice discussed.",
                            moment(stamp_at(held, 16)),
                            str(hub.id),
                            str(supervisor),
                            str(supervisor),
                            str(worker),
                        )
                    )
                    held -= self.pick.randint(21, 42)


def partnership_build(
    *, plan: Plan, today: int, stream: Callable[[str], random.Random]
) -> Partnership:
    """Lay out places, organisations and people; rows of the small tables come with it."""
    builder = _Builder(plan=plan, today=today, stream=stream)
    las = builder.local_authorities()
    hubs = builder.hubs(las)
    builder.local_agencies(las)
    commissioners, support = builder.national()
    builder.hub_staff(las, hubs)
    builder.partnership_managers(las)
    builder.statutory_staff(las, plan.users - len(builder.people))
    builder.supervision_records(las, hubs)
    partnership = Partnership(
        today=today,
        las=las,
        hubs=hubs,
        agencies=builder.agencies,
        people=builder.people,
        commissioner_agency=commissioners,
        support_agency=support,
        placements=builder.placements,
        memberships=builder.memberships,
        supervision=builder.supervision,
    )
    _agreements_plan(partnership, builder.pick)
    return partnership


def _agreements_plan(partnership: Partnership, pick: random.Random) -> None:
    for la in partnership.las:
        la.agreement_id = la.id
        la.agreement_active = pick.random() < 0.9
        la.agreement_parties = {la.hub_id, *la.statutory_ids}


# Rows.


def password_hash() -> str:
    return make_password(PASSWORD, salt=_PASSWORD_SALT)


def local_authority_rows(p: Partnership) -> Iterator[tuple[str, ...]]:
    for la in p.las:
        yield (str(la.id), la.name, la.gss_code, la.region)


def group_rows(p: Partnership, pick: random.Random) -> Iterator[tuple[str, ...]]:
    for agency_id in sorted(p.agencies):
        yield (str(agency_id), f"agency:{pick.getrandbits(128):032x}")


def agency_rows(p: Partnership) -> Iterator[tuple[str, ...]]:
    for a in (p.agencies[i] for i in sorted(p.agencies)):
        email = f"{slug(a.name)[:30]}@agency.test"
        # The agency's group has the agency's id (see group_rows).
        yield (str(a.id), a.name, a.sector, a.kind, email, "", "t", str(a.id))


def agency_area_rows(p: Partnership) -> Iterator[tuple[str, ...]]:
    number = 0
    for a in (p.agencies[i] for i in sorted(p.agencies)):
        for la_id in a.la_ids:
            number += 1
            yield (str(number), str(a.id), str(la_id))


def user_rows(p: Partnership) -> Iterator[tuple[str, ...]]:
    password = password_hash()
    for person in (p.people[i] for i in sorted(p.people)):
        yield (
            str(person.id),
            password,
            NULL,
            "f",
            person.email,
            person.full_name,
            person.job_title,
            "",
            flag(person.disabled is None),
            moment(stamp_at(person.joined, 9)),
            moment(stamp_at(person.disabled, 17)) if person.disabled is not None else NULL,
            "0",
            "daily" if person.daily_email else "immediate",
        )


def agreement_rows(p: Partnership, pick: random.Random) -> Iterator[tuple[str, ...]]:
    S = InformationSharingAgreement.Status
    admin = _first_administrator(p)
    for la in p.las:
        signed = p.today - pick.randint(60, 1400)
        review = signed + 730
        status = S.ACTIVE if la.agreement_active else pick.choice([S.UNDER_REVIEW, S.DRAFT])
        yield (
            str(la.agreement_id),
            f"{la.name} multi-agency information-sharing agreement",
            "Information about children at risk of exploitation, to plan and review support.",
            pick.choice(["public_task", "safeguarding"]),
            day(signed) if status != S.DRAFT else NULL,
            day(review),
            str(status),
            f"ISA-{la.gss_code}",
            moment(stamp_at(signed - 30, 10)),
            moment(stamp_at(signed, 10)),
            str(admin),
            str(la.id),
        )


def agreement_party_rows(p: Partnership) -> Iterator[tuple[str, ...]]:
    number = 0
    for la in p.las:
        for agency_id in sorted(la.agreement_parties):
            number += 1
            yield (str(number), str(la.agreement_id), str(agency_id))


def reminder_settings_rows(p: Partnership) -> Iterator[tuple[str, ...]]:
    for number, hub in enumerate((p.hubs[i] for i in sorted(p.hubs)), start=1):
        weeks = hub.review_weeks
        yield (
            str(number),
            "2",
            "5",
            "10",
            "14",
            str(weeks["high"]),
            str(weeks["medium"]),
            str(weeks["low"]),
            "7",
            "3",
            "7",
            "30",
            "4",
            moment(stamp_at(p.today - 200, 11)),
            "1",
            str(hub.id),
            str(hub.managers[0]),
        )


def balance_target_rows(p: Partnership, pick: random.Random) -> Iterator[tuple[str, ...]]:
    for number, hub in enumerate((p.hubs[i] for i in sorted(p.hubs)), start=1):
        consultancy, training, awareness = pick.choice([(15, 15, 10), (20, 10, 10), (10, 15, 15)])
        yield (
            str(number),
            str(100 - consultancy - training - awareness),
            str(consultancy),
            str(training),
            str(awareness),
            moment(stamp_at(p.today - 300, 11)),
            str(hub.id),
            str(hub.managers[0]),
        )


def _first_administrator(p: Partnership) -> int:
    for row in p.memberships:
        if row[1] == Role.ADMINISTRATOR:
            return int(row[5])
    raise RuntimeError("The national dataset has no administrator.")
