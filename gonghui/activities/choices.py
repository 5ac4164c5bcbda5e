"""The choices of 活动与志愿服务, one block per part."""

from django.db import models
from django.utils.translation import gettext_lazy as _


# --- events -------------------------------------------------------------------------------------------------
class ActivityKind(models.TextChoices):
    SPORTS = "sports", _("文体活动")
    REPORT = "report", _("报告会/座谈会")
    LECTURE = "lecture", _("讲座")
    SOCIAL = "social", _("联谊")
    VOLUNTEER = "volunteer", _("志愿服务")
    EXERCISE = "exercise", _("工间操")
    OTHER = "other", _("其他")


class ActivityStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")
    CANCELLED = "cancelled", _("已取消")


class ActivityAction(models.TextChoices):
    """The steps on an activity's timeline."""

    CREATED = "created", _("创建")
    EDITED = "edited", _("修改")
    PUBLISHED = "published", _("发布")
    CANCELLED = "cancelled", _("取消活动")
    REMINDED = "reminded", _("发送提醒")
    SPENT = "spent", _("记录支出")
    SPENDING_REMOVED = "spending_removed", _("删除支出")
    REPORTED = "reported", _("提交活动总结")
    PHOTO_ADDED = "photo_added", _("上传照片")
    PHOTO_REMOVED = "photo_removed", _("删除照片")
    INVITED = "invited", _("发送邀请")


# --- signup -------------------------------------------------------------------------------------------------
class RegistrationStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    CONFIRMED = "confirmed", _("已报名")
    WAITLISTED = "waitlisted", _("候补中")
    CANCELLED = "cancelled", _("已取消")
    REJECTED = "rejected", _("未通过")


# A registration in these states holds (or waits for) a place; the member cannot sign up twice.
LIVE_REGISTRATION_STATUSES = (
    RegistrationStatus.PENDING,
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITLISTED,
)


class RegistrationAction(models.TextChoices):
    SIGNED_UP = "signed_up", _("报名")
    WAITLISTED = "waitlisted", _("进入候补")
    APPROVED = "approved", _("审核通过")
    REJECTED = "rejected", _("审核未通过")
    PROMOTED = "promoted", _("候补转正")
    CANCELLED = "cancelled", _("取消报名")
    CANCELLED_BY_ORGANISER = "cancelled_by_organiser", _("组织方取消")


# --- attendance ---------------------------------------------------------------------------------------------
class AttendanceMethod(models.TextChoices):
    CODE = "code", _("扫会员码")
    TYPED = "typed", _("输入会员编号")
    MANUAL = "manual", _("手工补登")


# --- teams (teams sent to events organised above the platform) ----------------------------------------------
class DelegationStatus(models.TextChoices):
    DRAFT = "draft", _("组建中")
    SUBMITTED = "submitted", _("待市总审核")
    APPROVED = "approved", _("已批准")
    RETURNED = "returned", _("已退回")
    WITHDRAWN = "withdrawn", _("已撤销")


class DelegationRole(models.TextChoices):
    LEADER = "leader", _("领队")
    COACH = "coach", _("教练")
    CAPTAIN = "captain", _("队长")
    PLAYER = "player", _("队员")
    STAFF = "staff", _("工作人员")


class DelegationAction(models.TextChoices):
    CREATED = "created", _("组队")
    EDITED = "edited", _("修改")
    MEMBER_ADDED = "member_added", _("加入队员")
    MEMBER_REMOVED = "member_removed", _("移出队员")
    SUBMITTED = "submitted", _("报市总审核")
    APPROVED = "approved", _("批准")
    RETURNED = "returned", _("退回")
    WITHDRAWN = "withdrawn", _("撤销")
    RESULT = "result", _("登记成绩")


# --- exercise (工间操) --------------------------------------------------------------------------------------
class ParticipationMethod(models.TextChoices):
    CHECKIN = "checkin", _("签到")
    CONFIRMED = "confirmed", _("单位确认")


# --- volunteers ---------------------------------------------------------------------------------------------
class VolunteerTeamKind(models.TextChoices):
    TEACHING = "teaching", _("送教")
    MEDICAL = "medical", _("送医")
    SCIENCE = "science", _("送科技")
    CULTURE = "culture", _("送文化")
    OTHER = "other", _("其他")


class ServiceRecordStatus(models.TextChoices):
    """A record counts only after its 公示 (7 calendar days) closes without an upheld objection."""

    DRAFT = "draft", _("待公示")
    PUBLICISED = "publicised", _("公示中")
    COUNTED = "counted", _("已计入")
    WITHDRAWN = "withdrawn", _("已撤销")


class ServiceEvaluation(models.TextChoices):
    EXCELLENT = "excellent", _("优秀")
    GOOD = "good", _("良好")
    PASS = "pass", _("合格")
    FAIL = "fail", _("不合格")


class VolunteerNoteKind(models.TextChoices):
    TRAINING = "training", _("培训")
    AWARD = "award", _("表彰奖励")


class ProofStatus(models.TextChoices):
    ISSUED = "issued", _("已出具")
    REFUSED = "refused", _("无可证明记录")
