"""One request's page and its steps through the pages: the read audited, the thread, the case
link only for those who may see the case, and a stale change shown on the form (409)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from consultancy.models import ConsultancyRequest
from tests.consultancy.requests.conftest import ADVICE

S = ConsultancyRequest.Status


def test_the_detail_is_audited_and_shows_the_thread(world, make_request, actor):
    item = make_request(status=S.ADVISED)

    page = actor("practitioner").get(item.get_absolute_url()).content.decode()

    assert ADVICE in page
    assert "Strategy discussion if the males are identified." in page
    assert "Say whether it helped" in page
    event = AuditEvent.objects.get(action=AuditEvent.Action.CONSULTANCY_VIEWED)
    assert event.actor == world.practitioner
    assert event.object_id == str(item.pk)


def test_the_case_links_for_those_who_may_see_it(world, make_request, actor, shared_case):
    item = make_request(status=S.ASSIGNED, about="case", case=shared_case)

    for who in ("practitioner", "spoke_worker", "hub_manager"):
        page = actor(who).get(item.get_absolute_url()).content.decode()
        assert shared_case.get_absolute_url() in page, who
    assert (
        AuditEvent.objects.filter(
            action=AuditEvent.Action.CONSULTANCY_VIEWED, case_id=shared_case.pk
        ).count()
        == 3
    )


def test_taking_assigning_advising_and_feedback_through_the_pages(
    world, make_request, actor, colleague
):
    item = make_request()
    manager = actor("hub_manager")
    response = manager.post(
        reverse("consultancy:request_assign", kwargs={"pk": item.pk}),
        {"version": item.version, "worker": colleague.pk},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.responding_worker == colleague

    today = timezone.localdate()
    response = actor("colleague").post(
        reverse("consultancy:request_advise", kwargs={"pk": item.pk}),
        {
            "version": item.version,
            "text": ADVICE,
            "given_on_day": today.day,
            "given_on_month": today.month,
            "given_on_year": today.year,
            "time_spent_minutes": "40",
            "topics": ["risk"],
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == S.ADVISED

    response = actor("practitioner").post(
        reverse("consultancy:request_feedback", kwargs={"pk": item.pk}),
        {"version": item.version, "helpful": "yes", "feedback": "Thank you."},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == S.CLOSED
    assert item.helpful is True


def test_a_stale_change_is_shown_on_the_form(world, make_request, actor):
    item = make_request(status=S.ADVISED)
    stale = item.version - 1

    response = actor("spoke_worker").post(
        reverse("consultancy:request_close", kwargs={"pk": item.pk}),
        {"version": stale, "note": "Done."},
    )

    assert response.status_code == 409
    assert "changed this record while you were working on it" in response.content.decode()
    item.refresh_from_db()
    assert item.status == S.ADVISED


def test_bad_advice_is_shown_on_the_form(world, make_request, actor):
    item = make_request(status=S.ASSIGNED)

    response = actor("spoke_worker").post(
        reverse("consultancy:request_advise", kwargs={"pk": item.pk}),
        {"version": item.version, "text": "", "time_spent_minutes": "abc"},
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "Write the advice you gave" in page
    assert "Enter a whole number of minutes" in page


def test_a_stale_take_shows_the_request_again(world, make_request, actor, colleague):
    item = make_request()

    response = actor("colleague").post(
        reverse("consultancy:request_take", kwargs={"pk": item.pk}), {"version": item.version + 5}
    )

    assert response.status_code == 409
    assert "There is a problem" in response.content.decode()
