"""Timeline rows of the 工作要点 module; called inside the services' transactions. Edits of the tree are rows on
the plan, progress reports rows on their item."""

from gonghui.accounts.actors import Actor
from gonghui.core.timeline import timeline_record, timeline_step

from .choices import PlanAction, ProgressStatus
from .models import PlanItem, PlanItemLink, ProgressReport, WorkPlan


def plan_event(*, plan: WorkPlan, actor: Actor | None, action: PlanAction, note: str = "") -> None:
    timeline_record(subject=plan, actor=actor, action=action, action_label=str(action.label), note=note)


def report_submitted_event(*, report: ProgressReport, actor: Actor | None, previous: str) -> None:
    item: PlanItem = report.item
    timeline_record(
        subject=item,
        actor=actor,
        action=PlanAction.REPORT,
        action_label=str(PlanAction.REPORT.label),
        from_state=str(ProgressStatus(previous).label) if previous else "",
        to_state=str(ProgressStatus(report.status).label),
        note=f"{report.org.name}：{report.text[:200]}",
    )


def link_event(*, link: PlanItemLink, actor: Actor | None, action: PlanAction, kind_label: str) -> None:
    """关联落实记录 / 取消关联: a row on the item's timeline naming the record."""
    timeline_step(subject=link.item, actor=actor, action=action, note=f"{kind_label}：{link.title}")
