"""Forms of part articles: the list's filters, the article form (the union's active columns; the story subject as a
"<key>:<id>" chosen from the picker), file uploads, 专栏, 投稿 and its decline note."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ..choices import ArticleAudience, ArticleKind, ArticleStatus, ContributionStatus
from ..models import Column


def _labelled(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, (forms.Select,)) and not isinstance(widget, forms.RadioSelect):
            widget.attrs.setdefault("class", "form-select")
        elif isinstance(
            widget, (forms.TextInput, forms.Textarea, forms.NumberInput, forms.ClearableFileInput)
        ):
            widget.attrs.setdefault("class", "form-control")


class ArticleFilterForm(forms.Form):
    q = forms.CharField(label=_("搜索"), required=False, max_length=50)
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部状态")), *ArticleStatus.choices]
    )
    kind = forms.ChoiceField(
        label=_("类别"), required=False, choices=[("", _("全部类别")), *ArticleKind.choices]
    )
    column = forms.ChoiceField(label=_("专栏"), required=False)
    audience = forms.ChoiceField(
        label=_("阅读范围"), required=False, choices=[("", _("全部范围")), *ArticleAudience.choices]
    )
    org = forms.ChoiceField(label=_("工会"), required=False)

    def __init__(self, *args: Any, orgs: list[tuple[str, str]], columns: list[Column], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].choices = [("", _("全部工会")), *orgs]  # type: ignore[attr-defined]
        self.fields["column"].choices = [  # type: ignore[attr-defined]
            ("", _("全部专栏")),
            *[(str(c.pk), f"{c.name}（{c.org.short_name or c.org.name}）") for c in columns],
        ]
        _labelled(self)

    def filters(self) -> dict[str, str]:
        return {k: str(v) for k, v in self.cleaned_data.items() if v} if self.is_valid() else {}


class ArticleForm(forms.Form):
    org = forms.ChoiceField(label=_("发布工会"))
    kind = forms.ChoiceField(label=_("类别"), choices=ArticleKind.choices)
    column = forms.ModelChoiceField(
        label=_("专栏"), queryset=Column.objects.none(), required=False, empty_label="（不放入专栏）"
    )
    title = forms.CharField(label=_("标题"), max_length=80)
    summary = forms.CharField(
        label=_("摘要"),
        max_length=200,
        required=False,
        help_text=_("留空时取正文第一句"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    body = forms.CharField(
        label=_("正文"), widget=forms.Textarea(attrs={"rows": 14}), help_text=_("纯文本，空一行分段")
    )
    byline = forms.CharField(label=_("作者署名"), max_length=60, required=False)
    source = forms.CharField(label=_("来源"), max_length=60, required=False)
    audience = forms.ChoiceField(
        label=_("阅读范围"), choices=ArticleAudience.choices, initial=ArticleAudience.SUBTREE
    )
    subject_ref = forms.CharField(
        label=_("关联荣誉记录"),
        max_length=64,
        required=False,
        help_text=_("劳模故事、工匠故事、最美故事可关联其讲述的荣誉记录"),
        widget=forms.Select(),
    )

    def __init__(
        self,
        *args: Any,
        orgs: list[tuple[str, str]] | None,
        columns: Any,
        subject: tuple[str, str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if orgs is None:
            del self.fields["org"]  # a saved article keeps its union
        else:
            self.fields["org"].choices = orgs  # type: ignore[attr-defined]
        self.fields["column"].queryset = columns  # type: ignore[attr-defined]
        current = [subject] if subject and subject[0] else []
        posted = str(self.data.get("subject_ref") or "") if self.is_bound else ""
        if posted and not any(value == posted for value, _label in current):
            current.append((posted, posted))
        self.fields["subject_ref"].widget.choices = [("", "（不关联）"), *current]  # type: ignore[attr-defined]
        _labelled(self)


class FileForm(forms.Form):
    file = forms.FileField(label=_("文件"))
    image = forms.BooleanField(label=_("作为图片"), required=False)


class ColumnForm(forms.Form):
    org = forms.ChoiceField(label=_("所属工会"))
    name = forms.CharField(label=_("专栏名称"), max_length=60)
    description = forms.CharField(
        label=_("简介"), max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    order = forms.IntegerField(
        label=_("排序"), min_value=0, max_value=32767, initial=100, help_text=_("数字小的在前")
    )

    def __init__(self, *args: Any, orgs: list[tuple[str, str]] | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if orgs is None:
            del self.fields["org"]
        else:
            self.fields["org"].choices = orgs  # type: ignore[attr-defined]
        _labelled(self)


class ContributionForm(forms.Form):
    to_org = forms.ChoiceField(label=_("投往工会"))
    note = forms.CharField(
        label=_("投稿说明"), max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, targets: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_org"].choices = [(str(org.pk), org.name) for org in targets]  # type: ignore[attr-defined]
        _labelled(self)


class ContributionFilterForm(forms.Form):
    q = forms.CharField(label=_("搜索"), required=False, max_length=50)
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部状态")), *ContributionStatus.choices]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _labelled(self)

    def filters(self) -> dict[str, str]:
        return {k: str(v) for k, v in self.cleaned_data.items() if v} if self.is_valid() else {}


class DeclineForm(forms.Form):
    decision_note = forms.CharField(
        label=_("不采用的说明"), max_length=300, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _labelled(self)
