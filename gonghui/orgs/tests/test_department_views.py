"""Department pages of an org (create, delete): one happy path each and the permission matrix (outsider 404,
plain member 403, admin 200/302), checking the side effect happened only when allowed."""

import pytest
from django.urls import reverse

from gonghui.orgs.models import Department

from .side_effects import audit_rows
from .test_views import _login


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("outsider sees nothing", "outsider", 404),
        ("plain member may not add", "org_member", 403),
        ("view-only staff may not add", "staff_a", 403),
        ("org admin adds a department", "org_admin", 302),
    ],
)
def test_department_create_view_access(request, client, world, _case, actor, status):
    # given
    _login(client, request.getfixturevalue(actor))
    # when
    r = client.post(reverse("orgs:department_create", args=["ORGA"]), {"name": "女职工部"})
    # then
    assert r.status_code == status
    assert list(Department.objects.values_list("name", flat=True)) == (["女职工部"] if status == 302 else [])


def test_department_create_view_happy_path(client, world):
    # when
    r = _login(client, world.org_admin).post(
        reverse("orgs:department_create", args=["ORGA"]), {"name": "女职工部"}, follow=True
    )
    # then
    assert r.redirect_chain == [("/orgs/ORGA/", 302)]
    assert [str(m) for m in r.context["messages"]] == ["已新增部门 女职工部"]
    assert [d.name for d in r.context["departments"]] == ["女职工部"]


@pytest.mark.parametrize(
    ("_case", "name", "message"),
    [("duplicate", "女职工部", "本工会已有同名部门"), ("empty", "", "请填写部门名称")],
)
def test_department_create_view_reports_errors(client, world, _case, name, message):
    # given
    Department.objects.create(org=world.org_a, name="女职工部")
    # when
    r = _login(client, world.org_admin).post(
        reverse("orgs:department_create", args=["ORGA"]), {"name": name}, follow=True
    )
    # then
    assert [str(m) for m in r.context["messages"]] == [message]
    assert Department.objects.count() == 1


def test_department_create_view_is_post_only(client, world):
    r = _login(client, world.org_admin).get(reverse("orgs:department_create", args=["ORGA"]))
    assert r.status_code == 405


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("outsider sees nothing", "outsider", 404),
        ("plain member may not delete", "org_member", 403),
        ("view-only staff may not delete", "staff_a", 403),
        ("org admin deletes a department", "org_admin", 302),
    ],
)
def test_department_delete_view_access(request, client, world, _case, actor, status):
    # given
    department = Department.objects.create(org=world.org_a, name="女职工部")
    _login(client, request.getfixturevalue(actor))
    # when
    r = client.post(reverse("orgs:department_delete", args=["ORGA", department.pk]))
    # then
    assert r.status_code == status
    assert Department.objects.filter(pk=department.pk).exists() is (status != 302)


def test_department_delete_view_happy_path(client, world):
    # given
    department = Department.objects.create(org=world.org_a, name="女职工部")
    # when
    r = _login(client, world.org_admin).post(
        reverse("orgs:department_delete", args=["ORGA", department.pk]), follow=True
    )
    # then
    assert r.redirect_chain == [("/orgs/ORGA/", 302)]
    assert [str(m) for m in r.context["messages"]] == ["已删除部门 女职工部"]
    assert audit_rows(world.org_a) == [("admin_edit", "甲县第一中学工会 删除部门 女职工部")]


def test_department_of_another_org_cannot_be_deleted_through_this_org(client, world):
    # given a department of org B, addressed through org A's URL
    department = Department.objects.create(org=world.org_b, name="女职工部")
    # when
    r = _login(client, world.org_admin).post(reverse("orgs:department_delete", args=["ORGA", department.pk]))
    # then
    assert r.status_code == 404
    assert Department.objects.filter(pk=department.pk).exists()
