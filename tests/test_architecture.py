"""The layering and anatomy rules of ARCHITECTURE §3, checked on the code itself.

Import rules run on grimp's graph (import-linter's graph library), which counts imports inside functions too;
`lint-imports` checks the app layers of `[tool.importlinter]` in pyproject.toml on the same graph, and
`test_app_layers` here reads that contract so the two cannot drift. Code rules run on the syntax tree.

Every rule is enforced outright: the code has no violation of any of them (the list of known violations
the first version carried emptied with issue 12). `python tests/test_architecture.py` prints any violation.

Each rule is proved to fire by a planted violation in a tiny package written to tmp_path (the `planted_*` tests).
"""

import ast
import json
import subprocess
import sys
import tomllib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "gonghui"

# ---- what a module is ------------------------------------------------------------------------------------

INTERFACE_KINDS = frozenset({"views", "forms", "api"})
NOT_SOURCE = frozenset({"tests", "migrations"})


def app_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def kind_of(module: str) -> str:
    """The anatomy part a module belongs to: `views` for views.py, views/…, views_portal.py; likewise forms,
    api, services, selectors, models, choices; tests and migrations; "" for any other named module."""
    parts = module.split(".")
    if len(parts) < 3:
        return ""
    first = parts[2]
    if first in NOT_SOURCE or first in {"api", "services", "selectors", "models", "choices"}:
        return first
    for kind in ("views", "forms"):
        if first == kind or first.startswith(f"{kind}_"):
            return kind
    return ""


@dataclass
class Codebase:
    """One package (gonghui, or a planted one) with its import graph and syntax trees."""

    package: str
    directory: Path  # the package's own folder
    graph: grimp.ImportGraph = field(repr=False)

    @property
    def modules(self) -> list[str]:
        return sorted(self.graph.modules)

    @property
    def source_modules(self) -> list[str]:
        """Modules of the product: not tests, not migrations."""
        return [m for m in self.modules if kind_of(m) not in NOT_SOURCE and ".tests." not in f"{m}."]

    def imports(self, module: str) -> set[str]:
        return {
            m
            for m in self.graph.find_modules_directly_imported_by(module)
            if m.startswith(f"{self.package}.")
        }

    def path(self, module: str) -> Path:
        relative = Path(*module.split(".")[1:])
        package_init = self.directory / relative / "__init__.py"
        return package_init if package_init.exists() else self.directory / relative.with_suffix(".py")

    def tree(self, module: str) -> ast.Module:
        return _parse(self.path(module))

    def apps(self) -> list[str]:
        return sorted(p.name for p in self.directory.iterdir() if p.is_dir() and (p / "__init__.py").exists())


@cache
def _parse(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def codebase_for(package: str, directory: Path) -> Codebase:
    return Codebase(package, directory, grimp.build_graph(package, cache_dir=None))


@cache
def project() -> Codebase:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    return codebase_for(PACKAGE, ROOT / PACKAGE)


def layers_contract() -> tuple[list[list[str]], set[str], set[tuple[str, str]]]:
    """From pyproject.toml's import-linter contract: the layers top first (each a list of apps), the layers whose
    apps may import each other (`:`), and the allowed edges between independent siblings (`ignore_imports`)."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (contract,) = [c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers"]
    layers: list[list[str]] = []
    shared: set[str] = set()
    for line in contract["layers"]:
        delimiter = ":" if ":" in line else "|"
        apps = [a.strip() for a in line.split(delimiter)]
        layers.append(apps)
        if delimiter == ":":
            shared.update(apps)
    siblings: set[tuple[str, str]] = set()
    for expression in contract.get("ignore_imports", []):
        importer, imported = (side.strip() for side in expression.split("->"))
        if ".tests" not in importer:
            siblings.add((importer.split(".")[1], imported.split(".")[1]))
    return layers, shared, siblings


# ---- import rules (enforced outright) --------------------------------------------------------------------


def core_imports_no_app(code: Codebase) -> set[str]:
    """core is the building blocks: it imports no other app (not even inside a function)."""
    return {
        f"{m} -> {i}"
        for m in code.source_modules
        if app_of(m) == "core"
        for i in code.imports(m)
        if app_of(i) != "core"
    }


def domain_imports_no_interface(code: Codebase) -> set[str]:
    """services, selectors and models import no views, forms or api module (of any app)."""
    return {
        f"{m} -> {i}"
        for m in code.source_modules
        if kind_of(m) in {"services", "selectors", "models"}
        for i in code.imports(m)
        if kind_of(i) in INTERFACE_KINDS
    }


def reads_import_no_services(code: Codebase) -> set[str]:
    """selectors and models import no services (of any app): reads never reach the writes."""
    return {
        f"{m} -> {i}"
        for m in code.source_modules
        if kind_of(m) in {"selectors", "models"}
        for i in code.imports(m)
        if kind_of(i) == "services"
    }


def services_import_no_http(code: Codebase) -> set[str]:
    """No service imports django.http (requests and responses belong to views; a service gets an actor)."""
    found: set[str] = set()
    for m in code.source_modules:
        if kind_of(m) != "services":
            continue
        for node in ast.walk(code.tree(m)):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            found.update(f"{m} -> {n}" for n in names if n == "django.http" or n.startswith("django.http."))
    return found


def _cycles(nodes: list[str], edges: Callable[[str], set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one node (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for start in nodes:
        if start in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(start, iter(sorted(edges(start))))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges(child)))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def file_cycles(code: Codebase) -> set[str]:
    """No module imports, directly or through others, a module that imports it back — counting imports inside
    functions, and tests too."""
    return {" ↔ ".join(c) for c in _cycles(code.modules, code.imports)}


ALLOWED_APP_CYCLE = ("accounts", "orgs")  # one layer: users hold grants on orgs, orgs are scoped by grants


def app_graph(code: Codebase) -> dict[str, set[str]]:
    """App → the apps it imports (product code, not tests); accounts and orgs count as one node."""

    def node(module: str) -> str:
        app = app_of(module) or ""
        return " : ".join(ALLOWED_APP_CYCLE) if app in ALLOWED_APP_CYCLE else app

    edges: dict[str, set[str]] = defaultdict(set)
    sources = set(code.source_modules)
    for m in sources:
        for i in code.imports(m):
            if i in sources and node(i) != node(m):
                edges[node(m)].add(node(i))
    return edges


def app_cycles(code: Codebase) -> set[str]:
    """No app imports (product code, not tests) an app that imports it back, except accounts ↔ orgs."""
    edges = app_graph(code)
    nodes = sorted({*edges, *(b for targets in edges.values() for b in targets)})
    return {" ↔ ".join(c) for c in _cycles(nodes, lambda a: edges.get(a, set()))}


def layer_breaches(
    code: Codebase, layers: list[list[str]], shared: set[str], siblings: set[tuple[str, str]]
) -> set[str]:
    """An app imports only apps of lower layers, apps of its own `:` layer, or a listed sibling; every app
    declares its layer."""
    rank = {app: n for n, layer in enumerate(layers) for app in layer}
    found = {f"{app}: no layer" for app in code.apps() if app not in rank}
    for m in code.source_modules:
        for i in code.imports(m):
            a, b = app_of(m) or "", app_of(i) or ""
            if a == b or a not in rank or b not in rank or i not in code.source_modules:
                continue
            downward = rank[a] < rank[b]  # layers are listed top first
            same_shared = rank[a] == rank[b] and a in shared
            if not (downward or same_shared or (a, b) in siblings):
                found.add(f"{m} -> {i}")
    return found


# ---- code rules ------------------------------------------------------------------------------------------

ORM_WRITES = frozenset({"save", "delete", "bulk_create", "bulk_update", "get_or_create", "update_or_create"})
QUERYSET_CALLS = frozenset({"filter", "exclude", "all", "select_for_update", "order_by", "none", "using"})
NOT_ORM = ("session", "cache", "messages")  # receivers whose save/delete is not a database row


def _calls(tree: ast.Module) -> Iterator[tuple[str, ast.Call]]:
    """Every call with the name of the function or class it is written in ("" at module level)."""

    def walk(node: ast.AST, where: str) -> Iterator[tuple[str, ast.Call]]:
        for child in ast.iter_child_nodes(node):
            inner = where
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                inner = f"{where}.{child.name}" if where else child.name
            if isinstance(child, ast.Call):
                yield where, child
            yield from walk(child, inner)

    yield from walk(tree, "")


def _receiver_text(call: ast.Call) -> str:
    return ast.unparse(call.func.value) if isinstance(call.func, ast.Attribute) else ""


def _is_orm_write(call: ast.Call) -> bool:
    if not isinstance(call.func, ast.Attribute):
        return False
    name, receiver = call.func.attr, call.func.value
    if any(word in _receiver_text(call) for word in NOT_ORM):
        return False
    if name == "save":
        return not any(k.arg == "commit" for k in call.keywords)  # form.save(commit=False) writes nothing
    if name in ORM_WRITES:
        return True
    manager = isinstance(receiver, ast.Attribute) and receiver.attr == "objects"
    queryset = (
        isinstance(receiver, ast.Call)
        and isinstance(receiver.func, ast.Attribute)
        and receiver.func.attr in QUERYSET_CALLS
    )
    if name == "create":
        return isinstance(receiver, ast.Attribute | ast.Call)  # Model.objects / org.departments / qs
    if name == "update":
        return manager or queryset
    return False


def _interface_calls(code: Codebase) -> Iterator[tuple[str, str, ast.Call]]:
    for m in code.source_modules:
        if kind_of(m) in {"views", "api"}:
            for where, call in _calls(code.tree(m)):
                yield m, where, call


def orm_writes_in_interfaces(code: Codebase) -> set[str]:
    """Views and API operations write nothing themselves: save/create/update/delete belong in a service."""
    return {
        f"{m}.{where}: .{call.func.attr}()"  # type: ignore[attr-defined]
        for m, where, call in _interface_calls(code)
        if _is_orm_write(call)
    }


def audit_writes_in_interfaces(code: Codebase) -> set[str]:
    """Audit rows are written by services, in the transaction of the change they record."""
    found: set[str] = set()
    for m, where, call in _interface_calls(code):
        func = call.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        if name == "audit_log" or (name == "create" and "AuditLog" in _receiver_text(call)):
            found.add(f"{m}.{where}: {name}()")
    return found


def related_loading_in_interfaces(code: Codebase) -> set[str]:
    """select_related / prefetch_related are set once, in the selector."""
    return {
        f"{m}.{where}: .{call.func.attr}()"  # type: ignore[attr-defined]
        for m, where, call in _interface_calls(code)
        if isinstance(call.func, ast.Attribute) and call.func.attr in {"select_related", "prefetch_related"}
    }


def _classes(tree: ast.Module) -> Iterator[tuple[ast.ClassDef, list[str]]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            bases = [
                b.id if isinstance(b, ast.Name) else b.attr if isinstance(b, ast.Attribute) else ""
                for b in node.bases
            ]
            yield node, bases


MODULE_MAX_LINES = 800  # past this a module is split into a package of parts


def long_modules(code: Codebase) -> set[str]:
    """No Python module of the product or its tests runs past 800 lines (migrations and demo seeds aside)."""
    return {
        f"{path.relative_to(code.directory.parent)}: {n} lines"
        for path in code.directory.rglob("*.py")
        if "migrations" not in path.parts and path.name != "demo.py"
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MODULE_MAX_LINES
    }


def choices_outside_choices_module(code: Codebase) -> set[str]:
    """Every TextChoices / IntegerChoices lives in the app's choices.py (or choices/ package)."""
    return {
        f"{m}.{cls.name}"
        for m in code.source_modules
        if kind_of(m) != "choices"
        for cls, bases in _classes(code.tree(m))
        if {"TextChoices", "IntegerChoices"} & set(bases)
    }


def form_classes_in_views(code: Codebase) -> set[str]:
    """Form classes live in forms.py / forms/, never in a views module."""
    return {
        f"{m}.{cls.name}"
        for m in code.source_modules
        if kind_of(m) == "views"
        for cls, bases in _classes(code.tree(m))
        if any(b.endswith(("Form", "FormSet")) for b in bases)
    }


REQUIRED_PARTS = (
    "apps",
    "models",
    "choices",
    "services",
    "selectors",
    "permissions",
    "events",
    "forms",
    "views",
    "urls",
)
NOT_AN_APP = frozenset({"core", "demo"})  # building blocks; the demo seeder command
MODELS_PACKAGE_AFTER = 600  # lines: a models module this long becomes a models/ package
ANATOMY_COLUMNS = (*REQUIRED_PARTS, "tests", "templates")
ANATOMY_KINDS = frozenset({"domain", "block", "shell"})
ANATOMY_HEADER = "| app | kind |"


@dataclass(frozen=True)
class AnatomyRow:
    kind: str
    parts: dict[str, bool]  # column → ✓ (True) or — (False)


def anatomy_table(directory: Path) -> dict[str, AnatomyRow]:
    """The anatomy table of ARCHITECTURE.md beside the package: `| app | kind | apps | models | … | templates | why |`,
    one row per app, ✓ where the app has the module, — where it has not."""
    architecture = directory.parent / "ARCHITECTURE.md"
    lines = architecture.read_text(encoding="utf-8").splitlines() if architecture.exists() else []
    start = next((i for i, line in enumerate(lines) if line.startswith(ANATOMY_HEADER)), None)
    if start is None:
        return {}
    header = [cell.strip() for cell in lines[start].strip("|").split("|")]
    assert header[2 : 2 + len(ANATOMY_COLUMNS)] == list(ANATOMY_COLUMNS), header
    table: dict[str, AnatomyRow] = {}
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        app, kind, marks = cells[0].strip("`"), cells[1], cells[2 : 2 + len(ANATOMY_COLUMNS)]
        assert kind in ANATOMY_KINDS, line
        assert set(marks) <= {"✓", "—"}, line
        table[app] = AnatomyRow(
            kind, {column: mark == "✓" for column, mark in zip(ANATOMY_COLUMNS, marks, strict=True)}
        )
    return table


def _has_part(folder: Path, app: str, part: str) -> bool:
    if part == "tests":
        return (folder / "tests" / "__init__.py").exists()
    if part == "templates":
        return (folder / "templates" / app).is_dir()
    return (folder / f"{part}.py").exists() or (folder / part / "__init__.py").exists()


def _gap(app: str, part: str) -> str:
    return (
        f"{app}: no {part}/"
        if part == "tests"
        else f"{app}: no templates/{app}/"
        if part == "templates"
        else f"{app}: no {part}"
    )


def missing_anatomy(code: Codebase) -> set[str]:
    """Every app has a row in ARCHITECTURE's anatomy table and the table is true: a `domain` app has every canonical
    module (a module or a package of that name), tests/ and templates/<app>/; a `block` or `shell` app has exactly
    the ones its row marks ✓. No views_*.py / forms_*.py beside them (views/ and forms/ packages instead); models.py
    past 600 lines is a package."""
    found: set[str] = set()
    table = anatomy_table(code.directory)
    apps = [app for app in code.apps() if app not in NOT_AN_APP]
    for app in sorted(set(table) - set(apps)):
        found.add(f"{app}: a row of the anatomy table, but no such app")
    for app in apps:
        folder = code.directory / app
        row = table.get(app)
        if row is None:
            found.add(f"{app}: no row in the anatomy table")
        for part in ANATOMY_COLUMNS:
            has = _has_part(folder, app, part)
            if not has and (row is None or row.kind == "domain" or row.parts[part]):
                found.add(_gap(app, part))
            if has and row is not None and not row.parts[part]:
                found.add(f"{app}: has {part}, but its row in the anatomy table says —")
        for module in sorted(folder.glob("*.py")):
            if module.stem.startswith(("views_", "forms_")):
                found.add(f"{app}: {module.name} (a module of the {module.stem.split('_')[0]}/ package)")
        models = folder / "models.py"
        if models.exists() and len(models.read_text(encoding="utf-8").splitlines()) > MODELS_PACKAGE_AFTER:
            found.add(f"{app}: models.py over {MODELS_PACKAGE_AFTER} lines (a models/ package)")
    return found


def inert_noqa(code: Codebase) -> set[str]:
    """No `# noqa` for a rule that does not fire there (ruff's RUF100 with the project's configuration; a code
    of a rule the project does not select is inert too). Counted per file and code."""
    paths = [code.directory]
    if code.package == PACKAGE:
        paths += [ROOT / "tests", ROOT / "config", ROOT / "bench", ROOT / "conftest.py"]
    result = subprocess.run(  # noqa: S603 - our own ruff on our own files
        [
            sys.executable,
            "-m",
            "ruff",
            "check",
            "--no-cache",
            "--extend-select",
            "RUF100",
            "--output-format",
            "json",
            "--config",
            str(ROOT / "pyproject.toml"),
            "--exit-zero",
            *map(str, paths),
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    counts = Counter(
        f"{Path(d['filename']).relative_to(code.directory.parent)}: {d['message']}"
        for d in json.loads(result.stdout)
        if d["code"] == "RUF100"
    )
    return {f"{where} ×{n}" if n > 1 else where for where, n in counts.items()}


RULES: dict[str, Callable[[Codebase], set[str]]] = {
    "core_imports_no_app": core_imports_no_app,
    "domain_imports_no_interface": domain_imports_no_interface,
    "reads_import_no_services": reads_import_no_services,
    "file_cycles": file_cycles,
    "app_cycles": app_cycles,
    "orm_writes_in_interfaces": orm_writes_in_interfaces,
    "services_import_no_http": services_import_no_http,
    "audit_writes_in_interfaces": audit_writes_in_interfaces,
    "related_loading_in_interfaces": related_loading_in_interfaces,
    "missing_anatomy": missing_anatomy,
    "choices_outside_choices_module": choices_outside_choices_module,
    "form_classes_in_views": form_classes_in_views,
    "inert_noqa": inert_noqa,
    "long_modules": long_modules,
}


# ---- the tests on the project ----------------------------------------------------------------------------


@pytest.mark.parametrize("rule", sorted(RULES))
def test_rule(rule):
    assert sorted(RULES[rule](project())) == [], f"violations of {rule}: fix them (see ARCHITECTURE §3)"


def test_app_layers():
    layers, shared, siblings = layers_contract()
    assert sorted(layer_breaches(project(), layers, shared, siblings)) == []


# ---- planted violations: each rule fires -----------------------------------------------------------------


def plant(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: dict[str, str]) -> Codebase:
    """A tiny package `planted` with the given files (paths under it → source); every folder is a package."""
    root = tmp_path / "planted"
    for relative, source in {"__init__.py": "", **files}.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        for folder in [path.parent, *path.parent.parents]:
            if folder == tmp_path:
                break
            (folder / "__init__.py").touch()
        path.write_text(source, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    return codebase_for("planted", root)


def test_planted_core_importing_an_app(tmp_path, monkeypatch):
    code = plant(
        tmp_path,
        monkeypatch,
        {
            "core/registry.py": "def late():\n    from planted.orgs.models import Org\n",
            "orgs/models.py": "class Org: ...\n",
        },
    )
    assert core_imports_no_app(code) == {"planted.core.registry -> planted.orgs.models"}


def test_planted_service_importing_a_view_a_form_and_an_api(tmp_path, monkeypatch):
    code = plant(
        tmp_path,
        monkeypatch,
        {
            "orgs/services.py": "from planted.orgs import views\nfrom planted.members.forms import MemberForm\n",
            "orgs/models.py": "from planted.orgs.api import router\n",
            "orgs/views.py": "",
            "orgs/api.py": "router = 1\n",
            "members/forms.py": "MemberForm = 1\n",
        },
    )
    assert domain_imports_no_interface(code) == {
        "planted.orgs.services -> planted.orgs.views",
        "planted.orgs.services -> planted.members.forms",
        "planted.orgs.models -> planted.orgs.api",
    }


def test_planted_selector_importing_a_service(tmp_path, monkeypatch):
    code = plant(
        tmp_path,
        monkeypatch,
        {
            "orgs/selectors.py": "def f():\n    from planted.members.services import g\n",
            "members/services.py": "def g(): ...\n",
        },
    )
    assert reads_import_no_services(code) == {"planted.orgs.selectors -> planted.members.services"}


def test_planted_service_importing_django_http(tmp_path, monkeypatch):
    code = plant(
        tmp_path,
        monkeypatch,
        {
            "orgs/services/__init__.py": "from django.http import HttpRequest\n",
            "orgs/services/moving.py": "import django.http.response\n",
        },
    )
    assert services_import_no_http(code) == {
        "planted.orgs.services -> django.http",
        "planted.orgs.services.moving -> django.http.response",
    }


def test_planted_file_cycle_through_a_function_level_import(tmp_path, monkeypatch):
    code = plant(
        tmp_path,
        monkeypatch,
        {
            "quizzes/parsing.py": "def parse():\n    from planted.quizzes.parsing_text import read\n",
            "quizzes/parsing_text.py": "from planted.quizzes.parsing import parse\ndef read(): ...\n",
        },
    )
    assert file_cycles(code) == {"planted.quizzes.parsing ↔ planted.quizzes.parsing_text"}


def test_planted_app_cycle(tmp_path, monkeypatch):
    code = plant(
        tmp_path,
        monkeypatch,
        {
            "accounts/forms.py": "from planted.orgs.models import Org\n",
            "orgs/models.py": "from planted.accounts.scoping import q\nclass Org: ...\n",
            "accounts/scoping.py": "q = 1\n",
            "orgs/services.py": "def f():\n    from planted.members.selectors import n\n",
            "members/selectors.py": "from planted.orgs.models import Org\nn = 1\n",
            "members/tests/test_x.py": "from planted.portal import views\n",
            "portal/views.py": "from planted.members.selectors import n\n",
        },
    )
    # accounts ↔ orgs is allowed (one node); orgs ↔ members is not; a test importing across makes no cycle
    assert app_cycles(code) == {"accounts : orgs ↔ members"}


def test_planted_layer_breach(tmp_path, monkeypatch):
    code = plant(
        tmp_path,
        monkeypatch,
        {
            "core/models.py": "",
            "orgs/models.py": "from planted.core import models\n",
            "accounts/models.py": "from planted.orgs import models\n",
            "members/models.py": "from planted.orgs import models\n",
            "orgs/services.py": "from planted.members import models\n",
            "workplans/forms.py": "from planted.documents import models\n",
            "documents/models.py": "from planted.workplans import forms\n",
            "stray/models.py": "",
        },
    )
    layers = [["workplans", "documents"], ["members"], ["accounts", "orgs"], ["core"]]
    siblings = {("workplans", "documents")}
    assert layer_breaches(code, layers, {"accounts", "orgs"}, siblings) == {
        "stray: no layer",
        "planted.orgs.services -> planted.members.models",
        "planted.documents.models -> planted.workplans.forms",
    }


def test_planted_orm_audit_and_related_loading_in_views_and_api(tmp_path, monkeypatch):
    view = (
        "from planted.core.audit import audit_log\n"
        "def member_edit(request, form, member):\n"
        "    form.save()\n"
        "    form.save(commit=False)\n"
        "    request.session.save()\n"
        "    Member.objects.filter(pk=1).update(name='x')\n"
        "    member.tags.create(name='x')\n"
        "    context = {}\n"
        "    context.update(a=1)\n"
        "    audit_log(action='x')\n"
        "    return Member.objects.select_related('org')\n"
    )
    api = "def member_delete(request, member):\n    member.delete()\n    AuditLog.objects.create()\n"
    code = plant(
        tmp_path,
        monkeypatch,
        {
            "members/views_cards.py": view,
            "members/api.py": api,
            "members/services.py": view,
        },
    )
    assert orm_writes_in_interfaces(code) == {
        "planted.members.views_cards.member_edit: .save()",
        "planted.members.views_cards.member_edit: .update()",
        "planted.members.views_cards.member_edit: .create()",
        "planted.members.api.member_delete: .delete()",
        "planted.members.api.member_delete: .create()",
    }
    assert audit_writes_in_interfaces(code) == {
        "planted.members.views_cards.member_edit: audit_log()",
        "planted.members.api.member_delete: create()",
    }
    assert related_loading_in_interfaces(code) == {
        "planted.members.views_cards.member_edit: .select_related()"
    }


def test_planted_choices_and_form_classes_out_of_place(tmp_path, monkeypatch):
    code = plant(
        tmp_path,
        monkeypatch,
        {
            "orgs/models.py": "from django.db import models\nclass OrgStatus(models.TextChoices): ...\n",
            "orgs/choices.py": "from django.db import models\nclass OrgLevel(models.TextChoices): ...\n",
            "orgs/views/founding.py": "from django import forms\nclass FoundingForm(forms.Form): ...\n",
            "orgs/forms.py": "from django import forms\nclass OrgForm(forms.ModelForm): ...\n",
            "orgs/views_portal.py": "class Rank(IntegerChoices): ...\nclass NoteForm(OrgForm): ...\n",
        },
    )
    assert choices_outside_choices_module(code) == {
        "planted.orgs.models.OrgStatus",
        "planted.orgs.views_portal.Rank",
    }
    assert form_classes_in_views(code) == {
        "planted.orgs.views.founding.FoundingForm",
        "planted.orgs.views_portal.NoteForm",
    }


def test_planted_anatomy_gaps(tmp_path, monkeypatch):
    parts = {f"orgs/{p}.py": "" for p in REQUIRED_PARTS}
    marks = " | ".join("✓" for _ in ANATOMY_COLUMNS)
    block_marks = " | ".join(
        "✓" if c in {"apps", "models", "views", "tests"} else "—" for c in ANATOMY_COLUMNS
    )
    (tmp_path / "ARCHITECTURE.md").write_text(
        f"{ANATOMY_HEADER} {' | '.join(ANATOMY_COLUMNS)} | why |\n|{'---|' * (len(ANATOMY_COLUMNS) + 3)}\n"
        f"| `orgs` | domain | {marks} | |\n| `members` | domain | {marks} | |\n"
        f"| `codes` | block | {block_marks} | reference data |\n| `gone` | block | {block_marks} | |\n",
        encoding="utf-8",
    )
    code = plant(
        tmp_path,
        monkeypatch,
        {
            **parts,
            "orgs/tests/test_x.py": "",
            "orgs/templates/orgs/list.html": "",
            "orgs/forms_founding.py": "",
            "orgs/models.py": "x = 1\n" * (MODELS_PACKAGE_AFTER + 1),
            "members/services/__init__.py": "",
            "codes/apps.py": "",
            "codes/models.py": "",
            "codes/tests/test_x.py": "",
            "codes/selectors.py": "",
            "extra/apps.py": "",
            "core/models.py": "",
        },
    )
    found = missing_anatomy(code)
    assert found >= {
        "orgs: forms_founding.py (a module of the forms/ package)",
        f"orgs: models.py over {MODELS_PACKAGE_AFTER} lines (a models/ package)",
        *{f"members: no {p}" for p in REQUIRED_PARTS if p != "services"},
        "members: no tests/",
        "members: no templates/members/",
        "codes: no views",
        "codes: has selectors, but its row in the anatomy table says —",
        "gone: a row of the anatomy table, but no such app",
        "extra: no row in the anatomy table",
        "extra: no models",
    }
    assert not any(line.startswith(("orgs: no", "core:", "codes: no choices")) for line in found), found


def test_planted_long_module(tmp_path, monkeypatch):
    long = "x = 1\n" * (MODULE_MAX_LINES + 1)
    code = plant(
        tmp_path,
        monkeypatch,
        {
            "orgs/services.py": long,
            "orgs/tests/test_x.py": long,
            "orgs/demo.py": long,
            "orgs/migrations/0001_initial.py": long,
            "orgs/views.py": "x = 1\n" * MODULE_MAX_LINES,
        },
    )
    assert long_modules(code) == {
        f"planted/orgs/services.py: {MODULE_MAX_LINES + 1} lines",
        f"planted/orgs/tests/test_x.py: {MODULE_MAX_LINES + 1} lines",
    }


def test_planted_inert_noqa(tmp_path, monkeypatch):
    code = plant(
        tmp_path,
        monkeypatch,
        {
            "orgs/services.py": (
                "def f():\n"
                "    from os import path  # noqa: PLC0415\n"
                "    from os import sep  # noqa: PLC0415 - avoid a cycle\n"
                "    assert path  # noqa: S101\n"
                "    return sep\n"
            ),
        },
    )
    assert inert_noqa(code) == {
        "planted/orgs/services.py: Unused `noqa` directive (non-enabled: `PLC0415`) ×2"
    }


if __name__ == "__main__":  # print the violations of every rule
    for name, rule in sorted(RULES.items()):
        for violation in sorted(rule(project())):
            sys.stdout.write(f"{name}: {violation}\n")
