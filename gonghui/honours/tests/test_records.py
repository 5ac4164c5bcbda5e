"""荣誉档案's services and selectors: recording an older or outside honour by hand for a member or a union (and who
may), editing the story and facts (a named honour keeps its title, level and year), the story's photo (pictures
only), 撤销, the counts 量化评价 reads, search and filters, a member's and a union's honours, 我的荣誉 and the 最美
stories the 宣传 module publishes."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.utils import timezone

from conftest import make_cadre, make_member_user
from gonghui.core.models import AuditLog, TimelineEntry
from gonghui.honours.choices import CampaignCategory, HonourLevel
from gonghui.honours.models import Honour
from gonghui.honours.selectors.records import (
    honour_certificate,
    honour_counts,
    honour_for_user_or_404,
    honour_photo,
    honours_for_user,
    honours_of_member,
    honours_of_org,
    member_has_honours,
    my_honour_or_404,
    my_honours,
    record_member_find,
    stories_for_publication,
)
from gonghui.honours.services.records import (
    honour_photo_add,
    honour_record,
    honour_revoke,
    honour_update,
    honours_export,
)

from .factories import make_campaign

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _record(world, **extra):
    fields = {
        "org": world.org_a,
        "actor": world.org_admin,
        "member": world.member_a,
        "title": "全国五一劳动奖章",
        "level": HonourLevel.NATIONAL,
        "year": 2019,
        "awarded_by": "中华全国总工会",
        "awarded_on": dt.date(2019, 4, 30),
    }
    fields.update(extra)
    return honour_record(**fields)


def _named(
    world, *, member=None, holder_org=None, org=None, category=CampaignCategory.MODEL_EMPLOYEE, **extra
):
    """An honour a campaign named (written straight to the table: naming is another part)."""
    campaign = make_campaign(org=world.city, actor=world.org_admin, category=category, title="2025年度评选")
    fields = {
        "org": org or world.org_a,
        "campaign": campaign,
        "member": member,
        "holder_org": holder_org,
        "holder_name": member.name if member else holder_org.name,
        "holder_unit": "甲县第一中学",
        "title": "焦作标兵",
        "level": HonourLevel.CITY,
        "year": 2025,
        "awarded_by": "测试市教科文卫体工会",
        "awarded_on": dt.date(2025, 12, 1),
        "created_by": world.org_admin,
    }
    fields.update(extra)
    return Honour.objects.create(**fields)


# ---- honour_record ----


def test_record_a_person_honour_writes_timeline_and_audit(world):
    honour = _record(world, story="扎根讲台二十年。")
    assert honour.holder_name == "甲会员"
    assert honour.holder_unit == "甲县第一中学"
    assert honour.campaign is None
    assert honour.org == world.org_a
    assert TimelineEntry.objects.filter(object_id=str(honour.pk), action="record").exists()
    assert AuditLog.objects.filter(object_id=str(honour.pk), summary__contains="登记荣誉").exists()


def test_record_a_collective_honour_for_a_union(world):
    county_admin = make_cadre("admin_cx", world.county_x)
    honour = _record(
        world,
        org=world.org_a,
        actor=county_admin,
        member=None,
        holder_org=world.org_a,
        title="河南省模范职工之家",
        level=HonourLevel.PROVINCIAL,
        awarded_by="河南省总工会",
    )
    assert honour.holder_name == world.org_a.name
    assert honour.member is None


def test_record_needs_exactly_one_holder(world):
    with pytest.raises(ValidationError) as exc:
        _record(world, member=None)
    assert "member" in exc.value.message_dict
    with pytest.raises(ValidationError):
        _record(world, holder_org=world.org_a)


def test_record_by_another_unions_admin_is_refused(world):
    with pytest.raises(PermissionDenied):
        _record(world, actor=world.outsider)
    with pytest.raises(PermissionDenied):
        _record(world, actor=world.org_member)


def test_record_member_must_belong_to_the_org(world):
    with pytest.raises(ValidationError) as exc:
        _record(world, org=world.county_x)
    assert "本工会的会员" in exc.value.message_dict["member"][0]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "  ", "请填写荣誉称号"),
        ("level", "galactic", "荣誉级别不正确"),
        ("year", 1900, "年度应在"),
        ("awarded_by", "", "请填写授予单位"),
        ("awarded_on", dt.date(2018, 1, 1), "不能早于荣誉年度"),
    ],
)
def test_record_checks_the_facts_naming_the_field(world, field, value, message):
    with pytest.raises(ValidationError) as exc:
        _record(world, **{field: value})
    assert message in exc.value.message_dict[field][0]


def test_record_cannot_be_dated_in_the_future(world):
    future = timezone.localdate() + dt.timedelta(days=40)
    with pytest.raises(ValidationError) as exc:
        _record(world, year=future.year, awarded_on=future)
    assert "awarded_on" in exc.value.message_dict


# ---- honour_update ----


def test_update_story_and_facts_of_a_hand_record(world):
    honour = _record(world)
    updated = honour_update(
        honour=honour,
        actor=world.org_admin,
        data={"story": "新的事迹", "title": "全国五一劳动奖章（个人）", "awarded_by": "中华全国总工会"},
    )
    assert updated.story == "新的事迹"
    assert updated.title == "全国五一劳动奖章（个人）"
    assert TimelineEntry.objects.filter(object_id=str(honour.pk), action="edit").count() == 1


def test_update_of_a_named_honour_keeps_title_and_year(world):
    honour = _named(world, member=world.member_a)
    with pytest.raises(ValidationError) as exc:
        honour_update(honour=honour, actor=world.org_admin, data={"title": "别的称号"})
    assert "title" in exc.value.message_dict
    with pytest.raises(ValidationError):
        honour_update(honour=honour, actor=world.org_admin, data={"year": 2020})
    updated = honour_update(honour=honour, actor=world.org_admin, data={"story": "事迹", "title": "焦作标兵"})
    assert updated.story == "事迹"
    assert updated.title == "焦作标兵"


def test_update_without_changes_writes_nothing(world):
    honour = _record(world)
    honour_update(honour=honour, actor=world.org_admin, data={"awarded_by": "中华全国总工会"})
    assert not TimelineEntry.objects.filter(object_id=str(honour.pk), action="edit").exists()


def test_update_by_another_unions_admin_is_refused(world):
    honour = _record(world)
    with pytest.raises(PermissionDenied):
        honour_update(honour=honour, actor=world.outsider, data={"story": "x"})


# ---- photo ----


def test_photo_is_an_attachment_of_the_honour(world):
    honour = _record(world)
    attachment = honour_photo_add(
        honour=honour,
        actor=world.org_admin,
        upload=SimpleUploadedFile("p.png", PNG, content_type="image/png"),
    )
    assert honour_photo(honour) == attachment
    assert attachment.view_url


def test_photo_must_be_a_picture(world):
    honour = _record(world)
    with pytest.raises(ValidationError) as exc:
        honour_photo_add(
            honour=honour,
            actor=world.org_admin,
            upload=SimpleUploadedFile("a.txt", "事迹".encode(), content_type="text/plain"),
        )
    assert "photo" in exc.value.message_dict
    assert honour_photo(honour) is None


def test_photo_by_another_unions_admin_is_refused(world):
    honour = _record(world)
    with pytest.raises(PermissionDenied):
        honour_photo_add(honour=honour, actor=world.outsider, upload=SimpleUploadedFile("p.png", PNG))


# ---- revoke ----


def test_revoke_marks_the_honour_and_needs_a_reason(world):
    honour = _record(world)
    with pytest.raises(ValidationError) as exc:
        honour_revoke(honour=honour, actor=world.org_admin, reason=" ")
    assert "reason" in exc.value.message_dict
    revoked = honour_revoke(honour=honour, actor=world.org_admin, reason="弄虚作假")
    assert revoked.revoked_on is not None
    assert revoked.revoke_reason == "弄虚作假"
    assert TimelineEntry.objects.filter(object_id=str(honour.pk), action="revoke").exists()
    with pytest.raises(ValidationError):
        honour_revoke(honour=revoked, actor=world.org_admin, reason="再次")
    with pytest.raises(ValidationError):
        honour_update(honour=revoked, actor=world.org_admin, data={"story": "x"})


def test_revoke_by_another_unions_admin_is_refused(world):
    honour = _record(world)
    with pytest.raises(PermissionDenied):
        honour_revoke(honour=honour, actor=world.outsider, reason="x")


# ---- selectors ----


def test_honour_counts_by_level_in_the_subtree_and_year(world):
    _record(world)  # 2019, national
    _named(world, member=world.member_a)  # 2025, city, org A
    _named(world, holder_org=world.county_x, org=world.county_x, title="先进集体")  # 2025, city, county X
    revoked = _named(world, holder_org=world.org_a, title="模范职工小家", level=HonourLevel.COUNTY)
    honour_revoke(honour=revoked, actor=world.org_admin, reason="撤销")
    _, member_b = make_member_user("13700003333", world.org_b, name="乙会员")
    _named(world, member=member_b, org=world.org_b)  # another county

    county = honour_counts(world.county_x, 2025)
    assert county["city"] == 2
    assert county["county"] == 0  # the revoked one does not count
    assert county["total"] == 2
    assert set(county) == {*HonourLevel.values, "total"}
    assert honour_counts(world.org_a, 2025)["total"] == 1
    assert honour_counts(world.org_a, 2019) == {
        **dict.fromkeys(HonourLevel.values, 0),
        "national": 1,
        "total": 1,
    }
    assert honour_counts(world.city, 2025)["total"] == 3


def test_honours_for_user_is_scoped_and_searchable(world):
    mine = _record(world)
    collective = _named(world, holder_org=world.org_a, title="先进集体")
    _, member_b = make_member_user("13700003333", world.org_b, name="乙会员")
    theirs = _named(world, member=member_b, org=world.org_b, holder_unit="乙县人民医院")

    assert set(honours_for_user(world.org_admin)) == {mine, collective}
    assert set(honours_for_user(world.outsider)) == {theirs}
    assert list(honours_for_user(world.org_member)) == []
    assert list(honours_for_user(world.org_admin, {"q": "甲会员"})) == [mine]
    assert list(honours_for_user(world.org_admin, {"q": "先进"})) == [collective]
    assert list(honours_for_user(world.org_admin, {"year": 2019})) == [mine]
    assert list(honours_for_user(world.org_admin, {"level": HonourLevel.CITY})) == [collective]
    assert list(honours_for_user(world.org_admin, {"holder": "org"})) == [collective]
    assert list(honours_for_user(world.org_admin, {"holder": "person"})) == [mine]
    assert list(honours_for_user(world.org_admin, {"category": "manual"})) == [mine]
    assert list(honours_for_user(world.org_admin, {"category": CampaignCategory.MODEL_EMPLOYEE})) == [
        collective
    ]
    assert list(honours_for_user(world.org_admin, {"member": world.member_a})) == [mine]
    honour_revoke(honour=mine, actor=world.org_admin, reason="撤销")
    assert list(honours_for_user(world.org_admin, {"status": "revoked"})) == [mine]
    assert list(honours_for_user(world.org_admin, {"status": "valid"})) == [collective]


def test_honour_for_user_or_404(world):
    honour = _record(world)
    assert honour_for_user_or_404(world.org_admin, honour.pk) == honour
    with pytest.raises(Http404):
        honour_for_user_or_404(world.outsider, honour.pk)


def test_honours_of_member_and_org(world):
    mine = _record(world)
    collective = _named(world, holder_org=world.org_a, title="先进集体")
    assert list(honours_of_member(world.member_a)) == [mine]
    org = honours_of_org(world.org_a, with_members=True)
    assert org.honours == [collective]
    assert org.member_count == 1
    assert honours_of_org(world.org_a).member_count == 0


def test_my_honours_and_another_members_honour_is_404(world):
    mine = _record(world)
    assert list(my_honours(world.member_a)) == [mine]
    assert my_honour_or_404(world.member_a, mine.public_id) == mine
    assert member_has_honours(world.org_member)
    _, other = make_member_user("13700004444", world.org_a, name="丙会员")
    with pytest.raises(Http404):
        my_honour_or_404(other, mine.public_id)
    with pytest.raises(Http404):
        my_honour_or_404(world.member_a, "not-a-uuid")
    honour_revoke(honour=mine, actor=world.org_admin, reason="撤销")
    assert not member_has_honours(world.org_member)


def test_stories_for_publication_only_most_beautiful_with_story_and_photo(world):
    nurse = _named(
        world,
        member=world.member_a,
        category=CampaignCategory.MOST_BEAUTIFUL,
        title="最美护士",
        story="三十年如一日守护病人。",
    )
    _named(world, member=world.member_a, category=CampaignCategory.MOST_BEAUTIFUL, title="最美教师", story="")
    _named(world, member=world.member_a, title="焦作标兵", story="有事迹但不是最美评选")
    attachment = honour_photo_add(
        honour=nurse, actor=world.org_admin, upload=SimpleUploadedFile("p.png", PNG, content_type="image/png")
    )
    stories = stories_for_publication(world.org_admin)
    assert [s.honour for s in stories] == [nurse]
    assert stories[0].photo_url == attachment.view_url
    assert stories_for_publication(world.org_admin, year=2024) == []
    assert stories_for_publication(world.outsider) == []


def test_record_member_find_by_number_or_unique_name(world):
    world.member_a.member_number = "M0001"
    world.member_a.save(update_fields=["member_number"])
    assert record_member_find(world.org_admin, "M0001") == [world.member_a]
    assert record_member_find(world.org_admin, "甲会员") == [world.member_a]
    assert record_member_find(world.outsider, "甲会员") == []
    assert record_member_find(world.outsider, "M0001") == []


def test_certificate_of_an_honour_none_without_one(world):
    assert honour_certificate(_record(world)) is None


def test_export_is_audited(world):
    _record(world)
    content = honours_export(honours=honours_for_user(world.org_admin), actor=world.org_admin)
    assert content[:2] == b"PK"
    assert AuditLog.objects.filter(summary="导出荣誉档案（1 条）").exists()
