"""Online joining pages: the public portal flow, the resubmission page, and the console's application pages."""

import datetime as dt
import json
import re

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import make_cadre
from gonghui.accounts.models import SmsCode
from gonghui.accounts.roles import REVIEWER
from gonghui.core.channels import ConsoleSmsBackend
from gonghui.members.choices import JoinStatus, MemberStatus
from gonghui.members.models import JoinApplication, Member
from gonghui.members.selectors import join_application_for_token, join_resubmit_token
from gonghui.members.tests.test_joining_factories import applicant_id_number, make_join_application

PHONE = "13655556666"
ID_NUMBER = applicant_id_number(1)


@pytest.fixture(autouse=True)
def _outbox():
    ConsoleSmsBackend.outbox.clear()
    yield
    ConsoleSmsBackend.outbox.clear()


def _last_code(phone: str) -> str:
    texts = [m.text for m in ConsoleSmsBackend.outbox if m.phone == phone]
    found = re.search(r"验证码为 (\d{6})", texts[-1])
    assert found is not None
    return found.group(1)


def _form_data(**changes) -> dict[str, str]:
    data = {
        "org": "ORGA",
        "name": "王小明",
        "gender": "M",
        "birth_date": "1992-04-09",
        "id_type": "resident",
        "id_number": ID_NUMBER,
        "phone": PHONE,
        "ethnicity": "01",
        "education": "21",
        "political_status": "13",
        "employment": "contract",
        "position_title": "化学教师",
        "unit_name": "甲县第一中学",
        "action": "submit",
    }
    data.update(changes)
    return data


def _accept_privacy(client):
    return client.post(reverse("members:join_start"), {"accept": "on"})


# --- public flow ------------------------------------------------------------------------------------------


def test_the_privacy_notice_comes_first(client, world):
    # when
    r = client.get(reverse("members:join_unit"))
    # then the notice is shown instead of the search
    assert r.status_code == 200
    assert "个人信息保护说明" in r.content.decode()
    refused = client.post(reverse("members:join_start"), {})
    assert "请先阅读并同意个人信息保护说明" in refused.content.decode()
    accepted = _accept_privacy(client)
    assert accepted.status_code == 302
    assert accepted["Location"] == reverse("members:join_unit")


def test_the_unit_search_lists_unions_without_contacts(client, world):
    # given
    _accept_privacy(client)
    # when
    r = client.get(reverse("members:join_unit"), {"q": "第一中学"})
    # then
    html = r.content.decode()
    assert "甲县第一中学工会" in html
    assert "/members/join/apply/?org=ORGA" in html
    assert world.org_a.contact_phone not in html
    assert "乙县人民医院工会" not in html


def test_the_pool_lists_county_unions(client, world):
    _accept_privacy(client)
    html = client.get(reverse("members:join_unit"), {"pool": "1"}).content.decode()
    assert "甲县教育工会" in html
    assert "/members/join/apply/?org=CX" in html
    assert "测试市教科文卫体工会" not in html


def test_the_json_search_exposes_only_code_name_and_unit_name(client, world):
    r = client.get(reverse("members:join_unit_search"), {"q": "医院"})
    assert r.status_code == 200
    assert json.loads(r.content) == [
        {"code": "ORGB", "name": "乙县人民医院工会", "unit_name": "乙县人民医院"}
    ]
    assert json.loads(client.get(reverse("members:join_unit_search")).content) == []


def test_a_worker_joins_online_end_to_end(client, world, django_capture_on_commit_callbacks):
    # given
    _accept_privacy(client)
    url = reverse("members:join_apply") + "?org=ORGA"
    page = client.get(url)
    assert page.status_code == 200
    assert "甲县第一中学工会" in page.content.decode()
    # when the worker asks for a code (the form posts back, no JavaScript needed)
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(url, _form_data(action="send_code"))
    assert "验证码已发送，5分钟内有效" in sent.content.decode()
    assert 'value="王小明"' in sent.content.decode()
    # and submits with it
    r = client.post(url, _form_data(sms_code=_last_code(PHONE)))
    # then
    assert r.status_code == 302
    assert r["Location"] == reverse("members:join_done")
    application = JoinApplication.objects.get()
    assert (application.org, application.status, application.name) == (
        world.org_a,
        JoinStatus.SUBMITTED,
        "王小明",
    )
    receipt = client.get(reverse("members:join_done")).content.decode()
    assert application.public_id.hex[:8].upper() in receipt
    assert "入会申请已提交" in receipt


def test_the_form_names_each_bad_field_in_chinese(client, world):
    _accept_privacy(client)
    url = reverse("members:join_apply") + "?org=ORGA"
    r = client.post(url, _form_data(gender="F", sms_code=""))
    html = r.content.decode()
    assert "请填写短信验证码" in html
    r = client.post(url, _form_data(gender="F", sms_code="123456"))
    assert "身份证号第17位表示性别为男，与所填性别不一致" in r.content.decode()
    assert JoinApplication.objects.count() == 0


def test_the_form_without_a_union_asks_to_choose_one(client, world):
    _accept_privacy(client)
    r = client.get(reverse("members:join_apply"), {"org": "CITY"})
    assert r.status_code == 200
    assert "请先选择要加入的工会" in r.content.decode()


def test_the_receipt_without_an_application_offers_to_start(client, world):
    r = client.get(reverse("members:join_done"))
    assert r.status_code == 200
    assert "没有找到本次提交的入会申请" in r.content.decode()


# --- resubmission page ------------------------------------------------------------------------------------


def test_a_bad_resubmission_link_is_404(client, world):
    assert client.get(reverse("members:join_resubmit", args=["nonsense:abc"])).status_code == 404


def test_the_applicant_unlocks_corrects_and_resubmits(client, world, django_capture_on_commit_callbacks):
    # given a rejected application
    application = make_join_application(
        world.org_a, n=1, name="王小明", phone=PHONE, status=JoinStatus.REJECTED, reject_reason="岗位填写有误"
    )
    url = reverse("members:join_resubmit", args=[join_resubmit_token(application)])
    # the locked page shows no personal data
    locked = client.get(url).content.decode()
    assert "136****6666" in locked
    assert PHONE not in locked
    assert "王小明" not in locked
    # when the applicant gets a code for the phone on file and unlocks
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "send_code"})
    unlocked = client.post(url, {"action": "unlock", "sms_code": _last_code(PHONE)})
    assert unlocked.status_code == 302
    form = client.get(url).content.decode()
    assert 'value="王小明"' in form
    assert "驳回原因：岗位填写有误" in form
    # and resubmits with the ID number left blank (kept)
    r = client.post(url, _form_data(id_number="", position_title="物理教师"))
    # then
    assert r.status_code == 302
    assert r["Location"] == reverse("members:join_done")
    application.refresh_from_db()
    assert (application.status, application.position_title) == (JoinStatus.SUBMITTED, "物理教师")
    # the link now only reports the status
    assert "无需修改" in client.get(url).content.decode()


def test_a_wrong_unlock_code_keeps_the_page_locked(client, world, django_capture_on_commit_callbacks):
    application = make_join_application(world.org_a, n=1, phone=PHONE, status=JoinStatus.REJECTED)
    url = reverse("members:join_resubmit", args=[join_resubmit_token(application)])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "send_code"})
    code = _last_code(PHONE)
    r = client.post(url, {"action": "unlock", "sms_code": "000000" if code != "000000" else "111111"})
    assert "验证码不正确" in r.content.decode()
    assert "重新提交" not in client.get(url).content.decode()


# --- withdrawing ------------------------------------------------------------------------------------------


def test_the_applicant_withdraws_from_the_receipt_after_confirming(
    client, world, django_capture_on_commit_callbacks
):
    # given a worker who just applied
    _accept_privacy(client)
    url = reverse("members:join_apply") + "?org=ORGA"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, _form_data(action="send_code"))
    client.post(url, _form_data(sms_code=_last_code(PHONE)))
    application = JoinApplication.objects.get()
    # the receipt carries the signed link
    receipt = client.get(reverse("members:join_done")).content.decode()
    # (the token is signed with a timestamp, so it is read back rather than signed again: a second may pass)
    prefix = reverse("members:join_withdraw", args=["T"]).removesuffix("T/")
    [withdraw_url] = re.findall(rf'href="({re.escape(prefix)}[^"/]+/)"', receipt)
    assert join_application_for_token(withdraw_url.removeprefix(prefix).removesuffix("/")) == application
    # the confirmation page shows no personal data and withdraws nothing by itself
    page = client.get(withdraw_url).content.decode()
    assert "撤回后工会将不再审批该申请" in page
    assert "136****6666" in page
    assert PHONE not in page
    assert "王小明" not in page
    # a missing code is named
    r = client.post(withdraw_url, {"action": "withdraw", "reason": "已换工作"})
    assert "请填写短信验证码" in r.content.decode()
    application.refresh_from_db()
    assert application.status == JoinStatus.SUBMITTED
    # when the applicant (past the resend interval) gets a code for the phone on file and confirms
    SmsCode.objects.update(created_at=F("created_at") - dt.timedelta(minutes=2))
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(
            withdraw_url, {"action": "send_code", "phone": "13900000000", "reason": "已换工作"}
        )
    assert "验证码已发送" in sent.content.decode()
    assert "已换工作" in sent.content.decode()
    r = client.post(withdraw_url, {"action": "withdraw", "sms_code": _last_code(PHONE), "reason": "已换工作"})
    # then
    assert r.status_code == 302
    assert r["Location"] == withdraw_url
    application.refresh_from_db()
    assert application.status == JoinStatus.WITHDRAWN
    done = client.get(withdraw_url).content.decode()
    assert "入会申请已撤回" in done
    assert "该入会申请已撤回，工会不再审批" in done
    assert "确认撤回申请" not in done
    # the union sees the reason on the timeline and no pending application
    client.force_login(world.org_admin)
    detail = client.get(reverse("members:join_application_detail", args=[application.public_id]))
    assert "已换工作" in detail.content.decode()
    assert 'id="application-status">已撤回' in detail.content.decode()
    pending = client.get(reverse("members:join_application_list"), {"status": "submitted"})
    assert "王小明" not in pending.content.decode()


def test_a_wrong_withdraw_code_keeps_the_application(client, world, django_capture_on_commit_callbacks):
    application = make_join_application(world.org_a, n=1, phone=PHONE)
    url = reverse("members:join_withdraw", args=[join_resubmit_token(application)])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "send_code"})
    code = _last_code(PHONE)
    r = client.post(url, {"action": "withdraw", "sms_code": "000000" if code != "000000" else "111111"})
    assert "验证码不正确" in r.content.decode()
    application.refresh_from_db()
    assert application.status == JoinStatus.SUBMITTED


def test_the_unlocked_resubmission_page_leads_to_withdrawing_without_a_second_code(
    client, world, django_capture_on_commit_callbacks
):
    # given a rejected application unlocked on the resubmission page
    application = make_join_application(world.org_a, n=1, phone=PHONE, status=JoinStatus.REJECTED)
    token = join_resubmit_token(application)
    resubmit_url = reverse("members:join_resubmit", args=[token])
    withdraw_url = reverse("members:join_withdraw", args=[token])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(resubmit_url, {"action": "send_code"})
    client.post(resubmit_url, {"action": "unlock", "sms_code": _last_code(PHONE)})
    assert f'href="{withdraw_url}"' in client.get(resubmit_url).content.decode()
    # when
    page = client.get(withdraw_url).content.decode()
    assert "短信验证码" not in page
    r = client.post(withdraw_url, {"action": "withdraw"})
    # then
    assert r.status_code == 302
    application.refresh_from_db()
    assert application.status == JoinStatus.WITHDRAWN


@pytest.mark.parametrize("status", [JoinStatus.APPROVED, JoinStatus.WITHDRAWN])
def test_the_withdraw_page_only_reports_other_states(client, world, status):
    application = make_join_application(world.org_a, n=1, phone=PHONE, status=status)
    url = reverse("members:join_withdraw", args=[join_resubmit_token(application)])
    assert "确认撤回申请" not in client.get(url).content.decode()
    client.post(url, {"action": "withdraw", "sms_code": "123456"})
    application.refresh_from_db()
    assert application.status == status


def test_a_bad_withdraw_link_is_404(client, world):
    assert client.get(reverse("members:join_withdraw", args=["nonsense:abc"])).status_code == 404


# --- console ----------------------------------------------------------------------------------------------


@pytest.fixture
def application(world):
    return make_join_application(world.org_a, n=1, name="王小明", phone=PHONE)


@pytest.mark.parametrize(
    ("_case", "actor", "status", "names"),
    [
        ("outsider sees none of org A's", "outsider", 200, ["乙申请人"]),
        ("plain member has no console", "org_member", 403, None),
        ("org admin sees its own", "org_admin", 200, ["王小明"]),
    ],
)
def test_application_list_access(request, client, world, application, _case, actor, status, names):
    # given an application to org B too
    make_join_application(world.org_b, n=2, name="乙申请人", phone="13600000002")
    client.force_login(request.getfixturevalue(actor))
    # when
    r = client.get(reverse("members:join_application_list"))
    # then
    assert r.status_code == status
    if names is not None:
        assert [a.name for a in r.context["page"]] == names


def test_application_list_filters_by_status_and_masks_identity(client, world, application):
    make_join_application(world.org_a, n=2, name="已驳回者", phone="13600000002", status=JoinStatus.REJECTED)
    client.force_login(world.org_admin)
    r = client.get(reverse("members:join_application_list"), {"status": "rejected"})
    assert [a.name for a in r.context["page"]] == ["已驳回者"]
    html = client.get(reverse("members:join_application_list")).content.decode()
    assert "136****6666" in html
    assert PHONE not in html
    assert ID_NUMBER not in html
    partial = client.get(reverse("members:join_application_list"), HTTP_HX_REQUEST="true")
    assert partial.templates[0].name == "members/join/partials/application_table.html"


def test_application_list_queries_do_not_grow_with_rows(client, world, staff_a):
    # given a cadre without accounts.manage: the console shell then adds no cached platform warnings
    client.force_login(staff_a)
    make_join_application(world.org_a, n=1, phone="13600000001")
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("members:join_application_list"))
    for n in range(2, 15):
        make_join_application(world.org_a, n=n, phone=f"136000000{n:02d}", status=JoinStatus.REJECTED)
    with CaptureQueriesContext(connection) as many:
        r = client.get(reverse("members:join_application_list"))
    assert len(r.context["page"]) == 14
    # session, the user with its grants (one statement), count, unread count, one page of rows with their orgs joined
    assert len(few) == 5
    assert len(many) == len(few)


def test_application_list_paginates(client, world):
    for n in range(1, 28):
        make_join_application(world.org_a, n=n, phone=f"136000000{n:02d}", status=JoinStatus.REJECTED)
    client.force_login(world.org_admin)
    r = client.get(reverse("members:join_application_list"), {"page": 2})
    assert len(r.context["page"]) == 2
    assert r.context["page"].paginator.count == 27


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [("outsider", "outsider", 404), ("plain member", "org_member", 403), ("org admin", "org_admin", 200)],
)
def test_application_detail_access(request, client, world, application, _case, actor, status):
    client.force_login(request.getfixturevalue(actor))
    r = client.get(reverse("members:join_application_detail", args=[application.public_id]))
    assert r.status_code == status
    if status == 200:
        html = r.content.decode()
        assert "批准入会" in html
        assert ID_NUMBER not in html
        assert application.id_number_masked in html


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("outsider", "outsider", 404),
        ("plain member", "org_member", 403),
        ("reviewer without manage", "reviewer", 403),
        ("org admin", "org_admin", 302),
    ],
)
def test_approve_view_access(request, client, world, application, _case, actor, status):
    # given
    user = (
        make_cadre("rev_a", world.org_a, role=REVIEWER)
        if actor == "reviewer"
        else request.getfixturevalue(actor)
    )
    client.force_login(user)
    # when
    r = client.post(reverse("members:join_application_approve", args=[application.public_id]))
    # then
    assert r.status_code == status
    application.refresh_from_db()
    approved = status == 302
    assert (application.status == JoinStatus.APPROVED) is approved
    assert Member.objects.filter(name="王小明", status=MemberStatus.ACTIVE).exists() is approved
    if approved:
        assert r["Location"] == reverse("members:join_application_detail", args=[application.public_id])


def test_approve_view_reports_a_refusal(client, world, application):
    client.force_login(world.org_admin)
    client.post(reverse("members:join_application_approve", args=[application.public_id]))
    r = client.post(reverse("members:join_application_approve", args=[application.public_id]), follow=True)
    assert "当前状态“已批准”下不能执行“批准”" in r.content.decode()


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [("outsider", "outsider", 404), ("plain member", "org_member", 403), ("org admin", "org_admin", 302)],
)
def test_reject_view_access(request, client, world, application, _case, actor, status):
    client.force_login(request.getfixturevalue(actor))
    r = client.post(
        reverse("members:join_application_reject", args=[application.public_id]), {"reason": "单位不符"}
    )
    assert r.status_code == status
    application.refresh_from_db()
    assert (application.status == JoinStatus.REJECTED) is (status == 302)


def test_reject_view_requires_a_reason_and_texts_an_absolute_link(
    client, world, application, django_capture_on_commit_callbacks
):
    client.force_login(world.org_admin)
    url = reverse("members:join_application_reject", args=[application.public_id])
    assert client.get(url).status_code == 200
    empty = client.post(url, {"reason": ""})
    assert empty.status_code == 200
    assert empty.context["form"].errors == {"reason": ["这个字段是必填项。"]}
    with django_capture_on_commit_callbacks(execute=True):
        with_reason = client.post(url, {"reason": "单位不符"})
    assert with_reason.status_code == 302
    [message] = [m for m in ConsoleSmsBackend.outbox if m.phone == PHONE]
    assert "http://testserver/members/join/resubmit/" in message.text
