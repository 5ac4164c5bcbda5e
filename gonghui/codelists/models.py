"""National code lists (政治面貌, 学历, 民族, 单位类别, 行业, 用工性质, 证件类型) as editable reference data:
store the code, show the name, accept the full name, the short forms people type and the code itself."""

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _


class CodeItem(models.Model):
    """One value of a code list, e.g. (political_status, "01", "中国共产党党员", ["中共党员", "党员"])."""

    list_key = models.CharField(_("代码表"), max_length=40, db_index=True)
    code = models.CharField(_("代码"), max_length=20)
    name = models.CharField(_("名称"), max_length=100)
    aliases = models.JSONField(_("常用写法"), default=list, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("代码表项")
        verbose_name_plural = _("代码表项")
        ordering: ClassVar[list[str]] = ["list_key", "sort_order", "code"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["list_key", "code"], name="uniq_code_item"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"
