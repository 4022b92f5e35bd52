"""Generating the national dataset: refuse or empty, plan, load every table, check, analyse.

Everything is loaded in one transaction: a run that fails leaves the database as it was. Ids are
assigned here and the id sequences moved past them at the end, so the application carries on
numbering after the generated rows. The audit log is left empty (an empty chain is a valid
chain): the dataset is history that no one did through the application, and a log of ten years
of events written by a generator would be a log of nothing.
"""

from __future__ import annotations

import datetime
import random
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction

from accounts.models import User
from cases import models as c
from cases.models import CaseShare, Indicator
from consultancy import models as co
from dashboards.services import summaries_refresh
from ops.national import cases, casework, partnership, practice, referrals, sharing
from ops.national.load import Loader, LoadReport, Progress
from ops.national.plan import Plan
from partners import models as pa
from referrals.models import Referral

# Tables the migrations fill, which a replace keeps (everything else is emptied).
KEPT_TABLES = frozenset(
    {
        "django_migrations",
        "django_content_type",
        "auth_permission",
        Indicator._meta.db_table,
        "referrals_namevariant",
    }
)


def _through(model: type[models.Model], name: str) -> type[models.Model]:
    return model._meta.get_field(name).remote_field.through  # type: ignore[union-attr,return-value]


AGENCY_AREAS = _through(pa.Agency, "local_authorities")
AGREEMENT_PARTIES = _through(pa.InformationSharingAgreement, "parties")
TRAINERS = _through(co.TrainingSession, "trainers")
DELIVERERS = _through(co.AwarenessSession, "delivered_by")

GENERATED_MODELS: tuple[type[models.Model], ...] = (
    pa.LocalAuthority,
    Group,
    pa.Agency,
    AGENCY_AREAS,
    User,
    pa.Membership,
    pa.SpokePlacement,
    pa.InformationSharingAgreement,
    AGREEMENT_PARTIES,
    pa.SupervisionRecord,
    pa.ReminderSettings,
    co.BalanceTarget,
    c.YoungPerson,
    c.Case,
    c.CaseWorker,
    c.CaseworkEntry,
    c.CaseworkEntryRevision,
    c.RiskAssessment,
    c.CasePlan,
    c.PlanGoal,
    c.CaseReview,
    c.AgencyInvolvement,
    c.CaseShare,
    c.CaseGroupObjectPermission,
    c.CaseUserObjectPermission,
    Referral,
    co.ConsultancyRequest,
    co.ConsultancyMessage,
    co.TrainingSession,
    TRAINERS,
    co.TrainingAttendance,
    co.AwarenessSession,
    DELIVERERS,
    co.PracticeChallenge,
    co.ChallengeEscalation,
)


class DatasetNotEmpty(Exception):
    """The database already holds records: generating into it would mix two worlds."""


@dataclass(frozen=True)
class Options:
    scale: float
    seed: int
    today: datetime.date
    replace: bool = False
    refresh_dashboards: bool = True


def tables_with_rows(*, using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """The generated tables that already hold rows (an indication, one row is enough)."""
    found = {}
    for model in GENERATED_MODELS:
        if model._default_manager.using(using).exists():
            found[model._meta.db_table] = model._default_manager.using(using).count()
    return found


def _empty_database() -> None:
    """Empty every table but those the migrations fill, the audit log and its head included."""
    conn = connections[DEFAULT_DB_ALIAS]
    tables = sorted(
        set(conn.introspection.django_table_names(only_existing=True, include_views=False))
        - KEPT_TABLES
    )
    quote = conn.ops.quote_name
    with conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            cursor.execute(
                f"TRUNCATE {', '.join(quote(t) for t in tables)} RESTART IDENTITY CASCADE"
            )
            cursor.execute("TRUNCATE django_session")
        else:
            for table in tables:
                cursor.execute(f"DELETE FROM {quote(table)}")  # noqa: S608 - our own table names
            cursor.execute("DELETE FROM django_session")


def _streams(seed: int) -> Callable[[str], random.Random]:
    def stream(name: str) -> random.Random:
        # Not for secrets: one seeded stream per table, so that one seed gives one dataset.
        return random.Random(f"{seed}:{name}")  # noqa: S311

    return stream


def _share_permissions() -> dict[str, int]:
    codenames = CaseShare.PERMISSIONS[CaseShare.Scope.JOINT]
    found = dict(
        Permission.objects.filter(
            content_type__app_label="cases", content_type__model="case", codename__in=codenames
        ).values_list("codename", "id")
    )
    missing = set(codenames) - set(found)
    if missing:
        raise RuntimeError(f"Permissions missing (run migrate): {', '.join(sorted(missing))}")
    return found


def _indicator_codes() -> list[str]:
    codes = list(
        Indicator.objects.filter(is_active=True)
        .order_by("position", "code")
        .values_list("code", flat=True)
    )
    if len(codes) < 5:
        raise RuntimeError("Fewer than five active indicators: run migrate first.")
    return codes


def national_dataset_generate(*, options: Options, progress: Progress) -> LoadReport:
    """Generate the dataset at a scale into the default database, refusing one that holds data
    unless asked to replace it."""
    connection = connections[DEFAULT_DB_ALIAS]
    if not options.replace:
        found = tables_with_rows()
        if found:
            listed = ", ".join(f"{table} ({count:,})" for table, count in list(found.items())[:5])
            raise DatasetNotEmpty(f"The database already holds records: {listed}.")
    plan = Plan.at(options.scale)
    loader = Loader(connection=connection, progress=progress)
    with transaction.atomic():
        if options.replace:
            started = time.monotonic()
            _empty_database()
            loader.timed("empty the database", time.monotonic() - started)
        loader.defer_constraints(GENERATED_MODELS)
        _load_everything(loader, plan=plan, options=options)
        loader.restore_constraints()
        loader.reset_sequences(GENERATED_MODELS)
    _analyse(loader)
    if options.refresh_dashboards:
        started = time.monotonic()
        summaries_refresh(today=options.today)
        loader.timed("refresh dashboard summaries", time.monotonic() - started)
    return loader.report


def _load_everything(loader: Loader, *, plan: Plan, options: Options) -> None:
    stream = _streams(options.seed)
    today = options.today.toordinal()
    started = time.monotonic()
    world = partnership.partnership_build(plan=plan, today=today, stream=stream)
    permissions = _share_permissions()
    indicators = _indicator_codes()
    loader.timed("plan the partnership", time.monotonic() - started)
    _load_partnership(loader, world, stream)

    started = time.monotonic()
    book = cases.cases_plan(plan=plan, partnership=world, stream=stream)
    planned = referrals.referrals_plan(plan=plan, book=book, partnership=world, stream=stream)
    shared = sharing.sharing_plan(
        book=book, partnership=world, permissions=permissions, stream=stream
    )
    entry_plan = casework.EntryPlan(
        counts=casework.entry_counts(book, plan.entries, stream("entry counts"))
    )
    loader.timed("plan cases, referrals and shares", time.monotonic() - started)

    loader.load(
        c.CaseworkEntry,
        casework.ENTRY_COLUMNS,
        casework.entry_rows(book, world, shared, entry_plan, stream("entries")),
        total=sum(entry_plan.counts),
    )
    loader.load(c.CaseworkEntryRevision, casework.REVISION_COLUMNS, entry_plan.revisions)
    loader.load(
        c.CaseReview, cases.REVIEW_COLUMNS, cases.review_rows(book, world, stream("reviews"))
    )
    loader.load(
        c.Case, cases.CASE_COLUMNS, cases.case_rows(book, stream("case rows")), total=len(book)
    )
    loader.load(
        c.YoungPerson,
        cases.YOUNG_PERSON_COLUMNS,
        cases.young_person_rows(book, stream("young people")),
        total=len(book.yp_cases),
    )
    loader.load(
        Referral,
        referrals.REFERRAL_COLUMNS,
        referrals.referral_rows(planned, book, world, indicators, stream("referral rows")),
        total=len(planned),
    )
    loader.load(
        c.RiskAssessment, cases.RISK_COLUMNS, cases.risk_rows(book, indicators, stream("risk"))
    )
    loader.load(c.CaseWorker, cases.CO_WORKER_COLUMNS, cases.co_worker_rows(book))
    plans, goals = cases.plan_rows(book, stream("plans"))
    loader.load(c.CasePlan, cases.PLAN_COLUMNS, plans)
    loader.load(c.PlanGoal, cases.GOAL_COLUMNS, goals)
    loader.load(c.AgencyInvolvement, sharing.INVOLVEMENT_COLUMNS, shared.involvements)
    loader.load(c.CaseShare, sharing.SHARE_COLUMNS, shared.shares)
    loader.load(
        c.CaseGroupObjectPermission, sharing.GROUP_PERMISSION_COLUMNS, shared.group_permissions
    )
    loader.load(
        c.CaseUserObjectPermission, sharing.USER_PERMISSION_COLUMNS, shared.user_permissions
    )

    started = time.monotonic()
    work = practice.practice_plan(
        plan=plan, book=book, partnership=world, sharing=shared, stream=stream
    )
    loader.timed("plan consultancy, training and challenges", time.monotonic() - started)
    loader.load(co.ConsultancyRequest, practice.REQUEST_COLUMNS, work.requests)
    loader.load(co.ConsultancyMessage, practice.MESSAGE_COLUMNS, work.messages)
    loader.load(co.TrainingSession, practice.TRAINING_COLUMNS, work.training)
    loader.load(TRAINERS, ("id", "trainingsession_id", "user_id"), work.trainers)
    loader.load(co.TrainingAttendance, practice.ATTENDANCE_COLUMNS, work.attendance)
    loader.load(co.AwarenessSession, practice.AWARENESS_COLUMNS, work.awareness)
    loader.load(DELIVERERS, ("id", "awarenesssession_id", "user_id"), work.deliverers)
    loader.load(co.PracticeChallenge, practice.CHALLENGE_COLUMNS, work.challenges)
    loader.load(co.ChallengeEscalation, practice.ESCALATION_COLUMNS, work.escalations)


def _load_partnership(
    loader: Loader, world: partnership.Partnership, stream: Callable[[str], random.Random]
) -> None:
    P = partnership
    loader.load(
        pa.LocalAuthority, ("id", "name", "gss_code", "region"), P.local_authority_rows(world)
    )
    loader.load(Group, ("id", "name"), P.group_rows(world, stream("groups")))
    loader.load(
        pa.Agency,
        ("id", "name", "sector", "kind", "email", "phone", "is_active", "group_id"),
        P.agency_rows(world),
    )
    loader.load(AGENCY_AREAS, ("id", "agency_id", "localauthority_id"), P.agency_area_rows(world))
    loader.load(
        User,
        (
            "id",
            "password",
            "last_login",
            "is_superuser",
            "email",
            "full_name",
            "job_title",
            "phone",
            "is_active",
            "date_joined",
            "disabled_at",
            "unread_notifications",
            "email_notifications",
        ),
        P.user_rows(world),
    )
    loader.load(
        pa.Membership,
        ("id", "role", "starts_on", "ends_on", "agency_id", "user_id"),
        world.memberships,
    )
    loader.load(
        pa.SpokePlacement,
        (
            "id",
            "location_model",
            "starts_on",
            "ends_on",
            "champion_name",
            "champion_job_title",
            "champion_email",
            "host_agency_id",
            "hub_id",
            "local_authority_id",
            "worker_id",
        ),
        world.placements,
    )
    loader.load(
        pa.InformationSharingAgreement,
        (
            "id",
            "title",
            "scope",
            "lawful_basis",
            "signed_on",
            "review_due_on",
            "status",
            "document_reference",
            "created_at",
            "updated_at",
            "created_by_id",
            "local_authority_id",
        ),
        P.agreement_rows(world, stream("agreements")),
    )
    loader.load(
        AGREEMENT_PARTIES,
        ("id", "informationsharingagreement_id", "agency_id"),
        P.agreement_party_rows(world),
    )
    loader.load(
        pa.SupervisionRecord,
        (
            "id",
            "held_on",
            "kind",
            "notes",
            "recorded_at",
            "hub_id",
            "recorded_by_id",
            "supervisor_id",
            "worker_id",
        ),
        world.supervision,
    )
    loader.load(
        pa.ReminderSettings,
        (
            "id",
            "referral_screening_working_days",
            "first_contact_working_days",
            "first_contact_escalation_working_days",
            "no_contact_days",
            "review_weeks_high",
            "review_weeks_medium",
            "review_weeks_low",
            "review_notice_days",
            "consultancy_working_days",
            "share_expiry_notice_days",
            "agreement_review_notice_days",
            "supervision_weeks",
            "updated_at",
            "version",
            "hub_id",
            "updated_by_id",
        ),
        P.reminder_settings_rows(world),
    )
    loader.load(
        co.BalanceTarget,
        (
            "id",
            "direct_work",
            "consultancy",
            "training",
            "awareness",
            "updated_at",
            "hub_id",
            "updated_by_id",
        ),
        P.balance_target_rows(world, stream("balance")),
    )


def _analyse(loader: Loader) -> None:
    """Refresh the planner's statistics (and, outside a transaction, the visibility map)."""
    connection = loader.connection
    started = time.monotonic()
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.execute("ANALYZE")
        else:
            command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
            for model in GENERATED_MODELS:
                cursor.execute(f"{command} {connection.ops.quote_name(model._meta.db_table)}")
    loader.timed(
        "vacuum and analyse" if not connection.in_atomic_block else "analyse",
        time.monotonic() - started,
    )
