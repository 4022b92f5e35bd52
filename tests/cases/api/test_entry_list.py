"""GET /api/v1/cases/{case_id}/entries/: casework the caller may read, never restricted
entries outside the owning agency, drafts only their author's."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.api.conftest import assert_error
from tests.cases.api.conftest import log_entry, share


def url(case_id: int) -> str:
    return reverse("api:case-entry-list", kwargs={"case_id": case_id})


@pytest.mark.parametrize(
    ("name", "status", "seen"),
    [
        pytest.param("anonymous", 401, None, id="anonymous must authenticate"),
        pytest.param("other_agency", 404, None, id="an agency not shared with cannot tell"),
        pytest.param("summary", 403, None, id="summary scope has no casework"),
        pytest.param("full", 200, {"ordinary"}, id="full scope: no restricted, no drafts"),
        pytest.param("joint", 200, {"ordinary"}, id="joint scope: no restricted, no drafts"),
        pytest.param("team", 200, {"ordinary", "restricted"}, id="the team sees restricted"),
        pytest.param(
            "lead_worker", 200, {"ordinary", "restricted", "draft"}, id="the author sees drafts"
        ),
        pytest.param("hub_manager", 200, {"ordinary", "restricted"}, id="the hub's manager"),
    ],
)
def test_permissions_and_what_each_sees(case, entries, actor, name, status, seen):
    """Each caller sees exactly the entries the policy allows them."""
    response = actor(name).get(url(case.pk))

    if status != 200:
        assert_error(response, status)
        return
    listed = {row["id"] for row in response.json()["results"]}
    assert listed == {entries[key].pk for key in seen}


@pytest.mark.parametrize("name", ["full", "joint"])
def test_restricted_text_never_reaches_another_agency(case, entries, actor, name):
    """Given a restricted entry, then nothing of it is in the JSON another agency gets."""
    response = actor(name).get(url(case.pk))

    assert "kept inside the hub" not in response.content.decode()
    rows = response.json()["results"]
    assert entries["restricted"].pk not in {row["id"] for row in rows}
    assert not any(row["restricted"] for row in rows)


def test_entry_rows_have_author_agency_and_version(world, case, entries, actor):
    """Given the ordinary entry, then its row names author, agency and version."""
    rows = actor("full").get(url(case.pk)).json()["results"]

    assert rows[0]["author"] == {"id": world.spoke_worker.pk, "full_name": "Sam Spoke"}
    assert rows[0]["author_agency"]["id"] == world.hub.pk
    assert rows[0]["version"] == 1
    assert rows[0]["status"] == "final"


def test_list_queries_are_constant(world, case, login, django_assert_num_queries):
    """Given 1 and then 26 entries, the list costs the same queries."""
    log_entry(case, world.spoke_worker)
    share(world, case, "full")
    client = login(world.practitioner)
    client.get(url(case.pk))  # the first request records the session's first use; not measured

    # session, user, memberships in force; the case (visibility as subqueries); the level of
    # access: the co-worker check, joint rows by group then by user, full rows by group (found);
    # count; page of entries joined to author, agency, who marked it in error and the case
    for count in (1, 26):
        with django_assert_num_queries(10):
            assert client.get(url(case.pk)).json()["count"] == count
        for _ in range(25):
            log_entry(case, world.spoke_worker)
