"""`{{ form }}` renders GOV.UK Frontend markup, and the error summary links to each field."""

from __future__ import annotations

import datetime
import re

import pytest
from django import forms
from django.template import Context, Template
from django.template.loader import render_to_string

from cse_hub.forms import DateInputField, GovUKBoundField, GovUKFormRenderer


class ExampleForm(forms.Form):
    name = forms.CharField(label="Full name", help_text="As on their ID badge.")
    email = forms.EmailField(label="Work email")
    team = forms.CharField(label="Team", required=False)
    notes = forms.CharField(label="Notes", widget=forms.Textarea, required=False)
    region = forms.ChoiceField(label="Region", choices=[("", "Choose"), ("n", "North")])
    kind = forms.ChoiceField(
        label="Kind of contact",
        choices=[("phone", "Phone"), ("visit", "Visit")],
        widget=forms.RadioSelect,
    )
    topics = forms.MultipleChoiceField(
        label="Topics",
        choices=[("risk", "Risk"), ("plan", "Plan")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    consent = forms.BooleanField(label="The young person knows", required=False)
    held_on = DateInputField(label="Date held", help_text="For example, 27 3 2026.")
    secret = forms.CharField(label="Password", widget=forms.PasswordInput)
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self):
        cleaned = super().clean() or {}
        if cleaned.get("team") == "clash":
            raise forms.ValidationError("These answers cannot go together.")
        return cleaned


def _render(template, **context):
    return Template(template).render(Context(context))


def _bound(**data):
    base = {
        "name": "Ann Example",
        "email": "ann@example.test",
        "region": "n",
        "kind": "phone",
        "held_on_day": "2",
        "held_on_month": "11",
        "held_on_year": "2026",
        "secret": "x",
    }
    base.update(data)
    return ExampleForm(data=base)


def test_forms_use_the_govuk_renderer_by_default(settings):
    """The project's form renderer is the GOV.UK one, with its bound field."""
    assert settings.FORM_RENDERER == "cse_hub.forms.GovUKFormRenderer"
    form = ExampleForm()
    assert isinstance(form.renderer, GovUKFormRenderer)
    assert isinstance(form["name"], GovUKBoundField)


def test_an_unbound_form_renders_govuk_controls():
    """Given a new form, then each control has its GOV.UK component markup."""
    html = str(ExampleForm())
    assert '<label class="govuk-label govuk-label--s" for="id_name">' in html
    assert '<div id="id_name_helptext" class="govuk-hint">As on their ID badge.</div>' in html
    assert re.search(r'<input type="text" name="name"[^>]*class="govuk-input"', html)
    assert 'aria-describedby="id_name_helptext"' in html
    assert "Team (optional)" in html
    assert 'class="govuk-textarea"' in html
    assert '<select name="region" class="govuk-select"' in html
    assert '<div class="govuk-radios" data-module="govuk-radios">' in html
    assert re.search(
        r'<input type="radio" name="kind" value="phone" [^>]*class="govuk-radios__input"', html
    )
    assert '<div class="govuk-checkboxes" data-module="govuk-checkboxes">' in html
    assert re.search(
        r'<input type="checkbox" name="topics" value="risk" [^>]*class="govuk-checkboxes__input"',
        html,
    )
    assert '<label class="govuk-label govuk-radios__label" for="id_kind_0">Phone</label>' in html
    assert 'class="govuk-checkboxes__input"' in html
    assert "Kind of contact" in html
    assert '<legend class="govuk-fieldset__legend' in html
    assert '<div class="govuk-date-input" id="id_held_on">' in html
    for part in ("day", "month", "year"):
        assert f'name="held_on_{part}"' in html
    assert (
        'class="govuk-form-group govuk-password-input" data-module="govuk-password-input"' in html
    )
    assert '<input type="hidden" name="token"' in html
    assert "govuk-error" not in html


def test_placeholders_are_dropped():
    """GOV.UK forms use hints, never placeholders, which vanish as people type."""

    class WithPlaceholder(forms.Form):
        code = forms.CharField(widget=forms.TextInput(attrs={"placeholder": "Code"}))

    assert "placeholder" not in str(WithPlaceholder())


def test_own_widget_classes_are_kept():
    """Given a width class on a widget, then it stays beside the GOV.UK class."""

    class Narrow(forms.Form):
        code = forms.CharField(widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}))

    assert 'class="govuk-input govuk-input--width-10"' in str(Narrow())


def test_errors_are_shown_on_their_fields():
    """Given invalid answers, then each field shows its error in GOV.UK markup."""
    form = _bound(name="", kind="", held_on_day="31", held_on_month="2")
    assert not form.is_valid()
    html = str(form)
    assert 'class="govuk-form-group govuk-form-group--error"' in html
    assert (
        '<p id="id_name_error" class="govuk-error-message">'
        '<span class="govuk-visually-hidden">Error:</span> This field is required.</p>'
    ) in html
    assert 'class="govuk-input govuk-input--error"' in html
    assert 'aria-invalid="true"' in html
    assert re.search(r'aria-describedby="id_name_helptext id_name_error"', html)
    # Fieldsets carry the description for radios and dates.
    assert re.search(r'<fieldset class="govuk-fieldset" aria-describedby="id_kind_error"', html)
    assert "Enter a real date, for example 27 3 2026." in html
    assert "govuk-date-input__input govuk-input--width-2 govuk-input--error" in html


def test_error_summary_links_to_each_field():
    """Given errors, then the summary lists them with links to the controls that need fixing."""
    form = _bound(name="", kind="", held_on_year="", team="clash")
    assert not form.is_valid()
    html = _render('{% include "components/error_summary.html" with form=form %}', form=form)
    assert '<h2 class="govuk-error-summary__title">There is a problem</h2>' in html
    assert 'data-module="govuk-error-summary"' in html
    assert "<li>These answers cannot go together.</li>" in html
    assert '<a href="#id_name">This field is required.</a>' in html
    assert '<a href="#id_kind_0">This field is required.</a>' in html
    assert '<a href="#id_held_on_0">Enter a real date, for example 27 3 2026.</a>' in html


def test_error_summary_is_empty_without_errors():
    """Given a valid or unbound form, then there is no summary."""
    form = _bound()
    assert form.is_valid(), form.errors
    html = _render('{% include "components/error_summary.html" with form=form %}', form=form)
    assert html.strip() == ""


def test_non_field_errors_show_in_the_form_too():
    """Given a form-wide error, then the form shows it even without the summary."""
    form = _bound(team="clash")
    assert not form.is_valid()
    assert "These answers cannot go together." in str(form)


def test_page_title_says_error_when_the_form_has_errors():
    """Given a page with an invalid form, then its title starts with 'Error:'."""
    form = _bound(name="")
    form.is_valid()
    html = render_to_string("base.html", {"form": form})
    assert "<title>Error: CSE Hub – CSE Hub</title>" in html


@pytest.mark.parametrize(
    ("day", "month", "year", "expected"),
    [
        pytest.param("2", "11", "2026", datetime.date(2026, 11, 2), id="a real date"),
        pytest.param(" 02 ", "11", "2026", datetime.date(2026, 11, 2), id="spaces and zeros"),
    ],
)
def test_date_input_reads_day_month_and_year(day, month, year, expected):
    """Given day, month and year boxes, then the field reads them as one date."""
    form = _bound(held_on_day=day, held_on_month=month, held_on_year=year)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["held_on"] == expected


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        pytest.param("31", "2", "2026", "Enter a real date, for example 27 3 2026.", id="no 31st"),
        pytest.param("1", "13", "2026", "Enter a real date, for example 27 3 2026.", id="month 13"),
        pytest.param("x", "1", "2026", "Enter a real date, for example 27 3 2026.", id="letters"),
        pytest.param("1", "1", "", "Enter a real date, for example 27 3 2026.", id="no year"),
        pytest.param("", "", "", "This field is required.", id="nothing"),
    ],
)
def test_date_input_rejects_what_is_not_a_date(day, month, year, message):
    """Given boxes that do not make a date, then the field says so clearly."""
    form = _bound(held_on_day=day, held_on_month=month, held_on_year=year)
    assert not form.is_valid()
    assert form.errors["held_on"] == [message]


def test_date_input_shows_an_initial_date():
    """Given an initial date, then the boxes show its day, month and year."""
    form = ExampleForm(initial={"held_on": datetime.date(2026, 3, 27)})
    html = str(form["held_on"].as_field_group())
    assert 'name="held_on_day" value="27"' in html
    assert 'name="held_on_month" value="3"' in html
    assert 'name="held_on_year" value="2026"' in html


def test_plain_field_rendering_is_left_alone():
    """`{{ field }}` (as the admin site uses it) gets no GOV.UK classes, only the field group."""
    plain = str(ExampleForm()["name"])
    assert "govuk" not in plain
