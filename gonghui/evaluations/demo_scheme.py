"""The demo's 2020年度基层工会工作量化考核 sheet: 30 indicators in seven dimensions, 21 of them read from the
platform's own records, modelled on the 基层工会工作量化考核 sheets that county and city unions keep in Word and
Excel (base points per item, sliding thresholds on rates, deductions for 超期诉求 and 逾期未报, a capped 加分项, and
必备项 that cap the grade when failed). Points add up to 100, plus at most 5 bonus points."""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .choices import Direction, IndicatorKind, RuleKind, VerificationMethod
from .rules import NO_DATA_FULL

TITLE = "2020年度基层工会工作量化考核"
YEAR = 2020
DESCRIPTION = (
    "依据《基层工会工作量化考核办法》，对全市教科文卫体系统基层工会上年度工作进行量化考核。"
    "考核总分100分，另设加分项（最高加5分）；必备项为否决项，任一项不达标的，考核等级最高评定为一星。"
    "自动取数指标由平台按考核年度末的数据计算，人工评分指标由基层工会自评并上传佐证材料，"
    "市工会考核组查阅资料、看现场评分。90分以上为五星，80分以上为四星，70分以上为三星，60分以上为二星。"
)

AUTO, MANUAL = IndicatorKind.AUTO, IndicatorKind.MANUAL
RECORDS, ON_SITE, SAMPLING, INTERVIEW, PLATFORM = (
    VerificationMethod.RECORDS,
    VerificationMethod.ON_SITE,
    VerificationMethod.SAMPLING,
    VerificationMethod.INTERVIEW,
    VerificationMethod.PLATFORM,
)


def steps(
    *pairs: tuple[int | str, int | str], direction: str = Direction.AT_LEAST, no_data: str = ""
) -> dict[str, Any]:
    params = {"direction": direction, "steps": [[str(bound), str(got)] for bound, got in pairs]}
    return {**params, "no_data": no_data} if no_data else params


def check(bound: int | str, direction: str = Direction.AT_LEAST, no_data: str = "") -> dict[str, Any]:
    params = {"direction": direction, "bound": str(bound)}
    return {**params, "no_data": no_data} if no_data else params


@dataclass(frozen=True)
class DemoIndicator:
    number: str
    name: str
    points: int | str
    standard: str
    kind: str = MANUAL
    source_key: str = ""
    rule: str = RuleKind.MANUAL
    params: dict[str, Any] = field(default_factory=dict)
    verification: str = RECORDS
    is_veto: bool = False
    evidence_required: bool = False

    @property
    def decimal_points(self) -> Decimal:
        return Decimal(str(self.points))


@dataclass(frozen=True)
class DemoDimension:
    name: str
    cap: int | None
    indicators: tuple[DemoIndicator, ...]


DIMENSIONS: tuple[DemoDimension, ...] = (
    DemoDimension(
        "组织建设",
        None,
        (
            DemoIndicator(
                "1.1",
                "会员入会率",
                10,
                "年末在籍会员占职工总数的比例。入会率达到95%及以上得10分，90%及以上得8分，80%及以上得5分，"
                "低于80%不得分。",
                AUTO,
                "members.join_rate",
                RuleKind.THRESHOLDS,
                steps((95, 10), (90, 8), (80, 5)),
                PLATFORM,
            ),
            DemoIndicator(
                "1.2",
                "非在编职工入会率",
                3,
                "聘用制、劳务派遣等非在编职工“应入尽入”。非在编职工入会率90%及以上得3分，80%及以上得2分，"
                "60%及以上得1分。",
                AUTO,
                "members.contract_join_rate",
                RuleKind.THRESHOLDS,
                steps((90, 3), (80, 2), (60, 1)),
                PLATFORM,
            ),
            DemoIndicator(
                "1.3",
                "女职工组织建设",
                3,
                "工会会员中有女会员的，依法建立女职工委员会，组建率达到100%得3分，否则不得分。",
                AUTO,
                "orgs.women_committee_rate",
                RuleKind.CHECK,
                check(100),
                PLATFORM,
            ),
            DemoIndicator(
                "1.4",
                "工会组织健全与制度建设",
                4,
                "工会委员会、经费审查委员会组成人员配备齐全，委员分工明确；建立工会例会、会员代表大会、"
                "财务管理等制度并上墙公示。缺一项制度扣1分，委员会不健全扣2分。",
                verification=RECORDS,
                evidence_required=True,
            ),
        ),
    ),
    DemoDimension(
        "民主管理",
        None,
        (
            DemoIndicator(
                "2.1",
                "二级教代会覆盖率",
                3,
                "设有院系、科室等二级单位的，建立二级教（职）代会。覆盖率80%及以上得3分，50%及以上得2分，"
                "30%及以上得1分。",
                AUTO,
                "congresses.secondary_coverage",
                RuleKind.THRESHOLDS,
                steps((80, 3), (50, 2), (30, 1), no_data=NO_DATA_FULL),
                PLATFORM,
            ),
            DemoIndicator(
                "2.2",
                "提案按期答复率",
                4,
                "教代会提案由承办部门在规定期限内书面答复。按期答复率100%得4分，90%及以上得3分，80%及以上得2分。",
                AUTO,
                "congresses.proposal_reply_rate",
                RuleKind.THRESHOLDS,
                steps((100, 4), (90, 3), (80, 2), no_data=NO_DATA_FULL),
                PLATFORM,
            ),
            DemoIndicator(
                "2.3",
                "提案办理满意率",
                3,
                "提案人对答复结果的满意率。90%及以上得3分，80%及以上得2分，70%及以上得1分。",
                AUTO,
                "congresses.proposal_satisfaction",
                RuleKind.THRESHOLDS,
                steps((90, 3), (80, 2), (70, 1), no_data=NO_DATA_FULL),
                PLATFORM,
            ),
            DemoIndicator(
                "2.4",
                "集体合同建制率",
                4,
                "签订并在期内履行集体合同（含女职工权益保护专项集体合同）。建制率100%得4分，80%及以上得2分。",
                AUTO,
                "congresses.contract_rate",
                RuleKind.THRESHOLDS,
                steps((100, 4), (80, 2)),
                PLATFORM,
            ),
            DemoIndicator(
                "2.5",
                "校（院）务公开",
                6,
                "建立校（院）务公开制度，公开栏、网站按季度公开重大事项、财务收支、评先评优和职称评聘情况。"
                "制度健全得2分，公开及时、内容完整得4分；抽查发现一项应公开未公开扣1分。",
                verification=SAMPLING,
                evidence_required=True,
            ),
        ),
    ),
    DemoDimension(
        "维权服务",
        None,
        (
            DemoIndicator(
                "3.1",
                "职工诉求按期办结率",
                5,
                "通过网上维权平台受理的职工诉求在承诺时限内办结。按期办结率95%及以上得5分，85%及以上得3分，"
                "70%及以上得1分。",
                AUTO,
                "appeals.on_time_rate",
                RuleKind.THRESHOLDS,
                steps((95, 5), (85, 3), (70, 1), no_data=NO_DATA_FULL),
                PLATFORM,
            ),
            DemoIndicator(
                "3.2",
                "诉求办理满意率",
                3,
                "职工对诉求办理结果的评价。满意率90%及以上得3分，80%及以上得2分，60%及以上得1分。",
                AUTO,
                "appeals.satisfaction",
                RuleKind.THRESHOLDS,
                steps((90, 3), (80, 2), (60, 1), no_data=NO_DATA_FULL),
                PLATFORM,
            ),
            DemoIndicator(
                "3.3",
                "超期未办结诉求",
                3,
                "考核年度末仍超期未办结的职工诉求，每件扣1分，扣完为止。",
                AUTO,
                "appeals.overdue",
                RuleKind.DEDUCTION,
                {"per": "1", "floor": "0"},
                PLATFORM,
            ),
            DemoIndicator(
                "3.4",
                "法律援助审查时效",
                2,
                "法律援助申请平均审查用时不超过5天得2分，不超过10天得1分，超过10天不得分。",
                AUTO,
                "legal.aid_review_days",
                RuleKind.THRESHOLDS,
                steps((5, 2), (10, 1), direction=Direction.AT_MOST, no_data=NO_DATA_FULL),
                PLATFORM,
            ),
            DemoIndicator(
                "3.5",
                "劳动保护与安全监督",
                4,
                "建立劳动保护监督检查组织，每学期开展一次安全卫生检查并有记录；参与职工伤亡事故调查处理。"
                "无检查记录扣2分。",
                verification=ON_SITE,
                evidence_required=True,
            ),
        ),
    ),
    DemoDimension(
        "建功立业",
        None,
        (
            DemoIndicator(
                "4.1",
                "劳动和技能竞赛参与",
                5,
                "组织职工参加市级以上劳动和技能竞赛、教学技能竞赛。参赛20人次及以上得5分，10人次及以上得4分，"
                "5人次及以上得3分，有参赛得1分。",
                AUTO,
                "contests.entries",
                RuleKind.THRESHOLDS,
                steps((20, 5), (10, 4), (5, 3), (1, 1)),
                PLATFORM,
            ),
            DemoIndicator(
                "4.2",
                "职工培训学时",
                3,
                "组织工会干部和职工参加线上线下培训，年度累计学时100小时及以上得3分，50小时及以上得2分，"
                "有培训得1分。",
                AUTO,
                "learning.training_hours",
                RuleKind.THRESHOLDS,
                steps((100, 3), (50, 2), (1, 1)),
                PLATFORM,
            ),
            DemoIndicator(
                "4.3",
                "合理化建议与创新成果",
                5,
                "开展“合理化建议”“五小”创新活动，有活动方案、成果汇编。成果被上级采纳推广的得满分。",
                verification=RECORDS,
            ),
        ),
    ),
    DemoDimension(
        "帮扶与关爱",
        None,
        (
            DemoIndicator(
                "5.1",
                "送温暖与慰问",
                3,
                "落实“两节”送温暖和生病住院、一线慰问。年度慰问金发放2000元及以上得3分，1000元及以上得2分，"
                "有发放得1分。",
                AUTO,
                "welfare.relief_spending",
                RuleKind.THRESHOLDS,
                steps((2000, 3), (1000, 2), (1, 1)),
                PLATFORM,
            ),
            DemoIndicator(
                "5.2",
                "职工文体活动",
                4,
                "开展职工喜闻乐见的文体活动。年度开展4场及以上得4分，2场及以上得3分，1场得2分。",
                AUTO,
                "activities.held",
                RuleKind.THRESHOLDS,
                steps((4, 4), (2, 3), (1, 2)),
                PLATFORM,
            ),
            DemoIndicator(
                "5.3",
                "职工志愿服务",
                2,
                "组织会员参加志愿服务，按年度志愿服务时长计分：每10小时得1分，最高2分。",
                AUTO,
                "activities.volunteer_hours",
                RuleKind.PROPORTIONAL,
                {"target": "20"},
                PLATFORM,
            ),
            DemoIndicator(
                "5.4",
                "职工之家建设",
                3,
                "开展模范职工之家、职工小家建设，按年度建家自查得分折算：自查得分÷100×3。",
                AUTO,
                "honours.home_score",
                RuleKind.PROPORTIONAL,
                {"target": "100"},
                PLATFORM,
            ),
            DemoIndicator(
                "5.5",
                "困难职工帮扶",
                3,
                "建立困难职工档案并动态管理，落实“一户一策”帮扶措施，帮扶记录完整。",
                verification=RECORDS,
                evidence_required=True,
            ),
        ),
    ),
    DemoDimension(
        "宣传教育与网上工作",
        None,
        (
            DemoIndicator(
                "6.1",
                "网上答题参与率",
                4,
                "组织会员参加“尊法守法”等网上答题活动。参与率60%及以上得4分，40%及以上得3分，20%及以上得2分，"
                "5%及以上得1分。",
                AUTO,
                "quizzes.participation_rate",
                RuleKind.THRESHOLDS,
                steps((60, 4), (40, 3), (20, 2), (5, 1)),
                PLATFORM,
            ),
            DemoIndicator(
                "6.2",
                "统计报表报送及时率",
                3,
                "按时报送工会统计年报、会员基本情况等报表。及时率100%得3分，80%及以上得2分。",
                AUTO,
                "reports.on_time_rate",
                RuleKind.THRESHOLDS,
                steps((100, 3), (80, 2), no_data=NO_DATA_FULL),
                PLATFORM,
            ),
            DemoIndicator(
                "6.3",
                "逾期未报",
                2,
                "考核年度末仍逾期未报的报表，每件扣1分，扣完为止。",
                AUTO,
                "reports.overdue",
                RuleKind.DEDUCTION,
                {"per": "1", "floor": "0"},
                PLATFORM,
            ),
            DemoIndicator(
                "6.4",
                "公文签收率",
                2,
                "上级工会下发公文在平台按时签收。签收率100%得2分，90%及以上得1分。",
                AUTO,
                "documents.receipt_rate",
                RuleKind.THRESHOLDS,
                steps((100, 2), (90, 1), no_data=NO_DATA_FULL),
                PLATFORM,
            ),
            DemoIndicator(
                "6.5",
                "宣传阵地与信息报送",
                4,
                "有工会宣传栏、网页或公众号，全年向上级工会报送工作信息4篇以上得4分，2篇以上得2分。",
                verification=RECORDS,
            ),
        ),
    ),
    DemoDimension(
        "加分项",
        5,
        (
            DemoIndicator(
                "7.1",
                "获得荣誉表彰",
                5,
                "本单位或职工获得市级以上评选表彰、劳模工匠称号的，每项加2分。本项及加分项合计最高加5分。",
                AUTO,
                "honours.awards",
                RuleKind.BONUS,
                {"per": "2"},
                PLATFORM,
            ),
            DemoIndicator(
                "7.2",
                "工作创新与经验推广",
                3,
                "工作经验在市级以上会议交流或被上级工会转发推广的，每项加1.5分，最高3分。",
                verification=INTERVIEW,
            ),
        ),
    ),
    DemoDimension(
        "必备项",
        None,
        (
            DemoIndicator(
                "8.1",
                "按期换届",
                0,
                "工会委员会任期届满按期换届（必备项，不计分）。未按期换届的，考核等级最高评定为一星。",
                AUTO,
                "congresses.election_on_time",
                RuleKind.CHECK,
                check(100, no_data=NO_DATA_FULL),
                PLATFORM,
                is_veto=True,
            ),
        ),
    ),
)

# A grassroots union's 自评 of the manual indicators: (points as a share of full points, note).
SELF_NOTES = {
    "1.4": "工会委员会、经审会组成齐全，例会、财务等制度已上墙。",
    "2.5": "校务公开栏按季度更新，财务收支和评先评优情况均已公开。",
    "3.5": "每学期开展安全卫生检查，检查记录附后。",
    "4.3": "开展“五小”创新活动，形成成果汇编一册。",
    "5.5": "困难职工档案齐全，实行动态管理。",
    "6.5": "全年向上级工会报送工作信息5篇。",
    "7.2": "建家经验在县区工会工作会议上交流。",
}
