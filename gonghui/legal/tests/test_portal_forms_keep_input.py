"""The member's 法律咨询 and 法律援助 forms keep what was typed after an error (a missing field, a refused file):
the member fixes the one field named in the error instead of writing the request again."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gonghui.legal.models import Consultation, LegalAidApplication
from tests.form_values import input_value, selected_value, textarea_value

pytestmark = pytest.mark.django_db


def test_the_consultation_form_keeps_the_typed_values_after_an_error(client, world):
    client.force_login(world.org_member)
    r = client.post(
        reverse("legal:consultation_ask"),
        {
            "org": world.county_x.pk,
            "category": "wages",
            "title": "拖欠工资怎么办",
            "question": "",
            "publish_consent": "on",
        },
    )
    assert r.status_code == 200
    assert r.context["form"].errors == {"question": ["请填写问题"]}
    html = r.content.decode()
    assert selected_value(html, "org") == str(world.county_x.pk)
    assert selected_value(html, "category") == "wages"
    assert input_value(html, "title") == "拖欠工资怎么办"
    assert re.search(r'<input [^>]*name="publish_consent"[^>]*checked', html)
    assert not Consultation.objects.exists()


def test_the_aid_form_keeps_the_typed_values_after_a_refused_file(client, world):
    client.force_login(world.org_member)
    hostile = SimpleUploadedFile("收入证明.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    r = client.post(
        reverse("legal:aid_apply"),
        {
            "org": world.org_a.pk,
            "dispute_type": "wages",
            "amount_involved": "12000",
            "opposing_party": "某公司",
            "facts": "拖欠工资三个月",
            "evidence_list": "工资条\n考勤记录",
            "income_proofs": [hostile],
        },
    )
    assert r.status_code == 200
    assert r.context["form"].errors
    html = r.content.decode()
    assert selected_value(html, "dispute_type") == "wages"
    assert input_value(html, "amount_involved") == "12000"
    assert input_value(html, "opposing_party") == "某公司"
    assert textarea_value(html, "facts") == "拖欠工资三个月"
    assert textarea_value(html, "evidence_list") == "工资条\n考勤记录"
    assert not LegalAidApplication.objects.exists()


def test_the_aid_form_keeps_the_typed_values_after_a_bad_amount(client, world):
    client.force_login(world.org_member)
    r = client.post(
        reverse("legal:aid_apply"),
        {
            "org": world.org_a.pk,
            "dispute_type": "wages",
            "amount_involved": "一万二",
            "opposing_party": "某公司",
            "facts": "拖欠工资三个月",
        },
    )
    assert r.status_code == 200
    assert r.context["form"].errors == {"amount_involved": ["涉及金额应为数字"]}
    html = r.content.decode()
    assert input_value(html, "amount_involved") == "一万二"
    assert input_value(html, "opposing_party") == "某公司"
    assert textarea_value(html, "facts") == "拖欠工资三个月"
    assert not LegalAidApplication.objects.exists()
