"""Pages of practice challenges: the list (the hub's, a worker's own, or a team manager's
agency's), raising one, its page (audited), correcting it, escalating and resolving it.

Parse, authorise through `consultancy.policies`, call a service or selector, render. A challenge
the user may not see answers 404; one they see but may not change (the challenged agency's team
managers) answers 403. A refused change comes back on its form: 400 for bad input or a resolved
challenge, 409 when someone else changed it first. Nothing is saved either way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, URLResolver, path
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from cases import policies as case_policies
from cases.models import Case
from cases.services import StaleVersionError
from consultancy import policies
from consultancy.forms.challenges import (
    ChallengeEditForm,
    ChallengeEscalateForm,
    ChallengeFilterForm,
    ChallengeForm,
    ChallengeResolveForm,
)
from consultancy.models import PracticeChallenge
from consultancy.selectors.challenges import (
    challenge_for_page,
    challenges_for_list,
)
from consultancy.services import challenges as services
from cse_hub.pages import page_of, require
from partners.models import Agency, LocalAuthority, Role
from partners.policies import managed_hub_ids
from partners.selectors import agency_ids_where, local_authorities_covered_by

if TYPE_CHECKING:
    from accounts.models import User
    from partners.forms import ServiceForm
    from partners.models import Membership

    class AuthenticatedRequest(HttpRequest):
        user: User
        membership: Membership | None

else:
    AuthenticatedRequest = HttpRequest


def _visible(request: AuthenticatedRequest, pk: int) -> PracticeChallenge:
    """The challenge if the user may see it, else 404 (as if it did not exist)."""
    try:
        challenge = challenge_for_page(pk=pk, challenges=policies.visible_challenges(request.user))
    except PracticeChallenge.DoesNotExist:
        raise Http404 from None
    if not policies.may_view_challenge(request.user, challenge):
        raise Http404
    return challenge


def _changeable(request: AuthenticatedRequest, pk: int) -> PracticeChallenge | HttpResponse:
    """The challenge if the user may change it (else 403); once resolved, a GET goes back to
    its page with a message, and a POST on to the service, which refuses with its reason."""
    challenge = _visible(request, pk)
    require(policies.is_challenge_changer(request.user, challenge))
    if not challenge.is_open and request.method != "POST":
        messages.info(request, "This challenge has been resolved, so it can no longer be changed.")
        return redirect(challenge.get_absolute_url())
    return challenge


def _form_page(
    request: AuthenticatedRequest,
    *,
    form: ServiceForm,
    template: str,
    context: dict[str, Any],
    call: Callable[[], PracticeChallenge],
    success: str,
) -> HttpResponse:
    """A form page: on a valid post call the service; a refusal comes back on the form (400,
    or 409 when the challenge changed meanwhile)."""
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
                return redirect(saved.get_absolute_url())
    return render(request, template, {"form": form, **context}, status=status)


# The list


@login_required
@require_http_methods(["GET", "HEAD"])
def challenge_list(request: AuthenticatedRequest) -> HttpResponse:
    """Open first, then newest: the hub's for its managers, a worker's own, a team manager's
    agency's; filtered in the database."""
    user = request.user
    staff_hubs = policies.staff_hub_ids(user)
    managed = managed_hub_ids(user)
    team_agencies = agency_ids_where(user, Role.TEAM_MANAGER)
    require(bool(staff_hubs or team_agencies))
    challenges = policies.visible_challenges(user)
    filter_form = ChallengeFilterForm(
        request.GET or None,
        agencies=Agency.objects.filter(
            Q(pk__in=challenges.values("challenged_agency_id"))
        ).order_by("name"),
        local_authorities=LocalAuthority.objects.filter(
            pk__in=challenges.values("local_authority_id")
        ).order_by("name"),
    )
    query = request.GET.copy()
    query.pop("page", None)
    if managed:
        heading = "Practice challenges"
    elif staff_hubs:
        heading = "Your practice challenges"
    else:
        heading = "Practice challenges to your agency"
    return render(
        request,
        "consultancy/challenges/list.html",
        {
            "page": page_of(
                request, challenges_for_list(challenges=challenges, filters=filter_form.filters())
            ),
            "query": query.urlencode(),
            "filter_form": filter_form,
            "heading": heading,
            "may_raise": bool(staff_hubs),
            "hub_side": bool(staff_hubs),
            "filtered": any(
                request.GET.get(name) for name in ("status", "level", "agency", "local_authority")
            ),
        },
    )


# Raising one


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def challenge_new(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    hub_ids = policies.staff_hub_ids(user)
    require(bool(hub_ids))
    hubs = Agency.objects.filter(pk__in=hub_ids).order_by("name")
    through = Agency.local_authorities.through.objects
    areas = through.filter(agency_id__in=hub_ids).values("localauthority_id")
    form = ChallengeForm(
        request.POST if request.method == "POST" else None,
        hubs=hubs,
        agencies=Agency.objects.filter(
            pk__in=through.filter(localauthority_id__in=areas).values("agency_id"),
            is_active=True,
        )
        .exclude(kind__in=(Agency.Kind.CSE_HUB, Agency.Kind.COMMISSIONER))
        .order_by("name"),
        local_authorities=local_authorities_covered_by(agency_ids=hub_ids),
        cases=Case.objects.filter(
            pk__in=case_policies.visible_cases(user).values("pk"),
            owning_agency_id__in=hub_ids,
        )
        .select_related("young_person")
        .order_by("-opened_on", "-pk"),
        initial={
            "hub": hubs[0].pk if hubs else None,
            "raised_on": timezone.localdate(),
            "level": PracticeChallenge.Level.PRACTITIONER,
        },
    )

    def call() -> PracticeChallenge:
        data = form.cleaned_data
        hub = data["hub"]
        require(policies.may_raise_challenge(user, hub=hub))
        return services.challenge_raise(
            by=user,
            hub=hub,
            challenged_agency=data["challenged_agency"],
            local_authority=data["local_authority"],
            category=data["category"],
            concern=data["concern"],
            raised_on=data["raised_on"],
            level=data["level"],
            case=data.get("case"),
        )

    return _form_page(
        request,
        form=form,
        template="consultancy/challenges/form.html",
        context={"challenge": None},
        call=call,
        success="Practice challenge recorded: the agency's team managers have been told",
    )


# One challenge


@login_required
@require_http_methods(["GET", "HEAD"])
def challenge_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The challenge, its history of levels and how it ended; the read is audited."""
    user = request.user
    challenge = _visible(request, pk)
    services.challenge_read_record(challenge=challenge, by=user)
    return render(
        request,
        "consultancy/challenges/detail.html",
        {
            "challenge": challenge,
            "escalations": list(challenge.escalations.all()),
            "may_change": policies.may_change_challenge(user, challenge),
            "may_escalate": policies.may_change_challenge(user, challenge)
            and challenge.level < max(PracticeChallenge.Level.values),
            "may_see_case": policies.may_see_challenge_case(user, challenge),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def challenge_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    challenge = _changeable(request, pk)
    if isinstance(challenge, HttpResponse):
        return challenge
    form = ChallengeEditForm(
        request.POST if request.method == "POST" else None,
        initial={
            "version": challenge.version,
            "category": challenge.category,
            "concern": challenge.concern,
        },
    )

    def call() -> PracticeChallenge:
        data = form.cleaned_data
        return services.challenge_update(
            challenge=challenge,
            by=user,
            version=data["version"],
            category=data["category"],
            concern=data["concern"],
        )

    return _form_page(
        request,
        form=form,
        template="consultancy/challenges/form.html",
        context={"challenge": challenge},
        call=call,
        success="Practice challenge changed",
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def challenge_escalate(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    challenge = _changeable(request, pk)
    if isinstance(challenge, HttpResponse):
        return challenge
    form = ChallengeEscalateForm(
        request.POST if request.method == "POST" else None,
        current_level=challenge.level,
        initial={"version": challenge.version, "escalated_on": timezone.localdate()},
    )
    return _form_page(
        request,
        form=form,
        template="consultancy/challenges/escalate.html",
        context={"challenge": challenge},
        call=lambda: services.challenge_escalate(
            challenge=challenge,
            by=user,
            level=form.cleaned_data["level"],
            escalated_on=form.cleaned_data["escalated_on"],
            note=form.cleaned_data["note"],
            version=form.cleaned_data["version"],
        ),
        success="Practice challenge escalated: the agency's team managers have been told",
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def challenge_resolve_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    challenge = _changeable(request, pk)
    if isinstance(challenge, HttpResponse):
        return challenge
    form = ChallengeResolveForm(
        request.POST if request.method == "POST" else None,
        initial={"version": challenge.version, "resolved_on": timezone.localdate()},
    )
    return _form_page(
        request,
        form=form,
        template="consultancy/challenges/resolve.html",
        context={"challenge": challenge},
        call=lambda: services.challenge_resolve(
            challenge=challenge,
            by=user,
            outcome=form.cleaned_data["outcome"],
            resolution=form.cleaned_data["resolution"],
            resolved_on=form.cleaned_data["resolved_on"],
            version=form.cleaned_data["version"],
        ),
        success="Practice challenge resolved: the agency's team managers have been told",
    )


urlpatterns: list[URLPattern | URLResolver] = [
    path("challenges/", challenge_list, name="challenge_list"),
    path("challenges/new/", challenge_new, name="challenge_new"),
    path("challenges/<int:pk>/", challenge_detail, name="challenge_detail"),
    path("challenges/<int:pk>/edit/", challenge_edit, name="challenge_edit"),
    path("challenges/<int:pk>/escalate/", challenge_escalate, name="challenge_escalate"),
    path("challenges/<int:pk>/resolve/", challenge_resolve_page, name="challenge_resolve"),
]
