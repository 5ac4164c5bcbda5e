"""The demo org tree as data (no database): complete, ordered, valid."""

from gonghui.orgs.choices import LEVEL_RANK, OrgLevel
from gonghui.orgs.demo import AREA_CODES, COUNTIES, ROOT_CODE, demo_credit_code, demo_tree
from gonghui.orgs.validators import validate_credit_code, validate_org_code


def test_demo_tree_shape():
    # when
    rows = demo_tree()
    # then
    levels = [unit.level for _parent, unit in rows]
    assert rows[0] == (None, rows[0][1])
    assert rows[0][1].name == "焦作市教科文卫体工会"
    assert rows[0][1].code == ROOT_CODE
    assert (
        levels.count(OrgLevel.CITY),
        levels.count(OrgLevel.COUNTY),
        levels.count(OrgLevel.GRASSROOTS),
        levels.count(OrgLevel.BRANCH),
    ) == (1, 11, 81, 5)
    assert sum(1 for _p, unit in rows if unit.is_private) == 16


def test_demo_tree_lists_parents_first_with_valid_levels_and_unique_keys():
    # given
    rows = demo_tree()
    seen: dict[str, str] = {}
    # then
    for parent_code, unit in rows:
        validate_org_code(unit.code)
        if parent_code is not None:
            assert parent_code in seen, f"{unit.code} comes before its parent {parent_code}"
            assert LEVEL_RANK[seen[parent_code]] < LEVEL_RANK[unit.level]  # type: ignore[index]
        seen[unit.code] = unit.level
    assert len(seen) == len(rows)
    assert len({unit.name for _p, unit in rows}) == len(rows)


def test_every_county_has_an_area_code():
    assert [code for code, _place, _suffix in COUNTIES if code not in AREA_CODES] == []


def test_demo_credit_codes_are_valid_deterministic_and_typed():
    # when
    public = demo_credit_code("JFQ01", private=False, area="410802")
    private = demo_credit_code("JFQ06", private=True, area="410802")
    # then
    validate_credit_code(public)
    validate_credit_code(private)
    assert public == demo_credit_code("JFQ01", private=False, area="410802")
    assert (public[:8], private[:8]) == ("12410802", "52410802")
