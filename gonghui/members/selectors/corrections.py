"""Reads of correction requests (信息更正) and how their values read (code-list names, choice labels)."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import QuerySet
from django.http import Http404

from gonghui.accounts.actors import Actor
from gonghui.accounts.scoping import has_action
from gonghui.codelists.lists import EDUCATION, ETHNICITY, POLITICAL_STATUS
from gonghui.codelists.lookups import code_name

from ..choices import (
    Employment,
    HouseholdType,
    SkillLevel,
)
from ..models import CorrectionRequest, Member
from ..permissions import VIEW

# Fields of their own record a member may ask to correct, with their labels.
CORRECTABLE_FIELDS: dict[str, str] = {
    "name": "姓名",
    "phone": "手机号",
    "ethnicity": "民族",
    "education": "学历",
    "political_status": "政治面貌",
    "employment": "用工性质",
    "position_title": "岗位/职称",
    "skill_level": "技能等级",
    "household_type": "户籍类型",
}

CODE_LISTS = {"ethnicity": ETHNICITY, "education": EDUCATION, "political_status": POLITICAL_STATUS}

ENUMS: dict[str, type[models.TextChoices]] = {
    "employment": Employment,
    "skill_level": SkillLevel,
    "household_type": HouseholdType,
}


def correction_list_for_user(*, user: Actor, status: str = "") -> QuerySet[CorrectionRequest]:
    qs = CorrectionRequest.objects.visible_to(user, VIEW).select_related("member", "member__org")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-id")


def correction_get_for_user(*, user: Actor, public_id: Any, action: str = VIEW) -> CorrectionRequest:
    try:
        correction = (
            CorrectionRequest.objects.visible_to(user, VIEW)
            .select_related("member", "member__org", "reviewed_by")
            .get(public_id=public_id)
        )
    except CorrectionRequest.DoesNotExist:
        raise Http404 from None
    if not has_action(user, action, correction.member.org):
        raise PermissionDenied
    return correction


def correction_list_for_member(*, member: Member) -> QuerySet[CorrectionRequest]:
    return CorrectionRequest.objects.filter(member=member).order_by("-created_at", "-id")


def correction_value_display(field: str, value: str) -> str:
    """A stored value as people read it (code-list names, choice labels)."""
    if not value:
        return "—"
    if field in CODE_LISTS:
        return code_name(CODE_LISTS[field], value)
    if field in ENUMS:
        enum = ENUMS[field]
        return str(enum(value).label) if value in enum.values else value
    return value


def correction_changes_display(correction: CorrectionRequest) -> list[tuple[str, str, str]]:
    """(label, old, new) for each field of a correction request, in the order of CORRECTABLE_FIELDS."""
    changes: dict[str, list[str]] = correction.changes
    return [
        (
            label,
            correction_value_display(field, changes[field][0]),
            correction_value_display(field, changes[field][1]),
        )
        for field, label in CORRECTABLE_FIELDS.items()
        if field in changes
    ]
