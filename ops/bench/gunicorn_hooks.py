"""Gunicorn settings for the benchmark's servers only (`-c python:ops.bench.gunicorn_hooks`).

Each worker connects to the database before its first request. The first connection a
process makes reads PostgreSQL's type ids for django.contrib.postgres (two queries, once per
process): without this, whichever requests happened to reach a fresh worker would count two
statements more than the rest, and the report would show counts that vary with luck.
"""

from __future__ import annotations

from typing import Any


def post_worker_init(worker: Any) -> None:
    from django.db import connection

    connection.ensure_connection()
