"""Console views of part articles: 文章管理 (search, filters, pagination, export through the spreadsheets block),
writing (create and edit drafts and returned articles, the story-subject picker, images, cover and attachments,
delete a draft), the article page (body, files, story subject, 投稿, the review card, the timeline), 专栏 and
投稿 (offer upward; the receiving union adopts or declines)."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import reverse
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.accounts.workspace import current_org
from gonghui.core.forms import button_perform, form_perform, posted_data
from gonghui.core.htmx import htmx_partial, htmx_redirect
from gonghui.core.pagination import paginate, query_without_page
from gonghui.orgs.models import Org

from ..choices import ArticleStatus, ContributionStatus
from ..forms.articles import (
    ArticleFilterForm,
    ArticleForm,
    ColumnForm,
    ContributionFilterForm,
    ContributionForm,
    DeclineForm,
    FileForm,
)
from ..models import Article
from ..permissions import MANAGE, VIEW, WRITE, can_manage_for, can_write_for
from ..selectors import articles as sel
from ..services import articles as svc
from ..spreadsheets import ARTICLES_EXPORT

REVIEW_CARD = "news/review/_review_card.html"


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _detail_url(article: Article) -> str:
    return reverse("news:article_detail", args=[article.public_id])


def _template_exists(name: str) -> bool:
    try:
        get_template(name)
    except TemplateDoesNotExist:
        return False
    return True


def _writable_org(user: Any, code: str) -> Org:
    org = sel.writable_org(user, code) if code else None
    if org is None or org.code != code:
        raise ValidationError({"org": "请选择您可以发稿的工会"})
    return org


# --- the list -------------------------------------------------------------------------------------------------
@console_view(VIEW)
def article_list(request: AuthedRequest) -> HttpResponse:
    user = request.user
    columns = list(sel.column_list_for_user(user))
    form = ArticleFilterForm(request.GET, orgs=sel.org_choices(user), columns=columns)
    filters = form.filters()
    page = paginate(request, sel.article_list_for_user(user, filters))
    context = {
        "form": form,
        "page": page,
        "filtered": bool(filters),
        "querystring": query_without_page(request),
        "export_key": ARTICLES_EXPORT,
        "can_write": sel.may_write_somewhere(user),
        "can_manage": sel.may_manage_somewhere(user),
    }
    template = (
        "news/articles/_article_table.html" if htmx_partial(request) else "news/articles/article_list.html"
    )
    return render(request, template, context)


# --- writing --------------------------------------------------------------------------------------------------
def _subject_pair(article: Article | None) -> tuple[str, str] | None:
    return (article.subject_ref, article.subject_label) if article and article.subject_ref else None


@console_view(WRITE)
def article_create(request: AuthedRequest) -> HttpResponse:
    user = request.user
    orgs = sel.org_choices(user, WRITE)
    _require(bool(orgs))
    chosen_code = str(request.POST.get("org") or request.GET.get("org") or "")
    default = current_org(request)
    wanted = chosen_code or (default.code if default and can_write_for(user, default) else "")
    org = sel.writable_org(user, wanted)
    form = ArticleForm(
        posted_data(request),
        orgs=orgs,
        columns=sel.active_columns(org),
        initial={"org": org.code if org else ""},
    )
    done = form_perform(
        request,
        form,
        lambda d: svc.article_create(org=_writable_org(user, d["org"]), actor=user, data=d),
        success=lambda a: f"已保存草稿《{a.title}》，可继续上传图片和附件",
        then=_detail_url,
    )
    return done or render(request, "news/articles/article_form.html", {"form": form, "article": None})


@console_view(VIEW)
def article_edit(request: AuthedRequest, public_id: Any) -> HttpResponse:
    user = request.user
    article = sel.article_for_user_or_404(user, public_id, demand=WRITE)
    if article.status not in svc.EDITABLE:
        messages.info(request, f"文章{article.get_status_display()}，不能修改")
        return htmx_redirect(request, _detail_url(article))
    initial = {
        f: getattr(article, f) for f in ("kind", "title", "summary", "body", "byline", "source", "audience")
    }
    initial |= {"column": article.column_id, "subject_ref": article.subject_ref}
    form = ArticleForm(
        posted_data(request),
        orgs=None,
        columns=sel.active_columns(article.org),
        subject=_subject_pair(article),
        initial=initial,
    )
    done = form_perform(
        request,
        form,
        lambda d: svc.article_update(article=article, actor=user, data=d),
        success="已保存修改",
        then=_detail_url,
    )
    return done or render(request, "news/articles/article_form.html", {"form": form, "article": article})


@console_view(WRITE)
def subject_choices(request: AuthedRequest) -> HttpResponse:
    """The story-subject picker's options (HTMX): the records the writer may read matching `q`."""
    query = str(request.GET.get("q") or "")[:50]
    groups = sel.subject_choices(request.user, query)
    return render(request, "news/articles/_subject_options.html", {"groups": groups, "query": query})


@console_view(VIEW)
def article_delete(request: AuthedRequest, public_id: Any) -> HttpResponse:
    user = request.user
    article = sel.article_for_user_or_404(user, public_id, demand=WRITE)
    if request.method == "POST":
        return button_perform(
            request,
            lambda: svc.article_delete(article=article, actor=user),
            success=lambda title: f"已删除草稿《{title}》",
            back=_detail_url(article),
            then=lambda _title: reverse("news:article_list"),
        )
    deletable = article.status == ArticleStatus.DRAFT and not article.review_round
    return render(request, "news/articles/article_delete.html", {"article": article, "deletable": deletable})


@require_POST
@console_view(VIEW)
def article_file_add(request: AuthedRequest, public_id: Any) -> HttpResponse:
    user = request.user
    article = sel.article_for_user_or_404(user, public_id, demand=WRITE)
    form = FileForm(request.POST, request.FILES)
    return button_perform(
        request,
        lambda: svc.article_file_add(
            article=article, actor=user, upload=form.cleaned_data["file"], image=form.cleaned_data["image"]
        ),
        success=lambda a: f"已上传“{a.original_name}”",
        back=_detail_url(article),
        form=form,
        error_prefix="上传失败：",
    )


@console_view(VIEW)
def article_file_remove(request: AuthedRequest, public_id: Any, file_id: Any) -> HttpResponse:
    user = request.user
    article = sel.article_for_user_or_404(user, public_id, demand=WRITE)
    attachment = next((a for a in sel.article_files(article).all if a.public_id == file_id), None)
    if request.method == "POST":
        return button_perform(
            request,
            lambda: svc.article_file_remove(article=article, actor=user, public_id=file_id),
            success=lambda name: f"已删除“{name}”",
            back=_detail_url(article),
        )
    return render(
        request,
        "news/articles/file_remove.html",
        {"article": article, "attachment": attachment, "editable": article.status in svc.EDITABLE},
    )


@require_POST
@console_view(VIEW)
def article_cover_set(request: AuthedRequest, public_id: Any, file_id: Any) -> HttpResponse:
    user = request.user
    article = sel.article_for_user_or_404(user, public_id, demand=WRITE)
    return button_perform(
        request,
        lambda: svc.article_cover_set(article=article, actor=user, public_id=file_id),
        success=lambda a: f"已将“{a.original_name}”设为封面",
        back=_detail_url(article),
    )


# --- the article page -----------------------------------------------------------------------------------------
@console_view(VIEW)
def article_detail(request: AuthedRequest, public_id: Any) -> HttpResponse:
    user = request.user
    article = sel.article_for_user_or_404(user, public_id)
    files = sel.article_files(article)
    can_write = can_write_for(user, article.org)
    context = {
        "article": article,
        "images": files.images,
        "files": files.files,
        "subject": sel.article_subject(user, article),
        "timeline": sel.article_timeline(article),
        "can_write": can_write,
        "editable": can_write and article.status in svc.EDITABLE,
        "deletable": can_write and article.status == ArticleStatus.DRAFT and not article.review_round,
        "can_contribute": can_write
        and article.status == ArticleStatus.PUBLISHED
        and bool(svc.contribution_targets(article)),
        "contributions": sel.contributions_of(article) if can_write else [],
        "file_form": FileForm(),
        "review_card": _template_exists(REVIEW_CARD),
        "review_card_template": REVIEW_CARD,
    }
    return render(request, "news/articles/article_detail.html", context)


# --- 专栏 -----------------------------------------------------------------------------------------------------
@console_view(VIEW)
def column_list(request: AuthedRequest) -> HttpResponse:
    user = request.user
    code = str(request.GET.get("org") or "")[:32]
    columns = list(sel.column_list_for_user(user, code))
    counts = sel.column_article_counts(columns)
    rows = [(c, counts.get(c.pk, 0), can_write_for(user, c.org)) for c in columns]
    context = {
        "rows": rows,
        "orgs": sel.org_choices(user),
        "org_code": code,
        "can_write": sel.may_write_somewhere(user),
    }
    return render(request, "news/articles/column_list.html", context)


@console_view(WRITE)
def column_create(request: AuthedRequest) -> HttpResponse:
    user = request.user
    orgs = sel.org_choices(user, WRITE)
    _require(bool(orgs))
    default = current_org(request)
    form = ColumnForm(posted_data(request), orgs=orgs, initial={"org": default.code if default else ""})
    done = form_perform(
        request,
        form,
        lambda d: svc.column_create(org=_writable_org(user, d["org"]), actor=user, data=d),
        success=lambda c: f"已新建专栏“{c.name}”",
        then=reverse("news:column_list"),
    )
    return done or render(request, "news/articles/column_form.html", {"form": form, "column": None})


@console_view(VIEW)
def column_edit(request: AuthedRequest, column_id: int) -> HttpResponse:
    user = request.user
    column = sel.column_for_user_or_404(user, column_id, demand=WRITE)
    initial = {"name": column.name, "description": column.description, "order": column.order}
    form = ColumnForm(posted_data(request), orgs=None, initial=initial)
    done = form_perform(
        request,
        form,
        lambda d: svc.column_update(column=column, actor=user, data=d),
        success="已保存专栏",
        then=reverse("news:column_list"),
    )
    return done or render(request, "news/articles/column_form.html", {"form": form, "column": column})


@console_view(VIEW)
def column_deactivate(request: AuthedRequest, column_id: int) -> HttpResponse:
    user = request.user
    column = sel.column_for_user_or_404(user, column_id, demand=WRITE)
    if request.method == "POST":
        return button_perform(
            request,
            lambda: svc.column_set_active(column=column, actor=user, active=False),
            success=lambda c: f"已停用专栏“{c.name}”",
            back=reverse("news:column_list"),
        )
    return render(request, "news/articles/column_deactivate.html", {"column": column})


@require_POST
@console_view(VIEW)
def column_activate(request: AuthedRequest, column_id: int) -> HttpResponse:
    user = request.user
    column = sel.column_for_user_or_404(user, column_id, demand=WRITE)
    return button_perform(
        request,
        lambda: svc.column_set_active(column=column, actor=user, active=True),
        success=lambda c: f"已启用专栏“{c.name}”",
        back=reverse("news:column_list"),
    )


# --- 投稿 -----------------------------------------------------------------------------------------------------
@console_view(VIEW)
def contribution_create(request: AuthedRequest, public_id: Any) -> HttpResponse:
    user = request.user
    article = sel.article_for_user_or_404(user, public_id, demand=WRITE)
    targets = svc.contribution_targets(article)
    form = ContributionForm(posted_data(request), targets=targets)
    by_pk = {str(org.pk): org for org in targets}
    done = form_perform(
        request,
        form,
        lambda d: svc.contribution_create(
            article=article, actor=user, to_org=by_pk[d["to_org"]], note=d["note"]
        ),
        success=lambda c: f"已向{c.org.name}投稿，等待对方处理",
        then=_detail_url(article),
    )
    context = {"form": form, "article": article, "published": article.status == ArticleStatus.PUBLISHED}
    return done or render(request, "news/articles/contribution_form.html", context)


@console_view(MANAGE)
def contribution_list(request: AuthedRequest) -> HttpResponse:
    form = ContributionFilterForm(request.GET)
    filters = form.filters()
    page = paginate(request, sel.contribution_list_for_user(request.user, filters))
    context = {
        "form": form,
        "page": page,
        "filtered": bool(filters),
        "querystring": query_without_page(request),
    }
    return render(request, "news/articles/contribution_list.html", context)


@console_view(MANAGE)
def contribution_detail(request: AuthedRequest, contribution_id: int) -> HttpResponse:
    user = request.user
    contribution = sel.contribution_for_user_or_404(user, contribution_id)
    article = contribution.article
    files = sel.article_files(article)
    context = {
        "contribution": contribution,
        "article": article,
        "images": files.images,
        "files": files.files,
        "can_decide": can_manage_for(user, contribution.org)
        and contribution.status == ContributionStatus.PENDING,
        "decline_form": DeclineForm(),
    }
    return render(request, "news/articles/contribution_detail.html", context)


@require_POST
@console_view(MANAGE)
def contribution_adopt(request: AuthedRequest, contribution_id: int) -> HttpResponse:
    user = request.user
    contribution = sel.contribution_for_user_or_404(user, contribution_id)
    return button_perform(
        request,
        lambda: svc.contribution_adopt(contribution=contribution, actor=user),
        success=lambda a: f"已采用，生成草稿《{a.title}》，请修改后送审",
        back=reverse("news:contribution_detail", args=[contribution.pk]),
        then=_detail_url,
    )


@require_POST
@console_view(MANAGE)
def contribution_decline(request: AuthedRequest, contribution_id: int) -> HttpResponse:
    user = request.user
    contribution = sel.contribution_for_user_or_404(user, contribution_id)
    form = DeclineForm(request.POST)
    return button_perform(
        request,
        lambda: svc.contribution_decline(
            contribution=contribution, actor=user, note=form.cleaned_data["decision_note"]
        ),
        success="已回复不采用",
        back=reverse("news:contribution_detail", args=[contribution.pk]),
        form=form,
    )
