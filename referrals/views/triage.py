"""The hub's pages: the triage queue, a referral's triage, deciding and allocating; and the
referrals allocated to a spoke worker.

Parse, authorise through `referrals.policies`, call a service or selector, render. A referral the
user may not see answers 404; one they may see but not triage (the referrer, the allocated
worker) answers 403. A refused change re-renders the page with the service's message: 400 for
bad input or a step the referral's status does not allow, 409 when someone else changed the
referral first. Nothing is saved either way (each service is one transaction).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from audit.models import AuditEvent
from cases.indicators import indicator_label_map
from cases.models import Case
from cases.services import StaleVersionError
from cse_hub.pages import page_of, query_without, require
from partners.models import Role
from partners.policies import managed_hub_ids
from partners.selectors import local_authorities_covered_by, roles_of
from referrals import policies
from referrals.forms.triage import (
    AllocationForm,
    Decision,
    DecisionForm,
    MatchForm,
    QueueFilterForm,
    ScreeningNotesForm,
    ScreeningStartForm,
)
from referrals.matching import possible_matches
from referrals.models import Referral
from referrals.selectors import (
    QUEUE_SORTS,
    allocation_options,
    open_case_of,
    referral_for_page,
    referrals_for_worker,
    triage_queue,
)
from referrals.services import (
    STEPS,
    referral_accept,
    referral_accept_and_allocate,
    referral_allocate,
    referral_decline,
    referral_match_confirm_new,
    referral_match_link,
    referral_read_record,
    referral_screening_notes_update,
    referral_screening_start,
    referral_signpost,
)

if TYPE_CHECKING:
    from accounts.models import User
    from cases.forms import VersionForm
    from partners.models import Membership

    class AuthenticatedRequest(HttpRequest):
        user: User
        membership: Membership | None

else:
    AuthenticatedRequest = HttpRequest

S = Referral.Status
# The queue's sortable columns, by selector sort key, and which way each sorts by default
# (most urgent first and oldest first read as descending; names as ascending).
QUEUE_COLUMNS = {
    "urgency": ("Urgency", "descending"),
    "age": ("Age", "descending"),
    "local_authority": ("Local authority", "ascending"),
    "agency_kind": ("Referred by", "ascending"),
}
_FLIP = {"ascending": "descending", "descending": "ascending"}


def age_label(since: datetime.datetime | None, now: datetime.datetime) -> str:
    """How long a referral has waited, in whole days: "Under a day", "1 day", "3 days"."""
    if since is None:
        return ""
    days = (now - since).days
    if days < 1:
        return "Under a day"
    return "1 day" if days == 1 else f"{days} days"


# The queue


@login_required
@require_http_methods(["GET", "HEAD"])
def queue(request: AuthenticatedRequest) -> HttpResponse:
    """The referrals made to the hubs the user manages, filtered and sorted in the database."""
    user = request.user
    hub_ids = managed_hub_ids(user)
    require(bool(hub_ids))
    filter_form = QueueFilterForm(
        request.GET or None, local_authorities=local_authorities_covered_by(agency_ids=hub_ids)
    )
    sort = request.GET.get("sort", "urgency")
    key = sort.lstrip("-")
    if key not in QUEUE_SORTS or sort.count("-") > 1:
        sort, key = "urgency", "urgency"
    flipped = sort.startswith("-")
    referrals = triage_queue(
        referrals=policies.hub_referrals(user), filters=filter_form.filters(sort=sort)
    )
    page = page_of(request, referrals)
    now = timezone.now()
    sort_query = query_without(request, "sort")
    columns = []
    for column, (label, direction) in QUEUE_COLUMNS.items():
        current = column == key
        aria = (_FLIP[direction] if flipped else direction) if current else "none"
        # A second click on the sorted column turns it round.
        target = f"-{column}" if current and not flipped else column
        href = f"?{sort_query}&sort={target}" if sort_query else f"?sort={target}"
        columns.append({"key": column, "label": label, "aria_sort": aria, "href": href})
    return render(
        request,
        "referrals/triage/queue.html",
        {
            "page": page,
            "rows": [(referral, age_label(referral.submitted_at, now)) for referral in page],
            "filter_form": filter_form,
            "query": query_without(request),
            "sort": sort,
            "columns": columns,
            "sorted_by": _sorted_by(key, flipped),
        },
    )


def _sorted_by(key: str, flipped: bool) -> str:
    said = {
        "urgency": ("most urgent first", "least urgent first"),
        "age": ("oldest first", "newest first"),
        "local_authority": ("local authority, A to Z", "local authority, Z to A"),
        "agency_kind": ("kind of agency, A to Z", "kind of agency, Z to A"),
    }[key]
    return said[1] if flipped else said[0]


# One referral


def _hub_referral(request: AuthenticatedRequest, pk: int) -> Referral:
    """The referral if the user may see it (else 404) and triage it (else 403)."""
    try:
        referral = referral_for_page(pk=pk, referrals=policies.visible_referrals(request.user))
    except Referral.DoesNotExist:
        raise Http404 from None
    require(
        policies.may_see_triage(request.user, referral)
        and policies.may_triage(request.user, referral)
    )
    return referral


def _triage_url(referral: Referral) -> str:
    return reverse("referrals:triage", kwargs={"pk": referral.pk})


@dataclass(frozen=True)
class StepDone:
    label: str
    at: datetime.datetime
    detail: str = ""


def _name(user: User | None) -> str:
    return (user.full_name or user.email) if user is not None else "someone"


def _steps(referral: Referral) -> list[StepDone]:
    """The steps the referral has taken, in order, each with when and by whom."""
    steps: list[StepDone] = []
    if referral.submitted_at:
        steps.append(
            StepDone(
                "Submitted",
                referral.submitted_at,
                f"By {_name(referral.referrer)}, {referral.referrer_agency.name}",
            )
        )
    if referral.screening_started_at:
        steps.append(
            StepDone(
                "Screening started",
                referral.screening_started_at,
                f"By {_name(referral.screened_by)}",
            )
        )
    if referral.decided_at:
        label = {
            S.DECLINED: "Declined",
            S.SIGNPOSTED: f"Signposted to {referral.signposted_to}",
        }.get(Referral.Status(referral.status), "Accepted")
        steps.append(StepDone(label, referral.decided_at, f"By {_name(referral.decided_by)}"))
    if referral.allocated_at:
        steps.append(
            StepDone(
                "Allocated",
                referral.allocated_at,
                f"To {_name(referral.allocated_worker)}, by {_name(referral.allocated_by)}",
            )
        )
    first_contact = referral.first_contact_at
    if first_contact:
        steps.append(StepDone("First contact with the young person", first_contact))
    if referral.withdrawn_at:
        steps.append(StepDone("Withdrawn by the referrer", referral.withdrawn_at))
    return steps


def _open_case_of_linked(referral: Referral) -> Case | None:
    """The open case of the young person the referral is linked to, which it would join."""
    if referral.case_id is not None or referral.hub_id is None:
        return None
    return open_case_of(young_person_id=referral.young_person_id, hub_id=referral.hub_id)


def _triage_page(
    request: AuthenticatedRequest,
    referral: Referral,
    *,
    error_form: VersionForm | None = None,
    notes_form: ScreeningNotesForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The referral in full, what has happened to it, and the hub's next step."""
    user = request.user
    referral_read_record(referral=referral, by=user, action=AuditEvent.Action.REFERRAL_VIEWED)
    labels = indicator_label_map()
    initial = {"version": referral.version}
    matching = referral.status in STEPS["match"][0]
    matches = possible_matches(referral=referral) if matching else []
    if matches:
        prefetch_related_objects([m.young_person for m in matches], "local_authority")
        referral_read_record(
            referral=referral, by=user, action=AuditEvent.Action.REFERRAL_MATCHES_VIEWED
        )
    if notes_form is None and referral.status in STEPS["note"][0]:
        notes_form = ScreeningNotesForm(
            None, initial={**initial, "notes": referral.screening_notes}
        )
    return render(
        request,
        "referrals/triage/triage.html",
        {
            "referral": referral,
            "indicator_labels": [labels.get(code, code) for code in referral.indicators],
            "change_links": False,
            "steps": _steps(referral),
            "form": error_form,
            "may_start_screening": referral.status in STEPS["start_screening"][0],
            "notes_form": notes_form,
            "matching": matching,
            "matches": matches,
            "linked_open_case": _open_case_of_linked(referral),
            "may_decide": referral.status in STEPS["accept"][0],
            "may_allocate": referral.status in STEPS["allocate"][0],
            "may_see_case": policies.may_see_case_link(user, referral),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def referral_triage(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _triage_page(request, _hub_referral(request, pk))


def _triage_post(
    request: AuthenticatedRequest,
    referral: Referral,
    *,
    form: VersionForm,
    call: Callable[[], Referral],
    success: str,
) -> HttpResponse:
    """Call the service for a form posted from the triage page; on refusal show the page
    again, as it now is, with the message."""
    status = 400
    if form.is_valid():
        try:
            call()
        except StaleVersionError as error:
            form.add_error(None, str(error))
            status = 409
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, success)
            return redirect(_triage_url(referral))
    current = referral_for_page(pk=referral.pk, referrals=Referral.objects.all())
    notes_form = None
    if isinstance(form, ScreeningNotesForm) and current.status in STEPS["note"][0]:
        # Keep what they wrote, starting again from what is saved, so they can save it again.
        data = request.POST.copy()
        data["version"] = str(current.version)
        form.data = data
        notes_form = form
    return _triage_page(request, current, error_form=form, notes_form=notes_form, status=status)


@login_required
@require_POST
def screening_start(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    referral = _hub_referral(request, pk)
    form = ScreeningStartForm(request.POST)
    return _triage_post(
        request,
        referral,
        form=form,
        call=lambda: referral_screening_start(
            referral=referral, by=request.user, version=form.cleaned_data["version"]
        ),
        success="Screening started",
    )


@login_required
@require_POST
def screening_notes(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    referral = _hub_referral(request, pk)
    form = ScreeningNotesForm(request.POST)
    return _triage_post(
        request,
        referral,
        form=form,
        call=lambda: referral_screening_notes_update(
            referral=referral,
            by=request.user,
            version=form.cleaned_data["version"],
            notes=form.cleaned_data.get("notes", ""),
        ),
        success="Screening notes saved",
    )


@login_required
@require_POST
def match(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Link the referral to a young person the hub knows, or confirm they are new to it."""
    referral = _hub_referral(request, pk)
    form = MatchForm(request.POST, hub_id=referral.hub_id)

    def call() -> Referral:
        version = form.cleaned_data["version"]
        if form.cleaned_data["action"] == "link":
            return referral_match_link(
                referral=referral,
                by=request.user,
                version=version,
                young_person=form.cleaned_data["young_person"],
            )
        return referral_match_confirm_new(referral=referral, by=request.user, version=version)

    linking = request.POST.get("action") == "link"
    return _triage_post(
        request,
        referral,
        form=form,
        call=call,
        success="Referral linked to the young person the hub knows"
        if linking
        else "Confirmed as a young person new to the hub",
    )


# Deciding and allocating


def _change_page(
    request: AuthenticatedRequest,
    referral: Referral,
    *,
    form: AllocationForm,
    template: str,
    context: dict[str, Any],
    call: Callable[[], Referral],
    success: Callable[[Referral], str],
) -> HttpResponse:
    """A form page about one referral: on a valid post call the service; a refusal comes
    back on the form (400, or 409 when the referral changed meanwhile)."""
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
                messages.success(request, success(saved))
                return redirect(_triage_url(referral))
    return render(
        request,
        template,
        {"referral": referral, "form": form, **context},
        status=status,
    )


def _allocation_context(referral: Referral, form: AllocationForm) -> dict[str, Any]:
    open_case = _open_case_of_linked(referral)
    return {
        "options": form.options,
        "worker_rows": _worker_rows(form),
        "open_case": open_case,
        # Joining an open case with a lead worker needs no worker, risk level or rationale.
        "needs_worker": open_case is None or open_case.lead_worker_id is None,
        "needs_risk": open_case is None,
    }


def _worker_rows(form: AllocationForm) -> list[dict[str, Any]]:
    chosen = str(form["worker"].value() or "")
    return [
        {"index": index, "option": option, "checked": str(option.worker.pk) == chosen}
        for index, option in enumerate(form.options)
    ]


def _not_now(request: AuthenticatedRequest, referral: Referral, step: str) -> HttpResponse:
    """A page for a step the referral has moved past: say so, and go back to the referral."""
    messages.info(
        request,
        f"This referral is now {referral.get_status_display().lower()}: "
        f"it cannot be {STEPS[step][1]}.",
    )
    return redirect(_triage_url(referral))


def _allocated_to(referral: Referral) -> str:
    return _name(referral.allocated_worker)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def decision(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Accept (and allocate now or later), decline or signpost, each with a reason."""
    user = request.user
    referral = _hub_referral(request, pk)
    if request.method != "POST" and referral.status not in STEPS["accept"][0]:
        return _not_now(request, referral, "accept")
    assert referral.hub is not None
    form = DecisionForm(
        request.POST if request.method == "POST" else None,
        options=allocation_options(
            hub=referral.hub, local_authority_id=referral.local_authority_id
        ),
        initial={"version": referral.version},
    )

    def call() -> Referral:
        data = form.cleaned_data
        common = {"referral": referral, "by": user, "version": data["version"]}
        chosen = data["decision"]
        if chosen == Decision.ACCEPT_AND_ALLOCATE:
            return referral_accept_and_allocate(
                **common, reason=data["reason"], **form.allocation_kwargs()
            )
        if chosen == Decision.ACCEPT:
            return referral_accept(**common, reason=data["reason"])
        if chosen == Decision.DECLINE:
            return referral_decline(**common, reason=data["reason"])
        return referral_signpost(
            **common, reason=data["reason"], signposted_to=data["signposted_to"]
        )

    def success(saved: Referral) -> str:
        return {
            S.ALLOCATED: f"Referral accepted and allocated to {_allocated_to(saved)}",
            S.ACCEPTED: "Referral accepted: allocate a spoke worker when you are ready",
            S.DECLINED: "Referral declined: the referrer has been told",
            S.SIGNPOSTED: "Referral signposted: the referrer has been told",
        }.get(Referral.Status(saved.status), "Decision recorded")

    return _change_page(
        request,
        referral,
        form=form,
        template="referrals/triage/decision.html",
        context=_allocation_context(referral, form),
        call=call,
        success=success,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def allocate(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Allocate an accepted referral: a new case, or the young person's open case."""
    user = request.user
    referral = _hub_referral(request, pk)
    if request.method != "POST" and referral.status not in STEPS["allocate"][0]:
        return _not_now(request, referral, "allocate")
    assert referral.hub is not None
    form = AllocationForm(
        request.POST if request.method == "POST" else None,
        options=allocation_options(
            hub=referral.hub, local_authority_id=referral.local_authority_id
        ),
        initial={"version": referral.version},
    )
    return _change_page(
        request,
        referral,
        form=form,
        template="referrals/triage/allocate.html",
        context=_allocation_context(referral, form),
        call=lambda: referral_allocate(
            referral=referral,
            by=user,
            version=form.cleaned_data["version"],
            **form.allocation_kwargs(),
        ),
        success=lambda saved: f"Referral allocated to {_allocated_to(saved)}",
    )


# A spoke worker's referrals


@login_required
@require_http_methods(["GET", "HEAD"])
def allocated_list(request: AuthenticatedRequest) -> HttpResponse:
    """The referrals allocated to the user, newest first, each with its case."""
    user = request.user
    require(Role.SPOKE_WORKER in roles_of(user))
    page = page_of(request, referrals_for_worker(referrals=policies.allocated_referrals(user)))
    return render(
        request,
        "referrals/triage/allocated_list.html",
        {"page": page, "query": query_without(request)},
    )
