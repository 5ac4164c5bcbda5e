"""Changing a round's setup while it is a draft: 移除 an entry or a judge, 修改 a template no started round uses
(three actors: org A's admin, org A's plain member, org B's admin; audited), and the pages' buttons (asked first)."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from conftest import World, make_cadre
from gonghui.accounts.roles import JUDGE
from gonghui.core.choices import AuditAction
from gonghui.core.models import AuditLog
from gonghui.reviews.aggregation import TieRule
from gonghui.reviews.choices import TieRuleKind
from gonghui.reviews.models import Criterion, Judge, ReviewEntry, ReviewRound
from gonghui.reviews.services import (
    CriterionInput,
    entry_remove,
    judge_remove,
    round_open,
    round_rules_set,
    template_update,
)

from .factories import make_entry, make_judge, make_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(world: World) -> tuple[ReviewRound, ReviewEntry, Judge]:
    """A draft round of org A with one entry of county X and one judge (评委 on org A)."""
    review_round = make_round(org=world.org_a, actor=world.org_admin)
    entry = make_entry(
        review_round=review_round, entrant_org=world.county_x, actor=world.org_admin, title="甲县成果"
    )
    judge = make_judge(
        review_round=review_round, user=make_cadre("judge_1", world.org_a, role=JUDGE), actor=world.org_admin
    )
    return review_round, entry, judge


NEW_CRITERIA = [
    CriterionInput("创新性", Decimal(50)),
    CriterionInput("推广价值", Decimal(50), comment_required=True),
]


# ---- services --------------------------------------------------------------------------------------------


def test_the_organiser_removes_an_entry_and_a_judge_of_a_draft_round_audited(world: World, draft) -> None:
    # given
    review_round, entry, judge = draft

    # when
    entry_remove(entry=entry, actor=world.org_admin)
    judge_remove(judge=judge, actor=world.org_admin)

    # then
    assert not ReviewEntry.objects.filter(pk=entry.pk).exists()
    assert not Judge.objects.filter(pk=judge.pk).exists()
    summaries = list(
        AuditLog.objects.filter(action=AuditAction.ADMIN_EDIT, object_id=str(review_round.pk)).values_list(
            "summary", flat=True
        )
    )
    assert any("移除参评对象" in s and "甲县成果" in s for s in summaries)
    assert any("移除评委" in s for s in summaries)


@pytest.mark.parametrize("who", ["org_member", "outsider"])
def test_a_plain_member_and_another_unions_admin_remove_nothing(world: World, draft, who: str) -> None:
    # given
    _round, entry, judge = draft
    actor = getattr(world, who)

    # when / then
    with pytest.raises(PermissionDenied):
        entry_remove(entry=entry, actor=actor)
    with pytest.raises(PermissionDenied):
        judge_remove(judge=judge, actor=actor)
    assert ReviewEntry.objects.filter(pk=entry.pk).exists()
    assert Judge.objects.filter(pk=judge.pk).exists()


def test_nothing_is_removed_once_the_round_has_started(world: World, draft) -> None:
    # given
    review_round, entry, judge = draft
    round_open(review_round=review_round, actor=world.org_admin)

    # when / then
    with pytest.raises(ValidationError, match="评审已开始"):
        entry_remove(entry=entry, actor=world.org_admin)
    with pytest.raises(ValidationError, match="评审已开始"):
        judge_remove(judge=judge, actor=world.org_admin)
    assert ReviewEntry.objects.filter(pk=entry.pk).exists()
    assert Judge.objects.filter(pk=judge.pk).exists()


def test_a_template_of_draft_rounds_only_is_changed_and_stale_tie_rules_dropped(world: World, draft) -> None:
    # given a draft round breaking ties by 实效性, which the new criteria no longer have
    review_round, _entry, _judge = draft
    template = review_round.template
    round_rules_set(
        review_round=review_round,
        actor=world.org_admin,
        tie_rules=[TieRule(TieRuleKind.CRITERION, "实效性"), TieRule(TieRuleKind.CRITERION, "创新性")],
        outlier_share="0.15",
        group_weights={},
        gap_share="0.15",
    )

    # when
    template_update(template=template, actor=world.org_admin, name=" 新评分表 ", criteria=NEW_CRITERIA)

    # then
    template.refresh_from_db()
    review_round.refresh_from_db()
    assert template.name == "新评分表"
    assert [
        (c.name, c.max_points, c.comment_required) for c in Criterion.objects.filter(template=template)
    ] == [
        ("创新性", Decimal(50), False),
        ("推广价值", Decimal(50), True),
    ]
    assert review_round.tie_rules == [{"kind": "criterion", "criterion": "创新性"}]
    assert AuditLog.objects.filter(
        action=AuditAction.ADMIN_EDIT, object_id=str(template.pk), summary__contains="修改评分表模板"
    ).exists()


@pytest.mark.parametrize("who", ["org_member", "outsider"])
def test_a_plain_member_and_another_unions_admin_change_no_template(world: World, draft, who: str) -> None:
    # given
    template = draft[0].template

    # when / then
    with pytest.raises(PermissionDenied):
        template_update(template=template, actor=getattr(world, who), name="改", criteria=NEW_CRITERIA)
    assert Criterion.objects.filter(template=template, name="推广价值").count() == 0


def test_a_template_is_not_changed_once_a_round_using_it_has_started(world: World, draft) -> None:
    # given
    review_round, _entry, _judge = draft
    round_open(review_round=review_round, actor=world.org_admin)

    # when / then
    with pytest.raises(ValidationError, match="复制为新模板"):
        template_update(
            template=review_round.template, actor=world.org_admin, name="改", criteria=NEW_CRITERIA
        )


def test_template_update_names_the_criterion_in_error(world: World, draft) -> None:
    with pytest.raises(ValidationError, match="推广价值"):
        template_update(
            template=draft[0].template,
            actor=world.org_admin,
            name="改",
            criteria=[CriterionInput("推广价值", Decimal(0))],
        )


# ---- pages -----------------------------------------------------------------------------------------------


def test_the_round_page_offers_移除_with_confirmation_while_a_draft(client, world: World, draft) -> None:
    # given
    review_round, entry, judge = draft
    client.force_login(world.org_admin)

    # when
    html = client.get(reverse("reviews:round_detail", args=[review_round.pk])).content.decode()

    # then
    entry_url = reverse("reviews:entry_remove", args=[review_round.pk, entry.pk])
    judge_url = reverse("reviews:judge_remove", args=[review_round.pk, judge.pk])
    assert f'action="{entry_url}" data-confirm=' in html
    assert f'action="{judge_url}" data-confirm=' in html


def test_移除_buttons_remove_for_the_organiser_and_403_for_the_others(client, world: World, draft) -> None:
    # given
    review_round, entry, judge = draft
    entry_url = reverse("reviews:entry_remove", args=[review_round.pk, entry.pk])
    judge_url = reverse("reviews:judge_remove", args=[review_round.pk, judge.pk])

    # when / then: org A's plain member 403, org B's admin 404
    client.force_login(world.org_member)
    assert client.post(entry_url).status_code == 403
    client.force_login(world.outsider)
    assert client.post(judge_url).status_code == 404
    client.force_login(world.org_admin)
    assert client.post(entry_url).status_code == 302
    assert client.post(judge_url).status_code == 302
    assert not review_round.entries.exists()
    assert not review_round.judges.exists()


def test_the_template_edit_page_saves_and_is_gone_once_a_round_started(client, world: World, draft) -> None:
    # given
    review_round, _entry, _judge = draft
    template = review_round.template
    url = reverse("reviews:template_edit", args=[template.pk])
    client.force_login(world.org_admin)
    assert "修改模板" in client.get(reverse("reviews:template_detail", args=[template.pk])).content.decode()
    data = {
        "name": "新名称",
        "criteria-TOTAL_FORMS": "2",
        "criteria-INITIAL_FORMS": "0",
        "criteria-0-name": "创新性",
        "criteria-0-max_points": "60",
        "criteria-0-weight": "1",
        "criteria-1-name": "推广价值",
        "criteria-1-max_points": "40",
        "criteria-1-weight": "1",
    }

    # when
    response = client.post(url, data)

    # then
    assert response.status_code == 302
    assert list(Criterion.objects.filter(template=template).values_list("name", flat=True)) == [
        "创新性",
        "推广价值",
    ]

    # and once the round started the page sends back to the template with 复制为新模板
    round_open(review_round=review_round, actor=world.org_admin)
    assert client.get(url).status_code == 302
    detail = client.get(reverse("reviews:template_detail", args=[template.pk])).content.decode()
    assert "修改模板" not in detail
    assert "复制为新模板" in detail


@pytest.mark.parametrize(("who", "status"), [("org_member", 403), ("outsider", 404)])
def test_the_template_edit_page_refuses_the_others(
    client, world: World, draft, who: str, status: int
) -> None:
    client.force_login(getattr(world, who))
    assert client.get(reverse("reviews:template_edit", args=[draft[0].template.pk])).status_code == status
