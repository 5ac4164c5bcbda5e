"""Fixes from the Chromium walk of the contest's hub and its 结果发布 part: links only for who may use them (the
organiser; 结果 also for a 合作单位联系人 granted the contest; a county cadre above a city contest sees 报名 only),
the rounds' state in words (未开始, 待晋级产生, 报名已截止), the warning when a quota is set but not handed out, the
description's line breaks without an inline style, 竞赛成果 filtered to the contest, book-title marks not doubled,
and 再生成一份草稿 once a 通报 draft exists."""

import datetime as dt
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import make_cadre
from gonghui.accounts.models import ObjectGrant
from gonghui.accounts.roles import PARTNER
from gonghui.accounts.tests.factories import UserFactory
from gonghui.contests.choices import ContestStatus, RoundStatus
from gonghui.contests.models import Contest, ContestRound
from gonghui.contests.selectors.contests import round_state, round_state_label, rounds_without_allocation
from gonghui.contests.selectors.publication import announcement_text, book_title
from gonghui.contests.services.contests import round_add
from gonghui.contests.services.publication import results_announcement_draft
from gonghui.documents.models import IssuerSettings
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.tests.factories import OrgFactory
from gonghui.quotas.services import quota_allocate

from .factories import make_contest, make_contest_round, make_group
from .test_publication import build_results

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "contests"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _partner_on(contest: Contest, *, username: str = "partner_hub"):
    user = UserFactory.create(username=username, name="教育局联系人")
    ObjectGrant.objects.create(
        user=user,
        role=PARTNER,
        content_type=ContentType.objects.get_for_model(Contest),
        object_id=contest.pk,
        org=contest.org,
        expires_at=timezone.now() + dt.timedelta(days=30),
    )
    return user


@pytest.fixture
def city_contest(world):
    organiser = make_cadre("city_admin", world.city)
    contest = make_contest(
        org=world.city, actor=organiser, title="全市教学技能竞赛", description="第一行\n第二行"
    )
    make_group(contest=contest)
    first = make_contest_round(contest=contest, level=1)
    second = make_contest_round(contest=contest, level=2)
    return SimpleNamespace(contest=contest, organiser=organiser, first=first, second=second)


# ---- 1. links only for who may use them -----------------------------------------------------------------------


def _links(page: str, contest_round: ContestRound) -> dict[str, bool]:
    return {
        "报名": reverse("contests:round_entries", args=[contest_round.pk]) in page,
        "评审": reverse("contests:round_judging", args=[contest_round.pk]) in page,
        "结果": reverse("contests:round_results", args=[contest_round.pk]) in page,
    }


@pytest.mark.parametrize(
    ("_case", "actor", "entries", "judging", "results", "publication"),
    [
        ("the organiser gets every link", "organiser", True, True, True, True),
        ("a county cadre above it gets 报名 only", "county", True, False, False, False),
        ("a partner granted the contest gets 结果 too", "partner", True, False, True, False),
    ],
)
def test_the_hub_shows_only_the_links_the_user_may_use(
    world, city_contest, _case, actor, entries, judging, results, publication
):
    users = {
        "organiser": city_contest.organiser,
        "county": make_cadre("county_x_admin", world.county_x),
        "partner": _partner_on(city_contest.contest),
    }
    client = _client(users[actor])
    contest = city_contest.contest
    # when
    response = client.get(reverse("contests:detail", args=[contest.pk]))
    # then
    assert response.status_code == 200
    page = response.content.decode()
    for contest_round in (city_contest.first, city_contest.second):
        assert _links(page, contest_round) == {"报名": entries, "评审": judging, "结果": results}
    assert (reverse("contests:publication", args=[contest.pk]) in page) is publication
    assert (reverse("contests:edit", args=[contest.pk]) in page) is publication
    assert (reverse("contests:round_add", args=[contest.pk]) in page) is publication
    assert ("外部账号授权" in page) is publication
    # every link shown answers (the judging page of the organiser, the results of organiser and partner)
    for contest_round in (city_contest.first,):
        if judging:
            assert client.get(reverse("contests:round_judging", args=[contest_round.pk])).status_code == 200
        if results:
            assert client.get(reverse("contests:round_results", args=[contest_round.pk])).status_code == 200


# ---- 2. the rounds' state in words ----------------------------------------------------------------------------


def test_round_state_words(world, city_contest):
    contest, first, second = city_contest.contest, city_contest.first, city_contest.second
    # running: the first round takes entries, the second waits for promotion
    assert round_state(first, contest) == ("entering", "报名中")
    assert round_state(second, contest) == ("awaiting_promotion", "待晋级产生")
    # the first round's deadline passed
    first.entry_deadline = timezone.now() - dt.timedelta(minutes=1)
    assert round_state_label(first, contest) == "报名已截止"
    # judging and final read as they are, a later round too
    second.status = RoundStatus.JUDGING
    assert round_state_label(second, contest) == "评审中"
    first.status = RoundStatus.FINAL
    assert round_state_label(first, contest) == "已出结果"
    # a contest in 筹备中: every round 未开始
    contest.status = ContestStatus.DRAFT
    assert round_state_label(first, contest) == round_state_label(second, contest) == "未开始"


def test_the_hub_shows_the_round_state(world, city_contest):
    contest = city_contest.contest
    client = _client(city_contest.organiser)
    page = client.get(reverse("contests:detail", args=[contest.pk])).content.decode()
    assert 'data-round-state="entering">报名中<' in page
    assert 'data-round-state="awaiting_promotion">待晋级产生<' in page
    Contest.objects.filter(pk=contest.pk).update(status=ContestStatus.DRAFT)
    page = client.get(reverse("contests:detail", args=[contest.pk])).content.decode()
    assert page.count('data-round-state="not_started">未开始<') == 2
    assert "报名中" not in page


# ---- 3. 开始竞赛 with the quota not handed out --------------------------------------------------------------


def test_start_with_an_unallocated_quota_succeeds_and_warns(world):
    organiser = make_cadre("city_admin", world.city)
    contest = make_contest(org=world.city, actor=organiser, status=ContestStatus.DRAFT)
    make_group(contest=contest)
    contest_round = round_add(
        contest=contest,
        name="基层初赛",
        entry_deadline=timezone.now() + dt.timedelta(days=14),
        quota_total=40,
        actor=organiser,
    )
    assert [row.round for row in rounds_without_allocation(contest)] == [contest_round]
    quota_set = contest_round.quota_set
    assert quota_set is not None
    quota_url = reverse("quotas:set_detail", args=[quota_set.public_id])
    client = _client(organiser)
    # when
    response = client.post(reverse("contests:start", args=[contest.pk]), follow=True)
    # then: started, and both the message and the hub say why nobody can enter yet, with the link
    contest.refresh_from_db()
    assert contest.status == ContestStatus.RUNNING
    page = response.content.decode()
    warning = "基层初赛的报名名额尚未分配到下级工会，下级工会暂时无法报名"
    assert "竞赛已开始" in page
    assert page.count(warning) == 2  # the flashed message and the hub's warning
    assert page.count(f'href="{quota_url}">去分配名额</a>') == 2
    # a county cadre reads the warning too, without the organiser's link
    county = _client(make_cadre("county_x_admin", world.county_x))
    page = county.get(reverse("contests:detail", args=[contest.pk])).content.decode()
    assert warning in page
    assert quota_url not in page
    # once some of it is handed out, the hub says nothing more
    quota_allocate(quota_set=quota_set, shares={world.county_x.pk: 10}, actor=organiser)
    assert rounds_without_allocation(contest) == []
    page = client.get(reverse("contests:detail", args=[contest.pk])).content.decode()
    assert "尚未分配" not in page


def test_start_with_no_quota_says_nothing_of_it(world):
    contest = make_contest(org=world.org_a, actor=world.org_admin, status=ContestStatus.DRAFT)
    make_group(contest=contest)
    make_contest_round(contest=contest, level=1)
    response = _client(world.org_admin).post(reverse("contests:start", args=[contest.pk]), follow=True)
    page = response.content.decode()
    assert "竞赛已开始，下级工会可以报名" in page
    assert "尚未分配" not in page


# ---- 4. and 5. line breaks without inline styles; 竞赛成果 filtered ----------------------------------------------


def test_description_keeps_line_breaks_through_a_class_and_the_library_link_is_filtered(world, city_contest):
    contest = city_contest.contest
    page = _client(city_contest.organiser).get(reverse("contests:detail", args=[contest.pk])).content.decode()
    assert re.search(r'<dd class="[^"]*text-pre-line[^"]*" data-description>第一行\n第二行</dd>', page)
    assert 'style="' not in page.split("<main", 1)[-1]
    assert f'href="{reverse("contests:library_list")}?contest={contest.pk}"' in page
    css = (Path(settings.BASE_DIR) / "static" / "css" / "app.css").read_text()
    assert ".text-pre-line { white-space: pre-line; }" in css


def test_no_inline_style_in_the_hub_and_publication_templates():
    names = [
        *TEMPLATES.glob("contest_*.html"),
        *TEMPLATES.glob("publication*.html"),
        *(TEMPLATES / "partials").glob("contest_*.html"),
        *(TEMPLATES / "partials").glob("publication_*.html"),
    ]
    assert names
    for path in names:
        assert "style=" not in path.read_text(), path.name


# ---- 6. book-title marks --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "marked"),
    [
        ("秋天的雨", "《秋天的雨》"),
        ("《荷花》第二课时", "《荷花》第二课时"),
        (" 《荷花》 ", "《荷花》"),
        ("", ""),
    ],
)
def test_book_title(title, marked):
    assert book_title(title) == marked


def test_the_announcement_does_not_double_the_marks(world):
    results = build_results(world)
    results.gold.title = "《荷花》第二课时"
    results.gold.save(update_fields=["title"])
    body = announcement_text(results.contest).body
    assert "《荷花》第二课时" in body
    assert "《《" not in body


@pytest.mark.parametrize(
    ("data", "sentence"),
    [
        ({"entry_title": "《荷花》第二课时"}, "中以《荷花》第二课时荣获一等奖"),
        ({"entry_title": "秋天的雨"}, "中以《秋天的雨》荣获一等奖"),
        (
            {"entry_book_title": "《荷花》第二课时", "entry_title": "《荷花》第二课时"},
            "中以《荷花》第二课时荣获一等奖",
        ),
        ({}, "中荣获一等奖"),
    ],
)
def test_the_certificate_sentence_does_not_double_the_marks(data, sentence):
    certificate = SimpleNamespace(
        holder_name="甲会员",
        holder_org=None,
        title="竞赛",
        data={"contest": "全市竞赛", "award": "一等奖", **data},
    )
    html = render_to_string(
        "contests/pdf/certificate.html", {"certificate": certificate, "title": "证书", "fields": []}
    )
    assert sentence in html
    assert "《《" not in html


# ---- 7. 再生成一份草稿 ------------------------------------------------------------------------------------------


def test_a_second_draft_is_asked_for_by_name(world):
    IssuerSettings.objects.create(org=world.org_a, series="甲中工", separate_duties=False)
    OrgFactory.create(parent=world.org_a, code="ORGA1", name="甲县第一中学语文组工会", level=OrgLevel.BRANCH)
    results = build_results(world, org=world.org_a, organiser=world.org_admin)
    client = _client(world.org_admin)
    url = reverse("contests:publication", args=[results.contest.pk])
    page = client.get(url).content.decode()
    assert ">生成公文草稿</button>" in page
    assert "再生成一份草稿" not in page
    # when a draft exists
    document = results_announcement_draft(contest=results.contest, actor=world.org_admin)
    page = client.get(url).content.decode()
    # then
    assert ">生成公文草稿</button>" not in page
    assert ">再生成一份草稿</button>" in page
    assert f"已有结果通报公文《{document.title}》（{document.get_status_display()}）" in page
