"""Issue 27: each named console page makes the same number of queries whatever the size of the data — 3 members per
grassroots union and two unions per county, then 30 members per union, five unions per county and ten times the
appeals, legal cases and 公文. A page whose count grows with the rows (a query per row, per union, per case) fails
here before it shows in `bench/page_latency.py`.

The world is built once for the module, in a transaction rolled back after its last test; the counts of both sizes
are read by a union admin of the city through the test client, after one warming request per page (what a page
caches per session is not what grows with the data)."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import World, build_world, load_reference_data, make_cadre, make_member_user
from gonghui.appeals.tests.factories import make_appeal
from gonghui.documents.tests.factories import make_draft, make_issued
from gonghui.legal.tests.factories import make_application, make_consultation
from gonghui.members.models import Member
from gonghui.members.tests.factories import MemberFactory
from gonghui.orgs.models import Org
from gonghui.orgs.tests.factories import OrgFactory

PAGES = (
    "member_list",
    "member_search_name",
    "member_search_pinyin",
    "member_filter",
    "member_detail",
    "dashboard",
    "document_list",
    "appeal_desk",
    "appeal_stats",
    "legal_stats",
)


@dataclass
class Grower:
    """Adds unions, members and cases to the shared world, numbering what it makes so nothing repeats."""

    world: World
    admin: Any
    unions: list[Org] = field(default_factory=list)
    made: int = 0

    def grow(self, *, unions_per_county: int, members_per_union: int, cases: int) -> None:
        for county in (self.world.county_x, self.world.county_y):
            have = sum(1 for u in self.unions if u.path.startswith(county.path))
            for _ in range(unions_per_county - have):
                self.made += 1
                self.unions.append(
                    OrgFactory.create(parent=county, code=f"QC{self.made:03d}", name=f"计数{self.made}工会")
                )
                county.refresh_from_db()
        for union in self.unions:
            have = Member.objects.filter(org=union).count()
            MemberFactory.create_batch(members_per_union - have, org=union, name="甲会员")
        for n in range(cases):
            self.made += 1
            union = self.unions[n % len(self.unions)]
            _user, member = make_member_user(f"1360000{self.made:04d}", union, name=f"诉求人{self.made}")
            make_appeal(
                member, title=f"诉求{self.made}", description=f"第{self.made}件诉求的内容，拖欠课时费。"
            )
            make_consultation(union)
            make_application(union)
            if n % 3 == 0:
                make_issued(self.world.city, self.admin, main_to="甲县教育工会、乙县教育工会")
            else:
                make_draft(self.world.city, self.admin, main_to="甲县教育工会")


def _urls(world: World) -> dict[str, str]:
    members = reverse("members:member_list")
    member = Member.objects.get(pk=world.member_a.pk)
    return {
        "member_list": members,
        "member_search_name": f"{members}?{urlencode({'q': '甲会'})}",
        "member_search_pinyin": f"{members}?{urlencode({'q': (member.name_pinyin or 'jia')[:4]})}",
        "member_filter": f"{members}?{urlencode({'status': 'active', 'gender': 'M'})}",
        "member_detail": reverse("members:member_detail", args=[member.public_id]),
        "dashboard": reverse("dashboards:dashboard_org", args=[world.city.code]),
        "document_list": reverse("documents:document_list"),
        "appeal_desk": reverse("appeals:appeal_list"),
        "appeal_stats": reverse("appeals:appeal_stats"),
        "legal_stats": reverse("legal:statistics"),
    }


def _counts(client: Client, urls: dict[str, str]) -> dict[str, int]:
    counts = {}
    for name, url in urls.items():
        assert client.get(url).status_code == 200, name
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, name
        counts[name] = len(ctx.captured_queries)
    return counts


@pytest.fixture(scope="module")
def counts(django_db_setup: None, django_db_blocker: Any) -> Iterator[tuple[dict[str, int], dict[str, int]]]:
    with django_db_blocker.unblock(), transaction.atomic():
        load_reference_data()
        world = build_world()
        admin = make_cadre("count_city_admin", world.city)
        grower = Grower(world=world, admin=admin)
        client = Client()
        client.force_login(admin)
        grower.grow(unions_per_county=2, members_per_union=3, cases=2)
        small = _counts(client, _urls(world))
        grower.grow(unions_per_county=5, members_per_union=30, cases=20)
        assert Member.objects.filter(org__in=grower.unions).count() >= 10 * 30
        large = _counts(client, _urls(world))
        yield small, large
        transaction.set_rollback(True)


@pytest.mark.parametrize("page", PAGES)
def test_the_page_makes_the_same_queries_at_both_sizes(
    counts: tuple[dict[str, int], dict[str, int]], db: None, page: str
):
    small, large = counts
    assert large[page] == small[page], (
        f"{page}: {small[page]} queries with little data, {large[page]} with more"
    )
