"""Error pages: GOV.UK pages for people, the one JSON error shape under /api/."""

from __future__ import annotations

import pytest
from django.test import Client

from cse_hub import urls as project_urls
from tests.ui.conftest import h1_of

pytestmark = pytest.mark.urls("tests.ui.error_urls")


@pytest.fixture
def quiet_client(db):
    """A client that gets the 500 page instead of the exception, as a browser would."""
    return Client(raise_request_exception=False)


def test_the_project_uses_these_handlers():
    """The project's URL map names the error views these tests exercise."""
    assert project_urls.handler400 == "cse_hub.views.bad_request"
    assert project_urls.handler403 == "cse_hub.views.permission_denied"
    assert project_urls.handler404 == "cse_hub.views.page_not_found"
    assert project_urls.handler500 == "cse_hub.views.server_error"


@pytest.mark.parametrize(
    ("path", "status", "heading"),
    [
        pytest.param("/ui-test/bad/", 400, "Sorry, there is a problem with your request", id="400"),
        pytest.param("/ui-test/forbidden/", 403, "You cannot do this", id="403"),
        pytest.param("/no-such-page/", 404, "Page not found", id="404"),
        pytest.param(
            "/ui-test/broken/", 500, "Sorry, there is a problem with the service", id="500"
        ),
    ],
)
def test_error_pages_are_govuk_pages(quiet_client, path, status, heading):
    """Given a page that fails, then the person sees a GOV.UK error page with that status."""
    response = quiet_client.get(path)
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert h1_of(response) == heading
    assert 'class="govuk-template"' in html
    assert '<h1 class="govuk-heading-l">' in html
    assert f"<title>{heading} – CSE Hub</title>" in html


def test_error_pages_keep_the_signed_in_layout(world, login):
    """Given a signed-in user on a missing page, then the page still shows who they are."""
    response = login(world.hub_manager).get("/no-such-page/")
    assert response.status_code == 404
    assert "Harriet Hub" in response.content.decode()


def test_server_error_page_gives_the_request_reference(quiet_client):
    """Given a failure, then the 500 page gives the request id support can find in the logs."""
    response = quiet_client.get("/ui-test/broken/", HTTP_X_REQUEST_ID="ref-1234567890")
    assert response.status_code == 500
    assert "ref-1234567890" in response.content.decode()


@pytest.mark.parametrize(
    ("path", "status", "code"),
    [
        pytest.param("/api/ui-test/bad/", 400, "bad_request", id="400"),
        pytest.param("/api/ui-test/forbidden/", 403, "permission_denied", id="403"),
        pytest.param("/api/v1/no-such-endpoint/", 404, "not_found", id="404"),
        pytest.param("/api/ui-test/broken/", 500, "server_error", id="500"),
    ],
)
def test_api_errors_are_the_json_error_shape(quiet_client, path, status, code):
    """Given an API path that fails, then the answer is the one JSON error shape."""
    response = quiet_client.get(path)
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["status"] == status
    assert body["error"]["code"] == code
    assert body["error"]["message"]


def test_a_form_sent_without_a_valid_token_gets_a_govuk_page(world):
    """Given a form posted without its CSRF token, then the refusal is a GOV.UK page."""
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"login": world.practitioner.email})
    assert response.status_code == 403
    assert h1_of(response) == "Sorry, this form has expired"
    assert 'class="govuk-template"' in response.content.decode()
