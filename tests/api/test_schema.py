"""The OpenAPI 3 schema at /api/schema/: it renders, validates and documents the error shape."""

from __future__ import annotations

import pytest
import yaml
from django.core.management import call_command
from django.urls import reverse
from openapi_spec_validator import validate

URL = reverse("api_schema")
OPERATIONS = {"get", "post", "put", "patch", "delete"}


@pytest.fixture
def schema(client, db):
    response = client.get(URL)
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def test_schema_renders_and_is_valid_openapi_3(schema):
    """Given GET /api/schema/, then a valid OpenAPI 3 document comes back."""
    validate(schema)

    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "CSE Hub API"


def test_schema_documents_every_endpoint(schema):
    """Given the schema, then every v1 endpoint and its methods are in it."""
    # The cases paths are listed by tests/cases/api/test_schema.py.
    paths = {
        path: set(ops) & OPERATIONS
        for path, ops in schema["paths"].items()
        if not path.startswith("/api/v1/cases/")
    }

    assert paths == {
        "/api/v1/auth/token/": {"post"},
        "/api/v1/auth/logout/": {"post"},
        "/api/v1/me/": {"get"},
        "/api/v1/local-authorities/": {"get"},
        "/api/v1/local-authorities/{id}/": {"get"},
        "/api/v1/agencies/": {"get"},
        "/api/v1/agencies/{id}/": {"get"},
        "/api/v1/placements/": {"get", "post"},
        "/api/v1/placements/{id}/": {"get", "patch"},
        "/api/v1/agreements/": {"get", "post"},
        "/api/v1/agreements/{id}/": {"get", "patch"},
        "/api/v1/reminder-settings/": {"get"},
        "/api/v1/reminder-settings/{id}/": {"get", "patch"},
        "/api/v1/referrals/": {"get", "post"},
        "/api/v1/referrals/{id}/": {"get", "patch", "delete"},
        "/api/v1/referrals/{id}/submit/": {"post"},
        "/api/v1/referrals/{id}/withdraw/": {"post"},
        "/api/v1/referrals/{id}/start-screening/": {"post"},
        "/api/v1/referrals/{id}/screening-notes/": {"post"},
        "/api/v1/referrals/{id}/matches/": {"get"},
        "/api/v1/referrals/{id}/link/": {"post"},
        "/api/v1/referrals/{id}/confirm-new/": {"post"},
        "/api/v1/referrals/{id}/accept/": {"post"},
        "/api/v1/referrals/{id}/decline/": {"post"},
        "/api/v1/referrals/{id}/signpost/": {"post"},
        "/api/v1/referrals/{id}/allocate/": {"post"},
        "/api/v1/referrals/{id}/allocation-options/": {"get"},
        "/api/v1/referrals/indicators/": {"get"},
        "/api/v1/referrals/hubs/": {"get"},
        "/api/v1/notifications/": {"get"},
        "/api/v1/notifications/{id}/read/": {"post"},
        "/api/v1/notifications/read-all/": {"post"},
        "/api/v1/notifications/settings/": {"get", "put"},
        "/api/v1/awareness-sessions/": {"get", "post"},
        "/api/v1/awareness-sessions/{id}/": {"get", "patch"},
        "/api/v1/balance/": {"get"},
        "/api/v1/balance/hub/": {"get"},
        "/api/v1/balance/target/": {"get", "put"},
        "/api/v1/consultancy-requests/": {"get", "post"},
        "/api/v1/consultancy-requests/{id}/": {"get"},
        "/api/v1/consultancy-requests/{id}/advise/": {"post"},
        "/api/v1/consultancy-requests/{id}/assign/": {"post"},
        "/api/v1/consultancy-requests/{id}/close/": {"post"},
        "/api/v1/consultancy-requests/{id}/feedback/": {"post"},
        "/api/v1/consultancy-requests/{id}/follow-up/": {"post"},
        "/api/v1/consultancy-requests/{id}/link-referral/": {"post"},
        "/api/v1/consultancy-requests/{id}/take/": {"post"},
        "/api/v1/consultancy-requests/{id}/topics/": {"post"},
        "/api/v1/consultancy-requests/{id}/withdraw/": {"post"},
        "/api/v1/group-work-programmes/": {"get", "post"},
        "/api/v1/group-work-programmes/{id}/": {"get", "patch"},
        "/api/v1/group-work-programmes/{id}/participants/": {"get", "post"},
        "/api/v1/group-work-programmes/{id}/participants/{participant_pk}/leave/": {"post"},
        "/api/v1/group-work-programmes/{id}/sessions/": {"get", "post"},
        "/api/v1/group-work-programmes/{id}/sessions/{session_pk}/": {"get"},
        "/api/v1/practice-challenges/": {"get", "post"},
        "/api/v1/practice-challenges/{id}/": {"get", "patch"},
        "/api/v1/practice-challenges/{id}/escalate/": {"post"},
        "/api/v1/practice-challenges/{id}/resolve/": {"post"},
        "/api/v1/resources/": {"get", "post"},
        "/api/v1/resources/{id}/": {"get", "patch"},
        "/api/v1/resources/{id}/download/": {"get"},
        "/api/v1/resources/{id}/versions/": {"get", "post"},
        "/api/v1/resources/{id}/versions/{number}/download/": {"get"},
        "/api/v1/resources/{id}/withdraw/": {"post"},
        "/api/v1/training-sessions/": {"get", "post"},
        "/api/v1/training-sessions/{id}/": {"get", "patch"},
        "/api/v1/training-sessions/{id}/attendance/": {"get", "post"},
        "/api/v1/training-sessions/{id}/attendance/{attendance_pk}/": {"delete", "patch"},
        "/api/v1/training-sessions/{id}/attendee-options/": {"get"},
        "/api/v1/training-sessions/attended/": {"get"},
        "/api/v1/dashboards/": {"get"},
        "/api/v1/dashboards/england/": {"get"},
        "/api/v1/dashboards/england/evaluation-extract/": {"get"},
        "/api/v1/dashboards/hubs/{key}/": {"get"},
        "/api/v1/dashboards/hubs/{key}/evaluation-extract/": {"get"},
        "/api/v1/dashboards/local-authorities/{key}/": {"get"},
        "/api/v1/dashboards/local-authorities/{key}/evaluation-extract/": {"get"},
        "/api/v1/dashboards/regions/{key}/": {"get"},
        "/api/v1/dashboards/regions/{key}/evaluation-extract/": {"get"},
    }


def test_every_error_response_uses_the_one_error_shape(schema):
    """Given every operation, then each 4xx response it documents refers to the Error schema."""
    error_ref = "#/components/schemas/Error"
    seen = 0
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if method not in OPERATIONS:
                continue
            for code, response in operation["responses"].items():
                if code.startswith("4"):
                    content = response["content"]["application/json"]["schema"]
                    assert content == {"$ref": error_ref}, (method, path, code)
                    seen += 1
    assert seen > 30
    detail = schema["components"]["schemas"]["ErrorDetail"]
    assert set(detail["properties"]) == {"status", "code", "message", "fields"}


def test_protected_operations_document_401_and_both_ways_in(schema):
    """Given an operation that needs a caller, then it lists 401 and token or session auth."""
    me = schema["paths"]["/api/v1/me/"]["get"]
    token = schema["paths"]["/api/v1/auth/token/"]["post"]

    assert "401" in me["responses"]
    assert me["security"] == [{"apiToken": []}, {"browserSession": []}]
    assert "security" not in token
    assert {"201", "400", "403", "429"} <= token["responses"].keys()
    schemes = schema["components"]["securitySchemes"]
    assert schemes["apiToken"]["in"] == "header"
    assert schemes["browserSession"]["in"] == "cookie"


def test_schema_generation_gives_no_warnings(tmp_path, db):
    """Given the generator run as CI runs it, then there is not one warning."""
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml")
    )

    assert yaml.safe_load((tmp_path / "schema.yaml").read_text())["paths"]
