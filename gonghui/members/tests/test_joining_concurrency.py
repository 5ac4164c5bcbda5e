"""Two concurrent joins of the same person end with exactly one member (PostgreSQL: real concurrency)."""

import pytest
from django.core.exceptions import ValidationError

from gonghui.accounts.identity import decrypt_identifier
from gonghui.members.choices import HOLDING_STATUSES, JoinStatus
from gonghui.members.models import JoinApplication, Member
from gonghui.members.services import join_application_approve, member_create
from gonghui.members.tests.test_joining_factories import make_join_application

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


def test_two_admins_approving_the_same_application_make_one_member(world, run_concurrently):
    # given
    application = make_join_application(world.org_a, n=21, name="并发申请人", phone="13600002121")
    # when the admin of org A and the admin of 甲县 approve at the same moment
    from conftest import make_cadre

    county_admin = make_cadre("county_x_admin", world.county_x)
    results, errors = run_concurrently(
        lambda: join_application_approve(application=application, actor=world.org_admin),
        lambda: join_application_approve(application=application, actor=county_admin),
    )
    # then
    assert len(results) == 1
    [error] = errors
    assert isinstance(error, ValidationError)
    assert error.messages == ["当前状态“已批准”下不能执行“批准”"]
    assert Member.objects.filter(id_number_hash=application.id_number_hash).count() == 1
    assert JoinApplication.objects.get(pk=application.pk).status == JoinStatus.APPROVED


def test_an_approval_racing_a_direct_registration_of_the_same_id_makes_one_member(world, run_concurrently):
    # given an online application to org A, while org B registers the same person directly
    application = make_join_application(world.org_a, n=22, name="并发申请人", phone="13600002222")
    number = decrypt_identifier(application.id_number_encrypted)
    # when
    for _round in range(5):
        results, errors = run_concurrently(
            lambda: join_application_approve(application=application, actor=world.org_admin),
            lambda: member_create(org=world.org_b, actor=world.outsider, name="并发申请人", id_number=number),
        )
        # then exactly one holding member, and the loser got a Chinese message
        holding = Member.objects.filter(
            id_number_hash=application.id_number_hash, status__in=HOLDING_STATUSES
        )
        assert holding.count() == 1
        assert len(results) == 1
        assert len(errors) == 1
        assert isinstance(errors[0], ValidationError)
        assert "此人已是在籍会员，不能重复入会" in " ".join(errors[0].messages)
        # reset for the next round
        holding.delete()
        from django.contrib.auth import get_user_model

        get_user_model().objects.filter(phone="13600002222").delete()
        JoinApplication.objects.filter(pk=application.pk).update(status=JoinStatus.SUBMITTED, member=None)
