"""竞赛成果 pages: the three-actor matrix of the console pages, the form, search and filters, the member's portal
(what a member sees: their union's and the unions above; search; kinds), file downloads, and read counts (a GET
counts in the cache only; the job flushes; the page shows both)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import make_cadre, make_member_user
from gonghui.attachments.tests.media_files import mp4
from gonghui.contests.choices import LibraryKind
from gonghui.contests.models import LibraryItem
from gonghui.contests.selectors.library import library_pending_reads
from gonghui.contests.services.library import library_file_add, library_reads_flush
from gonghui.core.models import TimelineEntry
from gonghui.core.registry import portal_tiles

from .factories import make_contest
from .test_library import PDF, make_awarded, make_item

pytestmark = pytest.mark.django_db


def _pdf(item, actor):
    return library_file_add(
        item=item, actor=actor, upload=SimpleUploadedFile("教案.pdf", PDF, "application/pdf")
    )


# ---- console: the three actors -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("org A admin", "org_admin", 200),
        ("plain member", "org_member", 403),
        ("org B admin", "outsider", 404),
    ],
)
@pytest.mark.parametrize("page", ["contests:library_detail", "contests:library_edit"])
def test_item_pages_matrix(client, world, _case, actor, status, page):
    item = make_item(world)
    client.force_login(getattr(world, actor))
    assert client.get(reverse(page, args=[item.pk])).status_code == status


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("org A admin", "org_admin", 302),
        ("plain member", "org_member", 403),
        ("org B admin", "outsider", 404),
    ],
)
def test_publish_matrix(client, world, _case, actor, status):
    # given
    item = make_item(world)
    client.force_login(getattr(world, actor))
    # when
    response = client.post(reverse("contests:library_publish", args=[item.pk]))
    # then
    assert response.status_code == status
    item.refresh_from_db()
    assert (item.published_at is not None) is (status == 302)


def test_publish_is_a_post(client, world):
    item = make_item(world)
    client.force_login(world.org_admin)
    assert client.get(reverse("contests:library_publish", args=[item.pk])).status_code == 405


def test_unpublish_asks_for_confirmation_and_withdraws(client, world):
    # given
    item = make_item(world, published=True)
    client.force_login(world.org_admin)
    # the page's button asks first
    page = client.get(reverse("contests:library_detail", args=[item.pk])).content.decode()
    assert 'action="{}" data-confirm='.format(reverse("contests:library_unpublish", args=[item.pk])) in page
    # when
    response = client.post(reverse("contests:library_unpublish", args=[item.pk]))
    # then
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.published_at is None


def test_the_org_b_admin_cannot_withdraw_org_as_item(client, world):
    item = make_item(world, published=True)
    client.force_login(world.outsider)
    assert client.post(reverse("contests:library_unpublish", args=[item.pk])).status_code == 404
    item.refresh_from_db()
    assert item.published_at is not None


def test_the_list_shows_each_union_its_own(client, world):
    # given
    make_item(world, title="甲校课例")
    make_item(world, org=world.org_b, actor=world.outsider, title="乙院护理技术")
    # when / then
    client.force_login(world.org_admin)
    body = client.get(reverse("contests:library_list")).content.decode()
    assert "甲校课例" in body
    assert "乙院护理技术" not in body
    client.force_login(world.outsider)
    body = client.get(reverse("contests:library_list")).content.decode()
    assert "乙院护理技术" in body
    assert "甲校课例" not in body
    client.force_login(world.org_member)
    assert client.get(reverse("contests:library_list")).status_code == 403


def test_the_list_empty_state_offers_to_add(client, world):
    client.force_login(world.org_admin)
    body = client.get(reverse("contests:library_list")).content.decode()
    assert "还没有竞赛成果" in body
    assert reverse("contests:library_create") in body


@pytest.mark.parametrize(
    ("_case", "params", "found"),
    [
        ("title", {"q": "《春》"}, ["小学语文《春》课例"]),
        ("authors", {"q": "乙老师"}, ["护理操作视频"]),
        ("a tag", {"q": "护理"}, ["护理操作视频"]),
        ("a tag, partly", {"q": "课"}, ["小学语文《春》课例"]),
        ("kind", {"kind": LibraryKind.VIDEO}, ["护理操作视频"]),
        ("nothing", {"q": "不存在"}, []),
    ],
)
def test_search_and_kind_filter(client, world, _case, params, found):
    # given
    make_item(world)
    make_item(world, title="护理操作视频", kind=LibraryKind.VIDEO, authors="乙老师", tags="护理 技能")
    client.force_login(world.org_admin)
    # when
    response = client.get(reverse("contests:library_list"), params)
    # then
    assert [i.title for i in response.context["page"].object_list] == found
    if not found:
        assert "没有符合条件的成果" in response.content.decode()


def test_the_contest_filter_from_the_hub(client, world):
    # given
    contest, _awarded, _plain = make_awarded(world)
    make_item(world, title="竞赛成果一", contest=contest)
    make_item(world, title="别的成果")
    client.force_login(world.org_admin)
    # when
    response = client.get(reverse("contests:library_list"), {"contest": contest.pk})
    # then
    assert [i.title for i in response.context["page"].object_list] == ["竞赛成果一"]
    assert f"{reverse('contests:library_create')}?contest={contest.pk}" in response.content.decode()


def test_a_contest_filter_the_user_does_not_see_is_dropped(client, world):
    contest_b = make_contest(org=world.org_b, actor=world.outsider, title="乙县护理竞赛")
    make_item(world, title="甲校课例")
    client.force_login(world.org_admin)
    response = client.get(reverse("contests:library_list"), {"contest": contest_b.pk})
    assert response.context["contest"] is None
    assert "乙县护理竞赛" not in response.content.decode()


def test_the_list_is_paginated(client, world):
    for n in range(26):
        make_item(world, title=f"成果{n:02d}")
    client.force_login(world.org_admin)
    first = client.get(reverse("contests:library_list"))
    second = client.get(reverse("contests:library_list"), {"page": 2})
    assert (len(first.context["page"].object_list), len(second.context["page"].object_list)) == (25, 1)


# ---- console: the form ---------------------------------------------------------------------------------------


def test_create_from_the_form(client, world):
    # given
    contest, awarded, _plain = make_awarded(world)
    client.force_login(world.org_admin)
    # when
    response = client.post(
        reverse("contests:library_create"),
        {
            "org": world.org_a.pk,
            "title": "《春》教学设计",
            "kind": LibraryKind.TEACHING_PLAN,
            "authors": "甲老师",
            "contest": contest.pk,
            "entry": awarded.pk,
            "tags": "语文，教案",
            "summary": "一等奖教案",
        },
    )
    # then
    item = LibraryItem.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("contests:library_detail", args=[item.pk])
    assert (item.title, item.contest, item.entry, item.tags) == (
        "《春》教学设计",
        contest,
        awarded,
        ["语文", "教案"],
    )


def test_the_form_names_the_fields_in_error(client, world):
    client.force_login(world.org_admin)
    response = client.post(
        reverse("contests:library_create"),
        {
            "org": world.org_a.pk,
            "title": "",
            "kind": LibraryKind.LESSON,
            "tags": " ".join(f"t{i}" for i in range(11)),
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "请填写成果名称" in body
    assert not LibraryItem.objects.exists()


def test_the_form_refuses_an_unawarded_entry(client, world):
    contest, _awarded, plain = make_awarded(world)
    client.force_login(world.org_admin)
    response = client.post(
        reverse("contests:library_create"),
        {
            "org": world.org_a.pk,
            "title": "课例",
            "kind": LibraryKind.LESSON,
            "contest": contest.pk,
            "entry": plain.pk,
        },
    )
    assert response.status_code == 200
    assert "请选择所选竞赛中已获奖的报名" in response.content.decode()
    assert not LibraryItem.objects.exists()


def test_the_form_offers_only_unions_the_user_manages(client, world):
    client.force_login(world.org_admin)
    response = client.get(reverse("contests:library_create"))
    assert [o.pk for o in response.context["form"].fields["org"].queryset] == [world.org_a.pk]
    response = client.post(
        reverse("contests:library_create"),
        {"org": world.org_b.pk, "title": "课例", "kind": LibraryKind.LESSON},
    )
    assert "请选择您管理竞赛的工会" in response.content.decode()
    assert not LibraryItem.objects.exists()


def test_edit_from_the_form(client, world):
    item = make_item(world)
    client.force_login(world.org_admin)
    response = client.get(reverse("contests:library_edit", args=[item.pk]))
    assert response.context["form"].initial["tags"] == "语文、课例"
    response = client.post(
        reverse("contests:library_edit", args=[item.pk]),
        {"org": world.org_a.pk, "title": "新名称", "kind": LibraryKind.PAPER, "tags": "论文"},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.title, item.kind, item.tags) == ("新名称", LibraryKind.PAPER, ["论文"])


# ---- console: files ------------------------------------------------------------------------------------------


def test_upload_and_delete_a_file_from_the_page(client, world):
    # given
    item = make_item(world)
    client.force_login(world.org_admin)
    # when
    response = client.post(
        reverse("contests:library_file_add", args=[item.pk]),
        {"file": SimpleUploadedFile("课堂实录.mp4", mp4(), "video/mp4")},
    )
    # then
    assert response.status_code == 302
    detail = client.get(reverse("contests:library_detail", args=[item.pk])).content.decode()
    assert "课堂实录.mp4" in detail
    assert "<video" in detail
    attachment = item_files(item)[0]
    remove = reverse("contests:library_file_remove", args=[item.pk, attachment.public_id])
    assert f'action="{remove}" data-confirm=' in detail
    # when deleted
    assert client.post(remove).status_code == 302
    assert item_files(item) == []


def item_files(item):
    from gonghui.attachments.selectors import attachments_of

    return list(attachments_of(item))


def test_a_refused_upload_is_flashed_by_name(client, world):
    item = make_item(world)
    client.force_login(world.org_admin)
    response = client.post(
        reverse("contests:library_file_add", args=[item.pk]),
        {"file": SimpleUploadedFile("脚本.html", b"<script></script>", "text/html")},
        follow=True,
    )
    assert "上传失败：脚本.html：" in response.content.decode()
    assert item_files(item) == []


@pytest.mark.parametrize(
    ("_case", "actor", "status"), [("plain member", "org_member", 403), ("org B admin", "outsider", 404)]
)
def test_files_cannot_be_changed_by_others(client, world, _case, actor, status):
    item = make_item(world)
    attachment = _pdf(item, world.org_admin)
    client.force_login(getattr(world, actor))
    upload = client.post(
        reverse("contests:library_file_add", args=[item.pk]),
        {"file": SimpleUploadedFile("a.pdf", PDF, "application/pdf")},
    )
    remove = client.post(reverse("contests:library_file_remove", args=[item.pk, attachment.public_id]))
    assert (upload.status_code, remove.status_code) == (status, status)
    assert item_files(item) == [attachment]


# ---- read counts on the pages --------------------------------------------------------------------------------


def test_a_detail_get_counts_in_the_cache_only(client, world):
    # given
    item = make_item(world, published=True)
    rows = TimelineEntry.objects.count()
    client.force_login(world.org_admin)
    # when the console page and the member's page (twice) are opened
    client.get(reverse("contests:library_detail", args=[item.pk]))
    client.force_login(world.org_member)
    client.get(reverse("contests_portal:library_item", args=[item.public_id]))
    response = client.get(reverse("contests_portal:library_item", args=[item.public_id]))
    # then no row changed; the member's two reads wait in the cache (the console page counts none)
    item.refresh_from_db()
    assert item.read_count == 0
    assert TimelineEntry.objects.count() == rows
    assert library_pending_reads([item.pk]) == {item.pk: 2}
    assert response.context["read_total"] == 2
    # when the job runs, the count moves into the table and the page shows the same total
    library_reads_flush()
    item.refresh_from_db()
    assert item.read_count == 2
    assert (
        client.get(reverse("contests_portal:library_item", args=[item.public_id])).context["read_total"] == 3
    )


def test_a_refused_detail_counts_nothing(client, world):
    item = make_item(world, published=True)
    client.force_login(world.outsider)
    assert client.get(reverse("contests:library_detail", args=[item.pk])).status_code == 404
    assert library_pending_reads([item.pk]) == {}


# ---- the member's portal ------------------------------------------------------------------------------------


def test_the_member_sees_their_unions_and_the_unions_above(client, world):
    # given items of org A, the county above it, the city, org B (a sibling) and an unpublished one
    city_admin = make_cadre("city_admin", world.city)
    make_item(world, published=True, title="甲校课例")
    make_item(world, org=world.county_x, actor=city_admin, published=True, title="甲县教案")
    make_item(world, org=world.city, actor=city_admin, published=True, title="全市一等奖课例")
    make_item(world, org=world.org_b, actor=world.outsider, published=True, title="乙院护理技术")
    make_item(world, title="未发布的课例")
    client.force_login(world.org_member)
    # when
    response = client.get(reverse("contests_portal:library"))
    # then
    titles = {i.title for i in response.context["page"].object_list}
    assert titles == {"甲校课例", "甲县教案", "全市一等奖课例"}


def test_a_member_of_org_b_does_not_see_org_as_item(client, world):
    # given
    item = make_item(world, published=True, title="甲校课例")
    member_b_user, _member_b = make_member_user("13700003333", world.org_b, name="乙会员")
    client.force_login(member_b_user)
    # when / then
    assert "甲校课例" not in client.get(reverse("contests_portal:library")).content.decode()
    assert client.get(reverse("contests_portal:library_item", args=[item.public_id])).status_code == 404
    assert library_pending_reads([item.pk]) == {}


def test_an_unpublished_item_is_404_on_the_portal(client, world):
    item = make_item(world)
    client.force_login(world.org_member)
    assert client.get(reverse("contests_portal:library_item", args=[item.public_id])).status_code == 404


@pytest.mark.parametrize(
    ("_case", "params", "found"),
    [
        ("a tag", {"q": "护理"}, ["护理操作视频"]),
        ("authors", {"q": "甲老师"}, ["小学语文《春》课例"]),
        ("kind", {"kind": LibraryKind.LESSON}, ["小学语文《春》课例"]),
    ],
)
def test_portal_search(client, world, _case, params, found):
    make_item(world, published=True)
    make_item(
        world,
        published=True,
        title="护理操作视频",
        kind=LibraryKind.VIDEO,
        authors="乙老师",
        tags="护理 技能",
    )
    client.force_login(world.org_member)
    response = client.get(reverse("contests_portal:library"), params)
    assert [i.title for i in response.context["page"].object_list] == found


def test_portal_empty_state(client, world):
    client.force_login(world.org_member)
    assert "工会还没有发布竞赛成果" in client.get(reverse("contests_portal:library")).content.decode()


def test_portal_pages_refuse_cadres_without_a_member_record(client, world):
    item = make_item(world, published=True)
    client.force_login(world.org_admin)
    assert client.get(reverse("contests_portal:library")).status_code == 403
    assert client.get(reverse("contests_portal:library_item", args=[item.public_id])).status_code == 403


def test_the_portal_detail_shows_files_and_plays_video(client, world):
    item = make_item(world, published=True, summary="课堂实录与教案")
    _pdf(item, world.org_admin)
    library_file_add(
        item=item, actor=world.org_admin, upload=SimpleUploadedFile("课堂实录.mp4", mp4(), "video/mp4")
    )
    client.force_login(world.org_member)
    body = client.get(reverse("contests_portal:library_item", args=[item.public_id])).content.decode()
    assert "课堂实录与教案" in body
    assert "下载 教案.pdf" in body
    assert "<video" in body
    assert "playsinline" in body


def test_the_portal_tile_is_registered():
    tile = portal_tiles.get("contests.library")
    assert (tile.label, tile.url_name, tile.icon) == ("竞赛成果", "contests_portal:library", "school")


# ---- file access ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("_case", "who", "published", "status"),
    [
        ("member of org A, published", "org_member", True, 200),
        ("member of org A, not published", "org_member", False, 404),
        ("member of org B, published", "member_b", True, 404),
        ("org A admin, not published", "org_admin", False, 200),
        ("org B admin, published", "outsider", True, 404),
    ],
)
def test_who_may_download_an_items_file(client, world, _case, who, published, status):
    # given
    item = make_item(world, published=published)
    attachment = _pdf(item, world.org_admin)
    user = (
        make_member_user("13700003333", world.org_b, name="乙会员")[0]
        if who == "member_b"
        else getattr(world, who)
    )
    client.force_login(user)
    # when / then
    assert client.get(attachment.get_absolute_url()).status_code == status


def test_a_member_streams_a_published_video(client, world):
    item = make_item(world, published=True)
    video = library_file_add(
        item=item, actor=world.org_admin, upload=SimpleUploadedFile("课堂实录.mp4", mp4(), "video/mp4")
    )
    client.force_login(world.org_member)
    response = client.get(video.stream_url, headers={"Range": "bytes=0-15"})
    assert response.status_code == 206
    assert response["Content-Type"] == "video/mp4"


# ---- no N+1 --------------------------------------------------------------------------------------------------


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize(
    ("actor", "url_name"), [("org_admin", "contests:library_list"), ("org_member", "contests_portal:library")]
)
def test_list_queries_do_not_grow_with_the_items(client, world, actor, url_name):
    # given one item, then six more (with contests)
    contest, _awarded, _plain = make_awarded(world)
    make_item(world, published=True, contest=contest)
    client.force_login(getattr(world, actor))
    url = reverse(url_name)
    one = _queries(client, url)
    for n in range(6):
        make_item(
            world,
            published=True,
            title=f"成果{n}",
            contest=make_contest(org=world.org_a, actor=world.org_admin),
        )
    # when / then
    assert _queries(client, url) == one


def test_a_partner_granted_on_a_contest_reads_its_published_items_only(client, world):
    """合作单位联系人 of one contest: the console list shows that contest's published items (read only) and nothing
    else of org A."""
    import datetime as dt

    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from gonghui.accounts.models import ObjectGrant
    from gonghui.accounts.roles import PARTNER
    from gonghui.accounts.tests.factories import UserFactory
    from gonghui.contests.models import Contest

    # given
    contest, _awarded, _plain = make_awarded(world)
    item = make_item(world, published=True, contest=contest, title="甲校课例")
    other = make_item(world, published=True, title="乙校课例")
    partner = UserFactory.create(username="jyj_contact", name="教育局联系人")
    ObjectGrant.objects.create(
        user=partner,
        role=PARTNER,
        content_type=ContentType.objects.get_for_model(Contest),
        object_id=contest.pk,
        org=world.org_a,
        expires_at=timezone.now() + dt.timedelta(days=30),
    )
    client.force_login(partner)
    # when / then
    listed = client.get(reverse("contests:library_list")).content.decode()
    assert "甲校课例" in listed
    assert "乙校课例" not in listed
    assert client.get(reverse("contests:library_detail", args=[item.pk])).status_code == 200
    assert client.get(reverse("contests:library_detail", args=[other.pk])).status_code == 404
    assert client.post(reverse("contests:library_unpublish", args=[item.pk])).status_code == 403
