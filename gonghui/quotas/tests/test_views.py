"""The 名额分配 pages: three actors on every page (org A's admin reaches it, org A's plain member gets 403, org B's
admin gets 404 on org A's objects), the list (held and received, search, filters, pagination, empty states), the
set form's errors naming the field, allocating by hand (an over-allocation is refused on the union's row) and by
weight (a preview first, nothing written until confirmed), re-allocation by the receiving union, and the export."""

import pytest
from django.urls import reverse

from conftest import make_cadre
from gonghui.core.choices import AuditAction
from gonghui.core.excel import read_rows
from gonghui.core.models import AuditLog
from gonghui.orgs.tests.factories import OrgFactory
from gonghui.quotas.choices import QuotaSource
from gonghui.quotas.models import QuotaAllocation, QuotaSet
from gonghui.quotas.services import quota_allocate, quota_use
from gonghui.quotas.sources import IncomingDocumentSource, incoming_document_sources

from .factories import make_set

pytestmark = pytest.mark.django_db

TITLE = "甲单位先进个人推荐名额"


@pytest.fixture
def tree(world):
    """Org A's two 分会 (30 and 10 职工) and a set of 10 places held by org A."""
    first = OrgFactory.create(
        parent=world.org_a, name="语文组分会", unit_name="甲县第一中学", headcount_established=30
    )
    second = OrgFactory.create(
        parent=world.org_a, name="数学组分会", unit_name="甲县第一中学", headcount_established=10
    )
    quota_set = make_set(org=world.org_a, actor=world.org_admin, total=10, title=TITLE)
    world.extra = {"first": first, "second": second, "set": quota_set}
    return world


def _set_urls(quota_set):
    return [
        reverse(name, args=[quota_set.public_id])
        for name in (
            "quotas:set_detail",
            "quotas:set_edit",
            "quotas:set_allocate",
            "quotas:set_allocate_weight",
        )
    ]


def _allocation_urls(allocation):
    return [
        reverse(name, args=[allocation.pk])
        for name in (
            "quotas:allocation_detail",
            "quotas:allocation_allocate",
            "quotas:allocation_allocate_weight",
        )
    ]


@pytest.fixture
def allocated(tree):
    (allocation,) = quota_allocate(
        quota_set=tree.extra["set"], shares={tree.extra["first"].pk: 4}, actor=tree.org_admin
    )
    tree.extra["allocation"] = allocation
    return tree


# ---- three actors ---------------------------------------------------------------------------------------------


def test_every_page_of_a_set_and_its_allocation_is_org_a_admins_alone(client, allocated):
    w = allocated
    urls = _set_urls(w.extra["set"]) + _allocation_urls(w.extra["allocation"])
    client.force_login(w.org_admin)
    for url in urls:
        assert client.get(url).status_code == 200, url
    client.force_login(w.org_member)
    for url in urls:
        assert client.get(url).status_code == 403, url
        assert client.post(url).status_code == 403, url
    client.force_login(w.outsider)
    for url in urls:
        assert client.get(url).status_code == 404, url
        assert client.post(url).status_code == 404, url


def test_exports_answer_org_a_admin_only(client, allocated):
    w = allocated
    urls = [
        reverse("quotas:set_export", args=[w.extra["set"].public_id]),
        reverse("quotas:allocation_export", args=[w.extra["allocation"].pk]),
    ]
    for user, status in ((w.org_admin, 200), (w.org_member, 403), (w.outsider, 404)):
        client.force_login(user)
        for url in urls:
            assert client.post(url).status_code == status, (user, url)
            assert client.get(url).status_code in {405, 403, 404}


def test_list_and_create_pages_three_actors(client, tree):
    client.force_login(tree.org_admin)
    assert TITLE in client.get(reverse("quotas:list")).content.decode()
    assert client.get(reverse("quotas:set_create")).status_code == 200
    client.force_login(tree.org_member)
    assert client.get(reverse("quotas:list")).status_code == 403
    assert client.get(reverse("quotas:set_create")).status_code == 403
    assert client.post(reverse("quotas:set_create"), {"title": "x", "total": 1}).status_code == 403
    client.force_login(tree.outsider)
    page = client.get(reverse("quotas:list"))
    assert page.status_code == 200
    assert TITLE not in page.content.decode()
    # org B's admin cannot make a set held by org A
    response = client.post(
        reverse("quotas:set_create"),
        {"org": tree.org_a.pk, "title": "越权名额", "total": 3, "source": "local"},
    )
    assert response.status_code == 200
    assert "请选择您能管理的工会" in response.content.decode()
    assert not QuotaSet.objects.filter(title="越权名额").exists()


def test_the_menu_shows_quota_allocation_to_cadres_with_the_action(client, world):
    client.force_login(world.org_admin)
    body = client.get(reverse("quotas:list")).content.decode()
    assert "名额分配" in body
    assert reverse("quotas:list") in body


# ---- the list -------------------------------------------------------------------------------------------------


def test_the_list_shows_total_allocated_used_and_remaining(client, allocated):
    w = allocated
    quota_use(allocation=w.extra["allocation"], owner=w.member_a, actor=w.org_admin)
    client.force_login(w.org_admin)
    page = client.get(reverse("quotas:list"))
    row = next(r for r in page.context["page"] if r.pk == w.extra["set"].pk)
    assert (row.total, row.allocated_count, row.used_count, row.remaining_count) == (10, 4, 1, 9)


def test_search_source_and_year_filters_and_empty_states(client, tree):
    make_set(
        org=tree.org_a,
        actor=tree.org_admin,
        title="疗休养名额",
        total=3,
        source=QuotaSource.ISSUED,
        issuer="县总工会",
    )
    client.force_login(tree.org_admin)
    url = reverse("quotas:list")
    assert [s.title for s in client.get(url, {"q": "疗休养"}).context["page"]] == ["疗休养名额"]
    assert [s.title for s in client.get(url, {"q": "县总"}).context["page"]] == ["疗休养名额"]
    assert [s.title for s in client.get(url, {"source": "local"}).context["page"]] == [TITLE]
    year = tree.extra["set"].created_at.year
    assert len(client.get(url, {"year": year}).context["page"]) == 2
    assert "没有符合条件的名额" in client.get(url, {"q": "没有这个"}).content.decode()
    client.force_login(make_cadre("admin_new", OrgFactory.create(parent=tree.county_y, name="新工会")))
    assert "还没有名额" in client.get(url).content.decode()
    assert "上级工会还没有给本单位分配名额" in client.get(url, {"tab": "received"}).content.decode()


def test_the_list_is_paginated(client, world):
    for number in range(27):
        make_set(org=world.org_a, actor=world.org_admin, title=f"名额{number:02d}", total=1)
    client.force_login(world.org_admin)
    first = client.get(reverse("quotas:list"))
    second = client.get(reverse("quotas:list"), {"page": 2})
    assert len(first.context["page"]) + len(second.context["page"]) == 27
    assert second.context["page"].number == 2


def test_received_lists_the_highest_allocation_handed_into_the_users_unions(client, world):
    city_admin = make_cadre("admin_city", world.city)
    county_admin = make_cadre("admin_cx", world.county_x)
    quota_set = make_set(org=world.city, actor=city_admin, title="市级劳模推荐名额", total=6)
    (county,) = quota_allocate(quota_set=quota_set, shares={world.county_x.pk: 4}, actor=city_admin)
    (school,) = quota_allocate(
        quota_set=quota_set, parent=county, shares={world.org_a.pk: 2}, actor=county_admin
    )
    client.force_login(county_admin)
    received = list(client.get(reverse("quotas:list"), {"tab": "received"}).context["page"])
    assert [a.pk for a in received] == [county.pk]
    assert (received[0].allocated, received[0].sub_allocated_count, received[0].remaining_count) == (4, 2, 2)
    client.force_login(world.org_admin)
    received = list(client.get(reverse("quotas:list"), {"tab": "received"}).context["page"])
    assert [a.pk for a in received] == [school.pk]
    assert client.get(reverse("quotas:list")).context["held_count"] == 0
    # the city's own set is held, not received
    client.force_login(city_admin)
    assert client.get(reverse("quotas:list"), {"tab": "received"}).context["received_count"] == 0


# ---- the set form ---------------------------------------------------------------------------------------------


def test_creating_a_local_set_through_the_page(client, world):
    client.force_login(world.org_admin)
    response = client.post(
        reverse("quotas:set_create"),
        {"org": world.org_a.pk, "title": "优秀会员推荐名额", "total": 8, "source": "local"},
    )
    quota_set = QuotaSet.objects.get(title="优秀会员推荐名额")
    assert response.status_code == 302
    assert response["Location"] == reverse("quotas:set_detail", args=[quota_set.public_id])
    assert (quota_set.org, quota_set.total, quota_set.source) == (world.org_a, 8, QuotaSource.LOCAL)


def test_set_form_errors_name_the_field(client, world):
    client.force_login(world.org_admin)
    response = client.post(
        reverse("quotas:set_create"), {"org": world.org_a.pk, "title": "", "total": 0, "source": "issued"}
    )
    body = response.content.decode()
    assert "名额名称：请填写名额名称" in body
    assert "名额总数：名额总数不能小于 1" in body
    assert not QuotaSet.objects.exists()
    response = client.post(
        reverse("quotas:set_create"),
        {"org": world.org_a.pk, "title": "劳模名额", "total": 3, "source": "issued"},
    )
    assert "下达单位：上级下达的名额须填写下达单位" in response.content.decode()
    response = client.post(
        reverse("quotas:set_create"),
        {"org": world.org_a.pk, "title": "劳模名额", "total": "三", "source": "x"},
    )
    body = response.content.decode()
    assert "名额总数：名额总数须为整数" in body
    assert "名额来源：请选择名额来源" in body


def test_an_issued_set_links_an_incoming_document_of_the_union(client, world, monkeypatch):
    def documents(user, orgs):
        return [(77, f"{orgs[0].name} 收文：关于推荐2026年劳模的通知")] if orgs else []

    def describe(user, document_id):
        return ("关于推荐2026年劳模的通知", "/documents/incoming/77/") if document_id == 77 else None

    monkeypatch.setitem(
        incoming_document_sources._items,
        "test",
        IncomingDocumentSource(key="test", documents=documents, describe=describe),
    )
    client.force_login(world.org_admin)
    page = client.get(reverse("quotas:set_create")).content.decode()
    assert "关于推荐2026年劳模的通知" in page
    refused = client.post(
        reverse("quotas:set_create"),
        {
            "org": world.org_a.pk,
            "title": "劳模名额",
            "total": 3,
            "source": "issued",
            "issuer": "市总工会",
            "incoming_document": 78,
        },
    )
    assert "关联收文：请选择本单位的收文" in refused.content.decode()
    client.post(
        reverse("quotas:set_create"),
        {
            "org": world.org_a.pk,
            "title": "劳模名额",
            "total": 30,
            "source": "issued",
            "issuer": "市总工会",
            "received_reference": "市总工〔2026〕8号",
            "incoming_document": 77,
        },
    )
    quota_set = QuotaSet.objects.get(title="劳模名额")
    assert (quota_set.issuer, quota_set.received_reference, quota_set.incoming_document_id) == (
        "市总工会",
        "市总工〔2026〕8号",
        77,
    )
    detail = client.get(reverse("quotas:set_detail", args=[quota_set.public_id])).content.decode()
    assert "市总工会下达" in detail
    assert '<a href="/documents/incoming/77/">关于推荐2026年劳模的通知</a>' in detail


def test_editing_a_set_keeps_the_total_above_what_is_allocated(client, allocated):
    w = allocated
    url = reverse("quotas:set_edit", args=[w.extra["set"].public_id])
    client.force_login(w.org_admin)
    response = client.post(url, {"title": TITLE, "total": 3})
    assert "名额总数：已分配 4 个名额，名额总数不能少于 4" in response.content.decode()
    assert client.post(url, {"title": "改名后的名额", "total": 12}).status_code == 302
    w.extra["set"].refresh_from_db()
    assert (w.extra["set"].title, w.extra["set"].total) == ("改名后的名额", 12)


# ---- allocating through the pages -----------------------------------------------------------------------------


def test_allocating_by_hand_one_number_per_child_union(client, tree):
    w = tree
    first, second = w.extra["first"], w.extra["second"]
    url = reverse("quotas:set_allocate", args=[w.extra["set"].public_id])
    client.force_login(w.org_admin)
    page = client.get(url).content.decode()
    assert "语文组分会" in page
    assert "数学组分会" in page
    response = client.post(url, {f"org_{first.pk}": 6, f"org_{second.pk}": 4})
    assert response["Location"] == reverse("quotas:set_detail", args=[w.extra["set"].public_id])
    allocations = dict(QuotaAllocation.objects.values_list("org__name", "allocated"))
    assert allocations == {"语文组分会": 6, "数学组分会": 4}
    detail = client.get(response["Location"])
    assert [(r.org.name, r.allocated, r.remaining) for r in detail.context["rows"]] == [
        ("语文组分会", 6, 6),
        ("数学组分会", 4, 4),
    ]
    assert "分配名额「甲单位先进个人推荐名额」" in detail.content.decode()  # the change record


def test_over_allocation_is_refused_on_the_union_row(client, allocated):
    w = allocated
    first, second = w.extra["first"], w.extra["second"]
    client.force_login(w.org_admin)
    response = client.post(
        reverse("quotas:set_allocate", args=[w.extra["set"].public_id]),
        {f"org_{first.pk}": 4, f"org_{second.pk}": 7},
    )
    assert response.status_code == 422
    form = response.context["form"]
    assert form.errors[f"org_{second.pk}"] == ["超出可分配名额，请减少"]
    assert f"org_{first.pk}" not in form.errors  # unchanged, not the culprit
    assert "分配合计 11 个，超过可分配的 10 个" in form.non_field_errors()[0]
    assert "数学组分会" in form.non_field_errors()[0]
    assert not QuotaAllocation.objects.filter(org=second).exists()


def test_a_union_cannot_drop_below_what_it_used(client, allocated):
    w = allocated
    first = w.extra["first"]
    quota_use(allocation=w.extra["allocation"], owner=w.member_a, actor=w.org_admin, count=2)
    client.force_login(w.org_admin)
    response = client.post(
        reverse("quotas:set_allocate", args=[w.extra["set"].public_id]), {f"org_{first.pk}": 1}
    )
    assert response.context["form"].errors[f"org_{first.pk}"] == [
        "「语文组分会」已使用或下拨 2 个名额，分配数不能少于 2"
    ]


def test_an_empty_allocation_form_is_refused(client, tree):
    client.force_login(tree.org_admin)
    response = client.post(reverse("quotas:set_allocate", args=[tree.extra["set"].public_id]), {})
    assert "请至少为一个下级工会填写分配名额" in response.content.decode()


def test_allocating_by_weight_previews_before_it_writes(client, tree):
    w = tree
    first, second = w.extra["first"], w.extra["second"]
    url = reverse("quotas:set_allocate_weight", args=[w.extra["set"].public_id])
    client.force_login(w.org_admin)
    assert client.get(url).context["basis"] == "members"  # 会员人数 by default, registered by members
    page = client.get(url, {"basis": "workforce"})
    assert page.context["form"][f"org_{first.pk}"].value() == 30  # 职工人数 from the org records
    assert page.context["form"][f"org_{second.pk}"].value() == 10
    data = {"step": "preview", "amount": "", f"org_{first.pk}": 2, f"org_{second.pk}": 1}
    preview = client.post(url, data)
    assert [(row["org"].name, row["share"]) for row in preview.context["preview"]] == [
        (first.name, 7),
        (second.name, 3),
    ]
    assert "确认分配" in preview.content.decode()
    assert not QuotaAllocation.objects.exists()  # a preview writes nothing
    # post what the preview's confirm form carries, as a browser does (its step=confirm first, then the fields)
    posted: dict[str, list[object]] = {"step": ["confirm"]}
    for name, value in preview.context["confirm_fields"]:
        posted.setdefault(name, []).append("" if value is None else value)
    assert posted["step"] == ["confirm"]
    confirmed = client.post(url, posted)
    assert confirmed.status_code == 302
    assert dict(QuotaAllocation.objects.values_list("org_id", "allocated")) == {first.pk: 7, second.pk: 3}


def test_the_weight_preview_warns_when_a_union_would_drop_below_what_it_used(client, allocated):
    w = allocated
    first, second = w.extra["first"], w.extra["second"]
    quota_use(allocation=w.extra["allocation"], owner=w.member_a, actor=w.org_admin, count=3)
    client.force_login(w.org_admin)
    url = reverse("quotas:set_allocate_weight", args=[w.extra["set"].public_id])
    data = {"step": "preview", "amount": "", f"org_{first.pk}": 1, f"org_{second.pk}": 9}
    page = client.post(url, data).content.decode()
    assert 'id="below-floor"' in page
    assert "「语文组分会」已使用或下拨 3 个名额，按比例只分到 1 个，不能确认" in page
    assert "确认分配" not in page  # no confirm the service would refuse


def test_weights_must_not_all_be_zero(client, tree):
    w = tree
    url = reverse("quotas:set_allocate_weight", args=[w.extra["set"].public_id])
    client.force_login(w.org_admin)
    data = {"step": "preview", f"org_{w.extra['first'].pk}": 0, f"org_{w.extra['second'].pk}": 0}
    response = client.post(url, data)
    assert "请至少为一个单位填写大于 0 的权重" in response.content.decode()
    response = client.post(url, {**data, "amount": -1})
    assert response.context["form"].errors["amount"] == ["本次分配名额不能小于 0"]


def test_a_union_without_child_unions_sees_an_empty_state(client, world):
    quota_set = make_set(org=world.org_a, actor=world.org_admin, total=2)
    client.force_login(world.org_admin)
    page = client.get(reverse("quotas:set_allocate", args=[quota_set.public_id])).content.decode()
    assert "没有直属下级工会" in page


# ---- re-allocation by the receiving union ---------------------------------------------------------------------


@pytest.fixture
def received(world):
    city_admin = make_cadre("admin_city", world.city)
    county_admin = make_cadre("admin_cx", world.county_x)
    second = OrgFactory.create(parent=world.county_x, name="甲县第二中学工会", headcount_established=10)
    quota_set = make_set(org=world.city, actor=city_admin, title="市级劳模推荐名额", total=8)
    (county,) = quota_allocate(quota_set=quota_set, shares={world.county_x.pk: 5}, actor=city_admin)
    world.extra = {"county_admin": county_admin, "county": county, "second": second, "set": quota_set}
    return world


def test_the_receiving_union_reallocates_its_places_from_the_allocation_page(client, received):
    w = received
    county, second = w.extra["county"], w.extra["second"]
    client.force_login(w.extra["county_admin"])
    # the county does not see the city's set, only what it received
    assert client.get(reverse("quotas:set_detail", args=[w.extra["set"].public_id])).status_code == 404
    detail = client.get(reverse("quotas:allocation_detail", args=[county.pk])).content.decode()
    assert reverse("quotas:allocation_allocate", args=[county.pk]) in detail
    url = reverse("quotas:allocation_allocate", args=[county.pk])
    refused = client.post(url, {f"org_{w.org_a.pk}": 4, f"org_{second.pk}": 2})
    assert refused.context["form"].errors[f"org_{second.pk}"] == ["超出可分配名额，请减少"]
    response = client.post(url, {f"org_{w.org_a.pk}": 3, f"org_{second.pk}": 2})
    assert response["Location"] == reverse("quotas:allocation_detail", args=[county.pk])
    below = QuotaAllocation.objects.filter(parent=county)
    assert dict(below.values_list("org_id", "allocated")) == {w.org_a.pk: 3, second.pk: 2}
    page = client.get(response["Location"])
    assert [(r.depth, r.allocated) for r in page.context["rows"]] == [(0, 5), (1, 3), (1, 2)]
    assert page.context["own"].remaining == 0


def test_the_receiving_union_reallocates_by_weight(client, received):
    w = received
    county = w.extra["county"]
    url = reverse("quotas:allocation_allocate_weight", args=[county.pk])
    client.force_login(w.extra["county_admin"])
    data = {"step": "confirm", "amount": "", f"org_{w.org_a.pk}": 1, f"org_{w.extra['second'].pk}": 1}
    assert client.post(url, data).status_code == 302
    assert sorted(QuotaAllocation.objects.filter(parent=county).values_list("allocated", flat=True)) == [2, 3]


def test_a_lower_union_cannot_reallocate_its_parents_places(client, received):
    w = received
    county = w.extra["county"]
    client.force_login(w.org_admin)  # org A lies below the county: the county's allocation is not theirs
    for url in _allocation_urls(county):
        assert client.get(url).status_code == 404


# ---- export ---------------------------------------------------------------------------------------------------


def test_the_export_is_the_allocation_table(client, allocated):
    w = allocated
    quota_use(allocation=w.extra["allocation"], owner=w.member_a, actor=w.org_admin)
    client.force_login(w.org_admin)
    response = client.post(reverse("quotas:set_export", args=[w.extra["set"].public_id]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "no-store" in response["Cache-Control"]
    rows = read_rows(response.content)
    assert rows[0][0] == f"名额：{TITLE}"
    header = rows.index(next(r for r in rows if r and r[0] == "层级"))
    assert [str(v) for v in rows[header]] == [
        "层级",
        "工会",
        "上级工会",
        "分配名额",
        "下拨名额",
        "本级使用",
        "含下级使用",
        "剩余名额",
    ]
    line = [int(v) if isinstance(v, float) else v for v in rows[header + 1]]
    assert line == [1, "语文组分会", w.org_a.name, 4, 0, 1, 1, 3]
    assert AuditLog.objects.filter(action=AuditAction.EXPORT, summary__contains=TITLE).exists()
