"""Intake of 诉求: a member's case from the portal, and a case a cadre records on a member's behalf."""

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.actors import Actor
from gonghui.accounts.scoping import has_action
from gonghui.core.numbering import case_number, number_next
from gonghui.members.models import Member
from gonghui.notifications.services import notify
from gonghui.orgs.models import Org

from ..choices import AppealChannel, ContactPreference
from ..events import appeal_submitted_event
from ..models import Appeal, AppealCategory
from ..permissions import HANDLE
from ..selectors import appeal_target_orgs
from ..sla import DUPLICATE_MINUTES, sla_due_dates
from .common import _check_uploads, _member_actor, _notify_desk, _portal_url, _save_uploads

NUMBER_SERIES = "WQ"
NUMBER_ISSUER = 0  # case numbers are platform-wide: WQ-2026-00012


@dataclass(frozen=True)
class AppealInput:
    """What the requester tells (shape-checked by the form; rules checked here)."""

    category: AppealCategory
    title: str
    description: str
    desired_outcome: str = ""
    contact_preference: str = ContactPreference.PORTAL
    is_anonymous: bool = False


def text_digest(*, member_id: int | None, contact_phone: str, title: str, description: str) -> str:
    def norm(text: str) -> str:
        return " ".join(text.split())

    who = f"m{member_id}" if member_id else f"p{contact_phone}"
    return hashlib.sha256(f"{who}|{norm(title)}|{norm(description)}".encode()).hexdigest()


def _check_input(data: AppealInput) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    title = " ".join(data.title.split())
    description = data.description.strip()
    if not title:
        errors["title"] = [_("请填写标题")]
    elif len(title) > 100:
        errors["title"] = [_("标题不能超过100字")]
    if len(description) < 10:
        errors["description"] = [_("请把诉求内容写清楚（至少10个字）")]
    elif len(description) > 5000:
        errors["description"] = [_("诉求内容不能超过5000字")]
    if not data.category.is_active:
        errors["category"] = [_("该诉求类别已停用，请重新选择")]
    if data.contact_preference not in ContactPreference.values:
        errors["contact_preference"] = [_("请选择联系方式")]
    if len(data.desired_outcome) > 2000:
        errors["desired_outcome"] = [_("期望结果不能超过2000字")]
    if errors:
        raise ValidationError(errors)
    return {
        "category": data.category,
        "title": title,
        "description": description,
        "desired_outcome": data.desired_outcome.strip(),
        "contact_preference": data.contact_preference,
        "is_anonymous": data.is_anonymous,
    }


def _new_appeal(
    *,
    org: Org,
    origin_org: Org,
    fields: dict[str, Any],
    channel: str,
    member: Member | None,
    contact_name: str,
    contact_phone: str,
    submitted_by: Any,
    privacy_accepted_at: dt.datetime | None,
    digest: str,
) -> Appeal:
    now = timezone.now()
    today = timezone.localdate(now)
    category: AppealCategory = fields["category"]
    accept_due, reply_due = sla_due_dates(
        submitted_on=today, accept_days=category.accept_days, reply_days=category.reply_days
    )
    number = number_next(issuer_id=NUMBER_ISSUER, series=NUMBER_SERIES, year=today.year)
    appeal = Appeal(
        org=org,
        origin_org=origin_org,
        channel=channel,
        member=member,
        contact_name=contact_name,
        contact_phone=contact_phone,
        submitted_by=submitted_by if getattr(submitted_by, "is_authenticated", False) else None,
        privacy_accepted_at=privacy_accepted_at,
        text_digest=digest,
        number=case_number(NUMBER_SERIES, today.year, number),
        submitted_on=today,
        accept_due=accept_due,
        reply_due=reply_due,
        **fields,
    )
    appeal.save()
    return appeal


def appeal_submit(
    *,
    member: Member,
    actor: Actor,
    data: AppealInput,
    privacy_accepted: bool,
    target_org: Org | None = None,
    uploads: Sequence[UploadedFile[bytes]] = (),
) -> tuple[Appeal, bool]:
    """A member's case from the portal. Returns (case, created): the same member submitting the same text again
    within a few minutes gets the case already made (created False)."""
    if not privacy_accepted:
        raise ValidationError({"privacy": _("请先阅读并同意个人信息保护说明")})
    fields = _check_input(data)
    org = target_org or member.org
    if org.pk not in {o.pk for o in appeal_target_orgs(member.org)}:
        raise ValidationError({"target_org": _("只能向本单位工会或上级县区、市级工会提出诉求")})
    _check_uploads(uploads)
    digest = text_digest(
        member_id=member.pk, contact_phone="", title=fields["title"], description=fields["description"]
    )
    with transaction.atomic():
        Member.objects.select_for_update().filter(pk=member.pk).first()  # one submission per member at a time
        earlier = (
            Appeal.objects.filter(
                member=member,
                text_digest=digest,
                created_at__gte=timezone.now() - dt.timedelta(minutes=DUPLICATE_MINUTES),
            )
            .order_by("-created_at")
            .first()
        )
        if earlier is not None:
            return earlier, False
        appeal = _new_appeal(
            org=org,
            origin_org=member.org,
            fields=fields,
            channel=AppealChannel.PORTAL,
            member=member,
            contact_name=member.name,
            contact_phone=member.phone,
            submitted_by=actor,
            privacy_accepted_at=timezone.now(),
            digest=digest,
        )
        _save_uploads(appeal, uploads, None if appeal.is_anonymous else actor)
        appeal_submitted_event(
            appeal=appeal,
            actor=_member_actor(appeal, actor),
            note=_("网上提交，由%(org)s办理") % {"org": org.name},
        )
        _notify_desk(appeal, _("新诉求待受理"))
        _receipt(appeal, actor)
    return appeal, True


def _day(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _receipt(appeal: Appeal, actor: Actor) -> None:
    """The receipt of the member's own case in 消息 (inbox only), with the deadlines of its category."""
    notify(
        recipients=[actor],
        title=_("已收到您的诉求"),
        body=_(
            "编号%(n)s「%(t)s」，由%(org)s办理：%(accept)s前受理，%(reply)s前答复（工作日计算，"
            "待补充材料期间暂停计时）。进度可在“我的办理”中查看。"
        )
        % {
            "n": appeal.number,
            "t": appeal.title,
            "org": appeal.org.name,
            "accept": _day(appeal.accept_due),
            "reply": _day(appeal.reply_due),
        },
        url=_portal_url(appeal),
        category="appeals",
    )


def appeal_record(
    *,
    actor: Actor,
    org: Org,
    channel: str,
    contact_name: str,
    contact_phone: str,
    data: AppealInput,
    consent_told: bool,
    uploads: Sequence[UploadedFile[bytes]] = (),
) -> Appeal:
    """A cadre records a case on a member's behalf (phone call, visit, letter). A member of the union's subtree
    with that phone number is linked, so the case shows in their portal."""
    if not has_action(actor, HANDLE, org):
        raise PermissionDenied
    if channel not in (AppealChannel.PHONE, AppealChannel.VISIT, AppealChannel.LETTER):
        raise ValidationError({"channel": _("请选择登记渠道")})
    errors: dict[str, list[str]] = {}
    name = " ".join(contact_name.split())
    phone = contact_phone.strip()
    if not name:
        errors["contact_name"] = [_("请填写联系人姓名")]
    if phone and (not phone.isdigit() or not 7 <= len(phone) <= 12):
        errors["contact_phone"] = [_("联系电话应为7至12位数字")]
    if not consent_told:
        errors["consent_told"] = [_("请确认已告知申请人个人信息保护说明并征得同意")]
    if errors:
        raise ValidationError(errors)
    fields = _check_input(data)
    _check_uploads(uploads)
    member = (
        Member.objects.select_related("org")
        .filter(phone=phone, org__path__startswith=org.path)
        .order_by("pk")
        .first()
        if phone
        else None
    )
    digest = text_digest(
        member_id=member.pk if member else None,
        contact_phone=phone,
        title=fields["title"],
        description=fields["description"],
    )
    with transaction.atomic():
        appeal = _new_appeal(
            org=org,
            origin_org=member.org if member is not None else org,
            fields=fields,
            channel=channel,
            member=member,
            contact_name=name,
            contact_phone=phone,
            submitted_by=actor,
            privacy_accepted_at=timezone.now(),
            digest=digest,
        )
        _save_uploads(appeal, uploads, actor)
        appeal_submitted_event(
            appeal=appeal,
            actor=actor,
            note=_("%(channel)s登记，由%(org)s办理")
            % {"channel": AppealChannel(channel).label, "org": org.name},
        )
        _notify_desk(appeal, _("新诉求待受理"))
    return appeal
