"""States and actions of 公文 (sent documents), their deliveries and 收文 (incoming documents)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    REVIEWING = "reviewing", _("待核稿")
    SIGNING = "signing", _("待签发")
    ISSUED = "issued", _("已签发")
    WITHDRAWN = "withdrawn", _("已撤回")


class DocumentAction(models.TextChoices):
    CREATE = "create", _("起草")
    EDIT = "edit", _("修改")
    SUBMIT = "submit", _("送核稿")
    REVIEW = "review", _("核稿通过")
    RETURN = "return", _("退回修改")
    ISSUE = "issue", _("签发")
    WITHDRAW = "withdraw", _("撤回")
    REMIND = "remind", _("催办")
    ATTACH = "attach", _("上传附件")
    DETACH = "detach", _("删除附件")


class RecordAction(models.TextChoices):
    """Written on the timeline of a record (a contest, a 评选表彰…) a 公文 was drafted from."""

    DOCUMENT_DRAFTED = "document_drafted", _("生成公文草稿")


class ReceiptAction(models.TextChoices):
    READ = "read", _("阅读")
    SIGN = "sign", _("签收")
    FORWARD = "forward", _("转发")


class Urgency(models.TextChoices):
    NORMAL = "normal", _("平件")
    URGENT = "urgent", _("加急")
    VERY_URGENT = "very_urgent", _("特急")


class Disclosure(models.TextChoices):
    PUBLIC = "public", _("公开")
    NOT_PUBLIC = "not_public", _("不公开")


class RecipientRole(models.TextChoices):
    MAIN = "main", _("主送")
    COPY = "copy", _("抄送")
    FORWARDED = "forwarded", _("转发")


class IncomingStatus(models.TextChoices):
    REGISTERED = "registered", _("待拟办")
    PROPOSED = "proposed", _("待批办")
    CIRCULATING = "circulating", _("传阅中")
    CLOSED = "closed", _("已办结")


class IncomingAction(models.TextChoices):
    REGISTER = "register", _("收文登记")
    PROPOSE = "propose", _("拟办")
    INSTRUCT = "instruct", _("批办")
    CIRCULATE_READ = "circulate_read", _("传阅")
    CLOSE = "close", _("办结")
    FORWARD = "forward", _("转发下级")


class IncomingMedium(models.TextChoices):
    PAPER = "paper", _("纸质")
    ELECTRONIC = "electronic", _("电子")
