"""The project's URLs plus pages that fail on purpose, to exercise the error handlers."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.urls import path

from cse_hub import urls as project_urls


def _forbidden(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


def _bad(request: HttpRequest) -> HttpResponse:
    raise SuspiciousOperation("tampered")


def _broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("boom")


urlpatterns = [
    path("ui-test/forbidden/", _forbidden),
    path("ui-test/bad/", _bad),
    path("ui-test/broken/", _broken),
    path("api/ui-test/forbidden/", _forbidden),
    path("api/ui-test/bad/", _bad),
    path("api/ui-test/broken/", _broken),
    *project_urls.urlpatterns,
]

handler400 = project_urls.handler400
handler403 = project_urls.handler403
handler404 = project_urls.handler404
handler500 = project_urls.handler500
