from django.apps import AppConfig


class SharingProbeConfig(AppConfig):
    """Installed only by the test settings, to exercise the object-permission mechanism."""

    name = "tests.support.sharing_probe"
    label = "sharing_probe"
