"""Writes for members (the foundation's part): creating a member record and revealing personal data."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from gonghui.accounts.identity import (
    IdType,
    decrypt_identifier,
    encrypt_identifier,
    identifier_hash,
    mask_identifier,
    normalize_mobile,
    parse_resident_id,
    validate_identifier,
)
from gonghui.accounts.scoping import has_action
from gonghui.core.audit import audit_log
from gonghui.core.models import AuditAction

from .choices import HOLDING_STATUSES
from .models import Member


def name_search_fields(name: str) -> dict[str, str]:
    """Pinyin and initials stored beside the name so that `zs` or `zhangsan` finds 张三."""
    from pypinyin import Style, lazy_pinyin  # noqa: PLC0415 - loads its dictionaries on first use

    syllables = lazy_pinyin(name, errors="ignore")
    initials = lazy_pinyin(name, style=Style.FIRST_LETTER, errors="ignore")
    return {"name_pinyin": "".join(syllables).lower()[:200], "name_initials": "".join(initials).lower()[:50]}


def member_number_issue(*, org: Any, year: int) -> str:
    """The next 会员编号 of a union: <org code>-<year>-<5 digits>, gap-free; call inside the transaction
    that stores the member."""
    from gonghui.core.numbering import number_next  # noqa: PLC0415

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


@transaction.atomic
def member_create(
    *,
    org: Any,
    actor: Any,
    name: str,
    id_number: str,
    phone: str = "",
    id_type: str = IdType.RESIDENT,
    gender: str | None = None,
    birth_date: Any = None,
) -> Member:
    if actor is not None and not has_action(actor, "members.manage", org):
        raise PermissionDenied
    try:
        fields = identity_fields(id_type=id_type, id_number=id_number, gender=gender)
    except ValidationError as exc:
        raise ValidationError({"id_number": exc.messages}) from None
    if "gender" not in fields:
        fields.update(gender=gender, birth_date=birth_date)
    if Member.objects.filter(id_number_hash=fields["id_number_hash"], status__in=HOLDING_STATUSES).exists():
        raise ValidationError({"id_number": _("此人已是在籍会员，不能重复入会")})
    member = Member(
        org=org, name=name.strip(), phone=normalize_mobile(phone) if phone else "", **fields, **name_search_fields(name)
    )
    member.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            member.save()
    except IntegrityError:
        raise ValidationError({"id_number": _("此人已是在籍会员，不能重复入会")}) from None
    return member


def member_reveal(*, member: Member, actor: Any, request: HttpRequest | None = None) -> dict[str, str]:
    """Unmasked ID number and phone, for an actor allowed to see them; every reveal is audited."""
    if not has_action(actor, "members.reveal", member.org):
        raise PermissionDenied
    audit_log(
        action=AuditAction.REVEAL,
        actor=actor,
        request=request,
        subject=member,
        org_id=member.org_id,
        summary=f"查看会员 {member.name} 的完整证件号码和手机号",
    )
    return {"id_number": decrypt_identifier(member.id_number_encrypted), "phone": member.phone}
