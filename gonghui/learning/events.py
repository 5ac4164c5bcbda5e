"""Timeline rows of 学习培训 (courses, training classes and their trainees, 业务指导 questions); call inside the
transaction of the change with a `LearningAction` member."""

from gonghui.core.timeline import timeline_step as learning_event

__all__ = ["learning_event"]
