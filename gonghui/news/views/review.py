"""Console views of part review — 意识形态审核: 稿件审核 (the queue: 待我审核 / 我已审核 / 全部审核中), the review page
of one article (its full text with the sensitive words marked, the earlier levels' opinions, 通过 / 退回修改), 送审
(a button on the article page), 撤回 (a confirmation page with the reason), 审核级数 (the union's policy) and the
city union's 敏感词 list.

Who may do what: `news.review` on the article's union (or above) to review — never the author, never two levels of
one round; `news.write` to submit; `news.manage` to withdraw and to set the levels; `news.manage` on the root union
to keep the sensitive words."""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.accounts.workspace import current_org
from gonghui.core.audit import AuditContext
from gonghui.core.forms import button_perform, form_perform, posted_data
from gonghui.core.htmx import htmx_redirect
from gonghui.core.pagination import paginate, query_without_page
from gonghui.core.timeline import timeline_for

from ..choices import ArticleStatus
from ..forms.review import DecisionForm, PolicyForm, WithdrawForm, WordSearchForm, WordsForm
from ..models import Article
from ..permissions import MANAGE, REVIEW, VIEW, WRITE
from ..selectors import review as sel
from ..selectors.articles import article_files
from ..services import review as services


def _article_url(article: Article) -> str:
    return reverse("news:article_detail", args=[article.public_id])


def _paragraphs(text: str, words: list[str]) -> list[Any]:
    """The body as paragraphs (blank lines apart), each escaped with the flagged words marked."""
    blocks = [b.strip() for b in text.replace("\r\n", "\n").split("\n\n")]
    return [sel.highlight(b, words) for b in blocks if b]


@console_view(REVIEW)
def review_queue(request: AuthedRequest) -> HttpResponse:
    tab = request.GET.get("tab", "mine")
    if tab not in sel.QUEUE_TABS:
        tab = "mine"
    search = WordSearchForm(request.GET)
    query = search.cleaned_data["q"].strip() if search.is_valid() else ""
    page = paginate(request, sel.review_queue_for_user(user=request.user, tab=tab, query=query))
    for article in page.object_list:
        article.next_label = (
            sel.review_level_label(article.passed_level + 1, article.review_levels)
            if article.status == ArticleStatus.IN_REVIEW
            else ""
        )
    return render(
        request,
        "news/review/review_queue.html",
        {
            "tab": tab,
            "tabs": sel.QUEUE_TABS,
            "query": query,
            "page": page,
            "querystring": query_without_page(request),
            "may_set_policy": bool(sel.policy_orgs_for_user(user=request.user)),
            "may_keep_words": sel.sensitive_word_root_for_user(user=request.user) is not None,
        },
    )


@console_view(REVIEW)
def review_article(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    """The article as the reviewer reads it, the decisions so far and, when the user may take the next level, the
    form (its hidden `level` makes a level already taken by someone else a clear refusal)."""
    article = sel.review_article_get_or_404(user=request.user, public_id=public_id)
    refusal = sel.review_refusal(article, request.user)
    level = article.passed_level + 1
    form = DecisionForm(posted_data(request), initial={"level": level})
    if request.method == "POST":
        done = form_perform(
            request,
            form,
            lambda data: services.article_review_decide(
                article=article,
                actor=request.user,
                level=data["level"],
                decision=data["decision"],
                opinion=data["opinion"],
            ),
            success=lambda d: (
                f"{d.label}通过，稿件已发布"
                if d.published
                else f"{d.label}通过，已通知下一级审核人（{d.notified} 人）"
                if d.passed
                else f"已退回修改，已通知起草人（{d.label}意见已记录）"
            ),
            then=reverse("news:review_queue"),
        )
        if done:
            return done
    words = list(article.flagged_words or [])
    files = article_files(article)
    return render(
        request,
        "news/review/review_article.html",
        {
            "article": article,
            "title_marked": sel.highlight(article.title, words),
            "summary_marked": sel.highlight(article.summary, words),
            "paragraphs": _paragraphs(article.body, words),
            "flagged": words,
            "images": files.images,
            "files": files.files,
            "card": sel.review_card(article, request.user),
            "trail": sel.review_trail(article),
            "form": form,
            "refusal": refusal,
            "level_label": sel.review_level_label(level, article.review_levels),
            "timeline": timeline_for(article),
        },
    )


@require_POST
@console_view(WRITE)
def article_submit(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    article = sel.article_for_write_or_404(user=request.user, public_id=public_id)
    return button_perform(
        request,
        lambda: services.article_submit(article=article, actor=request.user),
        success=lambda a: (
            f"已送审，共{a.review_levels}级审核"
            + (f"；文中有敏感词“{'、'.join(a.flagged_words)}”，已提示审核人" if a.flagged_words else "")
        ),
        back=_article_url(article),
        error_prefix="未能送审：",
    )


@console_view(VIEW)
def article_withdraw(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    """撤回: the confirmation page with the reason; the POST takes the article away from every reader."""
    article = sel.article_for_manage_or_404(user=request.user, public_id=public_id)
    if article.status != ArticleStatus.PUBLISHED:
        messages.error(request, f"只有已发布的文章可以撤回（当前状态：{article.get_status_display()}）")
        return htmx_redirect(request, _article_url(article))
    form = WithdrawForm(posted_data(request))
    done = form_perform(
        request,
        form,
        lambda data: services.article_withdraw(article=article, actor=request.user, reason=data["reason"]),
        success=f"已撤回《{article.title}》，读者不再能看到这篇文章",
        then=_article_url(article),
    )
    return done or render(request, "news/review/article_withdraw.html", {"article": article, "form": form})


@console_view(MANAGE)
def review_policy(request: AuthedRequest) -> HttpResponse:
    """审核级数 of the union the console works in (or the first the user manages news for)."""
    orgs = sel.policy_orgs_for_user(user=request.user)
    if not orgs:
        raise PermissionDenied
    here = current_org(request)
    org = next((o for o in orgs if here is not None and o.pk == here.pk), orgs[0])
    effective = sel.effective_policy(org)
    form = PolicyForm(posted_data(request), initial={"levels": effective.levels})
    done = form_perform(
        request,
        form,
        lambda data: services.review_policy_set(
            org=org, actor=request.user, levels=data["levels"], context=AuditContext.of(request)
        ),
        success=lambda p: f"已设置{org.name}的稿件审核级数为{p.levels}级，此后送审的稿件按此执行",
        then=reverse("news:review_policy"),
    )
    return done or render(
        request,
        "news/review/review_policy.html",
        {
            "org": org,
            "effective": effective,
            "inherited": sel.inherited_policy(org),
            "names": sel.review_level_names(effective.levels),
            "form": form,
        },
    )


@console_view(MANAGE)
def sensitive_words(request: AuthedRequest) -> HttpResponse:
    """敏感词: the root union's list (search, pages) for its keepers (news.manage on the root; others 403), who add
    words here, several at once; reviewers meet the words as the flags on the review page."""
    keeper_root = sel.sensitive_word_root_for_user(user=request.user)
    if keeper_root is None:
        raise PermissionDenied
    search = WordSearchForm(request.GET)
    query = search.cleaned_data["q"].strip() if search.is_valid() else ""
    form = WordsForm(posted_data(request))
    if request.method == "POST" and form.is_valid():
        added = services.sensitive_words_add(
            org=keeper_root,
            actor=request.user,
            text=form.cleaned_data["words"],
            note=form.cleaned_data["note"],
            context=AuditContext.of(request),
        )
        if added.added:
            messages.success(request, f"已添加 {len(added.added)} 个敏感词")
        if added.duplicates:
            messages.info(request, f"以下词已在词表中，已跳过：{'、'.join(added.duplicates)}")
        return htmx_redirect(request, reverse("news:sensitive_words"))
    page = paginate(request, sel.sensitive_word_list(org=keeper_root, query=query), per_page=50)
    return render(
        request,
        "news/review/sensitive_words.html",
        {
            "org": keeper_root,
            "page": page,
            "query": query,
            "querystring": query_without_page(request),
            "form": form,
        },
    )


@console_view(MANAGE)
def sensitive_word_delete(request: AuthedRequest, word_id: int) -> HttpResponse:
    """删除 a word: a confirmation page; only the root union's keepers (others get 403 before any lookup)."""
    if sel.sensitive_word_root_for_user(user=request.user) is None:
        raise PermissionDenied
    word = sel.sensitive_word_get_or_404(user=request.user, word_id=word_id)
    if request.method == "POST":
        services.sensitive_word_delete(word=word, actor=request.user, context=AuditContext.of(request))
        messages.success(request, f"已删除敏感词“{word.word}”")
        return htmx_redirect(request, reverse("news:sensitive_words"))
    return render(request, "news/review/sensitive_word_delete.html", {"word": word})
