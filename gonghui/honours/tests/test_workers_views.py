"""The 劳模工匠 pages: every page as org A's admin, its plain member and org B's admin; the registry with its
filters, 待登记 box and export; registering a found member; edit with status; the care, visit and action forms; the
助力脱贫攻坚 list with counts and its export."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from gonghui.core.choices import AuditAction
from gonghui.core.models import AuditLog
from gonghui.honours.choices import CareKind, PovertyActionKind, WorkerKind, WorkerLevel, WorkerStatus
from gonghui.honours.models import ModelWorker, PovertyAction, WorkerCare
from gonghui.honours.services.workers import poverty_action_record, worker_create
from gonghui.ledger.models import LedgerEntry
from gonghui.ledger.tests.factories import make_line
from gonghui.members.tests.factories import MemberFactory
from gonghui.visits.models import Visit


@pytest.fixture
def worker(world):
    return worker_create(
        org=world.org_a,
        member=world.member_a,
        kind=WorkerKind.MODEL_WORKER,
        level=WorkerLevel.CITY,
        title="焦作市劳动模范",
        year=2018,
        actor=world.org_admin,
    )


@pytest.fixture
def actions(world, worker):
    poverty_action_record(
        org=world.org_a,
        worker=worker,
        kind=PovertyActionKind.TECHNOLOGY,
        title="大棚种植技术指导",
        place="甲村",
        started_on=dt.date(2020, 3, 1),
        actor=world.org_admin,
    )
    poverty_action_record(
        org=world.org_a,
        collective_name="甲校教研组",
        kind=PovertyActionKind.COLLECTIVE,
        title="送教下乡",
        place="乙村小学",
        started_on=dt.date(2020, 4, 1),
        actor=world.org_admin,
    )


PAGES = ["worker_detail", "worker_edit", "care_add", "visit_add", "action_add"]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [("org admin", "org_admin", 200), ("plain member", "org_member", 403), ("outsider", "outsider", 404)],
)
def test_worker_pages_three_actors(request, client, worker, page, _case, actor, status):
    client.force_login(request.getfixturevalue(actor))
    response = client.get(reverse(f"honours:{page}", args=[worker.pk]))
    assert response.status_code == status


@pytest.mark.parametrize("page", ["worker_list", "worker_create", "action_list", "collective_action_add"])
@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [("org admin", "org_admin", 200), ("plain member", "org_member", 403), ("outsider", "outsider", 200)],
)
def test_list_pages_three_actors(request, client, worker, actions, page, _case, actor, status):
    client.force_login(request.getfixturevalue(actor))
    response = client.get(reverse(f"honours:{page}"))
    assert response.status_code == status
    if status == 200:
        text = response.content.decode()
        shown = actor == "org_admin"
        if page == "worker_list":
            assert ("焦作市劳动模范" in text) is shown
        if page == "action_list":
            assert ("大棚种植技术指导" in text) is shown
            assert ("送教下乡" in text) is shown


def test_registry_page_filters_and_mismatches(client, world, worker):
    # given a member flagged on the roster without a title
    flagged = MemberFactory.create(org=world.org_a, name="名册劳模", is_model_worker=True)
    client.force_login(world.org_admin)
    response = client.get(reverse("honours:worker_list"))
    text = response.content.decode()
    assert "待登记（1 人）" in text
    assert f"{reverse('honours:worker_create')}?member={flagged.pk}" in text
    response = client.get(reverse("honours:worker_list"), {"level": WorkerLevel.NATIONAL})
    assert "没有符合条件的劳模工匠" in response.content.decode()


def test_register_a_found_member(client, world):
    client.force_login(world.org_admin)
    # when the cadre searches the roster
    response = client.get(reverse("honours:worker_create"), {"q": "甲会员"})
    assert f'value="{world.member_a.pk}"' in response.content.decode()
    # and registers the member
    response = client.post(
        reverse("honours:worker_create") + "?q=甲会员",
        {
            "member": world.member_a.pk,
            "kind": WorkerKind.CRAFTSMAN,
            "level": WorkerLevel.CITY,
            "title": "焦作工匠",
            "year": "2021",
        },
    )
    worker = ModelWorker.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("honours:worker_detail", args=[worker.pk])
    assert worker.name == "甲会员"
    world.member_a.refresh_from_db()
    assert world.member_a.is_model_worker is True


def test_register_refuses_duplicates_and_missing_person(client, world, worker):
    client.force_login(world.org_admin)
    data = {
        "kind": WorkerKind.MODEL_WORKER,
        "level": WorkerLevel.CITY,
        "title": "焦作市劳动模范",
        "year": "2018",
    }
    response = client.post(reverse("honours:worker_create"), {**data, "member": world.member_a.pk})
    assert "甲会员 已登记 2018 年“焦作市劳动模范”，请勿重复登记" in response.content.decode()
    response = client.post(reverse("honours:worker_create"), data)
    assert "请选择在册会员，或填写姓名" in response.content.decode()
    assert ModelWorker.objects.count() == 1


def test_outsider_posting_another_unions_member_learns_nothing(client, world):
    client.force_login(world.outsider)
    data = {
        "kind": WorkerKind.MODEL_WORKER,
        "level": WorkerLevel.CITY,
        "title": "焦作市劳动模范",
        "year": "2018",
    }
    response = client.post(reverse("honours:worker_create"), {**data, "member": world.member_a.pk})
    text = response.content.decode()
    assert "所选会员不在您的工会范围内" in text
    assert "甲会员" not in text
    assert not ModelWorker.objects.exists()


def test_edit_revokes_with_a_note(client, world, worker):
    client.force_login(world.org_admin)
    data = {
        "kind": worker.kind,
        "level": worker.level,
        "title": worker.title,
        "year": worker.year,
        "unit_name": worker.unit_name,
        "position": "",
        "status": WorkerStatus.REVOKED,
        "note": "",
    }
    response = client.post(reverse("honours:worker_edit", args=[worker.pk]), data)
    assert "请在备注中写明原因和日期" in response.content.decode()
    response = client.post(
        reverse("honours:worker_edit", args=[worker.pk]), {**data, "note": "2026年依规撤销"}
    )
    assert response.status_code == 302
    world.member_a.refresh_from_db()
    assert world.member_a.is_model_worker is False
    detail = client.get(reverse("honours:worker_detail", args=[worker.pk])).content.decode()
    assert "撤销称号" in detail
    assert reverse("honours:care_add", args=[worker.pk]) not in detail


def test_care_form_pays_a_condolence(client, world, worker):
    line = make_line(world.org_a, amount="2000.00", purpose="劳模慰问")
    client.force_login(world.org_admin)
    response = client.post(
        reverse("honours:care_add", args=[worker.pk]),
        {
            "kind": CareKind.CONDOLENCE,
            "happened_on": "2026-01-15",
            "content": "春节慰问",
            "amount": "800",
            "budget_line": line.pk,
        },
    )
    assert response.status_code == 302
    care = WorkerCare.objects.get()
    assert LedgerEntry.objects.get().idempotency_key == f"honours.care:{care.pk}"
    # the outsider's POST changes nothing
    client.force_login(world.outsider)
    response = client.post(
        reverse("honours:care_add", args=[worker.pk]),
        {"kind": CareKind.HEALTH_CHECK, "happened_on": "2026-01-15", "content": "体检"},
    )
    assert response.status_code == 404
    assert WorkerCare.objects.count() == 1


def test_visit_and_action_forms(client, world, worker):
    client.force_login(world.org_admin)
    response = client.post(
        reverse("honours:visit_add", args=[worker.pk]),
        {"visited_on": "2026-01-20", "occasion": "festival", "visitors": "王主席", "content": "身体很好"},
    )
    assert response.status_code == 302
    assert Visit.objects.get().owner == worker
    response = client.post(
        reverse("honours:action_add", args=[worker.pk]),
        {
            "kind": PovertyActionKind.EMPLOYMENT,
            "title": "技能培训",
            "place": "甲村",
            "started_on": "2020-06-01",
        },
    )
    assert response.status_code == 302
    detail = client.get(reverse("honours:worker_detail", args=[worker.pk])).content.decode()
    assert "王主席" in detail
    assert "技能培训" in detail
    # a plain member's POSTs are refused
    client.force_login(world.org_member)
    response = client.post(
        reverse("honours:visit_add", args=[worker.pk]),
        {"visited_on": "2026-01-20", "occasion": "festival", "visitors": "冒名"},
    )
    assert response.status_code == 403
    assert Visit.objects.count() == 1


def test_collective_action_form(client, world):
    client.force_login(world.org_admin)
    response = client.post(
        reverse("honours:collective_action_add"),
        {
            "org": world.org_a.pk,
            "collective_name": "甲校教研组",
            "title": "送教下乡",
            "place": "乙村",
            "started_on": "2020-05-01",
        },
    )
    assert response.status_code == 302
    assert PovertyAction.objects.get().kind == PovertyActionKind.COLLECTIVE
    client.force_login(world.outsider)
    response = client.post(
        reverse("honours:collective_action_add"),
        {
            "org": world.org_a.pk,
            "collective_name": "冒名",
            "title": "x",
            "place": "y",
            "started_on": "2020-05-01",
        },
    )
    assert "所选工会不在您的管理范围内" in response.content.decode()
    assert PovertyAction.objects.count() == 1


def test_action_list_counts_and_filters(client, world, actions):
    client.force_login(world.org_admin)
    response = client.get(reverse("honours:action_list"), {"kind": PovertyActionKind.TECHNOLOGY})
    text = response.content.decode()
    assert "大棚种植技术指导" in text
    assert "送教下乡" not in text
    counts = {kind: n for kind, _label, n in response.context["counts"]}
    assert (counts["technology"], counts["collective"], counts["industry"]) == (1, 1, 0)


@pytest.mark.parametrize(
    ("url_name", "title"), [("worker_export", "焦作市劳动模范"), ("action_export", "送教下乡")]
)
def test_exports_are_posts_audited_and_scoped(client, world, actions, url_name, title):
    client.force_login(world.org_admin)
    assert client.get(reverse(f"honours:{url_name}")).status_code == 405
    response = client.post(reverse(f"honours:{url_name}"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0).to_python()
    assert any(title in row for row in rows)
    assert AuditLog.objects.filter(action=AuditAction.EXPORT).count() == 1
    client.force_login(world.outsider)
    book = CalamineWorkbook.from_filelike(io.BytesIO(client.post(reverse(f"honours:{url_name}")).content))
    assert not any(title in row for row in book.get_sheet_by_index(0).to_python())
