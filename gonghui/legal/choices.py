"""States, actions and code lists of 法律服务 (legal consultation and legal aid)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# A legal-aid application is reviewed within this many working days.
REVIEW_WORKDAYS = 10


class LegalCategory(models.TextChoices):
    """法律咨询 categories (also the FAQ's categories)."""

    CONTRACT = "contract", _("劳动合同")
    WAGES = "wages", _("工资报酬")
    SOCIAL_INSURANCE = "social_insurance", _("社会保险")
    INJURY = "injury", _("工伤与职业病")
    LEAVE = "leave", _("休息休假")
    WOMEN = "women", _("女职工权益")
    PERSONNEL = "personnel", _("人事争议")
    OTHER = "other", _("其他")


class Channel(models.TextChoices):
    PORTAL = "portal", _("会员端")
    PHONE = "phone", _("电话")
    VISIT = "visit", _("来访")
    LETTER = "letter", _("来信")


class ConsultationStatus(models.TextChoices):
    PENDING = "pending", _("待解答")
    ANSWERED = "answered", _("已解答")
    PUBLISHED = "published", _("已公开")


class ConsultationAction(models.TextChoices):
    SUBMIT = "submit", _("提交咨询")
    ASSIGN = "assign", _("指派律师")
    ANSWER = "answer", _("解答")
    PUBLISH = "publish", _("公开到常见问题")
    UNPUBLISH = "unpublish", _("撤回公开")


class DisputeType(models.TextChoices):
    WAGES = "wages", _("追索劳动报酬")
    CONTRACT = "contract", _("劳动合同纠纷")
    SOCIAL_INSURANCE = "social_insurance", _("社会保险待遇")
    INJURY = "injury", _("工伤赔偿")
    DISMISSAL = "dismissal", _("违法解除劳动合同")
    # the staff of 事业单位 (schools, hospitals, institutes): 人事争议 go to 人事争议仲裁
    PERSONNEL = "personnel", _("人事争议")
    EMPLOYMENT_CONTRACT = "employment_contract", _("聘用合同纠纷")
    PROFESSIONAL_TITLE = "professional_title", _("职称评聘")
    PERFORMANCE_PAY = "performance_pay", _("绩效工资")
    ESTABLISHMENT_REFORM = "establishment_reform", _("编制与事业单位改革")
    OTHER = "other", _("其他劳动人事争议")


class AidStatus(models.TextChoices):
    SUBMITTED = "submitted", _("待审查")
    APPROVED = "approved", _("援助中")
    REJECTED = "rejected", _("不予援助")
    CLOSED = "closed", _("已结案")


class AidAction(models.TextChoices):
    SUBMIT = "submit", _("提交申请")
    APPROVE = "approve", _("批准援助")
    REJECT = "reject", _("不予援助")
    REASSIGN = "reassign", _("更换律师")
    CLOSE = "close", _("登记结果")


class AidOutcome(models.TextChoices):
    MEDIATED = "mediated", _("调解成功")
    ARBITRATION = "arbitration", _("仲裁")
    LITIGATION = "litigation", _("诉讼")
    WITHDRAWN = "withdrawn", _("撤回")
    OTHER = "other", _("其他")


class LawyerAction(models.TextChoices):
    CREATE = "create", _("登记律师")
    EDIT = "edit", _("修改律师信息")
    DEACTIVATE = "deactivate", _("停用")
    REACTIVATE = "reactivate", _("恢复")
