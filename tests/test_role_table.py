"""The role table of ARCHITECTURE.md §4 is generated from the role registry (`core.registry.roles`: the built-in
roles of accounts/roles.py and every app's own) and must be exactly that: a role or an action added, renamed or
taken away fails here until the table is regenerated (the failure prints the table to paste)."""

from pathlib import Path

from django.apps import apps
from django.conf import settings

from gonghui.core.registry import Role, roles

ARCHITECTURE = Path(settings.BASE_DIR) / "ARCHITECTURE.md"
HEADER = ("| role | code | actions | description |", "|---|---|---|---|")
# how the two cross-app actions are written in the table
SHORT = {"console.access": "console", "portal.use": "portal"}


def _app_order() -> dict[str, int]:
    """The apps in INSTALLED_APPS order (accounts before orgs…); actions of no app (audit, reviews) come last."""
    return {config.label: n for n, config in enumerate(apps.get_app_configs())}


def _actions(role: Role) -> str:
    if "*" in role.actions:
        return "`*`"
    order = _app_order()
    named = [SHORT[a] for a in sorted(role.actions) if a in SHORT]
    verbs: dict[str, list[str]] = {}
    for action in role.actions - SHORT.keys():
        app, _, verb = action.partition(".")
        verbs.setdefault(app, []).append(verb)
    for app in sorted(verbs, key=lambda a: (order.get(a, len(order)), a)):
        # view first, then the rest alphabetically: documents.view/manage/receive/review/sign
        ordered = sorted(verbs[app], key=lambda v: (v != "view", v))
        named.append(f"{app}.{'/'.join(ordered)}")
    return ", ".join(named)


def role_table() -> list[str]:
    """The markdown rows of every registered role, in the registry's order (ties by code, so the order in which
    apps register does not matter)."""
    return [
        *HEADER,
        *(
            f"| {r.label} | `{r.code}` | {_actions(r)} | {r.description} |"
            for r in sorted(roles, key=lambda r: (r.order, r.code))
        ),
    ]


def _table_in_architecture() -> list[str]:
    lines = [line.strip() for line in ARCHITECTURE.read_text(encoding="utf-8").splitlines()]
    start = lines.index(HEADER[0]) if HEADER[0] in lines else None
    assert start is not None, f"ARCHITECTURE.md has no role table starting with {HEADER[0]!r}"
    table = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        table.append(line)
    return table


def test_the_architecture_role_table_is_the_registry():
    expected = role_table()
    assert _table_in_architecture() == expected, (
        "ARCHITECTURE.md §4's role table differs from the role registry; replace it with:\n\n"
        + "\n".join(f"  {line}" for line in expected)
    )


def _parsed(cell: str) -> frozenset[str]:
    """The actions a generated cell names (its inverse), to prove nothing is lost on the way."""
    if cell == "`*`":
        return frozenset({"*"})
    long = {short: action for action, short in SHORT.items()}
    actions: set[str] = set()
    for part in cell.split(", "):
        if part in long:
            actions.add(long[part])
            continue
        app, _, verbs = part.partition(".")
        actions.update(f"{app}.{verb}" for verb in verbs.split("/"))
    return frozenset(actions)


def test_each_row_names_exactly_its_roles_actions():
    rows = {row.split(" | ")[1].strip("`"): row.split(" | ")[2] for row in role_table()[len(HEADER) :]}
    assert rows.keys() == set(roles.keys())
    for code, cell in rows.items():
        assert _parsed(cell) == roles.get(code).actions, code
