"""Forms for the resource pages: they parse and offer choices; the services decide validity."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from cases.forms import VersionForm
from consultancy.models import Resource
from consultancy.selectors.resources import ResourceFilters
from consultancy.services.resources import (
    ACCEPTED_EXTENSIONS,
    ACCEPTED_SAID,
    CHANGE_NOTE_MAX,
    NO_AGENCY,
    NO_AREA,
    TITLE_MAX,
    max_upload_said,
)
from partners.forms import ServiceForm
from partners.models import Agency, LocalAuthority


def _file_field(*, label: str) -> forms.FileField:
    return forms.FileField(
        label=label,
        # The service says what is wrong with an empty file, in the same words as the API.
        allow_empty_file=True,
        help_text=f"{ACCEPTED_SAID}; smaller than {max_upload_said()}.",
        error_messages={"required": "Choose a file to upload."},
        widget=forms.FileInput(attrs={"accept": ",".join(ACCEPTED_EXTENSIONS)}),
    )


def _change_note(*, required: bool) -> forms.CharField:
    return forms.CharField(
        label="What changed" if required else "Note about this version",
        max_length=CHANGE_NOTE_MAX,
        required=required,
        help_text="For example, updated contact numbers for 2026.",
        error_messages={"required": "Say what changed in this version."},
    )


class _SharingFields(ServiceForm):
    """Who may see a resource: every partner in chosen local authorities, or named agencies."""

    audience = forms.ChoiceField(
        choices=Resource.Audience.choices,
        widget=forms.RadioSelect,
        label="Who may see it",
        error_messages={"required": "Choose who may see the resource."},
    )
    local_authorities = forms.ModelMultipleChoiceField(
        queryset=LocalAuthority.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Local authorities",
        help_text="If shared with every partner agency in chosen local authorities.",
        error_messages={"invalid_choice": "Choose local authorities from the list."},
    )
    agencies = forms.ModelMultipleChoiceField(
        queryset=Agency.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Agencies",
        help_text="If shared with named agencies only.",
        error_messages={"invalid_choice": "Choose agencies from the list."},
    )

    def clean(self) -> dict[str, Any]:
        """Ask for the areas or agencies the audience needs alongside any other error; the
        service checks each is one the hub may share with."""
        data = super().clean() or {}
        audience = data.get("audience")
        if audience == Resource.Audience.LOCAL_AUTHORITIES and not data.get("local_authorities"):
            self.add_error("local_authorities", NO_AREA)
        if audience == Resource.Audience.AGENCIES and not data.get("agencies"):
            self.add_error("agencies", NO_AGENCY)
        return data

    def _offer(
        self, *, local_authorities: QuerySet[LocalAuthority], agencies: QuerySet[Agency]
    ) -> None:
        self.fields["local_authorities"].queryset = local_authorities  # type: ignore[attr-defined]
        self.fields["agencies"].queryset = agencies  # type: ignore[attr-defined]


class ResourceForm(_SharingFields):
    """Share a new resource: its details, who may see it, and the file."""

    hub = forms.ModelChoiceField(
        queryset=Agency.objects.none(),
        label="Shared by",
        empty_label=None,
        widget=forms.HiddenInput,
    )
    title = forms.CharField(
        label="Title", max_length=TITLE_MAX, error_messages={"required": "Enter a title."}
    )
    kind = forms.ChoiceField(
        choices=Resource.Kind.choices,
        widget=forms.RadioSelect,
        label="What kind of resource it is",
        error_messages={"required": "Choose what kind of resource it is."},
    )
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        label="Description",
        help_text="Who it is for and how to use it.",
    )
    upload = _file_field(label="File")
    change_note = _change_note(required=False)

    field_order = ["hub", "title", "kind", "description", "audience", "local_authorities"]

    def __init__(
        self,
        data: Any = None,
        files: Any = None,
        *,
        hubs: QuerySet[Agency],
        local_authorities: QuerySet[LocalAuthority],
        agencies: QuerySet[Agency],
        **kwargs: Any,
    ) -> None:
        super().__init__(data, files, **kwargs)
        self.fields["hub"].queryset = hubs  # type: ignore[attr-defined]
        if hubs.count() > 1:
            self.fields["hub"].widget = forms.Select()
        self._offer(local_authorities=local_authorities, agencies=agencies)


class ResourceDetailsForm(_SharingFields, VersionForm):
    """Change a resource's details and who may see it."""

    title = forms.CharField(
        label="Title", max_length=TITLE_MAX, error_messages={"required": "Enter a title."}
    )
    kind = forms.ChoiceField(
        choices=Resource.Kind.choices,
        widget=forms.RadioSelect,
        label="What kind of resource it is",
        error_messages={"required": "Choose what kind of resource it is."},
    )
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), required=False, label="Description"
    )

    field_order = ["title", "kind", "description", "audience", "local_authorities", "agencies"]

    def __init__(
        self,
        data: Any = None,
        *,
        local_authorities: QuerySet[LocalAuthority],
        agencies: QuerySet[Agency],
        **kwargs: Any,
    ) -> None:
        super().__init__(data, **kwargs)
        self._offer(local_authorities=local_authorities, agencies=agencies)

    @staticmethod
    def initial_from(resource: Resource) -> dict[str, Any]:
        return {
            "version": resource.version,
            "title": resource.title,
            "kind": resource.kind,
            "description": resource.description,
            "audience": resource.audience,
            "local_authorities": [la.pk for la in resource.local_authorities.all()],
            "agencies": [a.pk for a in resource.agencies.all()],
        }


class ResourceVersionForm(VersionForm):
    """Upload a new version of a resource's file."""

    upload = _file_field(label="New file")
    change_note = _change_note(required=True)


class ResourceWithdrawForm(VersionForm):
    pass


class ResourceFilterForm(forms.Form):
    search = forms.CharField(required=False, label="Title contains", max_length=100)
    kind = forms.ChoiceField(
        choices=[("", "All kinds"), *Resource.Kind.choices], required=False, label="Kind"
    )
    state = forms.ChoiceField(
        choices=[("live", "Shared now"), ("withdrawn", "Withdrawn"), ("all", "All")],
        required=False,
        label="Show",
    )

    def __init__(self, data: Any, *, hub_side: bool) -> None:
        super().__init__(data)
        if not hub_side:
            del self.fields["state"]

    def filters(self) -> ResourceFilters:
        """The selector's filters; unreadable filters fall back to the defaults."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return ResourceFilters(
            kind=data.get("kind") or "",
            search=(data.get("search") or "").strip(),
            state=data.get("state") or "live",
        )
