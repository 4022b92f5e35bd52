"""Case pages, mounted at /cases/ (filled in as pages land)."""

from django.urls import URLPattern, URLResolver

app_name = "cases"
urlpatterns: list[URLPattern | URLResolver] = []
