"""The demo's 名单: 青年教师读书会名单 of the demo city union (35岁以下 教师 in its subtree), made once."""

import datetime as dt

import pytest
from django.utils import timezone

from conftest import make_cadre
from gonghui.members.choices import JobCategory
from gonghui.members.demo import DEMO_TARGET_LIST_NAME, seed_target_lists
from gonghui.members.models import TargetList
from gonghui.members.tests.factories import MemberFactory
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.tests.factories import OrgFactory

pytestmark = pytest.mark.django_db


def test_the_demo_list_holds_the_young_teachers_of_the_city_once():
    # given the demo city with its admin, a school below it and three of its members
    city = OrgFactory.create(code="JZJKWT", name="焦作市教科文卫体工会", level=OrgLevel.CITY)
    school = OrgFactory.create(parent=city, code="JFQ01", name="解放区实验小学工会")
    make_cadre("shi_admin", city)
    young = timezone.localdate() - dt.timedelta(days=365 * 28)
    teacher = MemberFactory.create(org=school, job_category=JobCategory.TEACHER, birth_date=young)
    MemberFactory.create(org=school, job_category=JobCategory.TEACHER, birth_date=dt.date(1970, 5, 1))
    MemberFactory.create(org=school, job_category=JobCategory.MANAGEMENT, birth_date=young)
    # when the seeder runs twice
    first = seed_target_lists()
    second = seed_target_lists()
    # then one list of the city holds the young teacher
    made = TargetList.objects.get()
    assert (made.org, made.name) == (city, DEMO_TARGET_LIST_NAME)
    assert list(made.members.all()) == [teacher]
    assert made.criteria == {"org": "JZJKWT", "age_bands": ["lt35"], "job_categories": ["teacher"]}
    assert first == "名单“青年教师读书会名单”1 人"
    assert second == "名单“青年教师读书会名单”（已存在，未新增）"


def test_without_the_demo_city_the_seeder_skips(world):
    assert seed_target_lists() == "没有演示市工会或其管理员，跳过名单"
    assert not TargetList.objects.exists()
