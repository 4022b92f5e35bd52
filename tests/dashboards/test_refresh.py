"""The summaries: rebuilt whole and idempotently, by a named task the scheduler sends hourly;
and what a page says about how old its figures are."""

from __future__ import annotations

import datetime

import pytest
from celery.schedules import crontab
from django.core.management import call_command
from django.urls import reverse

from cse_hub.schedule import beat_schedule
from dashboards import summaries
from dashboards.models import ReferralMonth, SummaryState
from dashboards.services import summaries_refresh
from ops.tasks import TASKS
from tests.dashboards.conftest import london

pytestmark = pytest.mark.django_db


def _rows():
    return {
        model.__name__: sorted(
            tuple(v for k, v in row.items() if k != "id") for row in model._default_manager.values()
        )
        for model in summaries.TABLES
    }


def test_refreshing_again_gives_the_same_rows_and_a_new_version(world, make):
    """Given records, when the summaries are refreshed twice, then the rows are the same (not
    doubled) and the version has moved on by one each time, with the time of the refresh."""
    make.referral(at=london(2025, 4, 1), screened_after_hours=5)
    make.entry(make.case(opened=datetime.date(2025, 4, 1)), at=london(2025, 4, 2))

    first = summaries_refresh()
    rows = _rows()
    second = summaries_refresh()

    assert _rows() == rows
    assert ReferralMonth.objects.get().referrals == 1
    assert second.version == first.version + 1
    assert second.as_of is not None
    assert first.as_of is not None
    assert second.as_of >= first.as_of


def test_a_new_record_is_counted_at_the_next_refresh(world, make):
    """Given refreshed summaries, when a referral is added, then it counts only after the next
    refresh: figures are as of the last one."""
    make.referral(at=london(2025, 4, 1))
    summaries_refresh()
    make.referral(at=london(2025, 4, 2))

    assert ReferralMonth.objects.get().referrals == 1
    summaries_refresh()
    assert ReferralMonth.objects.get().referrals == 2


def test_the_task_is_named_and_refreshes(world, make):
    """Given the task, then it is `dashboards.refresh_summaries`, late-acknowledged, and running
    it refreshes the summaries."""
    make.referral(at=london(2025, 4, 1))
    refresh_summaries = TASKS["dashboards.refresh_summaries"]

    refresh_summaries.delay()

    assert refresh_summaries.name == "dashboards.refresh_summaries"
    assert refresh_summaries.acks_late
    assert SummaryState.objects.get().version == 1
    assert ReferralMonth.objects.exists()


def test_the_scheduler_refreshes_every_hour():
    """Given the beat schedule, then the summaries are refreshed at five past every hour, and a
    run still queued when the next is due expires."""
    entry = beat_schedule()["dashboards-refresh-summaries"]

    assert entry["task"] == "dashboards.refresh_summaries"
    assert entry["schedule"] == crontab(minute=5)
    assert entry["options"]["expires"] < 60 * 60


def test_the_command_refreshes(world, capsys):
    """Given the command, when run, then it says the version it made."""
    call_command("refresh_dashboards")

    assert "version 1" in capsys.readouterr().out


def test_a_page_says_how_old_its_figures_are(world, login):
    """Given no refresh yet, the page says the figures are not worked out; after one, it says
    as of when and how often they are refreshed."""
    client = login(world.partnership_manager)
    url = reverse("dashboards:local-authorities", kwargs={"key": world.la_a.pk})

    assert "have not been worked out yet" in client.get(url).content.decode()
    summaries_refresh()
    page = client.get(url).content.decode()
    assert "Figures as of" in page
    assert "every hour" in page
