"""Pages of shared resources: the hub's list and a partner's, sharing a resource, its page,
changing it, a new version, withdrawing it, and the audited download.

Parse, authorise through `consultancy.policies`, call a service or selector, render. A resource
the user may not see answers 404; one they see but may not change answers 403. A refused change
comes back on its form: 400 for bad input (a wrong type or size of file included), 409 when
someone else changed the resource first. Nothing is saved either way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, URLResolver, path
from django.views.decorators.http import require_http_methods

from cases.services import StaleVersionError
from consultancy import policies
from consultancy.forms.resources import (
    ResourceDetailsForm,
    ResourceFilterForm,
    ResourceForm,
    ResourceVersionForm,
    ResourceWithdrawForm,
)
from consultancy.models import Resource, ResourceVersion
from consultancy.selectors.resources import (
    resource_for_page,
    resource_versions,
    resources_for_hub,
    resources_shared,
)
from consultancy.services.resources import (
    resource_create,
    resource_download,
    resource_update,
    resource_version_upload,
    resource_withdraw,
)
from cse_hub.pages import page_of, query_without, require
from partners.models import Agency
from partners.selectors import agencies_in_areas_of, local_authorities_covered_by

if TYPE_CHECKING:
    from accounts.models import User
    from partners.forms import ServiceForm
    from partners.models import Membership

    class AuthenticatedRequest(HttpRequest):
        user: User
        membership: Membership | None

else:
    AuthenticatedRequest = HttpRequest


def _visible(request: AuthenticatedRequest, pk: int) -> Resource:
    """The resource if the user may see it, else 404 (as if it did not exist)."""
    try:
        return resource_for_page(pk=pk, resources=policies.visible_resources(request.user))
    except Resource.DoesNotExist:
        raise Http404 from None


def _changeable(request: AuthenticatedRequest, pk: int) -> Resource:
    resource = _visible(request, pk)
    require(policies.may_change_resource(request.user, resource))
    return resource


def _staff_hubs(user: User) -> QuerySet[Agency]:
    return Agency.objects.filter(pk__in=policies.staff_hub_ids(user)).order_by("name")


def _choices_for(hub_ids: set[int]) -> dict[str, Any]:
    """The local authorities and partner agencies a hub's resource may be shared with."""
    return {
        "local_authorities": local_authorities_covered_by(agency_ids=hub_ids),
        "agencies": agencies_in_areas_of(hub_ids=hub_ids).exclude(kind=Agency.Kind.CSE_HUB),
    }


def _form_page(
    request: AuthenticatedRequest,
    *,
    form: ServiceForm,
    template: str,
    context: dict[str, Any],
    call: Callable[[], Any],
    success: str,
    done: Callable[[Any], str],
) -> HttpResponse:
    """A form page: on a valid post call the service; a refusal comes back on the form (400,
    or 409 when the resource changed meanwhile)."""
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                saved = call()
            except StaleVersionError as error:
                form.add_error(None, str(error))
                data = request.POST.copy()
                data["version"] = str(error.record.version)  # type: ignore[attr-defined]
                form.data = data
                status = 409
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(request, success)
                return redirect(done(saved))
    return render(request, template, {"form": form, **context}, status=status)


# Lists


@login_required
@require_http_methods(["GET", "HEAD"])
def resource_list(request: AuthenticatedRequest) -> HttpResponse:
    """The hub's resources for hub staff; the resources shared with them for everyone else."""
    user = request.user
    hub_side = policies.may_manage_resources_of(user)
    filter_form = ResourceFilterForm(request.GET or None, hub_side=hub_side)
    filters = filter_form.filters()
    if hub_side:
        resources = resources_for_hub(resources=policies.hub_resources(user), filters=filters)
    else:
        resources = resources_shared(resources=policies.shared_resources(user), filters=filters)
    return render(
        request,
        "consultancy/resources/list.html",
        {
            "page": page_of(request, resources),
            "query": query_without(request),
            "filter_form": filter_form,
            "hub_side": hub_side,
            "filtered": any(request.GET.get(name) for name in ("search", "kind", "state")),
        },
    )


# Sharing a resource


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def resource_new(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    require(policies.may_manage_resources_of(user))
    hubs = _staff_hubs(user)
    posted = request.method == "POST"
    form = ResourceForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        hubs=hubs,
        initial={"hub": hubs[0].pk, "audience": Resource.Audience.LOCAL_AUTHORITIES},
        **_choices_for(policies.staff_hub_ids(user)),
    )

    def call() -> Resource:
        data = form.cleaned_data
        hub = data["hub"]
        require(policies.may_create_resource(user, hub=hub))
        return resource_create(
            by=user,
            hub=hub,
            title=data["title"],
            kind=data["kind"],
            audience=data["audience"],
            upload=data["upload"],
            description=data["description"],
            local_authorities=data["local_authorities"],
            agencies=data["agencies"],
            change_note=data["change_note"],
        )

    return _form_page(
        request,
        form=form,
        template="consultancy/resources/form.html",
        context={"resource": None},
        call=call,
        success="Resource shared",
        done=lambda saved: saved.get_absolute_url(),
    )


# One resource


@login_required
@require_http_methods(["GET", "HEAD"])
def resource_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """What the resource is and the file to download; for the hub also where it is shared and
    every version."""
    user = request.user
    resource = _visible(request, pk)
    history = policies.may_see_resource_history(user, resource)
    return render(
        request,
        "consultancy/resources/detail.html",
        {
            "resource": resource,
            "current": resource.current_version,
            "history": history,
            "versions": list(resource_versions(resource=resource)) if history else [],
            "may_change": policies.may_change_resource(user, resource),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def resource_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    resource = _changeable(request, pk)
    form = ResourceDetailsForm(
        request.POST if request.method == "POST" else None,
        initial=ResourceDetailsForm.initial_from(resource),
        **_choices_for({resource.hub_id}),
    )

    def call() -> Resource:
        data = dict(form.cleaned_data)
        version = data.pop("version")
        return resource_update(resource=resource, by=user, version=version, **data)

    return _form_page(
        request,
        form=form,
        template="consultancy/resources/form.html",
        context={"resource": resource},
        call=call,
        success="Resource changed",
        done=lambda saved: saved.get_absolute_url(),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def resource_version_new(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    resource = _changeable(request, pk)
    posted = request.method == "POST"
    form = ResourceVersionForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        initial={"version": resource.version},
    )

    def call() -> ResourceVersion:
        data = form.cleaned_data
        return resource_version_upload(
            resource=resource,
            by=user,
            upload=data["upload"],
            change_note=data["change_note"],
            version=data["version"],
        )

    return _form_page(
        request,
        form=form,
        template="consultancy/resources/version_form.html",
        context={"resource": resource},
        call=call,
        success="New version uploaded: partners now download it",
        done=lambda saved: resource.get_absolute_url(),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def resource_withdraw_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    resource = _changeable(request, pk)
    form = ResourceWithdrawForm(
        request.POST if request.method == "POST" else None, initial={"version": resource.version}
    )
    return _form_page(
        request,
        form=form,
        template="consultancy/resources/withdraw.html",
        context={"resource": resource},
        call=lambda: resource_withdraw(
            resource=resource, by=user, version=form.cleaned_data["version"]
        ),
        success="Resource withdrawn: partners can no longer see it",
        done=lambda saved: saved.get_absolute_url(),
    )


# Downloads


def _file_response(*, resource: Resource, by: User, number: int | None) -> FileResponse:
    """Audit the download and open the file in one transaction, so a file that cannot be read
    leaves no record of a download; then stream it as an attachment of its recorded type."""
    with transaction.atomic():
        try:
            version = resource_download(resource=resource, by=by, number=number)
        except ValidationError:
            raise Http404 from None
        handle = version.file.open("rb")
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=version.original_name,
        content_type=version.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
@require_http_methods(["GET", "HEAD"])
def resource_file(request: AuthenticatedRequest, pk: int) -> FileResponse:
    """The current version's file, for everyone who may see the resource."""
    resource = _visible(request, pk)
    return _file_response(resource=resource, by=request.user, number=None)


@login_required
@require_http_methods(["GET", "HEAD"])
def resource_version_file(request: AuthenticatedRequest, pk: int, number: int) -> FileResponse:
    """Any version's file, for the hub only (partners only ever see the current one)."""
    resource = _visible(request, pk)
    if not policies.may_see_resource_history(request.user, resource):
        raise Http404
    return _file_response(resource=resource, by=request.user, number=number)


urlpatterns: list[URLPattern | URLResolver] = [
    path("resources/", resource_list, name="resource_list"),
    path("resources/new/", resource_new, name="resource_new"),
    path("resources/<int:pk>/", resource_detail, name="resource_detail"),
    path("resources/<int:pk>/edit/", resource_edit, name="resource_edit"),
    path("resources/<int:pk>/versions/new/", resource_version_new, name="resource_version_new"),
    path("resources/<int:pk>/withdraw/", resource_withdraw_page, name="resource_withdraw"),
    path("resources/<int:pk>/download/", resource_file, name="resource_download"),
    path(
        "resources/<int:pk>/versions/<int:number>/download/",
        resource_version_file,
        name="resource_version_download",
    ),
]
