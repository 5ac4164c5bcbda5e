"""主送 phrases as written on a 公文 recognised into targets under the issuer, and expanded into orgs."""

import pytest
from django.core.exceptions import ValidationError

from gonghui.documents.addressing import targets_from_phrase, targets_orgs, targets_to_dicts
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.models import Org
from gonghui.orgs.tests.factories import OrgFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    """A city union with two county unions (each with a school) and two 市属 grassroots unions (one with a
    branch), like the demo tree."""
    city = OrgFactory.create(
        code="C", name="焦作市教科文卫体工会", short_name="市教科文卫体工会", level=OrgLevel.CITY
    )
    jf = OrgFactory.create(
        parent=city, code="JF", name="解放区教科文卫体工会", short_name="解放区", level=OrgLevel.COUNTY
    )
    qy = OrgFactory.create(
        parent=city, code="QY", name="沁阳市教育工会", short_name="沁阳市", level=OrgLevel.COUNTY
    )
    jf_school = OrgFactory.create(parent=jf, code="JF1", name="解放区实验小学工会")
    qy_school = OrgFactory.create(parent=qy, code="QY1", name="沁阳市第一中学工会")
    hospital = OrgFactory.create(parent=city, code="H1", name="焦作市人民医院工会", short_name="市人民医院")
    school = OrgFactory.create(parent=city, code="S1", name="焦作市第一中学工会")
    branch = OrgFactory.create(
        parent=hospital, code="H1B", name="市人民医院内科分工会", level=OrgLevel.BRANCH
    )
    made = {"city": city, "jf": jf, "qy": qy, "jf_school": jf_school, "qy_school": qy_school,
            "hospital": hospital, "school": school, "branch": branch}  # fmt: skip
    return {key: Org.objects.get(pk=org.pk) for key, org in made.items()}  # fresh tree paths


def _names(phrase, issuer):
    targets = targets_to_dicts(targets_from_phrase(phrase, issuer=issuer))
    return [o.name for o in targets_orgs(targets, issuer=issuer)]


def test_the_seed_phrase_names_the_county_unions_and_the_direct_grassroots_unions(tree):
    names = _names("各县（市）区教科文卫体工会、教育工会，市属各基层工会：", tree["city"])
    assert sorted(names) == sorted(
        ["解放区教科文卫体工会", "沁阳市教育工会", "焦作市人民医院工会", "焦作市第一中学工会"]
    )


@pytest.mark.parametrize(
    ("_case", "phrase", "expected"),
    [
        ("county level alone", "各县区工会", ["解放区教科文卫体工会", "沁阳市教育工会"]),
        (
            "county level, 、 inside the parentheses",
            "各县（市、区）教育工会",
            ["解放区教科文卫体工会", "沁阳市教育工会"],
        ),
        ("direct grassroots only", "市属各基层工会", ["焦作市人民医院工会", "焦作市第一中学工会"]),
        (
            "every grassroots union",
            "各基层工会",
            ["解放区实验小学工会", "沁阳市第一中学工会", "焦作市人民医院工会", "焦作市第一中学工会"],
        ),
        ("branches", "各分工会", ["市人民医院内科分工会"]),
        (
            "names and short names",
            "解放区、市人民医院；焦作市第一中学工会",
            ["解放区教科文卫体工会", "焦作市人民医院工会", "焦作市第一中学工会"],
        ),
        (
            "duplicates collapse",
            "解放区教科文卫体工会，各县区工会",
            ["解放区教科文卫体工会", "沁阳市教育工会"],
        ),
    ],
)
def test_phrases(tree, _case, phrase, expected):
    assert sorted(_names(phrase, tree["city"])) == sorted(expected)


def test_a_county_issuer_reaches_only_its_own_subtree(tree):
    assert _names("各基层工会", tree["jf"]) == ["解放区实验小学工会"]
    with pytest.raises(ValidationError) as exc:
        targets_from_phrase("沁阳市第一中学工会", issuer=tree["jf"])
    assert exc.value.message_dict == {
        "main_to": ["无法识别的收文单位：沁阳市第一中学工会（请填写本会下级组织的全称或简称）"]
    }


def test_unknown_parts_are_all_named_on_the_given_field(tree):
    with pytest.raises(ValidationError) as exc:
        targets_from_phrase("解放区、月球工会，火星工会", issuer=tree["city"], field="cc_to")
    assert exc.value.message_dict == {
        "cc_to": ["无法识别的收文单位：月球工会、火星工会（请填写本会下级组织的全称或简称）"]
    }


def test_an_inactive_org_is_not_a_recipient(tree):
    tree["school"].status = "inactive"
    tree["school"].save(update_fields=["status"])
    assert _names("市属各基层工会", tree["city"]) == ["焦作市人民医院工会"]


def test_a_named_union_joined_to_the_county_phrase_is_still_checked(tree):
    # the kinds of county union after 、 belong to the phrase; a union's own name is looked up like any other
    assert sorted(_names("各县（市）区教科文卫体工会、教育工会、焦作市人民医院工会", tree["city"])) == sorted(
        ["解放区教科文卫体工会", "沁阳市教育工会", "焦作市人民医院工会"]
    )
    with pytest.raises(ValidationError) as exc:
        targets_from_phrase("各县（市）区教科文卫体工会、火星工会", issuer=tree["city"])
    assert exc.value.message_dict == {
        "main_to": ["无法识别的收文单位：火星工会（请填写本会下级组织的全称或简称）"]
    }
