import pytest

from conftest import make_cadre, make_member_user
from gonghui.certificates.permissions import OFFICER_ROLE
from gonghui.certificates.selectors import (
    certificate_by_code,
    certificate_get_visible_or_404,
    certificates_visible_to,
    code_normalise,
)

from .factories import issue_certificate

pytestmark = pytest.mark.django_db


def test_visible_to_is_the_issuers_subtree(world):
    # given certificates issued by org A (under county X) and by org B (under county Y)
    in_x = issue_certificate(issuer=world.org_a, holder=world.member_a)
    _, member_b = make_member_user("13700003333", world.org_b, name="王五")
    in_y = issue_certificate(issuer=world.org_b, holder=member_b)
    # then the county X officer sees org A's, the city officer both, a member none
    assert list(certificates_visible_to(make_cadre("cx", world.county_x, role=OFFICER_ROLE))) == [in_x]
    assert set(certificates_visible_to(make_cadre("city", world.city, role=OFFICER_ROLE))) == {in_x, in_y}
    assert list(certificates_visible_to(world.org_member)) == []


def test_get_visible_or_404_hides_other_subtrees(world):
    from django.http import Http404

    certificate = issue_certificate(issuer=world.org_a, holder=world.member_a)
    officer_y = make_cadre("cy", world.county_y, role=OFFICER_ROLE)
    with pytest.raises(Http404):
        certificate_get_visible_or_404(officer_y, certificate.public_id)
    with pytest.raises(Http404):
        certificate_get_visible_or_404(officer_y, "not-a-uuid")


def test_code_lookup_normalises_what_was_typed(world):
    certificate = issue_certificate(issuer=world.org_a, holder=world.member_a, code="ABCD2345EFGH")
    assert code_normalise(" abcd-2345 efgh ") == "ABCD2345EFGH"
    assert certificate_by_code("abcd-2345-efgh") == certificate
    assert certificate_by_code("") is None
    assert certificate_by_code("ZZZZ") is None
