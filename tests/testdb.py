"""The test database, migrated once and copied: a template per set of migrations instead of a migration per process.

Running every migration takes 40–60 s of one core here (almost all of it Django re-rendering the model states, not
SQL), and a CI run needed five: one per xdist worker on SQLite, schemathesis, one per worker on PostgreSQL. Now the
first process that needs a test database migrates it and keeps a copy, the template; every later one, in this run or
the next, copies the template:

- SQLite (the in-memory test database): the template is a file, `<cache>/sqlite-<key>.sqlite3`, copied into the
  in-memory database with SQLite's backup API. `<cache>` is $GONGHUI_TEST_DB_CACHE, else ~/.cache/gonghui/test-db.
- PostgreSQL: the template is a database on the server, `gonghui_tpl_<key>`, and each test database is made by
  `CREATE DATABASE … TEMPLATE gonghui_tpl_<key>`.

<key> is a digest of every installed app's migration files, the installed distributions and their versions (a data
migration reads `chinese_calendar`'s tables, for instance) and the database engine: a changed or added migration, or
an upgraded package, makes a new template, so a test never runs on a schema its migrations would not build. The
schema is still the migrations' (the ledger's append-only triggers, the data migrations' code lists and holidays):
nothing is built from the models. A lock (a file lock, a PostgreSQL advisory lock) lets one process build while the
others wait. `--nomigrations` and `--reuse-db` bypass all this, and so does GONGHUI_TEST_DB_TEMPLATE=0.

`python -m tests.testdb` builds the template of the configured database (DATABASE_URL) ahead of the tests: CI does it
in the background while the linters run. Old templates are only a cache: delete the files, or drop the
`gonghui_tpl_*` databases no test run is using, whenever you like.
"""

import fcntl
import hashlib
import importlib
import importlib.metadata
import os
import sqlite3
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db.backends.base.creation import BaseDatabaseCreation
from django.db.migrations.loader import MigrationLoader

CreateTestDb = Callable[..., str]


def cache_dir() -> Path:
    configured = os.environ.get("GONGHUI_TEST_DB_CACHE")
    base = Path(configured) if configured else Path.home() / ".cache" / "gonghui" / "test-db"
    base.mkdir(parents=True, exist_ok=True)
    return base


def template_key(vendor: str) -> str:
    """A digest of what the migrated database depends on: every app's migration files (the project's and the
    installed packages'), every installed distribution with its version, the Python and database engine."""
    digest = hashlib.sha256()
    digest.update(f"{vendor} {sys.version_info[:2]} sqlite {sqlite3.sqlite_version}\n".encode())
    for app in apps.get_app_configs():
        module_name, _ = MigrationLoader.migrations_module(app.label)
        digest.update(f"app {app.label} {module_name}\n".encode())
        if module_name is None:
            continue
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        if module.__file__ is None:
            continue
        folder = Path(module.__file__).parent
        for path in sorted(folder.glob("*.py")):
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    distributions = sorted(
        f"{dist.metadata['Name']}=={dist.version}" for dist in importlib.metadata.distributions()
    )
    digest.update("\n".join(distributions).encode())
    return digest.hexdigest()[:24]


@contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    with path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _use_template(creation: Any, keepdb: bool) -> bool:
    if keepdb or os.environ.get("GONGHUI_TEST_DB_TEMPLATE", "1") == "0":
        return False
    connection = creation.connection
    if connection.settings_dict["TEST"].get("MIGRATE") is False:
        return False
    if connection.vendor == "sqlite":
        return bool(creation.is_in_memory_db(creation._get_test_db_name()))
    return bool(connection.vendor == "postgresql")


def _point_at(creation: Any, name: str) -> None:
    """What Django's create_test_db does after creating the database: the connection now names the test database."""
    connection = creation.connection
    connection.close()
    settings.DATABASES[connection.alias]["NAME"] = name
    connection.settings_dict["NAME"] = name


def _sqlite(creation: Any, original: CreateTestDb, verbosity: int, autoclobber: bool) -> str:
    connection = creation.connection
    template = cache_dir() / f"sqlite-{template_key('sqlite')}.sqlite3"
    with _file_lock(template.with_suffix(".lock")):
        if not template.exists():
            name: str = original(creation, verbosity=verbosity, autoclobber=autoclobber, keepdb=False)
            partial = template.with_name(f"{template.name}.{os.getpid()}.partial")
            target = sqlite3.connect(partial)
            connection.ensure_connection()
            connection.connection.backup(target)
            target.close()
            partial.replace(template)
            return name
    name = creation._get_test_db_name()
    if verbosity >= 1:
        creation.log(f"Creating test database for alias '{connection.alias}' from the template {template}...")
    creation._create_test_db(verbosity, autoclobber, False)
    _point_at(creation, name)
    connection.ensure_connection()
    source = sqlite3.connect(f"file:{template}?mode=ro", uri=True)
    try:
        source.backup(connection.connection)
    finally:
        source.close()
    return name


def _postgresql(creation: Any, original: CreateTestDb, verbosity: int, autoclobber: bool) -> str:
    connection = creation.connection
    template = f"gonghui_tpl_{template_key('postgresql')}"
    with creation._nodb_cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(hashtext(%s))", [template])
        try:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template])
            if cursor.fetchone() is None:
                name: str = original(creation, verbosity=verbosity, autoclobber=autoclobber, keepdb=False)
                connection.close()
                quote = connection.ops.quote_name
                cursor.execute(f"CREATE DATABASE {quote(template)} TEMPLATE {quote(name)}")
                return name
        finally:
            cursor.execute("SELECT pg_advisory_unlock(hashtext(%s))", [template])
    name = creation._get_test_db_name()
    if verbosity >= 1:
        creation.log(f"Creating test database for alias '{connection.alias}' from the template {template}...")
    test_settings = connection.settings_dict["TEST"]
    own_template = test_settings.get("TEMPLATE")
    test_settings["TEMPLATE"] = template
    try:
        creation._create_test_db(verbosity, autoclobber, False)
    finally:
        test_settings["TEMPLATE"] = own_template
    _point_at(creation, name)
    connection.ensure_connection()
    return name


def install() -> None:
    """Makes every test database of this process come from the template (see the module's docstring)."""
    original: CreateTestDb = BaseDatabaseCreation.create_test_db
    if getattr(original, "from_template", False):
        return

    def create_test_db(
        self: BaseDatabaseCreation,
        verbosity: int = 1,
        autoclobber: bool = False,
        serialize: Any = None,
        keepdb: bool = False,
    ) -> str:
        if serialize is not None or not _use_template(self, keepdb):
            return original(self, verbosity, autoclobber, serialize, keepdb)
        if self.connection.vendor == "sqlite":
            return _sqlite(self, original, verbosity, autoclobber)
        return _postgresql(self, original, verbosity, autoclobber)

    create_test_db.from_template = True  # type: ignore[attr-defined]
    BaseDatabaseCreation.create_test_db = create_test_db  # type: ignore[method-assign]


def main() -> None:
    """Builds the template of the configured database (when missing), and nothing else."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
    import django

    django.setup()
    from django.db import connection

    install()
    if connection.vendor == "postgresql":
        # a test database of its own, so that no test run's is clobbered
        connection.settings_dict["TEST"]["NAME"] = f"test_gonghui_template_build_{os.getpid()}"
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=1, autoclobber=True)
    connection.creation.destroy_test_db(old_name, verbosity=1)


if __name__ == "__main__":
    main()
