"""Timeline steps of rounds and targets (core.timeline.timeline_step)."""

from gonghui.core.timeline import timeline_step

__all__ = ["timeline_step"]
