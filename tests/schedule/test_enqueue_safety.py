"""Sending a task never fails, nor holds up, the request that sends it when the broker is down:
the work is logged as not sent and its periodic sweep catches it up (decision 0015)."""

from __future__ import annotations

import logging
import socket

import pytest

import cse_hub.celery as celery_module
from cse_hub.celery import app as celery_app
from cse_hub.celery import broker_circuit
from notifications.models import Notification
from notifications.services import notify


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])  # nothing listens once the probe closes


@pytest.fixture
def dead_broker(monkeypatch):
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    monkeypatch.setitem(celery_app.conf, "broker_url", f"redis://127.0.0.1:{_closed_port()}/0")
    monkeypatch.setitem(
        celery_app.conf,
        "broker_transport_options",
        {"socket_connect_timeout": 1, "socket_timeout": 1},
    )
    monkeypatch.setattr(celery_app, "_pool", None)
    monkeypatch.setattr(celery_app.amqp, "_producer_pool", None)
    broker_circuit.reset()
    yield
    pool = getattr(celery_app, "_pool", None)
    if pool is not None:
        pool.force_close_all()
    broker_circuit.reset()


def _tell(user, n):
    notify(
        recipients=[user],
        kind=Notification.Kind.REFERRAL_SUBMITTED,
        key=f"referral_submitted:{n}",
        message=f"New routine referral R{n:06d}",
        link=f"/referrals/{n}/triage/",
    )


@pytest.mark.django_db
def test_a_send_the_broker_refuses_is_logged_and_the_transaction_stands(
    world, dead_broker, caplog, django_capture_on_commit_callbacks
):
    with caplog.at_level(logging.WARNING, logger="cse_hub.celery"):
        with django_capture_on_commit_callbacks(execute=True):
            _tell(world.hub_manager, 1)
        with django_capture_on_commit_callbacks(execute=True):
            _tell(world.spoke_worker, 2)

    assert Notification.objects.count() == 2
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 2
    messages = [record.getMessage() for record in caplog.records]
    # The first send finds the broker down; the next does not try again for a while.
    assert messages == [
        "task not sent task=notifications.send_email reason=OperationalError",
        "task not sent task=notifications.send_email reason=broker_recently_down",
    ]
    assert broker_circuit.is_open()


def test_the_circuit_closes_again_after_a_while(monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(celery_module.time, "monotonic", lambda: clock[0])
    circuit = celery_module._BrokerCircuit()

    circuit.trip()
    assert circuit.is_open()
    clock[0] += celery_module.BROKER_DOWN_SECONDS - 1
    assert circuit.is_open()
    clock[0] += 2
    assert not circuit.is_open()


def test_publishing_retries_once_quickly_and_connections_time_out_in_seconds(settings):
    """The settings that keep a request from hanging on a broker that is down."""
    policy = settings.CELERY_TASK_PUBLISH_RETRY_POLICY
    assert policy["max_retries"] <= 1
    assert policy["interval_max"] <= 0.5
    if settings.REDIS_URL:
        options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
        assert options["socket_connect_timeout"] <= 2
        assert options["socket_timeout"] <= 2
