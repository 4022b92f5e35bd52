"""Reading the guardian rows a share leaves behind."""

from __future__ import annotations

from accounts.models import User
from cases.models import Case, CaseGroupObjectPermission, CaseUserObjectPermission
from partners.models import Agency


def group_codenames(*, agency: Agency, case: Case) -> set[str]:
    return set(
        CaseGroupObjectPermission.objects.filter(
            group_id=agency.group_id, content_object_id=case.pk
        ).values_list("permission__codename", flat=True)
    )


def user_codenames(*, user: User, case: Case) -> set[str]:
    return set(
        CaseUserObjectPermission.objects.filter(
            user_id=user.pk, content_object_id=case.pk
        ).values_list("permission__codename", flat=True)
    )
