"""Role homes say what consultancy waits on the user, counted through the consultancy policy."""

from __future__ import annotations

from django.urls import reverse

from consultancy.models import ConsultancyRequest, Urgency
from partners.models import Role


def _request(world, **fields):
    values = {
        "requester": world.practitioner,
        "requester_agency": world.csc_a,
        "local_authority": world.la_a,
        "hub": world.hub,
        "about": ConsultancyRequest.About.UNNAMED,
        "question": "How can I keep a 15-year-old engaged after a missing episode?",
        "urgency": Urgency.SOON,
        "preferred_contact": ConsultancyRequest.PreferredContact.PHONE,
        **fields,
    }
    return ConsultancyRequest.objects.create(**values)


def _home(client, role):
    response = client.get(reverse("role_home", kwargs={"role": role}))
    assert response.status_code == 200
    return response.content.decode()


def test_hub_manager_sees_requests_waiting_for_a_worker(world, login):
    """Given two requests nobody has taken and one assigned, then the home counts two."""
    _request(world)
    _request(world)
    _request(world, status=ConsultancyRequest.Status.ASSIGNED, responding_worker=world.spoke_worker)
    html = _home(login(world.hub_manager), Role.HUB_MANAGER)
    assert "2 consultancy requests waiting for a worker." in html


def test_spoke_worker_sees_their_own_and_those_nobody_has_taken_where_they_are_placed(world, login):
    """Given one request assigned to them, one nobody has taken in Ashdown (where they are
    placed) and one in Brackenford, then the home counts two."""
    _request(world, status=ConsultancyRequest.Status.ASSIGNED, responding_worker=world.spoke_worker)
    _request(world)
    _request(world, local_authority=world.la_b)
    html = _home(login(world.spoke_worker), Role.SPOKE_WORKER)
    assert "2 consultancy requests waiting for advice from you" in html


def test_practitioner_is_told_when_advice_waits_to_be_read(world, login):
    """Given the practitioner's request with advice, then their home says so and links to ask."""
    _request(world, status=ConsultancyRequest.Status.ADVISED, responding_worker=world.spoke_worker)
    html = _home(login(world.practitioner), Role.PRACTITIONER)
    assert "1 request has advice to read." in html
    assert reverse("consultancy:request_new") in html
    other = _home(login(world.other_la_practitioner), Role.PRACTITIONER)
    assert "advice to read" not in other
