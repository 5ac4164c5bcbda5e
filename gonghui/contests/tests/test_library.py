"""竞赛成果 services: the rules of an item (union managed, contest visible, awarded entry of that contest, tags),
publishing, files, timeline rows, and the read counts kept in the cache and flushed by the job."""

from typing import Any

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.attachments.models import Attachment
from gonghui.attachments.selectors import attachments_of
from gonghui.attachments.tests.media_files import mp4
from gonghui.contests.choices import LibraryKind, RoundStatus
from gonghui.contests.jobs import library_reads_flush_job
from gonghui.contests.models import LibraryItem
from gonghui.contests.selectors.library import library_pending_reads, library_read_total, library_reads_key
from gonghui.contests.services import library as services
from gonghui.contests.services.library import (
    library_file_add,
    library_file_remove,
    library_item_create,
    library_item_publish,
    library_item_unpublish,
    library_item_update,
    library_read_record,
    library_reads_flush,
    library_tags_parse,
)
from gonghui.core.registry import scheduled_jobs
from gonghui.core.timeline import timeline_for

from .factories import make_contest, make_contest_entry, make_contest_round, make_group

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def make_awarded(world, *, org=None, actor=None):
    """A running contest of `org` (org A) with a final round: one entry awarded 一等奖, one without an award."""
    org = org or world.org_a
    actor = actor or world.org_admin
    contest = make_contest(org=org, actor=actor)
    group = make_group(contest=contest)
    final = make_contest_round(contest=contest, status=RoundStatus.FINAL)
    awarded = make_contest_entry(
        contest_round=final,
        group=group,
        entrant_org=world.org_a,
        members=[world.member_a],
        actor=actor,
        award="一等奖",
        rank=1,
        title="《春》课例",
    )
    plain = make_contest_entry(
        contest_round=final, group=group, entrant_org=world.org_a, members=[], actor=actor, rank=2
    )
    return contest, awarded, plain


def make_item(world, *, org=None, actor=None, published=False, **fields):
    values: dict[str, Any] = {
        "title": "小学语文《春》课例",
        "kind": LibraryKind.LESSON,
        "authors": "甲老师",
        "tags": "语文、课例",
    }
    values.update(fields)
    item = library_item_create(actor=actor or world.org_admin, org=org or world.org_a, **values)
    cache.delete(library_reads_key(item.pk))  # a pk reused after a rolled-back test starts from nothing
    if published:
        item = library_item_publish(item=item, actor=actor or world.org_admin)
    return item


# ---- tags ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("_case", "text", "tags"),
    [
        ("顿号", "语文、课例、小学", ["语文", "课例", "小学"]),
        ("commas and spaces", " 语文, 课例，小学  数学 ", ["语文", "课例", "小学", "数学"]),
        ("repeats once", "语文 语文", ["语文"]),
        ("empty", "  ", []),
    ],
)
def test_tags_are_split_stripped_and_deduplicated(_case, text, tags):
    assert library_tags_parse(text) == tags


def test_more_than_ten_tags_are_refused():
    with pytest.raises(ValidationError) as exc:
        library_tags_parse(" ".join(f"标签{i}" for i in range(11)))
    assert exc.value.message_dict == {"tags": ["标签最多10个，现有11个"]}


def test_a_tag_over_twenty_characters_is_refused_by_name():
    with pytest.raises(ValidationError) as exc:
        library_tags_parse("语文、" + "长" * 21)
    assert exc.value.message_dict == {"tags": ["标签不能超过20个字：" + "长" * 21]}


# ---- create and update ---------------------------------------------------------------------------------------


def test_create_an_item_with_its_awarded_entry(world):
    # given
    contest, awarded, _plain = make_awarded(world)
    # when
    item = make_item(world, contest=contest, entry=awarded, summary="  教学设计与课堂实录  ")
    # then
    item = LibraryItem.objects.get()
    assert (item.org, item.contest, item.entry, item.summary) == (
        world.org_a,
        contest,
        awarded,
        "教学设计与课堂实录",
    )
    assert item.tags == ["语文", "课例"]
    assert item.published_at is None
    assert [(e.action, e.to_state, e.actor) for e in timeline_for(item)] == [
        ("create", "draft", world.org_admin)
    ]


@pytest.mark.parametrize(
    ("_case", "actor", "org"),
    [
        ("plain member of org A", "org_member", "org_a"),
        ("org B admin for org A", "outsider", "org_a"),
        ("org A admin for the county above", "org_admin", "county_x"),
    ],
)
def test_only_a_union_the_actor_manages_contests_for(world, _case, actor, org):
    with pytest.raises(PermissionDenied):
        make_item(world, actor=getattr(world, actor), org=getattr(world, org))
    assert not LibraryItem.objects.exists()


def test_a_contest_the_actor_does_not_see_is_refused(world):
    # given a contest of org B (org A's admin does not see it)
    contest_b = make_contest(org=world.org_b, actor=world.outsider)
    # when / then
    with pytest.raises(ValidationError) as exc:
        make_item(world, contest=contest_b)
    assert exc.value.message_dict == {"contest": ["所选竞赛不存在或不在您的可见范围内"]}


def test_a_contest_above_the_actor_is_allowed(world):
    contest = make_contest(org=world.city, actor=world.org_admin)
    assert make_item(world, contest=contest).contest == contest


@pytest.mark.parametrize(
    ("_case", "which", "message"),
    [
        ("an entry without an award", "plain", "所选报名没有获奖，不能作为获奖报名"),
        ("an entry of another contest", "other", "所选获奖报名不属于该竞赛"),
        ("an entry without a contest", "no_contest", "选择获奖报名前请先选择竞赛"),
    ],
)
def test_the_entry_must_be_an_awarded_entry_of_the_contest(world, _case, which, message):
    # given
    contest, awarded, plain = make_awarded(world)
    other_contest, other_awarded, _ = make_awarded(world)
    entry, chosen = {
        "plain": (plain, contest),
        "other": (other_awarded, contest),
        "no_contest": (awarded, None),
    }[which]
    # when / then
    with pytest.raises(ValidationError) as exc:
        make_item(world, contest=chosen, entry=entry)
    assert exc.value.message_dict == {"entry": [message]}
    assert not LibraryItem.objects.exists()


def test_missing_title_and_bad_tags_are_named_together(world):
    with pytest.raises(ValidationError) as exc:
        make_item(world, title="  ", tags="长" * 21)
    assert set(exc.value.message_dict) == {"title", "tags"}


def test_update_records_what_changed(world):
    # given
    item = make_item(world)
    # when
    library_item_update(
        item=item,
        actor=world.org_admin,
        org=world.org_a,
        title="小学语文《春》课例（修订）",
        kind=LibraryKind.LESSON,
        authors="甲老师",
        tags="语文 课例 修订",
    )
    # then
    item.refresh_from_db()
    assert (item.title, item.tags) == ("小学语文《春》课例（修订）", ["语文", "课例", "修订"])
    last = list(timeline_for(item))[-1]
    assert (last.action, last.note) == ("edit", "修改了成果名称、标签")


def test_update_by_the_other_union_is_refused(world):
    item = make_item(world)
    with pytest.raises(PermissionDenied):
        library_item_update(
            item=item, actor=world.outsider, org=world.org_b, title="改", kind=LibraryKind.OTHER
        )
    item.refresh_from_db()
    assert item.title == "小学语文《春》课例"


# ---- publish -------------------------------------------------------------------------------------------------


def test_publish_then_withdraw(world):
    item = make_item(world)
    library_item_publish(item=item, actor=world.org_admin)
    item.refresh_from_db()
    assert item.published_at is not None
    with pytest.raises(ValidationError, match="该成果已经发布"):
        library_item_publish(item=item, actor=world.org_admin)
    library_item_unpublish(item=item, actor=world.org_admin)
    item.refresh_from_db()
    assert item.published_at is None
    with pytest.raises(ValidationError, match="该成果尚未发布"):
        library_item_unpublish(item=item, actor=world.org_admin)
    assert [(e.action, e.from_state, e.to_state) for e in timeline_for(item)] == [
        ("create", "", "draft"),
        ("publish", "draft", "published"),
        ("unpublish", "published", "draft"),
    ]


def test_publish_needs_manage_on_the_items_union(world):
    item = make_item(world)
    with pytest.raises(PermissionDenied):
        library_item_publish(item=item, actor=world.org_member)
    item.refresh_from_db()
    assert item.published_at is None


# ---- files ---------------------------------------------------------------------------------------------------


def test_files_are_attached_and_removed_with_timeline_rows(world, django_capture_on_commit_callbacks):
    # given
    item = make_item(world)
    # when
    pdf = library_file_add(
        item=item, actor=world.org_admin, upload=SimpleUploadedFile("教案.pdf", PDF, "application/pdf")
    )
    video = library_file_add(
        item=item, actor=world.org_admin, upload=SimpleUploadedFile("课堂实录.mp4", mp4(), "video/mp4")
    )
    # then
    assert [(a.original_name, a.is_media) for a in attachments_of(item)] == [
        ("教案.pdf", False),
        ("课堂实录.mp4", True),
    ]
    assert video.mime_type == "video/mp4"
    # when the pdf is removed
    with django_capture_on_commit_callbacks(execute=True):
        library_file_remove(item=item, actor=world.org_admin, attachment=pdf)
    # then
    assert list(attachments_of(item)) == [video]
    assert [(e.action, e.note) for e in timeline_for(item)][1:] == [
        ("file_add", "教案.pdf"),
        ("file_add", "课堂实录.mp4"),
        ("file_remove", "教案.pdf"),
    ]


def test_a_refused_file_names_itself_and_stores_nothing(world):
    item = make_item(world)
    with pytest.raises(ValidationError) as exc:
        library_file_add(
            item=item,
            actor=world.org_admin,
            upload=SimpleUploadedFile("病毒.exe", b"MZ\x90\x00", "application/x"),
        )
    assert exc.value.message_dict["file"][0].startswith("病毒.exe：")
    assert not Attachment.objects.exists()
    assert [e.action for e in timeline_for(item)] == ["create"]


def test_a_file_of_another_item_is_not_removed(world):
    item, other = make_item(world), make_item(world, title="另一项成果")
    stranger = library_file_add(
        item=other, actor=world.org_admin, upload=SimpleUploadedFile("教案.pdf", PDF, "application/pdf")
    )
    with pytest.raises(ValidationError, match="该文件不属于这项成果"):
        library_file_remove(item=item, actor=world.org_admin, attachment=stranger)
    assert Attachment.objects.get() == stranger


def test_files_need_manage(world):
    item = make_item(world)
    with pytest.raises(PermissionDenied):
        library_file_add(
            item=item, actor=world.outsider, upload=SimpleUploadedFile("教案.pdf", PDF, "application/pdf")
        )
    assert not Attachment.objects.exists()


# ---- read counts ---------------------------------------------------------------------------------------------


def test_reads_count_in_the_cache_and_the_job_flushes_them(world, django_assert_num_queries):
    # given
    item, other = make_item(world, published=True), make_item(world, title="另一项成果")
    # when three reads are recorded: no database query at all
    with django_assert_num_queries(0):
        for _ in range(3):
            library_read_record(item=item)
        library_read_record(item=other)
    # then nothing is in the table yet, the page total includes the pending reads
    item.refresh_from_db()
    assert item.read_count == 0
    assert library_read_total(item) == 3
    # when the job runs
    assert scheduled_jobs.get("contests.library_reads_flush").func() == "竞赛成果阅读次数 4 次"
    # then
    item.refresh_from_db()
    other.refresh_from_db()
    assert (item.read_count, other.read_count) == (3, 1)
    assert library_pending_reads([item.pk, other.pk]) == {}
    assert library_read_total(item) == 3
    # and a second run adds nothing (idempotent)
    assert library_reads_flush_job() == "竞赛成果阅读次数 0 次"
    item.refresh_from_db()
    assert item.read_count == 3


def test_reads_counted_after_a_flush_wait_for_the_next(world):
    item = make_item(world, published=True)
    library_read_record(item=item)
    library_reads_flush()
    library_read_record(item=item)
    library_read_record(item=item)
    item.refresh_from_db()
    assert (item.read_count, library_read_total(item)) == (1, 3)
    assert library_reads_flush() == 2
    item.refresh_from_db()
    assert item.read_count == 3


def test_overlapping_runs_neither_lose_nor_double_count(world, monkeypatch):
    """Two runs read the same pending count; the second to decrement sees a negative counter, gives the reads back
    and adds nothing; a read counted between the two stays pending."""
    # given
    item = make_item(world, published=True)
    key = library_reads_key(item.pk)
    for _ in range(5):
        library_read_record(item=item)
    real_get = cache.get
    taken_by_other_run = []
    interleaved: list[bool] = []

    def get_then_other_run_takes(k, *args, **kwargs):
        value = real_get(k, *args, **kwargs)
        if k == key and not interleaved:
            interleaved.append(True)
            # the other run reads the same 5 and takes them first; a member opens the page meanwhile
            taken_by_other_run.append(services._take(key))
            library_read_record(item=item)
        return value

    monkeypatch.setattr(cache, "get", get_then_other_run_takes)
    # when this run tries to take the 5 it read
    taken = services._take(key)
    monkeypatch.undo()
    # then the other run got them, this one nothing, and the new read is still pending
    assert (taken_by_other_run, taken) == ([5], 0)
    assert library_pending_reads([item.pk]) == {item.pk: 1}


def test_a_failed_update_leaves_the_reads_pending(world, monkeypatch):
    item = make_item(world, published=True)
    library_read_record(item=item)
    library_read_record(item=item)

    class Boom(Exception):
        pass

    def fail(*args, **kwargs):
        raise Boom

    monkeypatch.setattr(LibraryItem.objects, "filter", fail)
    with pytest.raises(Boom):
        library_reads_flush()
    monkeypatch.undo()
    assert library_pending_reads([item.pk]) == {item.pk: 2}
