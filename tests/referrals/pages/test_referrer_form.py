"""The referral form: drafts saved as they are, dates of birth and consent checked with a
message that says why, and the CSE service offered for the local authority without JavaScript."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from audit.models import AuditEvent
from cases.indicators import indicator_label_map
from partners.models import Role
from referrals.models import Referral
from tests import factories
from tests.referrals.conftest import NARRATIVE, years_ago


def answers(world, **changes) -> dict[str, object]:
    """Everything a complete referral says, as the form posts it."""
    dob = years_ago(14)
    values: dict[str, object] = {
        "first_name": "Jordan",
        "last_name": "Sample",
        "known_as": "Jo",
        "date_of_birth_day": dob.day,
        "date_of_birth_month": dob.month,
        "date_of_birth_year": dob.year,
        "gender": "female",
        "address_area": "AB1",
        "school_or_setting": "Ashdown Academy",
        "local_authority": world.la_a.pk,
        "hubs_for_local_authority": world.la_a.pk,
        "hub": world.hub.pk,
        "indicators": ["missing_episodes", "older_partner"],
        "narrative": NARRATIVE,
        "urgency": Referral.Urgency.PRIORITY,
        "young_person_aware": "yes",
        "young_person_consents": "yes",
        "parents_aware": Referral.ParentsAware.YES,
        "referrer_phone": "01632 960 001",
        "action": "continue",
    }
    values.update(changes)
    return {key: value for key, value in values.items() if value is not None}


def _dob(day: datetime.date) -> dict[str, object]:
    return {
        "date_of_birth_day": day.day,
        "date_of_birth_month": day.month,
        "date_of_birth_year": day.year,
    }


def test_continue_saves_the_draft_and_goes_to_check_answers(world, login):
    """Given complete answers, when the practitioner continues, then a draft is saved with
    them and they are shown their answers to check, with links to change each."""
    client = login(world.practitioner)

    response = client.post(reverse("referrals:new"), answers(world))

    referral = Referral.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("referrals:check", kwargs={"pk": referral.pk})
    assert referral.status == Referral.Status.DRAFT
    assert (referral.referrer, referral.referrer_agency) == (world.practitioner, world.csc_a)
    assert (referral.first_name, referral.known_as, referral.hub) == ("Jordan", "Jo", world.hub)
    assert referral.indicators == ["missing_episodes", "older_partner"]
    assert (referral.young_person_aware, referral.young_person_consents) == (True, True)
    check = client.get(response["Location"]).content.decode()
    assert "Check your answers before sending the referral" in check
    edit = reverse("referrals:edit", kwargs={"pk": referral.pk})
    assert f'href="{edit}#id_date_of_birth_0"' in check
    labels = indicator_label_map()
    assert escape(labels["missing_episodes"]) in check
    assert escape(labels["older_partner"]) in check


def test_save_as_draft_keeps_an_incomplete_referral(world, login):
    """Given only a name, when the practitioner saves a draft, then it is saved as it is and
    they go back to their referrals with a message."""
    response = login(world.practitioner).post(
        reverse("referrals:new"),
        {"first_name": "Jordan", "hubs_for_local_authority": "", "action": "save"},
    )

    referral = Referral.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("referrals:list")
    assert referral.first_name == "Jordan"
    assert referral.status == Referral.Status.DRAFT
    assert AuditEvent.objects.filter(action=AuditEvent.Action.REFERRAL_DRAFTED).count() == 1


@pytest.mark.parametrize(
    ("dob", "message"),
    [
        pytest.param(
            timezone.localdate() + datetime.timedelta(days=1),
            "Date of birth must be in the past.",
            id="in the future",
        ),
        pytest.param(
            years_ago(6),
            "The young person would be 6: the hub works with young people aged 8 to 25.",
            id="under 8",
        ),
        pytest.param(
            years_ago(30),
            "The young person would be 30: the hub works with young people aged 8 to 25.",
            id="over 25",
        ),
    ],
)
def test_an_implausible_date_of_birth_is_refused_with_why(world, login, dob, message):
    """Given a date of birth in the future, or an age under 8 or over 25, when the practitioner
    saves, then the form says why by the date and nothing is saved."""
    response = login(world.practitioner).post(
        reverse("referrals:new"), answers(world, action="save", **_dob(dob))
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert escape(message) in html
    assert 'href="#id_date_of_birth_0"' in html
    assert "<title>Error:" in html
    assert not Referral.objects.exists()


def test_a_date_that_is_not_a_date_is_refused(world, login):
    """Given 31 February, when the practitioner saves, then they are asked for a real date."""
    response = login(world.practitioner).post(
        reverse("referrals:new"),
        answers(world, date_of_birth_day=31, date_of_birth_month=2, date_of_birth_year=2012),
    )

    assert "Enter a real date" in response.content.decode()
    assert not Referral.objects.exists()


def test_consent_cannot_be_given_by_someone_who_does_not_know(world, login):
    """Given the young person does not know, when the practitioner says they consent, then the
    form explains that they cannot, and nothing is saved."""
    response = login(world.practitioner).post(
        reverse("referrals:new"),
        answers(world, young_person_aware="no", young_person_consents="yes"),
    )

    assert "cannot consent to a referral they do not know about" in response.content.decode()
    assert not Referral.objects.exists()


def test_referring_without_consent_needs_a_basis_and_a_reason(world, login):
    """Given the young person does not consent and no basis is given, when the practitioner
    submits, then the check page names both missing answers, linking to them on the form, and
    the referral stays a draft."""
    client = login(world.practitioner)
    client.post(reverse("referrals:new"), answers(world, young_person_consents="no"))
    referral = Referral.objects.get()

    response = client.post(
        reverse("referrals:check", kwargs={"pk": referral.pk}), {"version": referral.version}
    )

    html = response.content.decode()
    edit = reverse("referrals:edit", kwargs={"pk": referral.pk})
    assert response.status_code == 200
    assert "There is a problem" in html
    assert f'<a href="{edit}#id_no_consent_basis_0">Without the young person' in html
    assert f'<a href="{edit}#id_no_consent_reason">Explain why you are referring' in html
    referral.refresh_from_db()
    assert referral.status == Referral.Status.DRAFT


def test_the_no_consent_questions_are_revealed_by_no(world, login):
    """Given the form, then the basis and reason sit in a conditional reveal controlled by the
    'No' answer to consent, and are shown when 'No' was chosen."""
    client = login(world.practitioner)
    blank = client.get(reverse("referrals:new")).content.decode()
    client.post(reverse("referrals:new"), answers(world, young_person_consents="no"))
    referral = Referral.objects.get()
    chosen = client.get(reverse("referrals:edit", kwargs={"pk": referral.pk})).content.decode()

    assert 'data-aria-controls="conditional-no-consent"' in blank
    assert (
        'class="govuk-radios__conditional govuk-radios__conditional--hidden" '
        'id="conditional-no-consent"'
    ) in blank
    assert 'class="govuk-radios__conditional" id="conditional-no-consent"' in chosen


def test_consenting_clears_an_earlier_basis_for_referring_without(world, login):
    """Given a draft without consent and a basis, when the practitioner records consent, then
    the basis and reason are cleared."""
    client = login(world.practitioner)
    client.post(
        reverse("referrals:new"),
        answers(
            world,
            young_person_consents="no",
            no_consent_basis=Referral.NoConsentBasis.SAFEGUARDING,
            no_consent_reason="Asking would alert the adults involved.",
        ),
    )
    referral = Referral.objects.get()

    client.post(
        reverse("referrals:edit", kwargs={"pk": referral.pk}),
        answers(
            world,
            version=referral.version,
            no_consent_basis=Referral.NoConsentBasis.SAFEGUARDING,
            no_consent_reason="Asking would alert the adults involved.",
        ),
    )

    referral.refresh_from_db()
    assert (referral.young_person_consents, referral.no_consent_basis) == (True, "")
    assert referral.no_consent_reason == ""


def test_choosing_a_local_authority_offers_its_service_before_saving(world, login):
    """Given a new form, when the practitioner chooses Ashdown and continues, then the form
    comes back with the hub placing workers there chosen, and nothing is saved yet."""
    response = login(world.practitioner).post(
        reverse("referrals:new"),
        answers(world, hubs_for_local_authority="", hub=""),
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert escape(f"{world.hub.name} works in {world.la_a.name}, so we have chosen it") in html
    assert f'<option value="{world.hub.pk}" selected>' in html
    assert not Referral.objects.exists()


def test_changing_the_local_authority_asks_again_when_several_services_work_there(world, login):
    """Given a draft for Ashdown, when the practitioner changes to Brackenford (two hubs, none
    placed), then the form asks them to choose and offers both, and the draft is unchanged."""
    client = login(world.practitioner)
    client.post(reverse("referrals:new"), answers(world, action="save"))
    referral = Referral.objects.get()

    response = client.post(
        reverse("referrals:edit", kwargs={"pk": referral.pk}),
        answers(world, version=referral.version, local_authority=world.la_b.pk),
    )

    html = response.content.decode()
    assert f"Choose the CSE service to refer to in {world.la_b.name}" in html
    assert f'<option value="{world.other_hub.pk}">' in html
    referral.refresh_from_db()
    assert referral.local_authority == world.la_a


def test_find_services_button_shows_the_services_without_saving(world, login):
    """Given the form, when the practitioner presses 'Find services', then the form comes back
    with the services, and nothing is saved."""
    response = login(world.practitioner).post(
        reverse("referrals:new"), answers(world, action="find_services")
    )

    assert response.status_code == 200
    assert "Find services for this local authority" in response.content.decode()
    assert not Referral.objects.exists()


def test_a_stale_draft_is_refused_with_a_409(world, login, make_referral):
    """Given the draft changed in another tab, when the practitioner saves the older copy,
    then the page answers 409 with the message and keeps the newer answers."""
    referral = make_referral()
    client = login(world.practitioner)
    url = reverse("referrals:edit", kwargs={"pk": referral.pk})
    client.post(url, answers(world, version=referral.version, first_name="Jay", action="save"))

    response = client.post(url, answers(world, version=referral.version, first_name="Jordy"))

    assert response.status_code == 409
    assert "Your changes have not been saved" in response.content.decode()
    referral.refresh_from_db()
    assert referral.first_name == "Jay"


def test_a_referrer_in_two_agencies_chooses_which_they_refer_for(world, login):
    """Given a practitioner in two agencies, when they save without choosing one, then they
    are asked which; when they choose the police, the referral is the police's."""
    factories.membership(user=world.practitioner, agency=world.police, role=Role.PRACTITIONER)
    client = login(world.practitioner)

    page = client.get(reverse("referrals:new")).content.decode()
    posted = answers(world, action="save", referrer_agency=world.police.pk)
    client.post(reverse("referrals:new"), posted)

    assert "Which agency are you referring for?" in page
    assert Referral.objects.get().referrer_agency == world.police


def test_the_form_offers_the_active_indicators(world, login):
    """Given the seeded indicators, then a new form offers them as checkboxes, and starts with
    gender not known rather than the first choice."""
    html = login(world.practitioner).get(reverse("referrals:new")).content.decode()

    assert 'name="indicators" value="missing_episodes"' in html
    assert '<option value="not_known" selected>' in html
    assert "Make a referral" in html
