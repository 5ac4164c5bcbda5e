"""Who a survey asks: one decision, read by every part (design's counts and reminders, answering, results).

- 本级及下级会员（按条件筛选）: the members of the survey's union's subtree matching its member filter (statuses
  default to those holding membership); a filter's own `org` may narrow it inside the subtree, never widen it.
- 目标名单: the members of the chosen target list who are inside the subtree.
- 按工会随机抽样: the members drawn into `SurveySample` (design draws them from the filter's members, N per
  grassroots union, with the recorded seed)."""

from django.db.models import QuerySet

from gonghui.members.models import Member
from gonghui.members.selectors.filters import MemberFilter, member_filter_q
from gonghui.members.selectors.target_lists import target_list_members

from .choices import TargetKind
from .models import Survey


def survey_filter(survey: Survey) -> MemberFilter:
    return MemberFilter.from_dict(survey.member_filter or {})


def filter_candidates(survey: Survey) -> QuerySet[Member]:
    """The subtree's members matching the survey's filter: the population of a 按条件筛选 survey and the candidates
    a sample is drawn from."""
    return Member.objects.filter(org__path__startswith=survey.org.path).filter(
        member_filter_q(survey_filter(survey))
    )


def survey_population(survey: Survey) -> QuerySet[Member]:
    """The members the survey asks (a `Member` queryset, unordered)."""
    if survey.target_kind == TargetKind.SAMPLE:
        return Member.objects.filter(pk__in=survey.sample.values("member_id"))
    if survey.target_kind == TargetKind.TARGET_LIST:
        if survey.target_list is None:
            return Member.objects.none()
        return (
            target_list_members(survey.target_list).filter(org__path__startswith=survey.org.path).order_by()
        )
    return filter_candidates(survey)
