"""Timeline rows of 问卷调查与课题研究 (surveys, analyses, calls and projects); call inside the transaction of the change with a `SurveyAction`, `AnalysisAction` or
`ProjectAction` member."""

from gonghui.core.timeline import timeline_step as surveys_event

__all__ = ["surveys_event"]
