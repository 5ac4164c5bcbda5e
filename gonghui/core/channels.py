"""SMS and email behind one interface. The default SMS backend writes to the console (and keeps an outbox
that tests read); a deployment plugs in its SMS gateway by naming a class in settings.SMS_BACKEND. The channels live in core, with no
domain, so that accounts (SMS codes) can send without the notifications app, which sits above it."""

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import ClassVar, Protocol

from django.conf import settings
from django.core.mail import EmailMessage, send_mail
from django.core.mail.backends.base import BaseEmailBackend
from django.utils.module_loading import import_string

logger = logging.getLogger("gonghui.sms")
email_logger = logging.getLogger("gonghui.email")


@dataclass(frozen=True)
class SmsMessage:
    phone: str
    text: str


class SmsBackend(Protocol):
    def send(self, message: SmsMessage) -> None: ...


class ConsoleSmsBackend:
    """Prints each SMS and keeps it in `outbox` (no gateway needed on an intranet demo)."""

    # Shared by every instance on purpose, like Django's locmem mail outbox.
    outbox: ClassVar[list[SmsMessage]] = []

    def send(self, message: SmsMessage) -> None:
        ConsoleSmsBackend.outbox.append(message)
        logger.warning("短信 → %s：%s", message.phone, message.text)


@cache
def _sms_backend(path: str) -> SmsBackend:
    backend: SmsBackend = import_string(path)()
    return backend


def send_sms(phone: str, text: str) -> None:
    _sms_backend(settings.SMS_BACKEND).send(SmsMessage(phone=phone, text=text))


def send_email(address: str, subject: str, text: str) -> None:
    send_mail(subject, text, None, [address], fail_silently=False)


class DisabledEmailBackend(BaseEmailBackend):
    """The mail backend of a site that sends no email (EMAIL_ENABLED=false): each message is dropped and one line
    is logged, so an operator sees what would have gone out. A deliberate production setting, unlike Django's
    console or dummy backends, which `check --deploy` rightly refuses."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        for message in email_messages:
            email_logger.info(
                "邮件未发送（EMAIL_ENABLED=false）→ %s：%s", ", ".join(message.to), message.subject
            )
        return 0
