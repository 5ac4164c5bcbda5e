"""评审管理 pages: three actors on every page (org A's admin reaches it, org A's plain member gets 403, org B's admin
404), the round list (search, filter, pagination, empty state), creating templates (errors naming the row) and
rounds, adding entries and judges, open and close, 退回 with a required reason on the sheet's timeline, and the
results page highlighting an outlying judge."""

from decimal import Decimal

import pytest
from django.urls import reverse

from conftest import World, make_cadre
from gonghui.accounts.roles import JUDGE
from gonghui.reviews.choices import RoundStatus, SheetStatus
from gonghui.reviews.models import Criterion, Judge, ReviewEntry, ReviewRound, ScoreSheetTemplate
from gonghui.reviews.services import ScoreInput, round_open, sheet_save, sheet_submit

from .factories import make_entry, make_judge, make_round, make_template

pytestmark = pytest.mark.django_db


@pytest.fixture
def org_round(world: World) -> ReviewRound:
    """A draft round of org A with an entry of org A and one of county X."""
    review_round = make_round(org=world.org_a, actor=world.org_admin)
    make_entry(review_round=review_round, entrant_org=world.org_a, actor=world.org_admin, title="甲单位成果")
    make_entry(review_round=review_round, entrant_org=world.county_x, actor=world.org_admin, title="甲县成果")
    return review_round


def scores_of(review_round: ReviewRound, innovation: int, effect: int) -> dict[int, ScoreInput]:
    c = {c.name: c.pk for c in Criterion.objects.filter(template=review_round.template)}
    return {
        c["创新性"]: ScoreInput(Decimal(innovation)),
        c["实效性"]: ScoreInput(Decimal(effect), "评语"),
        c["存在违纪违法"]: ScoreInput(0),
    }


def score(judge: Judge, entry: ReviewEntry, innovation: int, effect: int):
    sheet = sheet_save(
        judge=judge, entry=entry, scores=scores_of(judge.round, innovation, effect), actor=judge.user
    )
    return sheet_submit(sheet=sheet, actor=judge.user)


@pytest.fixture
def scored(world: World, org_round: ReviewRound):
    """Four judges of org A's round (评委 grants on org A) scored the county entry 80, 80, 80 and 40."""
    users = [make_cadre(f"judge_{n}", world.org_a, role=JUDGE) for n in range(4)]
    judges = [make_judge(review_round=org_round, user=user, actor=world.org_admin) for user in users]
    round_open(review_round=org_round, actor=world.org_admin)
    entry = org_round.entries.get(title="甲县成果")
    sheets = [score(judge, entry, 30, 50) for judge in judges[:3]]
    sheets.append(score(judges[3], entry, 10, 30))
    return judges, sheets


PAGES = ("round_detail", "round_results", "entry_add", "judge_add")


@pytest.mark.parametrize("name", PAGES)
def test_three_actors_on_the_round_pages(client, world: World, org_round: ReviewRound, name: str) -> None:
    url = reverse(f"reviews:{name}", args=[org_round.pk])
    client.force_login(world.org_admin)
    assert client.get(url).status_code == 200
    client.force_login(world.org_member)
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    client.force_login(world.outsider)
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404


@pytest.mark.parametrize("name", ["round_open", "round_close"])
def test_three_actors_on_open_and_close(client, world: World, org_round: ReviewRound, name: str) -> None:
    url = reverse(f"reviews:{name}", args=[org_round.pk])
    client.force_login(world.org_member)
    assert client.post(url).status_code == 403
    client.force_login(world.outsider)
    assert client.post(url).status_code == 404
    client.force_login(world.org_admin)
    assert client.get(url).status_code == 405
    org_round.refresh_from_db()
    assert org_round.status == RoundStatus.DRAFT


def test_three_actors_on_the_sheet_pages(client, world: World, scored) -> None:
    _judges, sheets = scored
    for name in ("sheet_detail", "sheet_reopen"):
        url = reverse(f"reviews:{name}", args=[sheets[0].pk])
        client.force_login(world.org_admin)
        assert client.get(url).status_code == 200
        client.force_login(world.org_member)
        assert client.get(url).status_code == 403
        client.force_login(world.outsider)
        assert client.get(url).status_code == 404
        assert client.post(url, {"reason": "x"}).status_code == 404
    sheets[0].refresh_from_db()
    assert sheets[0].status == SheetStatus.SUBMITTED


def test_three_actors_on_the_template_pages(client, world: World, org_round: ReviewRound) -> None:
    detail = reverse("reviews:template_detail", args=[org_round.template_id])
    for name, status in (("template_list", 200), ("template_create", 200), ("round_list", 200)):
        client.force_login(world.org_member)
        assert client.get(reverse(f"reviews:{name}")).status_code == 403
        client.force_login(world.org_admin)
        assert client.get(reverse(f"reviews:{name}")).status_code == status
    assert client.get(detail).status_code == 200
    client.force_login(world.org_member)
    assert client.get(detail).status_code == 403
    client.force_login(world.outsider)
    assert client.get(detail).status_code == 404
    assert (
        client.get(reverse("reviews:template_create") + f"?copy={org_round.template_id}").status_code == 404
    )
    listing = client.get(reverse("reviews:template_list")).content.decode()
    assert org_round.template.name not in listing
    assert "还没有评分表模板" in listing


def test_the_round_list_searches_filters_and_pages(client, world: World, org_round: ReviewRound) -> None:
    client.force_login(world.outsider)
    assert "还没有评审" in client.get(reverse("reviews:round_list")).content.decode()
    client.force_login(world.org_admin)
    template = org_round.template
    for _n in range(25):
        make_round(org=world.org_a, actor=world.org_admin, template=template)
    page = client.get(reverse("reviews:round_list")).content.decode()
    assert "共 26 条" in page
    assert "下一页" in page
    assert (
        "没有符合条件的评审" in client.get(reverse("reviews:round_list"), {"status": "open"}).content.decode()
    )
    assert "没有符合条件的评审" in client.get(reverse("reviews:round_list"), {"q": "不存在"}).content.decode()
    found = client.get(
        reverse("reviews:round_list"), {"q": "甲县第一中学", "status": "draft"}
    ).content.decode()
    assert "共 26 条" in found


def test_creating_a_template_names_the_row_of_an_error(client, world: World) -> None:
    client.force_login(world.org_admin)
    url = reverse("reviews:template_create")

    def post(rows):
        data = {
            "org": world.org_a.pk,
            "name": "服务之星评分表",
            "criteria-TOTAL_FORMS": len(rows),
            "criteria-INITIAL_FORMS": 0,
        }
        for index, row in enumerate(rows):
            data.update({f"criteria-{index}-{key}": value for key, value in row.items()})
        return client.post(url, data)

    response = post(
        [{"name": "服务态度", "max_points": "50", "weight": "1"}, {"name": "服务效率", "weight": "1"}]
    )
    assert response.status_code == 422
    assert "第2行：请填写大于 0 的满分" in response.content.decode()
    response = post(
        [
            {"name": "服务态度", "max_points": "50", "weight": "1"},
            {"name": "服务态度", "max_points": "50", "weight": "1"},
        ]
    )
    assert "评分项「服务态度」重复" in response.content.decode()
    response = post([{"weight": "1"}])
    assert "评分表至少要有一个评分项" in response.content.decode()
    response = post(
        [
            {"name": "服务效率", "max_points": "40", "weight": "1", "order": "2"},
            {"name": "服务态度", "max_points": "60", "weight": "1", "comment_required": "on", "order": "1"},
            {"name": "有投诉", "weight": "1", "is_veto": "on", "order": "3"},
        ]
    )
    template = ScoreSheetTemplate.objects.get(name="服务之星评分表")
    assert response.status_code == 302
    assert response["Location"] == reverse("reviews:template_detail", args=[template.pk])
    assert list(template.criteria.values_list("name", "is_veto", "comment_required")) == [
        ("服务态度", False, True),
        ("服务效率", False, False),
        ("有投诉", True, False),
    ]
    copy = client.get(url, {"copy": template.pk}).content.decode()
    assert "服务之星评分表（副本）" in copy
    assert 'value="服务态度"' in copy


def test_creating_a_round_owned_by_the_union(client, world: World) -> None:
    template = make_template(org=world.org_a, actor=world.org_admin)
    client.force_login(world.org_admin)
    response = client.post(
        reverse("reviews:round_create"),
        {
            "org": world.org_a.pk,
            "template": template.pk,
            "title": "首届班主任技能评审",
            "blind_mode": "blind",
            "mode": "self_assessed",
        },
    )
    review_round = ReviewRound.objects.get(title="首届班主任技能评审")
    assert response["Location"] == reverse("reviews:round_detail", args=[review_round.pk])
    assert review_round.owner == world.org_a
    assert review_round.blind_mode == "blind"
    assert review_round.is_self_assessed
    # org B's admin cannot pick org A or its template
    client.force_login(world.outsider)
    response = client.post(
        reverse("reviews:round_create"),
        {
            "org": world.org_a.pk,
            "template": template.pk,
            "title": "越权评审",
            "blind_mode": "open",
            "mode": "panel",
        },
    )
    assert response.status_code == 200
    assert not ReviewRound.objects.filter(title="越权评审").exists()


def test_adding_entries_and_judges_then_opening(client, world: World, org_round: ReviewRound) -> None:
    judge_user = make_cadre("pingwei_a", world.org_a, role=JUDGE)
    make_cadre("pingwei_b", world.org_b, role=JUDGE)
    client.force_login(world.org_admin)
    response = client.post(
        reverse("reviews:entry_add", args=[org_round.pk]),
        {"title": "新成果", "entrant_org": world.org_a.pk, "unit": "", "group": "专家组"},
    )
    assert response.status_code == 302
    assert org_round.entries.get(title="新成果").group == "专家组"
    page = client.get(reverse("reviews:judge_add", args=[org_round.pk])).content.decode()
    assert "pingwei_a" in page
    assert "pingwei_b" not in page  # org B's account is not offered
    response = client.post(
        reverse("reviews:judge_add", args=[org_round.pk]),
        {"user": judge_user.pk, "group": "专家组", "unit": "甲县第一中学"},
    )
    assert response.status_code == 302
    judge = Judge.objects.get(round=org_round)
    assert (judge.user, judge.group, judge.unit) == (judge_user, "专家组", "甲县第一中学")
    detail = client.get(reverse("reviews:round_detail", args=[org_round.pk])).content.decode()
    assert "pingwei_a" in detail
    assert "开始评审后不能再修改" in detail  # the confirmation on 开始评审
    response = client.post(reverse("reviews:round_open", args=[org_round.pk]))
    org_round.refresh_from_db()
    assert org_round.status == RoundStatus.OPEN
    # set-up pages now lead back to the detail
    assert client.get(reverse("reviews:judge_add", args=[org_round.pk])).status_code == 302
    detail = client.get(reverse("reviews:round_detail", args=[org_round.pk])).content.decode()
    assert "结束后评委不能再评分" in detail
    client.post(reverse("reviews:round_close", args=[org_round.pk]))
    org_round.refresh_from_db()
    assert org_round.status == RoundStatus.CLOSED


def test_opening_a_round_without_judges_says_why(client, world: World, org_round: ReviewRound) -> None:
    client.force_login(world.org_admin)
    response = client.post(reverse("reviews:round_open", args=[org_round.pk]), follow=True)
    assert "请先添加参评对象和评委" in response.content.decode()
    org_round.refresh_from_db()
    assert org_round.status == RoundStatus.DRAFT


def test_reopen_needs_a_reason_which_the_timeline_shows(client, world: World, scored) -> None:
    judges, sheets = scored
    client.force_login(world.org_admin)
    url = reverse("reviews:sheet_reopen", args=[sheets[3].pk])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200
    assert "请填写退回原因" in response.content.decode()
    sheets[3].refresh_from_db()
    assert sheets[3].status == SheetStatus.SUBMITTED
    response = client.post(url, {"reason": "实效性评分明显偏低，请复核"})
    assert response.status_code == 302
    sheets[3].refresh_from_db()
    assert sheets[3].status == SheetStatus.REOPENED
    detail = client.get(reverse("reviews:sheet_detail", args=[sheets[3].pk])).content.decode()
    assert "退回评分表" in detail
    assert "实效性评分明显偏低，请复核" in detail
    # the judge sees the reason and may edit again
    client.force_login(judges[3].user)
    page = client.get(
        reverse("reviews:judge_sheet", args=[judges[3].pk, sheets[3].entry_id])
    ).content.decode()
    assert "实效性评分明显偏低，请复核" in page
    assert 'id="score-sheet"' in page


def test_the_results_page_ranks_and_flags_the_outlying_judge(client, world: World, scored) -> None:
    judges, _sheets = scored
    client.force_login(world.org_admin)
    page = client.get(reverse("reviews:round_results", args=[judges[0].round_id])).content.decode()
    assert "甲县成果" in page
    assert "70.00" in page  # (80 + 80 + 80 + 40) / 4
    assert f'data-flagged-judge="{judges[3].pk}"' in page
    assert f'data-flagged-judge="{judges[0].pk}"' not in page
    assert "与其他评委平均分相差 40.00 分，超过满分的 15%" in page
    assert "有 1 处评分" in page


def test_a_read_only_auditor_sees_the_round_without_its_buttons(client, world: World, scored) -> None:
    from gonghui.accounts.roles import AUDITOR

    judges, sheets = scored
    auditor = make_cadre("auditor_city", world.city, role=AUDITOR)
    client.force_login(auditor)
    detail = client.get(reverse("reviews:round_detail", args=[judges[0].round_id])).content.decode()
    assert "结束评审" not in detail
    assert reverse("reviews:sheet_reopen", args=[sheets[0].pk]) not in detail
    assert client.get(reverse("reviews:sheet_reopen", args=[sheets[0].pk])).status_code == 403
    assert client.post(reverse("reviews:round_close", args=[judges[0].round_id])).status_code == 403


def test_the_exports_are_posted_by_the_rounds_viewers_and_never_cached(client, world: World, scored) -> None:
    from gonghui.core.excel import read_rows, sheet_names

    judges, _sheets = scored
    round_id = judges[0].round_id
    for name in ("export_sheets", "export_results"):
        url = reverse(f"reviews:{name}", args=[round_id])
        client.force_login(world.org_member)
        assert client.post(url).status_code == 403
        client.force_login(world.outsider)
        assert client.post(url).status_code == 404
        client.force_login(world.org_admin)
        assert client.get(url).status_code == 405
        response = client.post(url)
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
        assert response["Content-Disposition"].startswith("attachment; filename*=UTF-8''")
    page = client.get(reverse("reviews:round_results", args=[round_id])).content.decode()
    assert reverse("reviews:export_results", args=[round_id]) in page
    content = client.post(reverse("reviews:export_results", args=[round_id])).content
    cells = [
        str(cell) for name in sheet_names(content) for row in read_rows(content, sheet=name) for cell in row
    ]
    assert "甲县成果" in cells
    assert any("judge_3" in cell for cell in cells)  # the outlying judge is named
    raw = client.post(reverse("reviews:export_sheets", args=[round_id])).content
    rows = read_rows(raw)
    assert any("judge_0" in str(cell) for row in rows for cell in row)
    assert sum(1 for row in rows if "创新性" in [str(cell) for cell in row]) == 4  # one row per judge


def test_the_demo_rounds_show_on_the_pages(client) -> None:
    """The demo logins: shi_pingwei has work in 我的评审, the city's organiser sees the flagged judge and the gaps,
    a unit's admin has its 自评."""
    from gonghui.accounts.roles import SYSADMIN, UNION_ADMIN
    from gonghui.orgs.choices import OrgLevel
    from gonghui.orgs.tests.factories import OrgFactory
    from gonghui.reviews.demo import DEMO_TITLE, SELF_TITLE, seed_reviews

    root = OrgFactory.create(code="JZJKWT", name="市教科文卫体工会", level=OrgLevel.CITY)
    units = [
        OrgFactory.create(parent=root, code=f"U0{n}", name=f"第{n}中学工会", unit_name=f"第{n}中学")
        for n in range(1, 5)
    ]
    organiser = make_cadre("admin", root, role=SYSADMIN)
    unit_admin = make_cadre("u01_admin", units[0], role=UNION_ADMIN)
    city_judge = make_cadre("shi_pingwei", root, role=JUDGE)
    for n in range(1, 6):
        make_cadre(f"a{n}_pingwei", root, role=JUDGE)
    seed_reviews()
    client.force_login(city_judge)
    work = client.get(reverse("reviews:judge_list")).content.decode()
    assert DEMO_TITLE in work
    assert SELF_TITLE in work
    client.force_login(organiser)
    panel = ReviewRound.objects.get(title=DEMO_TITLE)
    assert (
        "data-flagged-judge" in client.get(reverse("reviews:round_results", args=[panel.pk])).content.decode()
    )
    assessed = ReviewRound.objects.get(title=SELF_TITLE)
    results = client.get(reverse("reviews:round_results", args=[assessed.pk])).content.decode()
    assert "data-gap-flagged" in results
    client.force_login(unit_admin)
    assert client.get(reverse("reviews:self_list")).status_code == 200


def test_the_round_page_leads_its_union_s_account_managers_to_outside_accounts(
    client, world: World, org_round: ReviewRound
) -> None:
    from gonghui.accounts.object_grants import object_grants_url
    from gonghui.accounts.roles import UNION_STAFF

    grants_url = object_grants_url(org_round)
    client.force_login(world.org_admin)  # 工会管理员: manages the round and the union's accounts
    assert grants_url in client.get(reverse("reviews:round_detail", args=[org_round.pk])).content.decode()
    assert client.get(grants_url).status_code == 200
    # a 工会干事 organises the round but holds no accounts.manage: no link, and the page refuses
    client.force_login(make_cadre("staff_a", world.org_a, role=UNION_STAFF))
    assert grants_url not in client.get(reverse("reviews:round_detail", args=[org_round.pk])).content.decode()
    assert client.get(grants_url).status_code in {403, 404}


def test_the_results_have_a_column_only_for_judges_whose_sheets_count(
    client, world: World, org_round
) -> None:
    users = [make_cadre(f"judge_{n}", world.org_a, role=JUDGE) for n in range(3)]
    judges = [make_judge(review_round=org_round, user=user, actor=world.org_admin) for user in users]
    round_open(review_round=org_round, actor=world.org_admin)
    entry = org_round.entries.get(title="甲县成果")
    score(judges[0], entry, 30, 50)
    score(judges[1], entry, 20, 40)  # judges[2] scored nothing yet
    client.force_login(world.org_admin)
    response = client.get(reverse("reviews:round_results", args=[org_round.pk]))
    assert [cell["judge"] for cell in response.context["rows"][0]["cells"]] == judges[:2]
    assert f'<th class="text-nowrap">{users[2]}</th>' not in response.content.decode()


def test_an_outside_account_is_not_offered_the_unions_templates(client, world: World, org_round) -> None:
    import datetime as dt

    from django.utils import timezone

    from gonghui.accounts.object_grants import grantable_kinds
    from gonghui.accounts.roles import PARTNER
    from gonghui.accounts.services import outside_account_grant
    from gonghui.reviews.object_grants import KIND, register_object_grants

    register_object_grants()
    grant, _password = outside_account_grant(
        kind=grantable_kinds.get(KIND),
        obj=org_round,
        name="教育局联络人",
        phone="13900090099",
        role=PARTNER,
        expires_at=timezone.now() + dt.timedelta(days=30),
        actor=world.org_admin,
    )
    grant.user.must_change_password = False  # past the first-login password change
    grant.user.save(update_fields=["must_change_password"])
    client.force_login(grant.user)
    page = client.get(reverse("reviews:round_list")).content.decode()
    assert org_round.title in page
    assert reverse("reviews:template_list") not in page
    client.force_login(world.org_admin)
    assert reverse("reviews:template_list") in client.get(reverse("reviews:round_list")).content.decode()
