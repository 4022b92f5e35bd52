"""Case pages, mounted at /cases/."""

from django.urls import URLPattern, URLResolver, path

from cases import views

app_name = "cases"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.case_list, name="case_list"),
    path("new/", views.case_create, name="case_create"),
    path("<int:pk>/", views.case_detail, name="case_detail"),
    path("<int:pk>/close/", views.case_close_view, name="case_close"),
    path("<int:pk>/reopen/", views.case_reopen_view, name="case_reopen"),
    path("<int:pk>/allocate/", views.case_allocate_view, name="case_allocate"),
    path("<int:pk>/legal-hold/", views.case_legal_hold_view, name="case_legal_hold"),
    path("<int:pk>/casework/new/", views.entry_create, name="entry_create"),
    path("<int:case_pk>/casework/<int:pk>/", views.entry_detail, name="entry_detail"),
    path("<int:case_pk>/casework/<int:pk>/edit/", views.entry_update, name="entry_update"),
    path(
        "<int:case_pk>/casework/<int:pk>/entered-in-error/",
        views.entry_mark_in_error,
        name="entry_mark_in_error",
    ),
    path("<int:pk>/chronology/", views.chronology, name="chronology"),
    path("<int:pk>/chronology/print/", views.chronology_print, name="chronology_print"),
    path("<int:pk>/risk/new/", views.risk_create, name="risk_create"),
    path("<int:pk>/plan/", views.plan_update, name="plan_update"),
    path("<int:pk>/reviews/new/", views.review_schedule, name="review_schedule"),
    path("<int:pk>/reviews/<int:review_pk>/", views.review_record, name="review_record"),
    path("<int:pk>/involvement/new/", views.involvement_create, name="involvement_create"),
    path(
        "<int:pk>/involvement/<int:involvement_pk>/stepped-back/",
        views.involvement_step_back,
        name="involvement_step_back",
    ),
    path("<int:pk>/shares/new/", views.share_create, name="share_create"),
    path("<int:pk>/shares/<int:share_pk>/change/", views.share_change, name="share_change"),
    path("<int:pk>/shares/<int:share_pk>/revoke/", views.share_revoke, name="share_revoke"),
    path("<int:pk>/access-history/", views.access_history, name="access_history"),
    path("<int:pk>/break-glass/", views.break_glass, name="break_glass"),
]
