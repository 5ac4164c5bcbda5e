"""The member's 法律咨询 and 法律援助 forms keep what was typed after an error (a missing field, a refused file):
the member fixes the one field named in the error instead of writing the request again."""

import html as html_lib
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gonghui.legal.models import Consultation, LegalAidApplication

pytestmark = pytest.mark.django_db


def _value(html: str, name: str) -> str:
    found = re.search(rf'<input [^>]*name="{name}"[^>]*value="([^"]*)"', html)
    assert found is not None, name
    return html_lib.unescape(found.group(1))


def _selected(html: str, name: str) -> str:
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S)
    assert select is not None, name
    found = re.search(r'<option value="([^"]*)" selected>', select.group(0))
    assert found is not None, name
    return found.group(1)


def _textarea(html: str, name: str) -> str:
    found = re.search(rf'<textarea name="{name}"[^>]*>\n?(.*?)</textarea>', html, re.S)
    assert found is not None, name
    return html_lib.unescape(found.group(1))


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
    assert _selected(html, "org") == str(world.county_x.pk)
    assert _selected(html, "category") == "wages"
    assert _value(html, "title") == "拖欠工资怎么办"
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
    assert _selected(html, "dispute_type") == "wages"
    assert _value(html, "amount_involved") == "12000"
    assert _value(html, "opposing_party") == "某公司"
    assert _textarea(html, "facts") == "拖欠工资三个月"
    assert _textarea(html, "evidence_list") == "工资条\n考勤记录"
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
    assert _value(html, "amount_involved") == "一万二"
    assert _value(html, "opposing_party") == "某公司"
    assert _textarea(html, "facts") == "拖欠工资三个月"
    assert not LegalAidApplication.objects.exists()
