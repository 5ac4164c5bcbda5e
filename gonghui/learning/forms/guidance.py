"""Forms of part guidance: the question and 业务知识库 filters, asking, answering, sharing."""

from typing import Any, cast

from django import forms

from gonghui.orgs.models import Org

from ..choices import QuestionStatus, QuestionTopic

TOPIC_ANY = [("", "全部类别"), *QuestionTopic.choices]


class QuestionFilterForm(forms.Form):
    q = forms.CharField(label="搜索", required=False, max_length=100)
    topic = forms.ChoiceField(label="业务类别", required=False, choices=TOPIC_ANY)
    status = forms.ChoiceField(
        label="状态", required=False, choices=[("", "全部状态"), *QuestionStatus.choices]
    )


class KnowledgeFilterForm(forms.Form):
    q = forms.CharField(label="搜索", required=False, max_length=100)
    topic = forms.ChoiceField(label="业务类别", required=False, choices=TOPIC_ANY)


class _OrgChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A union by its name."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class AskForm(forms.Form):
    asker_org = _OrgChoice(label="提问单位", queryset=Org.objects.none(), empty_label=None)
    org = _OrgChoice(
        label="向哪级工会提问",
        queryset=Org.objects.none(),
        empty_label=None,
        help_text="默认为本单位的上一级工会，也可以选择更高一级的工会",
    )
    topic = forms.ChoiceField(label="业务类别", choices=[("", "请选择"), *QuestionTopic.choices])
    title = forms.CharField(label="问题", max_length=100)
    body = forms.CharField(
        label="问题说明",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="说明具体情况和想了解的做法；答复可能隐去提问人和单位后收入业务知识库",
    )

    def __init__(self, *args: Any, asker_orgs: Any, answer_orgs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        asker_field = cast(_OrgChoice, self.fields["asker_org"])
        org_field = cast(_OrgChoice, self.fields["org"])
        asker_field.queryset = asker_orgs
        org_field.queryset = answer_orgs
        first = asker_orgs.first()
        if first is not None and first.depth > 1:
            default = answer_orgs.filter(path=first.ancestor_paths()[-2]).first()
            if default is not None:
                org_field.initial = default.pk


class AnswerForm(forms.Form):
    answer = forms.CharField(label="答复", widget=forms.Textarea(attrs={"rows": 8}))


class ShareForm(forms.Form):
    shared_title = forms.CharField(label="知识库标题", max_length=100)
    shared_body = forms.CharField(
        label="知识库问题（已隐去提问人）",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="请逐字核对：不得出现提问人姓名、账号和提问单位名称；答复原文一并收入",
    )
