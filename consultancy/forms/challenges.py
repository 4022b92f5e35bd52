"""Forms for the practice challenge pages: they parse and offer choices; the services decide
validity."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from cases.forms import VersionForm
from cases.models import Case
from consultancy.models import PracticeChallenge
from consultancy.selectors.challenges import ChallengeFilters
from partners.forms import ServiceForm, date_field
from partners.models import Agency, LocalAuthority

CONCERN_HINT = (
    "Describe the practice you are challenging and why, not the young person: no names, "
    "dates of birth or addresses. For example, the case was closed after one missed visit."
)


class CaseChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return (
            f"{obj.young_person.display_name} (case {obj.pk}, {obj.get_status_display().lower()})"
        )


class ChallengeForm(ServiceForm):
    """Raise a practice challenge."""

    hub = forms.ModelChoiceField(
        queryset=Agency.objects.none(),
        label="Raised by",
        empty_label=None,
        widget=forms.HiddenInput,
    )
    challenged_agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(),
        label="Agency whose practice you are challenging",
        empty_label="Choose an agency",
        error_messages={"required": "Choose the agency whose practice you are challenging."},
    )
    local_authority = forms.ModelChoiceField(
        queryset=LocalAuthority.objects.none(),
        label="Local authority",
        empty_label="Choose a local authority",
        error_messages={"required": "Choose the local authority."},
    )
    case = CaseChoiceField(
        queryset=Case.objects.none(),
        required=False,
        label="Case it is about",
        empty_label="Not about one case",
        help_text="Only people who may see the case will see this link.",
        error_messages={"invalid_choice": "Choose a case from the list."},
    )
    category = forms.ChoiceField(
        choices=PracticeChallenge.Category.choices,
        widget=forms.RadioSelect,
        label="What the challenge is about",
        error_messages={"required": "Choose what the challenge is about."},
    )
    concern = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        label="The concern",
        help_text=CONCERN_HINT,
        error_messages={"required": "Describe the practice you are challenging."},
    )
    raised_on = date_field(
        label="Date raised", required_message="Enter the date the challenge was raised."
    )
    level = forms.TypedChoiceField(
        choices=PracticeChallenge.Level.choices,
        coerce=int,
        widget=forms.RadioSelect,
        label="Level it was raised at",
        initial=PracticeChallenge.Level.PRACTITIONER,
        error_messages={"required": "Choose the escalation level."},
    )

    def __init__(
        self,
        data: Any = None,
        *,
        hubs: QuerySet[Agency],
        agencies: QuerySet[Agency],
        local_authorities: QuerySet[LocalAuthority],
        cases: QuerySet[Case],
        **kwargs: Any,
    ) -> None:
        super().__init__(data, **kwargs)
        self.fields["hub"].queryset = hubs  # type: ignore[attr-defined]
        if hubs.count() > 1:
            self.fields["hub"].widget = forms.Select()
        self.fields["challenged_agency"].queryset = agencies  # type: ignore[attr-defined]
        self.fields["local_authority"].queryset = local_authorities  # type: ignore[attr-defined]
        self.fields["case"].queryset = cases  # type: ignore[attr-defined]


class ChallengeEditForm(VersionForm):
    """Correct what an open challenge is about."""

    category = forms.ChoiceField(
        choices=PracticeChallenge.Category.choices,
        widget=forms.RadioSelect,
        label="What the challenge is about",
        error_messages={"required": "Choose what the challenge is about."},
    )
    concern = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        label="The concern",
        help_text=CONCERN_HINT,
        error_messages={"required": "Describe the practice you are challenging."},
    )


class ChallengeEscalateForm(VersionForm):
    level = forms.TypedChoiceField(
        choices=PracticeChallenge.Level.choices,
        coerce=int,
        widget=forms.RadioSelect,
        label="Level it is escalated to",
        error_messages={"required": "Choose the escalation level."},
    )
    escalated_on = date_field(
        label="Date escalated", required_message="Enter the date it was escalated."
    )
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Why it is being escalated",
        help_text="About the practice and the response so far, not the young person.",
        error_messages={"required": "Say why the challenge is being escalated."},
    )

    def __init__(self, data: Any = None, *, current_level: int, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self.fields["level"].choices = [  # type: ignore[attr-defined]
            (value, label)
            for value, label in PracticeChallenge.Level.choices
            if value > current_level
        ]


class ChallengeResolveForm(VersionForm):
    outcome = forms.ChoiceField(
        choices=PracticeChallenge.Outcome.choices,
        widget=forms.RadioSelect,
        label="Outcome",
        error_messages={"required": "Choose the outcome."},
    )
    resolution = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        label="How it was resolved",
        help_text="What was agreed or changed, about the practice, not the young person.",
        error_messages={"required": "Describe how the challenge was resolved."},
    )
    resolved_on = date_field(
        label="Date resolved", required_message="Enter the date it was resolved."
    )


class ChallengeFilterForm(forms.Form):
    status = forms.ChoiceField(
        choices=[("", "All statuses"), *PracticeChallenge.Status.choices],
        required=False,
        label="Status",
    )
    level = forms.TypedChoiceField(
        choices=[("", "All levels"), *PracticeChallenge.Level.choices],
        coerce=int,
        empty_value=None,
        required=False,
        label="Level",
    )
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(),
        required=False,
        empty_label="All agencies",
        label="Agency challenged",
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
        agencies: QuerySet[Agency],
        local_authorities: QuerySet[LocalAuthority],
    ) -> None:
        super().__init__(data)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
        self.fields["local_authority"].queryset = local_authorities  # type: ignore[attr-defined]

    def filters(self) -> ChallengeFilters:
        """The selector's filters; unreadable filters fall back to the defaults."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        agency = data.get("agency")
        la = data.get("local_authority")
        return ChallengeFilters(
            status=data.get("status") or "",
            level=data.get("level") or None,
            agency_id=agency.pk if agency else None,
            local_authority_id=la.pk if la else None,
        )
