"""One JSON error shape for every API error, whoever answers: DRF, Django or middleware."""

from __future__ import annotations

import time

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.test import Client
from django.urls import reverse

from accounts.api.views import CurrentUserView
from accounts.middleware import SESSION_AUTH_AT, SESSION_MFA_ENROLLED
from cse_hub.api.errors import exception_handler
from tests.api.conftest import assert_error


def test_an_unknown_api_address_is_404_in_the_error_shape(client, db):
    """Given a path under /api/ that matches nothing, then Django's 404 is JSON, not a page."""
    assert_error(client.get("/api/v1/nothing-here/"), 404, "not_found")


def test_an_id_that_is_not_a_number_is_404(world, caller):
    """Given a record id that cannot be a record, then 404 as for any missing record."""
    assert_error(caller("hub_manager").get("/api/v1/placements/abc/"), 404, "not_found")


def test_a_method_not_offered_is_405(world, caller):
    """Given DELETE on a placement, then 405 naming the method."""
    response = caller("hub_manager").delete(
        reverse("api:placement-detail", kwargs={"pk": world.placement.pk})
    )

    error = assert_error(response, 405, "method_not_allowed")
    assert "DELETE" in error["message"]


def test_a_body_that_is_not_json_is_415(world, caller):
    """Given a text body, then 415: the API reads JSON."""
    response = caller("hub_manager").post(
        reverse("api:placement-list"), "worker=1", content_type="text/plain"
    )

    assert_error(response, 415, "unsupported_media_type")


def test_a_session_write_without_the_csrf_token_is_403(world):
    """Given a browser session writing without the CSRF token, then 403 in the error shape."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.hub_manager)
    session = client.session
    session[SESSION_MFA_ENROLLED] = True
    session.save()

    response = client.patch(
        reverse("api:placement-detail", kwargs={"pk": world.placement.pk}),
        {"champion_name": "Forged Name"},
        content_type="application/json",
    )

    error = assert_error(response, 403, "permission_denied")
    assert "CSRF" in error["message"]


def test_a_session_past_its_absolute_limit_is_401_in_the_error_shape(world, login, settings):
    """Given a session older than the absolute limit, then 401 JSON rather than a redirect."""
    client = login(world.spoke_worker)
    session = client.session
    session[SESSION_AUTH_AT] = time.time() - settings.SESSION_ABSOLUTE_SECONDS - 1
    session.save()

    assert_error(client.get(reverse("api:me")), 401, "session_expired")


def test_an_unexpected_failure_is_500_in_the_error_shape(world, login, monkeypatch):
    """Given a view that fails unexpectedly, then 500 JSON that gives nothing away."""

    def fail(*args, **kwargs):
        raise RuntimeError("boom with internal detail")

    monkeypatch.setattr(CurrentUserView, "get", fail)
    client = login(world.spoke_worker)
    client.raise_request_exception = False

    response = client.get(reverse("api:me"))

    error = assert_error(response, 500, "server_error")
    assert "boom" not in response.content.decode()
    assert "request's id" in error["message"]


@pytest.mark.parametrize(
    ("raised", "fields"),
    [
        pytest.param(
            ValidationError({"ends_on": "After the start, please."}),
            {"ends_on": ["After the start, please."]},
            id="field errors keep their field",
        ),
        pytest.param(
            ValidationError({NON_FIELD_ERRORS: ["Overlaps another placement."]}),
            {"non_field_errors": ["Overlaps another placement."]},
            id="model-wide errors are non_field_errors",
        ),
        pytest.param(
            ValidationError("Line 2: a name and a GSS code are needed."),
            {"non_field_errors": ["Line 2: a name and a GSS code are needed."]},
            id="a plain message is non_field_errors",
        ),
    ],
)
def test_service_validation_errors_become_400_with_fields(raised, fields):
    """Given a Django ValidationError from a service, then a 400 in the shape with its fields."""
    response = exception_handler(raised, {})

    assert response is not None
    assert response.status_code == 400
    assert response.data == {
        "error": {
            "status": 400,
            "code": "invalid",
            "message": "Check the fields marked in this response.",
            "fields": fields,
        }
    }


def test_errors_not_for_the_api_are_left_to_django():
    """Given an exception DRF does not handle, then the handler passes it on (a 500 follows)."""
    assert exception_handler(RuntimeError("unexpected"), {}) is None


def test_a_browser_gets_json_errors_too(world, caller):
    """Given a browser asking for HTML, then an API error is still the JSON error shape."""
    response = caller("other_hub_manager").get(
        reverse("api:placement-detail", kwargs={"pk": world.placement.pk}),
        HTTP_ACCEPT="text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    )

    assert_error(response, 404, "not_found")
