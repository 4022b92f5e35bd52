"""Consultancy request pages: the requester's list and form, the hub's inbox, one request with
its thread, and each step (take, assign, advise, topics, follow-up, feedback, close, withdraw,
link a referral).

Parse, authorise through `consultancy.policies`, call a service or selector, render. A request
the user may not see answers 404; one they see but whose step is not theirs answers 403; a step
the request's status no longer allows answers 400 with the reason; a change that started from a
stale version re-renders the form with who changed what (409). Nothing is saved when refused.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, URLResolver, path
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from cases.services import StaleVersionError
from consultancy import policies
from consultancy.forms.requests import (
    CASE_REVEAL,
    UNNAMED_REVEAL,
    AdviseForm,
    AssignForm,
    CloseForm,
    FeedbackForm,
    FollowUpForm,
    InboxFilterForm,
    LinkReferralForm,
    RequestForm,
    TakeForm,
    TopicsForm,
    WithdrawForm,
)
from consultancy.models import ConsultancyRequest
from consultancy.policies import View
from consultancy.selectors.requests import (
    assignable_workers,
    cases_to_ask_about,
    consultancy_for_page,
    consultancy_for_requester,
    consultancy_inbox,
    hubs_for_local_authorities,
    linkable_referrals,
    local_authorities_of_agencies,
    requests_made_exist,
)
from consultancy.services.requests import (
    IdentifyingDetails,
    consultancy_advise,
    consultancy_assign,
    consultancy_close,
    consultancy_feedback,
    consultancy_follow_up,
    consultancy_link_referral,
    consultancy_read_record,
    consultancy_request_create,
    consultancy_take,
    consultancy_topics_set,
    consultancy_withdraw,
)
from cse_hub.pages import page_of, query_without
from partners.models import Agency, Role
from partners.policies import managed_hub_ids
from partners.selectors import agency_ids_where, local_authorities_covered_by, spoke_workers_of
from referrals import policies as referral_policies

if TYPE_CHECKING:
    from accounts.models import User
    from cases.forms import VersionForm
    from partners.models import Membership

    class AuthenticatedRequest(HttpRequest):
        user: User
        membership: Membership | None

else:
    AuthenticatedRequest = HttpRequest

S = ConsultancyRequest.Status


def waited(since: datetime.datetime | None, now: datetime.datetime) -> str:
    """How long a request has waited: "Under an hour", "5 hours", "1 day", "3 days"."""
    if since is None:
        return ""
    gap = now - since
    if gap.days >= 1:
        return "1 day" if gap.days == 1 else f"{gap.days} days"
    hours = gap.seconds // 3600
    if hours < 1:
        return "Under an hour"
    return "1 hour" if hours == 1 else f"{hours} hours"


# The requester's list and the form.


@login_required
@require_http_methods(["GET", "HEAD"])
def request_list(request: AuthenticatedRequest) -> HttpResponse:
    """The user's requests and, for a team manager, their agency's; paged in the database."""
    user = request.user
    may_request = policies.may_request_consultancy(user)
    if not may_request and not requests_made_exist(user):
        if policies.staff_hub_ids(user):
            return redirect("consultancy:inbox")
        raise PermissionDenied
    page = page_of(
        request, consultancy_for_requester(requests=policies.consultancy_requested(user))
    )
    return render(
        request,
        "consultancy/requests/list.html",
        {
            "page": page,
            "query": "",
            "may_request": may_request,
            "show_requester": bool(agency_ids_where(user, Role.TEAM_MANAGER)),
        },
    )


def _agencies(request: AuthenticatedRequest) -> tuple[list[Agency], Agency]:
    """The agencies the user asks for, and the one they act in now if it is one of them."""
    agencies = policies.requesting_agencies(request.user)
    if not agencies:
        raise PermissionDenied
    acting = request.membership.agency_id if request.membership else None
    default = next((a for a in agencies if a.pk == acting), agencies[0])
    return agencies, default


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def request_new(request: AuthenticatedRequest) -> HttpResponse:
    """Ask for consultancy about a shared case or a young person who is not named."""
    user = request.user
    agencies, default_agency = _agencies(request)
    cases = cases_to_ask_about(user)
    local_authorities = local_authorities_of_agencies(agencies=agencies)
    options: dict[str, Any] = {
        "agencies": agencies,
        "cases": cases,
        "local_authorities": local_authorities,
        "hubs": hubs_for_local_authorities(local_authorities=local_authorities),
    }
    status = 200
    if request.method != "POST":
        initial: dict[str, Any] = {
            "agency": default_agency.pk,
            "requester_phone": user.phone,
        }
        covered = list(default_agency.local_authorities.order_by("name")[:2])
        if len(covered) == 1:
            initial["local_authority"] = covered[0].pk
        asked_case = request.GET.get("case", "")
        if asked_case.isdigit() and cases.filter(pk=int(asked_case)).exists():
            initial.update(about=ConsultancyRequest.About.CASE, case=int(asked_case))
        form = RequestForm(None, initial=initial, **options)
    else:
        form = RequestForm(request.POST, **options)
        status = 400
        if form.is_valid():
            agency = form.cleaned_data.get("agency") or default_agency
            try:
                created = consultancy_request_create(
                    by=user, agency=agency, **form.service_values()
                )
            except IdentifyingDetails as error:
                # Keep the error's code: the page then offers to confirm it is not identifying.
                form.add_error("question", error.error_dict["question"])
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(
                    request,
                    f"Consultancy request {created.reference} sent to {created.hub.name}",
                )
                return redirect("consultancy:request_detail", pk=created.pk)
    return render(
        request,
        "consultancy/requests/form.html",
        {
            "form": form,
            "has_cases": cases.exists(),
            "case_reveal": CASE_REVEAL,
            "unnamed_reveal": UNNAMED_REVEAL,
        },
        status=status,
    )


# The hub's inbox.


@login_required
@require_http_methods(["GET", "HEAD"])
def inbox(request: AuthenticatedRequest) -> HttpResponse:
    """A worker's requests and the unassigned ones in their placements; a manager's hub's;
    urgent first, then oldest."""
    user = request.user
    hub_ids = policies.staff_hub_ids(user)
    if not hub_ids:
        if policies.may_request_consultancy(user) or requests_made_exist(user):
            return redirect("consultancy:request_list")
        raise PermissionDenied
    managed = managed_hub_ids(user)
    filter_form = InboxFilterForm(
        request.GET or None,
        workers=spoke_workers_of(hub_ids=managed) if managed else None,
        local_authorities=local_authorities_covered_by(agency_ids=hub_ids),
    )
    page = page_of(
        request,
        consultancy_inbox(
            requests=policies.consultancy_for_hub(user), filters=filter_form.filters()
        ),
    )
    now = timezone.now()
    return render(
        request,
        "consultancy/requests/inbox.html",
        {
            "page": page,
            "rows": [(item, waited(item.requested_at, now)) for item in page],
            "filter_form": filter_form,
            "query": query_without(request),
            "is_manager": bool(managed),
            "may_request": policies.may_request_consultancy(user),
            "has_own_requests": requests_made_exist(user),
        },
    )


# One request.


def _visible(request: AuthenticatedRequest, pk: int) -> ConsultancyRequest:
    """The request if the user may see it at any view, else 404 (as if it did not exist)."""
    try:
        return consultancy_for_page(pk=pk, requests=policies.visible_consultancy(request.user))
    except ConsultancyRequest.DoesNotExist:
        raise Http404 from None


def _steps(item: ConsultancyRequest) -> list[dict[str, Any]]:
    """What has happened to the request, newest first, for an MoJ timeline."""
    worker = item.responding_worker.full_name if item.responding_worker else ""
    closed = (
        "Closed after feedback"
        if item.feedback_at and item.closed_at == item.feedback_at
        else "Closed"
    )
    steps = [
        ("Requested", item.requested_at, f"By {item.requester.full_name}, {item.requester_agency}"),
        ("With a worker", item.assigned_at, worker),
        ("First advice given", item.first_advised_at, ""),
        ("Follow-up question asked", item.follow_up_at, ""),
        ("Marked helpful" if item.helpful else "Marked not helpful", item.feedback_at, ""),
        (closed, item.closed_at, item.closed_by.full_name if item.closed_by else ""),
        ("Withdrawn", item.withdrawn_at, ""),
        ("Linked to a referral", item.referral_linked_at, ""),
    ]
    happened = [{"title": title, "at": at, "detail": detail} for title, at, detail in steps if at]
    return sorted(happened, key=lambda step: step["at"], reverse=True)


def _detail_page(
    request: AuthenticatedRequest,
    item: ConsultancyRequest,
    *,
    error_form: VersionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    consultancy_read_record(request=item, by=user)
    view = policies.consultancy_view_of(user, item)
    referral_url = ""
    if item.referral is not None and referral_policies.may_view(user, item.referral):
        referral_url = item.referral.get_absolute_url()
    return render(
        request,
        "consultancy/requests/detail.html",
        {
            "item": item,
            "thread": list(item.messages.all()),
            "steps": _steps(item),
            "hub_view": view >= View.WORKER,
            "is_requester": policies.is_requester(user, item),
            "form": error_form,
            "take_form": TakeForm(None, initial={"version": item.version}),
            "may_take": policies.may_take_consultancy(user, item),
            "may_assign": policies.may_assign_consultancy(user, item),
            "may_advise": policies.may_advise(user, item),
            "may_record_topics": policies.may_record_topics(user, item),
            "may_follow_up": policies.may_ask_follow_up(user, item),
            "may_give_feedback": policies.may_give_feedback(user, item),
            "may_close": policies.may_close_consultancy(user, item),
            "may_withdraw": policies.may_withdraw_consultancy(user, item),
            "may_link_referral": policies.may_link_referral(user, item),
            "case_url": item.case.get_absolute_url()
            if item.case is not None and policies.may_see_case_link(user, item)
            else "",
            "referral_url": referral_url,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def request_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The request, its thread of advice and follow-ups, and the user's next steps (audited)."""
    return _detail_page(request, _visible(request, pk))


def _bad_state(request: HttpRequest, item: ConsultancyRequest, message: str) -> HttpResponse:
    return render(
        request,
        "consultancy/requests/bad_state.html",
        {"item": item, "message": message},
        status=400,
    )


def _for_step(
    request: AuthenticatedRequest,
    pk: int,
    *,
    allowed: Callable[[Any, ConsultancyRequest], bool],
    whose: Callable[[Any, ConsultancyRequest], bool],
    not_now: str,
) -> ConsultancyRequest | HttpResponse:
    """The request if the user may take this step now; a 400 page when the step is theirs but
    the request has moved past it; 403 when the step is never theirs; 404 when not visible."""
    item = _visible(request, pk)
    if allowed(request.user, item):
        return item
    if whose(request.user, item):
        return _bad_state(
            request,
            item,
            f"This consultancy request is {item.get_status_display().lower()}: {not_now}",
        )
    raise PermissionDenied


def _stale(form: VersionForm, request: HttpRequest, error: StaleVersionError) -> None:
    """Put a stale version's message on the form, which now starts from what is saved."""
    form.add_error(None, str(error))
    current = getattr(error.record, "version", None)
    if current is not None:
        data = request.POST.copy()
        data["version"] = str(current)
        form.data = data


def _form_step(
    request: AuthenticatedRequest,
    item: ConsultancyRequest,
    *,
    form: VersionForm,
    template: str,
    context: dict[str, Any],
    call: Callable[[], ConsultancyRequest],
    success: str,
) -> HttpResponse:
    """A form page about one request: on a valid post call the service; a refusal comes back
    on the form (400, or 409 when the request changed meanwhile)."""
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                call()
            except StaleVersionError as error:
                _stale(form, request, error)
                status = 409
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(request, success)
                return redirect("consultancy:request_detail", pk=item.pk)
    return render(request, template, {"item": item, "form": form, **context}, status=status)


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


@login_required
@require_POST
def request_take(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A placed spoke worker takes a request nobody has yet (a button on the request)."""
    item = _for_step(
        request,
        pk,
        allowed=policies.may_take_consultancy,
        whose=policies.is_placed_for,
        not_now="a worker already has it.",
    )
    if isinstance(item, HttpResponse):
        return item
    form = TakeForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            consultancy_take(request=item, by=request.user, version=form.cleaned_data["version"])
        except StaleVersionError as error:
            form.add_error(None, str(error))
            status = 409
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, f"You have taken consultancy request {item.reference}")
            return redirect("consultancy:request_detail", pk=item.pk)
    current = consultancy_for_page(pk=item.pk, requests=ConsultancyRequest.objects.all())
    return _detail_page(request, current, error_form=form, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def request_assign(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The hub's manager gives the request to a spoke worker, those placed there first."""
    item = _for_step(
        request,
        pk,
        allowed=policies.may_assign_consultancy,
        whose=policies.manages_request,
        not_now="it is no longer waiting on the hub, so it cannot be assigned.",
    )
    if isinstance(item, HttpResponse):
        return item
    choices = assignable_workers(request=item)
    form = AssignForm(_posted(request), choices=choices, initial={"version": item.version})
    return _form_step(
        request,
        item,
        form=form,
        template="consultancy/requests/assign.html",
        context={"choices": choices},
        call=lambda: consultancy_assign(
            request=item,
            by=request.user,
            worker=form.chosen_worker(),  # type: ignore[arg-type]
            version=form.cleaned_data["version"],
        ),
        success=f"Consultancy request {item.reference} assigned",
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def request_advise(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The responding worker records the advice they gave; the requester is told."""
    item = _for_step(
        request,
        pk,
        allowed=policies.may_advise,
        whose=policies.responds_to,
        not_now="advice can no longer be recorded on it.",
    )
    if isinstance(item, HttpResponse):
        return item
    form = AdviseForm(
        _posted(request), initial={"version": item.version, "topics": list(item.topics)}
    )
    return _form_step(
        request,
        item,
        form=form,
        template="consultancy/requests/advise.html",
        context={"thread": list(item.messages.all())},
        call=lambda: consultancy_advise(
            request=item,
            by=request.user,
            text=form.cleaned_data["text"],
            given_on=form.cleaned_data["given_on"],
            time_spent_minutes=form.cleaned_data["time_spent_minutes"],
            agreed_follow_up=form.cleaned_data.get("agreed_follow_up", ""),
            topics=form.cleaned_data.get("topics", []),
            version=form.cleaned_data["version"],
        ),
        success="Advice recorded: the requester has been told",
    )


def _step_page(
    request: AuthenticatedRequest,
    item: ConsultancyRequest,
    *,
    form: VersionForm,
    call: Callable[[], ConsultancyRequest],
    success: str,
    heading: str,
    button: str,
    intro: str = "",
    warning: str = "",
    button_class: str = "",
) -> HttpResponse:
    return _form_step(
        request,
        item,
        form=form,
        template="consultancy/requests/step.html",
        context={
            "heading": heading,
            "button": button,
            "intro": intro,
            "warning": warning,
            "button_class": button_class,
        },
        call=call,
        success=success,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def request_topics(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The responding worker or a manager says what the consultancy was about."""
    item = _for_step(
        request,
        pk,
        allowed=policies.may_record_topics,
        whose=policies.answers,
        not_now="unreachable.",
    )
    if isinstance(item, HttpResponse):
        return item
    form = TopicsForm(_posted(request), initial={"version": item.version, "topics": item.topics})
    return _step_page(
        request,
        item,
        form=form,
        call=lambda: consultancy_topics_set(
            request=item,
            by=request.user,
            topics=form.cleaned_data.get("topics", []),
            version=form.cleaned_data["version"],
        ),
        success="Topics saved",
        heading="What the consultancy was about",
        button="Save topics",
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def request_follow_up(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The requester asks a further question after the advice."""
    item = _for_step(
        request,
        pk,
        allowed=policies.may_ask_follow_up,
        whose=policies.is_requester,
        not_now="you can ask a follow-up question once advice has been given.",
    )
    if isinstance(item, HttpResponse):
        return item
    form = FollowUpForm(_posted(request), initial={"version": item.version})
    return _step_page(
        request,
        item,
        form=form,
        call=lambda: consultancy_follow_up(
            request=item,
            by=request.user,
            text=form.cleaned_data["text"],
            version=form.cleaned_data["version"],
        ),
        success="Follow-up question sent",
        heading="Ask a follow-up question",
        intro="The worker who advised you will answer it.",
        button="Send follow-up question",
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def request_feedback(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The requester says whether the advice helped, which closes the request."""
    item = _for_step(
        request,
        pk,
        allowed=policies.may_give_feedback,
        whose=policies.is_requester,
        not_now="you can say whether the advice helped once, after it has been given.",
    )
    if isinstance(item, HttpResponse):
        return item
    form = FeedbackForm(_posted(request), initial={"version": item.version})
    return _step_page(
        request,
        item,
        form=form,
        call=lambda: consultancy_feedback(
            request=item,
            by=request.user,
            helpful=form.cleaned_data["helpful"],
            feedback=form.cleaned_data.get("feedback", ""),
            version=form.cleaned_data["version"],
        ),
        success="Thank you: your feedback has been sent and the request is closed",
        heading="Did the advice help?",
        intro=(
            "Your answer closes the request. If you need more help, ask a follow-up "
            "question instead."
        ),
        button="Send feedback",
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def request_close(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The responding worker or a manager closes an open request, saying why."""
    item = _for_step(
        request,
        pk,
        allowed=policies.may_close_consultancy,
        whose=policies.answers,
        not_now="it is no longer open, so it cannot be closed.",
    )
    if isinstance(item, HttpResponse):
        return item
    form = CloseForm(_posted(request), initial={"version": item.version})
    return _step_page(
        request,
        item,
        form=form,
        call=lambda: consultancy_close(
            request=item,
            by=request.user,
            note=form.cleaned_data["note"],
            version=form.cleaned_data["version"],
        ),
        success=f"Consultancy request {item.reference} closed",
        heading="Close the request",
        button="Close request",
        button_class="govuk-button--warning",
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def request_withdraw(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The requester or their team manager withdraws the request before any advice."""
    item = _for_step(
        request,
        pk,
        allowed=policies.may_withdraw_consultancy,
        whose=policies.may_act_as_requester,
        not_now="it can only be withdrawn before advice is given.",
    )
    if isinstance(item, HttpResponse):
        return item
    form = WithdrawForm(_posted(request), initial={"version": item.version})
    return _step_page(
        request,
        item,
        form=form,
        call=lambda: consultancy_withdraw(
            request=item,
            by=request.user,
            reason=form.cleaned_data.get("reason", ""),
            version=form.cleaned_data["version"],
        ),
        success=f"Consultancy request {item.reference} withdrawn",
        heading="Withdraw the request",
        intro="The hub will not answer it. You can make a new request at any time.",
        button="Withdraw request",
        button_class="govuk-button--warning",
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def request_link_referral(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Link a request about a young person who was not named to the referral that followed."""
    user = request.user
    item = _for_step(
        request,
        pk,
        allowed=policies.may_link_referral,
        whose=policies.may_ever_link_referral,
        not_now="only a request about a young person who was not named, and not yet linked, "
        "can be linked to a referral.",
    )
    if isinstance(item, HttpResponse):
        return item
    referrals = linkable_referrals(user=user, request=item)
    form = LinkReferralForm(
        _posted(request), referrals=referrals, initial={"version": item.version}
    )

    def call() -> ConsultancyRequest:
        referral = form.cleaned_data["referral"]
        if not policies.referral_linkable(user, item, referral):
            raise ValidationError({"referral": "Choose a referral from the list."})
        return consultancy_link_referral(
            request=item, by=user, referral=referral, version=form.cleaned_data["version"]
        )

    return _step_page(
        request,
        item,
        form=form,
        call=call,
        success="Linked to the referral",
        heading="Link to the referral that followed",
        intro=(
            f"Referrals made to {item.hub.name} that you can see. Linking shows that the "
            "consultancy led to a referral."
        ),
        button="Link referral",
    )


urlpatterns: list[URLPattern | URLResolver] = [
    path("consultancy/", request_list, name="request_list"),
    path("consultancy/new/", request_new, name="request_new"),
    path("consultancy/inbox/", inbox, name="inbox"),
    path("consultancy/<int:pk>/", request_detail, name="request_detail"),
    path("consultancy/<int:pk>/take/", request_take, name="request_take"),
    path("consultancy/<int:pk>/assign/", request_assign, name="request_assign"),
    path("consultancy/<int:pk>/advise/", request_advise, name="request_advise"),
    path("consultancy/<int:pk>/topics/", request_topics, name="request_topics"),
    path("consultancy/<int:pk>/follow-up/", request_follow_up, name="request_follow_up"),
    path("consultancy/<int:pk>/feedback/", request_feedback, name="request_feedback"),
    path("consultancy/<int:pk>/close/", request_close, name="request_close"),
    path("consultancy/<int:pk>/withdraw/", request_withdraw, name="request_withdraw"),
    path(
        "consultancy/<int:pk>/link-referral/",
        request_link_referral,
        name="request_link_referral",
    ),
]
