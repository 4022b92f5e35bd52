"""The referrer never learns whether the hub already knew the young person.

Each test builds the same referral twice from the same world, inside a savepoint it then rolls
back: once about a young person the hub already works with (an open case, first contact made)
and links it to them, once about a young person new to the hub and confirms them new. The
referrer's and their team manager's pages (the referral, their list) and API responses
(retrieve, list) must then be identical, after the matching, after a decline and after an
allocation, once only ids, references, dates and per-request tokens are normalised.
"""

from __future__ import annotations

import datetime
import difflib
import json
import re
from typing import Any

import pytest
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cases import casework
from cases.models import Case, CaseworkEntry
from referrals import services
from referrals.models import Referral
from tests.referrals.conftest import years_ago

S = Referral.Status
DATE_OF_BIRTH = years_ago(14)
STATES = ("matched", "declined", "allocated")

# What differs between two otherwise identical runs, whatever the hub knows.
_HTML_NOISE = [
    (re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"'), 'name="csrfmiddlewaretoken"'),
    (re.compile(r'"X-CSRFToken": "[^"]+"'), '"X-CSRFToken": ""'),
    (re.compile(r'nonce="[^"]+"'), 'nonce=""'),
    (re.compile(r"/referrals/\d+/"), "/referrals/ID/"),
    (re.compile(r"\bR\d{6}\b"), "R-REF"),
    (re.compile(r"\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})?"), "DATETIME"),
    (
        re.compile(
            r"\b\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]* \d{4}"
            r"( at \d{1,2}(:\d{2})?(am|pm))?"
        ),
        "DATE",
    ),
    (re.compile(r"\b\d{1,2}(:\d{2})?(am|pm)\b"), "TIME"),
    (re.compile(r"\b\d{1,2}:\d{2}\b"), "TIME"),
]


def _html(text: str) -> str:
    for pattern, replacement in _HTML_NOISE:
        text = pattern.sub(replacement, text)
    return text


def _json(value: Any, key: str = "") -> Any:
    """Ids, references and non-empty times replaced; empty ones kept (their absence could leak)."""
    if isinstance(value, dict):
        return {k: _json(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_json(v) for v in value]
    if value is None:
        return None
    if key == "reference" or (key == "id" and isinstance(value, int)):
        return "ID"
    if key.endswith("_at") or key in {"next", "previous"}:
        return _html(str(value))
    return value


def _build(world, make_referral, known_young_person, *, known: bool, state: str) -> Referral:
    manager = world.hub_manager
    if known:
        person = known_young_person(date_of_birth=DATE_OF_BIRTH)
        casework.entry_create(
            case=Case.objects.get(young_person=person),
            by=world.spoke_worker,
            kind=CaseworkEntry.Kind.ONE_TO_ONE,
            occurred_at=timezone.now() - datetime.timedelta(minutes=1),
            attendance=CaseworkEntry.Attendance.ATTENDED,
            summary="Session at school.",
            duration_minutes=30,
        )
    referral = make_referral(status=S.SCREENING, date_of_birth=DATE_OF_BIRTH)
    if known:
        referral = services.referral_match_link(
            referral=referral, by=manager, version=referral.version, young_person=person
        )
    else:
        referral = services.referral_match_confirm_new(
            referral=referral, by=manager, version=referral.version
        )
    if state == "declined":
        referral = services.referral_decline(
            referral=referral,
            by=manager,
            version=referral.version,
            reason="Another service is better placed.",
        )
    elif state == "allocated":
        referral = services.referral_accept_and_allocate(
            referral=referral,
            by=manager,
            version=referral.version,
            reason="Meets the threshold.",
            worker=world.spoke_worker,
            risk_level="medium",
            rationale="Missing episodes.",
        )
    return referral


def _what_they_see(world, login, referral: Referral) -> dict[str, str]:
    seen = {}
    for who in ("practitioner", "team_manager"):
        client = login(world.by_role(who))
        pages = {
            "detail page": reverse("referrals:detail", kwargs={"pk": referral.pk}),
            "list page": reverse("referrals:list"),
        }
        for name, url in pages.items():
            response = client.get(url)
            assert response.status_code == 200, (who, name, response.status_code)
            seen[f"{who}: {name}"] = _html(response.content.decode())
        api = {
            "API retrieve": f"/api/v1/referrals/{referral.pk}/",
            "API list": "/api/v1/referrals/",
        }
        for name, url in api.items():
            response = client.get(url)
            assert response.status_code == 200, (who, name, response.status_code)
            seen[f"{who}: {name}"] = json.dumps(_json(response.json()), indent=1, sort_keys=True)
    return seen


@pytest.mark.parametrize("state", STATES)
def test_the_referrer_sees_the_same_whether_or_not_the_hub_knew_the_young_person(
    world, make_referral, known_young_person, login, state
):
    """Given the same referral about a young person the hub knows (and links) and about one it
    does not (and confirms new), when the referrer and their team manager look at it, on its page,
    in their list and through the API, then what they see is identical."""
    seen: dict[bool, dict[str, str]] = {}
    for known in (True, False):
        with transaction.atomic():
            cache.clear()
            referral = _build(world, make_referral, known_young_person, known=known, state=state)
            assert (referral.young_person is not None) == (known or state == "allocated")
            seen[known] = _what_they_see(world, login, referral)
            transaction.set_rollback(True)

    assert set(seen[True]) == set(seen[False])
    for name in seen[True]:
        if seen[True][name] != seen[False][name]:
            diff = "\n".join(
                difflib.unified_diff(
                    seen[False][name].splitlines(),
                    seen[True][name].splitlines(),
                    "new to the hub",
                    "known to the hub",
                    lineterm="",
                    n=2,
                )
            )
            pytest.fail(f"{name} differs when the hub knew the young person:\n{diff}")


def test_the_normalising_does_not_hide_a_difference(world, make_referral, login):
    """Given two referrals that differ in what the referrer wrote, then the comparison above
    would tell them apart (the normalising removes only ids, references and times)."""
    first = make_referral(status=S.SUBMITTED)
    second = make_referral(status=S.SUBMITTED, known_as="JJ")

    assert (
        _what_they_see(world, login, first)["practitioner: detail page"]
        != _what_they_see(world, login, second)["practitioner: detail page"]
    )
    assert (
        _what_they_see(world, login, first)["practitioner: API retrieve"]
        != _what_they_see(world, login, second)["practitioner: API retrieve"]
    )
