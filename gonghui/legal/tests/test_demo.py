"""The 法律服务 demo seeder: lawyers with logins, consultations and applications in every state; idempotent."""

import pytest

from conftest import make_cadre, make_member_user
from gonghui.accounts.models import RoleGrant, User
from gonghui.accounts.roles import UNION_STAFF
from gonghui.legal.choices import AidStatus, ConsultationStatus
from gonghui.legal.demo import seed_legal
from gonghui.legal.models import Consultation, Lawyer, LegalAidApplication
from gonghui.legal.selectors import faq_list
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.tests.factories import OrgFactory

pytestmark = pytest.mark.django_db


def test_seed_legal_creates_every_state_once(world):
    # given: the demo root, a county with a school union and 12 members, the city's clerk
    root = OrgFactory.create(code="JZJKWT", name="演示市工会", unit_name="演示市", level=OrgLevel.CITY)
    county = OrgFactory.create(
        parent=root, code="JFQ", name="演示区工会", unit_name="演示区", level=OrgLevel.COUNTY
    )
    school = OrgFactory.create(parent=county, code="JFQ01", name="演示学校工会", unit_name="演示学校")
    make_cadre("shi_ganshi", root, role=UNION_STAFF)
    for n in range(12):
        make_member_user(f"1371000{n:04d}", school, name=f"演示会员{n}")
    users, grants = User.objects.count(), RoleGrant.objects.count()
    # when
    first = seed_legal()
    again = seed_legal()
    # then
    assert first == "律师 3 名，法律咨询 6 件，法律援助申请 6 件"
    assert again == "法律服务演示数据已存在，跳过"
    assert (User.objects.count() - users, RoleGrant.objects.count() - grants) == (3, 4)
    assert Lawyer.objects.filter(user__grants__role="lawyer").count() == 3
    assert sorted(Consultation.objects.values_list("status", flat=True)) == sorted(
        [ConsultationStatus.PENDING] * 2 + [ConsultationStatus.ANSWERED] + [ConsultationStatus.PUBLISHED] * 3
    )
    assert faq_list().count() == 3
    statuses = sorted(LegalAidApplication.objects.values_list("status", flat=True))
    assert statuses == sorted(
        [AidStatus.SUBMITTED] * 2 + [AidStatus.APPROVED, AidStatus.REJECTED] + [AidStatus.CLOSED] * 2
    )
    handler = User.objects.get(username="shi_ganshi")
    from gonghui.legal.selectors import legal_statistics

    assert legal_statistics(user=handler).overdue_now == 1


def test_seed_legal_skips_without_the_demo_root(world):
    assert seed_legal() == "缺少演示组织或账号，跳过法律服务演示数据"
    assert Lawyer.objects.count() == 0
