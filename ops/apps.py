from django.apps import AppConfig


class OpsConfig(AppConfig):
    """The health endpoint and the heartbeat that proves the worker and the scheduler run."""

    name = "ops"
