"""Registries that apps extend from their AppConfig.ready() instead of editing shared files:
sidebar menu, portal tiles, portal home cards, 我的办理 sources, URL includes, API routers, roles, demo seeders,
record panels of the member and org pages, home counters, indicator sources (量化评价 and the 各级总览), the records
that carry out 工作要点 items and the permission crawler's route declarations (see core/crawler.py)."""

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

T = TypeVar("T")


class Registry[T]:
    """An ordered collection keyed by a name; registering a name twice is a programming error."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._items: dict[str, T] = {}

    def register(self, key: str, item: T) -> T:
        if key in self._items:
            raise ValueError(f"{self.kind} {key!r} is already registered")
        self._items[key] = item
        return item

    def get(self, key: str) -> T:
        return self._items[key]

    def __contains__(self, key: object) -> bool:
        return key in self._items

    def __iter__(self) -> Iterator[T]:
        return iter(sorted(self._items.values(), key=lambda i: getattr(i, "order", 0)))

    def keys(self) -> list[str]:
        return list(self._items)


@dataclass(frozen=True)
class MenuItem:
    """A sidebar entry of the admin console, shown when the user holds `action` somewhere."""

    key: str
    label: str
    url_name: str
    icon: str
    action: str
    order: int = 100
    section: str = "工作台"


@dataclass(frozen=True)
class PortalTile:
    """A tile of the member portal's service grid. `icon` names a symbol of the vendored icon sprite; `shown(user)`,
    when given, hides the tile from those it does not concern (网上入会 from members)."""

    key: str
    label: str
    url_name: str
    icon: str
    order: int = 100
    description: str = ""
    shown: Callable[[Any], bool] | None = None  # (user) -> show the tile?


@dataclass(frozen=True)
class PortalCardItem:
    """One line of a portal home card: what it is, where it opens, and a short detail (a due date, a state)."""

    title: str
    url: str
    detail: str = ""
    icon: str = ""


@dataclass(frozen=True)
class PortalCard:
    """A section of the member portal home, filled by an app: `kind` is where it goes — "todo" (待办: what waits
    for this member), "now" (正在进行: a running quiz, activity or campaign, shown as a banner) or "notice"
    (通知公告 and 新闻). `items(user)` returns what to show now; an empty list shows nothing."""

    key: str
    kind: str  # "todo" | "now" | "notice"
    items: Callable[[Any], list[PortalCardItem]]  # (user) -> items
    order: int = 100


@dataclass(frozen=True)
class PortalFigure:
    """A line an app adds to the member's 我的 page, under 我的服务: `label` (志愿服务) with a personal figure as its
    detail (本年已计入 12.5 小时) and the page it opens. `value(user)` returns the detail, or None to hide the line
    (the member has none of it)."""

    key: str
    label: str
    value: Callable[[Any], str | None]  # (user) -> the figure, None hides the line
    url_name: str
    icon: str = "chevron-right"
    order: int = 100


@dataclass(frozen=True)
class MemberRequest:
    """One thing a member asked for, as 我的办理 lists it: the kind (入会, 转会 …), what, its state in Chinese, the
    next step for the member (or ""), when it was submitted and the page that shows it."""

    kind: str
    title: str
    status: str
    url: str
    submitted_at: Any  # datetime
    next_step: str = ""


@dataclass(frozen=True)
class MemberRequestSource:
    """An app's contribution to 我的办理: `requests(user)` returns that user's requests of this kind, newest first
    (the user may not be a member yet: 网上入会 is asked for before)."""

    key: str
    label: str
    requests: Callable[[Any], list[MemberRequest]]  # (user) -> requests
    order: int = 100


@dataclass(frozen=True)
class UrlInclude:
    """An app's URLconf mounted at `prefix` with its own namespace (the module's app_name)."""

    prefix: str
    module: str
    order: int = 100


@dataclass(frozen=True)
class ApiRouter:
    """A django-ninja router (`module:attribute`) mounted under /api/v1/<prefix>."""

    prefix: str
    router: str
    order: int = 100


@dataclass(frozen=True)
class Role:
    """A role that can be granted on an org; it allows `actions` on that org and below. An `object_only` role is
    granted only on one object through `accounts.ObjectGrant` (合作单位联系人), never on an org."""

    code: str
    label: str
    actions: frozenset[str]
    order: int = 100
    description: str = ""
    console: bool = True  # may use the admin console (members use the portal only)
    object_only: bool = False  # only on one object (ObjectGrant), never through a RoleGrant on an org

    def allows(self, action: str) -> bool:
        return "*" in self.actions or action in self.actions


@dataclass(frozen=True)
class Seeder:
    """Demo-data step called by `seed_demo` in order; must be idempotent."""

    key: str
    func: Callable[[], str]
    order: int = 100


@dataclass(frozen=True)
class HomeCounter:
    """A live count on the console home page, for the user's scope."""

    key: str
    label: str
    count: Callable[[Any, Any], int]  # (user, current org) -> number
    action: str
    url_name: str = ""
    order: int = 100
    extra: dict[str, Any] = field(default_factory=dict)
    # the user's own work (待评分): also shown to an account with no union of its own (an outside expert) that
    # holds `action` somewhere — through an object grant
    personal: bool = False


@dataclass(frozen=True)
class FirstStep:
    """One of the "first steps" a new union takes, shown as a checklist on the console home (设置发文机关代字 →
    导入会员名册 → 邀请会员开通会员端 → 发布一次答题). `done(org)` says from the data whether the union has taken it;
    `url_name` (no arguments) or `url(org)` is where to take it, offered to those holding `action` on the org."""

    key: str
    label: str
    done: Callable[[Any], bool]  # (org) -> taken?
    action: str
    url_name: str = ""
    url: Callable[[Any], str] | None = None  # (org) -> path, when the page needs the org
    hint: str = ""
    order: int = 100


menu: Registry[MenuItem] = Registry("menu item")
portal_tiles: Registry[PortalTile] = Registry("portal tile")
portal_figures: Registry[PortalFigure] = Registry("portal figure")
url_includes: Registry[UrlInclude] = Registry("url include")
api_routers: Registry[ApiRouter] = Registry("api router")
roles: Registry[Role] = Registry("role")
seeders: Registry[Seeder] = Registry("seeder")
home_counters: Registry[HomeCounter] = Registry("home counter")
first_steps: Registry[FirstStep] = Registry("first step")
portal_cards: Registry[PortalCard] = Registry("portal card")
member_requests: Registry[MemberRequestSource] = Registry("member request source")


@dataclass(frozen=True)
class MemberUnion:
    """How a block below members (公示, 证书) learns which union a signed-in person is a holding member of:
    members registers `org_of(user) -> Org | None`."""

    key: str
    org_of: Callable[[Any], Any]


member_unions: Registry[MemberUnion] = Registry("member union")


def member_union_of(user: Any) -> Any:
    """The union whose holding member `user` is (an `orgs.Org`), or None: a cadre without a member record, a
    visitor, a member who left."""
    for source in member_unions:
        org = source.org_of(user)
        if org is not None:
            return org
    return None


@dataclass(frozen=True)
class ScheduledJob:
    """Time-triggered work run by `manage.py run_due_jobs` (every minute). `func` must be idempotent: it
    selects what is due itself, so running it twice, or late, does no harm. Returns a one-line summary."""

    key: str
    label: str
    func: Callable[[], str]
    order: int = 100


scheduled_jobs: Registry[ScheduledJob] = Registry("scheduled job")


@dataclass(frozen=True)
class HealthCheck:
    """A platform condition admins must hear about (no CJK font for PDFs, a year without holiday data…).
    `check()` returns a Chinese warning, or "" when all is well; it must be cheap (it runs per page). It is shown
    to console users holding `action` somewhere: those who can act on it (the calendar's to calendar.manage)."""

    key: str
    check: Callable[[], str]
    order: int = 100
    action: str = "accounts.manage"


health_checks: Registry[HealthCheck] = Registry("health check")


@dataclass(frozen=True)
class OrgDeactivationGuard:
    """Something that still holds an org and forbids deactivating it (members: 还有 N 名在籍会员). Asked by
    `orgs.services.org_deactivate`, so that orgs need not import the apps above it. `refusal(org)` returns the
    Chinese reason, or "" when nothing of this kind holds the org."""

    key: str
    refusal: Callable[[Any], str]
    order: int = 100


org_deactivation_guards: Registry[OrgDeactivationGuard] = Registry("org deactivation guard")


@dataclass(frozen=True)
class RecordPanel:
    """A card an app adds to a record page — the member page ("members.member"), the org page ("orgs.org") or the
    诉求 page ("appeals.appeal", where welfare shows the hardship application started from it) — so the page's
    app need not import the apps above it (荣誉 from honours). `context(user, obj)` returns the partial's context, or
    None when the panel is not for this user or this object (then it is not shown)."""

    key: str
    model: str  # the page's model label, lower case: "members.member" / "orgs.org"
    title: str
    template: str  # a partial, rendered with the panel's context plus `panel` (this RecordPanel)
    context: Callable[[Any, Any], dict[str, Any] | None]
    order: int = 100


record_panels: Registry[RecordPanel] = Registry("record panel")


@dataclass(frozen=True)
class ShownPanel:
    panel: RecordPanel
    context: dict[str, Any]


def record_panels_for(user: Any, obj: Any) -> list[ShownPanel]:
    """The registered panels of `obj`'s page that are shown to `user`, in order, each with its context."""
    label = obj._meta.label_lower
    shown: list[ShownPanel] = []
    for panel in record_panels:
        if panel.model != label:
            continue
        context = panel.context(user, obj)
        if context is not None:
            shown.append(ShownPanel(panel=panel, context={**context, "panel": panel}))
    return shown


@dataclass(frozen=True)
class Period:
    """The time an indicator is read over: `start` to `end`, both included. Values are taken **as of `end`** (read
    from history — membership changes, dated records — not from today's state), so re-running a 2020 round does not
    use 2026 data."""

    start: date
    end: date

    @classmethod
    def year(cls, year: int) -> "Period":
        return cls(date(year, 1, 1), date(year, 12, 31))

    @classmethod
    def year_to(cls, day: date) -> "Period":
        """From 1 January of `day`'s year to `day` (the overview's "本年至今")."""
        return cls(date(day.year, 1, 1), day)

    @property
    def label(self) -> str:
        if self.start == date(self.start.year, 1, 1) and self.end == date(self.start.year, 12, 31):
            return f"{self.start.year}年度"
        return f"{self.start:%Y-%m-%d} 至 {self.end:%Y-%m-%d}"


@dataclass(frozen=True)
class IndicatorValue:
    """One org's figure for one source: `value` (None: no data, shown "—"), for a rate its numerator and
    denominator, a short Chinese `detail` ("在籍 812 ÷ 在职职工 900") and `url`, the page listing the records behind
    it (filtered to the org where the list can be)."""

    value: Decimal | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    detail: str = ""
    url: str = ""


@dataclass(frozen=True)
class IndicatorSource:
    """A figure an app computes from its own records for a set of unions, registered from the app's
    `indicators.py` (imported by core's AppConfig.ready through `autodiscover_modules`), read by 量化评价
    (evaluations: an automatic `Indicator` names a source by `key`) and by the 各级总览 (dashboards: sources with a
    `section`). `values_for(orgs, period)` returns {org.id: IndicatorValue} for every org given, each figure over the
    org's whole subtree (`orgs.rollup.rollup`), as of `period.end`, in a number of queries that does not grow with
    the number of orgs. `unit` is shown after the value ("%", "个", "小时", "天", "分", "元"); `kind` is "rate",
    "count", "amount", "hours", "days" or "score"; `higher_is_better` False for figures such as overdue cases or
    review days; `description` says, in Chinese, exactly what is counted."""

    key: str  # "<app>.<figure>", e.g. "members.join_rate"
    label: str
    unit: str
    kind: str
    values_for: Callable[[Sequence[Any], Period], Mapping[int, IndicatorValue]]
    description: str
    section: str = ""  # the overview section it is shown in ("会员与覆盖" …); "" = not on the overview
    higher_is_better: bool = True
    order: int = 100


indicator_sources: Registry[IndicatorSource] = Registry("indicator source")


@dataclass(frozen=True)
class PlanRecordRef:
    """A record as a 工作要点 item's link shows it: its title, state in Chinese, whether that state is final
    (`done`), its page and a date (when it starts, ends or was issued), or None."""

    object_id: int
    title: str
    state: str
    done: bool
    url: str
    on: date | None = None


@dataclass(frozen=True)
class PlanRecordKind:
    """A kind of record that carries out a 工作要点 item (a competition for (七), a 送温暖 campaign for (十一), a quiz
    for (十八), a 公文, a 报送 task …), registered from the owner app's `plan_links.py`. `candidates(user, query)`
    lists records the user may link (newest first, at most 20), `records(ids)` returns {id: PlanRecordRef} in a
    constant number of queries (missing ids: the record was deleted)."""

    key: str  # "contests.contest"
    label: str  # 竞赛
    candidates: Callable[[Any, str], list[PlanRecordRef]]
    records: Callable[[Sequence[int]], Mapping[int, PlanRecordRef]]
    order: int = 100


plan_record_kinds: Registry[PlanRecordKind] = Registry("plan record kind")


PLAN_CANDIDATES = 20  # records offered per search when linking a 工作要点 item


def plan_record_kind_of(
    *,
    key: str,
    label: str,
    model: Any,
    action: str,
    ref: Callable[[Any], PlanRecordRef],
    title_field: str = "title",
    order: int = 100,
) -> PlanRecordKind:
    """The usual PlanRecordKind of an org-scoped model: its candidates are the rows the user may see with `action`
    (`model.objects.visible_to`), matching the query on `title_field`, newest first, at most PLAN_CANDIDATES; its
    records are read by id in one query; `ref` turns a row into what the item shows."""

    def candidates(user: Any, query: str) -> list[PlanRecordRef]:
        rows = model.objects.visible_to(user, action)
        if query:
            rows = rows.filter(**{f"{title_field}__icontains": query})
        return [ref(row) for row in rows.order_by("-created_at", "-id")[:PLAN_CANDIDATES]]

    def records(ids: Sequence[int]) -> Mapping[int, PlanRecordRef]:
        return {row.pk: ref(row) for row in model.objects.filter(pk__in=list(ids))}

    return PlanRecordKind(key=key, label=label, candidates=candidates, records=records, order=order)
