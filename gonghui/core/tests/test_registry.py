"""Registries apps extend from ready(), and the Role rule behind every permission check."""

from dataclasses import dataclass

import pytest

from gonghui.accounts.roles import BUILTIN_ROLES, role_choices
from gonghui.core.registry import MenuItem, Registry, Role, home_counters, menu, roles, url_includes


@dataclass(frozen=True)
class Item:
    name: str
    order: int = 100


@dataclass(frozen=True)
class Unordered:
    name: str


def test_register_returns_the_item_and_get_finds_it():
    # given
    registry: Registry[Item] = Registry("widget")
    item = Item("a")
    # when
    returned = registry.register("a", item)
    # then
    assert returned is item
    assert registry.get("a") is item
    assert "a" in registry
    assert "b" not in registry


def test_duplicate_key_raises():
    # given
    registry: Registry[Item] = Registry("widget")
    registry.register("a", Item("first"))
    # when
    with pytest.raises(ValueError, match="^widget 'a' is already registered$"):
        registry.register("a", Item("second"))
    # then the first registration stays
    assert registry.get("a") == Item("first")
    assert list(registry) == [Item("first")]


def test_get_unknown_key_raises_key_error():
    registry: Registry[Item] = Registry("widget")
    with pytest.raises(KeyError):
        registry.get("missing")


def test_iteration_is_by_order_then_registration():
    # given
    registry: Registry[Item] = Registry("widget")
    registry.register("late", Item("late", order=90))
    registry.register("early", Item("early", order=10))
    registry.register("tie1", Item("tie1", order=50))
    registry.register("tie2", Item("tie2", order=50))
    # then
    assert [i.name for i in registry] == ["early", "tie1", "tie2", "late"]
    assert registry.keys() == ["late", "early", "tie1", "tie2"]


def test_items_without_order_sort_first():
    # given
    registry: Registry[object] = Registry("thing")
    registry.register("ordered", Item("ordered", order=1))
    registry.register("plain", Unordered("plain"))
    # then
    assert [i.name for i in registry] == ["plain", "ordered"]  # type: ignore[attr-defined]


def test_project_registries_refuse_duplicates():
    # given the accounts app registered its sidebar entry at start-up
    assert "users" in menu
    # when
    with pytest.raises(ValueError, match="^menu item 'users' is already registered$"):
        menu.register("users", MenuItem(key="users", label="x", url_name="home", icon="x", action="x"))
    # then
    assert menu.get("users").url_name == "accounts:user_list"


def test_apps_registered_their_pieces():
    assert url_includes.get("accounts").prefix == "accounts/"
    assert menu.get("audit").action == "audit.view"
    assert "orgs" in home_counters
    assert "members" in home_counters


# --- Role ------------------------------------------------------------------------------------


def test_role_allows_its_actions_only():
    # given
    role = Role(code="clerk", label="文员", actions=frozenset({"orgs.view", "members.view"}))
    # then
    assert role.allows("orgs.view") is True
    assert role.allows("members.view") is True
    assert role.allows("members.manage") is False
    assert role.allows("*") is False
    assert role.allows("") is False


def test_star_role_allows_everything():
    # given
    role = Role(code="root", label="超级", actions=frozenset({"*"}))
    # then
    assert role.allows("anything.whatsoever") is True
    assert role.allows("*") is True


def test_role_defaults():
    role = Role(code="x", label="X", actions=frozenset())
    assert (role.order, role.description, role.console) == (100, "", True)
    assert role.allows("orgs.view") is False


def test_builtin_roles_are_registered_in_order():
    # then
    assert [r.code for r in BUILTIN_ROLES] == [
        "sysadmin",
        "union_admin",
        "union_staff",
        "reviewer",
        "judge",
        "auditor",
        "member",
    ]
    for role in BUILTIN_ROLES:
        assert roles.get(role.code) == role
    builtin_codes = {r.code for r in BUILTIN_ROLES}
    assert [c for c in role_choices() if c[0] in builtin_codes] == [
        ("sysadmin", "系统管理员"),
        ("union_admin", "工会管理员"),
        ("union_staff", "工会干事"),
        ("reviewer", "审核人"),
        ("judge", "评委"),
        ("auditor", "只读审计"),
        ("member", "会员"),
    ]


def test_only_the_member_role_stays_out_of_the_console():
    assert [r.code for r in BUILTIN_ROLES if not r.console] == ["member"]
    assert [r.code for r in BUILTIN_ROLES if not r.allows("console.access")] == ["member"]
