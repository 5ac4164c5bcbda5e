"""The demo work plan: the seed document parsed and imported for the root union, assigned, with progress
reports, written through the services; a second run adds nothing. Seeded once for the module (two runs), rolled
back after (tests/demo_seeding.py)."""

import pytest

from gonghui.accounts.demo import seed_accounts
from gonghui.accounts.models import User
from gonghui.core.models import TimelineEntry
from gonghui.orgs.demo import seed_orgs
from gonghui.orgs.models import Org
from gonghui.workplans.choices import PlanAction
from gonghui.workplans.demo import REPORTS, seed_workplans
from gonghui.workplans.models import PlanActivity, PlanItem, ProgressReport, WorkPlan
from tests.demo_seeding import Seeded, seeded_twice

from .test_views import needs_parser

pytestmark = [needs_parser, pytest.mark.django_db]


def _counts() -> dict[str, int]:
    return {"plans": WorkPlan.objects.count(), "reports": ProgressReport.objects.count()}


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with (
        django_db_blocker.unblock(),
        seeded_twice(seed_workplans, before=(seed_orgs, seed_accounts), counts=_counts) as seeded,
    ):
        yield seeded


def test_seed_workplans_imports_assigns_and_reports_once(seeded: Seeded):
    # given the demo tree and accounts, when seeded twice
    first, second = seeded.first, seeded.second
    # then
    plan = WorkPlan.objects.get()
    assert (plan.org.code, plan.doc_number, plan.year) == ("JZJKWT", "焦教工〔2020〕8号", 2020)
    assert plan.sections.count() == 5
    items = PlanItem.objects.filter(section__plan=plan)
    assert items.count() == 22
    assert items.filter(lead_department__isnull=True).count() == 0
    assert str(items.get(number="（十三）").lead_department) == "女职工部"
    assert sorted(item.participants.count() for item in items) == [1] + [11] * 21
    assert items.get(number="（十四）").participants.get().code == "JFQ"
    assert PlanActivity.objects.filter(item__section__plan=plan, lead_org__isnull=True).count() == 0
    assert ProgressReport.objects.count() == len(REPORTS)
    assert TimelineEntry.objects.filter(action=PlanAction.REPORT).count() == len(REPORTS)
    assert first == f"工作要点 1 个（本次新建 1 个）：{plan.title}，22 个条目，进展报告 {len(REPORTS)} 份"
    assert second == f"工作要点 1 个（本次新建 0 个）：{plan.title}"
    assert WorkPlan.objects.count() == 1
    assert seeded.after_second == seeded.after_first == {"plans": 1, "reports": len(REPORTS)}


def test_seed_workplans_writes_as_the_demo_cadres(seeded: Seeded):
    # given: the built-in union_admin role carries the workplans actions; when seeded
    # then
    plan = WorkPlan.objects.get()
    assert plan.created_by == User.objects.get(username="shi_admin")
    reporters = {
        r.org.code: r.reported_by for r in ProgressReport.objects.select_related("org", "reported_by")
    }
    assert reporters["JFQ"] == User.objects.get(username="jfq_admin")
    assert reporters["SYQ"] == User.objects.get(
        grants__role="union_admin", grants__org=Org.objects.get(code="SYQ")
    )
