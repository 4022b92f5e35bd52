from django.apps import AppConfig


class SlowJobsConfig(AppConfig):
    """Installed only in the worker the broker tests start: real jobs, with a pause to kill in."""

    name = "tests.support.slow_jobs"
    label = "slow_jobs"
