"""Who is told about a referral, when, and that no message or email ever describes the child.

The hub's managers hear of a submission (and a withdrawal), the referrer of the decision, the
allocated worker of the allocation. Messages and emails carry a reference and a link only.
"""

from __future__ import annotations

import pytest
from django.core import mail

from notifications.models import Notification
from partners.models import Role
from referrals import services
from referrals.models import Referral
from tests import factories
from tests.referrals.conftest import years_ago

S = Referral.Status
Kind = Notification.Kind

# A name, nickname, school and area no message could contain by chance.
CHILD = {
    "first_name": "Zephyrine",
    "last_name": "Quillfeather",
    "known_as": "Zeph",
    "school_or_setting": "Marlowe Vale School",
    "address_area": "QX9",
    "date_of_birth": years_ago(13, days=77),
}


def _told(kind: str) -> list[Notification]:
    return list(Notification.objects.filter(kind=kind).order_by("recipient_id"))


def test_submitting_tells_each_manager_of_the_receiving_hub(world, make_referral):
    """Given a hub with two managers, when a referral to it is submitted, then each is told once,
    with a link to triage it; the other hub's manager and the hub's workers are not."""
    second_manager = factories.member(agency=world.hub, role=Role.HUB_MANAGER)

    referral = make_referral(status=S.SUBMITTED)

    told = _told(Kind.REFERRAL_SUBMITTED)
    assert [n.recipient for n in told] == sorted(
        [world.hub_manager, second_manager], key=lambda u: u.pk
    )
    assert {n.link for n in told} == {f"/referrals/{referral.pk}/triage/"}
    assert told[0].message == (
        f"New priority referral {referral.reference} from Ashdown Children's Services"
    )


def test_a_decision_tells_the_referrer(world, make_referral):
    """Given referrals accepted, declined and signposted, then the referrer is told of each, with
    a link to their view of the referral, and nobody else is."""
    accepted = make_referral(status=S.ACCEPTED)
    declined = make_referral(status=S.DECLINED)
    signposted = make_referral(status=S.SIGNPOSTED)

    told = {n.key: n for n in _told(Kind.REFERRAL_DECIDED)}
    assert {n.recipient for n in told.values()} == {world.practitioner}
    for referral, word in ((accepted, "accepted"), (declined, "declined")):
        note = told[f"referral_decided:{referral.pk}"]
        assert note.message == (
            f"Your referral {referral.reference} has been {word} by Northbrook CSE Hub"
        )
        assert note.link == f"/referrals/{referral.pk}/"
    assert "signposted to another service" in told[f"referral_decided:{signposted.pk}"].message


def test_allocation_tells_the_worker_and_the_referrer(world, make_referral):
    """Given an accepted referral, when it is allocated, then the worker is told with a link to
    the case, and the referrer that it was allocated to a worker."""
    referral = make_referral(status=S.ALLOCATED)

    (to_worker,) = _told(Kind.REFERRAL_ALLOCATED)
    assert to_worker.recipient == world.spoke_worker
    assert to_worker.link == referral.case.get_absolute_url()
    assert to_worker.message == (
        f"Referral {referral.reference} has been allocated to you (Case {referral.case_id})"
    )
    to_referrer = Notification.objects.get(key=f"referral_allocated_referrer:{referral.pk}")
    assert to_referrer.recipient == world.practitioner
    assert "allocated to a worker" in to_referrer.message


def test_accepting_and_allocating_at_once_tells_the_referrer_once(world, make_referral):
    """Given a referral being screened, when the hub accepts and allocates it in one go, then the
    referrer gets one notification, not an acceptance and then an allocation."""
    referral = make_referral(status=S.SCREENING, match="new")

    services.referral_accept_and_allocate(
        referral=referral,
        by=world.hub_manager,
        version=referral.version,
        reason="Meets the threshold.",
        worker=world.spoke_worker,
        risk_level="high",
        rationale="Missing three times this month.",
    )

    assert Notification.objects.filter(recipient=world.practitioner).count() == 1


def test_withdrawing_tells_the_hub_managers(world, make_referral):
    """Given a submitted referral, when the referrer withdraws it, then the hub's managers are
    told, with a link to the referral."""
    referral = make_referral(status=S.WITHDRAWN)

    told = Notification.objects.filter(key=f"referral_withdrawn:{referral.pk}")
    assert [n.recipient for n in told] == [world.hub_manager]
    assert told.get().link == f"/referrals/{referral.pk}/triage/"


def test_a_refused_step_tells_nobody(world, make_referral):
    """Given an incomplete draft, when its submission is refused, then nobody is told."""
    referral = make_referral(narrative="Too short")

    with pytest.raises(Exception):  # noqa: B017, PT011 - any refusal; the point is the silence
        services.referral_submit(referral=referral, by=world.practitioner, version=1)

    assert not Notification.objects.exists()


@pytest.mark.parametrize(
    "status", [S.ALLOCATED, S.DECLINED, S.SIGNPOSTED, S.WITHDRAWN], ids=lambda s: f"to {s}"
)
def test_no_message_or_email_names_or_describes_the_child(
    world, make_referral, django_capture_on_commit_callbacks, status
):
    """Given a referral about a young person with distinctive details, when it goes through every
    step to an outcome, then no notification, email subject or email body contains any of them."""
    with django_capture_on_commit_callbacks(execute=True):
        referral = make_referral(status=status, **CHILD)

    notes = list(Notification.objects.all())
    assert notes
    assert mail.outbox
    said = [n.message for n in notes] + [n.link for n in notes]
    said += [str(m.subject) for m in mail.outbox] + [str(m.body) for m in mail.outbox]
    details = [str(value) for value in CHILD.values()]
    details += [
        referral.date_of_birth.strftime("%d/%m/%Y"),
        referral.date_of_birth.strftime("%-d %B %Y"),
        referral.narrative[:20],
    ]
    for text in said:
        for detail in details:
            assert detail.lower() not in text.lower(), f"{detail!r} in {text!r}"
    # What the email does carry: the reference and a link behind sign-in.
    assert any(referral.reference in m.body for m in mail.outbox)
