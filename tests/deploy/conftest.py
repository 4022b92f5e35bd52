"""Helpers for the deployment tests: checking that a command line names things that exist."""

from __future__ import annotations

import importlib
import importlib.util
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

from celery import Celery
from celery.app.utils import find_app
from django.core.management import get_commands

REPO = Path(__file__).resolve().parents[2]
WSGI_TARGET = re.compile(r"[A-Za-z_][\w.]*:[A-Za-z_]\w*")


def production_environment(**overrides: str | None) -> dict[str, str]:
    """Production settings' environment with throwaway values; None removes a variable."""
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT")
    env = {name: os.environ[name] for name in keep if name in os.environ}
    env.update(
        DJANGO_SETTINGS_MODULE="cse_hub.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="cse-hub.example",
        BASE_URL="https://cse-hub.example",
        # Never connected to: the checks below read settings only.
        DATABASE_URL="postgres://cse_hub:not-a-password@127.0.0.1:5432/cse_hub",
        REDIS_URL="redis://127.0.0.1:6379/0",
        PYTHONDONTWRITEBYTECODE="1",
    )
    for name, value in overrides.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def run_python(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def assert_command_names_real_things(argv: list[str]) -> None:
    """Fail unless the program, module, Celery app or management command it names exists."""
    program = Path(argv[0]).name
    if program == "gunicorn":
        targets = [arg for arg in argv[1:] if WSGI_TARGET.fullmatch(arg)]
        assert len(targets) == 1, f"gunicorn needs one module:callable in {argv}"
        module_name, _, attribute = targets[0].partition(":")
        module = importlib.import_module(module_name)
        assert callable(getattr(module, attribute)), targets[0]
    elif program == "celery":
        app_name = argv[argv.index("-A") + 1]
        app = find_app(app_name)
        assert isinstance(app, Celery), f"{app_name} is not a Celery app"
        subcommands = [arg for arg in argv[argv.index("-A") + 2 :] if not arg.startswith("-")]
        assert subcommands[:1] in (["worker"], ["beat"], ["inspect"]), argv
    elif program in {"python", "python3"} and argv[1:2] == ["manage.py"]:
        assert (REPO / "manage.py").is_file()
        assert argv[2] in get_commands(), f"{argv[2]} is not a management command"
    else:
        raise AssertionError(f"unexpected program {argv[0]!r} in {argv}")


def dockerignore_patterns() -> set[str]:
    lines = (REPO / ".dockerignore").read_text().splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def settings_module_exists(name: str) -> bool:
    return importlib.util.find_spec(name) is not None
