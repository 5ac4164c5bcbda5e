"""长辈版 (关怀模式): a POST switches it on or off for the person's own account; it persists; the member's home
becomes 待办 and the service grid only; the body carries the class that portal.css enlarges."""

import pytest
from django.urls import reverse

from gonghui.accounts.models import User
from gonghui.core.registry import PortalCard, PortalCardItem, portal_cards


def _switch(client, on, next_url=""):
    return client.post(reverse("portal:care_mode"), {"on": "1" if on else "0", "next": next_url})


@pytest.mark.parametrize("actor", ["org_member", "org_admin"])
def test_a_logged_in_person_switches_their_own_care_mode(request, client, world, actor):
    # given the member, or a cadre without a member record (whose portal home is the door to join)
    user = request.getfixturevalue(actor)
    client.force_login(user)
    # when
    response = _switch(client, True, next_url=reverse("portal:home"))
    # then it persists on their own account, nobody else's
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:home")
    user.refresh_from_db()
    assert user.portal_care_mode is True
    assert User.objects.filter(portal_care_mode=True).count() == 1
    home = client.get(reverse("portal:home")).content.decode()
    assert 'class="portal-body portal-care"' in home
    assert "切换标准版" in home
    # and back
    _switch(client, False)
    user.refresh_from_db()
    assert user.portal_care_mode is False
    assert 'class="portal-body"' in client.get(reverse("portal:home")).content.decode()


def test_a_visitor_cannot_switch_and_is_sent_to_the_portal_login(client, world):
    # when
    response = _switch(client, True)
    # then
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("portal:login"))
    assert not User.objects.filter(portal_care_mode=True).exists()


def test_the_switch_is_post_only(client, world):
    client.force_login(world.org_member)
    assert client.get(reverse("portal:care_mode") + "?on=1").status_code == 405
    world.org_member.refresh_from_db()
    assert world.org_member.portal_care_mode is False


def test_next_outside_the_site_is_ignored(client, world):
    client.force_login(world.org_member)
    response = _switch(client, True, next_url="https://evil.example/")
    assert response["Location"] == reverse("portal:home")


def test_the_care_home_keeps_todo_and_services_only(client, world, monkeypatch):
    # given a card of each kind and the member in 长辈版
    monkeypatch.setattr(portal_cards, "_items", {})
    asked = []

    def items(kind):
        def read(user):
            asked.append(kind)
            return [PortalCardItem(title=f"{kind} 事项", url="/portal/x/")]

        return read

    for kind in ("todo", "now", "notice"):
        portal_cards.register(f"t.{kind}", PortalCard(key=f"t.{kind}", kind=kind, items=items(kind)))
    world.org_member.portal_care_mode = True
    world.org_member.save(update_fields=["portal_care_mode"])
    client.force_login(world.org_member)
    # when
    html = client.get(reverse("portal:home")).content.decode()
    # then
    assert "todo 事项" in html
    assert "now 事项" not in html
    assert "notice 事项" not in html
    assert asked == ["todo"]  # the hidden sections are not even read
    assert 'data-section="services"' in html
    assert "portal-tile" in html


def test_care_mode_is_offered_on_the_home_and_in_me(client, world):
    client.force_login(world.org_member)
    for url_name in ("portal:home", "portal:me"):
        html = client.get(reverse(url_name)).content.decode()
        assert f'action="{reverse("portal:care_mode")}"' in html
        assert "长辈版" in html
