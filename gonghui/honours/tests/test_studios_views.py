"""创新工作室 pages with three actors (org A's admin, org A's plain member, org B's admin) and the city admin who
named the studio: the board, export, application, detail, edit, outputs, tranche, assessment, conclusion, 摘牌."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from gonghui.honours.choices import AssessmentKind, StudioStatus, TrancheKind
from gonghui.honours.models import InnovationStudio, StudioAssessment, StudioOutput, StudioTranche
from gonghui.honours.services.studios import assessment_create
from gonghui.ledger.tests.factories import make_line

from .test_studios_services import apply, named_studio, studio_campaign

pytestmark = pytest.mark.django_db


@pytest.fixture
def studio(world):
    return named_studio(world)


def _get(client, user, url):
    client.force_login(user)
    return client.get(url)


def test_board_three_actors(client, world, studio):
    url = reverse("honours:studio_board")
    page = _get(client, world.org_admin, url)
    assert page.status_code == 200
    text = page.content.decode()
    assert studio.name in text
    assert studio.number in text
    assert "申报工作室" in text
    assert _get(client, world.org_member, url).status_code == 403
    other = _get(client, world.outsider, url)
    assert other.status_code == 200
    assert studio.name not in other.content.decode()
    assert "还没有创新工作室" in other.content.decode()


def test_board_filters_and_export(client, world, studio):
    client.force_login(world.org_admin)
    url = reverse("honours:studio_board")
    assert studio.name in client.get(url, {"status": StudioStatus.NAMED}).content.decode()
    assert "没有符合条件的工作室" in client.get(url, {"status": StudioStatus.DELISTED}).content.decode()
    assert "没有符合条件的工作室" in client.get(url, {"q": "不存在的名字"}).content.decode()
    export = client.post(reverse("honours:studio_export"), {"status": StudioStatus.NAMED})
    assert export.status_code == 200
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client.get(reverse("honours:studio_export")).status_code == 405
    client.force_login(world.org_member)
    assert client.post(reverse("honours:studio_export")).status_code == 403


def test_detail_three_actors(client, world, studio):
    url = reverse("honours:studio_detail", args=[studio.pk])
    page = _get(client, world.org_admin, url)
    assert page.status_code == 200
    text = page.content.decode()
    assert studio.number in text
    assert "报送年度成果" in text
    assert reverse("honours:tranche_pay", args=[studio.pk]) not in text  # org A does not pay itself
    assert _get(client, world.org_member, url).status_code == 403
    assert _get(client, world.outsider, url).status_code == 404
    city = _get(client, world.extra["city_admin"], url).content.decode()
    assert reverse("honours:tranche_pay", args=[studio.pk]) in city
    assert reverse("honours:assessment_create", args=[studio.pk]) in city


def test_apply_page(client, world):
    campaign = studio_campaign(world)
    from .factories import make_worker

    leader = make_worker(org=world.org_a, actor=world.org_admin)
    url = reverse("honours:studio_apply")
    assert _get(client, world.org_member, url).status_code == 403
    page = _get(client, world.org_admin, url)
    assert page.status_code == 200
    assert leader.name in page.content.decode()
    response = client.post(
        url,
        {
            "org": world.org_a.pk,
            "campaign": campaign.pk,
            "leader": leader.pk,
            "name": "甲校数学创新工作室",
            "field": "数学",
            "site": "实验楼",
            "team": "李老师 骨干\n王老师，成员",
            "plan": "建设方案",
            "goals": "",
        },
    )
    assert response.status_code == 302
    studio = InnovationStudio.objects.get(name="甲校数学创新工作室")
    assert studio.team == [{"name": "李老师", "role": "骨干"}, {"name": "王老师", "role": "成员"}]
    # org B's admin cannot pick org A's leader
    outsider_page = _get(client, world.outsider, url)
    assert outsider_page.status_code == 200
    assert leader.name not in outsider_page.content.decode()


def test_edit_and_output_pages(client, world, studio):
    edit = reverse("honours:studio_edit", args=[studio.pk])
    output = reverse("honours:output_add", args=[studio.pk])
    for url in (edit, output):
        assert _get(client, world.org_admin, url).status_code == 200
        assert _get(client, world.org_member, url).status_code == 403
        assert _get(client, world.outsider, url).status_code == 404
    client.force_login(world.org_admin)
    year = timezone.localdate().year
    response = client.post(
        output,
        {
            "year": year,
            "projects": 2,
            "patents": 1,
            "papers": 0,
            "benefit_yuan": "5000",
            "apprentices": 4,
            "summary": "两项创新",
        },
    )
    assert response.status_code == 302
    assert StudioOutput.objects.get(studio=studio, year=year).projects == 2


def test_tranche_page_pays_once(client, world, studio):
    url = reverse("honours:tranche_pay", args=[studio.pk])
    assert _get(client, world.org_admin, url).status_code == 403
    assert _get(client, world.org_member, url).status_code == 403
    assert _get(client, world.outsider, url).status_code == 404
    line = make_line(world.city, amount="100000", purpose="创新工作室经费")
    client.force_login(world.extra["city_admin"])
    assert client.get(url).status_code == 200
    data = {"kind": TrancheKind.NEW, "year": 2026, "amount": "", "budget_line": line.pk}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    assert StudioTranche.objects.get(studio=studio).amount == Decimal("50000")
    page = client.get(reverse("honours:studio_detail", args=[studio.pk])).content.decode()
    assert "50000" in page


def test_assessment_pages_through_delisting(client, world, studio):
    create = reverse("honours:assessment_create", args=[studio.pk])
    assert _get(client, world.org_admin, create).status_code == 403
    assert _get(client, world.outsider, create).status_code == 404
    city_admin = world.extra["city_admin"]
    client.force_login(city_admin)
    assert (
        client.post(create, {"year": 2026, "kind": AssessmentKind.ANNUAL, "template": ""}).status_code == 302
    )
    assessment = StudioAssessment.objects.get(studio=studio)
    detail = reverse("honours:assessment_detail", args=[assessment.pk])
    decide = reverse("honours:assessment_decide", args=[assessment.pk])
    assert _get(client, world.org_admin, detail).status_code == 200
    assert _get(client, world.org_member, detail).status_code == 403
    assert _get(client, world.outsider, detail).status_code == 404
    assert _get(client, world.org_admin, decide).status_code == 403
    assert _get(client, world.outsider, decide).status_code == 404
    client.force_login(city_admin)
    rectify_by = timezone.localdate() + dt.timedelta(days=30)
    response = client.post(
        decide,
        {"result": "rectify", "comments": "无成果", "rectify_by": rectify_by.isoformat(), "reason": ""},
    )
    assert response.status_code == 302
    studio.refresh_from_db()
    assert studio.status == StudioStatus.RECTIFYING
    InnovationStudio.objects.filter(pk=studio.pk).update(
        rectify_by=timezone.localdate() - dt.timedelta(days=1)
    )
    delist = reverse("honours:studio_delist", args=[studio.pk])
    assert _get(client, world.org_admin, delist).status_code == 403
    assert _get(client, world.outsider, delist).status_code == 404
    client.force_login(city_admin)
    assert "应予摘牌" in client.get(reverse("honours:studio_detail", args=[studio.pk])).content.decode()
    page = client.post(delist, {"reason": ""})
    assert page.status_code == 200
    assert "请填写摘牌原因" in page.content.decode()
    assert client.post(delist, {"reason": "整改期满仍无创新成果"}).status_code == 302
    studio.refresh_from_db()
    assert studio.status == StudioStatus.DELISTED
    board = client.get(reverse("honours:studio_board"), {"status": StudioStatus.DELISTED}).content.decode()
    assert studio.name in board


def test_a_second_assessment_of_the_same_year_is_refused_on_the_form(client, world, studio):
    city_admin = world.extra["city_admin"]
    assessment_create(studio=studio, year=2026, kind=AssessmentKind.ANNUAL, template=None, actor=city_admin)
    client.force_login(city_admin)
    page = client.post(
        reverse("honours:assessment_create", args=[studio.pk]),
        {"year": 2026, "kind": AssessmentKind.ANNUAL, "template": ""},
    )
    assert page.status_code == 200
    assert "已经建立" in page.content.decode()


def test_applied_studio_shows_no_money_actions(client, world):
    studio = apply(world, studio_campaign(world))
    client.force_login(world.extra["city_admin"])
    text = client.get(reverse("honours:studio_detail", args=[studio.pk])).content.decode()
    assert "申报中" in text
    assert reverse("honours:tranche_pay", args=[studio.pk]) not in text
