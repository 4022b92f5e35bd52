"""resource_file_check: a file is accepted by its extension AND its first bytes, not empty and
not over the size limit."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from consultancy.services.resources import resource_file_check
from tests.consultancy.resources.conftest import JPEG, PDF, PNG, office_zip, open_document, upload

ODT = "application/vnd.oasis.opendocument.text"


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        pytest.param("guide.pdf", PDF, "application/pdf", id="PDF"),
        pytest.param(
            "plan.docx",
            office_zip("word/"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            id="Word",
        ),
        pytest.param(
            "tracker.xlsx",
            office_zip("xl/"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            id="Excel",
        ),
        pytest.param(
            "slides.PPTX",
            office_zip("ppt/"),
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            id="PowerPoint, upper-case extension",
        ),
        pytest.param("notes.odt", open_document(ODT), ODT, id="OpenDocument text"),
        pytest.param("poster.png", PNG, "image/png", id="PNG"),
        pytest.param("photo.jpeg", JPEG, "image/jpeg", id="JPEG"),
        pytest.param(
            "contacts.csv",
            b"Agency,Phone\nSchool nurse,01632 960000\n",
            "text/csv; charset=utf-8",
            id="CSV",
        ),
        pytest.param(
            "read-me.txt",
            "Café hours – weekdays".encode(),
            "text/plain; charset=utf-8",
            id="UTF-8 text",
        ),
    ],
)
def test_accepted_types_are_recorded_with_our_content_type(name, content, content_type):
    """Given a well-formed file of an accepted type, then it is accepted with the content type
    we recognised (never the one the client claimed), its size and digest."""
    checked = resource_file_check(upload=upload(name, content, content_type="application/x-evil"))

    assert checked.content_type == content_type
    assert checked.size == len(content)
    assert len(checked.sha256) == 64
    assert checked.original_name == name


@pytest.mark.parametrize(
    ("name", "content", "said"),
    [
        pytest.param("setup.exe", b"MZ\x90\x00", "must be a PDF", id="a program"),
        pytest.param("page.html", b"<html></html>", "must be a PDF", id="HTML"),
        pytest.param("no-extension", PDF, "must be a PDF", id="no extension"),
        pytest.param("guide.pdf", b"<script>alert(1)</script>", "not a PDF", id="HTML called .pdf"),
        pytest.param("poster.png", JPEG, "not a PNG", id="a JPEG called .png"),
        pytest.param("plan.docx", office_zip("xl/"), "not a Word", id="a spreadsheet called .docx"),
        pytest.param("plan.docx", b"PK\x03\x04broken", "not a Word", id="a broken ZIP"),
        pytest.param(
            "notes.odt",
            open_document("application/zip"),
            "not a OpenDocument",
            id="ODT without its mimetype",
        ),
        pytest.param("data.csv", b"\xff\xfe\x00a\x00b", "not a CSV", id="UTF-16 called .csv"),
        pytest.param("read-me.txt", b"abc\x00def", "not a plain text", id="binary called .txt"),
    ],
)
def test_wrong_types_are_refused_with_a_message(name, content, said):
    """Given a file whose extension or first bytes are not an accepted type, then it is refused
    on the upload field, saying why."""
    with pytest.raises(ValidationError) as refused:
        resource_file_check(upload=upload(name, content))

    assert said in refused.value.message_dict["upload"][0]


def test_an_empty_file_is_refused():
    """Given a file of no bytes, then it is refused as empty."""
    with pytest.raises(ValidationError) as refused:
        resource_file_check(upload=upload("guide.pdf", b""))

    assert refused.value.message_dict["upload"] == ["The chosen file is empty."]


def test_a_file_over_the_limit_is_refused_and_one_at_the_limit_accepted(settings):
    """Given a limit of 100 bytes, then a 101-byte PDF is refused, saying the limit, and a
    100-byte one is accepted."""
    settings.CSE_HUB_RESOURCE_MAX_BYTES = 100
    at_limit = PDF + b" " * (100 - len(PDF))

    assert resource_file_check(upload=upload("guide.pdf", at_limit)).size == 100
    with pytest.raises(ValidationError) as refused:
        resource_file_check(upload=upload("guide.pdf", at_limit + b" "))
    assert refused.value.message_dict["upload"] == [
        "The chosen file must be smaller than 100 bytes."
    ]


def test_no_file_is_refused():
    """Given nothing uploaded, then the message asks for a file."""
    with pytest.raises(ValidationError) as refused:
        resource_file_check(upload=None)

    assert refused.value.message_dict["upload"] == ["Choose a file to upload."]


def test_the_original_name_loses_folders_and_control_characters():
    """Given a name with a path and a control character, then only the file's own name is
    kept."""
    checked = resource_file_check(upload=upload("..\\..\\secret\\gui\x07de.pdf", PDF))

    assert checked.original_name == "guide.pdf"
