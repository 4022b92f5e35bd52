"""Pages of the spoke worker's work with practitioners and groups, each kind under its own path:
/consultancy/, /training/, /awareness/, /group-work/, /resources/, /challenges/, /balance/."""

from django.urls import URLPattern, URLResolver

from consultancy.views import balance, challenges, groupwork, requests, resources, training

app_name = "consultancy"

urlpatterns: list[URLPattern | URLResolver] = [
    *requests.urlpatterns,
    *training.urlpatterns,
    *groupwork.urlpatterns,
    *resources.urlpatterns,
    *challenges.urlpatterns,
    *balance.urlpatterns,
]
