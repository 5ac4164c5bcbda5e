"""Input shapes of the 名额分配 pages; the rules (an issued set names its issuer, no level splits more places than
it holds, a union's places never drop below what it used or handed down) are the services'."""

from collections.abc import Sequence
from typing import Any

from django import forms
from django.db.models import QuerySet

from gonghui.orgs.models import Org

from .choices import QuotaSource
from .models import QuotaAllocation

YEAR_CHOICES_EMPTY = [("", "全部年度")]


def _count_field(label: str, *, required: bool = True, minimum: int = 0, **extra: Any) -> forms.IntegerField:
    messages = {
        "required": f"请填写{label}",
        "invalid": f"{label}须为整数",
        "min_value": f"{label}不能小于 {minimum}",
        "max_value": f"{label}不能超过 %(limit_value)s",
    }
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=minimum,
        max_value=1_000_000,
        error_messages=messages,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": minimum}),
        **extra,
    )


class QuotaFilterForm(forms.Form):
    q = forms.CharField(label="搜索", required=False, max_length=100)
    source = forms.ChoiceField(
        label="名额来源", required=False, choices=[("", "全部来源"), *QuotaSource.choices]
    )
    year = forms.TypedChoiceField(label="年度", required=False, coerce=int, empty_value=None, choices=())
    tab = forms.ChoiceField(
        label="类别", required=False, choices=[("held", "本级持有"), ("received", "上级分来")]
    )

    def __init__(self, *args: Any, years: Sequence[int] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        year_field: Any = self.fields["year"]
        year_field.choices = [*YEAR_CHOICES_EMPTY, *((year, f"{year}年") for year in years)]


class QuotaSetForm(forms.Form):
    """新建名额 (all fields) or 修改名额 (`editing`: the holder, source and linked 收文 stay as created)."""

    org = forms.ModelChoiceField(
        label="持有单位",
        queryset=Org.objects.none(),
        empty_label=None,
        error_messages={"required": "请选择持有单位", "invalid_choice": "请选择您能管理的工会"},
    )
    title = forms.CharField(
        label="名额名称",
        max_length=200,
        help_text="如：2026年市级劳动模范推荐名额",
        error_messages={"required": "请填写名额名称", "max_length": "名额名称不能超过 200 字"},
    )
    total = _count_field("名额总数", minimum=1)
    source = forms.ChoiceField(
        label="名额来源",
        choices=QuotaSource.choices,
        initial=QuotaSource.LOCAL,
        widget=forms.RadioSelect,
        error_messages={"required": "请选择名额来源", "invalid_choice": "请选择名额来源"},
    )
    issuer = forms.CharField(
        label="下达单位",
        required=False,
        max_length=100,
        help_text="上级下达时填写，如：市总工会",
        error_messages={"max_length": "下达单位不能超过 100 字"},
    )
    received_reference = forms.CharField(
        label="来文",
        required=False,
        max_length=300,
        help_text="下达名额的来文标题或文号",
        error_messages={"max_length": "来文不能超过 300 字"},
    )
    incoming_document = forms.TypedChoiceField(
        label="关联收文",
        required=False,
        coerce=int,
        empty_value=None,
        choices=(),
        help_text="从本单位收文中选择下达名额的来文（可不选）",
        error_messages={"invalid_choice": "请选择本单位的收文"},
    )

    def __init__(
        self,
        *args: Any,
        orgs: QuerySet[Org] | None = None,
        documents: Sequence[tuple[int, str]] = (),
        editing: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            for name in ("org", "source", "incoming_document"):
                del self.fields[name]
            return
        org_field: Any = self.fields["org"]
        org_field.queryset = orgs if orgs is not None else Org.objects.none()
        document_field: Any = self.fields["incoming_document"]
        document_field.choices = [("", "不关联收文"), *documents]
        if not documents:
            document_field.help_text = "本单位暂无可关联的收文，可只填写来文标题或文号"


def row_field_name(org: Org) -> str:
    return f"org_{org.pk}"


class AllocationForm(forms.Form):
    """手工分配: one number per direct child union, filled with its current places."""

    def __init__(
        self, *args: Any, targets: Sequence[Org], current: dict[int, QuotaAllocation], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.targets = list(targets)
        for org in self.targets:
            held = current.get(org.pk)
            field = _count_field(
                org.name,
                required=False,
                initial=held.allocated if held is not None else None,
            )
            if held is not None:
                field.help_text = f"现有 {held.allocated} 个"
            self.fields[row_field_name(org)] = field

    def shares(self) -> dict[int, int]:
        """{org_id: places} of the rows filled in (a cleared row that held places sets them to 0)."""
        shares: dict[int, int] = {}
        for org in self.targets:
            value = self.cleaned_data.get(row_field_name(org))
            initial = self.fields[row_field_name(org)].initial
            if value is not None:
                shares[org.pk] = value
            elif initial is not None:
                shares[org.pk] = 0
        return shares


class WeightForm(forms.Form):
    """按比例分配: a weight per direct child union (filled from a weight source, editable) and the places to split
    (empty: all the level may hand out)."""

    step = forms.ChoiceField(
        choices=[("preview", "预览"), ("confirm", "确认")], initial="preview", widget=forms.HiddenInput
    )
    amount = _count_field("本次分配名额", required=False)

    def __init__(
        self,
        *args: Any,
        targets: Sequence[Org],
        weights: dict[int, int],
        available: int,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.targets = list(targets)
        self.fields["amount"].help_text = f"留空则分配本级全部可分配名额 {available} 个"
        for org in self.targets:
            self.fields[row_field_name(org)] = _count_field(
                f"{org.name}的权重", required=False, initial=weights.get(org.pk, 0)
            )

    def weights(self) -> dict[int, int]:
        return {org.pk: self.cleaned_data.get(row_field_name(org)) or 0 for org in self.targets}
