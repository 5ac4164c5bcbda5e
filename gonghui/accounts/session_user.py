"""The session's user in one statement: the account row, whether it holds a live object grant, and its role grants
on active orgs with the columns the permission checks read (as one JSON array).

Every request reads its user anyway (`UsernameOrPhoneBackend.get_user`); reading the grants in that same statement
removes a query per request and the Django ORM's compile cost of two (the grants with their orgs and an EXISTS took
4–5 ms of Python per console request against 0.07 ms of SQL). Nothing is kept between requests, so nothing can go
stale: a revoked grant, a deactivated or moved org counts from the very next request whatever wrote it (a service,
a queryset `update()`, a migration). The statement is written out for PostgreSQL and SQLite; another database, or a
user loaded elsewhere (tests, jobs), reads its grants through the ORM in `scoping.user_grants` as before.

The orgs are built with the columns below only; any other field loads from the database on first access."""

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Exists, Field, Model, OuterRef
from django.db.models.options import Options
from django.utils import timezone

from .models import ObjectGrant, RoleGrant, User

# Set on the signed-in user: whether it holds a live object grant (so scoping reads object grants only for the
# accounts that have one), and its role grants (so scoping does not read them again).
HAS_OBJECT_GRANTS = "has_live_object_grants"
GRANTS_ATTR = "_gonghui_grants"
_ROWS = "_gonghui_grant_rows"

# The org columns a permission check, the org switcher and the console's current org read.
ORG_FIELDS = ("id", "path", "depth", "numchild", "name", "short_name", "unit_name", "code", "level", "status")


def _org_model() -> type[Model]:
    # orgs.models imports accounts.scoping, which imports this module: the model is reached through the relation
    return RoleGrant._meta.get_field("org").related_model  # type: ignore[return-value]


def column(meta: Options[Any], name: str) -> str:
    """A concrete field's column, quoted (for statements written out from the models' meta)."""
    field = meta.get_field(name)
    if not isinstance(field, Field):
        raise TypeError(name)
    return connection.ops.quote_name(str(field.column))


def _statement(vendor: str) -> str | None:
    quote = connection.ops.quote_name
    org = _org_model()._meta
    columns = ", ".join(f"u.{column(User._meta, f.name)}" for f in User._meta.concrete_fields)
    row = ", ".join(["g.id", "g.role", *(f"o.{column(org, name)}" for name in ORG_FIELDS)])
    if vendor == "postgresql":
        grants = f"json_agg(json_build_array({row}))"
    elif vendor == "sqlite":
        grants = f"json_group_array(json_array({row}))"
    else:
        return None
    # table and column names from the models' meta; the values are parameters
    object_grants, role_grants = quote(ObjectGrant._meta.db_table), quote(RoleGrant._meta.db_table)
    live = f"SELECT 1 FROM {object_grants} og WHERE og.user_id = u.id AND og.revoked_at IS NULL AND og.expires_at > %s"  # noqa: S608
    held = f"SELECT {grants} FROM {role_grants} g INNER JOIN {quote(org.db_table)} o ON o.id = g.org_id WHERE g.user_id = u.id AND o.status = 'active'"  # noqa: S608
    return f"SELECT {columns}, EXISTS({live}) AS {HAS_OBJECT_GRANTS}, ({held}) AS {_ROWS} FROM {quote(User._meta.db_table)} u WHERE u.id = %s"  # noqa: S608


_STATEMENTS: dict[str, str | None] = {}


def session_user_get(user_id: Any) -> User | None:
    """The user with `user_id` (None when there is none), its role grants preloaded. On a database without a
    written-out statement the user and the object-grant flag come through the ORM (the grants load when asked)."""
    vendor = connection.vendor
    if vendor not in _STATEMENTS:
        _STATEMENTS[vendor] = _statement(vendor)
    sql = _STATEMENTS[vendor]
    try:
        pk = User._meta.pk.to_python(user_id)  # type: ignore[union-attr]
    except ValidationError:
        return None
    if sql is None:
        live = ObjectGrant.objects.filter(
            user=OuterRef("pk"), revoked_at__isnull=True, expires_at__gt=timezone.now()
        )
        return User._default_manager.annotate(**{HAS_OBJECT_GRANTS: Exists(live)}).filter(pk=pk).first()
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    user = next(iter(User.objects.raw(sql, [now, pk])), None)
    if user is None:
        return None
    setattr(user, HAS_OBJECT_GRANTS, bool(getattr(user, HAS_OBJECT_GRANTS)))
    setattr(user, GRANTS_ATTR, _grants(user, getattr(user, _ROWS)))
    delattr(user, _ROWS)
    return user


def _grants(user: User, raw: Any) -> list[RoleGrant]:
    """RoleGrant objects (id, role, user, org) from the statement's JSON rows, ordered like `user_grants`."""
    rows = json.loads(raw) if isinstance(raw, str | bytes) else (raw or [])
    org_model = _org_model()
    alias = connection.alias
    grants = []
    for grant_id, role, *org_values in rows:
        org = org_model.from_db(alias, ORG_FIELDS, org_values)
        grant = RoleGrant.from_db(
            alias, ("id", "user_id", "role", "org_id"), (grant_id, user.pk, role, org.pk)
        )
        grant.org = org  # type: ignore[assignment]
        grant.user = user
        setattr(grant, HAS_OBJECT_GRANTS, getattr(user, HAS_OBJECT_GRANTS))
        grants.append(grant)
    grants.sort(key=lambda g: (g.org.path, g.role))
    return grants
