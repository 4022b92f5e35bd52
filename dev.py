#!/usr/bin/env python3
"""The way in: `python3 dev.py run` starts CSE Hub, `python3 dev.py test` runs its tests.

Both set up what is missing first: a virtual environment in .venv with the packages pinned in
requirements.lock, the npm packages in package-lock.json, and the styles built from frontend/.
Each step is repeated only when what it depends on has changed (remembered in var/).
Needs Python 3.11 and Node.js; nothing else, not even make.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / "bin"
STAMPS = ROOT / "var"
USAGE = """usage:
  python3 dev.py run              start web, worker and scheduler at http://127.0.0.1:8000
  python3 dev.py test [args]      run the tests (args go to pytest, e.g. -x -q tests/ops)"""


def say(message: str) -> None:
    print(f"==> {message}", flush=True)


def run(*command: str | Path, env: dict[str, str] | None = None) -> None:
    print("    $ " + " ".join(str(part) for part in command), flush=True)
    result = subprocess.run([str(part) for part in command], cwd=ROOT, env=env, check=False)
    if result.returncode != 0:
        sys.exit(f"dev.py: that step failed (exit {result.returncode}).")


def digest(*paths: Path) -> str:
    """One hash over the given files and every file inside the given folders."""
    files = sorted(f for p in paths for f in ([p] if p.is_file() else p.rglob("*")) if f.is_file())
    sha = hashlib.sha256()
    for file in files:
        sha.update(str(file.relative_to(ROOT)).encode() + b"\0" + file.read_bytes())
    return sha.hexdigest()


def changed(stamp_name: str, *paths: Path) -> bool:
    """Whether the files differ from when the stamp in var/ was last written."""
    stamp = STAMPS / stamp_name
    return not stamp.exists() or stamp.read_text().strip() != digest(*paths)


def remember(stamp_name: str, *paths: Path) -> None:
    STAMPS.mkdir(exist_ok=True)
    (STAMPS / stamp_name).write_text(digest(*paths) + "\n")


def install_python() -> None:
    lock = ROOT / "requirements.lock"
    fresh = not (BIN / "python").exists()
    if fresh:
        say("Creating the virtual environment in .venv")
        run(sys.executable, "-m", "venv", VENV)
    if fresh or changed("python-packages", lock):
        say("Installing Python packages from requirements.lock (every one pinned and hashed)")
        run(BIN / "python", "-m", "pip", "install", "--require-hashes", "-r", lock)
        remember("python-packages", lock)
    else:
        say("Python packages match requirements.lock")


def install_frontend() -> None:
    lock, styles = ROOT / "package-lock.json", ROOT / "frontend"
    if not lock.exists():
        sys.exit("dev.py: package-lock.json is missing; the frontend cannot be built.")
    if shutil.which("npm") is None:
        sys.exit("dev.py: npm was not found; install Node.js 20 or later and try again.")
    fresh = not (ROOT / "node_modules").is_dir()
    if fresh or changed("npm-packages", lock):
        say("Installing npm packages from package-lock.json")
        run("npm", "ci", "--no-audit", "--no-fund")
        remember("npm-packages", lock)
        fresh = True
    else:
        say("npm packages match package-lock.json")
    if fresh or not (ROOT / "static" / "build").is_dir() or changed("frontend-build", lock, styles):
        say("Building the GOV.UK Frontend and MoJ Frontend styles into static/build")
        run("npm", "run", "build")
        remember("frontend-build", lock, styles)
    else:
        say("Frontend styles are up to date")


def environment(settings_module: str) -> dict[str, str]:
    env = dict(os.environ)
    env["DJANGO_SETTINGS_MODULE"] = settings_module
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env["VIRTUAL_ENV"] = str(VENV)
    env["PYTHONUNBUFFERED"] = "1"
    return env


def start(env: dict[str, str]) -> None:
    say("Applying database migrations")
    run(BIN / "python", "manage.py", "migrate", "--noinput", env=env)
    say("Loading the demo partnership and accounts (skips what is already there)")
    run(BIN / "python", "manage.py", "seed_demo", env=env)
    say("Starting web, worker and scheduler from Procfile.dev; press Ctrl-C to stop them all")
    say("CSE Hub will be at http://127.0.0.1:8000 (health at http://127.0.0.1:8000/health/)")
    honcho = str(BIN / "honcho")
    # Replace this process, so Ctrl-C goes straight to honcho, which stops all three.
    os.execve(honcho, [honcho, "--procfile", "Procfile.dev", "start"], env)  # noqa: S606


def test(args: list[str]) -> None:
    env = environment("cse_hub.settings.test")
    say("Running the tests: pytest " + " ".join(args))
    pytest = str(BIN / "pytest")
    os.execve(pytest, [pytest, *args], env)  # noqa: S606 - our own venv's pytest


def main(argv: list[str]) -> None:
    if sys.version_info[:2] != (3, 11):
        sys.exit(f"dev.py: CSE Hub needs Python 3.11; this is {sys.version.split()[0]}.")
    if not argv or argv[0] not in {"run", "test"}:
        sys.exit(USAGE)
    os.chdir(ROOT)
    install_python()
    install_frontend()
    if argv[0] == "run":
        start(environment("cse_hub.settings.local"))
    else:
        test(argv[1:])


if __name__ == "__main__":
    main(sys.argv[1:])
