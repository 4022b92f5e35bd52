"""Synthetic demo data: two fictional local authorities, one hub, and an account for every role.

Everything goes through the partners services, so the demo's audit log reads like a real one.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from audit.models import AuditEvent
from audit.services import audit_record
from partners import services as partners
from partners.models import (
    Agency,
    InformationSharingAgreement,
    LocalAuthority,
    Membership,
    Role,
    SpokePlacement,
    SupervisionRecord,
)

if TYPE_CHECKING:
    from collections.abc import Iterable

DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 - published in the README on purpose

ASHDOWN = "E99900001"
BRACKENFORD = "E99900002"
# E99 is not a code ONS gives out, so the demo can never collide with a real authority.
LOCAL_AUTHORITIES = (
    {"name": "Ashdown", "gss_code": ASHDOWN, "region": LocalAuthority.Region.NORTH_WEST.value},
    {
        "name": "Brackenford",
        "gss_code": BRACKENFORD,
        "region": LocalAuthority.Region.YORKSHIRE.value,
    },
)

HUB = "Northbrook CSE Hub"
ASHDOWN_CSC = "Ashdown Children's Services"
BRACKENFORD_CSC = "Brackenford Children's Services"
POLICE = "Shire Police"
SCHOOL = "Ashdown Academy"
PARTNERSHIP = "Ashdown Safeguarding Partnership"
FUNDER = "National CSE Fund"
SUPPORT = "CSE Hub Support"


@dataclass(frozen=True)
class DemoAgency:
    name: str
    sector: str
    kind: str
    local_authorities: tuple[str, ...]
    email: str = ""


AGENCIES = (
    DemoAgency(
        HUB,
        Agency.Sector.VOLUNTARY,
        Agency.Kind.CSE_HUB,
        (ASHDOWN, BRACKENFORD),
        email="referrals@northbrook.demo.test",
    ),
    DemoAgency(ASHDOWN_CSC, Agency.Sector.STATUTORY, Agency.Kind.CHILDRENS_SOCIAL_CARE, (ASHDOWN,)),
    DemoAgency(
        BRACKENFORD_CSC,
        Agency.Sector.STATUTORY,
        Agency.Kind.CHILDRENS_SOCIAL_CARE,
        (BRACKENFORD,),
    ),
    DemoAgency(POLICE, Agency.Sector.STATUTORY, Agency.Kind.POLICE, (ASHDOWN, BRACKENFORD)),
    DemoAgency(SCHOOL, Agency.Sector.STATUTORY, Agency.Kind.EDUCATION, (ASHDOWN,)),
    DemoAgency(
        PARTNERSHIP,
        Agency.Sector.PARTNERSHIP,
        Agency.Kind.SAFEGUARDING_PARTNERSHIP,
        (ASHDOWN,),
    ),
    DemoAgency(FUNDER, Agency.Sector.NATIONAL, Agency.Kind.COMMISSIONER, (ASHDOWN, BRACKENFORD)),
    DemoAgency(SUPPORT, Agency.Sector.VOLUNTARY, Agency.Kind.OTHER, ()),
)


@dataclass(frozen=True)
class DemoAccount:
    email: str
    full_name: str
    job_title: str
    agency: str
    role: str


ACCOUNTS = (
    DemoAccount("spoke.worker@demo.test", "Sam Spoke", "Spoke worker", HUB, Role.SPOKE_WORKER),
    DemoAccount(
        "outreach.worker@demo.test",
        "Orla Outreach",
        "Outreach spoke worker",
        HUB,
        Role.SPOKE_WORKER,
    ),
    DemoAccount("hub.worker@demo.test", "Hari Hubside", "Spoke worker", HUB, Role.SPOKE_WORKER),
    DemoAccount("hub.manager@demo.test", "Harriet Hub", "Hub manager", HUB, Role.HUB_MANAGER),
    DemoAccount(
        "social.worker.ashdown@demo.test",
        "Sasha Social",
        "Social worker",
        ASHDOWN_CSC,
        Role.PRACTITIONER,
    ),
    DemoAccount(
        "team.manager.ashdown@demo.test",
        "Tom Teamlead",
        "Team manager",
        ASHDOWN_CSC,
        Role.TEAM_MANAGER,
    ),
    DemoAccount(
        "social.worker.brackenford@demo.test",
        "Bea Social",
        "Social worker",
        BRACKENFORD_CSC,
        Role.PRACTITIONER,
    ),
    DemoAccount(
        "team.manager.brackenford@demo.test",
        "Ben Teamlead",
        "Team manager",
        BRACKENFORD_CSC,
        Role.TEAM_MANAGER,
    ),
    DemoAccount(
        "police.officer@demo.test",
        "Pat Constable",
        "Detective constable",
        POLICE,
        Role.PRACTITIONER,
    ),
    DemoAccount(
        "police.manager@demo.test",
        "Priya Inspector",
        "Detective inspector",
        POLICE,
        Role.TEAM_MANAGER,
    ),
    DemoAccount("teacher@demo.test", "Tess Teacher", "Teacher", SCHOOL, Role.PRACTITIONER),
    DemoAccount(
        "school.manager@demo.test",
        "Hattie Head",
        "Designated safeguarding lead",
        SCHOOL,
        Role.TEAM_MANAGER,
    ),
    DemoAccount(
        "partnership.manager@demo.test",
        "Penny Partnership",
        "Partnership manager",
        PARTNERSHIP,
        Role.PARTNERSHIP_MANAGER,
    ),
    DemoAccount(
        "commissioner@demo.test",
        "Cara Commissioner",
        "Commissioning manager",
        FUNDER,
        Role.COMMISSIONER,
    ),
    DemoAccount(
        "admin@demo.test", "Ada Admin", "System administrator", SUPPORT, Role.ADMINISTRATOR
    ),
)

ADMIN_EMAIL = "admin@demo.test"
HUB_MANAGER_EMAIL = "hub.manager@demo.test"


@dataclass(frozen=True)
class DemoPlacement:
    worker: str
    local_authority: str
    location_model: str
    host_agency: str | None = None
    champion: DemoAccount | None = None


def _account(email: str) -> DemoAccount:
    return next(account for account in ACCOUNTS if account.email == email)


PLACEMENTS = (
    # The three location models the evaluation found shape a worker's visibility and isolation.
    DemoPlacement(
        "spoke.worker@demo.test",
        ASHDOWN,
        SpokePlacement.LocationModel.CO_LOCATED_STATUTORY,
        host_agency=ASHDOWN_CSC,
        champion=_account("team.manager.ashdown@demo.test"),
    ),
    DemoPlacement("outreach.worker@demo.test", BRACKENFORD, SpokePlacement.LocationModel.OUTREACH),
    DemoPlacement("hub.worker@demo.test", ASHDOWN, SpokePlacement.LocationModel.HUB_BASED),
)


@dataclass(frozen=True)
class DemoSupervision:
    worker: str
    supervisor: str
    kind: str
    days_ago: int


SUPERVISIONS = (
    DemoSupervision("spoke.worker@demo.test", HUB_MANAGER_EMAIL, SupervisionRecord.Kind.HUB, 12),
    DemoSupervision(
        "spoke.worker@demo.test", "team.manager.ashdown@demo.test", SupervisionRecord.Kind.HOST, 26
    ),
    DemoSupervision("hub.worker@demo.test", HUB_MANAGER_EMAIL, SupervisionRecord.Kind.HUB, 5),
    # Older on purpose: the outreach worker has no host team, and a gap is what to look for.
    DemoSupervision("outreach.worker@demo.test", HUB_MANAGER_EMAIL, SupervisionRecord.Kind.HUB, 54),
)

AGREEMENT_TITLE = "Ashdown multi-agency child exploitation information-sharing agreement"


class DemoDataNotAllowed(RuntimeError):
    """Raised when demo data is asked for where settings forbid it (production)."""


@dataclass
class SeedResult:
    created: Counter[str] = field(default_factory=Counter)

    @property
    def total_created(self) -> int:
        return sum(self.created.values())


def demo_seed(*, today: datetime.date | None = None) -> SeedResult:
    """Create whatever of the demo partnership is missing; running it again changes nothing."""
    # Refused before the database is touched: production may not even let us connect.
    if not settings.CSE_HUB_DEMO_DATA_ALLOWED:
        raise DemoDataNotAllowed("Demo data cannot be loaded with these settings (production).")
    # Dates hang off the day it runs, so placements, agreements and supervision look current.
    with transaction.atomic():
        return _seed(today=today or timezone.localdate())


def _seed(*, today: datetime.date) -> SeedResult:
    result = SeedResult()
    users = _users(result)
    admin, hub_manager = users[ADMIN_EMAIL], users[HUB_MANAGER_EMAIL]
    las = _local_authorities(result, by=admin)
    agencies = _agencies(result, las=las, by=admin)
    _memberships(result, users=users, agencies=agencies, since=today - datetime.timedelta(days=365))
    _placements(
        result,
        users=users,
        agencies=agencies,
        las=las,
        by=hub_manager,
        since=today - datetime.timedelta(days=180),
    )
    _agreement(result, agencies=agencies, las=las, by=hub_manager, today=today)
    _supervisions(result, users=users, agencies=agencies, by=hub_manager, today=today)
    if result.total_created:
        audit_record(
            actor=None, action=AuditEvent.Action.DEMO_DATA_SEEDED, metadata=dict(result.created)
        )
    return result


def _users(result: SeedResult) -> dict[str, User]:
    existing = {user.email: user for user in User.objects.filter(email__in=_emails(ACCOUNTS))}
    # One hash for the run: the password is the same for every account, and hashing is slow.
    password = make_password(DEMO_PASSWORD)
    for account in ACCOUNTS:
        if account.email in existing:
            continue
        user = User(
            email=account.email,
            full_name=account.full_name,
            job_title=account.job_title,
            password=password,
        )
        user.full_clean()
        user.save()
        # Accounts are normally invited; these are not, and the log says where they came from.
        audit_record(actor=None, action=AuditEvent.Action.DEMO_DATA_SEEDED, obj=user)
        existing[user.email] = user
        result.created["users"] += 1
    return existing


def _emails(accounts: Iterable[DemoAccount]) -> list[str]:
    return [account.email for account in accounts]


def _local_authorities(result: SeedResult, *, by: User) -> dict[str, LocalAuthority]:
    imported = partners.local_authorities_import(rows=LOCAL_AUTHORITIES, by=by)
    result.created["local authorities"] += imported.created
    codes = [row["gss_code"] for row in LOCAL_AUTHORITIES]
    return {la.gss_code: la for la in LocalAuthority.objects.filter(gss_code__in=codes)}


def _agencies(result: SeedResult, *, las: dict[str, LocalAuthority], by: User) -> dict[str, Agency]:
    names = [agency.name for agency in AGENCIES]
    # Agency names are not unique in general; the demo's are, so the name is the key here.
    existing = {agency.name: agency for agency in Agency.objects.filter(name__in=names)}
    for demo in AGENCIES:
        if demo.name in existing:
            continue
        existing[demo.name] = partners.agency_create(
            by=by,
            name=demo.name,
            sector=demo.sector,
            kind=demo.kind,
            local_authorities=[las[code] for code in demo.local_authorities],
            email=demo.email,
        )
        result.created["agencies"] += 1
    return existing


def _memberships(
    result: SeedResult,
    *,
    users: dict[str, User],
    agencies: dict[str, Agency],
    since: datetime.date,
) -> None:
    admin = users[ADMIN_EMAIL]
    held = set(
        Membership.objects.filter(user__in=users.values()).values_list(
            "user_id", "agency_id", "role"
        )
    )
    for account in ACCOUNTS:
        user, agency = users[account.email], agencies[account.agency]
        if (user.pk, agency.pk, account.role) in held:
            continue
        partners.membership_create(
            by=admin, user=user, agency=agency, role=account.role, starts_on=since
        )
        result.created["memberships"] += 1


def _placements(
    result: SeedResult,
    *,
    users: dict[str, User],
    agencies: dict[str, Agency],
    las: dict[str, LocalAuthority],
    by: User,
    since: datetime.date,
) -> None:
    hub = agencies[HUB]
    placed = set(
        SpokePlacement.objects.filter(hub=hub).values_list("worker_id", "local_authority_id")
    )
    for demo in PLACEMENTS:
        worker, la = users[demo.worker], las[demo.local_authority]
        if (worker.pk, la.pk) in placed:
            continue
        champion = demo.champion
        partners.placement_create(
            by=by,
            worker=worker,
            hub=hub,
            local_authority=la,
            host_agency=agencies[demo.host_agency] if demo.host_agency else None,
            location_model=demo.location_model,
            starts_on=since,
            champion_name=champion.full_name if champion else "",
            champion_job_title=f"{champion.job_title}, {champion.agency}" if champion else "",
            champion_email=champion.email if champion else "",
        )
        result.created["placements"] += 1


def _agreement(
    result: SeedResult,
    *,
    agencies: dict[str, Agency],
    las: dict[str, LocalAuthority],
    by: User,
    today: datetime.date,
) -> None:
    ashdown = las[ASHDOWN]
    if InformationSharingAgreement.objects.filter(
        title=AGREEMENT_TITLE, local_authority=ashdown
    ).exists():
        return
    signed_on = today - datetime.timedelta(days=90)
    partners.agreement_create(
        by=by,
        parties=[agencies[name] for name in (HUB, ASHDOWN_CSC, POLICE, SCHOOL)],
        title=AGREEMENT_TITLE,
        local_authority=ashdown,
        scope=(
            "Identity, risk, involvement and contact arrangements for young people at risk of "
            "child sexual exploitation, so that partners can protect them and work jointly."
        ),
        lawful_basis=InformationSharingAgreement.LawfulBasis.PUBLIC_TASK,
        signed_on=signed_on,
        review_due_on=signed_on + datetime.timedelta(days=365),
        status=InformationSharingAgreement.Status.ACTIVE,
        document_reference="ASH-ISA-001",
    )
    result.created["sharing agreements"] += 1


def _supervisions(
    result: SeedResult,
    *,
    users: dict[str, User],
    agencies: dict[str, Agency],
    by: User,
    today: datetime.date,
) -> None:
    hub = agencies[HUB]
    held = set(SupervisionRecord.objects.filter(hub=hub).values_list("worker_id", "kind"))
    for demo in SUPERVISIONS:
        worker = users[demo.worker]
        if (worker.pk, demo.kind) in held:
            continue
        partners.supervision_record(
            by=by,
            worker=worker,
            hub=hub,
            supervisor=users[demo.supervisor],
            held_on=today - datetime.timedelta(days=demo.days_ago),
            kind=demo.kind,
            notes="Caseload, reflective practice and wellbeing reviewed; no concerns.",
        )
        result.created["supervision records"] += 1
