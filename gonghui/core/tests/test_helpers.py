"""Shared helpers: form error plumbing, HTMX responses, pagination and the Chinese error pages."""

import pytest
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.test import RequestFactory
from django.urls import reverse
from django_htmx.middleware import HtmxDetails

from gonghui.accounts.models import User
from gonghui.accounts.tests.factories import UserFactory
from gonghui.core import views as error_views
from gonghui.core.forms import apply_validation_error, button_perform, form_error_text, form_perform
from gonghui.core.htmx import htmx_partial, htmx_redirect
from gonghui.core.pagination import paginate, query_without_page


class NameForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=4)
    phone = forms.CharField(label="手机号", required=False)


def _valid_form() -> NameForm:
    form = NameForm({"name": "张三"})
    assert form.is_valid()
    return form


# --- forms -----------------------------------------------------------------------------------


def test_form_error_text_joins_every_error():
    # given
    form = NameForm({"name": ""})
    form.is_valid()
    form.add_error(None, "整体有误")
    # then
    assert form_error_text(form) == "这个字段是必填项。；整体有误"


def test_apply_validation_error_puts_field_errors_on_their_field():
    # given
    form = _valid_form()
    # when
    apply_validation_error(form, ValidationError({"phone": ["该手机号已绑定其他账号"]}))
    # then
    assert form.errors == {"phone": ["该手机号已绑定其他账号"]}


def test_apply_validation_error_unknown_field_becomes_form_wide():
    # given
    form = _valid_form()
    # when
    apply_validation_error(
        form, ValidationError({"id_number": ["证件号码重复"], NON_FIELD_ERRORS: ["整体有误"]})
    )
    # then
    assert form.non_field_errors() == ["证件号码重复", "整体有误"]
    assert list(form.errors) == [NON_FIELD_ERRORS]


def test_apply_validation_error_plain_message_becomes_form_wide():
    # given
    form = _valid_form()
    # when
    apply_validation_error(form, ValidationError(["第一条", "第二条"]))
    # then
    assert form.non_field_errors() == ["第一条", "第二条"]


# --- htmx ------------------------------------------------------------------------------------


def _htmx_request(**headers):
    request = RequestFactory().get("/", **headers)
    request.htmx = HtmxDetails(request)  # type: ignore[attr-defined]
    return request


@pytest.mark.parametrize(
    ("_case", "headers", "partial"),
    [
        ("plain request", {}, False),
        ("htmx request", {"HTTP_HX_REQUEST": "true"}, True),
        ("boosted navigation", {"HTTP_HX_REQUEST": "true", "HTTP_HX_BOOSTED": "true"}, False),
    ],
)
def test_htmx_partial(_case, headers, partial):
    assert htmx_partial(_htmx_request(**headers)) is partial


def test_htmx_partial_without_middleware():
    assert htmx_partial(RequestFactory().get("/")) is False


def test_htmx_redirect_for_htmx():
    # when
    response = htmx_redirect(_htmx_request(HTTP_HX_REQUEST="true"), "/orgs/")
    # then
    assert response.status_code == 204
    assert response["HX-Redirect"] == "/orgs/"


def test_htmx_redirect_for_a_plain_request():
    # when
    response = htmx_redirect(_htmx_request(), "/orgs/")
    # then
    assert response.status_code == 302
    assert response["Location"] == "/orgs/"
    assert "HX-Redirect" not in response


# --- pagination ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("_case", "page", "expected_number", "expected_users"),
    [
        ("first page by default", None, 1, ["p0", "p1"]),
        ("second page", "2", 2, ["p2", "p3"]),
        ("last, short page", "3", 3, ["p4"]),
        ("past the end shows the last page", "99", 3, ["p4"]),
        ("nonsense shows the first page", "abc", 1, ["p0", "p1"]),
    ],
)
def test_paginate(db, _case, page, expected_number, expected_users):
    # given
    for i in range(5):
        UserFactory.create(username=f"p{i}")
    request = RequestFactory().get("/", {"page": page} if page else {})
    # when
    result = paginate(request, User.objects.order_by("username"), per_page=2)
    # then
    assert result.number == expected_number
    assert [u.username for u in result] == expected_users
    assert result.paginator.num_pages == 3


def test_query_without_page_keeps_the_filters():
    request = RequestFactory().get("/", {"q": "张 三", "page": "3", "role": "auditor"})
    assert query_without_page(request) == "q=%E5%BC%A0+%E4%B8%89&role=auditor"


# --- error pages -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("handler", "status", "title"),
    [
        (error_views.bad_request, 400, "请求有误"),
        (error_views.permission_denied, 403, "没有权限"),
        (error_views.page_not_found, 404, "页面不存在"),
    ],
)
def test_error_pages_are_in_chinese(db, handler, status, title):
    # when
    response = handler(RequestFactory().get("/"), Exception("x"))
    # then
    assert response.status_code == status
    assert title in response.content.decode()


def test_server_error_page(db):
    response = error_views.server_error(RequestFactory().get("/"))
    assert response.status_code == 500


def test_unknown_url_shows_the_chinese_404(client, world):
    # given
    client.force_login(world.org_admin)
    # when
    response = client.get("/no-such-page/")
    # then
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_forbidden_page_shows_the_chinese_403(client, world):
    # given
    client.force_login(world.org_member)
    # when
    response = client.get(reverse("accounts:user_list"))
    # then
    assert response.status_code == 403
    assert "没有权限" in response.content.decode()


def _post(data: dict[str, str]):
    from django.contrib.messages.storage.fallback import FallbackStorage

    request = RequestFactory().post("/x/", data)
    request.htmx = HtmxDetails(request)  # type: ignore[attr-defined]
    request.session = {}  # type: ignore[assignment]
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    return request


def test_form_perform_runs_the_service_and_redirects_on_success():
    calls: list[dict[str, str]] = []
    request = _post({"name": "张三"})
    form = NameForm(request.POST)
    response = form_perform(request, form, calls.append, success="已保存", then="/done/")
    assert response is not None
    assert (response.status_code, response["Location"]) == (302, "/done/")
    assert calls == [{"name": "张三", "phone": ""}]
    assert [str(m) for m in request._messages] == ["已保存"]


def test_form_perform_puts_a_rule_error_on_the_form_and_renders_again():
    def refuse(data: dict[str, str]) -> None:
        raise ValidationError({"phone": "手机号已被占用"})

    request = _post({"name": "张三"})
    form = NameForm(request.POST)
    assert form_perform(request, form, refuse, success="已保存", then="/done/") is None
    assert form.errors == {"phone": ["手机号已被占用"]}


def test_form_perform_does_nothing_for_a_get_or_an_invalid_form():
    calls: list[object] = []
    get = RequestFactory().get("/x/")
    assert form_perform(get, NameForm(None), calls.append, success="", then="/") is None
    request = _post({"name": "名字太长了吧"})
    assert form_perform(request, NameForm(request.POST), calls.append, success="", then="/") is None
    assert calls == []


def test_form_perform_names_what_perform_returned_in_the_message_and_the_redirect():
    request = _post({"name": "张三"})
    response = form_perform(
        request,
        NameForm(request.POST),
        lambda data: {"id": 7, "name": data["name"]},
        success=lambda made: f"已创建 {made['name']}",
        then=lambda made: f"/things/{made['id']}/",
    )
    assert response is not None
    assert response["Location"] == "/things/7/"
    assert [str(m) for m in request._messages] == ["已创建 张三"]


def test_button_perform_flashes_success_and_goes_to_then_or_back():
    request = _post({})
    response = button_perform(
        request, lambda: 42, success=lambda n: f"已处理 {n}", back="/page/", then=lambda n: f"/n/{n}/"
    )
    assert (response.status_code, response["Location"]) == (302, "/n/42/")
    assert [str(m) for m in request._messages] == ["已处理 42"]
    request = _post({})
    assert button_perform(request, lambda: None, success="好", back="/page/")["Location"] == "/page/"


def test_button_perform_flashes_a_rule_error_or_an_invalid_form_and_goes_back():
    def refuse() -> None:
        raise ValidationError("已办结，不能转发")

    request = _post({})
    response = button_perform(request, refuse, success="不该出现", back="/page/", error_prefix="转发失败：")
    assert response["Location"] == "/page/"
    assert [str(m) for m in request._messages] == ["转发失败：已办结，不能转发"]
    calls: list[int] = []
    request = _post({"name": "名字太长了吧"})
    response = button_perform(
        request, lambda: calls.append(1), success="不该出现", back="/page/", form=NameForm(request.POST)
    )
    assert response["Location"] == "/page/"
    assert calls == []
    assert len(list(request._messages)) == 1


def test_the_widget_tag_gives_choice_lists_checkbox_classes_not_text_box_ones():
    from gonghui.core.templatetags.ui import widget

    class LevelsForm(forms.Form):
        levels = forms.MultipleChoiceField(
            choices=[("county", "县区工会"), ("grassroots", "基层工会")], widget=forms.CheckboxSelectMultiple
        )
        kind = forms.ChoiceField(choices=[("a", "甲"), ("b", "乙")], widget=forms.RadioSelect)

    form = LevelsForm()
    for name in ("levels", "kind"):
        html = str(widget(form[name]))
        assert html.count('class="form-check-input"') == 2
        assert "form-control" not in html
