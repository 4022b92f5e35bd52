"""`python -m ops.bench` (what `make bench` runs): the benchmark on production settings.

It sets up the environment production settings insist on (a throwaway secret key, the hosts,
the address, the database and Redis), switches on the benchmark's instruments for the servers
it starts, and then runs `ops.bench.runner`. Settings come from BENCH_DATABASE_URL,
BENCH_REDIS_URL, BENCH_SCALE and BENCH_PORT; options override them.
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
from pathlib import Path

from ops.bench.catalogue import SCENARIO_NAMES

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/cse_hub_national"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
DEFAULT_PORT = 8810
DEFAULT_OUTPUT = Path("var/bench/results.json")


def default_workers() -> int:
    """Gunicorn's own advice for sync workers: two a core and one more."""
    return 2 * (os.cpu_count() or 1) + 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m ops.bench",
        description="Benchmark CSE Hub on production settings, gunicorn and PostgreSQL.",
    )
    parser.add_argument(
        "--scenarios",
        default=",".join(SCENARIO_NAMES),
        help="Comma-separated scenarios to run (default: all): " + ", ".join(SCENARIO_NAMES),
    )
    parser.add_argument(
        "--duration", type=float, default=20.0, help="Seconds each scenario runs (default 20)."
    )
    parser.add_argument(
        "--iterations",
        type=int,
        help="Iterations of each scenario in all, instead of a duration (a referral is three "
        "requests, every other scenario one).",
    )
    parser.add_argument(
        "--concurrency",
        type=int,
        default=os.cpu_count() or 1,
        help="Clients at once, each a process (default one a core: every core busy, little "
        "queueing); the cold dashboard always has one.",
    )
    parser.add_argument(
        "--warmup",
        type=int,
        default=3,
        help="Untimed iterations each client runs first (default 3).",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=default_workers(),
        help=f"Gunicorn sync workers (default 2 x cores + 1 = {default_workers()}).",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", DEFAULT_PORT)))
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="Where the JSON goes.")
    parser.add_argument(
        "--no-jobs",
        dest="jobs",
        action="store_false",
        help="Do not time the summary refresh and the reminder sweep.",
    )
    parser.add_argument(
        "--no-collectstatic",
        dest="collectstatic",
        action="store_false",
        help="Use the static files already collected.",
    )
    parser.add_argument(
        "--compare-queries",
        dest="compare",
        type=Path,
        help="An earlier results JSON (another scale, say) to compare SQL counts with.",
    )
    parser.add_argument(
        "--scale",
        type=float,
        default=float(os.environ.get("BENCH_SCALE", "1.0")),
        help="Scale to generate the dataset at when the database has none (BENCH_SCALE, 1.0).",
    )
    parser.add_argument("--seed", type=int, help="The generator's seed (default: its own).")
    return parser


def environment(*, database_url: str, redis_url: str, host: str, port: int) -> dict[str, str]:
    """What production settings need, for this process and the web servers it starts."""
    return {
        "DJANGO_SETTINGS_MODULE": "cse_hub.settings.production",
        # Throwaway: signs only the benchmark's own sessions, for this run.
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": f"{host},localhost",
        "BASE_URL": f"https://{host}:{port}",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "CSE_HUB_BENCH": "true",
        # Nothing leaves the machine; no worker runs, so queued emails are dropped afterwards.
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "BROKER_KEY_PREFIX": "cse-hub-bench:",
        "LOG_LEVEL": os.environ.get("LOG_LEVEL", "WARNING"),
    }


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    names = [name.strip() for name in args.scenarios.split(",") if name.strip()]
    unknown = sorted(set(names) - set(SCENARIO_NAMES))
    if unknown:
        print(f"Unknown scenarios: {', '.join(unknown)}", file=sys.stderr)
        return 2
    os.environ.update(
        environment(
            database_url=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL),
            redis_url=os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL),
            host=args.host,
            port=args.port,
        )
    )
    import django

    django.setup()
    from ops.bench import report
    from ops.bench.runner import BenchError, Options, bench_run

    options = Options(
        scenarios=names,
        duration=args.duration,
        iterations=args.iterations,
        concurrency=args.concurrency,
        warmup=args.warmup,
        workers=args.workers,
        host=args.host,
        port=args.port,
        output=args.output,
        jobs=args.jobs,
        collectstatic=args.collectstatic,
        compare=args.compare,
        scale=args.scale,
        seed=args.seed,
    )
    try:
        result = bench_run(options)
    except BenchError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 2
    print(report.table(result.rows, result.jobs))
    print(f"\nResults written to {args.output}")
    # Numbers from failed requests mean nothing; a missed target is for the table to say.
    return 1 if any(row.errors for row in result.rows) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
