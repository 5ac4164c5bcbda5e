"""Timeline rows for orgs; called inside the services' transactions."""

from gonghui.accounts.actors import Actor
from gonghui.core.timeline import timeline_record

from .choices import CommitteeAction, FoundingAction, OrgAction, ProtectionAction
from .models import Org, UnionFounding


def org_created_event(*, org: Org, actor: Actor, note: str = "") -> None:
    parent = Org.objects.get_parent(org)
    where = f"上级组织：{parent.name}" if parent else ""
    timeline_record(
        subject=org,
        actor=actor,
        action=OrgAction.CREATE,
        action_label=str(OrgAction.CREATE.label),
        to_state=org.status,
        note="；".join(part for part in (where, note) if part),
    )


def org_edited_event(*, org: Org, actor: Actor, changed: list[str]) -> None:
    timeline_record(
        subject=org,
        actor=actor,
        action=OrgAction.EDIT,
        action_label=str(OrgAction.EDIT.label),
        note="修改了：" + "、".join(changed),
    )


def org_moved_event(*, org: Org, actor: Actor, old_parent: Org | None, new_parent: Org) -> None:
    timeline_record(
        subject=org,
        actor=actor,
        action=OrgAction.MOVE,
        action_label=str(OrgAction.MOVE.label),
        note=f"从“{old_parent.name if old_parent else '（顶级）'}”移至“{new_parent.name}”",
    )


def covered_unit_event(*, org: Org, actor: Actor, action: OrgAction, note: str) -> None:
    """A 联合基层工会's covered unit added, changed or removed: on the union's own timeline."""
    timeline_record(subject=org, actor=actor, action=action, action_label=str(action.label), note=note)


def founding_registered_event(*, founding: UnionFounding, actor: Actor) -> None:
    timeline_record(
        subject=founding,
        actor=actor,
        action=FoundingAction.REGISTER,
        action_label=str(FoundingAction.REGISTER.label),
        to_state=founding.status,
        note=f"主管工会：{founding.org.name}；职工 {founding.headcount_total} 人",
    )


def founding_edited_event(*, founding: UnionFounding, actor: Actor, changed: list[str]) -> None:
    timeline_record(
        subject=founding,
        actor=actor,
        action=OrgAction.EDIT,
        action_label="修改登记信息",
        note="修改了：" + "、".join(changed),
    )


def committee_event(*, org: Org, actor: Actor, action: CommitteeAction, note: str) -> None:
    """A committee (三委) recorded, changed or renewed, or a seat on one changed: on the union's own timeline.
    Seats are written by members (`members.services.committee_seats`), which calls this in its transaction."""
    timeline_record(subject=org, actor=actor, action=action, action_label=str(action.label), note=note)


def protection_event(*, org: Org, actor: Actor, action: ProtectionAction, note: str) -> None:
    """A 女职工特殊保护检查表 filled in or corrected: on the unit's own timeline. The note names the year and the
    arrangements, never a person."""
    timeline_record(subject=org, actor=actor, action=action, action_label=str(action.label), note=note)
