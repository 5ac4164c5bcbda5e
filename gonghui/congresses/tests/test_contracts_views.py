"""集体合同 pages: the three actors on a step page (POST), the list (民办 first, bounded queries) and the board."""

import datetime as dt

import pytest
from django.urls import reverse

from conftest import make_cadre
from gonghui.congresses.choices import ContractStatus
from gonghui.congresses.models import CollectiveContract
from gonghui.orgs.tests.factories import OrgFactory

from .factories_contracts import draft, signed


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("outsider sees nothing", "outsider", 404),
        ("plain member has no console", "org_member", 403),
        ("org admin records the filing", "org_admin", 302),
    ],
)
def test_file_page_for_the_three_actors(client, world, _case, actor, status):
    # given
    contract = signed(org=world.org_a, actor=world.org_admin, signed_on=dt.date(2025, 9, 26))
    client.force_login(getattr(world, actor))
    # when
    response = client.post(
        reverse("congresses:contract_file", args=[contract.public_id]),
        {"filed_on": "2025-09-30", "filed_with": "甲县人社局"},
    )
    # then
    assert response.status_code == status
    contract.refresh_from_db()
    assert (contract.status == ContractStatus.FILED) is (status == 302)
    if status == 302:
        assert contract.objection_ends_on == dt.date(2025, 10, 15)


def test_list_puts_private_units_first_with_bounded_queries(client, world, django_assert_max_num_queries):
    private = OrgFactory.create(parent=world.county_x, name="甲县民办实验学校工会", is_private=True)
    private.refresh_from_db()
    for n in range(3):
        draft(org=world.org_a, actor=world.org_admin, title=f"公办合同{n}")
    CollectiveContract.objects.create(
        org=private, kind="women", title="民办女职工专项合同", created_by=world.org_admin
    )
    client.force_login(make_cadre("county_contracts", world.county_x))

    with django_assert_max_num_queries(12):
        page = client.get(reverse("congresses:contract_list")).content.decode()

    assert page.index("民办女职工专项合同") < page.index("公办合同0")
    assert (
        "民办女职工专项合同"
        not in client.get(reverse("congresses:contract_list") + "?q=公办").content.decode()
    )


def test_coverage_board_and_detail_render(client, world):
    contract = signed(org=world.org_a, actor=world.org_admin, signed_on=dt.date(2025, 9, 26))
    client.force_login(world.org_admin)

    detail = client.get(reverse("congresses:contract_detail", args=[contract.public_id])).content.decode()
    board = client.get(reverse("congresses:contract_coverage")).content.decode()

    assert "2025年10月9日" in detail
    assert "基层工会 1 个，已建制（合同已生效）0 个" in board
