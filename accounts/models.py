"""Users log in by email; what they may do comes from their memberships, never from here."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.urls import reverse
from django.utils import timezone


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("A user needs an email address.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    class EmailNotifications(models.TextChoices):
        IMMEDIATE = "immediate", "Each notification as it arrives"
        DAILY = "daily", "One email a day with the day's notifications"

    # Stored lower-cased (see clean and the manager), so unique means unique whatever the case.
    email = models.EmailField("email address", max_length=254, unique=True)
    full_name = models.CharField(max_length=150)
    job_title = models.CharField(max_length=150, blank=True)
    phone = models.CharField("work phone", max_length=40, blank=True)
    is_active = models.BooleanField(
        default=True, help_text="Disabled users cannot log in and their sessions have ended."
    )
    date_joined = models.DateTimeField(default=timezone.now)
    disabled_at = models.DateTimeField(null=True, blank=True)
    # How many of the user's notifications are unread, kept here so that every page's header
    # shows it without a query. Written only by notifications.services (see decision 0010).
    unread_notifications = models.PositiveIntegerField(default=0, editable=False)
    # Whether notifications are emailed one by one as they arrive or once a day in a digest.
    email_notifications = models.CharField(
        "email me",
        max_length=10,
        choices=EmailNotifications.choices,
        default=EmailNotifications.IMMEDIATE,
    )

    objects: ClassVar[UserManager] = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.email.strip().lower()

    def get_absolute_url(self) -> str:
        return reverse("partners:my_memberships")

    @property
    def is_staff(self) -> bool:
        """Whether the administration site lets this user in: an active administrator role."""
        from accounts.policies import may_administer

        return may_administer(self)

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class UserSession(models.Model):
    """A session a user logged in with, so that disabling the user can end it at once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sessions")
    session_key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"session of user {self.user_id}"
