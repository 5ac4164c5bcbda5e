"""Writes of the results library (竞赛成果): create and edit an item, publish and withdraw it, attach and remove its
files — each in one transaction with its timeline row — and the read counter: a page view counts in the cache only
(`library_read_record`, no database row on a GET); `library_reads_flush` (the scheduled job) adds the pending counts
to `read_count` with an F() update.

The counter is taken with a get-and-decrement: read n, `decr(key, n)`; a result below zero means an overlapping
run took the same reads first, so this run gives them back and adds nothing. Reads counted meanwhile stay in the
cache for the next run; none is lost or counted twice."""

import re
from collections.abc import Sequence
from typing import Any

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.scoping import has_action
from gonghui.attachments.models import Attachment
from gonghui.attachments.policies import DEFAULT_POLICY, MEDIA_TYPES, media_policy
from gonghui.attachments.services import attachment_save
from gonghui.core.locking import lock
from gonghui.core.timeline import timeline_record
from gonghui.orgs.models import Org

from ..choices import LibraryKind
from ..models import Contest, Entry, LibraryItem
from ..permissions import MANAGE, VIEW
from ..selectors.library import READS_TIMEOUT, library_reads_key

TAGS_MAX = 10
TAG_MAX_LENGTH = 20
TAG_SEPARATORS = re.compile(r"[,，、;；\s]+")
# the states the timeline shows for an item (it has no status field: published_at set or not)
DRAFT, PUBLISHED = "draft", "published"
STATE_LABELS = {DRAFT: "未发布", PUBLISHED: "已发布"}
FLUSH_CHUNK = 500


def library_tags_parse(value: str | Sequence[str]) -> list[str]:
    """Tags typed as one line (separated by commas, spaces or 、) or given as a list: stripped, without repeats,
    at most TAGS_MAX of at most TAG_MAX_LENGTH characters each."""
    parts = TAG_SEPARATORS.split(value) if isinstance(value, str) else [str(v) for v in value]
    tags = list(dict.fromkeys(t.strip() for t in parts if t.strip()))
    too_long = [t for t in tags if len(t) > TAG_MAX_LENGTH]
    if too_long:
        raise ValidationError(
            {
                "tags": _("标签不能超过%(n)d个字：%(tags)s")
                % {"n": TAG_MAX_LENGTH, "tags": "、".join(too_long)}
            }
        )
    if len(tags) > TAGS_MAX:
        raise ValidationError(
            {"tags": _("标签最多%(n)d个，现有%(count)d个") % {"n": TAGS_MAX, "count": len(tags)}}
        )
    return tags


def _clean_fields(
    *,
    actor: Any,
    org: Org,
    contest: Contest | None,
    entry: Entry | None,
    title: str,
    kind: str,
    authors: str,
    summary: str,
    tags: str | Sequence[str],
) -> dict[str, Any]:
    """The checked fields of an item (every rule that reads other rows or the actor's grants)."""
    if not has_action(actor, MANAGE, org):
        raise PermissionDenied
    errors: dict[str, str] = {}
    title = title.strip()
    if not title:
        errors["title"] = _("请填写成果名称")
    elif len(title) > 200:
        errors["title"] = _("成果名称不能超过200个字")
    if kind not in LibraryKind.values:
        errors["kind"] = _("请选择成果类型")
    authors = authors.strip()
    if len(authors) > 200:
        errors["authors"] = _("完成人不能超过200个字")
    if contest is not None and not Contest.objects.visible_to(actor, VIEW).filter(pk=contest.pk).exists():
        errors["contest"] = _("所选竞赛不存在或不在您的可见范围内")
    if entry is not None:
        if contest is None:
            errors["entry"] = _("选择获奖报名前请先选择竞赛")
        elif entry.round.contest_id != contest.pk:
            errors["entry"] = _("所选获奖报名不属于该竞赛")
        elif not entry.award:
            errors["entry"] = _("所选报名没有获奖，不能作为获奖报名")
    try:
        clean_tags = library_tags_parse(tags)
    except ValidationError as exc:
        errors["tags"] = exc.message_dict["tags"][0]
        clean_tags = []
    if errors:
        raise ValidationError(errors)
    return {
        "org": org,
        "contest": contest,
        "entry": entry,
        "title": title,
        "kind": kind,
        "authors": authors,
        "summary": summary.strip(),
        "tags": clean_tags,
    }


@transaction.atomic
def library_item_create(
    *,
    actor: Any,
    org: Org,
    title: str,
    kind: str,
    contest: Contest | None = None,
    entry: Entry | None = None,
    authors: str = "",
    summary: str = "",
    tags: str | Sequence[str] = "",
) -> LibraryItem:
    """A new item, not yet published, of a union the actor manages contests for."""
    fields = _clean_fields(
        actor=actor,
        org=org,
        contest=contest,
        entry=entry,
        title=title,
        kind=kind,
        authors=authors,
        summary=summary,
        tags=tags,
    )
    item = LibraryItem.objects.create(created_by=actor, **fields)
    timeline_record(subject=item, actor=actor, action="create", action_label=str(_("创建")), to_state=DRAFT)
    return item


@transaction.atomic
def library_item_update(
    *,
    item: LibraryItem,
    actor: Any,
    org: Org,
    title: str,
    kind: str,
    contest: Contest | None = None,
    entry: Entry | None = None,
    authors: str = "",
    summary: str = "",
    tags: str | Sequence[str] = "",
) -> LibraryItem:
    """Edit an item (published or not); moving it to another union needs contests.manage on both."""
    locked = lock(LibraryItem, pk=item.pk, related=("org",))
    if not has_action(actor, MANAGE, locked.org):
        raise PermissionDenied
    fields = _clean_fields(
        actor=actor,
        org=org,
        contest=contest,
        entry=entry,
        title=title,
        kind=kind,
        authors=authors,
        summary=summary,
        tags=tags,
    )
    changed = [name for name, value in fields.items() if getattr(locked, name) != value]
    if not changed:
        return locked
    for name in changed:
        setattr(locked, name, fields[name])
    locked.save(update_fields=[*changed, "updated_at"])
    labels = "、".join(
        str(getattr(LibraryItem._meta.get_field(name), "verbose_name", name)) for name in changed
    )
    timeline_record(
        subject=locked,
        actor=actor,
        action="edit",
        action_label=str(_("修改")),
        note=_("修改了%(fields)s") % {"fields": labels},
    )
    return locked


@transaction.atomic
def library_item_publish(*, item: LibraryItem, actor: Any) -> LibraryItem:
    """Members of the item's union and the unions below see it on the portal from now on."""
    locked = lock(LibraryItem, pk=item.pk, related=("org",))
    if not has_action(actor, MANAGE, locked.org):
        raise PermissionDenied
    if locked.published_at is not None:
        raise ValidationError(_("该成果已经发布"))
    locked.published_at = timezone.now()
    locked.save(update_fields=["published_at", "updated_at"])
    timeline_record(
        subject=locked,
        actor=actor,
        action="publish",
        action_label=str(_("发布")),
        from_state=DRAFT,
        to_state=PUBLISHED,
    )
    return locked


@transaction.atomic
def library_item_unpublish(*, item: LibraryItem, actor: Any) -> LibraryItem:
    """Withdraw a published item from the portal (its files are no longer open to members)."""
    locked = lock(LibraryItem, pk=item.pk, related=("org",))
    if not has_action(actor, MANAGE, locked.org):
        raise PermissionDenied
    if locked.published_at is None:
        raise ValidationError(_("该成果尚未发布"))
    locked.published_at = None
    locked.save(update_fields=["published_at", "updated_at"])
    timeline_record(
        subject=locked,
        actor=actor,
        action="unpublish",
        action_label=str(_("撤回发布")),
        from_state=PUBLISHED,
        to_state=DRAFT,
    )
    return locked


def library_file_add(*, item: LibraryItem, actor: Any, upload: UploadedFile[bytes]) -> Attachment:
    """Attach a file: documents and images under the default policy, a video (.mp4) or audio file under the media
    policy. The upload is checked and stored before the timeline row's transaction (a large video is hashed
    without holding the database's write lock); a refused file stores nothing."""
    if not has_action(actor, MANAGE, item.org):
        raise PermissionDenied
    name = upload.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    policy = media_policy(name) if extension in MEDIA_TYPES else DEFAULT_POLICY
    try:
        attachment = attachment_save(owner=item, org=item.org, upload=upload, actor=actor, policy=policy)
    except ValidationError as exc:
        messages = exc.message_dict.get("file", exc.messages) if hasattr(exc, "error_dict") else exc.messages
        raise ValidationError({"file": [f"{name}：{m}" for m in messages]}) from None
    with transaction.atomic():
        timeline_record(
            subject=item,
            actor=actor,
            action="file_add",
            action_label=str(_("上传文件")),
            note=attachment.original_name,
        )
    return attachment


@transaction.atomic
def library_file_remove(*, item: LibraryItem, actor: Any, attachment: Attachment) -> None:
    """Remove one of the item's files (the stored file goes once the transaction commits)."""
    locked = lock(LibraryItem, pk=item.pk, related=("org",))
    if not has_action(actor, MANAGE, locked.org):
        raise PermissionDenied
    if attachment.content_type.model_class() is not LibraryItem or attachment.object_id != str(locked.pk):
        raise ValidationError(_("该文件不属于这项成果"))
    name = attachment.original_name
    stored = attachment.file
    attachment.delete()
    timeline_record(
        subject=locked, actor=actor, action="file_remove", action_label=str(_("删除文件")), note=name
    )
    transaction.on_commit(lambda: stored.delete(save=False))


# ---- read counts -------------------------------------------------------------------------------------------


def library_read_record(*, item: LibraryItem) -> None:
    """Count one read of an item's page in the cache (never a database write: pages are GETs)."""
    key = library_reads_key(item.pk)
    cache.add(key, 0, timeout=READS_TIMEOUT)
    try:
        cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.add(key, 1, timeout=READS_TIMEOUT)


def _take(key: str) -> int:
    """Take the pending count of one key: read n, decrement by n. A negative result means an overlapping run took
    these reads first: give them back and take nothing."""
    value = cache.get(key)
    pending = int(value) if value else 0
    if pending <= 0:
        return 0
    try:
        left = cache.decr(key, pending)
    except ValueError:  # evicted meanwhile: nothing to take
        return 0
    if left < 0:
        cache.incr(key, pending)
        return 0
    return pending


def library_reads_flush() -> int:
    """Add every pending read count to `read_count` (an F() update per item) and take it off the cache; returns
    how many reads were added. Idempotent: a second run finds nothing pending."""
    added = 0
    item_ids = list(LibraryItem.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(item_ids), FLUSH_CHUNK):
        chunk = item_ids[start : start + FLUSH_CHUNK]
        found = cache.get_many([library_reads_key(pk) for pk in chunk])
        for pk in chunk:
            key = library_reads_key(pk)
            if not found.get(key):
                continue
            taken = _take(key)
            if not taken:
                continue
            try:
                LibraryItem.objects.filter(pk=pk).update(read_count=F("read_count") + taken)
            except Exception:
                cache.incr(key, taken)  # the reads stay pending for the next run
                raise
            added += taken
    return added
