"""入会率 and the percentages around it — the one definition, read by the 数据看板 (dashboards.selectors.coverage,
which re-exports `percent` and `join_rate`), by the indicator sources of 量化评价 and the 各级总览
(members.indicators, quizzes.indicators …) — and the members who were serving on a past day, read from the 会籍变动
history (`MembershipChange`) rather than from today's state."""

import datetime as dt

from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from .choices import MembershipChangeKind, MemberStatus
from .models import Member, MembershipChange

# 会籍变动 after which the person is a serving (在籍) member of the change's `to_org`
SERVING_AFTER = (MembershipChangeKind.JOIN, MembershipChangeKind.TRANSFER_IN, MembershipChangeKind.REINSTATE)
# current statuses that ended a membership which was serving before `status_changed_on` (records without history)
ENDED_STATUSES = (
    MemberStatus.LEFT,
    MemberStatus.TRANSFERRED_OUT,
    MemberStatus.DECEASED,
    MemberStatus.RETIRED_KEPT,
)


def percent(part: int, whole: int | None) -> float | None:
    """part ÷ whole as a percentage with one decimal, None (shown "—") when there is nothing to divide by."""
    return round(100 * part / whole, 1) if whole else None


def join_rate(serving_members: int, headcount: int | None) -> float | None:
    """入会率 (glossary): serving (在职, status 在籍 — retirees excluded) members ÷ the serving staff headcount
    of the units (Org headcount fields), in percent; None ("—") when the headcount is 0 or missing.
    The one definition: the overall rate and the rate per 用工性质 all go through here."""
    return percent(serving_members, headcount)


def serving_members_as_of(day: dt.date) -> QuerySet[Member]:
    """The members serving (在籍, retirees keeping membership excluded) at the end of `day`, each annotated with
    `as_of_path`, the path of the union they belonged to that day — roll them up with
    `rollup(..., path_field="as_of_path")`. Read from the 会籍变动 history: the member's last change on or before
    `day` (corrections ignored) must be 入会, 转入 or 恢复会籍, and its union is the change's 新工会. A record
    without any history (imported before the history was kept) counts at its current union when its 入会日期 is
    on or before `day` (or unknown) and it is 在籍 now, or its status changed away from 在籍 only after `day`."""
    changes = MembershipChange.objects.filter(member=OuterRef("pk")).exclude(
        kind=MembershipChangeKind.CORRECTION
    )
    last = changes.filter(happened_on__lte=day).order_by("-happened_on", "-id")
    no_history_serving = (Q(joined_on__isnull=True) | Q(joined_on__lte=day)) & (
        Q(status=MemberStatus.ACTIVE) | Q(status__in=ENDED_STATUSES, status_changed_on__gt=day)
    )
    return (
        Member.objects.annotate(
            as_of_kind=Subquery(last.values("kind")[:1]),
            as_of_path=Coalesce(Subquery(last.values("to_org__path")[:1]), F("org__path")),
            has_history=Exists(changes),
        )
        .filter(Q(as_of_kind__in=SERVING_AFTER) | (Q(has_history=False) & no_history_serving))
        .order_by()
    )
