"""Services of part analysis (职工诉求与思想状况分析, work-plan item 五). A holder of surveys.manage on a union drafts
the analysis of a period (`analysis_draft`): the figures are gathered (`selectors.analysis.analysis_figures`: the
诉求 statistics of the union's subtree and the results of the chosen closed surveys) and a first text is written
from them in four sections (`draft_body`); a person edits the text (`analysis_edit`), may gather the figures again
for another period or other surveys (`analysis_redraft`, which replaces the text), and issues it
(`analysis_issue`: frozen, with who and when). The PDF of an issued analysis is an audited export
(`analysis_pdf`). Every change writes a timeline row and an audit row; no group under ten is ever named."""

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.actors import Actor
from gonghui.accounts.scoping import has_action
from gonghui.core.audit import AuditContext, audit_log
from gonghui.core.excel import SheetSpec, workbook_bytes
from gonghui.core.locking import lock
from gonghui.core.models import AuditAction
from gonghui.core.pdf import render_pdf
from gonghui.core.statistics import MIN_CELL
from gonghui.orgs.models import Org

from ..choices import AnalysisAction, AnalysisStatus, SurveyQuestionKind
from ..events import surveys_event
from ..models import Survey, ThoughtAnalysis
from ..permissions import MANAGE
from ..selectors.analysis import OTHER, analysis_figures, figures_view, survey_in_period

SECTIONS = ("一、基本情况", "二、职工诉求情况", "三、思想状况调查结果", "四、存在的问题与建议")
MAX_SURVEYS = 10
HEADING = re.compile(r"^[一二三四五六七八九十]+、")


def _day(value: dt.date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def _pct(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:g}%"


def _count(value: int, unit: str) -> str:
    """A count of people or cases in the text: never a figure between 1 and 9."""
    return f"不足{MIN_CELL}{unit}" if 0 < value < MIN_CELL else f"{value}{unit}"


# The draft's last suggestion is a prompt for the person who edits it; the issue page warns while it is still there.
TO_COMPLETE = "（请结合调查结果和工作实际，补充存在的主要问题和下一步工作建议。）"


def still_to_complete(body: str) -> bool:
    """True while the draft's prompt to complete the suggestions is still in the text."""
    return TO_COMPLETE in body


def _month_name(key: str) -> str:
    year, month = key.split("-")
    return f"{year}年{int(month)}月"


def _named(rows: Iterable[dict[str, Any]], unit: str, limit: int = 3) -> list[str]:
    """ "A（n件，占p%）" for the largest groups of at least ten (the pooled 其他 is never a group worth naming)."""
    return [
        f"{r['label']}（{r['count']}{unit}，占{r['percent']}%）"
        for r in rows
        if r["label"] != OTHER and r["count"] >= MIN_CELL
    ][:limit]


# --- the draft text -----------------------------------------------------------------------------------------------
def _basic(org: Org, start: dt.date, end: dt.date, figures: dict[str, Any]) -> str:
    appeals = figures["appeals"]
    surveys = figures["surveys"]
    answered = sum(s["answered"] for s in surveys)
    text = _("本期为%(start)s至%(end)s，范围为%(org)s及所属各级工会。") % {
        "start": _day(start),
        "end": _day(end),
        "org": org.name,
    }
    text += _("期间共收到职工诉求%(appeals)s") % {"appeals": _count(appeals["total"], "件")}
    if surveys:
        text += _("，开展职工思想状况问卷调查%(n)s次，共回收答卷%(answered)s。") % {
            "n": len(surveys),
            "answered": _count(answered, "份"),
        }
    else:
        text += _("，本期未引用问卷调查。")
    return text


def _appeals(figures: dict[str, Any]) -> str:
    appeals = figures["appeals"]
    total = appeals["total"]
    if total == 0:
        return _("本期未收到职工诉求。")
    if total < MIN_CELL:
        return _("本期收到职工诉求不足%(min)s件，不作分类统计。") % {"min": MIN_CELL}
    parts = [
        _(
            "本期共收到职工诉求%(total)s件，已作出受理决定的%(decided)s件中受理%(accepted)s件，受理率%(rate)s；"
            "已答复%(replied)s件，按期办理率%(on_time)s"
        )
        % {
            "total": total,
            "decided": appeals.get("decided", appeals["accepted"]),
            "accepted": appeals["accepted"],
            "rate": _pct(appeals["acceptance_rate"]),
            "replied": appeals["replied"],
            "on_time": _pct(appeals["on_time_rate"]),
        }
    ]
    if appeals["avg_handling"] is not None:
        parts[0] += _("，平均办理用时%(days)s个工作日") % {"days": f"{appeals['avg_handling']:g}"}
    parts[0] += "。"
    if appeals["rated"] >= MIN_CELL:
        parts.append(
            _("职工对办理结果作出评价%(rated)s件，满意率（含基本满意）%(rate)s。")
            % {"rated": appeals["rated"], "rate": _pct(appeals["satisfaction_rate"])}
        )
    categories = _named(appeals["categories"], "件")
    if categories:
        parts.append(_("从诉求类别看，主要集中在%(list)s。") % {"list": "、".join(categories)})
    months = [m for m in appeals["months"] if m["count"] >= MIN_CELL]
    if months:
        peak = max(months, key=lambda m: m["count"])
        parts.append(
            _("从时间分布看，%(month)s诉求最多，为%(n)s件。")
            % {"month": _month_name(peak["label"]), "n": peak["count"]}
        )
    units = _named(appeals["units"], "件")
    if units:
        parts.append(_("从单位分布看，诉求较多的是%(list)s。") % {"list": "、".join(units)})
    if any(r["label"] == OTHER for r in [*appeals["categories"], *appeals["units"]]):
        parts.append(_("诉求不足%(min)s件的类别和单位合并计入“其他”。") % {"min": MIN_CELL})
    return "".join(parts)


def _question_sentence(question: dict[str, Any]) -> str:
    label = question["label"]
    options = sorted(question["options"], key=lambda o: -o["percent"])
    if question["kind"] == SurveyQuestionKind.SCALE and question["mean"] is not None:
        return _("“%(q)s”平均得分%(mean)s。") % {"q": label, "mean": f"{question['mean']:.1f}"}
    if question["kind"] == SurveyQuestionKind.TEXT:
        if question["text_count"]:
            return _("“%(q)s”共收到文字意见%(n)s条（原文见调查结果）。") % {
                "q": label,
                "n": _count(question["text_count"], ""),
            }
        return ""
    if question["kind"] == SurveyQuestionKind.MATRIX:
        rows = [_top(row["options"]) for row in question.get("rows", [])]
        said = [
            _("“%(row)s”以“%(o)s”居多（%(p)s%%）")
            % {"row": row["label"], "o": top["option"], "p": top["percent"]}
            for row, top in zip(question.get("rows", []), rows, strict=True)
            if top
        ]
        return _("“%(q)s”中，%(rows)s。") % {"q": label, "rows": "，".join(said)} if said else ""
    if not options:
        return ""
    head = options[0]
    text = _("“%(q)s”，选择“%(o)s”的占%(p)s%%") % {"q": label, "o": head["option"], "p": head["percent"]}
    if len(options) > 1 and options[1]["percent"]:
        text += _("，其次是“%(o)s”（%(p)s%%）") % {"o": options[1]["option"], "p": options[1]["percent"]}
    return text + "。"


def _top(options: list[dict[str, Any]]) -> dict[str, Any] | None:
    ranked = sorted(options, key=lambda o: -o["percent"])
    return ranked[0] if ranked and ranked[0]["percent"] else None


def _surveys(figures: dict[str, Any]) -> str:
    surveys = figures["surveys"]
    if not surveys:
        return _("本期未引用问卷调查。")
    paragraphs = []
    for survey in surveys:
        head = _("《%(title)s》（%(org)s，%(mode)s）：调查对象%(asked)s，回收答卷%(answered)s") % {
            "title": survey["title"],
            "org": survey["org"],
            "mode": survey["mode"],
            "asked": _count(survey["asked"], "人"),
            "answered": _count(survey["answered"], "份"),
        }
        if survey["rate"] is not None and survey["answered"] >= MIN_CELL:
            head += _("，参与率%(rate)s") % {"rate": _pct(survey["rate"])}
        if not survey["shown"]:
            paragraphs.append(head + _("。答卷不足%(min)s份，不列出结果。") % {"min": MIN_CELL})
            continue
        sentences = [s for s in (_question_sentence(q) for q in survey["questions"]) if s]
        paragraphs.append(head + "。" + "".join(sentences))
    return "\n".join(paragraphs)


def _suggestions(figures: dict[str, Any]) -> str:
    appeals = figures["appeals"]
    items = []
    categories = _named(appeals["categories"], "件", limit=2)
    if categories:
        items.append(
            _("职工诉求集中在%(list)s等方面，建议有关工会加强源头参与，推动相关问题从政策和制度层面解决。")
            % {"list": "、".join(c.split("（")[0] for c in categories)}
        )
    if appeals["total"] >= MIN_CELL and (appeals["on_time_rate"] or 0) < 90:
        items.append(
            _("诉求按期办理率为%(rate)s，建议压实办理责任，对超期诉求逐件督办。")
            % {"rate": _pct(appeals["on_time_rate"])}
        )
    if appeals["rated"] >= MIN_CELL and (appeals["satisfaction_rate"] or 0) < 90:
        items.append(
            _("职工满意率为%(rate)s，建议对不满意的诉求开展回访，改进答复质量。")
            % {"rate": _pct(appeals["satisfaction_rate"])}
        )
    if any(not s["shown"] for s in figures["surveys"]):
        items.append(_("部分问卷答卷偏少，建议扩大调查覆盖面，提高职工参与率。"))
    items.append(TO_COMPLETE)
    return "\n".join(f"{n}. {item}" for n, item in enumerate(items, 1))


def draft_body(*, org: Org, start: dt.date, end: dt.date, figures: dict[str, Any]) -> str:
    """The first text, in four sections, every sentence built from `figures`; groups under ten are not named."""
    texts = (_basic(org, start, end, figures), _appeals(figures), _surveys(figures), _suggestions(figures))
    return "\n\n".join(f"{title}\n{text}" for title, text in zip(SECTIONS, texts, strict=True))


# --- writes ------------------------------------------------------------------------------------------------------
def _period(start: dt.date | None, end: dt.date | None) -> tuple[dt.date, dt.date]:
    if start is None:
        raise ValidationError({"period_start": _("请填写起始日期")})
    if end is None:
        raise ValidationError({"period_end": _("请填写截止日期")})
    if end < start:
        raise ValidationError({"period_end": _("截止日期不能早于起始日期")})
    if end > timezone.localdate():
        raise ValidationError({"period_end": _("截止日期不能晚于今天")})
    return start, end


def _checked_surveys(surveys: Iterable[Survey], org: Org, start: dt.date, end: dt.date) -> list[Survey]:
    chosen = list({s.pk: s for s in surveys}.values())
    if len(chosen) > MAX_SURVEYS:
        raise ValidationError({"surveys": _("一份分析最多引用%(n)s份问卷") % {"n": MAX_SURVEYS}})
    for survey in chosen:
        reason = survey_in_period(survey, org, start, end)
        if reason:
            raise ValidationError(
                {
                    "surveys": _("问卷《%(title)s》%(reason)s，不能引用")
                    % {"title": survey.title, "reason": reason}
                }
            )
    return sorted(chosen, key=lambda s: (s.closes_at or timezone.now(), s.pk))


def _default_title(org: Org, start: dt.date, end: dt.date) -> str:
    span = (
        f"{start.year}年"
        if (start.year == end.year and start.month == 1 and start.day == 1)
        else (f"{_day(start)}至{_day(end)}")
    )
    return _("%(org)s%(span)s职工诉求与思想状况分析") % {"org": org.name, "span": span}


def _audit(analysis: ThoughtAnalysis, actor: Actor, summary: str, context: AuditContext | None) -> None:
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        summary=summary,
        actor=actor,
        context=context,
        subject=analysis,
        org_id=analysis.org_id,
    )


@transaction.atomic
def analysis_draft(
    *,
    org: Org,
    actor: Actor,
    period_start: dt.date | None,
    period_end: dt.date | None,
    surveys: Iterable[Survey] = (),
    title: str = "",
    context: AuditContext | None = None,
) -> ThoughtAnalysis:
    """A new draft analysis of `org` for the period, its figures gathered and its first text written."""
    if not has_action(actor, MANAGE, org):
        raise PermissionDenied
    start, end = _period(period_start, period_end)
    cited = _checked_surveys(surveys, org, start, end)
    figures = analysis_figures(user=actor, org=org, start=start, end=end, surveys=cited)
    analysis = ThoughtAnalysis.objects.create(
        org=org,
        title=(title or "").strip()[:80] or _default_title(org, start, end)[:80],
        period_start=start,
        period_end=end,
        figures=figures,
        body=draft_body(org=org, start=start, end=end, figures=figures),
        created_by=actor,
    )
    analysis.surveys.set(cited)
    surveys_event(
        subject=analysis,
        actor=actor,
        action=AnalysisAction.DRAFTED,
        to_state=AnalysisStatus.DRAFT,
        note=_("%(start)s至%(end)s，引用问卷%(n)s份")
        % {"start": _day(start), "end": _day(end), "n": len(cited)},
    )
    _audit(analysis, actor, _("生成诉求与思想状况分析初稿：%(title)s") % {"title": analysis.title}, context)
    return analysis


def _locked_draft(analysis: ThoughtAnalysis, actor: Actor) -> ThoughtAnalysis:
    locked = lock(ThoughtAnalysis, related=("org",), pk=analysis.pk)
    if not has_action(actor, MANAGE, locked.org):
        raise PermissionDenied
    if locked.status != AnalysisStatus.DRAFT:
        raise ValidationError(_("分析已印发，不能再修改"))
    return locked


@transaction.atomic
def analysis_edit(
    *, analysis: ThoughtAnalysis, actor: Actor, title: str, body: str, context: AuditContext | None = None
) -> ThoughtAnalysis:
    """A person's edit of the draft's title and text (the figures stay as gathered)."""
    locked = _locked_draft(analysis, actor)
    title = (title or "").strip()
    body = (body or "").replace("\r\n", "\n").strip()  # a browser sends CRLF: no edit when nothing changed
    if not title:
        raise ValidationError({"title": _("请填写标题")})
    if not body:
        raise ValidationError({"body": _("请填写正文")})
    if title == locked.title and body == locked.body:
        return locked
    locked.title = title[:80]
    locked.body = body
    locked.save(update_fields=["title", "body", "updated_at"])
    surveys_event(subject=locked, actor=actor, action=AnalysisAction.EDITED, note=_("修改了标题或正文"))
    _audit(locked, actor, _("修改诉求与思想状况分析：%(title)s") % {"title": locked.title}, context)
    return locked


@transaction.atomic
def analysis_redraft(
    *,
    analysis: ThoughtAnalysis,
    actor: Actor,
    period_start: dt.date | None,
    period_end: dt.date | None,
    surveys: Iterable[Survey] = (),
    context: AuditContext | None = None,
) -> ThoughtAnalysis:
    """Gather the figures again (the period or the cited surveys may change) and write a new first text in place
    of the edited one."""
    locked = _locked_draft(analysis, actor)
    start, end = _period(period_start, period_end)
    cited = _checked_surveys(surveys, locked.org, start, end)
    figures = analysis_figures(user=actor, org=locked.org, start=start, end=end, surveys=cited)
    locked.period_start, locked.period_end = start, end
    locked.figures = figures
    locked.body = draft_body(org=locked.org, start=start, end=end, figures=figures)
    locked.save(update_fields=["period_start", "period_end", "figures", "body", "updated_at"])
    locked.surveys.set(cited)
    surveys_event(
        subject=locked,
        actor=actor,
        action=AnalysisAction.REDRAFTED,
        note=_("%(start)s至%(end)s，引用问卷%(n)s份；正文已按新数据重写")
        % {"start": _day(start), "end": _day(end), "n": len(cited)},
    )
    _audit(locked, actor, _("重新生成诉求与思想状况分析：%(title)s") % {"title": locked.title}, context)
    return locked


@transaction.atomic
def analysis_issue(
    *, analysis: ThoughtAnalysis, actor: Actor, context: AuditContext | None = None
) -> ThoughtAnalysis:
    """印发: the text is frozen with who issued it and when."""
    locked = _locked_draft(analysis, actor)
    if not locked.body.strip():
        raise ValidationError(_("正文为空，不能印发"))
    locked.status = AnalysisStatus.ISSUED
    locked.issued_by = actor
    locked.issued_at = timezone.now()
    locked.save(update_fields=["status", "issued_by", "issued_at", "updated_at"])
    surveys_event(
        subject=locked,
        actor=actor,
        action=AnalysisAction.ISSUED,
        from_state=AnalysisStatus.DRAFT,
        to_state=AnalysisStatus.ISSUED,
    )
    _audit(locked, actor, _("印发诉求与思想状况分析：%(title)s") % {"title": locked.title}, context)
    return locked


def paragraphs(body: str) -> list[dict[str, Any]]:
    """The text as headings and paragraphs for the page and the PDF: a line that is a section title is a heading."""
    blocks = []
    for line in body.splitlines():
        text = line.strip()
        if text:
            blocks.append({"heading": bool(HEADING.match(text)) and len(text) <= 30, "text": text})
    return blocks


def analysis_pdf(*, analysis: ThoughtAnalysis, actor: Actor, context: AuditContext | None = None) -> bytes:
    """The issued analysis as a PDF: its text and the tables of its figures; audited as an export."""
    if analysis.status != AnalysisStatus.ISSUED:
        raise ValidationError(_("分析印发后才能下载PDF"))
    pdf = render_pdf(
        "surveys/analysis/pdf/analysis.html",
        {
            "title": analysis.title,
            "analysis": analysis,
            "blocks": paragraphs(analysis.body),
            "figures": figures_view(analysis.figures),
        },
    )
    audit_log(
        action=AuditAction.EXPORT,
        summary=_("导出诉求与思想状况分析（PDF）：%(title)s") % {"title": analysis.title},
        actor=actor,
        context=context,
        subject=analysis,
        org_id=analysis.org_id,
    )
    return pdf


def _cell(value: Any) -> Any:
    return "" if value is None else value


def _bar_rows(bars: Iterable[Any]) -> list[list[Any]]:
    return [[bar.label, bar.shown, bar.percent] for bar in bars]


def _figure_sheets(figures: dict[str, Any]) -> list[SheetSpec]:
    appeals = figures["appeals"]
    summary = [
        ["诉求总数", figures["total_shown"]],
        ["受理率（%）", _cell(appeals.get("acceptance_rate"))],
        ["按期办理率（%）", _cell(appeals.get("on_time_rate"))],
        ["平均办理用时（工作日）", _cell(appeals.get("avg_handling"))],
        ["满意率（%）", _cell(appeals.get("satisfaction_rate"))],
    ]
    answers: list[list[Any]] = []
    for survey in figures["surveys"]:
        answers.append([survey["title"], "调查对象", "", survey["asked_shown"], ""])
        answers.append([survey["title"], "回收答卷", "", survey["answered_shown"], ""])
        for question in survey["questions"]:
            for bar in question["bars"]:
                answers.append([survey["title"], question["label"], bar.label, bar.shown, bar.percent])
            for row in question["matrix"]:
                for bar in row["bars"]:
                    answers.append(
                        [
                            survey["title"],
                            f"{question['label']}：{row['label']}",
                            bar.label,
                            bar.shown,
                            bar.percent,
                        ]
                    )
            if question["mean"] is not None:
                answers.append(
                    [survey["title"], question["label"], "平均得分", f"{question['mean']:.1f}", ""]
                )
    note = [f"不足{MIN_CELL}件（人）的类别和单位合并计入“其他”，不足{MIN_CELL}的数字记为“<{MIN_CELL}”"]
    return [
        SheetSpec(name="诉求概况", headers=("指标", "数值"), rows=summary, widths=(24, 12), notes=note),
        SheetSpec(
            name="诉求类别",
            headers=("类别", "件数", "占比（%）"),
            rows=_bar_rows(figures["categories"]),
            widths=(20, 10, 10),
        ),
        SheetSpec(
            name="诉求单位",
            headers=("单位", "件数", "占比（%）"),
            rows=_bar_rows(figures["units"]),
            widths=(30, 10, 10),
        ),
        SheetSpec(
            name="月度走势",
            headers=("月份", "件数"),
            rows=[[b.label, b.shown] for b in figures["months"]],
            widths=(14, 10),
        ),
        SheetSpec(
            name="问卷结果",
            headers=("问卷", "题目", "选项", "人数", "占比（%）"),
            rows=answers,
            widths=(30, 40, 16, 8, 10),
        ),
    ]


def analysis_workbook(
    *, analysis: ThoughtAnalysis, actor: Actor, context: AuditContext | None = None
) -> bytes:
    """The figures of an analysis (draft or issued) as a workbook, every count as a cadre may see it; audited."""
    data = workbook_bytes(_figure_sheets(figures_view(analysis.figures)))
    audit_log(
        action=AuditAction.EXPORT,
        summary=_("导出诉求与思想状况分析数据（Excel）：%(title)s") % {"title": analysis.title},
        actor=actor,
        context=context,
        subject=analysis,
        org_id=analysis.org_id,
    )
    return data
