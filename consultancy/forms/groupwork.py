"""Forms for awareness sessions and group work: they parse and offer choices; the services
decide validity."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from cases.models import Case, CaseworkEntry
from consultancy.models import AwarenessSession, GroupWorkParticipant, Topic
from consultancy.selectors.groupwork import AwarenessFilters, ProgrammeFilters
from consultancy.services.common import MAX_DURATION_MINUTES
from consultancy.services.groupwork import (
    ATTENDANCE_NOTE_MAX,
    OLDEST_AGE,
    SESSION_ATTENDANCE,
    YOUNGEST_AGE,
)
from partners.forms import ServiceForm, date_field
from partners.models import Agency, LocalAuthority

_TIME_HINT = "Use the 24-hour clock, for example 16:30"
_NUMBER = {"inputmode": "numeric"}
MONTHS_OFFERED = 24


def _number_field(*, label: str, what: str, width: int = 3, hint: str = "") -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        help_text=hint,
        widget=forms.TextInput(attrs={**_NUMBER, "class": f"govuk-input--width-{width}"}),
        error_messages={
            "required": f"Enter the {what}",
            "invalid": f"Enter the {what} as a whole number",
        },
    )


def _people_field(
    *, label: str, hint: str, required_message: str
) -> forms.ModelMultipleChoiceField:
    field = forms.ModelMultipleChoiceField(
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label=label,
        help_text=hint,
        error_messages={"required": required_message},
    )
    field.label_from_instance = lambda person: person.full_name or person.email  # type: ignore[method-assign,assignment]
    return field


def _topics_field(hint: str) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        choices=Topic.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Topics",
        help_text=hint,
    )


class _HubForm(ServiceForm):
    """A form for a record of one of the user's hubs: the hub is asked only of someone who
    works for more than one."""

    hub = forms.ModelChoiceField(
        queryset=Agency.objects.none(),
        label="Hub",
        empty_label="Choose a hub",
        error_messages={"required": "Choose the hub"},
    )

    def __init__(
        self,
        data: Any,
        *,
        hubs: QuerySet[Agency] | None,
        local_authorities: QuerySet[LocalAuthority],
        people: QuerySet[User],
        initial: dict[str, Any] | None = None,
        versioned: bool = False,
    ) -> None:
        super().__init__(data, initial=initial)
        hub_list = list(hubs) if hubs is not None else []
        if len(hub_list) > 1:
            self.fields["hub"].queryset = hubs  # type: ignore[attr-defined]
            self.only_hub: Agency | None = None
        else:
            # One hub (or an edit, whose hub never changes): nothing to ask.
            del self.fields["hub"]
            self.only_hub = hub_list[0] if hub_list else None
        self.fields["local_authority"].queryset = local_authorities  # type: ignore[attr-defined]
        self.fields[self.people_field].queryset = people  # type: ignore[attr-defined]
        if versioned:
            self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    people_field = ""

    def chosen_hub(self) -> Agency | None:
        return self.cleaned_data.get("hub") or self.only_hub


# Awareness sessions.


def month_choices(today: datetime.date | None = None) -> list[tuple[str, str]]:
    """The last two years' months, newest first, as ("YYYY-MM", "May 2026")."""
    day = (today or timezone.localdate()).replace(day=1)
    months = []
    for _ in range(MONTHS_OFFERED):
        months.append((day.strftime("%Y-%m"), day.strftime("%B %Y")))
        day = (day - datetime.timedelta(days=1)).replace(day=1)
    return months


class AwarenessFilterForm(forms.Form):
    local_authority = forms.ModelChoiceField(
        queryset=LocalAuthority.objects.none(),
        required=False,
        empty_label="All local authorities",
        label="Local authority",
    )
    month = forms.ChoiceField(choices=[], required=False, label="Month")

    def __init__(self, data: Any, *, local_authorities: QuerySet[LocalAuthority]) -> None:
        super().__init__(data)
        self.fields["local_authority"].queryset = local_authorities  # type: ignore[attr-defined]
        self.fields["month"].choices = [("", "All months"), *month_choices()]  # type: ignore[attr-defined]

    def filters(self) -> AwarenessFilters:
        """The selector's filters; unreadable filters fall back to none."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        la = data.get("local_authority")
        month = data.get("month") or ""
        first = datetime.date.fromisoformat(f"{month}-01") if month else None
        return AwarenessFilters(local_authority_id=la.pk if la else None, month=first)


class AwarenessForm(_HubForm):
    """An awareness session: where, when, how long, who was reached, what it covered."""

    people_field = "delivered_by"

    local_authority = forms.ModelChoiceField(
        queryset=LocalAuthority.objects.none(),
        label="Local authority",
        empty_label="Choose a local authority",
        error_messages={"required": "Choose the local authority"},
    )
    setting = forms.ChoiceField(
        choices=AwarenessSession.Setting.choices,
        widget=forms.RadioSelect,
        label="Kind of setting",
        error_messages={"required": "Choose the kind of setting"},
    )
    setting_name = forms.CharField(
        max_length=200,
        label="Name of the school or setting",
        help_text="For example, Ashdown Academy.",
        error_messages={"required": "Enter the name of the school or setting"},
    )
    delivered_on = date_field(label="Date", required_message="Enter the date of the session")
    duration_minutes = _number_field(label="Length in minutes", what="length in minutes")
    young_people_reached = _number_field(
        label="Number of young people",
        what="number of young people",
        width=4,
        hint="How many young people took part.",
    )
    age_from = _number_field(
        label="Youngest age",
        what="youngest age",
        width=2,
        hint=f"From {YOUNGEST_AGE} to {OLDEST_AGE}.",
    )
    age_to = _number_field(
        label="Oldest age", what="oldest age", width=2, hint=f"From {YOUNGEST_AGE} to {OLDEST_AGE}."
    )
    topics = _topics_field("What the session covered. Choose all that apply.")
    delivered_by = _people_field(
        label="Who delivered it",
        hint="Choose everyone from the hub who delivered the session.",
        required_message="Choose who delivered the session",
    )
    notes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        label="Notes",
        help_text=(
            "About the session and the group: how it went, what to do next time. "
            "Do not name or describe any young person."
        ),
    )

    field_order = [
        "hub",
        "setting",
        "setting_name",
        "local_authority",
        "delivered_on",
        "duration_minutes",
        "young_people_reached",
        "age_from",
        "age_to",
        "topics",
        "delivered_by",
        "notes",
    ]

    @staticmethod
    def initial_for(session: AwarenessSession) -> dict[str, Any]:
        return {
            "local_authority": session.local_authority_id,
            "setting": session.setting,
            "setting_name": session.setting_name,
            "delivered_on": session.delivered_on,
            "duration_minutes": session.duration_minutes,
            "young_people_reached": session.young_people_reached,
            "age_from": session.age_from,
            "age_to": session.age_to,
            "topics": list(session.topics),
            "delivered_by": [person.pk for person in session.delivered_by.all()],
            "notes": session.notes,
            "version": session.version,
        }

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            name: data[name]
            for name in (
                "local_authority",
                "setting",
                "setting_name",
                "delivered_on",
                "duration_minutes",
                "young_people_reached",
                "age_from",
                "age_to",
                "notes",
            )
        } | {"topics": list(data.get("topics") or []), "delivered_by": list(data["delivered_by"])}


# Group-work programmes.


class ProgrammeFilterForm(forms.Form):
    local_authority = forms.ModelChoiceField(
        queryset=LocalAuthority.objects.none(),
        required=False,
        empty_label="All local authorities",
        label="Local authority",
    )
    status = forms.ChoiceField(
        choices=[("current", "Running now or starting soon"), ("ended", "Ended"), ("all", "All")],
        required=False,
        label="Show",
    )

    def __init__(self, data: Any, *, local_authorities: QuerySet[LocalAuthority]) -> None:
        super().__init__(data)
        self.fields["local_authority"].queryset = local_authorities  # type: ignore[attr-defined]

    def filters(self) -> ProgrammeFilters:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        la = data.get("local_authority")
        return ProgrammeFilters(
            local_authority_id=la.pk if la else None, status=data.get("status") or "current"
        )


class ProgrammeForm(_HubForm):
    people_field = "facilitators"

    title = forms.CharField(
        max_length=200,
        label="Title",
        help_text="For example, Healthy relationships group, spring term.",
        error_messages={"required": "Enter the programme's title"},
    )
    local_authority = forms.ModelChoiceField(
        queryset=LocalAuthority.objects.none(),
        label="Local authority",
        empty_label="Choose a local authority",
        error_messages={"required": "Choose the local authority"},
    )
    setting_name = forms.CharField(
        max_length=200,
        label="Where it meets",
        help_text="For example, Ashdown Youth Centre.",
        error_messages={"required": "Enter where the group meets"},
    )
    starts_on = date_field(label="Start date", required_message="Enter the start date")
    ends_on = date_field(
        label="End date", hint="Leave empty if it has no set end. For example, 27 3 2026"
    )
    facilitators = _people_field(
        label="Facilitators",
        hint="Everyone from the hub who runs the group.",
        required_message="Choose who runs the group",
    )
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        label="What the programme is for",
        help_text="Its aims and who it is for. Do not name or describe any young person.",
    )

    field_order = [
        "hub",
        "title",
        "local_authority",
        "setting_name",
        "starts_on",
        "ends_on",
        "facilitators",
        "description",
    ]

    @staticmethod
    def initial_for(programme: Any) -> dict[str, Any]:
        return {
            "title": programme.title,
            "local_authority": programme.local_authority_id,
            "setting_name": programme.setting_name,
            "starts_on": programme.starts_on,
            "ends_on": programme.ends_on,
            "facilitators": [person.pk for person in programme.facilitators.all()],
            "description": programme.description,
            "version": programme.version,
        }

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "local_authority": data["local_authority"],
            "setting_name": data["setting_name"],
            "starts_on": data["starts_on"],
            "ends_on": data.get("ends_on"),
            "facilitators": list(data["facilitators"]),
            "description": data.get("description", ""),
        }


class CaseChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        lead = obj.lead_worker.full_name if obj.lead_worker else "no lead worker"
        return f"{obj.young_person.display_name} (case {obj.pk}, {lead})"


class ParticipantAddForm(ServiceForm):
    case = CaseChoiceField(
        queryset=Case.objects.none(),
        label="Young person",
        empty_label="Choose a young person",
        help_text=(
            "Young people with an open case in the programme's local authority that you work on."
        ),
        error_messages={
            "required": "Choose a young person",
            "invalid_choice": "Choose a young person from the list",
        },
    )

    def __init__(self, data: Any, *, cases: QuerySet[Case]) -> None:
        super().__init__(data)
        self.fields["case"].queryset = cases.select_related(  # type: ignore[attr-defined]
            "young_person", "lead_worker"
        ).order_by("young_person__first_name", "young_person__last_name", "pk")


# Group sessions.


class GroupSessionForm(ServiceForm):
    """A session's date, time, length and topic, and a register of everyone in the group."""

    held_on = date_field(label="Date", required_message="Enter the date of the session")
    held_time = forms.TimeField(
        label="Start time",
        help_text=_TIME_HINT,
        input_formats=["%H:%M", "%H.%M", "%H%M"],
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", **_NUMBER}),
        error_messages={
            "required": "Enter the start time",
            "invalid": "Enter a real time, for example 16:30",
        },
    )
    duration_minutes = forms.IntegerField(
        label="Length in minutes",
        min_value=1,
        max_value=MAX_DURATION_MINUTES,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-3", **_NUMBER}),
        error_messages={
            "required": "Enter the length in minutes",
            "invalid": "Enter the length as a whole number of minutes",
            "min_value": "The length must be at least 1 minute",
            "max_value": "The length must be no more than 24 hours",
        },
    )
    topic = forms.CharField(
        max_length=200,
        label="What the session covered",
        help_text="For example, Online safety and sharing images. Every young person's casework "
        "entry names the programme and this.",
        error_messages={"required": "Say what the session covered"},
    )
    notes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        label="Notes about the group",
        help_text=(
            "How the group went as a whole. Write about one young person in their own note "
            "below: it goes on their case, where only people who may see it can read it."
        ),
    )

    def __init__(
        self, data: Any, *, participants: Iterable[tuple[GroupWorkParticipant, str]]
    ) -> None:
        now = timezone.localtime()
        super().__init__(data, initial={"held_on": now.date()})
        self.register: list[dict[str, Any]] = []
        for participant, name in participants:
            attendance = f"attendance_{participant.case_id}"
            note = f"note_{participant.case_id}"
            self.fields[attendance] = forms.ChoiceField(
                choices=[
                    (value, CaseworkEntry.Attendance(value).label) for value in SESSION_ATTENDANCE
                ],
                widget=forms.RadioSelect,
                label=f"Did {name} attend?",
                error_messages={"required": f"Say whether {name} attended"},
            )
            self.fields[note] = forms.CharField(
                max_length=ATTENDANCE_NOTE_MAX,
                required=False,
                label=f"Note for {name}'s case",
                help_text="A line for their casework entry, for example how they took part.",
                error_messages={
                    "max_length": f"Keep the note for {name} to {ATTENDANCE_NOTE_MAX} characters"
                },
            )
            self.register.append(
                {
                    "case_id": participant.case_id,
                    "name": name,
                    "attendance": attendance,
                    "note": note,
                }
            )

    @property
    def session_fields(self) -> list[Any]:
        return [
            self[name] for name in ("held_on", "held_time", "duration_minutes", "topic", "notes")
        ]

    def register_fields(self) -> list[dict[str, Any]]:
        return [
            {**row, "attendance_field": self[row["attendance"]], "note_field": self[row["note"]]}
            for row in self.register
        ]

    def add_service_error(self, error: ValidationError) -> None:
        if hasattr(error, "error_dict") and "held_at" in error.error_dict:
            errors = dict(error.error_dict)
            errors["held_on"] = errors.pop("held_at")
            error = ValidationError(errors)
        super().add_service_error(error)

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        held_at = timezone.make_aware(datetime.datetime.combine(data["held_on"], data["held_time"]))
        return {
            "held_at": held_at,
            "duration_minutes": data["duration_minutes"],
            "topic": data["topic"],
            "notes": data.get("notes", ""),
            "attendance": {row["case_id"]: data[row["attendance"]] for row in self.register},
            "notes_by_case": {
                row["case_id"]: data.get(row["note"], "")
                for row in self.register
                if data.get(row["note"])
            },
        }
