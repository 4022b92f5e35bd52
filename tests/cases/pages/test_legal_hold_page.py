"""The legal hold page: the hub's managers keep a closed case from anonymisation, or let it go;
the case page says what retention will do."""

from __future__ import annotations

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from cases.models import Case
from cases.services import case_close

pytestmark = pytest.mark.django_db


def _closed(world, scene) -> Case:
    return case_close(
        case=scene.case,
        by=world.hub_manager,
        version=scene.case.version,
        reason=Case.ClosureReason.OUTCOMES_MET,
        outcome="Settled at college.",
    )


@pytest.mark.parametrize(
    ("actor", "status"),
    [
        pytest.param(None, 302, id="anonymous is sent to log in"),
        pytest.param("other_la_practitioner", 404, id="another agency cannot tell it exists"),
        pytest.param("other_hub_manager", 404, id="another hub cannot tell it exists"),
        pytest.param("practitioner", 403, id="a summary share sees it but may not hold it"),
        pytest.param("spoke_worker", 403, id="the lead worker may not hold it"),
        pytest.param("hub_manager", 200, id="the hub's manager may"),
    ],
)
def test_who_may_open_the_page(world, scene, login, actor, status):
    url = reverse("cases:case_legal_hold", args=[scene.case.pk])

    response = login(world.by_role(actor) if actor else None).get(url)

    assert response.status_code == status


def test_the_manager_holds_a_closed_case_and_the_case_page_says_so(world, scene, login):
    case = _closed(world, scene)
    client = login(world.hub_manager)
    detail = client.get(case.get_absolute_url()).content.decode()
    assert f"Anonymised after {case.retention_until:%-d %B %Y}" in detail
    assert "Place on legal hold" in detail

    response = client.post(
        reverse("cases:case_legal_hold", args=[case.pk]),
        {"version": case.version, "reason": "Evidence for the family court."},
    )

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.legal_hold is True
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.LEGAL_HOLD_PLACED, case_id=case.pk
    ).exists()
    detail = client.get(case.get_absolute_url()).content.decode()
    assert "Kept whole until the hold is lifted" in detail
    assert "Lift the hold" in detail


def test_a_hold_needs_a_reason(world, scene, login):
    case = _closed(world, scene)

    response = login(world.hub_manager).post(
        reverse("cases:case_legal_hold", args=[case.pk]), {"version": case.version, "reason": ""}
    )

    assert "Say why" in response.content.decode()
    case.refresh_from_db()
    assert case.legal_hold is False


def test_an_anonymised_case_says_so_and_offers_no_hold(world, scene, login):
    from django.utils import timezone

    case = _closed(world, scene)
    Case.objects.filter(pk=case.pk).update(anonymised_at=timezone.now())
    client = login(world.hub_manager)

    detail = client.get(case.get_absolute_url()).content.decode()

    assert "This case was anonymised on" in detail
    assert "Place on legal hold" not in detail
    assert client.get(reverse("cases:case_legal_hold", args=[case.pk])).status_code == 403
