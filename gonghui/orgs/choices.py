from django.db import models
from django.utils.translation import gettext_lazy as _


class OrgLevel(models.TextChoices):
    CITY = "city", _("市级产业工会")
    COUNTY = "county", _("县区工会")
    GRASSROOTS = "grassroots", _("基层工会")
    BRANCH = "branch", _("分工会/工会小组")


LEVEL_RANK = {OrgLevel.CITY: 1, OrgLevel.COUNTY: 2, OrgLevel.GRASSROOTS: 3, OrgLevel.BRANCH: 4}
# The levels that supervise 建会 in their area; the new union is a 基层工会 under them.
SUPERVISOR_LEVELS = (OrgLevel.CITY, OrgLevel.COUNTY)


class OrgStatus(models.TextChoices):
    ACTIVE = "active", _("正常")
    INACTIVE = "inactive", _("已停用")


class OrgAction(models.TextChoices):
    CREATE = "create", _("新建")
    EDIT = "edit", _("修改")
    MOVE = "move", _("移动")
    DEACTIVATE = "deactivate", _("停用")
    REACTIVATE = "reactivate", _("恢复")
    COVER_ADD = "cover_add", _("添加所覆盖单位")
    COVER_EDIT = "cover_edit", _("修改所覆盖单位")
    COVER_REMOVE = "cover_remove", _("移除所覆盖单位")


class UnitCategory(models.TextChoices):
    """单位类别 (union organisation register), see shared/domain/codes.md."""

    STATE_OWNED = "110", _("国有")
    COLLECTIVE = "120", _("集体")
    JOINT_STOCK_COOP = "130", _("股份合作")
    JOINT_OPERATION = "140", _("联营")
    STATE_SOLE_COMPANY = "151", _("国有独资公司")
    OTHER_LIMITED = "159", _("其他有限责任公司")
    STATE_HOLDING_SHARES = "161", _("国有控股股份有限公司")
    OTHER_SHARES = "169", _("其他股份有限公司")
    PRIVATE = "170", _("私营")
    OTHER_DOMESTIC = "190", _("其他内资")
    HK_MACAO_TAIWAN = "200", _("港澳台投资")
    FOREIGN = "300", _("外商投资")
    PUBLIC_INSTITUTION = "400", _("事业单位")
    GOVERNMENT = "500", _("机关")
    INDIVIDUAL = "600", _("个体")
    PRIVATE_NON_ENTERPRISE = "700", _("民办非企业单位")


class Industry(models.TextChoices):
    """国民经济行业分类 (GB/T 4754) sections relevant here."""

    EDUCATION = "P", _("教育")
    HEALTH = "Q", _("卫生和社会工作")
    CULTURE_SPORTS = "R", _("文化、体育和娱乐业")
    RESEARCH = "M", _("科学研究和技术服务业")
    PUBLIC_ADMIN = "S", _("公共管理、社会保障和社会组织")


class FoundingStatus(models.TextChoices):
    """建会 states (DESIGN §4)."""

    NOT_FOUNDED = "not_founded", _("未建会")
    APPLIED = "applied", _("已申请")
    REJECTED = "rejected", _("未通过")
    APPROVED = "approved", _("已线下批准")
    DEVELOPING = "developing", _("发展会员中")
    GROUPS_FORMED = "groups_formed", _("已组建小组")
    PREPARING_CONGRESS = "preparing_congress", _("筹备会员大会")
    FOUNDED = "founded", _("已建会")
    COMMITTEES_FORMED = "committees_formed", _("三委已组建")
    COMPLETE = "complete", _("信息完善")


class FoundingAction(models.TextChoices):
    """建会 actions (the states are FoundingStatus)."""

    REGISTER = "register", _("登记单位")
    APPLY = "apply", _("申请建会")
    REJECT = "reject", _("不同意")
    APPROVE = "approve", _("批复同意")
    DEVELOP = "develop", _("发展会员")
    FORM_GROUPS = "form_groups", _("建立工会小组")
    PREPARE_CONGRESS = "prepare_congress", _("筹备会员大会")
    FOUND = "found", _("宣布建会")
    FORM_COMMITTEES = "form_committees", _("三委同步组建")
    COMPLETE = "complete", _("完善信息")


# 建会 actions with a form of their own (they create or complete the union); the rest only take a note.
FOUNDING_FORM_ACTIONS = (FoundingAction.FOUND, FoundingAction.COMPLETE)


class CommitteeKind(models.TextChoices):
    """The three committees a union elects (三委): its committee, the funds audit committee, the women's committee."""

    UNION = "union", _("工会委员会")
    AUDIT = "audit", _("经费审查委员会")
    WOMEN = "women", _("女职工委员会")


class CommitteeAction(models.TextChoices):
    """What happens to a committee or its seats (timeline rows on the org)."""

    CREATE = "committee_create", _("登记委员会")
    EDIT = "committee_edit", _("修改委员会")
    NEW_TERM = "committee_new_term", _("委员会换届")
    SEAT_ADD = "seat_add", _("增补委员")
    SEAT_ROLE = "seat_role", _("调整委员职务")
    SEAT_REMOVE = "seat_remove", _("免去委员")


class ProtectionAction(models.TextChoices):
    """What happens to a 女职工特殊保护检查表 (timeline rows on the unit's union)."""

    CREATE = "protection_create", _("填写女职工特殊保护检查表")
    EDIT = "protection_edit", _("修改女职工特殊保护检查表")
