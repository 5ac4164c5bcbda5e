import pytest

from gonghui.accounts.roles import SYSADMIN
from gonghui.accounts.tests.factories import RoleGrantFactory, UserFactory
from gonghui.certificates.choices import CertificateStatus
from gonghui.certificates.demo import DEMO_KIND, DEMO_TITLE, ROOT_CODE, seed_certificates
from gonghui.certificates.models import Certificate
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.tests.factories import OrgFactory

pytestmark = pytest.mark.django_db


def test_demo_seeds_honour_certificates_once_with_one_revoked():
    # given a city union with six grassroots unions and the platform administrator
    root = OrgFactory.create(code=ROOT_CODE, name="焦作市教科文卫体工会", level=OrgLevel.CITY)
    for n in range(6):
        OrgFactory.create(parent=root, name=f"第{n}中学工会")
    RoleGrantFactory.create(user=UserFactory.create(username="admin"), role=SYSADMIN, org=root)
    # when seeded twice
    first = seed_certificates()
    seed_certificates()
    # then five unions hold the city's certificate, numbered 1–5, the last one revoked
    certificates = list(Certificate.objects.order_by("serial"))
    assert first == "工会工作荣誉证书 5 张"
    assert [c.serial for c in certificates] == [1, 2, 3, 4, 5]
    assert {c.kind for c in certificates} == {DEMO_KIND}
    assert {c.title for c in certificates} == {DEMO_TITLE}
    assert {c.issuer_id for c in certificates} == {root.pk}
    assert [c.status for c in certificates].count(CertificateStatus.REVOKED) == 1
    assert certificates[-1].status == CertificateStatus.REVOKED


def test_demo_skips_without_the_city_union():
    assert seed_certificates() == "没有市级工会或系统管理员，跳过证书"
