"""A dashboard page: every table is in the HTML (the page works without JavaScript), each chart
reads the same cells as its table (a hidden count is a gap, never a number), and the charts'
script is served from this machine."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from referrals.models import Referral
from tests.dashboards.conftest import london

pytestmark = pytest.mark.django_db


def test_each_chart_reads_its_tables_cells_and_hides_what_the_table_hides(
    world, make, refresh, login, settings
):
    """Given two social care referrals and seven police ones in the period, when the page is
    read, then every table is in the HTML, the referrals chart's figures are the table's, and
    the hidden counts are gaps in the chart."""
    settings.CSE_HUB_SUPPRESSION_THRESHOLD = 5
    for _ in range(2):
        make.referral(at=london(2025, 4, 1), status=Referral.Status.DECLINED)
    for _ in range(7):
        make.referral(at=london(2025, 4, 1), agency=world.police, status=Referral.Status.ACCEPTED)
    refresh()

    response = login(world.partnership_manager).get(
        reverse("dashboards:local-authorities", kwargs={"key": world.la_a.pk}),
        {"from": "2025-03", "to": "2025-05"},
    )

    html = response.content.decode()
    dashboard = response.context["dashboard"]
    for table in dashboard.tables:
        assert f'id="{table.slug}"' in html
    data = re.search(r'id="dashboard-charts"[^>]*>(.*?)</script>', html, re.S)
    assert data is not None
    charts = json.loads(data[1])
    referrals = next(chart for chart in charts if chart["slug"] == "referrals-by-source")
    table = dashboard.table("referrals-by-source")
    assert referrals["labels"] == [row.label for row in table.rows]
    for series in referrals["series"]:
        index = next(i for i, c in enumerate(table.columns) if c.label == series["label"])
        assert series["values"] == [
            None if row.cells[index].value is None else float(row.cells[index].value)
            for row in table.rows
        ]
    declined = next(s for s in referrals["series"] if s["label"] == "Declined")
    assert declined["values"][0] is None
    # The chart's place is hidden until the script draws in it.
    assert 'data-dashboard-chart="referrals-by-source" aria-hidden="true" hidden' in html


def test_the_charts_script_is_served_from_this_machine(world, refresh, login):
    """Given a dashboard page, then Chart.js and the dashboard script are local static files."""
    refresh()
    html = login(world.commissioner).get(reverse("dashboards:england")).content.decode()

    for asset in ("chartjs/chart.umd.min.js", "js/dashboards.js"):
        assert f'src="/static/{asset}"' in html
        assert finders.find(asset)
