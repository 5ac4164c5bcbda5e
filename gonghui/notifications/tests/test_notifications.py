import pytest
from django.db import transaction
from django.urls import reverse

from gonghui.core.channels import ConsoleSmsBackend
from gonghui.notifications.models import Notification
from gonghui.notifications.services import notify

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _empty_outbox():
    ConsoleSmsBackend.outbox.clear()
    yield
    ConsoleSmsBackend.outbox.clear()


def test_sms_goes_out_only_after_commit(world):
    # given: a member with a phone
    member = world.org_member
    # when: notifying inside a transaction
    with transaction.atomic():
        notify(recipients=[member], title="您的申请已受理", body="编号 WQ-1", sms=True)
        # then: nothing sent before commit
        assert ConsoleSmsBackend.outbox == []
    assert [(m.phone, m.text) for m in ConsoleSmsBackend.outbox] == [
        ("13700001111", "【智慧工会】您的申请已受理：编号 WQ-1")
    ]
    assert Notification.objects.get(recipient=member).title == "您的申请已受理"


def test_a_rolled_back_change_sends_nothing_and_leaves_no_inbox_row(world):
    def change_that_fails():
        with transaction.atomic():
            notify(recipients=[world.org_member], title="不会发出", sms=True)
            raise RuntimeError

    with pytest.raises(RuntimeError):
        change_that_fails()
    assert ConsoleSmsBackend.outbox == []
    assert Notification.objects.count() == 0


def test_inbox_shows_only_own_messages_and_header_counts_unread(client, world):
    notify(recipients=[world.org_admin], title="甲的消息")
    notify(recipients=[world.outsider], title="乙的消息")
    client.force_login(world.org_admin)
    response = client.get(reverse("notifications:inbox"))
    body = response.content.decode()
    assert "甲的消息" in body
    assert "乙的消息" not in body
    assert response.context["unread_notifications"] == 1
    assert 'data-unread="1"' in body


def test_opening_marks_read_and_follows_the_link(client, world):
    [note] = notify(recipients=[world.org_admin], title="去看看", url="/orgs/")
    client.force_login(world.org_admin)
    response = client.get(reverse("notifications:notification_open", args=[note.pk]))
    assert response.status_code == 302
    assert response["Location"] == "/orgs/"
    note.refresh_from_db()
    assert note.is_read is True


def test_someone_elses_message_is_404_and_stays_unread(client, world):
    [note] = notify(recipients=[world.org_admin], title="私人")
    client.force_login(world.outsider)
    assert client.get(reverse("notifications:notification_open", args=[note.pk])).status_code == 404
    note.refresh_from_db()
    assert note.is_read is False


def test_mark_all_read(client, world):
    notify(recipients=[world.org_member], title="一")
    notify(recipients=[world.org_member], title="二")
    notify(recipients=[world.org_admin], title="别人的")
    client.force_login(world.org_member)
    client.post(reverse("notifications:inbox_mark_all_read"))
    assert Notification.objects.filter(recipient=world.org_member, read_at__isnull=True).count() == 0
    assert Notification.objects.filter(recipient=world.org_admin, read_at__isnull=True).count() == 1


def test_member_sees_the_inbox_in_the_portal_with_an_unread_badge(client, world):
    notify(recipients=[world.org_member], title="会员通知")
    client.force_login(world.org_member)
    assert client.get(reverse("notifications:inbox"))["Location"] == reverse("portal:inbox")
    body = client.get(reverse("portal:inbox")).content.decode()
    assert "portal-nav" in body
    assert "会员通知" in body
    assert 'data-unread="1"' in body
