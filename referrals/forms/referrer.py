"""The referrer's forms: they parse and offer choices; `referrals.services` decides validity.

The referral form saves drafts, so no answer is required here: what a submission needs is
checked by `referral_submit`, and shown on the check answers page with links back to the form.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from cases.models import YoungPerson
from cse_hub.forms import DateInputField
from partners.forms import ServiceForm
from partners.models import Agency, LocalAuthority
from referrals.models import Referral

YES_NO = [("yes", "Yes"), ("no", "No")]
# The id of the questions revealed when the young person does not consent.
NO_CONSENT_REVEAL = "conditional-no-consent"


def _yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


def _as_yes_no(value: bool | None) -> str:
    return {True: "yes", False: "no"}.get(value, "") if value is not None else ""


class RevealingRadioSelect(forms.RadioSelect):
    """GOV.UK radios where choosing an option reveals more questions (the conditional reveal).

    `reveals` maps an option's value to the id of the element it reveals; GOV.UK Frontend's
    radios script shows and hides it, and without JavaScript it is always shown.
    """

    def __init__(self, *, reveals: dict[str, str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.reveals = reveals

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option: dict[str, Any] = super().create_option(*args, **kwargs)
        target = self.reveals.get(str(option["value"]))
        if target:
            option["attrs"] = {**option["attrs"], "data-aria-controls": target}
        return option


class YesNoField(forms.TypedChoiceField):
    """A yes or no question as GOV.UK radios, read as True, False or None (not answered)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            choices=kwargs.pop("choices", YES_NO),
            coerce=_yes_no,
            empty_value=None,
            required=False,
            widget=kwargs.pop("widget", forms.RadioSelect),
            **kwargs,
        )


class ReferralForm(ServiceForm):
    """One referral, in the sections the page shows: the young person; where they live and the
    service; the concerns; consent; about the referrer."""

    # About the young person.
    first_name = forms.CharField(label="First name", max_length=100, required=False)
    last_name = forms.CharField(label="Last name", max_length=100, required=False)
    known_as = forms.CharField(
        label="Known as",
        max_length=100,
        required=False,
        help_text="A nickname or another name they use.",
    )
    date_of_birth = DateInputField(
        label="Date of birth", required=False, help_text="For example, 27 3 2010"
    )
    gender = forms.ChoiceField(
        label="Gender",
        choices=YoungPerson.Gender.choices,
        initial=YoungPerson.Gender.NOT_KNOWN,
        required=False,
    )
    address_area = forms.CharField(
        label="Area or postcode district",
        max_length=100,
        required=False,
        help_text="For example, AB1. Do not give the full address.",
    )
    school_or_setting = forms.CharField(
        label="School, college or setting", max_length=200, required=False
    )
    # Where they live and the service to refer to.
    local_authority = forms.ModelChoiceField(
        queryset=LocalAuthority.objects.order_by("name"),
        label="Local authority where the young person lives",
        empty_label="Choose a local authority",
        required=False,
    )
    hub = forms.ModelChoiceField(
        queryset=Agency.objects.none(),
        label="CSE service to refer to",
        empty_label="Choose a CSE service",
        required=False,
        help_text="The services working in the local authority you chose.",
    )
    # The local authority the service choices were offered for: when the posted one differs,
    # the page offers the services of the new one before saving (the form works without
    # JavaScript).
    hubs_for_local_authority = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # Your concerns.
    indicators = forms.MultipleChoiceField(
        label="What are you worried about?",
        help_text="Select all that apply.",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    narrative = forms.CharField(
        label="What has happened and why you are worried",
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        help_text=(
            "Say what you have seen or been told, when, and what has been done so far. "
            "Name other adults or young people only where the hub needs to know."
        ),
    )
    urgency = forms.ChoiceField(
        label="How urgent is this referral?",
        choices=Referral.Urgency.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    # Consent.
    young_person_aware = YesNoField(label="Does the young person know about this referral?")
    young_person_consents = YesNoField(
        label="Does the young person consent to it?",
        choices=[("yes", "Yes"), ("no", "No, or they do not know about it")],
        widget=RevealingRadioSelect(reveals={"no": NO_CONSENT_REVEAL}),
    )
    no_consent_basis = forms.ChoiceField(
        label="Why can you refer without their consent?",
        choices=Referral.NoConsentBasis.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    no_consent_reason = forms.CharField(
        label="Explain why you are referring without consent",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    parents_aware = forms.ChoiceField(
        label="Do the young person's parents or carers know about this referral?",
        choices=Referral.ParentsAware.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    # About you.
    referrer_agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(),
        label="Which agency are you referring for?",
        empty_label=None,
        widget=forms.RadioSelect,
        required=False,
    )
    referrer_phone = forms.CharField(
        label="Your phone number",
        max_length=40,
        required=False,
        help_text="So the hub can call you about the referral.",
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    # The questions in the order of the page, as DRAFT_FIELDS names them.
    SERVICE_FIELDS = (
        "first_name",
        "last_name",
        "known_as",
        "date_of_birth",
        "gender",
        "address_area",
        "school_or_setting",
        "local_authority",
        "hub",
        "indicators",
        "narrative",
        "urgency",
        "young_person_aware",
        "young_person_consents",
        "no_consent_basis",
        "no_consent_reason",
        "parents_aware",
        "referrer_phone",
    )

    # What a submission needs: labelled without "(optional)", though a draft may leave them out.
    NEEDED_TO_SUBMIT = (
        "first_name",
        "last_name",
        "date_of_birth",
        "local_authority",
        "hub",
        "narrative",
        "urgency",
        "young_person_aware",
        "young_person_consents",
        "no_consent_basis",
        "no_consent_reason",
        "parents_aware",
    )
    use_required_attribute = False

    def __init__(
        self,
        data: Any = None,
        *,
        initial: dict[str, Any] | None = None,
        indicator_choices: list[tuple[str, str]],
        hubs: QuerySet[Agency],
        agencies: list[Agency],
    ) -> None:
        super().__init__(data, initial=initial)
        for name in self.NEEDED_TO_SUBMIT:
            self.fields[name].required = True
        self.fields["indicators"].choices = indicator_choices  # type: ignore[attr-defined]
        self.fields["hub"].queryset = hubs  # type: ignore[attr-defined]
        if len(agencies) > 1:
            self.fields["referrer_agency"].queryset = Agency.objects.filter(  # type: ignore[attr-defined]
                pk__in=[a.pk for a in agencies]
            ).order_by("name")
            self.fields["referrer_agency"].required = True
            self.fields["referrer_agency"].error_messages["required"] = (
                "Choose the agency you are referring for."
            )
        else:
            del self.fields["referrer_agency"]

    @classmethod
    def initial_from(cls, referral: Referral) -> dict[str, Any]:
        """What a saved draft says, as the form's initial answers."""
        initial: dict[str, Any] = {
            name: getattr(referral, name)
            for name in cls.SERVICE_FIELDS
            if name not in ("young_person_aware", "young_person_consents")
        }
        initial["young_person_aware"] = _as_yes_no(referral.young_person_aware)
        consents = referral.young_person_consents
        if referral.young_person_aware is False and consents is None:
            consents = False
        initial["young_person_consents"] = _as_yes_no(consents)
        initial["referrer_agency"] = referral.referrer_agency_id
        initial["hubs_for_local_authority"] = referral.local_authority_id
        initial["version"] = referral.version
        return initial

    def full_clean(self) -> None:
        # A draft may be incomplete: `referral_submit` names what is missing when it is sent.
        needed = [self.fields[name] for name in self.NEEDED_TO_SUBMIT]
        for field in needed:
            field.required = False
        try:
            super().full_clean()
        finally:
            for field in needed:
                field.required = True

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("young_person_aware") is False and data.get("young_person_consents"):
            self.add_error(
                "young_person_consents",
                "The young person cannot consent to a referral they do not know about. "
                "Choose 'No, or they do not know about it'.",
            )
        return data

    def service_values(self) -> dict[str, Any]:
        """The answers as `referral_draft_create` and `referral_draft_update` take them."""
        data = self.cleaned_data
        values = {name: data.get(name) for name in self.SERVICE_FIELDS}
        for name in ("gender",):
            values[name] = values[name] or YoungPerson.Gender.NOT_KNOWN
        for name in (
            "first_name",
            "last_name",
            "known_as",
            "address_area",
            "school_or_setting",
            "narrative",
            "urgency",
            "no_consent_basis",
            "no_consent_reason",
            "parents_aware",
            "referrer_phone",
        ):
            values[name] = values[name] or ""
        values["indicators"] = list(values["indicators"] or [])
        if values["young_person_consents"] and not values["young_person_aware"]:
            values["young_person_consents"] = None
        if values["young_person_aware"] and values["young_person_consents"]:
            # Consent given: a basis for referring without it no longer applies.
            values["no_consent_basis"] = ""
            values["no_consent_reason"] = ""
        if "referrer_agency" in self.fields:
            values["referrer_agency"] = data.get("referrer_agency")
        return values


class VersionReasonForm(ServiceForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class WithdrawForm(VersionReasonForm):
    reason = forms.CharField(
        label="Why are you withdrawing the referral?",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The hub will see this.",
        error_messages={"required": "Say why you are withdrawing the referral."},
    )


class ConfirmForm(VersionReasonForm):
    """A confirmation (discard, submit) that names the version it was shown."""
