"""The referrals API in the OpenAPI schema: each caller's shape, and the 409 of every step."""

from __future__ import annotations

import pytest
import yaml
from django.urls import reverse

REFERRAL = "/api/v1/referrals/{id}"
STEPS = [
    (f"{REFERRAL}/", "patch"),
    (f"{REFERRAL}/", "delete"),
    *(
        (f"{REFERRAL}/{step}/", "post")
        for step in (
            "submit",
            "withdraw",
            "start-screening",
            "screening-notes",
            "link",
            "confirm-new",
            "accept",
            "decline",
            "signpost",
            "allocate",
        )
    ),
]
ERROR = {"$ref": "#/components/schemas/Error"}


@pytest.fixture
def schema(client, db):
    response = client.get(reverse("api_schema"))
    assert response.status_code == 200
    return yaml.safe_load(response.content)


@pytest.mark.parametrize(("path", "method"), STEPS)
def test_every_step_documents_its_400_and_409_in_the_error_shape(schema, path, method):
    """Given a step that names a version, then its 400 and 409 refer to the one error shape."""
    responses = schema["paths"][path][method]["responses"]

    for code in ("400", "409"):
        assert responses[code]["content"]["application/json"]["schema"] == ERROR


def test_a_referral_is_documented_as_one_of_the_three_views(schema):
    """Given GET /referrals/{id}/, then its 200 is the referrer's, worker's or hub's shape,
    and the referrer's has nothing of the hub's triage or the case."""
    ok = schema["paths"][f"{REFERRAL}/"]["get"]["responses"]["200"]["content"]["application/json"]
    record = schema["components"]["schemas"]["ReferralRecord"]
    referrer = schema["components"]["schemas"]["ReferrerReferral"]["properties"]

    assert ok["schema"] == {"$ref": "#/components/schemas/ReferralRecord"}
    assert {option["$ref"].rsplit("/", 1)[1] for option in record["oneOf"]} == {
        "ReferrerReferral",
        "WorkerReferral",
        "HubReferral",
    }
    assert not {"young_person", "match_decision", "screening_notes", "case"} & set(referrer)


def test_the_form_lists_are_plain_lists(schema):
    """Given the indicators, hubs, matches and allocation options, then each is an array."""
    for path in (
        "/api/v1/referrals/indicators/",
        "/api/v1/referrals/hubs/",
        f"{REFERRAL}/matches/",
        f"{REFERRAL}/allocation-options/",
    ):
        ok = schema["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]
        assert ok["schema"]["type"] == "array", path
