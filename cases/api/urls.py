"""Routes of the cases API under /api/v1/: cases, and each case's records beneath it."""

from typing import Any

from django.urls import URLPattern, URLResolver, path
from rest_framework.routers import SimpleRouter

from cases.api import views

router = SimpleRouter()
router.register("cases", views.CaseViewSet, basename="case")

CASE = "cases/<int:case_id>/"


def view(viewset: Any, **actions: str) -> Any:
    """One route of a viewset, mapping HTTP methods to its actions."""
    mapping: dict[str, Any] = dict(actions)
    return viewset.as_view(mapping)


urlpatterns: list[URLPattern | URLResolver] = [
    *router.urls,
    path(
        f"{CASE}entries/",
        view(views.EntryViewSet, get="list", post="create"),
        name="case-entry-list",
    ),
    path(
        f"{CASE}entries/<int:pk>/",
        view(views.EntryViewSet, get="retrieve", patch="partial_update"),
        name="case-entry-detail",
    ),
    path(
        f"{CASE}entries/<int:pk>/finalise/",
        view(views.EntryViewSet, post="finalise"),
        name="case-entry-finalise",
    ),
    path(
        f"{CASE}entries/<int:pk>/entered-in-error/",
        view(views.EntryViewSet, post="entered_in_error"),
        name="case-entry-entered-in-error",
    ),
    path(
        f"{CASE}risk-assessments/",
        view(views.RiskAssessmentViewSet, get="list", post="create"),
        name="case-risk-assessment-list",
    ),
    path(
        f"{CASE}plan/",
        view(views.PlanViewSet, get="retrieve", put="update"),
        name="case-plan",
    ),
    path(
        f"{CASE}reviews/",
        view(views.ReviewViewSet, get="list", post="create"),
        name="case-review-list",
    ),
    path(
        f"{CASE}reviews/<int:pk>/record/",
        view(views.ReviewViewSet, post="record_held"),
        name="case-review-record",
    ),
    path(
        f"{CASE}involvements/",
        view(views.InvolvementViewSet, get="list", post="create"),
        name="case-involvement-list",
    ),
    path(
        f"{CASE}involvements/<int:pk>/",
        view(views.InvolvementViewSet, patch="partial_update"),
        name="case-involvement-detail",
    ),
    path(
        f"{CASE}involvements/<int:pk>/step-back/",
        view(views.InvolvementViewSet, post="step_back"),
        name="case-involvement-step-back",
    ),
    path(
        f"{CASE}chronology/",
        view(views.ChronologyViewSet, get="retrieve"),
        name="case-chronology",
    ),
    path(
        f"{CASE}shares/",
        view(views.ShareViewSet, get="list", post="create"),
        name="case-share-list",
    ),
    path(
        f"{CASE}shares/<int:pk>/",
        view(views.ShareViewSet, patch="partial_update"),
        name="case-share-detail",
    ),
    path(
        f"{CASE}shares/<int:pk>/revoke/",
        view(views.ShareViewSet, post="revoke"),
        name="case-share-revoke",
    ),
]
