"""`core.registry.member_union_of`: how blocks below members (公示, 证书) learn a signed-in person's union."""

from django.contrib.auth.models import AnonymousUser

from conftest import make_cadre, make_member_user
from gonghui.core.registry import member_union_of
from gonghui.members.choices import MemberStatus
from gonghui.members.models import Member


def test_a_holding_member_is_placed_in_their_union_and_nobody_else_is(world):
    user, member = make_member_user("13900000011", world.org_a)
    cadre = make_cadre("school_admin", world.org_a)

    assert member_union_of(user) == world.org_a
    assert member_union_of(cadre) is None
    assert member_union_of(AnonymousUser()) is None

    Member.objects.filter(pk=member.pk).update(status=MemberStatus.LEFT)
    assert member_union_of(user) is None
