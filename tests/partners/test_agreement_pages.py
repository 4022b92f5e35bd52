"""Information-sharing agreement pages: read by the parties, managed by a party hub's managers."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from partners.models import InformationSharingAgreement
from tests import factories
from tests.conftest import World
from tests.partners.conftest import Login, as_actor, assert_sent_to_log_in, date_data


def form_data(world: World, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "title": "Brackenford exploitation protocol",
        "local_authority": world.la_b.pk,
        "parties": [world.hub.pk, world.csc_b.pk],
        "scope": "Identity, risk and who is involved.",
        "lawful_basis": InformationSharingAgreement.LawfulBasis.SAFEGUARDING,
        "status": InformationSharingAgreement.Status.ACTIVE,
        "document_reference": "ISA-2026-07",
        **date_data("signed_on", datetime.date(2026, 3, 1)),
        **date_data("review_due_on", datetime.date(2027, 3, 1)),
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("actor", "status"),
    [
        pytest.param("anonymous", 302, id="anonymous is sent to log in"),
        pytest.param("other_la_practitioner", 404, id="a non-party cannot tell it exists"),
        pytest.param("other_hub_manager", 404, id="another hub cannot tell it exists"),
        pytest.param("practitioner", 200, id="a party's practitioner reads it"),
        pytest.param("spoke_worker", 200, id="the party hub's worker reads it"),
        pytest.param("hub_manager", 200, id="the party hub's manager reads it"),
    ],
)
def test_agreement_detail_permissions(
    world: World, login: Login, agreement: InformationSharingAgreement, actor: str, status: int
) -> None:
    """Members of the parties read an agreement; anyone else gets a 404."""
    response = as_actor(world, login, actor).get(
        reverse("partners:agreement_detail", args=[agreement.pk])
    )

    if status == 302:
        assert_sent_to_log_in(response)
    else:
        assert response.status_code == status


@pytest.mark.parametrize(
    ("actor", "status"),
    [
        pytest.param("anonymous", 302, id="anonymous is sent to log in"),
        pytest.param("other_hub_manager", 404, id="another hub cannot tell it exists"),
        pytest.param("practitioner", 403, id="a party's practitioner may not change it"),
        pytest.param("team_manager", 403, id="a party's team manager may not change it"),
        pytest.param("spoke_worker", 403, id="a party hub's worker may not change it"),
        pytest.param("hub_manager", 200, id="a party hub's manager changes it"),
    ],
)
def test_agreement_update_permissions(
    world: World, login: Login, agreement: InformationSharingAgreement, actor: str, status: int
) -> None:
    """Only managers of a hub that is party to the agreement may change it."""
    response = as_actor(world, login, actor).get(
        reverse("partners:agreement_update", args=[agreement.pk])
    )

    if status == 302:
        assert_sent_to_log_in(response)
    else:
        assert response.status_code == status


@pytest.mark.parametrize(
    ("actor", "status"),
    [
        pytest.param("anonymous", 302, id="anonymous is sent to log in"),
        pytest.param("practitioner", 403, id="a practitioner manages no agreements"),
        pytest.param("partnership_manager", 403, id="a partnership manager manages none"),
        pytest.param("hub_manager", 200, id="a hub manager adds agreements"),
    ],
)
def test_agreement_create_permissions(world: World, login: Login, actor: str, status: int) -> None:
    """Only hub managers may add agreements."""
    response = as_actor(world, login, actor).get(reverse("partners:agreement_create"))

    if status == 302:
        assert_sent_to_log_in(response)
    else:
        assert response.status_code == status


@pytest.mark.parametrize(
    ("actor", "sees_it"),
    [
        pytest.param("other_la_practitioner", False, id="a non-party sees none"),
        pytest.param("practitioner", True, id="a party's practitioner sees it"),
        pytest.param("hub_manager", True, id="the party hub's manager sees it"),
    ],
)
def test_agreement_list_shows_the_users_agencies_agreements(
    world: World, login: Login, agreement: InformationSharingAgreement, actor: str, sees_it: bool
) -> None:
    """The list shows the agreements the user's agencies are party to, and no others."""
    response = as_actor(world, login, actor).get(reverse("partners:agreement_list"))

    assert response.status_code == 200
    assert list(response.context["page"].object_list) == ([agreement] if sees_it else [])


@pytest.mark.django_db
def test_agreement_list_sends_anonymous_users_to_log_in(login: Login) -> None:
    """Anonymous visitors are sent to log in."""
    assert_sent_to_log_in(login(None).get(reverse("partners:agreement_list")))


def test_agreements_due_for_review_are_marked_and_can_be_listed_alone(
    world: World, login: Login, agreement: InformationSharingAgreement
) -> None:
    """Given agreements overdue, due soon and not yet due, each is marked by its review state."""
    today = timezone.localdate()
    overdue = factories.agreement(
        parties=[world.hub, world.police],
        local_authority=world.la_a,
        by=world.hub_manager,
        signed_on=today - datetime.timedelta(days=400),
        review_due_on=today - datetime.timedelta(days=1),
    )
    due = factories.agreement(
        parties=[world.hub, world.school],
        local_authority=world.la_a,
        by=world.hub_manager,
        signed_on=today - datetime.timedelta(days=300),
        review_due_on=today + datetime.timedelta(days=10),
    )
    client = login(world.hub_manager)

    everything = client.get(reverse("partners:agreement_list"))
    due_only = client.get(reverse("partners:agreement_list"), {"review_due": "on"})

    states = {a.pk: a.review_state for a in everything.context["page"].object_list}
    assert states == {overdue.pk: "overdue", due.pk: "due", agreement.pk: ""}
    assert {a.pk for a in due_only.context["page"].object_list} == {overdue.pk, due.pk}
    content = everything.content.decode()
    assert "Review overdue" in content
    assert "Review due" in content


def test_a_hub_manager_adds_an_agreement_with_their_hub_among_the_parties(
    world: World, login: Login
) -> None:
    """Given a valid form, the agreement is made with its parties and audited."""
    response = login(world.hub_manager).post(reverse("partners:agreement_create"), form_data(world))

    agreement = InformationSharingAgreement.objects.get(title="Brackenford exploitation protocol")
    assert response.status_code == 302
    assert response["Location"] == agreement.get_absolute_url()
    assert set(agreement.parties.all()) == {world.hub, world.csc_b}
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.AGREEMENT_CREATED, object_id=str(agreement.pk)
    ).exists()


def test_an_agreement_without_the_managers_hub_is_refused(world: World, login: Login) -> None:
    """Given parties that leave out the manager's hub, the form asks for the hub."""
    response = login(world.hub_manager).post(
        reverse("partners:agreement_create"),
        form_data(world, parties=[world.csc_b.pk, world.police.pk]),
    )

    assert response.status_code == 200
    assert response.context["form"].errors["parties"] == ["Include your hub among the parties"]
    assert not InformationSharingAgreement.objects.exists()


def test_a_service_refusal_is_shown_on_the_form(world: World, login: Login) -> None:
    """Given an active agreement with no signed date, the service's message is on the form."""
    response = login(world.hub_manager).post(
        reverse("partners:agreement_create"), form_data(world, **date_data("signed_on", None))
    )

    assert response.status_code == 200
    assert response.context["form"].errors["signed_on"] == [
        "Enter the date an active agreement was signed."
    ]
    assert "There is a problem" in response.content.decode()
    assert not InformationSharingAgreement.objects.exists()


def test_a_date_that_is_not_real_is_refused(world: World, login: Login) -> None:
    """Given 31 February as the review date, the form asks for a real date."""
    data = form_data(world, review_due_on_day="31", review_due_on_month="2")

    response = login(world.hub_manager).post(reverse("partners:agreement_create"), data)

    assert response.status_code == 200
    assert "review_due_on" in response.context["form"].errors


def test_a_hub_manager_changes_an_agreement(
    world: World, login: Login, agreement: InformationSharingAgreement
) -> None:
    """Given an agreement, when the manager puts it under review, the change is audited."""
    data = form_data(
        world,
        title=agreement.title,
        local_authority=world.la_a.pk,
        parties=[world.hub.pk, world.csc_a.pk],
        status=InformationSharingAgreement.Status.UNDER_REVIEW,
        lawful_basis=agreement.lawful_basis,
        scope=agreement.scope,
        document_reference="",
        **date_data("signed_on", agreement.signed_on),
        **date_data("review_due_on", agreement.review_due_on),
    )

    response = login(world.hub_manager).post(
        reverse("partners:agreement_update", args=[agreement.pk]), data
    )

    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == InformationSharingAgreement.Status.UNDER_REVIEW
    event = AuditEvent.objects.get(action=AuditEvent.Action.AGREEMENT_CHANGED)
    assert event.metadata == {"fields": ["status"]}


def test_a_party_practitioner_cannot_post_a_change(
    world: World, login: Login, agreement: InformationSharingAgreement
) -> None:
    """Given a party's practitioner, when they post a change, it is refused with 403."""
    response = login(world.practitioner).post(
        reverse("partners:agreement_update", args=[agreement.pk]), form_data(world)
    )

    assert response.status_code == 403
    agreement.refresh_from_db()
    assert agreement.title != "Brackenford exploitation protocol"
