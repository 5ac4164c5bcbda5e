"""States and actions of 诉求 (separate enums), channels, contact preferences and ratings."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AppealStatus(models.TextChoices):
    SUBMITTED = "submitted", _("待受理")
    ACCEPTED = "accepted", _("已受理")
    REJECTED = "rejected", _("不予受理")
    IN_PROGRESS = "in_progress", _("办理中")
    AWAITING_MATERIALS = "awaiting_materials", _("待补充材料")
    REPLIED = "replied", _("已答复")
    RATED = "rated", _("已评价")
    CLOSED = "closed", _("已办结")


class AppealAction(models.TextChoices):
    SUBMIT = "submit", _("提交诉求")
    ACCEPT = "accept", _("受理")
    REJECT = "reject", _("不予受理")
    START = "start", _("开始办理")
    ASSIGN = "assign", _("分派")
    ASSIGN_LAWYER = "assign_lawyer", _("指派律师")
    REQUEST_MATERIALS = "request_materials", _("要求补充材料")
    SUPPLY = "supply", _("补充材料")
    RESUME = "resume", _("恢复计时")
    REPLY = "reply", _("答复")
    NOTE = "note", _("内部备注")
    RATE = "rate", _("评价")
    REOPEN = "reopen", _("重办")
    AUTO_CLOSE = "auto_close", _("自动办结")
    TRANSFER = "transfer", _("转办")
    ESCALATE = "escalate", _("上报上级工会")
    OVERDUE = "overdue", _("超期督办")
    REVEAL = "reveal", _("查看匿名身份")


# States in which the case is still with the union (the SLA clock runs or is paused).
OPEN_STATUSES = (
    AppealStatus.SUBMITTED,
    AppealStatus.ACCEPTED,
    AppealStatus.IN_PROGRESS,
    AppealStatus.AWAITING_MATERIALS,
)
# States whose reply deadline runs (accepted, not yet answered, not paused).
REPLY_CLOCK_STATUSES = (AppealStatus.ACCEPTED, AppealStatus.IN_PROGRESS)
FINISHED_STATUSES = (AppealStatus.REPLIED, AppealStatus.RATED, AppealStatus.CLOSED)
# Timeline rows the requester writes (without an actor when the case is anonymous).
REQUESTER_ACTIONS = (AppealAction.SUBMIT, AppealAction.SUPPLY, AppealAction.RATE, AppealAction.REOPEN)
# Timeline rows the member sees in the portal; the others (assignments, internal notes, reveals, supervision)
# are internal to the union.
MEMBER_VISIBLE_ACTIONS = frozenset(
    {
        AppealAction.SUBMIT,
        AppealAction.ACCEPT,
        AppealAction.REJECT,
        AppealAction.START,
        AppealAction.REQUEST_MATERIALS,
        AppealAction.SUPPLY,
        AppealAction.RESUME,
        AppealAction.REPLY,
        AppealAction.RATE,
        AppealAction.REOPEN,
        AppealAction.AUTO_CLOSE,
        AppealAction.TRANSFER,
        AppealAction.ESCALATE,
    }
)


class AppealChannel(models.TextChoices):
    PORTAL = "portal", _("网上提交")
    PHONE = "phone", _("电话")
    VISIT = "visit", _("来访")
    LETTER = "letter", _("来信")


class ContactPreference(models.TextChoices):
    PORTAL = "portal", _("会员端消息")
    SMS = "sms", _("短信")
    PHONE = "phone", _("电话联系")


class Rating(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    FAIRLY = "fairly", _("基本满意")
    UNSATISFIED = "unsatisfied", _("不满意")


class MessageKind(models.TextChoices):
    REPLY = "reply", _("答复")
    NOTE = "note", _("内部备注")
    MEMBER = "member", _("申请人补充")


# The default list of categories (name, restricted); editable afterwards.
DEFAULT_CATEGORIES = (
    ("labour_contract", "劳动合同", False),
    ("wages", "工资待遇", False),
    ("social_insurance", "社会保险", False),
    ("rest_leave", "休息休假", False),
    ("women", "女职工权益", True),
    ("safety", "职业安全卫生", False),
    ("personnel", "人事争议", False),
    ("counselling", "心理援助", True),
    ("other", "其他", False),
)
