"""Registrations of part answering: the member portal's 待填写 card and 我的办理 rows for NAMED surveys. Anonymous
surveys are listed by the anonymous-response store itself (its kind's `answer_url` points at this part's page),
from who may answer and who took part — never from an answer."""

from typing import Any

TODO_CARD = "surveys.named_todo"
REQUEST_SOURCE = "surveys.named"


def named_todo_items(user: Any) -> list[Any]:
    """待办: "待填写：<title>" for each named survey the signed-in member may answer now and has not submitted."""
    from django.urls import reverse

    from gonghui.core.registry import PortalCardItem
    from gonghui.members.selectors import member_for_user

    from ..selectors.answering import named_todo

    member = member_for_user(user)
    if member is None:
        return []
    return [
        PortalCardItem(
            title=f"待填写：{item.survey.title}",
            url=reverse("surveys_portal:answer", args=[item.survey.public_id]),
            detail="问卷调查 · 实名" + (" · 已保存未提交" if item.draft_saved else ""),
            icon="edit",
        )
        for item in named_todo(member)
    ]


def named_requests(user: Any) -> list[Any]:
    """我的办理: the member's named answers — 已提交 with the receipt code, 填写中 with 继续填写 while still open."""
    from django.urls import reverse

    from gonghui.core.registry import MemberRequest
    from gonghui.members.selectors import member_for_user

    from ..choices import ResponseStatus
    from ..selectors.answering import named_responses_of_member, survey_accepts_answers

    member = member_for_user(user)
    if member is None:
        return []
    rows = []
    for response in named_responses_of_member(member):
        survey = response.survey
        submitted = response.status == ResponseStatus.SUBMITTED
        rows.append(
            MemberRequest(
                kind="问卷调查",
                title=f"{survey.title}（回执码 {response.receipt_code}）" if submitted else survey.title,
                status=str(response.get_status_display()),
                url=reverse("surveys_portal:answer", args=[survey.public_id]),
                submitted_at=response.submitted_at or response.updated_at,
                next_step="继续填写并提交" if not submitted and survey_accepts_answers(survey) else "",
            )
        )
    return rows


def register() -> None:
    """Called once from the AppConfig's ready()."""
    from gonghui.core.registry import MemberRequestSource, PortalCard, member_requests, portal_cards

    if TODO_CARD not in portal_cards:
        portal_cards.register(
            TODO_CARD, PortalCard(key=TODO_CARD, kind="todo", items=named_todo_items, order=36)
        )
    if REQUEST_SOURCE not in member_requests:
        member_requests.register(
            REQUEST_SOURCE,
            MemberRequestSource(key=REQUEST_SOURCE, label="实名问卷", requests=named_requests, order=91),
        )
