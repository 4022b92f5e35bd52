"""`manage.py import_local_authorities`: all rows or none, idempotent, clear about bad lines."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from audit.models import AuditEvent
from partners.models import LocalAuthority

EXAMPLE = Path(settings.BASE_DIR) / "partners" / "data" / "local_authorities_example.csv"

pytestmark = pytest.mark.django_db


def run(path: Path | str) -> str:
    out = StringIO()
    call_command("import_local_authorities", str(path), stdout=out)
    return out.getvalue()


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "authorities.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_example_file_imports_fictional_authorities_with_their_regions() -> None:
    """Given the shipped example, when imported, every authority is created with its region."""
    output = run(EXAMPLE)

    assert "9 created, 0 updated, 0 unchanged" in output
    assert LocalAuthority.objects.filter(gss_code__startswith="E99").count() == 9
    # Regions may be given by name as the ONS writes them, or by code.
    assert LocalAuthority.objects.get(gss_code="E99100003").region == "yorkshire"
    assert LocalAuthority.objects.get(gss_code="E99100002").region == "north_west"
    assert AuditEvent.objects.filter(action=AuditEvent.Action.LOCAL_AUTHORITY_CREATED).count() == 9


def test_importing_again_changes_nothing_and_renames_what_was_renamed(tmp_path: Path) -> None:
    """Given an imported file, when a renamed copy is imported, only the rename is applied."""
    run(EXAMPLE)
    renamed = EXAMPLE.read_text(encoding="utf-8").replace("Dunmarsh,", "Dunmarsh and Fenby,")

    assert "0 created, 0 updated, 9 unchanged" in run(EXAMPLE)
    output = run(write(tmp_path, renamed))

    assert "0 created, 1 updated, 8 unchanged" in output
    assert LocalAuthority.objects.get(gss_code="E99100004").name == "Dunmarsh and Fenby"
    assert LocalAuthority.objects.count() == 9


@pytest.mark.parametrize(
    ("bad_row", "message"),
    [
        pytest.param(",E99200003,", "Line 4: a name and a GSS code are needed", id="no name"),
        pytest.param("Nowhere,99,", "Line 4: '99' is not a GSS code", id="not a code"),
        pytest.param("Nowhere,E99200001,", "Line 4: E99200001 is already on line 2", id="twice"),
        pytest.param(
            "Nowhere,E99200003,Atlantis", "Line 4: unknown region 'Atlantis'", id="region"
        ),
    ],
)
def test_a_bad_line_is_named_and_nothing_is_imported(
    tmp_path: Path, bad_row: str, message: str
) -> None:
    """Given a file with one bad line, the command names the line and imports nothing."""
    path = write(
        tmp_path,
        "name,gss_code,region\nOakhollow,E99200001,London\nPinemere,E99200002,\n" + bad_row + "\n",
    )

    with pytest.raises(CommandError, match=message) as failed:
        run(path)

    assert "Nothing was imported" in str(failed.value)
    assert not LocalAuthority.objects.exists()
    assert not AuditEvent.objects.exists()


def test_line_numbers_count_the_lines_of_the_file(tmp_path: Path) -> None:
    """Given a blank line before a bad row, the error names the bad row's line in the file."""
    path = write(tmp_path, "name,gss_code\nOakhollow,E99200001\n\nPinemere,E9\n")

    with pytest.raises(CommandError, match="Line 4:"):
        run(path)


def test_a_file_without_the_header_is_refused(tmp_path: Path) -> None:
    """Given a CSV without name and gss_code columns, the header is asked for."""
    with pytest.raises(CommandError, match="header row with 'name' and 'gss_code'"):
        run(write(tmp_path, "authority,code_number\nOakhollow,E99200001\n"))


def test_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    """Given a path that does not exist, the command says it cannot read it."""
    with pytest.raises(CommandError, match="Cannot read"):
        run(tmp_path / "missing.csv")
