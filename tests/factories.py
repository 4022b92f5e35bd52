"""Synthetic test data, made through the services so tests see what production would write."""

from __future__ import annotations

import datetime
import itertools

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from accounts.models import User
from partners import services
from partners.models import (
    Agency,
    InformationSharingAgreement,
    LocalAuthority,
    Membership,
    Role,
    SpokePlacement,
    SupervisionRecord,
)

_seq = itertools.count(1)
PASSWORD = "correct-horse-battery-staple"


def local_authority(*, name: str | None = None, region: str = "") -> LocalAuthority:
    n = next(_seq)
    return LocalAuthority.objects.create(
        name=name or f"Testshire {n}", gss_code=f"E99{n:06d}", region=region
    )


def agency(
    *,
    kind: str = Agency.Kind.CHILDRENS_SOCIAL_CARE,
    sector: str | None = None,
    name: str | None = None,
    local_authorities: list[LocalAuthority] | None = None,
) -> Agency:
    default_sector = {
        Agency.Kind.CSE_HUB: Agency.Sector.VOLUNTARY,
        Agency.Kind.SAFEGUARDING_PARTNERSHIP: Agency.Sector.PARTNERSHIP,
        Agency.Kind.COMMISSIONER: Agency.Sector.NATIONAL,
        Agency.Kind.OTHER: Agency.Sector.VOLUNTARY,
    }.get(Agency.Kind(kind), Agency.Sector.STATUTORY)
    return services.agency_create(
        by=None,
        name=name or f"{Agency.Kind(kind).label} {next(_seq)}",
        sector=sector or default_sector,
        kind=kind,
        local_authorities=local_authorities or [],
    )


def user(*, full_name: str | None = None, email: str | None = None, mfa: bool = True) -> User:
    n = next(_seq)
    made = User.objects.create_user(
        email=email or f"user{n}@example.test",
        password=PASSWORD,
        full_name=full_name or f"Test User {n}",
    )
    if mfa:
        enrol_totp(made)
    return made


def enrol_totp(user: User) -> str:
    """Give the user a TOTP authenticator; returns the secret so a test can make codes."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def has_totp(user: User) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def membership(
    *,
    user: User,
    agency: Agency,
    role: str,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
) -> Membership:
    return services.membership_create(
        by=None, user=user, agency=agency, role=role, starts_on=starts_on, ends_on=ends_on
    )


def member(*, agency: Agency, role: str, **user_kwargs: object) -> User:
    """A new user with one membership in force."""
    made = user(**user_kwargs)  # type: ignore[arg-type]
    membership(user=made, agency=agency, role=role)
    return made


def placement(
    *,
    worker: User,
    hub: Agency,
    local_authority: LocalAuthority,
    host_agency: Agency | None = None,
    location_model: str = SpokePlacement.LocationModel.HUB_BASED,
    by: User | None = None,
    **fields: object,
) -> SpokePlacement:
    return services.placement_create(
        by=by,  # type: ignore[arg-type]
        worker=worker,
        hub=hub,
        local_authority=local_authority,
        host_agency=host_agency,
        location_model=location_model,
        **fields,
    )


def agreement(
    *,
    parties: list[Agency],
    local_authority: LocalAuthority,
    by: User,
    status: str = InformationSharingAgreement.Status.ACTIVE,
    **fields: object,
) -> InformationSharingAgreement:
    defaults: dict[str, object] = {
        "title": f"Sharing agreement {next(_seq)}",
        "scope": "Identity, risk and involvement for young people at risk of exploitation.",
        "lawful_basis": InformationSharingAgreement.LawfulBasis.PUBLIC_TASK,
        "signed_on": datetime.date(2026, 1, 5),
        "review_due_on": datetime.date(2027, 1, 5),
    }
    defaults.update(fields)
    return services.agreement_create(
        by=by, parties=parties, local_authority=local_authority, status=status, **defaults
    )


def supervision(
    *,
    worker: User,
    hub: Agency,
    supervisor: User,
    by: User,
    held_on: datetime.date | None = None,
    kind: str = SupervisionRecord.Kind.HUB,
) -> SupervisionRecord:
    return services.supervision_record(
        by=by,
        worker=worker,
        hub=hub,
        supervisor=supervisor,
        held_on=held_on or datetime.date(2026, 11, 2),
        kind=kind,
    )


__all__ = ["PASSWORD", "Role"]
