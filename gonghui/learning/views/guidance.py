"""Console views of part guidance: 业务指导 (two tabs — 我单位的提问 and 待我答复 — with search, topic and status
filters; asking the union above; the question's page with its answer, timeline and the answer, close and share
buttons by permission; the ask, close, share and unshare pages answer 403 to whoever may not take the step) and
the 业务知识库 (shared entries of the user's tree, searched, never naming the asker). Reads go through the
selectors; every change is a POST to a service."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.core.forms import button_perform, form_perform, posted_data
from gonghui.core.pagination import paginate, query_without_page
from gonghui.core.timeline import timeline_for

from ..choices import QuestionStatus
from ..forms.guidance import AnswerForm, AskForm, KnowledgeFilterForm, QuestionFilterForm, ShareForm
from ..models import GuidanceQuestion
from ..permissions import MANAGE, VIEW
from ..selectors.guidance import (
    TAB_ASKED,
    TAB_TO_ANSWER,
    QuestionFilters,
    answering_orgs,
    asking_orgs,
    can_answer,
    can_close,
    can_share,
    knowledge_entries,
    knowledge_entry_or_404,
    open_questions_count,
    question_for_user,
    question_page_or_404,
    questions_asked,
    questions_to_answer,
    share_defaults,
)
from ..services import guidance as services

STATUS_BADGES = {
    QuestionStatus.OPEN: "bg-orange-lt",
    QuestionStatus.ANSWERED: "bg-green-lt",
    QuestionStatus.CLOSED: "bg-secondary-lt",
}


def _detail_url(question: GuidanceQuestion) -> str:
    return reverse("learning:question_detail", args=[question.public_id])


@console_view(VIEW)
def question_list(request: AuthedRequest) -> HttpResponse:
    form = QuestionFilterForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    filters = QuestionFilters(
        query=(data.get("q") or "").strip(), topic=data.get("topic") or "", status=data.get("status") or ""
    )
    waiting = open_questions_count(request.user)
    can_answer_any = bool(waiting) or questions_to_answer(request.user, QuestionFilters()).exists()
    tab = request.GET.get("tab") or (TAB_TO_ANSWER if waiting else TAB_ASKED)
    if tab not in (TAB_ASKED, TAB_TO_ANSWER):
        tab = TAB_ASKED
    questions = (
        questions_to_answer(request.user, filters)
        if tab == TAB_TO_ANSWER
        else questions_asked(request.user, filters)
    )
    context = {
        "form": form,
        "tab": tab,
        "waiting": waiting,
        "can_answer_any": can_answer_any,
        "page": paginate(request, questions),
        "querystring": query_without_page(request),
        "filtered": any(data.values()),
        "badges": STATUS_BADGES,
        "can_ask": asking_orgs(request.user).exists(),
    }
    return render(request, "learning/guidance/question_list.html", context)


@console_view(MANAGE)
def question_ask(request: AuthedRequest) -> HttpResponse:
    asker_orgs = asking_orgs(request.user)
    if not asker_orgs.exists():  # no union of theirs below the root where they may act
        raise PermissionDenied
    form = AskForm(posted_data(request), asker_orgs=asker_orgs, answer_orgs=answering_orgs(asker_orgs))
    done = form_perform(
        request,
        form,
        lambda data: services.question_ask(
            asker_org=data["asker_org"],
            org=data["org"],
            actor=request.user,
            topic=data["topic"],
            title=data["title"],
            body=data["body"],
        ),
        success=lambda q: f"问题已提交给{q.org.name}，答复后会通知您。可在本页查看办理进度。",
        then=_detail_url,
    )
    return done or render(request, "learning/guidance/question_ask.html", {"form": form})


@console_view(VIEW)
def question_detail(request: AuthedRequest, public_id: str) -> HttpResponse:
    question, own = question_for_user(request.user, public_id)
    if not own:  # reached only as a shared entry: its anonymised page
        return redirect("learning:knowledge_detail", public_id=question.public_id)
    answering = can_answer(request.user, question)
    context = {
        "question": question,
        "badges": STATUS_BADGES,
        "timeline": timeline_for(question),
        "can_answer": answering,
        "answer_form": AnswerForm(initial={"answer": question.answer}) if answering else None,
        "can_close": can_close(request.user, question),
        "can_share": can_share(request.user, question),
    }
    return render(request, "learning/guidance/question_detail.html", context)


@require_POST
@console_view(VIEW)
def question_answer(request: AuthedRequest, public_id: str) -> HttpResponse:
    question = question_page_or_404(request.user, public_id)
    form = AnswerForm(request.POST)
    return button_perform(
        request,
        lambda: services.question_answer(
            question=question, actor=request.user, answer=form.cleaned_data["answer"]
        ),
        success="答复已保存，已通知提问人",
        back=_detail_url(question),
        form=form,
    )


@console_view(VIEW)
def question_close(request: AuthedRequest, public_id: str) -> HttpResponse:
    question = question_page_or_404(request.user, public_id)
    if not can_close(request.user, question):
        raise PermissionDenied
    if request.method == "POST":
        return button_perform(
            request,
            lambda: services.question_close(question=question, actor=request.user),
            success="问题已关闭",
            back=_detail_url(question),
        )
    return render(
        request,
        "learning/guidance/question_confirm.html",
        {
            "question": question,
            "heading": "关闭问题",
            "explain": "关闭后上级工会不能再答复此问题；如仍有疑问，可以重新提问。",
            "button": "确认关闭",
        },
    )


@console_view(VIEW)
def question_share(request: AuthedRequest, public_id: str) -> HttpResponse:
    question = question_page_or_404(request.user, public_id)
    if not can_share(request.user, question):
        raise PermissionDenied
    form = ShareForm(posted_data(request), initial=share_defaults(question))
    done = form_perform(
        request,
        form,
        lambda data: services.question_share(
            question=question,
            actor=request.user,
            shared_title=data["shared_title"],
            shared_body=data["shared_body"],
        ),
        success="已收入业务知识库",
        then=_detail_url,
    )
    return done or render(
        request, "learning/guidance/question_share.html", {"question": question, "form": form}
    )


@console_view(VIEW)
def question_unshare(request: AuthedRequest, public_id: str) -> HttpResponse:
    question = question_page_or_404(request.user, public_id)
    if not can_share(request.user, question):
        raise PermissionDenied
    if not question.shared:  # already taken out: nothing to confirm
        return redirect("learning:question_detail", public_id=question.public_id)
    if request.method == "POST":
        return button_perform(
            request,
            lambda: services.question_unshare(question=question, actor=request.user),
            success="已移出业务知识库",
            back=_detail_url(question),
        )
    return render(
        request,
        "learning/guidance/question_confirm.html",
        {
            "question": question,
            "heading": "移出业务知识库",
            "explain": "移出后各级工会干部在业务知识库中不再看到这条问答；已核对的文字会保留，可再次收入。",
            "button": "确认移出",
        },
    )


@console_view(VIEW)
def knowledge_list(request: AuthedRequest) -> HttpResponse:
    form = KnowledgeFilterForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    filters = QuestionFilters(query=(data.get("q") or "").strip(), topic=data.get("topic") or "")
    context = {
        "form": form,
        "page": paginate(request, knowledge_entries(request.user, filters)),
        "querystring": query_without_page(request),
        "filtered": any(data.values()),
    }
    return render(request, "learning/guidance/knowledge_list.html", context)


@console_view(VIEW)
def knowledge_detail(request: AuthedRequest, public_id: str) -> HttpResponse:
    entry = knowledge_entry_or_404(request.user, public_id)
    if not entry.shared:  # taken out (or never shared): its own page, for the answering or asking side
        return redirect("learning:question_detail", public_id=entry.public_id)
    return render(request, "learning/guidance/knowledge_detail.html", {"entry": entry})
