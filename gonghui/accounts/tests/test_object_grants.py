"""Object grants (外部账号授权): an account outside the union tree holding a role on ONE object until it expires.

Four actors: org A's admin grants; org A's plain member and org B's admin are refused; the outside account sees
the granted round and nothing else, and nothing at all once the grant expired or was revoked."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import make_cadre
from gonghui.accounts.models import ObjectGrant, RoleGrant, User
from gonghui.accounts.object_grants import grantable_kinds, object_grants_url
from gonghui.accounts.roles import JUDGE, PARTNER, UNION_ADMIN, UNION_STAFF, role_choices
from gonghui.accounts.scoping import forget_grants, has_action, has_action_anywhere, is_cadre
from gonghui.accounts.services import (
    cadre_account_create,
    object_grant_extend,
    object_grant_revoke,
    outside_account_grant,
    outside_accounts_deactivate,
    role_grant_create,
)
from gonghui.core.models import AuditLog
from gonghui.core.registry import roles, scheduled_jobs
from gonghui.reviews.models import ReviewEntry, ReviewRound
from gonghui.reviews.object_grants import KIND, register_object_grants
from gonghui.reviews.services import round_create
from gonghui.reviews.tests.factories import make_entry, make_template

register_object_grants()

PHONE = "13900001234"


def _in(days: int) -> dt.datetime:
    return timezone.now() + dt.timedelta(days=days)


@pytest.fixture
def rounds(world):
    template = make_template(org=world.org_a, actor=world.org_admin)
    granted = round_create(
        org=world.org_a, owner=world.org_a, template=template, title="甲校教学成果评审", actor=world.org_admin
    )
    other = round_create(
        org=world.org_a, owner=world.org_a, template=template, title="甲校另一轮评审", actor=world.org_admin
    )
    make_entry(review_round=granted, entrant_org=world.org_a, actor=world.org_admin, title="甲校参评成果")
    return granted, other


def _grant(world, review_round, *, role=PARTNER, days=30, phone=PHONE):
    return outside_account_grant(
        kind=grantable_kinds.get(KIND),
        obj=review_round,
        name="教育局联络人",
        phone=phone,
        role=role,
        expires_at=_in(days),
        actor=world.org_admin,
    )


def _fresh(user: User) -> User:
    """The account as a new request loads it (grants read again)."""
    return User.objects.get(pk=user.pk)


# ---- services: who may grant ----------------------------------------------------------------------------------


def test_org_a_admin_creates_an_outside_account_with_a_one_time_password(world, rounds):
    # when
    grant, temporary = _grant(world, rounds[0])
    # then the account logs in by its phone, must change the password, and holds no role grant
    user = grant.user
    assert (user.username, user.phone, user.name, user.must_change_password) == (
        PHONE,
        PHONE,
        "教育局联络人",
        True,
    )
    assert temporary
    assert user.check_password(temporary)
    assert not RoleGrant.objects.filter(user=user).exists()
    assert (grant.org, grant.granted_by, grant.content_object) == (world.org_a, world.org_admin, rounds[0])
    summaries = list(AuditLog.objects.filter(org_id=world.org_a.pk).values_list("summary", flat=True))
    assert any("新建外部账号 13900001234" in s for s in summaries)
    assert any("授予 13900001234 评审“甲校教学成果评审”的“合作单位联系人”角色" in s for s in summaries)


def test_an_existing_account_is_granted_without_a_new_password(world, rounds):
    # given
    _grant(world, rounds[0])
    # when the same phone is granted another round
    grant, temporary = _grant(world, rounds[1], role=JUDGE)
    # then
    assert temporary is None
    assert User.objects.filter(phone=PHONE).count() == 1
    assert grant.user.object_grants.count() == 2


@pytest.mark.parametrize("actor", ["org_member", "outsider"])
def test_the_plain_member_and_org_b_admin_may_not_grant(world, rounds, actor):
    with pytest.raises(PermissionDenied):
        outside_account_grant(
            kind=grantable_kinds.get(KIND),
            obj=rounds[0],
            name="某人",
            phone=PHONE,
            role=PARTNER,
            expires_at=_in(30),
            actor=getattr(world, actor),
        )
    assert not User.objects.filter(phone=PHONE).exists()


def test_a_clerk_who_runs_reviews_but_does_not_manage_accounts_may_not_grant(world, rounds):
    clerk = make_cadre("clerk_a", world.org_a, role=UNION_STAFF)
    with pytest.raises(PermissionDenied):
        outside_account_grant(
            kind=grantable_kinds.get(KIND),
            obj=rounds[0],
            name="某人",
            phone=PHONE,
            role=PARTNER,
            expires_at=_in(30),
            actor=clerk,
        )


@pytest.mark.parametrize(
    ("_case", "days", "message"),
    [("past", -1, "到期时间必须晚于现在"), ("over a year", 367, "到期时间最长为一年以内")],
)
def test_the_expiry_is_in_the_future_and_at_most_a_year_away(world, rounds, _case, days, message):
    with pytest.raises(ValidationError, match=message):
        _grant(world, rounds[0], days=days)


def test_only_the_roles_of_the_kind_are_granted_on_an_object(world, rounds):
    with pytest.raises(ValidationError, match="该角色不能授予此对象"):
        _grant(world, rounds[0], role=UNION_ADMIN)


def test_a_live_grant_is_not_made_twice(world, rounds):
    _grant(world, rounds[0])
    with pytest.raises(ValidationError, match="已有此对象的有效授权"):
        _grant(world, rounds[0])


# ---- the object-only flag -------------------------------------------------------------------------------------


def test_an_object_only_role_is_never_granted_on_an_org(world):
    assert roles.get(PARTNER).object_only is True
    assert PARTNER not in dict(role_choices())
    with pytest.raises(ValidationError, match="只能授予单个对象"):
        role_grant_create(user=world.org_member, role=PARTNER, org=world.org_a, actor=world.org_admin)
    with pytest.raises(ValidationError, match="只能授予单个对象"):
        cadre_account_create(
            username="partner_a",
            name="某人",
            phone=None,
            role=PARTNER,
            org=world.org_a,
            actor=world.org_admin,
        )


def test_an_object_only_role_written_on_an_org_by_hand_counts_for_nothing(world, rounds):
    user = make_cadre("odd_partner", world.org_a, role=PARTNER)
    assert has_action(user, "reviews.view", world.org_a) is False
    assert list(ReviewRound.objects.visible_to(user, "reviews.view")) == []


# ---- scoping: the outside account sees the granted object and nothing else ------------------------------------


def test_the_outside_account_sees_only_the_granted_round(world, rounds):
    granted, other = rounds
    user = _fresh(_grant(world, granted)[0].user)
    # then the round, through visible_to and get_visible_or_404, and no other round nor its children
    assert list(ReviewRound.objects.visible_to(user, "reviews.view")) == [granted]
    assert ReviewRound.objects.get_visible_or_404(user, "reviews.view", pk=granted.pk) == granted
    with pytest.raises(Http404):
        ReviewRound.objects.get_visible_or_404(user, "reviews.view", pk=other.pk)
    assert list(ReviewEntry.objects.visible_to(user, "reviews.view")) == []
    assert list(ReviewRound.objects.visible_to(user, "reviews.manage")) == []
    # a demand the role does not allow is refused on the granted round itself
    with pytest.raises(PermissionDenied):
        ReviewRound.objects.get_visible_or_404(user, "reviews.view", demand="reviews.manage", pk=granted.pk)
    assert ReviewRound.objects.get_visible_or_404(user, "reviews.view", demand="reviews.view", pk=granted.pk)


def test_an_object_grant_opens_the_console_but_never_the_org(world, rounds):
    user = _fresh(_grant(world, rounds[0])[0].user)
    assert is_cadre(user) is True
    assert has_action_anywhere(user, "reviews.view") is True
    assert has_action_anywhere(user, "reviews.manage") is False
    assert has_action_anywhere(user, "members.view") is False
    assert has_action(user, "reviews.view", world.org_a) is False


def test_org_b_admin_sees_nothing_of_the_granted_round(world, rounds):
    _grant(world, rounds[0])
    assert list(ReviewRound.objects.visible_to(world.outsider, "reviews.view")) == []


@pytest.mark.parametrize("end", ["expired", "revoked"])
def test_an_expired_or_revoked_grant_gives_nothing(world, rounds, end):
    grant, _temporary = _grant(world, rounds[0])
    if end == "expired":
        ObjectGrant.objects.filter(pk=grant.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    else:
        object_grant_revoke(grant=grant, actor=world.org_admin)
    user = _fresh(grant.user)
    assert list(ReviewRound.objects.visible_to(user, "reviews.view")) == []
    with pytest.raises(Http404):
        ReviewRound.objects.get_visible_or_404(user, "reviews.view", pk=rounds[0].pk)
    assert is_cadre(user) is False


def test_extending_an_expired_grant_opens_the_round_again(world, rounds):
    grant, _temporary = _grant(world, rounds[0])
    ObjectGrant.objects.filter(pk=grant.pk).update(expires_at=timezone.now() - dt.timedelta(days=1))
    grant.refresh_from_db()
    # when
    object_grant_extend(grant=grant, expires_at=_in(60), actor=world.org_admin)
    # then
    user = _fresh(grant.user)
    assert list(ReviewRound.objects.visible_to(user, "reviews.view")) == [rounds[0]]
    assert AuditLog.objects.filter(summary__contains="授权延长至").exists()


@pytest.mark.parametrize("actor", ["org_member", "outsider"])
def test_only_the_owning_union_extends_or_revokes(world, rounds, actor):
    grant, _temporary = _grant(world, rounds[0])
    with pytest.raises(PermissionDenied):
        object_grant_extend(grant=grant, expires_at=_in(60), actor=getattr(world, actor))
    with pytest.raises(PermissionDenied):
        object_grant_revoke(grant=grant, actor=getattr(world, actor))


def test_a_revoked_grant_cannot_be_extended(world, rounds):
    grant, _temporary = _grant(world, rounds[0])
    object_grant_revoke(grant=grant, actor=world.org_admin)
    with pytest.raises(ValidationError, match="已撤销"):
        object_grant_extend(grant=grant, expires_at=_in(60), actor=world.org_admin)


# ---- the expiry job -------------------------------------------------------------------------------------------


def test_the_job_closes_outside_accounts_whose_every_grant_ended(world, rounds):
    granted, other = rounds
    ended, _t = _grant(world, granted, phone="13900000001")
    half, _t = _grant(world, granted, phone="13900000002")
    _grant(world, other, phone="13900000002")
    cadre_grant, _t = _grant(world, granted, phone="13900000003")
    RoleGrant.objects.create(user=cadre_grant.user, role=UNION_STAFF, org=world.org_b)
    ObjectGrant.objects.filter(pk__in=[ended.pk, half.pk, cadre_grant.pk]).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    # when
    summary = scheduled_jobs.get("accounts.outside_accounts_deactivate").func()
    # then only the account with no live grant, no role grant and no member record is closed, audited
    assert summary == "停用外部账号 1 个"
    active = dict(User.objects.filter(phone__startswith="139000000").values_list("phone", "is_active"))
    assert active == {"13900000001": False, "13900000002": True, "13900000003": True}
    assert AuditLog.objects.filter(summary__contains="13900000001 的对象授权均已到期或撤销").count() == 1
    # and running it again changes nothing
    assert outside_accounts_deactivate() == "停用外部账号 0 个"


def test_the_job_leaves_members_alone(world, rounds):
    grant, _t = _grant(world, rounds[0], phone=world.org_member.phone)
    ObjectGrant.objects.filter(pk=grant.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert outside_accounts_deactivate() == "停用外部账号 0 个"


def test_a_closed_account_is_reopened_by_a_new_grant(world, rounds):
    grant, _t = _grant(world, rounds[0])
    ObjectGrant.objects.filter(pk=grant.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    outside_accounts_deactivate()
    # when
    again, temporary = _grant(world, rounds[0])
    # then
    assert temporary is None
    assert User.objects.get(pk=again.user_id).is_active is True


# ---- pages ----------------------------------------------------------------------------------------------------


def _client(user: User | None = None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _form(days: int = 30, **extra: str) -> dict[str, str]:
    return {
        "name": "外部专家",
        "phone": PHONE,
        "role": JUDGE,
        "expires_on": (timezone.localdate() + dt.timedelta(days=days)).isoformat(),
        **extra,
    }


def test_org_a_admin_grants_on_the_page_and_sees_the_password_once(world, rounds):
    client = _client(world.org_admin)
    url = object_grants_url(rounds[0])
    assert url == reverse("accounts:object_grants", args=["reviews.reviewround", rounds[0].pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "尚未给外部人员授权" in page.content.decode()
    assert "no-store" in page["Cache-Control"]
    # when
    done = client.post(reverse("accounts:object_grant_create", args=[KIND, rounds[0].pk]), _form())
    # then
    assert done.status_code == 200
    assert "data-temporary-password" in done.content.decode()
    listed = client.get(url).content.decode()
    assert "外部专家" in listed
    assert "有效" in listed


def test_the_page_names_the_field_of_a_bad_expiry(world, rounds):
    client = _client(world.org_admin)
    response = client.post(
        reverse("accounts:object_grant_create", args=[KIND, rounds[0].pk]), _form(days=400)
    )
    assert response.status_code == 422
    assert "到期时间最长为一年以内" in response.content.decode()
    assert not User.objects.filter(phone=PHONE).exists()


def test_page_refuses_the_member_and_hides_the_object_from_org_b(world, rounds):
    url = object_grants_url(rounds[0])
    create = reverse("accounts:object_grant_create", args=[KIND, rounds[0].pk])
    assert _client(world.org_member).get(url).status_code == 403
    assert _client(world.outsider).get(url).status_code == 404
    assert _client(world.outsider).post(create, _form()).status_code == 404
    assert (
        _client(world.org_admin).get(reverse("accounts:object_grants", args=["orgs.org", 1])).status_code
        == 404
    )


def test_revoke_and_extend_pages(world, rounds):
    grant, _t = _grant(world, rounds[0])
    revoke = reverse("accounts:object_grant_revoke", args=[grant.pk])
    extend = reverse("accounts:object_grant_extend", args=[grant.pk])
    later = {"expires_on": (timezone.localdate() + dt.timedelta(days=100)).isoformat()}
    assert _client(world.outsider).post(revoke).status_code == 404
    assert _client(world.outsider).post(extend, later).status_code == 404
    assert _client(world.org_member).post(revoke).status_code == 403
    admin = _client(world.org_admin)
    assert admin.post(extend, later).status_code == 302
    grant.refresh_from_db()
    assert timezone.localtime(grant.expires_at).date() == timezone.localdate() + dt.timedelta(days=100)
    assert admin.post(revoke).status_code == 302
    grant.refresh_from_db()
    assert grant.revoked_at is not None
    assert 'data-confirm="确定撤销' not in admin.get(object_grants_url(rounds[0])).content.decode()


def test_the_outside_account_reaches_the_granted_round_page_and_its_menu_only(world, rounds):
    granted, other = rounds
    grant, _t = _grant(world, granted)
    user = grant.user
    user.must_change_password = False
    user.save(update_fields=["must_change_password"])
    client = _client(user)
    page = client.get(reverse("reviews:round_detail", args=[granted.pk]))
    assert page.status_code == 200
    assert "甲校教学成果评审" in page.content.decode()
    assert client.get(reverse("reviews:round_detail", args=[other.pk])).status_code == 404
    home = client.get(reverse("home"))
    assert home.status_code == 200
    assert "统计范围" not in home.content.decode()  # it has no union to count over
    # beyond what every console user has (通知, 节假日), only the entry the partner role allows
    menu = [item for items in home.context["menu_sections"].values() for item in items]
    assert [item.key for item in menu if item.action != "console.access"] == ["reviews"]
    listed = client.get(reverse("reviews:round_list")).content.decode()
    assert "甲校教学成果评审" in listed
    assert "甲校另一轮评审" not in listed
    assert client.get(reverse("members:member_list")).status_code == 403
    # when the grant expires, the round is gone at once (before the job runs)
    ObjectGrant.objects.filter(pk=grant.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert client.get(reverse("reviews:round_detail", args=[granted.pk])).status_code in {403, 404}


# ---- login: the cadres' lockout and password rules -------------------------------------------------------------


def test_an_outside_account_is_locked_out_like_a_cadre_and_changes_its_password_first(
    world, rounds, settings
):
    _grant_row, temporary = _grant(world, rounds[0])
    login = reverse("accounts:login")
    client = Client()
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post(login, {"username": PHONE, "password": "wrong-Passw0rd"}).status_code == 200
    locked = client.post(login, {"username": PHONE, "password": "wrong-Passw0rd"})
    assert "accounts/locked_out.html" in [t.name for t in locked.templates]
    # and the right password does not open a locked account
    assert "accounts/locked_out.html" in [
        t.name for t in client.post(login, {"username": PHONE, "password": temporary}).templates
    ]
    assert AuditLog.objects.filter(action="login_failed", org_id=world.org_a.pk).exists()


def test_an_outside_account_must_change_its_password_at_first_login(world, rounds):
    _grant_row, temporary = _grant(world, rounds[0])
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": PHONE, "password": temporary})
    assert response.status_code == 302
    assert client.get(reverse("home"))["Location"] == reverse("accounts:password_change")
    forget_grants(_grant_row.user)


# ---- demo -----------------------------------------------------------------------------------------------------


def test_the_demo_outside_accounts_are_granted_the_demo_round_for_90_days(world):
    from gonghui.accounts.demo import DEMO_PASSWORD
    from gonghui.accounts.roles import SYSADMIN
    from gonghui.reviews.demo import DEMO_TITLE, seed_outside_accounts

    admin = make_cadre("admin", world.city, role=SYSADMIN)
    template = make_template(org=world.city, actor=admin)
    demo_round = round_create(
        org=world.city, owner=world.city, template=template, title=DEMO_TITLE, actor=admin
    )
    # when, twice
    first = seed_outside_accounts()
    again = seed_outside_accounts()
    # then
    assert first == "外部账号 2 个（本次新建 2 个），授权 90 天"
    assert again == "外部账号 2 个（本次新建 0 个），授权 90 天"
    for username, role in (("jyj_lianluo", PARTNER), ("jyj_zhuanjia", JUDGE)):
        user = User.objects.get(username=username)
        assert user.check_password(DEMO_PASSWORD)
        assert not user.grants.exists()
        grant = user.object_grants.get()
        assert (grant.role, grant.content_object) == (role, demo_round)
        assert (timezone.localdate(grant.expires_at) - timezone.localdate()).days == 90
        assert list(
            ReviewRound.objects.visible_to(
                _fresh(user), "reviews.view" if role == PARTNER else "reviews.judge"
            )
        ) == [demo_round]


def test_a_cadre_without_object_grants_pays_no_query_for_them(world, rounds):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = _client(world.org_admin)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("reviews:round_list")).status_code == 200
    # the session's user load asks (an EXISTS inside the statement that also reads the role grants), never a
    # query of its own
    asking = [q["sql"] for q in captured.captured_queries if "accounts_objectgrant" in q["sql"]]
    assert len(asking) == 1
    assert "EXISTS" in asking[0]
    assert '"accounts_objectgrant"' not in asking[0].split("EXISTS")[0]
    assert asking[0].split(" FROM ")[-1].startswith('"accounts_user"')  # the outer statement reads the user
