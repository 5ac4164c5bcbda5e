import datetime as dt

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from conftest import make_cadre, make_member_user
from gonghui.certificates.choices import CertificateStatus, IssueJobStatus
from gonghui.certificates.models import Certificate, IssueJob
from gonghui.certificates.permissions import OFFICER_ROLE
from gonghui.core.models import AuditLog

from .factories import TEST_KIND, issue_certificate

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_a(world):
    """The certificate admin of org A (the built-in union_admin does not carry certificates.* yet)."""
    return make_cadre("cert_a", world.org_a, role=OFFICER_ROLE)


@pytest.fixture
def officer_b(world):
    return make_cadre("cert_b", world.org_b, role=OFFICER_ROLE)


@pytest.fixture
def certificate(world):
    return issue_certificate(issuer=world.org_a, holder=world.member_a, holder_name="张三明")


# ---- public check ------------------------------------------------------------------------------------------


def test_verify_page_shows_the_facts_with_a_masked_name(client, certificate):
    response = client.get(reverse("certificates:verify", args=[certificate.code]))
    page = response.content.decode()
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert "证书有效" in page
    assert "张*明" in page
    assert "张三明" not in page
    assert certificate.number in page
    assert "甲县第一中学工会" in page
    assert "2026年优秀会员" in page
    assert "2026年5月4日" in page
    assert "13700001111" not in page  # the member's phone


def test_verify_accepts_lower_case_and_spaces_through_the_form(client, certificate):
    response = client.get(reverse("certificates:verify_form"), {"code": f" {certificate.code.lower()} "})
    assert response.status_code == 302
    assert response["Location"] == reverse("certificates:verify", args=[certificate.code])


def test_verify_form_drops_what_a_code_cannot_hold(client, certificate):
    # a slash or other punctuation typed into the form never reaches the check page's URL (it would not reverse)
    typed = f"{certificate.code[:4]}/{certificate.code[4:]}。"
    response = client.get(reverse("certificates:verify_form"), {"code": typed})
    assert response.status_code == 302
    assert response["Location"] == reverse("certificates:verify", args=[certificate.code])
    only_punctuation = client.get(reverse("certificates:verify_form"), {"code": "//"})
    assert only_punctuation.status_code == 200
    assert "请输入证书上的验证码" in only_punctuation.content.decode()


def test_verify_form_asks_for_a_code(client):
    response = client.get(reverse("certificates:verify_form"), {"code": ""})
    assert response.status_code == 200
    assert "请输入证书上的验证码" in response.content.decode()


def test_verify_shows_a_revoked_certificate_with_its_date(client, certificate, officer_a):
    from gonghui.certificates.services import certificate_revoke

    certificate_revoke(certificate=certificate, reason="信息有误", actor=officer_a)
    certificate.refresh_from_db()
    page = client.get(reverse("certificates:verify", args=[certificate.code])).content.decode()
    assert "该证书已撤销" in page
    assert f"已撤销（{certificate.revoked_at:%Y}年" in page
    assert "信息有误" not in page  # the reason is for the console


def test_unknown_code_answers_not_found(client, world):
    response = client.get(reverse("certificates:verify", args=["NOSUCHCODE12"]))
    assert response.status_code == 404
    assert "未找到该证书" in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex, nofollow"


@override_settings(CERTIFICATE_VERIFY_MAX_PER_IP_HOUR=3)
def test_verify_is_limited_per_address_known_and_unknown_codes_alike(client, certificate):
    cache.clear()
    url = reverse("certificates:verify", args=[certificate.code])
    assert client.get(url, REMOTE_ADDR="10.0.0.9").status_code == 200
    assert (
        client.get(reverse("certificates:verify", args=["WRONG"]), REMOTE_ADDR="10.0.0.9").status_code == 404
    )
    assert client.get(url, REMOTE_ADDR="10.0.0.9").status_code == 200
    # the fourth check from the same address is refused, with a Chinese page and Retry-After
    limited = client.get(url, REMOTE_ADDR="10.0.0.9")
    assert limited.status_code == 429
    assert "查验过于频繁" in limited.content.decode()
    assert certificate.holder_name not in limited.content.decode()
    assert 0 < int(limited["Retry-After"]) <= 3600
    # another address is not affected
    assert client.get(url, REMOTE_ADDR="10.0.0.10").status_code == 200


def test_org_holder_name_is_not_masked(client, world):
    from gonghui.certificates.demo import DEMO_KIND
    from gonghui.certificates.services import certificate_issue

    certificate = certificate_issue(
        kind=DEMO_KIND,
        issuer=world.city,
        owner=world.city,
        holder=world.org_a,
        holder_name=world.org_a.name,
        title="模范职工之家",
        awarded_on=dt.date(2026, 1, 16),
        actor=None,
    )
    page = client.get(reverse("certificates:verify", args=[certificate.code])).content.decode()
    assert "甲县第一中学工会" in page


# ---- console -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("member refused", "org_member", 403),
        ("outsider does not find it", "officer_b", 404),
        ("certificate admin of the org opens it", "officer_a", 200),
    ],
)
def test_detail_access(request, client, certificate, _case, actor, status):
    client.force_login(request.getfixturevalue(actor))
    response = client.get(reverse("certificates:detail", args=[certificate.public_id]))
    assert response.status_code == status
    if status == 200:
        assert certificate.number in response.content.decode()


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("member refused", "org_member", 403),
        ("outsider does not find it", "officer_b", 404),
        ("certificate admin of the org revokes", "officer_a", 302),
    ],
)
def test_revoke_access(request, client, certificate, _case, actor, status):
    # given
    client.force_login(request.getfixturevalue(actor))
    # when
    response = client.post(
        reverse("certificates:revoke", args=[certificate.public_id]), {"reason": "材料不实"}
    )
    # then
    assert response.status_code == status
    certificate.refresh_from_db()
    assert (certificate.status == CertificateStatus.REVOKED) is (status == 302)
    assert AuditLog.objects.filter(object_id=str(certificate.pk)).exists() is (status == 302)


def test_revoke_page_asks_to_confirm_and_names_a_missing_reason(client, certificate, officer_a):
    client.force_login(officer_a)
    url = reverse("certificates:revoke", args=[certificate.public_id])
    page = client.get(url).content.decode()
    assert "data-confirm=" in page
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200
    assert "请填写撤销原因" in response.content.decode()
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.VALID


def test_an_auditor_without_manage_gets_403_on_the_revoke_page(client, world, certificate):
    # 只读审计 views certificates but may not revoke them
    from gonghui.accounts.roles import AUDITOR

    client.force_login(make_cadre("reader", world.org_a, role=AUDITOR))
    assert client.get(reverse("certificates:detail", args=[certificate.public_id])).status_code == 200
    assert client.get(reverse("certificates:revoke", args=[certificate.public_id])).status_code == 403


def test_list_searches_filters_and_pages(client, world, officer_a, officer_b, certificate):
    # given a second certificate of org A and one of org B
    _, other = make_member_user("13700002222", world.org_a, name="李四")
    issue_certificate(issuer=world.org_a, holder=other)
    _, member_b = make_member_user("13700003333", world.org_b, name="王五")
    issue_certificate(issuer=world.org_b, holder=member_b)
    client.force_login(officer_a)
    url = reverse("certificates:list")
    # when / then: the admin of org A sees org A's two certificates only
    page = client.get(url).content.decode()
    assert "张三明" in page
    assert "李四" in page
    assert "王五" not in page
    # search by holder name and by number
    page = client.get(url, {"q": "李四"}).content.decode()
    assert "李四" in page
    assert "张三明" not in page
    page = client.get(url, {"q": certificate.number}).content.decode()
    assert "张三明" in page
    assert "李四" not in page
    # filter by status and kind
    assert "没有符合条件的证书" in client.get(url, {"status": "revoked"}).content.decode()
    assert "张三明" in client.get(url, {"kind": TEST_KIND}).content.decode()


def test_list_is_empty_for_a_new_union(client, officer_b):
    client.force_login(officer_b)
    assert "还没有颁发过证书" in client.get(reverse("certificates:list")).content.decode()


def test_list_query_count_does_not_grow_with_rows(client, world, officer_a, django_assert_max_num_queries):
    for n in range(12):
        _, member = make_member_user(f"1370000{n:04d}", world.org_a, name=f"会员{n}")
        issue_certificate(issuer=world.org_a, holder=member)
    client.force_login(officer_a)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("certificates:list")).status_code == 200


def test_console_pdf_download(client, certificate, officer_a):
    client.force_login(officer_a)
    response = client.get(reverse("certificates:download", args=[certificate.public_id]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_export_lists_the_visible_certificates(client, world, officer_a, certificate):
    from io import BytesIO

    from python_calamine import CalamineWorkbook

    client.force_login(officer_a)
    response = client.post(reverse("spreadsheets:export_start", args=["certificates"]))
    assert response.status_code == 200
    book = CalamineWorkbook.from_filelike(BytesIO(response.content))
    rows = book.get_sheet_by_name(book.sheet_names[0]).to_python()
    assert rows[0][:3] == ["证书编号", "证书类别", "持证人"]
    assert rows[1][:3] == [certificate.number, "测试荣誉证书", "张三明"]
    assert len(rows) == 2


# ---- 批量发证 -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("member refused", "org_member", 403),
        ("outsider does not find the owner", "officer_b", 404),
        ("certificate admin of the org starts it", "officer_a", 302),
    ],
)
def test_batch_issue_access(request, client, world, _case, actor, status, django_capture_on_commit_callbacks):
    # given
    client.force_login(request.getfixturevalue(actor))
    url = reverse("certificates:batch_issue", args=[TEST_KIND, world.org_a.pk])
    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"title": "2026年优秀会员", "awarded_on": "2026-05-04"})
    # then
    assert response.status_code == status
    assert IssueJob.objects.exists() is (status == 302)
    if status == 302:
        job = IssueJob.objects.get()
        assert response["Location"] == reverse("certificates:job", args=[job.public_id])
        assert job.status == IssueJobStatus.DONE
        assert Certificate.objects.get().holder == world.member_a
        page = client.get(response["Location"]).content.decode()
        assert "已完成" in page
        assert 'data-progress="100"' in page


# ---- 我的证书 -------------------------------------------------------------------------------------------------


def test_my_certificates_lists_every_kind_with_download_and_check(client, world, certificate):
    from gonghui.certificates.demo import DEMO_KIND
    from gonghui.certificates.services import certificate_issue

    other_kind = certificate_issue(
        kind=DEMO_KIND,
        issuer=world.city,
        owner=world.city,
        holder=world.member_a,
        holder_name="张三明",
        title="市级表彰",
        awarded_on=dt.date(2026, 6, 1),
        actor=None,
    )
    client.force_login(world.org_member)
    page = client.get(reverse("portal:certificates")).content.decode()
    assert page.index("市级表彰") < page.index("2026年优秀会员")  # newest first
    assert "工会工作荣誉证书" in page
    assert "测试荣誉证书" in page
    assert reverse("certificates:verify", args=[other_kind.code]) in page
    assert reverse("portal:certificate", args=[certificate.public_id]) + "?format=pdf" in page


def test_my_certificates_empty_state(client, world):
    client.force_login(world.org_member)
    assert "您还没有证书" in client.get(reverse("portal:certificates")).content.decode()


def test_member_downloads_own_certificate_but_not_another(client, world, certificate):
    _, other = make_member_user("13700002222", world.org_a, name="李四")
    others = issue_certificate(issuer=world.org_a, holder=other)
    client.force_login(world.org_member)
    own = client.get(reverse("portal:certificate", args=[certificate.public_id]), {"format": "pdf"})
    assert own.status_code == 200
    assert own.content.startswith(b"%PDF")
    assert client.get(reverse("portal:certificate", args=[others.public_id])).status_code == 404
    assert (
        client.get(reverse("portal:certificate", args=[others.public_id]), {"format": "pdf"}).status_code
        == 404
    )
