"""POST /api/v1/referrals/: practitioners and team managers start a referral as a draft."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from partners.models import Role
from referrals.models import Referral
from tests import factories
from tests.api.conftest import assert_error
from tests.referrals.api.conftest import REFERRER_FIELDS, post
from tests.referrals.conftest import years_ago

URL = reverse("api:referral-list")


@pytest.mark.parametrize(
    ("name", "code"),
    [
        pytest.param("anonymous", 401, id="anonymous must authenticate"),
        pytest.param("hub_manager", 403, id="a hub manager does not refer"),
        pytest.param("allocated_worker", 403, id="a spoke worker does not refer"),
        pytest.param("partnership_manager", 403, id="a partnership manager does not refer"),
        pytest.param("referrer", 201, id="a practitioner starts a referral"),
        pytest.param("team_manager", 201, id="a team manager starts a referral"),
    ],
)
def test_permissions(world, actor, user_called, name, code):
    """Only those who refer for a statutory or partner agency may start a referral."""
    response = post(actor(name), URL, {"first_name": "Jordan"})

    if code != 201:
        assert_error(response, code)
        assert not Referral.objects.exists()
        return
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == REFERRER_FIELDS
    assert body["status"] == "draft"
    assert body["version"] == 1
    # One agency: it is the one referred for without saying.
    assert body["referrer_agency"]["id"] == world.csc_a.pk
    referral = Referral.objects.get()
    assert referral.referrer == user_called(name)
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.REFERRAL_DRAFTED, object_id=str(referral.pk)
    ).exists()


def test_a_whole_draft_is_saved_and_the_hub_defaults_from_the_local_authority(world, actor):
    """Given every answer but the hub, then the draft has them and the LA's hub."""
    dob = years_ago(14)
    response = post(
        actor("referrer"),
        URL,
        {
            "local_authority": world.la_a.pk,
            "first_name": "  Jordan ",
            "last_name": "Sample",
            "date_of_birth": dob.isoformat(),
            "indicators": ["older_partner", "missing_episodes"],
            "narrative": "Seen getting into cars with older males after school.",
            "urgency": "priority",
            "young_person_aware": True,
            "young_person_consents": False,
            "no_consent_basis": "safeguarding",
            "no_consent_reason": "Asking could tip off the adults involved.",
            "parents_aware": "not_known",
        },
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["hub"]["id"] == world.hub.pk
    assert body["first_name"] == "Jordan"
    assert body["indicators"] == ["missing_episodes", "older_partner"]
    assert body["date_of_birth"] == dob.isoformat()
    assert body["young_person_consents"] is False


def test_someone_referring_for_two_agencies_must_say_which(world, login):
    """Given a practitioner of two agencies, then leaving the agency out is a 400 on it."""
    factories.membership(user=world.practitioner, agency=world.police, role=Role.PRACTITIONER)
    client = login(world.practitioner)

    response = post(client, URL, {"first_name": "Jordan"})

    assert assert_error(response, 400, "invalid")["fields"] == {
        "referrer_agency": ["Choose the agency you are referring for."]
    }
    response = post(client, URL, {"first_name": "Jordan", "referrer_agency": world.police.pk})
    assert response.status_code == 201, response.content
    assert response.json()["referrer_agency"]["id"] == world.police.pk


def test_an_agency_one_does_not_refer_for_is_refused(world, actor):
    """Given another agency's id, then 400 on the agency and nothing saved."""
    response = post(actor("referrer"), URL, {"referrer_agency": world.police.pk})

    assert set(assert_error(response, 400, "invalid")["fields"]) == {"referrer_agency"}
    assert not Referral.objects.exists()


@pytest.mark.parametrize(
    ("date_of_birth", "message"),
    [
        pytest.param(
            timezone.localdate() + datetime.timedelta(days=1),
            "Date of birth must be in the past.",
            id="in the future",
        ),
        pytest.param(years_ago(6), "The young person would be 6", id="under 8"),
        pytest.param(years_ago(30), "The young person would be 30", id="over 25"),
    ],
)
def test_an_implausible_date_of_birth_is_refused_saying_why(actor, date_of_birth, message):
    """Given a date of birth the hub cannot work with, then 400 saying why; nothing saved."""
    response = post(actor("referrer"), URL, {"date_of_birth": date_of_birth.isoformat()})

    (said,) = assert_error(response, 400, "invalid")["fields"]["date_of_birth"]
    assert said.startswith(message)
    assert not Referral.objects.exists()


def test_bad_values_are_a_400_naming_each(world, actor):
    """Given unknown choices and indicators, then 400 naming each field."""
    response = post(
        actor("referrer"),
        URL,
        {"urgency": "whenever", "gender": "x", "hub": world.csc_a.pk, "local_authority": 0},
    )

    fields = assert_error(response, 400, "invalid")["fields"]
    assert fields.keys() == {"urgency", "gender", "hub", "local_authority"}
    response = post(actor("referrer"), URL, {"indicators": ["not_a_code"]})
    assert "Not on the list: not_a_code." in assert_error(response, 400)["fields"]["indicators"][0]


def test_a_hub_that_does_not_work_in_the_local_authority_is_refused(world, actor):
    """Given Ashdown and a hub that covers only Brackenford, then 400 on the hub."""
    response = post(
        actor("referrer"), URL, {"local_authority": world.la_a.pk, "hub": world.other_hub.pk}
    )

    assert assert_error(response, 400, "invalid")["fields"] == {
        "hub": ["Southmere CSE Hub does not work in Ashdown."]
    }
