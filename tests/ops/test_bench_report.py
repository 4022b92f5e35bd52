"""The benchmark's arithmetic and its reading of forms: what a report row says, from samples."""

from __future__ import annotations

from ops.bench.client import Response, Sample, form_on
from ops.bench.report import percentile, row_result, rows_judged, table
from ops.bench.targets import TARGETS


def _sample(row: str, latency_ms: float, *, queries: int = 5, at: float = 0.0) -> Sample:
    return Sample(
        row=row, started=at, latency_ms=latency_ms, status=200, ok=True, queries=queries,
        server_ms=latency_ms / 2,
    )  # fmt: skip


def test_percentiles_are_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]

    assert percentile(values, 0.50) == 50
    assert percentile(values, 0.95) == 95
    assert percentile(values, 0.99) == 99
    assert percentile([7.0], 0.99) == 7
    assert percentile([], 0.5) is None


def test_a_row_says_whether_its_queries_were_constant() -> None:
    steady = row_result(
        row="caseload",
        description="",
        clients=1,
        samples=[_sample("caseload", 10, at=i) for i in range(3)],
        error=None,
    )
    varying = row_result(
        row="caseload",
        description="",
        clients=1,
        samples=[_sample("caseload", 10, queries=q, at=q) for q in (5, 6)],
        error=None,
    )

    assert (steady.queries_min, steady.queries_max, steady.queries_constant) == (5, 5, True)
    assert (varying.queries_min, varying.queries_max, varying.queries_constant) == (5, 6, False)


def test_throughput_is_compared_with_the_baseline_and_targets_are_judged() -> None:
    # The baseline answers 4 requests a second; the case page 1, slowly.
    baseline = row_result(
        row="baseline",
        description="",
        clients=1,
        samples=[_sample("baseline", 250, at=i * 0.25) for i in range(4)],
        error=None,
    )
    detail = row_result(
        row="case_detail",
        description="",
        clients=1,
        samples=[_sample("case_detail", 500, at=i * 0.5) for i in range(2)],
        error=None,
    )

    rows_judged([baseline, detail])

    assert detail.ratio_to_baseline == 0.5
    assert {j.target: j.met for j in detail.judgements} == {
        "p95 <= 100 ms": False,
        ">= 0.5x baseline": True,
    }
    assert detail.passed is False
    assert baseline.passed is None
    assert "FAIL" in table([baseline, detail], [])


def test_every_target_is_on_a_known_row_or_job() -> None:
    from ops.bench.catalogue import SCENARIO_ROWS

    known = {row for rows in SCENARIO_ROWS.values() for row in rows}
    known |= {"reminder_sweep", "summary_refresh"}
    assert {target.subject for target in TARGETS} <= known


def test_a_form_is_read_as_a_browser_would_send_it() -> None:
    page = Response(
        status=200,
        headers={},
        body=b"""
        <form method="post" action="/accounts/logout/">
          <input type="hidden" name="csrfmiddlewaretoken" value="t"></form>
        <form method="post" novalidate>
          <input type="hidden" name="csrfmiddlewaretoken" value="t">
          <select name="kind"><option value="">Choose</option><option value="phone">Phone</option>
          </select>
          <input type="radio" name="attendance" value="attended" checked>
          <input type="radio" name="attendance" value="declined">
          <input type="checkbox" name="restricted">
          <textarea name="summary">
Before</textarea>
          <button name="action" value="save">Save</button>
        </form>""",
    )

    form = form_on(page, path="/cases/1/casework/new/")
    sent = form.submission({"summary": "After", "kind": form.first_choice("kind")})

    assert sent == [
        ("csrfmiddlewaretoken", "t"),
        ("attendance", "attended"),
        ("summary", "After"),
        ("kind", "phone"),
    ]
    assert form.choices["restricted"] == ["on"]
