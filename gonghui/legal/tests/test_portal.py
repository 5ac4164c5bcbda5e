"""Member portal pages: asking, applying with files, following one's own cases, and the anonymised FAQ."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import make_member_user
from gonghui.attachments.models import Attachment
from gonghui.legal.choices import AidStatus, ConsultationStatus
from gonghui.legal.models import Consultation, LegalAidApplication
from gonghui.legal.services import consultation_answer, consultation_publish

from .factories import make_application, make_consultation

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def member_client(client, world):
    client.force_login(world.org_member)
    return client


def test_member_asks_a_question(member_client, world):
    # when
    response = member_client.post(
        reverse("legal:consultation_ask"),
        {
            "org": world.org_a.pk,
            "category": "wages",
            "title": "拖欠工资",
            "question": "怎么办",
            "publish_consent": "on",
        },
    )
    # then
    consultation = Consultation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("legal:my_consultation", args=[consultation.public_id])
    assert (consultation.member, consultation.org, consultation.publish_consent) == (
        world.member_a,
        world.org_a,
        True,
    )
    page = member_client.get(response["Location"]).content.decode()
    assert "正在解答中" in page
    assert consultation.number in page


def test_the_form_names_missing_fields_and_offers_only_unions_above(member_client, world):
    # when
    response = member_client.post(
        reverse("legal:consultation_ask"), {"org": world.org_b.pk, "category": "wages"}
    )
    # then
    body = response.content.decode()
    assert "请选择受理工会" in body
    assert "请填写标题" in body
    assert "请填写问题" in body
    assert Consultation.objects.count() == 0
    form_page = member_client.get(reverse("legal:consultation_ask")).content.decode()
    assert world.county_x.name in form_page
    assert world.org_b.name not in form_page


def test_member_applies_for_legal_aid_with_a_proof(member_client, world):
    # given
    proof = SimpleUploadedFile("收入证明.pdf", PDF, content_type="application/pdf")
    # when
    with time_machine.travel(dt.datetime(2026, 9, 29, 10, tzinfo=TZ), tick=False):
        response = member_client.post(
            reverse("legal:aid_apply"),
            {
                "org": world.org_a.pk,
                "dispute_type": "wages",
                "amount_involved": "12000",
                "opposing_party": "某公司",
                "facts": "拖欠工资",
                "evidence_list": "工资条",
                "income_proofs": [proof],
            },
        )
    # then
    application = LegalAidApplication.objects.get()
    assert response.status_code == 302
    assert application.review_due_on == dt.date(2026, 10, 19)
    page = member_client.get(response["Location"]).content.decode()
    assert "2026年10月19日前" in page
    assert "收入证明.pdf" in page
    attachment = Attachment.objects.get()
    assert member_client.get(attachment.get_absolute_url()).status_code == 200


def test_income_proofs_are_downloaded_only_by_the_union_the_lawyer_and_the_applicant(
    client, world, handler_a, handler_b, lawyer_a, lawyer_city
):
    # given: member A's application with a proof, assigned to lawyer A
    from gonghui.legal.services import AidRequest, aid_submit

    application = aid_submit(
        member=world.member_a,
        org=world.org_a,
        request=AidRequest("wages", None, "某公司", "拖欠工资"),
        files=[SimpleUploadedFile("证明.pdf", PDF)],
        actor=world.org_member,
    )
    application.assigned_lawyer = lawyer_a
    application.save(update_fields=["assigned_lawyer"])
    url = Attachment.objects.get().get_absolute_url()
    # then
    for user, status in (
        (world.org_member, 200),
        (handler_a, 200),
        (lawyer_a.user, 200),
        (handler_b, 404),
        (lawyer_city.user, 404),
    ):
        client.force_login(user)
        assert client.get(url).status_code == status, user


def test_a_bad_proof_is_reported_on_the_form_and_nothing_is_saved(member_client, world):
    response = member_client.post(
        reverse("legal:aid_apply"),
        {
            "org": world.org_a.pk,
            "dispute_type": "wages",
            "opposing_party": "某公司",
            "facts": "拖欠工资",
            "income_proofs": [SimpleUploadedFile("证明.exe", b"MZ...")],
        },
    )
    assert "第1个文件“证明.exe”：不支持该文件类型" in response.content.decode()
    assert LegalAidApplication.objects.count() == 0


def test_member_sees_state_and_outcome(member_client, world, lawyer_a):
    application = make_application(
        world.org_a, member=world.member_a, status=AidStatus.CLOSED, lawyer=lawyer_a, outcome="mediated"
    )
    body = member_client.get(reverse("legal:my_application", args=[application.public_id])).content.decode()
    assert "已结案" in body
    assert "调解成功" in body
    home = member_client.get(reverse("legal:portal_home")).content.decode()
    assert application.number in home


def test_members_see_only_their_own_cases(client, world):
    # given another member of org A
    other_user, other = make_member_user("13700002222", world.org_a, name="乙会员")
    consultation = make_consultation(world.org_a, member=world.member_a)
    application = make_application(world.org_a, member=world.member_a)
    proof = Attachment.objects.none()
    client.force_login(other_user)
    # then
    assert client.get(reverse("legal:my_consultation", args=[consultation.public_id])).status_code == 404
    assert client.get(reverse("legal:my_application", args=[application.public_id])).status_code == 404
    assert consultation.number not in client.get(reverse("legal:portal_home")).content.decode()
    assert proof.count() == 0


def test_faq_is_anonymised_and_searchable(client, world, handler_a):
    # given: member A's consultation, answered and published after the handler removed the identifying text
    consultation = make_consultation(
        world.org_a,
        member=world.member_a,
        title="甲会员在甲县第一中学被拖欠工资",
        question="我是甲会员，学校拖欠工资",
    )
    consultation_answer(consultation=consultation, answer="可以向劳动仲裁委申请仲裁", actor=handler_a)
    consultation_publish(
        consultation=consultation,
        title="学校拖欠工资怎么办",
        question="某职工反映学校拖欠工资",
        actor=handler_a,
    )
    make_consultation(world.org_a, title="未公开的咨询", status=ConsultationStatus.ANSWERED)
    other_user, _other = make_member_user("13700002222", world.org_b, name="乙会员")
    client.force_login(other_user)
    # when
    listing = client.get(reverse("legal:faq"), {"q": "拖欠"}).content.decode()
    detail = client.get(reverse("legal:faq_detail", args=[consultation.public_id])).content.decode()
    # then
    assert "学校拖欠工资怎么办" in listing
    assert "未公开的咨询" not in listing
    assert "某职工反映学校拖欠工资" in detail
    assert "可以向劳动仲裁委申请仲裁" in detail
    for secret in (
        "甲会员",
        world.member_a.phone,
        world.org_a.name,
        world.org_a.unit_name,
        consultation.number,
    ):
        assert secret not in listing
        assert secret not in detail
    assert "学校拖欠工资怎么办" not in client.get(reverse("legal:faq"), {"q": "工伤"}).content.decode()
    assert (
        "学校拖欠工资怎么办" not in client.get(reverse("legal:faq"), {"category": "injury"}).content.decode()
    )


def test_an_unpublished_consultation_is_not_in_the_faq(member_client, world):
    consultation = make_consultation(world.org_a, status=ConsultationStatus.ANSWERED)
    assert member_client.get(reverse("legal:faq_detail", args=[consultation.public_id])).status_code == 404


@pytest.mark.parametrize("actor", ["org_admin", "outsider"])
def test_cadres_without_a_member_record_cannot_use_the_portal_pages(request, client, world, actor):
    client.force_login(request.getfixturevalue(actor))
    assert client.get(reverse("legal:consultation_ask")).status_code == 403
    assert client.get(reverse("legal:faq")).status_code == 403


def test_a_teacher_applies_for_aid_in_a_professional_title_dispute(member_client, world):
    # given the application form offers the disputes of 事业单位 staff beside the company ones
    form = member_client.get(reverse("legal:aid_apply")).content.decode()
    for label in ("人事争议", "聘用合同纠纷", "职称评聘", "绩效工资", "编制与事业单位改革", "追索劳动报酬"):
        assert label in form
    # when a teacher applies in a 职称评聘 dispute with the school
    proof = SimpleUploadedFile("收入证明.pdf", PDF, content_type="application/pdf")
    response = member_client.post(
        reverse("legal:aid_apply"),
        {
            "org": world.org_a.pk,
            "dispute_type": "professional_title",
            "opposing_party": "某中学",
            "facts": "评聘条件已满足但未予聘任",
            "evidence_list": "职称证书",
            "income_proofs": [proof],
        },
    )
    # then
    assert response.status_code == 302
    application = LegalAidApplication.objects.get()
    assert application.get_dispute_type_display() == "职称评聘"
    assert "职称评聘" in member_client.get(response["Location"]).content.decode()
