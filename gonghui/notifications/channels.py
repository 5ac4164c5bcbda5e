"""SMS and email behind one interface. The default SMS backend writes to the console (and keeps an outbox
that tests read); a deployment plugs in its SMS gateway by naming a class in settings.SMS_BACKEND."""

import logging
from dataclasses import dataclass
from functools import cache
from typing import Protocol

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string

logger = logging.getLogger("gonghui.sms")


@dataclass(frozen=True)
class SmsMessage:
    phone: str
    text: str


class SmsBackend(Protocol):
    def send(self, message: SmsMessage) -> None: ...


class ConsoleSmsBackend:
    """Prints each SMS and keeps it in `outbox` (no gateway needed on an intranet demo)."""

    outbox: list[SmsMessage] = []  # noqa: RUF012 - shared on purpose, like Django's locmem mail outbox

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
