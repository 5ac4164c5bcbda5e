"""Forms of part moderation (shape only; the rules — one pending report at a time, a note for 提醒改正 and 暂停 —
are the services')."""

from django import forms

from ..choices import ReportOutcome, ReportReason, ReportStatus
from ..services.moderation import DETAIL_MAX, NOTE_MAX


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label="举报原因",
        choices=ReportReason.choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={"required": "请选择举报原因"},
    )
    detail = forms.CharField(
        label="具体情况",
        required=False,
        max_length=DETAIL_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=f"最多 {DETAIL_MAX} 字。请写明发生了什么，不要填写与举报无关的个人信息。",
        error_messages={"max_length": f"具体情况最多 {DETAIL_MAX} 个字"},
    )
    also_block = forms.BooleanField(label="同时屏蔽对方（双方互相看不到）", required=False)


class ReportFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="状态",
        choices=[("", "全部状态"), *ReportStatus.choices],
        required=False,
        widget=forms.Select(attrs={"aria-label": "状态"}),
    )
    reason = forms.ChoiceField(
        label="举报原因",
        choices=[("", "全部原因"), *ReportReason.choices],
        required=False,
        widget=forms.Select(attrs={"aria-label": "举报原因"}),
    )


class HandleForm(forms.Form):
    outcome = forms.ChoiceField(
        label="处理结果",
        choices=ReportOutcome.choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={"required": "请选择处理结果"},
    )
    handler_note = forms.CharField(
        label="处理说明",
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="选择“提醒改正”或“暂停其资料展示”时必填；只记在举报上，不发给任何会员。",
        error_messages={"max_length": f"处理说明最多 {NOTE_MAX} 个字"},
    )


class RestoreForm(forms.Form):
    reason = forms.CharField(
        label="恢复理由",
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="记入审计日志。请写明为何恢复，不要抄录对方资料。",
        error_messages={"required": "请填写恢复理由", "max_length": f"恢复理由最多 {NOTE_MAX} 个字"},
    )
