"""States and kinds of 评选表彰与劳模工匠: honours campaigns (`HonourCampaign`) and their stages, nominations
(`Nomination`), honour records (`Honour`), the 劳模/工匠 registry (`ModelWorker`, care records, 六大行动),
创新工作室 (`InnovationStudio`: funding tranches, yearly outputs, assessments) and 建家 assessments
(`HomeAssessment`)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NomineeKind(models.TextChoices):
    """Who a campaign honours: a person (a member), an org (a union: 模范职工之家/小家, 先进集体) or a
    创新工作室 (the studio applications of a year)."""

    PERSON = "person", _("个人")
    ORG = "org", _("集体")
    STUDIO = "studio", _("创新工作室")


class CampaignCategory(models.TextChoices):
    MODEL_EMPLOYEE = "model_employee", _("焦作标兵")
    MOST_BEAUTIFUL = "most_beautiful", _("最美医生/护士/教师")
    MODEL_HOME = "model_home", _("模范职工之家/小家")
    UNION_WORKER = "union_worker", _("优秀工会工作者")
    STUDIO = "studio", _("示范性创新工作室")
    OTHER = "other", _("其他")


class Stage(models.TextChoices):
    """The stages a campaign may run, in this order; `NOMINATE` and `NAME` always, the others as configured."""

    NOMINATE = "nominate", _("基层推荐")
    COUNTY_REVIEW = "county_review", _("县区审核")
    CITY_REVIEW = "city_review", _("市级评审")
    MEETING = "meeting", _("会议研究")
    NOTICE = "notice", _("公示")
    NAME = "name", _("命名")


STAGE_ORDER: tuple[str, ...] = tuple(Stage.values)


class CampaignStatus(models.TextChoices):
    """A campaign is prepared (criteria, stages, quotas), runs stage by stage (`HonourCampaign.stage`), and is
    named (honour records made) or cancelled."""

    DRAFT = "draft", _("筹备中")
    RUNNING = "running", _("进行中")
    NAMED = "named", _("已命名")
    CANCELLED = "cancelled", _("已撤销")


class NominationStatus(models.TextChoices):
    """A nomination is drafted and submitted by a union within its quota, returned for correction (then submitted
    again), passed or rejected at each stage, and ends named, not selected, rejected or withdrawn (a 公示
    objection upheld withdraws it)."""

    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已推荐")
    RETURNED = "returned", _("退回修改")
    PASSED = "passed", _("审核通过")
    APPROVED = "approved", _("会议通过")
    NAMED = "named", _("已命名")
    NOT_SELECTED = "not_selected", _("未入选")
    REJECTED = "rejected", _("未通过审核")
    WITHDRAWN = "withdrawn", _("已撤回")


LIVE_NOMINATION_STATUSES: tuple[str, ...] = (
    NominationStatus.DRAFT,
    NominationStatus.SUBMITTED,
    NominationStatus.RETURNED,
    NominationStatus.PASSED,
    NominationStatus.APPROVED,
    NominationStatus.NAMED,
)


class CampaignAction(models.TextChoices):
    CREATE = "create", _("创建")
    START = "start", _("开始推荐")
    ADVANCE = "advance", _("进入下一阶段")
    MEETING = "meeting", _("记录会议研究")
    NAME = "name", _("命名")
    REWARD = "reward", _("发放奖励")
    CANCEL = "cancel", _("撤销")


class NominationAction(models.TextChoices):
    CREATE = "create", _("填写推荐")
    SUBMIT = "submit", _("提交推荐")
    RETURN = "return", _("退回修改")
    PASS = "pass", _("审核通过")
    REJECT = "reject", _("审核不通过")
    APPROVE = "approve", _("会议通过")
    DECLINE = "decline", _("会议未通过")
    WITHDRAW = "withdraw", _("撤回")
    NAME = "name", _("命名")


class HonourLevel(models.TextChoices):
    """The level of the body that gave an honour (a record made by hand for an older or outside honour too)."""

    NATIONAL = "national", _("全国")
    PROVINCIAL = "provincial", _("省部级")
    CITY = "city", _("市级")
    COUNTY = "county", _("县区级")
    SYSTEM = "system", _("系统内")


class WorkerKind(models.TextChoices):
    MODEL_WORKER = "model_worker", _("劳动模范")
    CRAFTSMAN = "craftsman", _("工匠")
    MEDAL = "medal", _("五一劳动奖章")


class WorkerLevel(models.TextChoices):
    NATIONAL = "national", _("全国")
    PROVINCIAL = "provincial", _("省部级")
    CITY = "city", _("市级")


class WorkerStatus(models.TextChoices):
    """A registered 劳模/工匠 in work, retired, deceased, or with the title revoked (撤销称号: the member flag goes)."""

    ACTIVE = "active", _("在职")
    RETIRED = "retired", _("退休")
    DECEASED = "deceased", _("已故")
    REVOKED = "revoked", _("撤销称号")


class CareKind(models.TextChoices):
    """Care for a 劳模 besides visits (visits are `visits.Visit` rows owned by the worker)."""

    HEALTH_CHECK = "health_check", _("健康体检")
    CONDOLENCE = "condolence", _("慰问金")
    RECUPERATION = "recuperation", _("疗休养")
    OTHER = "other", _("其他关爱")


class PovertyActionKind(models.TextChoices):
    """劳模助力脱贫攻坚 "六大行动", and the 先进集体 专项行动."""

    TECHNOLOGY = "technology", _("技术扶贫")
    INDUSTRY = "industry", _("产业扶贫")
    PROJECT = "project", _("项目扶贫")
    EMPLOYMENT = "employment", _("就业扶贫")
    PAIRING = "pairing", _("结对帮扶")
    INTELLECT = "intellect", _("智力扶贫")
    COLLECTIVE = "collective", _("先进集体专项行动")


class StudioStatus(models.TextChoices):
    """A studio applies (its nomination runs in the year's studio campaign), is named, is assessed yearly, and at
    验收 is re-confirmed, put under rectification, or 摘牌 (delisted)."""

    APPLIED = "applied", _("申报中")
    NAMED = "named", _("已命名")
    RECTIFYING = "rectifying", _("整改中")
    DELISTED = "delisted", _("已摘牌")
    NOT_SELECTED = "not_selected", _("未入选")


class TrancheKind(models.TextChoices):
    NEW = "new", _("新命名经费")
    RECONFIRMED = "reconfirmed", _("复核确认经费")
    OTHER = "other", _("其他资助")


class AssessmentKind(models.TextChoices):
    ANNUAL = "annual", _("年度考核")
    ACCEPTANCE = "acceptance", _("验收")


class AssessmentResult(models.TextChoices):
    PASS = "pass", _("合格")
    RECONFIRM = "reconfirm", _("复核确认")
    RECTIFY = "rectify", _("限期整改")
    DELIST = "delist", _("摘牌")


class StudioAction(models.TextChoices):
    APPLY = "apply", _("申报")
    NAME = "name", _("命名")
    FUND = "fund", _("拨付经费")
    OUTPUT = "output", _("报送年度成果")
    ASSESS = "assess", _("考核验收")
    RECONFIRM = "reconfirm", _("复核确认")
    RECTIFY = "rectify", _("限期整改")
    DELIST = "delist", _("摘牌")


class HomeAssessmentStatus(models.TextChoices):
    """A 建家 assessment: grassroots unions self-check against the standard with evidence (自评), the county union
    scores beside them (考评), then the scores are final."""

    DRAFT = "draft", _("筹备中")
    OPEN = "open", _("自评考评中")
    CLOSED = "closed", _("已出结果")


class HomeAction(models.TextChoices):
    """What happens to a 建家 assessment (its timeline)."""

    CREATE = "create", _("创建")
    UNITS_ADD = "units_add", _("添加参评单位")
    ASSESSORS_ADD = "assessors_add", _("添加考评人")
    OPEN = "open", _("开始自评考评")
    CLOSE = "close", _("确定结果")


class WorkerAction(models.TextChoices):
    """What happens to a 劳模/工匠 registry record (its timeline)."""

    REGISTER = "register", _("登记")
    EDIT = "edit", _("修改")
    STATUS = "status", _("状态变更")
    CARE = "care", _("关爱")
    VISIT = "visit", _("走访慰问")
    ACTION = "action", _("助力脱贫攻坚")
