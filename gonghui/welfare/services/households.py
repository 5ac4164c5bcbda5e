"""Writes of 困难职工帮扶 — part `households`: the household and its 本人 (`household_create`), the people of the
household (`person_add`, `person_update`, `person_remove`) and the audited reveal of a file's sealed values
(`file_reveal`).

A person's ID number (居民身份证) is validated and kept encrypted, with a keyed hash and a masked copy, like the
member registry's; health, disability and income are sealed (`sealing.seal`). A person whose ID hash is a union
member's is linked to that member (一户一档: a member already in another household is refused). Each change of the
people writes a timeline row (家庭成员变更) that names the person and relation, never a sealed value; the people of
an ended file (脱困, 注销, 不予建档) no longer change."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.choices import IdType
from gonghui.accounts.identity import (
    decrypt_identifier,
    encrypt_identifier,
    identifier_hash,
    mask_identifier,
    parse_resident_id,
)
from gonghui.accounts.scoping import has_action
from gonghui.core.audit import AuditContext, audit_log
from gonghui.core.locking import lock
from gonghui.core.models import AuditAction
from gonghui.members.choices import HOLDING_STATUSES
from gonghui.members.models import Member

from ..choices import (
    ENDED_STATUSES,
    DisabilityGrade,
    DisabilityKind,
    Employment,
    FileAction,
    FileStatus,
    HealthStatus,
    Relation,
    RigidExpense,
    Schooling,
)
from ..events import file_event
from ..models import HardshipFile, Household, HouseholdMember
from ..permissions import MANAGE, can_reveal_file
from ..sealing import seal, unseal
from ..selectors.households import age_on, consent_label, file_of_household, household_of_member

# A person under this age needs a guardian's consent (PIPL art. 31).
GUARDIAN_AGE = 14
# Relations whose consent depends on the age, so the age must be known.
YOUNG_RELATIONS = (Relation.CHILD, Relation.GRANDCHILD)
# The member may edit the people of their own application until it is checked.
APPLICANT_EDITABLE = (FileStatus.APPLIED, FileStatus.RETURNED)


@dataclass(frozen=True, kw_only=True)
class PersonInput:
    """What is entered for one person of a household. `annual_income` is 元/年. On update an empty `id_number`
    keeps the stored one; the 本人's name and ID number always come from the member record."""

    relation: str
    name: str
    id_number: str = ""
    birth_date: dt.date | None = None
    schooling: str = Schooling.NONE
    employment: str
    health: str
    health_note: str = ""
    disability_kind: str = ""
    disability_grade: str = ""
    annual_income: Decimal
    income_note: str = ""
    member: Member | None = None
    consent_signer: str = ""
    consent_by_guardian: bool = False


def _duplicate_error(household: Household) -> ValidationError:
    file = file_of_household(household)
    label = str(file) if file is not None else str(household)
    return ValidationError(
        {
            "id_number": _("该人员已在困难职工档案 %(number)s 的家庭中，一户一档，不能重复建档")
            % {"number": label}
        }
    )


def _may_edit_people(actor: Any, household: Household, file: HardshipFile | None) -> bool:
    """A 帮扶干事 of the household's union, or the applicant on their own application until it is checked."""
    if has_action(actor, MANAGE, household.org):
        return True
    applicant = household.people.filter(relation=Relation.SELF).select_related("member").first()
    own = (
        applicant is not None
        and applicant.member is not None
        and applicant.member.user_id is not None
        and applicant.member.user_id == getattr(actor, "pk", None)
    )
    return own and (file is None or file.status in APPLICANT_EDITABLE)


def _open_file(actor: Any, household: Household) -> HardshipFile | None:
    """The household's file (None before it is created), after the permission and state checks."""
    file = file_of_household(household)
    if not _may_edit_people(actor, household, file):
        raise PermissionDenied(_("无权修改该家庭的成员"))
    if file is not None and file.status in ENDED_STATUSES:
        raise ValidationError(_("档案%(state)s，家庭成员不能再修改") % {"state": file.get_status_display()})
    return file


@transaction.atomic
def household_create(*, applicant: Member, actor: Any, address: str = "") -> Household:
    """The applicant's household with its 本人 (name, birth date and ID number, encrypted, from the member
    record). Refused when the member is already in a household (一户一档: open that household's file instead)."""
    if not has_action(actor, MANAGE, applicant.org) and applicant.user_id != getattr(actor, "pk", None):
        raise PermissionDenied(_("无权为该会员建立困难职工家庭"))
    lock(Member, pk=applicant.pk)
    existing = household_of_member(applicant)
    if existing is not None:
        raise _duplicate_error(existing)
    household = Household(org=applicant.org, address=address.strip()[:200], created_by=actor)
    household.full_clean()
    household.save()
    HouseholdMember.objects.create(
        household=household,
        relation=Relation.SELF,
        name=applicant.name,
        member=applicant,
        birth_date=applicant.birth_date,
        id_number_encrypted=applicant.id_number_encrypted,
        id_number_hash=applicant.id_number_hash,
        id_number_masked=applicant.id_number_masked,
        employment=Employment.EMPLOYED,
    )
    return household


def _holding_member(number_hash: str) -> Member | None:
    """The member with this ID hash, a holding one (在籍, 保留会籍) first."""
    members = Member.objects.filter(id_number_hash=number_hash)
    return members.filter(status__in=HOLDING_STATUSES).first() or members.order_by("-pk").first()


def _clean_text(value: str, field: str, label: str, max_length: int, errors: dict[str, Any]) -> str:
    text = (value or "").strip()
    if len(text) > max_length:
        errors[field] = _("%(label)s不能超过%(n)d个字") % {"label": label, "n": max_length}
    return text


def _clean_sealed(data: PersonInput, errors: dict[str, Any]) -> dict[str, str]:
    if data.health not in HealthStatus.values:
        errors["health"] = _("请选择健康状况")
    if data.disability_kind not in DisabilityKind.values:
        errors["disability_kind"] = _("残疾类别不正确")
    if data.disability_grade not in DisabilityGrade.values:
        errors["disability_grade"] = _("残疾等级不正确")
    if data.disability_kind and not data.disability_grade:
        errors["disability_grade"] = _("请选择残疾等级")
    if data.disability_grade and not data.disability_kind:
        errors["disability_kind"] = _("请选择残疾类别")
    if data.health == HealthStatus.DISABLED and not data.disability_kind:
        errors["disability_kind"] = _("健康状况为残疾时请选择残疾类别")
    income = data.annual_income
    try:
        income = Decimal(str(income)).quantize(Decimal("0.01"))
        if income < 0:
            errors["annual_income"] = _("年收入不能为负数")
        elif income >= Decimal("100000000"):
            errors["annual_income"] = _("年收入数额过大，请核对")
    except (InvalidOperation, TypeError, ValueError):
        errors["annual_income"] = _("请填写年收入（元/年），如 24000.00")
        income = Decimal(0)
    return {
        "health": str(data.health),
        "health_note": _clean_text(data.health_note, "health_note", _("健康说明"), 500, errors),
        "disability_kind": str(data.disability_kind),
        "disability_grade": str(data.disability_grade),
        "annual_income": f"{income:.2f}" if isinstance(income, Decimal) else "0.00",
        "income_note": _clean_text(data.income_note, "income_note", _("收入说明"), 500, errors),
    }


def _apply(
    *, person: HouseholdMember, household: Household, data: PersonInput, errors: dict[str, Any]
) -> None:
    """Validate `data` into `person` (not saved); rule errors go to `errors` keyed by field."""
    is_self = person.relation == Relation.SELF
    if not is_self:
        if data.relation not in Relation.values:
            errors["relation"] = _("请选择与申请人的关系")
        elif data.relation == Relation.SELF:
            errors["relation"] = _("本人已登记，其他家庭成员请选择与申请人的关系")
        person.relation = data.relation
        person.name = _clean_text(data.name, "name", _("姓名"), 50, errors)
        if not person.name:
            errors["name"] = _("请填写姓名")
    elif data.relation != Relation.SELF:
        errors["relation"] = _("本人的关系不能修改")
    if data.schooling not in Schooling.values:
        errors["schooling"] = _("请选择在学情况")
    if data.employment not in Employment.values:
        errors["employment"] = _("请选择就业情况")
    person.schooling, person.employment = data.schooling, data.employment

    number_hash = ""
    birth: dt.date | None = data.birth_date
    if data.id_number and not is_self:
        try:
            resident = parse_resident_id(data.id_number)
        except ValidationError as exc:
            errors["id_number"] = exc.messages[0]
        else:
            number_hash = identifier_hash(IdType.RESIDENT, resident.number)
            if birth is not None and birth != resident.birth_date:
                errors["birth_date"] = _("出生日期与身份证号不一致")
            birth = resident.birth_date
            person.id_number_encrypted = encrypt_identifier(resident.number)
            person.id_number_hash = number_hash
            person.id_number_masked = mask_identifier(resident.number)
    elif is_self:
        birth = person.birth_date
    elif person.id_number_hash:
        number_hash = person.id_number_hash
        if birth is not None and person.birth_date is not None and birth != person.birth_date:
            errors["birth_date"] = _("出生日期与已登记的证件号码不一致")
        birth = person.birth_date or birth

    member = person.member if is_self else data.member
    if not is_self and member is not None and not number_hash:
        # a member picked without an ID number: their ID is copied (encrypted) from the member record
        number_hash = member.id_number_hash
        person.id_number_encrypted = member.id_number_encrypted
        person.id_number_hash = member.id_number_hash
        person.id_number_masked = member.id_number_masked
        birth = birth or member.birth_date
    elif not is_self and number_hash:
        if member is not None and member.id_number_hash != number_hash:
            errors["id_number"] = _("证件号码与所选会员不一致")
        member = member or _holding_member(number_hash)
    if not is_self:
        person.member = member
    if number_hash and "id_number" not in errors:
        match = (
            Q(id_number_hash=number_hash) | Q(member=member)
            if member is not None
            else Q(id_number_hash=number_hash)
        )
        others = HouseholdMember.objects.filter(match).exclude(pk=person.pk)
        same = others.filter(household=household).first()
        elsewhere = others.exclude(household=household).select_related("household").first()
        if same is not None:
            errors["id_number"] = _("该证件号码已登记为本家庭的%(name)s") % {"name": same.name}
        elif elsewhere is not None:
            errors.update(_duplicate_error(elsewhere.household).message_dict)
    person.birth_date = birth

    person.sealed = seal(_clean_sealed(data, errors))

    signer = _clean_text(data.consent_signer, "consent_signer", _("授权签字人"), 50, errors)
    if not signer:
        errors["consent_signer"] = _("请填写授权签字人（本人签字，未满14周岁的由监护人签字）")
    today = timezone.localdate()
    if birth is None and person.relation in YOUNG_RELATIONS:
        errors.setdefault(
            "birth_date",
            _("请填写%(relation)s的出生日期或身份证号，以确定是否需要监护人授权")
            % {"relation": Relation(person.relation).label},
        )
    if birth is not None and birth > today:
        errors["birth_date"] = _("出生日期不能晚于今天")
    elif birth is not None and age_on(birth, today) < GUARDIAN_AGE:
        if not data.consent_by_guardian:
            errors["consent_by_guardian"] = _("该家庭成员未满14周岁，须由监护人授权")
        elif signer and signer == person.name:
            errors["consent_signer"] = _("未满14周岁的家庭成员须由监护人签字，签字人不能是其本人")
    if signer != person.consent_signer or data.consent_by_guardian != person.consent_by_guardian:
        person.consent_at = timezone.now()
    person.consent_signer, person.consent_by_guardian = signer, data.consent_by_guardian


def _people_note(verb: str, person: HouseholdMember) -> str:
    note = _("%(verb)s家庭成员：%(name)s（%(relation)s）") % {
        "verb": verb,
        "name": person.name,
        "relation": person.get_relation_display(),
    }
    if person.member_id is not None:
        note += _("，已关联会员档案")
    return note


@transaction.atomic
def person_add(*, household: Household, actor: Any, data: PersonInput) -> HouseholdMember:
    """A person of the household (not the 本人, who comes with `household_create`)."""
    household = lock(Household, pk=household.pk, related=("org",))
    file = _open_file(actor, household)
    person = HouseholdMember(household=household, relation=Relation.OTHER)
    errors: dict[str, Any] = {}
    _apply(person=person, household=household, data=data, errors=errors)
    if errors:
        raise ValidationError(errors)
    person.save()
    if file is not None:
        file_event(file=file, actor=actor, action=FileAction.PEOPLE, note=_people_note(_("添加"), person))
    return person


@transaction.atomic
def person_update(*, person: HouseholdMember, actor: Any, data: PersonInput) -> HouseholdMember:
    """Change a person's facts; for the 本人 the relation, name and ID number stay those of the member record."""
    household = lock(Household, pk=person.household_id, related=("org",))
    file = _open_file(actor, household)
    person = HouseholdMember.objects.select_related("member").get(pk=person.pk)
    errors: dict[str, Any] = {}
    _apply(person=person, household=household, data=data, errors=errors)
    if errors:
        raise ValidationError(errors)
    person.save()
    if file is not None:
        file_event(file=file, actor=actor, action=FileAction.PEOPLE, note=_people_note(_("修改"), person))
    return person


@transaction.atomic
def person_remove(*, person: HouseholdMember, actor: Any) -> None:
    """Remove a person from the household; the 本人 (the applicant) stays."""
    household = lock(Household, pk=person.household_id, related=("org",))
    file = _open_file(actor, household)
    person = HouseholdMember.objects.get(pk=person.pk)
    if person.relation == Relation.SELF:
        raise ValidationError({"relation": _("本人是申请人，不能从家庭中移除")})
    note = _people_note(_("移除"), person)
    person.delete()
    if file is not None:
        file_event(file=file, actor=actor, action=FileAction.PEOPLE, note=note)


def _label(choices: Any, value: str) -> str:
    return str(choices(value).label) if value in choices.values else value


@transaction.atomic
def file_reveal(*, file: HardshipFile, actor: Any, context: AuditContext | None = None) -> dict[str, Any]:
    """Every sealed value of the file — each person's full ID number, health, disability and income, the rigid
    spending, the accident and exclusion notes, the class explanation and the surveys' findings — for a holder
    of `welfare.reveal` on the file's union. Each reveal writes an audit row and a timeline row (查看敏感信息).
    The view answering with it must be a `core.http.sensitive_response`."""
    if not can_reveal_file(actor, file):
        raise PermissionDenied(_("无权查看困难职工档案的敏感信息"))
    today = timezone.localdate()
    people = []
    for person in file.household.people.order_by("pk"):
        sealed = unseal(person.sealed)
        kind = sealed.get("disability_kind", "")
        people.append(
            {
                "name": person.name,
                "relation": person.get_relation_display(),
                "id_number": decrypt_identifier(person.id_number_encrypted)
                if person.id_number_encrypted
                else "",
                "birth_date": person.birth_date,
                "age": age_on(person.birth_date, today) if person.birth_date else None,
                "health": _label(HealthStatus, sealed.get("health", "")),
                "health_note": sealed.get("health_note", ""),
                "disability": (
                    f"{_label(DisabilityKind, kind)}{_label(DisabilityGrade, sealed.get('disability_grade', ''))}"
                    if kind
                    else str(DisabilityKind.NONE.label)
                ),
                "annual_income": Decimal(sealed["annual_income"]) if sealed.get("annual_income") else None,
                "income_note": sealed.get("income_note", ""),
                "consent": consent_label(person),
            }
        )
    sealed_file = unseal(file.sealed)
    expenses = [
        {"kind": _label(RigidExpense, kind), "amount": Decimal(str(amount))}
        for kind, amount in (sealed_file.get("expenses") or {}).items()
    ]
    surveys = [
        {
            "surveyed_on": survey.surveyed_on,
            "visitors": survey.visitors,
            "findings": unseal(survey.sealed).get("findings", ""),
        }
        for survey in file.surveys.order_by("surveyed_on", "pk")
    ]
    audit_log(
        action=AuditAction.REVEAL,
        summary=_("查看困难职工档案 %(file)s 的家庭证件号码、健康、残疾与收入信息") % {"file": file},
        actor=actor,
        context=context,
        subject=file,
        org_id=file.org_id,
        detail={"people": len(people), "surveys": len(surveys)},
    )
    file_event(file=file, actor=actor, action=FileAction.REVEAL, note=_("经审计查看完整信息"))
    return {
        "people": people,
        "expenses": expenses,
        "accident_note": sealed_file.get("accident_note", ""),
        "exclusion_note": sealed_file.get("exclusion_note", ""),
        "explanation": list(sealed_file.get("explanation") or []),
        "surveys": surveys,
    }
