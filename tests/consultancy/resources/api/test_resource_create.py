"""POST /api/v1/resources/ (multipart): hub staff share a resource with its first file."""

from __future__ import annotations

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from consultancy.models import Resource
from tests.api.conftest import assert_error
from tests.consultancy.resources.conftest import PDF, office_zip, upload

URL = reverse("api:resource-list")


def _data(world, **overrides):
    data = {
        "title": "Spotting the signs",
        "kind": "guide",
        "audience": "local_authorities",
        "local_authorities": [world.la_a.pk],
        "file": upload("signs.pdf", PDF),
        "change_note": "First edition.",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("name", "code"),
    [
        pytest.param("anonymous", 401, id="anonymous must authenticate"),
        pytest.param("partner", 403, id="a partner may not share"),
        pytest.param("hub_colleague", 201, id="hub staff share"),
    ],
)
def test_permissions(world, actor, name, code):
    response = actor(name).post(URL, _data(world))

    if code != 201:
        assert_error(response, code)
        assert not Resource.objects.exists()
        return
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["view"] == "hub"
    assert body["versions"][0]["original_name"] == "signs.pdf"
    assert body["versions"][0]["content_type"] == "application/pdf"
    assert AuditEvent.objects.filter(action=AuditEvent.Action.RESOURCE_CREATED).exists()


def test_a_word_document(world, actor):
    """Given a .docx that is an Office package, then it is accepted as Word."""
    response = actor("hub_manager").post(
        URL, _data(world, file=upload("plan.docx", office_zip("word/")))
    )

    assert response.status_code == 201, response.content
    assert "wordprocessingml" in response.json()["current_version"]["content_type"]


@pytest.mark.parametrize(
    ("overrides", "field", "said"),
    [
        pytest.param(
            {"file": upload("signs.pdf", b"MZ\x90\x00")},
            "upload",
            "not a PDF",
            id="renamed program",
        ),
        pytest.param({"file": upload("signs.svg", b"<svg/>")}, "upload", "must be a PDF", id="SVG"),
        pytest.param({"file": upload("signs.pdf", b"")}, "upload", "empty", id="empty"),
        pytest.param({"local_authorities": []}, "local_authorities", "Choose", id="no area"),
    ],
)
def test_bad_input_is_400(world, actor, overrides, field, said):
    """Given a bad file or no area, then 400 naming the field; nothing saved."""
    data = _data(world, **overrides)
    if not data["local_authorities"]:
        del data["local_authorities"]

    error = assert_error(actor("hub_manager").post(URL, data), 400, "invalid")

    assert said in error["fields"][field][0]
    assert not Resource.objects.exists()


def test_too_large_is_400(world, actor, settings):
    settings.CSE_HUB_RESOURCE_MAX_BYTES = 16

    error = assert_error(actor("hub_manager").post(URL, _data(world)), 400, "invalid")

    assert "smaller than 16" in error["fields"]["upload"][0]


def test_no_file_is_400(world, actor):
    data = _data(world)
    del data["file"]

    error = assert_error(actor("hub_manager").post(URL, data), 400, "invalid")

    assert "file" in error["fields"]


def test_json_is_415(world, actor):
    """Given a JSON body, then 415: a resource needs a file."""
    response = actor("hub_manager").post(URL, {"title": "x"}, content_type="application/json")

    assert_error(response, 415)
