"""Routes of the consultancy API under /api/v1/: consultancy requests, training, awareness and
group work, resources, practice challenges and balance."""

from django.urls import URLPattern, URLResolver

from consultancy.api import balance, challenges, groupwork, requests, resources, training

urlpatterns: list[URLPattern | URLResolver] = [
    *requests.urlpatterns,
    *training.urlpatterns,
    *groupwork.urlpatterns,
    *resources.urlpatterns,
    *challenges.urlpatterns,
    *balance.urlpatterns,
]
