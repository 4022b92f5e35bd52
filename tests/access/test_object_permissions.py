"""The object-permission mechanism `Case` will use: direct tables, agency groups, no globals."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone
from guardian.models import GroupObjectPermission, UserObjectPermission

from partners import object_permissions as op
from partners import services
from partners.models import Membership, Role
from tests import factories
from tests.support.sharing_probe.models import (
    ProbeRecord,
    ProbeRecordGroupObjectPermission,
    ProbeRecordUserObjectPermission,
)

PERM = "sharing_probe.view_probe_summary"
CODENAMES = ("view_probe_summary",)


def visible(user) -> set[int]:
    q = op.q_shared(
        user=user,
        group_model=ProbeRecordGroupObjectPermission,
        user_model=ProbeRecordUserObjectPermission,
        codenames=CODENAMES,
    )
    return set(ProbeRecord.objects.filter(q).values_list("pk", flat=True))


def may_see(user, record) -> bool:
    return op.has_shared_permission(
        user=user,
        obj=record,
        group_model=ProbeRecordGroupObjectPermission,
        user_model=ProbeRecordUserObjectPermission,
        codenames=CODENAMES,
    )


@pytest.fixture
def record(world) -> ProbeRecord:
    return ProbeRecord.objects.create(owning_agency=world.hub, title="probe")


def test_grant_to_agency_writes_a_direct_row_for_the_agency_group(world, record):
    """Given a record, when shared with an agency, then one direct-table row names its group."""
    op.grant_to_agency(perm=PERM, obj=record, agency=world.csc_a)

    rows = ProbeRecordGroupObjectPermission.objects.filter(content_object=record)
    assert [r.group_id for r in rows] == [world.csc_a.group_id]
    assert not GroupObjectPermission.objects.exists(), "nothing goes to the generic table"


def test_members_of_the_agency_see_it_and_others_do_not(world, record):
    """Given a share with one agency, then its members see it and another LA's do not."""
    op.grant_to_agency(perm=PERM, obj=record, agency=world.csc_a)

    assert visible(world.practitioner) == {record.pk}
    assert visible(world.team_manager) == {record.pk}
    assert may_see(world.practitioner, record)
    assert visible(world.other_la_practitioner) == set()
    assert not may_see(world.other_la_practitioner, record)


def test_revoking_removes_access(world, record):
    """Given a share, when revoked, then the agency's members no longer see the record."""
    op.grant_to_agency(perm=PERM, obj=record, agency=world.csc_a)
    op.revoke_from_agency(perm=PERM, obj=record, agency=world.csc_a)

    assert visible(world.practitioner) == set()


def test_a_share_to_one_professional_reaches_only_them(world, record):
    """Given a share naming one professional, then only they see it, not their colleagues."""
    op.grant_to_user(perm=PERM, obj=record, user=world.practitioner)

    assert visible(world.practitioner) == {record.pk}
    assert visible(world.team_manager) == set()
    assert not UserObjectPermission.objects.exists(), "nothing goes to the generic table"


def test_an_ended_membership_ends_access_at_once(world, record):
    """Given a share with an agency, when a member's membership ends, then they lose access."""
    op.grant_to_agency(perm=PERM, obj=record, agency=world.csc_a)
    membership = Membership.objects.get(user=world.practitioner, agency=world.csc_a)

    services.membership_end(
        membership=membership, by=world.administrator, ends_on=timezone.localdate()
    )
    fresh = type(world.practitioner).objects.get(pk=world.practitioner.pk)

    assert visible(fresh) == set()


def test_a_future_membership_gives_no_access_yet(world, record):
    """Given a membership that starts tomorrow, then it carries no shared access today."""
    op.grant_to_agency(perm=PERM, obj=record, agency=world.csc_b)
    newcomer = factories.user()
    factories.membership(
        user=newcomer,
        agency=world.csc_b,
        role=Role.PRACTITIONER,
        starts_on=timezone.localdate() + datetime.timedelta(days=1),
    )

    assert visible(newcomer) == set()


def test_global_permissions_never_stand_in_for_object_permissions(world, record):
    """Given a user and a group holding the model-wide permission, then neither sees the record."""
    permission = Permission.objects.get(codename="view_probe_summary")
    world.practitioner.user_permissions.add(permission)
    world.csc_a.group.permissions.add(permission)
    fresh = type(world.practitioner).objects.get(pk=world.practitioner.pk)

    assert visible(fresh) == set()
    assert not may_see(fresh, record)


def test_anonymous_sees_nothing(world, record):
    """Given an anonymous caller, then nothing is shared with them."""
    from django.contrib.auth.models import AnonymousUser

    op.grant_to_agency(perm=PERM, obj=record, agency=world.csc_a)

    assert not may_see(AnonymousUser(), record)
    assert visible(AnonymousUser()) == set()


def test_visibility_is_one_query_whatever_the_number_of_shares(world, django_assert_num_queries):
    """The visible set is one query with subqueries, however many records are shared."""
    for n in (1, 25):
        for i in range(n):
            rec = ProbeRecord.objects.create(owning_agency=world.hub, title=f"r{n}-{i}")
            op.grant_to_agency(perm=PERM, obj=rec, agency=world.csc_a)
        user = type(world.practitioner).objects.get(pk=world.practitioner.pk)
        # memberships (once per user object, then cached) + the filtered records
        with django_assert_num_queries(2):
            visible(user)
