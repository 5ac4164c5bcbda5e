"""评价方案 pages with three actors (org A's admin, org A's plain member, org B's admin): the list with filters,
creating a scheme (Chinese errors), the tree with totals, rule text and 未注册 sources, the indicator form with
simple parameters, publishing with its checks, copying, retiring, the export and the source catalogue."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gonghui.core.excel import SheetSpec, workbook_bytes
from gonghui.evaluations.choices import SchemeStatus
from gonghui.evaluations.models import Dimension, EvaluationScheme, Indicator
from gonghui.evaluations.selectors.schemes import EXPORT_HEADERS, scheme_export_rows
from gonghui.evaluations.services.schemes import scheme_create
from gonghui.evaluations.tests.factories import make_scheme

from .factories_schemes import draft_scheme

pytestmark = pytest.mark.django_db


@pytest.fixture
def scheme(world):
    return draft_scheme(org=world.org_a, actor=world.org_admin)


def _get(client, user, url, data=None):
    client.force_login(user)
    return client.get(url, data or {})


def test_list_three_actors_and_filters(client, world, scheme):
    url = reverse("evaluations:scheme_list")
    page = _get(client, world.org_admin, url).content.decode()
    assert scheme.title in page
    assert "新建方案" in page
    assert _get(client, world.org_member, url).status_code == 403
    other = _get(client, world.outsider, url).content.decode()
    assert scheme.title not in other
    assert "还没有评价方案" in other
    assert (
        scheme.title in _get(client, world.org_admin, url, {"year": 2021, "status": "draft"}).content.decode()
    )
    assert "没有符合条件" in _get(client, world.org_admin, url, {"status": "published"}).content.decode()
    assert "没有符合条件" in _get(client, world.org_admin, url, {"q": "不存在"}).content.decode()


def test_detail_three_actors(client, world, scheme, django_assert_max_num_queries):
    url = reverse("evaluations:scheme_detail", args=[scheme.public_id])
    client.force_login(world.org_admin)
    with django_assert_max_num_queries(25):
        page = client.get(url).content.decode()
    assert "职工之家建设" in page
    assert "人工评分（0–10分）" in page
    assert "必备" in page
    assert 'id="tree-total">15<' in page
    assert reverse("evaluations:indicator_create", args=[scheme.public_id]) in page
    assert 'data-timeline-action="create"' in page  # timeline
    assert _get(client, world.org_member, url).status_code == 403
    assert _get(client, world.outsider, url).status_code == 404
    assert (
        _get(client, world.outsider, reverse("evaluations:scheme_edit", args=[scheme.public_id])).status_code
        == 404
    )


def test_create_with_chinese_errors(client, world):
    client.force_login(world.org_admin)
    url = reverse("evaluations:scheme_create")
    base = {"org": world.org_a.pk, "title": "2022年度考核", "year": 2022, "description": ""}
    page = client.post(url, {**base, "grade_bands": "90 五星\n八十", "veto_grade": "一星"}).content.decode()
    assert "第2行应为“最低分 等级”两项" in page
    page = client.post(url, {**base, "grade_bands": "90 五星\n0 一星", "veto_grade": "三星"}).content.decode()
    assert "否决项不达标时的最高等级“三星”不在等级划分中" in page
    done = client.post(url, {**base, "grade_bands": "0 一星\n90 五星", "veto_grade": "一星"})
    scheme = EvaluationScheme.objects.get(title="2022年度考核")
    assert done.status_code == 302
    assert scheme.grade_bands == [[90, "五星"], [0, "一星"]]
    client.force_login(world.org_member)
    assert client.get(url).status_code == 403
    client.force_login(world.outsider)
    client.post(
        url, {**base, "org": world.org_a.pk, "title": "越权", "grade_bands": "0 一星", "veto_grade": "一星"}
    )
    assert not EvaluationScheme.objects.filter(title="越权").exists()


def test_indicator_form_thresholds_and_errors(client, world, scheme):
    client.force_login(world.org_admin)
    url = reverse("evaluations:indicator_create", args=[scheme.public_id])
    dimension = Dimension.objects.get(scheme=scheme, name="组织建设")
    post = {
        "dimension": dimension.pk,
        "number": "3",
        "name": "会员评家",
        "points": "10",
        "kind": "manual",
        "rule": "thresholds",
        "direction": "at_least",
        "steps": "90 10\n80 8",
        "verification": "records",
    }
    page = client.post(url, post).content.decode()
    assert "人工评分的指标，计分规则应为“人工评分”" in page
    page = client.post(url, {**post, "kind": "auto", "source_key": ""}).content.decode()
    assert "自动取数的指标请选择数据来源" in page
    page = client.post(url, {**post, "rule": "manual", "steps": "90"}).content.decode()
    assert "第1行应为“界值 得分”两项" in page
    page = client.post(url, {**post, "rule": "manual", "is_veto": "on", "points": "-1"}).content.decode()
    assert "分值" in page
    assert client.post(url, {**post, "rule": "manual"}).status_code == 302
    assert Indicator.objects.get(scheme=scheme, name="会员评家").order == 2


def test_publish_copy_retire_pages(client, world, scheme):
    client.force_login(world.org_admin)
    publish = reverse("evaluations:scheme_publish", args=[scheme.public_id])
    assert "满分 15 分" in client.get(publish).content.decode()
    assert client.post(publish).status_code == 302
    scheme.refresh_from_db()
    assert scheme.status == SchemeStatus.PUBLISHED
    detail = client.get(reverse("evaluations:scheme_detail", args=[scheme.public_id])).content.decode()
    assert reverse("evaluations:indicator_create", args=[scheme.public_id]) not in detail
    edit = client.get(reverse("evaluations:indicator_create", args=[scheme.public_id]))
    assert edit.status_code == 302
    copy = client.post(
        reverse("evaluations:scheme_copy", args=[scheme.public_id]), {"year": 2022, "title": ""}
    )
    new = EvaluationScheme.objects.get(copied_from=scheme)
    assert copy.status_code == 302
    assert new.title == "2022年度基层工会工作量化考核"
    assert new.is_draft
    assert client.post(reverse("evaluations:scheme_retire", args=[scheme.public_id])).status_code == 302
    scheme.refresh_from_db()
    assert scheme.status == SchemeStatus.RETIRED
    client.force_login(world.org_member)
    assert client.get(reverse("evaluations:scheme_copy", args=[scheme.public_id])).status_code == 403


def test_unregistered_source_and_export(client, world):
    scheme = make_scheme(org=world.org_a, actor=world.org_admin)
    Indicator.objects.filter(scheme=scheme, name="入会率").update(source_key="nothing.here")
    page = _get(client, world.org_admin, reverse("evaluations:scheme_detail", args=[scheme.public_id]))
    text = page.content.decode()
    assert "未注册" in text
    assert "≥90 得10分；≥80 得8分；≥70 得5分" in text
    export = client.post(
        reverse("spreadsheets:export_start", args=["evaluation_scheme"]) + f"?scheme={scheme.public_id}"
    )
    assert export.status_code == 200
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    client.force_login(world.outsider)
    missing = client.post(
        reverse("spreadsheets:export_start", args=["evaluation_scheme"]) + f"?scheme={scheme.public_id}"
    )
    assert missing.status_code == 404


def test_source_catalogue(client, world):
    page = _get(client, world.org_admin, reverse("evaluations:source_list"))
    assert page.status_code == 200
    assert "自动取数指标库" in page.content.decode()
    assert "<td>比率</td>" in page.content.decode()
    assert "<td>rate</td>" not in page.content.decode()
    assert (
        "没有符合条件"
        in _get(
            client, world.org_admin, reverse("evaluations:source_list"), {"q": "不存在的"}
        ).content.decode()
    )
    assert _get(client, world.org_member, reverse("evaluations:source_list")).status_code == 403


def _xlsx(rows):
    return SimpleUploadedFile("方案.xlsx", workbook_bytes([SheetSpec("考核指标", EXPORT_HEADERS, rows)]))


def test_import_round_trip_all_or_nothing(client, world):
    source = make_scheme(org=world.org_a, actor=world.org_admin)
    target = scheme_create(org=world.org_a, title="导入方案", year=2021, actor=world.org_admin)
    url = reverse("evaluations:scheme_import", args=[target.public_id])
    client.force_login(world.org_admin)
    bad = [
        *scheme_export_rows(source),
        ["加分项", "", "3", "创新", "", "abc", "人工评分", "", "人工评分", "", "", "否", "查阅资料", "否"],
    ]
    page = client.post(url, {"file": _xlsx(bad)}).content.decode()
    assert "第4行“分值”：“abc”不是数字" in page
    assert not Indicator.objects.filter(scheme=target).exists()
    assert not Dimension.objects.filter(scheme=target).exists()
    assert client.post(url, {"file": _xlsx(scheme_export_rows(source))}).status_code == 302
    imported = {i.name: i for i in Indicator.objects.filter(scheme=target)}
    assert imported["入会率"].params == {
        "direction": "at_least",
        "steps": [["90", "10"], ["80", "8"], ["70", "5"]],
    }
    assert imported["入会率"].source_key == "members.join_rate"
    assert imported["职工之家建设"].rule == "manual"
    client.force_login(world.outsider)
    assert client.post(url, {"file": _xlsx(scheme_export_rows(source))}).status_code == 404
