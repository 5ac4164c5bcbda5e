"""The working-day calendar: only the exceptions to Monday–Friday are stored (法定节假日 on weekdays off,
调休 make-up weekend days on), plus which years have been entered."""

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.core.models import BaseModel

from .choices import DayKind


class CalendarDay(BaseModel):
    """One exception day: a holiday (no work) or a make-up working day (调休上班)."""

    date = models.DateField(_("日期"), unique=True, error_messages={"unique": _("该日期已有设置")})
    kind = models.CharField(_("类型"), max_length=16, choices=DayKind.choices)
    name = models.CharField(_("名称"), max_length=50, blank=True, help_text=_("如：国庆节、国庆节调休"))

    class Meta:
        verbose_name = _("节假日与调休")
        verbose_name_plural = _("节假日与调休")
        ordering: ClassVar[list[str]] = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()}"


class CalendarYear(BaseModel):
    """A year whose holidays have been entered (seeded from chinesecalendar or by an admin)."""

    year = models.PositiveSmallIntegerField(_("年份"), unique=True)
    source = models.CharField(_("来源"), max_length=50, default="chinesecalendar")

    class Meta:
        verbose_name = _("已维护年份")
        verbose_name_plural = _("已维护年份")
        ordering: ClassVar[list[str]] = ["year"]

    def __str__(self) -> str:
        return str(self.year)
