"""Pages of part `files`: the list's filters, the audited no-store export, the file page (the hub), a step page's
three actors, and the union's admin who holds counts only (no file, a menu of 帮扶统计 alone)."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from python_calamine import CalamineWorkbook

from conftest import make_cadre
from gonghui.core.models import AuditAction, AuditLog
from gonghui.members.tests.factories import MemberFactory
from gonghui.orgs.tests.factories import OrgFactory
from gonghui.welfare.choices import FileStatus, HardshipClass
from gonghui.welfare.models import HardshipFile
from gonghui.welfare.permissions import OFFICER_ROLE
from gonghui.welfare.services.files import survey_record

from .factories import grant_officer, make_file
from .test_files import _decided

pytestmark = pytest.mark.django_db


@pytest.fixture
def county(world):
    return make_cadre("wf_county", world.county_x, OFFICER_ROLE)


@pytest.fixture
def files(world, county):
    """Three files under 甲县: org A's member's (filed, 深度困难, 2026), another org A member's (applied, 2025) and
    one of 甲县第二中学 (surveyed)."""
    school2 = OrgFactory.create(
        parent=world.county_x, code="ORGA2", name="甲县第二中学工会", unit_name="甲县第二中学"
    )
    filed = make_file(
        member=world.member_a,
        actor=county,
        status=FileStatus.FILED,
        number="甲帮扶2026001",
        decided_class=HardshipClass.DEEP,
    )
    applied = make_file(
        member=MemberFactory.create(org=world.org_a, name="乙申请人"),
        actor=county,
        number="甲帮扶2025009",
        submitted_at=timezone.now().replace(year=2025),
    )
    surveyed = make_file(
        member=MemberFactory.create(org=school2, name="丙申请人"),
        actor=county,
        status=FileStatus.SURVEYED,
        number="甲帮扶2026003",
    )
    return {"filed": filed, "applied": applied, "surveyed": surveyed, "school2": school2}


def _numbers(client, **params):
    page = client.get(reverse("welfare:list"), params)
    assert page.status_code == 200
    return sorted(f.number for f in page.context["page"].object_list)


def test_the_list_filters(client, world, county, files):
    client.force_login(county)
    year = timezone.localdate().year
    assert _numbers(client) == ["甲帮扶2025009", "甲帮扶2026001", "甲帮扶2026003"]
    assert _numbers(client, q="乙申请") == ["甲帮扶2025009"]
    assert _numbers(client, q="2026003") == ["甲帮扶2026003"]
    assert _numbers(client, status=FileStatus.FILED) == ["甲帮扶2026001"]
    assert _numbers(client, hardship_class=HardshipClass.DEEP) == ["甲帮扶2026001"]
    assert _numbers(client, org=world.org_a.pk) == ["甲帮扶2025009", "甲帮扶2026001"]
    assert _numbers(client, org=world.county_x.pk) == ["甲帮扶2025009", "甲帮扶2026001", "甲帮扶2026003"]
    assert _numbers(client, year=2025) == ["甲帮扶2025009"]
    assert _numbers(client, todo="on") == ["甲帮扶2025009", "甲帮扶2026003"]  # 初审 (from above) and 审核
    assert _numbers(client, q="没有这个人") == []
    page = client.get(reverse("welfare:list"), {"q": "没有这个人"}).content.decode()
    assert "没有符合条件的档案" in page
    assert f"{year}年" in page


def test_the_export_is_audited_and_never_cached(client, county, files):
    client.force_login(county)
    assert client.get(reverse("welfare:export")).status_code == 405
    response = client.post(reverse("welfare:export") + f"?status={FileStatus.FILED}")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0).to_python()
    assert rows[0] == ["档案编号", "姓名", "工会", "类别", "状态", "申请时间", "建档时间", "下次复核"]
    assert [row[:5] for row in rows[1:]] == [
        ["甲帮扶2026001", "甲会员", "甲县第一中学工会", "深度困难", "已建档"]
    ]
    log = AuditLog.objects.get(action=AuditAction.EXPORT)
    assert (log.actor, log.summary) == (county, "导出困难职工档案 1 行")


def test_the_file_page_gathers_every_part(client, world, county, files, django_assert_max_num_queries):
    # given a surveyed, decided file with the consent and a survey whose findings are sealed
    file = _decided(files["surveyed"], county)
    survey_record(
        file=file,
        actor=county,
        surveyed_on=dt.date(2026, 3, 2),
        visitors="王主席、李干事",
        findings="租住单间",
    )
    client.force_login(county)
    with django_assert_max_num_queries(40):
        response = client.get(reverse("welfare:detail", args=[file.pk]))
    page = response.content.decode()
    # then the header offers 审核 and 不予建档, the survey shows masked, every part's card is there
    steps = [(s.action, s.url) for s in response.context["steps"]]
    assert ("review", reverse("welfare:review", args=[file.pk])) in steps
    assert ("reject", reverse("welfare:reject", args=[file.pk])) in steps
    assert ("publicise", reverse("welfare:publicise", args=[file.pk])) not in steps
    assert "王主席、李干事" in page
    assert "租住单间" not in page
    assert "已登记（已加密）" in page
    assert 'id="file-timeline"' in page
    for key in ("intake_panel", "households_panel", "classing_panel", "cycle_panel", "aid_panel"):
        assert response.context[key]["file"] == file


@pytest.mark.parametrize(
    ("_case", "actor", "get_status", "post_status"),
    [
        ("甲县's officer reviews", "county", 200, 302),
        ("org A's plain member is refused", "org_member", 403, 403),
        ("乙县's officer sees nothing", "outsider", 404, 404),
    ],
)
def test_review_page_actors(request, client, world, county, files, _case, actor, get_status, post_status):
    grant_officer(world.outsider, world.county_y)  # org B's admin, 帮扶干事 of 乙县
    users = {"county": county, "org_member": world.org_member, "outsider": world.outsider}
    file = _decided(files["surveyed"], county)
    client.force_login(users[actor])
    url = reverse("welfare:review", args=[file.pk])
    assert client.get(url).status_code == get_status
    assert client.post(url, {"note": "同意"}).status_code == post_status
    file.refresh_from_db()
    assert (file.status == FileStatus.REVIEWED) is (post_status == 302)


def test_the_units_own_officer_gets_403_on_review_but_a_state_message_elsewhere(client, world, files):
    # given 甲校's own officer, who handles org A's files but does not review them
    school = make_cadre("wf_school", world.org_a, OFFICER_ROLE)
    applied = files["applied"]
    client.force_login(school)
    url = reverse("welfare:review", args=[applied.pk])
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    # a step the officer may take but the state does not allow yet: the reason, no form
    survey = client.get(reverse("welfare:survey", args=[applied.pk])).content.decode()
    assert "档案当前状态为“已申请”，不能办理“入户调查”" in survey
    assert 'name="findings"' not in survey
    # the step the state allows: 单位初审 posts and moves the file
    response = client.post(reverse("welfare:unit_check", args=[applied.pk]), {"decision": "pass", "note": ""})
    assert response.status_code == 302
    assert HardshipFile.objects.get(pk=applied.pk).status == FileStatus.UNIT_CHECKED


def test_a_union_admin_without_the_officer_role_sees_no_file(client, world, files):
    client.force_login(world.org_admin)
    listing = client.get(reverse("welfare:list"))
    assert listing.status_code == 200
    assert list(listing.context["page"].object_list) == []
    assert "帮扶干事" in listing.content.decode()
    # of the files' entries only 帮扶统计; the union's own 送温暖、慰问、疗休养 and 普惠 entries are all there
    assert [item.key for item in listing.context["menu_sections"]["帮扶慰问"]] == [
        "welfare.stats",
        "welfare.relief",
        "welfare.subsidies",
        "welfare.condolences",
        "welfare.recuperation",
        "welfare.offers",
    ]
    assert client.get(reverse("welfare:detail", args=[files["filed"].pk])).status_code == 404
    assert client.post(reverse("welfare:export")).status_code == 403
