"""Exports: each table as CSV, suppressed as on the page, and the evaluation extract for
commissioners; every download audited."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from referrals.models import Referral
from tests import factories
from tests.dashboards.conftest import london

pytestmark = pytest.mark.django_db
D = datetime.date
PERIOD = {"from": "2025-03", "to": "2025-05"}


def _csv(response) -> list[list[str]]:
    content = (
        b"".join(response.streaming_content) if response.streaming else response.content
    ).decode()
    return list(csv.reader(io.StringIO(content)))


def test_a_tables_csv_is_the_table_as_the_page_shows_it(world, make, refresh, login, settings):
    """Given two social care referrals and seven from the police in the period, when the
    partnership manager downloads the table, then its rows are the page's, cell for cell: the
    2 'fewer than 5', the 7 beside it in the same column 'suppressed' (else the column's total
    would give the 2 away); and the header says the place and the periods."""
    settings.CSE_HUB_SUPPRESSION_THRESHOLD = 5
    for _ in range(2):
        make.referral(at=london(2025, 4, 1))
    for _ in range(7):
        make.referral(at=london(2025, 4, 2), agency=world.police)
    refresh()
    client = login(world.partnership_manager)
    url = reverse(
        "dashboards:local-authorities-table",
        kwargs={"key": world.la_a.pk, "table": "referrals-by-source"},
    )

    response = client.get(url, PERIOD)
    page = client.get(
        reverse("dashboards:local-authorities", kwargs={"key": world.la_a.pk}), PERIOD
    )

    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = _csv(response)
    assert rows[1] == ["Local authority", "Ashdown"]
    assert rows[2] == ["This period", "March 2025 to May 2025"]
    assert rows[3] == ["Previous period", "December 2024 to February 2025"]
    table = page.context["dashboard"].table("referrals-by-source")
    on_page = [[row.label, *(c.text for c in row.cells)] for row in (*table.rows, table.total)]
    start = rows.index(["Referred by", *(c.label for c in table.columns)])
    assert rows[start + 1 :] == on_page
    body = {row[0]: row[1:] for row in rows[start + 1 :]}
    assert body["Children's social care"][2] == "fewer than 5"
    assert body["Police"][2] == "suppressed"


def test_downloading_a_table_is_audited_with_what_and_for_where(world, make, refresh, login):
    """Given the partnership manager, when they download a table, then one event records the
    table, the place and the period, and nothing about any young person."""
    refresh()
    client = login(world.partnership_manager)
    before = AuditEvent.objects.count()

    client.get(
        reverse(
            "dashboards:local-authorities-table",
            kwargs={"key": world.la_a.pk, "table": "open-cases-by-risk"},
        ),
        PERIOD,
    )

    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.latest("sequence")
    assert event.action == AuditEvent.Action.DASHBOARD_TABLE_EXPORTED
    assert event.actor == world.partnership_manager
    assert event.case_id is None
    assert event.metadata == {
        "scope": "local-authority",
        "scope_key": str(world.la_a.pk),
        "table": "open-cases-by-risk",
        "from": "2025-03",
        "to": "2025-05",
    }


def test_a_name_that_looks_like_a_formula_is_not_run_by_a_spreadsheet(world, make, refresh, login):
    """Given an agency whose name starts with '=', when a table naming it is downloaded, then
    the name is quoted so that a spreadsheet shows it as text."""
    agency = factories.agency(name="=HYPERLINK(1)", local_authorities=[world.la_a])
    make.training(on=D(2025, 4, 1), attendance=[(agency, 3, "2", "4")])
    refresh()

    rows = _csv(
        login(world.partnership_manager).get(
            reverse(
                "dashboards:local-authorities-table",
                kwargs={"key": world.la_a.pk, "table": "training-by-agency"},
            ),
            PERIOD,
        )
    )

    assert ["'=HYPERLINK(1)", "3", "2.0", "4.0", "2.0"] in rows


def test_the_evaluation_extract_is_counts_by_month_place_and_model(
    world, make, refresh, login, settings
):
    """Given referrals and a case with contacts, when the commissioner downloads the extract,
    then each line is a month, a place, a hub, a measure and a count, with no identifier, and a
    count below the threshold is left blank with 'fewer than 5'."""
    settings.CSE_HUB_SUPPRESSION_THRESHOLD = 5
    for _ in range(6):
        make.referral(at=london(2025, 4, 1), status=Referral.Status.DECLINED)
    make.referral(at=london(2025, 4, 1), agency=world.police, status=Referral.Status.DECLINED)
    case = make.case(opened=D(2025, 3, 2))
    for day in range(1, 8):
        make.entry(case, at=london(2025, 4, day))
    refresh()
    client = login(world.commissioner)
    before = AuditEvent.objects.count()

    rows = _csv(client.get(reverse("dashboards:england-extract"), PERIOD))

    header, lines = rows[0], rows[1:]
    assert header == [
        "month",
        "region",
        "local_authority_code",
        "local_authority",
        "hub",
        "location_model",
        "measure",
        "category",
        "subcategory",
        "value",
        "note",
    ]
    by = {(line[0], line[6], line[7], line[8]): line for line in lines}
    social_care = by[("2025-04", "referrals", "Children's social care", "Declined")]
    assert social_care[3:5] == ["Ashdown", "Northbrook CSE Hub"]
    assert social_care[9:] == ["6", ""]
    assert by[("2025-04", "referrals", "Police", "Declined")][9:] == ["", "fewer than 5"]
    assert by[("2025-04", "contacts", "", "")][9] == "7"
    assert by[("2025-04", "contacts", "", "")][5] == "Co-located with a statutory team"
    opened = by[("2025-03", "cases_opened", "medium", "below it")]
    assert opened[9:] == ["", "fewer than 5"]
    assert {line[0] for line in lines} <= {"2025-03", "2025-04", "2025-05"}
    assert AuditEvent.objects.count() == before + 1
    assert (
        AuditEvent.objects.latest("sequence").action == AuditEvent.Action.DASHBOARD_EXTRACT_EXPORTED
    )


def test_the_evaluation_extract_is_for_commissioners_only(world, refresh, login):
    """Given the partnership manager, when they ask for their area's extract, then 403 and
    nothing is audited."""
    refresh()
    client = login(world.partnership_manager)
    before = AuditEvent.objects.count()

    response = client.get(
        reverse("dashboards:local-authorities-extract", kwargs={"key": world.la_a.pk}), PERIOD
    )

    assert response.status_code == 403
    assert AuditEvent.objects.count() == before
