"""女职工特殊保护检查表 (orgs.ProtectionChecklist): filling in and correcting a unit's checklist for a year — counts
only, Chinese messages on their fields, one per unit and year, a timeline row on the union for each save — and its
pages for the three actors (org A's admin, a plain member of org A, org B's admin) and an admin above org A."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from gonghui.core.models import AuditLog, TimelineEntry
from gonghui.orgs.choices import ProtectionAction
from gonghui.orgs.models import ProtectionChecklist
from gonghui.orgs.services.protection import protection_checklist_create, protection_checklist_update

YEAR = 2026


@pytest.fixture(autouse=True)
def _frozen_day():
    with time_machine.travel(dt.datetime(2026, 6, 15, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


def data(**overrides):
    values = {
        "pregnancy_care": True,
        "maternity_care": True,
        "nursing_care": False,
        "health_room": True,
        "screening_organised": True,
        "screening_participants": 37,
        "note": "与市妇幼保健院合作组织两癌筛查",
    }
    values.update(overrides)
    return values


def _timeline(org):
    return list(
        TimelineEntry.objects.filter(content_type__model="org", object_id=str(org.pk))
        .order_by("id")
        .values_list("action", "note")
    )


def test_a_checklist_stores_counts_only_and_leaves_a_timeline_row(world, org_admin):
    # when
    checklist = protection_checklist_create(org=world.org_a, year=YEAR, actor=org_admin, data=data())
    # then
    stored = ProtectionChecklist.objects.values().get(pk=checklist.pk)
    assert stored["screening_participants"] == 37
    assert stored["filled_by_id"] == org_admin.pk
    # no field of the row could hold a person or a result: the arrangements, one count and the note
    assert {f.name for f in ProtectionChecklist._meta.concrete_fields} == {
        "id",
        "created_at",
        "updated_at",
        "org",
        "year",
        "pregnancy_care",
        "maternity_care",
        "nursing_care",
        "health_room",
        "screening_organised",
        "screening_participants",
        "note",
        "filled_by",
    }
    assert "不写任何个人的检查结果" in str(ProtectionChecklist._meta.get_field("note").help_text)
    [(action, note)] = _timeline(world.org_a)
    assert action == ProtectionAction.CREATE
    assert (
        note
        == "2026年度：孕期保护措施已落实、产期保护（产假、生育待遇）已落实、设有女职工卫生室或母婴室、组织了两癌筛查；两癌筛查参加 37 人"
    )
    assert AuditLog.objects.filter(object_id=str(checklist.pk)).count() == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"screening_participants": None}, "已组织两癌筛查，请填写两癌筛查参加人数"),
        ({"screening_participants": -3}, "两癌筛查参加人数应为不小于0的整数"),
        ({"screening_organised": False}, "未组织两癌筛查时不能填写两癌筛查参加人数"),
    ],
)
def test_the_participant_count_is_checked_on_its_field(world, org_admin, overrides, message):
    with pytest.raises(ValidationError) as caught:
        protection_checklist_create(org=world.org_a, year=YEAR, actor=org_admin, data=data(**overrides))
    assert caught.value.message_dict == {"screening_participants": [message]}
    assert not ProtectionChecklist.objects.exists()


def test_a_note_that_reads_like_a_health_result_is_refused(world, org_admin):
    with pytest.raises(ValidationError) as caught:
        protection_checklist_create(
            org=world.org_a, year=YEAR, actor=org_admin, data=data(note="王老师筛查结果阳性，已复查")
        )
    assert caught.value.message_dict == {
        "note": ["说明只写措施和组织情况，不能写任何个人的检查结果或健康信息"]
    }


def test_one_checklist_per_unit_and_year(world, org_admin):
    protection_checklist_create(org=world.org_a, year=YEAR, actor=org_admin, data=data())
    with pytest.raises(ValidationError, match="本单位2026年度的检查表已填写"):
        protection_checklist_create(org=world.org_a, year=YEAR, actor=org_admin, data=data())
    protection_checklist_create(org=world.org_a, year=YEAR - 1, actor=org_admin, data=data())
    assert ProtectionChecklist.objects.filter(org=world.org_a).count() == 2


def test_only_a_grassroots_union_in_a_past_or_current_year(world, city_admin, org_admin):
    with pytest.raises(ValidationError, match="由基层工会填写"):
        protection_checklist_create(org=world.county_x, year=YEAR, actor=city_admin, data=data())
    with pytest.raises(ValidationError) as caught:
        protection_checklist_create(org=world.org_a, year=YEAR + 1, actor=org_admin, data=data())
    assert "year" in caught.value.message_dict


def test_correcting_names_what_changed_and_nothing_changed_writes_nothing(world, org_admin):
    checklist = protection_checklist_create(org=world.org_a, year=YEAR, actor=org_admin, data=data())
    # when
    protection_checklist_update(checklist=checklist, actor=org_admin, data=data())
    protection_checklist_update(
        checklist=checklist, actor=org_admin, data=data(nursing_care=True, screening_participants=40)
    )
    # then
    checklist.refresh_from_db()
    assert (checklist.nursing_care, checklist.screening_participants) == (True, 40)
    rows = _timeline(world.org_a)
    assert [a for a, _n in rows] == [ProtectionAction.CREATE, ProtectionAction.EDIT]
    assert rows[1][1].startswith("2026年度：修改了哺乳期保护（哺乳时间）已落实、两癌筛查参加人数")


def test_an_admin_above_may_fill_in_but_not_the_admin_of_another_unit(world, county_x_admin):
    protection_checklist_create(org=world.org_a, year=YEAR, actor=county_x_admin, data=data())
    with pytest.raises(PermissionDenied):
        protection_checklist_create(org=world.org_a, year=YEAR - 1, actor=world.outsider, data=data())


# ---- pages --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["list", "edit"])
@pytest.mark.parametrize(("actor", "status"), [("org_admin", 200), ("org_member", 403), ("outsider", 404)])
def test_pages_for_the_three_actors(client, world, page, actor, status):
    client.force_login(getattr(world, actor))
    url = (
        reverse("orgs:protection_list", args=[world.org_a.code])
        if page == "list"
        else reverse("orgs:protection_edit", args=[world.org_a.code, YEAR])
    )
    assert client.get(url).status_code == status


def test_the_form_fills_in_then_corrects_and_the_list_shows_it(client, world, org_admin):
    client.force_login(org_admin)
    url = reverse("orgs:protection_edit", args=[world.org_a.code, YEAR])
    post = {
        "pregnancy_care": "on",
        "maternity_care": "on",
        "screening_organised": "on",
        "screening_participants": "25",
        "note": "设母婴室一间",
    }
    # when: filled in
    response = client.post(url, post)
    # then
    assert response.status_code == 302
    assert response["Location"] == reverse("orgs:protection_list", args=[world.org_a.code])
    assert ProtectionChecklist.objects.get(org=world.org_a, year=YEAR).screening_participants == 25
    # when: a bad count is posted
    response = client.post(url, {**post, "screening_participants": "-1"})
    assert "两癌筛查参加人数应为不小于0的整数" in response.content.decode()
    # the list offers 修改 for 2026 and 填写 for 2025
    listing = client.get(reverse("orgs:protection_list", args=[world.org_a.code])).content.decode()
    assert "已填写" in listing
    assert "未填写" in listing
    assert reverse("orgs:protection_edit", args=[world.org_a.code, YEAR - 1]) in listing


def test_the_org_page_links_the_checklists(client, world, org_admin):
    client.force_login(org_admin)
    page = client.get(reverse("orgs:org_detail", args=[world.org_a.code])).content.decode()
    assert reverse("orgs:protection_list", args=[world.org_a.code]) in page
