"""The cases API in the OpenAPI schema: every endpoint, and the 409 of versioned changes."""

from __future__ import annotations

import pytest
import yaml
from django.urls import reverse

OPERATIONS = {"get", "post", "put", "patch", "delete"}
CASE = "/api/v1/cases/{case_id}"
EXPECTED = {
    "/api/v1/cases/": {"get", "post"},
    "/api/v1/cases/{id}/": {"get"},
    "/api/v1/cases/{id}/close/": {"post"},
    "/api/v1/cases/{id}/reopen/": {"post"},
    "/api/v1/cases/{id}/allocate/": {"post"},
    "/api/v1/cases/{id}/legal-hold/": {"post"},
    "/api/v1/cases/{id}/young-person/": {"get", "patch"},
    f"{CASE}/entries/": {"get", "post"},
    f"{CASE}/entries/{{id}}/": {"get", "patch"},
    f"{CASE}/entries/{{id}}/finalise/": {"post"},
    f"{CASE}/entries/{{id}}/entered-in-error/": {"post"},
    f"{CASE}/risk-assessments/": {"get", "post"},
    f"{CASE}/plan/": {"get", "put"},
    f"{CASE}/reviews/": {"get", "post"},
    f"{CASE}/reviews/{{id}}/record/": {"post"},
    f"{CASE}/involvements/": {"get", "post"},
    f"{CASE}/involvements/{{id}}/": {"patch"},
    f"{CASE}/involvements/{{id}}/step-back/": {"post"},
    f"{CASE}/shares/": {"get", "post"},
    f"{CASE}/shares/{{id}}/": {"patch"},
    f"{CASE}/shares/{{id}}/revoke/": {"post"},
    f"{CASE}/chronology/": {"get"},
}


@pytest.fixture
def paths(client, db):
    response = client.get(reverse("api_schema"))
    assert response.status_code == 200
    return yaml.safe_load(response.content)["paths"]


def test_every_cases_endpoint_is_documented(paths):
    """Given the schema, then each cases endpoint is there with exactly its methods."""
    documented = {
        path: set(operations) & OPERATIONS
        for path, operations in paths.items()
        if path.startswith("/api/v1/cases/")
    }

    assert documented == EXPECTED


@pytest.mark.parametrize(
    ("path", "method"),
    [
        ("/api/v1/cases/{id}/close/", "post"),
        ("/api/v1/cases/{id}/reopen/", "post"),
        ("/api/v1/cases/{id}/allocate/", "post"),
        ("/api/v1/cases/{id}/legal-hold/", "post"),
        (f"{CASE}/entries/{{id}}/", "patch"),
        (f"{CASE}/entries/{{id}}/finalise/", "post"),
        (f"{CASE}/risk-assessments/", "post"),
        (f"{CASE}/plan/", "put"),
    ],
)
def test_versioned_changes_document_the_409_in_the_error_shape(paths, path, method):
    """Given a change that names a version, then its 409 refers to the one error shape."""
    conflict = paths[path][method]["responses"]["409"]

    assert conflict["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"
    }


def test_the_case_is_documented_as_the_record_or_the_summary(paths):
    """Given GET /cases/{id}/, then its 200 is one of the two shapes."""
    schema = paths["/api/v1/cases/{id}/"]["get"]["responses"]["200"]["content"]["application/json"]

    assert schema["schema"] == {"$ref": "#/components/schemas/CaseRecord"}


@pytest.fixture
def components(client, db):
    response = client.get(reverse("api_schema"))
    return yaml.safe_load(response.content)["components"]["schemas"]


@pytest.mark.parametrize("component", ["CaseOpenRequest", "RiskAssessmentInputRequest"])
def test_indicators_are_documented_as_codes_not_a_fixed_list(components, component):
    """Given the inputs that take indicators, then they are codes with no enum: administrators
    change the list, so the schema never freezes it."""
    indicators = components[component]["properties"]["indicators"]

    assert indicators["type"] == "array"
    assert indicators["items"]["type"] == "string"
    assert "enum" not in indicators["items"]
    assert "retired" in indicators["description"]


def test_the_record_documents_first_and_last_contact_as_read_only(components):
    """Given the full case record, then both contact times are there and read-only."""
    properties = components["Case"]["properties"]

    for name in ("first_contact_at", "last_contact_at"):
        assert properties[name]["readOnly"] is True
