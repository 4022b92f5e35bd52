"""Forms for the partnership pages: they parse and offer choices; the services decide validity."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.forms.boundfield import BoundField

from accounts.models import User
from cse_hub.forms import DateInputField
from partners import selectors
from partners.models import (
    Agency,
    InformationSharingAgreement,
    LocalAuthority,
    ReminderSettings,
    SpokePlacement,
    SupervisionRecord,
)
from partners.selectors import PlacementStatus


def date_field(*, label: str, required_message: str = "", hint: str = "") -> DateInputField:
    """A GOV.UK date input (day, month, year); required when it has a message for missing."""
    return DateInputField(
        label=label,
        required=bool(required_message),
        help_text=hint or "For example, 27 3 2026",
        error_messages={"required": required_message} if required_message else {},
    )


def _with_current(queryset: QuerySet[Any], *current: Any) -> QuerySet[Any]:
    """The offered choices, plus what the record already has (so an edit never loses it)."""
    keep = [obj.pk for obj in current if obj is not None]
    if not keep:
        return queryset
    return queryset.model._default_manager.filter(
        Q(pk__in=queryset.values("pk")) | Q(pk__in=keep)
    ).order_by(*queryset.query.order_by)


class PersonChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return obj.full_name or obj.email


class ServiceForm(forms.Form):
    """A form whose data goes to a service; the service's validation errors come back here."""

    def add_service_error(self, error: ValidationError) -> None:
        if not hasattr(error, "error_dict"):
            self.add_error(None, error.messages)
            return
        for field, messages in error.message_dict.items():
            self.add_error(field if field in self.fields else None, messages)


# Spoke placements


class PlacementFilterForm(forms.Form):
    local_authority = forms.ModelChoiceField(
        queryset=LocalAuthority.objects.order_by("name"),
        required=False,
        empty_label="All local authorities",
        label="Local authority",
    )
    location_model = forms.ChoiceField(
        choices=[("", "All location models"), *SpokePlacement.LocationModel.choices],
        required=False,
        label="Location model",
    )
    status = forms.ChoiceField(
        choices=[
            (PlacementStatus.CURRENT, "Current and planned"),
            (PlacementStatus.ENDED, "Ended"),
            (PlacementStatus.ALL, "All"),
        ],
        required=False,
        label="Show",
    )

    def filters(self) -> dict[str, Any]:
        """Arguments for `placements_filtered`; unreadable filters fall back to the defaults."""
        data = self.cleaned_data if self.is_valid() else {}
        la = data.get("local_authority")
        return {
            "local_authority_id": la.pk if la else None,
            "location_model": data.get("location_model") or "",
            "status": data.get("status") or PlacementStatus.CURRENT,
        }


class PlacementForm(ServiceForm):
    hub = forms.ModelChoiceField(
        queryset=Agency.objects.none(),
        label="Hub",
        empty_label="Choose a hub",
        error_messages={"required": "Choose the hub the worker is employed by"},
    )
    worker = PersonChoiceField(
        queryset=User.objects.none(),
        label="Spoke worker",
        empty_label="Choose a spoke worker",
        error_messages={"required": "Choose the spoke worker"},
    )
    local_authority = forms.ModelChoiceField(
        queryset=LocalAuthority.objects.none(),
        label="Local authority",
        empty_label="Choose a local authority",
        error_messages={"required": "Choose the local authority the worker is placed in"},
    )
    host_agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(),
        required=False,
        label="Host agency",
        empty_label="No host agency",
        help_text=(
            "The partner the worker is based with. Leave empty for outreach or hub-based work."
        ),
    )
    location_model = forms.ChoiceField(
        choices=SpokePlacement.LocationModel.choices,
        widget=forms.RadioSelect,
        label="Where the worker is based",
        error_messages={"required": "Choose where the worker is based"},
    )
    starts_on = date_field(label="Start date", required_message="Enter the start date")
    ends_on = date_field(
        label="End date",
        hint=(
            "The first day the placement no longer applies. Set it to end the placement. "
            "For example, 27 3 2026"
        ),
    )
    champion_name = forms.CharField(
        label="Statutory champion",
        required=False,
        max_length=150,
        help_text="The named person in the host agency who supports the placement.",
    )
    champion_job_title = forms.CharField(
        label="Champion's job title", required=False, max_length=150
    )
    champion_email = forms.EmailField(
        label="Champion's email",
        required=False,
        error_messages={"invalid": "Enter the champion's email in the right format"},
    )

    def __init__(
        self, *args: Any, hub_ids: set[int], placement: SpokePlacement | None = None, **kwargs: Any
    ) -> None:
        if placement is not None:
            kwargs.setdefault("initial", _initial(placement, self.base_fields))
        super().__init__(*args, **kwargs)
        self.placement = placement
        current = placement or SpokePlacement()
        fields = self.fields
        fields["hub"].queryset = Agency.objects.filter(pk__in=hub_ids).order_by("name")  # type: ignore[attr-defined]
        fields["worker"].queryset = _with_current(  # type: ignore[attr-defined]
            selectors.spoke_workers_of(hub_ids=hub_ids), getattr(current, "worker", None)
        )
        fields["local_authority"].queryset = _with_current(  # type: ignore[attr-defined]
            selectors.local_authorities_covered_by(agency_ids=hub_ids),
            getattr(current, "local_authority", None),
        )
        fields["host_agency"].queryset = _with_current(  # type: ignore[attr-defined]
            selectors.agencies_in_areas_of(hub_ids=hub_ids).exclude(pk__in=hub_ids),
            current.host_agency,
        )
        if len(hub_ids) == 1 and placement is None:
            fields["hub"].initial = next(iter(hub_ids))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _check_dates(self, data.get("starts_on"), data.get("ends_on"))
        hub, la = data.get("hub"), data.get("local_authority")
        unchanged = self.placement is not None and la == self.placement.local_authority
        if hub and la and not unchanged and not hub.local_authorities.filter(pk=la.pk).exists():
            self.add_error("local_authority", f"Choose a local authority that {hub} covers")
        return data


def _check_dates(
    form: forms.Form, starts_on: datetime.date | None, ends_on: datetime.date | None
) -> None:
    if starts_on and ends_on and ends_on < starts_on:
        form.add_error("ends_on", "The end date must be the same as or after the start date")


def _initial(obj: Any, fields: dict[str, forms.Field]) -> dict[str, Any]:
    initial: dict[str, Any] = {}
    for name in fields:
        value: Any = getattr(obj, name, None)
        if hasattr(value, "all"):
            value = list(value.all())
        initial[name] = value
    return initial


# Information-sharing agreements


class AgreementFilterForm(forms.Form):
    status = forms.ChoiceField(
        choices=[("", "Any status"), *InformationSharingAgreement.Status.choices],
        required=False,
        label="Status",
    )
    review_due = forms.BooleanField(required=False, label="Only agreements due for review")

    def filters(self) -> dict[str, Any]:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "status": data.get("status") or "",
            "review_due_only": bool(data.get("review_due")),
        }


class AgreementForm(ServiceForm):
    title = forms.CharField(
        label="Title", max_length=200, error_messages={"required": "Enter a title"}
    )
    local_authority = forms.ModelChoiceField(
        queryset=LocalAuthority.objects.none(),
        label="Local authority",
        empty_label="Choose a local authority",
        error_messages={"required": "Choose the local authority the agreement covers"},
    )
    parties = forms.ModelMultipleChoiceField(
        queryset=Agency.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label="Agencies party to the agreement",
        help_text="Select all that apply, including your hub.",
        error_messages={"required": "Choose the agencies party to the agreement"},
    )
    scope = forms.CharField(
        label="What may be shared",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="The information, and for what purpose.",
        error_messages={"required": "Enter what may be shared, and for what purpose"},
    )
    lawful_basis = forms.ChoiceField(
        choices=InformationSharingAgreement.LawfulBasis.choices,
        widget=forms.RadioSelect,
        label="Lawful basis",
        error_messages={"required": "Choose the lawful basis for sharing"},
    )
    status = forms.ChoiceField(
        choices=InformationSharingAgreement.Status.choices,
        widget=forms.RadioSelect,
        label="Status",
        error_messages={"required": "Choose the status of the agreement"},
    )
    signed_on = date_field(label="Date signed")
    review_due_on = date_field(label="Review due")
    document_reference = forms.CharField(
        label="Document reference",
        required=False,
        max_length=200,
        help_text="Where the signed agreement is kept.",
    )

    def __init__(
        self,
        *args: Any,
        hub_ids: set[int],
        agreement: InformationSharingAgreement | None = None,
        **kwargs: Any,
    ) -> None:
        if agreement is not None:
            kwargs.setdefault("initial", _initial(agreement, self.base_fields))
        else:
            kwargs.setdefault("initial", {"status": InformationSharingAgreement.Status.DRAFT})
        super().__init__(*args, **kwargs)
        self.hub_ids = hub_ids
        current_parties = list(agreement.parties.all()) if agreement is not None else []
        self.fields["local_authority"].queryset = _with_current(  # type: ignore[attr-defined]
            selectors.local_authorities_covered_by(agency_ids=hub_ids),
            agreement.local_authority if agreement is not None else None,
        )
        self.fields["parties"].queryset = _with_current(  # type: ignore[attr-defined]
            selectors.agencies_in_areas_of(hub_ids=hub_ids), *current_parties
        )

    def clean_parties(self) -> Any:
        parties = self.cleaned_data["parties"]
        if not any(party.pk in self.hub_ids for party in parties):
            raise ValidationError("Include your hub among the parties")
        return parties


# Supervision


class SupervisionForm(ServiceForm):
    hub = forms.ModelChoiceField(
        queryset=Agency.objects.none(),
        label="Hub",
        empty_label="Choose a hub",
        error_messages={"required": "Choose the worker's hub"},
    )
    worker = PersonChoiceField(
        queryset=User.objects.none(),
        label="Spoke worker",
        empty_label="Choose a spoke worker",
        error_messages={"required": "Choose the spoke worker who was supervised"},
    )
    supervisor = PersonChoiceField(
        queryset=User.objects.none(),
        label="Supervisor",
        empty_label="Choose the supervisor",
        error_messages={"required": "Choose who gave the supervision"},
    )
    held_on = date_field(label="Date held", required_message="Enter the date it was held")
    kind = forms.ChoiceField(
        choices=SupervisionRecord.Kind.choices,
        widget=forms.RadioSelect,
        label="Kind of supervision",
        error_messages={"required": "Choose the kind of supervision"},
    )
    notes = forms.CharField(
        label="Notes",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=(
            "Themes and actions about the worker's practice and wellbeing. "
            "Do not include a young person's details."
        ),
    )

    def __init__(
        self,
        *args: Any,
        hub_ids: set[int],
        record: SupervisionRecord | None = None,
        supervisor: User | None = None,
        worker: User | None = None,
        **kwargs: Any,
    ) -> None:
        if record is not None:
            kwargs.setdefault("initial", _initial(record, self.base_fields))
        else:
            kwargs.setdefault(
                "initial",
                {"supervisor": supervisor, "worker": worker, "kind": SupervisionRecord.Kind.HUB},
            )
        super().__init__(*args, **kwargs)
        fields = self.fields
        fields["hub"].queryset = Agency.objects.filter(pk__in=hub_ids).order_by("name")  # type: ignore[attr-defined]
        fields["worker"].queryset = _with_current(  # type: ignore[attr-defined]
            selectors.spoke_workers_of(hub_ids=hub_ids),
            record.worker if record is not None else None,
        )
        fields["supervisor"].queryset = _with_current(  # type: ignore[attr-defined]
            selectors.supervisors_for(hub_ids=hub_ids),
            record.supervisor if record is not None else None,
        )
        if len(hub_ids) == 1 and record is None:
            fields["hub"].initial = next(iter(hub_ids))


# Reminder settings

# How the thresholds are grouped on the page, with each group's heading.
REMINDER_GROUPS: list[tuple[str, tuple[str, ...]]] = [
    ("Referrals", ("referral_screening_working_days",)),
    (
        "First contact and keeping in touch",
        ("first_contact_working_days", "first_contact_escalation_working_days", "no_contact_days"),
    ),
    (
        "Case reviews",
        ("review_weeks_high", "review_weeks_medium", "review_weeks_low", "review_notice_days"),
    ),
    ("Consultancy", ("consultancy_working_days",)),
    ("Sharing", ("share_expiry_notice_days", "agreement_review_notice_days")),
    ("Supervision", ("supervision_weeks",)),
]


def _threshold_field(name: str) -> forms.IntegerField:
    low, high = ReminderSettings.LIMITS[name]
    label = str(getattr(ReminderSettings._meta.get_field(name), "verbose_name", name))
    label = label[:1].upper() + label[1:]
    return forms.IntegerField(
        label=label,
        min_value=low,
        max_value=high,
        help_text=f"From {low} to {high}.",
        error_messages={
            "required": f"Enter a number for “{label}”.",
            "invalid": f"Enter “{label}” as a whole number.",
            "min_value": f"Enter a number from {low} to {high}.",
            "max_value": f"Enter a number from {low} to {high}.",
        },
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "spellcheck": "false", "class": "govuk-input--width-3"}
        ),
    )


class ReminderSettingsForm(ServiceForm):
    """Every threshold of a hub's reminders, and the version the manager started from."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ReminderSettings.LIMITS:
            self.fields[name] = _threshold_field(name)

    def thresholds(self) -> dict[str, int]:
        return {name: self.cleaned_data[name] for name in ReminderSettings.LIMITS}

    def groups(self) -> list[tuple[str, list[BoundField]]]:
        return [(heading, [self[name] for name in names]) for heading, names in REMINDER_GROUPS]
