"""What a Chromium walk found, fixed outside the parts' own fix files: a later round's entries page says its
entries come by promotion (not 报名中); a certificate's entry title is marked 《》 once."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gonghui.contests.choices import RoundStatus
from gonghui.contests.registrations.publication import award_candidates
from gonghui.contests.services.entries import entry_create
from gonghui.contests.services.library import library_file_add
from gonghui.quotas.services import quota_allocate, quota_set_create

from .factories import make_contest, make_contest_entry, make_contest_round, make_group
from .test_entries_factories import contest_setup, teacher
from .test_library import PDF, make_item


def test_a_later_rounds_entries_page_says_its_entries_come_by_promotion(client, world):
    contest = make_contest(org=world.city, actor=world.org_admin)
    make_contest_round(contest=contest)
    later = make_contest_round(contest=contest, level=2)
    client.force_login(world.org_admin)
    body = client.get(reverse("contests:round_entries", args=[later.pk])).content.decode()
    assert "待晋级产生" in body
    assert "由上一赛段晋级产生，不另行报名" in body


def test_a_certificate_marks_an_entry_title_once(world):
    contest = make_contest(org=world.city, actor=world.org_admin)
    final = make_contest_round(contest=contest, status=RoundStatus.FINAL)
    make_contest_entry(
        contest_round=final,
        group=make_group(contest=contest),
        entrant_org=world.org_a,
        members=[world.member_a],
        actor=world.org_admin,
        title="《荷花》第二课时",
        rank=1,
        award="一等奖",
    )
    (candidate,) = award_candidates(contest)
    assert candidate.data["entry_book_title"] == "《荷花》第二课时"


def test_a_member_opens_a_library_pdf_in_the_browser(client, world):
    item = make_item(world, published=True)
    pdf = library_file_add(
        item=item, actor=world.org_admin, upload=SimpleUploadedFile("教案.pdf", PDF, "application/pdf")
    )
    client.force_login(world.org_member)
    body = client.get(reverse("contests_portal:library_item", args=[item.public_id])).content.decode()
    assert pdf.view_url in body
    opened = client.get(pdf.view_url)
    assert opened.status_code == 200
    assert opened["Content-Type"] == "application/pdf"


def test_a_later_round_with_its_own_quota_takes_nominations_within_it(world):
    """Per-union quotas for each round: a county that held its 复赛 itself sends its places to the city final."""
    setup = contest_setup(world, quota=False)
    final = make_contest_round(contest=setup.contest, level=2, name="市级决赛")
    places = quota_set_create(
        org=world.city, title="决赛推荐名额", total=2, actor=setup.organiser, owner=final
    )
    quota_allocate(quota_set=places, shares={world.county_x.pk: 1}, actor=setup.organiser)
    type(final).objects.filter(pk=final.pk).update(quota_set=places)
    final.refresh_from_db()
    assert final.takes_entries
    county_admin = world.extra.setdefault(
        "cx_admin", __import__("conftest").make_cadre("cx_admin", world.county_x)
    )

    def nominate(name: str):
        return entry_create(
            contest_round=final,
            group=setup.solo,
            entrant_org=world.county_x,
            members=[teacher(world.org_a, name)],
            actor=county_admin,
        )

    nominate("甲教师")
    with pytest.raises(ValidationError, match="名额已用完"):
        nominate("乙教师")
