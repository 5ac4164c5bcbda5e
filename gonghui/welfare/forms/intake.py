"""Forms of 困难职工帮扶 — part `intake`: the application's facts, the applicant's own situation (本人情况), the family
table (a formset: one row per person besides 本人), the consent upload and the member pick of the console. Shape
only; the services check the rules (one household, one file; who may apply for whom)."""

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.choices import IdType
from gonghui.accounts.identity import validate_identifier
from gonghui.members.models import Member

from ..choices import (
    DisabilityGrade,
    DisabilityKind,
    Employment,
    HardshipCause,
    HealthStatus,
    Housing,
    MedicalInsurance,
    ModelWorkerType,
    Relation,
    Schooling,
)
from ..models import HardshipFile
from ..services.households import PersonInput
from ..services.intake import ApplicationFacts

PEOPLE_PREFIX = "people"
PEOPLE_ROWS = 6
BLANK = ("", _("请选择"))


def _choice(label: Any, choices: Any, *, required: bool = True, blank: bool = True) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        required=required,
        choices=[BLANK, *choices] if blank else list(choices),
        error_messages={
            "required": _("请选择%(f)s") % {"f": label},
            "invalid_choice": _("请重新选择%(f)s") % {"f": label},
        },
    )


def _income(label: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        min_value=Decimal(0),
        max_digits=12,
        decimal_places=2,
        help_text=_("元/年，工资、经营、养老金等各项收入合计；没有收入填 0"),
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
        error_messages={
            "required": _("请填写%(f)s（没有收入填 0）") % {"f": label},
            "invalid": _("%(f)s请填写数字") % {"f": label},
            "min_value": _("%(f)s不能为负数") % {"f": label},
            "max_decimal_places": _("%(f)s最多保留两位小数") % {"f": label},
        },
    )


class FactsForm(forms.Form):
    """The facts of the national 困难职工 record."""

    cause_main = _choice(_("主要致困原因"), HardshipCause.choices)
    causes_secondary = forms.MultipleChoiceField(
        label=_("次要致困原因"),
        required=False,
        choices=HardshipCause.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("次要致困原因不在可选范围内")},
    )
    housing = _choice(_("住房情况"), Housing.choices)
    medical_insurance = _choice(_("医疗保险"), MedicalInsurance.choices)
    zero_employment = forms.BooleanField(label=_("零就业家庭（家中劳动年龄人口均未就业）"), required=False)
    single_parent = forms.BooleanField(label=_("单亲家庭"), required=False)
    model_worker_type = _choice(_("劳模类型"), ModelWorkerType.choices, required=False, blank=False)
    address = forms.CharField(
        label=_("家庭住址"),
        max_length=200,
        help_text=_("入户调查时使用，写到门牌号"),
        error_messages={"required": _("请填写家庭住址"), "max_length": _("家庭住址不超过200字")},
    )

    @classmethod
    def for_file(cls, data: Any, file: HardshipFile) -> "FactsForm":
        initial = {
            "cause_main": file.cause_main,
            "causes_secondary": list(file.causes_secondary),
            "housing": file.housing,
            "medical_insurance": file.medical_insurance,
            "zero_employment": file.zero_employment,
            "single_parent": file.single_parent,
            "model_worker_type": file.model_worker_type,
            "address": file.household.address,
        }
        return cls(data, initial=initial)

    def facts(self) -> ApplicationFacts:
        data = self.cleaned_data
        return ApplicationFacts(
            cause_main=data["cause_main"],
            causes_secondary=tuple(data["causes_secondary"]),
            housing=data["housing"],
            medical_insurance=data["medical_insurance"],
            zero_employment=data["zero_employment"],
            single_parent=data["single_parent"],
            model_worker_type=data["model_worker_type"] or "",
            address=data["address"].strip(),
        )


class SelfForm(forms.Form):
    """本人情况: the applicant's own health, employment and income (name and ID number come from the member record)."""

    prefix = "self"

    employment = _choice(_("本人就业情况"), Employment.choices)
    health = _choice(_("本人健康状况"), HealthStatus.choices)
    disability_kind = _choice(_("残疾类别"), DisabilityKind.choices, required=False, blank=False)
    disability_grade = _choice(_("残疾等级"), DisabilityGrade.choices, required=False, blank=False)
    annual_income = _income(_("本人年收入"))
    consent_signer = forms.CharField(
        label=_("授权签字人"),
        max_length=50,
        help_text=_("在授权委托书上签字的人，一般是本人"),
        error_messages={"required": _("请填写授权签字人")},
    )

    def person(self, member: Member) -> PersonInput:
        data = self.cleaned_data
        return PersonInput(
            relation=Relation.SELF,
            name=member.name,
            employment=data["employment"],
            health=data["health"],
            disability_kind=data["disability_kind"] or "",
            disability_grade=data["disability_grade"] or "",
            annual_income=data["annual_income"],
            consent_signer=data["consent_signer"].strip(),
        )


class PersonForm(forms.Form):
    """One row of the family table (a person besides 本人). A row left blank is ignored."""

    relation = _choice(_("与申请人关系"), [c for c in Relation.choices if c[0] != Relation.SELF])
    name = forms.CharField(label=_("姓名"), max_length=50, error_messages={"required": _("请填写姓名")})
    id_number = forms.CharField(
        label=_("身份证号码"),
        required=False,
        max_length=18,
        help_text=_("选填；配偶是工会会员时请填写，便于关联同一户"),
    )
    birth_date = forms.DateField(
        label=_("出生日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("子女请填写（未满14周岁由监护人授权）"),
        error_messages={"invalid": _("出生日期格式不正确")},
    )
    annual_income = _income(_("年收入"))
    health = _choice(_("健康状况"), HealthStatus.choices)
    disability_kind = _choice(_("残疾类别"), DisabilityKind.choices, required=False, blank=False)
    disability_grade = _choice(_("残疾等级"), DisabilityGrade.choices, required=False, blank=False)
    employment = _choice(_("就业情况"), Employment.choices)
    schooling = _choice(_("在学情况"), Schooling.choices, required=False, blank=False)
    consent_signer = forms.CharField(
        label=_("授权签字人"),
        max_length=50,
        help_text=_("本人签字；未满14周岁的由监护人签字"),
        error_messages={"required": _("请填写授权签字人")},
    )
    consent_by_guardian = forms.BooleanField(label=_("由监护人授权"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # an untouched row posts these defaults: they must not count as a change
        self.fields["schooling"].initial = Schooling.NONE

    def clean_id_number(self) -> str:
        raw = (self.cleaned_data.get("id_number") or "").strip()
        if not raw:
            return ""
        try:
            return validate_identifier(IdType.RESIDENT, raw)
        except forms.ValidationError as exc:
            raise forms.ValidationError(exc.messages[0]) from None

    def person(self) -> PersonInput:
        data = self.cleaned_data
        return PersonInput(
            relation=data["relation"],
            name=data["name"].strip(),
            id_number=data["id_number"],
            birth_date=data["birth_date"],
            schooling=data["schooling"] or Schooling.NONE,
            employment=data["employment"],
            health=data["health"],
            disability_kind=data["disability_kind"] or "",
            disability_grade=data["disability_grade"] or "",
            annual_income=data["annual_income"],
            consent_signer=data["consent_signer"].strip(),
            consent_by_guardian=data["consent_by_guardian"],
        )


class _BasePeople(forms.BaseFormSet):  # type: ignore[type-arg]
    def people(self) -> list[PersonInput]:
        return [f.person() for f in self.forms if f.has_changed() and f.cleaned_data]

    def row_errors(self) -> list[str]:
        """ "家庭成员第N行 · 字段：错误" for every error of the table (rows counted from 1)."""
        lines = [str(e) for e in self.non_form_errors()]
        for row, form in enumerate(self.forms, start=1):
            for name, errors in form.errors.items():
                label = form.fields[name].label if name in form.fields else ""
                for error in errors:
                    lines.append(
                        f"家庭成员第{row}行 · {label}：{error}" if label else f"家庭成员第{row}行：{error}"
                    )
        return lines


PeopleFormSet = forms.formset_factory(
    PersonForm, formset=_BasePeople, extra=PEOPLE_ROWS, max_num=PEOPLE_ROWS, validate_max=True
)


def people_formset(data: Any) -> _BasePeople:
    return PeopleFormSet(data, prefix=PEOPLE_PREFIX)  # type: ignore[return-value]


class ConsentForm(forms.Form):
    consent_upload = forms.FileField(
        label=_("授权委托书"),
        help_text=_(
            "请上传全体家庭成员签字的《授权委托书》照片或扫描件（PDF、JPG、PNG，10 MB 以内）。"
            "工会凭此向民政、社保、不动产等部门核对家庭收入和财产，不作其他用途。"
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}
        ),
        error_messages={"required": _("请上传授权委托书"), "empty": _("上传的授权委托书是空文件")},
    )

    def __init__(self, *args: Any, required: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["consent_upload"].required = required


class MemberPickForm(forms.Form):
    """The console's pick of the applicant among the members of the unions the 帮扶干事 handles."""

    member = forms.ModelChoiceField(
        label=_("申请会员"),
        queryset=Member.objects.none(),
        error_messages={
            "required": _("请先查找并选择申请会员"),
            "invalid_choice": _("所选会员不在您的帮扶工作范围内"),
        },
    )

    def __init__(self, *args: Any, candidates: QuerySet[Member], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = candidates  # type: ignore[attr-defined]


def route_application_error(
    exc: ValidationError, *, facts: FactsForm, consent: ConsentForm, errors: list[str]
) -> None:
    """A service's error onto the application's forms: the facts' fields, the upload, or the family table's list
    (`errors`, shown above the table)."""
    if not hasattr(exc, "error_dict"):
        facts.add_error(None, exc)
        return
    for field, field_errors in exc.error_dict.items():
        if field == "consent_upload":
            consent.add_error("consent_upload", field_errors)
        elif field in facts.fields:
            facts.add_error(field, field_errors)
        elif field == "people":
            errors.extend(m for e in field_errors for m in e.messages)
        else:
            facts.add_error(None, field_errors)
