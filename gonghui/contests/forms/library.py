"""Input shapes of the results library (竞赛成果): an item, its file upload, the list filters."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.orgs.models import Org

from ..choices import LibraryKind
from ..models import Contest, Entry


class _OrgField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class _ContestField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.year}年 · {obj.title}"


class _EntryField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        people = "、".join(p.member.name for p in getattr(obj, "live_people", []))
        what = obj.title or people or str(obj)
        return (
            f"{obj.round.contest.title} · {obj.group.name} · {obj.award} · {what}（{obj.entrant_org.name}）"
        )


class LibraryItemForm(forms.Form):
    org = _OrgField(
        label=_("发布单位"),
        queryset=Org.objects.none(),
        empty_label=None,
        error_messages={"required": _("请选择发布单位"), "invalid_choice": _("请选择您管理竞赛的工会")},
    )
    title = forms.CharField(
        label=_("成果名称"), max_length=200, error_messages={"required": _("请填写成果名称")}
    )
    kind = forms.ChoiceField(
        label=_("成果类型"),
        choices=LibraryKind.choices,
        error_messages={"required": _("请选择成果类型"), "invalid_choice": _("请选择成果类型")},
    )
    authors = forms.CharField(
        label=_("完成人"), max_length=200, required=False, help_text=_("多人用顿号隔开")
    )
    contest = _ContestField(
        label=_("竞赛"),
        queryset=Contest.objects.none(),
        required=False,
        empty_label=_("不关联竞赛"),
        error_messages={"invalid_choice": _("所选竞赛不存在或不在您的可见范围内")},
    )
    entry = _EntryField(
        label=_("获奖报名"),
        queryset=Entry.objects.none(),
        required=False,
        empty_label=_("不关联获奖报名"),
        help_text=_("须为所选竞赛中已获奖的报名"),
        error_messages={"invalid_choice": _("请选择所选竞赛中已获奖的报名")},
    )
    tags = forms.CharField(
        label=_("标签"),
        required=False,
        max_length=400,
        help_text=_("用逗号、空格或顿号隔开，最多10个，每个不超过20个字"),
    )
    summary = forms.CharField(label=_("简介"), required=False, widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args: Any, orgs: Any, contests: Any, entries: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs  # type: ignore[attr-defined]
        self.fields["contest"].queryset = contests  # type: ignore[attr-defined]
        self.fields["entry"].queryset = entries  # type: ignore[attr-defined]


class LibraryFileForm(forms.Form):
    file = forms.FileField(
        label=_("文件"),
        help_text=_("PDF、Office 文档、图片或 zip（每个不超过20 MB），或 MP4 视频"),
        error_messages={"required": _("请选择要上传的文件"), "empty": _("文件是空的")},
    )


class LibraryFilterForm(forms.Form):
    q = forms.CharField(required=False, max_length=100)
    kind = forms.ChoiceField(required=False, choices=[("", _("全部类型")), *LibraryKind.choices])
