"""The policy matrix: every seat of DESIGN.md's "Who may see what" × every question cases.policies
answers, on one case (see conftest.py for who sits where).

The table, in its cases' terms:
- spoke worker: full on cases allocated to them; their placement team's cases (the hub's cases in
  the LA where they are placed) read-only, restricted entries included; nothing else.
- hub manager: everything on their hub's cases, including restricted entries and access history.
- practitioner and team manager: by share scope (summary: identity and who is involved; full: the
  record; joint: the record and casework); restricted entries never.
- partnership manager and commissioner: no case, ever (their dashboards are aggregates).
- administrator: nothing, unless they open break-glass with a reason: then read-only, for an hour.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import pytest

from cases import policies

ALL = frozenset({"ordinary", "restricted", "lead worker's draft"})
INSIDE = frozenset({"ordinary", "restricted"})
OUTSIDE = frozenset({"ordinary"})
NONE: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Can:
    visible: bool = False
    summary: bool = False
    record: bool = False
    restricted: bool = False
    add_casework: bool = False
    change_case: bool = False
    share_case: bool = False
    access_history: bool = False
    entries: frozenset[str] = NONE


NOTHING = Can()
OWNER = Can(
    visible=True,
    summary=True,
    record=True,
    restricted=True,
    add_casework=True,
    change_case=True,
    share_case=True,
    entries=INSIDE,
)
READ_ALL = Can(visible=True, summary=True, record=True, restricted=True, entries=INSIDE)
SUMMARY = Can(visible=True, summary=True)
FULL = replace(SUMMARY, record=True, entries=OUTSIDE)
JOINT = replace(FULL, add_casework=True)

# role (a key of the scene's users) -> (its label in test ids, what it may do)
SEATS: dict[str, tuple[str, Can]] = {
    # Only the lead worker's own draft is theirs to see.
    "allocated_worker": ("allocated spoke worker (lead)", replace(OWNER, entries=ALL)),
    "co_worker": ("allocated spoke worker (co-worker)", OWNER),
    "placement_team_worker": ("spoke worker of the placement team", READ_ALL),
    "same_hub_other_la_worker": ("spoke worker of the same hub in another LA", NOTHING),
    "other_hub_worker": ("other hub's spoke worker", NOTHING),
    "hub_manager": ("hub manager", replace(OWNER, access_history=True)),
    "other_hub_manager": ("other hub's manager", NOTHING),
    "summary_practitioner": ("practitioner, summary share", SUMMARY),
    "summary_team_manager": ("team manager, summary share", SUMMARY),
    "full_practitioner": ("practitioner, full share", FULL),
    "full_team_manager": ("team manager, full share", FULL),
    "joint_practitioner": ("practitioner, joint share", JOINT),
    "joint_team_manager": ("team manager, joint share", JOINT),
    "unshared_practitioner": ("practitioner, nothing shared", NOTHING),
    "named_professional": ("professional named in a joint share", JOINT),
    "partnership_manager": ("partnership manager", NOTHING),
    "commissioner": ("commissioner", NOTHING),
    "administrator": ("administrator without break-glass", NOTHING),
    "break_glass_administrator": ("administrator with break-glass", READ_ALL),
}


def _in_visible_cases(user, case) -> bool:
    return policies.visible_cases(user).filter(pk=case.pk).exists()


def _entries(scene, user) -> frozenset[str]:
    names = {entry.pk: name for name, entry in scene.entries.items()}
    return frozenset(
        names[pk] for pk in policies.visible_entries(user, scene.case).values_list("pk", flat=True)
    )


QUESTIONS: dict[str, tuple[str, Callable]] = {
    "visible": ("in visible_cases", lambda scene, u: _in_visible_cases(u, scene.case)),
    "summary": ("may_view_summary", lambda scene, u: policies.may_view_summary(u, scene.case)),
    "record": ("may_view_record", lambda scene, u: policies.may_view_record(u, scene.case)),
    "restricted": (
        "may_view_restricted",
        lambda scene, u: policies.may_view_restricted(u, scene.case),
    ),
    "add_casework": (
        "may_add_casework",
        lambda scene, u: policies.may_add_casework(u, scene.case),
    ),
    "change_case": ("may_change_case", lambda scene, u: policies.may_change_case(u, scene.case)),
    "share_case": ("may_share_case", lambda scene, u: policies.may_share_case(u, scene.case)),
    "access_history": (
        "may_view_access_history",
        lambda scene, u: policies.may_view_access_history(u, scene.case),
    ),
    "entries": ("visible_entries", _entries),
}


def _shown(expected) -> str:
    if isinstance(expected, bool):
        return "yes" if expected else "no"
    return "+".join(sorted(expected)) or "none"


MATRIX = [
    pytest.param(
        role,
        question,
        getattr(can, question),
        id=f"{label} | {QUESTIONS[question][0]} | {_shown(getattr(can, question))}",
    )
    for role, (label, can) in SEATS.items()
    for question in QUESTIONS
]


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "question", "expected"), MATRIX)
def test_policy_matrix(scene, role, question, expected):
    """Given the shared case and a seat at the table, then the policy answers as the table says."""
    user = scene.user(role)
    _, ask = QUESTIONS[question]

    assert ask(scene, user) == expected
