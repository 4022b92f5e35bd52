"""Writes to shared resources: uploading, changing who sees them, new versions, withdrawing, and
the audited download.

Every upload is checked before anything is stored: not empty, no larger than
`settings.CSE_HUB_RESOURCE_MAX_BYTES`, and of a type we accept by its extension AND by its first
bytes (a renamed file is refused). The file is stored under a random name; the original name,
the type we recognised, the size and a SHA-256 digest are recorded. Access is the caller's
business: views and API views ask `consultancy.policies` first.
"""

from __future__ import annotations

import hashlib
import io
import unicodedata
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from audit.models import AuditEvent
from audit.services import audit_record
from consultancy.models import Resource, ResourceVersion
from consultancy.services.common import lock, save_changed
from partners.models import Agency, LocalAuthority
from partners.selectors import agencies_in_areas_of, local_authorities_covered_by

if TYPE_CHECKING:
    from accounts.models import User

TITLE_MAX = 200
CHANGE_NOTE_MAX = 300
ORIGINAL_NAME_MAX = 200
# What may be changed on a resource after it is shared (its file changes by a new version).
CHANGEABLE = ("title", "kind", "description", "audience", "local_authorities", "agencies")

_PDF = "application/pdf"
_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
_ODT = "application/vnd.oasis.opendocument.text"
_ODS = "application/vnd.oasis.opendocument.spreadsheet"
_ODP = "application/vnd.oasis.opendocument.presentation"


@dataclass(frozen=True)
class FileType:
    """A kind of file we accept: what people call it, its content type, how to recognise it."""

    name: str
    content_type: str
    check: str  # "pdf", "ooxml:<folder>", "odf", "png", "jpeg" or "text"


# By lower-case extension. Office documents are ZIP files: the folder inside says which one.
FILE_TYPES: dict[str, FileType] = {
    "pdf": FileType("PDF", _PDF, "pdf"),
    "docx": FileType("Word document", _DOCX, "ooxml:word/"),
    "xlsx": FileType("Excel spreadsheet", _XLSX, "ooxml:xl/"),
    "pptx": FileType("PowerPoint presentation", _PPTX, "ooxml:ppt/"),
    "odt": FileType("OpenDocument text", _ODT, "odf"),
    "ods": FileType("OpenDocument spreadsheet", _ODS, "odf"),
    "odp": FileType("OpenDocument presentation", _ODP, "odf"),
    "png": FileType("PNG image", "image/png", "png"),
    "jpg": FileType("JPEG image", "image/jpeg", "jpeg"),
    "jpeg": FileType("JPEG image", "image/jpeg", "jpeg"),
    "txt": FileType("plain text", "text/plain; charset=utf-8", "text"),
    "csv": FileType("CSV", "text/csv; charset=utf-8", "text"),
}
ACCEPTED_EXTENSIONS = tuple(f".{extension}" for extension in FILE_TYPES)
NO_AREA = "Choose at least one local authority to share it in."
NO_AGENCY = "Choose at least one agency to share it with."
ACCEPTED_SAID = "PDF, Word, Excel, PowerPoint, OpenDocument, PNG, JPEG, plain text or CSV"


def max_upload_bytes() -> int:
    return int(settings.CSE_HUB_RESOURCE_MAX_BYTES)


def max_upload_said() -> str:
    return str(filesizeformat(max_upload_bytes())).replace("\xa0", " ")


@dataclass(frozen=True)
class CheckedFile:
    """What an accepted upload is: the name it came with, its type, size and digest."""

    original_name: str
    content_type: str
    size: int
    sha256: str


def _original_name(name: str) -> str:
    """The file's own name, without any folders, control characters or excess length."""
    base = PurePath(name.replace("\\", "/")).name
    cleaned = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip()
    if len(cleaned) > ORIGINAL_NAME_MAX:
        stem, dot, extension = cleaned.rpartition(".")
        keep = ORIGINAL_NAME_MAX - len(extension) - 1
        cleaned = f"{stem[:keep]}.{extension}" if dot and keep > 0 else cleaned[:ORIGINAL_NAME_MAX]
    return cleaned


def _read_all(upload: File) -> bytes:  # type: ignore[type-arg]
    upload.seek(0)
    data = b"".join(upload.chunks())
    upload.seek(0)
    return data


def _zip_names(data: bytes) -> list[str] | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return None


def _odf_mimetype(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open("mimetype") as member:
            return member.read(200).decode("ascii", "replace").strip()
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, RuntimeError):
        return ""


def _looks_like(file_type: FileType, data: bytes) -> bool:
    """The file's first bytes (and, for office documents, its contents) match its type."""
    check = file_type.check
    if check == "pdf":
        return data.startswith(b"%PDF-")
    if check == "png":
        return data.startswith(b"\x89PNG\r\n\x1a\n")
    if check == "jpeg":
        return data.startswith(b"\xff\xd8\xff")
    if check == "text":
        if b"\x00" in data:
            return False
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return False
        return True
    if not data.startswith(b"PK\x03\x04"):
        return False
    if check == "odf":
        return _odf_mimetype(data) == file_type.content_type
    folder = check.split(":", 1)[1]
    names = _zip_names(data)
    return (
        names is not None
        and "[Content_Types].xml" in names
        and any(name.startswith(folder) for name in names)
    )


def resource_file_check(*, upload: Any, field: str = "upload") -> CheckedFile:
    """Accept a file (an upload, or any named Django `File`) of a known type by extension and
    first bytes, not empty nor too large."""
    if not isinstance(upload, File) or not upload.name:
        raise ValidationError({field: "Choose a file to upload."})
    name = _original_name(upload.name or "")
    size = upload.size or 0
    if size == 0:
        raise ValidationError({field: "The chosen file is empty."})
    if size > max_upload_bytes():
        raise ValidationError({field: f"The chosen file must be smaller than {max_upload_said()}."})
    extension = name.rpartition(".")[2].lower() if "." in name else ""
    file_type = FILE_TYPES.get(extension)
    if file_type is None:
        raise ValidationError({field: f"The chosen file must be a {ACCEPTED_SAID} file."})
    data = _read_all(upload)
    if not _looks_like(file_type, data):
        raise ValidationError(
            {
                field: f"The chosen file is called .{extension} but is not a {file_type.name} "
                "file. Save it again in that format, or choose another file."
            }
        )
    return CheckedFile(
        original_name=name,
        content_type=file_type.content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )


# Who a resource is shared with.


def areas_of_hub(*, hub: Agency) -> Any:
    """The local authorities a hub may share resources in: those it covers."""
    return local_authorities_covered_by(agency_ids={hub.pk})


def agencies_for_hub(*, hub: Agency) -> Any:
    """The partner agencies a hub may name: active agencies in its area, hubs excepted."""
    return agencies_in_areas_of(hub_ids={hub.pk}).exclude(kind=Agency.Kind.CSE_HUB)


def _clean_audience(
    *,
    hub: Agency,
    audience: str,
    local_authorities: Iterable[LocalAuthority],
    agencies: Iterable[Agency],
) -> tuple[list[LocalAuthority], list[Agency]]:
    """The areas or agencies the audience needs, each one the hub may share with."""
    if audience not in Resource.Audience.values:
        raise ValidationError({"audience": "Choose who may see the resource."})
    if audience == Resource.Audience.LOCAL_AUTHORITIES:
        chosen_las = list(local_authorities)
        if not chosen_las:
            raise ValidationError({"local_authorities": NO_AREA})
        allowed = set(areas_of_hub(hub=hub).values_list("pk", flat=True))
        if any(la.pk not in allowed for la in chosen_las):
            raise ValidationError(
                {"local_authorities": f"Choose local authorities that {hub} covers."}
            )
        return chosen_las, []
    chosen_agencies = list(agencies)
    if not chosen_agencies:
        raise ValidationError({"agencies": NO_AGENCY})
    allowed = set(agencies_for_hub(hub=hub).values_list("pk", flat=True))
    if any(agency.pk not in allowed for agency in chosen_agencies):
        raise ValidationError({"agencies": f"Choose partner agencies in the area {hub} covers."})
    return [], chosen_agencies


def _clean_text(values: dict[str, Any]) -> dict[str, Any]:
    cleaned = dict(values)
    if "title" in cleaned:
        cleaned["title"] = (cleaned["title"] or "").strip()
        if not cleaned["title"]:
            raise ValidationError({"title": "Enter a title."})
        if len(cleaned["title"]) > TITLE_MAX:
            raise ValidationError({"title": f"Enter a title of {TITLE_MAX} characters or fewer."})
    if "description" in cleaned:
        cleaned["description"] = (cleaned["description"] or "").strip()
    if "kind" in cleaned and cleaned["kind"] not in Resource.Kind.values:
        raise ValidationError({"kind": "Choose what kind of resource it is."})
    return cleaned


def _clean_change_note(change_note: str) -> str:
    note = (change_note or "").strip()
    if len(note) > CHANGE_NOTE_MAX:
        raise ValidationError(
            {"change_note": f"Say what changed in {CHANGE_NOTE_MAX} characters or fewer."}
        )
    return note


def _store_version(
    *,
    resource: Resource,
    by: User,
    upload: File,  # type: ignore[type-arg]
    checked: CheckedFile,
    note: str,
) -> ResourceVersion:
    """Save the file under a random name as the resource's next version, and make it current."""
    number = (
        resource.versions.order_by("-number").values_list("number", flat=True).first() or 0
    ) + 1
    version = ResourceVersion(
        resource=resource,
        number=number,
        original_name=checked.original_name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        change_note=note,
        uploaded_by=by,
    )
    upload.seek(0)
    # Only the random name the model gives it is used, never the uploader's.
    version.file.save(checked.original_name, upload, save=False)
    version.save()
    return version


# Writes.


@transaction.atomic
def resource_create(
    *,
    by: User,
    hub: Agency,
    title: str,
    kind: str,
    audience: str,
    upload: Any,
    description: str = "",
    local_authorities: Iterable[LocalAuthority] = (),
    agencies: Iterable[Agency] = (),
    change_note: str = "",
) -> Resource:
    """Share a new resource with its first version; nothing is stored if any check fails."""
    values = _clean_text({"title": title, "kind": kind, "description": description})
    chosen_las, chosen_agencies = _clean_audience(
        hub=hub, audience=audience, local_authorities=local_authorities, agencies=agencies
    )
    note = _clean_change_note(change_note)
    checked = resource_file_check(upload=upload)
    resource = Resource(hub=hub, audience=audience, created_by=by, **values)
    resource.full_clean(exclude=["current_version"])
    resource.save()
    resource.local_authorities.set(chosen_las)
    resource.agencies.set(chosen_agencies)
    version = _store_version(resource=resource, by=by, upload=upload, checked=checked, note=note)
    resource.current_version = version
    resource.save(update_fields=["current_version"])
    audit_record(
        actor=by,
        action=AuditEvent.Action.RESOURCE_CREATED,
        obj=resource,
        agency_id=hub.pk,
        metadata={
            "version_id": version.pk,
            "number": version.number,
            "audience": audience,
            "local_authority_ids": sorted(la.pk for la in chosen_las),
            "agency_ids": sorted(a.pk for a in chosen_agencies),
            "size": version.size,
            "sha256": version.sha256,
        },
    )
    return resource


def _current_set(resource: Resource, name: str) -> set[int]:
    return set(getattr(resource, name).values_list("pk", flat=True))


@transaction.atomic
def resource_update(*, resource: Resource, by: User, version: int, **fields: Any) -> Resource:
    """Change a resource's details or who may see it (its file changes by a new version)."""
    unknown = set(fields) - set(CHANGEABLE)
    if unknown:
        raise ValidationError(f"Unknown fields: {', '.join(sorted(unknown))}.")
    resource = lock(resource, version=version)
    if resource.is_withdrawn:
        raise ValidationError("This resource has been withdrawn, so it can no longer be changed.")
    values = _clean_text({k: v for k, v in fields.items() if k not in CHANGEABLE[3:]})
    audience = fields.get("audience", resource.audience)
    las_given = fields.get("local_authorities")
    agencies_given = fields.get("agencies")
    sharing_changed = any(name in fields for name in CHANGEABLE[3:])
    changed = [name for name, value in values.items() if getattr(resource, name) != value]
    for name in changed:
        setattr(resource, name, values[name])
    if sharing_changed:
        chosen_las, chosen_agencies = _clean_audience(
            hub=resource.hub,
            audience=audience,
            local_authorities=las_given
            if las_given is not None
            else resource.local_authorities.all(),
            agencies=agencies_given if agencies_given is not None else resource.agencies.all(),
        )
        if audience != resource.audience:
            resource.audience = audience
            changed.append("audience")
        if {la.pk for la in chosen_las} != _current_set(resource, "local_authorities"):
            resource.local_authorities.set(chosen_las)
            changed.append("local_authorities")
        if {a.pk for a in chosen_agencies} != _current_set(resource, "agencies"):
            resource.agencies.set(chosen_agencies)
            changed.append("agencies")
    if changed:
        resource.full_clean(exclude=["current_version"])
        save_changed(
            resource,
            [name for name in changed if name in ("title", "kind", "description", "audience")],
        )
        audit_record(
            actor=by,
            action=AuditEvent.Action.RESOURCE_CHANGED,
            obj=resource,
            agency_id=resource.hub_id,
            metadata={"fields": changed},
        )
    return resource


@transaction.atomic
def resource_version_upload(
    *, resource: Resource, by: User, upload: Any, change_note: str = "", version: int
) -> ResourceVersion:
    """Upload a new version, which partners see from now on; older ones stay for the hub."""
    resource = lock(resource, version=version)
    if resource.is_withdrawn:
        raise ValidationError("This resource has been withdrawn, so it cannot have a new version.")
    note = _clean_change_note(change_note)
    checked = resource_file_check(upload=upload)
    new = _store_version(resource=resource, by=by, upload=upload, checked=checked, note=note)
    resource.current_version = new
    save_changed(resource, ["current_version"])
    audit_record(
        actor=by,
        action=AuditEvent.Action.RESOURCE_VERSION_UPLOADED,
        obj=resource,
        agency_id=resource.hub_id,
        metadata={
            "fields": ["current_version"],
            "version_id": new.pk,
            "number": new.number,
            "size": new.size,
            "sha256": new.sha256,
        },
    )
    return new


@transaction.atomic
def resource_withdraw(*, resource: Resource, by: User, version: int) -> Resource:
    """Stop sharing a resource: partners no longer see it; the hub keeps its record."""
    resource = lock(resource, version=version)
    if resource.is_withdrawn:
        raise ValidationError("This resource has already been withdrawn.")
    resource.withdrawn_at = timezone.now()
    save_changed(resource, ["withdrawn_at"])
    audit_record(
        actor=by,
        action=AuditEvent.Action.RESOURCE_WITHDRAWN,
        obj=resource,
        agency_id=resource.hub_id,
        metadata={"fields": ["withdrawn_at"]},
    )
    return resource


@transaction.atomic
def resource_download(
    *, resource: Resource, by: User, number: int | None = None
) -> ResourceVersion:
    """The version to send (the current one unless a number is given), audited as downloaded."""
    versions = ResourceVersion.objects.filter(resource_id=resource.pk)
    if number is None:
        if resource.current_version_id is None:
            raise ValidationError("This resource has no file to download.")
        chosen = versions.filter(pk=resource.current_version_id).first()
    else:
        chosen = versions.filter(number=number).first()
    if chosen is None:
        raise ValidationError({"number": "This resource has no such version."})
    audit_record(
        actor=by,
        action=AuditEvent.Action.RESOURCE_DOWNLOADED,
        obj=resource,
        metadata={
            "version_id": chosen.pk,
            "number": chosen.number,
            "current": chosen.pk == resource.current_version_id,
        },
    )
    return chosen
