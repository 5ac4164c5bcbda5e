"""会员筛选: one member filter for every block that addresses a group of members (a target list, a quiz activity, a
campaign). `MemberFilter` holds the criteria and is stored as JSON (`as_dict` / `from_dict`: `TargetList.criteria`,
`QuizActivity.member_filter`); `member_filter_q` turns it into a `Q` on `Member`, `member_filter_matches` asks the same
of one loaded member in Python (same semantics, checked by a property test), and `members_matching` is the result
among the members the user may see. Every criterion left empty means "any"; the statuses default to the ones that
hold membership (在籍, 保留会籍)."""

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.actors import Visitor
from gonghui.accounts.choices import Gender
from gonghui.accounts.identity import age_on
from gonghui.codelists.lists import POLITICAL_STATUS
from gonghui.codelists.models import CodeItem
from gonghui.orgs.models import Org

from ..choices import HOLDING_STATUSES, Employment, JobCategory, MemberStatus
from ..models import Member, MemberTag, TargetList, TargetListEntry
from .registry import AgeBand

# The bands of a filter (youth work counts 35 and under as 青年): [low, high) in whole years on the day asked.
FILTER_AGE_BANDS = (
    AgeBand("lt35", "35岁以下", None, 35),
    AgeBand("35-45", "35–45岁", 35, 45),
    AgeBand("45-55", "45–55岁", 45, 55),
    AgeBand("55plus", "55岁及以上", 55, None),
)
FILTER_AGE_BAND_BY_KEY = {band.key: band for band in FILTER_AGE_BANDS}
DEFAULT_STATUSES: tuple[str, ...] = tuple(str(s) for s in HOLDING_STATUSES)


@dataclass(frozen=True)
class MemberFilter:
    """The criteria of a group of members. `org` is an org code (the subtree root, or only that union when
    `include_descendants` is off); the tuples are "any of"; `model_worker` None means "any"; `statuses` empty means
    every status; `target_list` (a list's public id) keeps only the members of that 名单."""

    org: str = ""
    include_descendants: bool = True
    gender: str = ""
    age_bands: tuple[str, ...] = ()
    employment: tuple[str, ...] = ()
    job_categories: tuple[str, ...] = ()
    political_statuses: tuple[str, ...] = ()
    tags: tuple[int, ...] = ()
    statuses: tuple[str, ...] = field(default=DEFAULT_STATUSES)
    model_worker: bool | None = None
    joined_from: dt.date | None = None
    joined_to: dt.date | None = None
    target_list: str = ""

    def as_dict(self) -> dict[str, Any]:
        """The JSON form, with only the criteria that differ from "any" (and the default statuses left out)."""
        out: dict[str, Any] = {}
        for key, value in asdict(self).items():
            if key == "include_descendants":
                if not value and self.org:
                    out[key] = False
                continue
            if key == "statuses":
                if tuple(value) != DEFAULT_STATUSES:
                    out[key] = list(value)
                continue
            if value is None or value in ("", ()):
                continue
            if isinstance(value, dt.date):
                out[key] = value.isoformat()
            elif isinstance(value, tuple):
                out[key] = list(value)
            else:
                out[key] = value
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> "MemberFilter":
        """Read the JSON form; values no longer valid (a retired choice, a malformed date) are dropped, so a
        stored filter never breaks a page. Older quiz filters (`gender`, `employment`) read the same."""
        data = data or {}

        def choices(key: str, allowed: Iterable[str]) -> tuple[str, ...]:
            values = data.get(key) or ()
            if isinstance(values, str):
                values = [values]
            permitted = set(allowed)
            return tuple(dict.fromkeys(str(v) for v in values if str(v) in permitted))

        def day(key: str) -> dt.date | None:
            try:
                return dt.date.fromisoformat(str(data[key])) if data.get(key) else None
            except ValueError:
                return None

        tags = tuple(dict.fromkeys(int(t) for t in (data.get("tags") or ()) if str(t).isdigit()))
        statuses = choices("statuses", MemberStatus.values) if "statuses" in data else DEFAULT_STATUSES
        model_worker = data.get("model_worker")
        return cls(
            org=str(data.get("org") or "").strip().upper(),
            include_descendants=data.get("include_descendants", True) is not False,
            gender=str(data.get("gender") or "") if data.get("gender") in Gender.values else "",
            age_bands=choices("age_bands", FILTER_AGE_BAND_BY_KEY),
            employment=choices("employment", Employment.values),
            job_categories=choices("job_categories", JobCategory.values),
            political_statuses=tuple(
                dict.fromkeys(str(v) for v in (data.get("political_statuses") or ()) if str(v))
            ),
            tags=tags,
            statuses=statuses,
            model_worker=model_worker if isinstance(model_worker, bool) else None,
            joined_from=day("joined_from"),
            joined_to=day("joined_to"),
            target_list=_uuid_text(data.get("target_list")),
        )

    @property
    def is_empty(self) -> bool:
        """No criterion beyond the default statuses: every member holding membership."""
        return not self.as_dict()


def _uuid_text(value: Any) -> str:
    try:
        return str(uuid.UUID(str(value))) if value else ""
    except ValueError:
        return ""


# ---- ages -------------------------------------------------------------------------------------------------------


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a common year
        return day.replace(year=day.year - years, day=28)


def _band_q(band: AgeBand, day: dt.date) -> Q:
    """age ≥ n ⇔ born on or before the day n years earlier; age < n ⇔ born after it."""
    condition = Q()
    if band.low is not None:
        condition &= Q(birth_date__lte=_years_before(day, band.low))
    if band.high is not None:
        condition &= Q(birth_date__gt=_years_before(day, band.high))
    return condition


def _in_band(band: AgeBand, age: int) -> bool:
    return (band.low is None or age >= band.low) and (band.high is None or age < band.high)


# ---- the filter as a query and on one member --------------------------------------------------------------------


def _org_path(code: str) -> str | None:
    return Org.objects.filter(code=code).values_list("path", flat=True).first()


def member_filter_q(flt: MemberFilter, *, today: dt.date | None = None) -> Q:
    """The filter as a condition on `Member` (ages on `today`, by default the local date). An org code that names
    no org matches nobody."""
    day = today or timezone.localdate()
    q = Q()
    if flt.org:
        path = _org_path(flt.org)
        if path is None:
            return Q(pk__in=[])
        q &= Q(org__path__startswith=path) if flt.include_descendants else Q(org__path=path)
    if flt.gender:
        q &= Q(gender=flt.gender)
    if flt.age_bands:
        bands = Q(pk__in=[])
        for key in flt.age_bands:
            bands |= _band_q(FILTER_AGE_BAND_BY_KEY[key], day)
        q &= bands
    if flt.employment:
        q &= Q(employment__in=flt.employment)
    if flt.job_categories:
        q &= Q(job_category__in=flt.job_categories)
    if flt.political_statuses:
        q &= Q(political_status__in=flt.political_statuses)
    if flt.tags:
        tagged = Member.tags.through.objects.filter(member_id=OuterRef("pk"), membertag_id__in=flt.tags)
        q &= Q(Exists(tagged))
    if flt.statuses:
        q &= Q(status__in=flt.statuses)
    if flt.model_worker is not None:
        q &= Q(is_model_worker=flt.model_worker)
    if flt.joined_from:
        q &= Q(joined_on__gte=flt.joined_from)
    if flt.joined_to:
        q &= Q(joined_on__lte=flt.joined_to)
    if flt.target_list:
        listed = TargetListEntry.objects.filter(
            target_list__public_id=flt.target_list, member_id=OuterRef("pk")
        )
        q &= Q(Exists(listed))
    return q


def member_filter_matches(flt: MemberFilter, member: Member, *, today: dt.date | None = None) -> bool:
    """`member_filter_q` on one loaded member, in Python. The criteria on the union, the tags and the target list
    read the database (prefetch `tags` to save that query); the others read the member only."""
    day = today or timezone.localdate()
    plain = (
        (not flt.gender or member.gender == flt.gender)
        and (not flt.employment or member.employment in flt.employment)
        and (not flt.job_categories or member.job_category in flt.job_categories)
        and (not flt.political_statuses or member.political_status in flt.political_statuses)
        and (not flt.statuses or member.status in flt.statuses)
        and (flt.model_worker is None or member.is_model_worker is flt.model_worker)
        and _joined_matches(flt, member.joined_on)
    )
    if not plain:
        return False
    if flt.age_bands:
        age = age_on(member.birth_date, day)
        if not any(_in_band(FILTER_AGE_BAND_BY_KEY[k], age) for k in flt.age_bands):
            return False
    if flt.org and not _org_matches(flt, member):
        return False
    if flt.tags and not {t.pk for t in member.tags.all()} & set(flt.tags):
        return False
    return not flt.target_list or (
        TargetListEntry.objects.filter(target_list__public_id=flt.target_list, member_id=member.pk).exists()
    )


def _joined_matches(flt: MemberFilter, joined_on: dt.date | None) -> bool:
    if not (flt.joined_from or flt.joined_to):
        return True
    if joined_on is None:
        return False
    return (flt.joined_from is None or joined_on >= flt.joined_from) and (
        flt.joined_to is None or joined_on <= flt.joined_to
    )


def _org_matches(flt: MemberFilter, member: Member) -> bool:
    path = _org_path(flt.org)
    if path is None:
        return False
    own: str = member.org.path
    return own.startswith(path) if flt.include_descendants else own == path


def members_matching(
    user: Visitor, flt: MemberFilter, *, action: str = "members.view", today: dt.date | None = None
) -> QuerySet[Member]:
    """The members the user may see (for `action`) that match the filter."""
    return (
        Member.objects.visible_to(user, action)
        .filter(member_filter_q(flt, today=today))
        .select_related("org")
        .order_by("org__path", "name", "id")
    )


def member_filter_count(
    user: Visitor, flt: MemberFilter, *, action: str = "members.view", within: Org | None = None
) -> int:
    """符合条件：N 人 — the live count of the filter form (within `within`'s subtree when given)."""
    members = Member.objects.visible_to(user, action).filter(member_filter_q(flt))
    if within is not None:
        members = members.filter(org__path__startswith=within.path)
    return members.count()


# ---- reading a filter back ----------------------------------------------------------------------------------------


def political_status_choices() -> list[tuple[str, str]]:
    """政治面貌 (the code list) as form choices."""
    return list(
        CodeItem.objects.filter(list_key=POLITICAL_STATUS, is_active=True).values_list("code", "name")
    )


def member_filter_describe(flt: MemberFilter) -> list[tuple[str, str]]:
    """The filter's criteria as (label, values) for a page: [("性别", "女"), ("年龄", "35岁以下")…]; "全部在籍会员"
    when nothing narrows it."""
    rows: list[tuple[str, str]] = []

    def add(label: str, values: Iterable[str]) -> None:
        text = "、".join(values)
        if text:
            rows.append((label, text))

    if flt.org:
        org_name = Org.objects.filter(code=flt.org).values_list("name", flat=True).first() or flt.org
        add(
            _("所属工会"), [org_name if flt.include_descendants else _("%(n)s（不含下级）") % {"n": org_name}]
        )
    if flt.gender:
        add(_("性别"), [str(Gender(flt.gender).label)])
    add(_("年龄"), [FILTER_AGE_BAND_BY_KEY[k].label for k in flt.age_bands])
    add(_("用工性质"), [str(Employment(v).label) for v in flt.employment])
    add(_("岗位类别"), [str(JobCategory(v).label) for v in flt.job_categories])
    if flt.political_statuses:
        names = dict(
            CodeItem.objects.filter(list_key=POLITICAL_STATUS, code__in=flt.political_statuses).values_list(
                "code", "name"
            )
        )
        add(_("政治面貌"), [names.get(c, c) for c in flt.political_statuses])
    if flt.tags:
        add(_("标签"), MemberTag.objects.filter(pk__in=flt.tags).values_list("name", flat=True))
    if tuple(flt.statuses) != DEFAULT_STATUSES:
        add(_("会籍状态"), [str(MemberStatus(s).label) for s in flt.statuses] or [_("全部")])
    if flt.model_worker is not None:
        add(_("劳模/工匠"), [_("是") if flt.model_worker else _("否")])
    if flt.joined_from or flt.joined_to:
        start = flt.joined_from.isoformat() if flt.joined_from else "…"
        end = flt.joined_to.isoformat() if flt.joined_to else "…"
        add(_("入会日期"), [f"{start} 至 {end}"])
    if flt.target_list:
        name = TargetList.objects.filter(public_id=flt.target_list).values_list("name", flat=True).first()
        add(_("只限名单"), [name or _("（名单已删除）")])
    return rows
