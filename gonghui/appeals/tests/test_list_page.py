"""The case desk list as rendered: a case's title is a link to the case, as its number is."""

import re

import pytest
from django.urls import reverse

from gonghui.appeals.tests.factories import make_appeal

pytestmark = pytest.mark.django_db


def _links(html: str) -> dict[str, str]:
    """{link text: href} of the list's table."""
    table = html[html.index('id="appeal-table"') :]
    return {
        re.sub(r"<[^>]+>", "", text).strip(): href
        for href, text in re.findall(r'<a href="([^"]+)"[^>]*>(.*?)</a>', table)
    }


def test_the_title_links_to_the_case_for_its_union_only(client, world, handler_a, handler_b):
    case = make_appeal(world.member_a, title="拖欠课时费")
    detail = reverse("appeals:appeal_detail", args=[case.public_id])
    client.force_login(handler_a)
    links = _links(client.get(reverse("appeals:appeal_list")).content.decode())
    assert (links["拖欠课时费"], links[case.number]) == (detail, detail)
    client.force_login(handler_b)
    assert "拖欠课时费" not in client.get(reverse("appeals:appeal_list")).content.decode()
    client.force_login(world.org_member)
    assert client.get(reverse("appeals:appeal_list")).status_code == 403
