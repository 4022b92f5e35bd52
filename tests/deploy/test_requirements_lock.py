"""requirements.lock pins every dependency of pyproject.toml, with hashes and no index hosts."""

from __future__ import annotations

import re
import tomllib

from tests.deploy.conftest import REPO

LOCK = (REPO / "requirements.lock").read_text()
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", re.MULTILINE)


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _locked() -> dict[str, str]:
    return {_normalise(name): version for name, version in PIN.findall(LOCK)}


def test_every_direct_dependency_is_locked_at_its_pinned_version() -> None:
    """Given pyproject's pins (with dev tools), then the lock holds each at the same version."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    pins = [*project["dependencies"], *project["optional-dependencies"]["dev"]]
    locked = _locked()
    for pin in pins:
        pinned = re.fullmatch(r"([A-Za-z0-9._-]+)(?:\[[^\]]+\])?==(\S+)", pin)
        assert pinned, f"{pin} is not an exact pin"
        name, version = pinned.groups()
        assert locked.get(_normalise(name)) == version, (
            f"{pin} is not what requirements.lock holds; regenerate it (see the README)"
        )


def test_every_locked_package_carries_a_hash() -> None:
    """Given the lock, then each package has at least one sha256 hash, so pip verifies it."""
    blocks = re.split(r"\n(?=[A-Za-z0-9])", LOCK.strip())
    assert len(blocks) == len(_locked())
    for block in blocks:
        assert "--hash=sha256:" in block, block.splitlines()[0]


def test_the_lock_names_no_index_or_host() -> None:
    """Given the lock, then it says nothing about where packages come from."""
    for forbidden in ("--index-url", "--extra-index-url", "--find-links", "://", "-i "):
        assert forbidden not in LOCK
