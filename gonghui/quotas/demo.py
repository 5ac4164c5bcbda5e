"""Demo 名额: 30 places of 2026年市级劳动模范推荐 handed down by 市总工会 to the demo city union, split over its
county-level unions in proportion to their workforce (largest remainder), and one county's share re-allocated to
two of its grassroots unions."""

from django.db import transaction

from gonghui.accounts.models import User
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.models import Org

from .choices import QuotaSource
from .models import QuotaSet
from .services import quota_allocate, quota_allocate_by_weight, quota_set_create

ROOT_CODE = "JZJKWT"
DEMO_TITLE = "2026年市级劳动模范推荐名额"
DEMO_TOTAL = 30


def _workforce(org: Org) -> int:
    """职工人数 of the union's subtree (the orgs' own headcount fields; member counts live above this block)."""
    return sum(unit.headcount_total for unit in Org.objects.filter(path__startswith=org.path))


@transaction.atomic
def seed_quotas() -> str:
    root = Org.objects.filter(code=ROOT_CODE).first()
    actor = User.objects.filter(username="admin").first()
    if root is None or actor is None:
        return "没有市级工会或系统管理员，跳过名额"
    if QuotaSet.objects.filter(org=root, title=DEMO_TITLE).exists():
        return "名额已存在"
    counties = list(Org.objects.get_children(root).filter(level=OrgLevel.COUNTY).order_by("path"))
    quota_set = quota_set_create(
        org=root,
        title=DEMO_TITLE,
        total=DEMO_TOTAL,
        source=QuotaSource.ISSUED,
        issuer="市总工会",
        received_reference="关于做好2026年市级劳动模范推荐工作的通知",
        actor=actor,
    )
    if not counties:
        return "名额 1 项（没有县级工会，未分配）"
    weights = {county.pk: _workforce(county) for county in counties}
    if sum(weights.values()) == 0:
        weights = dict.fromkeys(weights, 1)
    allocations = quota_allocate_by_weight(quota_set=quota_set, weights=weights, actor=actor)
    for allocation in allocations:
        units = list(Org.objects.get_children(allocation.org).order_by("path")[:2])
        if allocation.allocated >= 2 and len(units) == 2:
            first = allocation.allocated // 2
            quota_allocate(
                quota_set=quota_set,
                parent=allocation,
                shares={units[0].pk: first, units[1].pk: allocation.allocated - first},
                actor=actor,
            )
            return (
                f"名额 1 项，分配到 {len(allocations)} 个县级工会，{allocation.org.name}再分配到 2 个基层工会"
            )
    return f"名额 1 项，分配到 {len(allocations)} 个县级工会"
