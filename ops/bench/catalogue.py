"""The scenarios by name, and what each report row measures; no Django, for the command line."""

from __future__ import annotations

# Every scenario, in the order they run: the baseline first, reads, writes, dashboards, API.
SCENARIO_NAMES: tuple[str, ...] = (
    "baseline",
    "caseload",
    "case_detail",
    "chronology",
    "triage_queue",
    "casework_entry",
    "referral",
    "dashboard_warm",
    "dashboard_cold",
    "api_case_list",
    "api_case_retrieve",
    "api_chronology",
)
# The report rows each scenario records: its own name, but for a referral's three steps.
SCENARIO_ROWS: dict[str, tuple[str, ...]] = {
    name: (name,) for name in SCENARIO_NAMES if name != "referral"
} | {"referral": ("referral_draft", "referral_check", "referral_submit")}
# What each row measures, for the report.
DESCRIPTIONS: dict[str, str] = {
    "baseline": "bare view: one row by primary key (anonymous, whole middleware stack)",
    "caseload": "spoke worker's caseload, first page (GET /cases/)",
    "case_detail": "case page, audited (GET /cases/ID/)",
    "chronology": "chronology page, newest 50 events, audited (GET /cases/ID/chronology/)",
    "triage_queue": "hub manager's triage queue, first page (GET /referrals/triage/)",
    "casework_entry": "log a casework entry through the form (POST /cases/ID/casework/new/)",
    "referral_draft": "referral form saved to continue (POST /referrals/new/)",
    "referral_check": "check answers page (GET /referrals/ID/check/)",
    "referral_submit": "referral submitted (POST /referrals/ID/check/)",
    "dashboard_warm": "LA dashboard, 12 months, cached (GET /dashboards/local-authorities/ID/)",
    "dashboard_cold": "the same, its cached copy deleted before each read (one client)",
    "api_case_list": "API case list, first page, token (GET /api/v1/cases/)",
    "api_case_retrieve": "API case, audited, token (GET /api/v1/cases/ID/)",
    "api_chronology": "API chronology, newest 50, token (GET /api/v1/cases/ID/chronology/)",
}
