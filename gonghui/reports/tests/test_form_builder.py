"""The task page's form builder (a formset of field rows inside TaskForm) and its org tree picker, through the
pages: rows become definitions, errors name the row, the builder's buttons work without JavaScript, a draft
comes back as rows; the filler's form has one-line inputs, text boxes, number and date inputs."""

import datetime as dt
import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from gonghui.orgs.targeting import OrgTarget, TargetKind
from gonghui.reports.fields import fields_from_rows
from gonghui.reports.models import ReportSubmission, ReportTask

from .factories import make_task

pytestmark = pytest.mark.django_db

ROW_NAMES = ("key", "label", "type", "required", "choices", "compare", "compare_field")


def _post(rows, **extra):
    """The task page's POST: the basics, the builder's management form and rows, and `extra`."""
    data = {
        "org": "CITY",
        "title": "会员统计",
        "deadline": (timezone.localdate() + dt.timedelta(days=7)).isoformat(),
        "scope_kind": "orgs",
        "scope_orgs": ["ORGA", "ORGB"],
        "kind": "form",
        "field-TOTAL_FORMS": str(len(rows)),
        "field-INITIAL_FORMS": "0",
    }
    for index, row in enumerate(rows):
        for name, value in row.items():
            if name == "required" and not value:
                continue
            data[f"field-{index}-{name}"] = "on" if name == "required" else value
    data.update(extra)
    return data


ROWS: list[dict[str, Any]] = [
    {"label": "职工数", "type": "number", "required": True},
    {"label": "会员数", "type": "number", "required": True, "compare": "max", "compare_field": "职工数"},
    {"label": "联系人", "type": "text"},
    {"label": "活动形式", "type": "choice", "choices": "线上、线下"},
    {"label": "", "type": "text"},  # a spare row left blank
]


def _labels(body):
    """The 名称 of every builder row, as shown ("" for an empty one)."""
    found = []
    for attrs in re.findall(r'<input type="text" name="field-\d+-label"([^>]*)>', body):
        value = re.search(r'value="([^"]*)"', attrs)
        found.append(value.group(1) if value else "")
    return found


def test_the_page_offers_a_builder_and_an_org_tree(client, rw):
    client.force_login(rw.city_admin)
    body = client.get(reverse("reports:task_create")).content.decode()
    assert 'name="field-TOTAL_FORMS" value="3"' in body
    assert body.count("data-builder-row>") == 4  # three rows and the template the script clones
    assert "第3个字段" in body
    assert '<option value="textarea">多行文本</option>' in body
    # the targets: a nested list of checkboxes in a fieldset, 甲县第一中学工会 under 甲县教育工会
    assert "<legend" in body
    assert "组织（指定组织时）" in body
    county = body.index('value="CX"')
    assert body.index('value="ORGA"') > county
    assert re.search(
        r'value="CX"[^<]*>.*?<ul class="org-tree">\s*<li data-org-name="甲县第一中学工会"', body, re.S
    )
    assert "data-org-picker-filter" in body
    assert "reports/task_form.js" in body
    assert "reports/org_picker.js" in body


def test_rows_become_the_tasks_fields_and_targets(client, rw):
    w = rw.world
    client.force_login(rw.city_admin)
    r = client.post(reverse("reports:task_create"), _post(ROWS, scope_kind="subtrees", scope_orgs=["CX"]))
    task = ReportTask.objects.get()
    assert r.status_code == 302
    assert task.fields == [
        {"key": "f1", "label": "职工数", "type": "number", "required": True, "choices": []},
        {
            "key": "f2",
            "label": "会员数",
            "type": "number",
            "required": True,
            "choices": [],
            "max_field": "f1",
        },
        {
            "key": "f3",
            "label": "联系人",
            "type": "text",
            "required": False,
            "choices": [],
            "multiline": False,
        },
        {"key": "f4", "label": "活动形式", "type": "choice", "required": False, "choices": ["线上", "线下"]},
    ]
    assert task.targets == [{"kind": "subtree", "org": w.county_x.pk, "level": ""}]


def test_row_errors_name_the_row_and_nothing_is_written(client, rw):
    client.force_login(rw.city_admin)
    rows = [
        {"label": "职工数", "type": "number"},
        {"label": "", "type": "number", "required": True},
        {"label": "形式", "type": "choice", "choices": "线上"},
        {"label": "会员数", "type": "number", "compare": "max", "compare_field": "形式"},
    ]
    r = client.post(reverse("reports:task_create"), _post(rows))
    body = r.content.decode()
    assert r.status_code == 200
    assert "第2个字段：名称不能为空" in body
    assert "第3个字段：选项字段“形式”至少要有两个选项" in body
    assert "第4个字段：“形式”不是数字字段，不能比较大小" in body
    assert 'href="#builder"' in body  # the error summary leads to the builder
    # and each row shows its own problem under its legend
    assert re.search(
        r"第2个字段</legend>\s*<div class=\"invalid-feedback d-block mb-2\">名称不能为空</div>", body
    )
    assert _labels(body)[:4] == ["职工数", "", "形式", "会员数"]  # what was typed stays
    assert not ReportTask.objects.exists()


def test_an_online_task_needs_a_field(client, rw):
    client.force_login(rw.city_admin)
    body = client.post(reverse("reports:task_create"), _post([{"label": ""}])).content.decode()
    assert "在线填报至少需要一个字段" in body
    assert not ReportTask.objects.exists()


@pytest.mark.parametrize(
    ("button", "labels"),
    [
        ("add", ["职工数", "会员数", "联系人", ""]),
        ("up-1", ["会员数", "职工数", "联系人"]),
        ("down-1", ["职工数", "联系人", "会员数"]),
        ("delete-0", ["会员数", "联系人"]),
        ("up-0", ["职工数", "会员数", "联系人"]),
    ],
)
def test_builder_buttons_work_without_javascript_and_save_nothing(client, rw, button, labels):
    client.force_login(rw.city_admin)
    rows = [ROWS[0], ROWS[1], ROWS[2]]
    r = client.post(reverse("reports:task_create"), _post(rows, builder=button, title=""))
    body = r.content.decode()
    assert r.status_code == 200
    assert _labels(body) == labels
    assert f'name="field-TOTAL_FORMS" value="{len(labels)}"' in body
    assert "请填写标题" not in body  # still building: no errors yet
    assert not ReportTask.objects.exists()
    # the moved row keeps its check
    assert re.search(r'<option value="职工数" selected>职工数</option>', body)


def test_a_draft_comes_back_as_rows_and_keeps_its_keys(client, rw):
    client.force_login(rw.city_admin)
    client.post(reverse("reports:task_create"), _post(ROWS))
    task = ReportTask.objects.get()
    body = client.get(reverse("reports:task_edit", args=[task.public_id])).content.decode()
    assert _labels(body) == ["职工数", "会员数", "联系人", "活动形式", "", ""]
    assert 'name="field-1-key" value="f2"' in body
    assert re.search(r'name="field-1-compare".*?<option value="max" selected>不大于</option>', body, re.S)
    # a field inserted before the others gets a new key; the others keep theirs
    rows = [
        {"label": "单位数", "type": "number"},
        *[{**row, "key": f"f{n}"} for n, row in enumerate(ROWS[:4], 1)],
    ]
    client.post(reverse("reports:task_edit", args=[task.public_id]), _post(rows))
    task.refresh_from_db()
    assert [(f["key"], f["label"]) for f in task.fields] == [
        ("f5", "单位数"),
        ("f1", "职工数"),
        ("f2", "会员数"),
        ("f3", "联系人"),
        ("f4", "活动形式"),
    ]
    assert task.fields[2]["max_field"] == "f1"


def test_the_org_picker_only_takes_orgs_the_sender_may_target(client, rw):
    client.force_login(rw.county_admin)
    body = client.get(reverse("reports:task_create")).content.decode()
    assert 'value="ORGA"' in body
    assert 'value="ORGB"' not in body
    r = client.post(reverse("reports:task_create"), _post(ROWS, org="CX", scope_orgs=["ORGB"]))
    assert "所选组织“ORGB”不在可选范围内" in r.content.decode()
    assert not ReportTask.objects.exists()


def test_the_filler_gets_short_inputs_text_boxes_numbers_and_dates(client, rw):
    w = rw.world
    rows: list[dict[str, Any]] = [
        {"label": "职工数", "type": "number", "required": True},
        {"label": "会员数", "type": "number", "compare": "max", "compare_field": "职工数"},
        {"label": "联系人", "type": "text"},
        {"label": "工作亮点", "type": "textarea"},
        {"label": "活动日期", "type": "date"},
    ]
    task = make_task(
        org=w.city,
        actor=rw.city_admin,
        targets=[OrgTarget(kind=TargetKind.ORG, org_id=w.org_a.pk)],
        fields="职工数 | 数字",
    )
    task.fields = fields_from_rows(rows)
    task.save(update_fields=["fields"])
    submission = ReportSubmission.objects.get(task=task)
    client.force_login(w.org_admin)
    url = reverse("reports:submission_detail", args=[submission.public_id])
    body = client.get(url).content.decode()
    assert re.search(r'<input type="number" name="f1"[^>]*step="any"', body)
    assert re.search(r'<input type="text" name="f3"[^>]*maxlength="200"', body)
    assert re.search(r'<textarea name="f4"', body)
    assert re.search(r'<input type="date" name="f5"', body)
    # the cross-field check is reported on 会员数
    body = client.post(url, {"f1": "120", "f2": "130"}).content.decode()
    assert "会员数不能大于职工数（120）" in body
    submission.refresh_from_db()
    assert submission.data == {}


def test_consolidation_is_chosen_on_the_task_page(client, rw):
    client.force_login(rw.city_admin)
    assert "逐级审核汇总" in client.get(reverse("reports:task_create")).content.decode()
    client.post(reverse("reports:task_create"), _post(ROWS, consolidate="on"))
    task = ReportTask.objects.get()
    assert task.consolidate
    body = client.get(reverse("reports:task_edit", args=[task.public_id])).content.decode()
    assert re.search(r'<input type="checkbox" name="consolidate"[^>]*checked', body)
