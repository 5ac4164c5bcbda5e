"""Selectors of part answering: which surveys a member is asked, whether a survey takes answers now, and the
member's own answer or participation (for the receipt).

Nothing here reads an anonymous answer: an anonymous survey's state for a member is read from the store's
`Participation` (who took part), never from `PendingAnswer` / `AnonymousAnswer`."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import Http404
from django.utils import timezone

from gonghui.members.models import Member
from gonghui.responses.kinds import owner_fields, response_kinds
from gonghui.responses.models import Participation

from ..choices import ResponseStatus, SurveyMode, SurveyStatus
from ..kind import KIND
from ..models import Survey, SurveyQuestion, SurveyResponse
from ..population import survey_population

POPULATION_CHECKS_PER_QUERY = 100  # surveys whose population is checked in one UNION ALL


def survey_accepts_answers(survey: Survey, now: dt.datetime | None = None) -> bool:
    """Whether the survey takes answers at `now` (default: now): published and open (收集中), its window begun
    (`opens_at` empty or passed) and not ended (`closes_at` empty or still ahead)."""
    now = now or timezone.now()
    if survey.status != SurveyStatus.OPEN:
        return False
    if survey.opens_at is not None and now < survey.opens_at:
        return False
    return survey.closes_at is None or now < survey.closes_at


def survey_not_yet_open(survey: Survey, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    return survey.status == SurveyStatus.OPEN and survey.opens_at is not None and now < survey.opens_at


def refusal_text(survey: Survey, now: dt.datetime | None = None) -> str:
    """Why the survey takes no answers now, for the member (尚未开始 with the opening time, or 已结束)."""
    if survey_not_yet_open(survey, now) and survey.opens_at is not None:
        opens = timezone.localtime(survey.opens_at)
        return f"本问卷尚未开始填写，将于{opens.year}年{opens.month}月{opens.day}日 {opens:%H:%M} 开始"
    return "本问卷已结束收集，不能再提交"


def member_in_population(survey: Survey, member: Member) -> bool:
    return survey_population(survey).filter(pk=member.pk).exists()


def survey_for_member(member: Member, public_id: Any) -> Survey:
    """The published survey named in the address whose population holds the member; 404 otherwise (a draft, an
    unknown id, or a survey that does not ask this member: its existence is not revealed)."""
    survey = (
        Survey.objects.filter(public_id=public_id)
        .exclude(status=SurveyStatus.DRAFT)
        .select_related("org", "target_list")
        .first()
    )
    if survey is None or not member_in_population(survey, member):
        raise Http404
    return survey


def questions_of(survey: Survey) -> list[SurveyQuestion]:
    return list(SurveyQuestion.objects.filter(survey=survey).order_by("order", "pk"))


def named_response_of(survey: Survey, member: Member) -> SurveyResponse | None:
    """The member's own answer to a named survey (填写中 or 已提交), or None."""
    if survey.is_anonymous:
        return None
    return SurveyResponse.objects.filter(survey=survey, member=member).first()


def participation_of(survey: Survey, member: Member) -> Participation | None:
    """The member's participation in an anonymous survey (the receipt), or None. Never the answer."""
    if not survey.is_anonymous or KIND not in response_kinds:
        return None
    kind = response_kinds.get(KIND)
    return Participation.objects.filter(**owner_fields(kind, survey), member=member).first()


# ---- the member's list (surveys_portal:home) --------------------------------------------------------------------
@dataclass(frozen=True)
class MemberSurvey:
    """One survey on the member's list: its state for this member and the receipt once answered."""

    survey: Survey
    state: str  # "todo" | "not_yet" | "done" | "ended"
    receipt_code: str = ""
    answered_on: dt.date | None = None
    draft_saved: bool = False  # a named survey saved as 填写中


@dataclass(frozen=True)
class MemberSurveys:
    todo: list[MemberSurvey]
    done: list[MemberSurvey]
    ended: list[MemberSurvey]

    @property
    def empty(self) -> bool:
        return not (self.todo or self.done or self.ended)


def _in_populations(member: Member, surveys: list[Survey]) -> set[int]:
    """The ids of the surveys whose population holds the member: one UNION ALL query per 100 surveys."""
    inside: set[int] = set()
    for start in range(0, len(surveys), POPULATION_CHECKS_PER_QUERY):
        checks = [
            survey_population(survey)
            .filter(pk=member.pk)
            .order_by()
            .annotate(surveys_owner=models.Value(survey.pk, output_field=models.IntegerField()))
            .values_list("surveys_owner", flat=True)
            for survey in surveys[start : start + POPULATION_CHECKS_PER_QUERY]
        ]
        first, *rest = checks
        inside.update(int(pk) for pk in (first.union(*rest, all=True).order_by() if rest else first))
    return inside


def surveys_of_member(member: Member) -> list[Survey]:
    """The published surveys (收集中 or 已结束) of the member's union and the unions above it whose population holds
    the member, newest first."""
    candidates = list(
        Survey.objects.filter(
            org__path__in=member.org.ancestor_paths(),
            status__in=(SurveyStatus.OPEN, SurveyStatus.CLOSED),
        )
        .select_related("org")
        .order_by("-published_at", "-created_at", "-pk")
    )
    if not candidates:
        return []
    inside = _in_populations(member, candidates)
    return [survey for survey in candidates if survey.pk in inside]


def member_surveys(member: Member, now: dt.datetime | None = None) -> MemberSurveys:
    """The member's surveys in three groups, newest first: 待填写 (taking answers now, or about to open, and not
    yet answered), 已完成 (answered, with the receipt), 已结束 (closed or past the window, not answered)."""
    now = now or timezone.now()
    surveys = surveys_of_member(member)
    ids = [survey.pk for survey in surveys]
    named = {
        row.survey_id: row
        for row in SurveyResponse.objects.filter(survey_id__in=ids, member=member).only(
            "survey_id", "status", "receipt_code", "submitted_at"
        )
    }
    taken: dict[str, Participation] = {}
    if KIND in response_kinds and any(survey.is_anonymous for survey in surveys):
        taken = {
            row.object_id: row
            for row in Participation.objects.filter(
                kind=KIND,
                content_type=ContentType.objects.get_for_model(Survey),
                object_id__in=[str(pk) for pk in ids],
                member=member,
            )
        }
    todo: list[MemberSurvey] = []
    done: list[MemberSurvey] = []
    ended: list[MemberSurvey] = []
    zone = timezone.get_current_timezone()
    for survey in surveys:
        response = named.get(survey.pk)
        participation = taken.get(str(survey.pk)) if survey.is_anonymous else None
        if participation is not None:
            done.append(MemberSurvey(survey, "done", participation.receipt_code, participation.taken_on))
        elif response is not None and response.status == ResponseStatus.SUBMITTED:
            answered = response.submitted_at.astimezone(zone).date() if response.submitted_at else None
            done.append(MemberSurvey(survey, "done", response.receipt_code, answered))
        elif survey_accepts_answers(survey, now):
            todo.append(MemberSurvey(survey, "todo", draft_saved=response is not None))
        elif survey_not_yet_open(survey, now):
            todo.append(MemberSurvey(survey, "not_yet"))
        else:
            ended.append(MemberSurvey(survey, "ended"))
    return MemberSurveys(todo=todo, done=done, ended=ended)


def named_todo(member: Member, now: dt.datetime | None = None) -> list[MemberSurvey]:
    """The named surveys the member may answer now and has not submitted (the portal's 待填写; the store lists the
    anonymous ones itself): only named surveys taking answers now are read and checked (the portal home asks on
    every visit)."""
    now = now or timezone.now()
    candidates = [
        survey
        for survey in Survey.objects.filter(
            org__path__in=member.org.ancestor_paths(), status=SurveyStatus.OPEN, mode=SurveyMode.NAMED
        )
        .select_related("org")
        .order_by("-published_at", "-created_at", "-pk")
        if survey_accepts_answers(survey, now)
    ]
    if not candidates:
        return []
    inside = _in_populations(member, candidates)
    surveys = [survey for survey in candidates if survey.pk in inside]
    if not surveys:
        return []
    responses = dict(
        SurveyResponse.objects.filter(survey__in=surveys, member=member).values_list("survey_id", "status")
    )
    return [
        MemberSurvey(survey, "todo", draft_saved=survey.pk in responses)
        for survey in surveys
        if responses.get(survey.pk) != ResponseStatus.SUBMITTED
    ]


def named_responses_of_member(member: Member) -> list[SurveyResponse]:
    """The member's answers to named surveys (填写中 and 已提交), newest first (我的办理)."""
    return list(
        SurveyResponse.objects.filter(member=member)
        .select_related("survey")
        .order_by("-submitted_at", "-updated_at", "-pk")
    )
