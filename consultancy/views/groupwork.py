"""Pages for awareness sessions (/awareness/) and group-work programmes (/group-work/): lists,
recording and changing them, the young people in a group, and recording a group session.

Parse, authorise through `consultancy.policies`, call a service or selector, render. A record
the user may not see answers 404; one they may see but not change answers 403. A refused change
shows the form again with the service's message: 400 for bad input, 409 when someone else
changed the record first. Nothing is saved either way (each service is one transaction).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, URLResolver, path
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import User
from cases.services import StaleVersionError
from consultancy import policies
from consultancy.forms.groupwork import (
    AwarenessFilterForm,
    AwarenessForm,
    GroupSessionForm,
    ParticipantAddForm,
    ProgrammeFilterForm,
    ProgrammeForm,
)
from consultancy.models import (
    AwarenessSession,
    GroupWorkParticipant,
    GroupWorkProgramme,
    GroupWorkSession,
)
from consultancy.selectors.groupwork import (
    attendance_rows,
    awareness_filtered,
    awareness_for_page,
    awareness_totals,
    participant_rows,
    programme_for_page,
    programmes_filtered,
    session_for_page,
    sessions_of,
)
from consultancy.services.common import hub_staff
from consultancy.services.groupwork import (
    awareness_create,
    awareness_update,
    group_session_record,
    hub_local_authorities,
    participant_add,
    participant_leave,
    programme_create,
    programme_update,
    session_expected,
)
from cse_hub.pages import page_of, query_without, require
from partners.models import Agency, LocalAuthority

if TYPE_CHECKING:
    from partners.models import Membership

    class AuthenticatedRequest(HttpRequest):
        user: User
        membership: Membership | None

else:
    AuthenticatedRequest = HttpRequest


# Choices for the user's hubs.


def _staff_hubs(user: User) -> QuerySet[Agency]:
    """The hubs the user works for today; 403 for anyone who works for none."""
    hub_ids = policies.staff_hub_ids(user)
    require(bool(hub_ids))
    return Agency.objects.filter(pk__in=hub_ids).order_by("name")


def _areas_of(hubs: QuerySet[Agency] | list[Agency]) -> QuerySet[LocalAuthority]:
    ids: set[int] = set()
    for hub in hubs:
        ids |= set(hub_local_authorities(hub=hub).values_list("pk", flat=True))
    return LocalAuthority.objects.filter(pk__in=ids).order_by("name")


def _people_of(hubs: QuerySet[Agency] | list[Agency]) -> QuerySet[User]:
    staff = Q(pk__in=[])
    for hub in hubs:
        staff |= Q(pk__in=hub_staff(hub=hub).values("user_id"))
    return User.objects.filter(staff, is_active=True).order_by("full_name", "pk")


def _with_current(people: QuerySet[User], current: list[User]) -> QuerySet[User]:
    """The hub's staff today, plus whoever the record already names (so an edit keeps them)."""
    return User.objects.filter(
        Q(pk__in=people.values("pk")) | Q(pk__in=[p.pk for p in current])
    ).order_by("full_name", "pk")


def _save(
    request: AuthenticatedRequest,
    form: Any,
    *,
    call: Callable[[], Any],
    success: str,
) -> tuple[Any, int]:
    """Call the service for a valid posted form; on refusal the errors go on the form.

    Returns the saved record (or None) and the status to render the form with.
    """
    if not form.is_valid():
        return None, 400
    try:
        saved = call()
    except StaleVersionError as error:
        form.add_error(None, str(error))
        data = request.POST.copy()
        data["version"] = str(error.record.version)  # type: ignore[attr-defined]
        form.data = data
        return None, 409
    except ValidationError as error:
        form.add_service_error(error)
        return None, 400
    messages.success(request, success)
    return saved, 200


# Awareness sessions.


@login_required
@require_http_methods(["GET", "HEAD"])
def awareness_list(request: AuthenticatedRequest) -> HttpResponse:
    """The hub's awareness sessions, newest first, by local authority and month."""
    hubs = _staff_hubs(request.user)
    filter_form = AwarenessFilterForm(request.GET or None, local_authorities=_areas_of(hubs))
    sessions = awareness_filtered(
        sessions=policies.visible_awareness(request.user), filters=filter_form.filters()
    )
    return render(
        request,
        "consultancy/groupwork/awareness_list.html",
        {
            "page": page_of(request, sessions),
            "totals": awareness_totals(sessions=sessions),
            "filter_form": filter_form,
            "query": query_without(request),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def awareness_new(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    hubs = _staff_hubs(user)
    form = AwarenessForm(
        request.POST if request.method == "POST" else None,
        hubs=hubs,
        local_authorities=_areas_of(hubs),
        people=_people_of(hubs),
        initial={"delivered_by": [user.pk]},
    )
    status = 200
    if request.method == "POST":

        def call() -> AwarenessSession:
            hub = form.chosen_hub()
            if hub is None or not policies.may_record_awareness(user, hub=hub):
                raise ValidationError({"hub": "Choose a hub you work for."})
            return awareness_create(by=user, hub=hub, **form.service_kwargs())

        saved, status = _save(request, form, call=call, success="Awareness session recorded")
        if saved is not None:
            return redirect(saved.get_absolute_url())
    return render(
        request,
        "consultancy/groupwork/awareness_form.html",
        {"form": form, "session": None},
        status=status,
    )


def _awareness(request: AuthenticatedRequest, pk: int) -> AwarenessSession:
    try:
        return awareness_for_page(pk=pk, sessions=policies.visible_awareness(request.user))
    except AwarenessSession.DoesNotExist:
        raise Http404 from None


@login_required
@require_http_methods(["GET", "HEAD"])
def awareness_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    session = _awareness(request, pk)
    return render(
        request,
        "consultancy/groupwork/awareness_detail.html",
        {
            "session": session,
            "topic_labels": _topic_labels(session.topics),
            "may_change": policies.may_change_awareness(request.user, session),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def awareness_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    session = _awareness(request, pk)
    require(policies.may_change_awareness(user, session))
    delivered_by = list(session.delivered_by.all())
    form = AwarenessForm(
        request.POST if request.method == "POST" else None,
        hubs=None,
        local_authorities=_areas_of([session.hub]),
        people=_with_current(_people_of([session.hub]), delivered_by),
        initial=AwarenessForm.initial_for(session),
        versioned=True,
    )
    status = 200
    if request.method == "POST":
        saved, status = _save(
            request,
            form,
            call=lambda: awareness_update(
                session=session,
                by=user,
                version=form.cleaned_data["version"],
                **form.service_kwargs(),
            ),
            success="Awareness session changed",
        )
        if saved is not None:
            return redirect(saved.get_absolute_url())
    return render(
        request,
        "consultancy/groupwork/awareness_form.html",
        {"form": form, "session": session},
        status=status,
    )


def _topic_labels(codes: list[str]) -> list[str]:
    from consultancy.models import Topic

    labels = dict(Topic.choices)
    return [str(labels.get(code, code)) for code in codes]


# Group-work programmes.


@login_required
@require_http_methods(["GET", "HEAD"])
def programme_list(request: AuthenticatedRequest) -> HttpResponse:
    """The hub's group-work programmes, with how many young people are in each."""
    hubs = _staff_hubs(request.user)
    filter_form = ProgrammeFilterForm(request.GET or None, local_authorities=_areas_of(hubs))
    programmes = programmes_filtered(
        programmes=policies.visible_programmes(request.user), filters=filter_form.filters()
    )
    return render(
        request,
        "consultancy/groupwork/programme_list.html",
        {
            "page": page_of(request, programmes),
            "filter_form": filter_form,
            "query": query_without(request),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def programme_new(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    hubs = _staff_hubs(user)
    form = ProgrammeForm(
        request.POST if request.method == "POST" else None,
        hubs=hubs,
        local_authorities=_areas_of(hubs),
        people=_people_of(hubs),
        initial={"facilitators": [user.pk]},
    )
    status = 200
    if request.method == "POST":

        def call() -> GroupWorkProgramme:
            hub = form.chosen_hub()
            if hub is None or not policies.may_record_programme(user, hub=hub):
                raise ValidationError({"hub": "Choose a hub you work for."})
            return programme_create(by=user, hub=hub, **form.service_kwargs())

        saved, status = _save(request, form, call=call, success="Group-work programme set up")
        if saved is not None:
            return redirect(saved.get_absolute_url())
    return render(
        request,
        "consultancy/groupwork/programme_form.html",
        {"form": form, "programme": None},
        status=status,
    )


def _programme(request: AuthenticatedRequest, pk: int) -> GroupWorkProgramme:
    try:
        return programme_for_page(pk=pk, programmes=policies.visible_programmes(request.user))
    except GroupWorkProgramme.DoesNotExist:
        raise Http404 from None


def _changeable_programme(request: AuthenticatedRequest, pk: int) -> GroupWorkProgramme:
    programme = _programme(request, pk)
    require(policies.may_change_programme(request.user, programme))
    return programme


@login_required
@require_http_methods(["GET", "HEAD"])
def programme_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The programme, its young people (named where the reader may see them) and sessions."""
    user = request.user
    programme = _programme(request, pk)
    may_change = policies.may_change_programme(user, programme)
    rows = participant_rows(programme=programme, named=policies.participant_cases(user, programme))
    return render(
        request,
        "consultancy/groupwork/programme_detail.html",
        {
            "programme": programme,
            "participants": rows,
            "current_count": sum(1 for row in rows if not row.has_left),
            "sessions": list(sessions_of(programme=programme)),
            "may_change": may_change,
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def programme_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    programme = _changeable_programme(request, pk)
    facilitators = list(programme.facilitators.all())
    form = ProgrammeForm(
        request.POST if request.method == "POST" else None,
        hubs=None,
        local_authorities=_areas_of([programme.hub]),
        people=_with_current(_people_of([programme.hub]), facilitators),
        initial=ProgrammeForm.initial_for(programme),
        versioned=True,
    )
    status = 200
    if request.method == "POST":
        saved, status = _save(
            request,
            form,
            call=lambda: programme_update(
                programme=programme,
                by=user,
                version=form.cleaned_data["version"],
                **form.service_kwargs(),
            ),
            success="Programme changed",
        )
        if saved is not None:
            return redirect(saved.get_absolute_url())
    return render(
        request,
        "consultancy/groupwork/programme_form.html",
        {"form": form, "programme": programme},
        status=status,
    )


# The young people in a programme.


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def participant_new(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Add a young person to the group by their open case."""
    user = request.user
    programme = _changeable_programme(request, pk)
    form = ParticipantAddForm(
        request.POST if request.method == "POST" else None,
        cases=policies.addable_cases(user, programme),
    )
    status = 200
    if request.method == "POST":

        def call() -> GroupWorkParticipant:
            case = form.cleaned_data["case"]
            if not policies.may_add_participant(user, programme, case):
                raise ValidationError({"case": "Choose a young person from the list."})
            return participant_add(programme=programme, by=user, case=case)

        saved, status = _save(request, form, call=call, success="Young person added to the group")
        if saved is not None:
            return redirect(programme.get_absolute_url())
    return render(
        request,
        "consultancy/groupwork/participant_form.html",
        {"form": form, "programme": programme},
        status=status,
    )


@login_required
@require_POST
def participant_left(request: AuthenticatedRequest, pk: int, participant_pk: int) -> HttpResponse:
    """Record that a young person has left the group."""
    programme = _changeable_programme(request, pk)
    participant = GroupWorkParticipant.objects.filter(
        pk=participant_pk, programme_id=programme.pk
    ).first()
    if participant is None:
        raise Http404
    try:
        participant_leave(participant=participant, by=request.user)
    except ValidationError as error:
        messages.info(request, " ".join(error.messages))
    else:
        messages.success(request, "Recorded as having left the group")
    return redirect(programme.get_absolute_url())


# Group sessions.


def _named_register(
    user: User, programme: GroupWorkProgramme
) -> list[tuple[GroupWorkParticipant, str]]:
    """Everyone in the group now, by name, for the register (facilitators see every name)."""
    expected = session_expected(programme=programme)
    named = {
        case.pk: case.young_person.display_name
        for case in policies.participant_cases(user, programme).select_related("young_person")
    }
    return [
        (participant, named.get(participant.case_id, f"case {participant.case_id}"))
        for participant in expected
    ]


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def session_new(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Record a group session and who came: each young person's case gets a casework entry."""
    user = request.user
    programme = _changeable_programme(request, pk)
    form = GroupSessionForm(
        request.POST if request.method == "POST" else None,
        participants=_named_register(user, programme),
    )
    status = 200
    if request.method == "POST":
        saved, status = _save(
            request,
            form,
            call=lambda: group_session_record(
                programme=programme, by=user, **form.service_kwargs()
            ),
            success="Group session recorded, with an entry on each young person's case",
        )
        if saved is not None:
            return redirect(
                "consultancy:programme_session_detail", pk=programme.pk, session_pk=saved.pk
            )
    return render(
        request,
        "consultancy/groupwork/session_form.html",
        {"form": form, "programme": programme, "register": form.register_fields()},
        status=status,
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def session_detail(request: AuthenticatedRequest, pk: int, session_pk: int) -> HttpResponse:
    user = request.user
    programme = _programme(request, pk)
    try:
        session = session_for_page(programme=programme, pk=session_pk)
    except GroupWorkSession.DoesNotExist:
        raise Http404 from None
    rows = attendance_rows(session=session, named=policies.participant_cases(user, programme))
    return render(
        request,
        "consultancy/groupwork/session_detail.html",
        {
            "programme": programme,
            "session": session,
            "rows": rows,
            "attended": sum(1 for row in rows if row.attendance.attendance == "attended"),
        },
    )


urlpatterns: list[URLPattern | URLResolver] = [
    path("awareness/", awareness_list, name="awareness_list"),
    path("awareness/new/", awareness_new, name="awareness_new"),
    path("awareness/<int:pk>/", awareness_detail, name="awareness_detail"),
    path("awareness/<int:pk>/edit/", awareness_edit, name="awareness_edit"),
    path("group-work/", programme_list, name="programme_list"),
    path("group-work/new/", programme_new, name="programme_new"),
    path("group-work/<int:pk>/", programme_detail, name="programme_detail"),
    path("group-work/<int:pk>/edit/", programme_edit, name="programme_edit"),
    path(
        "group-work/<int:pk>/young-people/add/",
        participant_new,
        name="programme_participant_add",
    ),
    path(
        "group-work/<int:pk>/young-people/<int:participant_pk>/left/",
        participant_left,
        name="programme_participant_leave",
    ),
    path("group-work/<int:pk>/sessions/new/", session_new, name="programme_session_new"),
    path(
        "group-work/<int:pk>/sessions/<int:session_pk>/",
        session_detail,
        name="programme_session_detail",
    ),
]
