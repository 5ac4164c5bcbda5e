"""Every member form of members keeps what was typed after an error (信息更正, 申请会员卡, 修改申请信息): the member
corrects the one field named in the error instead of filling the form again."""

import pytest
from django.urls import reverse

from conftest import make_member_user
from gonghui.members.models import CardApplication, CorrectionRequest
from gonghui.members.services import card_apply
from tests.form_values import input_value, selected_value, textarea_value


def test_correction_keeps_the_typed_values_after_a_rule_error(client, world):
    # the phone belongs to another member: the service refuses it and names the field
    make_member_user("13700009999", world.org_a, name="别人")
    client.force_login(world.org_member)
    r = client.post(
        reverse("members:correction_mine"),
        {
            "name": "甲会员改",
            "phone": "13700009999",
            "employment": "dispatched",
            "position_title": "一级教师",
            "note": "改名并换号",
        },
    )
    assert r.status_code == 200
    assert r.context["form"].errors == {"phone": ["该手机号已被其他会员绑定，请更换手机号"]}
    html = r.content.decode()
    assert input_value(html, "name") == "甲会员改"
    assert input_value(html, "phone") == "13700009999"
    assert input_value(html, "position_title") == "一级教师"
    assert selected_value(html, "employment") == "dispatched"
    assert textarea_value(html, "note") == "改名并换号"
    assert not CorrectionRequest.objects.exists()


def test_card_application_keeps_the_typed_values_after_an_error(client, world):
    client.force_login(world.org_member)
    long_address = "学校传达室" * 41  # 205 characters: over the 200 allowed
    r = client.post(reverse("members:card_mine"), {"mailing_address": long_address, "note": "请电话联系"})
    assert r.status_code == 200
    assert "mailing_address" in r.context["form"].errors
    html = r.content.decode()
    assert input_value(html, "mailing_address") == long_address
    assert input_value(html, "note") == "请电话联系"
    assert not CardApplication.objects.exists()


@pytest.mark.django_db
def test_card_application_edit_keeps_the_typed_values_after_an_error(client, world):
    card_apply(member=world.member_a, actor=world.org_member, mailing_address="传达室")
    client.force_login(world.org_member)
    r = client.post(reverse("members:card_mine_edit"), {"mailing_address": "家里", "note": "备" * 201})
    assert r.status_code == 200
    assert "note" in r.context["form"].errors
    html = r.content.decode()
    assert input_value(html, "mailing_address") == "家里"
    assert input_value(html, "note") == "备" * 201
    assert CardApplication.objects.get().mailing_address == "传达室"
