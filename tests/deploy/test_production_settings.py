"""Production settings pass Django's deployment checks and refuse unsafe configurations."""

from __future__ import annotations

import pytest

from tests.deploy.conftest import production_environment, run_python


def test_check_deploy_passes_with_no_warnings() -> None:
    """Given production's environment, then `check --deploy` reports no issue at all."""
    result = run_python(
        "manage.py", "check", "--deploy", "--fail-level", "WARNING", env=production_environment()
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stderr.upper()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        pytest.param({"MFA_REQUIRED": "false"}, "Two-factor", id="two-factor switched off"),
        pytest.param({"SECRET_KEY": None}, "SECRET_KEY", id="no secret key"),
        pytest.param({"SECRET_KEY": "short-and-guessable"}, "SECRET_KEY", id="short secret key"),
        pytest.param(
            {"DATABASE_URL": "sqlite:///cse_hub.sqlite3"}, "not SQLite", id="SQLite database"
        ),
        pytest.param({"DATABASE_URL": None}, "DATABASE_URL", id="no database"),
        pytest.param({"REDIS_URL": None}, "REDIS_URL", id="no Redis"),
        pytest.param({"ALLOWED_HOSTS": None}, "ALLOWED_HOSTS", id="no allowed hosts"),
        pytest.param({"BASE_URL": None}, "BASE_URL", id="no address for links in emails"),
    ],
)
def test_unsafe_configuration_is_refused_at_start(overrides: dict, message: str) -> None:
    """Given an unsafe or incomplete environment, then production settings will not load."""
    result = run_python(
        "-c", "import cse_hub.settings.production", env=production_environment(**overrides)
    )

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_demo_data_is_refused() -> None:
    """Given production settings, when seed_demo runs, then it refuses before touching data."""
    result = run_python("manage.py", "seed_demo", env=production_environment())

    assert result.returncode == 1
    assert "CommandError: Demo data cannot be loaded" in result.stderr
    assert "Demo data loaded" not in result.stdout
