"""Token and current-user routes under /api/v1/."""

from django.urls import path

from accounts.api import views

urlpatterns = [
    path("auth/token/", views.TokenObtainView.as_view(), name="auth-token"),
    path("auth/logout/", views.TokenLogoutView.as_view(), name="auth-logout"),
    path("me/", views.CurrentUserView.as_view(), name="me"),
]
