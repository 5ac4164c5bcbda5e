"""The 志愿服务记录证明's PDF prints the volunteer's full ID number, read from the member at render time (never
stored in the certificate's data, so no page of the certificates block can show it). Only a certificate of the
volunteer-proof kind held by a member gives one."""

from typing import Any

from django import template

from gonghui.accounts.identity import decrypt_identifier

register = template.Library()


@register.filter
def proof_id_number(certificate: Any) -> str:
    from ..services.volunteers import CERTIFICATE_KIND

    if getattr(certificate, "kind", None) != CERTIFICATE_KIND:
        return ""
    holder = certificate.holder
    encrypted = getattr(holder, "id_number_encrypted", "")
    return decrypt_identifier(encrypted) if encrypted else ""
