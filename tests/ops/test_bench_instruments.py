"""The benchmark's instruments exist only where the benchmark switches them on."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client, RequestFactory, override_settings

from ops.apps import bench_switched_off_check
from ops.bench.server import QUERY_COUNT_HEADER, SERVER_TIMING_HEADER, baseline
from tests import factories

pytestmark = pytest.mark.django_db


def test_normal_settings_mount_no_baseline_page_and_count_nothing(client: Client) -> None:
    """Given the usual settings, the baseline page is not found and no response counts SQL."""
    la = factories.local_authority(name="Ashdown")

    response = client.get(f"/bench/baseline/{la.pk}/")

    assert response.status_code == 404
    assert QUERY_COUNT_HEADER not in response
    assert "ops.bench.server.QueryCountMiddleware" not in settings.MIDDLEWARE


def test_the_counter_says_how_many_statements_a_request_took() -> None:
    """Given the counter outermost, a page answers with its statements and times."""
    with override_settings(
        MIDDLEWARE=["ops.bench.server.QueryCountMiddleware", *settings.MIDDLEWARE]
    ):
        response = Client().get("/health/")

    assert int(response[QUERY_COUNT_HEADER]) >= 1
    assert response[SERVER_TIMING_HEADER].startswith("app;dur=")
    assert ", db;dur=" in response[SERVER_TIMING_HEADER]


def test_the_baseline_reads_one_local_authority(django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    """Given a local authority, the baseline answers its id and name in one query."""
    la = factories.local_authority(name="Ashdown")
    request = RequestFactory().get(f"/bench/baseline/{la.pk}/")

    with django_assert_num_queries(1):
        response = baseline(request, pk=la.pk)

    assert response.status_code == 200
    assert response.content == f'{{"id": {la.pk}, "name": "Ashdown"}}'.encode()


def test_deployment_checks_warn_when_the_instruments_are_on() -> None:
    """Given CSE_HUB_BENCH on, check --deploy warns; off, it says nothing."""
    assert bench_switched_off_check() == []
    with override_settings(CSE_HUB_BENCH=True):
        warnings = bench_switched_off_check()

    assert [w.id for w in warnings] == ["ops.W001"]
