"""Seats on a union's committees (三委委员, `CommitteeSeat`): seat a member, change a role, remove a seat. The
committee itself (`orgs.Committee`) is written by orgs/services/committees.py; each change here writes the union's
timeline and audit rows through its `committee_seat_recorded`, in the same transaction, which also keeps the
union's 工会主席 in step with the 工会委员会's 主席.

Rules: only the union's managers (`orgs.manage` on it, `can_manage_org`) seat anyone; only the current committee
takes changes (an earlier term is history); the member must hold membership (在籍 or 保留会籍) in that very union;
one 主任 (for the 工会委员会: 主席) per committee; the 女职工委员会 seats women only."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gonghui.accounts.actors import Actor
from gonghui.accounts.choices import Gender
from gonghui.core.audit import AuditContext
from gonghui.core.locking import lock
from gonghui.orgs.choices import CommitteeAction, CommitteeKind
from gonghui.orgs.models import Committee
from gonghui.orgs.permissions import can_manage_org
from gonghui.orgs.services.committees import committee_seat_recorded

from ..choices import HOLDING_STATUSES, CommitteeRole
from ..models import CommitteeSeat, Member
from ..selectors.committee_seats import seat_role_label


def _committee_for_change(committee: Committee, actor: Actor) -> Committee:
    """The committee, locked (seat changes on one committee run one at a time), after the permission check."""
    if not can_manage_org(actor, committee.org):
        raise PermissionDenied
    committee = lock(Committee, pk=committee.pk, related=("org",))
    if not committee.is_current:
        raise ValidationError(_("往届委员会的委员名单不能修改"))
    if not committee.org.is_active:
        raise ValidationError(_("该工会已停用，不能调整委员"))
    return committee


def _seat_locked(seat: CommitteeSeat) -> CommitteeSeat:
    try:
        return lock(CommitteeSeat, pk=seat.pk, related=("member",))
    except CommitteeSeat.DoesNotExist:
        raise ValidationError(_("该委员已被免去，请刷新页面")) from None


def _check_role(committee: Committee, role: str, *, exclude_pk: int | None = None) -> None:
    if role not in CommitteeRole.values:
        raise ValidationError({"role": _("请选择职务")})
    if role != CommitteeRole.CHAIR:
        return
    chairs = CommitteeSeat.objects.filter(committee=committee, role=CommitteeRole.CHAIR).select_related(
        "member"
    )
    if exclude_pk is not None:
        chairs = chairs.exclude(pk=exclude_pk)
    chair = chairs.first()
    if chair is not None:
        label = seat_role_label(committee.kind, CommitteeRole.CHAIR)
        raise ValidationError(
            {
                "role": _("本委员会已有%(role)s：%(name)s，请先调整其职务")
                % {"role": label, "name": chair.member.name}
            }
        )


def _check_member(committee: Committee, member: Member) -> None:
    if member.org_id != committee.org_id or member.status not in HOLDING_STATUSES:
        raise ValidationError(
            {"member": _("%(name)s 不是本工会的会员，不能担任委员") % {"name": member.name}}
        )
    if committee.kind == CommitteeKind.WOMEN and member.gender != Gender.FEMALE:
        raise ValidationError(
            {"member": _("%(name)s 不是女职工，不能担任女职工委员会委员") % {"name": member.name}}
        )
    if CommitteeSeat.objects.filter(committee=committee, member=member).exists():
        raise ValidationError({"member": _("%(name)s 已在本委员会任职") % {"name": member.name}})


def _chair_name(committee: Committee, role: str, name: str) -> str | None:
    """The 工会主席 to record on the union: the new 主席's name, or None when the 主席 does not change."""
    if committee.kind == CommitteeKind.UNION and role == CommitteeRole.CHAIR:
        return name
    return None


@transaction.atomic
def committee_seat_add(
    *,
    committee: Committee,
    member: Member,
    role: str,
    actor: Actor,
    context: AuditContext | None = None,
) -> CommitteeSeat:
    committee = _committee_for_change(committee, actor)
    member = lock(Member, pk=member.pk)
    _check_member(committee, member)
    _check_role(committee, role)
    seat = CommitteeSeat.objects.create(committee=committee, member=member, role=role)
    committee_seat_recorded(
        committee=committee,
        actor=actor,
        action=CommitteeAction.SEAT_ADD,
        note=f"{committee.get_kind_display()}：{member.name}（{seat_role_label(committee.kind, role)}）",
        chair_name=_chair_name(committee, role, member.name),
        context=context,
    )
    return seat


@transaction.atomic
def committee_seat_change_role(
    *, seat: CommitteeSeat, role: str, actor: Actor, context: AuditContext | None = None
) -> CommitteeSeat:
    committee = _committee_for_change(seat.committee, actor)
    seat = _seat_locked(seat)
    if seat.role == role:
        return seat
    _check_role(committee, role, exclude_pk=seat.pk)
    old = seat.role
    seat.role = role
    seat.save(update_fields=["role", "updated_at"])
    chair_name = _chair_name(committee, role, seat.member.name)
    if chair_name is None and committee.kind == CommitteeKind.UNION and old == CommitteeRole.CHAIR:
        chair_name = ""  # the 主席 stepped down: the union has none on record until one is named
    committee_seat_recorded(
        committee=committee,
        actor=actor,
        action=CommitteeAction.SEAT_ROLE,
        note=(
            f"{committee.get_kind_display()}：{seat.member.name} 由"
            f"{seat_role_label(committee.kind, old)}改为{seat_role_label(committee.kind, role)}"
        ),
        chair_name=chair_name,
        context=context,
    )
    return seat


@transaction.atomic
def committee_seat_remove(*, seat: CommitteeSeat, actor: Actor, context: AuditContext | None = None) -> None:
    committee = _committee_for_change(seat.committee, actor)
    seat = _seat_locked(seat)
    name, role = seat.member.name, seat.role
    seat.delete()
    chair_name = "" if committee.kind == CommitteeKind.UNION and role == CommitteeRole.CHAIR else None
    committee_seat_recorded(
        committee=committee,
        actor=actor,
        action=CommitteeAction.SEAT_REMOVE,
        note=f"{committee.get_kind_display()}：{name}（{seat_role_label(committee.kind, role)}）",
        chair_name=chair_name,
        context=context,
    )
