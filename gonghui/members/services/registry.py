"""Writes of the member registry: enrolling a member on the 实名制 fields, editing the record, and the audited reveal of
the full identity (and the identity check of the API).

Every write checks `members.manage` on the member's org (an actor of None is the system itself, e.g. an import),
validates with Chinese messages keyed by the form field, and writes the timeline row (and the audit row for a
cadre's edit) in the same transaction."""

import datetime as dt
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.actors import Actor
from gonghui.accounts.choices import Gender, IdType, SmsCodePurpose
from gonghui.accounts.identity import (
    age_on,
    decrypt_identifier,
    encrypt_identifier,
    identifier_hash,
    mask_identifier,
    normalize_identifier,
    normalize_mobile,
    parse_resident_id,
    validate_identifier,
)
from gonghui.accounts.models import RoleGrant, User
from gonghui.accounts.roles import MEMBER
from gonghui.accounts.sms_codes import sms_code_send
from gonghui.codelists.lists import EDUCATION, EMPLOYMENT, ETHNICITY, POLITICAL_STATUS
from gonghui.codelists.lookups import code_resolve
from gonghui.core.audit import AuditContext, audit_log
from gonghui.core.errors import validation_error_text
from gonghui.core.locking import lock
from gonghui.core.models import AuditAction
from gonghui.core.timeline import timeline_record

from ..choices import (
    HOLDING_STATUSES,
    Employment,
    HouseholdType,
    JobCategory,
    MembershipChangeKind,
    SkillLevel,
)
from ..counting import counted, counts_member_changed
from ..events import member_created_event, member_edited_event
from ..models import Member, MembershipChange, MemberTag
from ..permissions import VIEW, can_manage_member, can_manage_members, can_reveal_member
from ..pinyin import name_search_fields as name_search_fields  # re-exported: imports and services use it
from ..selectors.registry import member_activation_pending, member_is_activated

MIN_JOIN_AGE = 16
MAX_JOIN_AGE = 100
FORMULA_PREFIXES = ("=", "+", "-", "@")
DUPLICATE_MESSAGE = "此人已是在籍会员，不能重复入会"


# The fields of the member record an admin may edit, in the order the form shows them.
PROFILE_FIELDS = (
    "name",
    "id_type",
    "id_number",
    "gender",
    "birth_date",
    "phone",
    "ethnicity",
    "education",
    "political_status",
    "employment",
    "position_title",
    "job_category",
    "skill_level",
    "household_type",
    "joined_on",
    "card_number",
    "is_model_worker",
    "is_migrant_worker",
    "tags",
)

FIELD_LABELS = {
    "name": "姓名",
    "id_type": "证件类型",
    "id_number": "证件号码",
    "gender": "性别",
    "birth_date": "出生日期",
    "phone": "手机号",
    "ethnicity": "民族",
    "education": "学历",
    "political_status": "政治面貌",
    "employment": "用工性质",
    "position_title": "岗位/职称",
    "job_category": "岗位类别",
    "skill_level": "技能等级",
    "household_type": "户籍类型",
    "joined_on": "入会日期",
    "card_number": "会员卡号",
    "is_model_worker": "劳模/工匠",
    "is_migrant_worker": "农民工",
    "tags": "标签",
}

CODE_LIST_FIELDS = {"ethnicity": ETHNICITY, "education": EDUCATION, "political_status": POLITICAL_STATUS}

CHOICE_FIELDS: dict[str, type[models.TextChoices]] = {
    "employment": Employment,
    "skill_level": SkillLevel,
    "household_type": HouseholdType,
}

# 岗位类别 as people write it besides the full label and the code (管理人员 and 工勤技能人员 are full labels).
JOB_CATEGORY_SHORT = {
    "teacher": "教师",
    "doctor": "医生",
    "nurse": "护士",
    "research": "科研",
    "arts": "文艺",
}
JOB_CATEGORY_SHORT |= {"sports": "体育", "other_pro": "其他专技", "management": "管理", "skilled": "工勤"}


@functools.cache
def job_category_forms() -> dict[str, str]:
    """Every accepted way to write a 岗位类别 (label with full-width or ASCII brackets, short form, code; upper
    case, no spaces) → its code."""
    forms = {JOB_CATEGORY_SHORT[code]: code for code in JobCategory.values}
    for code, label in JobCategory.choices:
        forms |= {
            str(label): code,
            str(label).replace("（", "(").replace("）", ")"): code,
            code.upper(): code,
        }
    return forms


def job_category_code(value: Any) -> str:
    """The 岗位类别 code for a label, short form or code ('' stays ''); else a ValidationError saying what is
    accepted (like `codelists.lookups.code_allowed`)."""
    text = re.sub(r"\s+", "", str(value if value is not None else ""))
    code = job_category_forms().get(text.upper()) if text else ""
    if code is None:
        named = "、".join(f"{label}（{JOB_CATEGORY_SHORT[code]}）" for code, label in JobCategory.choices)
        raise ValidationError(
            _("“%(v)s”不是可选的岗位类别；可填写：%(named)s，或其代码") % {"v": text, "named": named}
        )
    return code


def member_number_issue(*, org: Any, year: int) -> str:
    """The next 会员编号 of a union: <org code>-<year>-<5 digits>, gap-free; call inside the transaction
    that stores the member."""
    from gonghui.core.numbering import number_next

    number = number_next(issuer_id=org.pk, series="会员编号", year=year)
    return f"{org.code}-{year}-{number:05d}"


def identity_fields(*, id_type: str, id_number: str, gender: str | None = None) -> dict[str, Any]:
    """Validated identity → the stored columns (ciphertext, keyed hash, masked form)."""
    number = validate_identifier(id_type, id_number, gender=gender)
    fields: dict[str, Any] = {
        "id_type": id_type,
        "id_number_encrypted": encrypt_identifier(number),
        "id_number_hash": identifier_hash(id_type, number),
        "id_number_masked": mask_identifier(number),
    }
    if id_type == IdType.RESIDENT:
        parsed = parse_resident_id(number)
        fields.update(birth_date=parsed.birth_date, gender=parsed.gender)
    return fields


def _today() -> dt.date:
    return timezone.localdate()


def _cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


class _Errors:
    """Collects messages per field so that a form shows every problem at once."""

    def __init__(self) -> None:
        self.by_field: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.by_field.setdefault(field, []).append(message)

    def has(self, field: str) -> bool:
        return field in self.by_field

    def raise_if_any(self) -> None:
        if self.by_field:
            raise ValidationError(self.by_field)


def _choice(enum: type[models.TextChoices], value: Any) -> str:
    """A choice given by its stored value or its Chinese label ('' stays '')."""
    text = str(value if value is not None else "").replace(" ", "").strip()
    if not text:
        return ""
    for choice_value, label in enum.choices:
        if text in (str(choice_value), str(label)):
            return str(choice_value)
    raise ValidationError(_("“%(value)s”不是可选的值") % {"value": text})


def _employment_alias(value: Any) -> str:
    """用工性质 as people write it (合同制, 人事代理, 编外, 派遣 …), through the 用工性质 code list."""
    try:
        code = code_resolve(EMPLOYMENT, value)
    except ValidationError:
        return ""
    return code if code in Employment.values else ""


def _text(errors: _Errors, field: str, value: Any, limit: int, *, required: bool = False) -> str:
    text = " ".join(str(value if value is not None else "").split())
    label = FIELD_LABELS[field]
    if required and not text:
        errors.add(field, _("请填写%(label)s") % {"label": label})
    elif len(text) > limit:
        errors.add(field, _("%(label)s不能超过 %(n)d 个字") % {"label": label, "n": limit})
    elif text.startswith(FORMULA_PREFIXES) and field == "name":
        errors.add(field, _("姓名不能以 = + - @ 开头"))
    return text


def _clean_identity(
    errors: _Errors, *, id_type: str, id_number: str, gender: str, birth_date: Any
) -> dict[str, Any]:
    """The identity columns from a (new) ID number, checked against the gender and birth date typed beside it."""
    if id_type not in IdType.values:
        errors.add("id_type", _("请选择证件类型"))
        return {}
    try:
        fields = identity_fields(id_type=id_type, id_number=id_number, gender=gender or None)
    except ValidationError as exc:
        for message in exc.messages:
            errors.add("id_number", message)
        return {}
    if id_type == IdType.RESIDENT:
        if birth_date and birth_date != fields["birth_date"]:
            errors.add(
                "birth_date",
                _("出生日期与身份证号中的出生日期（%(d)s）不一致") % {"d": _cn_date(fields["birth_date"])},
            )
        return fields
    if gender not in Gender.values:
        errors.add("gender", _("请选择性别"))
    if not birth_date:
        errors.add("birth_date", _("请填写出生日期"))
    elif birth_date > _today():
        errors.add("birth_date", _("出生日期不能晚于今天"))
    fields.update(gender=gender, birth_date=birth_date)
    return fields


def _clean_phone(errors: _Errors, raw: Any, *, identity_hash: str, member: Member | None) -> str:
    if not str(raw or "").strip():
        return ""
    try:
        phone = normalize_mobile(raw)
    except ValidationError as exc:
        errors.add("phone", validation_error_text(exc))
        return ""
    others = Member.objects.filter(phone=phone, status__in=HOLDING_STATUSES).exclude(
        id_number_hash=identity_hash
    )
    if member is not None:
        others = others.exclude(pk=member.pk)
    if others.exists():
        errors.add("phone", _("该手机号已绑定其他会员"))
    elif _account_conflict(phone, identity_hash=identity_hash, member=member):
        errors.add("phone", _("该手机号已绑定其他账号"))
    return phone


def _clean_card_number(errors: _Errors, raw: Any, *, member: Member | None) -> str:
    card = "".join(str(raw or "").split()).upper()
    if not card:
        return ""
    if len(card) > 32:
        errors.add("card_number", _("会员卡号不能超过 32 位"))
    others = Member.objects.filter(card_number=card)
    if member is not None:
        others = others.exclude(pk=member.pk)
    if others.exists():
        errors.add("card_number", _("该会员卡号已被其他会员使用"))
    return card


def _check_join_date(errors: _Errors, *, joined_on: dt.date | None, birth_date: Any) -> None:
    if joined_on is None:
        return
    if joined_on > _today():
        errors.add("joined_on", _("入会日期不能晚于今天"))
        return
    if isinstance(birth_date, dt.date) and not errors.has("birth_date"):
        age = age_on(birth_date, joined_on)
        if not MIN_JOIN_AGE <= age <= MAX_JOIN_AGE:
            errors.add(
                "joined_on",
                _("入会时年龄应在 %(lo)d–%(hi)d 岁之间，按出生日期和入会日期计算为 %(age)d 岁")
                % {"lo": MIN_JOIN_AGE, "hi": MAX_JOIN_AGE, "age": age},
            )


def _clean_profile(errors: _Errors, data: dict[str, Any]) -> dict[str, Any]:
    """The plain profile fields present in `data` (code lists, choices, texts, flags), normalised."""
    fields: dict[str, Any] = {}
    for field, list_key in CODE_LIST_FIELDS.items():
        if field in data:
            try:
                fields[field] = code_resolve(list_key, data[field])
            except ValidationError as exc:
                errors.add(field, validation_error_text(exc))
    for field, enum in CHOICE_FIELDS.items():
        if field in data:
            try:
                fields[field] = _choice(enum, data[field])
            except ValidationError as exc:
                alias = _employment_alias(data[field]) if field == "employment" else ""
                if alias:
                    fields[field] = alias
                else:
                    errors.add(field, f"{FIELD_LABELS[field]}：" + validation_error_text(exc))
    if "job_category" in data:
        try:
            fields["job_category"] = job_category_code(data["job_category"])
        except ValidationError as exc:
            errors.add("job_category", validation_error_text(exc))
    if "employment" in fields and not fields["employment"]:
        errors.add("employment", _("请选择用工性质"))
    if "position_title" in data:
        fields["position_title"] = _text(errors, "position_title", data["position_title"], 50)
    for flag in ("is_model_worker", "is_migrant_worker"):
        if flag in data:
            fields[flag] = bool(data[flag])
    return fields


def _tag_names(raw: Any) -> list[str]:
    """Tags given as MemberTag objects, names, or one text separated by commas, 、 or spaces."""
    if raw is None:
        return []
    items: Iterable[Any] = raw if not isinstance(raw, str) else [raw]
    names: list[str] = []
    for item in items:
        if isinstance(item, MemberTag):
            names.append(item.name)
            continue
        text = str(item)
        for sep in ("，", "、", ";", "；", "\n"):
            text = text.replace(sep, ",")
        names.extend(part.strip() for chunk in text.split(",") for part in chunk.split() if part.strip())
    return list(dict.fromkeys(names))


def _check_tags(errors: _Errors, names: list[str]) -> None:
    for name in names:
        if len(name) > 30:
            errors.add("tags", _("标签“%(t)s”超过 30 个字") % {"t": name[:30]})


def _set_tags(member: Member, names: list[str]) -> None:
    existing = {t.name: t for t in MemberTag.objects.filter(name__in=names)}
    missing = [MemberTag(name=n) for n in names if n not in existing]
    if missing:
        MemberTag.objects.bulk_create(missing, ignore_conflicts=True)
        existing = {t.name: t for t in MemberTag.objects.filter(name__in=names)}
    member.tags.set([existing[n] for n in names])


def _require_manage(actor: Actor | None, org: Any) -> None:
    if actor is not None and not can_manage_members(actor, org):
        raise PermissionDenied


def _save_or_duplicate(member: Member, **kwargs: Any) -> None:
    """Save; the database's one-holding-membership index turns a lost race into the usual message."""
    try:
        with transaction.atomic():
            member.save(**kwargs)
    except IntegrityError as exc:
        if "card_number" in str(exc):
            raise ValidationError({"card_number": _("该会员卡号已被其他会员使用")}) from None
        raise ValidationError({"id_number": _(DUPLICATE_MESSAGE)}) from None


@transaction.atomic
def member_create(
    *,
    org: Any,
    actor: Actor | None,
    name: str,
    id_number: str,
    phone: str = "",
    id_type: str = IdType.RESIDENT,
    gender: str | None = None,
    birth_date: dt.date | None = None,
    ethnicity: str = "",
    education: str = "",
    political_status: str = "",
    employment: str = Employment.ESTABLISHED,
    position_title: str = "",
    job_category: str = "",
    skill_level: str = "",
    household_type: str = "",
    joined_on: dt.date | None = None,
    member_number: str | None = None,
    card_number: str = "",
    is_model_worker: bool = False,
    is_migrant_worker: bool = False,
    tags: Any = None,
    user: Actor | None = None,
    note: str = "",
    context: AuditContext | None = None,
) -> Member:
    """Enrol a person in a union: validates every 实名制 field, refuses a person already holding membership
    anywhere (also enforced by the database), issues the 会员编号 unless one is given, and writes the 入会
    `MembershipChange` row and the timeline row — callers (joining approval, imports) must not write their own.
    With a phone, the member gets a portal account without a usable password (and the member role), which they
    activate by SMS code like an imported member. `joined_on` defaults to today."""
    _require_manage(actor, org)
    if getattr(org, "status", "active") != "active":
        raise ValidationError(_("该工会组织已停用，不能登记会员"))
    errors = _Errors()
    clean_name = _text(errors, "name", name, 50, required=True)
    identity = _clean_identity(
        errors, id_type=id_type, id_number=id_number, gender=gender or "", birth_date=birth_date
    )
    if (
        identity
        and Member.objects.filter(
            id_number_hash=identity["id_number_hash"], status__in=HOLDING_STATUSES
        ).exists()
    ):
        errors.add("id_number", _(DUPLICATE_MESSAGE))
    clean_phone = _clean_phone(errors, phone, identity_hash=identity.get("id_number_hash", ""), member=None)
    profile = _clean_profile(
        errors,
        {
            "ethnicity": ethnicity,
            "education": education,
            "political_status": political_status,
            "employment": employment,
            "position_title": position_title,
            "job_category": job_category,
            "skill_level": skill_level,
            "household_type": household_type,
            "is_model_worker": is_model_worker,
            "is_migrant_worker": is_migrant_worker,
        },
    )
    joined = joined_on or _today()
    _check_join_date(errors, joined_on=joined, birth_date=identity.get("birth_date"))
    card = _clean_card_number(errors, card_number, member=None)
    tag_names = _tag_names(tags)
    _check_tags(errors, tag_names)
    errors.raise_if_any()
    member = Member(
        org=org,
        user=user,
        name=clean_name,
        phone=clean_phone,
        joined_on=joined,
        status_changed_on=joined,
        card_number=card,
        member_number=member_number or member_number_issue(org=org, year=joined.year),
        **identity,
        **profile,
        **name_search_fields(clean_name),
    )
    member.full_clean(validate_constraints=False, validate_unique=False)
    _save_or_duplicate(member)
    counts_member_changed(before=None, after=counted(member))
    if clean_phone:
        member_account_ensure(member=member)
    if tag_names:
        _set_tags(member, tag_names)
    MembershipChange.objects.create(
        member=member,
        kind=MembershipChangeKind.JOIN,
        to_org=org,
        happened_on=joined,
        reason=note[:200],
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )
    member_created_event(member=member, actor=actor, note=note)
    if actor is not None:
        audit_log(
            action=AuditAction.ADMIN_EDIT,
            actor=actor,
            context=context,
            subject=member,
            org_id=org.pk,
            summary=f"登记会员 {member.name}（{member.member_number}）",
        )
    return member


@transaction.atomic
def member_update(
    *, member: Member, actor: Actor | None, data: dict[str, Any], context: AuditContext | None = None
) -> Member:
    """Edit the member record. Keys absent from `data` stay as they are; an empty `id_number` keeps the
    stored identity (it is never shown unmasked in a form). Changing the phone of a member with a portal
    account changes the login phone too; a phone given to a member without an account makes one to activate."""
    _require_manage(actor, member.org)
    member = lock(Member, pk=member.pk, related=("org", "user"))
    before = counted(member)
    errors = _Errors()
    new: dict[str, Any] = {}
    if "name" in data:
        new["name"] = _text(errors, "name", data["name"], 50, required=True)
    id_type = str(data.get("id_type") or member.id_type)
    raw_number = str(data.get("id_number") or "").strip()
    gender = str(data.get("gender") or member.gender)
    birth_date = data.get("birth_date") or member.birth_date
    if raw_number:
        identity = _clean_identity(
            errors, id_type=id_type, id_number=raw_number, gender=gender, birth_date=birth_date
        )
        if identity and (
            Member.objects.filter(id_number_hash=identity["id_number_hash"], status__in=HOLDING_STATUSES)
            .exclude(pk=member.pk)
            .exists()
        ):
            errors.add("id_number", _(DUPLICATE_MESSAGE))
        new.update(identity)
    elif id_type != member.id_type:
        errors.add("id_number", _("修改证件类型时请同时填写新的证件号码"))
    elif member.id_type == IdType.RESIDENT:
        if gender != member.gender:
            errors.add("gender", _("性别与身份证号第17位不一致"))
        if birth_date != member.birth_date:
            errors.add(
                "birth_date",
                _("出生日期与身份证号中的出生日期（%(d)s）不一致") % {"d": _cn_date(member.birth_date)},
            )
    else:
        if gender not in Gender.values:
            errors.add("gender", _("请选择性别"))
        if not isinstance(birth_date, dt.date) or birth_date > _today():
            errors.add("birth_date", _("出生日期不能晚于今天"))
        new.update(gender=gender, birth_date=birth_date)
    identity_hash = new.get("id_number_hash", member.id_number_hash)
    if "phone" in data:
        new["phone"] = _clean_phone(errors, data["phone"], identity_hash=identity_hash, member=member)
        if new["phone"] and member.user_id is not None and new["phone"] != member.phone:
            taken = User.objects.filter(phone=new["phone"]).exclude(pk=member.user_id).exists()
            if taken and not errors.has("phone"):
                errors.add("phone", _("该手机号已绑定其他账号"))
        if not new["phone"] and member.user_id is not None and not errors.has("phone"):
            errors.add("phone", _("该会员已开通会员端账号，手机号不能为空"))
    new.update(_clean_profile(errors, data))
    if "joined_on" in data:
        if data["joined_on"]:
            new["joined_on"] = data["joined_on"]
        elif member.joined_on is not None:  # a record without one (old data) may stay without
            errors.add("joined_on", _("请填写入会日期"))
    _check_join_date(
        errors,
        joined_on=new.get("joined_on", member.joined_on)
        if "joined_on" in data or "birth_date" in new
        else None,
        birth_date=new.get("birth_date", member.birth_date),
    )
    if "card_number" in data:
        new["card_number"] = _clean_card_number(errors, data["card_number"], member=member)
    tag_names = _tag_names(data["tags"]) if "tags" in data else None
    if tag_names is not None:
        _check_tags(errors, tag_names)
    errors.raise_if_any()

    changed = [f for f, v in new.items() if getattr(member, f) != v]
    for field in changed:
        setattr(member, field, new[field])
    if "name" in changed:
        for field, value in name_search_fields(member.name).items():
            setattr(member, field, value)
        changed += ["name_pinyin", "name_initials"]
    labels = [FIELD_LABELS[f] for f in PROFILE_FIELDS if f in changed]
    if "id_number_hash" in changed:
        labels.insert(0, FIELD_LABELS["id_number"])
    if tag_names is not None and sorted(tag_names) != sorted(member.tags.values_list("name", flat=True)):
        _set_tags(member, tag_names)
        labels.append(FIELD_LABELS["tags"])
    if not labels:
        return member
    if changed:
        member.full_clean(validate_constraints=False, validate_unique=False)
        _save_or_duplicate(member, update_fields=[*changed, "updated_at"])
        counts_member_changed(before=before, after=counted(member))
    if "phone" in changed and member.user is not None:
        member.user.phone = member.phone
        member.user.save(update_fields=["phone"])
    elif member.phone and member.user is None and member.status in HOLDING_STATUSES:
        member_account_ensure(member=member)
    labels = list(dict.fromkeys(labels))
    member_edited_event(member=member, actor=actor, changed=labels)
    if actor is not None:
        audit_log(
            action=AuditAction.ADMIN_EDIT,
            actor=actor,
            context=context,
            subject=member,
            org_id=member.org_id,
            summary=f"修改会员 {member.name} 的信息：{'、'.join(labels)}",
            detail={"fields": [f for f in changed if f in PROFILE_FIELDS or f.startswith("id_number")]},
        )
    return member


def _account_reusable(user: User, *, identity_hash: str, member: Member | None) -> bool:
    """An existing account a member may take over: already theirs, or left by the same person's ended membership
    (rejoining); a cadre's or another person's account never."""
    if member is not None and member.user_id == user.pk:
        return True
    records = list(Member.objects.filter(user=user).values_list("id_number_hash", "status"))
    return bool(records) and all(
        found_hash == identity_hash and status not in HOLDING_STATUSES for found_hash, status in records
    )


def _account_conflict(phone: str, *, identity_hash: str, member: Member | None) -> bool:
    """The phone is the login of an account this member may not take over."""
    user = User.objects.filter(phone=phone).first()
    return user is not None and not _account_reusable(user, identity_hash=identity_hash, member=member)


def member_account_ensure(*, member: Member) -> User:
    """The member's portal account, made when missing: a login by the member's phone without a usable password
    (the member sets one by SMS code at /accounts/activate/) and the member role on the member's union — as the
    roster import and the joining approval do. An ended membership's account of the same person is taken over.
    Call inside the transaction that writes the member; the phone must be set."""
    if member.user is not None:
        return member.user
    user = User.objects.filter(phone=member.phone).first()
    if user is not None:
        if not _account_reusable(user, identity_hash=member.id_number_hash, member=member):
            raise ValidationError({"phone": _("该手机号已绑定其他账号")})
        Member.objects.filter(user=user).exclude(pk=member.pk).update(user=None)
        user.name, user.is_active = member.name, True
        user.save(update_fields=["name", "is_active"])
    else:
        username = f"m{member.phone}"
        if User.objects.filter(username=username).exists():
            username = f"m{member.phone}-{member.public_id.hex[:6]}"
        user = User(username=username, name=member.name, phone=member.phone)
        user.set_unusable_password()
        user.save()
    RoleGrant.objects.get_or_create(user=user, role=MEMBER, org=member.org)
    member.user = user
    member.save(update_fields=["user", "updated_at"])
    return user


ACTIVATION_INVITE = "activation_invite"  # the timeline action of 发送开通短信


@transaction.atomic
def member_activation_invite(*, member: Member, actor: Actor, context: AuditContext | None = None) -> Member:
    """发送开通短信: send the member an activation code (`accounts.sms_codes`, purpose 激活账号, under its rate limits)
    with how to use it, making the portal account first if the member has none (a member added before accounts
    were made for every member). Refused for a member who has already activated, has no phone or no longer holds
    membership. Writes the timeline row and the audit row."""
    if not can_manage_member(actor, member):
        raise PermissionDenied
    member = lock(Member, pk=member.pk, related=("org", "user"))
    if member_is_activated(member):
        raise ValidationError(_("该会员已开通会员端账号，如忘记密码可在登录页找回"))
    if not member.phone:
        raise ValidationError({"phone": _("该会员没有登记手机号，请先在“修改信息”中填写手机号")})
    if not member_activation_pending(member):
        raise ValidationError(_("只有在籍或保留会籍的会员可以开通会员端"))
    member_account_ensure(member=member)
    sms_code_send(
        phone=member.phone,
        purpose=SmsCodePurpose.ACTIVATE,
        use=_("开通%(org)s会员端账号：请在会员端登录页点“激活账号”，填写本手机号和验证码并设置密码")
        % {"org": member.org.name},
    )
    timeline_record(
        subject=member,
        actor=actor,
        action=ACTIVATION_INVITE,
        action_label=_("发送开通短信"),
        note=_("向尾号 %(tail)s 的手机号发送了会员端开通验证码") % {"tail": member.phone[-4:]},
    )
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        actor=actor,
        context=context,
        subject=member,
        org_id=member.org_id,
        summary=f"向会员 {member.name} 发送会员端开通短信",
    )
    return member


def member_reveal(*, member: Member, actor: Actor, context: AuditContext | None = None) -> dict[str, str]:
    """Unmasked ID number and phone, for an actor allowed to see them; every reveal is audited."""
    if not can_reveal_member(actor, member):
        raise PermissionDenied
    audit_log(
        action=AuditAction.REVEAL,
        actor=actor,
        context=context,
        subject=member,
        org_id=member.org_id,
        summary=f"查看会员 {member.name} 的完整证件号码和手机号",
    )
    return {"id_number": decrypt_identifier(member.id_number_encrypted), "phone": member.phone}


@dataclass(frozen=True)
class VerifyResult:
    is_member: bool
    org: Any  # the member's union, or None


def member_verify(
    *, name: str, id_number: str, actor: Actor, context: AuditContext | None = None
) -> VerifyResult:
    """Is the person (name + ID number) a member holding membership (在籍 or 保留会籍) of a union the actor
    may view, and of which one? Nothing else is disclosed; every call is audited with the masked number."""
    number = normalize_identifier(id_number)
    wanted_name = re.sub(r"\s+", "", name)
    hashes = [identifier_hash(t, number) for t in IdType.values] if number else []
    member = (
        Member.objects.visible_to(actor, VIEW)
        .filter(id_number_hash__in=hashes, status__in=HOLDING_STATUSES)
        .select_related("org")
        .first()
    )
    found = member is not None and re.sub(r"\s+", "", member.name) == wanted_name and bool(wanted_name)
    org = member.org if found and member is not None else None
    masked = mask_identifier(number) if number else ""
    audit_log(
        action=AuditAction.REVEAL,
        actor=actor,
        context=context,
        org_id=org.pk if org is not None else None,
        summary=f"会员身份核验：证件号码 {masked}，结果：{'是' if found else '不是'}会员",
        detail={"kind": "members.verify", "id_number_masked": masked, "is_member": found},
    )
    return VerifyResult(is_member=found, org=org)
