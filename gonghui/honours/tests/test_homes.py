"""建家考评: the 模范职工之家 standard as a reviews template, an assessment run by a county union on the 自评+考评
mode (units below it, the county's cadres as assessors, open with notifications, close), the scores evaluations and
the nomination page read, and the pages for three actors — the county admin who runs it, the grassroots admin below
who fills its self sheet, another county's admin who sees nothing of it."""

from decimal import Decimal
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from conftest import World, make_cadre
from gonghui.accounts.roles import UNION_STAFF
from gonghui.core.models import TimelineEntry
from gonghui.honours.choices import CampaignCategory, HomeAssessmentStatus, NomineeKind
from gonghui.honours.models import HomeAssessment
from gonghui.honours.selectors.homes import (
    HomeFilters,
    home_assessments_for_user,
    home_for_user_or_404,
    home_scores,
    home_self_checks_for_user,
    home_units,
    latest_home_score,
)
from gonghui.honours.services.homes import (
    HOME_STANDARD,
    HOME_STANDARD_NAME,
    home_assessment_close,
    home_assessment_create,
    home_assessment_open,
    home_assessors_add,
    home_standard_template,
    home_units_add,
)
from gonghui.honours.services.nominations import nomination_create
from gonghui.honours.tests.factories import make_campaign
from gonghui.notifications.models import Notification
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.tests.factories import OrgFactory
from gonghui.reviews.choices import RoundMode, RoundStatus
from gonghui.reviews.models import Criterion, Judge, ReviewEntry, ScoreSheetTemplate
from gonghui.reviews.selectors import judge_row_of
from gonghui.reviews.services import (
    CriterionInput,
    ScoreInput,
    round_close,
    round_open,
    self_sheet_save,
    self_sheet_submit,
    sheet_save,
    sheet_submit,
    template_create,
)


class Homes:
    """The county (甲县) admin, an assessor (a 工会干事 of the county), the grassroots admin of org A (below the
    county), another county's admin, and org A's sibling below the county."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.county = world.county_x
        self.admin = make_cadre("county_x_admin", world.county_x)
        self.assessor = make_cadre("county_x_staff", world.county_x, role=UNION_STAFF)
        self.unit = world.org_a
        self.unit_admin = world.org_admin
        self.other = make_cadre("county_y_admin", world.county_y)
        self.sibling = OrgFactory.create(parent=world.county_x, code="ORGC", name="甲县实验小学工会")

    def assessment(self, **extra: Any) -> HomeAssessment:
        fields: dict[str, Any] = {
            "org": self.county,
            "title": "2026年度模范职工之家建设自查考评",
            "year": 2026,
            "template": None,
            "self_check_deadline": None,
            "assessors": [self.assessor],
            "actor": self.admin,
        }
        fields.update(extra)
        return home_assessment_create(**fields)

    def opened(self) -> HomeAssessment:
        assessment = self.assessment()
        home_units_add(assessment=assessment, orgs=[self.unit, self.sibling], actor=self.admin)
        return home_assessment_open(assessment=assessment, actor=self.admin)


@pytest.fixture
def homes(world: World) -> Homes:
    return Homes(world)


def _entry(assessment: HomeAssessment, org: Any) -> ReviewEntry:
    return ReviewEntry.objects.get(round_id=assessment.review_round_id, entrant_org=org)


def _criteria(assessment: HomeAssessment) -> list[Criterion]:
    assert assessment.review_round is not None
    return list(Criterion.objects.filter(template_id=assessment.review_round.template_id))


def _self_check(homes: Homes, assessment: HomeAssessment, points: dict[str, int]) -> None:
    entry = _entry(assessment, homes.unit)
    scores = {c.pk: (Decimal(points.get(c.name, 0)), "有佐证材料") for c in _criteria(assessment)}
    sheet = self_sheet_save(entry=entry, scores=scores, actor=homes.unit_admin)
    self_sheet_submit(sheet=sheet, actor=homes.unit_admin)


def _assess(homes: Homes, assessment: HomeAssessment, points: dict[str, int], org: Any = None) -> None:
    entry = _entry(assessment, org or homes.unit)
    judge = Judge.objects.get(round_id=assessment.review_round_id, user=homes.assessor)
    scores = {c.pk: ScoreInput(points.get(c.name, 0), "现场查看") for c in _criteria(assessment)}
    sheet = sheet_save(judge=judge, entry=entry, scores=scores, actor=homes.assessor)
    sheet_submit(sheet=sheet, actor=homes.assessor)


FULL = {c.name: int(c.max_points) for c in HOME_STANDARD}  # 100 in all, the veto item 0


# ---- the standard ------------------------------------------------------------------------------------------


def test_the_default_standard_sums_to_100_with_one_veto_item():
    assert sum(c.max_points for c in HOME_STANDARD) == 100
    assert [c.name for c in HOME_STANDARD if c.is_veto] == ["发生重大违纪违法事件（一票否决）"]


def test_the_standard_template_is_made_once_per_union(homes):
    first = home_standard_template(org=homes.county, actor=homes.admin)
    again = home_standard_template(org=homes.county, actor=homes.admin)
    assert first.pk == again.pk
    assert first.name == HOME_STANDARD_NAME
    assert first.max_total == Decimal(100)
    assert ScoreSheetTemplate.objects.filter(org=homes.county, name=HOME_STANDARD_NAME).count() == 1


def test_another_county_may_not_make_the_standard_of_this_one(homes):
    with pytest.raises(PermissionDenied):
        home_standard_template(org=homes.county, actor=homes.other)


# ---- setting up --------------------------------------------------------------------------------------------


def test_create_makes_a_self_assessed_round_owned_by_the_assessment(homes):
    assessment = homes.assessment()
    review_round = assessment.review_round
    assert review_round is not None
    assert review_round.mode == RoundMode.SELF_ASSESSED
    assert review_round.org == homes.county
    assert review_round.owner == assessment
    assert review_round.template.name == HOME_STANDARD_NAME
    assert review_round.entries_by_hand is False
    assert list(review_round.judges.values_list("user", flat=True)) == [homes.assessor.pk]
    assert TimelineEntry.objects.filter(object_id=str(assessment.pk), action="create").exists()


def test_a_union_may_pick_another_template_it_manages(homes):
    template = template_create(
        org=homes.county,
        name="职工小家评分表",
        criteria=[CriterionInput(name="小家建设", max_points=Decimal(50))],
        actor=homes.admin,
    )
    assessment = homes.assessment(template=template)
    assert assessment.review_round is not None
    assert assessment.review_round.template == template


def test_create_refuses_a_union_the_actor_does_not_manage_and_a_blank_title(homes):
    with pytest.raises(PermissionDenied):
        homes.assessment(actor=homes.other, assessors=[])
    with pytest.raises(ValidationError) as raised:
        homes.assessment(title="  ")
    assert "考评名称" in str(raised.value)


def test_assessors_must_be_cadres_of_the_running_union(homes):
    assessment = homes.assessment(assessors=[])
    with pytest.raises(ValidationError) as raised:
        home_assessors_add(assessment=assessment, users=[homes.unit_admin], actor=homes.admin)
    assert "考评人须为甲县教育工会的工会干部" in str(raised.value)
    added = home_assessors_add(assessment=assessment, users=[homes.assessor, homes.admin], actor=homes.admin)
    assert added == [homes.assessor, homes.admin]
    assert home_assessors_add(assessment=assessment, users=[homes.assessor], actor=homes.admin) == []


def test_units_are_added_once_and_only_from_below(homes):
    assessment = homes.assessment()
    added = home_units_add(assessment=assessment, orgs=[homes.unit], actor=homes.admin)
    assert [entry.entrant_org for entry in added] == [homes.unit]
    assert added[0].owner == assessment
    again = home_units_add(assessment=assessment, orgs=[homes.unit, homes.sibling], actor=homes.admin)
    assert [entry.entrant_org for entry in again] == [homes.sibling]
    assert ReviewEntry.objects.filter(round_id=assessment.review_round_id).count() == 2
    with pytest.raises(ValidationError) as raised:
        home_units_add(assessment=assessment, orgs=[homes.world.org_b], actor=homes.admin)
    assert "下级工会" in str(raised.value)
    with pytest.raises(ValidationError):
        home_units_add(assessment=assessment, orgs=[homes.county], actor=homes.admin)


def test_units_cannot_be_added_by_another_county(homes):
    assessment = homes.assessment()
    with pytest.raises(PermissionDenied):
        home_units_add(assessment=assessment, orgs=[homes.unit], actor=homes.other)


def test_open_needs_units_and_assessors(homes):
    assessment = homes.assessment(assessors=[])
    with pytest.raises(ValidationError) as raised:
        home_assessment_open(assessment=assessment, actor=homes.admin)
    assert "参评单位" in str(raised.value)
    home_units_add(assessment=assessment, orgs=[homes.unit], actor=homes.admin)
    with pytest.raises(ValidationError) as raised:
        home_assessment_open(assessment=assessment, actor=homes.admin)
    assert "考评人" in str(raised.value)


def test_open_starts_the_round_and_tells_each_units_cadres(homes):
    assessment = homes.opened()
    assert assessment.status == HomeAssessmentStatus.OPEN
    assessment.refresh_from_db()
    assert assessment.review_round is not None
    assert assessment.review_round.status == RoundStatus.OPEN
    note = Notification.objects.get(recipient=homes.unit_admin)
    assert "建家自评" in note.title
    assert note.url == reverse("reviews:self_sheet", args=[_entry(assessment, homes.unit).pk])
    assert not Notification.objects.filter(recipient=homes.other).exists()
    judge = Judge.objects.get(round_id=assessment.review_round_id, user=homes.assessor)
    assert Notification.objects.get(recipient=homes.assessor).url == reverse(
        "reviews:judge_round", args=[judge.pk]
    )
    with pytest.raises(ValidationError):
        home_assessment_open(assessment=assessment, actor=homes.admin)
    with pytest.raises(ValidationError):
        home_units_add(assessment=assessment, orgs=[homes.unit], actor=homes.admin)


def test_close_needs_an_open_assessment_and_the_organiser(homes):
    assessment = homes.assessment()
    with pytest.raises(ValidationError):
        home_assessment_close(assessment=assessment, actor=homes.admin)
    opened = homes.opened()
    with pytest.raises(PermissionDenied):
        home_assessment_close(assessment=opened, actor=homes.unit_admin)


# ---- the scores --------------------------------------------------------------------------------------------


def test_self_sheet_and_assessor_sheet_then_close_give_both_totals(homes):
    assessment = homes.opened()
    _self_check(homes, assessment, {**FULL, "会员评家": 13})  # 98
    _assess(homes, assessment, {**FULL, "会员评家": 10, "阵地建设": 6})  # 100 - 5 - 4 = 91
    rows = {row.entry.entrant_org_id: row for row in home_units(assessment)}
    assert rows[homes.unit.pk].self_total == Decimal("98.00")
    assert rows[homes.unit.pk].assessor_total == Decimal("91.00")
    assert rows[homes.unit.pk].flagged  # 阵地建设: 10 vs 6 differs by 4 > 15% of 10
    assert rows[homes.sibling.pk].self_sheet is None
    assert home_scores(homes.county, 2026) == []  # not closed yet
    home_assessment_close(assessment=assessment, actor=homes.admin)
    assessment.refresh_from_db()
    assert assessment.status == HomeAssessmentStatus.CLOSED
    assert assessment.review_round is not None
    assert assessment.review_round.status == RoundStatus.CLOSED
    scores = {score.org.pk: score for score in home_scores(homes.county, 2026)}
    assert scores[homes.unit.pk].self_total == Decimal("98.00")
    assert scores[homes.unit.pk].assessor_total == Decimal("91.00")
    assert scores[homes.unit.pk].gap == Decimal("7.00")
    assert scores[homes.sibling.pk].self_total is None
    assert scores[homes.sibling.pk].gap is None
    # read at the union itself, and from the city above: an assessment run by the county is not "at or above" it
    assert [s.org for s in home_scores(homes.unit, 2026)] == [homes.unit]
    assert home_scores(homes.world.city, 2026) == []
    assert home_scores(homes.county, 2025) == []
    latest = latest_home_score(homes.unit)
    assert latest is not None
    assert (latest.self_total, latest.assessor_total) == (Decimal("98.00"), Decimal("91.00"))
    assert latest_home_score(homes.world.org_b) is None


def test_a_ticked_veto_item_makes_the_total_zero(homes):
    assessment = homes.opened()
    veto = "发生重大违纪违法事件（一票否决）"
    _assess(homes, assessment, {**FULL, veto: 1})
    home_assessment_close(assessment=assessment, actor=homes.admin)
    score = latest_home_score(homes.unit)
    assert score is not None
    assert score.assessor_total == Decimal("0.00")


def test_the_latest_closed_assessment_wins(homes):
    first = homes.opened()
    _assess(homes, first, FULL)
    home_assessment_close(assessment=first, actor=homes.admin)
    second = homes.assessment(title="2027年度建家考评", year=2027)
    home_units_add(assessment=second, orgs=[homes.unit], actor=homes.admin)
    home_assessment_open(assessment=second, actor=homes.admin)
    _assess(homes, second, {**FULL, "组织建设": 5})
    home_assessment_close(assessment=second, actor=homes.admin)
    latest = latest_home_score(homes.unit)
    assert latest is not None
    assert latest.assessment == second
    assert latest.assessor_total == Decimal("90.00")


# ---- reads for the three actors ----------------------------------------------------------------------------


def test_the_county_sees_its_assessment_the_other_county_does_not(homes):
    assessment = homes.assessment()
    assert list(home_assessments_for_user(homes.admin)) == [assessment]
    assert list(home_assessments_for_user(homes.admin, HomeFilters(query="不存在"))) == []
    assert list(home_assessments_for_user(homes.admin, HomeFilters(year=2026, status="draft"))) == [
        assessment
    ]
    assert list(home_assessments_for_user(homes.other)) == []
    assert list(home_assessments_for_user(homes.unit_admin)) == []


def test_the_grassroots_admin_has_its_own_self_check_to_do(homes):
    assessment = homes.opened()
    rows = home_self_checks_for_user(homes.unit_admin)
    assert [(row.assessment, row.entry.entrant_org) for row in rows] == [(assessment, homes.unit)]
    assert home_self_checks_for_user(homes.other) == []
    # the county admin manages both units' self sheets too (reviews.manage reaches down)
    assert {row.entry.entrant_org for row in home_self_checks_for_user(homes.admin)} == {
        homes.unit,
        homes.sibling,
    }


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_list_page_for_three_actors(homes):
    assessment = homes.opened()
    url = reverse("honours:home_list")
    page = _client(homes.admin).get(url)
    assert page.status_code == 200
    assert assessment.title in page.content.decode()
    assert "新建建家考评" in page.content.decode()
    mine = _client(homes.unit_admin).get(url).content.decode()
    assert "本单位待自评" in mine
    assert reverse("reviews:self_sheet", args=[_entry(assessment, homes.unit).pk]) in mine
    theirs = _client(homes.other).get(url).content.decode()
    assert assessment.title not in theirs
    assert _client(homes.world.org_member).get(url).status_code in (302, 403)


def test_detail_page_for_three_actors(homes):
    assessment = homes.opened()
    _self_check(homes, assessment, FULL)
    url = reverse("honours:home_detail", args=[assessment.pk])
    page = _client(homes.admin).get(url).content.decode()
    assert homes.unit.name in page
    assert "100.00" in page
    assert reverse("honours:home_close", args=[assessment.pk]) in page
    assert "data-confirm" in page
    assert _client(homes.unit_admin).get(url).status_code == 404
    assert _client(homes.other).get(url).status_code == 404
    assert _client(homes.world.org_member).get(url).status_code in (302, 403)


def test_create_page_makes_an_assessment(homes):
    client = _client(homes.admin)
    assert client.get(reverse("honours:home_create")).status_code == 200
    response = client.post(
        reverse("honours:home_create"),
        {
            "org": homes.county.pk,
            "title": "2026年度建家自查",
            "year": 2026,
            "template": "",
            "self_check_deadline": "2026-12-31",
            "assessors": [homes.assessor.pk],
        },
    )
    assert response.status_code == 302
    assessment = HomeAssessment.objects.get(title="2026年度建家自查")
    assert response["Location"] == reverse("honours:home_detail", args=[assessment.pk])
    invalid = client.post(reverse("honours:home_create"), {"org": homes.county.pk, "title": "", "year": 2026})
    assert invalid.status_code == 422
    assert "请填写考评名称" in invalid.content.decode()
    assert _client(homes.world.org_member).get(reverse("honours:home_create")).status_code in (302, 403)


def test_units_page_adds_all_grassroots_below_and_assessors(homes):
    assessment = homes.assessment(assessors=[])
    url = reverse("honours:home_units_add", args=[assessment.pk])
    client = _client(homes.admin)
    assert client.get(url).status_code == 200
    response = client.post(url, {"scope": "all", "assessors": [homes.assessor.pk]})
    assert response.status_code == 302
    entrants = set(
        ReviewEntry.objects.filter(round_id=assessment.review_round_id).values_list("entrant_org", flat=True)
    )
    assert entrants == {homes.unit.pk, homes.sibling.pk}
    assert Judge.objects.filter(round_id=assessment.review_round_id, user=homes.assessor).exists()
    assert _client(homes.other).get(url).status_code == 404
    assert _client(homes.unit_admin).get(url).status_code == 404
    assert _client(homes.other).post(url, {"scope": "all"}).status_code == 404


def test_open_and_close_buttons_for_three_actors(homes):
    assessment = homes.assessment()
    home_units_add(assessment=assessment, orgs=[homes.unit], actor=homes.admin)
    open_url = reverse("honours:home_open", args=[assessment.pk])
    close_url = reverse("honours:home_close", args=[assessment.pk])
    assert _client(homes.other).post(open_url).status_code == 404
    assert _client(homes.unit_admin).post(open_url).status_code == 404
    assert _client(homes.admin).get(open_url).status_code == 405
    assert _client(homes.admin).post(open_url).status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == HomeAssessmentStatus.OPEN
    assert _client(homes.other).post(close_url).status_code == 404
    assert _client(homes.admin).post(close_url).status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == HomeAssessmentStatus.CLOSED


def test_a_read_only_city_cadre_sees_but_cannot_run(homes):
    from gonghui.accounts.roles import AUDITOR

    auditor = make_cadre("city_auditor", homes.world.city, role=AUDITOR)
    assessment = homes.assessment()
    detail = _client(auditor).get(reverse("honours:home_detail", args=[assessment.pk]))
    assert detail.status_code == 200
    assert reverse("honours:home_open", args=[assessment.pk]) not in detail.content.decode()
    assert _client(auditor).get(reverse("honours:home_units_add", args=[assessment.pk])).status_code == 403
    assert _client(auditor).post(reverse("honours:home_open", args=[assessment.pk])).status_code == 403
    assert home_for_user_or_404(auditor, assessment.pk) == assessment


def test_the_reviews_pages_hide_the_hand_entry_buttons_for_the_round(homes):
    assessment = homes.assessment()
    home_units_add(assessment=assessment, orgs=[homes.unit], actor=homes.admin)
    page = _client(homes.admin).get(reverse("reviews:round_detail", args=[assessment.review_round_id]))
    assert page.status_code == 200
    assert reverse("reviews:entry_add", args=[assessment.review_round_id]) not in page.content.decode()


def test_the_assessor_scores_the_units_on_the_reviews_judging_pages(homes):
    assessment = homes.opened()
    assert assessment.review_round is not None
    assert assessment.review_round.owner_type == ContentType.objects.get_for_model(HomeAssessment)
    judge = Judge.objects.get(round_id=assessment.review_round_id, user=homes.assessor)
    assert judge_row_of(homes.assessor, judge.pk) is not None
    page = _client(homes.assessor).get(reverse("reviews:judge_round", args=[judge.pk]))
    assert page.status_code == 200
    assert homes.unit.name in page.content.decode()
    assert homes.sibling.level == OrgLevel.GRASSROOTS


def test_a_round_opened_and_closed_on_the_reviews_pages_is_kept_in_step(homes):
    assessment = homes.assessment()
    home_units_add(assessment=assessment, orgs=[homes.unit], actor=homes.admin)
    assert assessment.review_round is not None
    round_open(review_round=assessment.review_round, actor=homes.admin)
    assert home_assessment_open(assessment=assessment, actor=homes.admin).status == HomeAssessmentStatus.OPEN
    round_close(review_round=assessment.review_round, actor=homes.admin)
    assert (
        home_assessment_close(assessment=assessment, actor=homes.admin).status == HomeAssessmentStatus.CLOSED
    )


def test_a_model_home_nomination_copies_the_unions_latest_scores(homes):
    assessment = homes.opened()
    _self_check(homes, assessment, {**FULL, "会员评家": 13})  # 98
    _assess(homes, assessment, {**FULL, "会员评家": 10, "阵地建设": 6})  # 91
    home_assessment_close(assessment=assessment, actor=homes.admin)
    runner = make_cadre("city_homes_runner", homes.world.city)
    campaign = make_campaign(
        org=homes.world.city,
        actor=runner,
        title="2026年度模范职工之家评选",
        category=CampaignCategory.MODEL_HOME,
        nominee_kind=NomineeKind.ORG,
    )
    nomination = nomination_create(
        campaign=campaign, nominating_org=homes.county, nominee_org=homes.unit, actor=homes.admin
    )
    assert nomination.facts["建家考评得分"] == "2026年 自评 98.00，考评 91.00"
    sibling = nomination_create(
        campaign=campaign, nominating_org=homes.county, nominee_org=homes.sibling, actor=homes.admin
    )
    assert "建家考评得分" not in sibling.facts  # no sheet of its own: no score to copy
