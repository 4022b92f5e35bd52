"""Partnership pages, mounted at /partners/."""

from django.urls import path

from partners import views

app_name = "partners"

urlpatterns = [
    path("me/", views.my_memberships, name="my_memberships"),
    path("placements/", views.placement_list, name="placement_list"),
    path("placements/new/", views.placement_create, name="placement_create"),
    path("placements/<int:pk>/", views.placement_detail, name="placement_detail"),
    path("placements/<int:pk>/edit/", views.placement_update, name="placement_update"),
    path("agreements/", views.agreement_list, name="agreement_list"),
    path("agreements/new/", views.agreement_create, name="agreement_create"),
    path("agreements/<int:pk>/", views.agreement_detail, name="agreement_detail"),
    path("agreements/<int:pk>/edit/", views.agreement_update, name="agreement_update"),
    path("supervision/", views.supervision_list, name="supervision_list"),
    path("supervision/new/", views.supervision_create, name="supervision_create"),
    path("supervision/<int:pk>/", views.supervision_detail, name="supervision_detail"),
    path("supervision/<int:pk>/edit/", views.supervision_update, name="supervision_update"),
    path("reminders/", views.reminder_settings, name="reminder_settings"),
]
