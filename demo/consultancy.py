"""Synthetic demo data for the spoke workers' work with practitioners and groups: consultancy
requests in several states, training with attendance from three agencies, an awareness
session, a group-work programme with a recorded session, two shared resources, a practice
challenge, and the hub's target balance (every name and text is invented).

Everything goes through the consultancy services, as a person on the pages would, and each
record has a natural key (a question, a title, a setting, a concern), so running it again
changes nothing. It runs after the partnership, the cases and the referrals are seeded, with the
same users, agencies and local authorities (`demo.services` keys: emails, agency names, GSS
codes).
"""

from __future__ import annotations

import datetime
import zlib
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import User
from cases.models import Case, CaseworkEntry, YoungPerson
from consultancy.models import (
    AwarenessSession,
    BalanceTarget,
    ConsultancyRequest,
    GroupWorkProgramme,
    PracticeChallenge,
    Resource,
    Topic,
    TrainingSession,
    Urgency,
)
from consultancy.services.balance import balance_target_set
from consultancy.services.challenges import challenge_escalate, challenge_raise
from consultancy.services.groupwork import (
    awareness_create,
    group_session_record,
    participant_add,
    programme_create,
)
from consultancy.services.requests import (
    consultancy_advise,
    consultancy_feedback,
    consultancy_request_create,
)
from consultancy.services.resources import resource_create
from consultancy.services.training import (
    training_agency_count_set,
    training_attendee_add,
    training_create,
    training_update,
)
from partners.models import Agency, LocalAuthority

# The demo partnership's keys, as `demo.services` seeds them.
ASHDOWN = "E99900001"
BRACKENFORD = "E99900002"
HUB = "Northbrook CSE Hub"
ASHDOWN_CSC = "Ashdown Children's Services"
BRACKENFORD_CSC = "Brackenford Children's Services"
POLICE = "Shire Police"
SCHOOL = "Ashdown Academy"
SPOKE_WORKER = "spoke.worker@demo.test"
OUTREACH_WORKER = "outreach.worker@demo.test"
HUB_WORKER = "hub.worker@demo.test"
HUB_MANAGER = "hub.manager@demo.test"
SOCIAL_WORKER = "social.worker.ashdown@demo.test"
BRACKENFORD_SOCIAL_WORKER = "social.worker.brackenford@demo.test"
POLICE_OFFICER = "police.officer@demo.test"
TEACHER = "teacher@demo.test"
# The two demo young people on the group-work programme, both on Sam Spoke's caseload.
GROUP_MEMBERS = (("Maya", "Thornbury"), ("Leo", "Hartwell"))
# The case the Ashdown social worker asks about, shared with her agency at joint scope.
CONSULTED_CASE = ("Maya", "Thornbury")
# The case the practice challenge is about, shared with Ashdown Children's Services.
CHALLENGED_CASE = ("Leo", "Hartwell")


@dataclass(frozen=True)
class Demo:
    """What the demo run was given: the seeded users, agencies and local authorities."""

    users: dict[str, User]
    agencies: dict[str, Agency]
    las: dict[str, LocalAuthority]
    today: datetime.date

    def user(self, email: str) -> User:
        return self.users[email]

    @property
    def hub(self) -> Agency:
        return self.agencies[HUB]

    def days_ago(self, days: int) -> datetime.date:
        return self.today - datetime.timedelta(days=days)

    def at(self, days_ago: int, *, hour: int) -> datetime.datetime:
        """A moment on a day before today, at an hour in UK time."""
        return timezone.make_aware(
            datetime.datetime.combine(self.days_ago(days_ago), datetime.time(hour=hour))
        )


def demo_consultancy_seed(
    *,
    created: Counter[str],
    users: dict[str, User],
    agencies: dict[str, Agency],
    las: dict[str, LocalAuthority],
    today: datetime.date,
) -> None:
    """Create whatever of the consultancy demo is missing, counting what was made in `created`."""
    demo = Demo(users=users, agencies=agencies, las=las, today=today)
    _consultancy(created, demo)
    _training(created, demo)
    _awareness(created, demo)
    _group_work(created, demo)
    _resources(created, demo)
    _challenge(created, demo)
    _balance_target(created, demo)


def _open_case(demo: Demo, name: tuple[str, str]) -> Case | None:
    return (
        Case.objects.filter(
            owning_agency=demo.hub,
            status=Case.Status.OPEN,
            young_person__first_name=name[0],
            young_person__last_name=name[1],
        )
        .order_by("pk")
        .first()
    )


# Consultancy: one waiting for the hub, one with a worker, one advised and marked helpful.

TEACHER_QUESTION = (
    "A pupil in Year 9 has started arriving late with new clothes and a second phone, and "
    "has told friends about an older boyfriend she met online. How should I raise this with "
    "her, and is it time to refer?"
)
OUTREACH_QUESTION = (
    "Two of our looked-after young people keep going missing from their placement on the "
    "same nights. What should the return-home interviews ask, and who should we share the "
    "pattern with?"
)
SHARED_CASE_QUESTION = (
    "Ahead of the strategy meeting, how can we describe the risk without suggesting she is "
    "choosing this? The family say she is just being a teenager."
)
SHARED_CASE_ADVICE = (
    "Talked through language for the meeting: describe what adults are doing to her, not "
    "her choices, and record the grooming pattern (gifts, the new phone, the older male). "
    "Suggested asking police about disruption options for the address."
)


def _consultancy(created: Counter[str], demo: Demo) -> None:
    asked = set(ConsultancyRequest.objects.filter(hub=demo.hub).values_list("question", flat=True))
    if TEACHER_QUESTION not in asked:
        # Two workers are placed in Ashdown, so the hub's managers choose who takes it.
        consultancy_request_create(
            by=demo.user(TEACHER),
            agency=demo.agencies[SCHOOL],
            about=ConsultancyRequest.About.UNNAMED,
            question=TEACHER_QUESTION,
            urgency=Urgency.SOON,
            preferred_contact=ConsultancyRequest.PreferredContact.PHONE,
            local_authority=demo.las[ASHDOWN],
            hub=demo.hub,
            young_person_age=14,
            young_person_gender=YoungPerson.Gender.FEMALE,
            requester_phone="01632 960 118",
        )
        created["consultancy requests"] += 1
    if OUTREACH_QUESTION not in asked:
        # One worker is placed in Brackenford: the request goes straight to her.
        consultancy_request_create(
            by=demo.user(BRACKENFORD_SOCIAL_WORKER),
            agency=demo.agencies[BRACKENFORD_CSC],
            about=ConsultancyRequest.About.UNNAMED,
            question=OUTREACH_QUESTION,
            urgency=Urgency.ROUTINE,
            preferred_contact=ConsultancyRequest.PreferredContact.VIDEO,
            local_authority=demo.las[BRACKENFORD],
            hub=demo.hub,
        )
        created["consultancy requests"] += 1
    case = _open_case(demo, CONSULTED_CASE)
    if SHARED_CASE_QUESTION not in asked and case is not None:
        request = consultancy_request_create(
            by=demo.user(SOCIAL_WORKER),
            agency=demo.agencies[ASHDOWN_CSC],
            about=ConsultancyRequest.About.CASE,
            question=SHARED_CASE_QUESTION,
            urgency=Urgency.SOON,
            preferred_contact=ConsultancyRequest.PreferredContact.PHONE,
            case=case,
            requester_phone="01632 960 241",
        )
        request = consultancy_advise(
            request=request,
            by=demo.user(SPOKE_WORKER),
            text=SHARED_CASE_ADVICE,
            given_on=demo.today,
            time_spent_minutes=45,
            agreed_follow_up="Joint visit before the meeting; the spoke worker attends it.",
            topics=(Topic.LANGUAGE, Topic.RISK, Topic.DISRUPTION),
            version=request.version,
        )
        consultancy_feedback(
            request=request,
            by=demo.user(SOCIAL_WORKER),
            helpful=True,
            feedback="Helped me write the report for the strategy meeting.",
            version=request.version,
        )
        created["consultancy requests"] += 1


# Training: one delivered with attendance from three agencies, one planned.

DELIVERED_TITLE = "Recognising and responding to child sexual exploitation"
PLANNED_TITLE = "Online exploitation: what practitioners need to know"


def _training(created: Counter[str], demo: Demo) -> None:
    titles = set(TrainingSession.objects.filter(hub=demo.hub).values_list("title", flat=True))
    if DELIVERED_TITLE not in titles:
        session = training_create(
            by=demo.user(SPOKE_WORKER),
            hub=demo.hub,
            local_authority=demo.las[ASHDOWN],
            title=DELIVERED_TITLE,
            audience="Social workers, police officers and school staff in Ashdown",
            delivered_on=demo.days_ago(12),
            duration_minutes=180,
            trainers=[demo.user(SPOKE_WORKER), demo.user(HUB_WORKER)],
            topics=(Topic.RECOGNISING, Topic.LANGUAGE, Topic.REFERRAL),
            description="Signs of grooming, the language we use, and when and how to refer.",
            venue="Ashdown Civic Centre",
            status=TrainingSession.Status.DELIVERED,
        )
        recorder = demo.user(SPOKE_WORKER)
        for email, before, after in (
            (SOCIAL_WORKER, 2, 4),
            (POLICE_OFFICER, 3, 4),
            (TEACHER, 2, 5),
        ):
            training_attendee_add(
                session=session,
                by=recorder,
                attendee=demo.user(email),
                confidence_before=before,
                confidence_after=after,
            )
        for agency, count, average_before, average_after in (
            (ASHDOWN_CSC, 5, "2.40", "4.00"),
            (POLICE, 4, "2.75", "4.25"),
            (SCHOOL, 6, "2.17", "4.33"),
        ):
            training_agency_count_set(
                session=session,
                by=recorder,
                agency=demo.agencies[agency],
                count=count,
                confidence_before=Decimal(average_before),
                confidence_after=Decimal(average_after),
            )
        session.refresh_from_db()
        training_update(
            session=session,
            by=recorder,
            version=session.version,
            feedback=(
                "Attendees valued the case studies and the language guide; several asked for "
                "a follow-up session on online exploitation."
            ),
        )
        created["training sessions"] += 1
    if PLANNED_TITLE not in titles:
        training_create(
            by=demo.user(OUTREACH_WORKER),
            hub=demo.hub,
            local_authority=demo.las[BRACKENFORD],
            title=PLANNED_TITLE,
            audience="Brackenford children's social care and youth workers",
            delivered_on=demo.today + datetime.timedelta(days=21),
            duration_minutes=120,
            trainers=[demo.user(OUTREACH_WORKER)],
            topics=(Topic.ONLINE,),
            venue="Brackenford Library meeting room",
        )
        created["training sessions"] += 1


# Awareness and group work.

AWARENESS_SETTING = "Ashdown Academy"
PROGRAMME_TITLE = "Healthy relationships group"


def _awareness(created: Counter[str], demo: Demo) -> None:
    if AwarenessSession.objects.filter(hub=demo.hub, setting_name=AWARENESS_SETTING).exists():
        return
    awareness_create(
        by=demo.user(SPOKE_WORKER),
        hub=demo.hub,
        local_authority=demo.las[ASHDOWN],
        setting=AwarenessSession.Setting.SCHOOL,
        setting_name=AWARENESS_SETTING,
        delivered_on=demo.days_ago(6),
        duration_minutes=60,
        young_people_reached=28,
        age_from=13,
        age_to=14,
        delivered_by=[demo.user(SPOKE_WORKER)],
        topics=(Topic.HEALTHY_RELATIONSHIPS, Topic.ONLINE),
        notes="Year 9 PSHE lesson; the school's safeguarding lead attended.",
    )
    created["awareness sessions"] += 1


def _group_work(created: Counter[str], demo: Demo) -> None:
    if GroupWorkProgramme.objects.filter(hub=demo.hub, title=PROGRAMME_TITLE).exists():
        return
    worker = demo.user(SPOKE_WORKER)
    cases = [case for name in GROUP_MEMBERS if (case := _open_case(demo, name)) is not None]
    programme = programme_create(
        by=worker,
        hub=demo.hub,
        local_authority=demo.las[ASHDOWN],
        title=PROGRAMME_TITLE,
        setting_name="Ashdown Youth Centre",
        starts_on=demo.days_ago(28),
        facilitators=[worker],
        description="Six weekly sessions on friendships, consent and staying safe online.",
    )
    for case in cases:
        participant_add(programme=programme, by=worker, case=case)
    if cases:
        attended = CaseworkEntry.Attendance
        group_session_record(
            programme=programme,
            by=worker,
            held_at=demo.at(3, hour=16),
            duration_minutes=90,
            topic="Online safety and consent",
            attendance={
                case.pk: attended.ATTENDED if i == 0 else attended.DID_NOT_ATTEND
                for i, case in enumerate(cases)
            },
            notes="The group agreed its ground rules and mapped safe and unsafe online spaces.",
        )
    created["group-work programmes"] += 1


# Resources: small generated PDFs.


@dataclass(frozen=True)
class DemoResource:
    title: str
    kind: str
    description: str
    file_name: str
    lines: tuple[str, ...]
    local_authorities: tuple[str, ...] = ()
    agencies: tuple[str, ...] = ()


RESOURCES = (
    DemoResource(
        "Spotting the signs: a guide for practitioners",
        Resource.Kind.GUIDE,
        "The warning signs of child sexual exploitation, and what to do next.",
        "spotting-the-signs.pdf",
        (
            "Spotting the signs of child sexual exploitation",
            "Gifts, money or a new phone from someone older.",
            "Going missing, or coming home late and not saying where from.",
            "Talk to the spoke worker placed in your area before you decide.",
        ),
        local_authorities=(ASHDOWN,),
    ),
    DemoResource(
        "Safety planning template",
        Resource.Kind.TEMPLATE,
        "A template for a joint safety plan, agreed with the young person.",
        "safety-planning-template.pdf",
        (
            "Safety plan",
            "People I trust, and how to reach them.",
            "Places I feel safe, and places to avoid.",
            "What I will do if I feel unsafe.",
        ),
        agencies=(ASHDOWN_CSC, POLICE),
    ),
)


def demo_pdf(lines: tuple[str, ...]) -> bytes:
    """A one-page PDF showing the lines, with a correct cross-reference table."""
    text = ["BT", "/F1 14 Tf", "72 770 Td", "18 TL"]
    for line in lines:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        text.append(f"({escaped}) Tj T*")
    text.append("ET")
    stream = zlib.compress("\n".join(text).encode("latin-1"))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _resources(created: Counter[str], demo: Demo) -> None:
    titles = set(Resource.objects.filter(hub=demo.hub).values_list("title", flat=True))
    for resource in RESOURCES:
        if resource.title in titles:
            continue
        named = bool(resource.agencies)
        resource_create(
            by=demo.user(HUB_MANAGER),
            hub=demo.hub,
            title=resource.title,
            kind=resource.kind,
            audience=Resource.Audience.AGENCIES if named else Resource.Audience.LOCAL_AUTHORITIES,
            upload=SimpleUploadedFile(
                resource.file_name, demo_pdf(resource.lines), content_type="application/pdf"
            ),
            description=resource.description,
            local_authorities=[demo.las[code] for code in resource.local_authorities],
            agencies=[demo.agencies[name] for name in resource.agencies],
            change_note="First version.",
        )
        created["resources"] += 1


# Practice challenge, and the hub's target balance.

CHALLENGE_CONCERN = (
    "The case was stepped down from child in need to early help at the review without a "
    "strategy discussion, although two missing episodes were reported after the referral."
)


def _challenge(created: Counter[str], demo: Demo) -> None:
    if PracticeChallenge.objects.filter(hub=demo.hub, concern=CHALLENGE_CONCERN).exists():
        return
    worker = demo.user(SPOKE_WORKER)
    challenge = challenge_raise(
        by=worker,
        hub=demo.hub,
        challenged_agency=demo.agencies[ASHDOWN_CSC],
        local_authority=demo.las[ASHDOWN],
        category=PracticeChallenge.Category.CLOSED_TOO_EARLY,
        concern=CHALLENGE_CONCERN,
        raised_on=demo.days_ago(20),
        case=_open_case(demo, CHALLENGED_CASE),
    )
    challenge_escalate(
        challenge=challenge,
        by=worker,
        level=PracticeChallenge.Level.MANAGER,
        escalated_on=demo.days_ago(9),
        note="Raised with the team manager after no reply from the allocated social worker.",
        version=challenge.version,
    )
    created["practice challenges"] += 1


def _balance_target(created: Counter[str], demo: Demo) -> None:
    if BalanceTarget.objects.filter(hub=demo.hub).exists():
        return
    balance_target_set(
        hub=demo.hub,
        by=demo.user(HUB_MANAGER),
        direct_work=55,
        consultancy=20,
        training=15,
        awareness=10,
        started_from=None,
    )
    created["balance targets"] += 1
