"""docker-compose.yml, the Dockerfile and the Procfiles name modules, settings and files that exist.

No Docker engine runs where the tests run, so these read the files and check what they name.
"""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.urls import resolve
from honcho.environ import parse_procfile

from ops.views import health
from tests.deploy.conftest import (
    REPO,
    assert_command_names_real_things,
    dockerignore_patterns,
    settings_module_exists,
)

COMPOSE = yaml.safe_load((REPO / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
APP_SERVICES = {name for name, service in SERVICES.items() if "build" in service}


def _argv(command: str | list[str]) -> list[str]:
    return shlex.split(command) if isinstance(command, str) else list(command)


def _dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, with continuation lines joined and comments dropped."""
    joined = re.sub(r"\\\n", " ", (REPO / "Dockerfile").read_text())
    instructions = []
    for line in joined.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, rest = line.partition(" ")
            instructions.append((keyword.upper(), rest.strip()))
    return instructions


def test_the_stack_has_every_service() -> None:
    """Given the compose file, then it runs the database, Redis, migrations, web, worker, beat."""
    assert set(SERVICES) == {"db", "redis", "migrate", "web", "worker", "beat"}
    assert {"migrate", "web", "worker", "beat"} == APP_SERVICES
    assert SERVICES["db"]["image"].startswith("postgres:")
    assert SERVICES["redis"]["image"].startswith("redis:")


@pytest.mark.parametrize("name", ["db", "redis", "web", "worker"])
def test_long_running_services_have_health_checks(name: str) -> None:
    """Given a service others wait for or a balancer routes to, then it has a health check."""
    check = SERVICES[name]["healthcheck"]
    assert check["test"][0] in {"CMD", "CMD-SHELL"}
    assert len(check["test"]) > 1


def test_web_health_check_asks_the_health_endpoint() -> None:
    """Given web's health check, then it requests /health/, which is the health view."""
    probe = " ".join(SERVICES["web"]["healthcheck"]["test"])
    url = re.search(r"http://127\.0\.0\.1:8000(/[^'\" ]*)", probe)
    assert url is not None, probe
    assert resolve(url.group(1)).func is health
    host = "127.0.0.1"
    assert host in SERVICES["web"]["environment"]["ALLOWED_HOSTS"]


@pytest.mark.parametrize("name", sorted(APP_SERVICES))
def test_app_services_run_production_settings_against_postgres_and_redis(name: str) -> None:
    """Given an application service, then it uses production settings, PostgreSQL and Redis."""
    env = SERVICES[name]["environment"]
    assert env["DJANGO_SETTINGS_MODULE"] == "cse_hub.settings.production"
    assert settings_module_exists(env["DJANGO_SETTINGS_MODULE"])
    assert env["DATABASE_URL"].startswith("postgres://")
    assert "@db:" in env["DATABASE_URL"]
    assert env["REDIS_URL"].startswith("redis://redis:")
    # The compose file has no secret of its own: it must be given one.
    assert env["SECRET_KEY"].startswith("${SECRET_KEY:?")


@pytest.mark.parametrize("name", sorted(APP_SERVICES))
def test_uploaded_files_live_on_a_named_volume(name: str) -> None:
    """Given an application service, then the media root is a named volume, kept across
    rebuilds, at the path production settings put it (the image's var directory)."""
    image_var = dict(
        line.split("=", 1)
        for keyword, rest in _dockerfile_instructions()
        if keyword == "ENV"
        for line in shlex.split(rest)
        if "=" in line
    )["CSE_HUB_VAR_DIR"]
    mounts = {m.split(":", 1)[1]: m.split(":", 1)[0] for m in SERVICES[name]["volumes"]}
    assert mounts[f"{image_var}/media"] in COMPOSE["volumes"]
    assert settings.MEDIA_ROOT.name == "media"


@pytest.mark.parametrize("name", sorted(APP_SERVICES))
def test_app_service_commands_name_real_modules(name: str) -> None:
    """Given an application service, then its command names a real module, app or command."""
    assert_command_names_real_things(_argv(SERVICES[name]["command"]))


def test_worker_health_check_names_the_celery_app() -> None:
    """Given the worker's health check, then it pings through the project's Celery app."""
    assert_command_names_real_things(_argv(SERVICES["worker"]["healthcheck"]["test"][1]))


def test_services_start_in_order() -> None:
    """Given the stack starts, then migrations wait for the database, and the rest for them."""
    migrate = SERVICES["migrate"]["depends_on"]
    assert migrate["db"]["condition"] == "service_healthy"
    assert migrate["redis"]["condition"] == "service_healthy"
    for name in ("web", "worker", "beat"):
        depends = SERVICES[name]["depends_on"]
        assert depends["migrate"]["condition"] == "service_completed_successfully", name
        assert depends["db"]["condition"] == "service_healthy", name
    assert SERVICES["migrate"]["restart"] == "no"


def test_dockerfile_builds_from_the_lock_and_runs_as_a_user() -> None:
    """Given the Dockerfile, then it installs the hashed lock, collects static and drops root."""
    instructions = _dockerfile_instructions()
    froms = [args for keyword, args in instructions if keyword == "FROM"]
    assert froms[-1] == "python:3.11-slim"
    assert any(image.startswith("node:") for image in froms[:-1])
    runs = " ".join(args for keyword, args in instructions if keyword == "RUN")
    assert "pip install --require-hashes -r requirements.lock" in runs
    assert "npm ci" in runs
    assert "npm run build" in runs
    assert "manage.py collectstatic --noinput" in runs
    envs = " ".join(args for keyword, args in instructions if keyword == "ENV")
    assert "DJANGO_SETTINGS_MODULE=cse_hub.settings.production" in envs
    users = [args for keyword, args in instructions if keyword == "USER"]
    assert users
    assert users[-1] not in {"root", "0"}


def test_dockerfile_copies_only_files_that_exist() -> None:
    """Given each COPY from the build context, then what it names is in the repository."""
    ignored = dockerignore_patterns()
    for keyword, args in _dockerfile_instructions():
        if keyword != "COPY" or args.startswith("--from"):
            continue
        *sources, _destination = args.split()
        for source in sources:
            if source == ".":
                continue
            assert (REPO / source).exists(), f"COPY {source}: not in the repository"
            assert source.rstrip("/") not in ignored, f"COPY {source}: excluded by .dockerignore"


def test_dockerfile_command_names_real_modules() -> None:
    """Given the image's default command, then it serves the project's WSGI application."""
    command = next(args for keyword, args in _dockerfile_instructions() if keyword == "CMD")
    assert_command_names_real_things(json.loads(command))


def test_docker_context_leaves_out_local_state() -> None:
    """Given the build context, then environments, databases and secrets stay out of it."""
    ignored = dockerignore_patterns()
    assert {".git", ".venv", "node_modules", "var", ".env", "staticfiles"} <= ignored


def test_static_assets_the_image_needs_come_from_runtime_packages() -> None:
    """Given the image keeps only runtime npm packages, then every static folder is among them."""
    package = json.loads((REPO / "package.json").read_text())
    runtime = set(package.get("dependencies", {}))
    for entry in settings.STATICFILES_DIRS:
        path = Path(str(entry[1] if isinstance(entry, tuple) else entry))
        parts = path.relative_to(settings.BASE_DIR).parts
        if parts[0] != "node_modules":
            continue
        name = "/".join(parts[1:3]) if parts[1].startswith("@") else parts[1]
        assert name in runtime, f"{name} is served but is only a devDependency"


@pytest.mark.parametrize("procfile", ["Procfile", "Procfile.dev"])
def test_procfile_commands_name_real_modules(procfile: str) -> None:
    """Given a Procfile, then every process names a real module, app or management command."""
    processes = parse_procfile((REPO / procfile).read_text()).processes
    assert {"web", "worker", "beat"} <= set(processes)
    for command in processes.values():
        argv = [arg for arg in shlex.split(command) if not arg.startswith("$")]
        assert_command_names_real_things(argv)


def test_dev_web_listens_on_the_address_the_readme_gives() -> None:
    """Given Procfile.dev, then the site is at 127.0.0.1:8000 and the worker suits SQLite."""
    processes = parse_procfile((REPO / "Procfile.dev").read_text()).processes
    assert processes["web"] == "python manage.py runserver 127.0.0.1:8000"
    assert "--pool=threads" in processes["worker"]
    assert "http://127.0.0.1:8000" in (REPO / "README.md").read_text()
