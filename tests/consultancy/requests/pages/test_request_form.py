"""The request form: sending about a young person not named or a shared case, the identifying
warning and its confirmation, and mistakes shown on the form with nothing saved."""

from __future__ import annotations

from django.urls import reverse

from consultancy.models import ConsultancyRequest
from tests.consultancy.requests.conftest import QUESTION

URL = reverse("consultancy:request_new")
S = ConsultancyRequest.Status


def _post(world, **overrides):
    data = {
        "about": "unnamed",
        "young_person_age": "14",
        "young_person_gender": "female",
        "local_authority": str(world.la_a.pk),
        "hub": "",
        "question": QUESTION,
        "urgency": "soon",
        "preferred_contact": "in_writing",
        "requester_phone": "",
    }
    data.update(overrides)
    return data


def test_the_form_offers_the_shared_cases_and_warns_about_names(world, actor, shared_case):
    page = actor("practitioner").get(URL).content.decode()

    assert "Morgan Fictional" in page
    assert "Do not give their name, date of birth, address or school" in page
    assert 'id="id_identifying_details_confirmed"' not in page


def test_sending_about_a_young_person_not_named(world, actor, colleague):
    """Given the form filled in, when sent, then the request is made and its page opens."""
    response = actor("practitioner").post(URL, _post(world))

    item = ConsultancyRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == item.get_absolute_url()
    assert item.hub == world.hub
    assert item.status == S.REQUESTED
    assert item.young_person_age == 14


def test_sending_about_a_shared_case(world, actor, shared_case):
    response = actor("practitioner").post(URL, _post(world, about="case", case=shared_case.pk))

    assert response.status_code == 302
    assert ConsultancyRequest.objects.get().case == shared_case


def test_an_identifying_question_is_flagged_then_sent_when_confirmed(world, actor):
    """Given a question with a name and a date of birth, then the form says so and offers the
    box; ticking it sends the question as it is."""
    client = actor("practitioner")
    question = "Jane Smith, born 03/04/2011, has been missing three nights this month."

    flagged = client.post(URL, _post(world, question=question))

    assert flagged.status_code == 400
    page = flagged.content.decode()
    assert "looks like a full name" in page
    assert 'id="id_identifying_details_confirmed"' in page
    assert not ConsultancyRequest.objects.exists()

    sent = client.post(URL, _post(world, question=question, identifying_details_confirmed="on"))

    assert sent.status_code == 302
    assert ConsultancyRequest.objects.get().identifying_details_confirmed is True


def test_mistakes_are_shown_on_the_form(world, actor):
    response = actor("practitioner").post(
        URL, _post(world, question="", urgency="", preferred_contact="phone")
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Write your question" in page
    assert "Choose how urgent your question is" in page
    assert not ConsultancyRequest.objects.exists()


def test_a_phone_call_needs_a_number(world, actor):
    response = actor("practitioner").post(URL, _post(world, preferred_contact="phone"))

    assert response.status_code == 400
    assert "Enter a phone number" in response.content.decode()
