"""The Celery application, and the base class of every CSE Hub task.

Settings come from Django's, prefixed CELERY_.
"""

from __future__ import annotations

import functools
import logging
import os
import threading
import time
from typing import Any

from celery import Celery
from celery.contrib.django.task import DjangoTask
from django.db import InterfaceError, transaction
from django.db import OperationalError as DatabaseOperationalError
from kombu.exceptions import OperationalError as BrokerOperationalError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cse_hub.settings.local")

logger = logging.getLogger(__name__)

# After a failed send, further sends from this process are skipped for this long: a request
# that would queue several tasks waits for the broker once, not once for each.
BROKER_DOWN_SECONDS = 30.0


class _BrokerCircuit:
    """Remembers, per process, that the broker just refused a message."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._open_until = 0.0

    def is_open(self) -> bool:
        with self._lock:
            return time.monotonic() < self._open_until

    def trip(self) -> None:
        with self._lock:
            self._open_until = time.monotonic() + BROKER_DOWN_SECONDS

    def reset(self) -> None:
        with self._lock:
            self._open_until = 0.0


broker_circuit = _BrokerCircuit()


class Task(DjangoTask):
    """A CSE Hub task: sent after the transaction commits, acknowledged late, retried with
    backoff when the database blips, and never failing a request because the broker is down.

    Work sent this way is also found by a periodic sweep (decision 0015), so a message the
    broker could not take is caught up later rather than lost; the request carries on.
    """

    acks_late = True
    ignore_result = True
    # Transient database errors (a failover, a dropped connection) are retried, with
    # exponential backoff and jitter, capped well below the broker's visibility timeout.
    autoretry_for = (DatabaseOperationalError, InterfaceError)
    retry_backoff = 5
    retry_backoff_max = 600
    retry_jitter = True
    max_retries = 5

    def delay_on_commit(self, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        """Send the task once the transaction commits; if the broker is down, log and go on."""
        transaction.on_commit(functools.partial(self.send_or_log, args, kwargs, {}))

    def apply_async_on_commit(  # type: ignore[override]
        self, args: Any = None, kwargs: Any = None, **options: Any
    ) -> None:
        transaction.on_commit(functools.partial(self.send_or_log, args, kwargs, options))

    def send_or_log(self, args: Any, kwargs: Any, options: dict[str, Any]) -> bool:
        """Send now; returns False, having logged it, when the broker could not take it."""
        if broker_circuit.is_open():
            logger.warning("task not sent task=%s reason=broker_recently_down", self.name)
            return False
        try:
            self.apply_async(args, kwargs, **options)
        except BrokerOperationalError as error:
            broker_circuit.trip()
            # The error's class only: its text can carry the broker's address.
            logger.warning("task not sent task=%s reason=%s", self.name, type(error).__name__)
            return False
        return True


app = Celery("cse_hub", task_cls=Task)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_configure.connect
def _load_schedule(sender: Celery, **kwargs: Any) -> None:
    # Read once Django's settings are loaded, so intervals can come from them.
    from cse_hub.schedule import beat_schedule

    sender.conf.beat_schedule = beat_schedule()
