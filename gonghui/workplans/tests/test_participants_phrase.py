"""分工 by a 主送-style phrase: recognised parts become targets (added to the explicit choices), an unrecognised
part is named on the field and nothing is saved, and the live preview lists the orgs the phrase reaches."""

import pytest
from django.urls import reverse

from gonghui.workplans.models import PlanActivity, PlanItem

pytestmark = pytest.mark.django_db


def _first_item(plan):
    return PlanItem.objects.filter(section__plan=plan).order_by("section__order", "order")[0]


def test_a_phrase_assigns_the_orgs_it_names(client, city_plan, city_officer, world):
    # given
    item = _first_item(city_plan)
    client.force_login(city_officer)
    # when
    response = client.post(
        reverse("workplans:item_assign", args=[item.pk]),
        {"phrase": "各县（市）区教科文卫体工会，乙县人民医院工会", "due_month": "9"},
    )
    # then
    assert response.status_code == 302
    item.refresh_from_db()
    assert {o.code for o in item.participants.all()} == {"CX", "CY", "ORGB"}
    assert item.participant_targets == [
        {"kind": "level", "org": world.city.pk, "level": "county"},
        {"kind": "org", "org": world.org_b.pk, "level": ""},
    ]
    # and the reopened form shows them as explicit choices
    page = client.get(reverse("workplans:item_assign", args=[item.pk]))
    assert page.context["form"].initial["levels"] == ["county"]
    assert page.context["form"].initial["single_orgs"] == [world.org_b.pk]


def test_a_phrase_adds_up_with_the_explicit_choices_without_duplicates(
    client, city_plan, city_officer, world
):
    # given
    activity = PlanActivity.objects.filter(item__section__plan=city_plan).order_by("pk")[0]
    client.force_login(city_officer)
    # when the phrase and the list both name org B
    response = client.post(
        reverse("workplans:activity_assign", args=[activity.pk]),
        {"phrase": "乙县人民医院工会", "single_orgs": [world.org_b.pk], "subtree_orgs": [world.county_x.pk]},
    )
    # then
    assert response.status_code == 302
    activity.refresh_from_db()
    assert [t["kind"] for t in activity.participant_targets] == ["org", "subtree"]
    assert {o.code for o in activity.participants.all()} == {"ORGB", "CX", "ORGA"}


def test_an_unrecognised_part_is_named_and_nothing_is_saved(client, city_plan, city_officer, world):
    # given
    item = _first_item(city_plan)
    client.force_login(city_officer)
    # when
    response = client.post(
        reverse("workplans:item_assign", args=[item.pk]),
        {"phrase": "甲县教育工会、火星工会", "due_month": "5"},
    )
    # then
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["phrase"]
    assert "火星工会" in errors["phrase"][0]
    assert "甲县教育工会" not in errors["phrase"][0]
    assert "火星工会" in response.content.decode()
    item.refresh_from_db()
    assert (item.participant_targets, item.due_month) == ([], None)


def test_the_form_carries_the_live_preview(client, city_plan, city_officer):
    item = _first_item(city_plan)
    client.force_login(city_officer)
    page = client.get(reverse("workplans:item_assign", args=[item.pk])).content.decode()
    preview = reverse("workplans:participants_preview", args=[city_plan.public_id])
    assert f'hx-get="{preview}"' in page
    assert 'id="phrase-preview"' in page


def test_preview_lists_the_orgs_reached_or_names_the_unknown_part(client, city_plan, city_officer):
    client.force_login(city_officer)
    url = reverse("workplans:participants_preview", args=[city_plan.public_id])
    # recognised
    page = client.get(url, {"phrase": "各县（市）区教科文卫体工会"}).content.decode()
    assert "将通知 2 个单位" in page
    assert "甲县教育工会" in page
    assert "乙县教育工会" in page
    # unrecognised
    page = client.get(url, {"phrase": "乙县教育工会、火星工会"}).content.decode()
    assert "无法识别" in page
    assert "火星工会" in page
    # empty
    assert client.get(url, {"phrase": ""}).content.decode().strip() == ""


@pytest.mark.parametrize(("actor", "status"), [("org_admin", 200), ("org_member", 403), ("outsider", 404)])
def test_preview_is_for_the_plans_managers_only(client, plan_a, officers, actor, status):
    client.force_login(getattr(officers, actor))
    url = reverse("workplans:participants_preview", args=[plan_a.public_id])
    response = client.get(url, {"phrase": "火星工会"})
    assert response.status_code == status
    assert ("无法识别的收文单位：火星工会" in response.content.decode()) is (status == 200)
