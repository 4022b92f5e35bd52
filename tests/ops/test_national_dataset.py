"""The national dataset at scale 0.01 is data the application could have written itself."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterator
from typing import TypeVar

import pytest
from django.db import transaction
from django.db.models import Count, F, Max, Min, Model, Q, QuerySet

from audit.models import AuditEvent
from audit.selectors import audit_chain_verify
from cases.models import (
    Case,
    CaseGroupObjectPermission,
    CaseReview,
    CaseShare,
    CaseUserObjectPermission,
    CaseworkEntry,
    YoungPerson,
)
from cases.policies import Access, access_to, visible_cases
from dashboards.models import SummaryState
from ops.national.generate import (
    GENERATED_MODELS,
    Options,
    _empty_database,
    national_dataset_generate,
)
from ops.national.load import LoadReport, Progress
from ops.national.plan import Plan
from partners.models import Agency, LocalAuthority, Membership, Role, SpokePlacement
from referrals.models import Referral

SCALE = 0.01
TODAY = datetime.date(2026, 4, 1)
PLAN = Plan.at(SCALE)
M = TypeVar("M", bound=Model)


@pytest.fixture(scope="module")
def national(
    django_db_setup: None, django_db_blocker: pytest.FixtureRequest
) -> Iterator[LoadReport]:
    """One dataset for the module, committed as the command commits it, emptied afterwards."""
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        report = national_dataset_generate(
            options=Options(scale=SCALE, seed=11, today=TODAY), progress=Progress(enabled=False)
        )
        yield report
        with transaction.atomic():
            _empty_database()


pytestmark = pytest.mark.django_db


def _sample(queryset: QuerySet[M], every: int = 37) -> list[M]:
    """Every `every`-th record by id, read by id rather than by walking the whole table."""
    highest = queryset.model._default_manager.aggregate(highest=Max("pk"))["highest"] or 0
    return list(queryset.filter(pk__in=range(every, highest + 1, every)).order_by("pk"))


def test_it_holds_the_planned_numbers(national: LoadReport) -> None:
    assert Case.objects.count() == PLAN.cases
    assert LocalAuthority.objects.count() == PLAN.local_authorities
    assert Agency.objects.hubs().count() == PLAN.hubs
    assert Referral.objects.count() == PLAN.referrals
    assert 0.9 * PLAN.young_people <= YoungPerson.objects.count() <= PLAN.young_people
    assert 0.95 * PLAN.entries <= CaseworkEntry.objects.count() <= 1.05 * PLAN.entries
    assert national.rows_of(CaseworkEntry) == CaseworkEntry.objects.count()


def test_about_a_fifth_of_cases_are_open_at_every_level_of_risk(national: LoadReport) -> None:
    open_cases = Case.objects.filter(status=Case.Status.OPEN)
    assert 0.15 <= open_cases.count() / PLAN.cases <= 0.25
    levels = Counter(open_cases.values_list("risk_level", flat=True))
    assert set(levels) == {"low", "medium", "high"}
    assert levels["medium"] > levels["high"]


def test_every_case_is_visible_to_its_hubs_managers(national: LoadReport) -> None:
    for hub in Agency.objects.hubs():
        managers = Membership.objects.active(TODAY).filter(agency=hub, role=Role.HUB_MANAGER)
        assert managers.exists()
        for membership in managers:
            own = Case.objects.filter(owning_agency=hub)
            assert visible_cases(membership.user).filter(owning_agency=hub).count() == own.count()


def test_open_cases_are_led_by_a_worker_placed_in_their_area_today(national: LoadReport) -> None:
    for case in Case.objects.filter(status=Case.Status.OPEN).select_related("lead_worker"):
        assert case.lead_worker is not None
        assert case.lead_worker.is_active
        assert (
            SpokePlacement.objects.active()
            .filter(
                worker=case.lead_worker,
                hub=case.owning_agency_id,
                local_authority=case.local_authority_id,
            )
            .exists()
        )
        assert case.allocated_at is not None
    for case in _sample(Case.objects.filter(status=Case.Status.OPEN).select_related("lead_worker")):
        assert case.lead_worker is not None
        assert access_to(case.lead_worker, case) == Access.OWNER


def test_live_shares_and_guardian_rows_match_exactly(national: LoadReport) -> None:
    live = CaseShare.objects.filter(revoked_at__isnull=True).select_related("agency")
    assert live.exists()
    wanted_groups = {
        (share.case_id, share.agency.group_id, codename)
        for share in live
        if share.agency is not None
        for codename in CaseShare.PERMISSIONS[share.scope]
    }
    wanted_users = {
        (share.case_id, share.professional_id, codename)
        for share in live
        if share.professional_id
        for codename in CaseShare.PERMISSIONS[share.scope]
    }
    groups = set(
        CaseGroupObjectPermission.objects.values_list(
            "content_object_id", "group_id", "permission__codename"
        )
    )
    users = set(
        CaseUserObjectPermission.objects.values_list(
            "content_object_id", "user_id", "permission__codename"
        )
    )
    assert groups == wanted_groups
    assert users == wanted_users
    assert CaseGroupObjectPermission.objects.count() == len(groups)
    assert CaseUserObjectPermission.objects.count() == len(users)


def test_shares_are_what_the_share_service_allows(national: LoadReport) -> None:
    one_target = (
        CaseShare.objects.filter(revoked_at__isnull=True)
        .values("case_id", "agency_id", "professional_id")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    assert not one_target.exists()
    assert not CaseShare.objects.filter(
        revoked_at__isnull=True, expires_on__lt=TODAY - datetime.timedelta(days=1)
    ).exists()
    for share in _sample(CaseShare.objects.select_related("case", "professional"), every=7):
        shared_on = share.shared_at.date()
        assert share.case.opened_on <= shared_on
        assert share.case.closed_on is None or shared_on < share.case.closed_on
        assert share.expires_on <= shared_on + datetime.timedelta(days=366)
        assert share.agency_id != share.case.owning_agency_id
        if share.is_live and share.professional is not None:
            assert share.professional.is_active


def test_no_record_is_orphaned_or_inconsistent(national: LoadReport) -> None:
    assert not YoungPerson.objects.filter(cases__isnull=True).exists()
    mismatched = Case.objects.exclude(
        young_person__owning_agency=F("owning_agency"),
    )
    assert not mismatched.exists()
    two_open = (
        Case.objects.filter(status=Case.Status.OPEN)
        .values("young_person")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    assert not two_open.exists()
    allocated = Referral.objects.filter(status=Referral.Status.ALLOCATED)
    assert not allocated.filter(case__isnull=True).exists()
    assert not allocated.exclude(young_person=F("case__young_person")).exists()
    assert (
        not Referral.objects.filter(case__isnull=False)
        .exclude(hub=F("case__owning_agency"))
        .exists()
    )
    opened_by = dict(Case.objects.exclude(referral_id=None).values_list("referral_id", "pk"))
    assert opened_by
    wanted = [pk for pk in opened_by if pk is not None]
    referrals_of = dict(Referral.objects.filter(pk__in=wanted).values_list("pk", "case_id"))
    assert referrals_of == opened_by
    assert not CaseworkEntry.objects.filter(occurred_at__date__lt=F("case__opened_on")).exists()
    assert not CaseworkEntry.objects.filter(occurred_at__date__gt=F("case__closed_on")).exists()
    assert not CaseworkEntry.objects.filter(occurred_at__date__gte=TODAY).exists()


def test_caseload_figures_agree_with_the_records(national: LoadReport) -> None:
    for case in _sample(Case.objects.all(), every=11):
        contacts = CaseworkEntry.objects.filter(
            case=case,
            status=CaseworkEntry.Status.FINAL,
            entered_in_error_at__isnull=True,
            kind__in=CaseworkEntry.CONTACT_KINDS,
            attendance=CaseworkEntry.Attendance.ATTENDED,
        ).aggregate(first=Min("occurred_at"), last=Max("occurred_at"))
        assert (case.first_contact_at, case.last_contact_at) == (
            contacts["first"],
            contacts["last"],
        )
        pending = CaseReview.objects.filter(case=case, held_on__isnull=True)
        if case.is_open:
            assert case.next_review_due == pending.aggregate(due=Min("due_on"))["due"]
        else:
            assert case.next_review_due is None


def test_records_pass_the_models_own_checks(national: LoadReport) -> None:
    # Anonymised records have their text wiped, as retention leaves them: forms would refuse that.
    kept = Q(case__anonymised_at__isnull=True)
    for queryset in (
        Case.objects.filter(anonymised_at__isnull=True),
        YoungPerson.objects.filter(anonymised_at__isnull=True),
        Referral.objects.filter(kept | Q(case__isnull=True)),
        CaseShare.objects.filter(kept),
        CaseworkEntry.objects.filter(kept),
        Membership.objects.all(),
        SpokePlacement.objects.all(),
    ):
        for record in _sample(queryset, every=211):
            record.full_clean()


def test_the_audit_log_is_empty_and_whole(national: LoadReport) -> None:
    assert not AuditEvent.objects.exists()
    assert audit_chain_verify().breaks == []


def test_the_application_numbers_new_rows_after_the_generated_ones(national: LoadReport) -> None:
    la = LocalAuthority.objects.create(name="Newtown", gss_code="E99000999")
    assert la.pk == PLAN.local_authorities + 1
    assert national.rows == sum(national.rows_of(model) for model in GENERATED_MODELS)


def test_the_dashboards_are_refreshed(national: LoadReport) -> None:
    assert SummaryState.objects.get().version >= 1
