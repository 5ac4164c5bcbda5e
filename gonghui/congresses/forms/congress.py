"""Forms of part congress: the list's filters, a congress (建立 / 修改), 换届, the rules, a 代表团, adding a
delegate from the unit's staff, editing and ending a seat, the import file, and the coverage board's filters. They
check shape only; the services check the rules (大会 mode, unit staff, seats)."""

from typing import Any

from django import forms
from django.db.models import QuerySet

from gonghui.orgs.choices import Industry, UnitCategory
from gonghui.orgs.models import Org

from ..choices import CongressKind, DelegateRole
from ..models import Delegation
from ..selectors.congress import TERM_STATUSES

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OrgChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


def _select(label: str) -> forms.Select:
    return forms.Select(attrs={"aria-label": label})


class CongressFilterForm(forms.Form):
    q = forms.CharField(label="搜索", required=False, max_length=60)
    kind = forms.ChoiceField(
        label="类型",
        required=False,
        choices=[("", "全部类型"), *CongressKind.choices],
        widget=_select("类型"),
    )
    term = forms.ChoiceField(
        label="届期", required=False, choices=[("", "全部届期"), *TERM_STATUSES], widget=_select("届期")
    )
    org = OrgChoiceField(
        label="单位",
        required=False,
        queryset=Org.objects.none(),
        empty_label="全部单位",
        widget=_select("单位"),
    )

    def __init__(self, *args: Any, orgs: QuerySet[Org], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs  # type: ignore[attr-defined]


class CongressForm(forms.Form):
    """建立 (with the unit) or 修改 a congress."""

    org = OrgChoiceField(label="单位工会", queryset=Org.objects.none())
    kind = forms.ChoiceField(label="类型", choices=CongressKind.choices)
    term_started_on = forms.DateField(label="本届开始日期", widget=DATE)
    term_ends_on = forms.DateField(label="本届届满日期", widget=DATE, help_text="每届一般为3至5年")
    staff_count = forms.IntegerField(
        label="职工总数", min_value=0, required=False, help_text="留空则取单位工会登记的职工数"
    )
    delegate_share_percent = forms.IntegerField(
        label="代表名额占职工比例（%）", min_value=1, max_value=100, initial=33
    )
    teacher_min_percent = forms.IntegerField(
        label="教师代表最低比例（%）",
        min_value=0,
        max_value=100,
        initial=60,
        help_text="仅教职工代表大会适用",
    )
    women_min_percent = forms.IntegerField(
        label="女代表参考比例（%）", min_value=0, max_value=100, required=False
    )
    young_max_age = forms.IntegerField(label="青年代表年龄上限", min_value=18, max_value=60, initial=35)
    young_min_percent = forms.IntegerField(
        label="青年代表参考比例（%）", min_value=0, max_value=100, required=False
    )
    proposals_between_sessions = forms.BooleanField(label="闭会期间可提交提案", required=False)

    def __init__(
        self, *args: Any, orgs: QuerySet[Org] | None, kinds: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if orgs is None:
            del self.fields["org"]
        else:
            self.fields["org"].queryset = orgs  # type: ignore[attr-defined]
        self.fields["kind"].choices = kinds  # type: ignore[attr-defined]
        self.fields["kind"].help_text = "职工人数少于规则规定人数的单位可召开全体教职工（职工）大会"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("term_started_on"), data.get("term_ends_on")
        if start and end and end < start:
            self.add_error("term_ends_on", "届满日期不能早于开始日期")
        return data


class NewTermForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=CongressKind.choices)
    term_started_on = forms.DateField(label="新一届开始日期", widget=DATE)
    term_ends_on = forms.DateField(label="新一届届满日期", widget=DATE)
    staff_count = forms.IntegerField(
        label="职工总数", min_value=0, required=False, help_text="留空则取单位工会登记的职工数"
    )

    def __init__(self, *args: Any, kinds: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kinds  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("term_started_on"), data.get("term_ends_on")
        if start and end and end < start:
            self.add_error("term_ends_on", "届满日期不能早于开始日期")
        return data


class RulesForm(forms.Form):
    secondary_min_staff = forms.IntegerField(
        label="应建二级教（职）代会的职工人数",
        min_value=1,
        help_text="二级单位职工数达到此数应建立二级教（职）代会",
    )
    assembly_max_staff = forms.IntegerField(
        label="可实行大会制的职工人数上限",
        min_value=1,
        help_text="职工数少于此数的单位可召开全体教职工（职工）大会",
    )
    proposal_workdays = forms.IntegerField(label="提案答复期限（工作日）", min_value=1, max_value=120)


class DelegationForm(forms.Form):
    name = forms.CharField(label="代表团名称", max_length=60)


class _SeatFields(forms.Form):
    role = forms.ChoiceField(label="代表类别", choices=DelegateRole.choices, initial=DelegateRole.FULL)
    delegation = forms.ModelChoiceField(
        label="代表团", queryset=Delegation.objects.none(), required=False, empty_label="（不分代表团）"
    )
    is_presidium = forms.BooleanField(label="主席团成员", required=False)
    on_proposal_committee = forms.BooleanField(label="提案工作委员会委员", required=False)

    def __init__(self, *args: Any, delegations: QuerySet[Delegation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["delegation"].queryset = delegations  # type: ignore[attr-defined]


class DelegateAddForm(_SeatFields):
    member = forms.UUIDField(label="会员", widget=forms.HiddenInput)
    elected_on = forms.DateField(label="当选日期", required=False, widget=DATE)


class DelegateEditForm(_SeatFields):
    pass


class DelegateEndForm(forms.Form):
    ended_on = forms.DateField(label="终止日期", widget=DATE)
    end_reason = forms.CharField(label="终止原因", max_length=100, help_text="如：调离本单位、退休、依法罢免")


class DelegateImportForm(forms.Form):
    file = forms.FileField(
        label="代表名单（xlsx）",
        help_text="列：姓名、证件号码或手机号、代表类别、代表团、主席团、提案工作委员会、当选日期",
    )


class CoverageFilterForm(forms.Form):
    county = OrgChoiceField(
        label="县区",
        required=False,
        queryset=Org.objects.none(),
        empty_label="全部县区",
        widget=_select("县区"),
    )
    category = forms.ChoiceField(
        label="单位类别",
        required=False,
        choices=[("", "全部单位类别"), *UnitCategory.choices],
        widget=_select("单位类别"),
    )
    industry = forms.ChoiceField(
        label="所属行业",
        required=False,
        choices=[("", "全部行业"), *Industry.choices],
        widget=_select("所属行业"),
    )
    unit = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, counties: QuerySet[Org], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["county"].queryset = counties  # type: ignore[attr-defined]
