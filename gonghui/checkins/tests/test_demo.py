"""The demo seeder: the city union's 2026年度工会干部培训班签到 with a few check-ins, idempotent; the demo member can
open 我的会员码 at once."""

from django.urls import reverse

from conftest import make_member_user
from gonghui.accounts.roles import SYSADMIN
from gonghui.accounts.tests.factories import RoleGrantFactory, UserFactory
from gonghui.checkins.demo import DEMO_TITLE, seed_checkins
from gonghui.checkins.models import CheckIn, CheckinSession, MemberCodeSecret


def test_the_seeder_opens_a_session_with_check_ins_once(client, world):
    # given: the demo city code, the platform administrator and a few members
    world.city.code = "JZJKWT"
    world.city.save(update_fields=["code"])
    admin = UserFactory.create(username="admin")
    RoleGrantFactory.create(user=admin, role=SYSADMIN, org=world.city)
    demo_user, demo_member = make_member_user("13900000001", world.org_a, name="演示会员")
    for n in range(3):
        make_member_user(f"1370000{n:04d}", world.org_a, name=f"会员{n}")
    # when
    message = seed_checkins()
    again = seed_checkins()
    # then
    session = CheckinSession.objects.get(title=DEMO_TITLE)
    assert message == f"签到场次「{DEMO_TITLE}」，已签到 4 人"
    assert again == "签到场次已存在"
    assert CheckIn.objects.filter(target_id=session.pk).count() == 4
    assert MemberCodeSecret.objects.filter(member=demo_member).exists()
    client.force_login(demo_user)
    page = client.get(reverse("checkins_portal:member_code")).content.decode()
    assert "data-member-code-digits" in page
