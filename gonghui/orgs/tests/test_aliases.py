"""别名 and the union search key: the union's admin edits aliases on the org form; `Org.search_text` follows name,
short name, unit name and aliases (as typed, full pinyin, initials) on every save and after the data migration;
`union_search` finds a union by any of them in one query and ranks grassroots unions before branches before the
county pool unions."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gonghui.orgs.choices import OrgLevel, OrgStatus
from gonghui.orgs.models import Org
from gonghui.orgs.search import fold, search_text_for, split_aliases
from gonghui.orgs.selectors import union_for_code, union_search
from gonghui.orgs.services.tree import ORG_FIELDS, org_update
from gonghui.orgs.tests.factories import OrgFactory

from .side_effects import audit_rows


def _edit_form(org: Org, **overrides) -> dict[str, str]:
    data: dict[str, str] = {}
    for field in ORG_FIELDS:
        value = getattr(org, field)
        if isinstance(value, bool):
            if value:
                data[field] = "on"
        elif isinstance(value, list):
            data[field] = "\n".join(value)
        else:
            data[field] = "" if value is None else str(value)
    data.update(overrides)
    return data


@pytest.fixture
def jiaozuo(world) -> Org:
    """焦作市第一中学工会 (a grassroots union under 甲县) known to workers as 焦作一中 and 解放一中."""
    org = OrgFactory.create(
        parent=world.county_x,
        code="JZYZ",
        name="焦作市第一中学工会",
        unit_name="焦作市第一中学",
        aliases=["焦作一中", "解放一中"],
    )
    return Org.objects.get(pk=org.pk)


# --- the key ----------------------------------------------------------------------------------------------


def test_the_key_holds_each_name_as_typed_in_pinyin_and_by_initials():
    key = search_text_for(
        name="焦作市第一中学工会", short_name="", unit_name="焦作市第一中学", aliases=["焦作一中"]
    )
    segments = key.strip("|").split("|")
    assert "焦作市第一中学工会" in segments
    assert "焦作一中" in segments
    assert "jiaozuoyizhong" in segments
    assert "jzyz" in segments
    assert "jzsdyzxgh" in segments  # the name's initials
    assert key.startswith("|")
    assert key.endswith("|")


def test_a_query_is_folded_like_the_key():
    assert fold(" JZ  yz ") == "jzyz"
    assert fold("焦作 一中（高中部）") == "焦作一中高中部"
    assert fold("ＪＺＹＺ") == "jzyz"  # full-width letters


def test_aliases_are_split_trimmed_and_without_repeats():
    assert split_aliases("焦作一中\n 解放一中 、焦作一中；一中,,") == ["焦作一中", "解放一中", "一中"]
    assert split_aliases("  \n ") == []


def test_the_key_follows_every_save(jiaozuo):
    # a partial save of one of the fields the key is made from updates the key too
    jiaozuo.aliases = ["焦作市一中"]
    jiaozuo.save(update_fields=["aliases"])
    stored = Org.objects.get(pk=jiaozuo.pk).search_text
    assert "|焦作市一中|" in stored
    assert "解放一中" not in stored


def test_the_data_migration_fills_the_key_of_existing_unions(jiaozuo):
    # given unions stored before the key existed
    Org.objects.update(search_text="")
    migration = importlib.import_module("gonghui.orgs.migrations.0006_org_search_text_fill")
    # when
    migration.fill(django_apps, None)
    # then
    assert "|jzyz|" in Org.objects.get(pk=jiaozuo.pk).search_text
    assert all(Org.objects.values_list("search_text", flat=True))


# --- the search -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query", ["焦作一中", "解放一中", "jzyz", "JZYZ", "jiaozuoyizhong", "jfyz", "第一中学工会"]
)
def test_a_union_is_found_by_alias_pinyin_initials_and_name(jiaozuo, query):
    assert [o.code for o in union_search(query=query)][:1] == ["JZYZ"]


def test_the_unit_name_and_short_name_are_searched(world, jiaozuo):
    org_b = Org.objects.get(pk=world.org_b.pk)
    org_b.short_name = "乙医工会"
    org_b.save()
    assert [o.code for o in union_search(query="乙医")] == ["ORGB"]
    assert [o.code for o in union_search(query="乙县人民医院")] == ["ORGB"]
    assert [o.code for o in union_search(query="yxrmyy")] == ["ORGB"]  # the unit name's initials


def test_grassroots_unions_come_before_branches_and_the_county_pool(world, jiaozuo):
    # given a branch and a county union that also match "一中"
    OrgFactory.create(
        parent=jiaozuo,
        code="JZYZ-G",
        name="焦作一中高中部分工会",
        unit_name="焦作市第一中学",
        level=OrgLevel.BRANCH,
    )
    county = Org.objects.get(pk=world.county_x.pk)
    county.aliases = ["一中片区联合工会"]
    county.save()
    # when
    found = [o.code for o in union_search(query="一中")]
    # then
    assert found.index("ORGA") < found.index("JZYZ-G")
    assert found.index("JZYZ") < found.index("JZYZ-G")
    assert found[-1] == "CX"  # the pool union last
    # and within a level a whole-name match comes first
    assert [o.code for o in union_search(query="焦作一中")][0] == "JZYZ"


def test_only_active_unions_of_the_given_levels_are_found(world, jiaozuo):
    Org.objects.filter(pk=jiaozuo.pk).update(status=OrgStatus.INACTIVE)
    assert union_search(query="jzyz") == []
    assert union_search(query="测试市") == []  # the city union takes no members
    assert [o.code for o in union_search(query="甲县", levels=(OrgLevel.COUNTY,))] == ["CX"]
    assert union_for_code("jzyz") is None
    assert union_for_code("city") is None
    assert union_for_code("orga") == world.org_a


def test_the_search_is_one_query_and_excludes_a_given_union(world, jiaozuo):
    with CaptureQueriesContext(connection) as queries:
        found = union_search(query="中学", exclude_pk=world.org_a.pk)
    assert len(queries) == 1
    assert [o.code for o in found] == ["JZYZ"]
    assert union_search(query="  ") == []
    assert union_search(query="！？") == []


# --- editing the aliases ----------------------------------------------------------------------------------


def test_the_union_admin_edits_the_aliases(client, world):
    # given
    client.force_login(world.org_admin)
    url = reverse("orgs:org_edit", args=["ORGA"])
    form = client.get(url).content.decode()
    assert 'name="aliases"' in form
    # when
    r = client.post(url, _edit_form(world.org_a, aliases="甲县一中\n 一中 、甲县一中"))
    # then
    assert r.status_code == 302
    org = Org.objects.get(pk=world.org_a.pk)
    assert org.aliases == ["甲县一中", "一中"]
    assert "|jxyz|" in org.search_text
    assert any("别名" in summary for _, summary in audit_rows(org))
    detail = client.get(reverse("orgs:org_detail", args=["ORGA"])).content.decode()
    assert "甲县一中、一中" in detail
    # and the edit form shows them one a line
    assert "甲县一中\n一中</textarea>" in client.get(url).content.decode()


def test_a_bad_alias_is_refused_naming_the_field(client, world):
    client.force_login(world.org_admin)
    url = reverse("orgs:org_edit", args=["ORGA"])
    r = client.post(url, _edit_form(world.org_a, aliases="一" * 31))
    assert r.status_code == 200
    assert "最多30个字" in r.content.decode()
    many = "\n".join(f"别名{n}" for n in range(21))
    assert "别名最多20个" in client.post(url, _edit_form(world.org_a, aliases=many)).content.decode()
    assert Org.objects.get(pk=world.org_a.pk).aliases == []


def test_only_the_unions_managers_edit_aliases(client, world):
    # a plain member: 403; another union's admin: 404; nothing written
    client.force_login(world.org_member)
    url = reverse("orgs:org_edit", args=["ORGA"])
    assert client.post(url, _edit_form(world.org_a, aliases="一中")).status_code == 403
    client.force_login(world.outsider)
    assert client.post(url, _edit_form(world.org_a, aliases="一中")).status_code == 404
    assert Org.objects.get(pk=world.org_a.pk).aliases == []


def test_the_service_records_an_alias_change(world):
    org = org_update(org=world.org_a, actor=world.org_admin, data={"aliases": ["甲一中"]})
    assert Org.objects.get(pk=org.pk).aliases == ["甲一中"]
    assert "|jyz|" in Org.objects.get(pk=org.pk).search_text
