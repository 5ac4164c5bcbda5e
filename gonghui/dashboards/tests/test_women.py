"""女职工工作 (dashboards.selectors.women, the page and its export) on a small tree:

    测试市 CITY
    ├── 甲县 CX ── org A (女职工委员会, chair 李主任; 3 women; checklist 2026: 孕期, 卫生室, 筛查 12 人)
    │          ├── 甲县二中 CX2 (checklist 2026: 孕期, 筛查 5 人)
    │          └── 甲县三中 CX3 (no checklist)
    └── 乙县 CY ── org B (12 women)

Statistics year 2026 (the day is 2026-06-15)."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from conftest import make_cadre
from gonghui.activities.tests.factories import make_activity
from gonghui.core.spreadsheets import exporters
from gonghui.dashboards.selectors.women import women_stats_for
from gonghui.dashboards.spreadsheets import WOMEN_WORK
from gonghui.documents.models import IncomingDocument
from gonghui.members.choices import CommitteeRole
from gonghui.members.models import CommitteeSeat
from gonghui.members.tests.factories import MemberFactory
from gonghui.orgs.choices import CommitteeKind
from gonghui.orgs.models import Committee, ProtectionChecklist
from gonghui.orgs.tests.factories import OrgFactory

YEAR = 2026


@pytest.fixture(autouse=True)
def _frozen_day():
    with time_machine.travel(dt.datetime(2026, 6, 15, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


def _checklist(org, **items):
    return ProtectionChecklist.objects.create(org=org, year=YEAR, **items)


@pytest.fixture
def women_tree(world):
    cx2 = OrgFactory.create(parent=world.county_x, code="CX2", name="甲县第二中学工会")
    cx3 = OrgFactory.create(parent=world.county_x, code="CX3", name="甲县第三中学工会")
    women_a = [MemberFactory.create(org=world.org_a, gender="F") for _ in range(3)]
    MemberFactory.create_batch(12, org=world.org_b, gender="F")
    committee = Committee.objects.create(org=world.org_a, kind=CommitteeKind.WOMEN, is_current=True)
    women_a[0].name = "李主任"
    women_a[0].save(update_fields=["name"])
    CommitteeSeat.objects.create(committee=committee, member=women_a[0], role=CommitteeRole.CHAIR)
    _checklist(
        world.org_a,
        pregnancy_care=True,
        health_room=True,
        screening_organised=True,
        screening_participants=12,
    )
    _checklist(cx2, pregnancy_care=True, screening_organised=True, screening_participants=5)
    ProtectionChecklist.objects.create(org=cx3, year=YEAR - 1, pregnancy_care=True)  # last year: not counted
    world.extra.update(cx2=cx2, cx3=cx3)
    return world


def test_checklist_coverage_rolls_up_per_county(women_tree):
    # when
    stats = women_stats_for(root=women_tree.county_x, year=YEAR)
    # then
    t = stats.total
    assert (t.filled, t.units, t.coverage) == (2, 3, 66.7)
    assert t.item_rates == [
        ("孕期保护", 2, 100.0),
        ("产期保护", 0, 0.0),
        ("哺乳期保护", 0, 0.0),
        ("女职工卫生室（母婴室）", 1, 50.0),
        ("两癌筛查", 2, 100.0),
    ]
    assert (t.participants, t.participants_shown) == (17, "17")
    rows = {row.org.code: row for row in stats.children}
    assert [(c, rows[c].figures.filled, rows[c].committee) for c in ("CX2", "CX3", "ORGA")] == [
        ("CX2", 1, False),
        ("CX3", 0, False),
        ("ORGA", 1, True),
    ]


def test_committees_formed_count_the_unions_that_elect_one(women_tree):
    stats = women_stats_for(root=women_tree.city, year=YEAR)
    # city, two counties, org A, org B, CX2, CX3
    assert (stats.total.committees, stats.total.unions) == (1, 7)
    assert stats.root_committee is None
    own = women_stats_for(root=women_tree.org_a, year=YEAR)
    assert own.root_committee is not None
    assert own.chair_name == "李主任"
    assert not own.root_term_expired  # no term end recorded
    # a committee past its term end is flagged for 换届
    Committee.objects.filter(pk=own.root_committee.pk).update(
        term_started_on=dt.date(2016, 1, 1), term_ends_on=dt.date(2020, 12, 31)
    )
    assert women_stats_for(root=women_tree.org_a, year=YEAR).root_term_expired


def test_counts_about_people_under_ten_read_less_than_ten(women_tree):
    stats = women_stats_for(root=women_tree.city, year=YEAR)
    rows = {row.org.code: row.figures for row in stats.children}
    assert rows["CX"].women_shown == "<10"
    assert rows["CX"].women_share is None  # a share would give the small count away
    assert rows["CY"].women_shown == "12"
    assert stats.total.women_shown == "15"
    cx = women_stats_for(root=women_tree.county_x, year=YEAR)
    assert {r.org.code: r.figures.participants_shown for r in cx.children} == {
        "CX2": "<10",
        "CX3": "0",
        "ORGA": "12",
    }


def test_the_export_writes_the_table_as_shown(women_tree):
    # given
    admin = make_cadre("cx_admin", women_tree.county_x)
    exporter = exporters.get(WOMEN_WORK)
    # when
    sheets = exporter.sheets(user=admin, params={"org": "CX", "year": str(YEAR)})
    # then
    assert [s.name for s in sheets] == ["汇总", "下级组织"]
    rows = {row[0]: row[:6] for row in sheets[1].rows}
    assert rows["ORGA"] == ["ORGA", "甲县第一中学工会", "<10", "已建", "已填", "12"]
    assert rows["CX3"] == ["CX3", "甲县第三中学工会", "0", "未建", "未填", "0"]
    assert rows[""][4] == "2/3"
    summary = {row[0]: row[1] for row in sheets[0].rows}
    assert summary["检查表覆盖率(%)"] == 66.7
    assert (
        exporter.file_name({"org": "CX", "year": "2026"})
        == "女职工工作统计-甲县教育工会-2026年-20260615.xlsx"
    )


# ---- the page -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("actor", "status"), [("org_admin", 200), ("org_member", 403), ("outsider", 404)])
def test_the_page_for_the_three_actors(client, women_tree, actor, status):
    client.force_login(getattr(women_tree, actor))
    assert client.get(reverse("dashboards:women_org", args=["ORGA"])).status_code == status


def test_a_grassroots_admin_finds_the_own_checklist_and_the_empty_states(client, world, org_admin):
    client.force_login(org_admin)
    # the menu entry opens the admin's own union
    response = client.get(reverse("dashboards:women_home"))
    assert response["Location"] == reverse("dashboards:women_org", args=["ORGA"])
    page = client.get(response["Location"]).content.decode()
    assert "填写本单位检查表" in page
    assert reverse("orgs:protection_edit", args=["ORGA", YEAR]) + "?back=women" in page
    assert "甲县第一中学工会没有下级组织" in page
    assert 'data-figure="women_contracts">0 / 1<' in page
    assert "尚未登记女职工委员会" in page


def test_a_county_page_lists_units_with_their_checklist_links(client, women_tree):
    admin = make_cadre("cx_admin", women_tree.county_x)
    client.force_login(admin)
    page = client.get(reverse("dashboards:women_org", args=["CX"]) + "?year=2026").content.decode()
    assert 'data-figure="checklists">2 / 3<' in page
    assert reverse("orgs:protection_edit", args=["CX3", YEAR]) + "?back=women" in page  # 未填: the form
    assert "未填" in page


def test_women_only_activities_and_women_committee_tasks_are_listed(client, women_tree):
    admin = women_tree.org_admin
    for_women = make_activity(
        org=women_tree.org_a, actor=admin, title="三八节女职工健康讲座", member_filter={"gender": "F"}
    )
    make_activity(org=women_tree.org_a, actor=admin, title="教职工篮球赛")
    IncomingDocument.objects.create(
        org=women_tree.org_a,
        source_issuer="焦作市总工会女职工委员会",
        title="关于开展2026年“三八”节活动的通知",
        received_on=dt.date(2026, 2, 26),
    )
    IncomingDocument.objects.create(
        org=women_tree.org_a,
        source_issuer="焦作市总工会",
        title="关于安康杯竞赛的通知",
        received_on=dt.date(2026, 3, 1),
    )
    client.force_login(admin)
    page = client.get(reverse("dashboards:women_org", args=["ORGA"])).content.decode()
    assert reverse("activities:detail", args=[for_women.pk]) in page
    assert "教职工篮球赛" not in page
    assert "关于开展2026年“三八”节活动的通知" in page
    assert "未转发下级" in page
    assert "关于安康杯竞赛的通知" not in page


def test_the_women_contract_rate_counts_effective_women_contracts_of_the_subtree(client, women_tree):
    # given: org A's 女职工专项集体合同 is in effect, CX2's is only filed, a 综合 one does not count
    from gonghui.congresses.choices import ContractKind
    from gonghui.congresses.tests.factories import make_contract

    admin = make_cadre("cx_contracts", women_tree.county_x)
    make_contract(org=women_tree.org_a, actor=admin, kind=ContractKind.WOMEN, status="effective")
    make_contract(org=women_tree.extra["cx2"], actor=admin, kind=ContractKind.WOMEN, status="filed")
    make_contract(
        org=women_tree.extra["cx3"], actor=admin, kind=ContractKind.COMPREHENSIVE, status="effective"
    )

    # when
    stats = women_stats_for(root=women_tree.county_x, year=YEAR)
    client.force_login(admin)
    page = client.get(reverse("dashboards:women_org", args=["CX"])).content.decode()

    # then
    figures = stats.women_contracts
    assert figures is not None
    assert (figures.units, figures.covered) == (3, 1)
    assert 'data-figure="women_contracts">1 / 3<' in page
    assert 'data-figure="women_contract_rate">33.3%<' in page
