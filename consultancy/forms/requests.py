"""Forms for consultancy pages: they parse and offer choices; `consultancy.services.requests`
decides validity."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from cases.forms import VersionForm
from cases.models import Case, YoungPerson
from consultancy.models import ConsultancyRequest, Topic, Urgency
from consultancy.selectors.requests import WAITING, InboxFilters, WorkerChoice
from partners.forms import ServiceForm, date_field
from partners.models import Agency, LocalAuthority
from referrals.forms.referrer import RevealingRadioSelect

S = ConsultancyRequest.Status
About = ConsultancyRequest.About
# The ids of the questions each answer to "who is it about" reveals.
CASE_REVEAL = "conditional-about-case"
UNNAMED_REVEAL = "conditional-about-unnamed"


class CaseChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.young_person.display_name}, {obj.owning_agency.name}"


class RequestForm(ServiceForm):
    """Ask for consultancy: who it is about, the question, how urgent, how to talk."""

    agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(),
        label="Which agency are you asking for?",
        empty_label="Choose an agency",
        required=False,
    )
    about = forms.ChoiceField(
        choices=About.choices,
        widget=RevealingRadioSelect(
            reveals={About.CASE: CASE_REVEAL, About.UNNAMED: UNNAMED_REVEAL}
        ),
        label="Who is your question about?",
        error_messages={"required": "Say who your question is about"},
    )
    case = CaseChoiceField(
        queryset=Case.objects.none(),
        required=False,
        label="The young person's case",
        empty_label="Choose a case",
        help_text="Cases the hub has shared with your agency.",
    )
    young_person_age = forms.IntegerField(
        label="Age of the young person",
        required=False,
        min_value=0,
        max_value=99,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={"invalid": "Enter the age as a whole number"},
    )
    young_person_gender = forms.ChoiceField(
        label="Gender of the young person",
        choices=YoungPerson.Gender.choices,
        initial=YoungPerson.Gender.NOT_KNOWN,
        required=False,
    )
    local_authority = forms.ModelChoiceField(
        queryset=LocalAuthority.objects.none(),
        label="Local authority where the young person lives",
        empty_label="Choose a local authority",
        required=False,
    )
    hub = forms.ModelChoiceField(
        queryset=Agency.objects.none(),
        label="CSE service to ask",
        empty_label="The CSE service working in that local authority",
        required=False,
        help_text="Leave this unless you know you need a different service.",
    )
    question = forms.CharField(
        label="Your question",
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "Write your question"},
        help_text=(
            "Say what you are worried about, what has happened so far and what you would "
            "like advice on."
        ),
    )
    identifying_details_confirmed = forms.BooleanField(
        label="I have checked: this does not identify the young person",
        required=False,
    )
    urgency = forms.ChoiceField(
        choices=Urgency.choices,
        widget=forms.RadioSelect,
        label="How urgent is your question?",
        error_messages={"required": "Choose how urgent your question is"},
    )
    preferred_contact = forms.ChoiceField(
        choices=ConsultancyRequest.PreferredContact.choices,
        widget=forms.RadioSelect,
        label="How would you like to talk?",
        error_messages={"required": "Choose how you would like to talk"},
    )
    requester_phone = forms.CharField(
        label="Your phone number",
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
        help_text="Needed if you would like a phone call.",
    )

    def __init__(
        self,
        data: Any,
        *,
        agencies: list[Agency],
        cases: QuerySet[Case],
        local_authorities: QuerySet[LocalAuthority],
        hubs: QuerySet[Agency],
        **kwargs: Any,
    ) -> None:
        super().__init__(data, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(  # type: ignore[attr-defined]
            pk__in=[a.pk for a in agencies]
        ).order_by("name")
        if len(agencies) < 2:
            del self.fields["agency"]
        self.fields["case"].queryset = cases  # type: ignore[attr-defined]
        self.fields["local_authority"].queryset = local_authorities  # type: ignore[attr-defined]
        self.fields["hub"].queryset = hubs  # type: ignore[attr-defined]

    @property
    def identifying_warning(self) -> bool:
        """The question was refused as looking identifying: offer to confirm it is not."""
        return any(
            getattr(error, "code", "") == "identifying"
            for error in self.errors.as_data().get("question", [])
        )

    def service_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        about = data["about"]
        values: dict[str, Any] = {
            "about": about,
            "question": data["question"],
            "urgency": data["urgency"],
            "preferred_contact": data["preferred_contact"],
            "requester_phone": data.get("requester_phone") or "",
        }
        if about == About.CASE:
            values["case"] = data.get("case")
        else:
            values.update(
                local_authority=data.get("local_authority"),
                hub=data.get("hub"),
                young_person_age=data.get("young_person_age"),
                young_person_gender=data.get("young_person_gender") or YoungPerson.Gender.NOT_KNOWN,
                identifying_details_confirmed=bool(data.get("identifying_details_confirmed")),
            )
        return values


# The hub's inbox.

_STATUS_FILTERS = [
    ("", "Waiting on the hub"),
    *[(status, S(status).label) for status in S.values],
    ("all", "All"),
]


class InboxFilterForm(forms.Form):
    status = forms.ChoiceField(choices=_STATUS_FILTERS, required=False, label="Status")
    worker = forms.ChoiceField(choices=[], required=False, label="Worker")
    local_authority = forms.ModelChoiceField(
        queryset=LocalAuthority.objects.none(),
        required=False,
        empty_label="All local authorities",
        label="Local authority",
    )
    urgency = forms.ChoiceField(
        choices=[("", "All urgencies"), *[(u, u.label.split(":")[0]) for u in Urgency]],
        required=False,
        label="Urgency",
    )

    def __init__(
        self,
        data: Any,
        *,
        workers: QuerySet[User] | None,
        local_authorities: QuerySet[LocalAuthority],
    ) -> None:
        super().__init__(data)
        if workers is None:
            del self.fields["worker"]
        else:
            self.fields["worker"].choices = [  # type: ignore[attr-defined]
                ("", "All workers"),
                ("none", "Nobody yet"),
                *[(str(w.pk), w.full_name or w.email) for w in workers],
            ]
        self.fields["local_authority"].queryset = local_authorities  # type: ignore[attr-defined]

    def filters(self) -> InboxFilters:
        """The selector's filters; unreadable filters fall back to the defaults."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        status = data.get("status") or ""
        worker = data.get("worker") or ""
        la = data.get("local_authority")
        return InboxFilters(
            statuses=tuple(S.values) if status == "all" else (status,) if status else WAITING,
            worker_id=int(worker) if worker.isdigit() else None,
            unassigned=worker == "none",
            local_authority_id=la.pk if la else None,
            urgency=data.get("urgency") or "",
        )


# Steps on one request.


class TakeForm(VersionForm):
    pass


class AssignForm(VersionForm):
    worker = forms.TypedChoiceField(
        choices=[],
        coerce=int,
        widget=forms.RadioSelect,
        label="Which spoke worker should answer it?",
        error_messages={
            "required": "Choose a spoke worker",
            "invalid_choice": "Choose a spoke worker from the list",
        },
    )

    def __init__(self, data: Any, *, choices: list[WorkerChoice], **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self.choices = choices
        self.fields["worker"].choices = [  # type: ignore[attr-defined]
            (c.worker.pk, c.worker.full_name or c.worker.email) for c in choices
        ]

    def chosen_worker(self) -> User | None:
        pk = self.cleaned_data.get("worker")
        return next((c.worker for c in self.choices if c.worker.pk == pk), None)


def _topic_field(label: str = "What was it about?") -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        choices=Topic.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=label,
        help_text="Select all that apply. The hub reports on these.",
    )


class AdviseForm(VersionForm):
    text = forms.CharField(
        label="Advice given",
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={"required": "Write the advice you gave"},
        help_text=(
            "The requester reads this. Describe the practice and next steps; do not add "
            "details that identify the young person."
        ),
    )
    given_on = date_field(
        label="Date the advice was given",
        required_message="Enter the date the advice was given",
        hint="For a call or meeting, the day it happened. For example, 27 3 2026",
    )
    time_spent_minutes = forms.IntegerField(
        label="Time spent, in minutes",
        min_value=1,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4"}),
        error_messages={
            "required": "Enter how long it took, in minutes",
            "invalid": "Enter a whole number of minutes",
            "min_value": "Enter at least 1 minute",
        },
        help_text="Include the call or meeting and writing up.",
    )
    agreed_follow_up = forms.CharField(
        label="Agreed follow-up",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="For example, a joint visit, a strategy discussion, or a referral to the hub.",
    )
    topics = _topic_field()

    field_order = ["version", "text", "given_on", "time_spent_minutes", "agreed_follow_up"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("given_on", timezone.localdate())


class TopicsForm(VersionForm):
    topics = _topic_field()


class FollowUpForm(VersionForm):
    text = forms.CharField(
        label="Your follow-up question",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Write your follow-up question"},
        help_text="Do not name the young person or give details that identify them.",
    )


class FeedbackForm(VersionForm):
    helpful = forms.TypedChoiceField(
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        label="Did the advice help?",
        error_messages={"required": "Say whether the advice helped"},
    )
    feedback = forms.CharField(
        label="Anything you would like to tell the worker",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="What helped, or what would have helped more.",
    )


class CloseForm(VersionForm):
    note = forms.CharField(
        label="Why are you closing it?",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Say why you are closing the request"},
        help_text="For example, advice given by phone and no reply since. The requester sees this.",
    )


class WithdrawForm(VersionForm):
    reason = forms.CharField(
        label="Why are you withdrawing it?",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="The hub sees this.",
    )


class ReferralChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        submitted = (
            timezone.localtime(obj.submitted_at).strftime("%-d %B %Y") if obj.submitted_at else ""
        )
        return f"{obj.reference}, {obj.display_name}, submitted {submitted}"


class LinkReferralForm(VersionForm):
    referral = ReferralChoiceField(
        queryset=None,
        empty_label="Choose a referral",
        label="Which referral followed?",
        error_messages={
            "required": "Choose the referral",
            "invalid_choice": "Choose a referral from the list",
        },
    )

    def __init__(self, data: Any, *, referrals: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self.fields["referral"].queryset = referrals  # type: ignore[attr-defined]
