from django.urls import path

from referrals.views import referrer, triage

app_name = "referrals"

urlpatterns = [
    # The referrer (practitioners and team managers).
    path("", referrer.referral_list, name="list"),
    path("new/", referrer.referral_new, name="new"),
    path("<int:pk>/", referrer.referral_detail, name="detail"),
    path("<int:pk>/edit/", referrer.referral_edit, name="edit"),
    path("<int:pk>/check/", referrer.referral_check, name="check"),
    path("<int:pk>/submitted/", referrer.referral_submitted, name="submitted"),
    path("<int:pk>/discard/", referrer.referral_discard, name="discard"),
    path("<int:pk>/withdraw/", referrer.referral_withdraw, name="withdraw"),
    # The hub: triage by managers, and referrals allocated to a spoke worker.
    path("triage/", triage.queue, name="queue"),
    path("allocated/", triage.allocated_list, name="allocated"),
    path("<int:pk>/triage/", triage.referral_triage, name="triage"),
    path("<int:pk>/triage/screen/", triage.screening_start, name="screening_start"),
    path("<int:pk>/triage/notes/", triage.screening_notes, name="screening_notes"),
    path("<int:pk>/triage/match/", triage.match, name="match"),
    path("<int:pk>/triage/decision/", triage.decision, name="decision"),
    path("<int:pk>/triage/allocate/", triage.allocate, name="allocate"),
]
