"""婚恋交友统计 through every door: the page, the xlsx export, the API and the organiser's notification text show
"<10" for a union with 3 opted-in members and 12 for one with 12, and none names a member; the three-actor matrix;
the roll-up per direct child union (women/men, age bands, new this month, mutual pairs once per pair, withdrawn
this year; suspended, withdrawn and former members left out)."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import make_cadre
from gonghui.accounts.api_tokens import api_token_create
from gonghui.core.choices import AuditAction
from gonghui.core.excel import read_rows
from gonghui.core.models import AuditLog
from gonghui.matchmaking.choices import ProfileStatus
from gonghui.matchmaking.selectors.stats import COLUMNS, match_stats
from gonghui.matchmaking.tests.factories_stats import make_mutual, make_singles
from gonghui.members.choices import MemberStatus

JOINED, WOMEN, MEN = 0, 1, 2
NEW = COLUMNS.index("本月新加入")
MUTUAL = COLUMNS.index("互相心动")
WITHDRAWN = COLUMNS.index("已退出")
BAND_35 = COLUMNS.index("35–39岁")


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def singles(world):
    """3 opted-in women in org A, 12 (7 women, 5 men) in org B."""
    a = make_singles(world.org_a, 3)
    b = make_singles(world.org_b, 7) + make_singles(world.org_b, 5, gender="M")
    return a, b


def _row(stats, label):
    return next(row for row in stats.rows if row.label.startswith(label))


# --- the numbers ---------------------------------------------------------------------------------------------


def test_rows_roll_children_up_and_small_cells_show_as_under_ten(world, singles):
    stats = match_stats(world.city)
    assert [row.label for row in stats.rows] == [
        "测试市教科文卫体工会（本级）",
        "甲县教育工会",
        "乙县教育工会",
    ]
    x, y = _row(stats, "甲县"), _row(stats, "乙县")
    assert x.cells[JOINED] == x.cells[WOMEN] == "<10"
    assert x.cells[MEN] == "0"
    # 乙县's 12 would give 甲县's 3 away (15 − 12 − 0): secondary suppression hides it ("—"), in every column
    # where 甲县 is small
    assert y.figures.joined == 12
    assert y.cells[JOINED] == y.cells[BAND_35] == y.cells[NEW] == "—"  # all born 1988-05-17, all new
    assert y.cells[WOMEN] == y.cells[MEN] == "<10"  # 7 + 5: their sum (12) is no small group
    assert stats.total.cells[JOINED] == "15"
    assert stats.total.cells[WOMEN] == "10"
    assert all(cell == "0" for cell in _row(stats, "测试市").cells)


def test_no_small_cell_can_be_worked_out_by_subtraction(world):
    # given 11 women and 1 man in org B: 男 "<10" alone would read 1 (12 − 11)
    make_singles(world.org_b, 11)
    make_singles(world.org_b, 1, gender="M")
    (own, b_row) = match_stats(world.county_y).rows
    assert b_row.cells[JOINED] == "12"
    assert b_row.cells[MEN] == "<10"
    assert b_row.cells[WOMEN] == "—"
    # and the rows of a union add up to its total: 本级 0 and ORGB 12 of 12 give nothing away
    assert own.cells[JOINED] == "0"
    # when a second union below holds 3, the 12 beside it is hidden in the table of their parent
    make_singles(world.org_a, 3)
    rows = {row.label: row for row in match_stats(world.city).rows}
    assert rows["甲县教育工会"].cells[JOINED] == "<10"
    assert rows["乙县教育工会"].cells[JOINED] == "—"
    assert match_stats(world.city).total.cells[JOINED] == "15"


def test_only_active_profiles_of_holding_members_count(world, singles):
    _a, b = singles
    b[0].status = ProfileStatus.SUSPENDED
    b[0].save(update_fields=["status"])
    b[1].status = ProfileStatus.WITHDRAWN
    b[1].withdrawn_at = timezone.now()
    b[1].save(update_fields=["status", "withdrawn_at"])
    b[2].member.status = MemberStatus.LEFT
    b[2].member.save(update_fields=["status"])
    y = match_stats(world.county_y).rows
    own, org_b = y[0], y[1]
    assert org_b.label == "乙县人民医院工会"
    assert org_b.figures.joined == 9
    assert org_b.figures.withdrawn == 1
    assert org_b.cells[WITHDRAWN] == "<10"
    assert own.figures.joined == 0


def test_withdrawn_last_year_and_joined_last_month_are_not_this_years(world):
    long_ago = timezone.now() - dt.timedelta(days=400)
    make_singles(world.org_b, 2, status=ProfileStatus.WITHDRAWN, withdrawn_at=long_ago)
    old = make_singles(world.org_b, 1)
    old[0].joined_at = long_ago
    old[0].save(update_fields=["joined_at"])
    total = match_stats(world.county_y).total.figures
    assert (total.joined, total.new_this_month, total.withdrawn) == (1, 0, 0)


def test_a_mutual_pair_counts_once_and_in_each_union_it_spans(world, singles):
    a, b = singles
    make_mutual(a[0], b[0])  # across 甲县 and 乙县
    make_mutual(b[1], b[2])  # inside 乙县
    b[3].interests_sent.create(to_profile=b[4])  # one way is no match
    stats = match_stats(world.city)
    assert _row(stats, "甲县").figures.mutual == 1
    assert _row(stats, "乙县").figures.mutual == 2
    assert stats.total.figures.mutual == 2
    assert stats.total.cells[MUTUAL] == "<10"
    b[2].status = ProfileStatus.SUSPENDED
    b[2].save(update_fields=["status"])
    assert match_stats(world.city).total.figures.mutual == 1


# --- the page ------------------------------------------------------------------------------------------------


def test_page_three_actors(world, singles):
    url = reverse("matchmaking:stats")
    assert _client(world.org_admin).get(url).status_code == 200
    assert _client(world.org_member).get(url).status_code == 403
    assert _client(world.outsider).get(url + "?org=ORGA").status_code == 404
    assert _client(world.outsider).get(url + "?org=ORGB").status_code == 200


def test_page_shows_under_ten_for_three_and_the_number_for_twelve_and_no_name(world, singles):
    a_page = _client(world.org_admin).get(reverse("matchmaking:stats")).content.decode()
    assert "甲县第一中学工会（本级）" in a_page
    assert "&lt;10" in a_page
    assert ">3<" not in a_page
    assert "任何工会干部都看不到谁加入了婚恋交友平台" in a_page
    city = make_cadre("city_admin", world.city)
    page = _client(city).get(reverse("matchmaking:stats") + "?org=CY").content.decode()
    assert ">12<" in page
    for profile in singles[0] + singles[1]:
        assert profile.nickname not in page
        assert profile.nickname not in a_page
        assert profile.member.name not in a_page
        assert profile.member.name not in page
    assert "/portal/matchmaking/" not in page


def test_page_picker_defaults_to_the_users_top_union_and_offers_its_subtree(world, singles):
    city = make_cadre("city_admin", world.city)
    page = _client(city).get(reverse("matchmaking:stats")).content.decode()
    assert "测试市教科文卫体工会（本级）" in page
    assert 'value="ORGB"' in page
    assert '<a href="?org=CX">甲县教育工会</a>' in page


def test_page_empty_state(world):
    page = _client(world.org_admin).get(reverse("matchmaking:stats")).content.decode()
    assert "还没有会员加入婚恋交友平台" in page


# --- the export ----------------------------------------------------------------------------------------------


def _export(user, code):
    return _client(user).post(
        reverse("spreadsheets:export_start", args=["matchmaking_stats"]) + f"?org={code}"
    )


def test_export_holds_the_shown_strings_and_is_audited(world, singles):
    response = _export(world.org_admin, "ORGA")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    rows = read_rows(response.content)
    header = next(r for r in rows if r and r[0] == "工会")
    assert header[1:] == list(COLUMNS)
    own = next(r for r in rows if r and r[0] == "甲县第一中学工会（本级）")
    assert own[1 + JOINED] == "<10"
    assert AuditLog.objects.filter(action=AuditAction.EXPORT, actor=world.org_admin).exists()
    b_rows = read_rows(_export(world.outsider, "ORGB").content)
    total = next(r for r in b_rows if r and r[0] == "合计")
    assert total[1 + JOINED] == "12"
    text = repr(rows) + repr(b_rows)
    for profile in singles[0] + singles[1]:
        assert profile.nickname not in text
        assert profile.member.name not in text


def test_export_three_actors(world, singles):
    assert _export(world.org_member, "ORGA").status_code == 403
    assert _export(world.outsider, "ORGA").status_code == 404


# --- the API -------------------------------------------------------------------------------------------------


def _api(user, query, scopes=("matchmaking:stats",)):
    _token, secret = api_token_create(user=user, name="统计", scopes=list(scopes))
    return Client().get(f"/api/v1/matchmaking/stats{query}", HTTP_AUTHORIZATION=f"Bearer {secret}")


def test_api_answers_shown_strings(world, singles):
    response = _api(world.org_admin, "?org=ORGA")
    assert response.status_code == 200
    body = response.json()
    assert body["org_code"] == "ORGA"
    assert body["total"]["joined"] == "<10"
    assert body["total"]["women"] == "<10"
    assert body["total"]["age_bands"][3] == {"band": "35–39岁", "count": "<10"}
    assert "3" not in {body["total"][k] for k in ("joined", "women", "new_this_month")}
    b = _api(world.outsider, "").json()
    assert b["org_code"] == "ORGB"
    assert b["total"]["joined"] == "12"
    assert all(isinstance(v, str) for v in b["total"].values() if not isinstance(v, list))


def test_api_three_actors_and_the_scope(world, singles):
    assert _api(world.org_member, "?org=ORGA").status_code == 403
    assert _api(world.outsider, "?org=ORGA").status_code == 404
    assert _api(world.org_admin, "?org=ORGA", scopes=("me:read",)).status_code == 403
    assert "/api/v1/matchmaking/stats" in Client().get("/api/v1/openapi.json").json()["paths"]
