"""The three steps of a scanner page, shared by every page that checks people in to a target of its own (an
activity, a 疗休养 batch, a training session): `step=scan` takes a scanned 会员码, `step=find` looks up a typed
member number and shows the masked name, `step=confirm` checks that member in. The page says how to find a member
and what a check-in means for its target; this module only runs the steps and shapes the answer."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest

from gonghui.accounts.identity import mask_name
from gonghui.core.errors import validation_error_text

from .forms import NumberForm, ScanForm


@dataclass
class ScanStep:
    """What a scanner page renders after a request: the last result (None before any), the member found by number
    (masked, waiting for confirmation), the number form (with its errors) and the HTTP status (422 on a refusal)."""

    result: dict[str, str] | None
    found: dict[str, Any] | None
    number_form: NumberForm
    status: int = 200


def refused(exc: ValidationError) -> dict[str, str]:
    """The result of a refused check-in: the reason in Chinese."""
    return {"ok": "", "name": "", "unit": "", "reason": validation_error_text(exc)}


def checked_in(check_in: Any) -> dict[str, str]:
    """The result of an accepted check-in: the member's masked name and union."""
    member = check_in.member
    return {"ok": "1", "name": mask_name(member.name), "unit": member.org.name, "reason": ""}


def scan_step(
    request: HttpRequest,
    *,
    find: Callable[[str], Any],  # (typed number) -> the member the target admits, or None
    confirm: Callable[[str], Any],  # (posted member public_id) -> that member, or None
    typed: Callable[[Any], dict[str, str]],  # (member) -> result of checking them in by number
    scanned: Callable[[str], dict[str, str]],  # (payload) -> result of checking a scanned code in
    not_found: str,
    find_first: str = "请先输入会员编号查找会员",
    refusal: Callable[[ValidationError], dict[str, str]] = refused,
) -> ScanStep:
    """Run the posted step (nothing on GET); a ValidationError of the check-in block becomes a refusal."""
    step = ScanStep(result=None, found=None, number_form=NumberForm())
    if request.method != "POST":
        return step
    name = request.POST.get("step", "scan")
    try:
        if name == "find":
            step.number_form = NumberForm(request.POST)
            member = find(step.number_form.cleaned_data["number"]) if step.number_form.is_valid() else None
            if step.number_form.is_valid() and member is None:
                step.number_form.add_error("number", not_found)
            if member is not None:
                step.found = {
                    "public_id": member.public_id,
                    "name": mask_name(member.name),
                    "unit": member.org.name,
                }
        elif name == "confirm":
            member = confirm(request.POST.get("member", ""))
            if member is None:
                raise ValidationError(find_first)
            step.result = typed(member)
        else:
            form = ScanForm(request.POST)
            if not form.is_valid():
                raise ValidationError("请扫描或粘贴会员码")
            step.result = scanned(form.cleaned_data["payload"])
    except ValidationError as exc:
        step.result = refusal(exc)
    if (step.result and not step.result["ok"]) or (name == "find" and step.found is None):
        step.status = 422
    return step
