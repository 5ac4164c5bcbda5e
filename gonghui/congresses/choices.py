"""The choices of 民主管理 (congresses), one block per part."""

from django.db import models
from django.utils.translation import gettext_lazy as _


# --- congress (代表大会, delegates) ----------------------------------------------------------------------------------
class CongressKind(models.TextChoices):
    """教代会 / 职代会 elect delegates; a small unit holds a 大会 of all its staff instead (大会 mode: quorum and votes
    count all staff, the teachers' 60 % rule does not apply)."""

    TEACHERS = "teachers", _("教职工代表大会")
    WORKERS = "workers", _("职工代表大会")
    TEACHERS_ASSEMBLY = "teachers_all", _("教职工大会")
    WORKERS_ASSEMBLY = "workers_all", _("职工大会")


ASSEMBLY_KINDS = frozenset({CongressKind.TEACHERS_ASSEMBLY, CongressKind.WORKERS_ASSEMBLY})


class DelegateRole(models.TextChoices):
    """正式代表 count for quorum and votes; 列席 and 特邀 attend without a vote."""

    FULL = "full", _("正式代表")
    OBSERVER = "observer", _("列席代表")
    INVITED = "invited", _("特邀代表")


class CongressAction(models.TextChoices):
    CREATED = "created", _("建立")
    EDITED = "edited", _("修改")
    DELEGATION_CREATED = "delegation_created", _("设立代表团")
    DELEGATE_ADDED = "delegate_added", _("增补代表")
    DELEGATE_ENDED = "delegate_ended", _("代表资格终止")
    DELEGATES_IMPORTED = "delegates_imported", _("导入代表")
    NEW_TERM = "new_term", _("换届")


# --- sessions (会议, 表决, 临时会议) ------------------------------------------------------------------------------
class SessionKind(models.TextChoices):
    REGULAR = "regular", _("例会")
    EXTRAORDINARY = "extraordinary", _("临时会议")


class SessionStatus(models.TextChoices):
    PLANNED = "planned", _("筹备中")
    IN_SESSION = "in_session", _("会议进行中")
    CLOSED = "closed", _("已闭会")


class BallotKind(models.TextChoices):
    """举手/计数表决 records the counts; 无记名投票 collects each delegate's choice on the anonymous-response store
    (who voted is kept apart from how)."""

    OPEN = "open", _("举手表决")
    SECRET = "secret", _("无记名投票")


class MotionStatus(models.TextChoices):
    DRAFT = "draft", _("待表决")
    VOTING = "voting", _("投票中")
    DECIDED = "decided", _("已表决")


class PetitionStatus(models.TextChoices):
    """A request by delegates for an extraordinary session: open for signatures until one third of the full
    delegates have signed (then 已达法定人数), and convened or withdrawn."""

    COLLECTING = "collecting", _("征集联名")
    REACHED = "reached", _("已达三分之一")
    CONVENED = "convened", _("已召开临时会议")
    WITHDRAWN = "withdrawn", _("已撤回")


class SessionAction(models.TextChoices):
    CREATED = "created", _("筹备会议")
    EDITED = "edited", _("修改")
    OPENED = "opened", _("开幕")
    CLOSED = "closed", _("闭幕")
    MOTION_DECIDED = "motion_decided", _("表决")
    RESOLUTION_PUBLISHED = "resolution_published", _("公布决议")
    MOTION_ADDED = "motion_added", _("增加表决事项")
    MOTION_EDITED = "motion_edited", _("修改表决事项")
    MOTION_REMOVED = "motion_removed", _("删除表决事项")
    BALLOT_OPENED = "ballot_opened", _("开始无记名投票")
    BALLOT_CLOSED = "ballot_closed", _("结束无记名投票")
    DOCUMENT_ADDED = "document_added", _("上传会议文件")
    DOCUMENT_REMOVED = "document_removed", _("删除会议文件")
    PETITION_STARTED = "petition_started", _("发起临时会议提议")
    PETITION_SIGNED = "petition_signed", _("联名")
    PETITION_REACHED = "petition_reached", _("提议达到三分之一")
    PETITION_WITHDRAWN = "petition_withdrawn", _("撤回提议")
    PETITION_CONVENED = "petition_convened", _("召开临时会议")
    HONOURS_REVIEW = "honours_review", _("组织优秀提案评选")
    HONOURS_RECORDED = "honours_recorded", _("确定优秀提案和承办先进单位")
    PROPOSALS_PUBLISHED = "proposals_published", _("公开提案办理情况")


# --- proposals (提案) ---------------------------------------------------------------------------------------------
class ProposalKind(models.TextChoices):
    """A 提案 needs two seconders in the collection window; a late or unseconded one is handled as 意见建议 with the
    same tracking."""

    PROPOSAL = "proposal", _("提案")
    SUGGESTION = "suggestion", _("意见建议")


class ProposalCategory(models.TextChoices):
    TEACHING = "teaching", _("教学科研与业务发展")
    STAFF = "staff", _("队伍建设与人事制度")
    PAY = "pay", _("薪酬福利与权益保障")
    LOGISTICS = "logistics", _("后勤保障与校园环境")
    DEMOCRACY = "democracy", _("民主管理与公开")
    OTHER = "other", _("其他")


class ProposalStatus(models.TextChoices):
    SECONDING = "seconding", _("征集附议")
    SUBMITTED = "submitted", _("待审查")
    REJECTED = "rejected", _("不予立案")
    ACCEPTED = "accepted", _("已立案待交办")
    HANDLING = "handling", _("办理中")
    REPLIED = "replied", _("已答复待评价")
    REHANDLING = "rehandling", _("重新办理中")
    CLOSED = "closed", _("已办结")
    WITHDRAWN = "withdrawn", _("已撤回")


class HandlerRole(models.TextChoices):
    LEAD = "lead", _("主办")
    ASSIST = "assist", _("协办")


class ReplyType(models.TextChoices):
    SOLVED = "solved", _("已解决")
    PLANNED = "planned", _("列入计划解决")
    EXPLAINED = "explained", _("留作参考并解释")


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASIC = "basic", _("基本满意")
    UNSATISFIED = "unsatisfied", _("不满意")


class HonourKind(models.TextChoices):
    EXCELLENT_PROPOSAL = "excellent_proposal", _("优秀提案")
    ADVANCED_HANDLER = "advanced_handler", _("提案承办先进单位")


class ProposalAction(models.TextChoices):
    SUBMITTED = "submitted", _("提交")
    SECONDED = "seconded", _("附议")
    WITHDRAWN = "withdrawn", _("撤回")
    CONVERTED = "converted", _("转为意见建议")
    ACCEPTED = "accepted", _("立案")
    REJECTED = "rejected", _("不予立案")
    ASSIGNED = "assigned", _("交办")
    REPLIED = "replied", _("答复")
    RATED = "rated", _("评价")
    REHANDLING = "rehandling", _("重新办理")
    ESCALATED = "escalated", _("逾期督办")
    PUBLISHED = "published", _("公开")
    UNPUBLISHED = "unpublished", _("撤回公开")
    HONOURED = "honoured", _("评为优秀提案")


# --- disclosures (校务公开) ----------------------------------------------------------------------------------------
class DisclosureCategory(models.TextChoices):
    DECISIONS = "decisions", _("重大决策与发展规划")
    FINANCE = "finance", _("财务收支与预决算")
    PERSONNEL = "personnel", _("人事招聘与职称评聘")
    AWARDS = "awards", _("评优评先与奖惩")
    PROCUREMENT = "procurement", _("基建工程与物资采购")
    WELFARE = "welfare", _("教职工福利与保险")
    ENROLMENT = "enrolment", _("招生收费与服务承诺")
    OTHER = "other", _("其他事项")


class DisclosureStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已公开")
    WITHDRAWN = "withdrawn", _("已撤回")


class DisclosureAction(models.TextChoices):
    CREATE = "disclosure_create", _("新建公开事项")
    EDIT = "disclosure_edit", _("修改公开事项")
    ATTACH = "disclosure_attach", _("上传附件")
    DETACH = "disclosure_detach", _("删除附件")
    PUBLISH = "disclosure_publish", _("公开")
    WITHDRAW = "disclosure_withdraw", _("撤回")


# --- contracts (集体协商, 集体合同) ----------------------------------------------------------------------------------
class ContractKind(models.TextChoices):
    COMPREHENSIVE = "comprehensive", _("综合集体合同")
    WAGE = "wage", _("工资专项集体合同")
    WOMEN = "women", _("女职工权益保护专项集体合同")


class NegotiationStatus(models.TextChoices):
    REQUESTED = "requested", _("已提出协商要约")
    NEGOTIATING = "negotiating", _("协商中")
    AGREED = "agreed", _("达成一致")
    FAILED = "failed", _("协商未果")


class NegotiationParty(models.TextChoices):
    UNION = "union", _("工会（职工方）")
    EMPLOYER = "employer", _("用人单位")


class NegotiationAction(models.TextChoices):
    CREATED = "created", _("提出协商要约")
    EDITED = "edited", _("修改")
    MEETING = "meeting", _("记录协商会议")
    STATUS = "status", _("变更协商状态")


class ContractStatus(models.TextChoices):
    """草案 → 职代会通过 → 已签订 → 已报送备案 → 已生效 (15 days after filing without objection) | 被提出异议;
    a contract past its term is 已到期; a renewal supersedes it."""

    DRAFT = "draft", _("草案")
    APPROVED = "approved", _("职代会已通过")
    SIGNED = "signed", _("已签订")
    FILED = "filed", _("已报送备案")
    EFFECTIVE = "effective", _("已生效")
    OBJECTED = "objected", _("劳动行政部门提出异议")
    EXPIRED = "expired", _("已到期")
    SUPERSEDED = "superseded", _("已续签")


class ContractAction(models.TextChoices):
    CREATED = "created", _("起草")
    EDITED = "edited", _("修改")
    APPROVED = "approved", _("职代会审议通过")
    SIGNED = "signed", _("签订")
    FILED = "filed", _("报送备案")
    EFFECTIVE = "effective", _("生效")
    OBJECTED = "objected", _("收到异议")
    RENEWED = "renewed", _("续签")
    EXPIRED = "expired", _("到期")


# --- elections (换届) -----------------------------------------------------------------------------------------------
class ElectionStatus(models.TextChoices):
    """换届: 请示 to the upper union → 批复 → 选举 → 上级批复选举结果 → 完成 (the new committees are current)."""

    PLANNING = "planning", _("筹备中")
    REQUESTED = "requested", _("已报送换届请示")
    PLAN_APPROVED = "plan_approved", _("上级已批复换届")
    ELECTED = "elected", _("已选举")
    COMPLETED = "completed", _("上级已批复选举结果")
    CANCELLED = "cancelled", _("已取消")


class ElectionAction(models.TextChoices):
    CREATED = "created", _("启动换届")
    EDITED = "edited", _("修改")
    REQUESTED = "requested", _("报送请示")
    PLAN_APPROVED = "plan_approved", _("批复换届请示")
    ELECTED = "elected", _("登记选举结果")
    COMPLETED = "completed", _("批复选举结果")
    CANCELLED = "cancelled", _("取消")
