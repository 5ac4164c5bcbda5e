"""职工诉求与思想状况分析 (pages): the three-actor matrix, the read-only auditor refused on every action page,
creating a draft through the page, the list's filters and empty state, issuing and the audited PDF."""

import io

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from conftest import make_cadre
from gonghui.accounts.roles import AUDITOR
from gonghui.appeals.tests.factories import make_appeal
from gonghui.core.choices import AuditAction
from gonghui.core.models import AuditLog
from gonghui.core.timeline import timeline_for
from gonghui.surveys.choices import AnalysisStatus
from gonghui.surveys.models import ThoughtAnalysis
from gonghui.surveys.tests.factories_analysis import make_analysis, this_year
from gonghui.surveys.tests.factories_results import answer, answered_survey, make_members

pytestmark = pytest.mark.django_db


@pytest.fixture
def auditor(world):
    """The city's read-only auditor: sees org A's analyses, may change none."""
    return make_cadre("auditor_city", world.city, role=AUDITOR)


@pytest.fixture
def analysis(world):
    return make_analysis(org=world.org_a, actor=world.org_admin, title="甲校2026年诉求与思想状况分析")


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("org admin reads it", "org_admin", 200),
        ("auditor above reads it", "auditor", 200),
        ("plain member is refused", "org_member", 403),
        ("another union's admin sees nothing", "outsider", 404),
    ],
)
def test_detail_access(request, client, analysis, _case, actor, status):
    client.force_login(request.getfixturevalue(actor))
    response = client.get(reverse("surveys:analysis_detail", args=[analysis.public_id]))
    assert response.status_code == status
    if status == 200:
        assert "一、基本情况" in response.content.decode()


@pytest.mark.parametrize(
    ("actor", "get_status"),
    [("org_admin", 200), ("auditor", 403), ("org_member", 403), ("outsider", 404)],
)
def test_edit_page_access_and_no_change_when_refused(request, client, analysis, actor, get_status):
    # given
    client.force_login(request.getfixturevalue(actor))
    url = reverse("surveys:analysis_edit", args=[analysis.public_id])
    # when / then: GET answers as the matrix says; a refused POST changes nothing
    assert client.get(url).status_code == get_status
    posted = client.post(url, {"title": "改", "body": "改"})
    assert posted.status_code == (302 if get_status == 200 else get_status)
    analysis.refresh_from_db()
    assert analysis.title == ("改" if get_status == 200 else "甲校2026年诉求与思想状况分析")


def test_redraft_and_issue_pages_refuse_the_auditor_and_hide_from_other_unions(
    client, world, analysis, auditor
):
    start, end = this_year()
    for route in ("surveys:analysis_redraft", "surveys:analysis_issue"):
        url = reverse(route, args=[analysis.public_id])
        for actor, status in ((auditor, 403), (world.outsider, 404), (world.org_admin, 200)):
            client.force_login(actor)
            assert client.get(url).status_code == status
            if status != 200:
                assert client.post(url, {"period_start": start, "period_end": end}).status_code == status
    analysis.refresh_from_db()
    assert analysis.status == AnalysisStatus.DRAFT
    assert [e.action for e in timeline_for(analysis)] == ["drafted"]


def test_create_page_drafts_an_analysis_citing_a_survey(client, world):
    # given a closed survey of org A with 12 answers
    survey = answered_survey(
        org=world.org_a,
        actor=world.org_admin,
        members=[world.member_a, *make_members(world.org_a, 11)],
        answers=[answer(n) for n in range(12)],
    )
    client.force_login(world.org_admin)
    page = client.get(reverse("surveys:analysis_create"))
    assert survey.title in page.content.decode()
    # when
    start, end = this_year()
    response = client.post(
        reverse("surveys:analysis_create"),
        {
            "org": world.org_a.pk,
            "title": "",
            "period_start": start,
            "period_end": end,
            "surveys": [survey.pk],
        },
    )
    # then
    analysis = ThoughtAnalysis.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("surveys:analysis_detail", args=[analysis.public_id])
    assert analysis.title == f"甲县第一中学工会{start.year}年职工诉求与思想状况分析"
    assert list(analysis.surveys.all()) == [survey]
    detail = client.get(response["Location"]).content.decode()
    assert "《2020年教职工思想状况调查》" in detail
    assert 'data-progress="100"' in detail


def test_create_page_shows_a_reversed_period_on_the_field(client, world):
    client.force_login(world.org_admin)
    response = client.post(
        reverse("surveys:analysis_create"),
        {"org": world.org_a.pk, "period_start": "2020-06-01", "period_end": "2020-05-01"},
    )
    assert response.status_code == 200
    assert "截止日期不能早于起始日期" in response.content.decode()
    assert not ThoughtAnalysis.objects.exists()


def test_list_filters_and_scoping(client, world, analysis):
    # given another union's analysis
    make_analysis(org=world.org_b, actor=world.outsider, title="乙院分析")
    client.force_login(world.org_admin)
    url = reverse("surveys:analysis_list")
    # then org A's admin lists only org A's; a search that matches nothing shows the empty state
    listed = client.get(url).content.decode()
    assert "甲校2026年诉求与思想状况分析" in listed
    assert "乙院分析" not in listed
    assert "没有符合条件的分析" in client.get(url, {"q": "找不到"}).content.decode()
    assert "甲校2026年" not in client.get(url, {"status": "issued"}).content.decode()


def test_issue_then_pdf_is_an_audited_export(client, world, analysis, auditor):
    # given org A's admin issues the analysis (the confirmation warns while the draft's prompt is in the text)
    client.force_login(world.org_admin)
    issue_url = reverse("surveys:analysis_issue", args=[analysis.public_id])
    assert "（请结合" in analysis.body
    assert 'id="issue-to-complete"' in client.get(issue_url).content.decode()
    response = client.post(issue_url)
    assert response.status_code == 302
    analysis.refresh_from_db()
    assert analysis.status == AnalysisStatus.ISSUED
    # then it is frozen: the edit page leads back to the analysis
    assert client.get(reverse("surveys:analysis_edit", args=[analysis.public_id])).status_code == 302
    # when the auditor downloads the PDF
    client.force_login(auditor)
    pdf = client.post(reverse("surveys:analysis_pdf", args=[analysis.public_id]))
    # then
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert (
        AuditLog.objects.filter(actor=auditor, action=AuditAction.EXPORT, object_id=str(analysis.pk)).count()
        == 1
    )


def test_export_shows_small_counts_as_under_ten_and_is_audited(client, world):
    # given 3 诉求 in org A and a draft analysis of the year
    for n in range(3):
        make_appeal(world.member_a, code="wages", title=f"拖欠课时费{n}")
    analysis = make_analysis(org=world.org_a, actor=world.org_admin)
    client.force_login(world.org_admin)
    # when exported
    response = client.post(reverse("surveys:analysis_export", args=[analysis.public_id]))
    # then
    assert response.status_code == 200
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    assert book.sheet_names == ["诉求概况", "诉求类别", "诉求单位", "月度走势", "问卷结果"]
    categories = book.get_sheet_by_name("诉求类别").to_python()
    assert categories[-1] == ["其他", "<10", 100]
    assert "工资待遇" not in str(book.get_sheet_by_name("诉求类别").to_python())
    assert AuditLog.objects.filter(action=AuditAction.EXPORT, object_id=str(analysis.pk)).count() == 1
