"""Timeline rows of 宣传: every step of an article (drafted, submitted, passed or returned at a level, published,
withdrawn) and of a 投稿; call inside the transaction of the change with a `NewsAction` member."""

from gonghui.core.timeline import timeline_step as news_event

__all__ = ["news_event"]
