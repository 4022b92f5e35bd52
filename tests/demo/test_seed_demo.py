"""`manage.py seed_demo`: the demo partnership, its accounts, idempotence and refusal."""

from __future__ import annotations

import datetime
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from accounts.models import User
from audit.models import AuditEvent
from audit.selectors import audit_chain_verify
from demo.services import ACCOUNTS, DEMO_PASSWORD, demo_seed
from partners.models import (
    Agency,
    InformationSharingAgreement,
    LocalAuthority,
    Membership,
    Role,
    SpokePlacement,
    SupervisionRecord,
)
from tests import factories

pytestmark = pytest.mark.django_db

# Other engineers' browser tests log in with exactly these.
EXPECTED_ACCOUNTS = {
    "spoke.worker@demo.test": (Role.SPOKE_WORKER, "Northbrook CSE Hub"),
    "outreach.worker@demo.test": (Role.SPOKE_WORKER, "Northbrook CSE Hub"),
    "hub.worker@demo.test": (Role.SPOKE_WORKER, "Northbrook CSE Hub"),
    "hub.manager@demo.test": (Role.HUB_MANAGER, "Northbrook CSE Hub"),
    "social.worker.ashdown@demo.test": (Role.PRACTITIONER, "Ashdown Children's Services"),
    "team.manager.ashdown@demo.test": (Role.TEAM_MANAGER, "Ashdown Children's Services"),
    "social.worker.brackenford@demo.test": (
        Role.PRACTITIONER,
        "Brackenford Children's Services",
    ),
    "team.manager.brackenford@demo.test": (
        Role.TEAM_MANAGER,
        "Brackenford Children's Services",
    ),
    "police.officer@demo.test": (Role.PRACTITIONER, "Shire Police"),
    "police.manager@demo.test": (Role.TEAM_MANAGER, "Shire Police"),
    "teacher@demo.test": (Role.PRACTITIONER, "Ashdown Academy"),
    "school.manager@demo.test": (Role.TEAM_MANAGER, "Ashdown Academy"),
    "partnership.manager@demo.test": (
        Role.PARTNERSHIP_MANAGER,
        "Ashdown Safeguarding Partnership",
    ),
    "commissioner@demo.test": (Role.COMMISSIONER, "National CSE Fund"),
    "admin@demo.test": (Role.ADMINISTRATOR, "CSE Hub Support"),
}


def _row_counts() -> dict[str, int]:
    return {
        "users": User.objects.count(),
        "local authorities": LocalAuthority.objects.count(),
        "agencies": Agency.objects.count(),
        "memberships": Membership.objects.count(),
        "placements": SpokePlacement.objects.count(),
        "agreements": InformationSharingAgreement.objects.count(),
        "supervision": SupervisionRecord.objects.count(),
    }


def test_every_demo_account_exists_with_its_role_and_the_demo_password() -> None:
    """Given an empty database, when the demo is seeded, then each account logs in to its role."""
    call_command("seed_demo")

    assert {a.email for a in ACCOUNTS} == set(EXPECTED_ACCOUNTS)
    for email, (role, agency_name) in EXPECTED_ACCOUNTS.items():
        user = User.objects.get(email=email)
        assert user.is_active
        assert user.check_password(DEMO_PASSWORD), email
        memberships = list(Membership.objects.active().filter(user=user))
        assert [(m.role, m.agency.name) for m in memberships] == [(role, agency_name)], email
    assert {m.role for m in Membership.objects.all()} == set(Role.values)


def test_local_authorities_are_fictional_and_the_hub_covers_both() -> None:
    """Given a seeded demo, then its two LAs carry E99 codes and regions from the choices."""
    demo_seed()

    las = {la.name: la for la in LocalAuthority.objects.all()}
    assert set(las) == {"Ashdown", "Brackenford"}
    for la in las.values():
        assert la.gss_code.startswith("E99")
        assert la.region in LocalAuthority.Region.values
    hub = Agency.objects.get(name="Northbrook CSE Hub")
    assert hub.kind == Agency.Kind.CSE_HUB
    assert set(hub.local_authorities.values_list("name", flat=True)) == set(las)
    police = Agency.objects.get(name="Shire Police")
    assert set(police.local_authorities.values_list("name", flat=True)) == set(las)


def test_spoke_workers_are_placed_under_three_location_models() -> None:
    """Given a seeded demo, then co-located, outreach and hub-based placements are all there."""
    demo_seed()

    # Northbrook's: Eastmoor CSE Hub holds the dashboards' synthetic history (demo/history.py).
    placements = {
        p.worker.email: p
        for p in SpokePlacement.objects.active()
        .filter(hub__name="Northbrook CSE Hub")
        .select_related("worker", "hub", "host_agency", "local_authority")
    }
    co_located = placements["spoke.worker@demo.test"]
    assert co_located.location_model == SpokePlacement.LocationModel.CO_LOCATED_STATUTORY
    assert co_located.local_authority.name == "Ashdown"
    assert co_located.host_agency is not None
    assert co_located.host_agency.name == "Ashdown Children's Services"
    assert co_located.has_champion
    outreach = placements["outreach.worker@demo.test"]
    assert outreach.location_model == SpokePlacement.LocationModel.OUTREACH
    assert outreach.local_authority.name == "Brackenford"
    assert outreach.host_agency is None
    hub_based = placements["hub.worker@demo.test"]
    assert hub_based.location_model == SpokePlacement.LocationModel.HUB_BASED
    assert hub_based.local_authority.name == "Ashdown"
    assert {p.hub.name for p in placements.values()} == {"Northbrook CSE Hub"}


def test_ashdown_has_a_current_agreement_and_workers_have_recent_supervision() -> None:
    """Given a seeded demo, then the agreement is in force and supervision dates are recent."""
    today = timezone.localdate()
    demo_seed()

    agreement = InformationSharingAgreement.objects.get()
    assert agreement.local_authority.name == "Ashdown"
    assert agreement.is_current_on(today)
    assert {a.name for a in agreement.parties.all()} >= {
        "Northbrook CSE Hub",
        "Ashdown Children's Services",
        "Shire Police",
    }
    latest = {
        email: SupervisionRecord.objects.filter(worker__email=email).latest("held_on").held_on
        for email in ("spoke.worker@demo.test", "hub.worker@demo.test", "outreach.worker@demo.test")
    }
    for email, held_on in latest.items():
        assert today - datetime.timedelta(days=90) <= held_on <= today, email


def test_running_twice_creates_nothing_more() -> None:
    """Given a seeded demo, when it is seeded again, then no row is added and none is reported."""
    first = demo_seed()
    counts = _row_counts()
    events = AuditEvent.objects.count()

    second = demo_seed()

    assert first.total_created > 0
    assert second.total_created == 0
    assert _row_counts() == counts
    assert AuditEvent.objects.count() == events


def test_what_is_missing_is_filled_in_without_duplicating_what_exists() -> None:
    """Given Ashdown and one demo account already exist, when seeded, then neither is doubled."""
    LocalAuthority.objects.create(name="Ashdown", gss_code="E99900001", region="north_west")
    factories.user(email="teacher@demo.test", full_name="Tess Teacher", mfa=False)

    demo_seed()

    assert LocalAuthority.objects.filter(gss_code="E99900001").count() == 1
    assert User.objects.filter(email="teacher@demo.test").count() == 1
    assert Membership.objects.filter(user__email="teacher@demo.test").count() == 1
    assert User.objects.filter(email__endswith="@demo.test").count() == len(EXPECTED_ACCOUNTS)


def test_every_write_is_audited_and_the_chain_holds() -> None:
    """Given an empty database, when the demo is seeded, then each record has its audit event."""
    demo_seed()

    actions = Counter(AuditEvent.objects.values_list("action", flat=True))
    assert actions[AuditEvent.Action.LOCAL_AUTHORITY_CREATED] == 2
    assert actions[AuditEvent.Action.AGENCY_CREATED] == Agency.objects.count()
    assert actions[AuditEvent.Action.MEMBERSHIP_CREATED] == Membership.objects.count()
    assert actions[AuditEvent.Action.PLACEMENT_CREATED] == SpokePlacement.objects.count()
    assert actions[AuditEvent.Action.AGREEMENT_CREATED] == 1
    assert actions[AuditEvent.Action.SUPERVISION_RECORDED] == SupervisionRecord.objects.count()
    # One per account (the demo's and the history's people), and one for the run as a whole.
    assert actions[AuditEvent.Action.DEMO_DATA_SEEDED] == User.objects.count() + 1
    hub_manager = User.objects.get(email="hub.manager@demo.test")
    placement_events = AuditEvent.objects.filter(
        action=AuditEvent.Action.PLACEMENT_CREATED,
        object_id__in=[
            str(pk)
            for pk in SpokePlacement.objects.filter(hub__name="Northbrook CSE Hub").values_list(
                "pk", flat=True
            )
        ],
    )
    assert placement_events.count() == 3
    assert {e.actor_id for e in placement_events} == {hub_manager.pk}
    assert audit_chain_verify().intact


def test_the_command_lists_the_accounts_and_the_password(capsys: pytest.CaptureFixture) -> None:
    """Given an empty database, when the command runs, then it prints every demo login."""
    call_command("seed_demo")

    out = capsys.readouterr().out
    assert "Demo data loaded" in out
    assert DEMO_PASSWORD in out
    for email in EXPECTED_ACCOUNTS:
        assert email in out


def test_the_command_is_refused_where_demo_data_is_not_allowed(settings) -> None:
    """Given production's flag, when the command runs, then it refuses and creates nothing."""
    settings.CSE_HUB_DEMO_DATA_ALLOWED = False

    with pytest.raises(CommandError, match="production"):
        call_command("seed_demo")

    assert not User.objects.exists()
    assert not Agency.objects.exists()
    assert not AuditEvent.objects.exists()
