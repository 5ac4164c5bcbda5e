"""The member's 我的会员码 (375 px first): a QR code of `GH1:<public id>:<code>` redrawn every 30 s by
static/js/member_code.js from the member's secret, computed on the phone (no network needed once the page was
opened); the server draws the current code too, for a phone without JavaScript. A POST issues the secret (the
first time) or replaces it (a lost phone)."""

import re

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from gonghui.accounts.decorators import AuthedRequest
from gonghui.core.forms import button_perform
from gonghui.members.choices import HOLDING_STATUSES
from gonghui.members.decorators import portal_view
from gonghui.members.models import Member

from ..codes import DIGITS, STEP_SECONDS, payload_of, step_of, totp
from ..selectors import member_code_secret_of
from ..services import member_code_secret_issue


def _labelled_qr(svg: str) -> str:
    """segno's inline SVG as an image named 会员码 for screen readers, scalable (a viewBox from its own size)."""
    size = re.match(r'<svg width="(\d+)" height="(\d+)"', svg)
    box = f' viewBox="0 0 {size.group(1)} {size.group(2)}"' if size else ""
    return svg.replace("<svg ", f'<svg role="img" aria-label="会员码"{box} ', 1)


def member_code_svg(payload: str) -> str:
    import segno

    return _labelled_qr(str(segno.make(payload, error="m").svg_inline(scale=4, border=2)))


@portal_view
def member_code(request: AuthedRequest) -> HttpResponse:
    member: Member = request.member  # type: ignore[attr-defined]
    holding = member.status in HOLDING_STATUSES
    secret = member_code_secret_of(member) if holding else None
    context = {"member": member, "holding": holding, "has_secret": secret is not None, "tab": "services"}
    if secret is not None:
        now = timezone.now()
        step = step_of(now)
        payload = payload_of(member_public_hex=member.public_id.hex, code=totp(secret, step))
        context.update(
            {
                "secret_hex": secret.hex(),
                "member_hex": member.public_id.hex,
                "code": payload.rsplit(":", 1)[1],
                "qr_svg": mark_safe(member_code_svg(payload)),  # noqa: S308 - segno's own SVG
                "seconds_left": STEP_SECONDS - int(now.timestamp()) % STEP_SECONDS,
                "step_seconds": STEP_SECONDS,
                "digits": DIGITS,
            }
        )
    return render(request, "checkins/portal/member_code.html", context)


@portal_view
def member_code_issue(request: AuthedRequest) -> HttpResponse:
    member: Member = request.member  # type: ignore[attr-defined]
    if request.method != "POST" or member.status not in HOLDING_STATUSES:
        return redirect("checkins_portal:member_code")
    replacing = member_code_secret_of(member) is not None
    return button_perform(
        request,
        lambda: member_code_secret_issue(member=member, actor=request.user),
        success="会员码已更换，旧手机上的会员码已失效" if replacing else "会员码已生成",
        back=reverse("checkins_portal:member_code"),
    )
