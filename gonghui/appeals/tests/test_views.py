"""Pages of the case desk and the portal: the three-actor matrix, restricted categories, anonymity in pages and
exports, the reveal, internal notes kept from the member, list query counts."""

import datetime as dt
import json

import pytest
from django.urls import reverse

from conftest import make_cadre
from gonghui.accounts.tests.factories import RoleGrantFactory
from gonghui.appeals.choices import AppealStatus
from gonghui.appeals.models import Appeal
from gonghui.appeals.services import appeal_accept, appeal_note, appeal_reply
from gonghui.appeals.tests.factories import category, make_appeal
from gonghui.core.excel import read_rows
from gonghui.core.models import AuditAction, AuditLog


@pytest.fixture
def admins_handle(world):
    """The three actors with appeals roles: org A's and org B's admins are 维权干事 of their unions."""
    RoleGrantFactory.create(user=world.org_admin, role="appeals_handler", org=world.org_a)
    RoleGrantFactory.create(user=world.outsider, role="appeals_handler", org=world.org_b)
    return world


@pytest.fixture
def case_a(world):
    return make_appeal(world.member_a, title="拖欠课时费甲")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("org A's handler sees the case", "org_admin", 200),
        ("a member has no console", "org_member", 403),
        ("org B's handler gets 404", "outsider", 404),
    ],
)
def test_case_page_matrix(client, request, admins_handle, case_a, _case, actor, status):
    client.force_login(request.getfixturevalue(actor))
    response = client.get(reverse("appeals:appeal_detail", args=[case_a.public_id]))
    assert response.status_code == status


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("_case", "actor", "status", "accepted"),
    [
        ("org A's handler accepts", "org_admin", 302, True),
        ("a member may not", "org_member", 403, False),
        ("org B's handler gets 404", "outsider", 404, False),
    ],
)
def test_accept_matrix(client, request, admins_handle, case_a, _case, actor, status, accepted):
    client.force_login(request.getfixturevalue(actor))
    response = client.post(reverse("appeals:appeal_act", args=[case_a.public_id, "accept"]), {"note": ""})
    assert response.status_code == status
    case_a.refresh_from_db()
    assert (case_a.status == AppealStatus.ACCEPTED) is accepted


@pytest.mark.django_db
def test_a_union_admin_works_the_desk_and_a_plain_member_is_refused(client, world, case_a):
    client.force_login(world.org_admin)
    assert "拖欠课时费甲" in client.get(reverse("appeals:appeal_list")).content.decode()
    client.force_login(world.org_member)
    assert client.get(reverse("appeals:appeal_list")).status_code == 403


@pytest.mark.django_db
def test_the_desk_lists_only_the_union_s_cases(client, world, handler_a, handler_b, member_b, case_a):
    make_appeal(member_b, title="乙医院护士加班")
    client.force_login(handler_b)
    body = client.get(reverse("appeals:appeal_list")).content.decode()
    assert "乙医院护士加班" in body
    assert "拖欠课时费甲" not in body
    client.force_login(handler_a)
    body = client.get(reverse("appeals:appeal_list")).content.decode()
    assert "拖欠课时费甲" in body
    assert "乙医院护士加班" not in body


@pytest.mark.django_db
def test_restricted_categories_only_for_designated_handlers_and_supervisors(
    client, world, handler_a, women_handler_a, supervisor
):
    women = make_appeal(world.member_a, code="women", title="孕期被调夜班")
    url = reverse("appeals:appeal_detail", args=[women.public_id])
    client.force_login(handler_a)
    assert "孕期被调夜班" not in client.get(reverse("appeals:appeal_list")).content.decode()
    assert client.get(url).status_code == 404
    for user in (women_handler_a, supervisor):
        client.force_login(user)
        assert "孕期被调夜班" in client.get(reverse("appeals:appeal_list")).content.decode()
        assert client.get(url).status_code == 200
    # the restricted list is configurable: once 女职工权益 is open, every handler of the union sees it
    category("women").__class__.objects.filter(code="women").update(is_restricted=False)
    client.force_login(handler_a)
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_a_lawyer_sees_only_assigned_cases(client, world, lawyer, case_a):
    other = make_appeal(world.member_a, title="另一件事情")
    Appeal.objects.filter(pk=case_a.pk).update(lawyer=lawyer)
    client.force_login(lawyer)
    body = client.get(reverse("appeals:appeal_list")).content.decode()
    assert "拖欠课时费甲" in body
    assert "另一件事情" not in body
    assert client.get(reverse("appeals:appeal_detail", args=[other.public_id])).status_code == 404
    assert client.get(reverse("appeals:appeal_detail", args=[case_a.public_id])).status_code == 200
    assert client.get(reverse("appeals:appeal_stats")).status_code == 403


@pytest.mark.django_db
def test_an_anonymous_case_never_shows_the_identity_to_a_handler(client, world, handler_a):
    appeal = make_appeal(world.member_a, anonymous=True, title="匿名反映加班")
    Appeal.objects.filter(pk=appeal.pk).update(accept_due=dt.date(2025, 1, 2))  # overdue: on the board too
    secrets = [world.member_a.name, world.member_a.phone, world.member_a.phone[-4:]]
    client.force_login(handler_a)
    pages = [
        client.get(reverse("appeals:appeal_list")),
        client.get(reverse("appeals:appeal_detail", args=[appeal.public_id])),
        client.get(reverse("appeals:appeal_overdue_board")),
        client.get("/api/v1/appeals/"),
        client.get(f"/api/v1/appeals/{appeal.public_id}"),
    ]
    for response in pages:
        assert response.status_code == 200
        is_json = "json" in response["Content-Type"]
        body = json.dumps(response.json(), ensure_ascii=False) if is_json else response.content.decode()
        assert "匿名反映加班" in body
        assert [s for s in secrets if s in body] == []
    export = client.post(reverse("spreadsheets:export_start", args=["appeals"]))
    cells = [str(c) for row in read_rows(export.content) for c in row]
    assert "匿名" in cells
    assert [s for s in secrets if any(s in c for c in cells)] == []
    # nor may a handler reveal it
    response = client.post(reverse("appeals:appeal_reveal", args=[appeal.public_id]), {"reason": "好奇是谁"})
    assert response.status_code == 403
    assert AuditLog.objects.filter(action=AuditAction.REVEAL).count() == 0


@pytest.mark.django_db
def test_a_supervisor_reveals_with_a_reason_and_the_reveal_is_audited(client, world, supervisor):
    appeal = make_appeal(world.member_a, anonymous=True)
    client.force_login(supervisor)
    url = reverse("appeals:appeal_detail", args=[appeal.public_id])
    assert world.member_a.name not in client.get(url).content.decode()
    response = client.post(reverse("appeals:appeal_reveal", args=[appeal.public_id]), {"reason": ""})
    assert response.status_code == 422
    assert "请填写查看身份的理由" in response.content.decode()
    response = client.post(
        reverse("appeals:appeal_reveal", args=[appeal.public_id]),
        {"reason": "需要当面核实情况"},
        REMOTE_ADDR="192.0.2.10",
        HTTP_USER_AGENT="Mozilla/5.0 督办",
    )
    assert response.status_code == 200
    assert world.member_a.name in response.content.decode()
    audit = AuditLog.objects.get(action=AuditAction.REVEAL)
    assert audit.detail["reason"] == "需要当面核实情况"
    # the view hands the service an AuditContext built from the request: address and browser are recorded
    assert (audit.ip_address, audit.user_agent) == ("192.0.2.10", "Mozilla/5.0 督办")
    # the next visit is anonymous again
    assert world.member_a.name not in client.get(url).content.decode()


@pytest.mark.django_db
def test_action_errors_name_the_field(client, world, handler_a, case_a):
    client.force_login(handler_a)
    response = client.post(reverse("appeals:appeal_act", args=[case_a.public_id, "reject"]), {"note": ""})
    assert response.status_code == 422
    assert "请填写理由" in response.content.decode()
    case_a.refresh_from_db()
    assert case_a.status == AppealStatus.SUBMITTED


@pytest.mark.django_db
def test_the_desk_list_query_count_does_not_grow(client, world, handler_a, django_assert_max_num_queries):
    for n in range(3):
        make_appeal(world.member_a, title=f"诉求{n}")
    client.force_login(handler_a)
    url = reverse("appeals:appeal_list")
    client.get(url)
    with django_assert_max_num_queries(16) as few:
        client.get(url)
    for n in range(3, 12):
        make_appeal(world.member_a, title=f"诉求{n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


@pytest.mark.django_db
def test_record_on_behalf_page(client, world, handler_a):
    client.force_login(handler_a)
    url = reverse("appeals:appeal_create")
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "org": world.org_a.pk,
            "channel": "phone",
            "contact_name": "甲会员",
            "contact_phone": world.member_a.phone,
            "category": category("wages").pk,
            "title": "电话反映课时费",
            "description": "来电反映学校拖欠三个月课时费。",
            "contact_preference": "phone",
            "consent_told": "on",
        },
    )
    appeal = Appeal.objects.get()
    assert response.status_code == 302
    assert (appeal.channel, appeal.member, appeal.submitted_by) == ("phone", world.member_a, handler_a)


@pytest.mark.django_db
def test_portal_submit_receipt_and_detail_without_internal_notes(client, world, handler_a, member_b):
    client.force_login(world.org_member)
    assert client.get(reverse("appeals:portal_new")).status_code == 200
    response = client.post(
        reverse("appeals:portal_new"),
        {
            "category": category("wages").pk,
            "title": "课时费拖欠",
            "description": "学校已经三个月没有发放课时费了。",
            "contact_preference": "portal",
            "target_org": world.org_a.pk,
            "privacy": "on",
        },
    )
    appeal = Appeal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("appeals:portal_detail", args=[appeal.public_id])
    appeal_note(appeal=appeal, actor=handler_a, body="内部：校长态度强硬")
    appeal_reply(appeal=appeal_accept(appeal=appeal, actor=handler_a), actor=handler_a, body="已督促学校补发")
    body = client.get(response["Location"]).content.decode()
    assert appeal.number in body
    assert world.org_a.name in body
    assert "已督促学校补发" in body
    assert "校长态度强硬" not in body
    assert "handler_a" not in body
    # another member cannot open it
    client.force_login(member_b.user)
    assert client.get(response["Location"]).status_code == 404


@pytest.mark.django_db
def test_portal_errors_name_the_fields(client, world):
    client.force_login(world.org_member)
    response = client.post(reverse("appeals:portal_new"), {"title": "", "target_org": world.org_a.pk})
    body = response.content.decode()
    assert "请选择诉求类别" in body
    assert "请填写标题" in body
    assert "请先阅读并同意个人信息保护说明" in body
    assert Appeal.objects.count() == 0


@pytest.mark.django_db
def test_portal_rate_and_reopen(client, world, handler_a):
    appeal = make_appeal(world.member_a)
    appeal = appeal_reply(appeal=appeal_accept(appeal=appeal, actor=handler_a), actor=handler_a, body="已办")
    client.force_login(world.org_member)
    response = client.post(reverse("appeals:portal_rate", args=[appeal.public_id]), {})
    assert response.status_code == 422
    response = client.post(
        reverse("appeals:portal_rate", args=[appeal.public_id]),
        {"rating": "unsatisfied", "comment": "没解决"},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("appeals:portal_reopen", args=[appeal.public_id]), {"reason": "课时费仍未发放"}
    )
    appeal.refresh_from_db()
    assert (appeal.status, appeal.reopen_count) == (AppealStatus.IN_PROGRESS, 1)


@pytest.mark.django_db
def test_overdue_board_and_stats_pages(client, world, supervisor, handler_a):
    make_appeal(world.member_a)
    client.force_login(supervisor)
    assert client.get(reverse("appeals:appeal_overdue_board")).status_code == 200
    response = client.get(reverse("appeals:appeal_stats"))
    assert response.status_code == 200
    assert "甲县教育工会" in response.content.decode()  # a child of the city union, for the drill-down
    export = client.post(reverse("spreadsheets:export_start", args=["appeal_stats"]) + "?org=CITY")
    assert export.status_code == 200
    assert AuditLog.objects.filter(action=AuditAction.EXPORT).count() == 1
    # org B's handler cannot open org A's statistics
    client.force_login(make_cadre("handler_b2", world.org_b, role="appeals_handler"))
    assert client.get(reverse("appeals:appeal_stats") + "?org=ORGA").status_code == 404


@pytest.mark.django_db
def test_category_pages_are_for_system_administrators(client, world, supervisor):
    client.force_login(supervisor)
    assert client.get(reverse("appeals:category_list")).status_code == 200
    assert client.post(reverse("appeals:category_create"), {"name": "新类别"}).status_code == 403
    admin = make_cadre("sys", world.city, role="sysadmin")
    client.force_login(admin)
    response = client.post(
        reverse("appeals:category_create"),
        {"name": "工会经费", "accept_days": 2, "reply_days": 10, "is_active": "on", "order": 95},
    )
    assert response.status_code == 302
    assert category("other").__class__.objects.filter(name="工会经费").exists()


@pytest.mark.django_db
def test_designation_pages(client, world, supervisor, handler_a):
    client.force_login(supervisor)
    url = reverse("appeals:designation_list")
    response = client.post(
        url, {"org": world.org_a.pk, "category": category("women").pk, "username": "handler_a"}
    )
    assert response.status_code == 302
    designation = handler_a.appeal_designations.get()
    response = client.post(reverse("appeals:designation_delete", args=[designation.pk]))
    assert response.status_code == 302
    assert handler_a.appeal_designations.count() == 0


@pytest.mark.django_db
def test_attachments_follow_the_case(client, world, handler_a, handler_b, member_b):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gonghui.appeals.selectors import appeal_attachments
    from gonghui.appeals.services import AppealInput, appeal_submit

    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    appeal, _ = appeal_submit(
        member=world.member_a,
        actor=world.org_member,
        data=AppealInput(category=category("wages"), title="附件测试", description="附上工资条请工会核实。"),
        privacy_accepted=True,
        uploads=[SimpleUploadedFile("工资条.pdf", pdf, content_type="application/pdf")],
    )
    url = appeal_attachments(appeal)[0].get_absolute_url()
    for user, allowed in (
        (world.org_member, True),
        (handler_a, True),
        (handler_b, False),
        (member_b.user, False),
    ):
        client.force_login(user)
        assert (client.get(url).status_code == 200) is allowed


@pytest.mark.django_db
def test_the_desk_filters_answer_htmx_with_the_table_only(client, world, handler_a, case_a):
    other = make_appeal(world.member_a, title="另一件诉求乙")
    appeal_accept(appeal=other, actor=handler_a)
    client.force_login(handler_a)
    response = client.get(reverse("appeals:appeal_list") + "?status=accepted", HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body
    assert "另一件诉求乙" in body
    assert "拖欠课时费甲" not in body
    mine = client.get(reverse("appeals:appeal_list") + "?mine=1").content.decode()
    assert "另一件诉求乙" not in mine  # accepted, not assigned


@pytest.mark.django_db
def test_designation_lookup_answers_the_same_for_unknown_and_out_of_scope_accounts(client, world, handler_a):
    # given a county supervisor of 乙县 and, in 甲县, a handler and a member with real names
    supervisor_y = make_cadre("supervisor_y", world.county_y, role="appeals_supervisor")
    handler_a.name = "甲维权干事"
    handler_a.save(update_fields=["name"])
    client.force_login(supervisor_y)
    url = reverse("appeals:designation_list")
    form = {"org": world.county_y.pk, "category": category("women").pk}
    # when the supervisor types 甲县's accounts (members log in as m<phone>) and an account that does not exist
    answers = [
        client.post(url, {**form, "username": username}).content.decode()
        for username in (handler_a.username, world.org_member.username, "nobody_here")
    ]
    # then each answer carries the same error on the field, naming nobody, and nothing is designated
    for answer in answers:
        assert "没有找到可指定的办理人" in answer
        assert "甲维权干事" not in answer
        assert world.member_a.name not in answer
    assert not handler_a.appeal_designations.exists()


@pytest.mark.django_db
def test_designation_of_a_handler_without_rights_on_the_union_names_the_account_only(client, world):
    # given a handler of 乙县's hospital, designated by the 乙县 supervisor for the county union itself
    supervisor_y = make_cadre("supervisor_y", world.county_y, role="appeals_supervisor")
    handler_b = make_cadre("handler_b", world.org_b, role="appeals_handler")
    handler_b.name = "乙维权干事"
    handler_b.save(update_fields=["name"])
    client.force_login(supervisor_y)
    # when
    response = client.post(
        reverse("appeals:designation_list"),
        {"org": world.county_y.pk, "category": category("women").pk, "username": "handler_b"},
    )
    # then the error names the typed account and the union, not the person's name
    body = response.content.decode()
    assert "账号 handler_b 在乙县教育工会没有维权办理权限" in body
    assert "乙维权干事" not in body
