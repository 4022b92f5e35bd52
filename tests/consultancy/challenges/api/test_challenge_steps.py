"""PATCH, POST escalate and POST resolve on /api/v1/practice-challenges/{id}/."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from consultancy.models import PracticeChallenge
from tests.api.conftest import assert_error


def _url(challenge, step=None):
    if step is None:
        return reverse("api:challenge-detail", args=[challenge.pk])
    return reverse(f"api:challenge-{step}", args=[challenge.pk])


def _escalation(challenge, **overrides):
    return {
        "version": challenge.version,
        "level": 2,
        "escalated_on": timezone.localdate().isoformat(),
        "note": "No reply in ten working days.",
        **overrides,
    }


@pytest.mark.parametrize(
    ("name", "code"),
    [
        pytest.param("anonymous", 401, id="anonymous must authenticate"),
        pytest.param("other_agency", 404, id="another agency cannot tell"),
        pytest.param("hub_colleague", 404, id="another worker cannot tell"),
        pytest.param("team_manager", 403, id="the challenged agency may not"),
        pytest.param("raiser", 200, id="the raiser escalates"),
        pytest.param("hub_manager", 200, id="the hub's manager escalates"),
    ],
)
def test_escalate_permissions(make_challenge, actor, name, code):
    challenge = make_challenge()

    response = actor(name).post(
        _url(challenge, "escalate"), _escalation(challenge), content_type="application/json"
    )

    if code != 200:
        assert_error(response, code)
        assert PracticeChallenge.objects.get(pk=challenge.pk).level == 1
        return
    assert response.json()["level"] == 2


def test_escalate_to_the_same_level_is_400(make_challenge, actor):
    challenge = make_challenge()

    error = assert_error(
        actor("raiser").post(
            _url(challenge, "escalate"),
            _escalation(challenge, level=1),
            content_type="application/json",
        ),
        400,
        "invalid",
    )

    assert "level" in error["fields"]


def test_escalate_stale_is_409(make_challenge, actor):
    challenge = make_challenge()

    response = actor("raiser").post(
        _url(challenge, "escalate"),
        _escalation(challenge, version=0),
        content_type="application/json",
    )

    assert_error(response, 409, "conflict")


def _resolution(challenge):
    return {
        "version": challenge.version,
        "outcome": "practice_changed",
        "resolution": "Case reopened.",
        "resolved_on": timezone.localdate().isoformat(),
    }


@pytest.mark.parametrize(
    ("name", "resolved", "code"),
    [
        pytest.param("team_manager", False, 403, id="the challenged agency may not"),
        pytest.param("hub_manager", False, 200, id="the hub's manager resolves it"),
        pytest.param("raiser", True, 400, id="a resolved one is refused for its state"),
    ],
)
def test_resolve(make_challenge, actor, name, resolved, code):
    challenge = make_challenge(resolved=resolved)

    response = actor(name).post(
        _url(challenge, "resolve"), _resolution(challenge), content_type="application/json"
    )

    if code != 200:
        assert_error(response, code)
        return
    assert response.json()["status"] == "resolved"


def test_patch_corrects_the_category(make_challenge, actor):
    challenge = make_challenge()

    response = actor("raiser").patch(
        _url(challenge),
        {"version": challenge.version, "category": "threshold"},
        content_type="application/json",
    )

    assert response.status_code == 200, response.content
    assert response.json()["category"] == "threshold"


def test_patch_by_the_team_manager_is_403(make_challenge, actor):
    challenge = make_challenge()

    response = actor("team_manager").patch(
        _url(challenge),
        {"version": challenge.version, "category": "threshold"},
        content_type="application/json",
    )

    assert_error(response, 403)
