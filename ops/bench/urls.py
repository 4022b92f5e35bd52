"""The benchmark's baseline page, under /bench/ while `CSE_HUB_BENCH` is on."""

from django.urls import path

from ops.bench import server

app_name = "bench"

urlpatterns = [
    path("baseline/<int:pk>/", server.baseline, name="baseline"),
]
