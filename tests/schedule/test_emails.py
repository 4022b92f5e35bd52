"""Email: the daily digest (one a day, whatever runs twice), the catch-up of immediate emails
whose queued task never went, and no child's details in any email the jobs cause."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from accounts.models import User
from notifications.models import DigestEmail, Notification
from notifications.services import notification_emails_set, notify
from tests.schedule.conftest import at, london

pytestmark = pytest.mark.django_db
DIGESTS = "notifications.send_digests"
PENDING = "notifications.email_pending"


def _tell(user: User, n: int) -> None:
    notify(
        recipients=[user],
        kind=Notification.Kind.REFERRAL_SUBMITTED,
        key=f"referral_submitted:{n}",
        message=f"New routine referral R{n:06d} from Ashdown Children's Services",
        link=f"/referrals/{n}/triage/",
    )


@pytest.fixture
def daily(world, settings) -> User:
    settings.CSE_HUB_BASE_URL = "https://csehub.example.org"
    manager = world.hub_manager
    notification_emails_set(user=manager, by=manager, choice=User.EmailNotifications.DAILY)
    return manager


def test_the_digest_collects_the_days_notifications_in_one_email(world, daily, run):
    with at(london(2026, 12, 7, 15)):
        _tell(daily, 1)
    with at(london(2026, 12, 7, 18)):
        _tell(daily, 2)

    assert run(DIGESTS, london(2026, 12, 8, 7)) == {"digests": 1}

    [email] = mail.outbox
    assert email.to == [daily.email]
    assert email.subject == "CSE Hub: your notifications for 8 December 2026"
    assert "New referral: New routine referral R000002 from Ashdown Children's Services" in (
        email.body
    )
    assert "https://csehub.example.org/referrals/1/triage/" in email.body
    assert "https://csehub.example.org/notifications/" in email.body
    assert not Notification.objects.filter(recipient=daily, emailed_at=None).exists()


def test_later_runs_that_morning_send_no_second_digest(daily, run):
    with at(london(2026, 12, 7, 15)):
        _tell(daily, 1)
    run(DIGESTS, london(2026, 12, 8, 7))
    with at(london(2026, 12, 8, 7, 30)):
        _tell(daily, 2)

    assert run(DIGESTS, london(2026, 12, 8, 8)) == {"digests": 0}
    assert run(DIGESTS, london(2026, 12, 8, 9)) == {"digests": 0}
    assert len(mail.outbox) == 1
    # The 07:30 one waits for the next morning's digest.
    assert run(DIGESTS, london(2026, 12, 9, 7)) == {"digests": 1}
    assert "R000002" in mail.outbox[1].body
    assert DigestEmail.objects.filter(recipient=daily).count() == 2


def test_a_missed_seven_oclock_run_is_caught_up_at_eight(daily, run):
    with at(london(2026, 12, 7, 15)):
        _tell(daily, 1)

    assert run(DIGESTS, london(2026, 12, 8, 8)) == {"digests": 1}


def test_nobody_with_nothing_new_gets_a_digest(daily, world, run):
    assert run(DIGESTS, london(2026, 12, 8, 7)) == {"digests": 0}
    assert mail.outbox == []


def test_people_who_chose_immediate_emails_get_no_digest(world, run):
    with at(london(2026, 12, 7, 15)):
        _tell(world.spoke_worker, 1)

    assert run(DIGESTS, london(2026, 12, 8, 7)) == {"digests": 0}


def test_an_immediate_email_that_never_went_is_sent_by_the_sweep_once(world, run):
    """Given a notification whose queued email never ran (as when the broker was down), then
    the sweep sends it once it is five minutes old, and never again."""
    with at(london(2026, 12, 7, 15)):
        _tell(world.spoke_worker, 1)

    assert run(PENDING, london(2026, 12, 7, 15, 4)) == {"emails": 0}
    assert run(PENDING, london(2026, 12, 7, 15, 10)) == {"emails": 1}
    assert run(PENDING, london(2026, 12, 7, 15, 20)) == {"emails": 0}
    [email] = mail.outbox
    assert email.to == [world.spoke_worker.email]


def test_the_sweep_leaves_what_is_days_old_to_the_app(world, run):
    with at(london(2026, 12, 1, 15)):
        _tell(world.spoke_worker, 1)

    assert run(PENDING, london(2026, 12, 7, 15)) == {"emails": 0}


def test_the_sweep_does_not_email_those_who_chose_the_digest(daily, run):
    with at(london(2026, 12, 7, 15)):
        _tell(daily, 1)

    assert run(PENDING, london(2026, 12, 7, 15, 10)) == {"emails": 0}


def test_the_choice_is_audited_and_only_ones_own(world):
    from django.core.exceptions import PermissionDenied

    from audit.models import AuditEvent

    notification_emails_set(
        user=world.spoke_worker, by=world.spoke_worker, choice=User.EmailNotifications.DAILY
    )
    event = AuditEvent.objects.get(action=AuditEvent.Action.NOTIFICATION_EMAILS_CHANGED)
    assert event.metadata == {"fields": ["email_notifications"], "from": "immediate", "to": "daily"}
    with pytest.raises(PermissionDenied):
        notification_emails_set(
            user=world.spoke_worker, by=world.hub_manager, choice=User.EmailNotifications.DAILY
        )


# No email a job causes carries a young person's name or date of birth.

NAMES = ("Robin", "Testcase", "Morgan", "Fictional", "Jordan", "Sample")
BIRTH_DATES = (r"14 March 2011", r"14/03/2011", r"2011-03-14", r"14\.03\.2011", r"March 14")


def test_no_email_from_any_job_names_a_young_person_or_their_birthday(
    world, open_case, contact, shared_case, make_referral, make_request, run
):
    """Given fixtures for every reminder (cases of Robin Testcase and Morgan Fictional, a
    referral of Jordan Sample), when every job runs over weeks and the emails go, then no email
    holds a name or a date of birth of theirs."""
    from cases.models import YoungPerson

    case = open_case(london(2026, 10, 5, 10))
    contact(case, london(2026, 10, 6, 10))
    with at(london(2026, 10, 5, 10)):
        make_referral(status="submitted")
        make_request(about="case", case=shared_case, status="assigned")
        make_request()
    YoungPerson.objects.filter(pk=shared_case.young_person_id).update(date_of_birth="2011-03-14")
    daily_user = world.other_hub_manager
    notification_emails_set(user=daily_user, by=daily_user, choice=User.EmailNotifications.DAILY)
    from ops.jobs import all_jobs

    for day in (10, 20, 30):
        for name in all_jobs():
            run(name, london(2026, 11, day, 9))
        run(PENDING, london(2026, 11, day, 9, 30))

    assert Notification.objects.exclude(kind=Notification.Kind.REFERRAL_SUBMITTED).count() >= 5
    subjects = {email.subject.removeprefix("CSE Hub: ") for email in mail.outbox}
    assert {
        "referral waiting to be screened",
        "no first contact yet",
        "no recent contact",
        "case review due",
        "case review overdue",
        "consultancy request unanswered",
        "your notifications for 10 November 2026",
    } <= subjects
    # Only professionals are ever contacted: nothing automatic reaches a young person, so no
    # safe-contact rule of theirs can be overridden.
    professionals = set(User.objects.values_list("email", flat=True))
    for email in mail.outbox:
        assert set(email.to) <= professionals
        text = f"{email.subject}\n{email.body}"
        for name in NAMES:
            assert not re.search(rf"\b{name}\b", text), (name, email.subject)
        for pattern in BIRTH_DATES:
            assert not re.search(pattern, text), (pattern, email.subject)
