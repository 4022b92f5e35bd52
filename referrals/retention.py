"""Anonymising what referrals say about a young person, when their case reaches retention."""

from __future__ import annotations

from django.db.models import Q

from referrals.models import Referral

# Everything a referral holds that could identify a young person or describes them.
_WIPED = {
    "first_name": "",
    "last_name": "",
    "known_as": "",
    "date_of_birth": None,
    "address_area": "",
    "school_or_setting": "",
    "narrative": "",
    "no_consent_reason": "",
    "screening_notes": "",
    "decision_reason": "",
    "withdrawn_reason": "",
    "referrer_phone": "",
}


def referrals_anonymise(*, case_id: int, young_person_id: int | None = None) -> int:
    """Remove the identity and free text of the referrals of a case (and, once the young person
    has no case left to keep, every referral about them); returns how many were wiped.

    Called inside the case's anonymisation, which writes the audit event. Status, dates,
    urgency, indicators and the referring agency stay, for reporting.
    """
    about = Q(case_id=case_id)
    if young_person_id is not None:
        about |= Q(young_person_id=young_person_id)
    return Referral.objects.filter(about).update(**_WIPED)
