"""A NUL character in a page's query string is a 400 with the Chinese error page, never a 500 (PostgreSQL
refuses NUL in text; this runs in CI's PostgreSQL pass too)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url_name", ["orgs:org_tree", "members:member_list", "appeals:appeal_list"])
def test_a_nul_in_a_list_filter_answers_400_with_the_chinese_page(client, world, url_name):
    # given the union admin on a list page
    client.force_login(world.org_admin)
    # when a filter carries a NUL character
    response = client.get(reverse(url_name), {"q": "甲\x00"})
    # then the request is refused before any query runs
    assert response.status_code == 400
    assert "请求有误" in response.content.decode()


def test_a_nul_in_a_parameter_name_is_refused_too(client, world):
    client.force_login(world.org_admin)
    assert client.get(reverse("orgs:org_tree") + "?%00=1").status_code == 400


def test_ordinary_filters_pass(client, world):
    client.force_login(world.org_admin)
    assert client.get(reverse("orgs:org_tree"), {"q": "甲"}).status_code == 200


def test_the_api_keeps_its_own_422_naming_the_field(client, world):
    client.force_login(world.org_admin)
    response = client.get("/api/v1/orgs/", {"q": "\x00"})
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/problem+json")
