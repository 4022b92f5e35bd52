"""The hub manager's target page: the form shows the target in force, saves a new one, and
refuses shares that do not add up, or a change made over someone else's."""

from __future__ import annotations

import re

from django.urls import reverse

from audit.models import AuditEvent
from consultancy.models import BalanceTarget
from consultancy.selectors.balance import balance_target_of
from consultancy.services.balance import balance_target_set

URL = reverse("consultancy:balance_target")
SHARES = {"direct_work": "50", "consultancy": "20", "training": "20", "awareness": "10"}


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_the_form_starts_from_the_default(world, login):
    """Given a hub without a target, when its manager opens the page, then the default shares
    are filled in."""
    response = login(world.hub_manager).get(URL)

    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="direct_work" value="60"' in page
    assert 'name="awareness" value="10"' in page
    assert "The hub has not set its own target yet" in _text(response)


def test_the_manager_saves_a_target(world, login):
    """Given the default, when the manager saves 50/20/20/10, then they return to the hub's
    balance with a confirmation, and the target is saved and audited."""
    client = login(world.hub_manager)

    response = client.post(URL, {**SHARES, "started_from": ""}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("consultancy:hub_balance")
    assert "The balance target for Northbrook CSE Hub has been saved." in _text(response)
    assert balance_target_of(hub=world.hub).as_dict() == {k: int(v) for k, v in SHARES.items()}
    assert AuditEvent.objects.filter(action=AuditEvent.Action.BALANCE_TARGET_CHANGED).exists()


def test_shares_that_do_not_add_up_are_refused_with_a_message(world, login):
    """Given shares adding up to 95, when saved, then the page says so as a 400 and keeps what
    was typed; nothing is saved."""
    response = login(world.hub_manager).post(
        URL, {**SHARES, "direct_work": "45", "started_from": ""}
    )

    assert response.status_code == 400
    text = _text(response)
    assert "There is a problem" in text
    assert "The four shares must add up to 100%. They add up to 95%." in text
    assert 'name="direct_work" value="45"' in response.content.decode()
    assert not BalanceTarget.objects.exists()


def test_a_share_that_is_not_a_number_is_refused_on_its_field(world, login):
    """Given a share typed as words, when saved, then the message names that share."""
    response = login(world.hub_manager).post(
        URL, {**SHARES, "training": "a fifth", "started_from": ""}
    )

    assert response.status_code == 400
    assert "Enter the share for training as a whole number." in _text(response)
    assert 'href="#id_training"' in response.content.decode()


def test_a_target_saved_meanwhile_is_not_overwritten(world, login, hub_worker):
    """Given a manager who opened the default, when another manager saves a target first and
    then they save, then they are told (409) and the other target stays; saving again from
    the refreshed page works."""
    balance_target_set(
        hub=world.hub,
        by=world.hub_manager,
        direct_work=70,
        consultancy=10,
        training=10,
        awareness=10,
    )
    client = login(world.hub_manager)

    response = client.post(URL, {**SHARES, "started_from": ""})

    assert response.status_code == 409
    assert "changed the target while you were working on it" in _text(response)
    assert balance_target_of(hub=world.hub).direct_work == 70
    started_from = re.search(r'name="started_from" value="([^"]+)"', response.content.decode())
    assert started_from

    again = client.post(URL, {**SHARES, "started_from": started_from.group(1)})

    assert again.status_code == 302
    assert balance_target_of(hub=world.hub).direct_work == 50
