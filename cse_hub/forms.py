"""Forms rendered as GOV.UK Frontend markup: `{{ form }}` gives labels, hints and error messages.

Pages render a form with `{{ form }}` inside their own `<form novalidate>` (GOV.UK services
validate on the server, so messages match the error summary) and put
`{% include "components/error_summary.html" with form=form %}` at the top of the main column.
Help text becomes the hint; a field that is not required says "(optional)". Dates are best asked
with `DateInputField` (day, month and year boxes), the GOV.UK date input pattern.
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates
from django.template import TemplateDoesNotExist
from django.template.backends.base import BaseEngine
from django.template.loader import get_template
from django.utils.safestring import SafeString

# The CSS class GOV.UK Frontend gives each kind of control.
_CONTROL_CLASSES = {
    "input": "govuk-input",
    "password": "govuk-input govuk-password-input__input govuk-js-password-input-input",
    "textarea": "govuk-textarea",
    "select": "govuk-select",
    "file": "govuk-file-upload",
    "checkbox": "govuk-checkboxes__input",
    "checkboxes": "govuk-checkboxes__input",
    "radios": "govuk-radios__input",
    "date": "govuk-input govuk-date-input__input",
}
_ERROR_CLASSES = {
    "input": "govuk-input--error",
    "password": "govuk-input--error",
    "textarea": "govuk-textarea--error",
    "select": "govuk-select--error",
    "file": "govuk-file-upload--error",
    "date": "govuk-input--error",
}


class DateInputWidget(forms.MultiWidget):
    """Three boxes for day, month and year, as GOV.UK's date input asks for a date."""

    template_name = "django/forms/govuk/date_input.html"
    use_fieldset = True

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        numeric = {"inputmode": "numeric", "spellcheck": "false"}
        super().__init__(
            widgets={
                "day": forms.TextInput(attrs={**numeric, "maxlength": "2"}),
                "month": forms.TextInput(attrs={**numeric, "maxlength": "2"}),
                "year": forms.TextInput(attrs={**numeric, "maxlength": "4"}),
            },
            attrs=attrs,
        )

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        if isinstance(value, str) and value.count("-") == 2:
            year, month, day = value.split("-")
            return [day, month, year]
        return [None, None, None]

    def value_from_datadict(  # type: ignore[override]
        self, data: Any, files: Any, name: str
    ) -> str | None:
        day, month, year = (
            (part or "").strip() for part in super().value_from_datadict(data, files, name)
        )
        if not (day or month or year):
            return None
        # An ISO string, so the field's own parsing decides what is a real date.
        return f"{year}-{month}-{day}"


class DateInputField(forms.DateField):
    """A date asked as day, month and year, with GOV.UK's wording for a date it cannot read."""

    widget = DateInputWidget
    input_formats = ["%Y-%m-%d"]
    default_error_messages = {"invalid": "Enter a real date, for example 27 3 2026."}


class GovUKBoundField(BoundField):
    """A bound field that knows which GOV.UK component renders it."""

    @property
    def govuk_kind(self) -> str:
        widget = self.field.widget
        if isinstance(widget, forms.HiddenInput | forms.MultipleHiddenInput):
            return "hidden"
        if isinstance(widget, DateInputWidget):
            return "date"
        # Before RadioSelect: Django's CheckboxSelectMultiple is a subclass of it.
        if isinstance(widget, forms.CheckboxSelectMultiple):
            return "checkboxes"
        if isinstance(widget, forms.RadioSelect):
            return "radios"
        if isinstance(widget, forms.CheckboxInput):
            return "checkbox"
        if isinstance(widget, forms.Select):  # also SelectMultiple and NullBooleanSelect
            return "select"
        if isinstance(widget, forms.Textarea):
            return "textarea"
        if isinstance(widget, forms.PasswordInput):
            return "password"
        if isinstance(widget, forms.FileInput):
            return "file"
        if isinstance(widget, forms.MultiWidget):
            return "multi"
        return "input"

    @property
    def govuk_error_target(self) -> str:
        """The id of the control an error summary link should move focus to."""
        if self.govuk_kind in ("radios", "checkboxes", "date", "multi"):
            return f"{self.auto_id}_0"
        return str(self.id_for_label or self.auto_id)

    @property
    def govuk_optional(self) -> bool:
        return not self.field.required and self.govuk_kind not in ("checkbox", "hidden")

    def _govuk_attrs(self) -> dict[str, Any]:
        kind = self.govuk_kind
        classes = [_CONTROL_CLASSES.get(kind, "")]
        if self.errors and kind in _ERROR_CLASSES:
            classes.append(_ERROR_CLASSES[kind])
        own = self.field.widget.attrs.get("class", "")
        if self.field.widget.attrs.get("autocomplete") == "one-time-code" and "width" not in own:
            # A six-character code, or an eight-character recovery code, needs a short box.
            own = f"{own} govuk-input--width-10".strip()
        # Placeholders vanish as people type and fail contrast: GOV.UK uses hints instead.
        attrs: dict[str, Any] = {"class": " ".join(c for c in (*classes, own) if c)}
        attrs["placeholder"] = False
        if kind == "password":
            attrs.update({"spellcheck": "false", "autocapitalize": "none"})
        return attrs

    @property
    def govuk_widget(self) -> SafeString:
        """The control with GOV.UK's classes (the plain `{{ field }}` stays Django's own)."""
        if self.govuk_kind == "date":
            widget = self.field.widget
            assert isinstance(widget, forms.MultiWidget)
            for part in widget.widgets:
                width = "4" if part is widget.widgets[2] else "2"
                css = f"govuk-input govuk-date-input__input govuk-input--width-{width}"
                if self.errors:
                    css += " govuk-input--error"
                part.attrs["class"] = css
            return self.as_widget()
        return self.as_widget(attrs=self._govuk_attrs())

    @property
    def govuk_options(self) -> list[Any]:
        """Each radio or checkbox of a choice field, with GOV.UK's class."""
        options = self.subwidgets
        css = _CONTROL_CLASSES[self.govuk_kind]
        for option in options:
            option.data["attrs"] = {**option.data["attrs"], "class": css}
        return options


class GovUKFormRenderer(DjangoTemplates):
    """Django's form renderer with GOV.UK templates, found among the project's templates first."""

    form_template_name = "django/forms/govuk/form.html"
    field_template_name = "django/forms/govuk/field.html"
    bound_field_class = GovUKBoundField

    def get_template(self, template_name: str) -> Any:
        try:
            return get_template(template_name)
        except TemplateDoesNotExist:
            # Django's own widget templates, which the project does not override.
            engine: BaseEngine = self.engine
            return engine.get_template(template_name)
