"""信息更正 in the portal: each field starts from the value on record and shows it beside ("当前：…", the phone and the
ID number masked); only the fields the member changed become corrections; after an error the typed values stay."""

import re

import pytest
from django.urls import reverse

from gonghui.members.choices import Employment
from gonghui.members.models import CorrectionRequest


@pytest.fixture
def member(world):
    member = world.member_a
    member.ethnicity = "01"  # 汉族
    member.employment = Employment.ESTABLISHED
    member.position_title = "二级教师"
    member.save()
    return member


def _hint(html: str, field: str) -> str:
    found = re.search(rf'id="id_{field}_helptext" data-current>([^<]*)<', html)
    assert found is not None, field
    return found.group(1)


def test_each_field_shows_the_value_on_record(client, world, member):
    client.force_login(world.org_member)
    html = client.get(reverse("members:correction_mine")).content.decode()
    assert _hint(html, "name") == "当前：甲会员"
    assert _hint(html, "ethnicity") == "当前：汉族"
    assert _hint(html, "employment") == "当前：在编"
    assert _hint(html, "position_title") == "当前：二级教师"
    assert _hint(html, "education") == "当前：未填写"
    # personal data stays masked as elsewhere: the phone, and the ID number (not correctable here)
    assert _hint(html, "phone") == "当前：137****1111"
    assert "13700001111" not in html
    assert member.id_number_masked in html
    # the hint is read with its field, and the old "不更正" placeholder is gone
    assert 'aria-describedby="id_name_helptext"' in html
    assert "不更正" not in html
    # the fields start from the record: a name typed over, a select with the current value chosen
    assert 'value="甲会员"' in html
    assert re.search(r'<option value="01" selected>汉族</option>', html)


def test_only_changed_fields_are_submitted(client, world, member):
    client.force_login(world.org_member)
    form = client.get(reverse("members:correction_mine")).context["form"]
    # the browser posts every field as shown; the member changed the title and the education only
    posted = {name: form[name].value() or "" for name in form.fields}
    posted.update({"position_title": "一级教师", "education": "21", "note": "职称晋升"})
    r = client.post(reverse("members:correction_mine"), posted)
    assert r.status_code == 302
    correction = CorrectionRequest.objects.get(member=member)
    assert set(correction.changes) == {"position_title", "education"}
    assert correction.changes["position_title"] == ["二级教师", "一级教师"]
    assert correction.note == "职称晋升"


def test_an_unchanged_form_is_refused_with_a_clear_message(client, world, member):
    client.force_login(world.org_member)
    form = client.get(reverse("members:correction_mine")).context["form"]
    posted = {name: form[name].value() or "" for name in form.fields}
    r = client.post(reverse("members:correction_mine"), posted)
    assert r.status_code == 200
    assert "请至少填写一项与现有信息不同的更正内容" in r.content.decode()
    assert not CorrectionRequest.objects.exists()


def test_after_an_error_the_form_keeps_what_was_typed(client, world, member):
    client.force_login(world.org_member)
    r = client.post(
        reverse("members:correction_mine"),
        {
            "name": "甲会员",
            "phone": "12",
            "position_title": "高级教师",
            "employment": "contract",
            "note": "换号",
        },
    )
    assert r.status_code == 200
    assert r.context["form"].errors == {"phone": ["请输入11位中国大陆手机号"]}
    html = r.content.decode()
    assert 'value="12"' in html
    assert 'value="高级教师"' in html
    assert '<option value="contract" selected>非在编</option>' in html
    assert "换号</textarea>" in html
    # the value on record is still shown beside the field in error
    assert _hint(html, "position_title") == "当前：二级教师"
    assert not CorrectionRequest.objects.exists()
