"""Input shapes of the 工作要点 pages; rules that need other rows live in the services."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet

from gonghui.documents.addressing import targets_from_phrase
from gonghui.orgs.choices import LEVEL_RANK, OrgLevel
from gonghui.orgs.models import Department, Org
from gonghui.orgs.targeting import OrgTarget, TargetKind

from .choices import NumberStyle, ProgressStatus
from .models import PlanItem, PlanSection

IMPORT_MAX_BYTES = 5 * 1024 * 1024
IMPORT_EXTENSIONS = ("txt", "docx", "doc")
MONTH_CHOICES = [("", "未定")] + [(str(m), f"{m}月") for m in range(1, 13)]
PHRASE_HELP = (
    "按公文主送的写法填写，如“各县（市）区教科文卫体工会、教育工会，市属各基层工会”，"
    "或用“、”分隔的组织全称、简称；与下面的逐个选择合并计算"
)


def _org_label(org: Org) -> str:
    return f"{'　' * max(org.depth - 1, 0)}{org.name}"


class OrgChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return _org_label(obj)


class OrgMultipleChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return _org_label(obj)


class ImportForm(forms.Form):
    org = OrgChoiceField(label="发文工会", queryset=Org.objects.none(), empty_label=None)
    file = forms.FileField(
        label="工作要点文件", help_text="支持 .txt（UTF-8 或 GB18030）和 .docx；旧版 .doc 请先另存为 .docx"
    )

    def __init__(self, *args: Any, issuers: QuerySet[Org], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = issuers  # type: ignore[attr-defined]

    def clean_file(self) -> UploadedFile[bytes]:
        upload: UploadedFile[bytes] = self.cleaned_data["file"]
        name = upload.name or ""
        extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        if extension not in IMPORT_EXTENSIONS:
            raise forms.ValidationError("请上传 .txt 或 .docx 格式的工作要点文件")
        if (upload.size or 0) == 0:
            raise forms.ValidationError("文件是空的")
        if (upload.size or 0) > IMPORT_MAX_BYTES:
            raise forms.ValidationError("文件超过 5 MB 的上限")
        return upload


class ConfirmForm(forms.Form):
    """No fields: the page only asks for a confirmation."""


class PlanForm(forms.Form):
    title = forms.CharField(label="标题", max_length=200)
    doc_number = forms.CharField(label="文号", max_length=50, required=False)
    issuer = forms.CharField(label="发文机关", max_length=100, required=False)
    date = forms.DateField(label="成文日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)


class SectionForm(forms.Form):
    title = forms.CharField(label="部分标题", max_length=200)


class RenumberForm(forms.Form):
    style = forms.ChoiceField(label="编号样式", choices=NumberStyle.choices)
    start = forms.IntegerField(
        label="起始序号", min_value=1, max_value=99, help_text="各部分连续编号时，从上一部分的最后一号接着编"
    )


class ItemForm(forms.Form):
    number = forms.CharField(label="序号", max_length=20, required=False, help_text="如（一）、1、一是、3月")
    text = forms.CharField(label="条目内容", widget=forms.Textarea(attrs={"rows": 6}))


class ActivityForm(forms.Form):
    text = forms.CharField(label="具体工作", widget=forms.Textarea(attrs={"rows": 3}))


class MergeForm(forms.Form):
    other = forms.ModelChoiceField(label="并入本条的条目", queryset=PlanItem.objects.none(), empty_label=None)

    def __init__(self, *args: Any, candidates: QuerySet[PlanItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["other"]
        field.queryset = candidates  # type: ignore[attr-defined]
        field.label_from_instance = lambda i: f"{i.number} {i.text[:40]}"  # type: ignore[attr-defined]


class SplitForm(forms.Form):
    first_text = forms.CharField(label="前一条的内容（保留原序号）", widget=forms.Textarea(attrs={"rows": 5}))
    second_number = forms.CharField(label="后一条的序号", max_length=20, required=False)
    second_text = forms.CharField(label="后一条的内容", widget=forms.Textarea(attrs={"rows": 5}))
    activity_ids = forms.MultipleChoiceField(
        label="移到后一条的具体工作", required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, item: PlanItem, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["activity_ids"].choices = [(str(a.pk), a.text[:60]) for a in item.activities.all()]  # type: ignore[attr-defined]

    def clean_activity_ids(self) -> list[int]:
        return [int(v) for v in self.cleaned_data["activity_ids"]]


class ItemMoveForm(forms.Form):
    section = forms.ModelChoiceField(label="移到部分", queryset=PlanSection.objects.none(), empty_label=None)
    position = forms.IntegerField(label="排在第几条", min_value=1, max_value=999)

    def __init__(self, *args: Any, sections: QuerySet[PlanSection], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = sections  # type: ignore[attr-defined]


class ActivityMoveForm(forms.Form):
    item = forms.ModelChoiceField(label="移到条目", queryset=PlanItem.objects.none(), empty_label=None)
    position = forms.IntegerField(label="排在第几项", min_value=1, max_value=999)

    def __init__(self, *args: Any, items: QuerySet[PlanItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["item"]
        field.queryset = items  # type: ignore[attr-defined]
        field.label_from_instance = lambda i: f"{i.section.title} · {i.number} {i.text[:30]}"  # type: ignore[attr-defined]


class AssignmentForm(forms.Form):
    """Lead, participants and due month. Participants are written as a 主送-style phrase (recognised by
    `documents.addressing.targets_from_phrase`, previewed while typing) and/or chosen the `orgs.targeting` way:
    single unions, unions with everything below them, the direct children of a union, or every union of a level
    below the issuer. Both add up."""

    lead_department = forms.ModelChoiceField(
        label="牵头部门", queryset=Department.objects.none(), required=False, empty_label="（无）"
    )
    lead_org = OrgChoiceField(
        label="牵头单位", queryset=Org.objects.none(), required=False, empty_label="（无）"
    )
    due_month = forms.TypedChoiceField(
        label="完成月份", choices=MONTH_CHOICES, coerce=int, empty_value=None, required=False
    )
    phrase = forms.CharField(
        label="参与单位（按公文写法）", max_length=500, required=False, help_text=PHRASE_HELP
    )
    single_orgs = OrgMultipleChoiceField(
        label="参与单位（单个组织）", queryset=Org.objects.none(), required=False
    )
    subtree_orgs = OrgMultipleChoiceField(
        label="参与单位（本级及下级）", queryset=Org.objects.none(), required=False
    )
    children_orgs = OrgMultipleChoiceField(
        label="参与单位（直属下级）", queryset=Org.objects.none(), required=False
    )
    levels = forms.MultipleChoiceField(
        label="参与单位（下级中某一层级）", required=False, widget=forms.CheckboxSelectMultiple
    )

    KIND_FIELDS = {
        TargetKind.ORG: "single_orgs",
        TargetKind.SUBTREE: "subtree_orgs",
        TargetKind.CHILDREN: "children_orgs",
    }

    def __init__(
        self,
        *args: Any,
        issuer: Org,
        orgs: QuerySet[Org],
        departments: QuerySet[Department],
        targets: list[dict[str, Any]] | None = None,
        preview_url: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.issuer = issuer
        self.phrase_targets: list[OrgTarget] = []
        if preview_url:
            self.fields["phrase"].widget.attrs.update(
                {
                    "hx-get": preview_url,
                    "hx-trigger": "input changed delay:500ms, load",
                    "hx-target": "#phrase-preview",
                    "placeholder": "如：各县（市）区教科文卫体工会，市属各基层工会",
                }
            )
        self.fields["lead_department"].queryset = departments  # type: ignore[attr-defined]
        for name in ("lead_org", "single_orgs", "subtree_orgs", "children_orgs"):
            self.fields[name].queryset = orgs  # type: ignore[attr-defined]
            self.fields[name].widget.attrs["size"] = 8
        for name in ("lead_org",):
            self.fields[name].widget.attrs.pop("size", None)
        below = [lv for lv in OrgLevel if LEVEL_RANK[lv] > LEVEL_RANK[OrgLevel(issuer.level)]]
        self.fields["levels"].choices = [(str(lv.value), f"{issuer.name}下属各{lv.label}") for lv in below]  # type: ignore[attr-defined]
        if targets is not None and not self.is_bound:
            for kind, name in self.KIND_FIELDS.items():
                self.initial[name] = [t["org"] for t in targets if t.get("kind") == kind]
            self.initial["levels"] = [
                t["level"] for t in targets if t.get("kind") == TargetKind.LEVEL and t.get("org") == issuer.pk
            ]

    def clean_phrase(self) -> str:
        phrase: str = self.cleaned_data["phrase"].strip()
        self.phrase_targets = []
        if phrase:
            try:
                self.phrase_targets = targets_from_phrase(phrase, issuer=self.issuer, field="phrase")
            except ValidationError as exc:
                raise forms.ValidationError(exc.messages) from None
        return phrase

    def targets(self) -> list[OrgTarget]:
        """The phrase's targets, then the explicit choices, each once."""
        chosen: list[OrgTarget] = list(self.phrase_targets)
        for kind, name in self.KIND_FIELDS.items():
            chosen += [OrgTarget(kind=kind, org_id=org.pk) for org in self.cleaned_data[name]]
        chosen += [
            OrgTarget(kind=TargetKind.LEVEL, org_id=self.issuer.pk, level=level)
            for level in self.cleaned_data["levels"]
        ]
        unique: dict[tuple[str, int, str], OrgTarget] = {}
        for target in chosen:
            unique.setdefault((target.kind, target.org_id, target.level), target)
        return list(unique.values())

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("lead_department") and cleaned.get("lead_org"):
            self.add_error("lead_org", "牵头部门和牵头单位只选一个")
        return cleaned


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class ReportForm(forms.Form):
    org = OrgChoiceField(label="报告单位", queryset=Org.objects.none(), empty_label=None)
    status = forms.ChoiceField(label="进展状态", choices=ProgressStatus.choices)
    text = forms.CharField(label="进展情况", widget=forms.Textarea(attrs={"rows": 5}))
    attachments = MultipleFileField(
        label="附件", required=False, help_text="可选多个文件：PDF、Office 文档、图片或 zip，每个不超过 20 MB"
    )

    def __init__(self, *args: Any, orgs: list[Org], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = Org.objects.filter(pk__in=[o.pk for o in orgs]).order_by("path")  # type: ignore[attr-defined]


class LinkForm(forms.Form):
    """关联记录: the kind and the record picked from the search results (the service checks the user sees it)."""

    kind = forms.CharField(label="记录类型", max_length=64, error_messages={"required": "请选择记录类型"})
    object_id = forms.IntegerField(
        label="记录",
        min_value=1,
        error_messages={"required": "请选择要关联的记录", "invalid": "请选择要关联的记录"},
    )
