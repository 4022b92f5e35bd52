"""Forms for the hub's triage pages: they parse and offer choices; the services decide validity."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from accounts.models import User
from cases.forms import VersionForm
from cases.models import RiskLevel, YoungPerson
from partners.models import Agency, LocalAuthority
from referrals.models import Referral
from referrals.selectors import QueueFilters, WorkerOption

S = Referral.Status
# What the queue shows unless a status is chosen: the referrals waiting on the hub.
WAITING = (S.SUBMITTED, S.SCREENING, S.ACCEPTED)
ALL_SUBMITTED = tuple(status for status in S.values if status != S.DRAFT)
# The kinds of agency that refer (a hub does not refer to itself, nor does a funder).
REFERRING_KINDS = [
    (kind, label)
    for kind, label in Agency.Kind.choices
    if kind not in {Agency.Kind.CSE_HUB, Agency.Kind.COMMISSIONER}
]


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        choices=[
            ("", "Waiting on the hub"),
            *[(status, S(status).label) for status in ALL_SUBMITTED],
            ("all", "All"),
        ],
        required=False,
        label="Status",
    )
    urgency = forms.ChoiceField(
        choices=[("", "All urgencies"), *[(u, u.label.split(":")[0]) for u in Referral.Urgency]],
        required=False,
        label="Urgency",
    )
    local_authority = forms.ModelChoiceField(
        queryset=LocalAuthority.objects.none(),
        required=False,
        empty_label="All local authorities",
        label="Local authority",
    )
    agency_kind = forms.ChoiceField(
        choices=[("", "All kinds of agency"), *REFERRING_KINDS],
        required=False,
        label="Referred by",
    )

    def __init__(self, data: Any, *, local_authorities: QuerySet[LocalAuthority]) -> None:
        super().__init__(data)
        self.fields["local_authority"].queryset = local_authorities  # type: ignore[attr-defined]

    def filters(self, *, sort: str) -> QueueFilters:
        """The selector's filters; unreadable filters fall back to the defaults."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        status = data.get("status") or ""
        la = data.get("local_authority")
        return QueueFilters(
            statuses=ALL_SUBMITTED if status == "all" else (status,) if status else WAITING,
            urgency=data.get("urgency") or "",
            local_authority_id=la.pk if la else None,
            agency_kind=data.get("agency_kind") or "",
            sort=sort,
        )


# On the triage page.


class ScreeningStartForm(VersionForm):
    pass


class ScreeningNotesForm(VersionForm):
    notes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        label="Notes",
        help_text="Only the hub's managers see these: not the referrer, not the allocated worker.",
    )


class MatchForm(VersionForm):
    """Link the referral to a young person the hub knows, or confirm they are new."""

    action = forms.ChoiceField(choices=[("link", "Link"), ("new", "New")], widget=forms.HiddenInput)
    young_person = forms.ModelChoiceField(
        queryset=YoungPerson.objects.none(),
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": "Choose a young person known to this hub."},
    )

    def __init__(self, data: Any, *, hub_id: int | None, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self.fields["young_person"].queryset = YoungPerson.objects.filter(  # type: ignore[attr-defined]
            owning_agency_id=hub_id, anonymised_at__isnull=True
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") == "link" and not data.get("young_person"):
            self.add_error(None, "Choose a young person known to this hub.")
        return data


# Deciding and allocating.


class _AskedWhenChosen:
    """A question asked only with a certain answer (a conditional reveal), so never shown as
    "(optional)"; left empty it passes here, and the form or the service says it is missing."""

    def validate(self, value: Any) -> None:
        if value in forms.Field.empty_values:
            return
        super().validate(value)  # type: ignore[misc]


class ConditionalTypedChoiceField(_AskedWhenChosen, forms.TypedChoiceField):
    pass


class ConditionalChoiceField(_AskedWhenChosen, forms.ChoiceField):
    pass


class ConditionalCharField(_AskedWhenChosen, forms.CharField):
    pass


class AllocationForm(VersionForm):
    """A spoke worker, the young person's risk level and why (the first risk assessment).

    Each is asked only when needed: when the referral joins an open case that already has a
    lead worker none is, and otherwise the service names what is missing.
    """

    worker = ConditionalTypedChoiceField(
        choices=[],
        coerce=int,
        widget=forms.RadioSelect,
        label="Spoke worker",
        error_messages={"invalid_choice": "Choose a spoke worker from the list"},
    )
    risk_level = ConditionalChoiceField(
        choices=RiskLevel.choices,
        widget=forms.RadioSelect,
        label="Risk of child sexual exploitation",
        error_messages={"invalid_choice": "Choose the young person's risk level"},
    )
    rationale = ConditionalCharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Why this risk level",
        help_text="This starts the case's risk history, with the referral's indicators.",
    )

    def __init__(self, data: Any, *, options: list[WorkerOption], **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self.options = options
        self.fields["worker"].choices = [  # type: ignore[attr-defined]
            (option.worker.pk, option.worker.full_name or option.worker.email) for option in options
        ]

    def chosen_worker(self) -> User | None:
        """The worker chosen, from the options already loaded (no query)."""
        pk = self.cleaned_data.get("worker")
        return next((o.worker for o in self.options if o.worker.pk == pk), None)

    def allocation_kwargs(self) -> dict[str, Any]:
        return {
            "worker": self.chosen_worker(),
            "risk_level": self.cleaned_data.get("risk_level") or "",
            "rationale": self.cleaned_data.get("rationale") or "",
        }


class Decision:
    ACCEPT_AND_ALLOCATE = "accept_allocate"
    ACCEPT = "accept"
    DECLINE = "decline"
    SIGNPOST = "signpost"


class DecisionForm(AllocationForm):
    decision = forms.ChoiceField(
        choices=[
            (Decision.ACCEPT_AND_ALLOCATE, "Accept and allocate a spoke worker now"),
            (Decision.ACCEPT, "Accept, and allocate a spoke worker later"),
            (Decision.DECLINE, "Decline"),
            (Decision.SIGNPOST, "Signpost to another service"),
        ],
        widget=forms.RadioSelect,
        label="What is your decision?",
        error_messages={"required": "Choose a decision"},
    )
    signposted_to = ConditionalCharField(
        max_length=200,
        label="Which service?",
        help_text="For example, the local young people's substance misuse service.",
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Reason for the decision",
        help_text="The referrer sees this.",
        error_messages={"required": "Give the reason for the decision"},
    )

    field_order = ["version", "decision", "worker", "risk_level", "rationale", "signposted_to"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == Decision.SIGNPOST and not (data.get("signposted_to") or ""):
            self.add_error("signposted_to", "Name the service the referral is signposted to")
        return data
