"""The form that chooses a dashboard's period: a first and a last month. It parses; the period
says what is valid."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from dashboards.periods import Period, PeriodNotValid, months_offered


class PeriodForm(forms.Form):
    """`from` and `to` as `YYYY-MM`; both left out means the default period."""

    def __init__(self, data: Any = None) -> None:
        super().__init__(data)
        choices = [(month.param, month.label) for month in months_offered()]
        default = Period.default()
        self.fields["from"] = forms.CharField(
            required=False, label="From", widget=forms.Select(choices=choices)
        )
        self.fields["to"] = forms.CharField(
            required=False, label="To", widget=forms.Select(choices=choices)
        )
        self.initial = {"from": default.first.param, "to": default.last.param}
        offered = {value for value, _ in choices}
        for name in ("from", "to"):
            asked = (data or {}).get(name) or ""
            if asked and asked not in offered:
                # A period reached through a link may start before the list: offer it too.
                self.fields[name].widget.choices = [*choices, (asked, asked)]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        try:
            cleaned["period"] = Period.parse(cleaned.get("from"), cleaned.get("to"))
        except PeriodNotValid as error:
            raise ValidationError({error.field: str(error)}) from None
        return cleaned

    def period(self) -> Period:
        """The period asked for, or the default one when the form is not valid."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data["period"]  # type: ignore[no-any-return]
        return Period.default()
