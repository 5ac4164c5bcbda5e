"""The judge's pages (我的评审): only their own judge rows and the entries `entries_for_judge` shows them — never one
of their own union, never one they declared a conflict on, never the entrant union in a 盲评 round, never another
judge's sheet (404); saving a draft, submitting with errors naming the criterion, and a submitted sheet that can
no longer be changed."""

import pytest
from django.urls import reverse

from conftest import make_cadre
from gonghui.accounts.roles import JUDGE
from gonghui.reviews.choices import BlindMode, SheetStatus
from gonghui.reviews.models import ConflictDeclaration, Score, ScoreSheet
from gonghui.reviews.services import round_open

from .conftest import Setup
from .factories import make_entry, make_judge, make_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def opened(setup: Setup) -> Setup:
    round_open(review_round=setup.review_round, actor=setup.organiser)
    return setup


def criteria(setup: Setup) -> dict[str, int]:
    return {c.name: c.pk for c in setup.review_round.template.criteria.all()}


def sheet_url(judge, entry) -> str:
    return reverse("reviews:judge_sheet", args=[judge.pk, entry.pk])


def scores(setup: Setup, *, innovation="35", effect="50", comment="推广到全市", veto=False, step="save"):
    c = criteria(setup)
    data = {
        f"points_{c['创新性']}": innovation,
        f"points_{c['实效性']}": effect,
        f"comment_{c['实效性']}": comment,
        "step": step,
    }
    if veto:
        data[f"points_{c['存在违纪违法']}"] = "on"
    return data


def test_the_work_list_shows_the_round_with_progress(client, opened: Setup) -> None:
    client.force_login(opened.judge_a.user)
    page = client.get(reverse("reviews:judge_list")).content.decode()
    assert opened.review_round.title in page
    assert "已提交 0 / 2" in page  # entry_b and entry_x; entry_a is of judge A's own union


def test_a_judge_without_rounds_sees_the_empty_state_and_a_member_is_refused(client, world) -> None:
    client.force_login(make_cadre("lonely_judge", world.city, role=JUDGE))
    assert "目前没有分配给您的评审任务" in client.get(reverse("reviews:judge_list")).content.decode()
    client.force_login(world.org_member)
    assert client.get(reverse("reviews:judge_list")).status_code == 403


def test_a_judge_sees_only_their_entries_never_their_own_unions(client, opened: Setup) -> None:
    client.force_login(opened.judge_a.user)
    page = client.get(reverse("reviews:judge_round", args=[opened.judge_a.pk])).content.decode()
    assert opened.entry_b.title in page
    assert opened.entry_x.title in page
    assert opened.entry_a.title not in page
    assert client.get(sheet_url(opened.judge_a, opened.entry_a)).status_code == 404
    assert client.post(sheet_url(opened.judge_a, opened.entry_a), scores(opened)).status_code == 404
    assert not ScoreSheet.objects.filter(entry=opened.entry_a).exists()


def test_another_judges_round_and_sheet_answer_404(client, opened: Setup) -> None:
    client.force_login(opened.judge_a.user)
    assert client.get(reverse("reviews:judge_round", args=[opened.judge_b.pk])).status_code == 404
    assert client.get(sheet_url(opened.judge_b, opened.entry_x)).status_code == 404
    assert client.post(sheet_url(opened.judge_b, opened.entry_x), scores(opened)).status_code == 404
    conflict = reverse("reviews:judge_conflict", args=[opened.judge_b.pk, opened.entry_x.pk])
    assert client.post(conflict, {"reason": "x"}).status_code == 404
    assert not ScoreSheet.objects.exists()
    assert not ConflictDeclaration.objects.exists()


def test_a_draft_round_is_not_on_the_judges_pages(client, setup: Setup) -> None:
    client.force_login(setup.judge_a.user)
    assert setup.review_round.title not in client.get(reverse("reviews:judge_list")).content.decode()
    assert client.get(reverse("reviews:judge_round", args=[setup.judge_a.pk])).status_code == 404


def test_blind_mode_hides_the_entrant_union(client, world, setup: Setup) -> None:
    blind = make_round(org=world.city, actor=setup.organiser, blind_mode=BlindMode.BLIND)
    entry = make_entry(
        review_round=blind,
        entrant_org=world.org_b,
        actor=setup.organiser,
        title="盲评作品",
        unit="乙县人民医院",
    )
    judge = make_judge(review_round=blind, user=setup.judge_a.user, actor=setup.organiser)
    round_open(review_round=blind, actor=setup.organiser)
    client.force_login(judge.user)
    for url in (
        reverse("reviews:judge_list"),
        reverse("reviews:judge_round", args=[judge.pk]),
        sheet_url(judge, entry),
        reverse("reviews:judge_conflict", args=[judge.pk, entry.pk]),
    ):
        page = client.get(url).content.decode()
        assert world.org_b.name not in page, url
        assert "乙县人民医院" not in page, url
    assert "盲评作品" in client.get(sheet_url(judge, entry)).content.decode()
    # the open round still names it
    page = client.get(reverse("reviews:judge_round", args=[setup.judge_a.pk])).content.decode()
    assert "盲评作品" not in page


def test_the_sheet_shows_one_input_per_criterion_with_its_maximum_and_the_veto_as_a_tick(
    client, opened: Setup
) -> None:
    client.force_login(opened.judge_a.user)
    page = client.get(sheet_url(opened.judge_a, opened.entry_b)).content.decode()
    c = criteria(opened)
    assert f'name="points_{c["创新性"]}"' in page
    assert "满分 40" in page
    assert "满分 60" in page
    assert f'type="checkbox" name="points_{c["存在违纪违法"]}"' in page
    assert "评语（必填）" in page
    assert 'data-confirm="提交后评分表将锁定' in page


def test_save_keeps_a_draft_and_errors_name_the_criterion(client, opened: Setup) -> None:
    client.force_login(opened.judge_a.user)
    url = sheet_url(opened.judge_a, opened.entry_b)
    response = client.post(url, scores(opened, innovation="45"))
    assert response.status_code == 422
    assert "「创新性」的得分须在 0 到 40 分之间" in response.content.decode()
    assert not ScoreSheet.objects.exists()
    response = client.post(url, scores(opened, innovation="abc"))
    assert "「创新性」的得分须为数字" in response.content.decode()
    response = client.post(url, scores(opened, effect="", comment=""))
    assert response.status_code == 302
    sheet = ScoreSheet.objects.get(judge=opened.judge_a, entry=opened.entry_b)
    assert sheet.status == SheetStatus.DRAFT
    assert Score.objects.get(sheet=sheet, criterion__name="创新性").points == 35
    # 提交 without 实效性: the error names it, the sheet stays a draft
    response = client.post(url, scores(opened, effect="", comment="", step="submit"))
    assert response.status_code == 422
    assert "请为「实效性」评分" in response.content.decode()
    response = client.post(url, scores(opened, comment="", step="submit"))
    assert "请填写「实效性」的评语" in response.content.decode()
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.DRAFT


def test_a_submitted_sheet_is_locked_and_read_only(client, opened: Setup) -> None:
    client.force_login(opened.judge_a.user)
    url = sheet_url(opened.judge_a, opened.entry_b)
    response = client.post(url, scores(opened, step="submit"))
    assert response.status_code == 302
    assert response["Location"] == reverse("reviews:judge_round", args=[opened.judge_a.pk])
    sheet = ScoreSheet.objects.get(judge=opened.judge_a, entry=opened.entry_b)
    assert sheet.status == SheetStatus.SUBMITTED
    page = client.get(url).content.decode()
    assert 'id="score-sheet"' not in page
    assert "已提交" in page
    assert "推广到全市" in page
    client.post(url, scores(opened, innovation="1", step="submit"))
    assert Score.objects.get(sheet=sheet, criterion__name="创新性").points == 35
    list_page = client.get(reverse("reviews:judge_list")).content.decode()
    assert "已提交 1 / 2" in list_page


def test_a_veto_ticked_needs_its_comment(client, opened: Setup) -> None:
    client.force_login(opened.judge_a.user)
    response = client.post(
        sheet_url(opened.judge_a, opened.entry_b), scores(opened, veto=True, step="submit")
    )
    assert response.status_code == 422
    assert "请填写「存在违纪违法」的评语" in response.content.decode()


def test_declaring_a_conflict_needs_a_reason_and_hides_the_entry(client, opened: Setup) -> None:
    client.force_login(opened.judge_a.user)
    url = reverse("reviews:judge_conflict", args=[opened.judge_a.pk, opened.entry_x.pk])
    page = client.get(url).content.decode()
    assert "data-confirm=" in page
    response = client.post(url, {"reason": ""})
    assert "请填写回避原因" in response.content.decode()
    assert not ConflictDeclaration.objects.exists()
    response = client.post(url, {"reason": "曾指导该成果"})
    assert response.status_code == 302
    assert ConflictDeclaration.objects.get(judge=opened.judge_a).reason == "曾指导该成果"
    page = client.get(reverse("reviews:judge_round", args=[opened.judge_a.pk])).content.decode()
    assert sheet_url(opened.judge_a, opened.entry_x) not in page
    assert sheet_url(opened.judge_a, opened.entry_b) in page
    assert client.get(sheet_url(opened.judge_a, opened.entry_x)).status_code == 404


def test_the_console_home_counts_what_a_judge_still_has_to_score(client, opened: Setup) -> None:
    client.force_login(opened.judge_a.user)
    home = client.get(reverse("home")).content.decode()
    assert "待评分" in home
    assert reverse("reviews:judge_list") in home
    from gonghui.reviews.selectors import judge_sheets_left

    assert judge_sheets_left(opened.judge_a.user) == 2  # entry_b and entry_x
    client.post(sheet_url(opened.judge_a, opened.entry_b), scores(opened, step="submit"))
    assert judge_sheets_left(opened.judge_a.user) == 1


def test_a_saved_score_comes_back_as_written(client, opened: Setup) -> None:
    client.force_login(opened.judge_a.user)
    client.post(sheet_url(opened.judge_a, opened.entry_b), scores(opened, effect="50"))
    page = client.get(sheet_url(opened.judge_a, opened.entry_b)).content.decode()
    assert 'value="50"' in page
    assert "5E+1" not in page
