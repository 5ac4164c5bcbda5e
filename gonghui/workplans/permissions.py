"""Who may do what with work plans. Visibility is the scoped queryset (`visible_to`); these add the object checks."""

from gonghui.accounts.actors import Actor
from gonghui.accounts.scoping import has_action
from gonghui.orgs.models import Org

from .models import MANAGE, REPORT, VIEW, PlanItem, ProgressReport, WorkPlan


def can_manage_plan(user: Actor, plan: WorkPlan) -> bool:
    """Edit the tree, assign, export: `workplans.manage` on the issuing union."""
    return has_action(user, MANAGE, plan.org)


def can_view_report(user: Actor, report: ProgressReport) -> bool:
    """A report (and its attachments) is seen by the issuing union's cadres and the reporting union's."""
    return ProgressReport.objects.visible_to(user, VIEW).filter(pk=report.pk).exists()


def can_report_for(user: Actor, plan: WorkPlan, org: Org) -> bool:
    """A union in the plan's subtree reports on any of its items, by a cadre holding workplans.report there."""
    return org.path.startswith(plan.org.path) and has_action(user, REPORT, org)


def can_link(user: Actor, item: PlanItem, plan: WorkPlan) -> bool:
    """Link records to an item (and unlink them): `workplans.manage` on the issuing union, or on the item's lead
    union (a school leading an item links its own competition or 公文)."""
    if has_action(user, MANAGE, plan.org):
        return True
    return item.lead_org is not None and has_action(user, MANAGE, item.lead_org)
