"""The transactional tests' closing flush on PostgreSQL (tests/flushing.py) empties every table that holds rows and
keeps the content types and permissions (the ledger's append-only rows included: its tests end with this flush)."""

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection

from gonghui.codelists.models import CodeItem
from gonghui.orgs.models import Org
from gonghui.orgs.tests.factories import OrgFactory
from tests.flushing import tables_with_rows


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_flush_empties_written_tables_and_keeps_content_types():
    # given rows in a few tables, besides the reference data migrations wrote
    OrgFactory.create(code="FLUSH1", name="清空测试工会")
    content_types, permissions = ContentType.objects.count(), Permission.objects.count()
    assert CodeItem.objects.exists()
    # when
    call_command("flush", interactive=False, verbosity=0)
    # then every table is empty except the two only migrations write
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    assert sorted(tables_with_rows(connection, tables)) == ["auth_permission", "django_content_type"]
    assert (ContentType.objects.count(), Permission.objects.count()) == (content_types, permissions)
    assert not Org.objects.exists()
