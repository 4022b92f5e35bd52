"""The issue's performance targets at national scale on a 2-core machine, in one place."""

from __future__ import annotations

from dataclasses import dataclass

P95_MS = "p95_ms"
RATIO_TO_BASELINE = "ratio_to_baseline"
SECONDS = "seconds"


@dataclass(frozen=True)
class Target:
    """A limit on one measure of one scenario row or timed job."""

    subject: str
    measure: str
    limit: float
    text: str

    def met_by(self, value: float | None) -> bool | None:
        """Whether the value meets it; None when there is nothing to judge."""
        if value is None:
            return None
        if self.measure == RATIO_TO_BASELINE:
            return value >= self.limit
        return value <= self.limit


TARGETS: tuple[Target, ...] = (
    Target("caseload", P95_MS, 100, "p95 <= 100 ms"),
    Target("case_detail", P95_MS, 100, "p95 <= 100 ms"),
    Target("case_detail", RATIO_TO_BASELINE, 0.5, ">= 0.5x baseline"),
    Target("chronology", P95_MS, 100, "p95 <= 100 ms"),
    Target("api_chronology", P95_MS, 100, "p95 <= 100 ms"),
    Target("triage_queue", P95_MS, 100, "p95 <= 100 ms"),
    Target("casework_entry", P95_MS, 150, "p95 <= 150 ms"),
    Target("referral_draft", P95_MS, 150, "p95 <= 150 ms"),
    Target("referral_submit", P95_MS, 150, "p95 <= 150 ms"),
    Target("dashboard_warm", P95_MS, 150, "p95 <= 150 ms"),
    Target("dashboard_cold", P95_MS, 2000, "p95 <= 2 s"),
    Target("reminder_sweep", SECONDS, 60, "<= 60 s"),
    Target("summary_refresh", SECONDS, 60, "<= 60 s"),
)


def targets_for(subject: str) -> list[Target]:
    return [target for target in TARGETS if target.subject == subject]
