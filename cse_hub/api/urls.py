"""Version 1 of the API: each app's routes under one prefix."""

from django.urls import include, path

urlpatterns = [
    path("", include("accounts.api.urls")),
    path("", include("partners.api.urls")),
]
