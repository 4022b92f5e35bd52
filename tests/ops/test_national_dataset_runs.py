"""Generating the national dataset: one seed gives one dataset, and a database with records is
never written into unless it is to be replaced."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterator

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from cases.models import Case, CaseGroupObjectPermission, CaseShare, CaseworkEntry
from ops.national.generate import (
    DatasetNotEmpty,
    Options,
    _empty_database,
    national_dataset_generate,
)
from ops.national.load import Progress
from partners.models import Agency
from referrals.models import Referral

SCALE = 0.002
TODAY = datetime.date(2026, 4, 1)
DIGESTED = (Agency, Case, CaseworkEntry, Referral, CaseShare, CaseGroupObjectPermission)


@pytest.fixture
def database(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> Iterator[None]:
    """Committed writes, as the command makes them; emptied afterwards."""
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        yield
        with transaction.atomic():
            _empty_database()


def _generate(*, seed: int, replace: bool = False) -> None:
    national_dataset_generate(
        options=Options(
            scale=SCALE, seed=seed, today=TODAY, replace=replace, refresh_dashboards=False
        ),
        progress=Progress(enabled=False),
    )


def _digest() -> str:
    """A hash of every column of every row of a few tables, in id order."""
    digest = hashlib.sha256()
    with connection.cursor() as cursor:
        for model in DIGESTED:
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"SELECT * FROM {table} ORDER BY id")  # noqa: S608 - a model's table
            for row in cursor.fetchall():
                digest.update(repr(row).encode())
    return digest.hexdigest()


def test_the_same_seed_and_day_give_the_same_dataset(database: None) -> None:
    _generate(seed=5)
    first = _digest()
    _generate(seed=5, replace=True)
    assert _digest() == first
    _generate(seed=6, replace=True)
    assert _digest() != first


def test_a_database_with_records_is_refused_and_left_alone(database: None) -> None:
    _generate(seed=5)
    before = _digest()
    with pytest.raises(DatasetNotEmpty):
        _generate(seed=6)
    with pytest.raises(CommandError, match="--replace"):
        call_command("generate_national_dataset", "--scale", "0.002", "--no-progress")
    assert _digest() == before
