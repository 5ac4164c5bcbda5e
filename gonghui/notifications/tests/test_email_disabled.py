import logging

from django.core import mail
from django.test import override_settings

from gonghui.core.channels import send_email


def test_a_site_without_email_drops_each_message_and_logs_it(caplog):
    mailers = {"default": {"BACKEND": "gonghui.core.channels.DisabledEmailBackend"}}
    with override_settings(MAILERS=mailers), caplog.at_level(logging.INFO, logger="gonghui.email"):
        send_email("cadre@example.org", "报送即将截止", "请尽快报送")
    assert mail.outbox == []
    assert [r.getMessage() for r in caplog.records] == [
        "邮件未发送（EMAIL_ENABLED=false）→ cadre@example.org：报送即将截止"
    ]
