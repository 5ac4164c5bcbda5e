"""Forms of the member registry: shape only; the services check the rules (ID consistency, duplicates, ages, dates)
and their messages land on these fields through `apply_validation_error`."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.choices import Gender, IdType
from gonghui.codelists.lists import EDUCATION, ETHNICITY, POLITICAL_STATUS
from gonghui.codelists.models import CodeItem
from gonghui.orgs.models import Org

from ..choices import Employment, HouseholdType, JobCategory, MemberAction, SkillLevel
from ..models import Member


class DateInput(forms.DateInput):
    """The browser's date picker; it needs the ISO form whatever the language."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _blank(label: str, choices: Any) -> list[tuple[str, str]]:
    return [("", label), *[(str(v), str(lbl)) for v, lbl in choices]]


class MemberForm(forms.Form):
    """新增 or 修改 a member; on edit the ID number is left empty unless it is being corrected."""

    org: forms.ModelChoiceField[Org] = forms.ModelChoiceField(
        label=_("所属工会"),
        queryset=Org.objects.none(),
        error_messages={"required": _("请选择所属工会"), "invalid_choice": _("不能在所选工会登记会员")},
    )
    name = forms.CharField(label=_("姓名"), max_length=50, error_messages={"required": _("请填写姓名")})
    id_type = forms.ChoiceField(label=_("证件类型"), choices=IdType.choices, initial=IdType.RESIDENT)
    id_number = forms.CharField(
        label=_("证件号码"), max_length=40, error_messages={"required": _("请填写证件号码")}
    )
    gender = forms.ChoiceField(
        label=_("性别"),
        required=False,
        choices=_blank("（按身份证号）", Gender.choices),
        help_text=_("居民身份证由证件号码第17位确定，填写时须一致"),
    )
    birth_date = forms.DateField(
        label=_("出生日期"),
        required=False,
        widget=DateInput(),
        help_text=_("居民身份证由证件号码确定，填写时须一致"),
        error_messages={"invalid": _("请按 年-月-日 填写出生日期")},
    )
    phone = forms.CharField(label=_("手机号"), max_length=20, required=False)
    ethnicity = forms.ChoiceField(label=_("民族"), required=False)
    education = forms.ChoiceField(label=_("学历"), required=False)
    political_status = forms.ChoiceField(label=_("政治面貌"), required=False)
    employment = forms.ChoiceField(
        label=_("用工性质"), choices=Employment.choices, initial=Employment.ESTABLISHED
    )
    position_title = forms.CharField(label=_("岗位/职称"), max_length=50, required=False)
    job_category = forms.ChoiceField(
        label=_("岗位类别"),
        required=False,
        choices=_blank("—", JobCategory.choices),
        help_text=_("专业技术人员按专业分列；教代会代表中教师的占比按此计算"),
    )
    skill_level = forms.ChoiceField(
        label=_("技能等级"), required=False, choices=_blank("—", SkillLevel.choices)
    )
    household_type = forms.ChoiceField(
        label=_("户籍类型"), required=False, choices=_blank("—", HouseholdType.choices)
    )
    joined_on = forms.DateField(
        label=_("入会日期"),
        required=False,
        widget=DateInput(),
        help_text=_("新增时留空为今天"),
        error_messages={"invalid": _("请按 年-月-日 填写入会日期")},
    )
    card_number = forms.CharField(label=_("会员卡号"), max_length=40, required=False)
    is_model_worker = forms.BooleanField(label=_("劳模/工匠"), required=False)
    is_migrant_worker = forms.BooleanField(label=_("农民工"), required=False)
    tags = forms.CharField(
        label=_("标签"),
        max_length=300,
        required=False,
        help_text=_("多个标签用逗号或顿号分隔，如：青年教师、援鄂医疗队"),
    )

    def __init__(
        self, *args: Any, orgs: QuerySet[Org] | None = None, member: Member | None = None, **kwargs: Any
    ):
        if member is not None and "initial" not in kwargs:
            kwargs["initial"] = member_initial(member)
        super().__init__(*args, **kwargs)
        self.member = member
        if member is None:
            self.fields["org"].queryset = orgs if orgs is not None else Org.objects.none()  # type: ignore[attr-defined]
        else:
            del self.fields["org"]
            self.fields["id_number"].required = False
            self.fields["id_number"].help_text = _("当前为 %(m)s；留空表示不修改，更正时填写完整号码") % {
                "m": member.id_number_masked
            }
            self.fields["joined_on"].help_text = ""
        lists: dict[str, list[tuple[str, str]]] = {ETHNICITY: [], EDUCATION: [], POLITICAL_STATUS: []}
        for item in CodeItem.objects.filter(list_key__in=list(lists), is_active=True).only(
            "list_key", "code", "name"
        ):
            lists[item.list_key].append((item.code, item.name))
        for field, key in (
            ("ethnicity", ETHNICITY),
            ("education", EDUCATION),
            ("political_status", POLITICAL_STATUS),
        ):
            self.fields[field].choices = [("", "—"), *lists[key]]  # type: ignore[attr-defined]

    def service_data(self) -> dict[str, Any]:
        """The cleaned values as the services take them."""
        data = dict(self.cleaned_data)
        data.pop("org", None)
        return data


def member_initial(member: Member) -> dict[str, Any]:
    return {
        "name": member.name,
        "id_type": member.id_type,
        "id_number": "",
        "gender": member.gender,
        "birth_date": member.birth_date,
        "phone": member.phone,
        "ethnicity": member.ethnicity,
        "education": member.education,
        "political_status": member.political_status,
        "employment": member.employment,
        "position_title": member.position_title,
        "job_category": member.job_category,
        "skill_level": member.skill_level,
        "household_type": member.household_type,
        "joined_on": member.joined_on,
        "card_number": member.card_number,
        "is_model_worker": member.is_model_worker,
        "is_migrant_worker": member.is_migrant_worker,
        "tags": "、".join(t.name for t in member.tags.all()),
    }


STATUS_FORM_TEXT = {
    MemberAction.LEAVE: ("退会日期", "退会原因", "如：本人申请退会、调离本单位"),
    MemberAction.RETIRE_KEEP: ("退休日期", "说明", "如：退休，本人申请保留会籍"),
    MemberAction.DEATH: ("去世日期", "说明", "如：因病去世"),
    MemberAction.REINSTATE: ("恢复日期", "恢复原因", "如：退休返聘，恢复在籍"),
}


class StatusChangeForm(forms.Form):
    """退会 / 退休保留会籍 / 登记去世 / 恢复会籍: a date, a reason and an explicit confirmation."""

    happened_on = forms.DateField(
        label=_("日期"),
        widget=DateInput(),
        error_messages={"required": _("请填写日期"), "invalid": _("请按 年-月-日 填写日期")},
    )
    reason = forms.CharField(label=_("原因"), max_length=200, error_messages={"required": _("请填写原因")})
    confirm = forms.BooleanField(
        label=_("我已核实上述信息，确认办理"),
        error_messages={"required": _("请勾选确认后再提交")},
    )

    def __init__(self, *args: Any, action: MemberAction, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        date_label, reason_label, placeholder = STATUS_FORM_TEXT[action]
        self.fields["happened_on"].label = date_label
        self.fields["happened_on"].error_messages["required"] = _("请填写%(l)s") % {"l": date_label}
        self.fields["reason"].label = reason_label
        self.fields["reason"].error_messages["required"] = _("请填写%(l)s") % {"l": reason_label}
        self.fields["reason"].widget.attrs["placeholder"] = placeholder
