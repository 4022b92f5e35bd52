"""Only the owning hub restricts entries: a partner's restricted entry would hide from them."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases import casework
from cases.models import CaseShare, CaseworkEntry
from partners.object_permissions import grant_to_agency


@pytest.fixture
def joint_case(world, case):
    for codename in CaseShare.PERMISSIONS[CaseShare.Scope.JOINT]:
        grant_to_agency(perm=f"cases.{codename}", obj=case, agency=world.csc_a)
    return case


def log(case, by, **extra):
    return casework.entry_create(
        case=case,
        by=by,
        kind=CaseworkEntry.Kind.JOINT_VISIT,
        occurred_at=timezone.now(),
        attendance=CaseworkEntry.Attendance.ATTENDED,
        summary="Joint visit at home with the young person and their carer.",
        **extra,
    )


def test_a_partner_cannot_restrict_an_entry(world, joint_case):
    """Given a joint share, a social worker's restricted entry is refused and nothing is saved."""
    with pytest.raises(ValidationError) as error:
        log(joint_case, world.practitioner, restricted=True)

    assert "restricted" in error.value.message_dict
    assert not CaseworkEntry.objects.exists()


def test_a_partner_cannot_restrict_their_entry_later(world, joint_case):
    """Restricting a partner's entry by editing it is refused too, and the entry is unchanged."""
    entry = log(joint_case, world.practitioner)

    with pytest.raises(ValidationError):
        casework.entry_update(entry=entry, by=world.practitioner, version=1, restricted=True)

    entry.refresh_from_db()
    assert (entry.restricted, entry.version, entry.revisions.count()) == (False, 1, 0)


def test_the_owning_hub_may_restrict(world, joint_case):
    """The lead worker of the owning hub records a restricted entry."""
    entry = log(joint_case, world.spoke_worker, restricted=True)

    assert entry.restricted
