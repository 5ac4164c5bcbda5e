"""Part intake, pages: the member's application on the portal (receipt, 我的办理, no sealed value shown; errors
naming the row of the family table), another member's receipt, the console pages' triad, the member whose household
already has a file, and the 诉求 desk's card."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from gonghui.appeals.tests.factories import make_appeal
from gonghui.welfare.choices import (
    FileStatus,
    HardshipCause,
    HealthStatus,
    Housing,
    MedicalInsurance,
    Relation,
)
from gonghui.welfare.models import HardshipFile
from gonghui.welfare.tests.factories import grant_officer, make_file

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _application(**extra: object) -> dict[str, object]:
    data: dict[str, object] = {
        "cause_main": HardshipCause.ILLNESS,
        "housing": Housing.RENTED,
        "medical_insurance": MedicalInsurance.EMPLOYEE,
        "model_worker_type": "",
        "address": "甲县人民路8号",
        "self-employment": "employed",
        "self-health": HealthStatus.HEALTHY,
        "self-disability_kind": "",
        "self-disability_grade": "",
        "self-annual_income": "30000",
        "self-consent_signer": "甲会员",
        "people-TOTAL_FORMS": "6",
        "people-INITIAL_FORMS": "0",
        "people-MIN_NUM_FORMS": "0",
        "people-MAX_NUM_FORMS": "6",
        "people-0-relation": Relation.CHILD,
        "people-0-name": "甲小儿",
        "people-0-annual_income": "0",
        "people-0-health": HealthStatus.SERIOUS,
        "people-0-employment": "student",
        "people-0-schooling": "compulsory",
        "people-0-birth_date": "2016-03-01",
        "people-0-consent_signer": "甲会员",
        "people-0-consent_by_guardian": "on",
    }
    for row in range(1, 6):
        data[f"people-{row}-schooling"] = "none"
    data.update(extra)
    return data


def test_a_member_applies_on_the_portal_and_sees_the_receipt_and_my_requests(world):
    client = _client(world.org_member)
    assert "申请困难职工帮扶" in client.get(reverse("welfare_portal:mine")).content.decode()
    # the empty form opens only the first family row (an unbound row's defaults counted as changes: all six open)
    form = client.get(reverse("welfare_portal:apply")).content.decode()
    assert len(re.findall(r'id="family-row-\d+"', form)) == 6
    assert len(re.findall(r'id="family-row-\d+" open', form)) == 1
    consent = SimpleUploadedFile("授权委托书.png", PNG, content_type="image/png")
    response = client.post(reverse("welfare_portal:apply"), {**_application(), "consent_upload": consent})
    file = HardshipFile.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("welfare_portal:receipt", args=[file.public_id])
    receipt = client.get(response["Location"]).content.decode()
    assert file.number in receipt
    assert "甲小儿（子女）" in receipt
    assert "30000" not in receipt  # the sealed income is not shown
    assert "重大疾病" not in receipt
    requests_page = client.get(reverse("portal:requests")).content.decode()
    assert "困难职工帮扶" in requests_page
    assert "已申请" in requests_page
    # a second visit to 申请 opens the file instead
    again = client.get(reverse("welfare_portal:apply"), follow=True)
    assert "已有困难职工档案，已为您打开" in again.content.decode()


def test_portal_errors_name_the_field_and_the_row_of_the_family_table(world):
    data = _application(**{"people-1-relation": Relation.PARENT, "people-1-annual_income": "abc"})
    response = _client(world.org_member).post(reverse("welfare_portal:apply"), data)
    body = response.content.decode()
    assert response.status_code == 422
    assert "家庭成员第2行 · 姓名：请填写姓名" in body
    assert "家庭成员第2行 · 年收入：年收入请填写数字" in body
    assert "授权委托书：请上传授权委托书" in body
    assert not HardshipFile.objects.exists()


def test_another_members_receipt_is_not_found(world, django_user_model):
    from conftest import make_member_user

    file = make_file(member=world.member_a, actor=world.org_admin)
    other_user, _other = make_member_user("13700003333", world.org_a, name="甲同事")
    assert (
        _client(other_user).get(reverse("welfare_portal:receipt", args=[file.public_id])).status_code == 404
    )
    assert (
        _client(world.org_member).get(reverse("welfare_portal:receipt", args=[file.public_id])).status_code
        == 200
    )


@pytest.mark.parametrize("name", ["welfare:edit", "welfare:consent_upload"])
def test_console_pages_triad(world, name):
    grant_officer(world.org_admin, world.county_x)
    grant_officer(world.outsider, world.county_y)
    file = make_file(member=world.member_a, actor=world.org_admin)
    url = reverse(name, args=[file.pk])
    assert _client(world.org_admin).get(url).status_code == 200
    assert _client(world.org_member).get(url).status_code == 403
    assert _client(world.outsider).get(url).status_code == 404


def test_the_union_enters_an_application_and_a_member_with_a_file_is_taken_to_it(world):
    grant_officer(world.org_admin, world.county_x)
    client = _client(world.org_admin)
    page = client.get(reverse("welfare:create") + "?q=甲会员").content.decode()
    assert f'value="{world.member_a.pk}"' in page
    response = client.post(reverse("welfare:create"), _application(member=world.member_a.pk))
    file = HardshipFile.objects.get()
    assert response["Location"] == file.get_absolute_url()
    assert file.channel == "union"
    again = client.post(reverse("welfare:create"), _application(member=world.member_a.pk), follow=True)
    assert "已有困难职工档案" in again.content.decode()
    assert HardshipFile.objects.count() == 1
    assert _client(world.org_member).get(reverse("welfare:create")).status_code == 403


def test_the_appeal_desk_offers_the_file_in_one_step(world):
    from gonghui.accounts.tests.factories import RoleGrantFactory

    officer = grant_officer(world.org_admin, world.county_x)
    RoleGrantFactory.create(user=officer, role="appeals_handler", org=world.county_x)
    appeal = make_appeal(world.member_a)
    client = _client(officer)
    page = client.get(reverse("appeals:appeal_detail", args=[appeal.public_id])).content.decode()
    assert reverse("welfare:from_appeal", args=[appeal.pk]) in page
    response = client.post(reverse("welfare:from_appeal", args=[appeal.pk]))
    file = HardshipFile.objects.get()
    assert response["Location"] == reverse("welfare:edit", args=[file.pk])
    assert file.status == FileStatus.APPLIED
    page = client.get(reverse("appeals:appeal_detail", args=[appeal.public_id])).content.decode()
    assert 'id="appeal-welfare-file"' in page
