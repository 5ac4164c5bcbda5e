"""Timeline rows for member records; called inside the services' transactions. Status changes write
theirs through `core.workflow.Workflow.apply`."""

from gonghui.accounts.actors import Actor
from gonghui.core.timeline import timeline_record

from .choices import MemberAction
from .models import Member


def member_created_event(*, member: Member, actor: Actor | None, note: str = "") -> None:
    timeline_record(
        subject=member,
        actor=actor,
        action=MemberAction.CREATE,
        action_label=str(MemberAction.CREATE.label),
        to_state=member.status,
        note="；".join(part for part in (f"所属工会：{member.org.name}", note) if part),
    )


def member_edited_event(*, member: Member, actor: Actor | None, changed: list[str]) -> None:
    timeline_record(
        subject=member,
        actor=actor,
        action=MemberAction.EDIT,
        action_label=str(MemberAction.EDIT.label),
        note="修改了：" + "、".join(changed),
    )
