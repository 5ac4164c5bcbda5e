"""Pages of 评审打分: the judge's phone pages (`judging`), the organiser's rounds and results (`rounds`) and the
评分表模板 (`sheet_templates`)."""
