"""States and actions of the 工作要点 module."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProgressStatus(models.TextChoices):
    """The state a union reports for one item (and the rolled-up state of the item on the board)."""

    NOT_STARTED = "not_started", _("未开始")
    IN_PROGRESS = "in_progress", _("进行中")
    DONE = "done", _("已完成")
    BLOCKED = "blocked", _("受阻")


class PlanAction(models.TextChoices):
    """What happens to a plan; every action is a timeline row on the plan (reports on the item)."""

    IMPORT = "import", _("导入")
    EDIT = "edit", _("修改")
    EDIT_SECTION = "edit_section", _("修改部分")
    RENUMBER = "renumber", _("重新编号")
    ADD_ITEM = "add_item", _("新增条目")
    EDIT_ITEM = "edit_item", _("修改条目")
    MERGE_ITEMS = "merge_items", _("合并条目")
    SPLIT_ITEM = "split_item", _("拆分条目")
    MOVE_ITEM = "move_item", _("移动条目")
    DELETE_ITEM = "delete_item", _("删除条目")
    ADD_ACTIVITY = "add_activity", _("新增具体工作")
    EDIT_ACTIVITY = "edit_activity", _("修改具体工作")
    MOVE_ACTIVITY = "move_activity", _("移动具体工作")
    DELETE_ACTIVITY = "delete_activity", _("删除具体工作")
    ASSIGN = "assign", _("分工")
    REPORT = "report", _("报告进展")
    LINK = "link", _("关联落实记录")
    UNLINK = "unlink", _("取消关联")
    DRAFT_SUMMARY = "draft_summary", _("起草年终总结")


class NumberStyle(models.TextChoices):
    """How `section_renumber` numbers a section's items."""

    PAREN_CHINESE = "paren_chinese", _("（一）（二）（三）")
    CHINESE_SHI = "chinese_shi", _("一是 二是 三是")
    ARABIC = "arabic", _("1 2 3")
