"""The one scoping API (netbox's `restrict()`): a tenant-owned model derives from the abstract `OrgScoped`,
declares `scope_path` (its org's tree path: "org__path", "member__org__path", "path" for Org itself), and reads
go through its `ScopedQuerySet`:

    Member.objects.visible_to(user, "members.view")
    Member.objects.get_visible_or_404(user, "members.view", demand="members.manage", public_id=...)

`visible_to` keeps the rows in the subtrees of the orgs where the user holds a role allowing the action
(`scope_q` on `scope_path`); a model with explicit shares or deliveries overrides `visible_q` once and ORs them
in. `get_visible_or_404` answers 404 outside that scope and 403 when the object is in scope but the user lacks
`demand` on its org. Reference data that is not scoped is named in `UNSCOPED_MODELS`. Accounts' own rows read
through `grants_visible_to` and `users_visible_to` (RoleGrant and User cannot derive from `OrgScoped`).

Object grants (`ObjectGrant`: a role on ONE object until it expires, for people outside the union tree) join in
three places and nowhere else: `visible_to` adds the very objects of that model the user holds an unexpired grant
on whose role allows the action (never their children: those are read through the granted parent);
`get_visible_or_404(demand=…)` accepts the demand when such a grant on that object allows it; and
`has_action_anywhere` / `is_cadre` count them, so the outside account reaches the console and the menu entries its
role allows. `has_action(user, action, org)` never becomes true for an org through an object grant, and a
revoked or expired grant counts for nothing.
"""

from collections.abc import Mapping
from typing import Any, ClassVar, Protocol, Self, TypeVar

from django.apps import apps as django_apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.utils import timezone
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from gonghui.core.registry import roles

from .actors import Actor, AnonymousUser, Visitor
from .models import ObjectGrant, RoleGrant, User
from .roles import CONSOLE, PORTAL
from .session_user import GRANTS_ATTR, HAS_OBJECT_GRANTS

M = TypeVar("M", bound=models.Model)
_CACHE_ATTR = GRANTS_ATTR  # the session's user arrives with it set (session_user: read with the user's row)
_OBJECT_CACHE_ATTR = "_gonghui_object_grants"
_PATHS_ATTR = "_gonghui_action_paths"  # action → folded paths, per user object (i.e. per request)
NOTHING = Q(pk__in=[])


class InTree(Protocol):
    """What a grant reaches down to: an org, by its materialized tree path (orgs.models imports this module)."""

    path: str


def user_grants(user: Visitor) -> list[RoleGrant]:
    """The user's grants with their orgs, loaded once per user object (i.e. per request; the session's user
    brings them from `session_user`, read in the statement that reads the user); none for a signed-out visitor,
    so every check below answers "no" for them."""
    if isinstance(user, AnonymousUser) or not getattr(user, "is_authenticated", False):
        return []
    cached: list[RoleGrant] | None = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        # each row also says whether the user holds a live object grant, so that a cadre loaded elsewhere than
        # the session (tests, jobs) needs no query of its own for object grants either
        cached = list(
            RoleGrant.objects.filter(user=user, org__status="active")
            .select_related("org")
            .annotate(**{HAS_OBJECT_GRANTS: Exists(_live_object_grants(OuterRef("user")))})
            .order_by("org__path", "role")
        )
        setattr(user, _CACHE_ATTR, cached)
        if cached and getattr(user, HAS_OBJECT_GRANTS, None) is None:
            setattr(user, HAS_OBJECT_GRANTS, getattr(cached[0], HAS_OBJECT_GRANTS))
    return cached


def _live_object_grants(user: Any) -> models.QuerySet[ObjectGrant]:
    """A user's object grants that count: not revoked, not expired, on an active union."""
    return ObjectGrant.objects.filter(
        user=user, revoked_at__isnull=True, expires_at__gt=timezone.now(), org__status="active"
    )


def user_object_grants(user: Visitor) -> list[ObjectGrant]:
    """The user's unexpired, unrevoked object grants, loaded once per user object (i.e. per request) like
    `user_grants`; none for a signed-out visitor."""
    if isinstance(user, AnonymousUser) or not getattr(user, "is_authenticated", False):
        return []
    cached: list[ObjectGrant] | None = getattr(user, _OBJECT_CACHE_ATTR, None)
    if cached is None and getattr(user, HAS_OBJECT_GRANTS, None) is False:
        cached = []  # the session's user was loaded knowing it holds none (backends.get_user): no query
        setattr(user, _OBJECT_CACHE_ATTR, cached)
    if cached is None:
        cached = list(_live_object_grants(user).order_by("pk"))
        setattr(user, _OBJECT_CACHE_ATTR, cached)
    return cached


def forget_grants(user: Actor) -> None:
    for attr in (_CACHE_ATTR, _OBJECT_CACHE_ATTR, HAS_OBJECT_GRANTS, _PATHS_ATTR):
        if hasattr(user, attr):
            delattr(user, attr)


def _role_allows(role_code: str, action: str) -> bool:
    return role_code in roles and roles.get(role_code).allows(action)


def action_paths(user: Visitor, action: str) -> list[str]:
    """Tree paths of the orgs where `action` is granted, with nested ones folded into their parent. An object-only
    role held through a role grant (never made by the services) counts for nothing. Worked out once per action
    and user object (a console page asks for ~100 actions: the menu, the warnings, the page)."""
    memo: dict[str, list[str]] | None = getattr(user, _PATHS_ATTR, None)
    if memo is None:
        memo = {}
        if getattr(user, "is_authenticated", False):
            setattr(user, _PATHS_ATTR, memo)
    found = memo.get(action)
    if found is not None:
        return found
    paths = sorted(
        {
            g.org.path
            for g in user_grants(user)
            if _role_allows(g.role, action) and not roles.get(g.role).object_only
        }
    )
    folded: list[str] = []
    for path in paths:
        if not any(path.startswith(p) for p in folded):
            folded.append(path)
    memo[action] = folded
    return folded


def scope_q(user: Visitor, action: str, *, path_field: str) -> Q:
    """Q for rows whose org path (reached through `path_field`) lies in the user's subtrees."""
    paths = action_paths(user, action)
    if not paths:
        return NOTHING
    q = Q()
    for path in paths:
        q |= Q(**{f"{path_field}__startswith": path})
    return q


def above_q(user: Visitor, action: str, *, path_field: str) -> Q:
    """Q for rows whose org path (reached through `path_field`) lies strictly above a union where the user holds
    `action`: what higher unions share down (their lawyers, their running contests)."""
    steplen = MP_Node.steplen
    above = {p[:i] for p in action_paths(user, action) for i in range(steplen, len(p), steplen)}
    return Q(**{f"{path_field}__in": sorted(above)}) if above else NOTHING


def has_action(user: Visitor, action: str, org: InTree) -> bool:
    """Does the user hold `action` on this org (directly or through an ancestor)?"""
    return any(org.path.startswith(p) for p in action_paths(user, action))


def object_grant_ids(user: Visitor, action: str, model: type[models.Model]) -> list[int]:
    """Primary keys of the objects of exactly `model` on which the user holds an unexpired object grant whose
    role allows `action`."""
    grants = user_object_grants(user)
    if not grants:
        return []
    content_type_id = ContentType.objects.get_for_model(model).pk
    return sorted(
        {g.object_id for g in grants if g.content_type_id == content_type_id and _role_allows(g.role, action)}
    )


def object_grant_allows(user: Visitor, action: str, obj: models.Model) -> bool:
    """Does an unexpired object grant on this very object allow `action`?"""
    return obj.pk in object_grant_ids(user, action, type(obj))


def _object_grant_allows_anywhere(grant: ObjectGrant, action: str) -> bool:
    """Does an object grant allow `action` somewhere? An object-only role's actions count only in the granted
    object's own app (actions of no app, such as console.access, count everywhere): a 合作单位联系人 of a review round gets 评审管理, not the 竞赛 menu its role would also allow."""
    if not _role_allows(grant.role, action):
        return False
    app_label = action.split(".", 1)[0]
    if not roles.get(grant.role).object_only or app_label not in django_apps.app_configs:
        return True  # an org-wide role, or an action of no app (console.access)
    return bool(ContentType.objects.get_for_id(grant.content_type_id).app_label == app_label)


def has_action_anywhere(user: Visitor, action: str) -> bool:
    """Held somewhere: on an org (a role grant) or on one object (an unexpired object grant)."""
    return bool(action_paths(user, action)) or any(
        _object_grant_allows_anywhere(g, action) for g in user_object_grants(user)
    )


def is_cadre(user: Visitor) -> bool:
    return has_action_anywhere(user, CONSOLE)


def is_member_user(user: Visitor) -> bool:
    return has_action_anywhere(user, PORTAL)


def require_action(user: Visitor, action: str, org: InTree) -> None:
    if not has_action(user, action, org):
        raise PermissionDenied


def grants_visible_to(user: Visitor, action: str) -> models.QuerySet[RoleGrant]:
    """Role grants on the orgs in the user's subtrees for `action`: `RoleGrant`'s `visible_to`. RoleGrant cannot
    derive from `OrgScoped`: accounts.models would import this module, which imports accounts.models."""
    return RoleGrant.objects.filter(scope_q(user, action, path_field="org__path"))


def users_visible_to(user: Visitor, action: str) -> models.QuerySet[User]:
    """Accounts with a grant or a member record in the user's subtrees for `action`, each once."""
    inside = User.objects.filter(
        scope_q(user, action, path_field="grants__org__path")
        | scope_q(user, action, path_field="member__org__path")
    )
    return User.objects.filter(pk__in=inside.values("pk"))


def scope_org(obj: models.Model, scope_path: str) -> Any:
    """The org an object is scoped by: `scope_path` without its final `__path`, followed attribute by attribute
    ("member__org__path" → obj.member.org; "path" → the object itself, an Org)."""
    target: Any = obj
    for attr in scope_path.split("__")[:-1]:
        target = getattr(target, attr)
    return target


class ScopedQuerySet[M: models.Model](models.QuerySet[M]):
    """Reads of an `OrgScoped` model: `.visible_to(user, action)` and `.get_visible_or_404(...)`."""

    def visible_to(self, user: Visitor, action: str) -> Self:
        """The rows the user may see for `action`: the model's `visible_q` (grants' subtrees plus shares)."""
        q = self.model.visible_q(user, action)  # type: ignore[attr-defined]
        granted = object_grant_ids(user, action, self.model)
        if granted:
            q |= Q(pk__in=granted)
        return self.filter(q)

    def in_subtrees(self, user: Visitor, action: str) -> Self:
        """Only the rows whose own org (`scope_path`) lies in the user's subtrees for `action`, without the shares
        and deliveries `visible_to` adds: a union's "sent" lists."""
        return self.filter(scope_q(user, action, path_field=self.model.scope_path))  # type: ignore[attr-defined]

    def get_visible_or_404(
        self, user: Visitor, action: str, *, demand: str | None = None, **lookup: Any
    ) -> M:
        """One object among those visible for `action` (else 404); then, if `demand` is given, the user must hold
        it on the object's org, or an unexpired object grant on this very object must allow it (else 403)."""
        try:
            obj = self.visible_to(user, action).get(**lookup)
        except (ObjectDoesNotExist, ValueError, ValidationError):  # a malformed id is "not found" too
            raise Http404 from None
        if demand is not None and not object_grant_allows(user, demand, obj):
            require_action(user, demand, scope_org(obj, self.model.scope_path))  # type: ignore[attr-defined]
        return obj


class ScopedManager[M: models.Model](models.Manager[M]):
    """The default manager of an `OrgScoped` model (not used in migrations, so no migration results)."""

    def get_queryset(self) -> ScopedQuerySet[M]:
        return ScopedQuerySet(self.model, using=self._db)

    def visible_to(self, user: Visitor, action: str) -> ScopedQuerySet[M]:
        return self.get_queryset().visible_to(user, action)

    def in_subtrees(self, user: Visitor, action: str) -> ScopedQuerySet[M]:
        return self.get_queryset().in_subtrees(user, action)

    def get_visible_or_404(
        self, user: Visitor, action: str, *, demand: str | None = None, **lookup: Any
    ) -> M:
        return self.get_queryset().get_visible_or_404(user, action, demand=demand, **lookup)

    def select_related(self, *fields: Any) -> ScopedQuerySet[M]:
        """Typed pass-through, so `Model.objects.select_related(…).get_visible_or_404(…)` checks."""
        return self.get_queryset().select_related(*fields)


class ScopedNodeQuerySet[M: models.Model](ScopedQuerySet[M], MP_NodeQuerySet):  # type: ignore[misc]
    """treebeard's materialized-path queryset (its tree-aware delete) with the scoped reads, for `Org`."""


class ScopedNodeManager[M: models.Model](MP_NodeManager, ScopedManager[M]):  # type: ignore[misc]
    """treebeard's manager (tree helpers, `path` ordering) returning a `ScopedNodeQuerySet`, for `Org`."""

    def get_queryset(self) -> ScopedNodeQuerySet[M]:
        return ScopedNodeQuerySet(self.model, using=self._db).order_by("path")

    def visible_to(self, user: Visitor, action: str) -> ScopedNodeQuerySet[M]:
        return self.get_queryset().visible_to(user, action)


class OrgScoped(models.Model):
    """Abstract base of every tenant-owned model: declares `scope_path` and reads through `ScopedQuerySet`.

    List it after `BaseModel` (`class Member(BaseModel, OrgScoped)`) so the model keeps BaseModel's Meta."""

    scope_path: ClassVar[str] = "org__path"

    objects = ScopedManager()

    class Meta:
        abstract = True

    @classmethod
    def visible_q(cls, user: Visitor, action: str) -> Q:
        """Rows in the subtrees of the orgs where the user holds `action`. Models with shares or deliveries
        override this once and OR them in."""
        return scope_q(user, action, path_field=cls.scope_path)


UNSCOPED_MODELS: Mapping[str, str] = {
    # Reference data, the same for every union.
    "codelists.codeitem": "国家/行业代码表",
    "calendars.calendarday": "法定节假日与调休日",
    "calendars.calendaryear": "已维护节假日的年度",
    "appeals.appealcategory": "诉求类别",
    "members.cardbanktemplate": "银行制卡文件模板",
    "members.membertag": "会员标签",
    "core.numbersequence": "编号序列（内部计数）",
    # People and their own rows: read by the owner, never listed across unions through scoping.
    "accounts.user": "账号（由 users_visible_to 按授权与会籍所在组织筛选）",
    "accounts.rolegrant": "授权（由 grants_visible_to 按 org 筛选）",
    "accounts.objectgrant": "对象授权（随被授权对象读取，授权方检查 can_grant）",
    "accounts.smscode": "短信验证码（按手机号）",
    "accounts.apitoken": "API 令牌（本人）",
    "notifications.notification": "站内通知（本人）",
    "spreadsheets.importjob": "导入任务（本人发起）",
    "spreadsheets.exportjob": "导出任务（本人发起）",
    # Cross-cutting rows read through the object they belong to, or by audit readers by org.
    "core.timelineentry": "时间线（随所属对象读取）",
    "core.auditlog": "审计日志（按 audit.view 的 org 范围读取）",
    "attachments.attachment": "附件（随所属对象读取，owner 检查可见性）",
    # Child rows read only through their scoped parent.
    "appeals.appealmessage": "诉求留言（随 Appeal 读取）",
    "documents.incomingreader": "收文传阅人（随 IncomingDocument 读取）",
    "members.membershipchange": "会籍变动记录（随 Member 读取）",
    "members.membercount": "会员计数（数据看板按已授权的统计范围读取，见 dashboards.selectors.coverage）",
    "members.committeeseat": "三委委员（随 orgs.Committee 读取：只在已按权限读取的工会内查找）",
    "members.targetlistentry": "名单成员（随 TargetList 读取）",
    "quizzes.question": "题目（随 QuestionBank 读取）",
    "quizzes.activityunit": "答题参与单位（随 QuizActivity 读取）",
    "quizzes.answer": "作答（随 Attempt 读取）",
    "quizzes.attemptevent": "作答事件（随 Attempt 读取）",
    "quizzes.activityresult": "答题成绩（随 QuizActivity 读取）",
    "quizzes.wronganswer": "错题本（本人）",
    "quizzes.practicestat": "练习统计（本人）",
    "workplans.plansection": "工作要点部分（随 WorkPlan 读取）",
    "congresses.disclosureread": "校务公开阅读回执（随 Disclosure 读取）",
    # The anonymous-response store: read only through its owner (a survey, a ballot), whose kind checks access;
    # answers carry no member and so no org path by design.
    "responses.collection": "答卷收集状态（随所属问卷或投票读取）",
    "responses.participation": "参与记录（随所属问卷或投票读取，本人回执）",
    "responses.pendinganswer": "待写入答卷（无会员信息，随所属问卷或投票读取）",
    "responses.anonymousanswer": "匿名答卷（无会员信息，随所属问卷或投票读取）",
    # 婚恋交友 (a privacy boundary): a member's own rows and what other opted-in members may see, read only through
    # matchmaking.selectors; cadres see counts, the moderator a reported profile through its `Report`.
    "matchmaking.matchprofile": "婚恋交友资料（本人；其他已加入会员经 matchmaking.selectors 读取；干部只见人数）",
    "matchmaking.interest": "心动（本人发出或收到）",
    "matchmaking.block": "屏蔽（本人）",
    "matchmaking.invitation": "联谊邀请（随所属活动读取，只有人数）",
}
"""Concrete models of our apps that are not `OrgScoped`, with the reason; the architecture test reads this."""
