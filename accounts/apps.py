from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """The user model, login, mandatory two-factor authentication, lockout and sessions."""

    name = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from accounts import receivers  # noqa: F401
