"""From samples to the report: latency percentiles, throughput, queries, targets, a table."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ops.bench.client import Sample
from ops.bench.targets import P95_MS, RATIO_TO_BASELINE, SECONDS, Target, targets_for

BASELINE = "baseline"


@dataclass
class Judgement:
    target: str
    measure: str
    limit: float
    value: float | None
    met: bool | None


@dataclass
class RowResult:
    """One row of the report: a page or call, measured at some concurrency."""

    row: str
    description: str
    clients: int
    requests: int
    errors: int
    seconds: float
    p50_ms: float | None
    p95_ms: float | None
    p99_ms: float | None
    mean_ms: float | None
    max_ms: float | None
    rps: float | None
    queries_min: int | None
    queries_max: int | None
    # Whether every request took the same number of SQL statements.
    queries_constant: bool
    server_p50_ms: float | None
    server_p95_ms: float | None
    ratio_to_baseline: float | None = None
    first_error: str | None = None
    judgements: list[Judgement] = field(default_factory=list)

    @property
    def passed(self) -> bool | None:
        """False if a target is missed or a request failed; None if nothing could be judged
        (no target, or no baseline run to compare with)."""
        if self.errors:
            return False
        return _verdict_of(self.judgements)


@dataclass
class JobResult:
    """A timed job (the reminder sweep, the summary refresh)."""

    job: str
    description: str
    seconds: float
    # What it did, as its management command prints it.
    output: list[str]
    judgements: list[Judgement] = field(default_factory=list)

    @property
    def passed(self) -> bool | None:
        return _verdict_of(self.judgements)


def _verdict_of(judgements: list[Judgement]) -> bool | None:
    met = [j.met for j in judgements]
    if False in met:
        return False
    if not met or None in met:
        return None
    return True


def percentile(values: Sequence[float], share: float) -> float | None:
    """The nearest-rank percentile: the smallest value at least `share` of them do not exceed."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


def _rounded(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


def row_result(
    *, row: str, description: str, clients: int, samples: Sequence[Sample], error: str | None
) -> RowResult:
    latencies = [s.latency_ms for s in samples if s.ok]
    queries = [s.queries for s in samples if s.ok and s.queries is not None]
    server = [s.server_ms for s in samples if s.ok and s.server_ms is not None]
    seconds = 0.0
    if samples:
        started = min(s.started for s in samples)
        ended = max(s.started + s.latency_ms / 1000 for s in samples)
        seconds = ended - started
    ok = len(latencies)
    return RowResult(
        row=row,
        description=description,
        clients=clients,
        requests=len(samples),
        errors=len(samples) - ok,
        seconds=round(seconds, 2),
        p50_ms=_rounded(percentile(latencies, 0.50)),
        p95_ms=_rounded(percentile(latencies, 0.95)),
        p99_ms=_rounded(percentile(latencies, 0.99)),
        mean_ms=_rounded(sum(latencies) / ok if ok else None),
        max_ms=_rounded(max(latencies) if latencies else None),
        rps=_rounded(ok / seconds if seconds > 0 else None, 2),
        queries_min=min(queries) if queries else None,
        queries_max=max(queries) if queries else None,
        queries_constant=bool(queries) and min(queries) == max(queries),
        server_p50_ms=_rounded(percentile(server, 0.50)),
        server_p95_ms=_rounded(percentile(server, 0.95)),
        first_error=error,
    )


def _judge(target: Target, value: float | None) -> Judgement:
    return Judgement(
        target=target.text,
        measure=target.measure,
        limit=target.limit,
        value=value,
        met=target.met_by(value),
    )


def rows_judged(rows: list[RowResult]) -> list[RowResult]:
    """Each row's throughput against the baseline's, and its targets checked."""
    baseline = next((r for r in rows if r.row == BASELINE), None)
    baseline_rps = baseline.rps if baseline is not None else None
    for row in rows:
        if baseline_rps and row.rps is not None and row.row != BASELINE:
            row.ratio_to_baseline = round(row.rps / baseline_rps, 3)
        values = {P95_MS: row.p95_ms, RATIO_TO_BASELINE: row.ratio_to_baseline}
        row.judgements = [_judge(t, values.get(t.measure)) for t in targets_for(row.row)]
    return rows


def job_judged(job: JobResult) -> JobResult:
    job.judgements = [_judge(t, job.seconds) for t in targets_for(job.job) if t.measure == SECONDS]
    return job


def queries_compared(rows: Iterable[RowResult], earlier: dict[str, Any]) -> dict[str, Any]:
    """Each row's SQL statements per request against an earlier run's (another scale, say)."""
    before = {r["row"]: r for r in earlier.get("rows", [])}
    compared: dict[str, Any] = {}
    for row in rows:
        then = before.get(row.row)
        if then is None:
            continue
        same = (then["queries_min"], then["queries_max"]) == (row.queries_min, row.queries_max)
        compared[row.row] = {
            "earlier": [then["queries_min"], then["queries_max"]],
            "now": [row.queries_min, row.queries_max],
            "identical": same and row.queries_constant,
        }
    return compared


# Presenting it


def _number(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "-"
    return f"{value:.{digits}f}" if digits else f"{value:.0f}"


def _queries(row: RowResult) -> str:
    if row.queries_min is None:
        return "-"
    if row.queries_constant:
        return str(row.queries_min)
    return f"{row.queries_min}-{row.queries_max} (varies)"


def _verdict(passed: bool | None) -> str:
    return {True: "pass", False: "FAIL", None: ""}[passed]


def table(rows: Sequence[RowResult], jobs: Sequence[JobResult]) -> str:
    """The results as a fixed-width table, for the terminal and for pasting into docs."""
    header = (
        "scenario",
        "clients",
        "reqs",
        "errors",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "req/s",
        "x base",
        "queries",
        "app p50",
        "target",
        "result",
    )
    lines: list[tuple[str, ...]] = [header]
    for row in rows:
        lines.append(
            (
                row.row,
                str(row.clients),
                str(row.requests),
                str(row.errors),
                _number(row.p50_ms),
                _number(row.p95_ms),
                _number(row.p99_ms),
                _number(row.rps, 1),
                _number(row.ratio_to_baseline, 2),
                _queries(row),
                _number(row.server_p50_ms),
                "; ".join(j.target for j in row.judgements),
                _verdict(row.passed),
            )
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    out = [
        "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(line)).rstrip() for line in lines
    ]
    out.insert(1, "  ".join("-" * w for w in widths))
    if jobs:
        out.append("")
        job_lines = [("job", "seconds", "target", "result")]
        for job in jobs:
            job_lines.append(
                (
                    job.job,
                    _number(job.seconds, 2),
                    "; ".join(j.target for j in job.judgements),
                    _verdict(job.passed),
                )
            )
        job_widths = [max(len(line[i]) for line in job_lines) for i in range(4)]
        out += [
            "  ".join(cell.ljust(job_widths[i]) for i, cell in enumerate(line)).rstrip()
            for line in job_lines
        ]
        for job in jobs:
            out += ["", f"{job.job}: {job.description}", *(f"  {line}" for line in job.output)]
    errors = [f"{row.row}: {row.first_error}" for row in rows if row.first_error]
    if errors:
        out += ["", "First error of each row that had one:", *errors]
    return "\n".join(out)


def results_write(path: Path, document: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2, default=str) + "\n")


def as_json(
    *, rows: Sequence[RowResult], jobs: Sequence[JobResult], **sections: Any
) -> dict[str, Any]:
    return {
        **sections,
        "rows": [{**asdict(row), "passed": row.passed} for row in rows],
        "jobs": [{**asdict(job), "passed": job.passed} for job in jobs],
    }
