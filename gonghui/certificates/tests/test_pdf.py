import pytest
from django.template.loader import render_to_string
from django.test import override_settings

from gonghui.certificates.pdf import certificate_fields, certificate_pdf, qr_data_uri, verify_url
from gonghui.core.pdf import pdf_fonts

from .factories import issue_certificate

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(world):
    return issue_certificate(issuer=world.org_a, holder=world.member_a, holder_name="张三明")


@override_settings(PUBLIC_BASE_URL="https://gh.example.cn")
def test_qr_points_at_the_public_base_url(certificate):
    assert verify_url(certificate, base_url="http://10.0.0.5/") == (
        f"https://gh.example.cn/certificates/verify/{certificate.code}/"
    )


@override_settings(PUBLIC_BASE_URL="")
def test_qr_falls_back_to_the_request_base_url(certificate):
    assert verify_url(certificate, base_url="http://10.0.0.5/") == (
        f"http://10.0.0.5/certificates/verify/{certificate.code}/"
    )


def test_kind_fields_are_printed_with_their_labels(certificate):
    assert certificate_fields(certificate) == [("名次", 1)]


def test_pdf_is_one_landscape_page_with_the_number_code_and_qr(certificate):
    from weasyprint import HTML

    # the PDF itself
    assert certificate_pdf(certificate, base_url="http://10.0.0.5/").startswith(b"%PDF")
    # its HTML: the facts and the QR code of the check page, on one A4 landscape page
    url = verify_url(certificate, base_url="http://10.0.0.5/")
    html = render_to_string(
        "certificates/pdf/base.html",
        {
            "certificate": certificate,
            "fields": certificate_fields(certificate),
            "verify_url": url,
            "qr": qr_data_uri(url),
            "pdf_fonts": pdf_fonts(),
        },
    )
    assert certificate.number in html
    assert certificate.code in html
    assert "张三明" in html
    assert "名次：1" in html
    assert 'src="data:image/svg+xml' in html
    pages = HTML(string=html).render().pages
    assert len(pages) == 1
    assert pages[0].width > pages[0].height
