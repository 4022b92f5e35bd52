"""Raising, escalating and resolving through the pages: messages on the form, 409 when stale,
nothing half-saved."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from consultancy.models import PracticeChallenge
from tests.consultancy.challenges.conftest import CONCERN

NEW = reverse("consultancy:challenge_new")


def _date(prefix: str, day: datetime.date) -> dict[str, str]:
    return {
        f"{prefix}_day": str(day.day),
        f"{prefix}_month": str(day.month),
        f"{prefix}_year": str(day.year),
    }


def test_the_empty_form_warns_about_the_young_person(world, login, shared_case):
    html = login(world.spoke_worker).get(NEW).content.decode()

    assert "Describe the practice, not the young person" in html
    assert "Ashdown Children&#x27;s Services" in html
    assert "Morgan Fictional" in html  # the worker's own case, to choose from
    assert "Southmere CSE Hub</option>" not in html


def test_raising_a_challenge(world, login, shared_case):
    today = timezone.localdate()
    response = login(world.spoke_worker).post(
        NEW,
        {
            "hub": world.hub.pk,
            "challenged_agency": world.csc_a.pk,
            "local_authority": world.la_a.pk,
            "case": shared_case.pk,
            "category": PracticeChallenge.Category.CLOSED_TOO_EARLY,
            "concern": CONCERN,
            "level": PracticeChallenge.Level.PRACTITIONER,
            **_date("raised_on", today),
        },
    )

    challenge = PracticeChallenge.objects.get()
    assert response.status_code == 302
    assert response["Location"] == challenge.get_absolute_url()
    assert challenge.case == shared_case


def test_missing_answers_are_listed(world, login):
    response = login(world.spoke_worker).post(NEW, {"hub": world.hub.pk, "concern": "short"})

    html = response.content.decode()
    assert response.status_code == 400
    assert "Choose the agency whose practice you are challenging." in html
    assert "Choose what the challenge is about." in html
    assert "Enter the date the challenge was raised." in html
    assert not PracticeChallenge.objects.exists()


def test_escalating_offers_only_higher_levels(world, make_challenge, login):
    challenge = make_challenge(level=PracticeChallenge.Level.MANAGER)
    url = reverse("consultancy:challenge_escalate", args=[challenge.pk])

    html = login(world.spoke_worker).get(url).content.decode()

    assert "Head of service" in html
    assert 'name="level" value="3"' in html
    assert 'name="level" value="1"' not in html
    assert 'name="level" value="2"' not in html


def test_escalating(world, make_challenge, login):
    challenge = make_challenge()
    url = reverse("consultancy:challenge_escalate", args=[challenge.pk])

    response = login(world.spoke_worker).post(
        url,
        {
            "version": challenge.version,
            "level": PracticeChallenge.Level.MANAGER,
            "note": "No reply in ten working days.",
            **_date("escalated_on", timezone.localdate()),
        },
    )

    assert response.status_code == 302
    assert PracticeChallenge.objects.get(pk=challenge.pk).level == PracticeChallenge.Level.MANAGER


def test_resolving_stale_is_409(world, make_challenge, login):
    challenge = make_challenge()
    url = reverse("consultancy:challenge_resolve", args=[challenge.pk])

    response = login(world.hub_manager).post(
        url,
        {
            "version": challenge.version - 1,
            "outcome": PracticeChallenge.Outcome.PRACTICE_CHANGED,
            "resolution": "Reopened.",
            **_date("resolved_on", timezone.localdate()),
        },
    )

    assert response.status_code == 409
    assert PracticeChallenge.objects.get(pk=challenge.pk).is_open


def test_resolving_a_resolved_one_is_400_with_the_reason(world, make_challenge, login):
    challenge = make_challenge(resolved=True)
    url = reverse("consultancy:challenge_resolve", args=[challenge.pk])

    response = login(world.hub_manager).post(
        url,
        {
            "version": challenge.version,
            "outcome": PracticeChallenge.Outcome.PRACTICE_CHANGED,
            "resolution": "Again.",
            **_date("resolved_on", timezone.localdate()),
        },
    )

    assert response.status_code == 400
    assert "has been resolved" in response.content.decode()
