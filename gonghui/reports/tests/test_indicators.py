"""reports' indicator sources on hand-built data: 报送及时率 and 逾期未报 as of a period's end, per reporting union
over its subtree."""

import datetime as dt
from decimal import Decimal

import pytest

from gonghui.core.registry import Period, indicator_sources
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.tests.factories import OrgFactory
from gonghui.reports.choices import SubmissionStatus, TaskStatus
from gonghui.reports.models import ReportSubmission, ReportTask

pytestmark = pytest.mark.django_db
TZ = dt.timezone(dt.timedelta(hours=8))


def test_on_time_rate_and_overdue():
    county = OrgFactory.create(level=OrgLevel.COUNTY, code="RPCTY")
    a = OrgFactory.create(parent=county, code="RPA")
    b = OrgFactory.create(parent=county, code="RPB")
    county.refresh_from_db()
    task = ReportTask.objects.create(
        org=county, title="2020年度统计", deadline=dt.date(2020, 6, 30), status=TaskStatus.CLOSED, targets=[]
    )
    draft = ReportTask.objects.create(
        org=county, title="草稿", deadline=dt.date(2020, 6, 30), status=TaskStatus.DRAFT, targets=[]
    )
    # A on the deadline day, B after it (in 2021); a draft's rows never count
    ReportSubmission.objects.create(
        task=task,
        org=a,
        status=SubmissionStatus.ACCEPTED,
        submitted_at=dt.datetime(2020, 6, 30, 20, tzinfo=TZ),
    )
    ReportSubmission.objects.create(
        task=task,
        org=b,
        status=SubmissionStatus.SUBMITTED,
        submitted_at=dt.datetime(2021, 1, 3, 9, tzinfo=TZ),
    )
    ReportSubmission.objects.create(task=draft, org=b)
    rate = indicator_sources.get("reports.on_time_rate").values_for([county, a, b], Period.year(2020))
    assert (rate[county.id].numerator, rate[county.id].denominator) == (Decimal(1), Decimal(2))
    assert rate[a.id].value == Decimal("100.0")
    assert rate[b.id].value == Decimal("0.0")
    overdue = indicator_sources.get("reports.overdue")
    assert overdue.values_for([county, b], Period.year(2020))[b.id].value == Decimal(1)  # not sent by the end
    assert overdue.values_for([county], Period.year(2021))[county.id].value == Decimal(0)  # sent in 2021
