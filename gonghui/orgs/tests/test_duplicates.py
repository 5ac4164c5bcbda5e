"""Duplicate orgs (issue 13 item 20): at creation and at import, the same 统一社会信用代码 as an existing org
anywhere is refused naming that org (by name only when the user cannot see it); a near-identical name under the
same parent is a warning — the form asks to confirm with 仍然创建, the import preview shows it on the row."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gonghui.core.excel import SheetSpec, workbook_bytes
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.models import Org
from gonghui.orgs.selectors import names_similar, org_name_key
from gonghui.orgs.services.tree import org_create, org_update
from gonghui.orgs.validators import uscc_check_char
from gonghui.spreadsheets.choices import ImportStatus
from gonghui.spreadsheets.services import import_job_create

from .test_views import _new_org_form

CODE = "12410802MB0000001" + uscc_check_char("12410802MB0000001")
OTHER_CODE = "12410802MB0000002" + uscc_check_char("12410802MB0000002")


@pytest.fixture
def coded_b(world) -> Org:
    """Org B (乙县, out of 甲县's sight) holds CODE."""
    Org.objects.filter(pk=world.org_b.pk).update(credit_code=CODE)
    return Org.objects.get(pk=world.org_b.pk)


@pytest.mark.parametrize(
    ("a", "b", "similar"),
    [
        ("甲县第一中学工会", "甲县第一中学工会委员会", True),
        ("甲县第一中学工会", " 甲县第一中学 工会", True),
        ("甲县第３中学工会", "甲县第3中学工会", True),  # full-width digit
        ("甲县第一中学工会", "甲县第一中学委员会", True),
        ("解放区实验小学北校区工会", "解放区实验小学北校区分工会", True),  # ratio ≥ 0.9
        ("甲县第一中学工会", "甲县第二中学工会", False),
        ("甲县人民医院工会", "乙县人民医院工会", False),
        ("工会", "甲县工会", False),
    ],
)
def test_names_similar(a, b, similar):
    assert names_similar(a, b) is similar


def test_the_name_key_drops_spaces_width_and_the_union_ending():
    assert org_name_key("甲县 第３中学工会委员会") == "甲县第3中学"


def test_the_same_credit_code_blocks_naming_the_org_by_name_only_out_of_sight(world, coded_b, county_x_admin):
    data = {
        "name": "甲县新学校工会",
        "unit_name": "甲县新学校",
        "code": "CX-N1",
        "level": OrgLevel.GRASSROOTS,
    }
    with pytest.raises(ValidationError) as exc:
        org_create(parent=world.county_x, actor=county_x_admin, data={**data, "credit_code": CODE.lower()})
    assert exc.value.message_dict == {"credit_code": ["已有同一统一社会信用代码的工会：乙县人民医院工会"]}
    assert not Org.objects.filter(code="CX-N1").exists()


def test_a_user_who_sees_the_holder_gets_its_code_too_and_an_edit_is_checked(world, coded_b, city_admin):
    with pytest.raises(ValidationError) as exc:
        org_update(org=world.org_a, actor=city_admin, data={"credit_code": CODE})
    assert exc.value.message_dict == {
        "credit_code": ["已有同一统一社会信用代码的工会：乙县人民医院工会（ORGB）"]
    }
    assert Org.objects.get(pk=world.org_a.pk).credit_code == ""


def test_the_create_form_shows_the_credit_code_holder_on_the_field(client, world, coded_b, county_x_admin):
    client.force_login(county_x_admin)
    r = client.post(
        reverse("orgs:org_create", args=["CX"]),
        _new_org_form(name="甲县新学校工会", code="CX-N1", level="grassroots", credit_code=CODE),
    )
    assert r.status_code == 200
    assert r.context["form"].errors["credit_code"] == ["已有同一统一社会信用代码的工会：乙县人民医院工会"]
    assert not Org.objects.filter(code="CX-N1").exists()


def test_a_near_name_under_the_same_parent_asks_to_confirm_then_creates(client, world, county_x_admin):
    client.force_login(county_x_admin)
    url = reverse("orgs:org_create", args=["CX"])
    data = _new_org_form(
        name="甲县第一中学工会委员会", code="CX-N2", level="grassroots", unit_name="甲县第一中学"
    )
    # when: first try
    first = client.post(url, data)
    # then: not created; the warning names the existing union and the 仍然创建 checkbox is shown
    html = first.content.decode()
    assert first.status_code == 200
    assert not Org.objects.filter(code="CX-N2").exists()
    warning = "同一上级组织下已有名称相近的工会：甲县第一中学工会（ORGA），请核对是否重复"
    assert warning in html
    assert 'type="checkbox" name="confirm_similar"' in html
    assert "仍然创建" in html
    # when: confirmed
    second = client.post(url, {**data, "confirm_similar": "on"})
    # then
    assert second.status_code == 302
    assert Org.objects.filter(code="CX-N2", name="甲县第一中学工会委员会").exists()


def test_a_near_name_under_another_parent_is_no_warning(world, city_admin):
    org = org_create(
        parent=world.county_y,
        actor=city_admin,
        data={
            "name": "甲县第一中学工会委员会",
            "unit_name": "乙县某校",
            "code": "CY-N3",
            "level": OrgLevel.GRASSROOTS,
        },
    )
    assert org.pk


def test_the_create_form_has_no_checkbox_without_a_warning(client, world, county_x_admin):
    client.force_login(county_x_admin)
    html = client.get(reverse("orgs:org_create", args=["CX"])).content.decode()
    assert 'type="checkbox" name="confirm_similar"' not in html
    assert 'type="hidden" name="confirm_similar"' in html


# ---- import -----------------------------------------------------------------------------------------------

HEADERS = ["组织编码", "工会名称", "上级组织编码", "层级", "所在单位", "统一社会信用代码"]


def _job(world, actor, rows, capture):
    upload = SimpleUploadedFile("组织.xlsx", workbook_bytes([SheetSpec("组织", HEADERS, rows)]))
    with capture(execute=True):
        job = import_job_create(kind="orgs", org=world.county_x, actor=actor, upload=upload)
    job.refresh_from_db()
    return job


def test_import_refuses_a_taken_credit_code_naming_the_org_and_warns_of_near_names(
    world, coded_b, county_x_admin, django_capture_on_commit_callbacks
):
    rows = [
        ["CX-N1", "甲县新学校工会", "CX", "基层工会", "甲县新学校", CODE],
        ["CX-N2", "甲县第一中学工会委员会", "CX", "基层工会", "甲县第一中学", ""],
        ["CX-N3", "甲县实验小学工会", "CX", "基层工会", "甲县实验小学", OTHER_CODE],
        ["CX-N4", "甲县实验小学工会委员会", "CX", "基层工会", "甲县实验小学", ""],
    ]
    job = _job(world, county_x_admin, rows, django_capture_on_commit_callbacks)
    assert job.status == ImportStatus.VALIDATED
    assert job.errors == [[2, "统一社会信用代码", "已有同一统一社会信用代码的工会：乙县人民医院工会"]]
    names = {row[1]: row[2] for row in job.preview}
    assert names == {
        "CX-N2": "甲县第一中学工会委员会（提示：同一上级组织下已有名称相近的工会：甲县第一中学工会（ORGA），请核对是否重复）",
        "CX-N3": "甲县实验小学工会",
        "CX-N4": "甲县实验小学工会委员会（提示：与第 4 行“甲县实验小学工会”名称相近，请核对是否重复）",
    }
    assert job.valid_rows == 3  # near names are warnings: they import once the user confirms
    assert not Org.objects.filter(code__startswith="CX-N").exists()
