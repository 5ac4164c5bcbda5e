"""The member's 诉求 form keeps what was typed after an error: the member ticks the one box named in the error
instead of writing the appeal again (attachments, which browsers never refill, are chosen again)."""

import re

import pytest
from django.urls import reverse

from gonghui.appeals.models import Appeal
from gonghui.appeals.tests.factories import category
from tests.form_values import input_value, selected_value, textarea_value

pytestmark = pytest.mark.django_db


def test_the_appeal_form_keeps_the_typed_values_after_an_error(client, world):
    client.force_login(world.org_member)
    wages = category("wages")
    r = client.post(
        reverse("appeals:portal_new"),
        {
            "category": wages.pk,
            "title": "课时费拖欠",
            "description": "学校已经三个月没有发放课时费了。\n第二行",
            "desired_outcome": "补发课时费",
            "contact_preference": "phone",
            "is_anonymous": "on",
            "target_org": world.org_a.pk,
            # the privacy box was not ticked
        },
    )
    assert r.status_code == 200
    assert r.context["form"].errors == {"privacy": ["请先阅读并同意个人信息保护说明"]}
    html = r.content.decode()
    assert selected_value(html, "category") == str(wages.pk)
    assert input_value(html, "title") == "课时费拖欠"
    assert textarea_value(html, "description") == "学校已经三个月没有发放课时费了。\n第二行"
    assert textarea_value(html, "desired_outcome") == "补发课时费"
    assert re.search(r'<input [^>]*name="is_anonymous"[^>]*checked', html)
    assert re.search(r'<input [^>]*name="contact_preference" value="phone"[^>]*checked', html) or (
        selected_value(html, "contact_preference") == "phone"
    )
    assert not Appeal.objects.exists()
