"""Who manages a 公示, with three actors (org A's 公示管理员, org A's plain member, org B's 公示管理员): the owner
kind decides; the buttons come from the workflow table; a module's entries are not rewritten from the console."""

import pytest
from django.core.exceptions import ValidationError

from gonghui.notices.choices import NoticeAction
from gonghui.notices.permissions import can_create_notice, can_manage_notice
from gonghui.notices.services import EntryInput, notice_update
from gonghui.notices.workflows import notice_buttons

from .factories import make_notice

pytestmark = pytest.mark.django_db


def test_only_org_a_officer_manages_org_a_notice(officers):
    world = officers
    notice = make_notice(org=world.org_a, actor=world.org_admin, publish=False)
    assert can_manage_notice(world.org_admin, notice)
    assert not can_manage_notice(world.org_member, notice)
    assert not can_manage_notice(world.outsider, notice)
    assert can_create_notice(world.org_admin, world.org_a)
    assert not can_create_notice(world.outsider, world.org_a)
    assert not can_create_notice(world.org_member, world.org_a)


def test_the_buttons_follow_the_state_and_the_actor(officers):
    world = officers
    draft = make_notice(org=world.org_a, actor=world.org_admin, publish=False)
    assert notice_buttons(draft, world.org_admin) == {
        NoticeAction.EDIT,
        NoticeAction.PUBLISH,
        NoticeAction.CANCEL,
    }
    assert notice_buttons(draft, world.outsider) == set()
    assert notice_buttons(draft, world.org_member) == set()
    published = make_notice(org=world.org_a, actor=world.org_admin)
    assert notice_buttons(published, world.org_admin) == {NoticeAction.CANCEL}


def test_a_module_kind_decides_for_its_own_owner(officers, test_kind):
    world = officers
    notice = make_notice(
        org=world.org_a,
        actor=world.org_admin,
        kind=test_kind,
        publish=False,
        entries=[EntryInput(name="甲会员", unit="甲县第一中学", reason="志愿服务", subject=world.member_a)],
    )
    assert can_manage_notice(world.org_admin, notice)
    assert not can_manage_notice(world.outsider, notice)
    # its entries are the module's rows: the console cannot replace them
    with pytest.raises(ValidationError) as error:
        notice_update(
            notice=notice,
            title=notice.title,
            body="",
            window_length=7,
            entries=[EntryInput(name="别人")],
            actor=world.org_admin,
        )
    assert "entries" in error.value.message_dict
    notice = notice_update(
        notice=notice, title="改后的标题", body="", window_length=7, entries=None, actor=world.org_admin
    )
    assert notice.entries.get().subject == world.member_a
