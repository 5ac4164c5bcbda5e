"""Pages of the class (part `classing`): 低保标准, 刚性支出与事件 and 核定类别 for the three actors, and what the
pages show (rules, never figures) and do."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gonghui.welfare.choices import FileStatus, HardshipClass, RigidExpense
from gonghui.welfare.models import PovertyLine
from gonghui.welfare.sealing import unseal
from gonghui.welfare.tests.factories import grant_officer, make_file, make_line, make_person

YEAR = timezone.localdate().year


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def setup(world):
    """County_x's line 600; org A's file: 2 people, 30,000 + 0, medical 12,000 →
    (30,000 − 12,000) / 2 / 12 = 750.00 → 相对困难 (600 < 750 ≤ 1,200)."""
    officer = grant_officer(world.org_admin, world.county_x)
    grant_officer(world.outsider, world.county_y)
    line = make_line(org=world.county_x, actor=officer, year=YEAR, source="甲县民发文件")
    file = make_file(member=world.member_a, actor=officer, status=FileStatus.SURVEYED, annual_income="30000")
    make_person(household=file.household, name="配偶甲", annual_income="0")
    return officer, line, file


def test_three_actors(world, setup):
    officer, line, file = setup
    pages = [
        reverse("welfare:line_edit", args=[line.pk]),
        reverse("welfare:expenses", args=[file.pk]),
        reverse("welfare:classify", args=[file.pk]),
    ]
    admin, member, outsider = _client(officer), _client(world.org_member), _client(world.outsider)
    for url in pages:
        assert admin.get(url).status_code == 200, url
        assert member.get(url).status_code == 403, url
        assert outsider.get(url).status_code == 404, url
    assert "甲县民发文件" in admin.get(reverse("welfare:lines")).content.decode()
    assert "甲县民发文件" not in outsider.get(reverse("welfare:lines")).content.decode()
    assert member.get(reverse("welfare:lines")).status_code == 403


def test_line_create_and_a_second_line_of_the_year_refused(world, setup):
    officer, _line, _file = setup
    client = _client(officer)
    data = {
        "org": world.org_a.pk,
        "year": YEAR,
        "monthly_line": "650",
        "relative_multiple": "2",
        "accident_multiple": "1.5",
    }
    assert client.post(reverse("welfare:line_create"), data).status_code == 302
    assert PovertyLine.objects.get(org=world.org_a).accident_multiple == Decimal("1.50")
    again = client.post(reverse("welfare:line_create"), data)
    assert again.status_code == 200
    assert f"甲县第一中学工会已有 {YEAR} 年的低保标准" in again.content.decode()


def test_expenses_page_keeps_an_empty_amount_and_clears_a_zero(world, setup):
    officer, _line, file = setup
    client = _client(officer)
    url = reverse("welfare:expenses", args=[file.pk])
    base = {"accident_kind": "", "accident_date": "", "accident_note": "", "exclusion_note": ""}
    client.post(url, {**base, "expense_medical": "12000", "expense_schooling": "3000"})
    client.post(url, {**base, "expense_schooling": "0"})  # medical left empty: kept
    file.refresh_from_db()
    assert unseal(file.sealed)["expenses"] == {RigidExpense.MEDICAL: "12000.00"}
    page = client.get(url).content.decode()
    assert "12000" not in page
    assert "已登记（已加密）" in page


def test_classify_page_shows_rules_not_figures_and_decides(world, setup):
    officer, _line, file = setup
    client = _client(officer)
    base = {"accident_kind": "", "accident_date": "", "accident_note": "", "exclusion_note": ""}
    client.post(reverse("welfare:expenses", args=[file.pk]), {**base, "expense_medical": "12000"})
    url = reverse("welfare:classify", args=[file.pk])
    page = client.get(url).content.decode()
    assert 'data-computed="relative"' in page
    assert "人均月收入高于低保标准、不高于相对困难标准 → 相对困难" in page
    assert "750" not in page
    assert "30,000" not in page
    refused = client.post(url, {"decided_class": HardshipClass.DEEP, "note": ""})
    assert "核定类别与测算类别（相对困难）不同，请填写核定说明" in refused.content.decode()
    assert (
        client.post(url, {"decided_class": HardshipClass.DEEP, "note": "配偶重病无收入"}).status_code == 302
    )
    file.refresh_from_db()
    assert (file.suggested_class, file.decided_class) == (HardshipClass.RELATIVE, HardshipClass.DEEP)
    detail_panel = client.get(reverse("welfare:detail", args=[file.pk]))
    assert detail_panel.status_code == 200
    assert "750" not in detail_panel.content.decode()
