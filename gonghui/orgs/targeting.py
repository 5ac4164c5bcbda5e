"""Recipient targeting: 主送/抄送 of a 公文, the target orgs of a 报送 task, the participants of a work-plan item.

A sender chooses orgs, subtrees or levels ("各县区工会", "市属各基层工会"); `targets_expand` turns the choice into
the concrete active orgs inside the sender's own subtree, in tree order. Targets are stored as plain dicts
(`OrgTarget.as_dict`) so a document keeps what the sender chose, not only what it expanded to."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet

from .choices import LEVEL_RANK, OrgLevel, OrgStatus
from .models import Org


class TargetKind:
    ORG = "org"  # exactly this org
    SUBTREE = "subtree"  # this org and every org below it
    CHILDREN = "children"  # the direct children of this org (e.g. 市属各基层工会 under the city union)
    LEVEL = "level"  # every org of `level` below this org (e.g. 各县区工会)

    LABELS = {ORG: "单个组织", SUBTREE: "本级及下级", CHILDREN: "直属下级", LEVEL: "下级中某一层级"}


@dataclass(frozen=True)
class OrgTarget:
    kind: str
    org_id: int
    level: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "org": self.org_id, "level": self.level}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "OrgTarget":
        kind = str(data.get("kind", ""))
        if kind not in TargetKind.LABELS:
            raise ValidationError(f"未知的范围类型：{kind}")
        level = str(data.get("level") or "")
        if kind == TargetKind.LEVEL and level not in OrgLevel.values:
            raise ValidationError("按层级选择时必须指定层级")
        try:
            org_id = int(data["org"])
        except (KeyError, TypeError, ValueError):
            raise ValidationError("范围缺少组织") from None
        return cls(kind=kind, org_id=org_id, level=level)


def target_label(target: OrgTarget, orgs_by_id: dict[int, Org]) -> str:
    """Chinese description of one target, e.g. "解放区教科文卫体工会（本级及下级）"."""
    org = orgs_by_id.get(target.org_id)
    name = org.name if org else "（已删除的组织）"
    if target.kind == TargetKind.ORG:
        return name
    if target.kind == TargetKind.LEVEL:
        return f"{name}下属各{OrgLevel(target.level).label}"
    return f"{name}（{TargetKind.LABELS[target.kind]}）"


def targets_expand(
    targets: Iterable[OrgTarget], *, within: Org, include_within: bool = False
) -> QuerySet[Org]:
    """The active orgs the targets name, restricted to `within`'s subtree (a sender never reaches outside its
    own tree). `within` itself is left out unless `include_within` (a union does not send to itself)."""
    targets = list(targets)
    anchors = {o.pk: o for o in Org.objects.filter(pk__in={t.org_id for t in targets})}
    q = Q(pk__in=[])
    for target in targets:
        anchor = anchors.get(target.org_id)
        if anchor is None or not anchor.path.startswith(within.path):
            raise ValidationError("所选范围超出本组织的管辖范围")
        if target.kind == TargetKind.ORG:
            q |= Q(pk=anchor.pk)
        elif target.kind == TargetKind.SUBTREE:
            q |= Q(path__startswith=anchor.path)
        elif target.kind == TargetKind.CHILDREN:
            q |= Q(path__startswith=anchor.path, depth=anchor.depth + 1)
        else:
            if LEVEL_RANK[OrgLevel(target.level)] <= LEVEL_RANK[OrgLevel(anchor.level)]:
                raise ValidationError(f"“{anchor.name}”下没有“{OrgLevel(target.level).label}”这一层级")
            q |= Q(path__startswith=anchor.path, level=target.level) & ~Q(pk=anchor.pk)
    qs = Org.objects.filter(q, status=OrgStatus.ACTIVE, path__startswith=within.path)
    if not include_within:
        qs = qs.exclude(pk=within.pk)
    return qs.order_by("path")
