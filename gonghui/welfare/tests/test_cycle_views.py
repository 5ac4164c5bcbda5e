"""Part `cycle` pages: 年度复核 for the 帮扶干事 of the union (its plain member 403, another county's officer 404),
注销 asks for a reason, the follow-up record, 复核与回访 overdue first with the home counters, and 帮扶统计: the
union's admin (no `welfare.view`) sees counts only — cells under 10 read "<10", a total that would uncover one is
hidden, no names."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import make_cadre
from gonghui.core.registry import home_counters
from gonghui.members.tests.factories import MemberFactory
from gonghui.welfare.choices import CloseReason, FileStatus, FollowUpKind, HardshipClass
from gonghui.welfare.models import HardshipFile
from gonghui.welfare.selectors.cycle import stats_for_user
from gonghui.welfare.services.cycle import file_lift

from .factories import grant_officer, make_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(world):
    grant_officer(world.outsider, world.county_y)
    return grant_officer(world.org_admin, world.county_x)


def _file(world, officer, name: str, **extra) -> HardshipFile:
    member = MemberFactory.create(org=world.org_a, name=name)
    fields = {"status": FileStatus.FILED, "decided_class": HardshipClass.DEEP, **extra}
    return make_file(member=member, actor=officer, **fields)


def test_annual_review_page_for_the_officer_only(client, world, officer):
    file = _file(world, officer, "复核甲", number="甲帮扶2026011")
    url = reverse("welfare:annual_review", args=[file.pk])
    client.force_login(world.org_member)
    assert client.get(url).status_code == 403
    client.force_login(world.outsider)
    assert client.get(url).status_code == 404
    assert client.post(url, {"outcome": "continue"}).status_code == 404
    client.force_login(officer)
    assert 'name="outcome"' in client.get(url).content.decode()
    card = client.get(file.get_absolute_url()).content.decode()  # the cycle card on the file page
    assert url in card
    assert reverse("welfare:lift", args=[file.pk]) in card
    due = file.next_review_due
    response = client.post(url, {"outcome": "continue", "note": ""})
    assert response.status_code == 302
    file.refresh_from_db()
    assert due is not None
    assert file.next_review_due == due.replace(year=due.year + 1)
    # a closed file's page says why, without a form
    HardshipFile.objects.filter(pk=file.pk).update(status=FileStatus.CLOSED)
    body = client.get(url).content.decode()
    assert "不能办理年度复核" in body
    assert 'name="outcome"' not in body


def test_close_asks_for_a_reason(client, world, officer):
    file = _file(world, officer, "注销甲")
    client.force_login(officer)
    url = reverse("welfare:close", args=[file.pk])
    assert "请选择注销原因" in client.post(url, {"reason": "", "note": ""}).content.decode()
    assert client.post(url, {"reason": CloseReason.REQUESTED, "note": ""}).status_code == 302
    file.refresh_from_db()
    assert (file.status, file.close_reason) == (FileStatus.CLOSED, CloseReason.REQUESTED)
    assert file.purge_after is not None


def test_follow_up_is_recorded_from_its_page(client, world, officer):
    file = _file(world, officer, "回访甲")
    file_lift(file=file, actor=officer, note="已就业")
    follow_up = file.follow_ups.get(kind=FollowUpKind.THREE_MONTHS)
    client.force_login(officer)
    url = reverse("welfare:follow_up", args=[follow_up.pk])
    refused = client.post(
        url, {"done_on": timezone.localdate().isoformat(), "outcome": "at_risk", "note": ""}
    )
    assert "请填写回访记录" in refused.content.decode()
    data = {"done_on": timezone.localdate().isoformat(), "outcome": "stable", "note": ""}
    assert client.post(url, data).status_code == 302
    follow_up.refresh_from_db()
    assert (follow_up.outcome, follow_up.done_by) == ("stable", officer)


def test_reviews_due_lists_overdue_first_and_the_counters_count(client, world, officer):
    today = timezone.localdate()
    _file(world, officer, "将到期", number="甲帮扶2026021", next_review_due=today + dt.timedelta(days=20))
    _file(world, officer, "已逾期", number="甲帮扶2026022", next_review_due=today - dt.timedelta(days=3))
    _file(world, officer, "还早", number="甲帮扶2026023", next_review_due=today + dt.timedelta(days=90))
    client.force_login(officer)
    body = client.get(reverse("welfare:reviews_due")).content.decode()
    assert body.index("甲帮扶2026022") < body.index("甲帮扶2026021")
    assert "甲帮扶2026023" not in body
    overdue = client.get(reverse("welfare:reviews_due"), {"due": "overdue"}).content.decode()
    assert "甲帮扶2026022" in overdue
    assert "甲帮扶2026021" not in overdue
    empty = client.get(reverse("welfare:reviews_due"), {"kind": "follow_ups"}).content.decode()
    assert "没有到期的脱困回访" in empty
    assert home_counters.get("welfare.reviews_due").count(officer, None) == 2
    assert home_counters.get("welfare.follow_ups_due").count(officer, None) == 0
    assert home_counters.get("welfare.reviews_due").count(world.outsider, None) == 0


def test_union_admin_sees_counts_only_with_small_cells_hidden(client, world, officer):
    this_year = timezone.localdate().year
    deep = [_file(world, officer, f"深度户{i}") for i in range(12)]
    for i in range(3):
        _file(world, officer, f"相对户{i}", decided_class=HardshipClass.RELATIVE)
    admin = make_cadre("cx_admin", world.county_x)  # 工会管理员 of 甲县: welfare.stats, no welfare.view
    client.force_login(admin)
    assert client.get(reverse("welfare:reviews_due")).status_code == 403
    assert client.get(reverse("welfare:annual_review", args=[deep[0].pk])).status_code == 403
    page = client.get(reverse("welfare:stats"), {"year": this_year})
    body = page.content.decode()
    assert page.status_code == 200
    assert world.org_a.name in body
    assert '<td class="text-end">12</td>' in body
    assert "&lt;10" in body
    assert '<td class="text-end">3</td>' not in body
    assert "深度户" not in body
    assert "相对户" not in body
    assert world.member_a.name not in body
    (table,) = stats_for_user(admin, this_year)
    row_a = next(row for row in table.rows if row.label == world.org_a.name)
    assert row_a.cells[0] == "12"  # 深度困难 · 已建档
    assert row_a.cells[3] == "<10"  # 相对困难 · 已建档 (3)
    assert row_a.total is None  # 15 − 12 would uncover the hidden 3
    assert table.column_totals[0] is None  # 本级 holds a hidden 0 in the same column
    assert table.total is None
