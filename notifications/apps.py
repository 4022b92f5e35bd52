from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """What each person is told: in-app notifications and the emails that point to them."""

    name = "notifications"
