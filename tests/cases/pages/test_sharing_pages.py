"""Sharing a case, changing and revoking a share, and break-glass, through the pages."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from cases.models import BreakGlassAccess, CaseShare


def _date(prefix: str, day: datetime.date) -> dict[str, str]:
    return {
        f"{prefix}_day": str(day.day),
        f"{prefix}_month": str(day.month),
        f"{prefix}_year": str(day.year),
    }


def test_sharing_with_an_agency(world, scene, login):
    """Given the lead worker, when they share with the police at full scope on consent, then
    the share exists with that scope and consent date."""
    consent = timezone.localdate()
    response = login(world.spoke_worker).post(
        reverse("cases:share_create", kwargs={"pk": scene.case.pk}),
        {
            "scope": CaseShare.Scope.FULL,
            "share_with": f"agency:{world.police.pk}",
            "lawful_basis": CaseShare.LawfulBasis.CONSENT,
            **_date("consent_recorded_on", consent),
            "reason": "Police lead on the disruption plan.",
            **_date("expires_on", consent + datetime.timedelta(days=60)),
        },
    )

    assert response.status_code == 302
    share = CaseShare.objects.get(case=scene.case, agency=world.police)
    assert share.scope == CaseShare.Scope.FULL
    assert share.consent_recorded_on == consent


def test_a_share_needs_someone_to_share_with_and_a_reason(world, scene, login):
    """Given neither an agency nor a professional, when posted, then the form says so."""
    response = login(world.spoke_worker).post(
        reverse("cases:share_create", kwargs={"pk": scene.case.pk}),
        {"scope": CaseShare.Scope.SUMMARY, "lawful_basis": CaseShare.LawfulBasis.LEGAL_DUTY},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Choose who to share the case with" in html
    assert "Say why you are sharing the case" in html


def test_changing_a_share_to_joint_lets_the_social_worker_add_casework(world, scene, login):
    """Given a summary share, when the manager changes it to joint, then the social worker may
    open the casework form."""
    login(world.hub_manager).post(
        reverse(
            "cases:share_change",
            kwargs={"pk": scene.case.pk, "share_pk": scene.summary_share.pk},
        ),
        {"scope": CaseShare.Scope.JOINT, "reason": "Joint work agreed at the strategy meeting."},
    )

    response = login(world.practitioner).get(
        reverse("cases:entry_create", kwargs={"pk": scene.case.pk})
    )

    assert response.status_code == 200


def test_revoking_a_share_removes_access_at_once(world, scene, login):
    """Given a full share, when the manager revokes it, then the school cannot find the case."""
    response = login(world.hub_manager).post(
        reverse(
            "cases:share_revoke", kwargs={"pk": scene.case.pk, "share_pk": scene.full_share.pk}
        ),
        {"reason": "School no longer involved."},
    )

    assert response.status_code == 302
    detail = login(scene.full_practitioner).get(
        reverse("cases:case_detail", kwargs={"pk": scene.case.pk})
    )
    assert detail.status_code == 404


def test_break_glass_needs_a_reason_then_opens_the_case_read_only(world, scene, login):
    """Given an administrator, when they give no reason then a reason, then the first is refused
    and the second opens the case read-only and is audited."""
    client = login(world.administrator)
    url = reverse("cases:break_glass", kwargs={"pk": scene.case.pk})

    refused = client.post(url, {"reason": ""})
    opened = client.post(url, {"reason": "Subject access request needs checking today."})
    detail = client.get(reverse("cases:case_detail", kwargs={"pk": scene.case.pk}))

    assert refused.status_code == 200
    assert "Give a reason" in refused.content.decode()
    assert not BreakGlassAccess.objects.filter(reason="").exists()
    assert opened.status_code == 302
    assert detail.status_code == 200
    html = detail.content.decode()
    assert "break-glass access" in html
    assert "Log casework" not in html
    assert AuditEvent.objects.filter(action=AuditEvent.Action.BREAK_GLASS_OPENED).exists()
    close = client.get(reverse("cases:case_close", kwargs={"pk": scene.case.pk}))
    assert close.status_code == 403


def test_sharing_with_one_named_professional(world, scene, login):
    """Given the lead worker, when they share with one police officer, then the share names
    that officer and not the agency."""
    from partners.models import Role
    from tests import factories

    officer = factories.member(agency=world.police, role=Role.PRACTITIONER)
    expiry = timezone.localdate() + datetime.timedelta(days=10)

    response = login(world.spoke_worker).post(
        reverse("cases:share_create", kwargs={"pk": scene.case.pk}),
        {
            "scope": CaseShare.Scope.SUMMARY,
            "share_with": f"professional:{officer.pk}",
            "lawful_basis": CaseShare.LawfulBasis.LEGAL_DUTY,
            "reason": "Officer in the case.",
            **_date("expires_on", expiry),
        },
    )

    assert response.status_code == 302
    share = CaseShare.objects.get(case=scene.case, professional=officer)
    assert share.agency is None


def test_an_agency_outside_the_offer_is_refused(world, scene, login):
    """Given an agency the form does not offer (the case's own hub), when posted, then the form
    refuses the choice and nothing is shared."""
    before = CaseShare.objects.count()

    response = login(world.spoke_worker).post(
        reverse("cases:share_create", kwargs={"pk": scene.case.pk}),
        {
            "scope": CaseShare.Scope.SUMMARY,
            "share_with": f"agency:{world.hub.pk}",
            "lawful_basis": CaseShare.LawfulBasis.LEGAL_DUTY,
            "reason": "x",
            **_date("expires_on", timezone.localdate() + datetime.timedelta(days=10)),
        },
    )

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert CaseShare.objects.count() == before
