"""/health/: database, cache and broker decide the status; the scheduler's age is reported."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.test import Client
from django.utils import timezone

from cse_hub.celery import app as celery_app
from ops.models import Heartbeat
from ops.services import SCHEDULER, heartbeat_record

pytestmark = pytest.mark.django_db

# Nothing listens on port 1, so connecting fails at once: a real outage, not a mock.
UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"


def _health(client: Client) -> tuple[int, dict]:
    response = client.get("/health/")
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    return response.status_code, response.json()


def test_all_ok_answers_200_to_anyone(client: Client) -> None:
    """Given every service up and a fresh heartbeat, when anonymous asks, then it is 200."""
    heartbeat_record()

    status, body = _health(client)

    assert status == 200
    assert body["status"] == "ok"
    assert {name: check["ok"] for name, check in body["checks"].items()} == {
        "database": True,
        "cache": True,
        "broker": True,
        "scheduler": True,
        "jobs": True,
    }
    assert body["checks"]["database"]["detail"] == connection.vendor
    assert body["checks"]["cache"]["detail"] in {"FileBasedCache", "RedisCache", "LocMemCache"}
    assert body["checks"]["broker"]["detail"] in {"filesystem", "redis"}


def test_head_is_answered_for_load_balancers(client: Client) -> None:
    """Given a probe that sends HEAD, then it gets the status without a body."""
    assert client.head("/health/").status_code == 200


def test_writes_are_refused(client: Client) -> None:
    """Given a POST, then the endpoint answers 405: it only reports."""
    assert client.post("/health/").status_code == 405


def test_database_down_answers_503(client: Client) -> None:
    """Given the database refuses connections, then the status is 503 and nothing raises."""
    with mock.patch.object(
        connection, "cursor", side_effect=OperationalError("connection refused")
    ):
        status, body = _health(client)

    assert status == 503
    assert body["status"] == "unavailable"
    assert body["checks"]["database"] == {"ok": False, "detail": "OperationalError"}
    # The scheduler's age cannot be read either, and says so rather than failing the request.
    assert body["checks"]["scheduler"]["ok"] is False


def test_cache_down_answers_503(client: Client, settings) -> None:
    """Given the cache is a Redis that does not answer, then the status is 503."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": UNREACHABLE_REDIS,
            "OPTIONS": {"socket_connect_timeout": 1},
        }
    }

    status, body = _health(client)

    assert status == 503
    assert body["checks"]["cache"]["ok"] is False
    assert body["checks"]["cache"]["detail"] == "ConnectionError"
    assert body["checks"]["database"]["ok"] is True


def test_broker_down_answers_503(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    """Given the broker is a Redis that does not answer, then the status is 503."""
    monkeypatch.setitem(celery_app.conf, "broker_url", UNREACHABLE_REDIS)
    monkeypatch.setitem(celery_app.conf, "broker_transport_options", {"socket_connect_timeout": 1})

    status, body = _health(client)

    assert status == 503
    assert body["checks"]["broker"]["ok"] is False
    # The exception's class only: the broker's address is not for an unauthenticated caller.
    assert "127.0.0.1" not in str(body)


def test_missing_filesystem_broker_folder_answers_503(
    client: Client, monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    """Given the embedded broker's queue folder has gone, then the broker check fails."""
    monkeypatch.setitem(celery_app.conf, "broker_url", "filesystem://")
    monkeypatch.setitem(
        celery_app.conf,
        "broker_transport_options",
        {
            "data_folder_in": str(tmp_path / "gone"),
            "data_folder_out": str(tmp_path / "gone"),
            "control_folder": str(tmp_path),
        },
    )

    status, body = _health(client)

    assert status == 503
    assert body["checks"]["broker"] == {
        "ok": False,
        "detail": "data_folder_in is missing or not writable",
    }


def test_scheduler_age_is_reported(client: Client) -> None:
    """Given the last heartbeat landed 42 seconds ago, then its age is shown and it is fresh."""
    Heartbeat.objects.create(
        name=SCHEDULER, beat_at=timezone.now() - datetime.timedelta(seconds=42)
    )

    status, body = _health(client)

    assert status == 200
    scheduler = body["checks"]["scheduler"]
    assert scheduler["ok"] is True
    assert 42 <= scheduler["age_seconds"] <= 45


def test_stale_scheduler_is_reported_without_failing_the_web_tier(client: Client, settings) -> None:
    """Given the heartbeat is older than the stale age, then it is not ok but the status is 200."""
    settings.CSE_HUB_HEARTBEAT_STALE_SECONDS = 300
    Heartbeat.objects.create(
        name=SCHEDULER, beat_at=timezone.now() - datetime.timedelta(minutes=10)
    )

    status, body = _health(client)

    assert status == 200
    assert body["checks"]["scheduler"]["ok"] is False
    assert body["checks"]["scheduler"]["age_seconds"] >= 600


def test_no_heartbeat_yet_is_reported(client: Client) -> None:
    """Given the scheduler has never run, then the check says so and gives no age."""
    status, body = _health(client)

    assert status == 200
    assert body["checks"]["scheduler"] == {
        "ok": False,
        "detail": "no heartbeat yet",
        "age_seconds": None,
    }
