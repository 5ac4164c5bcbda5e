"""竞赛成果, problems found in the Chromium walk: an organiser opening the console page is not a reader (only the
members' portal views count); a 合作单位联系人 granted one contest reads that contest's published items (read only,
drafts and other contests hidden, files downloadable, nothing after the grant expires) and an empty list says why."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.models import ObjectGrant
from gonghui.accounts.roles import PARTNER
from gonghui.accounts.tests.factories import UserFactory
from gonghui.contests.models import Contest
from gonghui.contests.selectors.library import library_pending_reads
from gonghui.contests.services.library import library_file_add

from .factories import make_contest
from .test_library import PDF, make_item

pytestmark = pytest.mark.django_db

EMPTY_REASON = "竞赛成果按工会发布，合作单位账号只查看被授权竞赛已发布的成果"


def _partner_on(contest, org, *, expires_in=dt.timedelta(days=30)):
    user = UserFactory.create(username="jyj_contact", name="教育局联系人")
    ObjectGrant.objects.create(
        user=user,
        role=PARTNER,
        content_type=ContentType.objects.get_for_model(Contest),
        object_id=contest.pk,
        org=org,
        expires_at=timezone.now() + expires_in,
    )
    return user


# ---- 1. only members' portal views count -------------------------------------------------------------------


def test_the_organisers_console_page_shows_the_count_without_adding_to_it(client, world):
    # given a published item a member has read once
    item = make_item(world, published=True)
    client.force_login(world.org_member)
    client.get(reverse("contests_portal:library_item", args=[item.public_id]))
    assert library_pending_reads([item.pk]) == {item.pk: 1}
    # when the organiser opens the console page twice
    client.force_login(world.org_admin)
    for _ in range(2):
        response = client.get(reverse("contests:library_detail", args=[item.pk]))
    # then the page shows the member's read and counted nothing more
    assert response.status_code == 200
    assert response.context["read_total"] == 1
    assert '<dd class="col-sm-9" id="library-reads">1</dd>' in response.content.decode()
    assert library_pending_reads([item.pk]) == {item.pk: 1}
    # and the member's next view counts
    client.force_login(world.org_member)
    client.get(reverse("contests_portal:library_item", args=[item.public_id]))
    assert library_pending_reads([item.pk]) == {item.pk: 2}


# ---- 3. the partner of a contest --------------------------------------------------------------------------


def test_a_partner_reads_the_published_items_of_the_granted_contest_only(client, world):
    # given a contest of org A granted to a partner, its published item and draft, and another contest's item
    granted = make_contest(org=world.org_a, actor=world.org_admin, title="教学技能竞赛")
    other = make_contest(org=world.org_a, actor=world.org_admin, title="另一竞赛")
    published = make_item(world, published=True, contest=granted, title="一等奖课例")
    draft = make_item(world, contest=granted, title="未发布的教案")
    elsewhere = make_item(world, published=True, contest=other, title="另一竞赛的课例")
    loose = make_item(world, published=True, title="不属于竞赛的成果")
    partner = _partner_on(granted, world.org_a)
    client.force_login(partner)
    # when the partner opens 竞赛成果
    response = client.get(reverse("contests:library_list"))
    # then only the granted contest's published item is listed, without the create button
    assert response.status_code == 200
    assert [i.title for i in response.context["page"].object_list] == ["一等奖课例"]
    assert reverse("contests:library_create") not in response.content.decode()
    # and its page opens read only, without counting a read
    page = client.get(reverse("contests:library_detail", args=[published.pk]))
    assert page.status_code == 200
    assert page.context["can_manage"] is False
    assert reverse("contests:library_edit", args=[published.pk]) not in page.content.decode()
    assert library_pending_reads([published.pk]) == {}
    # the others are not found
    for hidden in (draft, elsewhere, loose):
        assert client.get(reverse("contests:library_detail", args=[hidden.pk])).status_code == 404


def test_a_partner_may_not_change_a_granted_contests_item(client, world):
    # given
    contest = make_contest(org=world.org_a, actor=world.org_admin)
    item = make_item(world, published=True, contest=contest)
    client.force_login(_partner_on(contest, world.org_a))
    # when / then: every managing page refuses, nothing changes
    assert client.get(reverse("contests:library_edit", args=[item.pk])).status_code == 403
    assert client.post(reverse("contests:library_unpublish", args=[item.pk])).status_code == 403
    item.refresh_from_db()
    assert item.published_at is not None


def test_a_partner_downloads_the_files_of_a_published_item_only(client, world):
    # given a granted contest's published item and its draft, each with a PDF
    contest = make_contest(org=world.org_a, actor=world.org_admin)
    published = make_item(world, published=True, contest=contest)
    draft = make_item(world, contest=contest, title="草稿")
    files = [
        library_file_add(
            item=item, actor=world.org_admin, upload=SimpleUploadedFile("教案.pdf", PDF, "application/pdf")
        )
        for item in (published, draft)
    ]
    client.force_login(_partner_on(contest, world.org_a))
    # when / then
    assert client.get(files[0].get_absolute_url()).status_code == 200
    assert client.get(files[1].get_absolute_url()).status_code == 404


def test_an_expired_partner_grant_reads_nothing(client, world):
    # given
    contest = make_contest(org=world.org_a, actor=world.org_admin)
    item = make_item(world, published=True, contest=contest)
    partner = _partner_on(contest, world.org_a)
    ObjectGrant.objects.filter(user=partner).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    client.force_login(partner)
    # when / then
    assert client.get(reverse("contests:library_detail", args=[item.pk])).status_code in {403, 404}


def test_the_partners_empty_list_says_why(client, world):
    # given a granted contest with nothing published yet
    contest = make_contest(org=world.org_a, actor=world.org_admin)
    make_item(world, contest=contest, title="未发布")
    client.force_login(_partner_on(contest, world.org_a))
    # when
    page = client.get(reverse("contests:library_list")).content.decode()
    # then
    assert "还没有竞赛成果" in page
    assert EMPTY_REASON in page


def test_a_union_cadres_empty_list_does_not_mention_partners(client, world):
    client.force_login(world.org_admin)
    page = client.get(reverse("contests:library_list")).content.decode()
    assert "还没有竞赛成果" in page
    assert EMPTY_REASON not in page
