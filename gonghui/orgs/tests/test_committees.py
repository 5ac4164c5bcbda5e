"""三委 (orgs.Committee): recording, correcting and renewing a union's committees — the 工会委员会's term is the
union's own — with their timeline and audit rows; the pages for the three actors (org A's admin, a plain member of
org A, org B's admin) and a cadre who may only view."""

import datetime as dt
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from gonghui.core.models import AuditLog, TimelineEntry
from gonghui.orgs.choices import CommitteeKind, OrgStatus
from gonghui.orgs.models import Committee, Org
from gonghui.orgs.selectors import committee_history_of, committees_missing, committees_of
from gonghui.orgs.services.committees import committee_create, committee_new_term, committee_update


def data(**overrides):
    values = {
        "term_started_on": dt.date(2023, 9, 1),
        "term_ends_on": dt.date(2028, 8, 31),
        "elected_on": dt.date(2023, 8, 25),
        "approved_on": dt.date(2023, 9, 10),
        "approval_reference": "甲教工〔2023〕15号",
    }
    values.update(overrides)
    return values


def form(**overrides):
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in data(**overrides).items()}


def _org_timeline(org):
    return list(
        TimelineEntry.objects.filter(content_type__model="org", object_id=str(org.pk))
        .order_by("id")
        .values_list("action", "note")
    )


# ---- services ------------------------------------------------------------------------------------------------


def test_the_union_committee_keeps_its_term_on_the_org(world, org_admin):
    # when
    committee = committee_create(org=world.org_a, kind=CommitteeKind.UNION, actor=org_admin, data=data())
    # then the term is the union's, the committee keeps the rest
    committee.refresh_from_db()
    org = Org.objects.get(pk=world.org_a.pk)
    assert (org.term_started_on, org.term_ends_on) == (dt.date(2023, 9, 1), dt.date(2028, 8, 31))
    assert (committee.term_started_on, committee.term_ends_on) == (None, None)
    assert (committee.elected_on, committee.approved_on, committee.approval_reference) == (
        dt.date(2023, 8, 25),
        dt.date(2023, 9, 10),
        "甲教工〔2023〕15号",
    )
    assert committee.is_current
    [shown] = committees_of(org)
    assert (shown.term_started_on, shown.term_ends_on) == (dt.date(2023, 9, 1), dt.date(2028, 8, 31))
    assert _org_timeline(org) == [
        (
            "committee_create",
            "工会委员会：任期 2023-09-01 至 2028-08-31，选举 2023-08-25，批复 2023-09-10（甲教工〔2023〕15号）",
        )
    ]
    assert AuditLog.objects.filter(object_id=str(committee.pk), org_id=org.pk).count() == 1


def test_the_other_committees_keep_their_own_term(world, org_admin):
    # when
    committee = committee_create(
        org=world.org_a,
        kind=CommitteeKind.WOMEN,
        actor=org_admin,
        data=data(term_ends_on=dt.date(2028, 6, 30)),
    )
    # then
    committee.refresh_from_db()
    org = Org.objects.get(pk=world.org_a.pk)
    assert (committee.term_started_on, committee.term_ends_on) == (dt.date(2023, 9, 1), dt.date(2028, 6, 30))
    assert (org.term_started_on, org.term_ends_on) == (None, None)
    assert committees_missing(org) == [CommitteeKind.UNION, CommitteeKind.AUDIT]


def test_a_second_current_committee_of_a_kind_is_refused(world, org_admin):
    # given
    committee_create(org=world.org_a, kind=CommitteeKind.AUDIT, actor=org_admin, data=data())
    # when
    with pytest.raises(ValidationError) as exc:
        committee_create(org=world.org_a, kind=CommitteeKind.AUDIT, actor=org_admin, data=data())
    # then
    assert exc.value.messages == ["本工会已有本届经费审查委员会，如已换届请办理“换届”"]
    assert Committee.objects.filter(org=world.org_a).count() == 1


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"term_started_on": None}, "term_started_on", "请填写任期开始日期"),
        ({"term_ends_on": None}, "term_ends_on", "请填写任期届满日期"),
        ({"term_ends_on": dt.date(2023, 1, 1)}, "term_ends_on", "任期届满日期不能早于任期开始日期"),
        ({"approved_on": dt.date(2023, 8, 1)}, "approved_on", "上级工会批复日期不能早于选举日期"),
        ({"approved_on": None}, "approved_on", "填写了批复文号，请同时填写上级工会批复日期"),
    ],
)
def test_dates_are_checked_on_their_fields(world, org_admin, overrides, field, message):
    with pytest.raises(ValidationError) as exc:
        committee_create(org=world.org_a, kind=CommitteeKind.UNION, actor=org_admin, data=data(**overrides))
    assert exc.value.message_dict == {field: [message]}
    assert not Committee.objects.exists()


def test_an_election_in_the_future_is_refused(world, org_admin):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        committee_create(
            org=world.org_a,
            kind=CommitteeKind.UNION,
            actor=org_admin,
            data=data(elected_on=tomorrow, approved_on=None, approval_reference=""),
        )
    assert exc.value.message_dict == {"elected_on": ["选举日期不能晚于今天"]}


@pytest.mark.parametrize("actor", ["outsider", "org_member", "staff_a"])
def test_only_the_unions_managers_record_committees(request, world, actor):
    with pytest.raises(PermissionDenied):
        committee_create(
            org=world.org_a, kind=CommitteeKind.UNION, actor=request.getfixturevalue(actor), data=data()
        )
    assert not Committee.objects.exists()


def test_an_upper_unions_admin_may_record_them(world, county_x_admin):
    committee = committee_create(org=world.org_a, kind=CommitteeKind.AUDIT, actor=county_x_admin, data=data())
    assert committee.org_id == world.org_a.pk


def test_a_deactivated_union_takes_no_committee(world, county_x_admin):
    # (its own admin's grant lapses with it; the county's admin still manages it)
    Org.objects.filter(pk=world.org_a.pk).update(status=OrgStatus.INACTIVE)
    with pytest.raises(ValidationError) as exc:
        committee_create(
            org=Org.objects.get(pk=world.org_a.pk),
            kind=CommitteeKind.UNION,
            actor=county_x_admin,
            data=data(),
        )
    assert exc.value.messages == ["该工会已停用，不能登记委员会"]


def test_update_writes_the_union_term_and_names_what_changed(world, org_admin):
    # given
    committee = committee_create(org=world.org_a, kind=CommitteeKind.UNION, actor=org_admin, data=data())
    # when
    committee_update(
        committee=committee,
        actor=org_admin,
        data=data(term_ends_on=dt.date(2028, 9, 30), approval_reference="甲教工〔2023〕16号"),
    )
    # then
    org = Org.objects.get(pk=world.org_a.pk)
    committee.refresh_from_db()
    assert org.term_ends_on == dt.date(2028, 9, 30)
    assert (committee.term_ends_on, committee.approval_reference) == (None, "甲教工〔2023〕16号")
    assert _org_timeline(org)[-1] == ("committee_edit", "工会委员会：修改了批复文号、本届任期届满")


def test_update_without_changes_writes_no_row(world, org_admin):
    committee = committee_create(org=world.org_a, kind=CommitteeKind.AUDIT, actor=org_admin, data=data())
    committee_update(committee=committee, actor=org_admin, data=data())
    assert len(_org_timeline(world.org_a)) == 1


def test_new_term_keeps_the_old_committee_as_history(world, org_admin):
    # given
    old = committee_create(org=world.org_a, kind=CommitteeKind.UNION, actor=org_admin, data=data())
    # when
    new = committee_new_term(
        committee=old,
        actor=org_admin,
        data=data(
            term_started_on=dt.date(2025, 9, 1),
            term_ends_on=dt.date(2030, 8, 31),
            elected_on=dt.date(2025, 8, 28),
            approved_on=None,
            approval_reference="",
        ),
    )
    # then
    old.refresh_from_db()
    org = Org.objects.get(pk=world.org_a.pk)
    assert (old.is_current, new.is_current) == (False, True)
    # the past term stays readable on the history row; the union holds the new one
    assert (old.term_started_on, old.term_ends_on) == (dt.date(2023, 9, 1), dt.date(2028, 8, 31))
    assert (org.term_started_on, org.term_ends_on) == (dt.date(2025, 9, 1), dt.date(2030, 8, 31))
    assert [c.pk for c in committees_of(org)] == [new.pk]
    assert [c.pk for c in committee_history_of(org)] == [old.pk]
    assert _org_timeline(org)[-1][0] == "committee_new_term"
    assert _org_timeline(org)[-1][1].startswith("上一届任期 2023-09-01 至 2028-08-31；新一届工会委员会")


def test_new_term_must_start_after_the_old_one_and_only_from_the_current(world, org_admin):
    # given
    old = committee_create(org=world.org_a, kind=CommitteeKind.WOMEN, actor=org_admin, data=data())
    # when a new term starting no later than the old one
    with pytest.raises(ValidationError) as early:
        committee_new_term(committee=old, actor=org_admin, data=data())
    new = committee_new_term(
        committee=old, actor=org_admin, data=data(term_started_on=dt.date(2024, 1, 1), elected_on=None)
    )
    with pytest.raises(ValidationError) as again:
        committee_new_term(committee=old, actor=org_admin, data=data(term_started_on=dt.date(2025, 1, 1)))
    with pytest.raises(ValidationError) as edit_old:
        committee_update(committee=old, actor=org_admin, data=data())
    # then
    assert early.value.message_dict == {"term_started_on": ["新一届任期开始日期应晚于上一届的任期开始日期"]}
    assert again.value.messages == ["只能对本届委员会办理换届"]
    assert edit_old.value.messages == ["往届委员会不能修改"]
    assert Committee.objects.filter(org=world.org_a, is_current=True).get() == new


# ---- pages ---------------------------------------------------------------------------------------------------


def _kinds(html, attribute):
    return re.findall(rf'{attribute}="(\w+)"', html)


def test_the_org_page_loads_the_committee_card_and_the_committee_page_lists_them(client, world, org_admin):
    # given
    committee_create(org=world.org_a, kind=CommitteeKind.UNION, actor=org_admin, data=data())
    client.force_login(org_admin)
    # when
    page = client.get(reverse("orgs:org_detail", args=[world.org_a.code]))
    listed = client.get(reverse("orgs:committee_list", args=[world.org_a.code]))
    # then the card (with the seats) is served by members and loaded by HTMX
    assert f'hx-get="{reverse("members:committees", args=[world.org_a.code])}"' in page.content.decode()
    html = listed.content.decode()
    assert listed.status_code == 200
    assert _kinds(html, "data-committee") == ["union"]
    assert _kinds(html, "data-missing") == ["audit", "women"]
    assert "2023年9月1日 至 2028年8月31日" in html
    assert "甲教工〔2023〕15号" in html
    assert reverse("orgs:committee_create", args=[world.org_a.code, "audit"]) in html


def test_a_viewing_cadre_reads_the_card_without_buttons(client, world, org_admin, staff_a):
    committee = committee_create(org=world.org_a, kind=CommitteeKind.UNION, actor=org_admin, data=data())
    client.force_login(staff_a)
    html = client.get(reverse("orgs:committee_list", args=[world.org_a.code])).content.decode()
    assert "甲教工〔2023〕15号" in html
    assert reverse("orgs:committee_edit", args=[world.org_a.code, committee.pk]) not in html
    assert reverse("orgs:committee_create", args=[world.org_a.code, "audit"]) not in html


@pytest.mark.parametrize(("actor", "status"), [("org_admin", 200), ("org_member", 403), ("outsider", 404)])
def test_the_committee_pages_for_three_actors(request, client, world, org_admin, actor, status):
    # given
    committee = committee_create(org=world.org_a, kind=CommitteeKind.UNION, actor=org_admin, data=data())
    client.force_login(request.getfixturevalue(actor))
    code = world.org_a.code
    urls = [
        reverse("orgs:committee_list", args=[code]),
        reverse("orgs:committee_create", args=[code, "women"]),
        reverse("orgs:committee_edit", args=[code, committee.pk]),
        reverse("orgs:committee_new_term", args=[code, committee.pk]),
    ]
    # when
    got = [client.get(url).status_code for url in urls]
    posted = client.post(urls[1], form()).status_code
    # then
    assert got == [status] * 4
    assert posted == {200: 302}.get(status, status)
    assert Committee.objects.filter(kind=CommitteeKind.WOMEN).exists() is (status == 200)


def test_a_viewing_cadre_may_not_open_the_forms(client, world, staff_a):
    client.force_login(staff_a)
    r = client.post(reverse("orgs:committee_create", args=[world.org_a.code, "union"]), form())
    assert r.status_code == 403
    assert not Committee.objects.exists()


def test_create_page_shows_errors_on_their_fields_and_an_unknown_kind_is_404(client, world, org_admin):
    client.force_login(org_admin)
    url = reverse("orgs:committee_create", args=[world.org_a.code, "union"])
    r = client.post(url, form(term_ends_on=dt.date(2020, 1, 1)))
    unknown = client.get(reverse("orgs:committee_create", args=[world.org_a.code, "board"]))
    assert r.status_code == 200
    assert r.context["form"].errors == {"term_ends_on": ["任期届满日期不能早于任期开始日期"]}
    assert unknown.status_code == 404


def test_edit_and_new_term_through_the_pages(client, world, org_admin):
    # given
    committee = committee_create(org=world.org_a, kind=CommitteeKind.AUDIT, actor=org_admin, data=data())
    client.force_login(org_admin)
    code = world.org_a.code
    # when
    edit_page = client.get(reverse("orgs:committee_edit", args=[code, committee.pk]))
    edited = client.post(
        reverse("orgs:committee_edit", args=[code, committee.pk]),
        form(approval_reference="甲教工〔2023〕20号"),
    )
    renewed = client.post(
        reverse("orgs:committee_new_term", args=[code, committee.pk]),
        form(term_started_on=dt.date(2025, 1, 1), term_ends_on=dt.date(2029, 12, 31), elected_on=""),
    )
    history = client.get(reverse("orgs:committee_list", args=[code]))
    old_edit = client.get(reverse("orgs:committee_edit", args=[code, committee.pk]))
    # then
    assert edit_page.context["form"].initial["approval_reference"] == "甲教工〔2023〕15号"
    assert (edited.status_code, renewed.status_code) == (302, 302)
    assert edited["Location"] == reverse("orgs:org_detail", args=[code]) + "#committees"
    assert _kinds(history.content.decode(), "data-history") == ["audit"]
    assert "甲教工〔2023〕20号" in history.content.decode()
    assert old_edit.status_code == 404
