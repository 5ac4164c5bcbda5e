"""Demo 落实记录: the items of the root union's 2020 工作要点 linked to the demo records that carried them out (the
two 2020 技能竞赛 for (七), the 焦作标兵 评选 for (八), the 2020年春节送温暖 campaign for (十一), the 答题 for (十八),
the 报送任务 of 会员基本情况 for (十九), 公文, a 培训课程, a 问卷, a 课题, an 教代会 …), through `item_link_add` as the city
union's admin (`shi_admin`), who must see each record: a link is made only when the record's own kind offers it
to them by its title. Run after every app's demo (the 量化评价 seeder calls it, order 110). Idempotent."""

import datetime as dt

from django.db import transaction

from gonghui.accounts.demo import demo_clock
from gonghui.accounts.models import User
from gonghui.core.registry import plan_record_kinds
from gonghui.orgs.models import Org

from .demo import ROOT_ADMIN, ROOT_CODE, SEED_FILE
from .models import PlanItem, PlanItemLink, WorkPlan
from .services import item_link_add

# (item number, record kind, the record's title (exact, as the app's demo names it))
LINKS: tuple[tuple[str, str, str], ...] = (
    ("（三）", "surveys.survey", "2020年全市教科文卫体系统职工思想状况调查"),
    ("（五）", "surveys.research_project", "新时代教科文卫体系统职工思想状况及引导对策研究"),
    ("（七）", "contests.contest", "2020年全市教育系统教学技能竞赛"),
    ("（七）", "contests.contest", "2020年全市卫生计生系统技能竞赛"),
    ("（七）", "documents.document", "关于联合举办2020年全市教育系统教学技能竞赛的通知"),
    ("（八）", "honours.campaign", "2020年度“焦作标兵”评选"),
    ("（九）", "activities.activity", "抗击疫情一线优秀医护人员事迹报告会"),
    ("（八）", "documents.document", "关于命名表彰2020年度“焦作标兵”的决定"),
    ("（十一）", "welfare.relief_campaign", "2020年春节送温暖"),
    ("（十一）", "welfare.relief_campaign", "2020年支援湖北医疗队队员慰问"),
    ("（十五）", "learning.course", "基层工会干部履职必修：会费、换届与职代会"),
    ("（十八）", "quizzes.quiz_activity", "庆“五一”劳动法律知识竞答"),
    ("（十九）", "reports.report_task", "2020年教职工和工会会员基本情况统计"),
    ("（十七）", "congresses.session", "第三届教职工代表大会第一次会议"),
    ("（十八）", "documents.document", "关于组织开展网上答题活动的通知"),
)
LINKED_ON = dt.datetime.combine(dt.date(2020, 12, 10), dt.time(15))


def _items(plan: WorkPlan) -> dict[str, PlanItem]:
    found: dict[str, PlanItem] = {}
    for item in PlanItem.objects.filter(section__plan=plan).order_by("section__order", "order", "pk"):
        number = item.number.strip()
        if not number.startswith("（"):
            number = f"（{number.strip('()（）')}）"
        found.setdefault(number, item)
    return found


@transaction.atomic
def seed_plan_links() -> str:
    root = Org.objects.filter(code=ROOT_CODE).first()
    plan = WorkPlan.objects.filter(org=root, source_name=SEED_FILE.name).first() if root else None
    actor = User.objects.filter(username=ROOT_ADMIN).first()
    if plan is None or actor is None:
        return "没有2020年工作要点，跳过落实记录"
    items = _items(plan)
    have = set(
        PlanItemLink.objects.filter(item__section__plan=plan).values_list("item_id", "kind", "object_id")
    )
    made = missing = 0
    with demo_clock(LINKED_ON):
        for number, kind, title in LINKS:
            item = items.get(number)
            if item is None or kind not in plan_record_kinds:
                missing += 1
                continue
            refs = [r for r in plan_record_kinds.get(kind).candidates(actor, title) if r.title == title]
            if not refs:
                missing += 1
                continue
            ref = refs[-1]  # the oldest of that title (the demo's own)
            if (item.pk, kind, ref.object_id) in have:
                continue
            item_link_add(item=item, actor=actor, kind=kind, object_id=ref.object_id)
            have.add((item.pk, kind, ref.object_id))
            made += 1
    total = PlanItemLink.objects.filter(item__section__plan=plan).count()
    gap = f"，{missing} 项未找到记录" if missing else ""
    return f"工作要点落实记录 {total} 条（本次新建 {made} 条{gap}）"
