"""What every consultancy write shares: refusals, versions, and checks on people and values."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from cases.services import lock_for_change
from consultancy.models import Topic
from partners.models import Agency, Membership, Role

if TYPE_CHECKING:
    from accounts.models import User

# A session or a piece of advice lasts a day at most; anything longer is a typing slip.
MAX_DURATION_MINUTES = 24 * 60


class StepNotAllowed(ValidationError):
    """The record's state does not allow this step (the message says why)."""


def lock(record: models.Model, *, version: int) -> Any:
    """Lock the row and check the caller started from its current version."""
    return lock_for_change(model=type(record), pk=record.pk, version=version)


def save_changed(record: Any, fields: Iterable[str]) -> None:
    """Save the named fields with a new version and the time of the change."""
    record.version += 1
    record.updated_at = timezone.now()
    record.save(update_fields=[*fields, "version", "updated_at"])


def hub_staff(*, hub: Agency, on: datetime.date | None = None) -> models.QuerySet[Membership]:
    """The hub's spoke workers and managers in force on a day."""
    return Membership.objects.active(on).filter(
        agency=hub, role__in=(Role.SPOKE_WORKER, Role.HUB_MANAGER)
    )


def check_hub_staff(*, people: Iterable[User], hub: Agency, field: str) -> list[User]:
    """Every person named works for the hub today; at least one is named."""
    people = list(people)
    if not people:
        raise ValidationError({field: "Choose at least one person."})
    staff = set(hub_staff(hub=hub).values_list("user_id", flat=True))
    if any(person.pk not in staff for person in people):
        raise ValidationError({field: f"Choose people who work for {hub}."})
    return people


def clean_topics(codes: Iterable[str], *, field: str = "topics") -> list[str]:
    """Known topic codes, each once, in the order of the list of topics."""
    codes = list(codes)
    known = {value for value, _ in Topic.choices}
    unknown = [code for code in codes if code not in known]
    if unknown:
        raise ValidationError({field: "Choose topics from the list."})
    return [value for value, _ in Topic.choices if value in set(codes)]


def clean_minutes(value: Any, *, field: str, required: bool = True) -> int | None:
    """A whole number of minutes from 1 to a day."""
    if value in (None, ""):
        if required:
            raise ValidationError({field: "Enter how long it took, in minutes."})
        return None
    try:
        minutes = int(value)
    except (TypeError, ValueError):
        raise ValidationError({field: "Enter a whole number of minutes."}) from None
    if not 1 <= minutes <= MAX_DURATION_MINUTES:
        raise ValidationError(
            {field: f"Enter a length from 1 to {MAX_DURATION_MINUTES} minutes (a day)."}
        )
    return minutes


def clean_past_date(
    value: Any, *, field: str, what: str = "date", allow_future: bool = False
) -> datetime.date:
    if not isinstance(value, datetime.date) or isinstance(value, datetime.datetime):
        raise ValidationError({field: f"Enter the {what}."})
    if not allow_future and value > timezone.localdate():
        raise ValidationError({field: f"The {what} cannot be in the future."})
    return value
