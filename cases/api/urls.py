"""Routes of the cases API (filled in as endpoints land)."""

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
