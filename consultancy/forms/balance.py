"""Forms for the balance pages: choosing the month (and the hub, for a manager of several), and
the hub's target shares. They parse; the selectors and the service decide validity."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from consultancy.selectors.balance import KIND_LABELS, KINDS, Month, MonthNotValid
from partners.forms import ServiceForm
from partners.models import Agency

# How many months back the month list offers; earlier ones are reached with "Previous month".
MONTHS_OFFERED = 24


class BalanceMonthForm(forms.Form):
    """Which month to show (`YYYY-MM`, this month when empty) and, where there is a choice,
    which hub."""

    month = forms.CharField(required=False, label="Month", widget=forms.Select)
    hub = forms.ModelChoiceField(
        queryset=Agency.objects.none(), required=False, empty_label=None, label="Hub"
    )

    def __init__(self, data: Any, *, hubs: QuerySet[Agency]) -> None:
        super().__init__(data)
        self.fields["hub"].queryset = hubs  # type: ignore[attr-defined]
        current = Month.current()
        offered = [current]
        for _ in range(MONTHS_OFFERED - 1):
            offered.append(offered[-1].previous)
        asked = (data or {}).get("month") or ""
        try:
            chosen = Month.parse(asked)
        except MonthNotValid:
            chosen = current
        if chosen not in offered:
            offered.append(chosen)
        self.fields["month"].widget.choices = [(m.param, m.label) for m in offered]

    def clean_month(self) -> Month:
        try:
            return Month.parse(self.cleaned_data.get("month"))
        except MonthNotValid as error:
            raise ValidationError(str(error), code="month") from None

    def chosen(self, *, hubs: list[Agency]) -> tuple[Month, Agency | None]:
        """The month and hub asked for, or this month and the first hub if unreadable."""
        if self.is_valid():
            hub = self.cleaned_data.get("hub") or (hubs[0] if hubs else None)
            return self.cleaned_data["month"], hub
        return Month.current(), hubs[0] if hubs else None


def _share_field(kind: str) -> forms.IntegerField:
    label = KIND_LABELS[kind]
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=100,
        error_messages={
            "required": f"Enter the target share for {label.lower()}.",
            "invalid": f"Enter the share for {label.lower()} as a whole number.",
            "min_value": f"Enter a share for {label.lower()} from 0 to 100.",
            "max_value": f"Enter a share for {label.lower()} from 0 to 100.",
        },
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "spellcheck": "false", "class": "govuk-input--width-3"}
        ),
    )


class BalanceTargetForm(ServiceForm):
    """The four target shares (percent, adding up to 100), and when the target the manager
    started from was set (empty for the default), so a change made meanwhile is not lost."""

    direct_work = _share_field("direct_work")
    consultancy = _share_field("consultancy")
    training = _share_field("training")
    awareness = _share_field("awareness")
    started_from = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_started_from(self) -> datetime.datetime | None:
        value = (self.cleaned_data.get("started_from") or "").strip()
        if not value:
            return None
        try:
            return datetime.datetime.fromisoformat(value)
        except ValueError:
            raise ValidationError(
                "The page was out of date. Check the target, then save it again."
            ) from None

    def shares(self) -> dict[str, int]:
        return {kind: self.cleaned_data[kind] for kind in KINDS}
