"""GET /api/v1/cases/{id}/young-person/: the young person's details, audited."""

from __future__ import annotations

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from tests.api.conftest import assert_error


def url(pk: int) -> str:
    return reverse("api:case-young-person", kwargs={"pk": pk})


@pytest.mark.parametrize(
    ("name", "status"),
    [
        pytest.param("anonymous", 401, id="anonymous must authenticate"),
        pytest.param("other_agency", 404, id="an agency not shared with cannot tell"),
        pytest.param("summary", 403, id="summary scope has the identity in the summary only"),
        pytest.param("full", 200, id="full scope"),
        pytest.param("team", 200, id="the placement team"),
        pytest.param("hub_manager", 200, id="the hub's manager"),
    ],
)
def test_permissions(case, actor, name, status):
    """Full access or more reads the details; each read is audited."""
    response = actor(name).get(url(case.pk))

    events = AuditEvent.objects.filter(action=AuditEvent.Action.CASE_VIEWED, case_id=case.pk)
    if status == 200:
        body = response.json()
        assert body["id"] == case.young_person_id
        assert body["date_of_birth"] == "2011-05-04"
        assert body["safe_contact_notes"] == "Only through the school nurse."
        assert [(e.object_type, e.object_id) for e in events] == [
            ("cases.youngperson", str(case.young_person_id))
        ]
    else:
        assert_error(response, status)
        assert not events.exists()
