"""The 结果发布 page and its two buttons: the organiser's happy paths (生成结果公示 → the notice's page, 生成公文草稿
→ the draft's page), what the page shows (results by group, the 公示, the certificates, the drafts, empty states) and
the matrix — the organiser (org A's admin of a contest at org A), org A's plain member (403), org B's admin (404), a
合作单位联系人 granted the contest (reads, may press nothing) and one granted another object (404)."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.models import ObjectGrant
from gonghui.accounts.roles import PARTNER
from gonghui.accounts.tests.factories import UserFactory
from gonghui.certificates.services import certificate_issue
from gonghui.contests.models import Contest
from gonghui.contests.selectors.publication import AWARD_CERTIFICATE_KIND
from gonghui.documents.models import Document, IssuerSettings
from gonghui.members.tests.factories import MemberFactory
from gonghui.notices.models import Notice
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.tests.factories import OrgFactory

from .factories import make_contest_entry
from .test_publication import BUREAU, COMMISSION, build_results

pytestmark = pytest.mark.django_db


@pytest.fixture
def org_results(world):
    """The contest at org A, organised by org A's admin, with org A's 发文设置 (代字 甲中工) and a 分工会 below org A
    (the 通报's 主送: 各分工会)."""
    IssuerSettings.objects.create(org=world.org_a, series="甲中工", separate_duties=False)
    OrgFactory.create(parent=world.org_a, code="ORGA1", name="甲县第一中学语文组工会", level=OrgLevel.BRANCH)
    return build_results(world, org=world.org_a, organiser=world.org_admin)


def _grant(contest: Contest, *, on=None):
    user = UserFactory.create(username=f"partner_{contest.pk}_{on is not None}", name="教育局联系人")
    target = on or contest
    ObjectGrant.objects.create(
        user=user,
        role=PARTNER,
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
        org=contest.org,
        expires_at=timezone.now() + dt.timedelta(days=30),
    )
    return user


def _urls(contest: Contest) -> dict[str, str]:
    return {
        name: reverse(f"contests:{name}", args=[contest.pk])
        for name in ("publication", "notice_create", "announcement_draft")
    }


# --- the page ----------------------------------------------------------------------------------------------------


def test_the_organiser_sees_results_and_every_button(client, world, org_results):
    client.force_login(world.org_admin)
    page = client.get(_urls(org_results.contest)["publication"]).content.decode()
    # results per group, award levels in order, the team's names
    assert page.index("小学语文") < page.index("护理团体")
    assert page.index("甲会员") < page.index("李老师")
    assert "王护士（队长）、赵护士、钱护士" in page
    for left_out in ("孙老师", "吴老师", "周护士"):  # no award, an earlier round's award, withdrawn
        assert left_out not in page
    assert "获奖 3 项，5 人" in page
    # the buttons
    assert f'action="{_urls(org_results.contest)["notice_create"]}"' in page
    assert f'action="{_urls(org_results.contest)["announcement_draft"]}"' in page
    batch = reverse("certificates:batch_issue", args=[AWARD_CERTIFICATE_KIND, org_results.contest.pk])
    assert f'href="{batch}"' in page
    assert f"与{BUREAU}、{COMMISSION}联合行文" in page


def test_the_page_before_the_last_round_is_final(client, world):
    results = build_results(world, org=world.org_a, organiser=world.org_admin, final=False)
    client.force_login(world.org_admin)
    page = client.get(_urls(results.contest)["publication"]).content.decode()
    assert "竞赛最后一轮尚未确定结果。" in page
    assert "甲会员" not in page
    assert _urls(results.contest)["notice_create"] not in page
    assert "生成公文草稿</button>" not in page
    assert "批量发证" not in page


def test_the_page_shows_the_notice_certificates_and_drafts(client, world, org_results):
    contest = org_results.contest
    client.force_login(world.org_admin)
    # 生成结果公示 → the notice's page
    response = client.post(_urls(contest)["notice_create"], {"window_length": "7"})
    notice = Notice.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("notices:detail", args=[notice.public_id])
    assert notice.window_length == 7
    # 生成公文草稿 → the draft's page
    response = client.post(_urls(contest)["announcement_draft"])
    document = Document.objects.get()
    assert response["Location"] == reverse("documents:document_detail", args=[document.public_id])
    assert document.co_issuers == [BUREAU, COMMISSION]
    assert document.main_to == "各分工会"
    # a certificate
    certificate_issue(
        kind=AWARD_CERTIFICATE_KIND,
        issuer=world.org_a,
        owner=contest,
        holder=world.member_a,
        holder_name="甲会员",
        holder_org=world.org_a,
        title=contest.title,
        awarded_on=timezone.localdate(),
        data={"group": "小学语文", "award": "一等奖"},
        actor=world.org_admin,
    )
    page = client.get(_urls(contest)["publication"]).content.decode()
    assert reverse("notices:detail", args=[notice.public_id]) in page
    assert "公示草稿已生成" in page
    assert f'action="{_urls(contest)["notice_create"]}"' not in page  # one live notice at a time
    assert reverse("documents:document_detail", args=[document.public_id]) in page
    assert "关于公布2026年全市教育系统教学技能竞赛结果的通报" in page
    assert '<dd class="col-6" id="certificates-issued">1 张</dd>' in page
    assert 'id="publication-timeline"' in page
    assert "创建结果公示" in page
    assert "生成公文草稿" in page


def test_a_refused_button_says_why(client, world, org_results):
    IssuerSettings.objects.filter(org=world.org_a).update(series="")
    client.force_login(world.org_admin)
    response = client.post(_urls(org_results.contest)["announcement_draft"], follow=True)
    assert "本单位尚未设置发文机关代字" in response.content.decode()
    assert Document.objects.count() == 0


def test_a_bad_window_is_refused_with_the_field_named(client, world, org_results):
    client.force_login(world.org_admin)
    response = client.post(_urls(org_results.contest)["notice_create"], {"window_length": "90"}, follow=True)
    assert "公示期最多60个工作日" in response.content.decode()
    assert Notice.objects.count() == 0


def test_the_page_reads_in_bounded_queries(client, world, org_results, django_assert_max_num_queries):
    client.force_login(world.org_admin)
    url = _urls(org_results.contest)["publication"]
    client.get(url)  # warm the content type cache
    with django_assert_max_num_queries(30) as captured:
        client.get(url)
    before = len(captured)
    # more winners do not add queries
    for name in ("冯老师", "陈老师", "褚老师"):
        make_contest_entry(
            contest_round=org_results.final_round,
            group=org_results.gold.group,
            entrant_org=world.org_a,
            members=[MemberFactory.create(org=world.org_a, name=name)],
            actor=world.org_admin,
            rank=4,
            award="优秀奖",
        )
    with django_assert_max_num_queries(before):
        client.get(url)


# --- the matrix --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("_case", "actor", "page", "button"),
    [
        ("the organiser", "org_admin", 200, 302),
        ("a plain member of org A", "org_member", 403, 403),
        ("org B's admin", "outsider", 404, 404),
        ("a contact granted the contest reads only", "partner", 200, 403),
        ("a contact granted something else", "partner_elsewhere", 404, 404),
    ],
)
@pytest.mark.parametrize("button_name", ["notice_create", "announcement_draft"])
def test_access(client, world, org_results, _case, actor, page, button, button_name):
    # given
    contest = org_results.contest
    if actor == "partner":
        user = _grant(contest)
    elif actor == "partner_elsewhere":
        other = build_results(world, org=world.org_b, organiser=world.outsider).contest
        user = _grant(contest, on=other)
    else:
        user = getattr(world, actor)
    client.force_login(user)
    urls = _urls(contest)
    # when
    shown = client.get(urls["publication"])
    pressed = client.post(urls[button_name])
    # then
    assert shown.status_code == page
    assert pressed.status_code == button
    if page == 200 and button == 403:
        body = shown.content.decode()
        assert "甲会员" in body
        assert "<form" not in body.split('id="publication-results"')[1]
        assert "批量发证" not in body
    assert Notice.objects.count() == (1 if button == 302 and button_name == "notice_create" else 0)
    assert Document.objects.count() == (1 if button == 302 and button_name == "announcement_draft" else 0)


def test_get_on_a_button_is_not_allowed(client, world, org_results):
    client.force_login(world.org_admin)
    for name in ("notice_create", "announcement_draft"):
        assert client.get(_urls(org_results.contest)[name]).status_code == 405


def test_the_linked_pages_of_the_other_blocks_take_the_contest(client, world, org_results):
    """批量发证 finds the contest and its five awarded people; the notice's page lets the organiser publish it."""
    contest = org_results.contest
    client.force_login(world.org_admin)
    batch = client.get(reverse("certificates:batch_issue", args=[AWARD_CERTIFICATE_KIND, contest.pk]))
    assert batch.status_code == 200
    assert "共 5 人符合条件" in batch.content.decode()
    client.post(_urls(contest)["notice_create"])
    notice = Notice.objects.get()
    detail = client.get(reverse("notices:detail", args=[notice.public_id]))
    assert detail.status_code == 200
    assert reverse("notices:publish", args=[notice.public_id]) in detail.content.decode()
    # org B's admin reaches neither
    client.force_login(world.outsider)
    assert (
        client.get(reverse("certificates:batch_issue", args=[AWARD_CERTIFICATE_KIND, contest.pk])).status_code
        == 404
    )
    assert client.get(reverse("notices:detail", args=[notice.public_id])).status_code == 404
