"""The referrer's pages: their referrals, the referral form, check answers, and the outcome.

Parse, authorise through `referrals.policies`, call a service or selector, render. A referral
the user may not see answers 404; one they see but may not act on answers 403; a step its status
no longer allows answers 400 with the reason. What the referrer sees never depends on whether
the hub already knew the young person: no match, young person or case appears here for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from accounts.models import User
from audit.models import AuditEvent
from cases.indicators import indicator_choices, indicator_label_map
from cases.services import StaleVersionError
from cse_hub.pages import page_of
from partners.models import Agency, LocalAuthority, Membership, Role
from partners.selectors import agency_ids_where
from referrals import policies
from referrals.forms.referrer import ConfirmForm, ReferralForm, WithdrawForm
from referrals.models import Referral
from referrals.policies import View
from referrals.selectors import has_referrals, referral_for_page, referrals_for_referrer
from referrals.services import (
    InvalidTransition,
    default_hub_for,
    hubs_for,
    referral_draft_create,
    referral_draft_delete,
    referral_draft_update,
    referral_read_record,
    referral_submit,
)
from referrals.services import referral_withdraw as withdraw_referral

if TYPE_CHECKING:

    class AuthenticatedRequest(HttpRequest):
        user: User
        membership: Membership | None

else:
    AuthenticatedRequest = HttpRequest

# Controls that take several inputs: an error links to the first of them.
_FIRST_OF_MANY = {
    "date_of_birth",
    "indicators",
    "urgency",
    "young_person_aware",
    "young_person_consents",
    "no_consent_basis",
    "parents_aware",
    "referrer_agency",
}


# Shared steps


def _visible(request: AuthenticatedRequest, pk: int) -> Referral:
    """The referral if the user may see it at any view, else 404 (as if it did not exist)."""
    try:
        return referral_for_page(pk=pk, referrals=policies.visible_referrals(request.user))
    except Referral.DoesNotExist:
        raise Http404 from None


def _bad_state(request: HttpRequest, referral: Referral, message: str) -> HttpResponse:
    """The referral is the user's to act on, but not in the state it is in now."""
    return render(
        request,
        "referrals/referrer/bad_state.html",
        {"referral": referral, "message": message},
        status=400,
    )


def _draft_for_change(request: AuthenticatedRequest, pk: int) -> Referral | HttpResponse:
    """A draft the referrer may change; 404, 403 or a 400 page saying it has been sent."""
    referral = _visible(request, pk)
    if policies.may_change_draft(request.user, referral):
        return referral
    if referral.referrer_id == request.user.pk:
        return _bad_state(
            request,
            referral,
            "This referral has been sent to the hub, so it can no longer be changed or discarded.",
        )
    raise PermissionDenied


def _field_anchor(name: str) -> str:
    return f"id_{name}_0" if name in _FIRST_OF_MANY else f"id_{name}"


def _indicator_labels(referral: Referral) -> list[str]:
    labels = indicator_label_map()
    return [labels.get(code, code) for code in referral.indicators]


def _stale(
    form: ReferralForm | ConfirmForm | WithdrawForm,
    request: HttpRequest,
    error: StaleVersionError,
) -> None:
    """Put a stale version's message on the form, which now starts from what is saved."""
    form.add_error(None, str(error))
    current = getattr(error.record, "version", None)
    if current is not None:
        data = request.POST.copy()
        data["version"] = str(current)
        form.data = data


# The list


@login_required
@require_http_methods(["GET", "HEAD"])
def referral_list(request: AuthenticatedRequest) -> HttpResponse:
    """The user's referrals and, for a team manager, their agency's; paged in the database."""
    user = request.user
    may_refer = policies.may_refer(user)
    if not may_refer and not has_referrals(user):
        raise PermissionDenied
    return render(
        request,
        "referrals/referrer/list.html",
        {
            "page": page_of(
                request, referrals_for_referrer(referrals=policies.referrals_made(user))
            ),
            "query": "",
            "may_refer": may_refer,
            "show_referrer": bool(agency_ids_where(user, Role.TEAM_MANAGER)),
        },
    )


# The referral form


def _hubs(local_authority: LocalAuthority | None) -> QuerySet[Agency]:
    if local_authority is None:
        return Agency.objects.none()
    return hubs_for(local_authority=local_authority)


def _local_authority(value: Any) -> LocalAuthority | None:
    try:
        return LocalAuthority.objects.filter(pk=int(value)).first() if value else None
    except (TypeError, ValueError):
        return None


def _referral_form(
    request: AuthenticatedRequest,
    *,
    referral: Referral | None,
    agencies: list[Agency],
    default_agency: Agency,
) -> HttpResponse:
    """The one referral form, for a new referral or a draft; saves a draft, or re-offers the
    services when the local authority changed (so the form works without JavaScript)."""
    user = request.user
    choices = indicator_choices()
    hub_notice = ""
    if request.method != "POST":
        initial = (
            ReferralForm.initial_from(referral)
            if referral is not None
            else {"referrer_phone": user.phone, "referrer_agency": default_agency.pk}
        )
        la = referral.local_authority if referral is not None else None
        form = ReferralForm(
            initial=initial, indicator_choices=choices, hubs=_hubs(la), agencies=agencies
        )
        return _render_form(request, form, referral=referral, hub_notice="")

    posted_la = _local_authority(request.POST.get("local_authority"))
    offered_for = request.POST.get("hubs_for_local_authority") or ""
    la_changed = str(posted_la.pk if posted_la else "") != offered_for
    if la_changed or request.POST.get("action") == "find_services":
        # Offer the new local authority's services, with its default chosen, before saving.
        data = request.POST.copy()
        default = default_hub_for(local_authority=posted_la) if posted_la else None
        data["hub"] = str(default.pk) if default else ""
        data["hubs_for_local_authority"] = str(posted_la.pk) if posted_la else ""
        hubs = _hubs(posted_la)
        form = ReferralForm(data, indicator_choices=choices, hubs=hubs, agencies=agencies)
        if posted_la is None:
            hub_notice = "Choose the local authority first: the services working there are offered."
        elif default is not None:
            hub_notice = (
                f"{default.name} works in {posted_la.name}, so we have chosen it. Check the "
                "CSE service, then save or continue."
            )
        elif hubs.exists():
            hub_notice = f"Choose the CSE service to refer to in {posted_la.name}."
        else:
            hub_notice = (
                f"No CSE service on CSE Hub works in {posted_la.name}. Check the local "
                "authority, or contact your local CSE service directly."
            )
        return _render_form(request, form, referral=referral, hub_notice=hub_notice)

    form = ReferralForm(
        request.POST, indicator_choices=choices, hubs=_hubs(posted_la), agencies=agencies
    )
    status = 200
    if form.is_valid():
        values = form.service_values()
        agency = values.pop("referrer_agency", None) or default_agency
        try:
            if referral is None:
                saved = referral_draft_create(by=user, referrer_agency=agency, **values)
            else:
                if "referrer_agency" in form.fields:
                    values["referrer_agency"] = agency
                saved = referral_draft_update(
                    referral=referral,
                    by=user,
                    version=form.cleaned_data.get("version") or 0,
                    **values,
                )
        except StaleVersionError as error:
            _stale(form, request, error)
            status = 409
        except ValidationError as error:
            form.add_service_error(error)
        else:
            if request.POST.get("action") == "continue":
                return redirect("referrals:check", pk=saved.pk)
            messages.success(request, f"Draft referral {saved.reference} saved")
            return redirect("referrals:list")
    return _render_form(request, form, referral=referral, hub_notice="", status=status)


def _render_form(
    request: HttpRequest,
    form: ReferralForm,
    *,
    referral: Referral | None,
    hub_notice: str,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "referrals/referrer/form.html",
        {"form": form, "referral": referral, "hub_notice": hub_notice},
        status=status,
    )


def _agencies(request: AuthenticatedRequest) -> tuple[list[Agency], Agency]:
    """The agencies the user refers for, and the one they act in now if it is one of them."""
    agencies = policies.referring_agencies(request.user)
    if not agencies:
        raise PermissionDenied
    acting = request.membership.agency_id if request.membership else None
    default = next((a for a in agencies if a.pk == acting), agencies[0])
    return agencies, default


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def referral_new(request: AuthenticatedRequest) -> HttpResponse:
    agencies, default = _agencies(request)
    return _referral_form(request, referral=None, agencies=agencies, default_agency=default)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def referral_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    referral = _draft_for_change(request, pk)
    if isinstance(referral, HttpResponse):
        return referral
    agencies = policies.referring_agencies(request.user) or [referral.referrer_agency]
    if referral.referrer_agency_id not in {a.pk for a in agencies}:
        agencies = [referral.referrer_agency, *agencies]
    return _referral_form(
        request, referral=referral, agencies=agencies, default_agency=referral.referrer_agency
    )


# Check answers and submit


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def referral_check(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Check your answers, then submit: what is missing links back to the form."""
    referral = _draft_for_change(request, pk)
    if isinstance(referral, HttpResponse):
        return referral
    form = ConfirmForm(
        request.POST if request.method == "POST" else None,
        initial={"version": referral.version},
    )
    problems: list[tuple[str, str]] = []
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            referral_submit(
                referral=referral, by=request.user, version=form.cleaned_data["version"]
            )
        except StaleVersionError as error:
            problems.append((str(error), reverse("referrals:edit", kwargs={"pk": pk})))
            status = 409
            referral = _visible(request, pk)
        except InvalidTransition as error:
            return _bad_state(request, referral, " ".join(error.messages))
        except ValidationError as error:
            edit = reverse("referrals:edit", kwargs={"pk": pk})
            if hasattr(error, "error_dict"):
                for field, field_messages in error.message_dict.items():
                    href = f"{edit}#{_field_anchor(field)}" if field != "__all__" else edit
                    problems.extend((message, href) for message in field_messages)
            else:
                problems.extend((message, edit) for message in error.messages)
        else:
            return redirect("referrals:submitted", pk=pk)
    return render(
        request,
        "referrals/referrer/check.html",
        {
            "referral": referral,
            "indicator_labels": _indicator_labels(referral),
            "form": form,
            "problems": problems,
            "version": referral.version,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def referral_submitted(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    referral = _visible(request, pk)
    if referral.referrer_id != request.user.pk:
        raise PermissionDenied
    if referral.is_draft:
        return redirect("referrals:check", pk=pk)
    return render(request, "referrals/referrer/submitted.html", {"referral": referral})


# Discard and withdraw


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def referral_discard(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    referral = _draft_for_change(request, pk)
    if isinstance(referral, HttpResponse):
        return referral
    form = ConfirmForm(
        request.POST if request.method == "POST" else None,
        initial={"version": referral.version},
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            referral_draft_delete(
                referral=referral, by=request.user, version=form.cleaned_data["version"]
            )
        except StaleVersionError as error:
            _stale(form, request, error)
            status = 409
        except InvalidTransition as error:
            return _bad_state(request, referral, " ".join(error.messages))
        else:
            messages.success(request, f"Draft referral {referral.reference} discarded")
            return redirect("referrals:list")
    return render(
        request,
        "referrals/referrer/discard.html",
        {"referral": referral, "form": form},
        status=status,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def referral_withdraw(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The referrer or their team manager withdraws a referral before the hub decides."""
    referral = _visible(request, pk)
    user = request.user
    if not policies.may_withdraw(user, referral):
        if policies.view_of(user, referral) == View.REFERRER and not referral.is_draft:
            return _bad_state(
                request,
                referral,
                f"This referral is {referral.get_status_display().lower()}, so it can no "
                "longer be withdrawn.",
            )
        raise PermissionDenied
    form = WithdrawForm(
        request.POST if request.method == "POST" else None,
        initial={"version": referral.version},
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            withdraw_referral(
                referral=referral,
                by=user,
                version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
            )
        except StaleVersionError as error:
            _stale(form, request, error)
            status = 409
        except InvalidTransition as error:
            return _bad_state(request, referral, " ".join(error.messages))
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, f"Referral {referral.reference} withdrawn")
            return redirect("referrals:detail", pk=pk)
    return render(
        request,
        "referrals/referrer/withdraw.html",
        {"referral": referral, "form": form},
        status=status,
    )


# The referral


def _steps(referral: Referral) -> list[dict[str, Any]]:
    """What has happened to the referral, newest first, for an MoJ timeline."""
    outcome = {
        Referral.Status.DECLINED: "Declined",
        Referral.Status.SIGNPOSTED: "Signposted to another service",
    }
    steps = [
        ("Referral submitted", referral.submitted_at, ""),
        ("Screening started", referral.screening_started_at, ""),
        (
            outcome.get(Referral.Status(referral.status), "Accepted"),
            referral.decided_at,
            "",
        ),
        (
            "Allocated to a worker",
            referral.allocated_at,
            referral.allocated_worker.full_name if referral.allocated_worker else "",
        ),
        ("Withdrawn", referral.withdrawn_at, ""),
    ]
    happened = [{"title": title, "at": at, "detail": detail} for title, at, detail in steps if at]
    return sorted(happened, key=lambda step: step["at"], reverse=True)


@login_required
@require_http_methods(["GET", "HEAD"])
def referral_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The referrer's view (status, steps, outcome, worker's contact) or the allocated worker's
    (the referral in full and its case); the hub triages on its own page."""
    referral = _visible(request, pk)
    user = request.user
    view = policies.view_of(user, referral)
    if view == View.HUB:
        return redirect("referrals:triage", pk=pk)
    referral_read_record(referral=referral, by=user, action=AuditEvent.Action.REFERRAL_VIEWED)
    return render(
        request,
        "referrals/referrer/detail.html",
        {
            "referral": referral,
            "indicator_labels": _indicator_labels(referral),
            "worker_view": view == View.WORKER,
            "steps": _steps(referral),
            "is_referrer": referral.referrer_id == user.pk,
            "may_change": policies.may_change_draft(user, referral),
            "may_withdraw": policies.may_withdraw(user, referral),
            "case_url": referral.case.get_absolute_url()
            if referral.case is not None and policies.may_see_case_link(user, referral)
            else "",
        },
    )
