"""起草年终总结: the 公文 record template (documents.record_templates) that turns a plan into a draft 关于…年度工作总结的
报告 listing, section by section and item by item, what was done — the linked 落实记录 with their states and the
unions' latest progress reports. Registered from WorkplansConfig.ready(); used by
`services.plan_summary_document_draft`. The template reads the whole plan (as its issuing union sees it): only a
cadre managing the plan may use it (`can_use`)."""

from typing import Any

from gonghui.accounts.actors import Actor
from gonghui.accounts.scoping import has_action
from gonghui.documents.record_templates import DraftText, RecordTemplate, record_templates
from gonghui.orgs.choices import OrgStatus
from gonghui.orgs.models import Org

from .choices import ProgressStatus
from .models import MANAGE, ProgressReport, WorkPlan
from .selectors import plan_link_progress, plan_sections

SUMMARY_TEMPLATE = "workplans.year_summary"
REPORT_TEXT = 120  # characters of a progress report quoted in the draft
MAIN_TO_MAX = 500


def summary_title(plan: WorkPlan) -> str:
    return f"关于{plan.year}年度工作总结的报告"


def _latest_reports(plan: WorkPlan) -> dict[int, list[ProgressReport]]:
    """Each item's latest report per union, in one query."""
    latest: dict[int, dict[int, ProgressReport]] = {}
    for report in (
        ProgressReport.objects.filter(item__section__plan=plan)
        .select_related("org")
        .order_by("created_at", "id")
    ):
        latest.setdefault(report.item_id, {})[report.org_id] = report
    return {item_id: sorted(by_org.values(), key=lambda r: r.org.path) for item_id, by_org in latest.items()}


def _short(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else f"{text[:n]}…"


def summary_draft_text(plan: WorkPlan) -> DraftText:
    """The draft's body: an opening line, then per section its items, each with its 落实记录 and progress."""
    sections = plan_sections(plan=plan)
    progress = plan_link_progress(plan=plan)
    reports = _latest_reports(plan)
    doc = f"（{plan.doc_number}）" if plan.doc_number else ""
    lines = [
        f"{plan.year}年，我会按照《{plan.title}》{doc}的部署，逐项落实各项工作任务。现将年度工作情况报告如下："
    ]
    for section in sections:
        items = list(section.items.all())
        if not items:
            continue
        lines.append(section.title)
        for item in items:
            lines.append(f"{item.number}{_short(item.text, 60)}")
            links = progress.get(item.pk)
            if links is not None:
                done = "；".join(
                    f"{row.kind_label}“{row.title}”（{row.state}{f'，{row.on:%Y年%-m月%-d日}' if row.on else ''}）"
                    for row in links.rows
                )
                lines.append(f"落实情况：{links.label}。{done}。")
            item_reports = reports.get(item.pk, [])
            if item_reports:
                finished = sum(1 for r in item_reports if r.status == ProgressStatus.DONE)
                lines.append(f"进展报告：{len(item_reports)} 个单位报告进展，其中 {finished} 个已完成。")
                lines.extend(
                    f"{r.org.name}（{r.get_status_display()}）：{_short(r.text, REPORT_TEXT)}"
                    for r in item_reports
                )
            if links is None and not item_reports:
                lines.append("落实情况：暂无落实记录和进展报告。")
    lines.append("特此报告。")
    return DraftText(title=summary_title(plan), body="\n".join(lines), main_to=_main_to(plan))


def _main_to(plan: WorkPlan) -> str:
    """主送: the issuing union's direct subordinate unions by name (公文 are addressed within the issuer's subtree;
    the cadre may change it on the draft). Empty for a union without any: documents then asks for one."""
    names = list(
        Org.objects.filter(path__startswith=plan.org.path, depth=plan.org.depth + 1, status=OrgStatus.ACTIVE)
        .order_by("path")
        .values_list("name", flat=True)
    )
    phrase = "、".join(names)
    return phrase if len(phrase) <= MAIN_TO_MAX else ""


def _can_use(user: Actor, plan: Any) -> bool:
    return isinstance(plan, WorkPlan) and has_action(user, MANAGE, plan.org)


def register() -> None:
    """Called from WorkplansConfig.ready()."""
    record_templates.register(
        SUMMARY_TEMPLATE,
        RecordTemplate(
            key=SUMMARY_TEMPLATE,
            label="年度工作总结报告",
            owner_model="workplans.workplan",
            kind="报告",
            draft=summary_draft_text,
            can_use=_can_use,
            order=70,
        ),
    )
