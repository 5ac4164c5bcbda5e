from django.db import models
from django.utils.translation import gettext_lazy as _


class MemberStatus(models.TextChoices):
    """会籍状态."""

    ACTIVE = "active", _("在籍")
    TRANSFERRED_OUT = "transferred_out", _("已转出")
    RETIRED_KEPT = "retired_kept", _("保留会籍(退休)")
    LEFT = "left", _("已退会")
    DECEASED = "deceased", _("已故")


# States in which the person counts as a member of the union (one union at a time).
HOLDING_STATUSES = (MemberStatus.ACTIVE, MemberStatus.RETIRED_KEPT)


class Employment(models.TextChoices):
    """用工性质 (codes.md)."""

    ESTABLISHED = "established", _("在编")
    CONTRACT = "contract", _("非在编")
    DISPATCHED = "dispatched", _("劳务派遣")
    OTHER = "other", _("其他")


class JobCategory(models.TextChoices):
    """岗位类别: 专业技术人员 by profession, 管理人员, 工勤技能人员."""

    TEACHER = "teacher", _("专业技术人员（教师）")
    DOCTOR = "doctor", _("专业技术人员（医生）")
    NURSE = "nurse", _("专业技术人员（护士）")
    RESEARCH = "research", _("专业技术人员（科研）")
    ARTS = "arts", _("专业技术人员（文艺）")
    SPORTS = "sports", _("专业技术人员（体育）")
    OTHER_PRO = "other_pro", _("专业技术人员（其他）")
    MANAGEMENT = "management", _("管理人员")
    SKILLED = "skilled", _("工勤技能人员")


class TargetListSource(models.TextChoices):
    """Where a target list's members came from."""

    FILTER = "filter", _("按条件筛选")
    IMPORT = "import", _("导入名单")


class CommitteeRole(models.TextChoices):
    """A seat on a union committee."""

    CHAIR = "chair", _("主任")
    VICE_CHAIR = "vice_chair", _("副主任")
    MEMBER = "member", _("委员")


class HouseholdType(models.TextChoices):
    """户籍类型."""

    URBAN = "urban", _("城镇")
    RURAL = "rural", _("农村")


class SkillLevel(models.TextChoices):
    """技能等级 (国家职业资格五级)."""

    JUNIOR = "5", _("初级工")
    INTERMEDIATE = "4", _("中级工")
    SENIOR = "3", _("高级工")
    TECHNICIAN = "2", _("技师")
    SENIOR_TECHNICIAN = "1", _("高级技师")


class MemberAction(models.TextChoices):
    """会员操作 (the states are MemberStatus)."""

    CREATE = "create", _("登记入会")
    EDIT = "edit", _("修改信息")
    LEAVE = "leave", _("退会")
    RETIRE_KEEP = "retire_keep", _("退休保留会籍")
    DEATH = "death", _("登记去世")
    REINSTATE = "reinstate", _("恢复会籍")


class MembershipChangeKind(models.TextChoices):
    """会籍变动类型."""

    JOIN = "join", _("入会")
    TRANSFER_OUT = "transfer_out", _("转出")
    TRANSFER_IN = "transfer_in", _("转入")
    LEAVE = "leave", _("退会")
    RETIRE_KEEP = "retire_keep", _("退休保留会籍")
    DEATH = "death", _("去世")
    REINSTATE = "reinstate", _("恢复会籍")
    CORRECTION = "correction", _("信息更正")


class JoinStatus(models.TextChoices):
    SUBMITTED = "submitted", _("待审批")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("未通过")
    WITHDRAWN = "withdrawn", _("已撤回")


class JoinAction(models.TextChoices):
    SUBMIT = "submit", _("提交")
    APPROVE = "approve", _("批准")
    REJECT = "reject", _("驳回")
    RESUBMIT = "resubmit", _("修改后重新提交")
    WITHDRAW = "withdraw", _("撤回")


class JoinChannel(models.TextChoices):
    ONLINE = "online", _("网上入会")
    COLLECTIVE = "collective", _("集体入会")
    CADRE = "cadre", _("干部代录")


class TransferStatus(models.TextChoices):
    REQUESTED = "requested", _("待转出方审批")
    OUT_APPROVED = "out_approved", _("待转入方审批")
    COMPLETED = "completed", _("已完成")
    REJECTED = "rejected", _("未通过")
    CANCELLED = "cancelled", _("已撤销")


class TransferAction(models.TextChoices):
    REQUEST = "request", _("申请转会")
    APPROVE_OUT = "approve_out", _("转出方同意")
    APPROVE_IN = "approve_in", _("转入方同意")
    REJECT = "reject", _("不同意")
    CANCEL = "cancel", _("撤销")


# Transfers under way (one per member at a time).
OPEN_TRANSFER = (TransferStatus.REQUESTED, TransferStatus.OUT_APPROVED)


class CorrectionStatus(models.TextChoices):
    SUBMITTED = "submitted", _("待审核")
    APPROVED = "approved", _("已更正")
    REJECTED = "rejected", _("未通过")


class CorrectionAction(models.TextChoices):
    """Actions on a correction request (its states are CorrectionStatus)."""

    SUBMIT = "submit", _("提交更正申请")
    APPROVE = "approve", _("同意更正")
    REJECT = "reject", _("不同意更正")


class CardStatus(models.TextChoices):
    """会员卡申请状态."""

    APPLIED = "applied", _("已申请")
    SENT_TO_BANK = "sent_to_bank", _("已报送银行")
    MADE = "made", _("已制卡")
    COLLECTED = "collected", _("已领取")
    LOST = "lost", _("已挂失")


# Applications under way, and those of a member who "has a card" (a lost one no longer counts).
OPEN_STATUSES = (CardStatus.APPLIED, CardStatus.SENT_TO_BANK)
CARD_HELD_STATUSES = (CardStatus.MADE, CardStatus.COLLECTED)


class CardAction(models.TextChoices):
    APPLY = "apply", _("申请")
    BATCH = "batch", _("报送银行")
    MADE = "made", _("制卡完成")
    COLLECT = "collect", _("领取")
    REPORT_LOST = "report_lost", _("挂失")
    REISSUE = "reissue", _("补办")


class CardKind(models.TextChoices):
    NEW = "new", _("新办")
    REISSUE = "reissue", _("补办")


class BankTemplateKind(models.TextChoices):
    """What a saved bank template lays out: the card batch's file (制卡) or a payment batch's file (代发)."""

    CARD = "card", _("制卡")
    PAYMENT = "payment", _("代发")


class CardBatchStatus(models.TextChoices):
    DRAFT = "draft", _("待报送")
    SENT = "sent", _("已报送银行")
    RETURNED = "returned", _("银行已回盘")


class CardHandlingAction(models.TextChoices):
    """Steps on a card application beyond CardAction."""

    EDIT = "edit", _("修改申请信息")
    UNBATCH = "unbatch", _("移出批次")


class CardBatchAction(models.TextChoices):
    """Steps on a card batch (the batch states are CardBatchStatus)."""

    CREATE = "create", _("新建批次")
    ADD = "add", _("加入申请")
    REMOVE = "remove", _("移出申请")
    SEND = "send", _("报送银行")
    EXPORT = "export", _("导出制卡文件")
    RETURN = "return", _("导入银行回盘")
