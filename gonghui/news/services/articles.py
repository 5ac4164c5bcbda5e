"""Services of part articles: writing an article (drafts and returned articles only; `news.write` on its union),
its files (cover and images under the images policy, other attachments under the default one), deleting a draft,
a union's 专栏, and 投稿 — a published article offered to a higher union's channel, adopted there as a draft copy
(text, story subject and files) or declined with a note. Publication is the review part's alone."""

import re
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from gonghui.attachments.models import Attachment
from gonghui.attachments.policies import DEFAULT_POLICY, IMAGE_POLICY
from gonghui.attachments.selectors import attachments_of
from gonghui.attachments.services import attachment_save
from gonghui.core.locking import lock
from gonghui.notifications.services import notify
from gonghui.orgs.models import Org

from ..choices import ArticleAudience, ArticleKind, ArticleStatus, ContributionStatus, NewsAction
from ..events import news_event
from ..models import Article, Column, Contribution
from ..permissions import can_manage_for, can_write_for
from ..subjects import story_subjects, subject_split

EDITABLE = (ArticleStatus.DRAFT, ArticleStatus.RETURNED)
STORY_KINDS = (ArticleKind.MODEL_WORKER, ArticleKind.CRAFTSMAN, ArticleKind.ZUIMEI)
TEXT_FIELDS = ("kind", "title", "summary", "body", "byline", "source", "audience")
IMAGE_EXTENSIONS = frozenset(IMAGE_POLICY.extensions)
_SENTENCE_END = re.compile(r"^(.+?[。！？!?])")


def _require_write(actor: Any, org: Any) -> None:
    if not can_write_for(actor, org):
        raise PermissionDenied


def _require_editable(article: Article) -> None:
    if article.status not in EDITABLE:
        raise ValidationError(
            f"文章{article.get_status_display()}，不能修改（只有草稿和退回修改的文章可以修改；已发布的文章请先撤回）"
        )


def first_sentence(body: str, limit: int = 200) -> str:
    """The body's first sentence (up to 。！？), else its first line, cut to `limit` characters: the default 摘要."""
    text = body.strip()
    line = text.splitlines()[0].strip() if text else ""
    match = _SENTENCE_END.match(line)
    sentence = match.group(1) if match else line
    return sentence[:limit]


def _clean(*, org: Any, actor: Any, data: dict[str, Any]) -> dict[str, Any]:
    """The article's fields from `data`, checked: the column is an active one of the union, a story subject only on a
    story and only a record the actor may read; the summary defaults to the body's first sentence."""
    values = {field: data.get(field, "") for field in TEXT_FIELDS}
    values["title"] = str(values["title"]).strip()
    values["body"] = str(values["body"]).strip()
    if not values["title"]:
        raise ValidationError({"title": "请填写标题"})
    if not values["body"]:
        raise ValidationError({"body": "请填写正文"})
    values["summary"] = str(values["summary"]).strip() or first_sentence(values["body"])
    values["kind"] = values["kind"] or ArticleKind.NEWS
    values["audience"] = values["audience"] or ArticleAudience.SUBTREE
    if values["kind"] not in ArticleKind.values:
        raise ValidationError({"kind": "请选择文章类别"})
    if values["audience"] not in ArticleAudience.values:
        raise ValidationError({"audience": "请选择阅读范围"})
    column = data.get("column")
    if column is not None and (column.org_id != org.pk or not column.is_active):
        raise ValidationError({"column": "专栏须为本单位启用中的专栏"})
    values["column"] = column
    ref = str(data.get("subject_ref") or "").strip()
    values["subject_ref"], values["subject_label"] = "", ""
    if ref:
        if values["kind"] not in STORY_KINDS:
            raise ValidationError({"subject_ref": "只有劳模故事、工匠故事和最美故事可以关联荣誉记录"})
        key, ref_id = subject_split(ref)
        found = story_subjects.get(key).link(actor, ref_id) if key in story_subjects else None
        if found is None:
            raise ValidationError({"subject_ref": "关联荣誉记录不存在或您无权查看，请重新选择"})
        values["subject_ref"], values["subject_label"] = ref, found[0][:200]
    return values


@transaction.atomic
def article_create(*, org: Any, actor: Any, data: dict[str, Any]) -> Article:
    """A draft of `org` written by `actor`."""
    _require_write(actor, org)
    article = Article.objects.create(org=org, created_by=actor, **_clean(org=org, actor=actor, data=data))
    news_event(
        subject=article, actor=actor, action=NewsAction.CREATED, to_state=str(ArticleStatus.DRAFT.label)
    )
    return article


@transaction.atomic
def article_update(*, article: Article, actor: Any, data: dict[str, Any]) -> Article:
    locked = lock(Article, pk=article.pk, related=("org",))
    _require_write(actor, locked.org)
    _require_editable(locked)
    values = _clean(org=locked.org, actor=actor, data=data)
    changed = [field for field, value in values.items() if getattr(locked, field) != value]
    for field, value in values.items():
        setattr(locked, field, value)
    locked.save()
    fields = "、".join(
        str(getattr(Article._meta.get_field(f), "verbose_name", f)) for f in changed if f != "subject_label"
    )
    news_event(
        subject=locked, actor=actor, action=NewsAction.EDITED, note=f"修改了{fields}" if fields else ""
    )
    return locked


def _files(article: Article) -> list[Attachment]:
    return list(attachments_of(article))


@transaction.atomic
def article_delete(*, article: Article, actor: Any) -> str:
    """Delete a draft that was never submitted (its files go once the transaction commits). Returns the title."""
    locked = lock(Article, pk=article.pk, related=("org",))
    _require_write(actor, locked.org)
    if locked.status != ArticleStatus.DRAFT or locked.review_round:
        raise ValidationError("只有从未送审的草稿可以删除")
    title = locked.title
    for attachment in _files(locked):
        transaction.on_commit(partial(attachment.file.delete, save=False))
        attachment.delete()
    locked.delete()
    return title


def article_file_add(*, article: Article, actor: Any, upload: UploadedFile[bytes], image: bool) -> Attachment:
    """An image (jpg/png under the images policy; the first becomes the cover) or an attachment (the default policy).
    The upload is checked and hashed before the transaction opens."""
    _require_write(actor, article.org)
    _require_editable(article)
    if image and (upload.name or "").rsplit(".", 1)[-1].lower() not in IMAGE_EXTENSIONS:
        raise ValidationError("图片须为 JPG 或 PNG 格式")
    attachment = attachment_save(
        owner=article,
        org=article.org,
        upload=upload,
        actor=actor,
        policy=IMAGE_POLICY if image else DEFAULT_POLICY,
    )
    with transaction.atomic():
        locked = lock(Article, pk=article.pk)
        editable = locked.status in EDITABLE
        if editable:
            if image and locked.cover_id is None:
                locked.cover = attachment
                locked.save(update_fields=["cover", "updated_at"])
            kind = "图片" if image else "附件"
            note = f"上传{kind}“{attachment.original_name}”"
            news_event(subject=locked, actor=actor, action=NewsAction.EDITED, note=note)
    if not editable:  # submitted meanwhile: keep nothing
        attachment.file.delete(save=False)
        attachment.delete()
        _require_editable(locked)
    return attachment


def _own_file(article: Article, public_id: Any) -> Attachment:
    attachment = attachments_of(article).filter(public_id=public_id).first()
    if attachment is None:
        raise ValidationError("文件不存在或已删除")
    return attachment


@transaction.atomic
def article_file_remove(*, article: Article, actor: Any, public_id: Any) -> str:
    """Remove one of the article's files (the cover too: the article then has none). Returns its name."""
    locked = lock(Article, pk=article.pk, related=("org",))
    _require_write(actor, locked.org)
    _require_editable(locked)
    attachment = _own_file(locked, public_id)
    name = attachment.original_name
    if locked.cover_id == attachment.pk:
        locked.cover = None
        locked.save(update_fields=["cover", "updated_at"])
    transaction.on_commit(partial(attachment.file.delete, save=False))
    attachment.delete()
    news_event(subject=locked, actor=actor, action=NewsAction.EDITED, note=f"删除文件“{name}”")
    return name


@transaction.atomic
def article_cover_set(*, article: Article, actor: Any, public_id: Any) -> Attachment:
    locked = lock(Article, pk=article.pk, related=("org",))
    _require_write(actor, locked.org)
    _require_editable(locked)
    attachment = _own_file(locked, public_id)
    if attachment.extension not in IMAGE_EXTENSIONS:
        raise ValidationError("封面须为 JPG 或 PNG 图片")
    locked.cover = attachment
    locked.save(update_fields=["cover", "updated_at"])
    news_event(
        subject=locked, actor=actor, action=NewsAction.EDITED, note=f"设为封面“{attachment.original_name}”"
    )
    return attachment


# --- 专栏 -----------------------------------------------------------------------------------------------------
def _column_values(data: dict[str, Any]) -> dict[str, Any]:
    name = str(data.get("name") or "").strip()
    if not name:
        raise ValidationError({"name": "请填写专栏名称"})
    return {
        "name": name,
        "description": str(data.get("description") or "").strip(),
        "order": data.get("order") or 100,
    }


@transaction.atomic
def column_create(*, org: Any, actor: Any, data: dict[str, Any]) -> Column:
    """A 专栏 of `org`: its writers (`news.write`) keep their union's columns."""
    _require_write(actor, org)
    values = _column_values(data)
    if Column.objects.filter(org=org, name=values["name"]).exists():
        raise ValidationError({"name": f"本单位已有专栏“{values['name']}”"})
    return Column.objects.create(org=org, **values)


@transaction.atomic
def column_update(*, column: Column, actor: Any, data: dict[str, Any]) -> Column:
    locked = lock(Column, pk=column.pk, related=("org",))
    _require_write(actor, locked.org)
    values = _column_values(data)
    if Column.objects.filter(org=locked.org, name=values["name"]).exclude(pk=locked.pk).exists():
        raise ValidationError({"name": f"本单位已有专栏“{values['name']}”"})
    for field, value in values.items():
        setattr(locked, field, value)
    locked.save()
    return locked


@transaction.atomic
def column_set_active(*, column: Column, actor: Any, active: bool) -> Column:
    """停用 hides the column from new articles and the portal (its articles keep it); 启用 brings it back."""
    locked = lock(Column, pk=column.pk, related=("org",))
    _require_write(actor, locked.org)
    if locked.is_active == active:
        raise ValidationError(f"专栏“{locked.name}”已{'启用' if active else '停用'}")
    locked.is_active = active
    locked.save(update_fields=["is_active", "updated_at"])
    return locked


# --- 投稿 -----------------------------------------------------------------------------------------------------
def contribution_targets(article: Article) -> list[Any]:
    """The unions above the article's union (active), nearest first: where it may be offered."""
    paths = article.org.ancestor_paths()[:-1]
    return list(Org.objects.filter(path__in=paths, status="active").order_by("-depth"))


@transaction.atomic
def contribution_create(*, article: Article, actor: Any, to_org: Any, note: str = "") -> Contribution:
    """Offer a published article to a higher union's channel (one pending offer per article and union)."""
    locked = lock(Article, pk=article.pk, related=("org",))
    _require_write(actor, locked.org)
    if locked.status != ArticleStatus.PUBLISHED:
        raise ValidationError("只有已发布的文章可以投稿")
    if to_org.pk not in {org.pk for org in contribution_targets(locked)}:
        raise ValidationError({"to_org": "只能投往本单位的上级工会"})
    if Contribution.objects.filter(article=locked, org=to_org, status=ContributionStatus.PENDING).exists():
        raise ValidationError({"to_org": f"已向“{to_org.name}”投稿，正在等待处理"})
    try:
        with transaction.atomic():
            contribution = Contribution.objects.create(
                org=to_org, article=locked, note=note.strip()[:300], created_by=actor
            )
    except IntegrityError as exc:
        raise ValidationError({"to_org": f"已向“{to_org.name}”投稿，正在等待处理"}) from exc
    news_event(subject=locked, actor=actor, action=NewsAction.CONTRIBUTED, note=f"投往{to_org.name}")
    from ..selectors.articles import managers_of

    notify(
        recipients=managers_of(to_org),
        title="收到投稿",
        body=f"{locked.org.name}投稿《{locked.title}》",
        url=reverse("news:contribution_detail", args=[contribution.pk]),
        category="news",
    )
    return contribution


def _lock_pending(contribution: Contribution, actor: Any) -> Contribution:
    locked = lock(Contribution, pk=contribution.pk, related=("org", "article", "article__org", "created_by"))
    if not can_manage_for(actor, locked.org):
        raise PermissionDenied
    if locked.status != ContributionStatus.PENDING:
        raise ValidationError(f"该投稿{locked.get_status_display()}，不能再处理")
    return locked


def _file_copy(*, source: Attachment, owner: Article, actor: Any) -> Attachment:
    """A copy of the offered article's file on the adopted draft (its own stored file)."""
    with source.file.open("rb") as handle:
        upload = UploadedFile(
            file=handle, name=source.original_name, content_type=source.mime_type, size=source.size
        )
        policy = IMAGE_POLICY if source.extension in IMAGE_EXTENSIONS else DEFAULT_POLICY
        return attachment_save(owner=owner, org=owner.org, upload=upload, actor=actor, policy=policy)


@transaction.atomic
def contribution_adopt(*, contribution: Contribution, actor: Any) -> Article:
    """采用: a draft of the receiving union copied from the offered article (text, story subject, files, cover;
    `source` names the offering union), which then passes the receiving union's own review."""
    locked = _lock_pending(contribution, actor)
    original = locked.article
    draft = Article.objects.create(
        org=locked.org,
        created_by=actor,
        kind=original.kind,
        title=original.title,
        summary=original.summary,
        body=original.body,
        byline=original.byline,
        source=original.org.name[:60],
        audience=original.audience,
        subject_ref=original.subject_ref,
        subject_label=original.subject_label,
    )
    for source in _files(original):
        copy = _file_copy(source=source, owner=draft, actor=actor)
        if original.cover_id == source.pk:
            draft.cover = copy
    draft.save(update_fields=["cover", "updated_at"])
    locked.status = ContributionStatus.ADOPTED
    locked.decided_by, locked.decided_at, locked.adopted_article = actor, timezone.now(), draft
    locked.save(update_fields=["status", "decided_by", "decided_at", "adopted_article", "updated_at"])
    news_event(subject=original, actor=actor, action=NewsAction.ADOPTED, note=f"{locked.org.name}采用")
    news_event(
        subject=draft,
        actor=actor,
        action=NewsAction.ADOPTED,
        to_state=str(ArticleStatus.DRAFT.label),
        note=f"采用{original.org.name}的投稿",
    )
    notify(
        recipients=[locked.created_by],
        title="投稿已采用",
        body=f"《{original.title}》已被{locked.org.name}采用",
        url=reverse("news:article_detail", args=[original.public_id]),
        category="news",
    )
    return draft


@transaction.atomic
def contribution_decline(*, contribution: Contribution, actor: Any, note: str) -> Contribution:
    note = note.strip()
    if not note:
        raise ValidationError({"decision_note": "请填写不采用的说明"})
    locked = _lock_pending(contribution, actor)
    locked.status = ContributionStatus.DECLINED
    locked.decided_by, locked.decided_at, locked.decision_note = actor, timezone.now(), note[:300]
    locked.save(update_fields=["status", "decided_by", "decided_at", "decision_note", "updated_at"])
    news_event(
        subject=locked.article, actor=actor, action=NewsAction.DECLINED, note=f"{locked.org.name}：{note}"
    )
    notify(
        recipients=[locked.created_by],
        title="投稿未被采用",
        body=f"《{locked.article.title}》未被{locked.org.name}采用：{note}",
        url=reverse("news:article_detail", args=[locked.article.public_id]),
        category="news",
    )
    return locked
