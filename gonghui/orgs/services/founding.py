"""建会: the register of units in a union's area (often 民办 schools and hospitals) and their way to a union
of their own. Services write (keyword-only, actor explicit, one transaction with the timeline row); the reads
of the register are in orgs/selectors.py, `can_manage_founding` in orgs/permissions.py.

未建会 → 已申请 → 不同意 | 已线下批准 → 发展会员中 → 已组建小组 → 筹备会员大会 → 已建会 → 三委已组建 → 信息完善.
At 已建会 the new grassroots union is created under the supervising union through `org_create`; 三委同步组建 is
allowed once the new union's three committees (工会委员会, 经费审查委员会, 女职工委员会) are recorded
(orgs/services/committees.py).
"""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.actors import Actor
from gonghui.accounts.scoping import has_action
from gonghui.core.audit import audit_log
from gonghui.core.locking import lock
from gonghui.core.models import AuditAction
from gonghui.core.workflow import Transition, Workflow

from ..choices import FOUNDING_FORM_ACTIONS, SUPERVISOR_LEVELS, FoundingAction, FoundingStatus, OrgLevel
from ..events import founding_edited_event, founding_registered_event
from ..models import Org, UnionFounding
from ..permissions import MANAGE, can_manage_founding
from ..selectors import VIEW, committees_missing
from ..validators import normalize_credit_code
from .tree import org_create, org_update

# what the services read from a locked row, joined in the locking statement
_FOUNDING_JOINS = ("org", "founded_org")

FOUNDING_FIELDS = (
    "unit_name",
    "credit_code",
    "unit_category",
    "industry",
    "is_private",
    "headcount_established",
    "headcount_contract",
    "headcount_dispatched",
    "contact_name",
    "contact_phone",
    "note",
)


def _allowed(actor: Actor, founding: UnionFounding) -> bool:
    return can_manage_founding(actor, founding)


founding_workflow = Workflow(
    state_field="status",
    state_enum=FoundingStatus,
    transitions=(
        Transition(
            action=FoundingAction.APPLY,
            sources=frozenset({FoundingStatus.NOT_FOUNDED, FoundingStatus.REJECTED}),
            target=FoundingStatus.APPLIED,
            allowed=_allowed,
        ),
        Transition(
            action=FoundingAction.REJECT,
            sources=frozenset({FoundingStatus.APPLIED}),
            target=FoundingStatus.REJECTED,
            allowed=_allowed,
            note_required=True,
        ),
        Transition(
            action=FoundingAction.APPROVE,
            sources=frozenset({FoundingStatus.APPLIED}),
            target=FoundingStatus.APPROVED,
            allowed=_allowed,
        ),
        Transition(
            action=FoundingAction.DEVELOP,
            sources=frozenset({FoundingStatus.APPROVED}),
            target=FoundingStatus.DEVELOPING,
            allowed=_allowed,
        ),
        Transition(
            action=FoundingAction.FORM_GROUPS,
            sources=frozenset({FoundingStatus.DEVELOPING}),
            target=FoundingStatus.GROUPS_FORMED,
            allowed=_allowed,
        ),
        Transition(
            action=FoundingAction.PREPARE_CONGRESS,
            sources=frozenset({FoundingStatus.GROUPS_FORMED}),
            target=FoundingStatus.PREPARING_CONGRESS,
            allowed=_allowed,
        ),
        Transition(
            action=FoundingAction.FOUND,
            sources=frozenset({FoundingStatus.PREPARING_CONGRESS}),
            target=FoundingStatus.FOUNDED,
            allowed=_allowed,
        ),
        Transition(
            action=FoundingAction.FORM_COMMITTEES,
            sources=frozenset({FoundingStatus.FOUNDED}),
            target=FoundingStatus.COMMITTEES_FORMED,
            allowed=_allowed,
        ),
        Transition(
            action=FoundingAction.COMPLETE,
            sources=frozenset({FoundingStatus.COMMITTEES_FORMED}),
            target=FoundingStatus.COMPLETE,
            allowed=_allowed,
        ),
    ),
)


# ---- services --------------------------------------------------------------------------------------------


def _clean_data(data: dict[str, Any]) -> dict[str, Any]:
    cleaned = {k: v for k, v in data.items() if k in FOUNDING_FIELDS}
    if "unit_name" in cleaned:
        cleaned["unit_name"] = " ".join(str(cleaned["unit_name"]).split())
    if cleaned.get("credit_code"):
        cleaned["credit_code"] = normalize_credit_code(cleaned["credit_code"])
    return cleaned


def _validate(founding: UnionFounding, *, actor: Actor) -> None:
    if not founding.unit_name:
        raise ValidationError({"unit_name": _("请填写单位名称")})
    founding.full_clean(validate_constraints=False)
    _check_unique(founding, actor=actor)


def _check_unique(founding: UnionFounding, *, actor: Actor) -> None:
    """Rules across rows, each reported on its field: one registration per unit and credit code,
    and no registration of a unit whose union is already on the platform. Another union's register is named
    only when the actor may view it (the union itself is public: the portal's union search shows it)."""
    others = UnionFounding.objects.exclude(pk=founding.pk)
    if others.filter(org_id=founding.org_id, unit_name=founding.unit_name).exists():
        raise ValidationError({"unit_name": _("该主管工会下已登记同名单位")})
    if not founding.credit_code:
        return
    same = others.filter(credit_code=founding.credit_code).first()
    if same is not None:
        if not has_action(actor, VIEW, same.org):
            raise ValidationError({"credit_code": _("该统一社会信用代码已由其他主管工会登记")})
        raise ValidationError(
            {"credit_code": _("该统一社会信用代码已登记（%(unit)s）") % {"unit": same.unit_name}}
        )
    unions = Org.objects.filter(credit_code=founding.credit_code)
    if founding.founded_org_id is not None:
        unions = unions.exclude(pk=founding.founded_org_id)
    union = unions.first()
    if union is not None:
        raise ValidationError(
            {
                "credit_code": _("该单位已建立工会：%(name)s（%(code)s）")
                % {"name": union.name, "code": union.code}
            }
        )


@transaction.atomic
def founding_register(*, org: Org, actor: Actor, data: dict[str, Any]) -> UnionFounding:
    """Put a unit on the register of the supervising union `org` (状态 未建会)."""
    if not has_action(actor, MANAGE, org):
        raise PermissionDenied
    if org.level not in SUPERVISOR_LEVELS:
        raise ValidationError({"org": _("主管工会须为市级产业工会或县区工会")})
    if not org.is_active:
        raise ValidationError({"org": _("主管工会已停用")})
    founding = UnionFounding(org=org, **_clean_data(data))
    _validate(founding, actor=actor)
    founding.save()
    founding_registered_event(founding=founding, actor=actor)
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        actor=actor,
        subject=founding,
        org_id=org.pk,
        summary=f"登记建会单位 {founding.unit_name}（{org.name}）",
    )
    return founding


@transaction.atomic
def founding_update(*, founding: UnionFounding, actor: Actor, data: dict[str, Any]) -> UnionFounding:
    if not can_manage_founding(actor, founding):
        raise PermissionDenied
    founding = lock(UnionFounding, pk=founding.pk, related=_FOUNDING_JOINS)
    changed = []
    for field, value in _clean_data(data).items():
        if getattr(founding, field) != value:
            setattr(founding, field, value)
            changed.append(field)
    if not changed:
        return founding
    _validate(founding, actor=actor)
    founding.save(update_fields=[*changed, "updated_at"])
    labels = [str(getattr(UnionFounding._meta.get_field(f), "verbose_name", f)) for f in changed]
    founding_edited_event(founding=founding, actor=actor, changed=labels)
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        actor=actor,
        subject=founding,
        org_id=founding.org_id,
        summary=f"修改建会登记 {founding.unit_name}：{'、'.join(labels)}",
    )
    return founding


@transaction.atomic
def founding_transition(
    *, founding: UnionFounding, action: str, actor: Actor, note: str = ""
) -> UnionFounding:
    """A step of the flow that only needs a note (申请、不同意、批复、发展会员、建立小组、筹备大会、三委同步组建)."""
    if action in FOUNDING_FORM_ACTIONS:
        raise ValidationError(_("“%(a)s”请通过专门的表单办理") % {"a": FoundingAction(action).label})
    founding_workflow.transition_for(action)  # unknown action → ValidationError
    if not can_manage_founding(actor, founding):
        raise PermissionDenied
    founding = lock(UnionFounding, pk=founding.pk, related=_FOUNDING_JOINS)
    if action == FoundingAction.FORM_COMMITTEES:
        founding_workflow.check(founding, action=action, actor=actor)
        _check_committees(founding)
    founding_workflow.apply(founding, action=action, actor=actor, note=note.strip())
    return founding


def _check_committees(founding: UnionFounding) -> None:
    """三委同步组建 needs each of the new union's three committees on record; the error names the missing ones."""
    union = founding.founded_org
    if union is None:  # FOUNDED always links the union; guard against hand-edited rows
        raise ValidationError(_("尚未关联建会后的工会"))
    missing = committees_missing(union)
    if missing:
        raise ValidationError(
            _("新工会尚未登记：%(kinds)s。请先在“三委同步组建”中逐一登记后再办理")
            % {"kinds": "、".join(str(kind.label) for kind in missing)}
        )


def _check_state(founding: UnionFounding, action: FoundingAction) -> None:
    if founding.status not in founding_workflow.transition_for(action).sources:
        raise ValidationError(
            _("当前状态“%(state)s”下不能执行“%(action)s”")
            % {"state": founding.get_status_display(), "action": action.label}
        )


@transaction.atomic
def founding_found(
    *,
    founding: UnionFounding,
    actor: Actor,
    code: str,
    name: str,
    founded_on: dt.date,
    short_name: str = "",
    chair_name: str = "",
    note: str = "",
) -> UnionFounding:
    """宣布建会: the member assembly has elected the committee; the new 基层工会 joins the tree under the
    supervising union, carrying the unit's facts from the register."""
    if not can_manage_founding(actor, founding):
        raise PermissionDenied
    founding = lock(UnionFounding, pk=founding.pk, related=_FOUNDING_JOINS)
    _check_state(founding, FoundingAction.FOUND)
    if founded_on > timezone.localdate():
        raise ValidationError({"founded_on": _("建会日期不能晚于今天")})
    union = org_create(
        parent=founding.org,
        actor=actor,
        data={
            "code": code.strip().upper(),
            "name": name.strip(),
            "short_name": short_name.strip(),
            "unit_name": founding.unit_name,
            "level": OrgLevel.GRASSROOTS,
            "credit_code": founding.credit_code,
            "unit_category": founding.unit_category,
            "industry": founding.industry,
            "is_private": founding.is_private,
            "headcount_established": founding.headcount_established,
            "headcount_contract": founding.headcount_contract,
            "headcount_dispatched": founding.headcount_dispatched,
            "founding_status": FoundingStatus.FOUNDED,
            "founded_on": founded_on,
            "chair_name": chair_name.strip(),
            "contact_name": founding.contact_name,
            "contact_phone": founding.contact_phone,
        },
    )
    founding.founded_org = union
    text = f"新建工会：{union.name}（{union.code}），建会日期 {founded_on:%Y-%m-%d}"
    founding_workflow.apply(
        founding,
        action=FoundingAction.FOUND,
        actor=actor,
        note="；".join(part for part in (text, note.strip()) if part),
        update_fields=["founded_org"],
    )
    return founding


@transaction.atomic
def founding_complete(
    *,
    founding: UnionFounding,
    actor: Actor,
    chair_name: str,
    term_started_on: dt.date,
    term_ends_on: dt.date,
    address: str = "",
    note: str = "",
) -> UnionFounding:
    """信息完善: the new union's chair and term are on record; its 建会状态 becomes 信息完善."""
    if not can_manage_founding(actor, founding):
        raise PermissionDenied
    founding = lock(UnionFounding, pk=founding.pk, related=_FOUNDING_JOINS)
    _check_state(founding, FoundingAction.COMPLETE)
    if not chair_name.strip():
        raise ValidationError({"chair_name": _("请填写工会主席")})
    if term_ends_on < term_started_on:
        raise ValidationError({"term_ends_on": _("任期届满日期不能早于任期开始日期")})
    union = founding.founded_org
    if union is None:  # FOUNDED always links the union; guard against hand-edited rows
        raise ValidationError(_("尚未关联建会后的工会"))
    data: dict[str, Any] = {
        "chair_name": chair_name.strip(),
        "term_started_on": term_started_on,
        "term_ends_on": term_ends_on,
        "founding_status": FoundingStatus.COMPLETE,
    }
    if address.strip():
        data["address"] = address.strip()
    org_update(org=union, actor=actor, data=data)
    founding_workflow.apply(
        founding,
        action=FoundingAction.COMPLETE,
        actor=actor,
        note="；".join(
            part
            for part in (
                f"工会主席：{chair_name.strip()}，任期 {term_started_on:%Y-%m-%d} 至 {term_ends_on:%Y-%m-%d}",
                note.strip(),
            )
            if part
        ),
    )
    return founding
