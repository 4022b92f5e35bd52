"""Referral intake, CSE screening, duplicate matching, triage and allocation."""
