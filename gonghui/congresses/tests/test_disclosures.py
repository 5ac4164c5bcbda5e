"""校务公开 services and selectors: disclosures with attachments (validated before anything is written), publish /
withdraw / republish with timeline rows, read receipts among the unit's staff, the yearly checklist (default list,
copy last year, gaps and overdue items) and the gaps board of a subtree."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import make_cadre, make_member_user
from gonghui.attachments.selectors import attachments_of
from gonghui.congresses.choices import DisclosureStatus
from gonghui.congresses.models import Disclosure, DisclosureChecklistItem, DisclosureRead
from gonghui.congresses.selectors.disclosures import (
    checklist_board,
    checklist_rows,
    disclosure_read_stats,
    portal_disclosure_or_404,
    portal_disclosures,
)
from gonghui.congresses.services.disclosures import (
    DEFAULT_CHECKLIST,
    DisclosureInput,
    checklist_copy_last_year,
    checklist_default,
    disclosure_create,
    disclosure_publish,
    disclosure_read,
    disclosure_withdraw,
)
from gonghui.core.timeline import timeline_for
from gonghui.orgs.tests.factories import OrgFactory

from .factories_disclosures import checklist_item, disclosure, text_file

pytestmark = pytest.mark.django_db


def test_create_with_attachments_then_publish_records_timeline(world):
    # when
    made = disclosure(org=world.org_a, actor=world.org_admin, uploads=(text_file(), text_file("决算.txt")))
    # then
    made.refresh_from_db()
    assert made.status == DisclosureStatus.PUBLISHED
    assert made.published_at is not None
    assert made.starts_on is not None  # the period starts on the day of publication when unset
    assert [a.original_name for a in attachments_of(made)] == ["预算表.txt", "决算.txt"]
    assert [e.action for e in timeline_for(made)] == ["disclosure_create", "disclosure_publish"]


@pytest.mark.parametrize(
    ("_case", "field", "extra"),
    [
        (
            "period ends before it starts",
            "ends_on",
            {"starts_on": dt.date(2026, 5, 2), "ends_on": dt.date(2026, 5, 1)},
        ),
        ("blank content", "content", {"content": "  "}),
    ],
)
def test_create_refuses_bad_input_and_writes_nothing(world, _case, field, extra):
    data = {"category": "finance", "title": "预算公开", "content": "内容", **extra}
    with pytest.raises(ValidationError) as caught:
        disclosure_create(org=world.org_a, data=DisclosureInput(**data), actor=world.org_admin)
    assert field in caught.value.message_dict
    assert not Disclosure.objects.exists()


def test_create_refuses_another_units_checklist_item_and_a_bad_file(world):
    # given: org B's checklist item, and an upload that claims to be a PDF
    item_b = checklist_item(org=world.org_b, actor=world.outsider, year=2026)
    data = DisclosureInput(category="finance", title="预算公开", content="内容", checklist_item=item_b)
    with pytest.raises(ValidationError) as caught:
        disclosure_create(org=world.org_a, data=data, actor=world.org_admin)
    assert caught.value.message_dict["checklist_item"] == ["对应清单事项须是本单位清单中的事项"]
    fake = SimpleUploadedFile("预算.pdf", b"not a pdf at all", content_type="application/pdf")
    with pytest.raises(ValidationError) as caught:
        disclosure_create(
            org=world.org_a,
            data=DisclosureInput(category="finance", title="预算公开", content="内容"),
            actor=world.org_admin,
            uploads=(text_file(), fake),
        )
    assert caught.value.message_dict["uploads"][0].startswith("第 2 个附件「预算.pdf」")
    assert not Disclosure.objects.exists()


@pytest.mark.parametrize("actor", ["org_member", "outsider"])
def test_only_the_units_managers_create(world, actor):
    with pytest.raises(PermissionDenied):
        disclosure_create(
            org=world.org_a,
            data=DisclosureInput(category="finance", title="预算公开", content="内容"),
            actor=getattr(world, actor),
        )
    assert not Disclosure.objects.exists()


def test_withdraw_needs_a_reason_and_a_withdrawn_one_can_be_republished(world):
    made = disclosure(org=world.org_a, actor=world.org_admin)
    with pytest.raises(ValidationError):
        disclosure_withdraw(disclosure=made, reason=" ", actor=world.org_admin)
    disclosure_withdraw(disclosure=made, reason="数据有误，更正后重新公开", actor=world.org_admin)
    assert made.status == DisclosureStatus.WITHDRAWN
    assert not portal_disclosures(world.member_a).exists()
    disclosure_publish(disclosure=made, actor=world.org_admin)
    assert made.status == DisclosureStatus.PUBLISHED
    entries = list(timeline_for(made))
    assert [e.action for e in entries][-2:] == ["disclosure_withdraw", "disclosure_publish"]
    assert entries[-2].note == "数据有误，更正后重新公开"


def test_read_receipt_counts_the_first_read_of_unit_staff_only(world):
    # given: a 分工会 below org A with one member, and a published and a draft disclosure
    branch = OrgFactory.create(parent=world.org_a, code="DISCB1", name="甲县第一中学数学组分工会")
    _, branch_member = make_member_user("13700002222", branch, name="分会员")
    published = disclosure(org=world.org_a, actor=world.org_admin)
    draft = disclosure(org=world.org_a, actor=world.org_admin, publish=False, title="草稿")
    # when
    first = disclosure_read(disclosure=published, member=world.member_a)
    again = disclosure_read(disclosure=published, member=world.member_a)
    of_draft = disclosure_read(disclosure=draft, member=world.member_a)
    # then
    assert (first, again, of_draft) == (True, False, False)
    stats = disclosure_read_stats(published)
    assert (stats.staff, stats.read, stats.unread_count) == (2, 1, 1)
    assert [m.pk for m in stats.unread] == [branch_member.pk]
    assert DisclosureRead.objects.filter(disclosure=draft).count() == 0
    # the branch member is staff of org A and sees it; org B's disclosure is not theirs
    assert portal_disclosure_or_404(branch_member, published.public_id) == published
    assert list(portal_disclosures(branch_member)) == [published]


def test_default_list_and_copy_last_year(world):
    added = checklist_default(org=world.org_a, year=2025, actor=world.org_admin)
    assert added == len(DEFAULT_CHECKLIST)
    assert checklist_default(org=world.org_a, year=2025, actor=world.org_admin) == 0
    budget = DisclosureChecklistItem.objects.get(org=world.org_a, year=2025, title="年度财务预算")
    assert budget.due_on == dt.date(2025, 4, 30)
    # when: copying into 2026 where one item already exists
    checklist_item(org=world.org_a, actor=world.org_admin, year=2026, title="年度财务预算")
    copied = checklist_copy_last_year(org=world.org_a, year=2026, actor=world.org_admin)
    # then
    assert copied == len(DEFAULT_CHECKLIST) - 1
    december = DisclosureChecklistItem.objects.get(org=world.org_a, year=2026, title="评优评先结果")
    assert december.due_on == dt.date(2026, 12, 31)
    with pytest.raises(ValidationError):
        checklist_copy_last_year(org=world.org_a, year=2030, actor=world.org_admin)


def test_duplicate_item_is_refused_with_its_title(world):
    checklist_item(org=world.org_a, actor=world.org_admin, year=2026)
    with pytest.raises(ValidationError) as caught:
        checklist_item(org=world.org_a, actor=world.org_admin, year=2026)
    assert caught.value.message_dict["title"] == ["本年度清单中已有事项「年度财务预算」"]


def test_gaps_and_overdue_follow_published_disclosures(world):
    # given: three items; one answered by a published disclosure, one due in the past, one due later
    done = checklist_item(org=world.org_a, actor=world.org_admin, year=2026, due_on=dt.date(2026, 3, 31))
    late = checklist_item(
        org=world.org_a, actor=world.org_admin, year=2026, title="职称评聘结果", due_on=dt.date(2026, 3, 31)
    )
    later = checklist_item(
        org=world.org_a, actor=world.org_admin, year=2026, title="评优评先结果", due_on=dt.date(2026, 12, 31)
    )
    answer = disclosure(org=world.org_a, actor=world.org_admin, checklist_item=done)
    # when
    rows = {r.item.pk: r for r in checklist_rows(world.org_a, 2026, today=dt.date(2026, 6, 1))}
    # then
    assert (rows[done.pk].done, rows[late.pk].overdue, rows[later.pk].overdue) == (True, True, False)
    # a withdrawn answer reopens the gap
    disclosure_withdraw(disclosure=answer, reason="更正", actor=world.org_admin)
    rows = {r.item.pk: r for r in checklist_rows(world.org_a, 2026, today=dt.date(2026, 6, 1))}
    assert (rows[done.pk].done, rows[done.pk].overdue) == (False, True)


def test_gaps_board_covers_the_users_subtree(world):
    checklist_item(org=world.org_a, actor=world.org_admin, year=2026, due_on=dt.date(2026, 3, 31))
    checklist_item(
        org=world.org_a, actor=world.org_admin, year=2026, title="招生收费", due_on=dt.date(2026, 9, 30)
    )
    checklist_item(org=world.org_b, actor=world.outsider, year=2026)
    county_admin = make_cadre("admin_cx", world.county_x)
    # when
    board = checklist_board(county_admin, 2026, today=dt.date(2026, 6, 1))
    # then: org A only (org B lies in the other county)
    assert [(r.org, r.items, r.done, r.gaps, r.overdue) for r in board] == [(world.org_a, 2, 0, 2, 1)]
    assert [r.org for r in checklist_board(world.outsider, 2026)] == [world.org_b]
