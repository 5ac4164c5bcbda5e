"""Input shape of the 公文 pages; rules that need other rows live in the services."""

from typing import Any

from django import forms
from django.urls import reverse_lazy

from gonghui.accounts.models import User

from .choices import Disclosure, IncomingMedium, Urgency


def _previewed(target: str) -> forms.TextInput:
    """A recipients field that shows, while typing, which orgs it reaches (documents:targets_preview)."""
    return forms.TextInput(
        attrs={
            "hx-get": reverse_lazy("documents:targets_preview"),
            "hx-trigger": "input changed delay:500ms, load",
            "hx-target": target,
        }
    )


PHRASE_HELP = (
    "按公文写法填写，如“各县（市）区教科文卫体工会、教育工会，市属各基层工会”，或用“、”分隔的组织全称、简称"
)


class LinesField(forms.CharField):
    """A textarea of one entry a line, cleaned to the list of non-empty lines (and shown from a stored list)."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value: Any) -> Any:
        return "\n".join(value) if isinstance(value, list | tuple) else value

    def clean(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().clean(value)
        return [" ".join(line.split()) for line in str(text or "").splitlines() if line.strip()]


class DocumentForm(forms.Form):
    series = forms.CharField(
        label="发文字号（机关代字）",
        max_length=10,
        help_text="如“焦教工”，默认为本单位发文设置中的代字；文号在签发时自动编排",
        error_messages={"max_length": "发文字号（机关代字）不能超过10个字"},
    )
    co_issuers = LinesField(
        label="联合发文机关",
        required=False,
        help_text="联合行文时填写，每行一个机关全称，按排列顺序，如“焦作市教育局”；本单位为主办机关，排在最前，"
        "只用本单位的文号；单独发文不填",
    )
    title = forms.CharField(label="标题", max_length=200)
    main_to = forms.CharField(
        label="主送", max_length=500, help_text=PHRASE_HELP, widget=_previewed("#main-to-preview")
    )
    cc_to = forms.CharField(
        label="抄送",
        max_length=500,
        required=False,
        help_text=PHRASE_HELP,
        widget=_previewed("#cc-to-preview"),
    )
    urgency = forms.ChoiceField(label="紧急程度", choices=Urgency.choices, initial=Urgency.NORMAL)
    disclosure = forms.ChoiceField(
        label="公开属性", choices=Disclosure.choices, initial=Disclosure.NOT_PUBLIC
    )
    body = forms.CharField(
        label="正文",
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text="每段一行；也可粘贴带格式的文本（只保留段落、加粗、列表、表格等格式）",
    )
    attachment_note = forms.CharField(
        label="附件说明",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="每个附件的名称一行",
    )


class IssuerSettingsForm(forms.Form):
    series = forms.CharField(
        label="发文机关代字",
        max_length=10,
        help_text="发文字号中的机关代字，只用汉字，如“焦教工”；起草公文时自动填入，文号形如“焦教工〔2026〕1号”",
        error_messages={"required": "请填写发文机关代字", "max_length": "发文机关代字不能超过10个字"},
    )
    separate_duties = forms.BooleanField(
        label="拟稿、核稿、签发须由不同人员",
        required=False,
        help_text="开启后，拟稿人不能核稿或签发本人起草的公文，核稿人不能签发本人核稿的公文",
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label="原因", max_length=200, widget=forms.Textarea(attrs={"rows": 3}))


class ForwardForm(forms.Form):
    targets_text = forms.CharField(
        label="转发至", max_length=500, help_text=PHRASE_HELP, widget=_previewed("#main-to-preview")
    )
    note = forms.CharField(
        label="转发意见", required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 4})
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(label="附件", error_messages={"required": "请选择要上传的附件"})


class IncomingForm(forms.Form):
    source_issuer = forms.CharField(label="来文单位", max_length=100)
    source_number = forms.CharField(label="来文文号", max_length=60, required=False)
    title = forms.CharField(label="标题", max_length=200)
    doc_date = forms.DateField(
        label="成文日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    received_on = forms.DateField(label="收文日期", widget=forms.DateInput(attrs={"type": "date"}))
    medium = forms.ChoiceField(label="载体", choices=IncomingMedium.choices)
    urgency = forms.ChoiceField(label="紧急程度", choices=Urgency.choices, initial=Urgency.NORMAL)
    summary = forms.CharField(label="内容摘要", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    scan = forms.FileField(label="扫描件或电子文件", required=False)


class ProposeForm(forms.Form):
    proposal = forms.CharField(
        label="拟办意见",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "请填写拟办意见"},
    )


class ReaderField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name or obj.username)


class InstructForm(forms.Form):
    instruction = forms.CharField(label="批办意见", max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))
    readers = ReaderField(
        label="传阅人", queryset=User.objects.none(), widget=forms.SelectMultiple(attrs={"size": 6})
    )

    def __init__(self, *args: Any, readers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["readers"]
        assert isinstance(field, ReaderField)  # noqa: S101 - declared above
        field.queryset = readers


class ReadForm(forms.Form):
    note = forms.CharField(label="阅办意见", max_length=200, required=False)


class IncomingForwardForm(forms.Form):
    series = forms.CharField(
        label="发文字号（机关代字）", max_length=10, error_messages={"required": "请填写发文字号"}
    )
    main_to = forms.CharField(
        label="主送", max_length=500, help_text=PHRASE_HELP, error_messages={"required": "请填写主送"}
    )
    note = forms.CharField(label="转发意见", required=False, widget=forms.Textarea(attrs={"rows": 3}))
