"""Notification pages: a person's list, opening one (marks it read), and marking all read.

Another person's notification answers 404, as if it did not exist.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from notifications import policies, selectors, services
from notifications.forms import NotificationEmailsForm

if TYPE_CHECKING:
    from accounts.models import User

    class AuthenticatedRequest(HttpRequest):
        user: User

else:
    AuthenticatedRequest = HttpRequest

PAGE_SIZE = 25


@login_required
@require_http_methods(["GET", "HEAD"])
def notification_list(request: AuthenticatedRequest) -> HttpResponse:
    """The user's notifications, newest first, 25 to a page (a COUNT and one page query)."""
    notifications = selectors.notification_list_for_user(user=request.user)
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    page.numbers = list(  # type: ignore[attr-defined]
        page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
    )
    # The page's rows are fetched here once; the template reuses them.
    any_unread = request.user.unread_notifications > 0 or any(
        notification.read_at is None for notification in page.object_list
    )
    return render(
        request,
        "notifications/notification_list.html",
        {"page": page, "query": "", "any_unread": any_unread},
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def notification_open(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Mark the notification read and go to what it is about."""
    notification = get_object_or_404(policies.visible_notifications(request.user), pk=pk)
    link = services.notification_open(notification=notification, by=request.user)
    # The service only stores paths on this site; checked again so this is never an open
    # redirect.
    if not url_has_allowed_host_and_scheme(link, allowed_hosts=None):
        raise Http404
    return redirect(link)


@login_required
@require_http_methods(["POST"])
def notifications_mark_all_read(request: AuthenticatedRequest) -> HttpResponse:
    """Mark every unread notification of the user read, and go back to the list."""
    marked = services.notifications_mark_all_read(by=request.user)
    if marked:
        messages.success(request, "All notifications marked as read")
    return redirect("notifications:list")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def notification_settings(request: AuthenticatedRequest) -> HttpResponse:
    """Choose between an email for each notification and one daily digest."""
    user = request.user
    if request.method == "POST":
        form = NotificationEmailsForm(request.POST)
        if form.is_valid():
            services.notification_emails_set(
                user=user, by=user, choice=form.cleaned_data["email_notifications"]
            )
            messages.success(request, "Your choice of notification emails has been saved")
            return redirect("notifications:list")
        return render(request, "notifications/settings.html", {"form": form}, status=400)
    form = NotificationEmailsForm(initial={"email_notifications": user.email_notifications})
    return render(request, "notifications/settings.html", {"form": form})
