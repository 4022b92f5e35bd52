"""Pages for training for practitioners: the hub's sessions, one session with its attendance,
planning and changing a session, recording who came; and the sessions a practitioner attended.

Parse, authorise through `consultancy.policies`, call a service or selector, render. A session
the user may not see answers 404; one they may see but not change (an attendee, a hub worker who
is not a trainer) answers 403. A refused change comes back on the form: 400 for bad input or a
step the session's status does not allow, 409 when someone else changed the session first.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from accounts.models import User
from cases.services import StaleVersionError
from consultancy import policies
from consultancy.forms.training import (
    AgencyCountForm,
    AttendeeSearchForm,
    NamedAttendeeForm,
    NamedScoresForm,
    TrainingChangeForm,
    TrainingFilterForm,
    TrainingForm,
)
from consultancy.models import Topic, TrainingAttendance, TrainingSession
from consultancy.selectors.training import (
    attendance_summary,
    attendee_memberships,
    attendee_options,
    attending_agencies,
    hubs_for_training,
    own_attendance,
    training_attendance_rows,
    training_attended_rows,
    training_for_page,
    training_list,
    training_trainer_choices,
)
from consultancy.services.training import (
    NOT_DELIVERED,
    training_agency_count_set,
    training_attendance_remove,
    training_attendance_update,
    training_attendee_add,
    training_create,
    training_local_authorities,
    training_update,
)
from cse_hub.pages import page_of, query_without, require
from partners.forms import ServiceForm
from partners.models import LocalAuthority, Membership
from partners.selectors import local_authorities_worked_in

if TYPE_CHECKING:

    class AuthenticatedRequest(HttpRequest):
        user: User
        membership: Membership | None

else:
    AuthenticatedRequest = HttpRequest

# People offered at once when searching for an attendee; a narrower search finds the rest.
SEARCH_LIMIT = 20


# Lists


@login_required
@require_http_methods(["GET", "HEAD"])
def session_list(request: AuthenticatedRequest) -> HttpResponse:
    """The hub's sessions, filtered in the database; anyone else goes to what they attended."""
    user = request.user
    hub_ids = policies.staff_hub_ids(user)
    if not hub_ids:
        return redirect("consultancy:training_attended")
    filter_form = TrainingFilterForm(
        request.GET or None,
        local_authorities=local_authorities_worked_in(hub_ids=hub_ids),
        trainers=training_trainer_choices(hub_ids=hub_ids),
    )
    sessions = training_list(sessions=policies.hub_training(user), filters=filter_form.filters())
    return render(
        request,
        "consultancy/training/list.html",
        {
            "page": page_of(request, sessions),
            "filter_form": filter_form,
            "query": query_without(request),
            "filtered": bool(query_without(request)),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def attended_list(request: AuthenticatedRequest) -> HttpResponse:
    """The sessions the user attended by name, each with their own scores."""
    page = page_of(request, training_attended_rows(user=request.user))
    return render(
        request,
        "consultancy/training/attended.html",
        {"page": page, "query": query_without(request)},
    )


# One session


def _visible(request: AuthenticatedRequest, pk: int) -> TrainingSession:
    """The session if the user may see it at all (else 404)."""
    try:
        return training_for_page(pk=pk, sessions=policies.visible_training(request.user))
    except TrainingSession.DoesNotExist:
        raise Http404 from None


def _changeable(request: AuthenticatedRequest, pk: int) -> TrainingSession:
    """The session if the user may see it (else 404) and change it (else 403)."""
    session = _visible(request, pk)
    require(policies.may_change_training(request.user, session))
    return session


def _topic_labels(codes: list[str]) -> list[str]:
    labels = dict(Topic.choices)
    return [str(labels.get(code, code)) for code in codes]


@login_required
@require_http_methods(["GET", "HEAD"])
def session_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The session in full for the hub; for an attendee, the session and their own row."""
    user = request.user
    session = _visible(request, pk)
    if not policies.may_see_training_in_full(user, session):
        return render(
            request,
            "consultancy/training/attendee_detail.html",
            {"session": session, "own": own_attendance(session=session, user=user)},
        )
    return render(
        request,
        "consultancy/training/detail.html",
        {
            "session": session,
            "rows": training_attendance_rows(session=session),
            "summary": attendance_summary(session=session),
            "may_change": policies.may_change_training(user, session),
            "topic_labels": _topic_labels(session.topics),
            "today": timezone.localdate(),
        },
    )


def _form_page(
    request: AuthenticatedRequest,
    *,
    form: ServiceForm,
    template: str,
    context: dict[str, Any],
    call: Callable[[], Any],
    success: Callable[[Any], tuple[str, str]],
) -> HttpResponse:
    """A form page: on a valid post call the service and go on; a refusal comes back on the
    form (400, or 409 when the session changed meanwhile). Nothing is saved either way."""
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
                text, url = success(saved)
                messages.success(request, text)
                return redirect(url)
    return render(request, template, {"form": form, **context}, status=status)


def _session_form_choices(hub_ids: set[int]) -> dict[str, Any]:
    return {
        "hubs": hubs_for_training(hub_ids=hub_ids),
        "local_authorities": local_authorities_worked_in(hub_ids=hub_ids),
        "trainers": training_trainer_choices(hub_ids=hub_ids),
    }


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def session_new(request: AuthenticatedRequest) -> HttpResponse:
    """Plan a session, or record one already delivered."""
    user = request.user
    hub_ids = policies.staff_hub_ids(user)
    require(bool(hub_ids))
    form = TrainingForm(
        request.POST if request.method == "POST" else None,
        initial={"trainers": [user.pk]},
        **_session_form_choices(hub_ids),
    )

    def call() -> TrainingSession:
        values = form.service_kwargs()
        hub = values.pop("hub")
        if not policies.may_record_training(user, hub=hub):
            raise PermissionDenied
        return training_create(by=user, hub=hub, **values)

    return _form_page(
        request,
        form=form,
        template="consultancy/training/form.html",
        context={"session": None},
        call=call,
        success=lambda saved: (
            "Training session recorded" if saved.is_delivered else "Training session planned",
            saved.get_absolute_url(),
        ),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def session_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Change a session's details, status or feedback summary."""
    user = request.user
    session = _changeable(request, pk)
    initial = {
        "version": session.version,
        "title": session.title,
        "audience": session.audience,
        "local_authority": session.local_authority_id,
        "status": session.status,
        "delivered_on": session.delivered_on,
        "duration_minutes": session.duration_minutes,
        "venue": session.venue,
        "trainers": [t.pk for t in session.trainers.all()],
        "topics": session.topics,
        "description": session.description,
        "feedback": session.feedback,
    }
    choices = _session_form_choices({session.hub_id})
    # The session's own local authority stays offered, even if the hub has stopped working there.
    choices["local_authorities"] = LocalAuthority.objects.filter(
        Q(pk__in=training_local_authorities(hub=session.hub).values("pk"))
        | Q(pk=session.local_authority_id)
    ).order_by("name")
    # Trainers who have since left the hub stay offered, as they are on the record.
    choices["trainers"] = User.objects.filter(
        Q(pk__in=choices["trainers"].values("pk")) | Q(pk__in=initial["trainers"])
    ).order_by("full_name", "pk")
    form = TrainingChangeForm(
        request.POST if request.method == "POST" else None, initial=initial, **choices
    )
    return _form_page(
        request,
        form=form,
        template="consultancy/training/form.html",
        context={"session": session},
        call=lambda: training_update(
            session=session,
            by=user,
            version=form.cleaned_data["version"],
            **form.service_kwargs(),
        ),
        success=lambda saved: ("Training session updated", saved.get_absolute_url()),
    )


# Attendance


def _not_delivered(request: AuthenticatedRequest, session: TrainingSession) -> HttpResponse:
    messages.info(request, f"{NOT_DELIVERED} Change its status to delivered first.")
    return redirect(session.get_absolute_url())


def _attendance_url(session: TrainingSession) -> str:
    return f"{session.get_absolute_url()}#attendance"


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def attendee_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Find a practitioner who uses CSE Hub and record that they attended, with their scores."""
    user = request.user
    session = _changeable(request, pk)
    if request.method != "POST" and not session.is_delivered:
        return _not_delivered(request, session)
    search = AttendeeSearchForm(request.GET or None)
    term = search.cleaned_data.get("q", "").strip() if search.is_valid() else ""
    eligible = attendee_memberships(session=session).exclude(
        user_id__in=TrainingAttendance.objects.filter(
            session_id=session.pk, attendee__isnull=False
        ).values("attendee_id")
    )
    if request.method == "POST":
        # Anyone eligible may be posted; the search only narrows what is shown.
        offered = eligible
    elif len(term) >= 2:
        offered = attendee_options(session=session, term=term)[:SEARCH_LIMIT]
    else:
        offered = Membership.objects.none()
    form = NamedAttendeeForm(
        request.POST if request.method == "POST" else None, memberships=eligible
    )
    if request.method != "POST":
        form.fields["membership"].queryset = offered  # type: ignore[attr-defined]

    def call() -> TrainingAttendance:
        data = form.cleaned_data
        membership = data["membership"]
        return training_attendee_add(
            session=session,
            by=user,
            attendee=membership.user,
            agency=membership.agency,
            confidence_before=data.get("confidence_before") or None,
            confidence_after=data.get("confidence_after") or None,
        )

    return _form_page(
        request,
        form=form,
        template="consultancy/training/attendee_form.html",
        context={
            "session": session,
            "search": search,
            "term": term,
            "searched": request.method != "POST" and len(term) >= 2,
            "search_limit": SEARCH_LIMIT,
        },
        call=call,
        success=lambda saved: (
            f"{saved.attendee.full_name or saved.attendee.email} recorded as attending",
            _attendance_url(session),
        ),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def agency_count(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Record how many people came from an agency, and the group's average scores."""
    user = request.user
    session = _changeable(request, pk)
    if request.method != "POST" and not session.is_delivered:
        return _not_delivered(request, session)
    agencies = attending_agencies(local_authority_id=session.local_authority_id)
    initial: dict[str, Any] = {}
    chosen = request.GET.get("agency")
    if chosen and chosen.isdigit():
        initial["agency"] = int(chosen)
    form = AgencyCountForm(
        request.POST if request.method == "POST" else None, agencies=agencies, initial=initial
    )

    def call() -> TrainingAttendance:
        data = form.cleaned_data
        return training_agency_count_set(
            session=session,
            by=user,
            agency=data["agency"],
            count=data["count"],
            confidence_before=data.get("confidence_before") or None,
            confidence_after=data.get("confidence_after") or None,
        )

    return _form_page(
        request,
        form=form,
        template="consultancy/training/count_form.html",
        context={"session": session, "attendance": None},
        call=call,
        success=lambda saved: (
            f"Attendance from {saved.agency.name} recorded",
            _attendance_url(session),
        ),
    )


def _attendance_of(session: TrainingSession, attendance_pk: int) -> TrainingAttendance:
    try:
        return TrainingAttendance.objects.select_related("agency", "attendee").get(
            pk=attendance_pk, session_id=session.pk
        )
    except TrainingAttendance.DoesNotExist:
        raise Http404 from None


def _score(value: Any) -> str:
    return "" if value is None else str(int(value))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def attendance_change(request: AuthenticatedRequest, pk: int, attendance_pk: int) -> HttpResponse:
    """Correct a row: a named attendee's scores, or an agency's count and average scores."""
    user = request.user
    session = _changeable(request, pk)
    attendance = _attendance_of(session, attendance_pk)
    data = request.POST if request.method == "POST" else None
    form: ServiceForm
    if attendance.is_named:
        form = NamedScoresForm(
            data,
            initial={
                "confidence_before": _score(attendance.confidence_before),
                "confidence_after": _score(attendance.confidence_after),
            },
        )
    else:
        form = AgencyCountForm(
            data,
            agencies=None,
            initial={
                "count": attendance.count,
                "confidence_before": attendance.confidence_before or "",
                "confidence_after": attendance.confidence_after or "",
            },
        )

    def call() -> TrainingAttendance:
        cleaned = form.cleaned_data
        return training_attendance_update(
            attendance=attendance,
            by=user,
            count=cleaned.get("count"),
            confidence_before=cleaned.get("confidence_before") or None,
            confidence_after=cleaned.get("confidence_after") or None,
        )

    template = (
        "consultancy/training/scores_form.html"
        if attendance.is_named
        else "consultancy/training/count_form.html"
    )
    return _form_page(
        request,
        form=form,
        template=template,
        context={"session": session, "attendance": attendance},
        call=call,
        success=lambda saved: ("Attendance updated", _attendance_url(session)),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def attendance_remove(request: AuthenticatedRequest, pk: int, attendance_pk: int) -> HttpResponse:
    """Remove a row recorded in error, after a confirmation page."""
    user = request.user
    session = _changeable(request, pk)
    attendance = _attendance_of(session, attendance_pk)
    form = ServiceForm(request.POST if request.method == "POST" else None)
    return _form_page(
        request,
        form=form,
        template="consultancy/training/remove.html",
        context={"session": session, "attendance": attendance},
        call=lambda: training_attendance_remove(attendance=attendance, by=user),
        success=lambda saved: ("Attendance removed", _attendance_url(session)),
    )


urlpatterns = [
    path("training/", session_list, name="training_list"),
    path("training/attended/", attended_list, name="training_attended"),
    path("training/new/", session_new, name="training_new"),
    path("training/<int:pk>/", session_detail, name="training_detail"),
    path("training/<int:pk>/change/", session_edit, name="training_edit"),
    path("training/<int:pk>/attendance/person/", attendee_add, name="training_attendee_add"),
    path("training/<int:pk>/attendance/agency/", agency_count, name="training_agency_count"),
    path(
        "training/<int:pk>/attendance/<int:attendance_pk>/change/",
        attendance_change,
        name="training_attendance_change",
    ),
    path(
        "training/<int:pk>/attendance/<int:attendance_pk>/remove/",
        attendance_remove,
        name="training_attendance_remove",
    ),
]
