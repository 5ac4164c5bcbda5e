"""Console pages and the lawyer's desk: the three actors (org A's 法律服务干事, org A's plain member, org B's
法律服务干事), a lawyer who sees only what is assigned to them and page rendering (exports: test_export.py)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from gonghui.legal.choices import AidStatus, ConsultationStatus
from gonghui.legal.models import Lawyer

from .factories import make_application, make_consultation, make_lawyer

pytestmark = pytest.mark.django_db


def _actor(request, name):
    return request.getfixturevalue(name)


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("handler of org A sees it", "handler_a", 200),
        ("plain member is refused at the console gate", "org_member", 403),
        ("handler of org B does not know it exists", "handler_b", 404),
        ("org A's union admin handles legal cases of its union", "org_admin", 200),
        ("org B's union admin does not know it exists", "outsider", 404),
    ],
)
def test_consultation_detail_access(request, client, world, _case, actor, status):
    # given
    consultation = make_consultation(world.org_a, member=world.member_a, title="甲的咨询")
    client.force_login(_actor(request, actor))
    # when
    response = client.get(reverse("legal:consultation_detail", args=[consultation.public_id]))
    # then
    assert response.status_code == status
    assert ("甲的咨询" in response.content.decode()) is (status == 200)


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("handler of org A approves", "handler_a", 302),
        ("plain member may not", "org_member", 403),
        ("handler of org B gets 404", "handler_b", 404),
    ],
)
def test_approve_view_access(request, client, world, lawyer_a, _case, actor, status):
    # given
    application = make_application(world.org_a, member=world.member_a)
    client.force_login(_actor(request, actor))
    # when
    response = client.post(
        reverse("legal:application_approve", args=[application.public_id]), {"lawyer": lawyer_a.pk}
    )
    # then
    assert response.status_code == status
    application.refresh_from_db()
    assert (application.status == AidStatus.APPROVED) is (status == 302)
    assert (application.assigned_lawyer == lawyer_a) is (status == 302)


def test_approve_refuses_a_lawyer_of_another_subtree(client, world, handler_a):
    # given: a lawyer registered by org B is not offered to org A
    application = make_application(world.org_a)
    lawyer_b = make_lawyer(world.org_b)
    client.force_login(handler_a)
    # when
    response = client.post(
        reverse("legal:application_approve", args=[application.public_id]), {"lawyer": lawyer_b.pk}
    )
    # then
    assert response.status_code == 200
    assert "请从律师库中选择律师" in response.content.decode()
    application.refresh_from_db()
    assert application.status == AidStatus.SUBMITTED


def test_reject_page_names_the_missing_reason(client, world, handler_a):
    application = make_application(world.org_a)
    client.force_login(handler_a)
    response = client.post(reverse("legal:application_reject", args=[application.public_id]), {"reason": ""})
    assert response.status_code == 200
    assert "请填写理由" in response.content.decode()
    application.refresh_from_db()
    assert application.status == AidStatus.SUBMITTED


def test_lists_show_only_the_handlers_subtree(client, world, handler_a, handler_b):
    # given
    make_consultation(world.org_a, title="甲的咨询")
    make_consultation(world.org_b, title="乙的咨询")
    make_application(world.org_a, applicant_name="甲申请人")
    make_application(world.org_b, applicant_name="乙申请人")
    # when
    client.force_login(handler_b)
    consultations = client.get(reverse("legal:consultation_list")).content.decode()
    applications = client.get(reverse("legal:application_list")).content.decode()
    # then
    assert "乙的咨询" in consultations
    assert "甲的咨询" not in consultations
    assert "乙申请人" in applications
    assert "甲申请人" not in applications


def test_list_filters_and_search(client, world, handler_a):
    make_consultation(world.org_a, title="工资问题")
    make_consultation(world.org_a, title="社保问题", status=ConsultationStatus.ANSWERED)
    client.force_login(handler_a)
    body = client.get(reverse("legal:consultation_list"), {"q": "社保"}).content.decode()
    assert "社保问题" in body
    assert "工资问题" not in body
    body = client.get(reverse("legal:consultation_list"), {"status": "pending"}).content.decode()
    assert "工资问题" in body
    assert "社保问题" not in body


def test_overdue_filter_and_marker(client, world, handler_a):
    import datetime as dt

    make_application(world.org_a, applicant_name="超期申请人", submitted_on=dt.date(2025, 1, 6))
    make_application(world.org_a, applicant_name="按期申请人")
    client.force_login(handler_a)
    body = client.get(reverse("legal:application_list"), {"overdue": "1"}).content.decode()
    assert "超期申请人" in body
    assert "按期申请人" not in body
    assert 'data-review="overdue"' in body


def test_list_query_count_does_not_grow(client, world, handler_a, django_assert_max_num_queries):
    for _ in range(3):
        make_application(
            world.org_a, member=world.member_a, status=AidStatus.APPROVED, lawyer=make_lawyer(world.org_a)
        )
    client.force_login(handler_a)
    client.get(reverse("legal:application_list"))
    with django_assert_max_num_queries(12) as first:
        client.get(reverse("legal:application_list"))
    for _ in range(5):
        make_application(
            world.org_a, member=world.member_a, status=AidStatus.APPROVED, lawyer=make_lawyer(world.org_a)
        )
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(reverse("legal:application_list"))


def test_console_pages_render_for_a_handler(client, world, handler_a, lawyer_a):
    # given an object in every state
    consultations = [make_consultation(world.org_a, status=s) for s in ConsultationStatus.values]
    applications = [
        make_application(world.org_a, status=s, lawyer=lawyer_a if s in ("approved", "closed") else None)
        for s in AidStatus.values
    ]
    client.force_login(handler_a)
    urls = [
        reverse(n)
        for n in (
            "legal:consultation_list",
            "legal:consultation_create",
            "legal:application_list",
            "legal:application_create",
            "legal:lawyer_list",
            "legal:lawyer_create",
            "legal:statistics",
        )
    ]
    urls += [reverse("legal:consultation_detail", args=[c.public_id]) for c in consultations]
    urls += [reverse("legal:application_detail", args=[a.public_id]) for a in applications]
    urls += [reverse(n, args=[lawyer_a.public_id]) for n in ("legal:lawyer_detail", "legal:lawyer_edit")]
    urls += [
        reverse("legal:consultation_answer", args=[consultations[0].public_id]),
        reverse("legal:consultation_assign", args=[consultations[0].public_id]),
        reverse("legal:consultation_publish", args=[consultations[1].public_id]),
        reverse("legal:consultation_unpublish", args=[consultations[2].public_id]),
        reverse("legal:application_approve", args=[applications[0].public_id]),
        reverse("legal:application_reject", args=[applications[0].public_id]),
        reverse("legal:application_reassign", args=[applications[1].public_id]),
        reverse("legal:application_outcome", args=[applications[1].public_id]),
    ]
    # then
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_answer_publish_flow_through_the_pages(client, world, handler_a):
    # given
    consultation = make_consultation(world.org_a, member=world.member_a)
    client.force_login(handler_a)
    # when
    client.post(reverse("legal:consultation_answer", args=[consultation.public_id]), {"answer": "可申请仲裁"})
    response = client.post(
        reverse("legal:consultation_publish", args=[consultation.public_id]),
        {
            "published_title": "拖欠工资",
            "published_question": "甲会员被拖欠工资",
            "published_answer": "可申请仲裁",
        },
    )
    # then the name is refused on the form, nothing is published
    assert "含有可识别身份的信息：甲会员，请删改后再公开" in response.content.decode()
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.ANSWERED
    client.post(
        reverse("legal:consultation_publish", args=[consultation.public_id]),
        {
            "published_title": "拖欠工资",
            "published_question": "某职工被拖欠工资",
            "published_answer": "可申请仲裁",
        },
    )
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.PUBLISHED


def test_lawyer_create_and_deactivate_pages(client, world, handler_a):
    client.force_login(handler_a)
    response = client.post(
        reverse("legal:lawyer_create"),
        {"org": world.org_a.pk, "name": "王律师", "firm": "某所", "licence_number": "123", "phone": "0391"},
    )
    assert "执业证号应为17位数字" in response.content.decode()
    client.post(
        reverse("legal:lawyer_create"),
        {
            "org": world.org_a.pk,
            "name": "王律师",
            "firm": "某所",
            "licence_number": "14108201810012345",
            "phone": "0391",
        },
    )
    lawyer = Lawyer.objects.get()
    client.post(reverse("legal:lawyer_deactivate", args=[lawyer.public_id]), {"reason": "合作到期"})
    lawyer.refresh_from_db()
    assert lawyer.active is False
    client.post(reverse("legal:lawyer_reactivate", args=[lawyer.public_id]))
    lawyer.refresh_from_db()
    assert lawyer.active is True


# --- the lawyer's desk --------------------------------------------------------------------------------------


def test_a_lawyer_sees_only_their_assigned_cases(client, world, lawyer_a, lawyer_city):
    # given: cases of org A and org B, some assigned to lawyer A
    mine = make_consultation(world.org_a, title="指派给甲律师的咨询", lawyer=lawyer_a)
    make_consultation(world.org_a, title="未指派的咨询")
    other = make_consultation(world.org_b, title="乙的咨询", lawyer=lawyer_city)
    my_case = make_application(
        world.org_b, applicant_name="乙县申请人", status=AidStatus.APPROVED, lawyer=lawyer_a
    )
    client.force_login(lawyer_a.user)
    # when
    body = client.get(reverse("legal:assigned_list")).content.decode()
    # then: what is assigned to them, whatever the union, and nothing else
    assert "指派给甲律师的咨询" in body
    assert "乙县申请人" in body
    assert "未指派的咨询" not in body
    assert "乙的咨询" not in body
    assert client.get(reverse("legal:assigned_consultation", args=[mine.public_id])).status_code == 200
    assert client.get(reverse("legal:assigned_application", args=[my_case.public_id])).status_code == 200
    assert client.get(reverse("legal:assigned_consultation", args=[other.public_id])).status_code == 404
    # and never the console lists, which need legal.view
    assert client.get(reverse("legal:consultation_list")).status_code == 403
    assert client.get(reverse("legal:consultation_detail", args=[mine.public_id])).status_code == 403


def test_the_lawyer_answers_on_the_desk(client, world, lawyer_a):
    consultation = make_consultation(world.org_a, member=world.member_a, lawyer=lawyer_a)
    client.force_login(lawyer_a.user)
    client.post(reverse("legal:assigned_consultation", args=[consultation.public_id]), {"answer": "律师解答"})
    consultation.refresh_from_db()
    assert (consultation.status, consultation.answer, consultation.answered_by) == (
        ConsultationStatus.ANSWERED,
        "律师解答",
        lawyer_a.user,
    )


def test_the_lawyer_records_the_outcome_on_the_desk(client, world, lawyer_a):
    application = make_application(world.org_a, status=AidStatus.APPROVED, lawyer=lawyer_a)
    client.force_login(lawyer_a.user)
    client.post(
        reverse("legal:assigned_application", args=[application.public_id]),
        {"outcome": "litigation", "amount_recovered": "3000"},
    )
    application.refresh_from_db()
    assert (application.status, application.outcome, application.amount_recovered) == (
        AidStatus.CLOSED,
        "litigation",
        Decimal("3000.00"),
    )


@pytest.mark.parametrize("actor", ["handler_a", "handler_b", "org_member"])
def test_nobody_else_reaches_the_lawyer_desk_of_a_case(request, client, world, lawyer_a, actor):
    consultation = make_consultation(world.org_a, lawyer=lawyer_a)
    client.force_login(_actor(request, actor))
    response = client.get(reverse("legal:assigned_consultation", args=[consultation.public_id]))
    assert response.status_code == 404
    assert client.get(reverse("legal:assigned_list")).status_code == 403


def test_a_lawyer_of_the_union_above_is_readable_below_but_not_manageable(client, world):
    # given a lawyer in the city's 律师库 (shared down to every union below)
    lawyer = make_lawyer(world.city, name="市律师甲")
    # when org A's admin opens it
    client.force_login(world.org_admin)
    response = client.get(reverse("legal:lawyer_detail", args=[lawyer.public_id]))
    # then it is shown, without the management actions, and editing stays with the city
    assert response.status_code == 200
    assert "市律师甲" in response.content.decode()
    assert reverse("legal:lawyer_edit", args=[lawyer.public_id]) not in response.content.decode()
    assert client.get(reverse("legal:lawyer_edit", args=[lawyer.public_id])).status_code == 403
    # and a plain member is still refused at the console gate
    client.force_login(world.org_member)
    assert client.get(reverse("legal:lawyer_detail", args=[lawyer.public_id])).status_code == 403
