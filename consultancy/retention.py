"""Anonymising consultancy about a case, when the case reaches retention."""

from __future__ import annotations

from consultancy.models import (
    ChallengeEscalation,
    ConsultancyMessage,
    ConsultancyRequest,
    PracticeChallenge,
)


def consultancy_anonymise(*, case_id: int) -> dict[str, int]:
    """Remove the free text of consultancy and practice challenges about the case.

    Called inside the case's anonymisation, which writes the audit event. Who asked, when, the
    topics, the time spent and whether it helped stay, for reporting.
    """
    requests = ConsultancyRequest.objects.filter(case_id=case_id)
    messages = ConsultancyMessage.objects.filter(request__in=requests.values("pk")).update(
        text="", agreed_follow_up=""
    )
    wiped = requests.update(question="", feedback="", closing_note="", requester_phone="")
    challenges = PracticeChallenge.objects.filter(case_id=case_id)
    ChallengeEscalation.objects.filter(challenge__in=challenges.values("pk")).update(note="")
    wiped_challenges = challenges.update(concern="", resolution="")
    return {
        "consultancy_requests": wiped,
        "consultancy_messages": messages,
        "challenges": wiped_challenges,
    }
