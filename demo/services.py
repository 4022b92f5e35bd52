"""Synthetic demo data: two fictional local authorities, one hub, an account for every role,
cases for the hub's spoke workers, referrals in every state, and the workers' work with
practitioners and groups — consultancy, training, awareness and group work, shared resources, a
practice challenge and the hub's balance target (every name is invented).

Everything goes through the partners, cases, referrals and consultancy services, so the demo's
audit log reads like a real one.
"""

from __future__ import annotations

import datetime
import itertools
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
from cases import casework, record, sharing
from cases import services as cases
from cases.models import Case, CaseShare, CaseworkEntry, RiskLevel, YoungPerson
from dashboards.services import summaries_refresh
from demo.consultancy import demo_consultancy_seed
from demo.history import history_seed
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
from referrals import services as referrals
from referrals.models import Referral

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
    _cases(result, users=users, agencies=agencies, las=las, today=today)
    _referrals(result, users=users, las=las, today=today)
    demo_consultancy_seed(
        created=result.created, users=users, agencies=agencies, las=las, today=today
    )
    history_seed(created=result.created, admin=admin, las=las, today=today)
    if result.total_created:
        audit_record(
            actor=None, action=AuditEvent.Action.DEMO_DATA_SEEDED, metadata=dict(result.created)
        )
    # The dashboards read summaries the scheduler rebuilds hourly: build them now, so the demo
    # shows its figures from the first page.
    summaries_refresh(today=today)
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


# Cases: eight young people on the demo spoke workers' caseloads. Ashdown Children's Services
# sees one case at each scope (summary, full, joint); Brackenford Children's Services none.

SOCIAL_WORKER_EMAIL = "social.worker.ashdown@demo.test"
Entry = CaseworkEntry.Kind
Attended = CaseworkEntry.Attendance


@dataclass(frozen=True)
class DemoEntry:
    days_ago: int
    kind: str
    summary: str
    attendance: str = Attended.ATTENDED
    young_persons_voice: str = ""
    duration_minutes: int | None = 60
    restricted: bool = False
    draft: bool = False
    # Another agency's professional writing at joint scope, rather than the lead worker.
    author: str = ""


@dataclass(frozen=True)
class DemoRisk:
    days_ago: int
    level: str
    rationale: str
    indicators: tuple[str, ...] = ()


@dataclass(frozen=True)
class DemoInvolvement:
    agency: str
    days_ago: int
    professional_name: str = ""
    professional_role: str = ""
    professional_email: str = ""
    is_lead_professional: bool = False
    stepped_back: tuple[int, str] | None = None  # days ago, and why


@dataclass(frozen=True)
class DemoShare:
    scope: str
    lawful_basis: str
    reason: str


@dataclass(frozen=True)
class DemoCase:
    first_name: str
    last_name: str
    age: int
    gender: str
    local_authority: str
    lead_worker: str
    risk_level: str
    opened_days_ago: int
    rationale: str
    indicators: tuple[str, ...] = ()
    preferred_name: str = ""
    do_not_text: bool = False
    safe_contact_notes: str = ""
    risks: tuple[DemoRisk, ...] = ()
    involvements: tuple[DemoInvolvement, ...] = ()
    entries: tuple[DemoEntry, ...] = ()
    plan_goals: tuple[tuple[str, str], ...] = ()  # description, status
    share: DemoShare | None = None
    # Reviews are held on time, except on the one case whose latest review is overdue.
    review_overdue: bool = False
    closed: tuple[str, str] | None = None  # closure reason, outcome


CASES = (
    DemoCase(
        "Maya",
        "Thornbury",
        14,
        YoungPerson.Gender.FEMALE,
        ASHDOWN,
        "spoke.worker@demo.test",
        RiskLevel.MEDIUM,
        120,
        "Missing overnight twice this term; seen getting into cars with older males.",
        ("missing_episodes", "older_partner"),
        preferred_name="May",
        do_not_text=True,
        safe_contact_notes="Phone calls only after 4pm; her mother checks her messages.",
        risks=(
            DemoRisk(
                60,
                RiskLevel.HIGH,
                "New phone and gifts from an adult met online; a further missing episode.",
                ("missing_episodes", "older_partner", "unexplained_gifts", "online_contact"),
            ),
        ),
        involvements=(
            DemoInvolvement(
                ASHDOWN_CSC,
                118,
                "Sasha Social",
                "Social worker",
                "social.worker.ashdown@demo.test",
                is_lead_professional=True,
            ),
            DemoInvolvement(POLICE, 60, "Pat Constable", "Detective constable"),
        ),
        entries=(
            DemoEntry(
                100,
                Entry.ONE_TO_ONE,
                "First session at school: talked about what makes a healthy relationship.",
                young_persons_voice="I don't want to get anyone in trouble.",
            ),
            DemoEntry(
                58,
                Entry.RETURN_HOME_INTERVIEW,
                "Return-home interview after a missing night; safety plan agreed.",
                duration_minutes=45,
            ),
            DemoEntry(
                40,
                Entry.ONE_TO_ONE,
                "Disclosed details about an adult in the family's circle; shared with the hub "
                "manager and recorded here only.",
                restricted=True,
            ),
            DemoEntry(
                12,
                Entry.JOINT_VISIT,
                "Joint home visit with the spoke worker; the safety plan is working.",
                duration_minutes=75,
                author=SOCIAL_WORKER_EMAIL,
            ),
            DemoEntry(
                3,
                Entry.ONE_TO_ONE,
                "Session on online safety; she blocked two accounts with us.",
                young_persons_voice="It feels better not hearing from them.",
            ),
            DemoEntry(
                1,
                Entry.PHONE,
                "Call to arrange next week's session (to finish writing up).",
                duration_minutes=10,
                draft=True,
            ),
        ),
        plan_goals=(
            ("Keep a safety plan on her phone and use it", "in_progress"),
            ("Attend school at least four days a week", "in_progress"),
            ("Know who to call when she feels unsafe", "achieved"),
        ),
        share=DemoShare(
            CaseShare.Scope.JOINT,
            CaseShare.LawfulBasis.CONSENT,
            "The social worker and the spoke worker are working the case jointly.",
        ),
    ),
    DemoCase(
        "Leo",
        "Hartwell",
        15,
        YoungPerson.Gender.MALE,
        ASHDOWN,
        "spoke.worker@demo.test",
        RiskLevel.MEDIUM,
        75,
        "Found at an address of concern; cash and new clothes he cannot explain.",
        ("places_of_concern", "unexplained_gifts"),
        involvements=(
            DemoInvolvement(ASHDOWN_CSC, 70, "Tom Teamlead", "Team manager"),
            DemoInvolvement(SCHOOL, 70, "Hattie Head", "Designated safeguarding lead"),
        ),
        entries=(
            DemoEntry(
                60, Entry.ONE_TO_ONE, "Met at the youth centre; talked about trust and gifts."
            ),
            DemoEntry(
                30,
                Entry.ADVOCACY,
                "Advocated for Leo at the multi-agency meeting; his views were read out.",
                attendance=Attended.NOT_APPLICABLE,
            ),
            DemoEntry(
                20,
                Entry.ONE_TO_ONE,
                "Named the adults who gave him money; passed to the police by the hub manager.",
                restricted=True,
            ),
            DemoEntry(
                6,
                Entry.TEXT,
                "Texted to check in after the weekend; replied that he is fine.",
                duration_minutes=5,
            ),
        ),
        share=DemoShare(
            CaseShare.Scope.FULL,
            CaseShare.LawfulBasis.SAFEGUARDING,
            "Children's social care is assessing the family and needs the full record.",
        ),
    ),
    DemoCase(
        "Ruby",
        "Ashcombe",
        13,
        YoungPerson.Gender.FEMALE,
        ASHDOWN,
        "hub.worker@demo.test",
        RiskLevel.MEDIUM,
        90,
        "Older 'boyfriend' collecting her from school; school absence rising.",
        ("older_partner", "school_absence"),
        involvements=(
            DemoInvolvement(
                ASHDOWN_CSC,
                88,
                "Sasha Social",
                "Social worker",
                stepped_back=(
                    30,
                    "Closed to children's social care once the spoke worker "
                    "was engaged; no statutory threshold met.",
                ),
            ),
            DemoInvolvement(SCHOOL, 88, "Tess Teacher", "Head of year", is_lead_professional=True),
        ),
        entries=(
            DemoEntry(80, Entry.ONE_TO_ONE, "First meeting at school with her head of year."),
            DemoEntry(
                45,
                Entry.GROUP_WORK,
                "Healthy relationships group, week three of six.",
                duration_minutes=90,
            ),
            DemoEntry(
                9,
                Entry.ATTEMPTED_CONTACT,
                "Went to school to meet her; she was absent.",
                attendance=Attended.DID_NOT_ATTEND,
                duration_minutes=None,
            ),
        ),
        share=DemoShare(
            CaseShare.Scope.SUMMARY,
            CaseShare.LawfulBasis.LEGAL_DUTY,
            "Children's social care may need to reach the worker if she is referred again.",
        ),
    ),
    DemoCase(
        "Kai",
        "Pemberton",
        16,
        YoungPerson.Gender.MALE,
        ASHDOWN,
        "hub.worker@demo.test",
        RiskLevel.LOW,
        150,
        "Friends with young people known to be exploited; otherwise settled.",
        ("exploited_peers",),
        risks=(
            DemoRisk(
                80,
                RiskLevel.MEDIUM,
                "Seen at parties at an address of concern.",
                ("exploited_peers", "places_of_concern"),
            ),
        ),
        entries=(
            DemoEntry(140, Entry.ONE_TO_ONE, "Introductory session at the hub."),
            DemoEntry(
                50,
                Entry.PHONE,
                "Phoned to rearrange; agreed to meet after college.",
                duration_minutes=10,
            ),
        ),
        review_overdue=True,
    ),
    DemoCase(
        "Ellie",
        "Marsden",
        15,
        YoungPerson.Gender.FEMALE,
        BRACKENFORD,
        "outreach.worker@demo.test",
        RiskLevel.HIGH,
        45,
        "Repeated missing episodes; sexual health concerns raised by the clinic.",
        ("missing_episodes", "sexual_health", "substance_misuse"),
        safe_contact_notes="Meet in town, never at home.",
        involvements=(DemoInvolvement(BRACKENFORD_CSC, 44, "Bea Social", "Social worker"),),
        entries=(
            DemoEntry(
                40, Entry.ONE_TO_ONE, "Met in a café in town; talked about sleep and safety."
            ),
            DemoEntry(
                25,
                Entry.ONE_TO_ONE,
                "Spoke about an assault she has not reported; kept inside the hub.",
                restricted=True,
            ),
            DemoEntry(
                4,
                Entry.RETURN_HOME_INTERVIEW,
                "Return-home interview after two nights missing.",
                young_persons_voice="I just needed to get away.",
            ),
        ),
    ),
    DemoCase(
        "Jayden",
        "Okafor",
        14,
        YoungPerson.Gender.MALE,
        BRACKENFORD,
        "outreach.worker@demo.test",
        RiskLevel.MEDIUM,
        30,
        "Concerning contact online with an adult offering work.",
        ("online_contact",),
        entries=(
            DemoEntry(
                25,
                Entry.ATTEMPTED_CONTACT,
                "Called twice; no answer.",
                attendance=Attended.DID_NOT_ATTEND,
                duration_minutes=None,
            ),
            DemoEntry(18, Entry.ONE_TO_ONE, "First session at the library; engaged well."),
        ),
    ),
    DemoCase(
        "Aisha",
        "Fenwick",
        16,
        YoungPerson.Gender.FEMALE,
        ASHDOWN,
        "spoke.worker@demo.test",
        RiskLevel.LOW,
        200,
        "Older partner; now ended.",
        ("older_partner",),
        entries=(
            DemoEntry(190, Entry.ONE_TO_ONE, "First session; she set her own goals."),
            DemoEntry(60, Entry.ONE_TO_ONE, "Final session; goals met and celebrated."),
        ),
        closed=(
            Case.ClosureReason.OUTCOMES_MET,
            "Relationship ended; back in college full time and knows where to get help.",
        ),
    ),
    DemoCase(
        "Tyler",
        "Brookes",
        17,
        YoungPerson.Gender.MALE,
        BRACKENFORD,
        "outreach.worker@demo.test",
        RiskLevel.MEDIUM,
        160,
        "Running errands for older males; missing from care.",
        ("missing_episodes", "exploited_peers"),
        entries=(
            DemoEntry(150, Entry.ONE_TO_ONE, "Met at his placement; wary but talked."),
            DemoEntry(
                90,
                Entry.ATTEMPTED_CONTACT,
                "Third missed session in a row.",
                attendance=Attended.DID_NOT_ATTEND,
                duration_minutes=None,
            ),
        ),
        closed=(
            Case.ClosureReason.DISENGAGED,
            "Stopped engaging after moving placement; his new team knows how to re-refer.",
        ),
    ),
)


def _cases(
    result: SeedResult,
    *,
    users: dict[str, User],
    agencies: dict[str, Agency],
    las: dict[str, LocalAuthority],
    today: datetime.date,
) -> None:
    hub = agencies[HUB]
    known = set(
        YoungPerson.objects.filter(owning_agency=hub).values_list("first_name", "last_name")
    )
    agreement = InformationSharingAgreement.objects.filter(
        title=AGREEMENT_TITLE, local_authority=las[ASHDOWN]
    ).first()
    for demo in CASES:
        # The young person is the key: a case already seeded is left exactly as it is.
        if (demo.first_name, demo.last_name) in known:
            continue
        _case(
            result,
            demo=demo,
            users=users,
            agencies=agencies,
            las=las,
            agreement=agreement,
            today=today,
        )


def _current(case: Case) -> Case:
    return Case.objects.get(pk=case.pk)


def _case(
    result: SeedResult,
    *,
    demo: DemoCase,
    users: dict[str, User],
    agencies: dict[str, Agency],
    las: dict[str, LocalAuthority],
    agreement: InformationSharingAgreement | None,
    today: datetime.date,
) -> None:
    hub_manager, worker = users[HUB_MANAGER_EMAIL], users[demo.lead_worker]
    opened_on = today - datetime.timedelta(days=demo.opened_days_ago)
    case = cases.case_open(
        by=hub_manager,
        hub=agencies[HUB],
        local_authority=las[demo.local_authority],
        risk_level=demo.risk_level,
        rationale=demo.rationale,
        indicators=demo.indicators,
        lead_worker=worker,
        opened_on=opened_on,
        young_person_data={
            "first_name": demo.first_name,
            "last_name": demo.last_name,
            "preferred_name": demo.preferred_name,
            "date_of_birth": opened_on.replace(year=opened_on.year - demo.age, day=1),
            "gender": demo.gender,
            "do_not_text": demo.do_not_text,
            "safe_contact_notes": demo.safe_contact_notes,
        },
    )
    result.created["cases"] += 1
    for involvement in demo.involvements:
        _involvement(case, involvement, agencies=agencies, by=worker, today=today)
    if demo.share is not None:
        assert agreement is not None  # the agreement is seeded first, in the same run
        sharing.case_share_create(
            case=case,
            by=hub_manager,
            agency=agencies[ASHDOWN_CSC],
            scope=demo.share.scope,
            lawful_basis=demo.share.lawful_basis,
            consent_recorded_on=opened_on
            if demo.share.lawful_basis == CaseShare.LawfulBasis.CONSENT
            else None,
            agreement=agreement,
            reason=demo.share.reason,
            expires_on=today + datetime.timedelta(days=90),
        )
        result.created["case shares"] += 1
    for risk in demo.risks:
        _risk(case, risk, by=worker, today=today)
    for entry in demo.entries:
        author = users[entry.author] if entry.author else worker
        casework.entry_create(
            case=_current(case),
            by=author,
            kind=entry.kind,
            occurred_at=_at(today - datetime.timedelta(days=entry.days_ago), hour=15),
            attendance=entry.attendance,
            summary=entry.summary,
            young_persons_voice=entry.young_persons_voice,
            duration_minutes=entry.duration_minutes,
            restricted=entry.restricted,
            draft=entry.draft,
        )
        result.created["casework entries"] += 1
    if demo.plan_goals:
        record.plan_update(
            case=case,
            by=worker,
            version=0,
            summary="Weekly one-to-one sessions, a monthly joint visit and a safety plan.",
            young_persons_view="I want to feel safe going out with my friends.",
            goals=[{"description": text, "status": status} for text, status in demo.plan_goals],
        )
    _hold_reviews(case, by=hub_manager, today=today, leave_one_overdue=demo.review_overdue)
    if demo.closed is not None:
        reason, outcome = demo.closed
        current = _current(case)
        cases.case_close(
            case=current, by=hub_manager, version=current.version, reason=reason, outcome=outcome
        )


def _at(day: datetime.date, *, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour=hour)))


def _involvement(
    case: Case,
    demo: DemoInvolvement,
    *,
    agencies: dict[str, Agency],
    by: User,
    today: datetime.date,
) -> None:
    involvement = record.involvement_add(
        case=case,
        by=by,
        agency=agencies[demo.agency],
        professional_name=demo.professional_name,
        professional_role=demo.professional_role,
        professional_email=demo.professional_email,
        is_lead_professional=demo.is_lead_professional,
        from_on=today - datetime.timedelta(days=demo.days_ago),
    )
    if demo.stepped_back is not None:
        days_ago, reason = demo.stepped_back
        record.involvement_step_back(
            involvement=involvement,
            by=by,
            stepped_back_on=today - datetime.timedelta(days=days_ago),
            reason=reason,
        )


def _risk(case: Case, demo: DemoRisk, *, by: User, today: datetime.date) -> None:
    current = _current(case)
    record.risk_assess(
        case=current,
        by=by,
        version=current.version,
        level=demo.level,
        indicators=demo.indicators,
        rationale=demo.rationale,
        assessed_on=today - datetime.timedelta(days=demo.days_ago),
    )


REVIEW_OUTCOMES = (
    "Reviewed with the young person and partners: the plan stands.",
    "Risk discussed at the multi-agency meeting; the plan is updated.",
    "Good engagement; sessions continue at the same frequency.",
)


def _hold_reviews(case: Case, *, by: User, today: datetime.date, leave_one_overdue: bool) -> None:
    """Hold each review that fell due before today, on its due date, as a well-run case would.

    A case opened weeks ago has a review history; on the one case meant to show an overdue
    review, the last one that fell due is left unheld.
    """
    for number in itertools.count():
        current = _current(case)
        review = current.reviews.filter(held_on__isnull=True).order_by("due_on").first()
        if review is None or review.due_on >= today:
            return
        after = cases.review_due_after(
            risk_level=current.risk_level, day=review.due_on, hub_id=current.owning_agency_id
        )
        if leave_one_overdue and after >= today:
            return
        record.review_record(
            review=review,
            by=by,
            held_on=review.due_on,
            outcome=REVIEW_OUTCOMES[number % len(REVIEW_OUTCOMES)],
        )


# Referrals: one or more in every state, from Ashdown's and Brackenford's children's services, the
# police and the academy. One waiting to be screened is the demo's Maya Thornbury as her school
# knows her (her nickname, a typo in her surname, the day and month of birth swapped), so triage
# shows a strong possible match; the allocated one joins Ruby Ashcombe's open case.

R = Referral.Status
NEAR_DUPLICATE = ("Maya", "Thornbury")


@dataclass(frozen=True)
class DemoReferral:
    referrer: str
    status: str
    first_name: str
    last_name: str
    local_authority: str
    narrative: str
    indicators: tuple[str, ...] = ()
    age: int = 14
    gender: str = YoungPerson.Gender.NOT_KNOWN
    known_as: str = ""
    school_or_setting: str = ""
    urgency: str = Referral.Urgency.ROUTINE
    consents: bool = True
    parents_aware: str = Referral.ParentsAware.YES
    # The demo young person this referral is about, as the hub knows them (first, last name).
    same_as: tuple[str, str] | None = None
    # Swap the day and month of the known young person's date of birth, as a slip would.
    swap_birthday: bool = False
    screening_notes: str = ""
    reason: str = ""
    signposted_to: str = ""
    allocate_to: str = ""
    # A draft stops after the young person and where they live.
    partial: bool = False


REFERRALS = (
    DemoReferral(
        SOCIAL_WORKER_EMAIL,
        R.DRAFT,
        "Nadia",
        "Rahman",
        ASHDOWN,
        "",
        age=13,
        gender=YoungPerson.Gender.FEMALE,
        partial=True,
    ),
    DemoReferral(
        "teacher@demo.test",
        R.SUBMITTED,
        "May",
        "Thornbery",
        ASHDOWN,
        "Seen being collected from the school gates by different older males; phone hidden "
        "in class and new trainers she will not explain.",
        ("older_partner", "unexplained_gifts", "school_absence"),
        gender=YoungPerson.Gender.FEMALE,
        school_or_setting=SCHOOL,
        urgency=Referral.Urgency.PRIORITY,
        same_as=NEAR_DUPLICATE,
        swap_birthday=True,
    ),
    DemoReferral(
        "police.officer@demo.test",
        R.SUBMITTED,
        "Callum",
        "Reid",
        BRACKENFORD,
        "Found at 3am in a flat of concern with adults known for supplying drugs to children; "
        "returned home by officers.",
        ("places_of_concern", "missing_episodes", "substance_misuse"),
        age=15,
        gender=YoungPerson.Gender.MALE,
        urgency=Referral.Urgency.URGENT,
        consents=False,
        parents_aware=Referral.ParentsAware.YES,
    ),
    DemoReferral(
        "social.worker.brackenford@demo.test",
        R.SCREENING,
        "Freya",
        "Lindqvist",
        BRACKENFORD,
        "Talking online with an adult who sends her money for pictures; she says he is 17.",
        ("online_contact", "unexplained_gifts"),
        age=13,
        gender=YoungPerson.Gender.FEMALE,
        urgency=Referral.Urgency.PRIORITY,
        screening_notes="Spoke to the social worker: the police are aware. Check the school's "
        "attendance before deciding.",
    ),
    DemoReferral(
        SOCIAL_WORKER_EMAIL,
        R.ACCEPTED,
        "Owen",
        "Gallagher",
        ASHDOWN,
        "Regularly missing overnight at weekends; friends with two young people already "
        "supported by the hub.",
        ("missing_episodes", "exploited_peers"),
        age=15,
        gender=YoungPerson.Gender.MALE,
        urgency=Referral.Urgency.PRIORITY,
        reason="Meets the threshold for one-to-one support; allocate to the Ashdown team.",
    ),
    DemoReferral(
        "team.manager.ashdown@demo.test",
        R.ALLOCATED,
        "Ruby",
        "Ashcombe",
        ASHDOWN,
        "Her older 'boyfriend' has started collecting her from the children's home; staff "
        "worried she is being moved around.",
        ("older_partner", "missing_episodes"),
        age=13,
        gender=YoungPerson.Gender.FEMALE,
        urgency=Referral.Urgency.URGENT,
        same_as=("Ruby", "Ashcombe"),
        reason="Already open to the hub: the new concerns join her case.",
    ),
    DemoReferral(
        "police.officer@demo.test",
        R.DECLINED,
        "Ethan",
        "Price",
        ASHDOWN,
        "Arrested for shoplifting with older friends; no sign of sexual exploitation so far.",
        ("exploited_peers",),
        age=16,
        gender=YoungPerson.Gender.MALE,
        reason="No indicators of sexual exploitation; the youth justice service is involved.",
    ),
    DemoReferral(
        "school.manager@demo.test",
        R.SIGNPOSTED,
        "Lily",
        "Carter",
        ASHDOWN,
        "Low mood and self-harm after a falling-out online; no adult involved that we know of.",
        ("self_harm", "online_contact"),
        age=14,
        gender=YoungPerson.Gender.FEMALE,
        school_or_setting=SCHOOL,
        reason="Emotional wellbeing needs, not exploitation, on what we know now.",
        signposted_to="Ashdown Child and Adolescent Mental Health Services",
    ),
    DemoReferral(
        "social.worker.brackenford@demo.test",
        R.WITHDRAWN,
        "Harvey",
        "Quinn",
        BRACKENFORD,
        "Missing twice from his foster placement; seen in town with unknown adults.",
        ("missing_episodes",),
        age=12,
        gender=YoungPerson.Gender.MALE,
        reason="He has moved to a placement in another county; their team will refer there.",
    ),
)


def _referrals(
    result: SeedResult,
    *,
    users: dict[str, User],
    las: dict[str, LocalAuthority],
    today: datetime.date,
) -> None:
    made = set(
        Referral.objects.filter(referrer__email__in={d.referrer for d in REFERRALS}).values_list(
            "referrer__email", "first_name", "last_name"
        )
    )
    for demo in REFERRALS:
        # The referrer and the young person's name are the key: a seeded one is left alone.
        if (demo.referrer, demo.first_name, demo.last_name) in made:
            continue
        _referral(demo, users=users, las=las, today=today)
        result.created["referrals"] += 1


def _known_young_person(name: tuple[str, str]) -> YoungPerson:
    return YoungPerson.objects.get(owning_agency__name=HUB, first_name=name[0], last_name=name[1])


def _date_of_birth(demo: DemoReferral, *, today: datetime.date) -> datetime.date:
    if demo.same_as is not None:
        known = _known_young_person(demo.same_as)
        assert known.date_of_birth is not None
        born = known.date_of_birth
        if demo.swap_birthday:
            if born.day <= 12 and born.day != born.month:
                return born.replace(month=born.day, day=born.month)
            # 1 January swapped is itself: a year's slip is the other common mistake.
            return born.replace(year=born.year + 1)
        return born
    return today.replace(year=today.year - demo.age, day=1) - datetime.timedelta(days=60)


def _referral(
    demo: DemoReferral,
    *,
    users: dict[str, User],
    las: dict[str, LocalAuthority],
    today: datetime.date,
) -> None:
    referrer, manager = users[demo.referrer], users[HUB_MANAGER_EMAIL]
    values: dict[str, object] = {
        "first_name": demo.first_name,
        "last_name": demo.last_name,
        "known_as": demo.known_as,
        "date_of_birth": _date_of_birth(demo, today=today),
        "gender": demo.gender,
        "local_authority": las[demo.local_authority],
    }
    if not demo.partial:
        values |= {
            "referrer_phone": "01632 960 000",
            "school_or_setting": demo.school_or_setting,
            "indicators": list(demo.indicators),
            "narrative": demo.narrative,
            "urgency": demo.urgency,
            "young_person_aware": True,
            "young_person_consents": demo.consents,
            "no_consent_basis": "" if demo.consents else Referral.NoConsentBasis.SAFEGUARDING,
            "no_consent_reason": ""
            if demo.consents
            else "He is at immediate risk and says he does not want any help.",
            "parents_aware": demo.parents_aware,
        }
    membership = Membership.objects.active().filter(user=referrer).select_related("agency").get()
    referral = referrals.referral_draft_create(
        by=referrer, referrer_agency=membership.agency, **values
    )
    if demo.status == R.DRAFT:
        return
    referral = referrals.referral_submit(referral=referral, by=referrer, version=referral.version)
    if demo.status == R.WITHDRAWN:
        referrals.referral_withdraw(
            referral=referral, by=referrer, version=referral.version, reason=demo.reason
        )
        return
    if demo.status == R.SUBMITTED:
        return
    referral = referrals.referral_screening_start(
        referral=referral, by=manager, version=referral.version
    )
    if demo.screening_notes:
        referral = referrals.referral_screening_notes_update(
            referral=referral, by=manager, version=referral.version, notes=demo.screening_notes
        )
    if demo.status == R.SCREENING:
        return
    if demo.status == R.DECLINED:
        referrals.referral_decline(
            referral=referral, by=manager, version=referral.version, reason=demo.reason
        )
        return
    if demo.status == R.SIGNPOSTED:
        referrals.referral_signpost(
            referral=referral,
            by=manager,
            version=referral.version,
            reason=demo.reason,
            signposted_to=demo.signposted_to,
        )
        return
    if demo.same_as is not None:
        referral = referrals.referral_match_link(
            referral=referral,
            by=manager,
            version=referral.version,
            young_person=_known_young_person(demo.same_as),
        )
    else:
        referral = referrals.referral_match_confirm_new(
            referral=referral, by=manager, version=referral.version
        )
    referral = referrals.referral_accept(
        referral=referral, by=manager, version=referral.version, reason=demo.reason
    )
    if demo.status == R.ALLOCATED:
        # Joining an open case keeps its lead worker, risk and rationale.
        referrals.referral_allocate(
            referral=referral,
            by=manager,
            version=referral.version,
            worker=None,
            risk_level="",
            rationale="",
        )
