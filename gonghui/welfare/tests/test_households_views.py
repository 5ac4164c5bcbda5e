"""The people pages of a file (part `households`): add, edit (sealed values never shown, “不变” keeps them) and
remove with confirmation, the file page's people card (masked) and the audited reveal (POST, no-store), with the
three actors: the 帮扶干事 of the union, its plain member or a union admin without the role, another county's
帮扶干事."""

import datetime as dt
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from conftest import make_cadre
from gonghui.core.models import AuditAction, AuditLog, TimelineEntry
from gonghui.welfare.choices import (
    Employment,
    FileAction,
    FileStatus,
    HardshipCause,
    HealthStatus,
    Housing,
    MedicalInsurance,
    Relation,
)
from gonghui.welfare.models import HardshipFile
from gonghui.welfare.selectors.households import households_panel, people_facts
from gonghui.welfare.services.households import PersonInput, household_create, person_add
from gonghui.welfare.tests.factories import grant_officer, make_file

from .test_households import resident_id

SPOUSE_ID = resident_id(dt.date(1986, 3, 9), 12)


@pytest.fixture
def officer(world):
    return grant_officer(world.org_admin, world.county_x)


@pytest.fixture
def file(world, officer):
    file = make_file(member=world.member_a, actor=officer, status=FileStatus.FILED, number="甲帮扶2026001")
    person_add(
        household=file.household,
        actor=officer,
        data=PersonInput(
            relation=Relation.SPOUSE,
            name="李配偶",
            id_number=SPOUSE_ID,
            employment=Employment.UNEMPLOYED,
            health=HealthStatus.SERIOUS,
            health_note="肺癌术后化疗",
            annual_income=Decimal("13579.24"),
            consent_signer="李配偶",
        ),
    )
    return file


def spouse_of(file):
    return file.household.people.get(relation=Relation.SPOUSE)


@pytest.fixture
def actors(world, officer):
    return {
        "officer": officer,
        "plain member": world.org_member,
        "union admin without the role": make_cadre("admin_a2", world.org_a),
        "other county's officer": grant_officer(world.outsider, world.county_y),
    }


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("the union's officer", "officer", 200),
        ("its plain member", "plain member", 403),
        ("a union admin sees counts only", "union admin without the role", 403),
        ("another county's officer", "other county's officer", 404),
    ],
)
def test_people_pages_and_reveal_by_actor(client, file, actors, _case, actor, status):
    # given
    client.force_login(actors[actor])
    spouse = spouse_of(file)
    # when / then: every page answers the same to the actor
    for url in (
        reverse("welfare:person_add", args=[file.pk]),
        reverse("welfare:person_edit", args=[spouse.pk]),
        reverse("welfare:person_remove", args=[spouse.pk]),
    ):
        assert client.get(url).status_code == status, url
    assert client.post(reverse("welfare:person_remove", args=[spouse.pk])).status_code == (
        302 if status == 200 else status
    )
    revealed = client.post(reverse("welfare:reveal", args=[file.pk]))
    assert revealed.status_code == status
    # and only the officer's reveal wrote an audit row and removed the spouse
    assert AuditLog.objects.filter(action=AuditAction.REVEAL).count() == (1 if status == 200 else 0)
    assert file.household.people.count() == (1 if status == 200 else 2)


def test_add_page_saves_and_names_errors_in_chinese(client, file, officer):
    client.force_login(officer)
    url = reverse("welfare:person_add", args=[file.pk])
    form = {
        "relation": Relation.CHILD,
        "name": "李小孩",
        "id_number": "410802201801010001",
        "schooling": "compulsory",
        "employment": Employment.STUDENT,
        "health": HealthStatus.HEALTHY,
        "annual_income": "0",
        "consent_signer": "李小孩",
    }
    page = client.post(url, form)
    assert page.status_code == 200
    assert "身份证号校验位不正确，请核对" in page.content.decode()
    child_id = resident_id(dt.date(2018, 1, 1), 5)
    page = client.post(url, {**form, "id_number": child_id})
    assert "该家庭成员未满14周岁，须由监护人授权" in page.content.decode()
    done = client.post(
        url, {**form, "id_number": child_id, "consent_by_guardian": "on", "consent_signer": "甲会员"}
    )
    assert done.status_code == 302
    assert done["Location"] == file.get_absolute_url()
    child = file.household.people.get(name="李小孩")
    assert (child.birth_date, child.consent_by_guardian) == (dt.date(2018, 1, 1), True)


def test_edit_page_never_shows_sealed_values_and_keeps_them(client, file, officer):
    client.force_login(officer)
    spouse = spouse_of(file)
    url = reverse("welfare:person_edit", args=[spouse.pk])
    body = client.get(url).content.decode()
    for secret in ("13579.24", "肺癌术后化疗", SPOUSE_ID):
        assert secret not in body
    assert spouse.id_number_masked in body
    # when only the employment changes, with the sealed fields left at “不变”
    done = client.post(
        url,
        {
            "relation": Relation.SPOUSE,
            "name": "李配偶",
            "schooling": "none",
            "employment": Employment.FLEXIBLE,
            "health": "keep",
            "disability_kind": "keep",
            "disability_grade": "keep",
            "consent_signer": "李配偶",
        },
    )
    # then the sealed values and the ID stay
    assert done.status_code == 302
    facts = people_facts(file.household)[1]
    assert (facts.employment, facts.annual_income, facts.health, facts.health_note) == (
        Employment.FLEXIBLE,
        Decimal("13579.24"),
        HealthStatus.SERIOUS,
        "肺癌术后化疗",
    )
    assert spouse_of(file).id_number_hash == spouse.id_number_hash


def test_card_masks_and_the_reveal_is_audited_and_never_cached(client, file, officer, actors):
    # the file page's card shows masks only, and the reveal button to the officer
    panel_html = render_to_string(
        "welfare/files/_households.html", {"panel": households_panel(user=officer, file=file)}
    )
    for secret in ("13579.24", "肺癌术后化疗", SPOUSE_ID):
        assert secret not in panel_html
    assert spouse_of(file).id_number_masked in panel_html
    assert "已登记（已加密）" in panel_html
    assert reverse("welfare:reveal", args=[file.pk]) in panel_html
    no_reveal = households_panel(user=actors["union admin without the role"], file=file)
    assert (no_reveal["may_reveal"], no_reveal["may_manage"]) == (False, False)
    # GET writes nothing
    client.force_login(officer)
    url = reverse("welfare:reveal", args=[file.pk])
    assert client.get(url).status_code == 405
    assert not AuditLog.objects.exists()
    # POST reveals, audited, with a timeline row, never cached
    response = client.post(url)
    body = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert SPOUSE_ID in body
    assert "13579.24" in body
    assert "肺癌术后化疗" in body
    log = AuditLog.objects.get()
    assert (log.action, log.object_id, log.org_id) == (AuditAction.REVEAL, str(file.pk), file.org_id)
    assert TimelineEntry.objects.filter(object_id=str(file.pk), action=FileAction.REVEAL).count() == 1


def test_remove_page_confirms_and_the_self_has_no_form(client, file, officer):
    client.force_login(officer)
    me = file.household.people.get(relation=Relation.SELF)
    page = client.get(reverse("welfare:person_remove", args=[me.pk])).content.decode()
    assert "是申请人本人，不能从家庭中移除" in page
    assert "确认移除" not in page
    assert client.post(reverse("welfare:person_remove", args=[me.pk])).status_code == 302
    assert file.household.people.count() == 2
    spouse_page = client.get(reverse("welfare:person_remove", args=[spouse_of(file).pk])).content.decode()
    assert "确认移除" in spouse_page


def test_editing_the_self_without_registered_values_asks_for_them(client, world, officer):
    # given a household made from the member record: the 本人 has no health or income yet
    household = household_create(applicant=world.member_a, actor=officer)
    file = HardshipFile.objects.create(
        household=household,
        org=household.org,
        applicant=world.member_a,
        cause_main=HardshipCause.ILLNESS,
        housing=Housing.OWN,
        medical_insurance=MedicalInsurance.EMPLOYEE,
        created_by=officer,
    )
    me = household.people.get()
    client.force_login(officer)
    url = reverse("welfare:person_edit", args=[me.pk])
    form = {
        "schooling": "none",
        "employment": Employment.EMPLOYED,
        "health": "keep",
        "consent_signer": "甲会员",
    }
    # when “不变” is posted, nothing registered is invented
    body = client.post(url, {**form, "disability_kind": "keep", "disability_grade": "keep"}).content.decode()
    assert "请选择健康状况" in body
    assert "请填写年收入" in body
    # and the entered values are kept
    done = client.post(url, {**form, "health": HealthStatus.HEALTHY, "annual_income": "24000"})
    assert done["Location"] == file.get_absolute_url()
    assert people_facts(household)[0].annual_income == Decimal("24000.00")
