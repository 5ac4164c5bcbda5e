"""States and kinds of 困难职工帮扶: households (`Household`, `HouseholdMember`), hardship files (`HardshipFile`: the
flow from 申请 to 建档, yearly 复核, 脱困 and 注销), home surveys, follow-ups and aid records (`AidRecord`)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Relation(models.TextChoices):
    """A household member's relation to the applicant (本人 is the applicant)."""

    SELF = "self", _("本人")
    SPOUSE = "spouse", _("配偶")
    CHILD = "child", _("子女")
    PARENT = "parent", _("父母")
    PARENT_IN_LAW = "parent_in_law", _("配偶父母")
    SIBLING = "sibling", _("兄弟姐妹")
    GRANDCHILD = "grandchild", _("孙子女/外孙子女")
    OTHER = "other", _("其他")


class HealthStatus(models.TextChoices):
    HEALTHY = "healthy", _("健康")
    CHRONIC = "chronic", _("慢性病")
    SERIOUS = "serious", _("重大疾病")
    DISABLED = "disabled", _("残疾")
    OTHER = "other", _("其他")


class DisabilityKind(models.TextChoices):
    NONE = "", _("无")
    VISUAL = "visual", _("视力残疾")
    HEARING = "hearing", _("听力残疾")
    SPEECH = "speech", _("言语残疾")
    PHYSICAL = "physical", _("肢体残疾")
    INTELLECTUAL = "intellectual", _("智力残疾")
    MENTAL = "mental", _("精神残疾")
    MULTIPLE = "multiple", _("多重残疾")


class DisabilityGrade(models.TextChoices):
    NONE = "", _("无")
    ONE = "1", _("一级")
    TWO = "2", _("二级")
    THREE = "3", _("三级")
    FOUR = "4", _("四级")


class Schooling(models.TextChoices):
    NONE = "none", _("不在学")
    PRESCHOOL = "preschool", _("学前教育")
    COMPULSORY = "compulsory", _("义务教育")
    HIGH_SCHOOL = "high_school", _("普通高中")
    VOCATIONAL = "vocational", _("中职/技校")
    COLLEGE = "college", _("大专")
    UNIVERSITY = "university", _("本科")
    GRADUATE = "graduate", _("研究生")


class Employment(models.TextChoices):
    EMPLOYED = "employed", _("在职")
    FLEXIBLE = "flexible", _("灵活就业")
    UNEMPLOYED = "unemployed", _("失业")
    RETIRED = "retired", _("退休")
    UNABLE = "unable", _("无劳动能力")
    STUDENT = "student", _("在校学生")
    OTHER = "other", _("其他")


class HardshipCause(models.TextChoices):
    """致困原因 of the national 困难职工 record (main and secondary)."""

    ILLNESS = "illness", _("本人或家人患大病")
    DISABILITY = "disability", _("本人或家人残疾")
    SCHOOLING = "schooling", _("子女教育负担重")
    UNEMPLOYMENT = "unemployment", _("失业或下岗")
    LOW_WAGE = "low_wage", _("工资收入低")
    ENTERPRISE = "enterprise", _("单位经营困难")
    ACCIDENT = "accident", _("意外事故")
    DISASTER = "disaster", _("自然灾害")
    OTHER = "other", _("其他")


class Housing(models.TextChoices):
    OWN = "own", _("自有住房")
    RENTED = "rented", _("租房")
    PUBLIC = "public", _("公租房/廉租房")
    BORROWED = "borrowed", _("借住")
    NONE = "none", _("无固定住所")


class MedicalInsurance(models.TextChoices):
    EMPLOYEE = "employee", _("职工基本医疗保险")
    RESIDENT = "resident", _("城乡居民医疗保险")
    NONE = "none", _("未参保")


class ModelWorkerType(models.TextChoices):
    NONE = "", _("非劳模")
    NATIONAL = "national", _("全国劳模")
    PROVINCIAL = "provincial", _("省部级劳模")
    CITY = "city", _("市级劳模")


class HardshipClass(models.TextChoices):
    """The class of a file: computed (`classing.classify`) and explained, decided by a person."""

    DEEP = "deep", _("深度困难")
    RELATIVE = "relative", _("相对困难")
    ACCIDENT = "accident", _("意外致困")
    NOT_ELIGIBLE = "not_eligible", _("不符合条件")


class RigidExpense(models.TextChoices):
    """刚性支出, subtracted from the household's income before the per-capita test."""

    MEDICAL = "medical", _("医疗费用（自付部分）")
    SCHOOLING = "schooling", _("子女教育费用")
    DISABILITY_CARE = "disability_care", _("残疾康复护理费用")
    ELDER_CARE = "elder_care", _("赡养失能老人费用")
    OTHER = "other", _("其他刚性支出")


class AccidentKind(models.TextChoices):
    """The recorded event 意外致困 requires."""

    ACCIDENT = "accident", _("意外事故")
    ILLNESS = "illness", _("突发重大疾病")
    DISASTER = "disaster", _("自然灾害")
    OTHER = "other", _("其他突发事件")


class Exclusion(models.TextChoices):
    """Facts that exclude a household (flagged, a person decides)."""

    MULTIPLE_HOMES = "multiple_homes", _("拥有两套及以上住房")
    BUSINESS = "business", _("经营企业或个体工商户")
    PRIVATE_SCHOOL = "private_school", _("子女就读高收费民办学校")
    VEHICLE = "vehicle", _("拥有非生活必需机动车")


class Channel(models.TextChoices):
    PORTAL = "portal", _("会员在线申请")
    UNION = "union", _("工会代为录入")
    APPEAL = "appeal", _("由诉求转入")


class FileStatus(models.TextChoices):
    """申请 → 单位初审 → 入户调查 → 审核 → 公示 → 建档 → (yearly 复核) → 脱困 / 注销; 退回 and 不予建档 on the way."""

    APPLIED = "applied", _("已申请")
    RETURNED = "returned", _("已退回补充")
    UNIT_CHECKED = "unit_checked", _("单位初审通过")
    SURVEYED = "surveyed", _("已入户调查")
    REVIEWED = "reviewed", _("审核通过")
    PUBLICISED = "publicised", _("公示中")
    FILED = "filed", _("已建档")
    LIFTED = "lifted", _("已脱困")
    CLOSED = "closed", _("已注销")
    REJECTED = "rejected", _("不予建档")


OPEN_STATUSES = (
    FileStatus.APPLIED,
    FileStatus.RETURNED,
    FileStatus.UNIT_CHECKED,
    FileStatus.SURVEYED,
    FileStatus.REVIEWED,
    FileStatus.PUBLICISED,
)
ENDED_STATUSES = (FileStatus.LIFTED, FileStatus.CLOSED, FileStatus.REJECTED)


class FileAction(models.TextChoices):
    APPLY = "apply", _("提交申请")
    RETURN = "return", _("退回补充")
    RESUBMIT = "resubmit", _("补充后重新提交")
    UNIT_CHECK = "unit_check", _("单位初审")
    SURVEY = "survey", _("入户调查")
    CLASSIFY = "classify", _("核定类别")
    REVIEW = "review", _("审核")
    PUBLICISE = "publicise", _("公示")
    FILE = "file", _("建档")
    REJECT = "reject", _("不予建档")
    ANNUAL_REVIEW = "annual_review", _("年度复核")
    LIFT = "lift", _("脱困")
    CLOSE = "close", _("注销")
    REOPEN = "reopen", _("重新申请")
    FOLLOW_UP = "follow_up", _("脱困回访")
    AID = "aid", _("帮扶救助")
    PEOPLE = "people", _("家庭成员变更")
    CONSENT = "consent", _("上传授权委托书")
    REVEAL = "reveal", _("查看敏感信息")
    PURGE = "purge", _("到期清除明细")


class ReviewOutcome(models.TextChoices):
    """The result of a yearly 复核."""

    CONTINUE = "continue", _("继续建档")
    RECLASS = "reclass", _("调整类别")
    LIFT = "lift", _("脱困")
    CLOSE = "close", _("注销")


class CloseReason(models.TextChoices):
    DECEASED = "deceased", _("本人去世")
    LEFT = "left", _("调离/退出本系统")
    FALSE_INFO = "false_info", _("提供虚假信息")
    NOT_ELIGIBLE = "not_eligible", _("不再符合条件")
    REQUESTED = "requested", _("本人申请退出")
    OTHER = "other", _("其他")


class FollowUpKind(models.TextChoices):
    """Phone follow-ups of a 脱困 household."""

    THREE_MONTHS = "3m", _("脱困后3个月回访")
    TWELVE_MONTHS = "12m", _("脱困后12个月回访")


class FollowUpOutcome(models.TextChoices):
    STABLE = "stable", _("生活稳定")
    AT_RISK = "at_risk", _("有返困风险")
    RETURNED = "returned", _("已返困，建议重新申请")
    UNREACHABLE = "unreachable", _("未能联系")


class AidKind(models.TextChoices):
    LIVING = "living", _("生活救助")
    MEDICAL = "medical", _("医疗救助")
    SCHOOLING = "schooling", _("金秋助学")
    TEMPORARY = "temporary", _("临时救助")


# ---- 送温暖、慰问与疗休养、普惠 (issue 20) ----


class ReliefKind(models.TextChoices):
    WARMTH = "warmth", _("送温暖")
    CONDOLENCE = "condolence", _("慰问金")
    OTHER = "other", _("其他")


class AmountMode(models.TextChoices):
    FIXED = "fixed", _("统一标准")
    CATEGORY = "category", _("按类别")


class CampaignStatus(models.TextChoices):
    """A relief campaign: prepared (名单、金额), 提交审批, 审批通过 (then paid person by person), 已结束."""

    DRAFT = "draft", _("准备中")
    SUBMITTED = "submitted", _("待审批")
    APPROVED = "approved", _("发放中")
    CLOSED = "closed", _("已结束")


class RecipientStatus(models.TextChoices):
    PENDING = "pending", _("待发放")
    PAID = "paid", _("已发放")
    CONFIRMED = "confirmed", _("已到账")
    FAILED = "failed", _("支付失败")
    REVERSED = "reversed", _("已冲销")
    EXCLUDED = "excluded", _("已剔除")


class CampaignAction(models.TextChoices):
    CREATE = "create", _("创建")
    EDIT = "edit", _("修改")
    RECIPIENTS = "recipients", _("名单")
    SUBMIT = "submit", _("提交审批")
    RETURN = "return", _("退回")
    APPROVE = "approve", _("审批通过")
    PAY = "pay", _("发放")
    EXPORT = "export", _("导出银行批量文件")
    RESULTS = "results", _("导入银行结果")
    REVERSE = "reverse", _("冲销")
    CLOSE = "close", _("结束")


class SubsidyStatus(models.TextChoices):
    DRAFT = "draft", _("分配中")
    ISSUED = "issued", _("已下拨")
    CLOSED = "closed", _("已结束")


class CondolenceOccasion(models.TextChoices):
    HOSPITAL = "hospital", _("生病住院")
    BEREAVEMENT = "bereavement", _("直系亲属去世")
    DEATH = "death", _("会员去世")
    CHILDBIRTH = "childbirth", _("生育")
    MARRIAGE = "marriage", _("结婚")
    RETIREMENT = "retirement", _("退休")
    MODEL_WORKER = "model_worker", _("劳模慰问")
    FRONT_LINE = "front_line", _("一线慰问")
    OTHER = "other", _("其他")


class ProgrammeStatus(models.TextChoices):
    DRAFT = "draft", _("准备中")
    NOMINATING = "nominating", _("推荐中")
    RUNNING = "running", _("进行中")
    CLOSED = "closed", _("已结束")


class PlaceStatus(models.TextChoices):
    """A 疗休养 place: 推荐 by a union, then the member confirms (or declines); a declined or cancelled place can
    be given to a substitute; 已报到 at the resort."""

    NOMINATED = "nominated", _("待本人确认")
    CONFIRMED = "confirmed", _("已确认")
    DECLINED = "declined", _("本人放弃")
    CANCELLED = "cancelled", _("已取消")
    SUBSTITUTED = "substituted", _("已替换")
    ATTENDED = "attended", _("已报到")


class OfferKind(models.TextChoices):
    MERCHANT = "merchant", _("商户折扣")
    CINEMA = "cinema", _("观影")
    FITNESS = "fitness", _("健身")
    INSURANCE = "insurance", _("会员专享保险")
    OTHER = "other", _("其他")


class OfferStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")
    WITHDRAWN = "withdrawn", _("已撤下")


class RedemptionMethod(models.TextChoices):
    SCAN = "scan", _("扫会员码")
    MERCHANT = "merchant", _("商户核销")
    COUPON = "coupon", _("券码核销")
