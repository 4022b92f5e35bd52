"""PATCH /api/v1/cases/{id}/young-person/: the case's hub and workers change the details."""

from __future__ import annotations

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from cases.models import YoungPerson
from tests.api.conftest import assert_error
from tests.cases.api.conftest import patch


def url(pk: int) -> str:
    return reverse("api:case-young-person", kwargs={"pk": pk})


@pytest.mark.parametrize(
    ("name", "status"),
    [
        pytest.param("anonymous", 401, id="anonymous must authenticate"),
        pytest.param("other_hub", 404, id="another hub cannot tell"),
        pytest.param("joint", 403, id="joint scope may not change identity"),
        pytest.param("lead_worker", 200, id="the lead worker"),
        pytest.param("hub_manager", 200, id="the hub's manager"),
    ],
)
def test_permissions(case, actor, name, status):
    """Only the owning side may change the young person's details."""
    response = patch(actor(name), url(case.pk), {"preferred_name": "Lex", "do_not_text": True})

    person = YoungPerson.objects.get(pk=case.young_person_id)
    if status == 200:
        assert response.json()["preferred_name"] == "Lex"
        assert person.do_not_text is True
        event = AuditEvent.objects.get(action=AuditEvent.Action.YOUNG_PERSON_CHANGED)
        assert event.metadata == {"fields": ["preferred_name", "do_not_text"]}
    else:
        assert_error(response, status)
        assert person.preferred_name == ""


def test_bad_values_are_a_400_naming_each(case, actor):
    """Given an unknown gender, contact channel and a blank first name, then 400 on each."""
    data = {"gender": "robot", "safe_contact_channels": ["carrier_pigeon"], "first_name": ""}

    fields = assert_error(patch(actor("hub_manager"), url(case.pk), data), 400, "invalid")["fields"]

    assert fields.keys() == {"gender", "safe_contact_channels", "first_name"}
