"""PostgreSQL: 建档 clicked by two officers at the same instant files the household once (one timeline row, one
message to the applicant); the other is told the state no longer allows it. The row lock in `file_archive` backs
the state check, as in every step of the flow."""

import pytest
from django.core.exceptions import ValidationError

from conftest import make_cadre
from gonghui.core.models import TimelineEntry
from gonghui.notifications.models import Notification
from gonghui.welfare.choices import FileAction, FileStatus
from gonghui.welfare.models import HardshipFile
from gonghui.welfare.permissions import OFFICER_ROLE
from gonghui.welfare.services.files import file_archive, file_publicise, file_review

from .factories import make_file
from .test_files import _close, _decided

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]
THREADS = 4


def test_concurrent_filing_files_once(world, run_concurrently):
    county = make_cadre("wf_county", world.county_x, OFFICER_ROLE)
    file = _decided(make_file(member=world.member_a, actor=county, status=FileStatus.SURVEYED), county)
    file_review(file=file, actor=county)
    _close(file_publicise(file=file, actor=county))
    results, errors = run_concurrently(
        *[lambda: file_archive(file=file, actor=county) for _ in range(THREADS)]
    )
    assert len(results) == 1
    assert len(errors) == THREADS - 1
    assert all(isinstance(e, ValidationError) and "已建档" in str(e) for e in errors)
    assert HardshipFile.objects.get(pk=file.pk).status == FileStatus.FILED
    assert TimelineEntry.objects.filter(object_id=str(file.pk), action=FileAction.FILE).count() == 1
    assert Notification.objects.filter(recipient=world.org_member, title="困难职工档案已建立").count() == 1
