"""Forms of part contracts (集体协商与集体合同): list filters, the negotiation and its meetings, the contract and the
pages of its steps (职代会通过, 签订, 报送备案, 异议), the 建制率 board's picker. They check shape; the rules (dates in
order, the motion passed, the state allows the step) are the services'."""

from typing import Any

from django import forms
from django.db.models import QuerySet

from gonghui.orgs.models import Org

from ..choices import ContractKind, ContractStatus, NegotiationParty, NegotiationStatus
from ..models import CollectiveContract, CollectiveNegotiation, Motion
from ..selectors.contracts import ATTENTION_FILING, ATTENTION_RENEWAL

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 3})


def _date(label: str, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=DATE,
        error_messages={"required": f"请填写{label}", "invalid": f"{label}格式不正确，如 2025-10-01"},
    )


class ContractFilterForm(forms.Form):
    q = forms.CharField(required=False, label="搜索")
    kind = forms.ChoiceField(
        required=False, label="合同类型", choices=[("", "全部类型"), *ContractKind.choices]
    )
    status = forms.ChoiceField(
        required=False, label="状态", choices=[("", "全部状态"), *ContractStatus.choices]
    )
    private = forms.BooleanField(required=False, label="只看民办单位")
    attention = forms.ChoiceField(
        required=False,
        label="提醒",
        choices=[("", "全部"), (ATTENTION_FILING, "逾期未备案"), (ATTENTION_RENEWAL, "60天内期满未续签")],
    )


class NegotiationFilterForm(forms.Form):
    q = forms.CharField(required=False, label="搜索")
    status = forms.ChoiceField(
        required=False, label="状态", choices=[("", "全部状态"), *NegotiationStatus.choices]
    )


class NegotiationForm(forms.Form):
    org = forms.ModelChoiceField(
        label="单位工会",
        queryset=Org.objects.none(),
        error_messages={"required": "请选择单位工会", "invalid_choice": "请选择列表中的单位工会"},
    )
    contract_kind = forms.ChoiceField(
        label="合同类型", choices=ContractKind.choices, error_messages={"required": "请选择合同类型"}
    )
    title = forms.CharField(label="协商议题", max_length=100, error_messages={"required": "请填写协商议题"})
    requested_by = forms.ChoiceField(
        label="要约方", choices=NegotiationParty.choices, error_messages={"required": "请选择要约方"}
    )
    requested_on = _date("要约日期")
    union_representatives = forms.CharField(label="职工方首席代表及代表", required=False, widget=TEXT)
    employer_representatives = forms.CharField(label="用人单位方代表", required=False, widget=TEXT)

    def __init__(self, *args: Any, orgs: QuerySet[Org] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if orgs is None:
            del self.fields["org"]
        else:
            self.fields["org"].queryset = orgs  # type: ignore[attr-defined]


def negotiation_initial(negotiation: CollectiveNegotiation) -> dict[str, Any]:
    return {
        name: getattr(negotiation, name)
        for name in (
            "contract_kind",
            "title",
            "requested_by",
            "requested_on",
            "union_representatives",
            "employer_representatives",
        )
    }


class MeetingForm(forms.Form):
    held_on = _date("协商日期")
    venue = forms.CharField(label="地点", max_length=100, required=False)
    attendees = forms.CharField(label="参加人员", required=False, widget=TEXT)
    minutes = forms.CharField(
        label="协商纪要",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "请填写协商纪要"},
    )


class ConcludeForm(forms.Form):
    agreed = forms.TypedChoiceField(
        label="协商结果",
        choices=[("1", "双方达成一致"), ("0", "协商未果")],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        error_messages={"required": "请选择协商结果"},
    )
    note = forms.CharField(label="说明", required=False, max_length=200)


class ContractForm(forms.Form):
    org = forms.ModelChoiceField(
        label="单位工会",
        queryset=Org.objects.none(),
        error_messages={"required": "请选择单位工会", "invalid_choice": "请选择列表中的单位工会"},
    )
    kind = forms.ChoiceField(
        label="合同类型", choices=ContractKind.choices, error_messages={"required": "请选择合同类型"}
    )
    title = forms.CharField(label="合同名称", max_length=100, error_messages={"required": "请填写合同名称"})
    negotiation = forms.ModelChoiceField(
        label="集体协商",
        required=False,
        queryset=CollectiveNegotiation.objects.none(),
        empty_label="（不关联）",
        error_messages={"invalid_choice": "请选择本单位的集体协商"},
    )
    content = forms.CharField(label="主要条款", required=False, widget=forms.Textarea(attrs={"rows": 8}))
    term_starts_on = _date("期限开始", required=False)
    term_ends_on = _date("期限届满", required=False)

    def __init__(
        self,
        *args: Any,
        orgs: QuerySet[Org] | None = None,
        negotiations: QuerySet[CollectiveNegotiation] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if orgs is None:
            del self.fields["org"]
        else:
            self.fields["org"].queryset = orgs  # type: ignore[attr-defined]
        if negotiations is None:
            del self.fields["negotiation"]
        else:
            self.fields["negotiation"].queryset = negotiations  # type: ignore[attr-defined]


def contract_initial(contract: CollectiveContract) -> dict[str, Any]:
    return {
        "kind": contract.kind,
        "title": contract.title,
        "negotiation": contract.negotiation_id,
        "content": contract.content,
        "term_starts_on": contract.term_starts_on,
        "term_ends_on": contract.term_ends_on,
    }


class ApproveForm(forms.Form):
    motion = forms.ModelChoiceField(
        label="职代会表决事项",
        required=False,
        queryset=Motion.objects.none(),
        empty_label="（平台外表决，填写通过日期）",
        error_messages={"invalid_choice": "请选择本单位职代会已通过的表决事项"},
    )
    approved_on = _date("职代会通过日期", required=False)

    def __init__(self, *args: Any, motions: QuerySet[Motion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["motion"].queryset = motions  # type: ignore[attr-defined]
        self.fields["motion"].label_from_instance = lambda m: (  # type: ignore[attr-defined]
            f"第{m.session.congress.term_number}届第{m.session.number}次会议 · {m.title}"
        )


class SignForm(forms.Form):
    signed_on = _date("签订日期")
    term_starts_on = _date("期限开始")
    term_ends_on = _date("期限届满")


class FileForm(forms.Form):
    filed_on = _date("报送备案日期")
    filed_with = forms.CharField(
        label="备案机关", max_length=60, error_messages={"required": "请填写备案机关"}
    )


class ObjectForm(forms.Form):
    objected_on = _date("收到异议日期")
    objection_note = forms.CharField(
        label="异议内容",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "请填写异议内容"},
    )


class CoverageForm(forms.Form):
    root = forms.ModelChoiceField(
        label="统计范围", queryset=Org.objects.none(), required=False, empty_label=None
    )
    kind = forms.ChoiceField(label="合同类型", choices=ContractKind.choices, required=False)

    def __init__(self, *args: Any, roots: QuerySet[Org], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["root"].queryset = roots  # type: ignore[attr-defined]
