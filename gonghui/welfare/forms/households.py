"""Forms of 困难职工帮扶 — part `households`: a person of the household (add and edit) and the removal's
confirmation. Shape only: the services check the rules (ID number, consent, 一户一档).

On edit the sealed fields (health, disability, income and their notes) and the ID number are never filled in from
the stored values (the page would reveal them without audit): they start at “不变”, and only what is entered
replaces the stored value."""

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ..choices import DisabilityGrade, DisabilityKind, Employment, HealthStatus, Relation, Schooling
from ..models import HouseholdMember
from ..selectors.households import PersonFacts
from ..services.households import PersonInput

KEEP = "keep"
KEEP_LABEL = _("不变（已加密登记）")


def _required(label: Any) -> dict[str, Any]:
    return {"required": _("请填写%(f)s") % {"f": label}}


class PersonForm(forms.Form):
    relation = forms.ChoiceField(
        label=_("与申请人关系"),
        choices=[c for c in Relation.choices if c[0] != Relation.SELF],
        error_messages={"required": _("请选择与申请人关系")},
    )
    name = forms.CharField(label=_("姓名"), max_length=50, error_messages=_required(_("姓名")))
    id_number = forms.CharField(
        label=_("居民身份证号"),
        required=False,
        max_length=32,
        help_text=_("选填。填写后按身份证号取出生日期；本人也是工会会员的，自动关联其会员档案"),
    )
    birth_date = forms.DateField(
        label=_("出生日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("未填身份证号的子女请填写，用于判断是否需要监护人授权"),
        error_messages={"invalid": _("日期格式不正确")},
    )
    schooling = forms.ChoiceField(label=_("在学情况"), choices=Schooling.choices, initial=Schooling.NONE)
    employment = forms.ChoiceField(
        label=_("就业情况"), choices=Employment.choices, error_messages={"required": _("请选择就业情况")}
    )
    health = forms.ChoiceField(
        label=_("健康状况"), choices=HealthStatus.choices, error_messages={"required": _("请选择健康状况")}
    )
    health_note = forms.CharField(
        label=_("健康说明"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("病种、治疗情况等，加密保存"),
    )
    disability_kind = forms.ChoiceField(label=_("残疾类别"), required=False, choices=DisabilityKind.choices)
    disability_grade = forms.ChoiceField(label=_("残疾等级"), required=False, choices=DisabilityGrade.choices)
    annual_income = forms.DecimalField(
        label=_("年收入（元）"),
        min_value=Decimal(0),
        max_digits=12,
        decimal_places=2,
        help_text=_("上一年度全部收入，加密保存"),
        error_messages={
            "required": _("请填写年收入（元/年）"),
            "invalid": _("年收入请填写数字，如 24000.00"),
            "min_value": _("年收入不能为负数"),
            "max_digits": _("年收入数额过大，请核对"),
            "max_decimal_places": _("年收入最多保留两位小数"),
        },
    )
    income_note = forms.CharField(
        label=_("收入说明"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    consent_signer = forms.CharField(
        label=_("授权签字人"),
        max_length=50,
        help_text=_("在授权委托书上签字的人：本人，未满14周岁的由监护人"),
        error_messages=_required(_("授权签字人")),
    )
    consent_by_guardian = forms.BooleanField(
        label=_("由监护人代为授权"), required=False, help_text=_("未满14周岁的家庭成员须由监护人授权")
    )

    def __init__(self, *args: Any, person: HouseholdMember | None = None, **kwargs: Any) -> None:
        self.person = person
        if person is not None:
            kwargs.setdefault(
                "initial",
                {
                    "relation": person.relation,
                    "name": person.name,
                    "birth_date": person.birth_date,
                    "schooling": person.schooling,
                    "employment": person.employment,
                    "consent_signer": person.consent_signer,
                    "consent_by_guardian": person.consent_by_guardian,
                },
            )
        super().__init__(*args, **kwargs)
        if person is None:
            return
        if person.relation == Relation.SELF:
            for name in ("relation", "name", "id_number", "birth_date"):
                del self.fields[name]
        elif person.id_number_masked:
            self.fields["id_number"].help_text = _("已登记：%(masked)s。留空则不变") % {
                "masked": person.id_number_masked
            }
        for name in ("health", "disability_kind", "disability_grade"):
            field = self.fields[name]
            field.choices = [(KEEP, KEEP_LABEL), *field.choices]  # type: ignore[attr-defined]
            field.initial = KEEP
        for name in ("annual_income", "health_note", "income_note"):
            self.fields[name].required = False
            self.fields[name].help_text = _("已加密登记，不显示。留空则不变")

    def person_input(self, current: PersonFacts | None = None) -> PersonInput:
        """The entered person; on edit, what is left at “不变” or blank keeps `current` (the stored values)."""
        data = self.cleaned_data

        def kept(name: str, stored: Any) -> Any:
            value = data.get(name)
            if current is None:
                return value if value is not None else ""
            return stored if value in (KEEP, "", None) else value

        person = self.person
        is_self = person is not None and person.relation == Relation.SELF
        return PersonInput(
            relation=Relation.SELF if is_self else data["relation"],
            name=person.name if is_self and person is not None else data["name"],
            id_number="" if is_self else data.get("id_number", "").strip(),
            birth_date=None if is_self else data.get("birth_date"),
            schooling=data["schooling"],
            employment=data["employment"],
            health=kept("health", current.health if current else ""),
            health_note=kept("health_note", current.health_note if current else ""),
            disability_kind=kept("disability_kind", current.disability_kind if current else ""),
            disability_grade=kept("disability_grade", current.disability_grade if current else ""),
            annual_income=kept(
                "annual_income", current.annual_income if current and current.income_registered else None
            ),
            income_note=kept("income_note", current.income_note if current else ""),
            consent_signer=data["consent_signer"],
            consent_by_guardian=data["consent_by_guardian"],
        )
