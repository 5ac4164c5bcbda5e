"""The 工作要点 item page gathers its per-item actions into one 操作 menu (a Bootstrap dropdown a keyboard opens):
the issuing union's officer finds every action there, a union below that reports finds 报告进展 and 进展看板 only,
and no action button is left outside the menu."""

import re

import pytest
from django.urls import reverse

from gonghui.workplans.models import PlanItem

pytestmark = pytest.mark.django_db

MANAGE_ACTIONS = ["修改", "分工", "新增具体工作", "拆分", "合并", "移动", "删除…"]


def _actions_block(page: str) -> tuple[str, str]:
    """(the 操作 menu's HTML, the page header's HTML outside it)."""
    menu = re.search(r'<div class="dropdown" data-item-menu>(.*?)</div>\s*</div>', page, re.DOTALL)
    assert menu is not None
    return menu.group(1), page.replace(menu.group(0), "")


def _labels(menu: str) -> list[str]:
    return [m.strip() for m in re.findall(r'class="dropdown-item[^"]*"[^>]*>([^<]+)</a>', menu)]


def _item(plan):
    return PlanItem.objects.filter(section__plan=plan).order_by("section__order", "order").first()


def test_the_issuing_officer_finds_every_action_in_the_menu(client, city_plan, city_officer):
    item = _item(city_plan)
    client.force_login(city_officer)
    page = client.get(reverse("workplans:item_detail", args=[item.pk])).content.decode()
    menu, rest = _actions_block(page)
    assert 'data-bs-toggle="dropdown"' in page
    assert re.search(
        r'<button class="btn btn-primary dropdown-toggle" type="button"[^>]*>操作</button>', page
    )
    assert _labels(menu)[-len(MANAGE_ACTIONS) :] == MANAGE_ACTIONS
    assert "进展看板" in _labels(menu)
    for name in ("item_edit", "item_assign", "activity_create", "item_split", "item_merge", "item_move"):
        url = reverse(f"workplans:{name}", args=[item.pk])
        assert url in menu
        assert url not in rest  # no second copy outside the menu
    assert reverse("workplans:item_delete", args=[item.pk]) in menu
    assert 'aria-labelledby="item-actions"' in menu or 'aria-labelledby="item-actions"' in page


def test_a_reporting_union_below_sees_only_its_own_actions(client, city_plan, county_x_officer):
    item = _item(city_plan)
    client.force_login(county_x_officer)
    page = client.get(reverse("workplans:item_detail", args=[item.pk])).content.decode()
    menu, _rest = _actions_block(page)
    assert _labels(menu) == ["报告进展", "进展看板"]
    assert reverse("workplans:item_edit", args=[item.pk]) not in page
    assert reverse("workplans:item_delete", args=[item.pk]) not in page
