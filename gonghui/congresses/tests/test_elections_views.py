"""换届 pages: the three actors on a record, the upper union's 批复 page (the union's own admin: 403), a read-only
cadre on a step page, the list and its export without N+1, the panel on the org page."""

import pytest
from django.urls import reverse

from conftest import make_cadre
from gonghui.accounts.roles import AUDITOR
from gonghui.congresses.choices import ElectionStatus

from .factories_elections import branch_union, election_at


@pytest.fixture
def election(world):
    """A 分工会 under org A whose 请示 awaits org A's 批复 (org A is the union above)."""
    branch = branch_union(parent=world.org_a, code="KEV1")
    runner = make_cadre("admin_branch", branch)
    return election_at(org=branch, runner=runner, approver=world.org_admin, step="requested")


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("upper union's admin reads it", "org_admin", 200),
        ("member", "org_member", 403),
        ("other county", "outsider", 404),
    ],
)
def test_detail_access(request, client, election, _case, actor, status):
    client.force_login(request.getfixturevalue(actor))
    response = client.get(reverse("congresses:election_detail", args=[election.public_id]))
    assert response.status_code == status
    if status == 200:
        assert "批复换届请示" in response.content.decode()


def test_approve_plan_page_is_the_upper_unions(client, world, election):
    url = reverse("congresses:election_approve_plan", args=[election.public_id])
    own_admin = election.org  # the 分工会's own admin may not approve its 请示
    client.force_login(make_cadre("admin_own", own_admin))
    assert client.get(url).status_code == 403
    client.force_login(make_cadre("auditor_a", world.org_a, role=AUDITOR))
    assert client.get(url).status_code == 403

    client.force_login(world.org_admin)
    assert client.post(url, {"approved_on": "", "reference": ""}).content.decode().count("请填写") == 2
    response = client.post(
        url, {"approved_on": f"{election.requested_on:%Y-%m-%d}", "reference": "甲工发〔2025〕3号"}
    )
    assert response.status_code == 302
    election.refresh_from_db()
    assert (election.status, election.plan_reference) == (ElectionStatus.PLAN_APPROVED, "甲工发〔2025〕3号")


def test_list_and_export_without_n_plus_one(client, world, django_assert_max_num_queries):
    for index in range(6):
        branch_union(parent=world.org_a, code=f"KLS{index}")
    client.force_login(world.org_admin)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("congresses:election_list"), {"state": "overdue"})
    assert response.content.decode().count("启动换届") == 6
    records = client.get(reverse("congresses:election_list"), {"tab": "records"})
    assert "还没有换届记录" in records.content.decode()
    export = client.get(reverse("congresses:election_export"))
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_a_read_only_cadre_sees_the_overdue_list_without_start_buttons(client, world):
    for index in range(2):
        branch_union(parent=world.org_a, code=f"KLA{index}")
    auditor = make_cadre("auditor_kla", world.org_a, role=AUDITOR)
    client.force_login(auditor)
    page = client.get(reverse("congresses:election_list"), {"state": "overdue"}).content.decode()
    assert "KLA0" in page or "已超期" in page
    assert reverse("congresses:election_start", args=["KLA0"]) not in page


def test_org_page_shows_the_election_panel(client, world, election):
    client.force_login(world.org_admin)
    response = client.get(reverse("orgs:org_detail", args=[election.org.code]))
    assert response.status_code == 200
    assert reverse("congresses:election_detail", args=[election.public_id]) in response.content.decode()
