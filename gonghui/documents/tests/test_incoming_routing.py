"""收文 routing refusals and reads: dates and choices at registration, 拟办 / 批办 / 传阅 / 办结 out of order or
without their text, the buttons per state, the list scoped for three actors, and the 转发 notice's wording."""

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from conftest import make_cadre
from gonghui.accounts.roles import AUDITOR
from gonghui.documents.choices import DocumentStatus, IncomingStatus, Urgency
from gonghui.documents.incoming import (
    incoming_close,
    incoming_forward,
    incoming_instruct,
    incoming_mark_read,
    incoming_propose,
    incoming_register,
)
from gonghui.documents.permissions import MANAGE
from gonghui.documents.selectors import (
    incoming_get_for_user,
    incoming_list_for_user,
    incoming_reader_candidates,
)
from gonghui.documents.workflows import incoming_available_actions

pytestmark = pytest.mark.django_db


def _register(docs, org=None, actor=None, **extra):
    values: dict[str, Any] = {
        "source_issuer": "焦作市总工会",
        "source_number": "焦工〔2020〕12号",
        "title": "关于开展安康杯竞赛的通知",
        "received_on": dt.date(2020, 4, 20),
        "doc_date": dt.date(2020, 4, 15),
    }
    values.update(extra)
    return incoming_register(org=org or docs.world.county_x, actor=actor or docs.county_x_officer, **values)


def _circulating(docs):
    incoming = _register(docs)
    incoming_propose(incoming=incoming, actor=docs.county_x_officer, proposal="建议转发各校")
    return incoming_instruct(
        incoming=incoming, actor=docs.county_x_officer, instruction="同意", readers=[docs.county_x_officer]
    )


@pytest.mark.parametrize(
    ("extra", "errors"),
    [
        ({"received_on": "tomorrow"}, {"received_on": ["收文日期不能晚于今天"]}),
        ({"doc_date": dt.date(2020, 4, 21)}, {"doc_date": ["成文日期不能晚于收文日期"]}),
        ({"medium": "fax"}, {"medium": ["请选择载体"]}),
        ({"urgency": "asap"}, {"urgency": ["请选择紧急程度"]}),
        ({"source_issuer": " "}, {"source_issuer": ["请填写来文单位"]}),
        ({"source_number": "号" * 61}, {"source_number": ["来文文号不能超过60字"]}),
    ],
)
def test_registration_refuses_bad_dates_and_choices(docs, extra, errors):
    if extra.get("received_on") == "tomorrow":
        extra = {"received_on": timezone.localdate() + dt.timedelta(days=1), "doc_date": None}
    with pytest.raises(ValidationError) as exc:
        _register(docs, **extra)
    assert exc.value.message_dict == errors


def test_registration_squashes_spaces_and_starts_waiting_for_a_proposal(docs):
    incoming = _register(docs, title="  关于开展   安康杯竞赛的通知 ", summary="  要点  ")
    assert (incoming.title, incoming.summary, incoming.status, incoming.urgency) == (
        "关于开展 安康杯竞赛的通知",
        "要点",
        IncomingStatus.REGISTERED,
        Urgency.NORMAL,
    )
    assert incoming.registered_by_id == docs.county_x_officer.pk


def test_a_proposal_needs_its_text_and_the_registered_state(docs):
    incoming = _register(docs)
    with pytest.raises(ValidationError) as exc:
        incoming_propose(incoming=incoming, actor=docs.county_x_officer, proposal="  ")
    assert exc.value.message_dict == {"proposal": ["请填写拟办意见"]}
    with pytest.raises(ValidationError) as exc:
        incoming_propose(incoming=incoming, actor=docs.county_x_officer, proposal="拟" * 1001)
    assert exc.value.message_dict == {"proposal": ["拟办意见不能超过1000字"]}
    with pytest.raises(PermissionDenied):
        incoming_propose(incoming=incoming, actor=docs.world.outsider, proposal="越权")
    incoming_propose(incoming=incoming, actor=docs.county_x_officer, proposal="建议转发")
    with pytest.raises(ValidationError) as exc:
        incoming_propose(incoming=incoming, actor=docs.county_x_officer, proposal="再拟一次")
    assert exc.value.messages == ["当前状态“待批办”下不能执行“拟办”"]


def test_an_instruction_needs_text_readers_and_a_proposal_first(docs):
    incoming = _register(docs)
    with pytest.raises(ValidationError) as exc:
        incoming_instruct(
            incoming=incoming,
            actor=docs.county_x_officer,
            instruction="同意",
            readers=[docs.county_x_officer],
        )
    assert exc.value.messages == ["当前状态“待拟办”下不能执行“批办”"]
    incoming_propose(incoming=incoming, actor=docs.county_x_officer, proposal="建议转发")
    with pytest.raises(ValidationError) as exc:
        incoming_instruct(incoming=incoming, actor=docs.county_x_officer, instruction="", readers=[])
    assert exc.value.message_dict == {"instruction": ["请填写批办意见"]}
    with pytest.raises(ValidationError) as exc:
        incoming_instruct(incoming=incoming, actor=docs.county_x_officer, instruction="同意", readers=[])
    assert exc.value.message_dict == {"readers": ["请选择传阅人"]}
    incoming.refresh_from_db()
    assert incoming.status == IncomingStatus.PROPOSED


def test_the_readers_offered_are_the_cadres_of_the_receiving_union(docs):
    incoming = _register(docs)
    assert [u.username for u in incoming_reader_candidates(incoming)] == [
        "cx_officer",
        "cx_review",
        "cx_sign",
    ]
    on_a = _register(docs, org=docs.world.org_a, actor=docs.world.org_admin)
    assert [u.username for u in incoming_reader_candidates(on_a)] == ["admin_a", "clerk_a"]


def test_a_reader_reads_once_and_closing_needs_the_circulation(docs):
    incoming = _register(docs)
    with pytest.raises(ValidationError) as exc:
        incoming_close(incoming=incoming, actor=docs.county_x_officer)
    assert exc.value.messages == ["当前状态“待拟办”下不能执行“办结”"]
    incoming = _circulating(docs)
    reader = incoming_mark_read(incoming=incoming, actor=docs.county_x_officer, note="  已阅，同意  ")
    assert reader.note == "已阅，同意"
    with pytest.raises(ValidationError) as exc:
        incoming_mark_read(incoming=incoming, actor=docs.county_x_officer)
    assert exc.value.messages == ["您已阅毕该收文"]
    with pytest.raises(PermissionDenied):
        incoming_close(incoming=incoming, actor=docs.world.org_admin)
    closed = incoming_close(incoming=incoming, actor=docs.county_x_officer)
    assert closed.status == IncomingStatus.CLOSED
    assert incoming_available_actions(closed, docs.county_x_officer) == []


def test_the_buttons_follow_the_state(docs):
    incoming = _register(docs)
    assert incoming_available_actions(incoming, docs.county_x_officer) == ["propose", "forward"]
    assert incoming_available_actions(incoming, docs.world.outsider) == []
    incoming_propose(incoming=incoming, actor=docs.county_x_officer, proposal="建议转发")
    incoming.refresh_from_db()
    assert incoming_available_actions(incoming, docs.county_x_officer) == ["instruct", "forward"]
    assert incoming_available_actions(incoming, docs.clerk_a) == []


def test_the_list_is_scoped_and_searchable(docs):
    w = docs.world
    on_x = _register(docs)
    on_a = _register(
        docs, org=w.org_a, actor=w.org_admin, title="关于教师节慰问的通知", source_issuer="甲县教育局"
    )
    on_b = _register(docs, org=w.org_b, actor=w.outsider, title="关于医师节活动的通知", source_number="")

    def listed(user, **filters):
        return [i.pk for i in incoming_list_for_user(user=user, **filters)]

    assert sorted(listed(docs.county_x_officer)) == sorted([on_x.pk, on_a.pk])
    assert listed(w.org_admin) == [on_a.pk]
    assert listed(w.outsider) == [on_b.pk]
    assert listed(w.org_member) == []
    assert sorted(listed(docs.city_officer)) == sorted([on_x.pk, on_a.pk, on_b.pk])
    assert listed(docs.city_officer, query="教育局") == [on_a.pk]
    assert sorted(listed(docs.city_officer, query="焦工〔2020〕12号")) == sorted([on_x.pk, on_a.pk])
    assert listed(docs.city_officer, status=IncomingStatus.CLOSED) == []


def test_one_incoming_document_is_404_outside_and_403_without_the_action(docs):
    w = docs.world
    incoming = _register(docs, org=w.org_a, actor=w.org_admin)
    assert incoming_get_for_user(user=docs.county_x_officer, public_id=incoming.public_id) == incoming
    with pytest.raises(Http404):
        incoming_get_for_user(user=w.outsider, public_id=incoming.public_id)
    auditor = make_cadre("auditor_a", w.org_a, role=AUDITOR)
    assert incoming_get_for_user(user=auditor, public_id=incoming.public_id) == incoming
    with pytest.raises(PermissionDenied):
        incoming_get_for_user(user=auditor, public_id=incoming.public_id, action=MANAGE)


def test_a_forward_notice_without_a_scan_quotes_the_source(docs):
    incoming = _register(docs, urgency=Urgency.URGENT)
    document = incoming_forward(
        incoming=incoming, actor=docs.county_x_officer, series="甲教工", main_to="甲县第一中学工会", note=""
    )
    assert (document.title, document.status, document.urgency, document.attachment_note) == (
        "关于转发《关于开展安康杯竞赛的通知》的通知",
        DocumentStatus.DRAFT,
        Urgency.URGENT,
        "",
    )
    assert document.body == (
        "<p>现将焦作市总工会《关于开展安康杯竞赛的通知》（焦工〔2020〕12号）转发给你们，请结合实际认真贯彻落实。</p>"
    )
    assert document.source_incoming_id == incoming.pk
    with pytest.raises(PermissionDenied):
        incoming_forward(
            incoming=incoming, actor=docs.world.org_admin, series="甲", main_to="甲县第一中学工会"
        )


def test_a_closed_incoming_document_is_no_longer_forwarded(client, docs):
    """Listed behaviour change (issue 12): the service refuses 转发下级 after 办结, as the page hid it already."""
    incoming = incoming_close(incoming=_circulating(docs), actor=docs.county_x_officer)
    with pytest.raises(ValidationError) as exc:
        incoming_forward(
            incoming=incoming, actor=docs.county_x_officer, series="甲", main_to="甲县第一中学工会"
        )
    assert exc.value.messages == ["“已办结”的收文不能再转发下级"]
    assert incoming_available_actions(incoming, docs.county_x_officer) == []
    client.force_login(docs.county_x_officer)
    page = client.get(incoming.get_absolute_url()).content.decode()
    assert "生成转发通知" not in page
