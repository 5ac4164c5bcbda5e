"""The explicit commit modes of the import framework, shown with the org import: "all or nothing" commits a
clean file and refuses one with problems; "valid rows only" skips the bad rows."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import make_cadre
from gonghui.core.excel import SheetSpec, workbook_bytes
from gonghui.orgs.models import Org
from gonghui.spreadsheets.choices import ImportMode, ImportStatus
from gonghui.spreadsheets.services import import_job_commit_request, import_job_create

pytestmark = pytest.mark.django_db

HEADERS = ["组织编码", "工会名称", "上级组织编码", "层级", "所在单位"]
GOOD = ["CX02", "甲县第二中学工会", "CX", "基层工会", "甲县第二中学"]
BAD = ["CX03", "甲县第三中学工会", "NOPE", "基层工会", "甲县第三中学"]


def _job(world, rows, capture):
    admin = make_cadre("county_x_admin", world.county_x)
    content = workbook_bytes([SheetSpec("组织", HEADERS, rows)])
    with capture(execute=True):
        job = import_job_create(
            kind="orgs", org=world.county_x, actor=admin, upload=SimpleUploadedFile("组织.xlsx", content)
        )
    job.refresh_from_db()
    return job, admin


def test_all_or_nothing_commits_a_clean_file(world, django_capture_on_commit_callbacks):
    job, admin = _job(world, [GOOD], django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        import_job_commit_request(job=job, actor=admin, mode=ImportMode.ALL)
    job.refresh_from_db()
    assert (job.status, job.mode, job.imported_rows) == (ImportStatus.DONE, "all", 1)
    assert Org.objects.filter(code="CX02").exists()


def test_all_or_nothing_refuses_a_file_with_problems_and_valid_only_skips_them(
    world, django_capture_on_commit_callbacks
):
    job, admin = _job(world, [GOOD, BAD], django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError):
        import_job_commit_request(job=job, actor=admin, mode=ImportMode.ALL)
    with pytest.raises(ValidationError):
        import_job_commit_request(job=job, actor=admin, mode="maybe")
    assert not Org.objects.filter(code="CX02").exists()
    with django_capture_on_commit_callbacks(execute=True):
        import_job_commit_request(job=job, actor=admin, mode=ImportMode.VALID)
    job.refresh_from_db()
    assert (job.status, job.mode, job.imported_rows, job.error_count) == (ImportStatus.DONE, "valid", 1, 1)
    assert list(Org.objects.filter(code__in=["CX02", "CX03"]).values_list("code", flat=True)) == ["CX02"]
