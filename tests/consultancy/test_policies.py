"""`consultancy.policies` from every seat at the table: who sees each kind of record, and the
queryset of what a user may see agrees with the answer for each record.

Records are written directly (these are tests of reads); the services have their own tests.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models import Model, QuerySet
from django.utils import timezone

from accounts.models import User
from cases.models import Case
from consultancy import policies
from consultancy.models import (
    AwarenessSession,
    ConsultancyRequest,
    GroupWorkParticipant,
    GroupWorkProgramme,
    PracticeChallenge,
    Resource,
    ResourceVersion,
    TrainingAttendance,
    TrainingSession,
    Urgency,
)
from tests.conftest import World

# Everyone in the world, plus a colleague of the worker placed in the other authority and a
# team manager at the police.
EVERYONE = (
    "anonymous",
    "spoke_worker",
    "colleague_in_brackenford",
    "other_spoke_worker",
    "hub_manager",
    "other_hub_manager",
    "practitioner",
    "team_manager",
    "other_la_practitioner",
    "police_team_manager",
    "partnership_manager",
    "commissioner",
    "administrator",
)


@pytest.fixture
def people(world: World, hub_worker, police_team_manager) -> dict[str, Any]:
    found: dict[str, Any] = {
        name: world.by_role(name)
        for name in EVERYONE
        if name not in {"anonymous", "colleague_in_brackenford", "police_team_manager"}
    }
    found["anonymous"] = AnonymousUser()
    found["colleague_in_brackenford"] = hub_worker(placed_in=world.la_b)
    found["police_team_manager"] = police_team_manager
    return found


def _seen_by(
    people: dict[str, Any],
    record: Model,
    visible: Callable[[Any], QuerySet[Any]],
    may_view: Callable[[Any, Any], bool],
) -> set[str]:
    """Who may view the record, after checking the queryset agrees with the one-record answer."""
    seen = set()
    for name, user in people.items():
        in_queryset = visible(user).filter(pk=record.pk).exists()
        answer = may_view(user, record)
        assert in_queryset == answer, f"{name}: queryset says {in_queryset}, policy {answer}"
        if answer:
            seen.add(name)
    return seen


def _only(*names: str) -> set[str]:
    return set(names)


def _request(world: World, **fields: Any) -> ConsultancyRequest:
    values: dict[str, Any] = {
        "requester": world.practitioner,
        "requester_agency": world.csc_a,
        "local_authority": world.la_a,
        "hub": world.hub,
        "about": ConsultancyRequest.About.UNNAMED,
        "question": "How do I talk to a 14-year-old about an older boyfriend?",
        "urgency": Urgency.ROUTINE,
        "preferred_contact": ConsultancyRequest.PreferredContact.PHONE,
        **fields,
    }
    return ConsultancyRequest.objects.create(**values)


def _may_view_request(user: Any, request: ConsultancyRequest) -> bool:
    return policies.may_view_consultancy(user, request)


class TestConsultancyRequests:
    def test_a_request_nobody_has_taken_reaches_the_workers_placed_in_its_area(self, world, people):
        """Given an unassigned request in Ashdown, then the requester's side, the hub's managers
        and the worker placed in Ashdown see it; the colleague placed elsewhere does not."""
        request = _request(world)
        seen = _seen_by(people, request, policies.visible_consultancy, _may_view_request)
        assert seen == _only("practitioner", "team_manager", "hub_manager", "spoke_worker")

    def test_once_assigned_only_the_responding_worker_of_the_hub_sees_it(self, world, people):
        """Given the request assigned to the colleague, then the worker placed in Ashdown no
        longer sees it and the colleague does."""
        colleague = people["colleague_in_brackenford"]
        request = _request(
            world,
            status=ConsultancyRequest.Status.ASSIGNED,
            responding_worker=colleague,
            assigned_at=timezone.now(),
        )
        seen = _seen_by(people, request, policies.visible_consultancy, _may_view_request)
        assert seen == _only(
            "practitioner", "team_manager", "hub_manager", "colleague_in_brackenford"
        )

    def test_views_widen_from_requester_to_hub(self, world, people):
        """Given an unassigned request, then each side has its own view of it."""
        request = _request(world)
        views = {name: policies.consultancy_view_of(user, request) for name, user in people.items()}
        assert views["practitioner"] == policies.View.REQUESTER
        assert views["team_manager"] == policies.View.REQUESTER
        assert views["spoke_worker"] == policies.View.WORKER
        assert views["hub_manager"] == policies.View.HUB
        assert views["other_hub_manager"] == policies.View.NONE

    def test_the_steps_belong_to_the_right_people(self, world, people):
        """Given a request at each status, then only the right people may take each step."""
        p = people
        waiting = _request(world)
        assert policies.may_take_consultancy(p["spoke_worker"], waiting)
        assert not policies.may_take_consultancy(p["colleague_in_brackenford"], waiting)
        assert policies.may_assign_consultancy(p["hub_manager"], waiting)
        assert not policies.may_assign_consultancy(p["spoke_worker"], waiting)
        assert policies.may_withdraw_consultancy(p["team_manager"], waiting)
        assert not policies.may_advise(p["spoke_worker"], waiting)

        advised = _request(
            world,
            status=ConsultancyRequest.Status.ADVISED,
            responding_worker=p["spoke_worker"],
        )
        assert policies.may_advise(p["spoke_worker"], advised)
        assert policies.may_ask_follow_up(p["practitioner"], advised)
        assert not policies.may_ask_follow_up(p["team_manager"], advised)
        assert policies.may_give_feedback(p["practitioner"], advised)
        assert not policies.may_give_feedback(p["spoke_worker"], advised)
        assert not policies.may_withdraw_consultancy(p["practitioner"], advised)
        assert policies.may_close_consultancy(p["spoke_worker"], advised)
        assert policies.may_close_consultancy(p["hub_manager"], advised)
        assert not policies.may_close_consultancy(p["practitioner"], advised)

        closed = _request(
            world, status=ConsultancyRequest.Status.CLOSED, responding_worker=p["spoke_worker"]
        )
        for name, user in p.items():
            assert not policies.may_advise(user, closed), name
            assert not policies.may_close_consultancy(user, closed), name
            assert not policies.may_give_feedback(user, closed), name

    def test_a_request_about_a_case_links_to_it_only_for_those_who_may_see_it(
        self, world, people, shared_case
    ):
        """Given a request about a case shared with the requester's agency, then the case link
        shows to the requester and the hub, never to the other authority's practitioner."""
        request = _request(world, about=ConsultancyRequest.About.CASE, case=shared_case)
        assert policies.may_see_case_link(people["practitioner"], request)
        assert policies.may_see_case_link(people["hub_manager"], request)
        assert not policies.may_see_case_link(people["other_la_practitioner"], request)
        assert not policies.may_link_referral(people["practitioner"], request)

    def test_only_practitioners_and_team_managers_outside_hubs_may_ask(self, world, people):
        """Given everyone, then only statutory practitioners and team managers may ask."""
        asking = {n for n, u in people.items() if policies.may_request_consultancy(u)}
        assert asking == _only(
            "practitioner", "team_manager", "other_la_practitioner", "police_team_manager"
        )


def _training(world: World, **fields: Any) -> TrainingSession:
    values: dict[str, Any] = {
        "hub": world.hub,
        "local_authority": world.la_a,
        "title": "Spotting exploitation early",
        "audience": "Social workers",
        "delivered_on": timezone.localdate(),
        "duration_minutes": 120,
        "status": TrainingSession.Status.DELIVERED,
        "created_by": world.spoke_worker,
        **fields,
    }
    session = TrainingSession.objects.create(**values)
    session.trainers.add(world.spoke_worker)
    return session


class TestTraining:
    def test_the_hub_and_named_attendees_see_a_session(self, world, people):
        """Given a session the practitioner attended by name, then the hub's staff and the
        practitioner see it; only the hub sees it in full."""
        session = _training(world)
        TrainingAttendance.objects.create(
            session=session,
            agency=world.csc_a,
            attendee=world.practitioner,
            recorded_by=world.spoke_worker,
        )
        TrainingAttendance.objects.create(
            session=session, agency=world.police, count=6, recorded_by=world.spoke_worker
        )
        seen = _seen_by(
            people,
            session,
            policies.visible_training,
            lambda u, s: policies.visible_training(u).filter(pk=s.pk).exists(),
        )
        assert seen == _only(
            "spoke_worker", "colleague_in_brackenford", "hub_manager", "practitioner"
        )
        in_full = {n for n, u in people.items() if policies.may_see_training_in_full(u, session)}
        assert in_full == _only("spoke_worker", "colleague_in_brackenford", "hub_manager")
        assert list(policies.training_attended(people["practitioner"])) == [session]
        assert not policies.training_attended(people["team_manager"]).exists()

    def test_trainers_the_recorder_and_managers_change_it(self, world, people):
        """Given a session, then its trainer and the hub's managers change it; a colleague who
        did not train does not, nor does anyone outside the hub."""
        session = _training(world)
        changing = {n for n, u in people.items() if policies.may_change_training(u, session)}
        assert changing == _only("spoke_worker", "hub_manager")


class TestAwarenessAndGroupWork:
    def test_sessions_and_programmes_are_the_hubs(self, world, people):
        """Given an awareness session and a programme, then the hub's staff see them."""
        awareness = AwarenessSession.objects.create(
            hub=world.hub,
            local_authority=world.la_a,
            setting=AwarenessSession.Setting.SCHOOL,
            setting_name="Ashdown Academy",
            delivered_on=timezone.localdate(),
            duration_minutes=60,
            young_people_reached=28,
            age_from=13,
            age_to=14,
            created_by=world.spoke_worker,
        )
        hub_staff = _only("spoke_worker", "colleague_in_brackenford", "hub_manager")
        assert {n for n, u in people.items() if awareness in policies.visible_awareness(u)} == (
            hub_staff
        )
        programme = GroupWorkProgramme.objects.create(
            hub=world.hub,
            local_authority=world.la_a,
            title="Healthy relationships",
            setting_name="Ashdown Youth Centre",
            starts_on=timezone.localdate(),
            created_by=world.hub_manager,
        )
        assert {n for n, u in people.items() if programme in policies.visible_programmes(u)} == (
            hub_staff
        )

    def test_participants_names_show_to_facilitators_and_to_those_who_may_see_the_case(
        self, world, people, shared_case
    ):
        """Given a programme facilitated by the worker with one young person, then the
        facilitator and managers see who takes part; a colleague who is neither allocated nor
        placed in the area does not."""
        programme = GroupWorkProgramme.objects.create(
            hub=world.hub,
            local_authority=world.la_a,
            title="Healthy relationships",
            setting_name="Ashdown Youth Centre",
            starts_on=timezone.localdate(),
            created_by=world.hub_manager,
        )
        programme.facilitators.add(world.spoke_worker)
        GroupWorkParticipant.objects.create(
            programme=programme, case=shared_case, added_by=world.spoke_worker
        )
        names = {
            n: list(policies.participant_cases(u, programme))
            for n, u in people.items()
            if n in {"spoke_worker", "hub_manager", "colleague_in_brackenford"}
        }
        assert names == {
            "spoke_worker": [shared_case],
            "hub_manager": [shared_case],
            "colleague_in_brackenford": [],
        }
        assert not policies.addable_cases(people["spoke_worker"], programme).exists()

    def test_a_facilitator_may_add_their_open_cases_in_the_area(self, world, people, shared_case):
        """Given a programme and the facilitator's open case, then it may be added once."""
        programme = GroupWorkProgramme.objects.create(
            hub=world.hub,
            local_authority=world.la_a,
            title="Staying safe online",
            setting_name="Ashdown Youth Centre",
            starts_on=timezone.localdate(),
            created_by=world.hub_manager,
        )
        programme.facilitators.add(world.spoke_worker)
        assert list(policies.addable_cases(people["spoke_worker"], programme)) == [shared_case]
        assert policies.may_add_participant(people["spoke_worker"], programme, shared_case)
        assert not policies.may_add_participant(people["practitioner"], programme, shared_case)
        Case.objects.filter(pk=shared_case.pk).update(status=Case.Status.CLOSED)
        shared_case.refresh_from_db()
        assert not policies.may_add_participant(people["spoke_worker"], programme, shared_case)


def _resource(world: World, *, audience: str, areas: Iterable = (), agencies: Iterable = ()):
    resource = Resource.objects.create(
        hub=world.hub,
        title="Spotting the signs",
        kind=Resource.Kind.LEAFLET,
        audience=audience,
        created_by=world.hub_manager,
    )
    resource.local_authorities.set(list(areas))
    resource.agencies.set(list(agencies))
    version = ResourceVersion.objects.create(
        resource=resource,
        number=1,
        file="resources/1/abc",
        original_name="signs.pdf",
        content_type="application/pdf",
        size=10,
        sha256="0" * 64,
        uploaded_by=world.hub_manager,
    )
    resource.current_version = version
    resource.save(update_fields=["current_version"])
    return resource


def _may_view_resource(user: Any, resource: Resource) -> bool:
    return policies.visible_resources(user).filter(pk=resource.pk).exists()


class TestResources:
    def test_shared_with_an_area_reaches_every_partner_agency_covering_it(self, world, people):
        """Given a leaflet for Ashdown's partners, then agencies covering Ashdown see it."""
        resource = _resource(
            world, audience=Resource.Audience.LOCAL_AUTHORITIES, areas=[world.la_a]
        )
        seen = {n for n, u in people.items() if _may_view_resource(u, resource)}
        assert seen == _only(
            "spoke_worker",
            "colleague_in_brackenford",
            "hub_manager",
            "practitioner",
            "team_manager",
            "police_team_manager",
            "partnership_manager",
        )

    def test_shared_with_named_agencies_reaches_only_them(self, world, people):
        """Given a tool shared with the police only, then Ashdown's social care does not see it."""
        resource = _resource(world, audience=Resource.Audience.AGENCIES, agencies=[world.police])
        partners = {
            n
            for n, u in people.items()
            if policies.shared_resources(u).filter(pk=resource.pk).exists()
        }
        assert partners == _only("police_team_manager")

    def test_withdrawn_resources_stay_with_the_hub_only(self, world, people):
        """Given a withdrawn leaflet, then only the hub's staff still see it, and none may
        change it."""
        resource = _resource(
            world, audience=Resource.Audience.LOCAL_AUTHORITIES, areas=[world.la_a]
        )
        resource.withdrawn_at = timezone.now()
        resource.save(update_fields=["withdrawn_at"])
        seen = {n for n, u in people.items() if _may_view_resource(u, resource)}
        assert seen == _only("spoke_worker", "colleague_in_brackenford", "hub_manager")
        assert not any(policies.may_change_resource(u, resource) for u in people.values())

    def test_the_uploader_and_managers_change_a_resource(self, world, people):
        """Given a leaflet a manager shared, then managers change it and workers only read."""
        resource = _resource(
            world, audience=Resource.Audience.LOCAL_AUTHORITIES, areas=[world.la_a]
        )
        changing = {n for n, u in people.items() if policies.may_change_resource(u, resource)}
        assert changing == _only("hub_manager")


def _challenge(world: World, **fields: Any) -> PracticeChallenge:
    values: dict[str, Any] = {
        "hub": world.hub,
        "raised_by": world.spoke_worker,
        "raised_on": timezone.localdate() - datetime.timedelta(days=3),
        "challenged_agency": world.csc_a,
        "local_authority": world.la_a,
        "category": PracticeChallenge.Category.CLOSED_TOO_EARLY,
        "concern": "Closed after one missed visit, with exploitation concerns still open.",
        **fields,
    }
    return PracticeChallenge.objects.create(**values)


class TestPracticeChallenges:
    def test_seen_by_the_raiser_the_hubs_managers_and_the_challenged_team_managers(
        self, world, people
    ):
        """Given a challenge to Ashdown's social care, then the practitioner there does not see
        it but their team manager does."""
        challenge = _challenge(world)
        seen = _seen_by(people, challenge, policies.visible_challenges, policies.may_view_challenge)
        assert seen == _only("spoke_worker", "hub_manager", "team_manager")

    def test_the_raiser_and_managers_change_it_until_it_is_resolved(self, world, people):
        """Given an open challenge, then its raiser and the hub's managers change it; once
        resolved, nobody does."""
        challenge = _challenge(world)
        changing = {n for n, u in people.items() if policies.may_change_challenge(u, challenge)}
        assert changing == _only("spoke_worker", "hub_manager")
        challenge.status = PracticeChallenge.Status.RESOLVED
        challenge.resolved_on = timezone.localdate()
        assert not any(policies.may_change_challenge(u, challenge) for u in people.values())

    def test_the_case_links_only_for_those_who_may_see_it(self, world, people, shared_case):
        """Given a challenge about a case shared with the challenged agency, then its team
        manager sees the link; the police team manager would not."""
        challenge = _challenge(world, case=shared_case)
        assert policies.may_see_challenge_case(people["team_manager"], challenge)
        assert not policies.may_see_challenge_case(people["police_team_manager"], challenge)


class TestBalance:
    def test_a_worker_sees_their_own_and_managers_see_their_hubs(self, world, people):
        """Given the worker's balance, then they and their hub's managers see it; nobody else."""
        worker: User = people["spoke_worker"]
        seeing = {
            n
            for n, u in people.items()
            if policies.may_view_balance(u, worker=worker, hub=world.hub)
        }
        assert seeing == _only("spoke_worker", "hub_manager")
        setting = {
            n for n, u in people.items() if policies.may_set_balance_target(u, hub=world.hub)
        }
        assert setting == _only("hub_manager")
