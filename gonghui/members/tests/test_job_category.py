"""岗位类别 on the member record: the registry services and pages (form, detail, the list's filter and its export, with
three actors), the 教代会 teacher share with the `TEACHER_JOB_CATEGORIES` setting and its system check, and that
members cannot self-declare it through 信息更正."""

import datetime as dt
from collections import Counter

import pytest
from django.core import checks
from django.core.exceptions import ValidationError
from django.urls import reverse

from gonghui.core.excel import read_rows
from gonghui.core.models import AuditLog
from gonghui.core.timeline import timeline_for
from gonghui.members.choices import JobCategory, MemberStatus
from gonghui.members.demo import demo_profile
from gonghui.members.models import Member
from gonghui.members.selectors.congress import (
    check_teacher_job_categories,
    teacher_job_categories,
    teacher_share,
)
from gonghui.members.selectors.corrections import CORRECTABLE_FIELDS
from gonghui.members.services import member_create, member_update
from gonghui.members.spreadsheets import ROSTER_HEADERS
from gonghui.members.tests.factories import MemberFactory, valid_id_number
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.tests.factories import OrgFactory

pytestmark = pytest.mark.django_db


# ---- services --------------------------------------------------------------------------------------------


def test_member_create_takes_a_short_form_and_stores_the_code(world):
    member = member_create(
        org=world.org_a,
        actor=world.org_admin,
        name="李老师",
        id_number=valid_id_number(301),
        job_category="教师",
    )
    assert Member.objects.get(pk=member.pk).job_category == JobCategory.TEACHER


def test_member_update_refuses_an_unknown_job_category_on_its_field(world):
    with pytest.raises(ValidationError) as caught:
        member_update(member=world.member_a, actor=world.org_admin, data={"job_category": "厨师"})
    assert list(caught.value.message_dict) == ["job_category"]
    assert caught.value.message_dict["job_category"][0].startswith("“厨师”不是可选的岗位类别；可填写：")
    world.member_a.refresh_from_db()
    assert world.member_a.job_category == ""


def test_member_update_records_the_change_by_its_chinese_name(world):
    member_update(member=world.member_a, actor=world.org_admin, data={"job_category": "management"})
    world.member_a.refresh_from_db()
    assert world.member_a.job_category == JobCategory.MANAGEMENT
    assert [entry.note for entry in timeline_for(world.member_a)][-1:] == ["修改了：岗位类别"]
    assert AuditLog.objects.get().summary == "修改会员 甲会员 的信息：岗位类别"


def test_members_cannot_self_declare_it_through_corrections():
    assert "job_category" not in CORRECTABLE_FIELDS


# ---- pages: form and detail ------------------------------------------------------------------------------


def test_the_edit_form_offers_the_categories_and_saves_one(client, world):
    # given
    client.force_login(world.org_admin)
    url = reverse("members:member_edit", args=[world.member_a.public_id])
    # when
    page = client.get(url)
    form = page.context["form"]
    data = {name: "" if value is None else value for name, value in form.initial.items()}
    data.update(
        {k: "on" for k in ("is_model_worker", "is_migrant_worker") if data.pop(k)},
        birth_date=world.member_a.birth_date.isoformat(),
        job_category="nurse",
    )
    r = client.post(url, data)
    # then
    assert [c for c, _label in form.fields["job_category"].choices] == ["", *JobCategory.values]
    assert r.status_code == 302
    world.member_a.refresh_from_db()
    assert world.member_a.job_category == JobCategory.NURSE


def test_the_detail_shows_the_label_or_a_dash(client, world):
    client.force_login(world.org_admin)
    url = reverse("members:member_detail", args=[world.member_a.public_id])
    assert '<dd class="col-sm-9" data-field="job_category">—</dd>' in client.get(url).content.decode()
    Member.objects.filter(pk=world.member_a.pk).update(job_category=JobCategory.SKILLED)
    html = client.get(url).content.decode()
    assert '<dd class="col-sm-9" data-field="job_category">工勤技能人员</dd>' in html


# ---- the list's filter and its export, three actors --------------------------------------------------------


@pytest.fixture
def categorised(world):
    Member.objects.filter(pk=world.member_a.pk).update(job_category=JobCategory.TEACHER)
    MemberFactory.create(org=world.org_a, name="甲医生", job_category=JobCategory.DOCTOR)
    MemberFactory.create(org=world.org_a, name="甲无类别")
    MemberFactory.create(org=world.org_b, name="乙教师", job_category=JobCategory.TEACHER)


@pytest.mark.parametrize(
    ("_case", "actor", "status", "names"),
    [
        ("org admin sees its own teachers", "org_admin", 200, ["甲会员"]),
        ("plain member has no console", "org_member", 403, None),
        ("other org's admin sees none of org A's", "outsider", 200, ["乙教师"]),
    ],
)
def test_the_list_filters_by_job_category_within_scope(
    request, client, world, categorised, _case, actor, status, names
):
    # given
    client.force_login(request.getfixturevalue(actor))
    # when
    r = client.get(reverse("members:member_list"), {"job_category": "teacher"})
    # then
    assert r.status_code == status
    if names is not None:
        assert [m.name for m in r.context["page"]] == names
        assert r.context["filters"]["job_category"] == "teacher"
        html = r.content.decode()
        assert '<option value="teacher" selected>专业技术人员（教师）</option>' in html
        assert ("甲医生" in html, "甲无类别" in html) == (False, False)


def test_the_list_shows_the_category_column_and_the_htmx_table_filters_too(client, world, categorised):
    client.force_login(world.org_admin)
    r = client.get(reverse("members:member_list"), {"job_category": "doctor"}, HTTP_HX_REQUEST="true")
    html = r.content.decode()
    assert [m.name for m in r.context["page"]] == ["甲医生"]
    assert "<th>岗位类别</th>" in html
    assert "<td>专业技术人员（医生）</td>" in html


def test_the_export_takes_the_list_filter(client, world, categorised):
    # given
    client.force_login(world.org_admin)
    # when
    r = client.post(
        reverse("spreadsheets:export_start", args=["members"]), query_params={"job_category": "teacher"}
    )
    # then
    rows = read_rows(r.content)
    column = ROSTER_HEADERS.index("岗位类别")
    assert [(row[0], row[column]) for row in rows[1:]] == [("甲会员", "专业技术人员（教师）")]


# ---- 教代会: the teacher share ---------------------------------------------------------------------------


@pytest.fixture
def university(world):
    org = OrgFactory.create(parent=world.county_x, code="UNIV", name="甲县学院工会")
    for category in (
        JobCategory.TEACHER,
        JobCategory.TEACHER,
        JobCategory.RESEARCH,
        JobCategory.MANAGEMENT,
        JobCategory.SKILLED,
        "",
    ):
        MemberFactory.create(org=org, job_category=category)
    MemberFactory.create(org=org, job_category=JobCategory.TEACHER, status=MemberStatus.RETIRED_KEPT)
    MemberFactory.create(org=org, job_category=JobCategory.TEACHER, status=MemberStatus.LEFT)
    branch = OrgFactory.create(parent=org, code="UNIV-F1", name="学院分工会", level=OrgLevel.BRANCH)
    MemberFactory.create(org=branch, job_category=JobCategory.TEACHER)
    return org


def test_teacher_share_counts_holding_members_of_the_org_itself(university):
    # 2 teachers + 1 retired-kept teacher of 7 holding members; the one who left and the branch's do not count
    assert teacher_job_categories() == frozenset({"teacher"})
    assert teacher_share(university) == (3, 7)


def test_a_university_counting_research_raises_the_share(university, settings):
    settings.TEACHER_JOB_CATEGORIES = ["teacher", "research"]
    assert teacher_job_categories() == frozenset({"teacher", "research"})
    assert teacher_share(university) == (4, 7)


def test_an_org_without_members_has_no_share(world):
    assert teacher_share(world.county_y) == (0, 0)


def test_an_unknown_code_in_the_setting_is_a_system_check_error(settings):
    # given
    settings.TEACHER_JOB_CATEGORIES = ["teacher", "lecturer"]
    # when
    errors = [m for m in checks.run_checks() if m.id and m.id.startswith("members.")]
    # then the registered check reports it and the share ignores the unknown code
    assert [(e.id, e.level, e.msg) for e in errors] == [
        ("members.E001", checks.ERROR, "TEACHER_JOB_CATEGORIES 中的 lecturer 不是岗位类别代码")
    ]
    assert teacher_job_categories() == frozenset({"teacher"})


def test_an_empty_setting_is_a_system_check_error_and_the_default_passes(settings):
    assert check_teacher_job_categories() == []
    settings.TEACHER_JOB_CATEGORIES = []
    assert [e.id for e in check_teacher_job_categories()] == ["members.E002"]


# ---- demo --------------------------------------------------------------------------------------------------


def test_demo_members_get_realistic_job_categories():
    def shares(kind: str) -> Counter[object]:
        return Counter(
            demo_profile(i, kind=kind, gender="F", birth=dt.date(1985, 1, 1))["job_category"]
            for i in range(400)
        )

    school, hospital = shares("school"), shares("hospital")
    assert school.most_common(1)[0][0] == JobCategory.TEACHER
    assert school[JobCategory.TEACHER] > 240
    assert hospital[JobCategory.DOCTOR] + hospital[JobCategory.NURSE] > 200
    assert {JobCategory.MANAGEMENT, JobCategory.SKILLED} <= set(school) & set(hospital)
    assert set(shares("culture")) >= {JobCategory.RESEARCH, JobCategory.ARTS, JobCategory.SPORTS}
