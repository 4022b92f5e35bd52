"""Case pages: parse, authorise through `cases.policies`, call a service or selector, render.

A case the user may not see answers 404, as if it did not exist; one they may see but not act
on answers 403. Every read of a young person's record writes an audit event. Changes carry the
version they started from: a stale one re-renders the form with a 409 and what changed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from accounts.models import User
from audit.models import AuditEvent
from cases import casework, policies, record, selectors, sharing
from cases.forms import (
    CaseAllocateForm,
    CaseCloseForm,
    CaseLegalHoldForm,
    CaseOpenForm,
    CaseReopenForm,
    ChronologyFilterForm,
    EntryErrorForm,
    EntryForm,
    GoalFormSet,
    HubCaseFilterForm,
    InvolvementForm,
    PlanForm,
    ReasonForm,
    ReviewRecordForm,
    ReviewScheduleForm,
    RiskForm,
    ShareChangeForm,
    ShareForm,
    StepBackForm,
)
from cases.indicators import indicator_label_map
from cases.models import (
    AgencyInvolvement,
    Case,
    CasePlan,
    CaseReview,
    CaseShare,
    CaseworkEntry,
    CaseWorker,
)
from cases.retention import case_legal_hold_set
from cases.services import (
    StaleVersionError,
    case_allocate,
    case_close,
    case_open,
    case_read_record,
    case_reopen,
)
from cse_hub.pages import page_of, query_without, require
from partners.models import Agency, InformationSharingAgreement, Membership, Role
from partners.selectors import (
    agencies_in_areas_of,
    hubs_of,
    local_authorities_covered_by,
    spoke_workers_of,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from partners.forms import ServiceForm

    class AuthenticatedRequest(HttpRequest):
        user: User
        membership: Membership | None

else:
    AuthenticatedRequest = HttpRequest

# The case page shows the latest few of each part; the chronology has the rest.
RECENT = 5
# Events on one page of a chronology; the print view shows them all.
CHRONOLOGY_PAGE = 50
# The sortable columns of a hub manager's list, by selector sort key.
HUB_SORT_COLUMNS = {
    "risk": "Risk",
    "name": "Young person",
    "contact": "Last successful contact",
    "review": "Next review",
    "opened": "Opened",
}


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _visible_case(request: AuthenticatedRequest, pk: int) -> Case:
    """The case if the user may see it at any level, else 404 (as if it did not exist)."""
    return get_object_or_404(
        policies.visible_cases(request.user).select_related(
            "young_person", "owning_agency", "local_authority", "lead_worker"
        ),
        pk=pk,
    )


def _form_page(
    request: AuthenticatedRequest,
    *,
    form: ServiceForm,
    template: str,
    context: dict[str, Any],
    call: Callable[[], Any],
    success: str,
    next_url: Callable[[Any], str],
    extra_valid: bool = True,
) -> HttpResponse:
    """Render a form; on a valid post call the service, and put its refusals on the form."""
    status = 200
    if request.method == "POST" and form.is_valid() and extra_valid:
        try:
            saved = call()
        except StaleVersionError as error:
            form.add_error(None, str(error))
            # The form now starts from what is saved, so the person can check and save again.
            current = getattr(error.record, "version", None)
            if current is not None and "version" in form.fields:
                data = request.POST.copy()
                data["version"] = str(current)
                form.data = data
            status = 409
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, success)
            return redirect(next_url(saved))
    return render(request, template, {"form": form, **context}, status=status)


# Lists


@login_required
@require_http_methods(["GET", "HEAD"])
def case_list(request: AuthenticatedRequest) -> HttpResponse:
    """The cases of the role the user acts in: a caseload, the hub's cases, or shared cases."""
    membership = request.membership
    role = membership.role if membership else ""
    user = request.user
    if role == Role.SPOKE_WORKER:
        return render(
            request,
            "cases/caseload.html",
            {
                "page": page_of(request, selectors.caseload_for_worker(user=user)),
                "query": "",
                "today": timezone.localdate(),
            },
        )
    if role == Role.HUB_MANAGER:
        hub_ids = {membership.agency_id} if membership else set()
        filter_form = HubCaseFilterForm(
            request.GET or None,
            workers=spoke_workers_of(hub_ids=hub_ids),
            local_authorities=local_authorities_covered_by(agency_ids=hub_ids),
        )
        sort = request.GET.get("sort", "risk")
        if sort not in HUB_SORT_COLUMNS:
            sort = "risk"
        cases = selectors.hub_case_list(user=user, sort=sort, **filter_form.filters())
        sort_query = query_without(request, "sort")
        return render(
            request,
            "cases/hub_cases.html",
            {
                "page": page_of(request, cases),
                "filter_form": filter_form,
                "query": query_without(request),
                "sort": sort,
                "sorts": [
                    (key, label, f"?{sort_query}&sort={key}" if sort_query else f"?sort={key}")
                    for key, label in HUB_SORT_COLUMNS.items()
                ],
                "may_open": any(
                    policies.may_open_case(user, hub=hub) for hub in hubs_of(user, Role.HUB_MANAGER)
                ),
                "today": timezone.localdate(),
            },
        )
    return render(
        request,
        "cases/shared_cases.html",
        {
            "page": page_of(request, selectors.shared_case_list(user=user)),
            "query": "",
            "today": timezone.localdate(),
        },
    )


# Opening a case


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def case_create(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    hubs = [hub for hub in hubs_of(user, Role.HUB_MANAGER) if policies.may_open_case(user, hub=hub)]
    require(bool(hubs))
    hub_ids = {hub.pk for hub in hubs}
    form = CaseOpenForm(
        _posted(request),
        hubs=Agency.objects.filter(pk__in=hub_ids).order_by("name"),
        local_authorities=local_authorities_covered_by(agency_ids=hub_ids),
        workers=spoke_workers_of(hub_ids=hub_ids),
    )
    return _form_page(
        request,
        form=form,
        template="cases/case_open.html",
        context={},
        call=lambda: case_open(by=user, **form.service_kwargs()),
        success="Case opened",
        next_url=lambda case: case.get_absolute_url(),
    )


# The case


@login_required
@require_http_methods(["GET", "HEAD"])
def case_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Summary scope sees identity, risk, who is involved and the worker; full sees the record."""
    user = request.user
    case = _visible_case(request, pk)
    access = policies.access_to(user, case)
    full = policies.may_view_record(user, case)
    case_read_record(
        by=user,
        case=case,
        action=AuditEvent.Action.CASE_VIEWED if full else AuditEvent.Action.CASE_SUMMARY_VIEWED,
    )
    context: dict[str, Any] = {
        "case": case,
        "person": case.young_person,
        "age": case.young_person.age_on(timezone.localdate()),
        "access": access,
        "full": full,
        "break_glass": access == policies.Access.BREAK_GLASS,
        "co_workers": [
            allocation.worker
            for allocation in CaseWorker.objects.filter(case=case, ends_on__isnull=True)
            .select_related("worker")
            .order_by("worker__full_name")
        ],
        "involvements": list(
            AgencyInvolvement.objects.filter(case=case)
            .select_related("agency")
            .order_by("to_on", "-is_lead_professional", "-from_on")
        ),
        "may_add_casework": policies.may_add_casework(user, case),
        "may_change": policies.may_change_case(user, case),
        "may_share": policies.may_share_case(user, case),
        "may_view_access_history": policies.may_view_access_history(user, case),
        "may_set_legal_hold": policies.may_set_legal_hold(user, case),
        "today": timezone.localdate(),
    }
    if full:
        labels = indicator_label_map()
        plan = (
            CasePlan.objects.filter(case=case)
            .prefetch_related("goals")
            .select_related("updated_by")
            .first()
        )
        context.update(
            {
                "entries": list(
                    policies.visible_entries(user, case).select_related("author", "author_agency")[
                        :RECENT
                    ]
                ),
                # Each assessment with its indicators by name: one label query for the page.
                "risk_assessments": [
                    (assessment, assessment.indicator_labels(labels))
                    for assessment in case.risk_assessments.select_related("assessed_by")[:RECENT]
                ],
                "plan": plan,
                "reviews": list(case.reviews.select_related("recorded_by")[:RECENT]),
                "shares": list(sharing.shares_for_case(case=case)),
            }
        )
    return render(request, "cases/case_detail.html", context)


def _case_change_page(
    request: AuthenticatedRequest,
    pk: int,
    *,
    form_class: type[CaseCloseForm | CaseReopenForm],
    template: str,
    call: Callable[[Case, dict[str, Any]], Case],
    success: str,
    allowed: Callable[[Case], bool],
) -> HttpResponse:
    case = _visible_case(request, pk)
    require(policies.may_change_case(request.user, case))
    if not allowed(case):
        messages.info(request, "The case has changed since you opened it: nothing to do.")
        return redirect(case)
    form = form_class(_posted(request), initial={"version": case.version})
    return _form_page(
        request,
        form=form,
        template=template,
        context={"case": case},
        call=lambda: call(case, form.cleaned_data),
        success=success,
        next_url=lambda saved: saved.get_absolute_url(),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def case_close_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _case_change_page(
        request,
        pk,
        form_class=CaseCloseForm,
        template="cases/case_close.html",
        call=lambda case, data: case_close(
            case=case,
            by=request.user,
            version=data["version"],
            reason=data["reason"],
            outcome=data["outcome"],
        ),
        success="Case closed",
        allowed=lambda case: case.is_open or request.method == "POST",
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def case_reopen_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _case_change_page(
        request,
        pk,
        form_class=CaseReopenForm,
        template="cases/case_reopen.html",
        call=lambda case, data: case_reopen(
            case=case, by=request.user, version=data["version"], reason=data["reason"]
        ),
        success="Case reopened",
        allowed=lambda case: not case.is_open or request.method == "POST",
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def case_legal_hold_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Place a case on legal hold, so it is never anonymised, or lift the hold."""
    case = _visible_case(request, pk)
    require(policies.may_set_legal_hold(request.user, case))
    form = CaseLegalHoldForm(_posted(request), initial={"version": case.version})
    hold = not case.legal_hold
    return _form_page(
        request,
        form=form,
        template="cases/case_legal_hold.html",
        context={"case": case, "hold": hold},
        call=lambda: case_legal_hold_set(
            case=case,
            by=request.user,
            version=form.cleaned_data["version"],
            hold=hold,
            reason=form.cleaned_data["reason"],
        ),
        success="Case placed on legal hold" if hold else "Legal hold lifted",
        next_url=lambda saved: saved.get_absolute_url(),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def case_allocate_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    case = _visible_case(request, pk)
    require(policies.may_change_case(user, case))
    current = list(
        CaseWorker.objects.filter(case=case, ends_on__isnull=True).values_list(
            "worker_id", flat=True
        )
    )
    form = CaseAllocateForm(
        _posted(request),
        workers=spoke_workers_of(hub_ids={case.owning_agency_id}),
        initial={
            "version": case.version,
            "lead_worker": case.lead_worker_id,
            "co_workers": current,
        },
    )
    return _form_page(
        request,
        form=form,
        template="cases/case_allocate.html",
        context={"case": case},
        call=lambda: case_allocate(
            case=case,
            by=user,
            version=form.cleaned_data["version"],
            lead_worker=form.cleaned_data.get("lead_worker"),
            co_workers=form.cleaned_data.get("co_workers") or (),
        ),
        success="Workers allocated",
        next_url=lambda saved: saved.get_absolute_url(),
    )


# Casework


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def entry_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    case = _visible_case(request, pk)
    require(policies.may_add_casework(user, case))
    form = EntryForm(_posted(request), may_restrict=policies.may_view_restricted(user, case))
    draft = request.POST.get("action") == "draft"
    return _form_page(
        request,
        form=form,
        template="cases/entry_form.html",
        context={"case": case, "entry": None},
        call=lambda: casework.entry_create(
            case=case, by=user, draft=draft, **form.service_kwargs()
        ),
        success="Draft saved: finish it later from the chronology"
        if draft
        else "Casework recorded",
        next_url=lambda entry: case.get_absolute_url(),
    )


def _visible_entry(request: AuthenticatedRequest, case: Case, pk: int) -> CaseworkEntry:
    entry = get_object_or_404(
        policies.visible_entries(request.user, case).select_related(
            "author", "author_agency", "entered_in_error_by"
        ),
        pk=pk,
    )
    entry.case = case
    return entry


@login_required
@require_http_methods(["GET", "HEAD"])
def entry_detail(request: AuthenticatedRequest, case_pk: int, pk: int) -> HttpResponse:
    user = request.user
    case = _visible_case(request, case_pk)
    entry = _visible_entry(request, case, pk)
    case_read_record(by=user, case=case, action=AuditEvent.Action.ENTRY_VIEWED, obj=entry)
    return render(
        request,
        "cases/entry_detail.html",
        {
            "case": case,
            "entry": entry,
            # An earlier text that was restricted stays inside the owning hub, even if the
            # entry no longer is.
            "history": [
                revision
                for revision in selectors.entry_history(entry=entry)
                if not revision.restricted or policies.may_view_restricted(user, case)
            ],
            "may_change": policies.may_change_entry(user, entry) and not entry.is_entered_in_error,
            "may_mark_in_error": policies.may_mark_entry_in_error(user, entry)
            and not entry.is_entered_in_error,
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def entry_update(request: AuthenticatedRequest, case_pk: int, pk: int) -> HttpResponse:
    user = request.user
    case = _visible_case(request, case_pk)
    entry = _visible_entry(request, case, pk)
    require(policies.may_change_entry(user, entry) and not entry.is_entered_in_error)
    form = EntryForm(
        _posted(request), may_restrict=policies.may_view_restricted(user, case), entry=entry
    )
    finish = entry.is_draft and request.POST.get("action") != "draft"

    def save() -> CaseworkEntry:
        saved = casework.entry_update(
            entry=entry, by=user, version=form.cleaned_data["version"], **form.service_kwargs()
        )
        if finish:
            saved = casework.entry_finalise(entry=saved, by=user, version=saved.version)
        return saved

    return _form_page(
        request,
        form=form,
        template="cases/entry_form.html",
        context={"case": case, "entry": entry},
        call=save,
        success="Casework updated",
        next_url=lambda saved: saved.get_absolute_url(),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def entry_mark_in_error(request: AuthenticatedRequest, case_pk: int, pk: int) -> HttpResponse:
    user = request.user
    case = _visible_case(request, case_pk)
    entry = _visible_entry(request, case, pk)
    require(policies.may_mark_entry_in_error(user, entry) and not entry.is_entered_in_error)
    form = EntryErrorForm(_posted(request))
    return _form_page(
        request,
        form=form,
        template="cases/entry_error.html",
        context={"case": case, "entry": entry},
        call=lambda: casework.entry_mark_in_error(
            entry=entry, by=user, reason=form.cleaned_data["reason"]
        ),
        success="Entry marked as entered in error",
        next_url=lambda saved: saved.get_absolute_url(),
    )


# The chronology


def _chronology_page(request: HttpRequest) -> int:
    try:
        return max(1, int(request.GET.get("page", "1")))
    except ValueError:
        return 1


def _chronology_context(
    request: AuthenticatedRequest, case: Case, *, paged: bool = True
) -> dict[str, Any]:
    """The newest CHRONOLOGY_PAGE events on page 1, the next ones on page 2, and so on.

    Each source table is read up to the end of the page asked for, never the whole history;
    unpaged (the print view), every event.
    """
    filter_form = ChronologyFilterForm(
        request.GET or None, kinds=list(selectors.CHRONOLOGY_KIND_LABELS.items())
    )
    query = query_without(request)
    context: dict[str, Any] = {}
    if paged:
        number = _chronology_page(request)
        end = number * CHRONOLOGY_PAGE
        events = selectors.chronology(
            user=request.user, case=case, limit=end + 1, **filter_form.filters()
        )
        if number > 1 and len(events) <= end - CHRONOLOGY_PAGE:
            raise Http404("No such page of the chronology.")
        link = f"?{query}&page=" if query else "?page="
        newer = f"{link}{number - 1}" if number > 2 else (f"?{query}" if query else "?")
        context = {
            "events": events[end - CHRONOLOGY_PAGE : end],
            "newer_url": newer if number > 1 else "",
            "older_url": f"{link}{number + 1}" if len(events) > end else "",
            "page_number": number,
        }
    else:
        context = {
            "events": selectors.chronology(user=request.user, case=case, **filter_form.filters())
        }
    return {
        **context,
        "case": case,
        "person": case.young_person,
        "filter_form": filter_form,
        "filtered": filter_form.is_bound and bool(query),
        "query": query,
        "kind_labels": selectors.CHRONOLOGY_KIND_LABELS,
    }


@login_required
@require_http_methods(["GET", "HEAD"])
def chronology(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    case = _visible_case(request, pk)
    require(policies.may_view_record(user, case))
    context = _chronology_context(request, case)
    case_read_record(by=user, case=case, action=AuditEvent.Action.CHRONOLOGY_VIEWED)
    context["may_add_casework"] = policies.may_add_casework(user, case)
    return render(request, "cases/chronology.html", context)


@login_required
@require_http_methods(["GET", "HEAD"])
def chronology_print(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    case = _visible_case(request, pk)
    require(policies.may_view_record(user, case))
    context = _chronology_context(request, case, paged=False)
    case_read_record(by=user, case=case, action=AuditEvent.Action.CASE_PRINTED)
    context.update(
        {
            "printed_at": timezone.now(),
            "involvements": list(
                AgencyInvolvement.objects.filter(case=case, to_on__isnull=True)
                .select_related("agency")
                .order_by("-is_lead_professional", "agency__name")
            ),
        }
    )
    return render(request, "cases/chronology_print.html", context)


# Risk, plan, reviews, involvement


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def risk_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    case = _visible_case(request, pk)
    require(policies.may_change_case(user, case))
    form = RiskForm(_posted(request), initial={"version": case.version, "level": case.risk_level})
    return _form_page(
        request,
        form=form,
        template="cases/risk_form.html",
        context={"case": case},
        call=lambda: record.risk_assess(case=case, by=user, **form.service_kwargs()),
        success="Risk assessment recorded",
        next_url=lambda saved: case.get_absolute_url(),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def plan_update(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    case = _visible_case(request, pk)
    require(policies.may_change_case(user, case))
    plan = CasePlan.objects.filter(case=case).prefetch_related("goals").first()
    goals = [
        {
            "description": goal.description,
            "young_persons_view": goal.young_persons_view,
            "status": goal.status,
            "target_on": goal.target_on,
        }
        for goal in (plan.goals.all() if plan else [])
    ]
    form = PlanForm(
        _posted(request),
        initial={
            "version": plan.version if plan else 0,
            "summary": plan.summary if plan else "",
            "young_persons_view": plan.young_persons_view if plan else "",
        },
    )
    goal_forms = GoalFormSet(_posted(request), initial=goals, prefix="goals")
    goals_valid = request.method == "POST" and goal_forms.is_valid()

    def save() -> CasePlan:
        kept = [
            {
                "description": goal["description"],
                "young_persons_view": goal.get("young_persons_view", ""),
                "status": goal["status"],
                "target_on": goal.get("target_on"),
            }
            for goal in goal_forms.cleaned_data
            if goal and goal.get("description", "").strip()
        ]
        return record.plan_update(
            case=case,
            by=user,
            version=form.cleaned_data["version"],
            summary=form.cleaned_data.get("summary", ""),
            young_persons_view=form.cleaned_data.get("young_persons_view", ""),
            goals=kept,
        )

    return _form_page(
        request,
        form=form,
        template="cases/plan_form.html",
        context={"case": case, "goal_forms": goal_forms},
        call=save,
        success="Plan saved",
        next_url=lambda saved: case.get_absolute_url(),
        extra_valid=goals_valid,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def review_schedule(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    case = _visible_case(request, pk)
    require(policies.may_change_case(user, case))
    form = ReviewScheduleForm(_posted(request), initial={"due_on": case.next_review_due})
    return _form_page(
        request,
        form=form,
        template="cases/review_schedule.html",
        context={"case": case},
        call=lambda: record.review_schedule(case=case, by=user, due_on=form.cleaned_data["due_on"]),
        success="Review scheduled",
        next_url=lambda saved: case.get_absolute_url(),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def review_record(request: AuthenticatedRequest, pk: int, review_pk: int) -> HttpResponse:
    user = request.user
    case = _visible_case(request, pk)
    review = get_object_or_404(CaseReview.objects.filter(case=case), pk=review_pk)
    require(policies.may_change_case(user, case))
    form = ReviewRecordForm(_posted(request), initial={"held_on": timezone.localdate()})
    return _form_page(
        request,
        form=form,
        template="cases/review_record.html",
        context={"case": case, "review": review},
        call=lambda: record.review_record(
            review=review,
            by=user,
            held_on=form.cleaned_data["held_on"],
            outcome=form.cleaned_data["outcome"],
        ),
        success="Review recorded",
        next_url=lambda saved: case.get_absolute_url(),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def involvement_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    case = _visible_case(request, pk)
    require(policies.may_change_case(user, case))
    form = InvolvementForm(
        _posted(request), agencies=agencies_in_areas_of(hub_ids={case.owning_agency_id})
    )

    def save() -> AgencyInvolvement:
        data = dict(form.cleaned_data)
        if not data.get("from_on"):
            data.pop("from_on", None)
        return record.involvement_add(case=case, by=user, **data)

    return _form_page(
        request,
        form=form,
        template="cases/involvement_form.html",
        context={"case": case},
        call=save,
        success="Agency involvement added",
        next_url=lambda saved: case.get_absolute_url(),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def involvement_step_back(
    request: AuthenticatedRequest, pk: int, involvement_pk: int
) -> HttpResponse:
    user = request.user
    case = _visible_case(request, pk)
    involvement = get_object_or_404(
        AgencyInvolvement.objects.filter(case=case).select_related("agency"), pk=involvement_pk
    )
    require(policies.may_change_case(user, case))
    form = StepBackForm(_posted(request), initial={"stepped_back_on": timezone.localdate()})
    return _form_page(
        request,
        form=form,
        template="cases/involvement_step_back.html",
        context={"case": case, "involvement": involvement},
        call=lambda: record.involvement_step_back(
            involvement=involvement,
            by=user,
            stepped_back_on=form.cleaned_data["stepped_back_on"],
            reason=form.cleaned_data["reason"],
        ),
        success="Recorded that the agency stepped back",
        next_url=lambda saved: case.get_absolute_url(),
    )


# Sharing


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def share_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    case = _visible_case(request, pk)
    require(policies.may_share_case(user, case))
    agencies = agencies_in_areas_of(hub_ids={case.owning_agency_id}).exclude(
        pk=case.owning_agency_id
    )
    professionals = User.objects.filter(
        is_active=True,
        pk__in=Membership.objects.active()
        .filter(
            agency_id__in=agencies.values("pk"),
            role__in=[Role.PRACTITIONER, Role.TEAM_MANAGER],
        )
        .values("user_id"),
    ).order_by("full_name", "pk")
    agreements = InformationSharingAgreement.objects.filter(
        parties=case.owning_agency_id, status=InformationSharingAgreement.Status.ACTIVE
    ).order_by("title")
    form = ShareForm(
        _posted(request), agencies=agencies, professionals=professionals, agreements=agreements
    )

    def save() -> CaseShare:
        data = form.cleaned_data
        share = sharing.case_share_create(
            case=case,
            by=user,
            scope=data["scope"],
            lawful_basis=data["lawful_basis"],
            reason=data["reason"],
            expires_on=data["expires_on"],
            consent_recorded_on=data.get("consent_recorded_on"),
            agreement=data.get("agreement"),
            **form.target(),
        )
        policies.forget_access(user)
        return share

    return _form_page(
        request,
        form=form,
        template="cases/share_form.html",
        context={"case": case},
        call=save,
        success="Case shared",
        next_url=lambda saved: case.get_absolute_url(),
    )


def _live_share(case: Case, share_pk: int) -> CaseShare:
    return get_object_or_404(
        CaseShare.objects.filter(case=case, revoked_at__isnull=True).select_related(
            "agency", "professional"
        ),
        pk=share_pk,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def share_change(request: AuthenticatedRequest, pk: int, share_pk: int) -> HttpResponse:
    user = request.user
    case = _visible_case(request, pk)
    share = _live_share(case, share_pk)
    require(policies.may_share_case(user, case))
    form = ShareChangeForm(_posted(request), initial={"scope": share.scope})
    return _form_page(
        request,
        form=form,
        template="cases/share_change.html",
        context={"case": case, "share": share},
        call=lambda: sharing.case_share_change(
            share=share,
            by=user,
            scope=form.cleaned_data["scope"],
            reason=form.cleaned_data["reason"],
            expires_on=form.cleaned_data.get("expires_on"),
        ),
        success="Share changed",
        next_url=lambda saved: case.get_absolute_url(),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def share_revoke(request: AuthenticatedRequest, pk: int, share_pk: int) -> HttpResponse:
    user = request.user
    case = _visible_case(request, pk)
    share = _live_share(case, share_pk)
    require(policies.may_revoke_share(user, case))
    form = ReasonForm(_posted(request))
    form.fields["reason"].label = "Why are you stopping the share?"
    return _form_page(
        request,
        form=form,
        template="cases/share_revoke.html",
        context={"case": case, "share": share},
        call=lambda: sharing.case_share_revoke(
            share=share, by=user, reason=form.cleaned_data["reason"]
        ),
        success="Share revoked",
        next_url=lambda saved: case.get_absolute_url(),
    )


# Access history and break-glass


@login_required
@require_http_methods(["GET", "HEAD"])
def access_history(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    case = _visible_case(request, pk)
    require(policies.may_view_access_history(user, case))
    page = page_of(request, sharing.case_access_history(case=case))
    case_read_record(by=user, case=case, action=AuditEvent.Action.ACCESS_HISTORY_VIEWED)
    return render(
        request,
        "cases/access_history.html",
        {"case": case, "page": page, "query": ""},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def break_glass(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """An administrator opens a case they cannot otherwise see, by giving a reason."""
    user = request.user
    if not policies.may_break_glass(user):
        # Anyone else must not learn from this page that the case exists.
        raise Http404
    case = get_object_or_404(Case.objects.select_related("owning_agency"), pk=pk)
    form = ReasonForm(_posted(request))
    form.fields["reason"].label = "Why do you need to open this case?"
    form.fields[
        "reason"
    ].help_text = "Your access is recorded, lasts a limited time and the hub's managers are told."

    def save() -> Any:
        opened = sharing.break_glass_open(case=case, by=user, reason=form.cleaned_data["reason"])
        policies.forget_access(user)
        return opened

    return _form_page(
        request,
        form=form,
        template="cases/break_glass.html",
        context={"case": case},
        call=save,
        success="Break-glass access granted: the case is open to you read-only for a limited time",
        next_url=lambda saved: case.get_absolute_url(),
    )
