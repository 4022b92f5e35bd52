from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    """Referral intake, CSE screening, duplicate matching, triage and allocation."""

    name = "referrals"
