"""The built-in roles and what they allow. Apps add roles (and actions) through core.registry.roles.

Actions are "<app>.<verb>" strings; a role allows a fixed set of them on the org it is granted on
and every org below. CONSOLE is the action behind every admin-console page."""

from gonghui.core.registry import Role, roles

CONSOLE = "console.access"
PORTAL = "portal.use"

SYSADMIN = "sysadmin"
UNION_ADMIN = "union_admin"
UNION_STAFF = "union_staff"
REVIEWER = "reviewer"
JUDGE = "judge"
AUDITOR = "auditor"
MEMBER = "member"
PARTNER = "partner"

# The actions of the business modules that the built-in roles carry: a union's admin does everything in its
# subtree and alone signs (签发) its documents, its staff (干事) do the daily work — draft and 签收 公文, handle
# 诉求, run 答题 — and an auditor only reads.
REPORTS_ALL = ("reports.view", "reports.manage", "reports.submit")
REPORTS_STAFF = ("reports.view", "reports.submit")
LEGAL_ALL = ("legal.view", "legal.handle", "legal.manage_lawyers")
LEGAL_STAFF = ("legal.view", "legal.handle")
WORKPLANS_ALL = ("workplans.view", "workplans.manage", "workplans.report")
WORKPLANS_STAFF = ("workplans.view", "workplans.report")
DOCUMENTS_ALL = (
    "documents.view",
    "documents.manage",
    "documents.receive",
    "documents.review",
    "documents.sign",
)
DOCUMENTS_STAFF = ("documents.view", "documents.manage", "documents.receive")
APPEALS_STAFF = ("appeals.view", "appeals.handle")
QUIZZES_ALL = ("quizzes.view", "quizzes.manage")
CERTIFICATES_ALL = ("certificates.view", "certificates.manage")
NOTICES_ALL = ("notices.view", "notices.manage")
QUOTAS_ALL = ("quotas.view", "quotas.manage")
REVIEWS_ALL = ("reviews.view", "reviews.manage")
LEDGER_ALL = ("ledger.view", "ledger.manage", "ledger.reveal")
CHECKINS_ALL = ("checkins.view", "checkins.manage")
CONTESTS_ALL = ("contests.view", "contests.manage")
HONOURS_ALL = ("honours.view", "honours.manage")
# 困难职工帮扶: the files are the 帮扶干事's (its own role, registered by welfare); everyone else sees counts only.
WELFARE_STATS = ("welfare.stats",)
# 送温暖、慰问与疗休养、普惠 are the union's ordinary work (welfare.permissions.CARE_*).
WELFARE_CARE_ALL = ("welfare.care_view", "welfare.care_manage")
ACTIVITIES_ALL = ("activities.view", "activities.manage")
# 婚恋交友: cadres see counts only (reports go to the 婚恋交友管理员, a role matchmaking registers).
MATCHMAKING_STATS = "matchmaking.stats"
# 宣传: the admin writes, reviews and manages (review levels, 投稿 adoption, withdrawal, the sensitive words on the
# root); staff write; a 宣传审核员 (a role news registers) reviews. 学习培训 is the union's ordinary work.
NEWS_ADMIN = ("news.view", "news.write", "news.review", "news.manage")
NEWS_STAFF = ("news.view", "news.write")
LEARNING_ALL = ("learning.view", "learning.manage")
# 问卷调查与课题研究: the union's ordinary work (surveys, analyses, 课题 calls and applications).
SURVEYS_ALL = ("surveys.view", "surveys.manage")
# 民主管理: the union's ordinary work (congresses, 提案, 校务公开, 集体合同, 换届).
CONGRESSES_ALL = ("congresses.view", "congresses.manage")
EVALUATIONS_ALL = ("evaluations.view", "evaluations.manage")
VIEW_ONLY = (
    "reports.view",
    "legal.view",
    "workplans.view",
    "documents.view",
    "appeals.view",
    "quizzes.view",
    "certificates.view",
    "notices.view",
    "quotas.view",
    "ledger.view",
    "reviews.view",
    "checkins.view",
    "contests.view",
    "honours.view",
    *WELFARE_STATS,
    "welfare.care_view",
    "activities.view",
    MATCHMAKING_STATS,
    "news.view",
    "learning.view",
    "surveys.view",
    "congresses.view",
    "evaluations.view",
)

BUILTIN_ROLES = (
    Role(
        code=SYSADMIN,
        label="系统管理员",
        actions=frozenset({"*"}),
        order=10,
        description="平台全部功能，含角色授权与审计",
    ),
    Role(
        code=UNION_ADMIN,
        label="工会管理员",
        actions=frozenset(
            {
                CONSOLE,
                "orgs.view",
                "orgs.manage",
                "members.view",
                "members.manage",
                "members.reveal",
                "accounts.view",
                "accounts.manage",
                *REPORTS_ALL,
                *LEGAL_ALL,
                *WORKPLANS_ALL,
                *DOCUMENTS_ALL,
                *APPEALS_STAFF,
                *QUIZZES_ALL,
                *CERTIFICATES_ALL,
                *NOTICES_ALL,
                *QUOTAS_ALL,
                *REVIEWS_ALL,
                *LEDGER_ALL,
                *CHECKINS_ALL,
                *CONTESTS_ALL,
                *HONOURS_ALL,
                *WELFARE_STATS,
                *WELFARE_CARE_ALL,
                *ACTIVITIES_ALL,
                MATCHMAKING_STATS,
                *NEWS_ADMIN,
                *LEARNING_ALL,
                *SURVEYS_ALL,
                *CONGRESSES_ALL,
                *EVALUATIONS_ALL,
            }
        ),
        order=20,
        description="本级及下级工会的组织、会员与账号管理，签发公文",
    ),
    Role(
        code=UNION_STAFF,
        label="工会干事",
        actions=frozenset(
            {
                CONSOLE,
                "orgs.view",
                "members.view",
                "members.manage",
                *REPORTS_STAFF,
                *LEGAL_STAFF,
                *WORKPLANS_STAFF,
                *DOCUMENTS_STAFF,
                *APPEALS_STAFF,
                *QUIZZES_ALL,
                *CERTIFICATES_ALL,
                *NOTICES_ALL,
                *QUOTAS_ALL,
                *REVIEWS_ALL,
                *CHECKINS_ALL,
                *CONTESTS_ALL,
                *HONOURS_ALL,
                *WELFARE_STATS,
                *WELFARE_CARE_ALL,
                *ACTIVITIES_ALL,
                MATCHMAKING_STATS,
                *NEWS_STAFF,
                *LEARNING_ALL,
                *SURVEYS_ALL,
                *CONGRESSES_ALL,
                *EVALUATIONS_ALL,
            }
        ),
        order=30,
        description="日常业务办理：会员、报送、工作要点、公文起草与签收、诉求、法律服务、答题",
    ),
    Role(
        code=REVIEWER,
        label="审核人",
        actions=frozenset(
            {CONSOLE, "orgs.view", "members.view", "members.review", "documents.view", "documents.review"}
        ),
        order=40,
        description="审核申请与材料",
    ),
    Role(
        code=JUDGE,
        label="评委",
        actions=frozenset({CONSOLE, "reviews.judge"}),
        order=50,
        description="只处理分配给本人的评审任务",
    ),
    Role(
        code=AUDITOR,
        label="只读审计",
        actions=frozenset({CONSOLE, "orgs.view", "members.view", "accounts.view", "audit.view", *VIEW_ONLY}),
        order=60,
        description="只读查看本级及下级数据和审计日志",
    ),
    Role(
        code=MEMBER,
        label="会员",
        actions=frozenset({PORTAL}),
        order=90,
        console=False,
        description="会员端：本人信息与服务",
    ),
)

# Object-only roles: granted through accounts.ObjectGrant on one object (a review round …) to a contact outside
# the union tree, never on an org (no RoleGrant). Their view actions count only for the granted object's model.
OBJECT_ROLES = (
    Role(
        code=PARTNER,
        label="合作单位联系人",
        actions=frozenset({CONSOLE, "reviews.view", "contests.view"}),
        order=95,
        object_only=True,
        description="外部合作单位联系人：只查看被授权的那一个对象，到期失效",
    ),
)


def register_builtin_roles() -> None:
    for role in (*BUILTIN_ROLES, *OBJECT_ROLES):
        if role.code not in roles:
            roles.register(role.code, role)


def role_choices() -> list[tuple[str, str]]:
    """The roles grantable on an org (a RoleGrant): every role but the object-only ones."""
    return [(r.code, r.label) for r in roles if not r.object_only]


def is_object_only(code: str) -> bool:
    return code in roles and roles.get(code).object_only
