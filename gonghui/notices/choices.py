"""States and actions of a 公示 (notice), its entries and the objections (异议) raised against it."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NoticeStatus(models.TextChoices):
    """A notice is drafted, published for its window (公示期), then closed by the scheduled job when the window
    has ended; a draft or a running notice may be cancelled with a reason."""

    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("公示中")
    CLOSED = "closed", _("公示结束")
    CANCELLED = "cancelled", _("已撤销")


class NoticeAction(models.TextChoices):
    CREATE = "create", _("创建公示")
    EDIT = "edit", _("修改")
    PUBLISH = "publish", _("发布公示")
    CLOSE = "close", _("公示期满")
    CANCEL = "cancel", _("撤销公示")
    ENTRY_WITHDRAW = "entry_withdraw", _("撤下公示对象")
    RESULT = "result", _("公示结果")
    OBJECTION = "objection", _("收到异议")
    ANSWER = "answer", _("答复异议")
    REVEAL = "reveal", _("查看匿名异议联系方式")


class WindowUnit(models.TextChoices):
    """What a notice's window counts: working days of the calendar (评选表彰) or calendar days (志愿服务)."""

    WORKDAYS = "workdays", _("个工作日")
    DAYS = "days", _("天")


class EntryKind(models.TextChoices):
    PERSON = "person", _("个人")
    ORG = "org", _("集体")


class EntryStatus(models.TextChoices):
    LISTED = "listed", _("公示中")
    WITHDRAWN = "withdrawn", _("已撤下")


class ObjectionStatus(models.TextChoices):
    """An objection is open until the handler answers it: upheld (成立: the entry is withdrawn) or dismissed."""

    OPEN = "open", _("待答复")
    UPHELD = "upheld", _("异议成立")
    DISMISSED = "dismissed", _("异议不成立")


class ObjectionOutcome(models.TextChoices):
    """The handler's answer (the choices of the answer form)."""

    UPHELD = "upheld", _("异议成立，撤下该公示对象")
    DISMISSED = "dismissed", _("异议不成立")
