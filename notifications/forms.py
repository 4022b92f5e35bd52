"""The form for choosing how notifications are emailed."""

from __future__ import annotations

from django import forms

from accounts.models import User


class NotificationEmailsForm(forms.Form):
    email_notifications = forms.ChoiceField(
        label="How would you like to be emailed?",
        choices=User.EmailNotifications.choices,
        widget=forms.RadioSelect,
        help_text="Every notification is also here, in CSE Hub. Emails carry a link and never a "
        "child's name or details.",
        error_messages={"required": "Choose how you would like to be emailed."},
    )
