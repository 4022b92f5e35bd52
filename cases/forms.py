"""Forms for the case pages: they parse and offer choices; the services decide validity."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from cases.indicators import indicator_choices
from cases.models import (
    Case,
    CaseShare,
    CaseworkEntry,
    PlanGoal,
    RiskLevel,
    YoungPerson,
)
from partners.forms import PersonChoiceField, ServiceForm, date_field
from partners.models import Agency, InformationSharingAgreement, LocalAuthority

_TIME_HINT = "Use the 24-hour clock, for example 14:30"


class VersionForm(ServiceForm):
    """A change that names the version of the record it started from (optimistic locking)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


# Lists


class HubCaseFilterForm(forms.Form):
    status = forms.ChoiceField(
        choices=[("open", "Open"), ("closed", "Closed"), ("all", "All")],
        required=False,
        label="Status",
    )
    risk_level = forms.ChoiceField(
        choices=[("", "All risk levels"), *RiskLevel.choices], required=False, label="Risk level"
    )
    worker = PersonChoiceField(
        queryset=User.objects.none(), required=False, empty_label="All workers", label="Worker"
    )
    local_authority = forms.ModelChoiceField(
        queryset=LocalAuthority.objects.none(),
        required=False,
        empty_label="All local authorities",
        label="Local authority",
    )

    def __init__(
        self,
        data: Any,
        *,
        workers: QuerySet[User],
        local_authorities: QuerySet[LocalAuthority],
    ) -> None:
        super().__init__(data)
        self.fields["worker"].queryset = workers  # type: ignore[attr-defined]
        self.fields["local_authority"].queryset = local_authorities  # type: ignore[attr-defined]

    def filters(self) -> dict[str, Any]:
        """Arguments for `hub_case_list`; unreadable filters fall back to the defaults."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        worker = data.get("worker")
        la = data.get("local_authority")
        return {
            "status": data.get("status") or "open",
            "risk_level": data.get("risk_level") or "",
            "worker_id": worker.pk if worker else None,
            "local_authority_id": la.pk if la else None,
        }


# Opening, closing, reopening, allocating


class CaseOpenForm(ServiceForm):
    hub = forms.ModelChoiceField(
        queryset=Agency.objects.none(),
        label="Hub",
        empty_label="Choose a hub",
        error_messages={"required": "Choose the hub that will own the case"},
    )
    local_authority = forms.ModelChoiceField(
        queryset=LocalAuthority.objects.none(),
        label="Local authority",
        empty_label="Choose a local authority",
        error_messages={"required": "Choose the young person's local authority"},
    )
    first_name = forms.CharField(
        label="First name", max_length=100, error_messages={"required": "Enter a first name"}
    )
    last_name = forms.CharField(
        label="Last name", max_length=100, error_messages={"required": "Enter a last name"}
    )
    preferred_name = forms.CharField(label="Known as", max_length=100, required=False)
    date_of_birth = date_field(label="Date of birth", hint="For example, 27 3 2010")
    gender = forms.ChoiceField(
        choices=YoungPerson.Gender.choices, initial=YoungPerson.Gender.NOT_KNOWN, label="Gender"
    )
    risk_level = forms.ChoiceField(
        choices=RiskLevel.choices,
        widget=forms.RadioSelect,
        label="Risk of child sexual exploitation",
        error_messages={"required": "Choose the risk level"},
    )
    rationale = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Why this risk level",
        error_messages={"required": "Say why you chose this risk level"},
    )
    lead_worker = PersonChoiceField(
        queryset=User.objects.none(),
        required=False,
        empty_label="Allocate later",
        label="Lead worker",
    )

    def __init__(
        self,
        data: Any,
        *,
        hubs: QuerySet[Agency],
        local_authorities: QuerySet[LocalAuthority],
        workers: QuerySet[User],
    ) -> None:
        super().__init__(data)
        self.fields["hub"].queryset = hubs  # type: ignore[attr-defined]
        self.fields["local_authority"].queryset = local_authorities  # type: ignore[attr-defined]
        self.fields["lead_worker"].queryset = workers  # type: ignore[attr-defined]

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "hub": data["hub"],
            "local_authority": data["local_authority"],
            "risk_level": data["risk_level"],
            "rationale": data["rationale"],
            "lead_worker": data.get("lead_worker"),
            "young_person_data": {
                "first_name": data["first_name"],
                "last_name": data["last_name"],
                "preferred_name": data.get("preferred_name", ""),
                "date_of_birth": data.get("date_of_birth"),
                "gender": data["gender"],
            },
        }


class CaseCloseForm(VersionForm):
    reason = forms.ChoiceField(
        choices=Case.ClosureReason.choices,
        widget=forms.RadioSelect,
        label="Why is the case closing?",
        error_messages={"required": "Choose why the case is closing"},
    )
    outcome = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Outcome for the young person",
        error_messages={"required": "Describe the outcome for the young person"},
    )


class CaseReopenForm(VersionForm):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Why is the case reopening?",
        error_messages={"required": "Say why the case is reopening"},
    )


class CaseLegalHoldForm(VersionForm):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Why?",
        help_text="For example, the legal proceedings or inquiry the record is needed for.",
        error_messages={"required": "Say why"},
    )


class CaseAllocateForm(VersionForm):
    lead_worker = PersonChoiceField(
        queryset=User.objects.none(), required=False, empty_label="No lead worker"
    )
    co_workers = forms.ModelMultipleChoiceField(
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Co-workers",
    )

    def __init__(self, data: Any, *, workers: QuerySet[User], initial: dict[str, Any]) -> None:
        super().__init__(data, initial=initial)
        self.fields["lead_worker"].queryset = workers  # type: ignore[attr-defined]
        self.fields["co_workers"].queryset = workers  # type: ignore[attr-defined]
        self.fields["co_workers"].label_from_instance = (  # type: ignore[attr-defined]
            lambda user: user.full_name or user.email
        )


# Casework


class EntryForm(ServiceForm):
    """The short casework form: what, when, how long, who came, what happened, their voice."""

    kind = forms.ChoiceField(
        choices=[("", "Choose the kind of work"), *CaseworkEntry.Kind.choices],
        label="Kind of work",
        error_messages={"required": "Choose the kind of work"},
    )
    occurred_on = date_field(label="Date", required_message="Enter the date")
    occurred_time = forms.TimeField(
        label="Time",
        help_text=_TIME_HINT,
        input_formats=["%H:%M", "%H.%M", "%H%M"],
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "inputmode": "numeric"}),
        error_messages={
            "required": "Enter the time",
            "invalid": "Enter a real time, for example 14:30",
        },
    )
    duration_minutes = forms.IntegerField(
        label="Duration in minutes",
        required=False,
        min_value=1,
        max_value=24 * 60,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-4", "inputmode": "numeric"}),
        error_messages={
            "invalid": "Enter the duration as a number of minutes",
            "min_value": "The duration must be at least 1 minute",
            "max_value": "The duration must be no more than 24 hours",
        },
    )
    attendance = forms.ChoiceField(
        choices=CaseworkEntry.Attendance.choices,
        widget=forms.RadioSelect,
        label="Attendance",
        error_messages={"required": "Choose whether the young person attended"},
    )
    summary = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        label="What happened",
        error_messages={"required": "Enter what happened"},
    )
    young_persons_voice = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label="The young person's voice",
        required=False,
        help_text="What they said, in their own words where you can.",
    )
    restricted = forms.BooleanField(
        label="Restricted: only people in the owning hub may see this entry",
        required=False,
    )

    def __init__(
        self,
        data: Any,
        *,
        may_restrict: bool,
        entry: CaseworkEntry | None = None,
    ) -> None:
        if entry is None:
            now = timezone.localtime()
            initial: dict[str, Any] = {
                "occurred_on": now.date(),
                "occurred_time": now.strftime("%H:%M"),
                "attendance": CaseworkEntry.Attendance.ATTENDED,
            }
        else:
            when = timezone.localtime(entry.occurred_at)
            initial = {
                "kind": entry.kind,
                "occurred_on": when.date(),
                "occurred_time": when.strftime("%H:%M"),
                "duration_minutes": entry.duration_minutes,
                "attendance": entry.attendance,
                "summary": entry.summary,
                "young_persons_voice": entry.young_persons_voice,
                "restricted": entry.restricted,
                "version": entry.version,
            }
        super().__init__(data, initial=initial)
        if entry is not None:
            self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
        if not may_restrict:
            # Restricted entries are the owning hub's; nobody else may make one.
            del self.fields["restricted"]

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        occurred_at = timezone.make_aware(
            datetime.datetime.combine(data["occurred_on"], data["occurred_time"])
        )
        kwargs = {
            "kind": data["kind"],
            "occurred_at": occurred_at,
            "duration_minutes": data.get("duration_minutes"),
            "attendance": data["attendance"],
            "summary": data["summary"],
            "young_persons_voice": data.get("young_persons_voice", ""),
        }
        if "restricted" in self.fields:
            kwargs["restricted"] = bool(data.get("restricted"))
        return kwargs


class EntryErrorForm(ServiceForm):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Why was this entered in error?",
        error_messages={"required": "Say why this entry was entered in error"},
    )


class ChronologyFilterForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        choices=[],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Kind of event",
    )
    date_from = date_field(label="From")
    date_to = date_field(label="To")

    def __init__(self, data: Any, *, kinds: list[tuple[str, str]]) -> None:
        super().__init__(data)
        self.fields["kinds"].choices = kinds  # type: ignore[attr-defined]

    def filters(self) -> dict[str, Any]:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return {
            "kinds": tuple(data.get("kinds") or ()),
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
        }


# Risk, plan, reviews, involvement


class RiskForm(VersionForm):
    level = forms.ChoiceField(
        choices=RiskLevel.choices,
        widget=forms.RadioSelect,
        label="Risk of child sexual exploitation",
        error_messages={"required": "Choose the risk level"},
    )
    indicators = forms.MultipleChoiceField(
        choices=(),  # the indicators offered today, read when the form is made
        label="Indicators",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    rationale = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Why this risk level",
        error_messages={"required": "Say why you chose this risk level"},
    )
    assessed_on = date_field(label="Date of the assessment", hint="Leave empty for today.")

    def __init__(self, data: Any, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self.fields["indicators"].choices = indicator_choices()  # type: ignore[attr-defined]

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "version": data["version"],
            "level": data["level"],
            "indicators": list(data.get("indicators") or []),
            "rationale": data["rationale"],
            "assessed_on": data.get("assessed_on"),
        }


class PlanForm(VersionForm):
    summary = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), label="The plan", required=False
    )
    young_persons_view = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label="The young person's view of the plan",
        required=False,
    )


class GoalForm(forms.Form):
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), label="Goal", required=False
    )
    young_persons_view = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        label="The young person's view of this goal",
        required=False,
    )
    status = forms.ChoiceField(
        choices=PlanGoal.Status.choices, initial=PlanGoal.Status.NOT_STARTED, label="Progress"
    )
    target_on = date_field(label="Target date")


GoalFormSet = forms.formset_factory(GoalForm, extra=1, max_num=30, absolute_max=30)


class ReviewScheduleForm(ServiceForm):
    due_on = date_field(label="Review due", required_message="Enter when the review is due")


class ReviewRecordForm(ServiceForm):
    held_on = date_field(label="Date held", required_message="Enter when the review was held")
    outcome = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Outcome",
        error_messages={"required": "Enter the outcome of the review"},
    )


class InvolvementForm(ServiceForm):
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(),
        label="Agency",
        empty_label="Choose an agency",
        error_messages={"required": "Choose the agency"},
    )
    professional_name = forms.CharField(label="Professional's name", required=False)
    professional_role = forms.CharField(label="Their role", required=False)
    professional_email = forms.EmailField(label="Their email", required=False)
    professional_phone = forms.CharField(label="Their phone number", required=False, max_length=40)
    is_lead_professional = forms.BooleanField(label="Lead professional", required=False)
    from_on = date_field(label="Involved from", hint="Leave empty for today.")

    def __init__(self, data: Any, *, agencies: QuerySet[Agency]) -> None:
        super().__init__(data)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]


class StepBackForm(ServiceForm):
    stepped_back_on = date_field(
        label="Date the agency stepped back", required_message="Enter when the agency stepped back"
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Why did the agency step back?",
        error_messages={"required": "Say why the agency stepped back"},
    )


# Sharing


class ShareForm(ServiceForm):
    scope = forms.ChoiceField(
        choices=CaseShare.Scope.choices,
        widget=forms.RadioSelect,
        label="What to share",
        error_messages={"required": "Choose what to share"},
    )
    share_with = forms.ChoiceField(
        choices=[],
        label="Share with",
        help_text="An agency, so everyone there who works with the case sees it, or one "
        "named professional.",
        error_messages={"required": "Choose who to share the case with"},
    )
    lawful_basis = forms.ChoiceField(
        choices=CaseShare.LawfulBasis.choices,
        widget=forms.RadioSelect,
        label="Lawful basis",
        error_messages={"required": "Choose the lawful basis for sharing"},
    )
    consent_recorded_on = date_field(label="Date consent was recorded")
    agreement = forms.ModelChoiceField(
        queryset=InformationSharingAgreement.objects.none(),
        required=False,
        empty_label="No agreement",
        label="Information-sharing agreement",
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Why are you sharing?",
        error_messages={"required": "Say why you are sharing the case"},
    )
    expires_on = date_field(label="Share ends on", required_message="Enter when the share ends")

    def __init__(
        self,
        data: Any,
        *,
        agencies: QuerySet[Agency],
        professionals: QuerySet[User],
        agreements: QuerySet[InformationSharingAgreement],
    ) -> None:
        super().__init__(data)
        self._agencies = {str(agency.pk): agency for agency in agencies}
        self._professionals = {str(user.pk): user for user in professionals}
        # One question with two groups: a share goes to an agency or to one professional.
        self.fields["share_with"].choices = [  # type: ignore[attr-defined]
            ("", "Choose an agency or a professional"),
            (
                "Agencies",
                [(f"agency:{pk}", agency.name) for pk, agency in self._agencies.items()],
            ),
            (
                "Named professionals",
                [
                    (f"professional:{pk}", user.full_name or user.email)
                    for pk, user in self._professionals.items()
                ],
            ),
        ]
        self.fields["agreement"].queryset = agreements  # type: ignore[attr-defined]

    def target(self) -> dict[str, Any]:
        """The `agency` or `professional` argument of `case_share_create`."""
        kind, _, pk = self.cleaned_data["share_with"].partition(":")
        if kind == "agency":
            return {"agency": self._agencies[pk]}
        return {"professional": self._professionals[pk]}


class ShareChangeForm(ServiceForm):
    scope = forms.ChoiceField(
        choices=CaseShare.Scope.choices,
        widget=forms.RadioSelect,
        label="What to share",
        error_messages={"required": "Choose what to share"},
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Why are you changing the share?",
        error_messages={"required": "Say why you are changing the share"},
    )
    expires_on = date_field(label="Share ends on", hint="Leave empty to keep the current date.")


class ReasonForm(ServiceForm):
    """A single reason: revoking a share, or breaking the glass."""

    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Reason",
        error_messages={"required": "Give a reason"},
    )
