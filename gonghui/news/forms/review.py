"""Forms of part review: the decision (通过 / 退回修改 with an opinion), 撤回 (reason), 审核级数 and the sensitive
words (several at once, one a line). Shape only; the rules are the services'."""

from django import forms

from ..choices import ReviewDecision
from ..services.review import OPINION_MAX, REASON_MAX


class DecisionForm(forms.Form):
    level = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=3)
    decision = forms.ChoiceField(
        label="审核结论",
        choices=ReviewDecision.choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={"required": "请选择审核结论：通过或退回修改"},
    )
    opinion = forms.CharField(
        label="审核意见",
        required=False,
        max_length=OPINION_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="退回修改时必填，说明需要修改的地方",
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("decision") == ReviewDecision.RETURN and not (data.get("opinion") or "").strip():
            self.add_error("opinion", "退回修改时请填写审核意见，说明需要修改的地方")
        return data


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="撤回原因",
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "请填写撤回原因"},
    )


class PolicyForm(forms.Form):
    levels = forms.TypedChoiceField(
        label="审核级数",
        coerce=int,
        choices=[(1, "一审（终审）"), (2, "二审（初审、终审）"), (3, "三审（初审、复审、终审）")],
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={"required": "请选择审核级数"},
    )


class WordsForm(forms.Form):
    words = forms.CharField(
        label="敏感词",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="每行一个词，可一次添加多个；已有的词会自动跳过",
        error_messages={"required": "请填写敏感词，每行一个"},
    )
    note = forms.CharField(label="说明", required=False, max_length=100)


class WordSearchForm(forms.Form):
    q = forms.CharField(label="搜索", required=False, max_length=40)
