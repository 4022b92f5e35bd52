"""Forms for the training pages: they parse and offer choices; the services decide validity."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from accounts.models import User
from cases.forms import VersionForm
from consultancy.models import Topic, TrainingSession
from consultancy.selectors.training import TrainingFilters, When
from partners.forms import PersonChoiceField, ServiceForm, date_field
from partners.models import Agency, LocalAuthority, Membership

Status = TrainingSession.Status
WHOLE_SCORES = [("", "Not recorded"), *[(str(n), str(n)) for n in range(1, 6)]]
SCORE_HINT = "From 1 (not at all confident) to 5 (very confident)."
AVERAGE_HINT = (
    "The average of the group's evaluation forms, from 1 to 5, up to two decimal places. "
    "For example, 2.75."
)


class PeopleChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return obj.full_name or obj.email


class TrainingFilterForm(forms.Form):
    when = forms.ChoiceField(
        choices=[(When.ALL, "All dates"), (When.UPCOMING, "Upcoming"), (When.PAST, "Past")],
        required=False,
        label="When",
    )
    status = forms.ChoiceField(
        choices=[("", "All statuses"), *Status.choices], required=False, label="Status"
    )
    local_authority = forms.ModelChoiceField(
        queryset=LocalAuthority.objects.none(),
        required=False,
        empty_label="All local authorities",
        label="Local authority",
    )
    trainer = PersonChoiceField(
        queryset=User.objects.none(), required=False, empty_label="All trainers", label="Trainer"
    )

    def __init__(
        self,
        data: Any,
        *,
        local_authorities: QuerySet[LocalAuthority],
        trainers: QuerySet[User],
    ) -> None:
        super().__init__(data)
        self.fields["local_authority"].queryset = local_authorities  # type: ignore[attr-defined]
        self.fields["trainer"].queryset = trainers  # type: ignore[attr-defined]

    def filters(self) -> TrainingFilters:
        """The selector's filters; unreadable filters fall back to the defaults."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        la = data.get("local_authority")
        trainer = data.get("trainer")
        return TrainingFilters(
            local_authority_id=la.pk if la else None,
            status=data.get("status") or "",
            trainer_id=trainer.pk if trainer else None,
            when=data.get("when") or When.ALL,
        )


class TrainingForm(ServiceForm):
    """A session's details: the same form plans one, records one delivered, and changes one."""

    hub = forms.ModelChoiceField(
        queryset=Agency.objects.none(),
        label="Hub",
        empty_label="Choose a hub",
        error_messages={"required": "Choose the hub delivering the training"},
    )
    title = forms.CharField(
        label="Title", max_length=200, error_messages={"required": "Enter the title"}
    )
    audience = forms.CharField(
        label="Who it is for",
        max_length=200,
        help_text="For example, social workers in the MASH.",
        error_messages={"required": "Enter who the session is for"},
    )
    local_authority = forms.ModelChoiceField(
        queryset=LocalAuthority.objects.none(),
        label="Local authority",
        empty_label="Choose a local authority",
        error_messages={"required": "Choose the local authority the training is for"},
    )
    status = forms.ChoiceField(
        choices=Status.choices,
        widget=forms.RadioSelect,
        label="Status",
        initial=Status.PLANNED,
        error_messages={"required": "Choose whether the session is planned or delivered"},
    )
    delivered_on = date_field(
        label="Date",
        required_message="Enter the date of the session",
        hint="For example, 27 3 2026",
    )
    duration_minutes = forms.IntegerField(
        label="Length in minutes",
        help_text="For example, 90 for an hour and a half.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4"}),
        error_messages={
            "required": "Enter how long the session lasts, in minutes",
            "invalid": "Enter a whole number of minutes",
        },
    )
    venue = forms.CharField(label="Venue", max_length=200, required=False)
    trainers = PeopleChoiceField(
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label="Trainers",
        error_messages={"required": "Choose at least one trainer"},
    )
    topics = forms.MultipleChoiceField(
        choices=Topic.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Topics",
    )
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        label="Description",
        help_text="What the session covers. Do not name or describe any young person.",
    )

    def __init__(
        self,
        data: Any = None,
        *,
        hubs: QuerySet[Agency],
        local_authorities: QuerySet[LocalAuthority],
        trainers: QuerySet[User],
        **kwargs: Any,
    ) -> None:
        super().__init__(data, **kwargs)
        self.fields["hub"].queryset = hubs  # type: ignore[attr-defined]
        self.fields["local_authority"].queryset = local_authorities  # type: ignore[attr-defined]
        self.fields["trainers"].queryset = trainers  # type: ignore[attr-defined]
        if len(hubs) == 1:
            # One hub: nothing to choose.
            self.fields["hub"].initial = hubs[0].pk
            self.fields["hub"].widget = forms.HiddenInput()

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["trainers"] = list(data["trainers"])
        return data


class TrainingChangeForm(VersionForm, TrainingForm):
    """Changing a session: its details, status and the feedback summary."""

    feedback = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        label="Feedback summary",
        help_text=(
            "What attendees said in their evaluations, once the session has been delivered."
        ),
    )

    field_order = [
        "version",
        "title",
        "audience",
        "local_authority",
        "status",
        "delivered_on",
        "duration_minutes",
        "venue",
        "trainers",
        "topics",
        "description",
        "feedback",
    ]

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        # The hub a session belongs to never changes.
        del self.fields["hub"]

    def service_kwargs(self) -> dict[str, Any]:
        data = super().service_kwargs()
        data.pop("version", None)
        return data


# Attendance.


class AttendeeSearchForm(forms.Form):
    q = forms.CharField(
        label="Search by name or email",
        max_length=100,
        required=False,
        help_text="At least 2 letters. People who work for an agency in the session's area.",
    )


class MembershipChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        name = obj.user.full_name or obj.user.email
        return f"{name}, {obj.get_role_display()}, {obj.agency.name}"


class NamedAttendeeForm(ServiceForm):
    membership = MembershipChoiceField(
        queryset=Membership.objects.none(),
        widget=forms.RadioSelect,
        label="Who attended",
        empty_label=None,
        error_messages={
            "required": "Choose who attended",
            "invalid_choice": "Choose someone from the list",
        },
    )
    confidence_before = forms.ChoiceField(
        choices=WHOLE_SCORES, required=False, label="Confidence before", help_text=SCORE_HINT
    )
    confidence_after = forms.ChoiceField(
        choices=WHOLE_SCORES, required=False, label="Confidence after", help_text=SCORE_HINT
    )

    def __init__(self, data: Any = None, *, memberships: QuerySet[Membership], **kw: Any) -> None:
        super().__init__(data, **kw)
        self.fields["membership"].queryset = memberships  # type: ignore[attr-defined]


class AgencyCountForm(ServiceForm):
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(),
        label="Agency",
        empty_label="Choose an agency",
        error_messages={"required": "Choose the agency"},
    )
    count = forms.IntegerField(
        label="Number of people",
        help_text="People from this agency who are not named. Named attendees count separately.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4"}),
        error_messages={
            "required": "Enter how many people came",
            "invalid": "Enter how many people came, as a whole number",
        },
    )
    confidence_before = forms.CharField(
        label="Average confidence before",
        required=False,
        max_length=5,
        help_text=AVERAGE_HINT,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-4"}),
    )
    confidence_after = forms.CharField(
        label="Average confidence after",
        required=False,
        max_length=5,
        help_text=AVERAGE_HINT,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-4"}),
    )

    def __init__(self, data: Any = None, *, agencies: QuerySet[Agency] | None, **kw: Any) -> None:
        super().__init__(data, **kw)
        if agencies is None:
            # Changing a count: the agency stays.
            del self.fields["agency"]
        else:
            self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]


class NamedScoresForm(ServiceForm):
    confidence_before = forms.ChoiceField(
        choices=WHOLE_SCORES, required=False, label="Confidence before", help_text=SCORE_HINT
    )
    confidence_after = forms.ChoiceField(
        choices=WHOLE_SCORES, required=False, label="Confidence after", help_text=SCORE_HINT
    )
