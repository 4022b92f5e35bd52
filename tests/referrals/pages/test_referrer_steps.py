"""Submitting, discarding and withdrawing through the pages, and what the referral's page shows
the referrer and the allocated worker (with the read audited)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.html import escape

from audit.models import AuditEvent
from referrals.models import Referral
from referrals.services import referral_screening_start

S = Referral.Status


def test_submitting_sends_the_referral_and_confirms_the_reference(world, login, make_referral):
    """Given a complete draft, when the referrer submits it, then it is submitted and the
    confirmation shows its reference and what happens next."""
    referral = make_referral()
    client = login(world.practitioner)

    response = client.post(
        reverse("referrals:check", kwargs={"pk": referral.pk}), {"version": referral.version}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("referrals:submitted", kwargs={"pk": referral.pk})
    referral.refresh_from_db()
    assert referral.status == S.SUBMITTED
    assert referral.submitted_at is not None
    html = client.get(response["Location"]).content.decode()
    assert "Referral submitted" in html
    assert referral.reference in html
    assert "What happens next" in html


def test_an_incomplete_draft_names_each_missing_answer(world, login, make_referral):
    """Given a draft with no name or urgency, when the referrer submits, then the check page
    lists each missing answer linking to its question, and the draft stays a draft."""
    referral = make_referral(first_name="", urgency="")

    response = login(world.practitioner).post(
        reverse("referrals:check", kwargs={"pk": referral.pk}), {"version": referral.version}
    )

    html = response.content.decode()
    edit = reverse("referrals:edit", kwargs={"pk": referral.pk})
    assert (
        f'<a href="{edit}#id_first_name">Enter the young person{escape(chr(39))}s first name'
        in html
    )
    assert f'<a href="{edit}#id_urgency_0">Choose how urgent the referral is.</a>' in html
    assert "<title>Error:" in html
    referral.refresh_from_db()
    assert referral.status == S.DRAFT


def test_a_stale_submission_is_refused_with_a_409(world, login, make_referral):
    """Given the draft changed after the check page was shown, when the referrer submits the
    older version, then the page answers 409 and the referral is not sent."""
    referral = make_referral()
    stale = referral.version
    client = login(world.practitioner)
    client.post(
        reverse("referrals:edit", kwargs={"pk": referral.pk}),
        {
            "version": stale,
            "first_name": "Jay",
            "local_authority": world.la_a.pk,
            "hubs_for_local_authority": world.la_a.pk,
            "hub": world.hub.pk,
            "action": "save",
        },
    )

    response = client.post(
        reverse("referrals:check", kwargs={"pk": referral.pk}), {"version": stale}
    )

    assert response.status_code == 409
    assert "Your changes have not been saved" in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == S.DRAFT


def test_discarding_deletes_the_draft_and_audits_it(world, login, make_referral):
    """Given a draft, when the referrer confirms discarding it, then it is gone and the
    discard is audited."""
    referral = make_referral()
    client = login(world.practitioner)

    confirm = client.get(reverse("referrals:discard", kwargs={"pk": referral.pk}))
    response = client.post(
        reverse("referrals:discard", kwargs={"pk": referral.pk}), {"version": referral.version}
    )

    assert "Are you sure you want to discard this draft?" in confirm.content.decode()
    assert response.status_code == 302
    assert not Referral.objects.filter(pk=referral.pk).exists()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.REFERRAL_DRAFT_DELETED).exists()


def test_withdrawing_needs_a_reason(world, login, make_referral):
    """Given a submitted referral, when the referrer withdraws with no reason, then they are
    asked for one; with a reason, it is withdrawn and the page shows why."""
    referral = make_referral(status=S.SUBMITTED)
    client = login(world.practitioner)
    url = reverse("referrals:withdraw", kwargs={"pk": referral.pk})

    empty = client.post(url, {"version": referral.version, "reason": ""})
    done = client.post(url, {"version": referral.version, "reason": "The family moved away."})

    assert "Say why you are withdrawing the referral." in empty.content.decode()
    assert done.status_code == 302
    referral.refresh_from_db()
    assert (referral.status, referral.withdrawn_reason) == (S.WITHDRAWN, "The family moved away.")
    page = client.get(referral.get_absolute_url()).content.decode()
    assert "The family moved away." in page
    assert "Withdraw referral" not in page


def test_a_stale_withdrawal_is_refused_with_a_409(world, login, make_referral):
    """Given the hub started screening after the withdraw page was opened, when the referrer
    withdraws from the older copy, then the page answers 409 and nothing is saved."""
    referral = make_referral(status=S.SUBMITTED)
    client = login(world.practitioner)
    referral_screening_start(referral=referral, by=world.hub_manager, version=referral.version)

    response = client.post(
        reverse("referrals:withdraw", kwargs={"pk": referral.pk}),
        {"version": referral.version, "reason": "Moved away."},
    )

    assert response.status_code == 409
    referral.refresh_from_db()
    assert referral.status == S.SCREENING


def test_the_referrer_sees_the_outcome_and_the_workers_contact(world, login, make_referral):
    """Given an allocated referral, when the referrer opens it, then they see the steps with
    dates, the decision and reason, and the worker's name, job title, email and phone, but
    not the case; and the read is audited."""
    world.spoke_worker.job_title = "CSE spoke worker"
    world.spoke_worker.phone = "01632 960 123"
    world.spoke_worker.save()
    referral = make_referral(status=S.ALLOCATED, reason="Clear risk; meets our threshold.")

    html = login(world.practitioner).get(referral.get_absolute_url()).content.decode()

    for shown in (
        "Referral submitted",
        "Screening started",
        "Accepted",
        "Allocated to a worker",
        "Clear risk; meets our threshold.",
        world.spoke_worker.full_name,
        "CSE spoke worker",
        world.spoke_worker.email,
        "01632 960 123",
    ):
        assert escape(shown) in html
    assert referral.case.get_absolute_url() not in html
    assert "Go to the case" not in html
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.REFERRAL_VIEWED, actor=world.practitioner
    ).exists()


def test_the_referrer_sees_where_the_referral_was_signposted(world, login, make_referral):
    """Given a signposted referral, when the team manager opens it, then they see the service
    it was signposted to and the reason."""
    referral = make_referral(
        status=S.SIGNPOSTED, signposted_to="Ashdown Youth Service", reason="Lower level need."
    )

    html = login(world.team_manager).get(referral.get_absolute_url()).content.decode()

    assert "Signposted to Ashdown Youth Service" in html
    assert "Lower level need." in html


def test_the_allocated_worker_sees_the_referral_and_its_case(world, login, make_referral):
    """Given an allocated referral, when the spoke worker opens it, then they see the whole
    referral and a link to the case, and the read is audited."""
    referral = make_referral(status=S.ALLOCATED)

    html = login(world.spoke_worker).get(referral.get_absolute_url()).content.decode()

    assert referral.case.get_absolute_url() in html
    assert "Go to the case" in html
    assert referral.narrative[:30] in html
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.REFERRAL_VIEWED, actor=world.spoke_worker
    ).exists()


def test_a_draft_page_offers_to_check_change_or_discard(world, login, make_referral):
    """Given a draft, when the referrer opens it, then it says it has not been sent and links
    to check, change and discard it."""
    referral = make_referral()

    html = login(world.practitioner).get(referral.get_absolute_url()).content.decode()

    assert "It has not been sent to the hub" in html
    for name in ("referrals:check", "referrals:edit", "referrals:discard"):
        assert reverse(name, kwargs={"pk": referral.pk}) in html
